/** `/health`: is the server up and can it reach its database. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deployment } from '../../app/container.js';
import type { OpenDatabase } from '../../store/open-database.js';
import { probeDatabase } from '../database-probe.js';
import { DEFAULT_MARKET_ID } from '../../core/markets/index.js';
import { healthResponses } from '../contract/health.js';
import { deploymentFields } from '../job-answers.js';

export interface HealthRoutesOptions {
  database: Pick<OpenDatabase, 'check'>;
  deployment: Deployment;
  now: () => Date;
}

export const healthRoutes: FastifyPluginAsyncZod<HealthRoutesOptions> = async (
  app,
  { database, deployment, now },
) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and database connectivity',
        description:
          '200 when the database answers a read (and, after a write failed, a write); 503 when it does ' +
          'not, or when its SQLite file was deleted while the server ran, with the reason in `detail`.',
        response: healthResponses,
      },
    },
    async (_request, reply) => {
      const { healthy, detail } = await probeDatabase(database);
      reply.code(healthy ? 200 : 503);
      return {
        status: healthy ? ('healthy' as const) : ('unhealthy' as const),
        database: healthy ? ('connected' as const) : ('disconnected' as const),
        ...(detail === undefined ? {} : { detail }),
        timestamp: now().toISOString(),
        ...deploymentFields(deployment),
        market: deployment.market ?? DEFAULT_MARKET_ID,
      };
    },
  );
};
