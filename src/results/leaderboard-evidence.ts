/**
 * The leaderboard's evidence: for each ranked model what its runs say and how surely (core/evidence),
 * the market's benchmark likewise, every pair of models tested on the sessions they share, and what
 * the runs behind it all cost. A model has one run per market and period (its standing model-days)
 * unless a job with repeats gave it more, each stored as a portfolio of its own (core/runs.ts):
 * runsOf gathers them, and with two or more the intervals are drawn over runs.
 */
import { BOOTSTRAP_RESAMPLES, CONFIDENCE } from '../core/evidence/bootstrap.js';
import {
  pairComparisons,
  playerEvidence,
  type PairComparison,
  type Player,
  type PlayerEvidence,
} from '../core/evidence/model-evidence.js';
import {
  EXACT_MAX_SESSIONS,
  MIN_SESSIONS,
  PERMUTATION_RESAMPLES,
  SIGNIFICANCE,
} from '../core/evidence/paired-test.js';
import { EVIDENCE_SEED } from '../core/evidence/random.js';
import type { Market } from '../core/markets/market.js';
import { parsePortfolioKey } from '../core/runs.js';
import type { ValueSeries } from '../core/relative-metrics.js';
import { benchmarkRowLabel } from './leaderboard.js';
import type { Leaderboard, ModelRangeResult, Usage } from './results-types.js';
import { sumUsage } from './stored-days.js';

/** The fixed choices every figure of the evidence was computed with, so an answer can be reproduced. */
export interface EvidenceSettings {
  confidence: number;
  significance: number;
  seed: number;
  bootstrapResamples: number;
  permutationResamples: number;
  /** Up to this many paired sessions, p-values count every sign pattern. */
  exactMaxSessions: number;
  /** Fewer paired sessions than this are "too few sessions". */
  minSessions: number;
}

export const EVIDENCE_SETTINGS: EvidenceSettings = {
  confidence: CONFIDENCE,
  significance: SIGNIFICANCE,
  seed: EVIDENCE_SEED,
  bootstrapResamples: BOOTSTRAP_RESAMPLES,
  permutationResamples: PERMUTATION_RESAMPLES,
  exactMaxSessions: EXACT_MAX_SESSIONS,
  minSessions: MIN_SESSIONS,
};

export interface EntryEvidence extends PlayerEvidence {
  /** The model-days its runs hold: what its evidence cost, in sessions played. */
  modelDays: number;
}

export interface LeaderboardEvidence {
  settings: EvidenceSettings;
  /**
   * One per model, in the order of its best-ranked entry; named by signature. A board row is one
   * portfolio, so a model with repeats has a row per run and one evidence over all of them.
   */
  entries: EntryEvidence[];
  /** The benchmark's own figures (one run, intervals over sessions); null without its prices. */
  benchmark: PlayerEvidence | null;
  /** Every pair of entries once, the better ranked first. */
  pairs: PairComparison[];
  /** The model-days behind the entries and what their LLM calls used and cost. */
  cost: { modelDays: number } & Usage;
}

export type EvidenceLeaderboard = Leaderboard & { evidence: LeaderboardEvidence };

/** A model and the range result of each of its runs over the board's window, runs ascending. */
export interface ModelRuns {
  model: string;
  runs: ModelRangeResult[];
}

/**
 * The one place runs enter the evidence: `ranges` (one per portfolio, ranked order) gathered by
 * model, models in order of their first range. A run is one chain of standing model-days, valued
 * from what its first day's profit was measured against.
 */
export function runsOf(ranges: readonly ModelRangeResult[]): ModelRuns[] {
  const byModel = new Map<string, { run: number; range: ModelRangeResult }[]>();
  for (const range of ranges) {
    const { model, run } = parsePortfolioKey(range.model);
    byModel.set(model, [...(byModel.get(model) ?? []), { run, range }]);
  }
  return [...byModel].map(([model, runs]) => ({
    model,
    runs: runs.sort((a, b) => a.run - b.run).map((r) => r.range),
  }));
}

const valueSeries = (range: ModelRangeResult): ValueSeries => ({
  startingValue: range.periodMetrics.startingValue,
  values: range.dailyValues,
});

/**
 * The evidence of `board`, whose entries were ranked from `ranges` (one per model, any order);
 * `prices` is the benchmark's value series over the board's dates (loadBenchmark), or null.
 */
export function leaderboardEvidence(
  board: Leaderboard,
  ranges: readonly ModelRangeResult[],
  prices: ValueSeries | null,
): LeaderboardEvidence {
  const options = { periodsPerYear: board.market.periodsPerYear };
  const byModel = new Map(ranges.map((r) => [r.model, r]));
  const ranked = board.entries
    .map((e) => byModel.get(e.model))
    .filter((r): r is ModelRangeResult => r !== undefined);
  const models = runsOf(ranked);
  const players: Player[] = models.map((m) => ({ name: m.model, runs: m.runs.map(valueSeries) }));
  const entries = models.map((m, i): EntryEvidence => ({
    ...playerEvidence(players[i] as Player, prices, options),
    modelDays: m.runs.reduce((n, run) => n + run.dailyValues.length, 0),
  }));
  return {
    settings: EVIDENCE_SETTINGS,
    entries,
    benchmark: prices === null ? null : benchmarkEvidence(board.market, prices),
    pairs: pairComparisons(players, options),
    cost: {
      modelDays: entries.reduce((n, e) => n + e.modelDays, 0),
      ...sumUsage(ranked.map((r) => r.totals)),
    },
  };
}

function benchmarkEvidence(market: Market, prices: ValueSeries): PlayerEvidence {
  return playerEvidence({ name: benchmarkRowLabel(market.benchmark), runs: [prices] }, null, {
    periodsPerYear: market.periodsPerYear,
  });
}
