/** Where the data lives, decided once from `DATABASE_URL`. */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_SQLITE_PATH = './data/ai-trader.db';
/** DEV mode's own default file, so experiments never touch the real database. */
export const DEV_SQLITE_PATH = './data/ai-trader-dev.db';

/** The SQLite file used when DATABASE_URL is unset, per deployment mode. */
export const defaultSqlitePath = (devMode: boolean): string =>
  devMode ? DEV_SQLITE_PATH : DEFAULT_SQLITE_PATH;

const ACCEPTED_FORMS =
  'a file path, sqlite:PATH, sqlite://PATH, file:PATH, :memory:, postgres://... or postgresql://...';

// Two or more characters, so a Windows drive letter ("C:\\data\\x.db") still reads as a plain path.
const SCHEME = /^([a-z][a-z0-9+.-]+):/i;

/**
 * Parses `DATABASE_URL`. Unset or blank means the SQLite file at `defaultPath`
 * (DEV mode passes its own so it never touches the real database).
 */
export function parseDatabaseUrl(
  raw: string | undefined,
  defaultPath: string = DEFAULT_SQLITE_PATH,
): DatabaseTarget {
  const value = raw?.trim() ?? '';
  if (value === '') return { kind: 'sqlite', path: defaultPath };
  if (value === ':memory:') return { kind: 'sqlite', path: ':memory:' };
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };

  for (const prefix of ['sqlite://', 'sqlite:', 'file://', 'file:']) {
    if (value.toLowerCase().startsWith(prefix))
      return { kind: 'sqlite', path: sqlitePath(value.slice(prefix.length)) };
  }

  const scheme = SCHEME.exec(value)?.[1];
  // Only the scheme is echoed: the rest of an unknown URL may carry a password.
  if (scheme !== undefined) {
    throw new Error(`DATABASE_URL has unsupported scheme "${scheme}:"; accepted forms: ${ACCEPTED_FORMS}`);
  }
  return { kind: 'sqlite', path: value };
}

function sqlitePath(path: string): string {
  if (path === '') throw new Error(`DATABASE_URL names no SQLite file; accepted forms: ${ACCEPTED_FORMS}`);
  return path;
}
