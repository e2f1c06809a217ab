/**
 * Leases: who holds one (a worker's identity and its claim tokens) and keeping them alive. Every
 * piece of work a worker or an MCP client runs is held under a lease of its own.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { JobStore } from './job-store.js';

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

export interface LeaseKeeperOptions {
  /** How long a lease lasts unless renewed; renewed every third of it. */
  leaseMs: number;
  now: () => Date;
  logger: Logger;
}

/**
 * Keeps a worker's leases alive: every third of the lease it renews all it holds in one round, and
 * aborts the work of any the database says it no longer holds (recovered after it expired, say
 * while this process was frozen), so that work stops instead of running beside its new holder.
 */
export class LeaseKeeper {
  readonly #held = new Map<string, AbortController>();
  /** Leases of work that ended after `stopping()`: `stop()` hands them back with the rest. */
  readonly #endedWhileStopping = new Set<string>();
  #stopping = false;
  #timer: NodeJS.Timeout | undefined;
  #renewing: Promise<void> | undefined;
  #lastFailure: string | undefined;

  constructor(
    private readonly claims: Pick<JobStore, 'renew' | 'expire'>,
    private readonly options: LeaseKeeperOptions,
  ) {}

  get leaseMs(): number {
    return this.options.leaseMs;
  }

  /** When a lease taken or renewed now ends, ISO-8601. */
  until(): string {
    return new Date(this.options.now().getTime() + this.options.leaseMs).toISOString();
  }

  /** The tokens held now: recovery must leave their work alone. */
  tokens(): string[] {
    return [...this.#held.keys()];
  }

  /** Starts renewing `token`; its signal aborts when the lease is lost. */
  hold(token: string): AbortSignal {
    const controller = new AbortController();
    this.#held.set(token, controller);
    return controller.signal;
  }

  /**
   * Stops renewing `token` (its work ended). Once the process is stopping, the work ended because
   * it was aborted, unfinished: its lease is then handed back by `stop()` (work that finished
   * meanwhile is not `running` any more, and handing it back changes nothing).
   */
  drop(token: string): void {
    if (this.#held.delete(token) && this.#stopping) this.#endedWhileStopping.add(token);
  }

  /** The process is stopping: from now on, work that ends is handed back by `stop()`. */
  stopping(): void {
    this.#stopping = true;
  }

  start(): void {
    this.#timer = setInterval(() => void this.renewNow(), Math.max(100, this.options.leaseMs / 3));
    this.#timer.unref();
  }

  /** One renewal round (rounds never overlap). */
  renewNow(): Promise<void> {
    this.#renewing ??= this.#renew().finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }

  async #renew(): Promise<void> {
    const tokens = this.tokens();
    if (tokens.length === 0) return;
    let held: Set<string>;
    try {
      held = await this.claims.renew(tokens, this.until());
    } catch (error) {
      // The leases run on; if the database stays away past them, the commit check says so.
      const message = error instanceof Error ? error.message : String(error);
      if (message !== this.#lastFailure) this.options.logger.warn({ err: message }, 'could not renew leases');
      this.#lastFailure = message;
      return;
    }
    if (this.#lastFailure !== undefined) this.options.logger.info('leases renewed again');
    this.#lastFailure = undefined;
    for (const token of tokens) {
      const controller = this.#held.get(token);
      if (held.has(token) || controller === undefined) continue;
      this.#held.delete(token);
      this.options.logger.warn(
        { lease: token },
        'lease lost: another worker took this work over; stopping it',
      );
      controller.abort(new Error('lease lost'));
    }
  }

  /**
   * Stops renewing and lets every lease still held, and every one dropped since `stopping()`,
   * expire now, so other workers take the work over at once, wherever they run.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#renewing;
    const tokens = [...this.tokens(), ...this.#endedWhileStopping];
    this.#held.clear();
    this.#endedWhileStopping.clear();
    if (tokens.length > 0) await this.claims.expire({ tokens }).catch(() => undefined);
  }
}
