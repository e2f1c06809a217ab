import type { Market } from '../core/markets/index.js';
import { demoBarsForRange } from './demo/demo-dataset.js';
import type { HistoryResult, PriceHistoryProvider } from './history-provider.js';

/**
 * The offline demo dataset as a history provider, used when no Alpha Vantage key is set in DEV mode.
 * Bars are labelled `synthetic` in storage, so they are never shown as real prices.
 */
export class SyntheticHistoryProvider implements PriceHistoryProvider {
  readonly source = 'synthetic' as const;

  async fetchHistory(symbol: string, oldest: string, newest: string, market: Market): Promise<HistoryResult> {
    const bars = demoBarsForRange(oldest, newest, [symbol], market);
    return { bars, coverage: { from: oldest, through: newest }, warnings: [] };
  }
}
