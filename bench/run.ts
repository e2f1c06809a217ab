/**
 * `npm run bench [-- --quick] [-- <name>...]`: runs every bench/*.bench.ts module in turn (or
 * those whose file name contains one of the given names). A failing module is reported and
 * skipped: benchmarks measure, they never fail a build.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isQuick, record, recordedResults, RESULTS_FILE, saveResults, type BenchContext } from './report.js';

interface BenchModule {
  run(ctx: BenchContext): Promise<void>;
}

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const filters = args.filter((arg) => !arg.startsWith('--'));
const quick = isQuick(args);

const files = readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();

console.log(`bench: ${files.length} module(s)${quick ? ', quick' : ''}: ${files.join(', ')}`);
for (const file of files) {
  const started = Date.now();
  console.log(`\n== ${file}`);
  try {
    const module = (await import(pathToFileURL(join(benchDir, file)).href)) as Partial<BenchModule>;
    if (typeof module.run !== 'function') {
      console.log(`bench: ${file} exports no run(ctx); skipped`);
      continue;
    }
    await module.run({ quick, record });
  } catch (error) {
    console.log(
      `bench: ${file} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  }
  saveResults();
  console.log(`== ${file} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
saveResults();
console.log(`\nbench: ${recordedResults().length} figure(s) written to ${RESULTS_FILE}`);
