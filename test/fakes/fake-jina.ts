import { listenOnLoopback } from '../helpers/listen.js';
/**
 * A real HTTP server speaking the wire format of Jina's search endpoint (s.jina.ai), so the real
 * adapter is tested over real HTTP without any network beyond 127.0.0.1.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeJinaArticle {
  title: string;
  url: string;
  description: string;
  content?: string;
  /** What the search engine says, e.g. "Oct 1, 2025". */
  date?: string;
  /** What the page's metadata says, e.g. "2025-10-01T13:45:00Z". */
  publishedTime?: string;
}

export interface FakeJinaRequest {
  /** The `q` parameter (or the path, for the `s.jina.ai/<query>` shorthand). */
  query: string;
  authorization?: string;
  accept?: string;
  respondWith?: string;
}

export interface FakeJina {
  baseUrl: string;
  /** Every request received, in order. */
  readonly requests: FakeJinaRequest[];
  setArticles(articles: FakeJinaArticle[]): void;
  /** The next `times` (default 1) requests get this HTTP status with a Jina-style error body. */
  failNext(status: number, times?: number): void;
  /** The next request is accepted and never answered, until the client gives up or the fake closes. */
  hangNext(): void;
  /** The next request gets exactly this body with HTTP 200, e.g. truncated JSON. */
  sendRawNext(body: string): void;
  close(): Promise<void>;
}

type Script = { kind: 'fail'; status: number } | { kind: 'hang' } | { kind: 'raw'; body: string };

/** Error names Jina uses in its error bodies. */
const ERROR_NAMES: Readonly<Record<number, string>> = {
  401: 'AuthenticationRequiredError',
  402: 'InsufficientBalanceError',
  403: 'AuthenticationFailedError',
  429: 'RateLimitTriggeredError',
};

/** Starts a fake Jina search on 127.0.0.1 with an ephemeral port. */
export async function startFakeJina(options: { key?: string } = {}): Promise<FakeJina> {
  const requests: FakeJinaRequest[] = [];
  const scripts: Script[] = [];
  let articles: FakeJinaArticle[] = [];

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const query = url.searchParams.get('q') ?? decodeURIComponent(url.pathname.slice(1));
    const request: FakeJinaRequest = { query };
    if (req.headers.authorization !== undefined) request.authorization = req.headers.authorization;
    if (req.headers.accept !== undefined) request.accept = req.headers.accept;
    const respondWith = req.headers['x-respond-with'];
    if (typeof respondWith === 'string') request.respondWith = respondWith;
    requests.push(request);

    const script = scripts.shift();
    if (script?.kind === 'hang') return;
    if (script?.kind === 'raw') return send(res, 200, script.body);
    if (script?.kind === 'fail') return sendError(res, script.status);

    if (options.key !== undefined && req.headers.authorization !== `Bearer ${options.key}`)
      return sendError(res, 401);
    const noContent = request.respondWith === 'no-content';
    const data = articles
      .filter((article) => matchesAnyWord(article, query))
      .map((article) => ({
        title: article.title,
        url: article.url,
        description: article.description,
        ...(article.date === undefined ? {} : { date: article.date }),
        ...(article.publishedTime === undefined ? {} : { publishedTime: article.publishedTime }),
        content: noContent ? '' : (article.content ?? article.description),
        usage: { tokens: 1000 },
      }));
    send(res, 200, JSON.stringify({ code: 200, status: 20000, data }));
  }

  const server = createServer(handle);
  const baseUrl = await listenOnLoopback(server);

  return {
    baseUrl,
    requests,
    setArticles(next) {
      articles = [...next];
    },
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) scripts.push({ kind: 'fail', status });
    },
    hangNext() {
      scripts.push({ kind: 'hang' });
    },
    sendRawNext(body) {
      scripts.push({ kind: 'raw', body });
    },
    close() {
      // A hanging request would otherwise hold close() open forever.
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/**
 * Any query word found as a word of the title or description. Tokens like `before:2025-10-01` are
 * search operators, not words, and are ignored: like a real engine, the fake does not promise to
 * honour them, so the adapter's own date filter is what tests exercise.
 */
function matchesAnyWord(article: FakeJinaArticle, query: string): boolean {
  const words = new Set(`${article.title} ${article.description}`.toLowerCase().match(/[a-z0-9]+/g) ?? []);
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter((token) => token !== '' && !token.includes(':'))
    .flatMap((token) => token.match(/[a-z0-9]+/g) ?? [])
    .some((word) => words.has(word));
}

function sendError(res: ServerResponse, status: number): void {
  const name = ERROR_NAMES[status] ?? (status >= 500 ? 'InternalServerError' : 'ParamValidationError');
  send(
    res,
    status,
    JSON.stringify({
      data: null,
      code: status,
      name,
      status: status * 100 + 3,
      message: `${name} (fake)`,
      readableMessage: `${name}: fake`,
    }),
  );
}

function send(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(body);
}
