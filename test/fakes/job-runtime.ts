/**
 * The collaborators of the job scheduler and the MCP arena, as unit tests want them: a clock that
 * moves when told, a config from a few lines, price data that is always there, and a model-day
 * service whose days run scripts instead of an agent and commit into the in-memory job store the
 * way the real one commits (the detail completed only while the claim's lease holds).
 */
import pino, { type Logger } from 'pino';
import { parseAppConfig, type AppConfig } from '../../src/config/app-config.js';
import type { DailyBar } from '../../src/core/bars.js';
import type { JobStore } from '../../src/jobs/job-store.js';
import type { PriceDataService } from '../../src/market-data/price-data-service.js';
import type { ModelDayRequest, ModelDayService } from '../../src/simulation/model-day-service.js';
import { heldDayRecord, jobOver, modelDayGrid } from '../helpers/model-day-fixtures.js';

export const silentLogger: Logger = pino({ level: 'silent' });

/** A clock that stands still until the test moves it. */
export interface ManualClock {
  now(): Date;
  advance(ms: number): void;
}

export function manualClock(start = '2025-11-01T00:00:00.000Z'): ManualClock {
  let time = Date.parse(start);
  return { now: () => new Date(time), advance: (ms) => void (time += ms) };
}

/** A config of these models (`ext…` signatures are external), trading AAPL and MSFT in the us market. */
export function configOf(
  models: readonly string[],
  agent: { max_concurrent_models?: number; max_steps?: number } = {},
): AppConfig {
  return parseAppConfig({
    models: models.map((signature) => ({
      name: signature,
      basemodel: `test/${signature}`,
      signature,
      ...(signature.startsWith('ext') ? { kind: 'external' } : {}),
    })),
    agent_config: { stock_symbols: ['AAPL', 'MSFT'], ...agent },
  });
}

/** Every model on every date of a new job, created `createdAt` (pending until a worker prepares it). */
export async function addJob(
  store: JobStore,
  jobId: string,
  models: readonly string[],
  dates: readonly string[],
  createdAt: string,
): Promise<void> {
  const days = modelDayGrid(models, dates);
  if (!(await store.createIfSlotFree(jobOver(jobId, days, createdAt), days, 100)))
    throw new Error(`no slot for job ${jobId}`);
}

type PricePort = Pick<PriceDataService, 'download' | 'availability' | 'storedBars'>;

/** Prices with nothing to download, every requested session runnable, and these bars stored. */
export function storedPrices(bars: readonly DailyBar[] = []): PricePort & PriceDataService {
  const port: PricePort = {
    download: async () => ({
      needed: [],
      downloaded: [],
      storedElsewhere: [],
      failed: [],
      rateLimited: false,
      barsStored: 0,
      warnings: [],
    }),
    availability: async (market, _symbols, start, end) => ({
      runnable: market.calendar.sessionsBetween(start, end),
      skipped: [],
      unavailableSymbols: [],
    }),
    storedBars: async (symbols, start, end) =>
      bars.filter((b) => symbols.includes(b.symbol) && b.date >= start && b.date <= end),
  };
  // The service's private state is no part of what the code under test may use.
  return port as PricePort & PriceDataService;
}

/** What a scripted day does before it commits; throwing fails the day, as an agent's error would. */
export type DayScript = (request: ModelDayRequest, attempt: number) => Promise<void>;

/** Lets the claim loop that started a day go on before the day ends, as a real agent's I/O would. */
const aMoment = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs each model-day by its script (by default: a moment's work), then commits it through the
 * job store under its lease. Remembers which days started, in order, and how many of one job ran
 * at once.
 */
export class ScriptedModelDays implements Pick<ModelDayService, 'run'> {
  readonly started: { jobId: string; model: string; date: string }[] = [];
  /** Days that started while an earlier run of their model was still going. */
  readonly overlaps: string[] = [];
  readonly #peak = new Map<string, number>();
  readonly #running = new Map<string, number>();
  readonly #busyModels = new Set<string>();
  readonly #scripts = new Map<string, DayScript>();
  #ids = 0;

  constructor(
    private readonly jobs: JobStore,
    private readonly now: () => Date,
  ) {}

  /** As a `ModelDayService`, for `JobRuntimeDeps`. */
  get service(): ModelDayService {
    return this as unknown as ModelDayService;
  }

  script(model: string, date: string, run: DayScript): void {
    this.#scripts.set(`${model}|${date}`, run);
  }

  /** The most days of `jobId` that ran at the same time. */
  peak(jobId: string): number {
    return this.#peak.get(jobId) ?? 0;
  }

  /** The dates of `model` in the order they started. */
  datesOf(model: string): string[] {
    return this.started.filter((s) => s.model === model).map((s) => s.date);
  }

  async run(request: ModelDayRequest): ReturnType<ModelDayService['run']> {
    const { jobId, model, date } = request;
    const attempt = this.started.filter((s) => s.model === model && s.date === date).length + 1;
    this.started.push({ jobId, model, date });
    if (this.#busyModels.has(model)) this.overlaps.push(`${model} ${date}`);
    this.#busyModels.add(model);
    const running = (this.#running.get(jobId) ?? 0) + 1;
    this.#running.set(jobId, running);
    this.#peak.set(jobId, Math.max(running, this.peak(jobId)));
    const startedAt = this.now().toISOString();
    try {
      await (this.#scripts.get(`${model}|${date}`) ?? aMoment)(request, attempt);
      const completedAt = this.now().toISOString();
      const times = { startedAt, completedAt, sessionDurationSeconds: 0 };
      await this.jobs.completeDay(jobId, { model, date }, { ...times, durationSeconds: 0 }, request.lease);
      return { tradingDayId: ++this.#ids, record: heldDayRecord(jobId, { model, date }, times) };
    } finally {
      this.#busyModels.delete(model);
      this.#running.set(jobId, (this.#running.get(jobId) ?? 1) - 1);
    }
  }
}

/** Resolves once `signal` aborts, rejecting with its reason: a day that runs until it is stopped. */
export function untilAborted(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    if (signal.aborted) reject(signal.reason as Error);
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
  });
}
