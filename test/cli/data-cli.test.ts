import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { DEMO_DISCLAIMER } from '../../src/market-data/demo/demo-dataset.js';
import type { PriceSource } from '../../src/market-data/price-store.js';
import { KyselyPriceStore } from '../../src/store/kysely-price-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import {
  fakeAlphaVantageEnv,
  startFakeAlphaVantage,
  type FakeAlphaVantage,
} from '../fakes/fake-alphavantage.js';
import { FIXTURES_DIR } from '../helpers/fixtures.js';

const KEY = 'CLITESTKEY';
const NOW = new Date('2025-10-31T15:00:00Z');

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
const dbUrl = (): string => `sqlite:${join(dir, 'cli.db')}`;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ai-trader-cli-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function cli(argv: string[], env: Record<string, string> = {}, stderrIsTTY = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    env: { DATABASE_URL: dbUrl(), LOG_LEVEL: 'silent', ...env },
    now: () => NOW,
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: stderrIsTTY },
  });
  return { code, stdout, stderr };
}

async function storedSources(symbols: string[], url = dbUrl()): Promise<Map<string, string>> {
  const database = await openDatabase(url);
  try {
    // Each symbol's sources over all its bars, as one label when there is one source.
    const counts = await new KyselyPriceStore(database.db).barCountsBySource(
      symbols,
      '1900-01-01',
      '2100-12-31',
    );
    return new Map([...counts].map(([symbol, bySource]) => [symbol, Object.keys(bySource).sort().join('+')]));
  } finally {
    await database.close();
  }
}

