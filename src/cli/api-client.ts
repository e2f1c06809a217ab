/**
 * A small client for the server's HTTP API, used by `simulate`, `status`, `results` and `demo`: the CLI
 * talks to a running server exactly as any other client would.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  fetchImpl?: typeof fetch;
}

export class ApiClient {
  readonly baseUrl: string;
  constructor(private readonly options: ApiClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
    const params = new URLSearchParams(
      Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const suffix = params.size > 0 ? `?${params.toString()}` : '';
    return this.request<T>('GET', `${path}${suffix}`);
  }

  /** A streaming GET (Server-Sent Events): the raw response, for the caller to read as it arrives. */
  stream(path: string): Promise<Response> {
    const headers: Record<string, string> = { accept: 'text/event-stream' };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    return (this.options.fetchImpl ?? fetch)(`${this.baseUrl}${path}`, { headers });
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    let response: Response;
    try {
      response = await (this.options.fetchImpl ?? fetch)(`${this.baseUrl}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new ApiError(
        0,
        `cannot reach the server at ${this.baseUrl} (${(error as Error).message}); is \`ai-trader serve\` running?`,
      );
    }
    const text = await response.text();
    let json: unknown = undefined;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      // fall through: reported below with the raw text
    }
    if (!response.ok) throw new ApiError(response.status, describeError(response.status, json, text));
    return json as T;
  }
}

function describeError(status: number, json: unknown, text: string): string {
  const detail = (json as { detail?: unknown } | undefined)?.detail;
  if (typeof detail === 'string') return detail;
  if (Array.isArray(detail)) {
    return detail
      .map(
        (d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).join('.')}: ${d.msg ?? JSON.stringify(d)}`,
      )
      .join('; ');
  }
  return `HTTP ${status}: ${text.slice(0, 200)}`;
}
