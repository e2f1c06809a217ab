/**
 * One model, `alpha`, in all three markets, committed through the real store, with each market's
 * benchmark prices, so every figure a per-market answer gives can be worked by hand:
 *
 * us (job us-1), NYSE 2025-11-03..05: 10000 -> 10100 -> 9999 -> 10098.99, daily returns +1%, -1%,
 *   +1%. QQQ closes 600 on 10-31, then 606, 594, 612.
 * crypto (job crypto-1), UTC days 2025-11-02..04: the same returns from 50000 USDT: 50500, 49995,
 *   50494.95. It bought 0.1817 BTC-USDT at the 11-02 open of 110052.25 and holds it. The five CD5
 *   coins' real Alpha Vantage opens and closes (test/alphavantage-subset-crypto), 11-01 to 11-04.
 * cn (job cn-1), SSE 2025-11-03..04: 100000 -> 101000 -> 100500. The SSE-50 index (000016.SH)
 *   closes 3000 on 10-31, then 3030 and 2999.7.
 *
 * The same returns in us and crypto make the year of each market show: with returns +1%, -1%, +1%
 * the mean is 1/300 and the sample deviation sqrt(((2/300)^2 * 2 + (4/300)^2) / 2) = 1/sqrt(7500),
 * so mean / sd = 1/sqrt(12); Sharpe = sqrt(P/12) and volatility = 100 * sqrt(P/7500) %:
 * us (P = 252) sqrt(21) = 4.5826 and 18.33%; crypto (P = 365) 5.5151 and 22.06%.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import { commitDay, insertBar, insertJob, type DaySpec } from './results-fixtures.js';

/** The CD5 coins' bars as Alpha Vantage has them: [open, close] by date. */
export const CD5_BARS: Record<string, Record<string, [number, number]>> = {
  'BTC-USDT': {
    '2025-11-01': [109555.63, 110052.25],
    '2025-11-02': [110052.25, 110536.01],
    '2025-11-03': [110533.83, 106557.98],
    '2025-11-04': [106557.98, 101468.15],
  },
  'ETH-USDT': {
    '2025-11-01': [3846.44, 3872.16],
    '2025-11-02': [3872.07, 3905.97],
    '2025-11-03': [3906.01, 3602.88],
    '2025-11-04': [3602.88, 3286.21],
  },
  'XRP-USDT': {
    '2025-11-01': [2.5084, 2.5043],
    '2025-11-02': [2.5042, 2.5263],
    '2025-11-03': [2.5263, 2.309],
    '2025-11-04': [2.309, 2.2048],
  },
  'SOL-USDT': {
    '2025-11-01': [187.12, 186.26],
    '2025-11-02': [186.26, 187.67],
    '2025-11-03': [187.67, 166.01],
    '2025-11-04': [166.01, 154.99],
  },
  'ADA-USDT': {
    '2025-11-01': [0.6092, 0.6126],
    '2025-11-02': [0.6125, 0.6105],
    '2025-11-03': [0.6105, 0.5526],
    '2025-11-04': [0.5528, 0.5205],
  },
};

/** Daily values from `start`, each day's profit against the day before (commitDay's shape). */
function chain(
  base: Omit<DaySpec, 'date' | 'endingValue' | 'profit' | 'startingValue' | 'startCash' | 'endCash'>,
  start: number,
  days: [date: string, value: number][],
  cash: (day: number) => { startCash: number; endCash: number },
  extra: (day: number) => Partial<DaySpec> = () => ({}),
): DaySpec[] {
  let previous = start;
  return days.map(([date, value], i) => {
    const spec: DaySpec = {
      ...base,
      date,
      startingValue: previous,
      endingValue: value,
      profit: Math.round((value - previous) * 10000) / 10000,
      ...cash(i),
      ...extra(i),
    };
    previous = value;
    return spec;
  });
}

export async function seedThreeMarkets(db: Kysely<Database>): Promise<void> {
  await seedUsMarket(db);
  await seedCryptoMarket(db);
  await seedCnMarket(db);
}

/** alpha's us days and QQQ's bars. */
export async function seedUsMarket(db: Kysely<Database>): Promise<void> {
  await insertJob(db, 'us-1', 'us');
  const days = chain(
    { jobId: 'us-1', model: 'alpha', market: 'us' },
    10000,
    [
      ['2025-11-03', 10100],
      ['2025-11-04', 9999],
      ['2025-11-05', 10098.99],
    ],
    () => ({ startCash: 10000, endCash: 10000 }),
  );
  for (const day of days) await commitDay(db, day);
  for (const [date, open, close] of [
    ['2025-10-31', 598, 600],
    ['2025-11-03', 601, 606],
    ['2025-11-04', 605, 594],
    ['2025-11-05', 595, 612],
  ] as const) {
    await insertBar(db, 'QQQ', date, open, close);
  }
}

/** alpha's crypto days (it buys 0.1817 BTC) and the CD5 coins' bars. */
export async function seedCryptoMarket(db: Kysely<Database>): Promise<void> {
  await insertJob(db, 'crypto-1', 'crypto');
  // 0.1817 BTC at 110052.25 costs 19996.493825: 30003.5062 USDT of cash is left, to 4 decimals.
  const days = chain(
    { jobId: 'crypto-1', model: 'alpha', market: 'crypto', endHoldings: { 'BTC-USDT': 0.1817 } },
    50000,
    [
      ['2025-11-02', 50500],
      ['2025-11-03', 49995],
      ['2025-11-04', 50494.95],
    ],
    (i) => ({ startCash: i === 0 ? 50000 : 30003.5062, endCash: 30003.5062 }),
    (i) =>
      i === 0 ? { trades: [{ side: 'buy', symbol: 'BTC-USDT', quantity: 0.1817, price: 110052.25 }] } : {},
  );
  for (const day of days) await commitDay(db, day);
  for (const [symbol, bars] of Object.entries(CD5_BARS)) {
    for (const [date, [open, close]] of Object.entries(bars)) await insertBar(db, symbol, date, open, close);
  }
}

/** alpha's cn days and the SSE-50 index's bars. */
export async function seedCnMarket(db: Kysely<Database>): Promise<void> {
  await insertJob(db, 'cn-1', 'cn');
  const days = chain(
    { jobId: 'cn-1', model: 'alpha', market: 'cn' },
    100000,
    [
      ['2025-11-03', 101000],
      ['2025-11-04', 100500],
    ],
    () => ({ startCash: 100000, endCash: 100000 }),
  );
  for (const day of days) await commitDay(db, day);
  for (const [date, open, close] of [
    ['2025-10-31', 2990, 3000],
    ['2025-11-03', 3010, 3030],
    ['2025-11-04', 3031, 2999.7],
  ] as const) {
    await insertBar(db, '000016.SH', date, open, close);
  }
}
