/**
 * HTTP/1.1 spoken over a bare socket, for requests `fetch` would refuse or repair: a request-target
 * sent byte for byte (raw control characters, bytes that are not UTF-8, unbalanced percent signs,
 * `..` segments), any method token, repeated headers. One request per connection (`Connection:
 * close`), the answer read until the server closes it.
 */
import { connect } from 'node:net';

export interface RawRequest {
  method: string;
  /** The request-target as sent: each character below U+0100 is one byte (latin1). */
  target: string;
  /** In order, repeats allowed; Connection and Content-Length are added, and Host unless given here. */
  headers?: readonly (readonly [string, string])[];
  body?: string | Buffer;
  /** Send the body in chunked transfer encoding instead of with a Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

const TIMEOUT_MS = 10_000;

export function rawRequest(baseUrl: string, request: RawRequest): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    socket.setTimeout(TIMEOUT_MS, () => socket.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // An answer that says where it ends (Content-Length, chunked) is complete before the socket
      // closes; a streaming one (Server-Sent Events) may not close it at all.
      const answer = parseResponse(Buffer.concat(chunks), request.method, false);
      if (answer) {
        resolve(answer);
        socket.destroy();
      }
    });
    socket.on('error', (error) => {
      // A server that answers and closes at once may reset the connection after its answer arrived.
      const answer = parseResponse(Buffer.concat(chunks), request.method, true);
      if (answer) resolve(answer);
      else reject(error);
    });
    socket.on('end', () => {
      const answer = parseResponse(Buffer.concat(chunks), request.method, true);
      if (answer) resolve(answer);
      else
        reject(new Error(`incomplete answer: ${JSON.stringify(Buffer.concat(chunks).toString('latin1'))}`));
    });
    // write, not end: Node's server aborts a request still in progress when the client half-closes.
    socket.on('connect', () => socket.write(serialize(request, `${hostname}:${port}`)));
  });
}

function serialize(request: RawRequest, host: string): Buffer {
  const body = request.body === undefined ? undefined : Buffer.from(request.body);
  const ownHost = (request.headers ?? []).some(([name]) => name.toLowerCase() === 'host');
  const lines = [`${request.method} ${request.target} HTTP/1.1`, ...(ownHost ? [] : [`Host: ${host}`])];
  lines.push('Connection: close');
  for (const [name, value] of request.headers ?? []) lines.push(`${name}: ${value}`);
  if (body !== undefined) {
    lines.push(request.chunked ? 'Transfer-Encoding: chunked' : `Content-Length: ${body.length}`);
  }
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  if (body === undefined) return head;
  if (!request.chunked) return Buffer.concat([head, body]);
  const framed =
    body.length === 0
      ? []
      : [Buffer.from(`${body.length.toString(16)}\r\n`, 'latin1'), body, Buffer.from('\r\n', 'latin1')];
  return Buffer.concat([head, ...framed, Buffer.from('0\r\n\r\n', 'latin1')]);
}

/** The answer in `raw`, or undefined while it is incomplete (`closed`: the server has closed). */
function parseResponse(raw: Buffer, method: string, closed: boolean): RawResponse | undefined {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return undefined;
  const [statusLine = '', ...headerLines] = raw.subarray(0, headEnd).toString('latin1').split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (status === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  const rest = raw.subarray(headEnd + 4);
  if (method === 'HEAD') return { status: Number(status), headers, body: Buffer.alloc(0) };
  const length = headers['content-length'];
  const body = headers['transfer-encoding']?.includes('chunked')
    ? unchunk(rest)
    : length === undefined
      ? closed
        ? rest
        : undefined
      : rest.length >= Number(length)
        ? rest.subarray(0, Number(length))
        : undefined;
  return body === undefined ? undefined : { status: Number(status), headers, body };
}

/** The payload of a chunked body; undefined when it was cut short. */
function unchunk(raw: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** A connection held open, for clients that take their time: written to at will, read as it comes. */
export interface RawConnection {
  write(bytes: string | Buffer): void;
  /** Everything the server sent so far. */
  received(): Buffer;
  /** Whether the server has closed it (or reset it). */
  isClosed(): boolean;
  /** Resolves once the server has closed it, with everything it sent. */
  closed: Promise<Buffer>;
  /** Resolves with the first complete answer received (to a request of `method`). */
  answer(method?: string): Promise<RawResponse>;
  destroy(): void;
}

/** Opens a connection to `baseUrl` and resolves once it is established; nothing is sent. */
export function openConnection(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let closed = false;
    const waiting: (() => void)[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      waiting.splice(0).forEach((wake) => wake());
    });
    const ended = new Promise<Buffer>((resolveClosed) => {
      socket.on('close', () => {
        closed = true;
        resolveClosed(Buffer.concat(chunks));
      });
    });
    // A reset is a way of closing too; the test reads what arrived before it.
    socket.on('error', () => undefined);
    socket.once('connect', () =>
      resolve({
        write: (bytes) => {
          if (!closed && socket.writable)
            socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
        },
        received: () => Buffer.concat(chunks),
        isClosed: () => closed,
        closed: ended,
        answer: (method = 'GET') =>
          new Promise((resolveAnswer, rejectAnswer) => {
            const check = (): void => {
              const answer = parseResponse(Buffer.concat(chunks), method, closed);
              if (answer) resolveAnswer(answer);
              else if (closed) rejectAnswer(new Error('closed before a complete answer'));
              else waiting.push(check);
            };
            void ended.then(() => waiting.splice(0).forEach((wake) => wake()));
            check();
          }),
        destroy: () => socket.destroy(),
      }),
    );
    socket.once('error', reject);
  });
}
