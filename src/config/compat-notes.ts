import type { AppConfig } from './app-config.js';

/** The one agent this server runs; the original's files name it `BaseAgent`. */
export const ORIGINAL_AGENT_TYPE = 'BaseAgent';

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
    notes.push(
      config.agent_type === ORIGINAL_AGENT_TYPE
        ? {
            level: 'info',
            message: `config agent_type "${config.agent_type}": every model runs the built-in tool-calling agent, as BaseAgent did`,
          }
        : {
            level: 'warn',
            message: `config agent_type "${config.agent_type}" is not available: every model runs the built-in tool-calling agent (the original's ${ORIGINAL_AGENT_TYPE})`,
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
