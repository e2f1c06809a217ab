/**
 * Values a database cannot hold, and requests shaped unlike the usual client's, answered over real
 * HTTP on both dialects: refused (or not found) before they reach the database, never a 500.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buyAndFinish, startTestServer, type TestServer } from '../helpers/http-server.js';
import { rawRequest } from '../helpers/raw-http.js';
import { serverDialects, type DialectDatabase } from '../helpers/server-dialects.js';

const SLOW = { alpha: buyAndFinish('AAPL', 1, 100), beta: buyAndFinish('MSFT', 1, 100) };

for (const dialect of await serverDialects()) {
  dialect.describe(`hostile input on ${dialect.name}`, () => {
    let database: DialectDatabase;
    let server: TestServer;

    beforeAll(async () => {
      database = await dialect.freshDatabase();
      server = await startTestServer({ env: database.env, scripts: SLOW });
    });
    afterAll(async () => {
      await server?.close();
      await database?.dispose();
    });

    it.each([
      ['GET', '/simulate/status/a%00b'],
      ['GET', '/simulate/status/a%00b/events'],
      ['POST', '/simulate/jobs/a%00b/cancel'],
    ])('answers %s %s, a job id holding NUL, as an unknown job', async (method, path) => {
      const res = await server.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Job a\u0000b not found' });
    });

    it.each([
      ['GET', '/simulate/status/%FF', 'Job \uFFFD not found'],
      ['GET', '/simulate/status/%FF/events', 'Job \uFFFD not found'],
      ['POST', '/simulate/jobs/a%C0%80/cancel', 'Job a\uFFFD\uFFFD not found'],
      ['GET', `/simulate/status/${'x'.repeat(1000)}`, `Job ${'x'.repeat(1000)} not found`],
    ])('answers %s %s, a job id the router refuses, as an unknown job', async (method, path, detail) => {
      const res = await server.request(method, path);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail });
    });

    it.each([
      ['a raw NUL in the URL', { method: 'GET', target: '/results?model=a\u0000b' }, 400],
      ['a raw non-ASCII byte in the URL', { method: 'GET', target: '/simulate/status/\u00e9' }, 400],
      ['a method HTTP does not have', { method: 'get', target: '/health' }, 400],
      ['headers over the size limit', { method: 'GET', target: `/health?x=${'x'.repeat(20_000)}` }, 431],
    ])('answers %s, refused by the HTTP parser itself, with a detail', async (_case, request, status) => {
      const res = await rawRequest(server.url, request);
      expect(res.status).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(res.body.toString())).toEqual({ detail: expect.any(String) });
    });

    it.each(['/results', '/results/leaderboard', '/results/trades'])(
      'refuses a model or job_id filter holding NUL on %s with 422 naming the parameter',
      async (path) => {
        for (const parameter of ['model', 'job_id']) {
          const res = await server.request('GET', `${path}?${parameter}=a%00b`);
          expect(res.status).toBe(422);
          expect(res.body['detail']).toEqual([
            {
              loc: ['query', parameter],
              msg: 'Value error, must not contain NUL characters or unpaired surrogates',
              type: 'value_error',
            },
          ]);
        }
      },
    );

    it('accepts a cancel sent with a JSON content type and no body (the body is ignored)', async () => {
      const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
      expect(trigger.status).toBe(200);
      const jobId = trigger.body['job_id'] as string;
      const cancel = await server.request('POST', `/simulate/jobs/${jobId}/cancel`, undefined, {
        'content-type': 'application/json',
      });
      expect(cancel.status).toBe(200);
      expect(cancel.body['job_id']).toBe(jobId);
      expect((await server.waitFor(jobId))['error']).toBe('Cancelled by user');
    });

    it('ignores whatever body a cancel carries, whatever its content type', async () => {
      const bodies: [string, string][] = [
        ['{"reason": ', 'application/json'],
        ['reason=none', 'application/x-www-form-urlencoded'],
        ['anything', 'text/plain'],
      ];
      for (const [body, type] of bodies) {
        const res = await server.request('POST', '/simulate/jobs/nope/cancel', body, {
          'content-type': type,
        });
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ detail: 'Job nope not found' });
      }
    });
  });
}
