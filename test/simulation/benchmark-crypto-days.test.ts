/**
 * The benchmark's recorded crypto days, replayed through the day the built-in agent and MCP agents
 * both trade in (TradingDay: the look-ahead guard, the ledger, the valuation at the close): the
 * first two days of deepseek-chat-v3.1 (positions-excerpt), on the coins' real Alpha Vantage bars.
 * Cash and quantities must be the benchmark's to the 4th decimal, the value at the close the sum
 * worked out below.
 */
import { describe, expect, it } from 'vitest';
import { CRYPTO_MARKET, CRYPTO_SYMBOLS } from '../../src/core/markets/index.js';
import { PriceIndex } from '../../src/core/price-index.js';
import type { ParsedToolCall } from '../../src/llm/provider.js';
import type { StartingPoint } from '../../src/simulation/model-day-record.js';
import { TradingDay } from '../../src/simulation/trading-day.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coinBars, HKUDS_FIXTURES_DIR, hkudsFixturesAvailable } from '../helpers/market-fixtures.js';

const PRICES = new PriceIndex(
  CRYPTO_SYMBOLS.flatMap((symbol) => coinBars(symbol, '2025-10-01', '2025-11-05')),
);
const NOW = () => new Date('2025-11-20T00:00:00.000Z');

let callId = 0;
const order = (side: 'buy' | 'sell', symbol: string, amount: number): ParsedToolCall => ({
  id: `call_${++callId}`,
  name: side,
  args: { symbol, amount },
  rawArguments: JSON.stringify({ symbol, amount }),
});

/** The benchmark model's day in the crypto market, from `start`, on the coins' real bars. */
function replayDay(date: string, start: StartingPoint): TradingDay {
  return new TradingDay({
    jobId: 'replay',
    model: 'deepseek-chat-v3.1',
    date,
    market: CRYPTO_MARKET,
    prices: PRICES,
    universe: CRYPTO_SYMBOLS,
    start,
    initialCash: 50_000,
    now: NOW,
  });
}

async function play(date: string, start: StartingPoint, orders: ParsedToolCall[]) {
  const day = replayDay(date, start);
  const cash: number[] = [];
  for (const call of orders) {
    const result = await day.call(call);
    expect(result.audit, result.content).toBeUndefined();
    cash.push((JSON.parse(result.content) as { cash_after: number }).cash_after);
  }
  return { cash, record: day.finish({ reasoning: [], usage: [], summary: 'replayed' }) };
}

