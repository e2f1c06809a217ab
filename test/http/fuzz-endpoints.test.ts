/**
 * Every endpoint of a running server, on SQLite and on PostgreSQL, under generated hostile requests
 * (fast-check, over real HTTP, byte for byte): never a 5xx, every 4xx a JSON body with a `detail`
 * (or, from the MCP endpoint, a JSON-RPC error),
 * every success in its documented shape, and nothing in the database changes.
 *
 * The database holds two finished jobs (one superseding a day of the other), run before the fuzzing
 * by a server whose models were enabled; the fuzzed server runs on the same data with every model
 * disabled, so no trigger can be accepted and no job can run: every request must leave every table
 * as it was, whatever it asked. Runs are bounded and seeded (FUZZ_RUNS, FUZZ_SEED to explore further).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { errorSchema } from '../../src/http/contract/common.js';
import { healthResponseSchema, indexResponseSchema } from '../../src/http/contract/health.js';
import { jobListResponseSchema } from '../../src/http/contract/jobs.js';
import {
  benchmarkResponseSchema,
  leaderboardResponseSchema,
  resultsResponseSchema,
  tradesResponseSchema,
} from '../../src/http/contract/results.js';
import { jobStatusResponseSchema, triggerResponseSchema } from '../../src/http/contract/simulate.js';
import { JOB_STATUSES } from '../../src/jobs/lifecycle.js';
import { databaseSnapshots, type DatabaseSnapshot } from '../helpers/db-snapshot.js';
import { hostileBody, hostileHeaders, hostileQuery, hostileSegment } from '../helpers/hostile-requests.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { rawRequest, type RawRequest, type RawResponse } from '../helpers/raw-http.js';
import { serverDialects, type DialectDatabase } from '../helpers/server-dialects.js';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 150);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20_251_101);
const MODELS = ['alpha', 'beta'];
const DATES = ['2025-10-01', '2025-10-02'];

/** What the generators know of the seeded data, so that some requests name real things. */
interface Seeded {
  jobIds: string[];
}

interface Endpoint {
  name: string;
  requests(seeded: Seeded): fc.Arbitrary<RawRequest>;
  /** The media types a success may have; absent for the docs, a page for people with its assets. */
  answers?: RegExp;
  /** The documented shape of a success (the contract's own schema), when there is one to hold it to. */
  success?: z.ZodType;
  /** It speaks JSON-RPC (MCP): its refusals may be JSON-RPC errors rather than a `detail`. */
  jsonRpc?: boolean;
}

/** An MCP request's parts, some of them right: an initialize that opens a session, tool calls. */
const mcpFields: Record<string, unknown[]> = {
  jsonrpc: ['2.0'],
  id: [1, 'a'],
  method: ['initialize', 'tools/list', 'tools/call', 'notifications/initialized', 'ping'],
  params: [
    { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'fuzz', version: '1' } },
    { name: 'claim_day', arguments: {} },
    { name: 'buy', arguments: { symbol: 'AAPL', amount: 1 } },
  ],
};

const resultsParameters = (seeded: Seeded): Record<string, string[]> => ({
  start_date: DATES,
  end_date: DATES,
  model: MODELS,
  job_id: seeded.jobIds,
  date: DATES,
  format: ['json', 'csv'],
});

const triggerFields = {
  start_date: [...DATES, null, ''],
  end_date: [...DATES, null, ''],
  models: [MODELS, ['alpha', 'alpha'], [], null],
  replace_existing: [true, false],
};

/** A GET, with the headers a cache or a proxy adds and, at times, a body a GET should not have. */
const JSON_ONLY = /^application\/json/;
const JSON_OR_CSV = /^(application\/json|text\/csv)/;

const get = (path: fc.Arbitrary<string>, query: fc.Arbitrary<string>): fc.Arbitrary<RawRequest> =>
  fc
    .tuple(path, query, hostileHeaders, fc.option(hostileBody({}), { freq: 8 }))
    .map(([target, q, headers, body]) => ({
      method: 'GET',
      target: target + q,
      ...(body ?? {}),
      headers: [...headers, ...(body?.headers ?? [])],
    }));

