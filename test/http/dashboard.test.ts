/**
 * `/` answers browsers with the dashboard and API clients with the JSON index; the built assets are
 * served from `/assets/`. A temporary folder stands in for `dist/web`, so no build is needed here.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/app/logger.js';
import { readEnv } from '../../src/config/env.js';
import { buildApp, type HttpApp, type HttpDeps } from '../../src/http/app.js';
import { prefersHtml } from '../../src/http/dashboard.js';
import { JobEventFeed } from '../../src/jobs/job-events.js';
import type { JobService } from '../../src/jobs/job-service.js';
import type { ResultsService } from '../../src/results/results-service.js';
import { openTempSqlite } from '../helpers/temp-db.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8';
const PAGE =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/app-1234.js"></script></body></html>';

describe('prefersHtml', () => {
  it.each([
    [BROWSER_ACCEPT, true],
    ['text/html', true],
    ['application/json', false],
    ['*/*', false],
    ['', false],
    ['application/json, text/html;q=0.5', false],
    ['text/html;q=0.9, application/json;q=0.2', true],
    ['text/html;q=0', false],
  ])('%j -> %s', (accept, html) => {
    expect(prefersHtml(accept)).toBe(html);
  });

  it('is false without an Accept header', () => {
    expect(prefersHtml(undefined)).toBe(false);
  });
});

describe('GET / and /assets/', () => {
  let webRoot: string;
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let app: HttpApp;

  const build = (root: string | null): HttpApp => {
    const env = readEnv({ LOG_LEVEL: 'silent' });
    const deps: HttpDeps = {
      jobs: {} as JobService,
      events: new JobEventFeed({} as JobService, { dayOutcomes: () => Promise.resolve(new Map()) }),
      results: {} as ResultsService,
      deployment: { mode: 'PROD', preserveDevData: false },
      database: db,
      logger: createLogger(env),
      now: () => new Date('2025-11-01T12:00:00Z'),
      env,
    };
    return buildApp(deps, { webRoot: root });
  };

  beforeAll(() => {
    webRoot = mkdtempSync(join(tmpdir(), 'ai-trader-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), PAGE);
    writeFileSync(join(webRoot, 'assets', 'app-1234.js'), 'console.log("dashboard");\n');
  });
  afterAll(() => rmSync(webRoot, { recursive: true, force: true }));
  beforeEach(async () => {
    db = await openTempSqlite();
    app = build(webRoot);
  });
  afterEach(async () => {
    await app.close();
    await db.dispose();
  });

  it('gives a browser the dashboard page, never cached stale, with a content security policy', async () => {
    const res = await app.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['vary']).toBe('Accept');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.body).toBe(PAGE);
  });

  it('keeps answering API clients (no Accept, */*, application/json) with the JSON index', async () => {
    for (const headers of [{}, { accept: '*/*' }, { accept: 'application/json' }]) {
      const res = await app.inject({ method: 'GET', url: '/', headers });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['vary']).toBe('Accept');
      expect(res.json()).toMatchObject({ name: 'AI-Trader-Server', docs: '/docs', health: '/health' });
    }
  });

  it('serves the hashed assets for good, and unknown ones as the API 404', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-1234.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.body).toContain('dashboard');

    const missing = await app.inject({ method: 'GET', url: '/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ detail: 'Not Found' });
    const escape = await app.inject({ method: 'GET', url: '/assets/../index.html' });
    expect(escape.statusCode).toBe(404);
  });

  it('without a build, tells a browser to run npm run build and still serves the JSON index', async () => {
    await app.close();
    app = build(join(webRoot, 'not-built'));
    const page = await app.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('npm run build');
    const index = await app.inject({ method: 'GET', url: '/' });
    expect(index.json()).toMatchObject({ docs: '/docs' });
    expect((await app.inject({ method: 'GET', url: '/assets/app-1234.js' })).statusCode).toBe(404);
  });
});
