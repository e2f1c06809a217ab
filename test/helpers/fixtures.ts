import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Real Alpha Vantage TIME_SERIES_DAILY responses, read from ../shared at test time (never copied in). */
export const FIXTURES_DIR = resolve(
  process.env.AV_FIXTURES_DIR ?? join(repoRoot, '..', 'shared', 'fixtures', 'alphavantage', 'daily'),
);

export const fixturesAvailable = existsSync(join(FIXTURES_DIR, 'AAPL.json'));

export const FIXTURES_MISSING_REASON = `Alpha Vantage fixtures not found at ${FIXTURES_DIR} (../shared is absent); skipping`;

/** `describe` that skips, with the reason in its title, when the shared fixtures are absent. */
export const describeWithFixtures: typeof describe.skip = fixturesAvailable
  ? describe
  : (((name: string, ...rest: unknown[]) =>
      (describe.skip as (...args: unknown[]) => void)(
        `${name} [${FIXTURES_MISSING_REASON}]`,
        ...rest,
      )) as typeof describe.skip);

if (!fixturesAvailable) console.warn(FIXTURES_MISSING_REASON);

/** The raw JSON text of one fixture, e.g. `fixtureText('AAPL')`. */
export function fixtureText(symbol: string): string {
  return readFileSync(join(FIXTURES_DIR, `${symbol}.json`), 'utf8');
}

/** The symbols that have a fixture file, sorted. */
export function fixtureSymbols(): string[] {
  if (!fixturesAvailable) return [];
  return readdirSync(FIXTURES_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}
