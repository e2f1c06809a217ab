import type { Kysely } from 'kysely';
import type { JobTransaction, UnitOfWork } from '../jobs/unit-of-work.js';
import { KyselyJobStore } from './kysely-job-store.js';
import { KyselyModelDayStore } from './kysely-model-day-store.js';
import type { Database } from './schema.js';
import { inTransaction } from './transaction.js';

/** Every store of a unit of work shares one Kysely transaction. */
export class KyselyUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: 'sqlite' | 'postgres',
  ) {}

  run<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T> {
    return inTransaction(this.db, (trx) =>
      work({ jobs: new KyselyJobStore(trx, this.kind), modelDays: new KyselyModelDayStore(trx) }),
    );
  }
}
