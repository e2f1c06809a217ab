/**
 * `/`: the dashboard for browsers (`Accept: text/html`), and for API clients the small JSON index
 * pointing at the docs and the health check, as before.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { indexResponses } from '../contract/health.js';
import { prefersHtml, sendDashboardPage, type Dashboard } from '../dashboard.js';

export interface RootRoutesOptions {
  name: string;
  version: string;
  dashboard: Dashboard;
}

export const rootRoutes: FastifyPluginAsyncZod<RootRoutesOptions> = async (
  app,
  { name, version, dashboard },
) => {
  app.get(
    '/',
    {
      schema: {
        tags: ['health'],
        summary: 'Service index',
        description:
          'API clients get this JSON index; a browser (`Accept` preferring `text/html`) gets the web dashboard.',
        response: indexResponses,
      },
    },
    async (request, reply) => {
      // The answer depends on Accept: caches must not hand the page to an API client or the reverse.
      reply.header('vary', 'Accept');
      if (prefersHtml(request.headers.accept)) {
        return sendDashboardPage(reply, await dashboard.page());
      }
      return { name, version, docs: '/docs', openapi: '/openapi.json', health: '/health' };
    },
  );
};
