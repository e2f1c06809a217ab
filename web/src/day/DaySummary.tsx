/** The day in figures: value before and after, P&L, and what the model's thinking cost. */
import type { DayResult } from '../api/types.js';
import { signClass } from '../components/LeaderboardTable.js';
import { formatCost, formatCount, formatPercent, formatSeconds } from '../lib/format.js';

/** `money` writes amounts in the day's market's currency; the LLM's cost is in dollars. */
export function DaySummary({ day, money }: { day: DayResult; money: (value: number) => string }) {
  const { daily_metrics: metrics, metadata } = day;
  return (
    <section className="card" aria-label="Day summary" data-testid="day-summary">
      <dl className="stats">
        <Stat label="Start value" value={money(day.starting_position.portfolio_value)} />
        <Stat label="End value" value={money(day.final_position.portfolio_value)} />
        <Stat label="Day P&L" value={money(metrics.profit)} tone={signClass(metrics.profit)} />
        <Stat label="Return" value={formatPercent(metrics.return_pct)} tone={signClass(metrics.return_pct)} />
        <Stat label="Prompt tokens" value={formatCount(metadata.prompt_tokens)} />
        <Stat label="Completion tokens" value={formatCount(metadata.completion_tokens)} />
        <Stat label="LLM cost" value={formatCost(metadata.cost_usd)} />
        <Stat label="Duration" value={formatSeconds(metadata.session_duration_seconds)} />
      </dl>
      <p className="muted">
        Job <code>{day.job_id}</code> · {metadata.total_actions} actions · {metrics.days_since_last_trading}{' '}
        day(s) since the previous trading day
      </p>
      {day.superseded && (
        <p className="state-warning" role="note">
          A later run replaced this day{day.superseded_by_job ? ` (job ${day.superseded_by_job})` : ''}: it no
          longer counts in the standing results.
        </p>
      )}
    </section>
  );
}

function Stat({ label, value, tone = '' }: { label: string; value: string; tone?: string }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd className={tone}>{value}</dd>
    </div>
  );
}