describe("the benchmark's recorded crypto days, replayed", () => {
  it('reaches its cash after every action, its quantities, and values each day at the close', async () => {
    const first = await play(
      '2025-11-02',
      { position: { cash: 50_000, holdings: {} }, previousDate: null, previousEndingValue: null },
      [
        order('buy', 'BTC-USDT', 0.1817), // at the open 110052.25
        order('buy', 'ETH-USDT', 5.15), // 3872.07
        order('buy', 'SOL-USDT', 16.08), // 186.26
        order('buy', 'ADA-USDT', 2306), // 0.6125
      ],
    );
    expect(first.cash).toEqual([30003.5062, 10062.3457, 7067.2849, 5654.8599]);
    expect(first.record.endPosition.holdings).toEqual({
      'ADA-USDT': 2306,
      'BTC-USDT': 0.1817,
      'ETH-USDT': 5.15,
      'SOL-USDT': 16.08,
    });
    // At the closes of 2025-11-02: 5654.8599 + 0.1817 x 110536.01 (20084.393017)
    //   + 5.15 x 3905.97 (20115.7455) + 16.08 x 187.67 (3017.7336) + 2306 x 0.6105 (1407.813)
    //   = 50280.545017 -> 50280.5450
    expect(first.record.endingValue).toBe(50280.545);
    expect(first.record.dailyProfit).toBe(280.545);

    const second = await play(
      '2025-11-03',
      {
        position: first.record.endPosition,
        previousDate: '2025-11-02',
        previousEndingValue: first.record.endingValue,
      },
      [
        order('sell', 'BTC-USDT', 0.05), // at the open 110533.83
        order('buy', 'AVAX-USDT', 10), // 18.81
        order('buy', 'LINK-USDT', 20), // 17.588
        order('buy', 'SUI-USDT', 50), // 2.3539
        order('buy', 'DOT-USDT', 100), // 2.987
        order('buy', 'XRP-USDT', 30), // 2.5263
        order('buy', 'XRP-USDT', 30),
        order('buy', 'LTC-USDT', 20), // 99.41
      ],
    );
    expect(second.cash).toEqual([
      11181.5514, 10993.4514, 10641.6914, 10523.9964, 10225.2964, 10149.5074, 10073.7184, 8085.5184,
    ]);
    expect(second.record.endPosition.holdings).toEqual({
      'ADA-USDT': 2306,
      'AVAX-USDT': 10,
      'BTC-USDT': 0.1317,
      'DOT-USDT': 100,
      'ETH-USDT': 5.15,
      'LINK-USDT': 20,
      'LTC-USDT': 20,
      'SOL-USDT': 16.08,
      'SUI-USDT': 50,
      'XRP-USDT': 60,
    });
    // At the closes of 2025-11-03: 8085.5184 + 0.1317 x 106557.98 (14033.685966) + 5.15 x 3602.88
    //   (18554.832) + 60 x 2.309 (138.54) + 16.08 x 166.01 (2669.4408) + 2306 x 0.5526 (1274.2956)
    //   + 50 x 2.0694 (103.47) + 20 x 15.243 (304.86) + 10 x 16.64 (166.4) + 20 x 87.41 (1748.2)
    //   + 100 x 2.586 (258.6) = 47337.842766 -> 47337.8428
    expect(second.record.endingValue).toBe(47337.8428);
    expect(second.record.dailyProfit).toBe(-2942.7022);
    expect(second.record.daysSinceLastTrading).toBe(1);
  });

  it.runIf(hkudsFixturesAvailable)(
    "follows the benchmark's own record (hkuds positions-excerpt) action by action: cash and every quantity",
    async () => {
      interface Recorded {
        date: string;
        this_action?: { action: 'buy_crypto' | 'sell_crypto'; symbol: string; amount: number };
        positions: Record<string, number>;
      }
      const file = join(HKUDS_FIXTURES_DIR, 'crypto', 'positions-excerpt-deepseek-chat-v3.1.jsonl');
      const records = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Recorded);
      const held = (positions: Record<string, number>) =>
        Object.fromEntries(Object.entries(positions).filter(([symbol, q]) => symbol !== 'CASH' && q !== 0));
      const first = records[0] as Recorded;
      let start: StartingPoint = {
        position: { cash: first.positions['CASH'] as number, holdings: held(first.positions) },
        previousDate: null,
        previousEndingValue: null,
      };
      const dates = [...new Set(records.filter((r) => r.this_action).map((r) => r.date))];
      expect(dates.length).toBeGreaterThan(1);
      for (const date of dates) {
        const day = replayDay(date, start);
        for (const record of records.filter((r) => r.date === date && r.this_action)) {
          const action = record.this_action!;
          const side = action.action === 'buy_crypto' ? 'buy' : 'sell';
          const result = await day.call(order(side, action.symbol, action.amount));
          expect(result.audit, `${date} ${side} ${action.symbol}: ${result.content}`).toBeUndefined();
          expect(day.position.cash, `${date} cash after ${side} ${action.symbol}`).toBe(
            record.positions['CASH'],
          );
          expect(day.position.holdings, `${date} holdings after ${side} ${action.symbol}`).toEqual(
            held(record.positions),
          );
        }
        const finished = day.finish({ reasoning: [], usage: [], summary: '' });
        start = {
          position: finished.endPosition,
          previousDate: date,
          previousEndingValue: finished.endingValue,
        };
      }
    },
  );

  it('refuses a fifth decimal and changes nothing, explaining the rule and auditing it', async () => {
    const day = replayDay('2025-11-02', {
      position: { cash: 50_000, holdings: {} },
      previousDate: null,
      previousEndingValue: null,
    });
    const refused = await day.call(order('buy', 'BTC-USDT', 0.18171));
    expect(refused.content).toBe(
      'Error: Invalid amount 0.18171: amounts have at most 4 decimal places (the smallest step is 0.0001 unit).',
    );
    expect(refused.audit).toMatchObject({ tool: 'buy', outcome: 'rejected', reason: 'too_many_decimals' });
    expect(day.position).toEqual({ cash: 50_000, holdings: {} });
    expect(day.finish({ reasoning: [], usage: [], summary: '' }).audit).toHaveLength(1);
  });
});
