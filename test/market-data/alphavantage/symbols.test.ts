import { describe, expect, it } from 'vitest';
import {
  chinaSymbolToAlphaVantage,
  coinOfPair,
  pairOfCoin,
  symbolFromAlphaVantage,
} from '../../../src/market-data/alphavantage/symbols.js';

describe("Alpha Vantage's spelling of the arena's symbols", () => {
  it.each([
    ['600519.SH', '600519.SHH'],
    ['000016.SH', '000016.SHH'],
    ['000001.SZ', '000001.SHZ'],
  ])('writes %s as %s and reads it back', (ours, theirs) => {
    expect(chinaSymbolToAlphaVantage(ours)).toBe(theirs);
    expect(symbolFromAlphaVantage(theirs)).toBe(ours);
  });

  it.each(['AAPL', 'BRK.B', '600519.SH', 'BTC-USDT', 'ABC.SHH'])(
    'leaves %s as it is when reading',
    (symbol) => {
      expect(symbolFromAlphaVantage(symbol)).toBe(symbol);
    },
  );

  it.each(['AAPL', '600519', '60051.SH', '600519.SHH', '600519.HK'])(
    'cannot write %s as a Chinese symbol',
    (symbol) => {
      expect(chinaSymbolToAlphaVantage(symbol)).toBeUndefined();
    },
  );

  it('asks for a pair against USDT by its coin, and names the coin by its pair', () => {
    expect(coinOfPair('BTC-USDT')).toBe('BTC');
    expect(coinOfPair('LINK-USDT')).toBe('LINK');
    expect(pairOfCoin('SUI')).toBe('SUI-USDT');
    for (const symbol of ['BTC', 'BTC-USD', 'BTC-EUR', '-USDT', 'btc-USDT'])
      expect(coinOfPair(symbol)).toBeUndefined();
  });
});
