/**
 * One model's day in full: positions before and after, the trades with their fill prices, refused
 * tool calls, the whole conversation, tokens and cost
 * (GET /results?start_date=D&end_date=D&model=M&reasoning=full), in the shown market's currency.
 */
import { apiPath } from '../api/client.js';
import type { DayResult, LeaderboardResponse, ResultsResponse } from '../api/types.js';
import { isRangeResult } from '../api/types.js';
import { useApi } from '../api/useApi.js';
import { PageHeading } from '../components/PageHeading.js';
import { PriceNote } from '../components/PriceNote.js';
import { useMarket } from '../components/Market.js';
import { EmptyState, ErrorNotice, Loading } from '../components/StateViews.js';
import { Conversation } from '../day/Conversation.js';
import { DayPicker, type DayChoice } from '../day/DayPicker.js';
import { DaySummary } from '../day/DaySummary.js';
import { PositionTable } from '../day/PositionTable.js';
import { RefusedCalls } from '../day/RefusedCalls.js';
import { TradesTable } from '../day/TradesTable.js';
import { moneyFormatter } from '../lib/market.js';

export function DayPage({ params, navigate }: { params: URLSearchParams; navigate: (href: string) => void }) {
  const job = params.get('job') ?? '';
  const { fromUrl: market, href } = useMarket();
  const board = useApi<LeaderboardResponse>(apiPath('/results/leaderboard', { job_id: job, market }));
  const models = board.state === 'ready' ? board.data.entries.map((entry) => entry.model).sort() : [];
  const model = params.get('model') ?? models[0] ?? '';

  const span = board.state === 'ready' ? board.data : null;
  const history = useApi<ResultsResponse>(
    model && span?.start_date && span.end_date
      ? apiPath('/results', {
          start_date: span.start_date,
          end_date: span.end_date,
          model,
          job_id: job,
          market: span.market,
        })
      : null,
  );
  const dates = history.state === 'ready' ? datesOf(history.data) : [];
  const date = params.get('date') || (dates[dates.length - 1] ?? '');

  const choose = (choice: DayChoice): void => navigate(href('day', { ...choice, job }));

  return (
    <>
      <PageHeading>Model-day</PageHeading>
      {board.state === 'loading' && <Loading what="models" />}
      {board.state === 'error' && <ErrorNotice what="models" error={board.error} retry={board.reload} />}
      {board.state === 'ready' && models.length === 0 && (
        <EmptyState>
          <p>
            No model has traded in this market yet. <a href={href('jobs')}>Start a simulation</a>.
          </p>
        </EmptyState>
      )}
      {models.length > 0 && (
        <DayPicker models={models} dates={dates} value={{ model, date }} onChange={choose} />
      )}
      {model && date && span && <DayDetails model={model} date={date} job={job} market={span.market} />}
    </>
  );
}

function DayDetails(props: {
  model: string;
  date: string;
  job: string;
  market: LeaderboardResponse['market'];
}) {
  const { model, date, job, market } = props;
  const day = useApi<ResultsResponse>(
    apiPath('/results', { start_date: date, end_date: date, model, job_id: job, market, reasoning: 'full' }),
  );
  if (day.state === 'loading') return <Loading what={`${model} on ${date}`} />;
  if (day.state === 'error') {
    if (day.error.status === 404)
      return (
        <EmptyState>
          {model} did not trade on {date}.
        </EmptyState>
      );
    return <ErrorNotice what={`${model} on ${date}`} error={day.error} retry={day.reload} />;
  }
  const result = day.data.results.find((item): item is DayResult => !isRangeResult(item));
  if (!result)
    return (
      <EmptyState>
        {model} did not trade on {date}.
      </EmptyState>
    );
  const money = moneyFormatter(day.data.currency);
  return (
    <article className="day" aria-label={`${model} on ${date}`} data-testid="day-details">
      <h2>
        {model} on {date}
      </h2>
      <PriceNote />
      <DaySummary day={result} money={money} />
      <div className="two-columns">
        <PositionTable
          title="Starting position"
          position={result.starting_position}
          money={money}
          testId="starting-position"
        />
        <PositionTable
          title="Final position"
          position={result.final_position}
          money={money}
          testId="final-position"
        />
      </div>
      <TradesTable trades={result.trades} money={money} />
      <RefusedCalls calls={result.tool_calls_refused} />
      <Conversation messages={Array.isArray(result.reasoning) ? result.reasoning : []} />
    </article>
  );
}

function datesOf(results: ResultsResponse): string[] {
  const item = results.results[0];
  if (item === undefined) return [];
  return isRangeResult(item) ? item.daily_portfolio_values.map((point) => point.date) : [item.date];
}
