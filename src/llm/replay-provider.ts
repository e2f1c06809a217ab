import {
  canonicalJson,
  jsonCopy,
  requestFingerprint,
  type Cassette,
  type RecordedRequest,
} from './cassette.js';
import {
  ProviderError,
  type CompletionRequest,
  type CompletionResponse,
  type LlmProvider,
} from './provider.js';
import { abortedError } from './retry.js';

export interface ReplayOptions {
  /** Refuse a request whose messages or tools differ from the recording (default true). */
  strict?: boolean;
}

/** Answers from a cassette, in recorded order, without touching the network. */
export class ReplayProvider implements LlmProvider {
  readonly modelId: string;
  private readonly cassette: Cassette;
  private readonly strict: boolean;
  private cursor = 0;

  constructor(cassette: Cassette, options: ReplayOptions = {}) {
    this.cassette = jsonCopy(cassette);
    this.modelId = cassette.modelId;
    this.strict = options.strict ?? true;
  }

  /** Interactions answered so far. */
  get position(): number {
    return this.cursor;
  }

  get remaining(): number {
    return this.cassette.interactions.length - this.cursor;
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    if (signal?.aborted) throw abortedError();
    const index = this.cursor;
    const interaction = this.cassette.interactions[index];
    if (!interaction) {
      throw new ProviderError(
        'replay_exhausted',
        `replay of ${this.modelId}: request #${index} asked for, but the cassette holds only ${index} interactions`,
        { retryable: false },
      );
    }
    if (this.strict) {
      const fingerprint = requestFingerprint(request);
      if (fingerprint !== interaction.fingerprint) {
        throw new ProviderError(
          'replay_mismatch',
          `replay of ${this.modelId}: request #${index} differs from the recording (${describeDifference(interaction.request, request)})`,
          { retryable: false },
        );
      }
    }
    this.cursor++;
    return jsonCopy(interaction.response);
  }
}

/** A short human hint at where two requests diverge, so a broken replay can be debugged. */
function describeDifference(recorded: RecordedRequest, actual: CompletionRequest): string {
  const toolsBefore = canonicalJson(recorded.tools ?? []);
  const toolsNow = canonicalJson(actual.tools ?? []);
  if (toolsBefore !== toolsNow) return 'the tool definitions changed';
  const count = Math.max(recorded.messages.length, actual.messages.length);
  for (let i = 0; i < count; i++) {
    const before = recorded.messages[i];
    const now = actual.messages[i];
    if (before === undefined) return `extra message #${i} (${now?.role}) not in the recording`;
    if (now === undefined) return `message #${i} (${before.role}) of the recording is missing`;
    if (canonicalJson(before) !== canonicalJson(now)) {
      return `message #${i} differs: recorded ${before.role} ${preview(before)}, got ${now.role} ${preview(now)}`;
    }
  }
  return 'fingerprint differs';
}

function preview(value: unknown): string {
  const text = canonicalJson(value);
  return text.length > 120 ? `${text.slice(0, 120)}…` : text;
}
