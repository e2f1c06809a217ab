/** `/health`: is the server up and can it reach its database. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Deployment } from '../../app/container.js';
import type { OpenDatabase } from '../../store/open-database.js';
import { probeDatabase } from '../database-probe.js';
import { healthResponses } from '../contract/health.js';
import { deploymentFields } from '../job-answers.js';

export interface HealthRoutesOptions {
  database: Pick<OpenDatabase, 'db'>;
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
        description: '200 when the database answers a query, 503 when it does not.',
        response: healthResponses,
      },
    },
    async (_request, reply) => {
      const connected = await probeDatabase(database.db);
      reply.code(connected ? 200 : 503);
      return {
        status: connected ? ('healthy' as const) : ('unhealthy' as const),
        database: connected ? ('connected' as const) : ('disconnected' as const),
        timestamp: now().toISOString(),
        ...deploymentFields(deployment),
      };
    },
  );
};
