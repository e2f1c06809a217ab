import type { MockStrategyName } from '../../config/app-config.js';
import { buyAndHold } from './buy-and-hold.js';
import { meanReversion } from './mean-reversion.js';
import { momentum } from './momentum.js';
import { randomTrader } from './random-trader.js';
import type { MockStrategy } from './strategy.js';

const STRATEGIES: Readonly<Record<MockStrategyName, MockStrategy>> = Object.freeze({
  momentum,
  mean_reversion: meanReversion,
  buy_and_hold: buyAndHold,
  random: randomTrader,
});

/** The strategy for a configured name; throws on a name that slipped past config validation. */
export function mockStrategy(name: MockStrategyName): MockStrategy {
  if (!Object.prototype.hasOwnProperty.call(STRATEGIES, name)) {
    throw new RangeError(`unknown mock strategy ${JSON.stringify(name)}`);
  }
  return STRATEGIES[name];
}
