import { marketById } from '../core/markets/index.js';
import { describeMarket } from '../core/markets/rules-text.js';
import type { AppConfig } from './app-config.js';
import { DAILY_AGENT_TYPES, isKnownAgentType, ORIGINAL_AGENT_TYPE } from './agent-types.js';

export { ORIGINAL_AGENT_TYPE };

export interface ConfigNote {
  level: 'info' | 'warn';
  message: string;
}

/**
 * What the server does with the keys of the original server's config files, said once at start-up,
 * so a user switching over knows which of their settings act here and which do not.
 */
export function compatibilityNotes(config: AppConfig): ConfigNote[] {
  const notes: ConfigNote[] = [];
  if (config.agent_type !== undefined) {
    const market = describeMarket(marketById(config.market));
    if (config.agent_type === ORIGINAL_AGENT_TYPE) {
      notes.push({
        level: 'info',
        message: `config agent_type "${config.agent_type}": every model runs the built-in tool-calling agent, as BaseAgent did`,
      });
    } else if (isKnownAgentType(config.agent_type)) {
      notes.push({
        level: 'info',
        message: `config agent_type "${config.agent_type}": every model runs the built-in tool-calling agent under the rules of market ${market}`,
      });
    } else {
      notes.push({
        level: 'warn',
        message: `config agent_type "${config.agent_type}" is not available: every model runs the built-in tool-calling agent (the original's ${ORIGINAL_AGENT_TYPE}; known: ${DAILY_AGENT_TYPES.join(', ')})`,
      });
    }
  }
  const { agent_config: agent } = config;
  if (agent.verbose !== undefined) {
    notes.push({
      level: 'info',
      message:
        'config agent_config.verbose is not used: every model-day is logged and its whole conversation stored',
    });
  }
  if (agent.recursion_limit !== undefined) {
    notes.push({
      level: 'info',
      message: `config agent_config.recursion_limit ${agent.recursion_limit} is not used: max_steps (${agent.max_steps}) bounds each model-day's tool-calling turns`,
    });
  }
  for (const tool of agent.disabled_tools ?? []) {
    const news = tool === 'search' || tool === 'get_information';
    notes.push(
      news
        ? {
            level: 'info',
            message: `config agent_config.disabled_tools "${tool}": news search is off for every model`,
          }
        : {
            level: 'warn',
            message: `config agent_config.disabled_tools "${tool}" is not a tool this server can turn off (only "search")`,
          },
    );
  }
  if (config.date_range !== undefined) {
    const { init_date: start, end_date: end } = config.date_range;
    notes.push({
      level: 'info',
      message: `config date_range ${start}..${end}: the default range of \`ai-trader simulate\` without --start/--end; HTTP triggers always name their dates`,
    });
  }
  if (config.log_config !== undefined) {
    notes.push({
      level: 'info',
      message: `config log_config.log_path "${config.log_config.log_path}" is not used: each model-day's whole conversation is stored in the database (GET /results?reasoning=full)`,
    });
  }
  return notes;
}
