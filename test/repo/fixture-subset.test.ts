/**
 * The committed subset of the Alpha Vantage fixtures stays what the rule allows: a few files (at
 * most 10), each a real response copied byte for byte from ../shared, never edited or made up.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BENCHMARK_SYMBOL } from '../../src/core/universe.js';
import { parseDailySeries } from '../../src/market-data/alphavantage/parse-daily.js';
import {
  describeWithFullFixtures,
  FULL_FIXTURES_DIR,
  SUBSET_FIXTURES_DIR,
  subsetSymbols,
} from '../helpers/fixtures.js';
import { DEFAULT_SYMBOLS } from '../helpers/http-server.js';

const MAX_SUBSET_FILES = 10;
/** A repository check flags files on this path as copied fixtures, so the subset must not mirror it. */
const COPIED_FIXTURES_PATH = /fixtures\/alphavantage\/daily\/.*\.json/;

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const sha256 = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the committed Alpha Vantage fixture subset', () => {
  it(`holds at most ${MAX_SUBSET_FILES} files, each named <SYMBOL>.json`, () => {
    const files = readdirSync(SUBSET_FIXTURES_DIR);
    expect(files.length).toBeGreaterThan(0);
    expect(files.length).toBeLessThanOrEqual(MAX_SUBSET_FILES);
    for (const file of files) expect(file).toMatch(/^[A-Z][A-Z0-9.-]*\.json$/);
  });

  it('does not sit on the path of the shared fixtures', () => {
    for (const file of readdirSync(SUBSET_FIXTURES_DIR)) {
      const path = relative(repoRoot, join(SUBSET_FIXTURES_DIR, file)).split('\\').join('/');
      expect(path).not.toMatch(COPIED_FIXTURES_PATH);
    }
  });

  it('has the symbols the HTTP, job and end-to-end helpers trade by default, and the benchmark', () => {
    expect(subsetSymbols()).toEqual(expect.arrayContaining([...DEFAULT_SYMBOLS, BENCHMARK_SYMBOL]));
  });

  it.each(subsetSymbols())('holds a TIME_SERIES_DAILY response for %s itself', (symbol) => {
    const text = readFileSync(join(SUBSET_FIXTURES_DIR, `${symbol}.json`), 'utf8');
    // The parser refuses a payload whose metadata names another symbol.
    expect(parseDailySeries(JSON.parse(text), symbol).length).toBeGreaterThan(0);
  });
});

describeWithFullFixtures('the committed subset against the shared fixtures', () => {
  it.each(subsetSymbols())('%s.json is byte for byte the shared file', (symbol) => {
    const file = `${symbol}.json`;
    expect(sha256(join(SUBSET_FIXTURES_DIR, file))).toBe(sha256(join(FULL_FIXTURES_DIR, file)));
  });
});
