import {
  CASSETTE_VERSION,
  jsonCopy,
  recordRequest,
  requestFingerprint,
  type Cassette,
  type CassetteInteraction,
} from './cassette.js';
import type { CompletionRequest, CompletionResponse, LlmProvider } from './provider.js';

/**
 * Wraps a provider and keeps every successful exchange, in order, for later replay.
 * Failures are not recorded: a replay reproduces what the model said, not the network's mood.
 */
export class RecordingProvider implements LlmProvider {
  readonly modelId: string;
  private readonly interactions: CassetteInteraction[] = [];

  constructor(private readonly inner: LlmProvider) {
    this.modelId = inner.modelId;
  }

  async complete(request: CompletionRequest, signal?: AbortSignal): Promise<CompletionResponse> {
    // Snapshot before the call, in case the caller mutates its message list while we wait.
    const recorded = recordRequest(request);
    const fingerprint = requestFingerprint(recorded);
    const response = await this.inner.complete(request, signal);
    this.interactions.push({ fingerprint, request: recorded, response: jsonCopy(response) });
    return response;
  }

  /** A copy of everything recorded so far. */
  cassette(): Cassette {
    return { version: CASSETTE_VERSION, modelId: this.modelId, interactions: jsonCopy(this.interactions) };
  }
}
