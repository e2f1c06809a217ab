/**
 * Vitest global setup: the browser tests need the built dashboard, so build `dist/web` once before
 * any test file runs when it is missing or older than `web/` (a quick check when it is current).
 */
import { ensureDashboardBuilt } from './dashboard-build.js';

export default async function setup(): Promise<void> {
  await ensureDashboardBuilt();
}
