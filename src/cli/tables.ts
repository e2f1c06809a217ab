import { DEFAULT_MARKET_ID } from '../core/markets/index.js';
import { moneyFormatter } from '../core/markets/rules-text.js';
import type {
  DayResultResponse,
  LeaderboardEntryResponse,
  LeaderboardResponse,
  RangeResultResponse,
  ResultsResponse,
} from '../http/contract/results.js';
import type { PairedTestAnswer } from '../http/contract/evidence.js';

/** A plain fixed-width table: first column left-aligned, the rest right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const fixed = (x: number | null | undefined, digits: number, suffix = ''): string =>
  x === null || x === undefined ? '-' : `${x.toFixed(digits)}${suffix}`;

type Currency = ResultsResponse['currency'];

/** Amounts in the answer's currency, as the agents see them: `$10,100.00`, `¥100,500.00`, `50,494.9500 USDT`. */
function moneyIn(currency: Currency): (x: number | null | undefined) => string {
  const format = moneyFormatter(currency);
  return (x) => (x === null || x === undefined ? '-' : format(x));
}

/**
 * `(2025-10-01 to 2025-10-02)`; a market other than us is named with its currency, `(crypto, USDT,
 * 2025-11-02 to 2025-11-04)`, and us tables read as they did before markets.
 */
function heading(
  what: string,
  answer: Pick<ResultsResponse, 'market' | 'currency'>,
  period: string | null,
): string {
  const parts = answer.market === DEFAULT_MARKET_ID ? [] : [answer.market, answer.currency.code];
  if (period !== null) parts.push(period);
  return parts.length === 0 ? what : `${what} (${parts.join(', ')})`;
}

/** Token counts at a glance: 950, 12.3k, 4.1M. */
const compactCount = (n: number): string =>
  n < 1000 ? String(n) : n < 1_000_000 ? `${(n / 1000).toFixed(1)}k` : `${(n / 1_000_000).toFixed(1)}M`;

/**
 * The leaderboard as printed by `ai-trader leaderboard`, `simulate` and the demo: values in the
 * market's currency, its benchmark's row (QQQ, SSE-50 index, CD5) last; LLM cost is always USD.
 * With evidence, each row adds its return's 95 % interval and its verdict against the benchmark,
 * and lines under the table say how they were drawn, which pairs differ and what it all cost.
 */
export function formatLeaderboard(board: LeaderboardResponse): string {
  const money = moneyIn(board.currency);
  const withEvidence = board.evidence !== undefined;
  const superseded = (e: LeaderboardEntryResponse): boolean => e.superseded_dates.length > 0;
  const name = portfolioName(board.entries);
  const row = (e: LeaderboardEntryResponse, rank: string, label = name(e)): string[] => [
    `${rank} ${label}${superseded(e) ? ' *' : ''}`,
    fixed(e.period_return_pct, 2, '%'),
    money(e.ending_value),
    e.trades === null ? '-' : String(e.trades),
    fixed(e.turnover, 2, 'x'),
    fixed(e.max_drawdown_pct, 2, '%'),
    fixed(e.sharpe, 2),
    fixed(e.calmar, 2),
    fixed(e.alpha_pct, 2, '%'),
    fixed(e.beta, 2),
    e.prompt_tokens === null || e.completion_tokens === null
      ? '-'
      : `${compactCount(e.prompt_tokens)}/${compactCount(e.completion_tokens)}`,
    e.cost_usd === null ? '-' : `$${e.cost_usd.toFixed(4)}`,
    ...(withEvidence ? evidenceCells(e) : []),
  ];
  const rows = board.entries.map((e, i) => row(e, `${i + 1}.`));
  if (board.benchmark) rows.push(row(board.benchmark, '  ', board.benchmark.model));
  const period = board.start_date ? `${board.start_date} to ${board.end_date}` : 'no data';
  const header = [
    'model',
    'return',
    'value',
    'trades',
    'turnover',
    'max dd',
    'sharpe',
    'calmar',
    'alpha',
    'beta',
    'tokens',
    'cost',
  ];
  const table = formatTable(withEvidence ? [...header, '95% CI', 'vs benchmark'] : header, rows);
  // Only a job's own board can hold superseded days; say so rather than pass them off as standing.
  const note = board.entries.some(superseded) ? '\n* includes days a later run has superseded' : '';
  const notes = evidenceNotes(board)
    .map((line) => `\n${line}`)
    .join('');
  return `${heading('Leaderboard', board, period)}\n${table}${note}${notes}`;
}

/**
 * A row's name: the model, and with repeats its run (`dice run 2`). Answers name runs from 2 on
 * only; when any row of a table does, run 1's rows say so too, so no row reads as the model whole.
 */
