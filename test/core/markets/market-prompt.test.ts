import { describe, expect, it } from 'vitest';
import { CN_MARKET, CRYPTO_MARKET } from '../../../src/core/markets/index.js';
import { buildSystemPrompt, PRICE_ROW_PATTERN } from '../../../src/core/prompt.js';
import { toolSpecs } from '../../../src/core/tools/tool-definitions.js';

const base = { newsAvailable: false, maxSteps: 10 };

describe('the prompt and tools of each market', () => {
  it('states A-share rules: yuan, lots of 100, T+1, Shanghai tickers in the price table', () => {
    const prompt = buildSystemPrompt({
      ...base,
      market: CN_MARKET,
      date: '2025-10-09',
      position: { cash: 100_000, holdings: { '600519.SH': 100 } },
      opens: new Map([['600519.SH', 1442.2]]),
      previousCloses: new Map([['600519.SH', { date: '2025-09-30', close: 1443.99 }]]),
      universe: ['600519.SH'],
      valueAtOpen: 244_220,
    });
    expect(prompt).toContain('China A-shares');
    expect(prompt).toContain('- Cash: ¥100,000.00');
    expect(prompt).toContain('- 600519.SH: 100 shares (¥144,220.00 at open)');
    expect(prompt).toContain('Prices (CNY): symbol | close on 2025-09-30 | open on 2025-10-09');
    expect(prompt).toContain('in lots of 100 shares (100, 200, ...)');
    expect(prompt).toContain('T+1 settlement');
    expect(prompt.split('\n').filter((line) => PRICE_ROW_PATTERN.test(line))).toEqual([
      '600519.SH | 1443.99 | 1442.2',
    ]);
  });

  it('states crypto rules: USDT to 4 decimals, fractional units, no T+1', () => {
    const prompt = buildSystemPrompt({
      ...base,
      market: CRYPTO_MARKET,
      date: '2025-11-03',
      position: { cash: 5654.8599, holdings: { 'BTC-USDT': 0.1817 } },
      opens: new Map([['BTC-USDT', 110533.83]]),
      previousCloses: new Map([['BTC-USDT', { date: '2025-11-02', close: 110536.01 }]]),
      universe: ['BTC-USDT'],
      valueAtOpen: 25738.8598,
    });
    expect(prompt).toContain('- Cash: 5,654.8599 USDT');
    expect(prompt).toContain('- BTC-USDT: 0.1817 units');
    expect(prompt).toContain('units with up to 4 decimal places (at least 0.0001)');
    expect(prompt).not.toContain('T+1');
  });

  it('describes order amounts by the market rule in the tool schemas', () => {
    const cnBuy = toolSpecs({ newsAvailable: false, market: CN_MARKET }).find((t) => t.name === 'buy');
    expect(cnBuy?.parameters).toMatchObject({
      properties: { amount: { type: 'integer', minimum: 100, multipleOf: 100 } },
    });
    const cryptoSell = toolSpecs({ newsAvailable: false, market: CRYPTO_MARKET }).find(
      (t) => t.name === 'sell',
    );
    expect(cryptoSell?.parameters).toMatchObject({
      properties: { amount: { type: 'number', minimum: 0.0001 } },
    });
    expect(cryptoSell?.description).toContain('up to 4 decimal places');
  });
});
