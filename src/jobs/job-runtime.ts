import type { Logger } from 'pino';
import type { AppConfig, ModelConfig } from '../config/app-config.js';
import type { CassetteLibrary } from '../llm/cassette-library.js';
import type { LlmProvider } from '../llm/provider.js';
import type { PriceDataService } from '../market-data/price-data-service.js';
import type { NewsSource } from '../news/news-source.js';
import type { ModelDayService } from '../simulation/model-day-service.js';
import type { JobClaims } from './job-claims.js';
import type { JobStore } from './job-store.js';

/** What running a job needs, chosen once at start-up by the composition root. */
export interface JobRuntimeDeps {
  jobs: JobStore;
  /** Work handed out through the database: preparations and model-days, under leases. */
  claims: JobClaims;
  /** The one door to prices: what is stored, what is missing, downloads. */
  prices: PriceDataService;
  modelDays: ModelDayService;
  config: AppConfig;
  /** The provider that plays a model: the real endpoint in PROD, a mock strategy in DEV. */
  providerFor(model: ModelConfig): LlmProvider;
  news?: NewsSource;
  /** When set, every model-day's LLM exchange is recorded to, or replayed from, a cassette. */
  cassettes?: CassetteLibrary;
  now: () => Date;
  logger: Logger;
}
