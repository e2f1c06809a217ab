/** `/`: a small index pointing at the docs and the health check (a dashboard will take its place). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { indexResponses } from '../contract/health.js';

export interface RootRoutesOptions {
  name: string;
  version: string;
}

export const rootRoutes: FastifyPluginAsyncZod<RootRoutesOptions> = async (app, { name, version }) => {
  app.get(
    '/',
    { schema: { tags: ['health'], summary: 'Service index', response: indexResponses } },
    async () => ({ name, version, docs: '/docs', openapi: '/openapi.json', health: '/health' }),
  );
};
