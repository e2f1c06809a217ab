import type { ModelDayStore } from '../simulation/model-day-store.js';
import type { JobStore } from './job-store.js';

/** The stores bound to one transaction: whatever they write commits together, or none of it does. */
export interface JobTransaction {
  jobs: JobStore;
  modelDays: ModelDayStore;
}

/** Opens a transaction spanning the stores; each table keeps its one owner (its store) inside it. */
export interface UnitOfWork {
  run<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T>;
}
