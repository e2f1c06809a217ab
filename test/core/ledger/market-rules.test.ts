import { describe, expect, it } from 'vitest';
import { DayLedger, emptyPosition, type OrderResult } from '../../../src/core/ledger/index.js';
import { CN_MARKET, CRYPTO_MARKET, type Market } from '../../../src/core/markets/index.js';
import { valuePosition } from '../../../src/core/valuation.js';

function ledgerFor(market: Market, cash: number, opens: Record<string, number>, holdings = {}) {
  return new DayLedger(
    { cash, holdings },
    {
      universe: new Set(Object.keys(opens)),
      opens: new Map(Object.entries(opens)),
      rules: market.orderRules,
      currency: market.currency,
    },
  );
}

function rejection(result: OrderResult) {
  if (result.ok) throw new Error(`expected a rejection, got ${JSON.stringify(result.fill)}`);
  return result.rejection;
}

describe('China A-shares: lots of 100, T+1', () => {
  const opens = { '600519.SH': 1480, '601398.SH': 7.21 };

  it('buys 200 shares of 600519.SH at 1480.00 for 296,000.00 out of 300,000.00', () => {
    const ledger = ledgerFor(CN_MARKET, 300_000, opens);
    const result = ledger.buy('600519.SH', 200);
    expect(result.ok && result.fill).toMatchObject({ quantity: 200, notional: 296_000, cashAfter: 4000 });
  });

  it('refuses 150 shares, naming the lot rule and the nearest lots, and changes nothing', () => {
    const ledger = ledgerFor(CN_MARKET, 100_000, opens);
    const refused = rejection(ledger.buy('601398.SH', 150));
    expect(refused.code).toBe('lot_size');
    expect(refused.message).toBe(
      'Invalid amount 150: this market trades in lots of 100 shares; use a multiple of 100, e.g. 100 or 200.',
    );
    expect(ledger.position).toEqual(emptyPosition(100_000));
    expect(ledger.fills).toEqual([]);
    expect(rejection(ledger.sell('601398.SH', 50)).code).toBe('lot_size');
  });

  it('refuses to sell shares bought in the same session, and sells what was held before', () => {
    const ledger = ledgerFor(CN_MARKET, 10_000, opens, { '601398.SH': 300 });
    expect(ledger.buy('601398.SH', 200).ok).toBe(true);
    const refused = rejection(ledger.sell('601398.SH', 400));
    expect(refused.code).toBe('t_plus_1');
    expect(refused.message).toBe(
      'Cannot sell 400 601398.SH today: 200 shares of it were bought today and can be sold from the ' +
        'next session on (T+1 settlement); you can sell at most 300 shares today.',
    );
    const sold = ledger.sell('601398.SH', 300);
    expect(sold.ok && sold.fill.sharesAfter).toBe(200);
    // 10 000 - 200 x 7.21 + 300 x 7.21 = 10 721.00
    expect(ledger.position).toEqual({ cash: 10_721, holdings: { '601398.SH': 200 } });
  });

  it('says in yuan how many lots the cash affords', () => {
    const refused = rejection(ledgerFor(CN_MARKET, 200_000, opens).buy('600519.SH', 200));
    expect(refused.message).toBe(
      'Insufficient cash to buy 200 600519.SH at ¥1480.00 per share: needs ¥296000.00, available ' +
        '¥200000.00. You can afford at most 100 shares.',
    );
  });
});

describe('crypto: 4 decimal places, cash kept to 4 decimals', () => {
  // The benchmark's recorded first day of deepseek-chat-v3.1 (positions-excerpt), at the opens of 2025-11-02.
  const opens = { 'BTC-USDT': 110052.25, 'ETH-USDT': 3872.07, 'SOL-USDT': 186.26, 'ADA-USDT': 0.6125 };

  it('fills the recorded buys to the benchmark cash, to the 4th decimal', () => {
    const ledger = ledgerFor(CRYPTO_MARKET, 50_000, opens);
    const cash = [
      ledger.buy('BTC-USDT', 0.1817), // 0.1817 x 110052.25 = 19996.493825 -> 30003.5062
      ledger.buy('ETH-USDT', 5.15), // 5.15 x 3872.07 = 19941.1605 -> 10062.3457
      ledger.buy('SOL-USDT', 16.08), // 16.08 x 186.26 = 2995.0608 -> 7067.2849
      ledger.buy('ADA-USDT', 2306), // 2306 x 0.6125 = 1412.425 -> 5654.8599
    ].map((result) => (result.ok ? result.fill.cashAfter : result.rejection.message));
    expect(cash).toEqual([30003.5062, 10062.3457, 7067.2849, 5654.8599]);
    expect(ledger.position.holdings).toEqual({
      'ADA-USDT': 2306,
      'BTC-USDT': 0.1817,
      'ETH-USDT': 5.15,
      'SOL-USDT': 16.08,
    });
  });

  it('refuses an amount with more than 4 decimals, naming the rule', () => {
    const refused = rejection(ledgerFor(CRYPTO_MARKET, 50_000, opens).buy('BTC-USDT', 0.12345));
    expect(refused.code).toBe('too_many_decimals');
    expect(refused.message).toBe(
      'Invalid amount 0.12345: amounts have at most 4 decimal places (the smallest step is 0.0001 unit).',
    );
  });

  it('sells part of a fractional holding and may sell the same day what it bought (T+0)', () => {
    const ledger = ledgerFor(CRYPTO_MARKET, 1000, { 'BTC-USDT': 110533.83 }, { 'BTC-USDT': 0.1817 });
    // 0.05 x 110533.83 = 5526.6915
    const sold = ledger.sell('BTC-USDT', 0.05);
    expect(sold.ok && sold.fill).toMatchObject({ cashAfter: 6526.6915, sharesAfter: 0.1317 });
    expect(ledger.buy('BTC-USDT', 0.001).ok).toBe(true);
    expect(ledger.sell('BTC-USDT', 0.1327).ok).toBe(true);
    expect(ledger.position.holdings).toEqual({});
  });

  it('says in USDT how much the cash affords, to the 4th decimal', () => {
    const refused = rejection(ledgerFor(CRYPTO_MARKET, 1000, opens).buy('BTC-USDT', 1));
    expect(refused.message).toBe(
      'Insufficient cash to buy 1 BTC-USDT at 110052.25 USDT per unit: needs 110052.25 USDT, available ' +
        '1000.00 USDT. You can afford at most 0.009 units.',
    );
  });

  it('values fractional holdings at the close exactly, rounded once to the tick', () => {
    // 5654.8599 + 0.1817 x 110536.01 + 5.15 x 3905.97 + 16.08 x 186.86 + 2306 x 0.6162
    const value = valuePosition(
      {
        cash: 5654.8599,
        holdings: { 'BTC-USDT': 0.1817, 'ETH-USDT': 5.15, 'SOL-USDT': 16.08, 'ADA-USDT': 2306 },
      },
      new Map([
        ['BTC-USDT', 110536.01],
        ['ETH-USDT', 3905.97],
        ['SOL-USDT', 186.86],
        ['ADA-USDT', 0.6162],
      ]),
    );
    // 20084.393017 + 20115.7455 + 3004.7088 + 1420.9572 + 5654.8599 = 50280.664417
    expect(value.value).toBe(50280.6644);
  });
});
