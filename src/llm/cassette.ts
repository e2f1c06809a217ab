import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import type { ChatMessage, CompletionRequest, CompletionResponse, ToolSpec } from './provider.js';

export const CASSETTE_VERSION = 1;

/** The parts of a request worth keeping; `messages` and `tools` are what the fingerprint covers. */
export interface RecordedRequest {
  messages: ChatMessage[];
  tools?: ToolSpec[];
  temperature?: number;
  maxTokens?: number;
}

export interface CassetteInteraction {
  fingerprint: string;
  request: RecordedRequest;
  response: CompletionResponse;
}

/** A recorded conversation with one model, replayable without any network. */
export interface Cassette {
  version: typeof CASSETTE_VERSION;
  modelId: string;
  interactions: CassetteInteraction[];
}

/**
 * A stable hash of what the model was shown: sha256 of the canonical JSON (sorted keys, undefined
 * dropped) of messages and tools. Sampling settings are left out so tuning them doesn't break replays.
 */
export function requestFingerprint(request: Pick<CompletionRequest, 'messages' | 'tools'>): string {
  const canonical = canonicalJson({ messages: request.messages, tools: request.tools ?? [] });
  return createHash('sha256').update(canonical).digest('hex');
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : sortKeys(item)));
  if (typeof value !== 'object' || value === null) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) sorted[key] = sortKeys(item);
  }
  return sorted;
}

/** A deep, JSON-only copy, so a recording can't be changed later by whoever owned the request. */
export function recordRequest(request: CompletionRequest): RecordedRequest {
  const recorded: RecordedRequest = { messages: jsonCopy([...request.messages]) };
  if (request.tools !== undefined) recorded.tools = jsonCopy([...request.tools]);
  if (request.temperature !== undefined) recorded.temperature = request.temperature;
  if (request.maxTokens !== undefined) recorded.maxTokens = request.maxTokens;
  return recorded;
}

export function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** Writes atomically (temp file, then rename) so an interrupted save never leaves half a cassette. */
export async function saveCassette(path: string, cassette: Cassette): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temp, `${JSON.stringify(cassette, null, 2)}\n`, 'utf8');
  await rename(temp, path);
}

export async function loadCassette(path: string): Promise<Cassette> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`cassette ${path} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  return parseCassette(json, path);
}

/** Validates a cassette from any source; `source` names it in the error. */
export function parseCassette(json: unknown, source = 'cassette'): Cassette {
  const version = (json as { version?: unknown } | null)?.version;
  if (version !== CASSETTE_VERSION) {
    throw new Error(
      `${source}: unsupported cassette version ${JSON.stringify(version)} (expected ${CASSETTE_VERSION})`,
    );
  }
  const result = cassetteSchema.safeParse(json);
  if (!result.success) throw new Error(`${source}: invalid cassette: ${z.prettifyError(result.error)}`);
  return result.data as Cassette;
}

const toolCallRequestSchema = z.object({ id: z.string(), name: z.string(), arguments: z.string() });

const chatMessageSchema = z.union([
  z.object({ role: z.enum(['system', 'user']), content: z.string() }),
  z.object({
    role: z.literal('assistant'),
    content: z.string().nullable(),
    toolCalls: z.array(toolCallRequestSchema).optional(),
  }),
  z.object({ role: z.literal('tool'), toolCallId: z.string(), name: z.string(), content: z.string() }),
]);

const toolSpecSchema = z.object({
  name: z.string(),
  description: z.string(),
  parameters: z.record(z.string(), z.unknown()),
});

const parsedToolCallSchema = z.union([
  z.object({
    id: z.string(),
    name: z.string(),
    args: z.record(z.string(), z.unknown()),
    rawArguments: z.string(),
  }),
  z.object({ id: z.string(), name: z.string(), error: z.string(), rawArguments: z.string() }),
]);

const tokenCount = z.number().nonnegative();

const responseSchema = z.object({
  content: z.string().nullable(),
  toolCalls: z.array(parsedToolCallSchema),
  usage: z.object({ promptTokens: tokenCount, completionTokens: tokenCount, totalTokens: tokenCount }),
  finishReason: z.string().nullable(),
  model: z.string(),
  latencyMs: z.number().nonnegative(),
  attempts: z.number().int().positive(),
});

const cassetteSchema = z.object({
  version: z.literal(CASSETTE_VERSION),
  modelId: z.string(),
  interactions: z.array(
    z.object({
      fingerprint: z.string(),
      request: z.object({
        messages: z.array(chatMessageSchema),
        tools: z.array(toolSpecSchema).optional(),
        temperature: z.number().optional(),
        maxTokens: z.number().optional(),
      }),
      response: responseSchema,
    }),
  ),
});
