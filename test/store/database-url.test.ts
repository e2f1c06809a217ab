import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SQLITE_PATH,
  DEV_SQLITE_PATH,
  describeDatabase,
  devDatabaseUrl,
  isSameDatabase,
  parseDatabaseUrl,
  selectDatabase,
} from '../../src/store/database-url.js';

describe('parseDatabaseUrl', () => {
  it('defaults to the SQLite file under ./data when unset or blank', () => {
    for (const raw of [undefined, '', '   ']) {
      expect(parseDatabaseUrl(raw)).toEqual({ kind: 'sqlite', path: './data/ai-trader.db' });
    }
  });

  it('uses the given default path instead, for DEV mode', () => {
    expect(parseDatabaseUrl(undefined, './data/ai-trader-dev.db')).toEqual({
      kind: 'sqlite',
      path: './data/ai-trader-dev.db',
    });
    expect(parseDatabaseUrl('sqlite:x.db', './data/ai-trader-dev.db')).toEqual({
      kind: 'sqlite',
      path: 'x.db',
    });
  });

  it.each([
    ['data/trader.db', 'data/trader.db'],
    ['/var/lib/trader.db', '/var/lib/trader.db'],
    ['C:\\data\\trader.db', 'C:\\data\\trader.db'],
    ['sqlite:data/trader.db', 'data/trader.db'],
    ['sqlite://data/trader.db', 'data/trader.db'],
    ['sqlite:///var/lib/trader.db', '/var/lib/trader.db'],
    ['SQLITE:trader.db', 'trader.db'],
    ['file:trader.db', 'trader.db'],
    ['file:///var/lib/trader.db', '/var/lib/trader.db'],
    [':memory:', ':memory:'],
    ['sqlite::memory:', ':memory:'],
  ])('reads %s as the SQLite file %s', (raw, path) => {
    expect(parseDatabaseUrl(raw)).toEqual({ kind: 'sqlite', path });
  });

  it.each([
    'postgres://user:pw@db:5432/trader',
    'postgresql://db/trader?sslmode=require',
    'POSTGRES://db/trader',
  ])('passes %s through as a PostgreSQL URL', (raw) => {
    expect(parseDatabaseUrl(raw)).toEqual({ kind: 'postgres', url: raw });
  });

  it('trims surrounding whitespace', () => {
    expect(parseDatabaseUrl('  postgres://db/trader\n')).toEqual({
      kind: 'postgres',
      url: 'postgres://db/trader',
    });
  });

  it('rejects other schemes, naming the accepted forms without echoing credentials', () => {
    const attempt = () => parseDatabaseUrl('mysql://admin:s3cret-pw@db:3306/trader');
    expect(attempt).toThrow(/unsupported scheme "mysql:"/);
    expect(attempt).toThrow(/sqlite:PATH.*postgres:\/\//);
    expect(attempt).not.toThrow(/s3cret-pw/);
    expect(attempt).not.toThrow(/admin/);
  });

  it('rejects a SQLite URL without a path', () => {
    expect(() => parseDatabaseUrl('sqlite:')).toThrow(/names no SQLite file/);
    expect(() => parseDatabaseUrl('sqlite://')).toThrow(/names no SQLite file/);
  });
});

describe('devDatabaseUrl', () => {
  it('leaves an unset or blank URL to the DEV default file', () => {
    for (const raw of [undefined, '', '  ']) expect(devDatabaseUrl(raw)).toBeUndefined();
  });

  it.each([
    ['/x/ai-trader.db', '/x/ai-trader-dev.db'],
    ['./data/ai-trader.db', './data/ai-trader-dev.db'],
    ['data/trader', 'data/trader-dev'],
    ['trader.tar.db', 'trader.tar-dev.db'],
    ['/data.d/trader', '/data.d/trader-dev'],
    ['/x/.trader', '/x/.trader-dev'],
    ['C:\\data\\trader.db', 'C:\\data\\trader-dev.db'],
    ['sqlite:data/trader.db', 'sqlite:data/trader-dev.db'],
    ['sqlite://data/trader.db', 'sqlite://data/trader-dev.db'],
    ['sqlite:///var/lib/trader.db', 'sqlite:///var/lib/trader-dev.db'],
    ['file:trader.db', 'file:trader-dev.db'],
    ['file:///var/lib/trader.db', 'file:///var/lib/trader-dev.db'],
    ['  /x/trader.db\n', '/x/trader-dev.db'],
    ['/x/trader-dev.db', '/x/trader-dev.db'],
    [':memory:', ':memory:'],
    ['sqlite::memory:', 'sqlite::memory:'],
  ])('derives %s -> %s', (raw, dev) => {
    expect(devDatabaseUrl(raw)).toBe(dev);
  });

  it('names a different SQLite file than the one it is given', () => {
    const prod = parseDatabaseUrl('sqlite:/srv/trader.db');
    const dev = parseDatabaseUrl(devDatabaseUrl('sqlite:/srv/trader.db'));
    expect(dev).toEqual({ kind: 'sqlite', path: '/srv/trader-dev.db' });
    expect(dev).not.toEqual(prod);
  });

  it('derives the DEV default from the PROD default', () => {
    expect(devDatabaseUrl(DEFAULT_SQLITE_PATH)).toBe(DEV_SQLITE_PATH);
  });

  it('returns a PostgreSQL URL unchanged: no second database can be invented', () => {
    expect(devDatabaseUrl('postgres://u:pw@db:5432/trader')).toBe('postgres://u:pw@db:5432/trader');
  });

  it('rejects what parseDatabaseUrl rejects', () => {
    expect(() => devDatabaseUrl('mysql://db/trader')).toThrow(/unsupported scheme/);
  });
});

describe('selectDatabase', () => {
  it('opens the configured database as it is in PROD', () => {
    expect(selectDatabase('/x/trader.db', false)).toEqual({
      url: '/x/trader.db',
      defaultPath: DEFAULT_SQLITE_PATH,
      devSharesDatabase: false,
    });
    expect(selectDatabase('postgres://db/trader', false).devSharesDatabase).toBe(false);
    expect(selectDatabase(undefined, false)).toEqual({
      url: undefined,
      defaultPath: DEFAULT_SQLITE_PATH,
      devSharesDatabase: false,
    });
  });

  it('opens a separate SQLite file in DEV mode, which DEV may reset', () => {
    expect(selectDatabase('sqlite:/x/trader.db', true)).toEqual({
      url: 'sqlite:/x/trader-dev.db',
      defaultPath: DEV_SQLITE_PATH,
      devSharesDatabase: false,
    });
    expect(selectDatabase(undefined, true)).toEqual({
      url: undefined,
      defaultPath: DEV_SQLITE_PATH,
      devSharesDatabase: false,
    });
  });

  it('shares a PostgreSQL database in DEV mode and says so, so it is never reset', () => {
    expect(selectDatabase('postgres://db/trader', true)).toEqual({
      url: 'postgres://db/trader',
      defaultPath: DEV_SQLITE_PATH,
      devSharesDatabase: true,
    });
  });
});

describe('describeDatabase', () => {
  it('names the SQLite file, the default one when DATABASE_URL is unset', () => {
    expect(describeDatabase(undefined)).toBe('./data/ai-trader.db (SQLite)');
    expect(describeDatabase('  ', DEV_SQLITE_PATH)).toBe('./data/ai-trader-dev.db (SQLite)');
    expect(describeDatabase('sqlite:///var/lib/trader.db')).toBe('/var/lib/trader.db (SQLite)');
    expect(describeDatabase('file:trader.db', DEV_SQLITE_PATH)).toBe('trader.db (SQLite)');
    expect(describeDatabase('C:\\data\\trader.db')).toBe('C:\\data\\trader.db (SQLite)');
  });

  it('says an in-memory database is one', () => {
    expect(describeDatabase(':memory:')).toBe(':memory: (SQLite, in memory)');
    expect(describeDatabase('sqlite::memory:')).toBe(':memory: (SQLite, in memory)');
  });

  it.each([
    [
      'postgres://trader:s3cret@db.example:5432/arena',
      'postgres://trader:***@db.example:5432/arena (PostgreSQL)',
    ],
    // The last @ of the authority ends the user info, as the URL parser reads it.
    ['postgres://trader:s3c@ret@db.example/arena', 'postgres://trader:***@db.example/arena (PostgreSQL)'],
    ['postgres://trader:s3%40cret@db/arena', 'postgres://trader:***@db/arena (PostgreSQL)'],
    ['postgres://:s3cret@db/arena', 'postgres://:***@db/arena (PostgreSQL)'],
    [
      'postgresql://db/arena?user=trader&password=s3cret&sslmode=require',
      'postgresql://db/arena?user=trader&password=***&sslmode=require (PostgreSQL)',
    ],
    ['postgres://db/arena?PASSWORD=s3cret', 'postgres://db/arena?PASSWORD=*** (PostgreSQL)'],
    ['postgres://db/arena?sslpassword=s3cret#x', 'postgres://db/arena?sslpassword=***#x (PostgreSQL)'],
    ['postgres://trader@db/arena', 'postgres://trader@db/arena (PostgreSQL)'],
  ])('masks the password of %s', (url, described) => {
    expect(describeDatabase(url)).toBe(described);
    expect(describeDatabase(url)).not.toMatch(/s3c/);
  });

  it('describes a URL it cannot open without throwing and without its password', () => {
    const described = describeDatabase('mysql://admin:s3cret@db:3306/trader');
    expect(described).toBe('mysql://admin:***@db:3306/trader (invalid)');
    expect(describeDatabase('sqlite:')).toBe('sqlite: (invalid)');
  });

  it('masks a password-like parameter even where no database expects one', () => {
    expect(describeDatabase('file:trader.db?password=s3cret')).toBe('trader.db?password=*** (SQLite)');
  });
});

describe('isSameDatabase', () => {
  const target = (url: string | undefined, defaultPath?: string) => parseDatabaseUrl(url, defaultPath);

  it('compares SQLite files by their resolved path, whatever the spelling', () => {
    expect(isSameDatabase(target('./data/ai-trader.db'), target(undefined))).toBe(true);
    expect(isSameDatabase(target('sqlite:data/ai-trader.db'), target('data/../data/ai-trader.db'))).toBe(
      true,
    );
    expect(isSameDatabase(target(undefined), target(undefined, DEV_SQLITE_PATH))).toBe(false);
  });

  it('never takes two in-memory databases for one: each connection has its own', () => {
    expect(isSameDatabase(target(':memory:'), target(':memory:'))).toBe(false);
  });

  it('compares PostgreSQL databases by host, port and name, not by credentials', () => {
    expect(
      isSameDatabase(
        target('postgres://a:x@DB:5432/arena'),
        target('postgresql://b@db/arena?sslmode=require'),
      ),
    ).toBe(true);
    expect(isSameDatabase(target('postgres://db/arena'), target('postgres://db/arena_dev'))).toBe(false);
    expect(isSameDatabase(target('postgres://db/arena'), target('postgres://db:5433/arena'))).toBe(false);
    expect(isSameDatabase(target('postgres://db/arena'), target('./arena'))).toBe(false);
  });
});
