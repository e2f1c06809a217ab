/**
 * The benchmark's `agent_type` values and what they mean here. Its agents differ by market (and by
 * session length); this server runs one built-in agent under each market's rules, so the type
 * chooses the market, and the hourly types, which this server does not run yet, are refused.
 */
import { MARKET_IDS, type MarketId } from '../core/markets/market.js';

/** The one agent of the original server, and the benchmark's US daily agent. */
export const ORIGINAL_AGENT_TYPE = 'BaseAgent';

const MARKET_AGENT_TYPES: Readonly<Record<string, MarketId>> = {
  BaseAgentAStock: 'cn',
  BaseAgentCrypto: 'crypto',
};

const HOURLY_AGENT_TYPES: ReadonlySet<string> = new Set(['BaseAgent_Hour', 'BaseAgentAStock_Hour']);

/** The daily agent types this server runs: BaseAgent (any market) and one per market. */
export const DAILY_AGENT_TYPES: readonly string[] = [ORIGINAL_AGENT_TYPE, ...Object.keys(MARKET_AGENT_TYPES)];

/** The market an agent type trades, when it names one (`BaseAgent` trades the config's `market`). */
export function marketOfAgentType(agentType: string | undefined): MarketId | undefined {
  return agentType === undefined ? undefined : MARKET_AGENT_TYPES[agentType];
}

export function isKnownAgentType(agentType: string): boolean {
  return DAILY_AGENT_TYPES.includes(agentType);
}

/** Why a config's agent_type cannot run, or undefined when it can (or says nothing this server acts on). */
export function agentTypeProblem(
  agentType: string | undefined,
  market: MarketId | undefined,
): string | undefined {
  if (agentType === undefined) return undefined;
  if (HOURLY_AGENT_TYPES.has(agentType)) {
    return (
      `agent_type "${agentType}" trades hourly sessions, which this server does not run yet (daily only): ` +
      `use ${DAILY_AGENT_TYPES.map((t) => `"${t}"`).join(', ')} with the same market`
    );
  }
  const implied = marketOfAgentType(agentType);
  if (implied !== undefined && market !== undefined && market !== implied) {
    return `agent_type "${agentType}" trades the ${implied} market, but market is "${market}": make them agree (or use "${ORIGINAL_AGENT_TYPE}" with market "${market}")`;
  }
  return undefined;
}

export { MARKET_IDS };
