/**
 * The dashboard in Chromium against a DEV-mode server after a demo job (mock models, synthetic
 * prices): the leaderboard shows the API's rows and sorts from the keyboard, the equity chart draws
 * one line per model plus QQQ, a model-day drill-down shows that day's trades, and the page fits a
 * phone. Screenshots go to test-artifacts/; the overview also to docs/img/dashboard.png (README).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, publishReadmeScreenshot } from './artifacts.js';
import { launchChromium } from './chromium.js';
import { WEB_BUILD } from './dashboard-build.js';
import { startDemoServer, type DemoServer } from './demo-server.js';
import { seedCryptoMarket } from '../results/market-seed.js';

const launch = await launchChromium();
const title = 'the dashboard in Chromium, after a demo job';

interface Entry {
  model: string;
  ending_value: number;
  period_return_pct: number;
  trades: number | null;
  sharpe: number | null;
}
interface Board {
  start_date: string;
  end_date: string;
  entries: Entry[];
  benchmark: Entry | null;
}

/** `+10.50%` -> 10.5, `$11,049.87` -> 11049.87, `—` -> null: what a reader takes from a cell. */
const numberIn = (text: string | null): number | null => {
  const cleaned = (text ?? '').replace(/[$,%+\s]/g, '');
  return cleaned === '' || cleaned === '—' ? null : Number(cleaned);
};
const round2 = (value: number): number => Math.round(value * 100) / 100;

