/**
 * The benchmark's recorded US hourly run (gpt-5, hkuds us-hourly/positions-excerpt-gpt-5.jsonl),
 * its first two days replayed session by session through the core: the hourly look-ahead guard
 * (orders fill at the bar's open), the ledger under the US market's rules (whole shares, no
 * commission) and valuation at the bar's close, on Alpha Vantage's real 60-minute bars. Every
 * number expected below is worked by hand from those bars.
 *
 * The record's cash is not the reference: the benchmark downloaded its hourly bars again after the
 * run, so its fills are not today's opens. It bought NVDA at 2025-10-02 10:00 for 189.60 a share
 * (10 000 - 8 104 = 1 896 for 10), where the bar's open is 189.28; the 15:00 buys differ the same
 * way. The quantities it holds after each action are the record's exactly.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DayLedger, type Position } from '../../src/core/ledger/index.js';
import { MarketView } from '../../src/core/market-view.js';
import { US_MARKET } from '../../src/core/markets/index.js';
import { PriceIndex } from '../../src/core/price-index.js';
import { sessionsBetween } from '../../src/core/sessions.js';
import { valuePosition } from '../../src/core/valuation.js';
import {
  HKUDS_DIR,
  itWithHkuds,
  itWithSharedIntraday,
  INTRADAY_SUBSET_DIR,
  intradayBars,
  SHARED_INTRADAY_DIR,
  subsetIntradaySymbols,
} from './intraday-fixtures.js';

const SYMBOLS = ['AMD', 'AMZN', 'AVGO', 'CRWD', 'GOOGL', 'MSFT', 'NVDA'];
const PRICES = new PriceIndex(SYMBOLS.flatMap((symbol) => intradayBars(symbol)));
const SESSIONS = sessionsBetween(US_MARKET, 'hourly', '2025-10-01', '2025-10-02');

interface Order {
  side: 'buy' | 'sell';
  symbol: string;
  amount: number;
}

interface SessionOutcome {
  session: string;
  /** Cash after each order, in order. */
  cashAfter: number[];
  /** Each order's fill price. */
  prices: number[];
  /** Holdings after each order, in order. */
  holdingsAfter: Readonly<Record<string, number>>[];
  /** Cash and holdings at the bar's close. */
  position: Position;
  /** Valued at the bar's close. */
  value: number;
}

/** Each session in turn: the guard's view at its open, the ledger at its opens, the close's value. */
function replay(orders: ReadonlyMap<string, readonly Order[]>, start: Position): SessionOutcome[] {
  let position = start;
  return SESSIONS.map((session) => {
    const view = new MarketView(session, PRICES, new Set(SYMBOLS));
    const ledger = new DayLedger(position, {
      ...view.forMarketForOrders(),
      rules: US_MARKET.orderRules,
      currency: US_MARKET.currency,
    });
    const outcome: SessionOutcome = {
      session,
      cashAfter: [],
      prices: [],
      holdingsAfter: [],
      position,
      value: 0,
    };
    for (const { side, symbol, amount } of orders.get(session) ?? []) {
      const result = side === 'buy' ? ledger.buy(symbol, amount) : ledger.sell(symbol, amount);
      if (!result.ok) throw new Error(`${session} ${side} ${amount} ${symbol}: ${result.rejection.message}`);
      outcome.cashAfter.push(result.fill.cashAfter);
      outcome.prices.push(result.fill.price);
      outcome.holdingsAfter.push(result.position.holdings);
    }
    position = ledger.position;
    // At the close, outside the agent's view: the bar's own close, read from the index.
    const closes = new Map(SYMBOLS.map((symbol) => [symbol, PRICES.bar(symbol, session)?.close ?? NaN]));
    return { ...outcome, position, value: valuePosition(position, closes).value };
  });
}

/** The record's actions, as it took them: one buy at 10:00 and six at 15:00 on 2025-10-02. */
const RECORDED_ORDERS = new Map<string, Order[]>([
  ['2025-10-02 10:00:00', [{ side: 'buy', symbol: 'NVDA', amount: 10 }]],
  [
    '2025-10-02 15:00:00',
    [
      { side: 'buy', symbol: 'GOOGL', amount: 6 },
      { side: 'buy', symbol: 'AMD', amount: 6 },
      { side: 'buy', symbol: 'CRWD', amount: 1 },
      { side: 'buy', symbol: 'AMZN', amount: 7 },
      { side: 'buy', symbol: 'AVGO', amount: 3 },
      { side: 'buy', symbol: 'MSFT', amount: 3 },
    ],
  ],
]);

