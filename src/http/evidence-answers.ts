/**
 * The leaderboard with its evidence on the wire: the leaderboard's own answer, unchanged, with an
 * `evidence` object added to each row and to the board. Rounded here, once: percentages of a period
 * to 2 decimals as the board's returns, a session's to 4, ratios to 4, p-values to 6 (exact ones
 * such as 2/64 = 0.03125 keep every digit).
 */
import type { FigureSpread, PairComparison, PlayerEvidence } from '../core/evidence/model-evidence.js';
import type { PairedTest } from '../core/evidence/paired-test.js';
import type { EvidenceLeaderboard, LeaderboardEvidence } from '../results/leaderboard-evidence.js';
import type {
  BoardEvidenceAnswer,
  ComparisonAnswer,
  EntryEvidenceAnswer,
  FigureAnswer,
  PairedTestAnswer,
} from './contract/evidence.js';
import type { LeaderboardResponse } from './contract/results.js';
import {
  DAILY_PCT_DECIMALS,
  leaderboardAnswer,
  PERIOD_PCT_DECIMALS,
  RATIO_DECIMALS,
  round,
  USD_DECIMALS,
} from './results-answers.js';

const P_VALUE_DECIMALS = 6;

export function evidenceLeaderboardAnswer(board: EvidenceLeaderboard): LeaderboardResponse {
  const answer = leaderboardAnswer(board);
  const { evidence } = board;
  const byModel = new Map(evidence.entries.map((e) => [e.name, e]));
  // A model's evidence covers all its runs; it rides on its best-ranked row (its other runs' rows
  // have none), so a model without repeats has it on its one row as before.
  const shown = new Set<string>();
  return {
    ...answer,
    entries: answer.entries.map((entry) => {
      const found = byModel.get(entry.model);
      if (found === undefined || shown.has(entry.model)) return entry;
      shown.add(entry.model);
      return { ...entry, evidence: entryEvidence(found, found.modelDays) };
    }),
    benchmark:
      answer.benchmark === null || evidence.benchmark === null
        ? answer.benchmark
        : { ...answer.benchmark, evidence: entryEvidence(evidence.benchmark, null) },
    evidence: boardEvidence(evidence),
  };
}

function entryEvidence(player: PlayerEvidence, modelDays: number | null): EntryEvidenceAnswer {
  return {
    runs: player.runs,
    sessions: player.sessions,
    model_days: modelDays,
    interval_method: player.intervalMethod,
    period_return_pct: figure(player.periodReturnPct, PERIOD_PCT_DECIMALS),
    max_drawdown_pct: figure(player.maxDrawdownPct, PERIOD_PCT_DECIMALS),
    sharpe: figure(player.sharpe, RATIO_DECIMALS),
    vs_benchmark: player.vsBenchmark === null ? null : pairedTest(player.vsBenchmark),
  };
}

function figure(spread: FigureSpread, digits: number): FigureAnswer {
  return {
    runs: spread.runs,
    mean: round(spread.mean, digits),
    median: round(spread.median, digits),
    sd: round(spread.sd, digits),
    min: round(spread.min, digits),
    max: round(spread.max, digits),
    ci_low: round(spread.interval?.low ?? null, digits),
    ci_high: round(spread.interval?.high ?? null, digits),
  };
}

function pairedTest(test: PairedTest): PairedTestAnswer {
  return {
    method: test.method,
    exact: test.exact,
    resamples: test.resamples,
    sessions: test.sessions,
    mean_difference_pct: round(test.meanDifferencePct, DAILY_PCT_DECIMALS),
    t: round(test.t, RATIO_DECIMALS),
    p_value: round(test.pValue, P_VALUE_DECIMALS),
    t_p_value: round(test.tPValue, P_VALUE_DECIMALS),
    verdict: test.verdict,
  };
}

function comparison(pair: PairComparison): ComparisonAnswer {
  return { model_a: pair.a, model_b: pair.b, ...pairedTest(pair.test) };
}

function boardEvidence(evidence: LeaderboardEvidence): BoardEvidenceAnswer {
  const { settings, cost } = evidence;
  return {
    confidence: settings.confidence,
    significance: settings.significance,
    seed: settings.seed,
    bootstrap_resamples: settings.bootstrapResamples,
    permutation_resamples: settings.permutationResamples,
    exact_max_sessions: settings.exactMaxSessions,
    min_sessions: settings.minSessions,
    comparisons: evidence.pairs.map(comparison),
    cost: {
      model_days: cost.modelDays,
      prompt_tokens: cost.promptTokens,
      completion_tokens: cost.completionTokens,
      cost_usd: round(cost.costUsd, USD_DECIMALS),
    },
  };
}
