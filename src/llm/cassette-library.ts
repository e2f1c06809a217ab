import { join } from 'node:path';
import { loadCassette, saveCassette } from './cassette.js';
import { ProviderError, type LlmProvider } from './provider.js';
import { RecordingProvider } from './recording-provider.js';
import { ReplayProvider } from './replay-provider.js';

export type CassetteMode = 'record' | 'replay';

export interface CassetteSession {
  provider: LlmProvider;
  /** Called once the model-day has committed: a recording is saved only for a day that counts. */
  finish(): Promise<void>;
}

/**
 * One cassette per model-day under `<dir>/<signature>/<date>.json`. Recording wraps the live provider;
 * replaying answers from the file and never touches the network, so a run can be reproduced at no cost.
 */
export class CassetteLibrary {
  constructor(
    readonly dir: string,
    readonly mode: CassetteMode,
  ) {}

  pathFor(signature: string, date: string): string {
    return join(this.dir, signature.replace(/[^A-Za-z0-9._-]/g, '_'), `${date}.json`);
  }

  async open(signature: string, date: string, live: LlmProvider): Promise<CassetteSession> {
    const path = this.pathFor(signature, date);
    if (this.mode === 'replay') {
      let cassette;
      try {
        cassette = await loadCassette(path);
      } catch (error) {
        throw new ProviderError(
          'replay_exhausted',
          `no usable cassette for ${signature} on ${date} at ${path}: ${(error as Error).message}`,
          {
            retryable: false,
          },
        );
      }
      return { provider: new ReplayProvider(cassette), finish: async () => {} };
    }
    const recorder = new RecordingProvider(live);
    return { provider: recorder, finish: () => saveCassette(path, recorder.cassette()) };
  }
}
