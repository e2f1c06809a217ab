import type { Kysely } from 'kysely';
import type { JobTransaction, UnitOfWork } from '../jobs/job-store.js';
import { KyselyJobStore } from './kysely-job-store.js';
import { KyselyModelDayStore } from './kysely-model-day-store.js';
import type { Database } from './schema.js';
import { inWriteTransaction } from './write-lock.js';

/**
 * Every store of a unit of work shares one Kysely transaction: one that writes from its first
 * statement (see `inWriteTransaction`), so on a SQLite file shared by several processes a commit
 * waits for another's instead of failing.
 */
export class KyselyUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  run<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T> {
    return inWriteTransaction(this.db, this.kind, (trx) =>
      work({
        jobs: new KyselyJobStore(trx, this.kind),
        modelDays: new KyselyModelDayStore(trx, { inTransaction: true }),
      }),
    );
  }
}
