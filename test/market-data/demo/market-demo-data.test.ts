/** The synthetic demo data of each market: its sessions, its price levels and its way of moving. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DailyBar } from '../../../src/core/bars.js';
import {
  CN_MARKET,
  CRYPTO_MARKET,
  CRYPTO_SYMBOLS,
  SSE_50_INDEX,
  SSE_50_SYMBOLS,
  US_MARKET,
} from '../../../src/core/markets/index.js';
import { demoBarsForRange } from '../../../src/market-data/demo/demo-dataset.js';
import { SyntheticHistoryProvider } from '../../../src/market-data/synthetic-history-provider.js';

function bySymbol(bars: readonly DailyBar[]): Map<string, DailyBar[]> {
  const grouped = new Map<string, DailyBar[]>();
  for (const bar of bars) grouped.set(bar.symbol, [...(grouped.get(bar.symbol) ?? []), bar]);
  return grouped;
}

function annualVolatility(bars: readonly DailyBar[], periodsPerYear: number): number {
  const returns = bars.slice(1).map((bar, i) => Math.log(bar.close / bars[i]!.close));
  const mean = returns.reduce((sum, r) => sum + r, 0) / returns.length;
  const variance = returns.reduce((sum, r) => sum + (r - mean) ** 2, 0) / (returns.length - 1);
  return Math.sqrt(variance * periodsPerYear);
}

const hasAtMostDecimals = (value: number, decimals: number): boolean =>
  Number(value.toFixed(decimals)) === value;

/** Bars whose prices are not positive, not rounded to `decimals`, or not enclosed by high and low. */
const inconsistent = (bars: readonly DailyBar[], decimals: number): DailyBar[] =>
  bars.filter((bar) => {
    const prices = [bar.open, bar.high, bar.low, bar.close];
    return !(
      prices.every((price) => price > 0 && hasAtMostDecimals(price, decimals)) &&
      bar.high >= Math.max(bar.open, bar.close) &&
      bar.low <= Math.min(bar.open, bar.close) &&
      bar.volume > 0
    );
  });

describe('the US demo data', () => {
  it('is byte for byte what it always was (the demo and recorded results rest on it)', () => {
    const bars = demoBarsForRange('2025-06-02', '2025-10-31');
    expect(bars).toHaveLength(10_914);
    expect(createHash('sha256').update(JSON.stringify(bars)).digest('hex')).toBe(
      '2ae21aa8df87261603db5285118b9a99845e9add7a23837b7bdb318b98a017bf',
    );
    expect(demoBarsForRange('2025-06-02', '2025-10-31', undefined, US_MARKET)).toEqual(bars);
  });
});

describe('the crypto demo data', () => {
  const year = demoBarsForRange('2025-01-01', '2025-12-31', undefined, CRYPTO_MARKET);
  const coins = bySymbol(year);

  it('has the ten coins on every UTC day, weekends included', () => {
    expect([...coins.keys()]).toEqual([...CRYPTO_SYMBOLS]);
    for (const bars of coins.values()) expect(bars).toHaveLength(365);
    expect(coins.get('BTC-USDT')?.some((bar) => bar.date === '2025-10-04')).toBe(true); // a Saturday
  });

  it('prices each coin near its real level, to at most 4 decimals, in fractional coins', () => {
    expect(inconsistent(year, 4)).toEqual([]);
    const range = (symbol: string): [number, number] => {
      const closes = coins.get(symbol)!.map((bar) => bar.close);
      return [Math.min(...closes), Math.max(...closes)];
    };
    const [btcLow, btcHigh] = range('BTC-USDT');
    expect(btcLow).toBeGreaterThan(30_000);
    expect(btcHigh).toBeLessThan(300_000);
    const [adaLow, adaHigh] = range('ADA-USDT');
    expect(adaLow).toBeGreaterThan(0.1);
    expect(adaHigh).toBeLessThan(3);
    expect(year.some((bar) => !Number.isInteger(bar.volume))).toBe(true);
    expect(year.every((bar) => hasAtMostDecimals(bar.volume, 4))).toBe(true);
  });

  it('opens each day at the close of the day before, as a market that never closes does', () => {
    for (const bars of coins.values()) {
      expect(bars.slice(1).filter((bar, i) => bar.open !== bars[i]!.close)).toEqual([]);
    }
  });

  it('moves with a volatility of crypto over 365 periods a year, well above a stock index', () => {
    const bitcoin = annualVolatility(coins.get('BTC-USDT')!, CRYPTO_MARKET.periodsPerYear);
    expect(bitcoin).toBeGreaterThan(0.3);
    expect(bitcoin).toBeLessThan(0.8);
    for (const symbol of CRYPTO_SYMBOLS.filter((s) => s !== 'BTC-USDT')) {
      const vol = annualVolatility(coins.get(symbol)!, CRYPTO_MARKET.periodsPerYear);
      expect(vol).toBeGreaterThan(bitcoin);
      expect(vol).toBeLessThan(1.5);
    }
  });

  it('is seeded: a day is the same whatever range is asked for', () => {
    const october = demoBarsForRange('2025-10-01', '2025-10-31', ['ETH-USDT'], CRYPTO_MARKET);
    expect(october).toEqual(coins.get('ETH-USDT')!.filter((bar) => bar.date.startsWith('2025-10')));
  });
});

