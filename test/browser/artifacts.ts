/** Where browser tests leave their screenshots: test-artifacts/ (gitignored), and docs/img for the README. */
import { copyFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const ARTIFACTS_DIR = join(ROOT, 'test-artifacts');

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}

/** The README's screenshot of the dashboard. */
export function publishReadmeScreenshot(artifact: string): void {
  const target = join(ROOT, 'docs', 'img', 'dashboard.png');
  mkdirSync(join(ROOT, 'docs', 'img'), { recursive: true });
  copyFileSync(artifact, target);
}
