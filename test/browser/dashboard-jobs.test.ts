/**
 * The dashboard's Jobs page in Chromium against a real server (fake LLM and Alpha Vantage on
 * 127.0.0.1) that sets API_TOKEN: the trigger form asks for the token, shows the API's refusals
 * where they belong, starts a job whose progress advances on the open page, and cancels a job.
 * The fake LLM holds the model-days of chosen dates until the test lets them go, so "advances
 * live" is seen step by step, not timed.
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeRequestBody } from '../fakes/fake-openai.js';
import { buyAndFinish, startTestServer, type TestServer } from '../helpers/http-server.js';
import { artifactPath } from './artifacts.js';
import { launchChromium } from './chromium.js';

const launch = await launchChromium();
const title = 'the Jobs page in Chromium, against a server with API_TOKEN';
const TOKEN = 'browser-test-token';

/** Model-days of held dates wait in the fake LLM until `release`. */
class DateGate {
  private readonly held = new Set<string>();
  private waiting: (() => void)[] = [];
  hold(...dates: string[]): void {
    for (const date of dates) this.held.add(date);
  }
  release(): void {
    this.held.clear();
    for (const resume of this.waiting.splice(0)) resume();
  }
  async pass(body: FakeRequestBody): Promise<void> {
    const conversation = JSON.stringify(body.messages);
    if ([...this.held].some((date) => conversation.includes(`Today is ${date}`))) {
      await new Promise<void>((resume) => this.waiting.push(resume));
    }
  }
}

