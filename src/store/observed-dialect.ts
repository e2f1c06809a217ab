import type {
  CompiledQuery,
  DatabaseConnection,
  Dialect,
  Driver,
  QueryCompiler,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** What the store watches on every statement that reaches the database. */
export interface StatementObserver {
  /** Called before a statement that may write; throws to refuse it (e.g. the file is gone). */
  beforeWrite(): void;
  /** Called with every error a statement, a connect, a BEGIN or a COMMIT throws. */
  failed(error: unknown): void;
}

/**
 * `inner` with every connection watched by `observer`, so the store learns of database faults (a
 * full disk, a dropped connection) wherever they happen, and can refuse writes in one place,
 * without each store having to remember to ask.
 */
export function observedDialect(inner: Dialect, observer: StatementObserver): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new ObservedDriver(inner.createDriver(), observer),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}

/**
 * Statements that cannot write anything: a SELECT, or raw SQL starting with SELECT, PRAGMA, EXPLAIN
 * or ROLLBACK (undoing is always allowed: it is how a refused write cleans up).
 */
function cannotWrite(query: CompiledQuery): boolean {
  if (query.query.kind === 'SelectQueryNode') return true;
  return query.query.kind === 'RawNode' && /^\s*(select|pragma|explain|rollback)\b/i.test(query.sql);
}

class ObservedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly observer: StatementObserver,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!cannotWrite(query)) this.observer.beforeWrite();
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (error) {
      this.observer.failed(error);
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * Hands out watched connections and gives the inner driver its own back: drivers keep private state
 * on their connection objects (pg's release, for one), so they must never see the wrapper.
 */
class ObservedDriver implements Driver {
  readonly #wrappers = new WeakMap<DatabaseConnection, ObservedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly observer: StatementObserver,
  ) {}

  init(): Promise<void> {
    return this.watch(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.watch(() => this.inner.acquireConnection());
    let wrapper = this.#wrappers.get(connection);
    if (!wrapper) {
      wrapper = new ObservedConnection(connection, this.observer);
      this.#wrappers.set(connection, wrapper);
    }
    return wrapper;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    this.observer.beforeWrite();
    return this.watch(() => this.inner.beginTransaction(unwrap(connection), settings));
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.watch(() => this.inner.commitTransaction(unwrap(connection)));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(unwrap(connection));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.savepoint?.(unwrap(connection), name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(unwrap(connection), name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(unwrap(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(unwrap(connection));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }

  private async watch<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      this.observer.failed(error);
      throw error;
    }
  }
}

const unwrap = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof ObservedConnection ? connection.inner : connection;
