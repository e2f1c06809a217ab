/**
 * `ai-trader simulate | status | results | leaderboard`: clients of a running server's HTTP API, so
 * the CLI sees exactly what any other client sees.
 */
import type { Command } from 'commander';
import type { JobStatusResponse, TriggerResponse } from '../../http/contract/simulate.js';
import type { LeaderboardResponse, ResultsResponse } from '../../http/contract/results.js';
import { ConfigError, type AppConfig } from '../../config/app-config.js';
import { DEFAULT_CONFIG_PATH, loadConfigFile } from '../../config/load-config.js';
import { CliError, usageError } from '../cli-error.js';
import { followJob } from '../follow-job.js';
import { printJobStatus } from '../job-report.js';
import type { CliContext, CommandModule } from '../context.js';
import { formatLeaderboard, formatResults } from '../tables.js';
import { formatCostEstimate } from '../cost-estimate.js';
import { parseDateOption, parseMarketOption, parseModelsOption, parseRepeatsOption } from '../options.js';
import type { MarketId } from '../../core/markets/market.js';
import { asCli, clientFor } from '../server-client.js';

export const simulateCommands: CommandModule = {
  register(program: Command, ctx: CliContext) {
    const serverOption = [
      '--server <url>',
      'server URL (default: http://HOST:PORT from the environment)',
    ] as const;
    const marketOption = [
      '--market <market>',
      "us | cn | crypto: that market's results (default: the job's with --job, else the server's)",
      parseMarketOption,
    ] as const;

    program
      .command('simulate')
      .description('trigger a simulation on a running server, follow its progress and print the leaderboard')
      .option(
        '--start <date>',
        'first date (YYYY-MM-DD); omit to resume each model after its last day',
        parseDateOption,
      )
      .option(
        '--end <date>',
        "last date (YYYY-MM-DD); without --start and --end, the config file's date_range",
        parseDateOption,
      )
      .option(
        '--models <list>',
        'comma-separated model signatures (default: every enabled model)',
        parseModelsOption,
      )
      .option('--replace-existing', 're-run model-days that already completed')
      .option(
        '--market <market>',
        "market to trade: us, cn or crypto (default: the config's)",
        parseMarketOption,
      )
      .option(
        '--repeats <k>',
        'independent runs (portfolios) per model over the same sessions, each with its own seed (default 1)',
        parseRepeatsOption,
      )
      .option('--no-follow', 'return right after the job is created')
      .option(
        '--estimate-cost',
        "print the job's estimated tokens and dollars, from the models' recorded usage per model-day",
      )
      .option(...serverOption)
      .action(
        async (opts: {
          start?: string;
          end?: string;
          models?: string[];
          replaceExisting?: boolean;
          market?: MarketId;
          follow: boolean;
          estimateCost?: boolean;
          repeats?: number;
          server?: string;
        }) => {
          const range = simulationRange(ctx, opts);
          const client = clientFor(ctx, opts.server);
          const created = await asCli(() =>
            client.post<TriggerResponse>('/simulate/trigger', {
              start_date: range.start,
              end_date: range.end,
              ...(opts.models ? { models: opts.models } : {}),
              replace_existing: opts.replaceExisting === true,
              ...(opts.market ? { market: opts.market } : {}),
              ...(opts.estimateCost ? { estimate_cost: true } : {}),
              ...(opts.repeats === undefined ? {} : { repeats: opts.repeats }),
            }),
          );
          ctx.stdout.write(`${created.message} (job ${created.job_id})\n`);
          for (const w of created.warnings ?? []) ctx.stdout.write(`warning: ${w}\n`);
          if (created.cost_estimate) ctx.stdout.write(`${formatCostEstimate(created.cost_estimate)}\n`);
          if (!opts.follow) return;
          const final = await asCli(() => followJob(client, created.job_id, ctx.stderr));
          printJobStatus(ctx.stdout, final);
          const board = await asCli(() =>
            client.get<LeaderboardResponse>('/results/leaderboard', {
              job_id: created.job_id,
              evidence: 'true',
            }),
          );
          ctx.stdout.write(`${formatLeaderboard(board)}\n`);
          if (final.status === 'failed')
            throw new CliError(`job ${final.job_id} failed: ${final.error ?? 'see warnings'}`);
        },
      );

    program
      .command('status <job_id>')
      .description("show a job's status and progress")
      .option('--json', 'print the raw JSON')
      .option(...serverOption)
      .action(async (jobId: string, opts: { json?: boolean; server?: string }) => {
        const status = await asCli(() =>
          clientFor(ctx, opts.server).get<JobStatusResponse>(`/simulate/status/${encodeURIComponent(jobId)}`),
        );
        if (opts.json) ctx.stdout.write(`${JSON.stringify(status, null, 2)}\n`);
        else printJobStatus(ctx.stdout, status);
      });

    program
      .command('results')
      .description('show results (GET /results): one date per model-day, or a range per model')
      .option('--start <date>', 'first date', parseDateOption)
      .option('--end <date>', 'last date', parseDateOption)
      .option('--model <signature>', 'only this model')
      .option('--job <job_id>', 'only this job')
      .option(...marketOption)
      .option('--reasoning <level>', 'none | summary | full', 'none')
      .option('--json', 'print the raw JSON')
      .option(...serverOption)
      .action(
        async (opts: {
          start?: string;
          end?: string;
          model?: string;
          job?: string;
          market?: MarketId;
          reasoning: string;
          json?: boolean;
          server?: string;
        }) => {
          const body = await asCli(() =>
            clientFor(ctx, opts.server).get<ResultsResponse>('/results', {
              start_date: opts.start,
              end_date: opts.end,
              model: opts.model,
              job_id: opts.job,
              market: opts.market,
              reasoning: opts.reasoning,
            }),
          );
          if (opts.json) {
            ctx.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
            return;
          }
          ctx.stdout.write(`${formatResults(body)}\n`);
        },
      );

    program
      .command('leaderboard')
      .description(
        "rank models by return over a period, next to their market's benchmark (QQQ, SSE-50 index, CD5)",
      )
      .option('--start <date>', 'first date', parseDateOption)
      .option('--end <date>', 'last date', parseDateOption)
      .option('--model <signature>', 'only this model (the benchmark then spans its dates)')
      .option('--job <job_id>', "only this job's own days, including those a later run superseded")
      .option(...marketOption)
      .option('--no-evidence', 'leave out the 95% intervals, the verdicts and the cost of the evidence')
      .option(...serverOption)
      .action(
        async (opts: {
          start?: string;
          end?: string;
          model?: string;
          job?: string;
          market?: MarketId;
          evidence: boolean;
          server?: string;
        }) => {
          const board = await asCli(() =>
            clientFor(ctx, opts.server).get<LeaderboardResponse>('/results/leaderboard', {
              start_date: opts.start,
              end_date: opts.end,
              model: opts.model,
              job_id: opts.job,
              market: opts.market,
              ...(opts.evidence ? { evidence: 'true' } : {}),
            }),
          );
          ctx.stdout.write(`${formatLeaderboard(board)}\n`);
        },
      );
  },
};

/**
 * The dates to simulate: as given; or, without --start and --end, the config file's `date_range`
 * (the original server's files carry one), so its users' habit of configuring the range keeps working.
 */
function simulationRange(
  ctx: CliContext,
  opts: { start?: string; end?: string },
): { start: string | null; end: string } {
  if (opts.end !== undefined) return { start: opts.start ?? null, end: opts.end };
  if (opts.start !== undefined) throw usageError('--start needs --end');
  const path = ctx.env().CONFIG_PATH ?? DEFAULT_CONFIG_PATH;
  let range: AppConfig['date_range'];
  try {
    range = loadConfigFile(path).date_range;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    throw usageError(`--end is required (the config file could not supply date_range: ${error.message})`);
  }
  if (range === undefined) throw usageError(`--end is required (or set date_range in ${path})`);
  ctx.stdout.write(`Dates from date_range in ${path}: ${range.init_date} to ${range.end_date}\n`);
  return { start: range.init_date, end: range.end_date };
}
