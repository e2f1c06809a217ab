/**
 * Small filesystems for fault tests: a tmpfs of a given size (a disk that fills up) and bind mounts
 * that can be switched read-only. Both need root (CAP_SYS_ADMIN); where mounting is not allowed,
 * `mountsUnavailableReason` says why, for the skip message.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function run(command: string, args: readonly string[]): void {
  execFileSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000 });
}

/** Undefined when this process may mount a tmpfs; otherwise the reason it may not. */
export const mountsUnavailableReason: string | undefined = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'ai-trader-mount-probe-'));
  try {
    run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
    run('umount', [probe]);
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `mounting a tmpfs is not allowed here (needs root or CAP_SYS_ADMIN): ${stderr || String(error)}`;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
})();

export function mountTmpfs(dir: string, size: string): void {
  run('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
}

export function bindMount(source: string, target: string): void {
  run('mount', ['--bind', source, target]);
}

/** Switches a bind mount read-only or back (refused while a file on it is open for writing). */
export function remountBind(target: string, mode: 'ro' | 'rw'): void {
  run('mount', ['-o', `remount,${mode},bind`, target]);
}

export function unmount(dir: string): void {
  try {
    run('umount', [dir]);
  } catch {
    // Not mounted (the test failed before mounting): nothing to undo.
  }
}
