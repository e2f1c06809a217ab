/**
 * The HTTP interface: one Fastify app over the application services the container chose at
 * start-up. Routes only translate HTTP to service calls; this file wires validation, errors,
 * logging, authentication and the OpenAPI document around them.
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import type { AppContainer } from '../app/container.js';
import { mcpRoutes } from './routes/mcp.js';
import { bearerTokenGuard } from './auth.js';
import { dashboardAssets, DEFAULT_WEB_ROOT, openDashboard } from './dashboard.js';
import { acceptBodilessJson } from './bodiless-json.js';
import { capConnections, connectionOptions } from './connection-limits.js';
import { clientErrorHandler, errorHandler, notFoundHandler, routerRefusal } from './errors.js';
import { JobAwareLogController } from './request-logging.js';
import { hostPolicy, requestOriginGuard } from './request-origin.js';
import { setSecurityHeaders } from './security-headers.js';
import { healthRoutes } from './routes/health.js';
import { eventsRoutes } from './routes/events.js';
import { jobsRoutes } from './routes/jobs.js';
import { resultsRoutes } from './routes/results.js';
import { rootRoutes } from './routes/root.js';
import { simulateRoutes } from './routes/simulate.js';

export const APP_NAME = 'AI-Trader-Server';
/** Trigger bodies are a few hundred bytes; anything near this is a mistake or an attack. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The services the HTTP layer calls: a subset of the container, so tests may pass their own. */
export type HttpDeps = Pick<
  AppContainer,
  'jobs' | 'events' | 'results' | 'deployment' | 'database' | 'logger' | 'now' | 'env'
> &
  /** When present, external agents trade over MCP at `/mcp`. */
  Partial<Pick<AppContainer, 'arena'>>;

/** The app's type: the pino logger the container made, and zod-typed routes. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  Logger,
  ZodTypeProvider
>;

export interface BuildAppOptions {
  /** Overrides `HOST`: where the server listens (a name there is one clients may call it by). */
  host?: string;
  /** Overrides `API_TOKEN`; an empty string turns authentication off. */
  apiToken?: string;
  bodyLimit?: number;
  /** The dashboard's build (default `dist/web`); null serves none (`/` then tells browsers how to build it). */
  webRoot?: string | null;
}

export function buildApp(deps: HttpDeps, opts: BuildAppOptions = {}): HttpApp {
  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new JobAwareLogController(),
    bodyLimit: opts.bodyLimit ?? DEFAULT_BODY_LIMIT,
    // Malformed URLs are answered before routing; keep even those in the `{detail}` shape.
    frameworkErrors: routerRefusal,
    clientErrorHandler,
    ...connectionOptions(deps.env),
  }).withTypeProvider<ZodTypeProvider>();
  capConnections(app.server, deps.env);

  app.setValidatorCompiler(validatorCompiler);
  // Answers are built by typed presenters from the same zod schemas (z.infer), so checking them again
  // on the way out only costs CPU on every read; plain JSON.stringify writes them.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  acceptBodilessJson(app);

  // On every answer, refusals included, however it is written (see security-headers.ts).
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(reply.raw);
    done();
  });
  // Names and sites first: a rebound name or another site's page is refused whatever it carries.
  app.addHook('onRequest', requestOriginGuard(hostPolicy(deps.env, opts.host ?? deps.env.HOST)));
  const token = opts.apiToken ?? deps.env.API_TOKEN ?? '';
  if (token !== '') app.addHook('onRequest', bearerTokenGuard(token));

  const version = packageVersion();
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: APP_NAME,
        version,
        description:
          'An arena where LLMs trade NASDAQ-100 stocks day by day over historical dates. ' +
          'Compatible with the original AI-Trader-Server HTTP API.',
      },
      tags: [
        { name: 'simulation', description: 'Jobs: trigger, follow, list, cancel' },
        { name: 'results', description: 'What the models did' },
        { name: 'health', description: 'Service status' },
      ],
      components: {
        securitySchemes: {
          bearerAuth: {
            type: 'http',
            scheme: 'bearer',
            description: 'Required on POST endpoints only when the server sets API_TOKEN',
          },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  void app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  const dashboard = openDashboard(opts.webRoot === undefined ? DEFAULT_WEB_ROOT : opts.webRoot);
  void app.register(rootRoutes, { name: APP_NAME, version, dashboard });
  void app.register(dashboardAssets, { dashboard });
  void app.register(healthRoutes, { database: deps.database, deployment: deps.deployment, now: deps.now });
  void app.register(simulateRoutes, { jobs: deps.jobs, deployment: deps.deployment, costs: deps.results });
  void app.register(jobsRoutes, { jobs: deps.jobs, deployment: deps.deployment });
  void app.register(eventsRoutes, { jobs: deps.jobs, feed: deps.events, deployment: deps.deployment });
  void app.register(resultsRoutes, {
    results: deps.results,
    now: deps.now,
    lookbackDays: deps.env.DEFAULT_RESULTS_LOOKBACK_DAYS,
  });
  if (deps.arena) {
    void app.register(mcpRoutes, {
      arena: deps.arena,
      logger: deps.logger,
      version,
      apiToken: token,
      maxSessions: deps.env.MCP_MAX_SESSIONS,
    });
  }
  return app;
}

/** The package's version; src/http and dist/http both sit two levels below package.json. */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: unknown;
    };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}
