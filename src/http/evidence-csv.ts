/**
 * The evidence of a leaderboard row as CSV cells, appended after the leaderboard's own columns when
 * the evidence was asked for. Pairwise comparisons are not a row's: they stay in the JSON answer.
 */
import type { EntryEvidenceAnswer } from './contract/evidence.js';
import type { CsvCell } from './csv.js';

export const EVIDENCE_COLUMNS = [
  'runs',
  'sessions',
  'model_days',
  'interval_method',
  'return_mean_pct',
  'return_median_pct',
  'return_sd_pct',
  'return_ci_low_pct',
  'return_ci_high_pct',
  'max_drawdown_mean_pct',
  'max_drawdown_ci_low_pct',
  'max_drawdown_ci_high_pct',
  'sharpe_mean',
  'sharpe_ci_low',
  'sharpe_ci_high',
  'vs_benchmark_method',
  'vs_benchmark_sessions',
  'vs_benchmark_mean_difference_pct',
  'vs_benchmark_p_value',
  'vs_benchmark_verdict',
] as const;

/** A row without evidence (none was computed for it) gets empty cells, so every row is as wide. */
export function evidenceCells(evidence: EntryEvidenceAnswer | undefined): CsvCell[] {
  if (evidence === undefined) return EVIDENCE_COLUMNS.map(() => null);
  const { period_return_pct: ret, max_drawdown_pct: drawdown, sharpe, vs_benchmark: test } = evidence;
  return [
    evidence.runs,
    evidence.sessions,
    evidence.model_days,
    evidence.interval_method,
    ret.mean,
    ret.median,
    ret.sd,
    ret.ci_low,
    ret.ci_high,
    drawdown.mean,
    drawdown.ci_low,
    drawdown.ci_high,
    sharpe.mean,
    sharpe.ci_low,
    sharpe.ci_high,
    test?.method ?? null,
    test?.sessions ?? null,
    test?.mean_difference_pct ?? null,
    test?.p_value ?? null,
    test?.verdict ?? null,
  ];
}
