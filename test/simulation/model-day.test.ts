import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PriceIndex } from '../../src/core/price-index.js';
import { OpenAiCompatibleProvider } from '../../src/llm/openai-provider.js';
import { ModelDayService } from '../../src/simulation/model-day-service.js';
import { KyselyModelDayStore } from '../../src/store/kysely-model-day-store.js';
import { startFakeOpenAi, sequence, type FakeOpenAi } from '../fakes/fake-openai.js';
import { fixturePriceIndex } from '../helpers/fixture-prices.js';
import { insertJob as insertJobRow } from '../helpers/job-rows.js';
import { openTempSqlite } from '../helpers/temp-db.js';
import { US_MARKET } from '../../src/core/markets/index.js';

const UNIVERSE = ['AAPL', 'MSFT', 'NVDA', 'GOOGL'];
const PRICING = { prompt_per_million: 2.5, completion_per_million: 10 };
const FINISH = { content: 'Done for today. <FINISH_SIGNAL>' };

describe('a model-day over the fixture prices', () => {
  let fake: FakeOpenAi;
  let prices: PriceIndex;
  let db: Awaited<ReturnType<typeof openTempSqlite>>;
  let service: ModelDayService;
  let clock = 0;
  const now = (): Date => new Date(Date.UTC(2026, 0, 1) + clock++ * 10);

  beforeAll(async () => {
    fake = await startFakeOpenAi();
    prices = fixturePriceIndex([...UNIVERSE, 'QQQ']);
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.reset();
    db = await openTempSqlite();
    service = new ModelDayService(new KyselyModelDayStore(db.db));
    await insertJob('job-1');
  });
  afterEach(() => db.dispose());

  const insertJob = (jobId: string) => insertJobRow(db.db, jobId);

  function provider(model: string, maxRetries = 3): OpenAiCompatibleProvider {
    return new OpenAiCompatibleProvider({
      model,
      baseURL: fake.baseURL,
      apiKey: 'sk-test',
      maxRetries,
      baseDelayMs: 0,
      sleep: async () => {},
    });
  }

  const runDay = (model: string, date: string, p = provider(model)) =>
    service.run({
      jobId: 'job-1',
      market: US_MARKET,
      model,
      date,
      provider: p,
      prices,
      universe: UNIVERSE,
      maxSteps: 10,
      initialCash: 10000,
      pricing: PRICING,
      now,
    });

  async function dayRows(model: string, date: string) {
    const day = await db.db
      .selectFrom('trading_days')
      .selectAll()
      .where('model', '=', model)
      .where('date', '=', date)
      .executeTakeFirst();
    if (!day) return undefined;
    const id = day.id;
    return {
      day,
      trades: await db.db
        .selectFrom('trades')
        .selectAll()
        .where('trading_day_id', '=', id)
        .orderBy('seq')
        .execute(),
      holdings: await db.db.selectFrom('holdings').selectAll().where('trading_day_id', '=', id).execute(),
      usage: await db.db
        .selectFrom('token_usage')
        .selectAll()
        .where('trading_day_id', '=', id)
        .orderBy('seq')
        .execute(),
      audit: await db.db
        .selectFrom('tool_call_audit')
        .selectAll()
        .where('trading_day_id', '=', id)
        .orderBy('seq')
        .execute(),
      reasoning: await db.db
        .selectFrom('reasoning_logs')
        .selectAll()
        .where('trading_day_id', '=', id)
        .orderBy('seq')
        .execute(),
    };
  }

  it('fills a scripted agent at the open and values the day at the close, exactly as computed by hand', async () => {
    fake.script(
      'scripted',
      sequence([
        {
          toolCalls: [
            { name: 'get_price_local', arguments: { symbol: 'AAPL', date: '2025-09-30' } },
            { name: 'buy', arguments: { symbol: 'AAPL', amount: 10 } },
            { name: 'buy', arguments: JSON.stringify({ symbol: 'MSFT', amount: 5 }) },
          ],
        },
        {
          toolCalls: [
            { name: 'sell', arguments: { symbol: 'AAPL', amount: 4 } },
            { name: 'buy', arguments: { symbol: 'NVDA', amount: 20 } },
          ],
        },
        FINISH,
        { content: 'Bought 10 AAPL, 5 MSFT and 20 NVDA, then sold 4 AAPL.' },
      ]),
    );
    await runDay('scripted', '2025-10-01');
    const rows = await dayRows('scripted', '2025-10-01');

    // Opens on 2025-10-01: AAPL 255.04, MSFT 514.80, NVDA 185.24.
    // Cash: 10000 - 2550.40 - 2574.00 + 1020.16 - 3704.80 = 2190.96
    expect(rows?.trades.map((t) => [t.action_type, t.symbol, t.quantity, t.price])).toEqual([
      ['buy', 'AAPL', 10, 255.04],
      ['buy', 'MSFT', 5, 514.8],
      ['sell', 'AAPL', 4, 255.04],
      ['buy', 'NVDA', 20, 185.24],
    ]);
    expect(rows?.day.ending_cash).toBe(2190.96);
    expect(Object.fromEntries(rows?.holdings.map((h) => [h.symbol, h.quantity]) ?? [])).toEqual({
      AAPL: 6,
      MSFT: 5,
      NVDA: 20,
    });
    // Closes: AAPL 255.45, MSFT 519.71, NVDA 187.24 -> 2190.96 + 1532.70 + 2598.55 + 3744.80
    expect(rows?.day.starting_value).toBe(10000);
    expect(rows?.day.ending_value).toBe(10067.01);
    expect(rows?.day.daily_profit).toBe(67.01);
    expect(rows?.day.daily_return_pct).toBeCloseTo(0.6701, 10);
    expect(rows?.day.days_since_last_trading).toBe(0);
    expect(rows?.day.total_actions).toBe(4);
    expect(rows?.day.summary).toBe('Bought 10 AAPL, 5 MSFT and 20 NVDA, then sold 4 AAPL.');
    // Three decision calls and one summary call at the fake's 100 prompt / 20 completion tokens each.
    expect(rows?.usage.map((u) => u.call_kind)).toEqual(['decision', 'decision', 'decision', 'summary']);
    expect(rows?.usage.reduce((s, u) => s + u.prompt_tokens, 0)).toBe(400);
    expect(rows?.usage.reduce((s, u) => s + u.completion_tokens, 0)).toBe(80);
    expect(rows?.usage.reduce((s, u) => s + (u.cost_usd ?? 0), 0)).toBeCloseTo(0.0018, 12);
    expect(rows?.audit).toEqual([]);
    // The full log: system, user, and every assistant message and tool result.
    expect(rows?.reasoning.map((r) => r.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'tool',
      'tool',
      'assistant',
      'tool',
      'tool',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(rows?.reasoning[3]?.content).toContain('"close":254.63');
  });

  it('continues the portfolio on the next session, across jobs', async () => {
    fake.script(
      'scripted',
      sequence([
        { toolCalls: [{ name: 'buy', arguments: { symbol: 'AAPL', amount: 10 } }] },
        FINISH,
        { content: 'Bought 10 AAPL.' },
      ]),
    );
    await runDay('scripted', '2025-10-01');
    await insertJob('job-2');
    fake.script('scripted', sequence([FINISH, { content: 'No trades.' }]));
    await service.run({
      jobId: 'job-2',
      market: US_MARKET,
      model: 'scripted',
      date: '2025-10-02',
      provider: provider('scripted'),
      prices,
      universe: UNIVERSE,
      maxSteps: 10,
      initialCash: 10000,
      now,
    });
    const rows = await dayRows('scripted', '2025-10-02');
    // Day 1 ended with 10000 - 2550.40 = 7449.60 cash + 10 AAPL (close 255.45) = 10004.10.
    expect(rows?.day.starting_cash).toBe(7449.6);
    expect(rows?.day.days_since_last_trading).toBe(1);
    // Day 2 values the same holdings at 257.13: 7449.60 + 2571.30 = 10020.90.
    expect(rows?.day.ending_value).toBe(10020.9);
    expect(rows?.day.daily_profit).toBe(16.8);
    // The prompt shows the previous session's close and the position carried over.
    const system = fake.requests('scripted').at(-2)?.body.messages[0];
    expect(JSON.stringify(system)).toContain('AAPL: 10 shares');
    expect(JSON.stringify(system)).toContain('AAPL | 255.45 | 256.575');
  });

  it("supersedes the model's results on that date and later when a day commits, in the same transaction", async () => {
    fake.script('chain', (body) =>
      body.messages.some((m) => m.role === 'assistant') ? { content: 'ok <FINISH_SIGNAL>' } : FINISH,
    );
    await runDay('chain', '2025-10-02');
    await runDay('chain', '2025-10-03');
    await insertJob('job-2');
    await service.run({
      jobId: 'job-2',
      market: US_MARKET,
      model: 'chain',
      date: '2025-10-02',
      provider: provider('chain'),
      prices,
      universe: UNIVERSE,
      maxSteps: 10,
      initialCash: 10000,
      now,
    });
    const rows = await db.db
      .selectFrom('trading_days')
      .select(['date', 'job_id', 'superseded_by_job'])
      .where('model', '=', 'chain')
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { date: '2025-10-02', job_id: 'job-1', superseded_by_job: 'job-2' },
      { date: '2025-10-03', job_id: 'job-1', superseded_by_job: 'job-2' },
      { date: '2025-10-02', job_id: 'job-2', superseded_by_job: null },
    ]);
  });

  it('lets a cheating agent gain nothing and audits every refusal', async () => {
    fake.script(
      'cheater',
      sequence([
        {
          toolCalls: [
            { name: 'get_price_local', arguments: { symbol: 'AAPL', date: '2025-10-02' } },
            { name: 'get_price_local', arguments: { symbol: 'AAPL', date: '2025-10-01' } },
            { name: 'buy', arguments: { symbol: 'AAPL', amount: -5 } },
            { name: 'buy', arguments: { symbol: 'AAPL', amount: 1.5 } },
            { name: 'buy', arguments: { symbol: 'AAPL', amount: 1_000_000 } },
            { name: 'buy', arguments: { symbol: 'ZZZZ', amount: 1 } },
            { name: 'buy', arguments: { symbol: 'QQQ', amount: 1 } },
            { name: 'sell', arguments: { symbol: 'MSFT', amount: 1 } },
            { name: 'buy', arguments: '{"symbol": "AAPL", "amount": ' },
            { name: 'get_close_price', arguments: { symbol: 'AAPL' } },
          ],
        },
        FINISH,
        { content: 'I tried everything.' },
      ]),
    );
    await runDay('cheater', '2025-10-01');
    const rows = await dayRows('cheater', '2025-10-01');
    expect(rows?.trades).toEqual([]);
    expect(rows?.holdings).toEqual([]);
    expect(rows?.day.ending_cash).toBe(10000);
    expect(rows?.day.ending_value).toBe(10000);
    expect(rows?.audit.map((a) => [a.tool, a.outcome, a.reason])).toEqual([
      ['get_price_local', 'refused', 'future_date'],
      ['buy', 'rejected', 'invalid_amount'],
      ['buy', 'rejected', 'invalid_amount'],
      ['buy', 'rejected', 'insufficient_cash'],
      ['buy', 'rejected', 'unknown_symbol'],
      ['buy', 'rejected', 'unknown_symbol'],
      ['sell', 'rejected', 'no_position'],
      ['buy', 'error', 'unparseable_arguments'],
      ['get_close_price', 'error', 'unknown_tool'],
    ]);
    // Today's lookup is allowed but carries the open only.
    const todays = rows?.reasoning.filter((r) => r.role === 'tool')[1]?.content ?? '';
    expect(todays).toContain('"open":255.04');
    expect(todays).not.toContain('close');
    // The future lookup's answer told the model why.
    expect(rows?.reasoning.filter((r) => r.role === 'tool')[0]?.content).toMatch(
      /^Error: Prices after 2025-10-01/,
    );
  });

  it('retries a provider that answers 500 then 429 and then succeeds', async () => {
    fake.script(
      'flaky',
      sequence([{ status: 500 }, { status: 429, retryAfter: '0' }, FINISH, { content: 'No trades today.' }]),
    );
    await runDay('flaky', '2025-10-01');
    const rows = await dayRows('flaky', '2025-10-01');
    expect(rows?.day.ending_value).toBe(10000);
    expect(fake.callCount('flaky')).toBe(4);
  });

  it('stores nothing for the day when the provider keeps failing', async () => {
    fake.script('broken', { status: 500 });
    await expect(runDay('broken', '2025-10-01', provider('broken', 2))).rejects.toThrow();
    expect(await dayRows('broken', '2025-10-01')).toBeUndefined();
    expect(await db.db.selectFrom('trades').selectAll().execute()).toEqual([]);
    expect(await db.db.selectFrom('reasoning_logs').selectAll().execute()).toEqual([]);
    expect(fake.callCount('broken')).toBe(3);
  });

  it('uses a fallback summary naming the trades when the summary call fails', async () => {
    fake.script(
      'no-summary',
      sequence([
        { toolCalls: [{ name: 'buy', arguments: { symbol: 'MSFT', amount: 2 } }] },
        FINISH,
        { status: 400 },
      ]),
    );
    await runDay('no-summary', '2025-10-01', provider('no-summary', 0));
    const rows = await dayRows('no-summary', '2025-10-01');
    expect(rows?.day.summary).toContain('bought 2 MSFT at 514.8');
  });

  it('stops at max_steps without failing the day', async () => {
    fake.script('looper', (_body, i) =>
      i < 20 ? { toolCalls: [{ name: 'add', arguments: { a: i, b: 1 } }] } : { content: 'summary' },
    );
    await service.run({
      jobId: 'job-1',
      market: US_MARKET,
      model: 'looper',
      date: '2025-10-01',
      provider: provider('looper'),
      prices,
      universe: UNIVERSE,
      maxSteps: 3,
      initialCash: 10000,
      now,
    });
    const rows = await dayRows('looper', '2025-10-01');
    expect(rows?.usage.filter((u) => u.call_kind === 'decision')).toHaveLength(3);
  });
});