/** Waits for what the page shows, up to `timeout` (polling runs every 2 s, so allow a few rounds). */
async function until<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  what: string,
  timeout = 20_000,
) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`Waited for ${what}; last seen: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(launch.browser === null)(
  launch.problem === null ? title : `${title} (skipped: ${launch.problem})`,
  () => {
    const browser = launch.browser!;
    const gate = new DateGate();
    let server: TestServer;
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      const model = buyAndFinish();
      const gated = async (body: FakeRequestBody, index: number, request: Parameters<typeof model>[2]) => {
        await gate.pass(body);
        return model(body, index, request);
      };
      server = await startTestServer({ env: { API_TOKEN: TOKEN }, scripts: { alpha: gated, beta: gated } });
      context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
    }, 60_000);

    // A failed test must not leave model-days held for the next one.
    afterEach(() => gate.release());

    afterAll(async () => {
      gate.release();
      await context?.close();
      await browser.close();
      await server?.close();
    });

    /** What the API itself answers to a trigger body (with the token). */
    const apiAnswer = (body: Record<string, unknown>) =>
      server.trigger(body, { authorization: `Bearer ${TOKEN}` }).then((res) => res.body['detail']);

    const progress = (): Locator => page.locator('[data-testid=job-progress]');
    /** Read in one go: the page may update between separate reads. */
    const progressState = () =>
      progress().evaluate((element) => ({
        status: element.getAttribute('data-status'),
        done: Number(element.getAttribute('data-done')),
        total: Number(element.getAttribute('data-total')),
        running: element.querySelectorAll('td.cell-running').length,
        skipped: element.querySelectorAll('td.cell-skipped').length,
        transport: element.getAttribute('data-transport'),
      }));

    it("says when there is nothing yet, and shows the API's message when a query is refused", async () => {
      await page.goto(`${server.url}/`);
      await page.getByText('No results yet').waitFor();
      await page.goto(`${server.url}/#/?start=2025-10-10&end=2025-10-01`);
      const alert = page.getByRole('alert');
      await alert.waitFor();
      const refusal = await server.request(
        'GET',
        '/results/leaderboard?start_date=2025-10-10&end_date=2025-10-01',
      );
      expect(refusal.status).toBe(400);
      expect(await alert.textContent()).toContain(refusal.body['detail']);
      expect(await alert.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    });

    it('asks for the API token when the server answers 401, then shows the 422 next to its field', async () => {
      await page.goto(`${server.url}/#/jobs`);
      await page.getByText('No jobs yet').first().waitFor();
      await page.getByRole('button', { name: 'Start' }).click();

      const prompt = page.locator('[data-testid=token-prompt]');
      await prompt.waitFor();
      expect(await prompt.textContent()).toContain('Not authenticated');
      await page.getByLabel('API token').fill(TOKEN);
      await page.getByRole('button', { name: 'Save and retry' }).click();

      const expected = (await apiAnswer({ start_date: null, end_date: '', replace_existing: false })) as {
        loc: string[];
        msg: string;
      }[];
      expect(expected[0]?.loc).toEqual(['body', 'end_date']);
      const endDate = page.getByLabel('Last date (required)');
      await until(
        () => endDate.getAttribute('aria-invalid'),
        (v) => v === 'true',
        'the end date marked invalid',
      );
      const describedBy = (await endDate.getAttribute('aria-describedby')) ?? '';
      const message = page.locator(`[id="${describedBy.split(' ').pop()}"]`);
      expect(await message.textContent()).toBe(expected[0]?.msg);
      expect(await page.evaluate(() => sessionStorage.getItem('ai-trader.api-token'))).toBe(TOKEN);
    });

    it("shows a 400's message for the whole form in the API's words", async () => {
      await page.getByLabel('First date').fill('2025-10-01');
      await page.getByLabel('Last date (required)').fill('2025-10-02');
      await page.getByLabel('Other models (comma-separated)').fill('nope');
      await page.getByRole('button', { name: 'Start' }).click();
      const alert = page.locator('[data-testid=trigger-error]');
      await alert.waitFor();
      const expected = await apiAnswer({
        start_date: '2025-10-01',
        end_date: '2025-10-02',
        models: ['nope'],
        replace_existing: false,
      });
      expect(typeof expected).toBe('string');
      expect(await alert.textContent()).toBe(expected);
      await page.screenshot({ path: artifactPath('dashboard-trigger-refused.png'), fullPage: true });
    });

    it('starts a job whose progress advances on the open page, model-day by model-day', async () => {
      gate.hold('2025-10-02');
      await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
      await page.getByLabel('Other models (comma-separated)').fill('');
      // The form trades the market the page shows, the server's unless the header's switch says otherwise.
      expect(await page.locator('[data-testid=trigger-form]').getByLabel('Market').inputValue()).toBe('us');
      await page.getByRole('button', { name: 'Start' }).click();
      await page.locator('[data-testid=trigger-ok]').waitFor();
      await progress().waitFor();

      // The first date's two model-days finish; the second date's are held running in the LLM.
      const midway = await until(
        progressState,
        (s) => s.done === 2 && s.running === 2,
        'two model-days finished',
      );
      // Through the server's event stream (GET /simulate/status/{id}/events).
      expect(midway).toEqual({
        status: 'running',
        done: 2,
        total: 4,
        running: 2,
        skipped: 0,
        transport: 'stream',
      });
      await page.screenshot({ path: artifactPath('dashboard-job-running.png'), fullPage: true });

      gate.release();
      const end = await until(progressState, (s) => s.status === 'completed', 'the job completed');
      expect(end).toEqual({
        status: 'completed',
        done: 4,
        total: 4,
        running: 0,
        skipped: 0,
        transport: 'stream',
      });
      expect(await progress().locator('td.cell-completed').count()).toBe(4);
      // Followed on the same page all along: no reload.
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
        true,
      );
      const jobId = page.url().split('job=')[1];
      const row = page.locator(`[data-testid=job-list] tr[data-job="${jobId}"]`);
      await until(
        () => row.textContent(),
        (text) => text?.includes('completed') ?? false,
        'the job listed as completed',
      );
      expect(await row.locator('[data-field=market]').textContent()).toBe('us');
    });

    it('cancels an active job, followed by polling where the server has no event stream', async () => {
      // As on a server without the stream: its URL answers 404, so the page polls every 2 s.
      await page.route('**/simulate/status/*/events', (route) =>
        route.fulfill({ status: 404, contentType: 'application/json', body: '{"detail":"Not Found"}' }),
      );
      gate.hold('2025-10-03', '2025-10-06');
      await page.getByLabel('First date').fill('2025-10-03');
      await page.getByLabel('Last date (required)').fill('2025-10-06');
      await page.getByRole('button', { name: 'Start' }).click();
      await until(
        () => progress().locator('td.cell-running').count(),
        (n) => n > 0,
        'model-days running',
      );
      await page.getByRole('button', { name: 'Cancel job' }).click();
      await page.getByText('Cancel requested').waitFor();
      gate.release();
      const end = await until(
        progressState,
        (s) => s.status === 'partial' || s.status === 'failed',
        'the job ended',
      );
      expect(end.done).toBe(end.total);
      expect(end.skipped).toBeGreaterThan(0);
      expect(end.transport).toBe('polling');
      expect(await progress().textContent()).toContain('Cancelled by user');
      await page.screenshot({ path: artifactPath('dashboard-job-cancelled.png'), fullPage: true });
    });
  },
);
