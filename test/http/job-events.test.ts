/** GET /simulate/status/{job_id}/events: a job followed as Server-Sent Events over real HTTP. */
import { afterEach, describe, expect, it } from 'vitest';
import { readServerSentEvents } from '../../src/cli/sse-client.js';
import { jobEventSchemas, type JobEventName } from '../../src/http/contract/events.js';
import { detailSchema, progressSchema } from '../../src/http/contract/simulate.js';
import { buyAndFinish, startTestServer, type Json, type TestServer } from '../helpers/http-server.js';

async function collect(url: string): Promise<{ event: string; data: Json }[]> {
  const response = await fetch(url, { headers: { accept: 'text/event-stream' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: { event: string; data: Json }[] = [];
  for await (const message of readServerSentEvents(response.body as ReadableStream<Uint8Array>)) {
    events.push({ event: message.event, data: JSON.parse(message.data) as Json });
  }
  return events;
}

/** Its keys are the shape's, in the shape's order (an optional one may be absent). */
function expectKeysInOrder(data: Json, shape: object, where: string): void {
  expect(Object.keys(data), where).toEqual(Object.keys(shape).filter((key) => key in data));
}

/**
 * Each event's data is its contract's schema exactly: strict parsing refuses a missing or an extra
 * field, and the keys come in the schema's order, nested progress and model-days included.
 */
function expectContractPayloads(events: { event: string; data: Json }[]): void {
  for (const { event, data } of events) {
    expect(Object.keys(jobEventSchemas), event).toContain(event);
    const schema = jobEventSchemas[event as JobEventName];
    expect(() => schema.strict().parse(data), `${event} ${JSON.stringify(data)}`).not.toThrow();
    expectKeysInOrder(data, schema.shape, event);
    if ('progress' in data) {
      progressSchema.strict().parse(data['progress']);
      expectKeysInOrder(data['progress'] as Json, progressSchema.shape, `${event}.progress`);
    }
    for (const detail of (data['details'] ?? []) as Json[]) {
      detailSchema.strict().parse(detail);
      expectKeysInOrder(detail, detailSchema.shape, `${event}.details`);
    }
  }
}

describe('the event stream of a job', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('sends the state first, each model-day as it starts and ends with its P&L, progress, then the end', async () => {
    server = await startTestServer({
      scripts: { alpha: buyAndFinish('AAPL', 5, 30), beta: buyAndFinish('MSFT', 3, 30) },
    });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' });
    const jobId = trigger.body['job_id'] as string;
    const events = await collect(`${server.url}/simulate/status/${jobId}/events`);

    expect(events[0]?.event).toBe('status');
    expect(events[0]?.data['job_id']).toBe(jobId);
    const last = events.at(-1);
    expect(last?.event).toBe('end');
    expect(last?.data).toEqual(await server.status(jobId));

    const days = events.filter((e) => e.event === 'model_day').map((e) => e.data);
    for (const key of ['alpha|2025-10-01', 'alpha|2025-10-02', 'beta|2025-10-01', 'beta|2025-10-02']) {
      const [model, date] = key.split('|');
      const mine = days.filter((d) => d['model'] === model && d['date'] === date);
      expect(mine.at(-1)).toMatchObject({ job_id: jobId, status: 'completed' });
      expect(typeof mine.at(-1)?.['portfolio_value']).toBe('number');
    }
    // The P&L in the stream is the one /results reports for that day.
    const alphaDay = days.find(
      (d) => d['model'] === 'alpha' && d['date'] === '2025-10-02' && d['status'] === 'completed',
    );
    const result = await server.request(
      'GET',
      '/results?start_date=2025-10-02&end_date=2025-10-02&model=alpha',
    );
    const stored = (result.body['results'] as Json[])[0] as Json;
    expect(alphaDay?.['portfolio_value']).toBeCloseTo(stored['final_position']['portfolio_value'], 2);
    expect(alphaDay?.['profit']).toBeCloseTo(stored['daily_metrics']['profit'], 2);

    const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
    expect(progress.length).toBeGreaterThan(0);
    const lastProgress = progress.at(-1) as Json;
    expect(lastProgress['progress']).toMatchObject({ total_model_days: 4, completed: 4 });
    // Every event names the job's market, money in its currency.
    expect(new Set(events.map((e) => e.data['market']))).toEqual(new Set(['us']));
    expectContractPayloads(events);
  });

  it("names a crypto job's market on every event, model-days included", async () => {
    server = await startTestServer();
    // The fake Alpha Vantage has no coins: what the days make of that does not matter here, only that
    // every event of the job, whatever its kind, says which market it trades.
    const trigger = await server.trigger({
      start_date: '2025-11-02',
      end_date: '2025-11-03',
      market: 'crypto',
    });
    expect(trigger.status, JSON.stringify(trigger.body)).toBe(200);
    const events = await collect(`${server.url}/simulate/status/${trigger.body['job_id'] as string}/events`);
    expect(events[0]?.event).toBe('status');
    expect(events.at(-1)?.event).toBe('end');
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(['status', 'model_day', 'progress', 'end']));
    for (const { event, data } of events) expect(data['market'], event).toBe('crypto');
    expectContractPayloads(events);
  });

  it('sends the state and the end at once for a finished job, and 404 for an unknown one', async () => {
    server = await startTestServer();
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const jobId = trigger.body['job_id'] as string;
    await server.waitFor(jobId);
    const events = await collect(`${server.url}/simulate/status/${jobId}/events`);
    expect(events.map((e) => e.event)).toEqual(['status', 'end']);

    const unknown = await server.request('GET', '/simulate/status/nope/events');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ detail: 'Job nope not found' });
  });

  it('lets the server shut down while a client is still following', async () => {
    server = await startTestServer({
      scripts: { alpha: buyAndFinish('AAPL', 1, 2000), beta: buyAndFinish('AAPL', 1, 2000) },
    });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-01' });
    const response = await fetch(`${server.url}/simulate/status/${trigger.body['job_id'] as string}/events`);
    const reading = (async () => {
      const seen: string[] = [];
      for await (const message of readServerSentEvents(response.body as ReadableStream<Uint8Array>))
        seen.push(message.event);
      return seen;
    })();
    await server.close();
    server = undefined;
    expect((await reading)[0]).toBe('status');
  });

  it("documents each event's data in the OpenAPI document, field for field the contract's", async () => {
    server = await startTestServer({ worker: false });
    const doc = (await server.request('GET', '/openapi.json')).body;
    const route = doc['paths']['/simulate/status/{job_id}/events']['get'];
    const data = route['responses']['200']['content']['text/event-stream']['schema'];
    const documented = new Map(
      (data['anyOf'] as Json[]).map((schema) => [schema['title'], Object.keys(schema['properties'])]),
    );
    expect(documented).toEqual(
      new Map([
        ['JobStatusResponse', Object.keys(jobEventSchemas.status.shape)],
        ['JobProgressEvent', Object.keys(jobEventSchemas.progress.shape)],
        ['ModelDayEvent', Object.keys(jobEventSchemas.model_day.shape)],
      ]),
    );
    for (const name of documented.keys()) expect(route['description']).toContain(name);
  });
});
