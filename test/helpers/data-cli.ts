/** The `ai-trader data` commands run in-process, each test in its own folder with its own SQLite file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import type { PriceSource } from '../../src/market-data/price-store.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { openDatabase } from '../../src/store/open-database.js';

/** The clock the commands see: a Friday afternoon, after the fixtures' last session. */
export const CLI_NOW = new Date('2025-10-31T15:00:00Z');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A table row of `data coverage`, cells separated by runs of spaces. */
export const row = (...cells: (string | number)[]): RegExp => new RegExp(`^${cells.join('\\s+')}$`, 'm');

/** Registers a fresh folder per test (removed after it) and answers what runs in it. */
export function useCliSandbox() {
  let folder = '';
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ai-trader-cli-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });
  const dir = (): string => folder;
  const dbUrl = (): string => `sqlite:${join(folder, 'cli.db')}`;

  async function cli(argv: string[], env: Record<string, string> = {}, stderrIsTTY = false): Promise<CliRun> {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, {
      env: { DATABASE_URL: dbUrl(), LOG_LEVEL: 'silent', ...env },
      now: () => CLI_NOW,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text), isTTY: stderrIsTTY },
    });
    return { code, stdout, stderr };
  }

  /** Each symbol's sources over all its bars, as one label ("a+b") per symbol. */
  async function storedSources(symbols: string[], url = dbUrl()): Promise<Map<string, string>> {
    const database = await openDatabase(url);
    try {
      const counts = await new KyselyPriceStore(database.db).barCountsBySource(
        symbols,
        '1900-01-01',
        '2100-12-31',
      );
      return new Map(
        [...counts].map(([symbol, bySource]) => [symbol, Object.keys(bySource).sort().join('+')]),
      );
    } finally {
      await database.close();
    }
  }

  /** Stores one bar per date for `symbol` straight into the database, as another command would have. */
  async function seedBars(
    symbol: string,
    dates: string[],
    source: PriceSource,
    url = dbUrl(),
  ): Promise<void> {
    const database = await openDatabase(url);
    try {
      const bars = dates.map((date) => ({
        symbol,
        date,
        open: 10,
        high: 11,
        low: 9,
        close: 10.5,
        volume: 100,
      }));
      await new KyselyPriceStore(database.db).saveBars(bars, source);
    } finally {
      await database.close();
    }
  }

  function writeFile(name: string, text: string): string {
    const path = join(folder, name);
    writeFileSync(path, text);
    return path;
  }

  return { dir, dbUrl, cli, storedSources, seedBars, writeFile };
}
