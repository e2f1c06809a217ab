/** `ai-trader data ... --market cn|crypto`, and importing every market's files, in-process. */
import { describe, expect, it } from 'vitest';
import { fakeAlphaVantageEnv } from '../fakes/fake-alphavantage.js';
import { useFakeAlphaVantage } from '../helpers/alphavantage-client.js';
import { row, useCliSandbox } from '../helpers/data-cli.js';

const KEY = 'CLIMARKETSKEY';
const { dbUrl, cli, storedSources, writeFile } = useCliSandbox();

describe('ai-trader data download / coverage --market against the fake Alpha Vantage', () => {
  const av = useFakeAlphaVantage(KEY);
  const avEnv = (): Record<string, string> => fakeAlphaVantageEnv(av.fake, KEY);

  it('downloads the ten coins for every day of October and shows them covered, weekends included', async () => {
    const range = ['--start', '2025-10-01', '--end', '2025-10-30'];
    const run = await cli(['data', 'download', '--market', 'crypto', ...range], avEnv());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Market: crypto (Crypto, USDT)');
    expect(run.stdout).toContain('Prices for 2025-10-01..2025-10-30 (30 sessions) from alphavantage:');
    expect(run.stdout).toMatch(/downloaded\s+10\n/);
    expect(av.fake.requests.map((r) => `${r.symbol}/${r.market}`).sort()).toEqual(
      ['ADA', 'AVAX', 'BTC', 'DOT', 'ETH', 'LINK', 'LTC', 'SOL', 'SUI', 'XRP'].map((coin) => `${coin}/USD`),
    );

    const coverage = await cli([
      'data',
      'coverage',
      '--market',
      'crypto',
      ...range,
      '--symbols',
      'btc-usdt,ETH-USDT',
    ]);
    expect(coverage.code).toBe(0);
    expect(coverage.stdout).toContain('Price coverage 2025-10-01..2025-10-30 (30 sessions):');
    expect(coverage.stdout).toMatch(row('BTC-USDT', 30, '2025-10-01', '2025-10-30', 0, 'alphavantage'));
    expect(coverage.stdout).toContain('2 of 2 symbols complete.');
  });

  it('downloads Shanghai shares and the SSE-50 index, counting SSE sessions only', async () => {
    const run = await cli(
      [
        'data',
        'download',
        '--market',
        'cn',
        '--start',
        '2025-09-25',
        '--end',
        '2025-10-15',
        '--symbols',
        '600519.SH,000016.SH',
      ],
      avEnv(),
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Market: cn (SSE-50, CNY)');
    expect(run.stdout).toContain('Prices for 2025-09-25..2025-10-15 (9 sessions) from alphavantage:');
    expect(av.fake.requests.map((r) => r.symbol).sort()).toEqual(['000016.SHH', '600519.SHH']);
    expect(await storedSources(['600519.SH', '000016.SH'])).toEqual(
      new Map([
        ['000016.SH', 'alphavantage'],
        ['600519.SH', 'alphavantage'],
      ]),
    );
  });

  it('refuses symbols of another market, an unknown market and dates the SSE calendar does not know', async () => {
    const wrongMarket = await cli(['data', 'coverage', '--symbols', '600519.SH']);
    expect(wrongMarket.code).toBe(2);
    expect(wrongMarket.stderr).toContain(
      '600519.SH is not written as us symbols are (e.g. AAPL); choose the market with --market',
    );

    const unknown = await cli(['data', 'coverage', '--market', 'mars']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Expected one of us, cn, crypto.');

    const early = await cli([
      'data',
      'coverage',
      '--market',
      'cn',
      '--start',
      '2019-12-02',
      '--end',
      '2019-12-31',
    ]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(
      "2019-12-02 is outside the cn market's calendar, which covers 2020-01-01..2026-12-31",
    );
    expect(av.fake.requests).toEqual([]);
  });
});

describe("the config file's market", () => {
  const config = (extra: Record<string, unknown>): string =>
    writeFile(
      'config.json',
      JSON.stringify({ models: [{ name: 'A', basemodel: 'a/a', signature: 'a' }], ...extra }),
    );

  it('is the market of a data command without --market', async () => {
    const env = { CONFIG_PATH: config({ market: 'crypto' }) };
    const run = await cli(['data', 'coverage', '--start', '2025-10-04', '--end', '2025-10-05'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Market: crypto (Crypto, USDT), the market of ${env.CONFIG_PATH}`);
    expect(run.stdout).toContain('Price coverage 2025-10-04..2025-10-05 (2 sessions):');
    expect(run.stdout).toMatch(row('BTC-USDT', 0, '-', '-', 2, '-'));
    const us = await cli(
      ['data', 'coverage', '--market', 'us', '--start', '2025-10-04', '--end', '2025-10-05'],
      env,
    );
    expect(us.stdout).toContain('Market: us (NASDAQ-100, USD)\n');
  });

  it('is not guessed past when the config file is invalid', async () => {
    const run = await cli(['data', 'coverage'], { CONFIG_PATH: config({ markte: 'cn' }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown key "markte" (did you mean "market"?)');
    expect(run.stderr).toContain('name the market with --market');
  });
});

describe('ai-trader data demo --market', () => {
  it('stores synthetic coins for every day of the range', async () => {
    const run = await cli([
      'data',
      'demo',
      '--market',
      'crypto',
      '--start',
      '2025-10-01',
      '--end',
      '2025-10-07',
      '--database',
      dbUrl(),
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'Stored 70 synthetic bars for 10 symbols, 2025-10-01..2025-10-07 (7 sessions)',
    );
    expect(await storedSources(['BTC-USDT', 'AAPL'])).toEqual(new Map([['BTC-USDT', 'synthetic']]));
  });
});

describe("ai-trader data import of the benchmark's files", () => {
  const line = (symbol: string, series: Record<string, Record<string, string>>): string =>
    JSON.stringify({
      'Meta Data': { '2. Symbol': symbol, '5. Time Zone': 'UTC' },
      'Time Series (Daily)': series,
    });
  const full = (open: string, close: string) => ({
    '1. buy price': open,
    '2. high': '200',
    '3. low': '0.1',
    '4. sell price': close,
    '5. volume': '12.5',
  });

  it('reports per symbol what it stored and skipped, and refuses hourly files', async () => {
    const merged = writeFile(
      'crypto_merged.jsonl',
      [
        line('ADA-USDT', {
          '2025-11-16': { '1. buy price': '0.5032' },
          '2025-11-15': full('0.498', '0.5034'),
        }),
        line('BTC-USDT', { '2025-11-14': full('99.5', '100.25'), '2025-11-15': full('100.25', '101') }),
      ].join('\n'),
    );
    const cd5 = writeFile(
      'CD5_crypto_index.json',
      line('CD5', {
        '2025-11-15': { '1. open': '1', '2. high': '0', '3. low': '0', '4. close': '1', '5. volume': '0' },
      }),
    );
    const hourly = writeFile(
      'merged_hourly.jsonl',
      JSON.stringify({
        'Meta Data': { '2. Symbol': '600028.SH' },
        'Time Series (60min)': { '2025-10-09 10:30:00': full('5.29', '5.31') },
      }),
    );
    const run = await cli(['data', 'import', merged, cd5, hourly]);

    expect(run.stdout).toContain(
      `Imported ADA-USDT: 1 bars, 2025-11-15..2025-11-15, from ${merged} (benchmark-jsonl); ` +
        'skipped 1 bar: 2025-11-16 (incomplete, no high, low, close, volume)',
    );
    expect(run.stdout).toContain(
      `Imported BTC-USDT: 2 bars, 2025-11-14..2025-11-15, from ${merged} (benchmark-jsonl)\n`,
    );
    expect(run.stdout).toContain(
      `Skipped CD5 in ${cd5}: CD5 is the benchmark's crypto index, not a tradable symbol`,
    );
    expect(run.stderr).toContain(`error: ${hourly}: this file holds hourly bars`);
    expect(run.stderr).toContain('error: 1 of 3 files could not be imported');
    expect(run.code).toBe(1);
    expect(await storedSources(['ADA-USDT', 'BTC-USDT', 'CD5', '600028.SH'])).toEqual(
      new Map([
        ['ADA-USDT', 'import'],
        ['BTC-USDT', 'import'],
      ]),
    );

    const coverage = await cli([
      'data',
      'coverage',
      '--market',
      'crypto',
      '--start',
      '2025-11-14',
      '--end',
      '2025-11-15',
      '--symbols',
      'BTC-USDT',
    ]);
    expect(coverage.stdout).toMatch(row('BTC-USDT', 2, '2025-11-14', '2025-11-15', 0, 'import'));
  });
});
