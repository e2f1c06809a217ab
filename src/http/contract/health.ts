/** The contract of `/health` and the index at `/`. */
import { z } from 'zod';
import { MARKET_IDS } from '../../core/markets/market.js';
import { deploymentSchema, timestamp } from './common.js';

export const healthResponseSchema = z.object({
  status: z.enum(['healthy', 'unhealthy']),
  database: z.enum(['connected', 'disconnected']),
  /** Why the database is unhealthy (e.g. `database or disk is full`); absent when healthy. */
  detail: z.string().optional(),
  timestamp,
  ...deploymentSchema.shape,
  market: z
    .enum(MARKET_IDS)
    .describe(
      "The market a trigger or results question that names none is about: the config's (us unless configured)",
    ),
});
export type HealthResponse = z.infer<typeof healthResponseSchema>;

export const indexResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  docs: z.string(),
  openapi: z.string(),
  health: z.string(),
});

export const healthResponses = {
  200: healthResponseSchema.describe('Healthy'),
  503: healthResponseSchema.describe('The database does not answer, cannot be written, or its file is gone'),
};
export const indexResponses = { 200: indexResponseSchema.describe('Where to go next') };
