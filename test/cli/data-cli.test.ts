/** `ai-trader data download`, `import` and `coverage`, run in-process against a fake Alpha Vantage. */
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DISCLAIMER } from '../../src/market-data/demo/demo-dataset.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { row, useCliSandbox } from '../helpers/data-cli.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const KEY = 'CLITESTKEY';

const { dir, dbUrl, cli, storedSources, seedBars, writeFile } = useCliSandbox();

describe('ai-trader data download / coverage against the fake Alpha Vantage', () => {
  let fake: FakeAlphaVantage;
  let avEnv: Record<string, string>;

  beforeAll(async () => {
    fake = await startFakeAlphaVantage({ key: KEY });
    avEnv = fakeAlphaVantageEnv(fake, KEY);
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('in PROD, shows stored synthetic bars as such and replaces them with a download', async () => {
    const range = ['--start', '2025-10-01', '--end', '2025-10-30'];
    expect((await cli(['data', 'demo', ...range, '--database', dbUrl()])).code).toBe(0);
    expect(await storedSources(['AAPL'])).toEqual(new Map([['AAPL', 'synthetic']]));

    const before = await cli(['data', 'coverage', ...range, '--symbols', 'AAPL,QQQ']);
    expect(before.stdout).toMatch(row('AAPL', 22, '2025-10-01', '2025-10-30', 0, 'synthetic'));
    expect(before.stdout).toContain(`synthetic: ${DEMO_DISCLAIMER}`);
    expect(before.stdout).toContain('2 symbols have synthetic bars in this range: PROD jobs ignore them');

    // PROD jobs would find these sessions missing, so the download fetches them.
    const run = await cli(['data', 'download', ...range, '--symbols', 'AAPL,QQQ'], avEnv);
    expect(run.code).toBe(0);
    expect(fake.requests.map((r) => r.symbol).sort()).toEqual(['AAPL', 'QQQ']);
    expect(await storedSources(['AAPL', 'QQQ'])).toEqual(
      new Map([
        ['AAPL', 'alphavantage'],
        ['QQQ', 'alphavantage'],
      ]),
    );
    const after = await cli(['data', 'coverage', ...range, '--symbols', 'AAPL,QQQ']);
    expect(after.stdout).toMatch(row('AAPL', 22, '2025-10-01', '2025-10-30', 0, 'alphavantage'));
    expect(after.stdout).not.toContain('synthetic');
  });

  it('downloads the universe with progress lines and a summary, then shows full coverage', async () => {
    const run = await cli(['data', 'download', '--start', '2025-10-01', '--end', '2025-10-30'], avEnv);
    expect(run.code).toBe(0);
    expect(fake.requests).toHaveLength(102);
    expect(run.stderr).toContain('[  1/102] ');
    expect(run.stderr).toMatch(/^\[102\/102\] \S+ ok$/m);
    expect(run.stdout).toContain('Prices for 2025-10-01..2025-10-30 (22 sessions) from alphavantage:');
    expect(run.stdout).toMatch(/downloaded\s+102\n/);
    expect(run.stdout).toMatch(/failed\s+0\n/);
    expect(run.stdout).toMatch(/rate limited\s+no\n/);
    expect(run.stdout).toMatch(/bars stored\s+\d{5}\n/);

    // Default range: the 30 days before today (2025-10-31).
    const coverage = await cli(['data', 'coverage', '--symbols', 'AAPL,QQQ,NVDA'], avEnv);
    expect(coverage.code).toBe(0);
    expect(coverage.stdout).toContain('Price coverage 2025-10-01..2025-10-30 (22 sessions):');
    expect(coverage.stdout).toMatch(row('SYMBOL', 'BARS', 'FIRST', 'LAST', 'MISSING', 'SOURCE'));
    expect(coverage.stdout).toMatch(row('AAPL', 22, '2025-10-01', '2025-10-30', 0, 'alphavantage'));
    expect(coverage.stdout).toMatch(row('QQQ', 22, '2025-10-01', '2025-10-30', 0, 'alphavantage'));
    expect(coverage.stdout).toContain('3 of 3 symbols complete.');
    expect(coverage.stdout).not.toContain('synthetic');

    const again = await cli(['data', 'download', '--start', '2025-10-01', '--end', '2025-10-30'], avEnv);
    expect(again.code).toBe(0);
    expect(fake.requests).toHaveLength(102);
    expect(again.stdout).toContain('Nothing to download: all 102 symbols already have prices');
  });

  it('reports the daily limit, lists failures and warnings, and still succeeds with what it got', async () => {
    fake.rateLimitAfter(2);
    const run = await cli(
      [
        'data',
        'download',
        '--start',
        '2025-10-01',
        '--end',
        '2025-10-30',
        '--symbols',
        'aapl,MSFT,NVDA,TSLA',
      ],
      avEnv,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/downloaded\s+2\n/);
    expect(run.stdout).toMatch(/rate limited\s+yes\n/);
    expect(run.stdout).toContain(
      '  - Alpha Vantage daily request limit reached - downloaded 2/4 symbols; the job continues with the prices stored',
    );
    expect(run.stdout).toContain('NVDA (daily_limit): ');
    expect(run.stdout).not.toContain(KEY);
    expect(run.stderr).toContain('[3/4] NVDA failed');
  });

  it('exits 1 when nothing could be downloaded, saying why', async () => {
    const run = await cli(
      ['data', 'download', '--start', '2025-10-01', '--end', '2025-10-30', '--symbols', 'AAPL'],
      {
        ...avEnv,
        ALPHAADVANTAGE_API_KEY: 'WRONGKEY',
      },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('AAPL (invalid_key): ');
    expect(run.stdout).toContain('apikey is invalid or missing');
    expect(run.stderr).toContain('error: none of the 1 symbols that needed prices could be downloaded');
  });

  it('draws a progress bar instead of lines when stderr is a terminal', async () => {
    const run = await cli(
      ['data', 'download', '--start', '2025-10-01', '--end', '2025-10-30', '--symbols', 'AAPL,MSFT'],
      avEnv,
      true,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('2/2 symbols');
    expect(run.stderr).not.toContain('[1/2]');
  });
});

describe('ai-trader data download without a provider', () => {
  it('exits 1 with a hint in PROD mode without a key', async () => {
    const run = await cli(['data', 'download', '--start', '2025-10-01', '--end', '2025-10-30']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('ALPHAADVANTAGE_API_KEY');
    expect(run.stderr).toContain('ai-trader data demo');
    expect(run.stderr).toContain('PROD jobs never use synthetic prices');
    expect(run.stderr).toContain('for DEV mode');
  });

  it('falls back to synthetic prices in DEV mode, and says so', async () => {
    const run = await cli(
      ['data', 'download', '--start', '2025-10-01', '--end', '2025-10-03', '--symbols', 'AAPL'],
      {
        DEPLOYMENT_MODE: 'DEV',
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('from synthetic:');
    expect(run.stdout).toContain(DEMO_DISCLAIMER);
    // Whatever the disclaimer's wording, it must tell the user these prices are not real.
    expect(run.stdout).toContain('not real market data');
    // DEV mode writes to its own file next to the configured one, never to the configured one.
    expect(await storedSources(['AAPL'], `sqlite:${join(dir(), 'cli-dev.db')}`)).toEqual(
      new Map([['AAPL', 'synthetic']]),
    );
    expect(await storedSources(['AAPL'])).toEqual(new Map());
  });
});

describe('ai-trader data import', () => {
  const CSV_HEADER = 'date,open,high,low,close,volume';

  it('imports a CSV named after its ticker and records its span as covered', async () => {
    const csv = writeFile(
      'msft.csv',
      [
        CSV_HEADER,
        '2025-10-01,500,510,495,505,1000',
        '2025-10-02,505,512,500,510,1200',
        '2025-10-03,510,515,505,512,900',
      ].join('\n'),
    );
    const run = await cli(['data', 'import', csv]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Imported MSFT: 3 bars, 2025-10-01..2025-10-03, from ${csv} (csv)`);

    const coverage = await cli([
      'data',
      'coverage',
      '--start',
      '2025-10-01',
      '--end',
      '2025-10-03',
      '--symbols',
      'MSFT',
    ]);
    expect(coverage.stdout).toMatch(row('MSFT', 3, '2025-10-01', '2025-10-03', 0, 'import'));
  });

  it('takes the symbol from --symbol for a file whose name says nothing', async () => {
    const csv = writeFile('prices_2025.csv', [CSV_HEADER, '2025-10-01,100,101,99,100.5,10'].join('\n'));
    const run = await cli(['data', 'import', csv, '--symbol', 'nvda']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported NVDA: 1 bars');
  });

  it('refuses a file name that is not a ticker, asking for --symbol, and stores nothing', async () => {
    const csv = writeFile('mydata.csv', [CSV_HEADER, '2025-10-01,100,101,99,100.5,10'].join('\n'));
    const run = await cli(['data', 'import', csv]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`error: ${csv}: cannot tell which symbol this CSV holds`);
    expect(run.stderr).toContain('--symbol');
    expect(run.stderr).toContain('error: 1 of 1 files could not be imported');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await storedSources(['MYDATA'])).toEqual(new Map());
  });

  it.each([
    ['AAPL.csv', 'AAPL'],
    ['aapl.csv', 'AAPL'],
    ['BRK.B.csv', 'BRK.B'],
  ])('takes %s as %s', async (name, symbol) => {
    const csv = writeFile(name, [CSV_HEADER, '2025-10-01,100,101,99,100.5,10'].join('\n'));
    const run = await cli(['data', 'import', csv]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Imported ${symbol}: 1 bars`);
  });

  it('reports a bad CSV with its line number and exits 1, still importing the good files', async () => {
    const good = writeFile('AAPL.csv', [CSV_HEADER, '2025-10-01,100,101,99,100.5,10'].join('\n'));
    const bad = writeFile(
      'TSLA.csv',
      [CSV_HEADER, '2025-10-01,100,101,99,100.5,10', '2025-10-02,100,101,99,oops,10'].join('\n'),
    );
    const missing = join(dir(), 'nope.csv');
    const run = await cli(['data', 'import', good, bad, missing]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('Imported AAPL: 1 bars');
    expect(run.stderr).toContain(`error: ${bad}: line 3: close is not a number: "oops"`);
    expect(run.stderr).toContain(`error: ${missing}: file not found`);
    expect(run.stderr).toContain('error: 2 of 3 files could not be imported');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await storedSources(['AAPL', 'TSLA'])).toEqual(new Map([['AAPL', 'import']]));
  });
});

describe('ai-trader data coverage', () => {
  const coverageOf = (start: string, end: string) =>
    cli(['data', 'coverage', '--start', start, '--end', end, '--symbols', 'AAPL']);

  it('labels imported bars as imported, whatever is stored outside the range', async () => {
    // More synthetic bars in September than imported ones in October.
    await seedBars(
      'AAPL',
      ['2025-09-22', '2025-09-23', '2025-09-24', '2025-09-25', '2025-09-26'],
      'synthetic',
    );
    const csv = writeFile(
      'AAPL.csv',
      [
        'date,open,high,low,close,volume',
        '2025-10-01,100,101,99,100.5,10',
        '2025-10-02,100,101,99,100.5,10',
        '2025-10-03,100,101,99,100.5,10',
      ].join('\n'),
    );
    expect((await cli(['data', 'import', csv])).code).toBe(0);

    const october = await coverageOf('2025-10-01', '2025-10-03');
    expect(october.code).toBe(0);
    expect(october.stdout).toMatch(row('AAPL', 3, '2025-10-01', '2025-10-03', 0, 'import'));
    expect(october.stdout).not.toContain('synthetic');
  });

  it('shows a mix of sources with the bars of each, and the PROD note for the synthetic ones', async () => {
    await seedBars('AAPL', ['2025-09-29', '2025-09-30'], 'synthetic');
    await seedBars('AAPL', ['2025-10-01', '2025-10-02', '2025-10-03'], 'import');
    await seedBars('AAPL', ['2025-10-06'], 'alphavantage');

    const run = await coverageOf('2025-09-29', '2025-10-06');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      row('AAPL', 6, '2025-09-29', '2025-10-06', 0, 'import 3, synthetic 2, alphavantage 1'),
    );
    expect(run.stdout).toContain(`synthetic: ${DEMO_DISCLAIMER}`);
    expect(run.stdout).toContain('1 symbols have synthetic bars in this range: PROD jobs ignore them');

    const real = await coverageOf('2025-10-01', '2025-10-06');
    expect(real.stdout).toMatch(row('AAPL', 4, '2025-10-01', '2025-10-06', 0, 'import 3, alphavantage 1'));
    expect(real.stdout).not.toContain('synthetic');
  });
});

describe('ai-trader data import of a saved Alpha Vantage response', () => {
  it('stores every bar of the fixture as imported', async () => {
    const run = await cli(['data', 'import', join(FIXTURES_DIR, 'AAPL.json')]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Imported AAPL: 100 bars, 2025-06-10..2025-10-30');
    expect(run.stdout).toContain('(alphavantage-json)');
    const coverage = await cli([
      'data',
      'coverage',
      '--start',
      '2025-06-01',
      '--end',
      '2025-10-30',
      '--symbols',
      'AAPL',
    ]);
    // 2025-06-02..06-09 precede the file's first bar: those sessions are still missing.
    expect(coverage.stdout).toMatch(row('AAPL', 100, '2025-06-10', '2025-10-30', 6, 'import'));
    expect(coverage.stdout).toContain('0 of 1 symbols complete; 1 lack sessions');
  });
});
