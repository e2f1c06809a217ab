/** How a market's order rules and money read to an agent: one wording for the prompt and the tools. */
import type { Frequency } from '../session-keys.js';
import type { Currency, Market, OrderRules } from './market.js';

/** `whole shares (integer >= 1)`, `lots of 100 shares (100, 200, ...)`, `up to 4 decimal places ...`. */
export function quantityRule(rules: OrderRules): string {
  if (rules.quantityDecimals > 0) {
    const smallest = (10 ** -rules.quantityDecimals).toFixed(rules.quantityDecimals);
    return `${rules.unit.many} with up to ${rules.quantityDecimals} decimal places (at least ${smallest})`;
  }
  if (rules.lotSize > 1) {
    return `lots of ${rules.lotSize} ${rules.unit.many} (${rules.lotSize}, ${rules.lotSize * 2}, ...)`;
  }
  return `whole ${rules.unit.many} (integer >= 1)`;
}

/** The rule in a few words, for tool descriptions: `whole shares`, `lots of 100 shares`, ... */
export function quantityRuleShort(rules: OrderRules): string {
  if (rules.quantityDecimals > 0)
    return `${rules.unit.many} (up to ${rules.quantityDecimals} decimal places)`;
  if (rules.lotSize > 1) return `lots of ${rules.lotSize} ${rules.unit.many}`;
  return `whole ${rules.unit.many}`;
}

/**
 * The settlement rule as a prompt line, or null where what is bought may be sold the same session.
 * In hourly sessions T+1 still means the next trading day, not the next hour, and the line says so.
 */
export function settlementRule(rules: OrderRules, frequency: Frequency = 'daily'): string | null {
  if (rules.settlement !== 'T+1') return null;
  return frequency === 'daily'
    ? `- T+1 settlement: ${rules.unit.many} bought today can be sold from the next session on, not today.`
    : `- T+1 settlement: ${rules.unit.many} bought today can be sold from the next trading day on, ` +
        `not in today's later sessions.`;
}

/** A formatter of cash for an agent: `$1,234.50`, `¥1,234.50`, `1,234.5000 USDT`. */
export function moneyFormatter(currency: Currency): (amount: number) => string {
  const format = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: currency.decimals,
    maximumFractionDigits: currency.decimals,
  });
  return currency.symbol === ''
    ? (amount) => `${format.format(amount)} ${currency.code}`
    : (amount) => `${currency.symbol}${format.format(amount)}`;
}

/** One line naming the market, for logs and CLI headers: `us (NASDAQ-100, USD)`. */
export function describeMarket(market: Market): string {
  return `${market.id} (${market.name}, ${market.currency.code})`;
}