describe('the China A-shares demo data', () => {
  const autumn = demoBarsForRange('2025-09-01', '2025-11-28', undefined, CN_MARKET);
  const shares = bySymbol(autumn);

  it('has the SSE-50 and its index on SSE sessions only: nothing in the October holiday', () => {
    expect([...shares.keys()]).toEqual([...SSE_50_SYMBOLS, SSE_50_INDEX]);
    const dates = shares.get('600519.SH')!.map((bar) => bar.date);
    expect(dates).toEqual(CN_MARKET.calendar.sessionsBetween('2025-09-01', '2025-11-28'));
    expect(dates.filter((date) => date >= '2025-10-01' && date <= '2025-10-08')).toEqual([]);
  });

  it('prices shares in CNY from a few yuan to Moutai near 1,500, to the 0.01 tick, and the index near 3,000', () => {
    const stocks = autumn.filter((bar) => bar.symbol !== SSE_50_INDEX);
    expect(inconsistent(stocks, 2)).toEqual([]);
    expect(stocks.every((bar) => Number.isInteger(bar.volume))).toBe(true);
    const closes = stocks.map((bar) => bar.close);
    expect(Math.min(...closes)).toBeGreaterThan(1);
    expect(Math.max(...closes)).toBeLessThan(2_500);
    const moutai = shares.get('600519.SH')!.map((bar) => bar.close);
    expect(Math.min(...moutai)).toBeGreaterThan(900);
    const index = shares.get(SSE_50_INDEX)!;
    expect(inconsistent(index, 4)).toEqual([]);
    for (const bar of index) {
      expect(bar.close).toBeGreaterThan(2_000);
      expect(bar.close).toBeLessThan(4_500);
    }
  });

  it('moves the shares with the index', () => {
    const indexBars = shares.get(SSE_50_INDEX)!;
    const indexUp = indexBars.slice(1).map((bar, i) => bar.close > indexBars[i]!.close);
    const agreeing = SSE_50_SYMBOLS.map((symbol) => {
      const bars = shares.get(symbol)!;
      return (
        bars.slice(1).filter((bar, i) => bar.close > bars[i]!.close === indexUp[i]).length / indexUp.length
      );
    });
    expect(agreeing.reduce((sum, share) => sum + share, 0) / agreeing.length).toBeGreaterThan(0.6);
  });
});

describe('SyntheticHistoryProvider', () => {
  it("serves each market's own sessions and levels", async () => {
    const provider = new SyntheticHistoryProvider();
    const coin = await provider.fetchHistory('BTC-USDT', '2025-10-03', '2025-10-06', CRYPTO_MARKET);
    expect(coin.bars.map((bar) => bar.date)).toEqual([
      '2025-10-03',
      '2025-10-04',
      '2025-10-05',
      '2025-10-06',
    ]);
    expect(coin.bars[0]!.close).toBeGreaterThan(30_000);
    const share = await provider.fetchHistory('600036.SH', '2025-09-29', '2025-10-10', CN_MARKET);
    expect(share.bars.map((bar) => bar.date)).toEqual([
      '2025-09-29',
      '2025-09-30',
      '2025-10-09',
      '2025-10-10',
    ]);
    expect(share.coverage).toEqual({ from: '2025-09-29', through: '2025-10-10' });
  });
});
