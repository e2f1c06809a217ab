import cliProgress from 'cli-progress';
import type { DownloadProgress } from '../market-data/price-data-service.js';

/** Where the CLI writes text: process.stdout/stderr, or a collector in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressReporter {
  update(progress: DownloadProgress): void;
  stop(): void;
}

/**
 * Per-symbol download progress: a redrawn bar on a terminal; one plain line per symbol otherwise,
 * since a redrawn bar turns into garbage in a log file or a CI console.
 */
export function createProgressReporter(sink: TextSink): ProgressReporter {
  return sink.isTTY === true ? terminalBar(sink) : plainLines(sink);
}

function plainLines(sink: TextSink): ProgressReporter {
  return {
    update({ done, total, symbol, ok }) {
      const width = String(total).length;
      sink.write(`[${String(done).padStart(width)}/${total}] ${symbol} ${ok ? 'ok' : 'failed'}\n`);
    },
    stop() {},
  };
}

function terminalBar(sink: TextSink): ProgressReporter {
  const bar = new cliProgress.SingleBar(
    {
      // Only a real terminal reports isTTY, and cli-progress needs its cursor methods.
      stream: sink as NodeJS.WritableStream,
      format: 'downloading [{bar}] {value}/{total} symbols | {symbol}',
      hideCursor: true,
      clearOnComplete: false,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update({ done, total, symbol, ok }) {
      const payload = { symbol: ok ? symbol : `${symbol} (failed)` };
      if (!started) {
        bar.start(total, done, payload);
        started = true;
      } else {
        bar.update(done, payload);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
