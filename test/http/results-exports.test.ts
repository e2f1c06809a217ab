/**
 * The exports over real HTTP: results, trades and the leaderboard as CSV attachments or JSON, chosen
 * by `?format=` or the Accept header, cached under their own ETags, refusals always in JSON.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_REQUEST } from '../../src/core/prompt.js';
import { tradesAnswer } from '../../src/http/results-answers.js';
import { buyAndFinish, startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import type { FakeHandler } from '../fakes/fake-openai.js';
import { asCsvField, csvRecords } from './results-csv-reader.js';

/** A summary that needs every kind of RFC 4180 quoting. */
const AWKWARD_SUMMARY = 'Bought NVDA, "on momentum";\nheld the rest.';

/** beta buys NVDA and sums its day up in awkward words; otherwise as buyAndFinish. */
const awkwardSummary: FakeHandler = (body, callIndex, request) => {
  const last = body.messages[body.messages.length - 1];
  if (last?.role === 'user' && last.content === SUMMARY_REQUEST) return { content: AWKWARD_SUMMARY };
  return buyAndFinish('NVDA', 2)(body, callIndex, request);
};

describe('results exports (CSV and JSON)', () => {
  let server: TestServer;
  let jobId: string;
  beforeAll(async () => {
    server = await startTestServer({ scripts: { beta: awkwardSummary } });
    const trigger = await server.trigger({ start_date: '2025-10-01', end_date: '2025-10-03' });
    jobId = trigger.body['job_id'] as string;
    expect((await server.waitFor(jobId))['status']).toBe('completed');
  });
  afterAll(() => server.close());

  /** The raw answer, for bodies that are not JSON. */
  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${server.url}${path}`, { headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  function expectCsvAttachment(res: { status: number; headers: Headers }, filename: string): void {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${filename}"`);
    expect(res.headers.get('vary')).toBe('Accept');
  }

  it('exports the leaderboard as one row per entry plus QQQ, the same figures as the JSON', async () => {
    const json = (await server.request('GET', '/results/leaderboard')).body;
    const csv = await get('/results/leaderboard?format=csv');
    expectCsvAttachment(csv, 'leaderboard_2025-10-01_2025-10-03.csv');
    const rows = csvRecords(csv.text);
    const entries = [...(json['entries'] as Json[]), json['benchmark'] as Json];
    expect(rows.map((r) => r['rank'])).toEqual(['1', '2', '']);
    expect(rows.map((r) => r['model'])).toEqual(entries.map((e) => e['model']));
    expect(rows[2]?.['model']).toBe('QQQ (benchmark)');
    rows.forEach((row, i) => {
      const entry = entries[i] as Json;
      expect(row['start_date']).toBe('2025-10-01');
      expect(row['end_date']).toBe('2025-10-03');
      for (const [field, value] of Object.entries(entry)) {
        if (field === 'superseded_dates') expect(row[field]).toBe((value as string[]).join(' '));
        else expect(row[field], `${String(entry['model'])}.${field}`).toBe(asCsvField(value));
      }
    });
    // Both models held stock while QQQ moved: alpha and beta are there, and QQQ against itself.
    expect(rows[2]).toMatchObject({ beta: '1', alpha_pct: '0', trades: '', cost_usd: '' });
    expect(rows.slice(0, 2).every((r) => r['beta'] !== '' && r['turnover'] !== '')).toBe(true);
  });

  it('chooses CSV by Accept: text/csv, and JSON again when format=json says so', async () => {
    const byAccept = await get('/results/leaderboard', { accept: 'text/csv' });
    expectCsvAttachment(byAccept, 'leaderboard_2025-10-01_2025-10-03.csv');
    expect(byAccept.text).toBe((await get('/results/leaderboard?format=csv')).text);

    const formatWins = await get('/results/leaderboard?format=json', { accept: 'text/csv' });
    expect(formatWins.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(formatWins.headers.get('content-disposition')).toBeNull();
    expect(JSON.parse(formatWins.text)).toEqual((await server.request('GET', '/results/leaderboard')).body);

    const browser = await get('/results/leaderboard', {
      accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    });
    expect(browser.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('exports one date as one row per model-day, summaries quoted as RFC 4180 says', async () => {
    const path = '/results?start_date=2025-10-02&end_date=2025-10-02&reasoning=summary';
    const json = (await server.request('GET', path)).body['results'] as Json[];
    const csv = await get(`${path}&format=csv`);
    expectCsvAttachment(csv, 'results_2025-10-02.csv');
    // The summary's comma, quotes and line break are inside one quoted field, quotes doubled.
    expect(csv.text).toContain('"Bought NVDA, ""on momentum"";\nheld the rest."\r\n');
    const rows = csvRecords(csv.text);
    expect(rows).toHaveLength(2);
    rows.forEach((row, i) => {
      const day = json[i] as Json;
      expect(row).toEqual({
        date: '2025-10-02',
        model: day['model'],
        job_id: jobId,
        starting_cash: asCsvField(day['starting_position']['cash']),
        starting_portfolio_value: asCsvField(day['starting_position']['portfolio_value']),
        ending_cash: asCsvField(day['final_position']['cash']),
        ending_portfolio_value: asCsvField(day['final_position']['portfolio_value']),
        profit: asCsvField(day['daily_metrics']['profit']),
        return_pct: asCsvField(day['daily_metrics']['return_pct']),
        trades: '1',
        holdings: (day['final_position']['holdings'] as Json[])
          .map((h) => `${String(h['symbol'])}:${String(h['quantity'])}`)
          .join(' '),
        prompt_tokens: asCsvField(day['metadata']['prompt_tokens']),
        completion_tokens: asCsvField(day['metadata']['completion_tokens']),
        cost_usd: asCsvField(day['metadata']['cost_usd']),
        superseded: 'false',
        superseded_by_job: '',
        summary: day['reasoning'],
      });
    });
    expect(rows.map((r) => [r['model'], r['holdings'], r['summary']])).toEqual([
      ['alpha', 'AAPL:10', 'Bought 5 AAPL at the open.'],
      ['beta', 'NVDA:4', AWKWARD_SUMMARY],
    ]);
  });

  it('exports a range as one row per model and date: its daily values and returns', async () => {
    const path = '/results?start_date=2025-10-01&end_date=2025-10-03';
    const json = (await server.request('GET', path)).body['results'] as Json[];
    const csv = await get(`${path}&format=csv`);
    expectCsvAttachment(csv, 'results_2025-10-01_2025-10-03.csv');
    const rows = csvRecords(csv.text);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'date',
      'model',
      'portfolio_value',
      'daily_return_pct',
      'cumulative_return_pct',
      'superseded',
    ]);
    const expected = json.flatMap((range) => {
      const start = range['period_metrics']['starting_portfolio_value'] as number;
      let previous = start;
      return (range['daily_portfolio_values'] as Json[]).map((v) => {
        const value = v['portfolio_value'] as number;
        const row = {
          date: v['date'],
          model: range['model'],
          portfolio_value: String(value),
          daily_return: ((value / previous - 1) * 100).toFixed(4),
          cumulative_return: ((value / start - 1) * 100).toFixed(4),
        };
        previous = value;
        return row;
      });
    });
    expect(rows).toHaveLength(6);
    expect(
      rows.map((r) => ({
        date: r['date'],
        model: r['model'],
        portfolio_value: r['portfolio_value'],
        daily_return: Number(r['daily_return_pct']).toFixed(4),
        cumulative_return: Number(r['cumulative_return_pct']).toFixed(4),
      })),
    ).toEqual(expected);
    // The last cumulative return is the period's return, as the JSON rounds it.
    const alphaLast = rows.filter((r) => r['model'] === 'alpha').at(-1);
    expect(Number(alphaLast?.['cumulative_return_pct']).toFixed(2)).toBe(
      (json[0]?.['period_metrics']['period_return_pct'] as number).toFixed(2),
    );
  });

  it('lists every trade in JSON and CSV, one row per trade', async () => {
    const path = '/results/trades?start_date=2025-10-01&end_date=2025-10-03';
    const json = await server.request('GET', path);
    expect(json.status).toBe(200);
    const direct = await server.server.container.results.trades(
      { startDate: '2025-10-01', endDate: '2025-10-03' },
      new Date(),
      30,
    );
    expect(json.body).toEqual(JSON.parse(JSON.stringify(tradesAnswer(direct))));
    const trades = json.body['trades'] as Json[];
    expect(json.body['count']).toBe(6);
    expect(trades.map((t) => [t['date'], t['model'], t['action'], t['symbol'], t['quantity']])).toEqual([
      ['2025-10-01', 'alpha', 'buy', 'AAPL', 5],
      ['2025-10-01', 'beta', 'buy', 'NVDA', 2],
      ['2025-10-02', 'alpha', 'buy', 'AAPL', 5],
      ['2025-10-02', 'beta', 'buy', 'NVDA', 2],
      ['2025-10-03', 'alpha', 'buy', 'AAPL', 5],
      ['2025-10-03', 'beta', 'buy', 'NVDA', 2],
    ]);
    for (const t of trades) {
      expect(t['job_id']).toBe(jobId);
      expect(t['notional']).toBeCloseTo((t['quantity'] as number) * (t['price'] as number), 4);
    }

    const csv = await get(`${path}&model=beta&format=csv`);
    expectCsvAttachment(csv, 'trades_2025-10-01_2025-10-03.csv');
    const betaTrades = trades.filter((t) => t['model'] === 'beta');
    expect(csvRecords(csv.text)).toEqual(
      betaTrades.map((t) => Object.fromEntries(Object.entries(t).map(([k, v]) => [k, asCsvField(v)]))),
    );
    // Nothing traded yet: a header alone, and an empty list in JSON.
    const none = await get('/results/trades?start_date=2025-09-01&end_date=2025-09-05&format=csv');
    expect(none.text).toBe(
      'date,model,job_id,action,symbol,quantity,price,commission,notional,created_at,superseded\r\n',
    );
    expect((await server.request('GET', '/results/trades?start_date=2025-09-01')).body).toEqual({
      count: 0,
      trades: [],
      market: 'us',
      currency: { code: 'USD', symbol: '$', decimals: 2 },
    });
  });

  it('caches each format under its own ETag and answers 304 to a client holding it', async () => {
    const path = '/results/trades?start_date=2025-10-01&end_date=2025-10-03&format=csv';
    const first = await get(path);
    const etag = first.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"v.+-csv"$/);
    const again = await get(path, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    expect(again.headers.get('etag')).toBe(etag);

    // The same URL by Accept: the CSV's ETag; by default: JSON under another one, which the CSV's
    // ETag does not match.
    const byAccept = await get('/results/trades?start_date=2025-10-01&end_date=2025-10-03', {
      accept: 'text/csv',
      'if-none-match': etag,
    });
    expect(byAccept.status).toBe(304);
    const asJson = await get('/results/trades?start_date=2025-10-01&end_date=2025-10-03', {
      'if-none-match': etag,
    });
    expect(asJson.status).toBe(200);
    expect(asJson.headers.get('etag')).not.toBe(etag);
    expect(asJson.headers.get('vary')).toBe('Accept');

    const board = await get('/results/leaderboard?format=csv');
    expect(
      (await get('/results/leaderboard?format=csv', { 'if-none-match': board.headers.get('etag') ?? '' }))
        .status,
    ).toBe(304);
  });

  it('answers 422 in JSON for an unknown format, and every refusal in JSON whatever was asked', async () => {
    for (const path of ['/results', '/results/leaderboard', '/results/trades']) {
      const res = await server.request('GET', `${path}?format=xml`, undefined, { accept: 'text/csv' });
      expect(res.status, path).toBe(422);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body['detail']).toEqual([expect.objectContaining({ loc: ['query', 'format'] })]);
    }
    const reversed = await server.request(
      'GET',
      '/results/trades?start_date=2025-10-03&end_date=2025-10-01&format=csv',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body['detail']).toContain('start_date must be <= end_date');
    const nothing = await server.request(
      'GET',
      '/results?start_date=2025-09-01&end_date=2025-09-05',
      undefined,
      {
        accept: 'text/csv',
      },
    );
    expect(nothing.status).toBe(404);
    expect(nothing.body).toEqual({ detail: 'No trading data found for the specified filters' });
    const removed = await server.request('GET', '/results/leaderboard?date=2025-10-01&format=csv');
    expect(removed.status).toBe(422);
    expect(removed.headers.get('content-disposition')).toBeNull();
  });

  it('documents both media types and the format parameter in OpenAPI', async () => {
    const paths = (await server.request('GET', '/openapi.json')).body['paths'] as Json;
    for (const path of ['/results', '/results/leaderboard', '/results/trades']) {
      const get = paths[path]['get'] as Json;
      expect(Object.keys(get['responses']['200']['content']), path).toEqual(['application/json', 'text/csv']);
      const format = (get['parameters'] as Json[]).find((p) => p['name'] === 'format');
      expect(format?.['schema'], path).toMatchObject({ enum: ['json', 'csv'] });
    }
    const trade =
      paths['/results/trades']['get']['responses']['200']['content']['application/json']['schema'];
    expect(Object.keys(trade['properties']['trades']['items']['properties'])).toEqual([
      'date',
      'model',
      'run',
      'job_id',
      'action',
      'symbol',
      'quantity',
      'price',
      'commission',
      'notional',
      'created_at',
      'superseded',
    ]);
  });
});
