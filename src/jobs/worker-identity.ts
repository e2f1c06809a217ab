import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * Who holds a lease. Every claim gets a token of its own, `<worker>/<n>`, so two claims of one
 * process are never mistaken for each other; the worker part says which process on which machine:
 * `w-<machine>-<pid>-<instance>`, where the machine is a hash of the host name, its boot and its PID
 * namespace (two containers sharing a host name are still told apart), and the instance tells a
 * process from an earlier one that had the same PID.
 */
export interface WorkerIdentity {
  /** `w-<machine>-<pid>-<instance>`: letters, digits and dashes only (it is matched with LIKE). */
  readonly id: string;
  readonly machine: string;
  readonly pid: number;
  readonly instance: string;
  /** A new claim token of this worker. */
  nextToken(): string;
}

export interface WorkerOwner {
  worker: string;
  machine: string;
  pid: number;
  instance: string;
}

export function newWorkerIdentity(
  machine: string = thisMachine(),
  pid: number = process.pid,
): WorkerIdentity {
  const instance = randomUUID().replaceAll('-', '').slice(0, 12);
  const id = `w-${machine}-${pid}-${instance}`;
  let claims = 0;
  return { id, machine, pid, instance, nextToken: () => `${id}/${++claims}` };
}

/** The worker a claim token (or a worker id) belongs to; undefined for anything else. */
export function ownerOf(token: string): WorkerOwner | undefined {
  const match = /^(w-([0-9a-f]+)-(\d+)-([0-9a-f]+))(\/.*)?$/.exec(token);
  if (!match) return undefined;
  return {
    worker: match[1] as string,
    machine: match[2] as string,
    pid: Number(match[3]),
    instance: match[4] as string,
  };
}

/**
 * The workers among these lease holders that ran on this machine and are gone: their process no
 * longer exists, or it had our own PID (so it was an earlier process). Their leases need not be
 * waited out: a server restarted after a crash resumes its work at once. Anything unsure (another
 * machine, a PID that is alive, maybe reused) is left to lease expiry.
 */
export function deadLocalWorkers(
  holders: readonly string[],
  me: WorkerIdentity,
  isAlive: (pid: number) => boolean = processExists,
): string[] {
  const dead = new Set<string>();
  for (const holder of holders) {
    const owner = ownerOf(holder);
    if (!owner || owner.machine !== me.machine || owner.worker === me.id) continue;
    if (owner.pid === me.pid || !isAlive(owner.pid)) dead.add(owner.worker);
  }
  return [...dead];
}

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This machine as PIDs see it: host name, boot and PID namespace (the last two where Linux tells). */
function thisMachine(): string {
  const parts = [hostname(), readOr(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim())];
  parts.push(readOr(() => readlinkSync('/proc/self/ns/pid')));
  return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 12);
}

function readOr(read: () => string): string {
  try {
    return read();
  } catch {
    return '';
  }
}