const ENDPOINTS: Endpoint[] = [
  {
    name: 'GET /',
    answers: JSON_ONLY,
    success: indexResponseSchema,
    requests: () => get(fc.constant('/'), hostileQuery({ token: [] })),
  },
  {
    name: 'GET /health',
    answers: JSON_ONLY,
    success: healthResponseSchema,
    requests: () => get(fc.constant('/health'), hostileQuery({ token: [] })),
  },
  {
    name: 'GET /openapi.json',
    answers: JSON_ONLY,
    requests: () => get(fc.constant('/openapi.json'), hostileQuery({ format: ['yaml', 'json'] })),
  },
  {
    name: 'GET /docs and its assets',
    requests: () =>
      get(
        fc
          .tuple(
            fc.constantFrom('/docs', '/docs/', '/docs/static/', '/docs/json/', '/docs/static/../'),
            fc.array(hostileSegment('index.html', 'swagger-ui.css', '..', 'package.json'), { maxLength: 3 }),
          )
          .map(([prefix, segments]) => prefix + segments.join('/')),
        hostileQuery({ url: ['/openapi.json', 'http://evil.example/x.json'] }),
      ),
  },
  {
    name: 'POST /simulate/trigger',
    answers: JSON_ONLY,
    success: triggerResponseSchema,
    requests: () =>
      fc
        .tuple(hostileBody(triggerFields), hostileQuery({ end_date: DATES }))
        .map(([body, query]) => ({ method: 'POST', target: `/simulate/trigger${query}`, ...body })),
  },
  {
    name: 'GET /simulate/status/{job_id}',
    answers: JSON_ONLY,
    success: jobStatusResponseSchema,
    requests: (seeded) =>
      get(
        hostileSegment(...seeded.jobIds).map((id) => `/simulate/status/${id}`),
        hostileQuery({
          details: ['all', 'failed', 'none'],
          details_offset: ['0', '1', '3', '2000'],
          details_limit: ['1', '2', '2000', '2001'],
        }),
      ),
  },
  {
    name: 'GET /simulate/status/{job_id}/events',
    // A stream of Server-Sent Events, each event's data JSON (checked below).
    answers: /^text\/event-stream/,
    requests: (seeded) =>
      get(
        hostileSegment(...seeded.jobIds).map((id) => `/simulate/status/${id}/events`),
        hostileQuery({}),
      ),
  },
  {
    name: 'GET /simulate/jobs',
    answers: JSON_ONLY,
    success: jobListResponseSchema,
    requests: () =>
      get(
        fc.constant('/simulate/jobs'),
        hostileQuery({
          limit: ['1', '20', '100', '101', '0'],
          offset: ['0', '1', '5'],
          status: [...JOB_STATUSES],
        }),
      ),
  },
  {
    name: 'POST /simulate/jobs/{job_id}/cancel',
    answers: JSON_ONLY,
    success: jobStatusResponseSchema,
    requests: (seeded) =>
      fc
        .tuple(hostileSegment(...seeded.jobIds), hostileBody({ reason: [] }))
        .map(([id, body]) => ({ method: 'POST', target: `/simulate/jobs/${id}/cancel`, ...body })),
  },
  {
    name: 'GET /results',
    answers: JSON_OR_CSV,
    success: resultsResponseSchema,
    requests: (seeded) =>
      get(
        fc.constant('/results'),
        hostileQuery({ ...resultsParameters(seeded), reasoning: ['none', 'summary', 'full'] }),
      ),
  },
  {
    name: 'GET /results/leaderboard',
    answers: JSON_OR_CSV,
    success: leaderboardResponseSchema,
    requests: (seeded) => get(fc.constant('/results/leaderboard'), hostileQuery(resultsParameters(seeded))),
  },
  {
    name: 'GET /results/trades',
    answers: JSON_OR_CSV,
    success: tradesResponseSchema,
    requests: (seeded) => get(fc.constant('/results/trades'), hostileQuery(resultsParameters(seeded))),
  },
  {
    name: 'GET /results/benchmark',
    answers: JSON_ONLY,
    success: benchmarkResponseSchema,
    requests: () =>
      get(fc.constant('/results/benchmark'), hostileQuery({ start_date: DATES, end_date: DATES })),
  },
  {
    name: 'GET, POST and DELETE /mcp',
    // An initialize answers JSON or a short event stream; a GET with a session would stream (the
    // generated session ids name none).
    answers: /^(application\/json|text\/event-stream)/,
    jsonRpc: true,
    requests: () =>
      fc
        .tuple(
          fc.constantFrom('POST', 'POST', 'GET', 'DELETE'),
          fc.oneof(
            hostileBody(mcpFields),
            // A well-formed initialize among hostile headers: sessions open under fire too.
            hostileHeaders.map((headers) => ({
              body: JSON.stringify({
                jsonrpc: '2.0',
                id: 1,
                method: 'initialize',
                params: mcpFields['params']![0],
              }),
              headers: [
                ['Content-Type', 'application/json'] as const,
                ['Accept', 'application/json, text/event-stream'] as const,
                ...headers,
              ],
            })),
          ),
          fc.option(
            fc.constantFrom('application/json, text/event-stream', 'text/event-stream', 'application/json'),
          ),
          fc.option(hostileSegment('9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d')),
          hostileQuery({}),
        )
        .map(([method, body, accept, session, query]) => ({
          method,
          target: `/mcp${query}`,
          ...(method === 'GET' ? {} : body),
          headers: [
            ...(method === 'GET' ? [] : (body.headers ?? [])),
            ...(accept === null ? [] : [['Accept', accept] as const]),
            ...(session === null ? [] : [['Mcp-Session-Id', session] as const]),
          ],
        })),
  },
  {
    name: 'other methods and paths',
    // A generated path may name a results endpoint, and Accept may ask it for CSV.
    answers: JSON_OR_CSV,
    requests: (seeded) =>
      fc
        .tuple(
          // CONNECT is left out: Node hands it to a tunnel handler, not to the app.
          fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'TRACE', 'FOO', 'get'),
          fc.constantFrom('', '/simulate', '/simulate/jobs', '/simulate/status', '/results', '/health', '/'),
          fc.array(
            hostileSegment(
              ...seeded.jobIds,
              'cancel',
              'trigger',
              'leaderboard',
              'trades',
              'benchmark',
              'events',
            ),
            {
              maxLength: 3,
            },
          ),
          hostileQuery({ limit: ['1'] }),
          hostileBody(triggerFields),
        )
        .map(([method, prefix, segments, query, body]) => ({
          method,
          target: `${prefix}/${segments.join('/')}${query}`,
          ...(method === 'GET' || method === 'HEAD' ? {} : body),
        })),
  },
];

