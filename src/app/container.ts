import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { newsDisabled, type AppConfig } from '../config/app-config.js';
import type { MarketId } from '../core/markets/market.js';
import { isDevMode, type Env } from '../config/env.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../config/load-config.js';
import { jobDayStore } from '../jobs/claimed-day.js';
import { JobScheduler } from '../jobs/job-scheduler.js';
import { CassetteLibrary } from '../llm/cassette-library.js';
import { JobEventFeed } from '../jobs/job-events.js';
import { JobService } from '../jobs/job-service.js';
import { delaysFrom, DEFAULT_RETRY_DELAYS_MS, retried, Retry } from '../jobs/retry.js';
import type { DownloadClaims } from '../market-data/download-claims.js';
import type { PriceDataService } from '../market-data/price-data-service.js';
import { JinaNewsSource } from '../news/jina-news-source.js';
import type { NewsSource } from '../news/news-source.js';
import { ExternalArena } from '../mcp/external-arena.js';
import { ResultsService } from '../results/results-service.js';
import { ModelDayService } from '../simulation/model-day-service.js';
import { newWorkerIdentity } from '../jobs/leases.js';
import { KyselyDownloadClaims } from '../store/kysely-download-claims.js';
import { KyselyJobStore, resetSimulationData } from '../store/kysely-job-store.js';
import { KyselyModelDayStore } from '../store/kysely-model-day-store.js';
import { KyselyPaceLedger } from '../store/kysely-pace-ledger.js';
import { KyselyPriceStore, REAL_PRICES_ONLY } from '../store/kysely-price-store.js';
import { KyselyResultsStore } from '../store/kysely-results-store.js';
import { KyselyUnitOfWork } from '../store/kysely-unit-of-work.js';
import { isTransientDatabaseFault } from '../store/database-faults.js';
import {
  describeDatabase,
  parseDatabaseUrl,
  selectDatabase,
  type DatabaseSelection,
} from '../store/database-url.js';
import { listenForWork } from '../store/postgres-work-signal.js';
import { BACKGROUND_ROWS_PER_READ, openDatabase, type OpenDatabase } from '../store/open-database.js';
import type { Database } from '../store/schema.js';
import { createLogger } from './logger.js';
import { createPriceDataService, createPriceHistoryProvider } from './price-data.js';
import { createProviderFactory } from './providers.js';
import { startupNotes } from './startup-notes.js';

/** How this process was deployed, as every answer reports it. */
export interface Deployment {
  mode: 'PROD' | 'DEV';
  /** PRESERVE_DEV_DATA; meaningful in DEV mode only. */
  preserveDevData: boolean;
  /** The market triggers and results questions that name none are about (the config's); absent: us. */
  market?: MarketId;
}

/** Everything the interfaces (HTTP, CLI) call, wired once from the environment and the config file. */
export interface AppContainer {
  env: Env;
  config: AppConfig;
  devMode: boolean;
  deployment: Deployment;
  database: OpenDatabase;
  logger: Logger;
  jobs: JobService;
  /** A job's progress as events, read from the database (any process can follow any job). */
  events: JobEventFeed;
  results: ResultsService;
  prices: PriceDataService;
  /** This process's job worker; undefined in an API-only process. */
  scheduler: JobScheduler | undefined;
  /** The model-days of `external` models, for agents connected over MCP. */
  arena: ExternalArena;
  news: NewsSource | undefined;
  now: () => Date;
  close(): Promise<void>;
}

export interface ContainerOptions {
  env: Env;
  /**
   * Run a job worker in this process (default true). False for an API-only process: it serves
   * every job from the database while workers elsewhere run them.
   */
  worker?: boolean;
  /** Overrides the config file (tests). */
  config?: AppConfig;
  logger?: Logger;
  now?: () => Date;
  /**
   * DEV mode empties its SQLite database at start unless PRESERVE_DEV_DATA; false skips that here
   * (a `worker` process joining a server must not wipe the jobs it was started to run).
   */
  resetDevData?: boolean;
}

/**
 * The database could not be opened: names which one and which setting chose it (passwords masked),
 * with the database's own reason, so a wrong URL is found without reading a stack trace.
 */
