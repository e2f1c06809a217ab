import { describe, expect, it } from 'vitest';
import { RefusedError } from '../../src/core/errors.js';
import {
  InvalidResultsQueryError,
  NO_DATA_MESSAGE,
  NoResultsError,
} from '../../src/results/results-errors.js';
import type { DayFilter, ResultsStore } from '../../src/results/results-store.js';
import { ResultsService } from '../../src/results/results-service.js';
import type { ResultsQuery } from '../../src/results/results-types.js';
import type { MarketId } from '../../src/core/markets/market.js';

const NOW = new Date('2025-10-20T23:30:00Z');

/** A store holding nothing but jobs' markets, recording the day filters it was asked for. */
function emptyStore(jobMarkets: Record<string, MarketId> = {}): ResultsStore & { filters: DayFilter[] } {
  const filters: DayFilter[] = [];
  return {
    filters,
    modelDays: (filter) => {
      filters.push(filter);
      return Promise.resolve([]);
    },
    tradesFor: () => Promise.resolve([]),
    holdingsFor: () => Promise.resolve([]),
    reasoningFor: () => Promise.resolve([]),
    usageTotals: () => Promise.resolve(new Map()),
    tradedNotional: () => Promise.resolve(new Map()),
    benchmarkBars: () => Promise.resolve([]),
    closesBefore: () => Promise.resolve(new Map()),
    jobMarket: (jobId) => Promise.resolve(jobMarkets[jobId] ?? null),
    dataVersion: () => Promise.resolve('0.0'),
    refusalsFor: () => Promise.resolve([]),
    benchmarkSources: () => Promise.resolve({}),
  };
}

type Query = Partial<ResultsQuery>;
const withDefaults = (query: Query): ResultsQuery => ({ reasoning: 'none', ...query });

/** The refusal of a query, checking that nothing was read before it. */
async function refusal(query: Query): Promise<unknown> {
  const store = emptyStore();
  const error: unknown = await new ResultsService(store).getResults(withDefaults(query), NOW, 30).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(store.filters).toEqual([]);
  return error;
}

/** The filter a query resolves to, read off the empty store. */
async function filterFor(query: Query, lookbackDays = 30): Promise<DayFilter | undefined> {
  const store = emptyStore();
  await expect(new ResultsService(store).getResults(withDefaults(query), NOW, lookbackDays)).rejects.toThrow(
    NoResultsError,
  );
  return store.filters[0];
}

describe('ResultsService query validation', () => {
  it.each([
    [{ startDate: '2025/10/01' }, 'Invalid date format: 2025/10/01. Expected YYYY-MM-DD'],
    [{ endDate: '2025-02-30' }, 'Invalid date format: 2025-02-30. Expected YYYY-MM-DD'],
    [{ startDate: '2025-10-01', endDate: 'today' }, 'Invalid date format: today. Expected YYYY-MM-DD'],
    [
      { startDate: '2025-10-05', endDate: '2025-10-01' },
      'start_date must be <= end_date (2025-10-05 > 2025-10-01)',
    ],
    [
      { startDate: '2025-10-21' },
      'Cannot query future dates: start_date (2025-10-21) is after today (2025-10-20)',
    ],
    [
      { endDate: '2025-10-21' },
      'Cannot query future dates: end_date (2025-10-21) is after today (2025-10-20)',
    ],
    [
      { startDate: '2025-10-01', endDate: '2026-01-01' },
      'Cannot query future dates: end_date (2026-01-01) is after today (2025-10-20)',
    ],
  ])('refuses %j before reading anything', async (query, message) => {
    const error = await refusal(query);
    expect(error).toBeInstanceOf(InvalidResultsQueryError);
    // A refusal, which every interface answers as such (HTTP 400).
    expect(error).toBeInstanceOf(RefusedError);
    expect((error as Error).message).toBe(message);
  });

  it('accepts today, judged by the UTC date of now', async () => {
    expect(await filterFor({ startDate: '2025-10-20' })).toEqual({
      market: 'us',
      startDate: '2025-10-20',
      endDate: '2025-10-20',
      model: undefined,
      jobId: undefined,
      includeSuperseded: false,
    });
  });

  it('says no data was found when nothing matches', async () => {
    const store = emptyStore();
    const error: unknown = await new ResultsService(store)
      .getResults(withDefaults({ startDate: '2025-10-01', model: 'm' }), NOW, 30)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoResultsError);
    expect((error as Error).message).toBe(NO_DATA_MESSAGE);
    expect(NO_DATA_MESSAGE).toBe('No trading data found for the specified filters');
  });
});

describe('ResultsService filters', () => {
  it('reads superseded days only for a job, whose own days they are', async () => {
    expect(await filterFor({ jobId: 'j' })).toMatchObject({ jobId: 'j', includeSuperseded: true });
    expect(await filterFor({ model: 'm' })).toMatchObject({ jobId: undefined, includeSuperseded: false });
  });
});

