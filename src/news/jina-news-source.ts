/**
 * News search through Jina's search endpoint (s.jina.ai). Jina answers
 * `{ code, status, data: [{ title, url, description, content?, date?, publishedTime? }] }`, where
 * `date` comes from the search engine ("Oct 17, 2025") and `publishedTime` from the page's own
 * metadata. Every result then goes through the date rule of news-filter.ts.
 */
import { z } from 'zod';
import { redactUrl, redactUrlsIn } from '../core/redact-url.js';
import { bodyExcerpt } from '../core/upstream-body.js';
import { withholdFutureNews, parsePublishedDate } from './news-filter.js';
import { NewsError } from './news-source.js';
import type { NewsErrorKind, NewsItem, NewsSearchResult, NewsSource } from './news-source.js';

export interface JinaNewsSourceOptions {
  apiKey: string;
  /** Default 'https://s.jina.ai'. */
  baseUrl?: string;
  /** Per request, covering the body as well as the headers. Default 20000. */
  timeoutMs?: number;
  /** Most items returned after the date rule. Default 5. */
  maxResults?: number;
  /**
   * Appends `before:<D>` to the query. Only a hint that helps the engine find older articles
   * instead of today's (which the date rule would all withhold); it is not the rule. Default true.
   */
  dateHintInQuery?: boolean;
  fetchImpl?: typeof fetch;
  /** Where what Jina answered when it failed goes (a pino logger fits); the agent hears only the status. */
  logger?: { warn(obj: object, msg: string): void };
}

const DEFAULT_BASE_URL = 'https://s.jina.ai';
const SNIPPET_CHARS = 500;
const BODY_EXCERPT_CHARS = 160;

const JinaResult = z.object({
  title: z.string().optional(),
  url: z.string().optional(),
  description: z.string().nullish(),
  content: z.string().nullish(),
  date: z.unknown().optional(),
  publishedTime: z.unknown().optional(),
});

const JinaBody = z.object({
  code: z.number().optional(),
  data: z.array(z.unknown()),
});

export class JinaNewsSource implements NewsSource {
  readonly name = 'jina';
  private readonly apiKey: string;
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxResults: number;
  private readonly dateHintInQuery: boolean;
  private readonly fetchImpl: typeof fetch;
  private readonly logger: JinaNewsSourceOptions['logger'];

  constructor(options: JinaNewsSourceOptions) {
    if (options.apiKey.trim() === '') throw new RangeError('JinaNewsSource needs an API key');
    this.apiKey = options.apiKey;
    this.baseUrl = (options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    this.timeoutMs = positive('timeoutMs', options.timeoutMs ?? 20_000);
    this.maxResults = Math.floor(positive('maxResults', options.maxResults ?? 5));
    this.dateHintInQuery = options.dateHintInQuery ?? true;
    this.fetchImpl = options.fetchImpl ?? fetch;
    this.logger = options.logger;
  }

  async search(query: string, asOf: string, signal?: AbortSignal): Promise<NewsSearchResult> {
    const q = this.dateHintInQuery ? `${query.trim()} before:${asOf}` : query.trim();
    const body = await this.request(q, signal);
    const filtered = withholdFutureNews(readItems(body), asOf);
    return { items: filtered.items.slice(0, this.maxResults), withheld: filtered.withheld };
  }

  private async request(q: string, signal: AbortSignal | undefined): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/?q=${encodeURIComponent(q)}`, {
        headers: {
          Authorization: `Bearer ${this.apiKey}`,
          Accept: 'application/json',
          // Snippets are all the tool shows; fetching every page's full content would only add latency.
          'X-Respond-With': 'no-content',
        },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      // The caller's own cancellation is not a failure of Jina; let it surface unchanged.
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted)
        throw new NewsError('network', `Jina search did not answer within ${this.timeoutMs} ms (timed out)`);
      throw new NewsError(
        'network',
        `could not reach Jina search at ${redactUrl(this.baseUrl)}: ${redactUrlsIn(this.redact(describeFailure(error)))}`,
      );
    }

    const statusKind = kindForStatus(response.status);
    if (statusKind) {
      this.logBody(response.status, text);
      throw new NewsError(statusKind, `Jina search answered HTTP ${response.status}`, {
        status: response.status,
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.logBody(response.status, text);
      throw new NewsError('bad_response', 'Jina search sent a body that is not JSON', {
        status: response.status,
      });
    }
    // Jina repeats the HTTP status as `code`; trust it too, should a proxy have rewritten the status.
    const code = typeof json === 'object' && json !== null ? (json as { code?: unknown }).code : undefined;
    const codeKind = typeof code === 'number' ? kindForStatus(code) : undefined;
    if (codeKind) {
      this.logBody(response.status, text);
      throw new NewsError(codeKind, `Jina search reported code ${code}`, { status: response.status });
    }
    return json;
  }

  /** What Jina said when it failed: for the log, never for the agent's tool result (public). */
  private logBody(status: number, text: string): void {
    const body = this.redact(bodyExcerpt(text, BODY_EXCERPT_CHARS));
    if (body !== '') this.logger?.warn({ status, body }, 'Jina search failed with this answer');
  }

  /** Servers and proxies sometimes echo request headers back; the key must never reach a message. */
  private redact(text: string): string {
    return text.split(this.apiKey).join('***');
  }
}

/** Jina results as news items; results without a URL are no use to the agent and are skipped. */
function readItems(body: unknown): NewsItem[] {
  const parsed = JinaBody.safeParse(body);
  if (!parsed.success)
    throw new NewsError('bad_response', 'Jina search sent JSON without a `data` list of results');
  const items: NewsItem[] = [];
  for (const raw of parsed.data.data) {
    const result = JinaResult.safeParse(raw);
    if (!result.success || !result.data.url) continue;
    const { title, url, description, content, date, publishedTime } = result.data;
    items.push({
      title: oneLine(title ?? '') || url,
      url,
      snippet: clip(oneLine(description || content || ''), SNIPPET_CHARS),
      publishedDate: safestDate(date, publishedTime),
    });
  }
  return items;
}

/**
 * The engine's date and the page's own can disagree (a page updated later, a wrong guess); the
 * later one is the one that cannot leak. A date that is given but unreadable ("3 days ago") might
 * be the later one, so it makes the item undated.
 */
function safestDate(...values: unknown[]): string | null {
  let latest: string | null = null;
  for (const value of values) {
    if (value === undefined || value === null || value === '') continue;
    const date = parsePublishedDate(value);
    if (date === null) return null;
    if (latest === null || date > latest) latest = date;
  }
  return latest;
}

function kindForStatus(status: number): NewsErrorKind | undefined {
  if (status >= 200 && status < 300) return undefined;
  if (status === 401 || status === 402 || status === 403) return 'auth';
  if (status === 429) return 'rate_limit';
  if (status >= 500) return 'server';
  return 'bad_response';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0)
    throw new RangeError(`${name} must be a positive number, got ${value}`);
  return value;
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
