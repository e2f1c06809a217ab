import { createHash } from 'node:crypto';
import { resolve, sep } from 'node:path';
import { isIsoDate } from '../core/dates.js';
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

  /**
   * `<dir>/<signature as a file name>/<date>.json`. Distinct signatures get distinct folders (see
   * `signatureFolder`), and the path is checked to stay inside the directory whatever it was given.
   */
  pathFor(signature: string, date: string): string {
    if (!isIsoDate(date))
      throw new RangeError(`a cassette's date must be YYYY-MM-DD, got ${JSON.stringify(date)}`);
    if (signature === '') throw new RangeError('a cassette needs a model signature');
    const root = resolve(this.dir);
    const path = resolve(root, signatureFolder(signature), `${date}.json`);
    if (!path.startsWith(root + sep)) {
      throw new RangeError(`the cassette of ${JSON.stringify(signature)} would be outside LLM_CASSETTE_DIR`);
    }
    return path;
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

/** Longest folder name kept as it is; longer ones are cut and told apart by a hash. */
const MAX_FOLDER_CHARS = 200;

/**
 * A signature as a folder name, one-to-one: letters, digits, `_` and `-` stay, so do dots after the
 * first character (`gpt-4.1`); every other character is escaped, `%` included (each byte of its
 * UTF-8 as `%XX`, a lone surrogate, which has no UTF-8, as `%uXXXX`), so no two signatures share a
 * folder (`a:b` is `a%3Ab`, `a_b` stays) and none is `.`, `..` or holds a separator (`..` is
 * `%2E.`). A name too long for a file system is cut and suffixed with the SHA-256 of the signature
 * after `~`, a character the escaping never leaves bare.
 */
export function signatureFolder(signature: string): string {
  const name = [...signature]
    .map((char, index) =>
      /^[A-Za-z0-9_-]$/.test(char) || (char === '.' && index > 0) ? char : escaped(char),
    )
    .join('');
  if (name.length <= MAX_FOLDER_CHARS) return name;
  // UTF-16 code units, so that a lone surrogate and U+FFFD hash apart too.
  const hash = createHash('sha256').update(Buffer.from(signature, 'utf16le')).digest('hex');
  return `${name.slice(0, MAX_FOLDER_CHARS - 65)}~${hash}`;
}

function escaped(char: string): string {
  const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0');
  if (/^[\uD800-\uDFFF]$/.test(char)) return `%u${hex(char.charCodeAt(0), 4)}`;
  return [...Buffer.from(char, 'utf8')].map((byte) => `%${hex(byte, 2)}`).join('');
}
