/**
 * Price ingest throughput: how fast a fresh SQLite database takes every Alpha Vantage fixture
 * (parse + saveBars, one file at a time as `ai-trader data import` does), and how fast the
 * synthetic demo dataset is generated.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DailyBar } from '../src/core/bars.js';
import { tradingDaysBetween } from '../src/core/calendar.js';
import { demoBarsForRange } from '../src/market-data/demo/demo-dataset.js';
import { parsePricesFile } from '../src/market-data/import/import-file.js';
import { KyselyPriceStore } from '../src/store/kysely-price-store.js';
import { openDatabase } from '../src/store/open-database.js';
import {
  FULL_FIXTURES_MISSING_REASON,
  fixtureSymbols,
  fixtureText,
  fullFixturesAvailable,
} from '../test/helpers/fixtures.js';
import { median, timeMs, type BenchContext } from './report.js';

/** Every bar of one fixture file (each holds one symbol). */
const barsOf = (path: string, text: string): DailyBar[] =>
  parsePricesFile(path, text).series.flatMap((series) => series.bars);

interface FixtureFile {
  path: string;
  text: string;
}

export async function run({ quick, record }: BenchContext): Promise<void> {
  await syntheticGeneration(quick, record);
  // Measured on the full set only: the committed subset is too small to compare with earlier runs.
  if (!fullFixturesAvailable) {
    console.log(`ingest: ${FULL_FIXTURES_MISSING_REASON}; SQLite ingest not measured`);
    return;
  }
  const files = fixtureSymbols().map((symbol): FixtureFile => ({
    path: `${symbol}.json`,
    text: fixtureText(symbol),
  }));
  await sqliteIngest(files, quick ? 3 : 5, record);
}

async function sqliteIngest(
  files: readonly FixtureFile[],
  repetitions: number,
  record: BenchContext['record'],
): Promise<void> {
  const parseMs: number[] = [];
  const saveMs: number[] = [];
  const importMs: number[] = [];
  let bars = 0;
  // Rep 0 warms the JIT and SQLite's code paths up and is not counted.
  for (let rep = 0; rep <= repetitions; rep++) {
    let parsed: DailyBar[][] = [];
    const parse = await timeMs(() => (parsed = files.map((f) => barsOf(f.path, f.text))));
    bars = parsed.reduce((sum, list) => sum + list.length, 0);
    // Storing alone, then parse and store together, each into its own fresh database.
    const save = await inFreshStore((store) =>
      timeMs(async () => {
        for (const list of parsed) await store.saveBars(list, 'import');
      }),
    );
    const both = await inFreshStore((store) =>
      timeMs(async () => {
        for (const f of files) await store.saveBars(barsOf(f.path, f.text), 'import');
      }),
    );
    if (rep === 0) continue;
    parseMs.push(parse);
    saveMs.push(save);
    importMs.push(both);
  }
  const data = `${files.length} fixture files, ${bars} bars; median of ${repetitions}`;
  const db = `SQLite file (WAL), fresh temp database per repetition; ${data}`;
  console.log(`ingest: ${db}`);
  record('ingest.parse_bars_per_s', bars / (median(parseMs) / 1000), '/s', `parse only, in memory; ${data}`);
  record(
    'ingest.sqlite_save_bars_per_s',
    bars / (median(saveMs) / 1000),
    '/s',
    `saveBars only, one call per file; ${db}`,
  );
  record(
    'ingest.sqlite_import_bars_per_s',
    bars / (median(importMs) / 1000),
    '/s',
    `parse + saveBars per file; ${db}`,
  );
  record('ingest.sqlite_import_ms', median(importMs), 'ms', `all fixtures, parse + saveBars; ${db}`);
}

async function inFreshStore<T>(work: (store: KyselyPriceStore) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'ai-trader-bench-ingest-'));
  // Opening migrates the schema; that is set-up, so it stays outside the timed work.
  const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
  try {
    return await work(new KyselyPriceStore(database.db));
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function syntheticGeneration(quick: boolean, record: BenchContext['record']): Promise<void> {
  const start = quick ? '2025-07-01' : '2025-01-02';
  const end = '2025-12-31';
  const repetitions = quick ? 3 : 5;
  let bars = 0;
  const times: number[] = [];
  // Rep 0 warms the JIT up and is not counted.
  for (let rep = 0; rep <= repetitions; rep++) {
    const ms = await timeMs(() => (bars = demoBarsForRange(start, end).length));
    if (rep > 0) times.push(ms);
  }
  const sessions = tradingDaysBetween(start, end).length;
  const note = `demo universe (102 symbols) x ${sessions} sessions = ${bars} bars, in memory; median of ${repetitions}`;
  console.log(`synthetic: ${note}`);
  record('synthetic.generate_bars_per_s', bars / (median(times) / 1000), '/s', note);
}
