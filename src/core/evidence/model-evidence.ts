/**
 * What a model's runs say, and how surely: per figure (period return, max drawdown, Sharpe) the
 * mean, median and spread over its runs with a 95 % bootstrap interval, and whether it did
 * differently from the benchmark and from each other model, sessions paired. A model is a list of
 * runs; each run is one portfolio's end-of-day values over the sessions, from its starting value.
 */
import { dailyReturns, periodMetrics, riskMetrics, type RiskOptions } from '../metrics.js';
import type { ValueSeries } from '../relative-metrics.js';
import { mean, median, sampleStdDev } from '../statistics.js';
import {
  bootstrapMeanOverRuns,
  bootstrapOverSessions,
  type BootstrapOptions,
  type Interval,
} from './bootstrap.js';
import { pairedTest, type PairedTest } from './paired-test.js';
import { pooledRuns, sessionPairs } from './session-pairs.js';

export type IntervalMethod = 'bootstrap over runs' | 'bootstrap over sessions';

export interface Player {
  /** A model's signature, or the benchmark's row label. */
  name: string;
  /** Non-empty; today one per model. */
  runs: readonly ValueSeries[];
}

/** One figure over a model's runs. */
export interface FigureSpread {
  /** Runs that have the figure (a run whose returns never varied has no Sharpe). */
  runs: number;
  mean: number | null;
  median: number | null;
  /** Sample standard deviation over the runs; null below two. */
  sd: number | null;
  min: number | null;
  max: number | null;
  /** 95 %, by the model's interval method; null when there is nothing to resample. */
  interval: Interval | null;
}

export interface PlayerEvidence {
  name: string;
  runs: number;
  /** Sessions with a value in any run. */
  sessions: number;
  /** How the intervals were drawn: over runs with two or more, over sessions with one. */
  intervalMethod: IntervalMethod;
  periodReturnPct: FigureSpread;
  maxDrawdownPct: FigureSpread;
  sharpe: FigureSpread;
  /** Against the market's benchmark; null without its prices (and for the benchmark itself). */
  vsBenchmark: PairedTest | null;
}

/** `a` against `b`: the test's mean difference is a's returns minus b's. */
export interface PairComparison {
  a: string;
  b: string;
  test: PairedTest;
}

export type EvidenceOptions = RiskOptions & BootstrapOptions;

interface RunFigures {
  periodReturnPct: number;
  maxDrawdownPct: number | null;
  sharpe: number | null;
}

function runFigures(run: ValueSeries, options: RiskOptions): RunFigures {
  const risk = riskMetrics(run.values, run.startingValue, options);
  return {
    periodReturnPct: periodMetrics(run.values, run.startingValue).periodReturnPct,
    maxDrawdownPct: risk.maxDrawdownPct,
    sharpe: risk.sharpe,
  };
}

function spread(values: readonly (number | null)[], interval: Interval | null): FigureSpread {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) {
    return { runs: 0, mean: null, median: null, sd: null, min: null, max: null, interval: null };
  }
  const avg = mean(known);
  return {
    runs: known.length,
    mean: avg,
    median: median(known),
    sd: known.length >= 2 ? sampleStdDev(known, avg) : null,
    min: Math.min(...known),
    max: Math.max(...known),
    interval,
  };
}

/** A player's figures; `benchmark` (the market's, as a value series) is what it is tested against. */
export function playerEvidence(
  player: Player,
  benchmark: ValueSeries | null,
  options: EvidenceOptions = {},
): PlayerEvidence {
  const figures = player.runs.map((run) => runFigures(run, options));
  const overRuns = player.runs.length >= 2;
  const column = <K extends keyof RunFigures>(key: K): RunFigures[K][] => figures.map((f) => f[key]);
  const known = (xs: readonly (number | null)[]): number[] => xs.filter((x): x is number => x !== null);
  let intervals: Record<keyof RunFigures, Interval | null>;
  if (overRuns) {
    intervals = {
      periodReturnPct: bootstrapMeanOverRuns(column('periodReturnPct'), options),
      maxDrawdownPct: bootstrapMeanOverRuns(known(column('maxDrawdownPct')), options),
      sharpe: bootstrapMeanOverRuns(known(column('sharpe')), options),
    };
  } else {
    const run = player.runs[0] as ValueSeries;
    intervals = bootstrapOverSessions(dailyReturns(run.values, run.startingValue), options);
  }
  const dates = new Set(player.runs.flatMap((run) => run.values.map((v) => v.date)));
  return {
    name: player.name,
    runs: player.runs.length,
    sessions: dates.size,
    intervalMethod: overRuns ? 'bootstrap over runs' : 'bootstrap over sessions',
    periodReturnPct: spread(column('periodReturnPct'), intervals.periodReturnPct),
    maxDrawdownPct: spread(column('maxDrawdownPct'), intervals.maxDrawdownPct),
    sharpe: spread(column('sharpe'), intervals.sharpe),
    vsBenchmark: benchmark === null ? null : compareSeries(pooledRuns(player.runs), benchmark, options),
  };
}

/** Every pair of players once, in the order given: the first named plays `a`. */
export function pairComparisons(players: readonly Player[], options: EvidenceOptions = {}): PairComparison[] {
  const pooled = players.map((p) => pooledRuns(p.runs));
  const pairs: PairComparison[] = [];
  for (let i = 0; i < players.length; i++) {
    for (let j = i + 1; j < players.length; j++) {
      pairs.push({
        a: (players[i] as Player).name,
        b: (players[j] as Player).name,
        test: compareSeries(pooled[i] as ValueSeries, pooled[j] as ValueSeries, options),
      });
    }
  }
  return pairs;
}

function compareSeries(a: ValueSeries, b: ValueSeries, options: EvidenceOptions): PairedTest {
  const pairs = sessionPairs(a, b);
  return pairedTest(pairs.a, pairs.b, { seed: options.seed });
}
