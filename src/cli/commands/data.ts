/**
 * `ai-trader data ...`: download, import, inspect and generate price data. Each action reads its
 * options, calls the price-data application functions and prints their results.
 */
import type { Command } from 'commander';
import { createPriceDataService, createPriceHistoryProvider, storeDemoPrices } from '../../app/price-data.js';
import { isDevMode } from '../../config/env.js';
import { todayUtc } from '../../core/dates.js';
import { newWorkerIdentity } from '../../jobs/leases.js';
import { defaultCoverageRange, describeCoverage } from '../../market-data/coverage-report.js';
import { DEMO_DISCLAIMER, defaultDemoRange } from '../../market-data/demo/demo-dataset.js';
import { ImportError } from '../../market-data/import/import-error.js';
import { importPriceFile } from '../../market-data/import/price-import.js';
import { FILE_NAME_TICKER_RULE } from '../../market-data/import/ticker.js';
import type { PriceSource } from '../../market-data/price-store.js';
import { KyselyPriceStore, REAL_PRICES_ONLY } from '../../store/kysely-price-store.js';
import { KyselyDownloadClaims } from '../../store/kysely-download-claims.js';
import { KyselyPaceLedger } from '../../store/kysely-pace-ledger.js';
import { openDatabase, type OpenDatabase } from '../../store/open-database.js';
import { CliError } from '../cli-error.js';
import type { CliContext, CommandModule } from '../context.js';
import { parseDateOption, parseMarketOption, parseSymbolsOption, parseTickerOption } from '../options.js';
import {
  chooseDataDatabase,
  databaseLine,
  syntheticPricesWarning,
  type DataDatabase,
  type DataDatabaseRequest,
} from './data-database.js';
import {
  announceMarket,
  checkedRange,
  MARKET_HELP,
  MARKET_OPTION,
  symbolsFor,
  type MarketOption,
} from './data-market.js';
import { describeRange, printCoverage, printDownloadReport, printImportedFile } from './data-reports.js';
import { createProgressReporter } from '../progress.js';

export const NO_PROVIDER_MESSAGE =
  'no price data provider is configured: set ALPHAADVANTAGE_API_KEY to download real prices, ' +
  'or store saved files with `ai-trader data import`. PROD jobs never use synthetic prices: ' +
  '`ai-trader data demo` stores them for DEV mode (DEPLOYMENT_MODE=DEV) and `ai-trader demo`';

/**
 * Chooses the command's database (see `chooseDataDatabase`) and names it on the first line of
 * output, before anything can fail, so even an unreachable database is named (its password masked).
 */
function announceDatabase(
  ctx: CliContext,
  opts: DatabaseOption,
  request: Omit<DataDatabaseRequest, 'explicit'> = {},
): DataDatabase {
  const database = chooseDataDatabase(ctx.env(), { explicit: opts.database, ...request });
  ctx.stdout.write(`${databaseLine(database)}\n`);
  return database;
}

/**
 * Runs `work` on the price store of `database`: unfiltered, so the CLI shows everything stored
 * (synthetic too), unless `asJobsSee` asks for the view the deployment mode's jobs have (PROD: real
 * prices only).
 */
async function withPriceStore<T>(
  ctx: CliContext,
  database: DataDatabase,
  work: (store: KyselyPriceStore, opened: OpenDatabase) => Promise<T>,
  opts: { asJobsSee?: boolean } = {},
): Promise<T> {
  const opened = await openDatabase(database.url, { defaultPath: database.defaultPath });
  try {
    const hideSynthetic = opts.asJobsSee === true && !isDevMode(ctx.env());
    return await work(new KyselyPriceStore(opened.db, hideSynthetic ? REAL_PRICES_ONLY : {}), opened);
  } finally {
    await opened.close();
  }
}

interface DatabaseOption {
  database?: string;
}

interface RangeOptions extends DatabaseOption, MarketOption {
  start?: string;
  end?: string;
}

const SYMBOLS_HELP = 'comma-separated symbols of the market instead of its universe and benchmark';

