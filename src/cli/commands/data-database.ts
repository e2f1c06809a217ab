/**
 * Which database a `data` command works on, and how it is named to the user. Storing prices in a
 * database nobody reads is silent damage, so every command says which one it uses and what reads it.
 */
import { isDevMode, type Env } from '../../config/env.js';
import {
  ACCEPTED_DATABASE_FORMS,
  DEFAULT_SQLITE_PATH,
  defaultSqlitePath,
  describeDatabase,
  isSameDatabase,
  parseDatabaseUrl,
  selectDatabase,
  type DatabaseTarget,
} from '../../store/database-url.js';
import { usageError } from '../cli-error.js';

/** Who reads the database: PROD jobs, DEV mode (and `ai-trader demo`), both (PostgreSQL), or neither. */
export type DatabaseRole = 'prod' | 'dev' | 'prod-and-dev' | 'other';

export interface DataDatabase {
  /** What `openDatabase` takes. */
  url: string | undefined;
  defaultPath: string;
  /** The database as `describeDatabase` names it: the SQLite file, or the URL with its password masked. */
  description: string;
  role: DatabaseRole;
}

export interface DataDatabaseRequest {
  /** `--database`: used as given (no `-dev` sibling is derived from it). */
  explicit?: string | undefined;
  /**
   * For synthetic prices, which only DEV mode reads: without `--database` the DEV database, whatever
   * DEPLOYMENT_MODE says, so PROD's database never fills up with bars PROD ignores.
   */
  synthetic?: boolean;
}

/**
 * The database a data command uses: `--database` when given; else the one the deployment mode's
 * server uses (`selectDatabase`), or the DEV one for synthetic prices. Throws a usage error for a
 * `--database` that cannot be opened, never echoing its password. An invalid DATABASE_URL is left
 * for `openDatabase` to report, after the database line has named it (masked).
 */
export function chooseDataDatabase(env: Env, request: DataDatabaseRequest = {}): DataDatabase {
  const prod = selectionFor(env.DATABASE_URL, false);
  const dev = selectionFor(env.DATABASE_URL, true);
  const chosen =
    request.explicit !== undefined
      ? explicitSelection(request.explicit)
      : request.synthetic === true || isDevMode(env)
        ? dev
        : prod;
  return {
    ...chosen,
    description: describeDatabase(chosen.url, chosen.defaultPath),
    role: roleOf(targetOf(chosen), targetOf(prod), targetOf(dev)),
  };
}

const ROLE_NOTES: Readonly<Record<DatabaseRole, string>> = {
  prod: ', the PROD database',
  dev: ', the DEV database',
  'prod-and-dev': ', the PROD database, shared by DEV mode',
  other: '',
};

/** `Database: ./data/ai-trader.db (SQLite), the PROD database`: the first line of every data command. */
export function databaseLine(database: DataDatabase): string {
  return `Database: ${database.description}${ROLE_NOTES[database.role]}`;
}

/**
 * Why storing synthetic prices in `database` is pointless, when PROD jobs read it (they ignore
 * synthetic bars); undefined when only DEV mode, or nobody the server knows, reads it.
 */
export function syntheticPricesWarning(database: DataDatabase, env: Env): string | undefined {
  if (database.role !== 'prod' && database.role !== 'prod-and-dev') return undefined;
  const warning =
    'PROD jobs use this database and ignore synthetic bars: to them these sessions stay missing, ' +
    'and a download replaces the bars with real prices.';
  // A shared PostgreSQL database has no DEV-only sibling to point to.
  if (database.role === 'prod-and-dev') return warning;
  const dev = selectionFor(env.DATABASE_URL, true);
  return (
    `${warning} DEV mode and \`ai-trader demo\` use ${describeDatabase(dev.url, dev.defaultPath)}, ` +
    'where `ai-trader data demo` stores without --database.'
  );
}

interface Selection {
  url: string | undefined;
  defaultPath: string;
}

function selectionFor(url: string | undefined, devMode: boolean): Selection {
  try {
    return selectDatabase(url, devMode);
  } catch {
    // An invalid DATABASE_URL: kept as it is, so opening it reports the problem.
    return { url, defaultPath: defaultSqlitePath(devMode) };
  }
}

function explicitSelection(raw: string): Selection {
  if (raw.trim() === '') throw usageError('--database is empty: give a SQLite file path or a database URL');
  try {
    parseDatabaseUrl(raw);
  } catch {
    throw usageError(
      `--database ${describeDatabase(raw)} cannot be used; accepted forms: ${ACCEPTED_DATABASE_FORMS}`,
    );
  }
  return { url: raw, defaultPath: DEFAULT_SQLITE_PATH };
}

function targetOf(selection: Selection): DatabaseTarget | undefined {
  try {
    return parseDatabaseUrl(selection.url, selection.defaultPath);
  } catch {
    return undefined;
  }
}

function roleOf(
  chosen: DatabaseTarget | undefined,
  prod: DatabaseTarget | undefined,
  dev: DatabaseTarget | undefined,
): DatabaseRole {
  const same = (other: DatabaseTarget | undefined): boolean =>
    chosen !== undefined && other !== undefined && isSameDatabase(chosen, other);
  if (same(prod)) return same(dev) ? 'prod-and-dev' : 'prod';
  return same(dev) ? 'dev' : 'other';
}
