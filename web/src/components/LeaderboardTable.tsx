/**
 * The leaderboard as the API ranks it, sortable by any column with real buttons (keyboard and
 * screen reader friendly, `aria-sort` on the sorted column); the market's benchmark row (QQQ, the
 * SSE-50 index, CD5 bought and held) stays last. Values are in the market's currency. A board with
 * evidence adds each row's 95 % return interval and its verdict against the benchmark.
 */
import { useState } from 'react';
import type { LeaderboardEntryResponse, LeaderboardResponse } from '../api/types.js';
import { formatCost, formatCount, formatDrawdown, formatPercent, formatRatio } from '../lib/format.js';
import { formatInterval, verdictOf } from '../lib/evidence.js';
import { benchmarkLabel } from '../lib/series.js';
import { moneyFormatter } from '../lib/market.js';
import { hrefFor } from '../lib/route.js';
import { COLUMNS, DEFAULT_SORT, nextSort, sortEntries, type SortKey, type SortState } from '../lib/sort.js';

export function LeaderboardTable({ board, jobId }: { board: LeaderboardResponse; jobId: string | null }) {
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const rows = sortEntries(board.entries, sort);
  const money = moneyFormatter(board.currency);
  const benchmarkName = board.benchmark ? benchmarkLabel(board.benchmark) : null;
  const withEvidence = board.evidence !== undefined;
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label="Leaderboard (scrolls sideways)">
      <table className="leaderboard" data-testid="leaderboard">
        <caption className="visually-hidden">
          Models ranked over {board.start_date} to {board.end_date}
          {benchmarkName && `, with the ${benchmarkName} benchmark last`}
        </caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              <abbr title="Rank by return">#</abbr>
            </th>
            {COLUMNS.map((column) => (
              <SortableHeader
                key={column.key}
                label={column.label}
                name={column.name}
                numeric={column.numeric}
                sortKey={column.key}
                sort={sort}
                onSort={(key) => setSort(nextSort(sort, key))}
              />
            ))}
            {withEvidence && (
              <>
                <th scope="col" className="num">
                  <abbr title="95% interval of the return (see Evidence below)">95% CI</abbr>
                </th>
                <th scope="col">vs {benchmarkName ?? 'benchmark'}</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((entry) => (
            <LeaderboardRow
              key={entry.model}
              rank={board.entries.indexOf(entry) + 1}
              entry={entry}
              money={money}
              withEvidence={withEvidence}
              benchmarkName={benchmarkName}
              dayHref={hrefFor('day', {
                model: entry.model,
                date: board.end_date,
                job: jobId,
                market: board.market,
              })}
            />
          ))}
          {board.benchmark && (
            <LeaderboardRow
              rank={null}
              entry={board.benchmark}
              money={money}
              withEvidence={withEvidence}
              dayHref={null}
              benchmarkName={benchmarkName}
            />
          )}
        </tbody>
      </table>
    </div>
  );
}

function SortableHeader(props: {
  label: string;
  name: string;
  numeric: boolean;
  sortKey: SortKey;
  sort: SortState;
  onSort: (key: SortKey) => void;
}) {
  const { label, name, numeric, sortKey, sort, onSort } = props;
  const active = sort.key === sortKey;
  const arrow = !active ? '↕' : sort.direction === 'ascending' ? '▲' : '▼';
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? sort.direction : 'none'}>
      <button type="button" className="sort-button" title={`Sort by ${name}`} onClick={() => onSort(sortKey)}>
        {label}{' '}
        <span aria-hidden="true" className="sort-arrow">
          {arrow}
        </span>
        <span className="visually-hidden">
          {active ? `, sorted ${sort.direction}` : ''}, sort by {name}
        </span>
      </button>
    </th>
  );
}

function LeaderboardRow(props: {
  rank: number | null;
  entry: LeaderboardEntryResponse;
  money: (value: number | null) => string;
  dayHref: string | null;
  benchmarkName?: string | null;
  withEvidence: boolean;
}) {
  const { rank, entry, money, dayHref, benchmarkName, withEvidence } = props;
  const benchmark = rank === null;
  return (
    <tr
      className={benchmark ? 'benchmark-row' : undefined}
      data-model={entry.model}
      data-benchmark={benchmark || undefined}
    >
      <td className="num">{rank ?? ''}</td>
      <th scope="row">
        {dayHref ? (
          <a href={dayHref} title={`Day by day: ${entry.model}`}>
            {entry.model}
          </a>
        ) : (
          <span title={`${benchmarkName ?? 'The benchmark'} bought at the start of the period and held`}>
            {entry.model}
          </span>
        )}
      </th>
      <td className={`num ${signClass(entry.period_return_pct)}`} data-field="return">
        {formatPercent(entry.period_return_pct)}
      </td>
      <td className="num" data-field="value">
        {money(entry.ending_value)}
      </td>
      <td className="num" data-field="trades">
        {formatCount(entry.trades)}
      </td>
      <td className="num" data-field="drawdown">
        {formatDrawdown(entry.max_drawdown_pct)}
      </td>
      <td className="num" data-field="sharpe">
        {formatRatio(entry.sharpe)}
      </td>
      <td className="num" data-field="calmar">
        {formatRatio(entry.calmar)}
      </td>
      <td className={`num ${signClass(entry.alpha_pct)}`} data-field="alpha">
        {formatPercent(entry.alpha_pct)}
      </td>
      <td className="num" data-field="beta">
        {formatRatio(entry.beta)}
      </td>
      <td className="num" data-field="cost">
        {formatCost(entry.cost_usd)}
      </td>
      {withEvidence && <EvidenceCells entry={entry} benchmarkName={benchmarkName ?? 'the benchmark'} />}
    </tr>
  );
}

function EvidenceCells({ entry, benchmarkName }: { entry: LeaderboardEntryResponse; benchmarkName: string }) {
  const evidence = entry.evidence;
  const ret = evidence?.period_return_pct;
  const test = evidence?.vs_benchmark ?? null;
  const verdict = test === null ? null : verdictOf(test, benchmarkName);
  return (
    <>
      <td
        className="num interval"
        data-field="interval"
        title={
          evidence
            ? `${evidence.interval_method}, ${evidence.runs} run(s), ${evidence.sessions} sessions`
            : undefined
        }
      >
        {formatInterval(ret?.ci_low ?? null, ret?.ci_high ?? null)}
      </td>
      <td className={verdict?.tone || undefined} data-field="verdict" title={verdict?.title}>
        {verdict?.text ?? ''}
      </td>
    </>
  );
}

export const signClass = (value: number | null): string =>
  value === null || value === 0 ? '' : value > 0 ? 'gain' : 'loss';
