/**
 * T+1 in hourly A-share sessions: shares bought at 10:30 stay unsellable at 11:30, 14:00 and 15:00,
 * and are sellable from the next trading day's 10:30 on. Each session has its own ledger; what the
 * day's earlier sessions bought is handed to the next one (boughtEarlierToday).
 */
import { describe, expect, it } from 'vitest';
import type { IntradayBar } from '../../../src/core/bars.js';
import {
  boughtEarlierToday,
  DayLedger,
  type OrderResult,
  type Position,
  type SessionFills,
} from '../../../src/core/ledger/index.js';
import { MarketView } from '../../../src/core/market-view.js';
import { CN_MARKET, settlementRule } from '../../../src/core/markets/index.js';
import { PriceIndex } from '../../../src/core/price-index.js';
import { sessionsBetween } from '../../../src/core/sessions.js';

const SYMBOL = '601398.SH';
const SESSIONS = sessionsBetween(CN_MARKET, 'hourly', '2025-10-09', '2025-10-10');
// Every bar opens at 7.00 and closes at 7.10: only the settlement rule is under test here.
const PRICES = new PriceIndex(
  SESSIONS.map((date): IntradayBar => ({
    symbol: SYMBOL,
    date,
    open: 7,
    high: 7.2,
    low: 6.9,
    close: 7.1,
    volume: 1,
  })),
);

/** One hourly session's ledger, handed what the day's earlier sessions bought. */
function sessionLedger(session: string, start: Position, earlier: readonly SessionFills[]): DayLedger {
  const view = new MarketView(session, PRICES, new Set([SYMBOL]));
  return new DayLedger(start, {
    ...view.forMarketForOrders(),
    rules: CN_MARKET.orderRules,
    currency: CN_MARKET.currency,
    boughtToday: boughtEarlierToday(session, earlier),
  });
}

function code(result: OrderResult): string {
  return result.ok ? 'filled' : result.rejection.code;
}

describe('T+1 across hourly sessions', () => {
  it('locks a 10:30 buy through the day’s later sessions and frees it the next trading day', () => {
    const earlier: SessionFills[] = [];
    let position: Position = { cash: 10_000, holdings: { [SYMBOL]: 100 } };
    const outcomes: [string, string][] = [];
    for (const session of SESSIONS) {
      const ledger = sessionLedger(session, position, earlier);
      if (session === '2025-10-09 10:30:00') outcomes.push([session, code(ledger.buy(SYMBOL, 200))]);
      // Each later session tries to sell all 300 held.
      else outcomes.push([session, code(ledger.sell(SYMBOL, 300))]);
      earlier.push({ session, fills: ledger.fills });
      position = ledger.position;
      if (position.holdings[SYMBOL] === undefined) break;
    }
    expect(outcomes).toEqual([
      ['2025-10-09 10:30:00', 'filled'],
      ['2025-10-09 11:30:00', 't_plus_1'],
      ['2025-10-09 14:00:00', 't_plus_1'],
      ['2025-10-09 15:00:00', 't_plus_1'],
      ['2025-10-10 10:30:00', 'filled'],
    ]);
    // 10 000 - 200 x 7.00 + 300 x 7.00 = 10 700.00
    expect(position).toEqual({ cash: 10_700, holdings: {} });
  });

  it('says the bought shares are sellable from the next trading day, and what can be sold now', () => {
    const earlier: SessionFills[] = [
      { session: '2025-10-09 10:30:00', fills: [{ side: 'buy', symbol: SYMBOL, quantity: 200 }] },
    ];
    const ledger = sessionLedger('2025-10-09 14:00:00', { cash: 0, holdings: { [SYMBOL]: 300 } }, earlier);
    const refused = ledger.sell(SYMBOL, 200);
    expect(refused.ok ? '' : refused.rejection.message).toBe(
      'Cannot sell 200 601398.SH today: 200 shares of it were bought today and can be sold from the ' +
        'next trading day on (T+1 settlement); you can sell at most 100 shares today.',
    );
    expect(code(ledger.sell(SYMBOL, 100))).toBe('filled');
  });

  it('counts only buys of the same trading day before the session', () => {
    const fills = (quantity: number) => [
      { side: 'buy' as const, symbol: SYMBOL, quantity },
      { side: 'sell' as const, symbol: SYMBOL, quantity: 1_000 },
    ];
    const earlier: SessionFills[] = [
      { session: '2025-10-09 15:00:00', fills: fills(100) },
      { session: '2025-10-10 10:30:00', fills: fills(200) },
      { session: '2025-10-10 11:30:00', fills: fills(300) },
      { session: '2025-10-10 14:00:00', fills: fills(400) },
    ];
    expect([...boughtEarlierToday('2025-10-10 14:00:00', earlier)]).toEqual([[SYMBOL, 500]]);
    // A day is its own only session: nothing earlier shares its date.
    expect(boughtEarlierToday('2025-10-10', earlier).size).toBe(0);
  });

  it('tells an hourly agent the rule in those words, and a daily one as before', () => {
    expect(settlementRule(CN_MARKET.orderRules, 'hourly')).toBe(
      "- T+1 settlement: shares bought today can be sold from the next trading day on, not in today's later sessions.",
    );
    expect(settlementRule(CN_MARKET.orderRules)).toBe(
      '- T+1 settlement: shares bought today can be sold from the next session on, not today.',
    );
  });
});
