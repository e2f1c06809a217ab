import { describe, expect, it } from 'vitest';
import type { DayFilter, ResultsStore } from '../../src/results/results-store.js';
import { NO_DATA_MESSAGE, ResultsQueryError, ResultsService } from '../../src/results/results-service.js';
import type { ResultsQuery } from '../../src/results/results-types.js';

const NOW = new Date('2025-10-20T23:30:00Z');

/** A store holding nothing, recording the day filters it was asked for. */
function emptyStore(): ResultsStore & { filters: DayFilter[] } {
  const filters: DayFilter[] = [];
  return {
    filters,
    modelDays: (filter) => {
      filters.push(filter);
      return Promise.resolve([]);
    },
    tradesFor: () => Promise.resolve([]),
    holdingsFor: () => Promise.resolve([]),
    previousHoldingsFor: () => Promise.resolve([]),
    reasoningFor: () => Promise.resolve([]),
    usageTotals: () => Promise.resolve(new Map()),
    benchmarkBars: () => Promise.resolve([]),
    closeBefore: () => Promise.resolve(null),
  };
}

async function rejection(query: ResultsQuery, lookbackDays = 30): Promise<ResultsQueryError> {
  const store = emptyStore();
  const error: unknown = await new ResultsService(store).getResults(query, NOW, lookbackDays).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ResultsQueryError))
    throw new Error(`expected a ResultsQueryError, got ${String(error)}`);
  if (error.status === 400) expect(store.filters).toEqual([]);
  return error;
}

/** The filter a query resolves to, read off the empty store. */
async function filterFor(query: ResultsQuery, lookbackDays = 30): Promise<DayFilter | undefined> {
  const store = emptyStore();
  await expect(new ResultsService(store).getResults(query, NOW, lookbackDays)).rejects.toMatchObject({
    status: 404,
    message: NO_DATA_MESSAGE,
  });
  return store.filters[0];
}

describe('ResultsService query validation', () => {
  it.each([
    [{ start_date: '2025/10/01' }, 'Invalid date format: 2025/10/01. Expected YYYY-MM-DD'],
    [{ end_date: '2025-02-30' }, 'Invalid date format: 2025-02-30. Expected YYYY-MM-DD'],
    [{ start_date: '2025-10-01', end_date: 'today' }, 'Invalid date format: today. Expected YYYY-MM-DD'],
    [
      { start_date: '2025-10-05', end_date: '2025-10-01' },
      'start_date must be <= end_date (2025-10-05 > 2025-10-01)',
    ],
    [
      { start_date: '2025-10-21' },
      'Cannot query future dates: start_date (2025-10-21) is after today (2025-10-20)',
    ],
    [
      { end_date: '2025-10-21' },
      'Cannot query future dates: end_date (2025-10-21) is after today (2025-10-20)',
    ],
    [
      { start_date: '2025-10-01', end_date: '2026-01-01' },
      'Cannot query future dates: end_date (2026-01-01) is after today (2025-10-20)',
    ],
  ])('rejects %j with 400 before reading anything', async (query, message) => {
    const error = await rejection(query);
    expect(error.status).toBe(400);
    expect(error.message).toBe(message);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ResultsQueryError');
  });

  it('accepts today, judged by the UTC date of now', async () => {
    expect(await filterFor({ start_date: '2025-10-20' })).toEqual({
      startDate: '2025-10-20',
      endDate: '2025-10-20',
      model: undefined,
      jobId: undefined,
    });
  });

  it('answers 404 when nothing matches', async () => {
    const error = await rejection({ start_date: '2025-10-01', model: 'm' });
    expect([error.status, error.message]).toEqual([404, 'No trading data found for the specified filters']);
  });
});

describe('ResultsService date window', () => {
  it('looks back lookbackDays days from today without dates', async () => {
    expect(await filterFor({ model: 'm', job_id: 'j' })).toEqual({
      startDate: '2025-09-20',
      endDate: '2025-10-20',
      model: 'm',
      jobId: 'j',
    });
    expect(await filterFor({}, 7)).toMatchObject({ startDate: '2025-10-13', endDate: '2025-10-20' });
  });

  it('reads a lone start or end date as that single date', async () => {
    expect(await filterFor({ start_date: '2025-10-01' })).toMatchObject({
      startDate: '2025-10-01',
      endDate: '2025-10-01',
    });
    expect(await filterFor({ end_date: '2025-10-03' })).toMatchObject({
      startDate: '2025-10-03',
      endDate: '2025-10-03',
    });
  });

  it('refuses a negative or fractional lookback as a programming error', async () => {
    const service = new ResultsService(emptyStore());
    await expect(service.getResults({}, NOW, -1)).rejects.toThrow(RangeError);
    await expect(service.getResults({}, NOW, 1.5)).rejects.toThrow(RangeError);
  });
});