/** The parts of an answer every client may rely on, whatever it sent. */
function expectWellFormed(endpoint: Endpoint, request: RawRequest, response: RawResponse): void {
  const where = `${request.method} ${request.target}`;
  expect(response.status, `${where} answered ${response.status}: ${response.body.toString()}`).toBeLessThan(
    500,
  );
  if (request.method === 'HEAD' || response.status === 304 || response.status === 204) return;
  if (response.status >= 400) {
    expect(response.headers['content-type'], where).toMatch(/^application\/json/);
    const body = JSON.parse(response.body.toString('utf8')) as Json;
    const rpcMessage: unknown = (body['error'] as Json | undefined)?.['message'];
    if (endpoint.jsonRpc && body['jsonrpc'] === '2.0') {
      expect(typeof rpcMessage === 'string' && rpcMessage !== '', where).toBe(true);
      return;
    }
    const detail: unknown = body['detail'];
    const meaningful =
      (typeof detail === 'string' && detail !== '') || (Array.isArray(detail) && detail.length > 0);
    expect(meaningful, `${where} answered ${response.status} ${response.body.toString()}`).toBe(true);
    expectShape(errorSchema, body, where);
  } else if (response.status < 300) {
    const type = response.headers['content-type'] ?? '';
    if (endpoint.answers) expect(type, where).toMatch(endpoint.answers);
    if (JSON_ONLY.test(type)) {
      const body: unknown = JSON.parse(response.body.toString('utf8'));
      if (endpoint.success) expectShape(endpoint.success, body, where);
    } else if (type.startsWith('text/event-stream')) {
      const data = response.body
        .toString('utf8')
        .split('\n')
        .filter((line) => line.startsWith('data: '));
      expect(data.length, where).toBeGreaterThan(0);
      for (const line of data) expect(() => JSON.parse(line.slice('data: '.length)), where).not.toThrow();
    }
  }
}