const DATABASE_OPTION = '--database <url>';
const DATABASE_HELP =
  'work on this database (a SQLite path or a URL, as DATABASE_URL takes) instead of the one ' +
  'DATABASE_URL and DEPLOYMENT_MODE select; used as given';

export const dataCommands: CommandModule = {
  register(program: Command, ctx: CliContext): void {
    const data = program.command('data').description('Price data: download, import, inspect, demo.');

    data
      .command('download')
      .description(
        "Download the daily bars missing for a market's universe and benchmark (or the given symbols).",
      )
      .requiredOption('--start <date>', 'first date, YYYY-MM-DD', parseDateOption)
      .requiredOption('--end <date>', 'last date, YYYY-MM-DD', parseDateOption)
      .option(MARKET_OPTION, MARKET_HELP, parseMarketOption)
      .option('--symbols <list>', SYMBOLS_HELP, parseSymbolsOption)
      .option(DATABASE_OPTION, DATABASE_HELP)
      .action((opts: DownloadOptions) => download(ctx, opts));

    data
      .command('import')
      .description(
        "Store daily bars from files of any market: CSV, saved Alpha Vantage answers, the benchmark's JSON Lines.",
      )
      .argument('<file...>', 'files to import')
      .option(
        '--symbol <ticker>',
        'the symbol of a CSV when neither its content nor its name says ' +
          `(${FILE_NAME_TICKER_RULE}); from a file of several symbols, only this one`,
        parseTickerOption,
      )
      .option(DATABASE_OPTION, DATABASE_HELP)
      .action((files: string[], opts: ImportOptions) => importFiles(ctx, files, opts));

    data
      .command('coverage')
      .description('Show, per symbol, what is stored for a date range (default: the last 30 days).')
      .option('--start <date>', 'first date, YYYY-MM-DD', parseDateOption)
      .option('--end <date>', 'last date, YYYY-MM-DD', parseDateOption)
      .option(MARKET_OPTION, MARKET_HELP, parseMarketOption)
      .option('--symbols <list>', SYMBOLS_HELP, parseSymbolsOption)
      .option(DATABASE_OPTION, DATABASE_HELP)
      .action((opts: RangeOptions & { symbols?: string[] }) => coverage(ctx, opts));

    data
      .command('demo')
      .description(
        'Generate and store the synthetic demo prices (default: about the last six months) in the DEV ' +
          'database, the one DEPLOYMENT_MODE=DEV and `ai-trader demo` use; PROD jobs never read them.',
      )
      .option('--start <date>', 'first date, YYYY-MM-DD', parseDateOption)
      .option('--end <date>', 'last date, YYYY-MM-DD', parseDateOption)
      .option(MARKET_OPTION, MARKET_HELP, parseMarketOption)
      .option(
        DATABASE_OPTION,
        'store into this database (a SQLite path or a URL) instead of the DEV one; used as given',
      )
      .action((opts: RangeOptions) => demo(ctx, opts));
  },
};

interface DownloadOptions extends DatabaseOption, MarketOption {
  start: string;
  end: string;
  symbols?: string[];
}

interface ImportOptions extends DatabaseOption {
  symbol?: string;
}

