/**
 * `ai-trader demo`: the main job on the embedded default. Starts the server in DEV mode on SQLite
 * with the synthetic dataset (offline, no keys), triggers a simulation of the mock models over the
 * last month through the HTTP API, follows it, prints the leaderboard, and keeps serving.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createLogger } from '../../app/logger.js';
import { devStrategyFor } from '../../app/providers.js';
import { marketById, US_MARKET, type Market, type MarketId } from '../../core/markets/index.js';
import { describeMarket } from '../../core/markets/rules-text.js';
import { addDays, todayUtc } from '../../core/dates.js';
import { dashboardIsBuilt } from '../../http/dashboard.js';
import { startServer, type RunningServer } from '../../http/server.js';
import type { JobStatusResponse } from '../../http/contract/simulate.js';
import { DEMO_DISCLAIMER } from '../../market-data/demo/demo-dataset.js';
import type { LeaderboardResponse } from '../../http/contract/results.js';
import { ApiClient, ApiError } from '../api-client.js';
import { CliError } from '../cli-error.js';
import { followJob } from '../follow-job.js';
import type { CliContext, CommandModule } from '../context.js';
import { parseMarketOption, parsePortOption, parseRepeatsOption } from '../options.js';
import { formatLeaderboard } from '../tables.js';
import { asCli } from '../server-client.js';
import { printJobStatus } from '../job-report.js';

const DEFAULT_SESSIONS = 20;

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 21)
    throw new InvalidArgumentError('Expected a whole number from 1 to 21.');
  return n;
}

/**
 * The market's last `count` complete sessions: today's bar is not final until the close, so it is
 * left out.
 */
export function demoDates(
  now: Date,
  count: number,
  market: Market = US_MARKET,
): { start: string; end: string } {
  const end = market.calendar.previousSession(todayUtc(now));
  const sessions = market.calendar.sessionsBetween(addDays(end, -60), end);
  return { start: sessions[Math.max(0, sessions.length - count)] ?? end, end };
}

export const demoCommand: CommandModule = {
  register(program: Command, ctx: CliContext) {
    program
      .command('demo')
      .description('run the offline demo: DEV-mode server, mock models, synthetic prices, a leaderboard')
      .option(
        '--port <port>',
        'port to listen on (default: PORT, else 8080; a free one if taken)',
        parsePortOption,
      )
      .option(
        '--sessions <n>',
        `trading sessions to simulate (default ${DEFAULT_SESSIONS})`,
        parseCount,
        DEFAULT_SESSIONS,
      )
      .option(
        '--market <market>',
        "market to trade: us, cn or crypto (default: the config's)",
        parseMarketOption,
      )
      .option(
        '--repeats <k>',
        'runs per mock model, each with its own seed: the evidence then draws its intervals over runs',
        parseRepeatsOption,
      )
      .option('--exit', 'stop after printing the leaderboard instead of serving until Ctrl-C')
      .action(
        async (opts: {
          port?: number;
          sessions: number;
          market?: MarketId;
          repeats?: number;
          exit?: boolean;
        }) => {
          // The demo is offline by design: mock models and synthetic prices, whatever keys are set.
          const env = {
            ...ctx.env(),
            DEPLOYMENT_MODE: 'DEV' as const,
            ALPHAADVANTAGE_API_KEY: undefined,
            JINA_API_KEY: undefined,
          };
          const logger = createLogger(
            { LOG_LEVEL: env.LOG_LEVEL === 'info' ? 'warn' : env.LOG_LEVEL },
            { name: 'ai-trader', destination: { write: (line: string) => void ctx.stderr.write(line) } },
          );
          const server = await listen(env, logger, opts.port, ctx);
          // First, so it can be opened while the job runs: the dashboard follows it live.
          ctx.stdout.write(`${dashboardLine(server.url)}\n`);
          try {
            await runDemo(server, ctx, opts.sessions, opts.market, opts.repeats ?? 1);
          } catch (error) {
            await server.close();
            throw error;
          }
          if (opts.exit) {
            await server.close();
            return;
          }
          ctx.stdout.write('\nServing until Ctrl-C.\n');
          await new Promise<void>((resolve) => {
            const stop = (): void => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
          });
          ctx.stdout.write('\nShutting down...\n');
          await server.close();
        },
      );
  },
};

