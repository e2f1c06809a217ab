/**
 * How benchmarks report: each figure goes to stdout as `BENCH <name> <value> <unit>` and into
 * bench-results.json, so runs can be compared by eye and by script.
 */
import { writeFileSync } from 'node:fs';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** What was measured: database, data size, repetitions. */
  note: string;
}

export type RecordFn = (name: string, value: number, unit: string, note?: string) => void;

/** What `bench/run.ts` hands each `*.bench.ts` module's `run`. */
export interface BenchContext {
  /** `--quick`: fewer repetitions and smaller data, for a look in under a minute. */
  quick: boolean;
  record: RecordFn;
}

export const RESULTS_FILE = 'bench-results.json';

const results: BenchResult[] = [];

/** Prints one figure and keeps it for bench-results.json. */
export const record: RecordFn = (name, value, unit, note = '') => {
  const rounded = roundForDisplay(value);
  console.log(`BENCH ${name} ${rounded} ${unit}`);
  results.push({ name, value: rounded, unit, note });
};

/** Everything recorded so far, in order. */
export function recordedResults(): readonly BenchResult[] {
  return results;
}

/** Writes every figure recorded so far (the whole file, each time, so a crash keeps what was measured). */
export function saveResults(path: string = RESULTS_FILE): void {
  writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
}

/** The middle value (mean of the two middle ones for an even count); robust to a noisy machine. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] as number;
  return sorted.length % 2 === 1 ? upper : (upper + (sorted[middle - 1] as number)) / 2;
}

export function isQuick(argv: readonly string[] = process.argv.slice(2)): boolean {
  return argv.includes('--quick');
}

/** Milliseconds `work` took, from a monotonic clock. */
export async function timeMs(work: () => Promise<unknown> | unknown): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Three significant digits, but never rounding away whole units: 52341.7 -> 52342, 3.14159 -> 3.14. */
function roundForDisplay(value: number): number {
  if (!Number.isFinite(value) || value === 0) return value;
  if (Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}
