/**
 * Alpha Vantage's spelling of the arena's symbols, both ways. The arena writes symbols as the
 * benchmark does (`600519.SH`, `BTC-USDT`) and stores bars under that spelling; only this adapter
 * knows that Alpha Vantage writes Shanghai as `.SHH`, Shenzhen as `.SHZ`, and asks for a coin by its
 * code and a quote market (`symbol=BTC&market=USD`).
 */

/** The quote market asked for: Alpha Vantage quotes coins in USD, the benchmark trades them against USDT, a dollar stablecoin. */
export const COIN_QUOTE_MARKET = 'USD';
const PAIR_QUOTE = 'USDT';

// Exchange suffixes: the arena's (the benchmark's) and Alpha Vantage's.
const EXCHANGE_SUFFIXES: readonly { ours: string; theirs: string }[] = [
  { ours: '.SH', theirs: '.SHH' },
  { ours: '.SZ', theirs: '.SHZ' },
];

const SIX_DIGITS = /^\d{6}$/;
const COIN_CODE = /^[A-Z0-9]{2,10}$/;

/** `600519.SH` -> `600519.SHH`; undefined for anything that is not a six-digit Chinese code. */
export function chinaSymbolToAlphaVantage(symbol: string): string | undefined {
  for (const { ours, theirs } of EXCHANGE_SUFFIXES) {
    if (symbol.endsWith(ours) && SIX_DIGITS.test(symbol.slice(0, -ours.length)))
      return `${symbol.slice(0, -ours.length)}${theirs}`;
  }
  return undefined;
}

/** `600519.SHH` -> `600519.SH`; any other symbol (AAPL, or one already in our spelling) as it is. */
export function symbolFromAlphaVantage(avSymbol: string): string {
  for (const { ours, theirs } of EXCHANGE_SUFFIXES) {
    if (avSymbol.endsWith(theirs) && SIX_DIGITS.test(avSymbol.slice(0, -theirs.length)))
      return `${avSymbol.slice(0, -theirs.length)}${ours}`;
  }
  return avSymbol;
}

/** `BTC-USDT` -> `BTC`; undefined for anything that is not a coin against USDT. */
export function coinOfPair(symbol: string): string | undefined {
  const suffix = `-${PAIR_QUOTE}`;
  if (!symbol.endsWith(suffix)) return undefined;
  const coin = symbol.slice(0, -suffix.length);
  return COIN_CODE.test(coin) ? coin : undefined;
}

/** `BTC` -> `BTC-USDT`. */
export function pairOfCoin(coin: string): string {
  return `${coin}-${PAIR_QUOTE}`;
}