async function download(ctx: CliContext, opts: DownloadOptions): Promise<void> {
  const database = announceDatabase(ctx, opts);
  const market = announceMarket(ctx, opts);
  const range = checkedRange(opts.start, opts.end, market);
  const symbols = symbolsFor(market, opts.symbols);
  const logger = ctx.logger();
  if (createPriceHistoryProvider(ctx.env(), { now: ctx.now, logger }) === undefined)
    throw new CliError(NO_PROVIDER_MESSAGE);
  let source: PriceSource = 'alphavantage';

  // Judged as jobs judge it: in PROD a session with only a synthetic bar is missing, and the real
  // bar downloaded for it replaces the synthetic one. Beside running servers, it takes its turn at
  // each symbol and at Alpha Vantage's pace as they do (both are kept in the database).
  const report = await withPriceStore(
    ctx,
    database,
    async (store, opened) => {
      const owner = newWorkerIdentity().id;
      const provider = createPriceHistoryProvider(ctx.env(), {
        now: ctx.now,
        logger,
        paceLedger: (windowMs) =>
          new KyselyPaceLedger(opened.db, opened.kind, { provider: 'alphavantage', owner, windowMs }),
      }) as NonNullable<ReturnType<typeof createPriceHistoryProvider>>;
      source = provider.source;
      const claims = new KyselyDownloadClaims(opened.db, {
        owner,
        leaseMs: ctx.env().WORKER_LEASE_SECONDS * 1000,
        now: ctx.now,
      });
      const service = createPriceDataService({ store, provider, now: ctx.now, logger, claims });
      const progress = createProgressReporter(ctx.stderr);
      try {
        return await service.download(market, symbols, range.start, range.end, (p) => progress.update(p));
      } finally {
        progress.stop();
      }
    },
    { asJobsSee: true },
  );
  printDownloadReport(ctx.stdout, report, { range, market, symbols: symbols.length, source });
  if (report.needed.length > 0 && report.downloaded.length === 0) {
    throw new CliError(`none of the ${report.needed.length} symbols that needed prices could be downloaded`);
  }
}

async function importFiles(ctx: CliContext, files: string[], opts: ImportOptions): Promise<void> {
  const database = announceDatabase(ctx, opts);
  const failures = await withPriceStore(ctx, database, async (store) => {
    let failed = 0;
    for (const path of files) {
      try {
        printImportedFile(ctx.stdout, await importPriceFile({ store, now: ctx.now }, path, opts.symbol));
      } catch (error) {
        if (!(error instanceof ImportError)) throw error;
        ctx.stderr.write(`error: ${error.message}\n`);
        failed += 1;
      }
    }
    return failed;
  });
  if (failures > 0) throw new CliError(`${failures} of ${files.length} files could not be imported`);
}

async function coverage(ctx: CliContext, opts: RangeOptions & { symbols?: string[] }): Promise<void> {
  const database = announceDatabase(ctx, opts);
  const market = announceMarket(ctx, opts);
  const fallback = defaultCoverageRange(todayUtc(ctx.now()));
  const range = checkedRange(opts.start ?? fallback.start, opts.end ?? fallback.end, market);
  const symbols = symbolsFor(market, opts.symbols);
  const summary = await withPriceStore(ctx, database, (store) =>
    describeCoverage(
      { store, service: createPriceDataService({ store, provider: undefined, now: ctx.now }) },
      market,
      symbols,
      range,
    ),
  );
  printCoverage(ctx.stdout, summary, market);
}

async function demo(ctx: CliContext, opts: RangeOptions): Promise<void> {
  const database = announceDatabase(ctx, opts, { synthetic: true });
  const market = announceMarket(ctx, opts);
  const fallback = defaultDemoRange(todayUtc(ctx.now()), market);
  const range = checkedRange(opts.start ?? fallback.start, opts.end ?? fallback.end, market);
  // Said before storing: the bars are of no use there whether or not the rest succeeds.
  const warning = syntheticPricesWarning(database, ctx.env());
  if (warning !== undefined) ctx.stderr.write(`warning: ${warning}\n`);
  const symbols = symbolsFor(market, undefined);
  const report = await withPriceStore(ctx, database, (store) =>
    storeDemoPrices({ store, now: ctx.now, logger: ctx.logger() }, market, range, symbols),
  );
  const span = describeRange(range, market);
  ctx.stdout.write(
    report.barsStored > 0
      ? `Stored ${report.barsStored} synthetic bars for ${report.downloaded.length} symbols, ${span}, ` +
          `in ${database.description}.\n`
      : `Synthetic prices for ${symbols.length} symbols, ${span}, were already stored in ` +
          `${database.description}; nothing generated.\n`,
  );
  ctx.stdout.write(
    'PROD jobs never read synthetic prices: they are for DEV mode (DEPLOYMENT_MODE=DEV) and `ai-trader demo`.\n',
  );
  ctx.stdout.write(`${DEMO_DISCLAIMER}\n`);
}