describe('ResultsService markets', () => {
  /** The market a query's days were looked up in, for a service whose default is `defaultMarket`. */
  async function marketRead(
    query: Query,
    defaultMarket?: MarketId,
    jobMarkets: Record<string, MarketId> = {},
  ): Promise<MarketId | undefined> {
    const store = emptyStore(jobMarkets);
    const service = new ResultsService(store, defaultMarket === undefined ? {} : { defaultMarket });
    await expect(service.getResults(withDefaults(query), NOW, 30)).rejects.toThrow(NoResultsError);
    return store.filters[0]?.market;
  }

  it("reads the us market's days when nothing names a market, as the original server did", async () => {
    expect(await marketRead({})).toBe('us');
  });

  it("reads the configured default market's days when the query names none", async () => {
    expect(await marketRead({}, 'crypto')).toBe('crypto');
    expect(await marketRead({ market: 'us' }, 'crypto')).toBe('us');
  });

  it("reads a job's own market when the query names a job and no market", async () => {
    expect(await marketRead({ jobId: 'j' }, 'us', { j: 'cn' })).toBe('cn');
    expect(await marketRead({ jobId: 'j', market: 'cn' }, 'us', { j: 'cn' })).toBe('cn');
    // A job there is no record of has no market to give: the default's days, of which it has none.
    expect(await marketRead({ jobId: 'unknown' }, 'crypto')).toBe('crypto');
  });

  it("refuses a market that contradicts the job's, before reading any day", async () => {
    const store = emptyStore({ j: 'crypto' });
    const error: unknown = await new ResultsService(store)
      .getResults(withDefaults({ jobId: 'j', market: 'us' }), NOW, 30)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResultsQueryError);
    expect((error as Error).message).toBe(
      'market=us contradicts job_id j, which trades the crypto market: leave market out ' +
        "(a job's results are its own market's) or ask for market=crypto",
    );
    expect(store.filters).toEqual([]);
  });
});

describe('ResultsService date window', () => {
  it('looks back lookbackDays days from today without dates', async () => {
    expect(await filterFor({ model: 'm', jobId: 'j' })).toMatchObject({
      startDate: '2025-09-20',
      endDate: '2025-10-20',
      model: 'm',
      jobId: 'j',
    });
    expect(await filterFor({}, 7)).toMatchObject({ startDate: '2025-10-13', endDate: '2025-10-20' });
  });

  it('reads a lone start or end date as that single date', async () => {
    expect(await filterFor({ startDate: '2025-10-01' })).toMatchObject({
      startDate: '2025-10-01',
      endDate: '2025-10-01',
    });
    expect(await filterFor({ endDate: '2025-10-03' })).toMatchObject({
      startDate: '2025-10-03',
      endDate: '2025-10-03',
    });
  });

  it('refuses a negative or fractional lookback as a programming error', async () => {
    const service = new ResultsService(emptyStore());
    await expect(service.getResults(withDefaults({}), NOW, -1)).rejects.toThrow(RangeError);
    await expect(service.getResults(withDefaults({}), NOW, 1.5)).rejects.toThrow(RangeError);
  });
});

describe('ResultsService and whole conversations over a range', () => {
  it('refuses reasoning=full over more than 31 days before reading anything, saying how to page', async () => {
    const error = await refusal({ startDate: '2000-01-03', endDate: '2025-10-20', reasoning: 'full' });
    expect(error).toBeInstanceOf(InvalidResultsQueryError);
    expect((error as Error).message).toBe(
      'reasoning=full covers at most 31 days per request (RESULTS_FULL_REASONING_MAX_DAYS); ' +
        '2000-01-03 to 2025-10-20 is 9423 days. Ask for it a page at a time: ' +
        'start_date=2000-01-03&end_date=2000-02-02, then start_date=2000-02-03 and so on, 31 days each; ' +
        'or use reasoning=summary for the whole range.',
    );
  });

  it('takes 31 days, the default lookback without dates, and any range with less reasoning', async () => {
    expect(
      await filterFor({ startDate: '2025-09-20', endDate: '2025-10-20', reasoning: 'full' }),
    ).toBeDefined();
    expect(await filterFor({ reasoning: 'full' })).toBeDefined();
    expect(
      await filterFor({ startDate: '2000-01-03', endDate: '2025-10-20', reasoning: 'summary' }),
    ).toBeDefined();
  });

  it('holds the limit it is given', async () => {
    const service = new ResultsService(emptyStore(), { fullReasoningMaxDays: 2 });
    await expect(
      service.getResults(
        withDefaults({ startDate: '2025-10-01', endDate: '2025-10-03', reasoning: 'full' }),
        NOW,
        30,
      ),
    ).rejects.toThrow(
      /at most 2 days .*start_date=2025-10-01&end_date=2025-10-02, then start_date=2025-10-03/,
    );
  });
});
