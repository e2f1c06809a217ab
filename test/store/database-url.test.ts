import { describe, expect, it } from 'vitest';
import { DEFAULT_SQLITE_PATH, parseDatabaseUrl } from '../../src/store/database-url.js';

describe('parseDatabaseUrl', () => {
  it('defaults to the SQLite file under ./data when unset or blank', () => {
    expect(DEFAULT_SQLITE_PATH).toBe('./data/ai-trader.db');
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