describe("the benchmark's recorded US hourly sessions, replayed on the bars", () => {
  const outcomes = replay(RECORDED_ORDERS, { cash: 10_000, holdings: {} });
  const at = (session: string) => outcomes.find((o) => o.session === session) as SessionOutcome;

  it('runs the twelve sessions of 2025-10-01 and 2025-10-02, 10:00 to 15:00, in order', () => {
    expect(outcomes.map((o) => o.session)).toEqual(
      ['2025-10-01', '2025-10-02'].flatMap((day) =>
        ['10', '11', '12', '13', '14', '15'].map((hour) => `${day} ${hour}:00:00`),
      ),
    );
  });

  it('holds 10 000.00 in cash through 2025-10-01, when the model did not trade', () => {
    for (const outcome of outcomes.slice(0, 6)) {
      expect(outcome.position).toEqual({ cash: 10_000, holdings: {} });
      expect(outcome.value).toBe(10_000);
    }
  });

  it('buys 10 NVDA at the 10:00 bar’s open and values them at each later bar’s close', () => {
    const ten = at('2025-10-02 10:00:00');
    // 10 x 189.28 (the bar's open) = 1 892.80; 10 000 - 1 892.80 = 8 107.20
    expect(ten.prices).toEqual([189.28]);
    expect(ten.cashAfter).toEqual([8107.2]);
    expect(ten.position).toEqual({ cash: 8107.2, holdings: { NVDA: 10 } });
    // Valued at each bar's close: 8 107.20 + 10 x close.
    //   10:00 close 189.26   -> 8 107.20 + 1 892.60 =  9 999.80
    //   11:00 close 189.63   -> 8 107.20 + 1 896.30 = 10 003.50
    //   12:00 close 189.425  -> 8 107.20 + 1 894.25 = 10 001.45
    //   13:00 close 188.76   -> 8 107.20 + 1 887.60 =  9 994.80
    //   14:00 close 188.9074 -> 8 107.20 + 1 889.074 = 9 996.274 (9 996.27 to the cent)
    expect(outcomes.slice(6, 11).map((o) => o.value)).toEqual([9999.8, 10003.5, 10001.45, 9994.8, 9996.274]);
    for (const outcome of outcomes.slice(7, 11)) {
      expect(outcome.position).toEqual({ cash: 8107.2, holdings: { NVDA: 10 } });
    }
  });

  it('makes the six 15:00 buys at that bar’s opens and values the portfolio at its close', () => {
    const three = at('2025-10-02 15:00:00');
    // At the 15:00 bar's opens, from 8 107.20:
    //   GOOGL 6 x 244.63  = 1 467.78  -> 6 639.42
    //   AMD   6 x 169.70  = 1 018.20  -> 5 621.22
    //   CRWD  1 x 496.06  =   496.06  -> 5 125.16
    //   AMZN  7 x 222.275 = 1 555.925 -> 3 569.235
    //   AVGO  3 x 339.765 = 1 019.295 -> 2 549.94
    //   MSFT  3 x 517.03  = 1 551.09  ->   998.85
    expect(three.prices).toEqual([244.63, 169.7, 496.06, 222.275, 339.765, 517.03]);
    expect(three.cashAfter).toEqual([6639.42, 5621.22, 5125.16, 3569.235, 2549.94, 998.85]);
    expect(three.position).toEqual({
      cash: 998.85,
      holdings: { AMD: 6, AMZN: 7, AVGO: 3, CRWD: 1, GOOGL: 6, MSFT: 3, NVDA: 10 },
    });
    // At the 15:00 bar's closes:
    //   NVDA 10 x 188.92 = 1 889.20   GOOGL 6 x 245.70 = 1 474.20   AMD 6 x 169.73 = 1 018.38
    //   CRWD  1 x 496.86 =   496.86   AMZN  7 x 222.41 = 1 556.87   AVGO 3 x 338.20 = 1 014.60
    //   MSFT  3 x 515.61 = 1 546.83   holdings 8 996.94 + cash 998.85 = 9 995.79
    expect(three.value).toBe(9995.79);
  });

  itWithHkuds(
    'holds what the record holds after every action; its cash differs by its re-downloaded fills',
    () => {
      interface Recorded {
        date: string;
        this_action?: { action: string; symbol: string; amount: number };
        positions: Record<string, number>;
      }
      const file = join(HKUDS_DIR, 'us-hourly', 'positions-excerpt-gpt-5.jsonl');
      const records = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as Recorded);
      const trades = records.filter(
        (r) => r.this_action?.action === 'buy' || r.this_action?.action === 'sell',
      );
      // The orders above are the record's, in its order.
      expect(
        trades.map((r) => [r.date, r.this_action?.action, r.this_action?.symbol, r.this_action?.amount]),
      ).toEqual(
        [...RECORDED_ORDERS].flatMap(([session, orders]) =>
          orders.map(({ side, symbol, amount }) => [session, side, symbol, amount]),
        ),
      );
      // Every session the record covers is one of ours, in the same order.
      expect([...new Set(records.map((r) => r.date))]).toEqual(SESSIONS);
      const held = (positions: Record<string, number>) =>
        Object.fromEntries(Object.entries(positions).filter(([symbol, q]) => symbol !== 'CASH' && q !== 0));
      const ours = outcomes.flatMap((o) => o.holdingsAfter);
      expect(ours).toEqual(trades.map((r) => held(r.positions)));
      // What it paid a share, from its cash before and after each buy, against the bar's open:
      //   NVDA 189.60 (bar 189.28), GOOGL 245.15 (244.63), AMD 168.675 (169.70), CRWD 501.225
      //   (496.06), AMZN 221.01 (222.275), AVGO 347.61 (339.765), MSFT 517.64 (517.03).
      let cash = 10_000;
      const paid = trades.map((r) => {
        const spent = cash - (r.positions['CASH'] as number);
        cash = r.positions['CASH'] as number;
        return Math.round((spent / (r.this_action?.amount as number)) * 10_000) / 10_000;
      });
      expect(paid).toEqual([189.6, 245.15, 168.675, 501.225, 221.01, 347.61, 517.64]);
      expect(outcomes.flatMap((o) => o.prices)).toEqual([
        189.28, 244.63, 169.7, 496.06, 222.275, 339.765, 517.03,
      ]);
    },
  );
});

describe('the committed 60-minute fixture subset', () => {
  it('holds at most 10 files, the symbols the replay trades', () => {
    expect(subsetIntradaySymbols()).toEqual(SYMBOLS);
    expect(readdirSync(INTRADAY_SUBSET_DIR).length).toBeLessThanOrEqual(10);
  });

  itWithSharedIntraday('is byte for byte the shared files', () => {
    const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
    for (const symbol of SYMBOLS) {
      const file = `${symbol}.json`;
      expect(sha256(join(INTRADAY_SUBSET_DIR, file)), file).toBe(sha256(join(SHARED_INTRADAY_DIR, file)));
    }
  });
});
