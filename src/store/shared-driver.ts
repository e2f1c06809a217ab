import type { DatabaseConnection, Dialect, Driver, QueryCompiler, TransactionSettings } from 'kysely';

export interface DriverManners {
  /**
   * Awaited before each connection is taken (a statement outside a transaction, or a transaction's
   * start); undefined: go on at once.
   */
  beforeAcquire?: () => Promise<void> | undefined;
}

/**
 * One driver (on SQLite: the one connection and the lock that hands it out) behind several Kysely
 * instances, each taking it with its own manners. Statements of every instance still queue for the
 * same connection, so a transaction of one is never entered by a statement of another. Only the
 * owner's `destroy` closes the driver.
 */
export class SharedDriver {
  #initialized: Promise<void> | undefined;

  constructor(readonly driver: Driver) {}

  init(): Promise<void> {
    this.#initialized ??= this.driver.init().catch((error: unknown) => {
      this.#initialized = undefined;
      throw error;
    });
    return this.#initialized;
  }

  /** `dialect` (for its adapter and compiler) with this driver as taken with `manners`. */
  dialect(dialect: Dialect, manners: DriverManners & { owner: boolean }): Dialect {
    return {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => new DriverHandle(this, manners),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createIntrospector: (db) => dialect.createIntrospector(db),
    };
  }
}

class DriverHandle implements Driver {
  constructor(
    private readonly shared: SharedDriver,
    private readonly manners: DriverManners & { owner: boolean },
  ) {}

  init(): Promise<void> {
    return this.shared.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const pause = this.manners.beforeAcquire?.();
    if (pause) await pause;
    return this.shared.driver.acquireConnection();
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.shared.driver.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.rollbackTransaction(connection);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.shared.driver.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.shared.driver.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.shared.driver.releaseSavepoint?.(connection, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.shared.driver.releaseConnection(connection);
  }

  async destroy(): Promise<void> {
    if (this.manners.owner) await this.shared.driver.destroy();
  }
}
