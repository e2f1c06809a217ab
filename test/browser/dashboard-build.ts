/**
 * The browser tests need the built dashboard (`dist/web`), as the server serves it. CI runs
 * `npm run build` first; elsewhere it is built here when missing or older than its sources, into a
 * temporary folder renamed into place, so test files running at once never see half a build.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const WEB_BUILD = join(ROOT, 'dist', 'web');
const SOURCES = [
  join(ROOT, 'web', 'src'),
  join(ROOT, 'web', 'index.html'),
  join(ROOT, 'web', 'vite.config.ts'),
];

function newestChange(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce(
    (newest, name) => Math.max(newest, newestChange(join(path, name))),
    stat.mtimeMs,
  );
}

export function dashboardBuildIsCurrent(): boolean {
  const page = join(WEB_BUILD, 'index.html');
  if (!existsSync(page)) return false;
  const built = statSync(page).mtimeMs;
  return SOURCES.every((source) => newestChange(source) <= built);
}

/** Builds `dist/web` unless it is current; throws with the build's output when the build fails. */
export async function ensureDashboardBuilt(): Promise<void> {
  if (dashboardBuildIsCurrent()) return;
  const staging = `${WEB_BUILD}.building-${process.pid}`;
  const vite = join(ROOT, 'node_modules', '.bin', 'vite');
  try {
    await promisify(execFile)(
      vite,
      ['build', '--config', 'web/vite.config.ts', '--outDir', staging, '--logLevel', 'warn'],
      // Vitest sets NODE_ENV=test, which would make Vite build React's development version.
      { cwd: ROOT, env: { ...process.env, NODE_ENV: 'production' } },
    );
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    const output = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`The dashboard could not be built (run npm run build to see why):\n${output}`);
  }
  const previous = `${WEB_BUILD}.previous-${process.pid}`;
  if (existsSync(WEB_BUILD)) renameSync(WEB_BUILD, previous);
  renameSync(staging, WEB_BUILD);
  rmSync(previous, { recursive: true, force: true });
}