function expectShape(schema: z.ZodType, body: unknown, where: string): void {
  const parsed = schema.safeParse(body);
  expect(parsed.success, `${where}: ${parsed.error?.message ?? ''}`).toBe(true);
}

for (const dialect of await serverDialects()) {
  dialect.describe(`every endpoint under hostile requests, on ${dialect.name}`, () => {
    let database: DialectDatabase;
    let server: TestServer;
    let seeded: Seeded;
    let baseline: DatabaseSnapshot;

    beforeAll(async () => {
      database = await dialect.freshDatabase();
      await seedJobs(database);
      const disabled = MODELS.map((signature) => ({ signature, enabled: false }));
      server = await startTestServer({ env: database.env, models: disabled });
      const jobs = await server.request('GET', '/simulate/jobs');
      seeded = { jobIds: (jobs.body['jobs'] as Json[]).map((job) => job['job_id'] as string) };
      snapshot = databaseSnapshots(
        server.server.container.database.db,
        server.server.container.database.kind,
      );
      expect(seeded.jobIds).toHaveLength(2);
      baseline = await snapshot();
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await database?.dispose();
    });

    let snapshot: () => Promise<DatabaseSnapshot>;

    ENDPOINTS.forEach((endpoint, index) => {
      it(`${endpoint.name}: no 5xx, a detail on every 4xx, nothing written`, async () => {
        await fc.assert(
          fc.asyncProperty(endpoint.requests(seeded), async (request) => {
            const response = await rawRequest(server.url, request);
            expectWellFormed(endpoint, request, response);
            // An initialize that got through opened a session: closed again, so they never pile up.
            const session = response.headers['mcp-session-id'];
            if (typeof session === 'string') {
              await rawRequest(server.url, {
                method: 'DELETE',
                target: '/mcp',
                headers: [['Mcp-Session-Id', session]],
              });
            }
            expect(await snapshot(), `${request.method} ${request.target} changed the database`).toEqual(
              baseline,
            );
          }),
          { numRuns: RUNS, seed: SEED + index, reporter: conciseReport },
        );
      }, 120_000);
    });

    it('logged no error and is still healthy after all of it', async () => {
      const errors = server.logs.filter((line) => (line['level'] as number) >= 50);
      expect(errors).toEqual([]);
      expect((await server.request('GET', '/health')).status).toBe(200);
    });
  });
}

/** A failure as the request that caused it (cut short: generated values can be kilobytes) and why. */
function conciseReport(details: fc.RunDetails<[RawRequest]>): void {
  if (!details.failed) return;
  const [request] = details.counterexample ?? [];
  const cut = (text: string) =>
    text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
  const body = request?.body === undefined ? '' : `\nbody: ${cut(JSON.stringify(request.body.toString()))}`;
  const headers = JSON.stringify(request?.headers ?? []);
  const error =
    details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `seed ${details.seed}, path ${details.counterexamplePath}, after ${details.numRuns} runs:\n` +
      `${request?.method} ${cut(JSON.stringify(request?.target))}\nheaders: ${headers}${body}\n${cut(error)}`,
  );
}

/** Two finished jobs on `database`: 2 sessions x 2 models, then alpha's second day run again. */
async function seedJobs(database: DialectDatabase): Promise<void> {
  const seeder = await startTestServer({ env: database.env });
  try {
    const first = await seeder.trigger({ start_date: DATES[0], end_date: DATES[1] });
    expect((await seeder.waitFor(first.body['job_id'] as string))['status']).toBe('completed');
    const again = await seeder.trigger({
      start_date: DATES[1],
      end_date: DATES[1],
      models: ['alpha'],
      replace_existing: true,
    });
    expect((await seeder.waitFor(again.body['job_id'] as string))['status']).toBe('completed');
  } finally {
    await seeder.close();
  }
}
