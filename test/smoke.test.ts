import { describe, expect, it } from 'vitest';
import { configuredUniverse, parseAppConfig } from '../src/config/app-config.js';
import { DayLedger } from '../src/core/ledger/day-ledger.js';
import { MarketView } from '../src/core/market-view.js';
import { BENCHMARK_SYMBOL } from '../src/core/universe.js';
import { demoBarsForRange } from '../src/market-data/demo/demo-dataset.js';

describe('the default universe', () => {
  it('lets a model trade the 101 tickers of the original, GOOG and GOOGL both, but never the benchmark', () => {
    // A config without stock_symbols, on a session with a bar for every ticker and for the benchmark.
    const config = parseAppConfig({ models: [{ name: 'A', basemodel: 'x/y', signature: 'a' }] });
    const date = '2025-10-01';
    const universe = configuredUniverse(config);
    const view = new MarketView(date, demoBarsForRange(date, date), new Set(universe));

    // No ticker twice: the prompt would quote it twice and a download fetch it twice.
    expect(new Set(universe).size).toBe(universe.length);
    expect(view.todayOpens().size).toBe(101);
    expect(view.todayOpens().has(BENCHMARK_SYMBOL)).toBe(false);

    const ledger = new DayLedger({ cash: 10_000, holdings: {} }, view.forMarketForOrders());
    expect(ledger.buy('GOOG', 1).ok).toBe(true);
    expect(ledger.buy('GOOGL', 1).ok).toBe(true);
    const benchmark = ledger.buy(BENCHMARK_SYMBOL, 1);
    expect(benchmark.ok ? null : benchmark.rejection.code).toBe('unknown_symbol');
  });
});
