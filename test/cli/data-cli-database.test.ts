/** `ai-trader data demo`, which database the data commands use, and their argument checking. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_DISCLAIMER } from '../../src/market-data/demo/demo-dataset.js';
import { row, useCliSandbox } from '../helpers/data-cli.js';

const { dir, dbUrl, cli, storedSources, writeFile } = useCliSandbox();

describe('ai-trader data demo', () => {
  const devPath = (): string => join(dir(), 'cli-dev.db');
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
    process.chdir(dir());
    try {
      for (const mode of ['PROD', 'DEV']) {
        const run = await cli(oneDayDemo, { DATABASE_URL: '', DEPLOYMENT_MODE: mode });
        expect(run.code).toBe(0);
        expect(run.stdout).toContain('Database: ./data/ai-trader-dev.db (SQLite), the DEV database');
        expect(existsSync(join(dir(), 'data', 'ai-trader-dev.db'))).toBe(true);
        expect(existsSync(join(dir(), 'data', 'ai-trader.db'))).toBe(false);
      }
    } finally {
      process.chdir(cwd);
    }
  });

  it('stores into the PROD database only when told to, and warns that PROD ignores the bars', async () => {
    const run = await cli([...oneDayDemo, '--database', dbUrl()]);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${join(dir(), 'cli.db')} (SQLite), the PROD database`);
    expect(run.stderr).toMatch(/^warning: PROD jobs use this database and ignore synthetic bars/);
    expect(run.stderr).toContain(`DEV mode and \`ai-trader demo\` use ${devPath()} (SQLite)`);
    expect(await storedSources(['AAPL'])).toEqual(new Map([['AAPL', 'synthetic']]));
  });

  it('stores into any other database it is given without a warning', async () => {
    const other = join(dir(), 'elsewhere.db');
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
    expect(run.stdout.split('\n')[0]).toBe(`Database: ${join(dir(), 'cli.db')} (SQLite), the PROD database`);
  });

  it("names DEV mode's own database in DEV mode", async () => {
    const run = await cli(['data', 'coverage', '--symbols', 'AAPL'], { DEPLOYMENT_MODE: 'DEV' });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `Database: ${join(dir(), 'cli-dev.db')} (SQLite), the DEV database`,
    );
  });

  it('names the default SQLite file when DATABASE_URL is unset', async () => {
    const cwd = process.cwd();
    process.chdir(dir());
    try {
      const run = await cli(['data', 'coverage', '--symbols', 'AAPL'], { DATABASE_URL: '' });
      expect(run.stdout.split('\n')[0]).toBe('Database: ./data/ai-trader.db (SQLite), the PROD database');
    } finally {
      process.chdir(cwd);
    }
  });

  it('works on the database --database names, on every command', async () => {
    const other = `sqlite:${join(dir(), 'other.db')}`;
    const imported = await cli(['data', 'import', csvFile(), '--database', other]);
    expect(imported.code).toBe(0);
    expect(imported.stdout.split('\n')[0]).toBe(`Database: ${join(dir(), 'other.db')} (SQLite)`);
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