/** Stores one bar per date for `symbol` straight into the database, as another command would have. */
async function seedBars(symbol: string, dates: string[], source: PriceSource, url = dbUrl()): Promise<void> {
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
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** A table row of `data coverage`, cells separated by runs of spaces. */
const row = (...cells: (string | number)[]): RegExp => new RegExp(`^${cells.join('\\s+')}$`, 'm');

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
    expect(await storedSources(['AAPL'], `sqlite:${join(dir, 'cli-dev.db')}`)).toEqual(
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
    const missing = join(dir, 'nope.csv');
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

describe('ai-trader data demo', () => {
  const devPath = (): string => join(dir, 'cli-dev.db');
  /** A demo dataset of a single session: quick to generate where the test is about the database. */
  const oneDayDemo = ['data', 'demo', '--start', '2025-10-01', '--end', '2025-10-01'];

  it('stores the synthetic dataset once in the DEV database, saying where and that PROD ignores it', async () => {
    const run = await cli(['data', 'demo', '--start', '2025-09-01', '--end', '2025-09-30']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${devPath()} (SQLite), the DEV database`);
    // 102 symbols x 21 sessions (Labor Day is closed).
    expect(run.stdout).toContain(
      `Stored 2142 synthetic bars for 102 symbols, 2025-09-01..2025-09-30 (21 sessions), in ${devPath()} (SQLite).`,
    );
    expect(run.stdout).toContain('PROD jobs never read synthetic prices');
    expect(run.stdout).toContain(DEMO_DISCLAIMER);
    expect(run.stderr).toBe('');
    expect(await storedSources(['QQQ'], `sqlite:${devPath()}`)).toEqual(new Map([['QQQ', 'synthetic']]));
    expect(await storedSources(['QQQ'])).toEqual(new Map());

    const again = await cli(['data', 'demo', '--start', '2025-09-01', '--end', '2025-09-30']);
    expect(again.stdout).toContain(`were already stored in ${devPath()} (SQLite); nothing generated`);

    const coverage = await cli(['data', 'coverage', '--start', '2025-09-01', '--end', '2025-09-30'], {
      DEPLOYMENT_MODE: 'DEV',
    });
    expect(coverage.stdout).toMatch(row('QQQ', 21, '2025-09-02', '2025-09-30', 0, 'synthetic'));
    expect(coverage.stdout).toContain(`synthetic: ${DEMO_DISCLAIMER}`);
  });

  it('defaults to about six months up to the last session before today', async () => {
    const run = await cli(['data', 'demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/for 102 symbols, 2025-05-01\.\.2025-10-30 \(\d+ sessions\)/);
  });

  it('uses ./data/ai-trader-dev.db in either mode when DATABASE_URL is unset, never ./data/ai-trader.db', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      for (const mode of ['PROD', 'DEV']) {
        const run = await cli(oneDayDemo, { DATABASE_URL: '', DEPLOYMENT_MODE: mode });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('Database: ./data/ai-trader-dev.db (SQLite), the DEV database');
        expect(existsSync(join(dir, 'data', 'ai-trader-dev.db'))).toBe(true);
        expect(existsSync(join(dir, 'data', 'ai-trader.db'))).toBe(false);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('stores into the PROD database only when told to, and warns that PROD ignores the bars', async () => {
    const run = await cli([...oneDayDemo, '--database', dbUrl()]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${join(dir, 'cli.db')} (SQLite), the PROD database`);
    expect(run.stderr).toMatch(/^warning: PROD jobs use this database and ignore synthetic bars/);
    expect(run.stderr).toContain(`DEV mode and \`ai-trader demo\` use ${devPath()} (SQLite)`);
    expect(await storedSources(['AAPL'])).toEqual(new Map([['AAPL', 'synthetic']]));
  });

  it('stores into any other database it is given without a warning', async () => {
    const other = join(dir, 'elsewhere.db');
    const run = await cli([...oneDayDemo, '--database', other]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${other} (SQLite)`);
    expect(run.stderr).toBe('');
    expect(await storedSources(['AAPL'], other)).toEqual(new Map([['AAPL', 'synthetic']]));
  });

  it('warns that a PostgreSQL DATABASE_URL is shared by PROD, without showing its password', async () => {
    // Nothing listens on port 1: the warning comes before the connection fails.
    const run = await cli(oneDayDemo, {
      DATABASE_URL: 'postgres://trader:s3cret@127.0.0.1:1/arena',
    });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'Database: postgres://trader:***@127.0.0.1:1/arena (PostgreSQL), the PROD database, shared by DEV mode',
    );
    expect(run.stderr).toMatch(/^warning: PROD jobs use this database and ignore synthetic bars/);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
  });
});

describe('ai-trader data: which database', () => {
  const csvFile = () =>
    writeFile('AAPL.csv', 'date,open,high,low,close,volume\n2025-10-01,100,101,99,100.5,10\n');

  it.each([
    ['coverage', () => ['data', 'coverage', '--symbols', 'AAPL']],
    ['import', () => ['data', 'import', csvFile()]],
    ['download', () => ['data', 'download', '--start', '2025-10-01', '--end', '2025-10-03']],
  ])('data %s names the database it uses first', async (_name, argv) => {
    const run = await cli(argv());
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${join(dir, 'cli.db')} (SQLite), the PROD database`);
  });

  it("names DEV mode's own database in DEV mode", async () => {
    const run = await cli(['data', 'coverage', '--symbols', 'AAPL'], { DEPLOYMENT_MODE: 'DEV' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${join(dir, 'cli-dev.db')} (SQLite), the DEV database`);
  });

  it('names the default SQLite file when DATABASE_URL is unset', async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      const run = await cli(['data', 'coverage', '--symbols', 'AAPL'], { DATABASE_URL: '' });
      expect(run.stdout.split('\n')[0]).toBe('Database: ./data/ai-trader.db (SQLite), the PROD database');
    } finally {
      process.chdir(cwd);
    }
  });

  it('works on the database --database names, on every command', async () => {
    const other = `sqlite:${join(dir, 'other.db')}`;
    const imported = await cli(['data', 'import', csvFile(), '--database', other]);
    expect(imported.code).toBe(0);
    expect(imported.stdout.split('\n')[0]).toBe(`Database: ${join(dir, 'other.db')} (SQLite)`);
    const coverage = await cli([
      'data',
      'coverage',
      '--start',
      '2025-10-01',
      '--end',
      '2025-10-01',
      '--symbols',
      'AAPL',
      '--database',
      other,
    ]);
    expect(coverage.stdout).toMatch(row('AAPL', 1, '2025-10-01', '2025-10-01', 0, 'import'));
    expect(await storedSources(['AAPL'])).toEqual(new Map());
    for (const command of ['download', 'import', 'coverage', 'demo']) {
      expect((await cli(['data', command, '--help'])).stdout).toContain('--database <url>');
    }
  });

  it('masks the password of a PostgreSQL database it cannot reach', async () => {
    const run = await cli(['data', 'coverage'], {
      DATABASE_URL: 'postgresql://trader:s3cret@127.0.0.1:1/arena',
    });
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe(
      'Database: postgresql://trader:***@127.0.0.1:1/arena (PostgreSQL), the PROD database, shared by DEV mode',
    );
    expect(run.stderr).toMatch(/^error: /m);
    expect(run.stdout + run.stderr).not.toContain('s3cret');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a --database it cannot use, without echoing its password', async () => {
    const run = await cli(['data', 'coverage', '--database', 'mysql://admin:s3cret@db:3306/trader']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--database mysql://admin:***@db:3306/trader');
    expect(run.stderr).toContain('postgres://');
    expect(run.stderr).not.toContain('s3cret');
    expect((await cli(['data', 'coverage', '--database', ' '])).code).toBe(2);
  });
});

describe('ai-trader argument checking', () => {
  it.each([
    [['data', 'download', '--start', '2025-13-01', '--end', '2025-10-30'], 'Expected a date as YYYY-MM-DD'],
    [['data', 'download', '--start', '10/01/2025', '--end', '2025-10-30'], 'Expected a date as YYYY-MM-DD'],
    [
      ['data', 'download', '--start', '2025-10-30', '--end', '2025-10-01'],
      'the start date 2025-10-30 is after the end date 2025-10-01',
    ],
    [
      ['data', 'coverage', '--start', '1999-12-31'],
      'The trading calendar covers 2000-01-01..2035-12-31 only',
    ],
    [['data', 'demo', '--end', '2036-01-02'], 'The trading calendar covers 2000-01-01..2035-12-31 only'],
    [['data', 'download', '--end', '2025-10-30'], "required option '--start <date>' not specified"],
    [['data', 'coverage', '--symbols', 'AAPL,not a ticker'], '"not a ticker" is not a ticker symbol'],
  ])('exits 2 with a message for %j', async (argv, message) => {
    const run = await cli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints help on request and exits 0', async () => {
    const run = await cli(['data', '--help']);
    expect(run.code).toBe(0);
    for (const command of ['download', 'import', 'coverage', 'demo']) expect(run.stdout).toContain(command);
  });

  it('reports an invalid environment without a stack trace', async () => {
    const run = await cli(['data', 'coverage'], { DEPLOYMENT_MODE: 'STAGING' });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DEPLOYMENT_MODE');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
