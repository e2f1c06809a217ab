/**
 * Results per market over real HTTP, on SQLite and PostgreSQL: one model trading us, crypto and cn
 * (test/results/market-seed.ts, where every figure below is worked by hand), asked for each market;
 * a client that names no market gets the us answers it always got.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedThreeMarkets } from '../results/market-seed.js';
import { startTestServer, type Json, type TestServer } from '../helpers/http-server.js';
import { serverDialects, type DialectDatabase } from '../helpers/server-dialects.js';

const USD = { code: 'USD', symbol: '$', decimals: 2 };
const USDT = { code: 'USDT', symbol: '', decimals: 4 };
const CNY = { code: 'CNY', symbol: '¥', decimals: 2 };

for (const dialect of await serverDialects()) {
  dialect.describe(`results per market, on ${dialect.name}`, () => {
    let database: DialectDatabase;
    let server: TestServer;
    beforeAll(async () => {
      database = await dialect.freshDatabase();
      server = await startTestServer({ env: database.env, models: [{ signature: 'alpha' }] });
      await seedThreeMarkets(server.server.container.database.db);
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await database?.dispose();
    });

    const get = async (path: string): Promise<Json> => {
      const res = await server.request('GET', path);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
      return res.body;
    };

    it('answers the us market when none is named, as before markets, saying so after the old fields', async () => {
      const board = await get('/results/leaderboard');
      expect(Object.keys(board)).toEqual([
        'start_date',
        'end_date',
        'entries',
        'benchmark',
        'market',
        'currency',
      ]);
      expect(board).toMatchObject({
        start_date: '2025-11-03',
        end_date: '2025-11-05',
        market: 'us',
        currency: USD,
      });
      expect(board['entries']).toEqual([expect.objectContaining({ model: 'alpha', ending_value: 10098.99 })]);
      // 10000 bought at the 10-31 close of 600, worth 10000 * 612/600 at the end.
      expect(board['benchmark']).toMatchObject({ model: 'QQQ (benchmark)', ending_value: 10200, beta: 1 });
      expect(await get('/results/leaderboard?market=us')).toEqual(board);

      const results = await get('/results?start_date=2025-11-03&end_date=2025-11-05');
      expect(Object.keys(results)).toEqual(['count', 'results', 'market', 'currency']);
      expect(results).toMatchObject({ count: 1, market: 'us', currency: USD });
    });

    it('annualises by 252 sessions in us and 365 days in crypto: the same returns, different Sharpe', async () => {
      const us = (await get('/results?start_date=2025-11-03&end_date=2025-11-05'))['results'][0];
      const crypto = await get('/results?start_date=2025-11-02&end_date=2025-11-04&market=crypto');
      expect(crypto).toMatchObject({ count: 1, market: 'crypto', currency: USDT });
      const alpha = crypto['results'][0];
      // Returns +1%, -1%, +1%: Sharpe sqrt(P/12), volatility 100 * sqrt(P/7500) %.
      expect(us['risk_metrics']).toMatchObject({
        sharpe: 4.5826,
        volatility_pct: 18.33,
        win_rate_pct: 66.67,
      });
      expect(alpha['risk_metrics']).toMatchObject({
        sharpe: 5.5151,
        volatility_pct: 22.06,
        win_rate_pct: 66.67,
      });
      expect(alpha['period_metrics']).toMatchObject({
        starting_portfolio_value: 50000,
        ending_portfolio_value: 50494.95,
        period_return_pct: 0.99,
        calendar_days: 3,
        trading_days: 3,
      });
      expect(us['benchmark_relative']).toMatchObject({ benchmark: 'QQQ', paired_days: 3 });
      expect(alpha['benchmark_relative']).toMatchObject({ benchmark: 'CD5', paired_days: 3 });
    });

    it('keeps the same model`s us and crypto portfolios apart', async () => {
      const crypto = await get('/results/leaderboard?market=crypto');
      expect(crypto['entries']).toEqual([
        expect.objectContaining({ model: 'alpha', starting_value: 50000, ending_value: 50494.95, trades: 1 }),
      ]);
      const usDay = await get('/results?start_date=2025-11-04&end_date=2025-11-04');
      const cryptoDay = await get('/results?start_date=2025-11-04&end_date=2025-11-04&market=crypto');
      expect(usDay['results'].map((d: Json) => d['final_position']['portfolio_value'])).toEqual([9999]);
      expect(cryptoDay['results'].map((d: Json) => d['final_position']['portfolio_value'])).toEqual([
        50494.95,
      ]);
      // 11-02 is a Sunday: no us day, one crypto day, whose fill is a fraction of a coin.
      await expect(
        server.request('GET', '/results?start_date=2025-11-02&end_date=2025-11-02'),
      ).resolves.toMatchObject({ status: 404 });
      const sunday = (await get('/results?start_date=2025-11-02&end_date=2025-11-02&market=crypto'))[
        'results'
      ][0];
      expect(sunday['trades']).toEqual([
        expect.objectContaining({ symbol: 'BTC-USDT', quantity: 0.1817, price: 110052.25 }),
      ]);
      expect(sunday['final_position']).toEqual({
        holdings: [{ symbol: 'BTC-USDT', quantity: 0.1817 }],
        cash: 30003.5062,
        portfolio_value: 50500,
      });
      const trades = await get('/results/trades?start_date=2025-11-01&end_date=2025-11-05&market=crypto');
      expect(trades).toMatchObject({ count: 1, market: 'crypto', currency: USDT });
      expect(trades['trades'][0]).toMatchObject({
        quantity: 0.1817,
        notional: expect.closeTo(19996.493825, 6),
      });
      expect((await get('/results/trades?start_date=2025-11-01&end_date=2025-11-05'))['count']).toBe(0);
    });

    it('ranks crypto models against CD5, bought at the first open in its published weights and held', async () => {
      const board = await get('/results/leaderboard?market=crypto');
      expect(board).toMatchObject({
        start_date: '2025-11-02',
        end_date: '2025-11-04',
        market: 'crypto',
        currency: USDT,
      });
      // Per unit of cash, each coin is weight * close / (11-02 open); at the 11-04 closes:
      // 0.7456 * 101468.15/110052.25 + 0.1597 * 3286.21/3872.07 + 0.052 * 2.2048/2.5042
      //   + 0.0353 * 154.99/186.26 + 0.0076 * 0.5205/0.6125
      // = 0.687443 + 0.135537 + 0.045783 + 0.029374 + 0.006458 = 0.904595 of alpha's 50000 stake.
      // Its peak was the 11-02 close, 1.005577 (the weights add up to 1.0002, so 0.02% more than
      // was put in is held from the start): from 50278.8474 down to 45229.7427 is 10.0422%.
      expect(board['benchmark']).toEqual({
        model: 'CD5 (benchmark)',
        starting_value: 50000,
        ending_value: 45229.7427,
        period_return_pct: -9.54,
        trades: null,
        turnover: null,
        prompt_tokens: null,
        completion_tokens: null,
        cost_usd: null,
        max_drawdown_pct: 10.04,
        max_drawdown_start: '2025-11-02',
        max_drawdown_end: '2025-11-04',
        // Returns 50278.8474/50000 - 1 = 0.557695%, then -4.851680% and -5.455193%: mean -0.0324973,
        // sample sd 0.0331110, * sqrt(365).
        sharpe: -18.7508,
        // (45229.7427/50000)^(365/3) - 1 = -99.9995% a year, over the 10.0422% drawdown.
        calmar: -9.9579,
        alpha_pct: 0,
        beta: 1,
        superseded_dates: [],
      });
      const series = await get('/results/benchmark?start_date=2025-11-02&end_date=2025-11-04&market=crypto');
      expect(series).toMatchObject({
        symbol: 'CD5',
        label: 'CD5',
        source: 'import',
        market: 'crypto',
        currency: USDT,
      });
      expect(series['values']).toEqual([
        { date: '2025-11-02', close: expect.closeTo(1.005577, 6) },
        { date: '2025-11-03', close: expect.closeTo(0.95679, 5) },
        { date: '2025-11-04', close: expect.closeTo(0.904595, 6) },
      ]);
    });

    it('ranks cn models against the SSE-50 index held from the close before, in CNY', async () => {
      const board = await get('/results/leaderboard?market=cn');
      expect(board).toMatchObject({
        start_date: '2025-11-03',
        end_date: '2025-11-04',
        market: 'cn',
        currency: CNY,
      });
      expect(board['entries']).toEqual([
        expect.objectContaining({
          model: 'alpha',
          starting_value: 100000,
          ending_value: 100500,
          period_return_pct: 0.5,
        }),
      ]);
      // 100000 at the 10-31 close of 3000: 100000 * 3030/3000 = 101000, then * 2999.7/3000 = 99990,
      // 1010 below that peak (1%).
      expect(board['benchmark']).toMatchObject({
        model: 'SSE-50 index (benchmark)',
        starting_value: 100000,
        ending_value: 99990,
        period_return_pct: -0.01,
        max_drawdown_pct: 1,
        beta: 1,
        alpha_pct: 0,
      });
      const series = await get('/results/benchmark?start_date=2025-11-03&end_date=2025-11-04&market=cn');
      expect(series).toMatchObject({
        symbol: '000016.SH',
        label: 'SSE-50 index',
        values: [
          { date: '2025-11-03', close: 3030 },
          { date: '2025-11-04', close: 2999.7 },
        ],
      });
      const range = (await get('/results?start_date=2025-11-03&end_date=2025-11-04&market=cn'))['results'][0];
      expect(range['benchmark_relative']).toMatchObject({ benchmark: '000016.SH', paired_days: 2 });
    });

    it("answers a job's own market when job_id names one, and refuses a market that contradicts it", async () => {
      const board = await get('/results/leaderboard?job_id=crypto-1');
      expect(board).toMatchObject({ market: 'crypto', benchmark: { model: 'CD5 (benchmark)' } });
      expect((await get('/results/leaderboard?job_id=crypto-1&market=crypto'))['entries']).toHaveLength(1);
      const refused = await server.request('GET', '/results?job_id=crypto-1&market=us');
      expect(refused.status).toBe(400);
      expect(refused.body['detail']).toBe(
        'market=us contradicts job_id crypto-1, which trades the crypto market: leave market out ' +
          "(a job's results are its own market's) or ask for market=crypto",
      );
    });

    it('refuses an unknown market with 422 and the detail list, on every results endpoint', async () => {
      for (const path of ['/results', '/results/leaderboard', '/results/trades', '/results/benchmark']) {
        const res = await server.request('GET', `${path}?market=eu`);
        expect(res.status, path).toBe(422);
        expect(res.body['detail'], path).toEqual([
          expect.objectContaining({ loc: ['query', 'market'], msg: expect.stringContaining('us') }),
        ]);
      }
    });

    it('names the market in CSV file names, except us, whose exports keep their names and bytes', async () => {
      const csv = await fetch(`${server.url}/results/leaderboard?market=crypto&format=csv`);
      expect(csv.headers.get('content-disposition')).toBe(
        'attachment; filename="leaderboard_crypto_2025-11-02_2025-11-04.csv"',
      );
      const text = await csv.text();
      expect(text.split('\r\n')[0]).not.toContain('market');
      expect(text).toContain(',CD5 (benchmark),2025-11-02,2025-11-04,50000,45229.7427,');
      const results = await fetch(
        `${server.url}/results?start_date=2025-11-02&end_date=2025-11-04&market=crypto&format=csv`,
      );
      expect(results.headers.get('content-disposition')).toBe(
        'attachment; filename="results_crypto_2025-11-02_2025-11-04.csv"',
      );
      const us = await fetch(`${server.url}/results/leaderboard?format=csv`);
      expect(us.headers.get('content-disposition')).toBe(
        'attachment; filename="leaderboard_2025-11-03_2025-11-05.csv"',
      );
      expect((await us.text()).split('\r\n')[0]).toBe(
        'rank,model,start_date,end_date,starting_value,ending_value,period_return_pct,trades,turnover,' +
          'max_drawdown_pct,max_drawdown_start,max_drawdown_end,sharpe,calmar,alpha_pct,beta,prompt_tokens,' +
          'completion_tokens,cost_usd,superseded_dates',
      );
    });

    it('tells the dashboard the server`s market on /health', async () => {
      expect(await get('/health')).toMatchObject({ status: 'healthy', market: 'us' });
    });
  });
}
