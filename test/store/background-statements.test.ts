/**
 * `OpenDatabase.background`: the job worker's statements make way for requests. better-sqlite3 runs
 * a statement synchronously and Kysely chains statements through microtasks, so a chain of them on
 * the requests' connection holds the event loop until it ends; on the background one, what arrived
 * meanwhile (an HTTP request) runs between its statements. Asserted by the order of events, never by
 * time: each statement below takes far longer than the slice a background chain may hold the loop.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/schema.js';
import { inTransaction } from '../../src/store/transaction.js';
import { openTempSqlite } from '../helpers/temp-db.js';

/** Milliseconds of SQLite's own work, many times `BACKGROUND_SLICE_MS`. */
async function slowStatement(db: Kysely<Database>): Promise<void> {
  await sql`with recursive n(x) as (select 1 union all select x + 1 from n where x < 200000)
            select count(*) from n`.execute(db);
}

async function chain(db: Kysely<Database>, statements: number, order: string[]): Promise<void> {
  for (let i = 0; i < statements; i++) await slowStatement(db);
  order.push('chain ended');
}

describe('background statements', () => {
  let opened: Awaited<ReturnType<typeof openTempSqlite>>;
  let server: Server | undefined;
  beforeEach(async () => {
    opened = await openTempSqlite();
  });
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
    await opened.dispose();
  });

  it('on the requests connection, a chain of statements ends before work queued meanwhile runs', async () => {
    const order: string[] = [];
    const running = chain(opened.db, 3, order);
    setImmediate(() => order.push('other work'));
    await running;
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['chain ended', 'other work']);
  });

  it('on the background connection, work queued meanwhile runs between the statements', async () => {
    const order: string[] = [];
    const running = chain(opened.background, 3, order);
    setImmediate(() => order.push('other work'));
    await running;
    expect(order).toEqual(['other work', 'chain ended']);
  });

  it('answers an HTTP request sent while a background chain runs before the chain ends', async () => {
    const order: string[] = [];
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    // Warm the client's connection first: the question is the request's turn, not the handshake's.
    await (await fetch(`http://127.0.0.1:${port}/`)).text();

    const running = chain(opened.background, 20, order);
    const answered = fetch(`http://127.0.0.1:${port}/`)
      .then((response) => response.text())
      .then(() => order.push('request answered'));
    await Promise.all([running, answered]);
    expect(order).toEqual(['request answered', 'chain ended']);
  });

  it('never runs a statement of the requests connection inside a background transaction', async () => {
    await sql`create table t (v text)`.execute(opened.db);
    let meanwhile: Promise<unknown> | undefined;
    await expect(
      inTransaction(opened.background, async (trx) => {
        await sql`insert into t (v) values ('rolled back')`.execute(trx);
        // Issued while the transaction is open: it waits for the shared connection, so it is not
        // part of the transaction and outlives its rollback.
        meanwhile = sql`insert into t (v) values ('kept')`.execute(opened.db);
        await slowStatement(trx);
        throw new Error('undone');
      }),
    ).rejects.toThrow('undone');
    await meanwhile;
    const { rows } = await sql<{ v: string }>`select v from t`.execute(opened.db);
    expect(rows.map((r) => r.v)).toEqual(['kept']);
  });
});