export class DatabaseOpenError extends Error {
  override readonly name = 'DatabaseOpenError';
  constructor(configured: string | undefined, selection: DatabaseSelection, cause: unknown) {
    const which = describeDatabase(selection.url, selection.defaultPath);
    const setting =
      configured === undefined ? 'the default, as DATABASE_URL is not set' : 'named by DATABASE_URL';
    const reason = cause instanceof Error ? cause.message : String(cause);
    // The reason may quote the URL it failed on; only its masked form may be shown.
    const raw = configured?.trim() ?? '';
    const masked = which.replace(/ \([^)]*\)$/, '');
    const safeReason = raw === '' || masked === raw ? reason : reason.split(raw).join(masked);
    super(`cannot open the database ${which}, ${setting}: ${safeReason}`, { cause });
  }
}

export async function createContainer(options: ContainerOptions): Promise<AppContainer> {
  const { env } = options;
  const now = options.now ?? (() => new Date());
  const devMode = isDevMode(env);
  const config = options.config ?? loadConfigFile(env.CONFIG_PATH ?? DEFAULT_CONFIG_PATH);
  const logger = options.logger ?? createLogger(env);
  for (const note of startupNotes(env, config, devMode)) logger[note.level](note.message);
  // DEV mode opens its own database (a `-dev` SQLite file), never the one PROD uses.
  const selection = selectDatabase(env.DATABASE_URL, devMode);
  const database = await openDatabase(selection.url, {
    defaultPath: selection.defaultPath,
    log: logger,
    now,
    requireWritable: true,
    checkpointInThread: true,
  }).catch((error: unknown) => {
    throw new DatabaseOpenError(env.DATABASE_URL, selection, error);
  });
  // Parsed once the database opened: a URL it refused was reported with its setting above.
  const target = parseDatabaseUrl(selection.url, selection.defaultPath);
  if (database.created) {
    logger.info(
      { database: describeDatabase(selection.url, selection.defaultPath) },
      'created a new, empty database file (first run)',
    );
  }

  if (selection.devSharesDatabase) {
    logger.warn(
      'DEV mode on PostgreSQL shares the database DATABASE_URL names; its data is not reset ' +
        '(point DATABASE_URL at a separate database for DEV)',
    );
  } else if (devMode && !env.PRESERVE_DEV_DATA && options.resetDevData !== false) {
    // DEV runs start clean, but keep downloaded prices: they are costly to fetch and never change.
    await resetSimulationData(database.db);
    logger.info('DEV mode: simulation data reset (set PRESERVE_DEV_DATA=true to keep it)');
  }

  // PROD jobs trade on real prices only: synthetic bars (from `data demo` or a demo run on the
  // same database) stay invisible to them and count as missing, so a download replaces them.
  const priceStoreOn = (db: Kysely<Database>) =>
    new KyselyPriceStore(db, {
      ...(devMode ? {} : REAL_PRICES_ONLY),
      // The worker's reads of a job's prices, in pieces it can make way for requests between.
      ...(db === database.db ? {} : { rowsPerRead: BACKGROUND_ROWS_PER_READ }),
    });
  const priceStore = priceStoreOn(database.db);
  // A dropped connection or a database restart costs a job a wait, not a symbol or a model-day.
  const retry = new Retry({
    isTransient: isTransientDatabaseFault,
    delayMs: delaysFrom(DEFAULT_RETRY_DELAYS_MS),
    logger,
  });
  // One identity for this process's leases, download claims and requests to the price provider.
  const identity = newWorkerIdentity();
  const leaseMs = env.WORKER_LEASE_SECONDS * 1000;
  // One provider for every use of prices: its pace and budgets are the process's.
  const provider = createPriceHistoryProvider(env, {
    now,
    logger,
    devMode,
    // A limit answer one process gets paces every process using the key.
    paceLedger: (windowMs) =>
      new KyselyPaceLedger(database.db, database.kind, {
        provider: 'alphavantage',
        owner: identity.id,
        windowMs,
      }),
  });
  const pricesOn = (db: Kysely<Database>) =>
    createPriceDataService({
      // Every price write is an upsert and every read is safe to repeat.
      store: retried(db === database.db ? priceStore : priceStoreOn(db), retry, {
        what: 'price data',
        never: [],
      }),
      provider,
      now,
      logger,
      claims: retriedDownloadClaims(
        new KyselyDownloadClaims(db, { owner: identity.id, leaseMs, now }),
        retry,
      ),
    });
  const prices = pricesOn(database.db);
  // The benchmark's `disabled_tools: ["search"]` runs its models without news, whatever key is set.
  const news =
    env.JINA_API_KEY && !newsDisabled(config)
      ? new JinaNewsSource({
          apiKey: env.JINA_API_KEY,
          ...(env.JINA_BASE_URL ? { baseUrl: env.JINA_BASE_URL } : {}),
          logger,
        })
      : undefined;
  const jobStore = new KyselyJobStore(database.db, database.kind);
  const modelDayStore = new KyselyModelDayStore(database.db);
  const runtimeOn = (db: Kysely<Database>) => ({
    // A claim or an insert whose acknowledgement was lost may have happened: asking again could take
    // a second piece of work. Their callers (the next poll, the user's trigger) ask again anyway.
    jobs: retried(db === database.db ? jobStore : new KyselyJobStore(db, database.kind), retry, {
      what: 'job update',
      never: ['createIfSlotFree', 'rehearseCreate', 'claimPreparation', 'claimDay'],
    }),
    dayStore: jobDayStore(
      db === database.db ? modelDayStore : new KyselyModelDayStore(db),
      new KyselyUnitOfWork(db, database.kind),
      retry,
    ),
  });
  // External agents' requests are served on the requests' side.
  const served = runtimeOn(database.db);
  const runsWorker = options.worker ?? true;
  // The worker's statements make way for requests (see OpenDatabase.background).
  const background = runsWorker ? runtimeOn(database.background) : undefined;
  const scheduler = !background
    ? undefined
    : new JobScheduler(
        {
          jobs: background.jobs,
          prices: pricesOn(database.background),
          modelDays: new ModelDayService(background.dayStore),
          config,
          providerFor: createProviderFactory(env, config.agent_config, devMode),
          ...(news ? { news } : {}),
          ...(env.LLM_CASSETTE_DIR
            ? { cassettes: new CassetteLibrary(env.LLM_CASSETTE_DIR, env.LLM_CASSETTE_MODE) }
            : {}),
          now,
          logger,
        },
        {
          maxConcurrentJobs: env.MAX_CONCURRENT_JOBS,
          leaseMs,
          identity,
          unclaimedTimeoutMs: env.MCP_CLAIM_TIMEOUT_SECONDS * 1000,
          ...(target.kind === 'postgres'
            ? { wakeups: (wake: () => void) => listenForWork(target.url, wake, logger) }
            : {}),
        },
      );
  // Any process may serve external agents (the API over HTTP, `ai-trader mcp` over stdio).
  const arena = new ExternalArena({
    jobs: served.jobs,
    prices,
    modelDays: served.dayStore,
    config,
    ...(news ? { news } : {}),
    now,
    logger: logger.child({ component: 'mcp' }),
    identity,
    leaseMs,
    idleTimeoutMs: env.MCP_IDLE_TIMEOUT_SECONDS * 1000,
  });
  arena.start();
  const jobs = new JobService(jobStore, modelDayStore, config, {
    maxSimulationDays: env.MAX_SIMULATION_DAYS,
    maxConcurrentJobs: env.MAX_CONCURRENT_JOBS,
    now,
    // After the answer is on its way: the claim and the price check are synchronous SQLite work.
    onJobCreated: () => void setImmediate(() => scheduler?.wake()),
  });
  const events = new JobEventFeed(jobs, jobStore);
  // Questions that name no market are the config's market's: `us` for the original's configs.
  const results = new ResultsService(new KyselyResultsStore(database.db, priceStore), {
    defaultMarket: config.market,
    fullReasoningMaxDays: env.RESULTS_FULL_REASONING_MAX_DAYS,
  });

  return {
    env,
    config,
    devMode,
    deployment: {
      mode: devMode ? 'DEV' : 'PROD',
      preserveDevData: env.PRESERVE_DEV_DATA,
      market: config.market,
    },
    database,
    logger,
    jobs,
    events,
    results,
    prices,
    scheduler,
    arena,
    news,
    now,
    async close() {
      await arena.close();
      await scheduler?.stop();
      await database.close();
    },
  };
}

/** Download claims whose every call is retried: a claim already ours is claimed again without harm. */
function retriedDownloadClaims(claims: DownloadClaims, retry: Retry): DownloadClaims {
  return { claimant: () => retried(claims.claimant(), retry, { what: 'price download claim', never: [] }) };
}
