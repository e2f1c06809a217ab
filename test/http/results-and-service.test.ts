/**
 * The read side over real HTTP: GET /results in both shapes, /health, the index, the OpenAPI
 * document and the docs page; plus API_TOKEN on the mutating endpoints and what the logs carry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resultsAnswer } from '../../src/http/results-answers.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

describe('GET /results, /health and the docs', () => {
  let server: TestServer;
  let jobId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-03' });
    jobId = trigger.body['job_id'] as string;
    expect((await server.waitFor(jobId))['status']).toBe('completed');
  });
  afterAll(() => server.close());

  it('lists one item per model-day for a single date', async () => {
    const res = await server.request(
      'GET',
      '/results?start_date=2025-10-02&end_date=2025-10-02&reasoning=summary',
    );
    expect(res.status).toBe(200);
    expect(res.body['count']).toBe(2);
    const [alpha] = res.body['results'] as Json[];
    expect(alpha).toMatchObject({
      date: '2025-10-02',
      model: 'alpha',
      job_id: jobId,
      starting_position: { holdings: [{ symbol: 'AAPL', quantity: 5 }] },
      daily_metrics: { days_since_last_trading: 1 },
      trades: [
        {
          action_type: 'buy',
          symbol: 'AAPL',
          quantity: 5,
          price: expect.any(Number),
          created_at: expect.any(String),
        },
      ],
      final_position: { holdings: [{ symbol: 'AAPL', quantity: 10 }] },
      metadata: { total_actions: 1 },
      reasoning: 'Bought 5 AAPL at the open.',
    });
    for (const key of ['cash', 'portfolio_value']) {
      expect(typeof alpha?.['starting_position'][key]).toBe('number');
      expect(typeof alpha?.['final_position'][key]).toBe('number');
    }
    expect(Object.keys(alpha?.['daily_metrics'] ?? {})).toEqual([
      'profit',
      'return_pct',
      'days_since_last_trading',
    ]);
    expect(alpha?.['metadata']).toHaveProperty('session_duration_seconds');
    expect(alpha?.['metadata']).toHaveProperty('completed_at');
  });

  it('summarises each model over a range, as the results service computes it', async () => {
    const res = await server.request('GET', '/results?start_date=2025-09-29&end_date=2025-10-03&model=beta');
    expect(res.status).toBe(200);
    expect(res.body['count']).toBe(1);
    const [beta] = res.body['results'] as Json[];
    expect(beta).toMatchObject({ model: 'beta', start_date: '2025-10-01', end_date: '2025-10-03' });
    expect((beta?.['daily_portfolio_values'] as Json[]).map((v) => v['date'])).toEqual([
      '2025-10-01',
      '2025-10-02',
      '2025-10-03',
    ]);
    const metrics = beta?.['period_metrics'] as Json;
    expect(Object.keys(metrics).sort()).toEqual(
      [
        'annualized_return_pct',
        'calendar_days',
        'ending_portfolio_value',
        'period_return_pct',
        'starting_portfolio_value',
        'trading_days',
      ].sort(),
    );
    expect(metrics).toMatchObject({ calendar_days: 3, trading_days: 3 });

    // The response schema must not drop anything the presenter maps.
    const direct = await server.server.container.results.getResults(
      { startDate: '2025-09-29', endDate: '2025-10-03', model: 'beta', reasoning: 'none' },
      new Date(),
      30,
    );
    expect(res.body).toEqual(JSON.parse(JSON.stringify(resultsAnswer(direct))));
  });

  it('keeps the full conversation with reasoning=full', async () => {
    const res = await server.request(
      'GET',
      '/results?start_date=2025-10-01&end_date=2025-10-01&model=alpha&reasoning=full',
    );
    const direct = await server.server.container.results.getResults(
      { startDate: '2025-10-01', endDate: '2025-10-01', model: 'alpha', reasoning: 'full' },
      new Date(),
      30,
    );
    expect(res.body).toEqual(JSON.parse(JSON.stringify(resultsAnswer(direct))));
    expect(((res.body['results'] as Json[])[0]?.['reasoning'] as Json[]).length).toBeGreaterThan(3);
  });

  it('answers 404 when nothing matches', async () => {
    const none = await server.request(
      'GET',
      '/results?start_date=2025-10-01&end_date=2025-10-01&model=nobody',
    );
    expect(none.status).toBe(404);
    expect(none.body).toEqual({ detail: 'No trading data found for the specified filters' });
  });

  it('answers 400 in the original words for dates out of order, in the future or malformed', async () => {
    const reversed = await server.request('GET', '/results?start_date=2025-10-03&end_date=2025-10-01');
    expect(reversed.status).toBe(400);
    expect(reversed.body['detail']).toContain('start_date must be <= end_date');
    const future = await server.request('GET', '/results?start_date=2025-10-01&end_date=2999-01-01');
    expect(future.status).toBe(400);
    expect(future.body['detail']).toContain('Cannot query future dates');
    const malformed = await server.request('GET', '/results?start_date=2025-10-32');
    expect(malformed.status).toBe(400);
    expect(malformed.body['detail']).toBe('Invalid date format: 2025-10-32. Expected YYYY-MM-DD');
  });

  it('answers 422 with a detail list for a reasoning level other than none, summary or full', async () => {
    const res = await server.request('GET', '/results?reasoning=everything');
    expect(res.status).toBe(422);
    expect(res.body['detail']).toEqual([
      expect.objectContaining({ loc: ['query', 'reasoning'], type: 'value_error' }),
    ]);
  });

  it('answers 422 for the removed date= parameter, saying what replaced it', async () => {
    const res = await server.request('GET', '/results?date=2025-10-02');
    expect(res.status).toBe(422);
    expect(res.body['detail']).toMatch(/removed/);
    expect(res.body['detail']).toMatch(/start_date/);
  });

  it('answers 422 for date= on the leaderboard too, in the same words as /results', async () => {
    const board = await server.request('GET', '/results/leaderboard?date=2025-10-02');
    const results = await server.request('GET', '/results?date=2025-10-02');
    expect(board.status).toBe(422);
    expect(board.body).toEqual(results.body);
  });

  it('narrows the leaderboard to one model with model=, keeping the benchmark over its dates', async () => {
    const res = await server.request('GET', '/results/leaderboard?model=beta');
    expect(res.status).toBe(200);
    expect((res.body['entries'] as Json[]).map((e) => e['model'])).toEqual(['beta']);
    expect(res.body).toMatchObject({
      start_date: '2025-10-01',
      end_date: '2025-10-03',
      benchmark: { model: 'QQQ (benchmark)', starting_value: 10000 },
    });
    const nobody = await server.request('GET', '/results/leaderboard?model=nobody');
    expect(nobody.body).toEqual({
      start_date: null,
      end_date: null,
      entries: [],
      benchmark: null,
      market: 'us',
      currency: { code: 'USD', symbol: '$', decimals: 2 },
    });
  });

  it('reports health after a real database query', async () => {
    const res = await server.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      status: 'healthy',
      database: 'connected',
      timestamp: expect.stringMatching(/Z$/),
      deployment_mode: 'PROD',
      is_dev_mode: false,
      preserve_dev_data: null,
      market: 'us',
    });
  });

  it('serves a small index at /', async () => {
    const res = await server.request('GET', '/');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'AI-Trader-Server', docs: '/docs', health: '/health' });
  });

  it('publishes an OpenAPI document generated from the request schemas, and the docs page', async () => {
    const res = await server.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body['openapi']).toMatch(/^3\./);
    const paths = res.body['paths'] as Json;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/simulate/trigger',
        '/simulate/status/{job_id}',
        '/simulate/jobs',
        '/simulate/jobs/{job_id}/cancel',
        '/results',
        '/health',
      ]),
    );
    expect(Object.keys(paths).some((p) => p.startsWith('/docs') || p === '/openapi.json')).toBe(false);
    const trigger = paths['/simulate/trigger']['post'];
    const body = trigger['requestBody']['content']['application/json']['schema'];
    // As in the original's schema, end_date may be sent null; the server then answers 422 with its reason.
    expect(body['properties']['end_date']['description']).toContain('required');
    expect(Object.keys(body['properties'])).toEqual([
      'start_date',
      'end_date',
      'models',
      'replace_existing',
      'market',
      'estimate_cost',
      'repeats',
    ]);
    expect(Object.keys(trigger['responses'])).toEqual(expect.arrayContaining(['200', '400', '422']));
    const limit = (paths['/simulate/jobs']['get']['parameters'] as Json[]).find((p) => p['name'] === 'limit');
    expect(limit?.['schema']).toMatchObject({ minimum: 1, maximum: 100, default: 20 });

    const docs = await fetch(`${server.url}/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toMatch(/swagger/i);
  });

  it('writes one log line per request, bound to the job it is about', async () => {
    const before = server.logs.length;
    await server.request('GET', `/simulate/status/${jobId}`);
    const lines = server.logs.slice(before).filter((l) => String(l['url'] ?? '').includes(jobId));
    expect(lines).toEqual([
      expect.objectContaining({
        msg: 'request',
        method: 'GET',
        url: `/simulate/status/${jobId}`,
        status: 200,
        job_id: jobId,
        ms: expect.any(Number),
      }),
    ]);
    const created = server.logs.find((l) => l['msg'] === 'job created');
    expect(created?.['job_id']).toBe(jobId);
  });
});

describe('request logs', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('mask a token sent in the query string', async () => {
    await server.request('GET', '/health?token=s3cret-in-the-url&x=1');
    expect(server.logText()).not.toContain('s3cret-in-the-url');
    expect(server.logs.at(-1)).toMatchObject({ msg: 'request', url: '/health?token=[redacted]&x=1' });
  });

  it('say in the same one line why a request was refused', async () => {
    const before = server.logs.length;
    await server.trigger({ start_date: '2025-10-05', end_date: '2025-10-01' });
    expect(server.logs.slice(before)).toEqual([
      expect.objectContaining({
        msg: 'request',
        status: 400,
        detail: 'start_date (2025-10-05) must be <= end_date (2025-10-01)',
      }),
    ]);
  });
});

describe('API_TOKEN', () => {
  const TOKEN = 's3cret-token-value';
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { API_TOKEN: TOKEN } });
  });
  afterAll(() => server.close());
  const body = { start_date: '2025-10-01', end_date: '2025-10-01' };

  it('refuses a trigger without a bearer token', async () => {
    const res = await server.trigger(body);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ detail: 'Not authenticated' });
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a wrong token, including one that differs only in length', async () => {
    for (const token of ['wrong', `${TOKEN}x`, TOKEN.slice(0, -1)]) {
      const res = await server.trigger(body, { authorization: `Bearer ${token}` });
      expect(res.status, token).toBe(401);
      expect(res.body).toEqual({ detail: 'Invalid authentication credentials' });
    }
    const cancel = await server.request('POST', '/simulate/jobs/any/cancel');
    expect(cancel.status).toBe(401);
  });

  it('accepts the right token and keeps reads open', async () => {
    const res = await server.trigger(body, { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    const status = await server.request('GET', `/simulate/status/${res.body['job_id'] as string}`);
    expect(status.status).toBe(200);
    expect((await server.request('GET', '/health')).status).toBe(200);
    await server.waitFor(res.body['job_id'] as string);
  });

  it('never writes the token or the LLM key to the logs', async () => {
    expect(server.logText()).not.toContain(TOKEN);
    expect(server.logText()).not.toContain('sk-test-llm-key');
  });
});