/** Where to look; `npm run demo` builds the dashboard first, `npm run cli -- demo` may not have. */
export function dashboardLine(url: string): string {
  const built = dashboardIsBuilt() ? '' : ' (not built yet: run npm run build to see it)';
  return `Dashboard: ${url}/${built}`;
}

async function listen(
  env: Parameters<typeof startServer>[0]['env'],
  logger: ReturnType<typeof createLogger>,
  port: number | undefined,
  ctx: CliContext,
): Promise<RunningServer> {
  try {
    return await startServer({ env, logger, ...(port === undefined ? {} : { port }) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port !== undefined) throw error;
    ctx.stderr.write(`port ${env.PORT} is in use; using a free port instead\n`);
    return startServer({ env, logger, port: 0 });
  }
}

async function runDemo(
  server: RunningServer,
  ctx: CliContext,
  sessions: number,
  marketId: MarketId | undefined,
  repeats: number,
): Promise<void> {
  const client = new ApiClient({
    baseUrl: server.url,
    ...(server.container.env.API_TOKEN ? { token: server.container.env.API_TOKEN } : {}),
  });
  const market = marketById(marketId ?? server.container.config.market);
  const { start, end } = demoDates(ctx.now(), sessions, market);
  const models = server.container.config.models.filter((m) => m.enabled);
  const runs = repeats > 1 ? `, ${repeats} runs each` : '';
  ctx.stdout.write(
    `AI-Trader demo: ${models.length} mock models${runs} trade ${start} to ${end} in ${describeMarket(market)} (DEV mode, offline).\n`,
  );
  ctx.stdout.write(
    `Players: ${models.map((m) => `${m.signature} = mock ${devStrategyFor(m)}`).join(', ')}\n`,
  );
  ctx.stdout.write(`${DEMO_DISCLAIMER}\n\n`);

  let jobId: string | undefined;
  try {
    const created = await client.post<{ job_id: string; message: string }>('/simulate/trigger', {
      start_date: start,
      end_date: end,
      market: market.id,
      ...(repeats > 1 ? { repeats } : {}),
    });
    jobId = created.job_id;
    ctx.stdout.write(`${created.message} (job ${created.job_id})\n`);
  } catch (error) {
    // With PRESERVE_DEV_DATA a second demo finds its days done: show them rather than fail.
    if (!(
      error instanceof ApiError && error.message.startsWith('All requested simulations are already completed')
    )) {
      throw error instanceof ApiError ? new CliError(error.message) : error;
    }
    ctx.stdout.write('These days were simulated before (PRESERVE_DEV_DATA); showing the stored results.\n');
  }
  if (jobId) {
    const final: JobStatusResponse = await asCli(() => followJob(client, jobId, ctx.stderr));
    printJobStatus(ctx.stdout, final);
  }
  const board = await asCli(() =>
    client.get<LeaderboardResponse>('/results/leaderboard', {
      start_date: start,
      end_date: end,
      market: market.id,
      evidence: 'true',
    }),
  );
  ctx.stdout.write(`\n${formatLeaderboard(board)}\n`);
  ctx.stdout.write(
    `(mock strategies on synthetic prices: a demo of the arena, not a verdict on any model;\n cost = the mocks' estimated tokens at each model's list price)\n\n`,
  );
  ctx.stdout.write(
    `Dashboard: ${server.url}/\nAPI docs: ${server.url}/docs\nResults: ${server.url}/results?start_date=${start}&end_date=${end}&market=${market.id}\n`,
  );
}
