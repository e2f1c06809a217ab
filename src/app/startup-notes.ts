import { enabledModels, type AppConfig } from '../config/app-config.js';
import { compatibilityNotes, type ConfigNote } from '../config/compat-notes.js';
import type { Env } from '../config/env.js';

/**
 * What a user should hear once when the server starts: how their config file's keys are used, and
 * settings whose absence would otherwise only show up later as failed downloads or failed days.
 */
export function startupNotes(env: Env, config: AppConfig, devMode: boolean): ConfigNote[] {
  const notes = compatibilityNotes(config);
  if (devMode) return notes;
  if (env.ALPHAADVANTAGE_API_KEY === undefined) {
    notes.push({
      level: 'warn',
      message:
        'ALPHAADVANTAGE_API_KEY is not set: jobs can only trade on prices already stored ' +
        '(`ai-trader data import`), every missing price is reported as a failed download',
    });
  }
  const keyless = enabledModels(config)
    // External agents bring their own model: no key is needed here.
    .filter(
      (m) => m.kind !== 'external' && m.openai_api_key === undefined && env.OPENAI_API_KEY === undefined,
    )
    .map((m) => m.signature);
  if (keyless.length > 0) {
    notes.push({
      level: 'warn',
      message: `OPENAI_API_KEY is not set and these models have no openai_api_key in the config: ${keyless.join(', ')}; their model-days will fail until one is set`,
    });
  }
  return notes;
}
