/**
 * Work notices between processes on PostgreSQL: whoever makes work claimable (a trigger, a job's
 * preparation done, work taken back from a dead worker, a cancel) NOTIFYs a channel, and every worker
 * LISTENing on it looks at once instead of at its next poll. The poll stays as the fallback: a
 * notice lost with a connection costs a poll interval, never the work.
 */
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.js';

export const WORK_CHANNEL = 'ai_trader_work';

/** Announces work; inside a transaction the notice is delivered when it commits. A no-op on SQLite. */
export async function announceWork(db: Kysely<Database>, kind: 'sqlite' | 'postgres'): Promise<void> {
  if (kind === 'postgres') await sql`select pg_notify(${WORK_CHANNEL}, '')`.execute(db);
}

export interface WorkListener {
  close(): Promise<void>;
}

export interface WorkListenerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 10_000;

/**
 * Calls `onWork` at every notice, on a connection of its own that is reopened (with growing waits)
 * whenever it breaks; once listening again it calls `onWork` too, for what it may have missed.
 */
export function listenForWork(url: string, onWork: () => void, log: WorkListenerLog): WorkListener {
  let client: pg.Client | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;
  let lastProblem: string | undefined;

  const lost = (broken: pg.Client, error?: unknown): void => {
    if (closed || broken !== client) return;
    client = undefined;
    broken.removeAllListeners('notification');
    void broken.end().catch(() => undefined);
    const problem = error instanceof Error ? error.message : 'connection ended';
    if (problem !== lastProblem)
      log.warn({ err: problem }, 'not listening for work notices; polling meanwhile, and reconnecting');
    lastProblem = problem;
    timer = setTimeout(() => void connect(), Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** attempt++));
    timer.unref();
  };

  const connect = async (): Promise<void> => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
    client = next;
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    next.on('notification', () => onWork());
    try {
      await next.connect();
      await next.query(`listen ${WORK_CHANNEL}`);
    } catch (error) {
      lost(next, error);
      return;
    }
    if (lastProblem !== undefined) log.info({}, 'listening for work notices again');
    attempt = 0;
    lastProblem = undefined;
    onWork();
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const open = client;
      client = undefined;
      await open?.end().catch(() => undefined);
    },
  };
}
