/**
 * How the leaderboard's evidence reads on the page: a return's 95 % interval, and a test's verdict
 * in plain words with its p-value, saying which way a difference goes when it can be told apart.
 */
import type { LeaderboardEntryResponse } from '../api/types.js';
import { formatPercent, NOT_AVAILABLE } from './format.js';

type EntryEvidence = NonNullable<LeaderboardEntryResponse['evidence']>;
export type PairedTest = NonNullable<EntryEvidence['vs_benchmark']>;

/** `+2.00% to +10.41%`. */
export function formatInterval(low: number | null, high: number | null): string {
  return low === null || high === null ? NOT_AVAILABLE : `${formatPercent(low)} to ${formatPercent(high)}`;
}

/** `p = 0.0313`; exact tiny p-values keep their first significant digits. */
export function formatP(p: number | null): string {
  if (p === null) return NOT_AVAILABLE;
  return `p = ${p < 0.0001 ? p.toPrecision(2) : p.toFixed(4)}`;
}

export interface Verdict {
  /** `Above QQQ`, `Below QQQ`, `Not distinguishable`, `Too few sessions`. */
  text: string;
  /** gain / loss for a difference told apart, else none. */
  tone: 'gain' | 'loss' | '';
  /** The whole of it, for a tooltip: method, sessions, mean difference. */
  title: string;
}

/** `test` compares `subject` with `other` (the benchmark's short name, or another model). */
export function verdictOf(test: PairedTest, other: string): Verdict {
  const detail =
    `${test.method}${test.exact ? ' (exact)' : ` (${test.resamples ?? 0} sampled sign patterns)`}, ` +
    `${test.sessions} paired sessions, mean difference ${formatPercent(test.mean_difference_pct, 4)} a session, ` +
    formatP(test.p_value);
  if (test.verdict === 'too few sessions') {
    return {
      text: `Too few sessions (${test.sessions})`,
      tone: '',
      title: `Too few sessions to tell: ${detail}`,
    };
  }
  if (test.verdict === 'not distinguishable') {
    return { text: 'Not distinguishable', tone: '', title: `Not distinguishable from ${other}: ${detail}` };
  }
  const above = (test.mean_difference_pct ?? 0) >= 0;
  return {
    text: `${above ? 'Above' : 'Below'} ${other}`,
    tone: above ? 'gain' : 'loss',
    title: `Distinguishable from ${other}: ${detail}`,
  };
}