describe.skipIf(launch.browser === null)(
  launch.problem === null ? title : `${title} (skipped: ${launch.problem})`,
  () => {
    const browser = launch.browser!;
    let server: DemoServer;
    let context: BrowserContext;
    let page: Page;
    let board: Board;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      if (!existsSync(join(WEB_BUILD, 'index.html'))) {
        throw new Error(`No dashboard build in ${WEB_BUILD}: run npm run build`);
      }
      // The demo's 20 sessions, as `npm run demo` runs them.
      server = await startDemoServer(20);
      board = await server.getJson<Board>('/results/leaderboard');
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
    }, 120_000);

    afterAll(async () => {
      await context?.close();
      await browser.close();
      await server?.close();
    });

    const leaderboardRows = () =>
      page.locator('[data-testid=leaderboard] tbody tr').evaluateAll((rows) =>
        rows.map((row) => ({
          model: (row as HTMLElement).dataset['model'] ?? '',
          benchmark: (row as HTMLElement).dataset['benchmark'] === 'true',
          ret: row.querySelector('[data-field=return]')?.textContent ?? null,
          value: row.querySelector('[data-field=value]')?.textContent ?? null,
          trades: row.querySelector('[data-field=trades]')?.textContent ?? null,
          sharpe: row.querySelector('[data-field=sharpe]')?.textContent ?? null,
        })),
      );

    it("shows the leaderboard rows the API answers, QQQ's last, with synthetic prices labelled", async () => {
      expect(board.entries.length).toBe(4);
      await page.goto(`${server.url}/`);
      await page.locator('[data-testid=leaderboard]').waitFor();
      const rows = await leaderboardRows();
      const expected = [...board.entries, board.benchmark!];
      expect(rows.map((row) => row.model)).toEqual(expected.map((entry) => entry.model));
      expect(rows.map((row) => row.benchmark)).toEqual(expected.map((_, i) => i === expected.length - 1));
      rows.forEach((row, i) => {
        const entry = expected[i]!;
        expect(numberIn(row.ret), row.model).toBe(round2(entry.period_return_pct));
        expect(numberIn(row.value), row.model).toBe(round2(entry.ending_value));
        expect(numberIn(row.trades), row.model).toBe(entry.trades);
      });
      expect(await page.locator('[data-testid=synthetic-label]').first().textContent()).toContain(
        'Synthetic',
      );
      expect(await page.locator('[data-testid=mode-badge]').textContent()).toContain('synthetic');
      expect(await page.locator('[data-testid=period]').textContent()).toContain(
        `${server.start} → ${server.end}`,
      );
    });

    it('sorts by a column from the keyboard, both ways, QQQ staying last', async () => {
      const sharpe = page.getByRole('button', { name: /sort by sharpe/i });
      await sharpe.focus();
      await page.keyboard.press('Enter');
      const header = page.locator('th', { has: sharpe });
      expect(await header.getAttribute('aria-sort')).toBe('descending');
      const bySharpe = [...board.entries].sort((a, b) => (b.sharpe ?? -Infinity) - (a.sharpe ?? -Infinity));
      expect((await leaderboardRows()).map((row) => row.model)).toEqual([
        ...bySharpe.map((entry) => entry.model),
        board.benchmark!.model,
      ]);
      await page.keyboard.press('Enter');
      expect(await header.getAttribute('aria-sort')).toBe('ascending');
      expect((await leaderboardRows()).map((row) => row.model)).toEqual([
        ...[...bySharpe].reverse().map((entry) => entry.model),
        board.benchmark!.model,
      ]);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toMatch(/Sharpe/);
    });

    it('draws one equity line per model plus QQQ, and the drawdowns, with a textual summary', async () => {
      // A fresh load: the API's order, nothing focused (this is also the README's screenshot).
      await page.goto(`${server.url}/`);
      const equity = page.locator('[data-testid=equity-chart]');
      await equity.waitFor();
      expect(await equity.getAttribute('data-series-count')).toBe(String(board.entries.length + 1));
      const legend = await equity
        .locator('li[data-series]')
        .evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['series']));
      expect(legend).toEqual([...board.entries.map((entry) => entry.model).sort(), 'QQQ']);
      expect(await equity.locator('canvas').count()).toBeGreaterThan(0);
      const summaryId = await equity.getAttribute('aria-describedby');
      const summary = await page.locator(`[id="${summaryId}"]`).textContent();
      for (const entry of board.entries) expect(summary).toContain(entry.model);

      // The other engineer's GET /results/benchmark gives QQQ's daily closes; until it answers,
      // the line joins the leaderboard row's start and end, and the page says so.
      const benchmark = await fetch(
        `${server.url}/results/benchmark?start_date=${board.start_date}&end_date=${board.end_date}`,
      );
      if (benchmark.ok) {
        const { source } = (await benchmark.json()) as { source: string };
        expect(await page.locator('[data-testid=benchmark-source]').textContent()).toContain(source);
      } else {
        expect(await page.locator('[data-testid=benchmark-note]').textContent()).toContain('QQQ');
      }

      const drawdown = page.locator('[data-testid=drawdown-chart]');
      expect(Number(await drawdown.getAttribute('data-series-count'))).toBeGreaterThanOrEqual(
        board.entries.length,
      );

      // The leaderboard and the equity curves in one picture: a viewport tall enough for both
      // (the chart's height is capped, so it does not grow with the viewport).
      await page.setViewportSize({ width: 1280, height: 1400 });
      const bottom = await equity.evaluate((element) => element.getBoundingClientRect().bottom);
      const shot = artifactPath('dashboard-overview.png');
      await page.screenshot({
        path: shot,
        clip: { x: 0, y: 0, width: 1280, height: Math.ceil(bottom) + 16 },
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      publishReadmeScreenshot(shot);
      await page.screenshot({ path: artifactPath('dashboard-overview-full.png'), fullPage: true });
    });

    it("opens a model-day from the leaderboard and shows that day's trades with their fill prices", async () => {
      // A model-day with trades, as the API tells it.
      const history = await server.getJson<{
        results: { model: string; daily_portfolio_values: { date: string }[] }[];
      }>(`/results?start_date=${board.start_date}&end_date=${board.end_date}`);
      let found: { model: string; date: string; day: any } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const { model, daily_portfolio_values } of history.results) {
        for (const { date } of [...daily_portfolio_values].reverse()) {
          const answer = await server.getJson(
            `/results?start_date=${date}&end_date=${date}&model=${model}&reasoning=full`,
          );
          if (answer.results[0].trades.length > 0) {
            found = { model, date, day: answer.results[0] };
            break;
          }
        }
        if (found) break;
      }
      expect(found, 'a demo model-day with trades').toBeDefined();
      const { model, date, day } = found!;

      await page.goto(`${server.url}/`);
      await page.getByRole('link', { name: model, exact: true }).click();
      await page.getByRole('heading', { name: 'Model-day' }).waitFor();
      await page.getByLabel('Date').selectOption(date);
      const details = page.locator('[data-testid=day-details]');
      await details.getByRole('heading', { name: `${model} on ${date}` }).waitFor();

      const trades = await details
        .locator('[data-testid=trades] tbody tr')
        .evaluateAll((rows) =>
          rows.map((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? '')),
        );
      expect(
        trades.map(([action, symbol, quantity, price]) => [
          action,
          symbol,
          numberIn(quantity!),
          numberIn(price!),
        ]),
      ).toEqual(
        day.trades.map((t: { action_type: string; symbol: string; quantity: number; price: number }) => [
          t.action_type,
          t.symbol,
          t.quantity,
          round2(t.price),
        ]),
      );
      expect(await details.locator('#trades-heading').textContent()).toContain('synthetic');
      expect(await details.locator('[data-testid=conversation] > li').count()).toBe(day.reasoning.length);
      expect(numberIn(await details.locator('[data-testid=final-position] dd').first().textContent())).toBe(
        round2(day.final_position.portfolio_value),
      );
      await page.screenshot({ path: artifactPath('dashboard-model-day.png'), fullPage: true });
    });

    it('fits a phone: nothing wider than the screen, tables scroll in their own box', async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      try {
        const small = await phone.newPage();
        await small.goto(`${server.url}/`);
        await small.locator('[data-testid=equity-chart]').waitFor();
        const widths = await small.evaluate(() => ({
          page: document.documentElement.scrollWidth,
          screen: document.documentElement.clientWidth,
        }));
        expect(widths.page).toBeLessThanOrEqual(widths.screen);
        await small.screenshot({ path: artifactPath('dashboard-phone.png'), fullPage: true });
      } finally {
        await phone.close();
      }
    });

    it('switches market without a reload: other rows, the benchmark named by the API, money in USDT', async () => {
      await seedCryptoMarket(server.db);
      await page.goto(`${server.url}/`);
      await page.locator('[data-testid=leaderboard]').waitFor();
      // Set on this document: a reload would lose it.
      await page.evaluate(() => Object.assign(window, { marketSwitchMarker: 'same page' }));
      const usRows = (await leaderboardRows()).map((row) => row.model);
      expect(usRows.at(-1)).toBe('QQQ (benchmark)');
      const marketSwitch = page.locator('[data-testid=market-switch]');
      expect(await marketSwitch.inputValue()).toBe('us');

      await marketSwitch.selectOption('crypto');
      await page.locator('[data-testid=leaderboard] tr[data-model="CD5 (benchmark)"]').waitFor();
      // The demo's clock stands at 2025-11-03, so the board ends there (market-seed.ts has the figures).
      const rows = await leaderboardRows();
      expect(rows.map((row) => [row.model, row.value])).toEqual([
        ['alpha', '49,995.0000 USDT'],
        ['CD5 (benchmark)', '47,839.4786 USDT'],
      ]);
      expect(await page.evaluate(() => (window as { marketSwitchMarker?: string }).marketSwitchMarker)).toBe(
        'same page',
      );
      expect(new URL(page.url()).hash).toBe('#/?market=crypto');
      expect(await page.locator('[data-testid=market]').getAttribute('data-market')).toBe('crypto');
      const equity = page.locator('[data-testid=equity-chart]');
      await equity.locator('li[data-series=CD5]').waitFor();
      expect(await equity.getAttribute('data-series-count')).toBe('2');
      await page.screenshot({ path: artifactPath('dashboard-crypto.png'), fullPage: true });

      // alpha's crypto day: a fraction of a coin, shown as it is.
      await page.getByRole('link', { name: 'alpha', exact: true }).click();
      await page.getByRole('heading', { name: 'Model-day' }).waitFor();
      await page.getByLabel('Date').selectOption('2025-11-02');
      const details = page.locator('[data-testid=day-details]');
      await details.getByRole('heading', { name: 'alpha on 2025-11-02' }).waitFor();
      const trade = await details
        .locator('[data-testid=trades] tbody tr')
        .first()
        .evaluate((row) => [...row.children].map((cell) => cell.textContent?.trim() ?? ''));
      expect(trade.slice(0, 4)).toEqual(['buy', 'BTC-USDT', '0.1817', '110,052.2500 USDT']);
      expect(await details.locator('[data-testid=final-position] td').first().textContent()).toBe('0.1817');
      await page.screenshot({ path: artifactPath('dashboard-crypto-day.png'), fullPage: true });

      // Back to us from the day page: its models and QQQ again, still the same document.
      await page.locator('[data-testid=market-switch]').selectOption('us');
      await page.getByRole('link', { name: 'Leaderboard' }).click();
      await page.locator('[data-testid=leaderboard] tr[data-model="QQQ (benchmark)"]').waitFor();
      expect((await leaderboardRows()).map((row) => row.model)).toEqual(usRows);
      expect(await page.evaluate(() => (window as { marketSwitchMarker?: string }).marketSwitchMarker)).toBe(
        'same page',
      );
    });

    it('starts keyboard users at a skip link, and ran without a script error', async () => {
      await page.goto(`${server.url}/`);
      await page.locator('[data-testid=leaderboard]').waitFor();
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      expect(pageErrors).toEqual([]);
    });
  },
);