function portfolioName(
  rows: readonly { run?: number | undefined }[],
): (row: { model: string; run?: number | undefined }) => string {
  const withRuns = rows.some((r) => r.run !== undefined);
  return (r) => (withRuns ? `${r.model} run ${r.run ?? 1}` : r.model);
}

/** `[2.00, 10.41]%`; `-` without an interval. */
function interval(low: number | null, high: number | null): string {
  return low === null || high === null ? '-' : `[${low.toFixed(2)}, ${high.toFixed(2)}]%`;
}

/**
 * `p=0.0313 distinguishable, above`, `p=0.7188 not distinguishable`, `too few sessions (5)`: a
 * difference told apart says which way it goes (the sign of the mean session difference).
 */
function verdictText(test: PairedTestAnswer): string {
  if (test.verdict === 'too few sessions') return `too few sessions (${test.sessions})`;
  const p = `p=${(test.p_value ?? Number.NaN).toFixed(4)} ${test.verdict}`;
  if (test.verdict !== 'distinguishable') return p;
  return `${p}, ${(test.mean_difference_pct ?? 0) >= 0 ? 'above' : 'below'}`;
}

function evidenceCells(entry: LeaderboardEntryResponse): string[] {
  const evidence = entry.evidence;
  if (evidence === undefined) return ['-', '-'];
  const ret = evidence.period_return_pct;
  return [
    interval(ret.ci_low, ret.ci_high),
    evidence.vs_benchmark === null ? '-' : verdictText(evidence.vs_benchmark),
  ];
}

/** How the evidence was drawn, the verdict of every pair of models, and what it cost. */
function evidenceNotes(board: LeaderboardResponse): string[] {
  const evidence = board.evidence;
  if (evidence === undefined) return [];
  const methods = new Set(board.entries.flatMap((e) => (e.evidence ? [e.evidence.interval_method] : [])));
  const runs = new Set(board.entries.flatMap((e) => (e.evidence ? [e.evidence.runs] : [])));
  const lines = [
    `95% CI of the return: ${[...methods].join(' / ') || '-'} (runs per model: ${[...runs].join(', ') || '-'}; ` +
      `seed ${evidence.seed}, ${evidence.bootstrap_resamples} resamples)`,
    `vs benchmark and pairs: paired sign-flip permutation test on session returns, distinguishable at p <= ${evidence.significance}`,
    // "above" here: the first named model above the second.
    ...evidence.comparisons.map((pair) => `  ${pair.model_a} vs ${pair.model_b}: ${verdictText(pair)}`),
  ];
  const { cost } = evidence;
  const dollars = cost.cost_usd === null ? 'cost unknown' : `$${cost.cost_usd.toFixed(4)}`;
  lines.push(
    `Evidence cost: ${cost.model_days} model-days, ${compactCount(cost.prompt_tokens)}/` +
      `${compactCount(cost.completion_tokens)} tokens, ${dollars}`,
  );
  return lines;
}

/**
 * `ai-trader results`: one row per model-day for a single date, one per model for a range, money in
 * the market's currency (and the market named, when it is not us).
 */
export function formatResults(answer: ResultsResponse): string {
  const { results } = answer;
  if (results.length === 0) return 'no results';
  const money = moneyIn(answer.currency);
  const title = answer.market === DEFAULT_MARKET_ID ? '' : `${heading('Results', answer, null)}\n`;
  return title + resultsTable(results, money);
}

function resultsTable(results: ResultsResponse['results'], money: (x: number) => string): string {
  const ranges = results.filter((r): r is RangeResultResponse => 'period_metrics' in r);
  const name = portfolioName(results);
  if (ranges.length > 0) {
    return formatTable(
      ['model', 'from', 'to', 'start value', 'end value', 'return', 'annualized'],
      ranges.map((r) => {
        const m = r.period_metrics;
        return [
          name(r),
          r.start_date,
          r.end_date,
          money(m.starting_portfolio_value),
          money(m.ending_portfolio_value),
          `${m.period_return_pct}%`,
          `${m.annualized_return_pct}%`,
        ];
      }),
    );
  }
  const days = results.filter((r): r is DayResultResponse => 'daily_metrics' in r);
  return formatTable(
    ['model', 'date', 'trades', 'end value', 'profit', 'return'],
    days.map((r) => [
      name(r),
      r.date,
      String(r.trades.length),
      money(r.final_position.portfolio_value),
      money(r.daily_metrics.profit),
      `${r.daily_metrics.return_pct.toFixed(2)}%`,
    ]),
  );
}
