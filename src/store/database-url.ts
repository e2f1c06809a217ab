import { resolve } from 'node:path';

/** Where the data lives, decided once from `DATABASE_URL`. */
export type DatabaseTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

export const DEFAULT_SQLITE_PATH = './data/ai-trader.db';
/** DEV mode's own default file, so experiments never touch the real database. */
export const DEV_SQLITE_PATH = './data/ai-trader-dev.db';

/** The SQLite file used when DATABASE_URL is unset, per deployment mode. */
export const defaultSqlitePath = (devMode: boolean): string =>
  devMode ? DEV_SQLITE_PATH : DEFAULT_SQLITE_PATH;

/** The forms `parseDatabaseUrl` accepts, for messages about a database URL it refuses. */
export const ACCEPTED_DATABASE_FORMS =
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
    throw new Error(
      `DATABASE_URL has unsupported scheme "${scheme}:"; accepted forms: ${ACCEPTED_DATABASE_FORMS}`,
    );
  }
  return { kind: 'sqlite', path: value };
}

function sqlitePath(path: string): string {
  if (path === '')
    throw new Error(`DATABASE_URL names no SQLite file; accepted forms: ${ACCEPTED_DATABASE_FORMS}`);
  return path;
}

/**
 * The database DEV mode uses when `DATABASE_URL` is `url`, so DEV never works on the real data:
 * unset or blank gives undefined (the caller then uses `DEV_SQLITE_PATH`); a SQLite file gives a
 * sibling with `-dev` before its extension, in the same form (`sqlite:/x/ai-trader.db` ->
 * `sqlite:/x/ai-trader-dev.db`; a name that already ends in `-dev` is kept); `:memory:` stays as
 * it is. A PostgreSQL URL comes back unchanged: no second database can be invented there, so DEV
 * shares it (see `selectDatabase`). Throws, as `parseDatabaseUrl` does, on a form it does not accept.
 */
export function devDatabaseUrl(url: string | undefined): string | undefined {
  const value = url?.trim() ?? '';
  if (value === '') return undefined;
  const target = parseDatabaseUrl(value);
  if (target.kind === 'postgres' || target.path === ':memory:') return value;
  // parseDatabaseUrl only strips a prefix, so the value ends with the path.
  return value.slice(0, value.length - target.path.length) + devSqlitePath(target.path);
}

/** `/x/ai-trader.db` -> `/x/ai-trader-dev.db`; `/x/trader` -> `/x/trader-dev`; `/x/trader-dev.db` stays. */
function devSqlitePath(path: string): string {
  const nameStart = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1;
  const dot = path.lastIndexOf('.');
  // A dot that starts the file name (".db") marks a hidden file, not an extension.
  const stemEnd = dot > nameStart ? dot : path.length;
  const stem = path.slice(0, stemEnd);
  if (stem.slice(nameStart).endsWith('-dev')) return path;
  return `${stem}-dev${path.slice(stemEnd)}`;
}

/** What to open for a deployment mode, and whether DEV mode may reset it. */
export interface DatabaseSelection {
  /** Passed to `openDatabase`. */
  url: string | undefined;
  /** The SQLite file `openDatabase` uses when `url` is unset. */
  defaultPath: string;
  /**
   * True in DEV mode on PostgreSQL: DEV works on the configured database itself, so it must never
   * be reset and the operator should be warned.
   */
  devSharesDatabase: boolean;
}

/** The one rule for which database a deployment mode opens (the server and the CLI both use it). */
export function selectDatabase(url: string | undefined, devMode: boolean): DatabaseSelection {
  const defaultPath = defaultSqlitePath(devMode);
  if (!devMode) return { url, defaultPath, devSharesDatabase: false };
  const devUrl = devDatabaseUrl(url);
  const shared = devUrl !== undefined && parseDatabaseUrl(devUrl).kind === 'postgres';
  return { url: devUrl, defaultPath, devSharesDatabase: shared };
}

const KIND_NAMES: Readonly<Record<DatabaseTarget['kind'], string>> = {
  sqlite: 'SQLite',
  postgres: 'PostgreSQL',
};

/**
 * `DATABASE_URL` (or any database URL) as people may read it: the SQLite file, or the URL with
 * every password masked, and what kind of database it is, e.g. `./data/ai-trader.db (SQLite)` or
 * `postgres://trader:***@db:5432/arena (PostgreSQL)`. Never throws, so error messages can use it
 * for a URL that cannot be opened (`mysql://admin:***@db/x (invalid)`).
 */
export function describeDatabase(url: string | undefined, defaultPath: string = DEFAULT_SQLITE_PATH): string {
  let target: DatabaseTarget;
  try {
    target = parseDatabaseUrl(url, defaultPath);
  } catch {
    return `${maskPasswords(url?.trim() ?? '')} (invalid)`;
  }
  if (target.kind === 'postgres') return `${maskPasswords(target.url)} (${KIND_NAMES.postgres})`;
  if (target.path === ':memory:') return `:memory: (${KIND_NAMES.sqlite}, in memory)`;
  return `${maskPasswords(target.path)} (${KIND_NAMES.sqlite})`;
}

// A parameter whose name says it holds a secret: password, sslpassword, pwd, passwd, secret, token.
const SECRET_PARAMETER = /([?&;\s]|^)([\w-]*(?:pass|pwd|secret|token)[\w-]*)=[^&;\s#]*/gi;

/** `url` with the password of its user info and of any secret-looking parameter replaced by `***`. */
function maskPasswords(url: string): string {
  return maskUserInfoPassword(url).replace(SECRET_PARAMETER, '$1$2=***');
}

function maskUserInfoPassword(url: string): string {
  const authorityStart = url.indexOf('://');
  if (authorityStart < 0) return url;
  const rest = url.slice(authorityStart + 3);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  // The last @ ends the user info, as URL parsers read an unescaped @ in a password.
  const at = authority.lastIndexOf('@');
  const colon = authority.indexOf(':');
  if (at < 0 || colon < 0 || colon > at) return url;
  const masked = `${authority.slice(0, colon)}:***${authority.slice(at)}`;
  return url.slice(0, authorityStart + 3) + masked + rest.slice(authority.length);
}

/**
 * Whether two targets are one database: the same SQLite file however its path is spelled (never
 * `:memory:`, which is private to each connection), or the same PostgreSQL host, port and
 * database whatever the credentials and options.
 */
export function isSameDatabase(a: DatabaseTarget, b: DatabaseTarget): boolean {
  if (a.kind === 'sqlite' && b.kind === 'sqlite') {
    return a.path !== ':memory:' && b.path !== ':memory:' && resolve(a.path) === resolve(b.path);
  }
  if (a.kind === 'postgres' && b.kind === 'postgres')
    return postgresIdentity(a.url) === postgresIdentity(b.url);
  return false;
}

function postgresIdentity(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname.toLowerCase()}:${parsed.port || '5432'}${decodeURIComponent(parsed.pathname)}`;
  } catch {
    return url;
  }
}
