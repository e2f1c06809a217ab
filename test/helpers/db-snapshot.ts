/**
 * Everything a database holds, in a form two moments can be compared by: each table's rows, sorted,
 * as JSON. Tables are listed from the catalog, so a table added later is watched too; the price bars,
 * thousands of rows the HTTP API never writes, are compared by count.
 */
import { sql, type Kysely } from 'kysely';

const COUNTED_TABLES = new Set(['price_bars']);

export type DatabaseSnapshot = Record<string, string[] | number>;

/**
 * Takes snapshots of one database. The tables are listed once, on the first: the schema does not
 * change under a running server, and the catalog query costs more than reading the tables.
 */
export function databaseSnapshots(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  kind: 'sqlite' | 'postgres',
): () => Promise<DatabaseSnapshot> {
  let tables: Promise<string[]> | undefined;
  return async () => {
    tables ??= tableNames(db, kind).then((names) => names.sort());
    const names = await tables;
    const contents = await Promise.all(names.map((table) => tableContent(db, table)));
    return Object.fromEntries(names.map((table, i) => [table, contents[i] ?? []]));
  };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function tableContent(db: Kysely<any>, table: string): Promise<string[] | number> {
  if (COUNTED_TABLES.has(table)) {
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      db,
    );
    return Number(rows[0]?.n ?? 0);
  }
  const { rows } = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db);
  return rows.map((row) => JSON.stringify(row)).sort();
}

/**
 * The tables of this database (on PostgreSQL, of its own schema only): a whole-catalog
 * introspection fails now and then while other test files drop their schemas.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function tableNames(db: Kysely<any>, kind: 'sqlite' | 'postgres'): Promise<string[]> {
  const query =
    kind === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables
          where table_schema = current_schema() and table_type = 'BASE TABLE'`;
  return (await query.execute(db)).rows.map((row) => row.name);
}
