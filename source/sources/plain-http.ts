// A minimal HTTP/1.1 GET over a raw keep-alive socket, for the once-a-second metrics scrape:
// node:http's parser, agent and IncomingMessage stream cost about 3.6× the CPU of this per request
// (0.09 % vs 0.025 % of a core at one GET a second, against a 0.3 % idle budget for the console).
// It reads the whole body itself, since the scrape does anyway. Errors look like node:http's: net
// errors pass through (so `.code` survives) and malformed responses carry an HPE_* code.
import { connect, type Socket } from 'node:net';

export interface PlainResponse {
  readonly statusCode: number;
  readonly statusMessage: string;
  /** Lower-case names; a repeated header is joined with ", " (the first `location` wins). */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as sent (content codings are left to the caller). */
  readonly body: Buffer;
}

/** Node's own header size limit, so a server that never ends its header block cannot grow us. */
const MAX_HEAD = 64 * 1024;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/;

/**
 * A socket and what its events go to: the request in flight, or (idle) the pool, which drops it at
 * any sign of life. The listeners are added once per connection and the handler is swapped, since
 * adding and removing four listeners per scrape cost more than the rest of the request.
 */
interface Connection {
  readonly socket: Socket;
  handler: Handler;
}

interface Handler {
  data(chunk: Buffer): void;
  end(): void;
  error(error: NodeJS.ErrnoException): void;
  close(): void;
}

/** At most one idle connection per origin: the scrape asks one origin once a second. */
const idle = new Map<string, Connection>();

const failure = (code: string, message: string): Error => Object.assign(new Error(message), { code });
/** What node:http says when the server closes before the response is complete. */
const hangUp = () => failure('ECONNRESET', 'socket hang up');

/** Destroys a socket we are done with; an error it had already queued must not go unhandled. */
const discard = (socket: Socket) => void socket.on('error', () => undefined).destroy();

/** Marks a reused socket that died before answering: the server had closed it while idle. */
class StaleSocket extends Error {}

function open(host: string, port: number): Connection {
  const connection: Connection = { socket: connect({ host, port, noDelay: true }), handler: IGNORE };
  connection.socket
    .on('data', (chunk: Buffer) => connection.handler.data(chunk))
    .on('end', () => connection.handler.end())
    .on('error', (error: NodeJS.ErrnoException) => connection.handler.error(error))
    .on('close', () => connection.handler.close());
  return connection;
}

/** A connection being discarded: whatever it still says is of no interest. */
const IGNORE: Handler = { data() {}, end() {}, error() {}, close() {} };

export async function plainGet(target: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<PlainResponse> {
  if (signal.aborted) throw signal.reason;
  const request = requestBytes(target, headers);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1'); // net wants a bare IPv6 address
  const port = Number(target.port || 80);
  const origin = `${host}:${port}`;
  const pooled = takeIdle(origin);
  if (pooled) {
    try {
      return await exchange(pooled, true, origin, request, signal);
    } catch (error) {
      // The server closed it while idle and nothing was answered; a GET is safe to send once more.
      if (!(error instanceof StaleSocket)) throw error;
      if (signal.aborted) throw signal.reason;
    }
  }
  return exchange(open(host, port), false, origin, request, signal);
}

/**
 * The scrape sends the same request every second, and building and checking it cost as much CPU as
 * the rest of the exchange: the last one is kept, for the same URL and the same headers object.
 */
let lastRequest: { readonly href: string; readonly headers: object; readonly bytes: Buffer } | null = null;

function requestBytes(target: URL, headers: Readonly<Record<string, string>>): Buffer {
  const href = target.href;
  if (lastRequest?.headers === headers && lastRequest.href === href) return lastRequest.bytes;
  const bytes = buildRequest(target, headers);
  lastRequest = { href, headers, bytes };
  return bytes;
}

function buildRequest(target: URL, headers: Readonly<Record<string, string>>): Buffer {
  let head = `GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    // Refused like node:http does: a CR or LF would let a value inject headers or a second request.
    if (!TOKEN.test(name)) throw Object.assign(new TypeError(`Header name must be a valid HTTP token ["${name}"]`), { code: 'ERR_INVALID_HTTP_TOKEN' });
    if (/[\r\n\0]/.test(value)) throw Object.assign(new TypeError(`Invalid character in header content ["${name}"]`), { code: 'ERR_INVALID_CHAR' });
    const lower = name.toLowerCase();
    if (lower !== 'host' && lower !== 'connection') head += `${name}: ${value}\r\n`;
  }
  return Buffer.from(`${head}Connection: keep-alive\r\n\r\n`, 'latin1');
}

function takeIdle(origin: string): Connection | undefined {
  const connection = idle.get(origin);
  if (!connection) return undefined;
  idle.delete(origin);
  connection.handler = IGNORE;
  if (connection.socket.destroyed || !connection.socket.writable) {
    discard(connection.socket);
    return undefined;
  }
  connection.socket.ref();
  return connection;
}

function release(origin: string, connection: Connection): void {
  if (idle.has(origin)) {
    retire(connection); // a concurrent request's socket: one idle connection is enough
    return;
  }
  idle.set(origin, connection);
  // Unref'd so an idle connection never keeps the process alive; any sign of life from the server
  // while idle (its keep-alive timeout, a reset, stray bytes) ends it.
  const drop = () => {
    if (idle.get(origin) === connection) idle.delete(origin);
    retire(connection);
  };
  connection.handler = { data: drop, end: drop, error: drop, close: drop };
  connection.socket.unref();
}

function retire(connection: Connection): void {
  connection.handler = IGNORE;
  discard(connection.socket);
}

type State = 'head' | 'length' | 'size' | 'chunk' | 'chunk-end' | 'trailers' | 'close';

function exchange(connection: Connection, reused: boolean, origin: string, request: Buffer, signal: AbortSignal): Promise<PlainResponse> {
  const { socket } = connection;
  return new Promise((resolve, reject) => {
    let pending: Buffer = Buffer.alloc(0); // received, not yet parsed
    let received = false;
    let state: State = 'head';
    let remaining = 0; // bytes left of the Content-Length body or of the current chunk
    const body: Buffer[] = [];
    let head: { statusCode: number; statusMessage: string; headers: Record<string, string>; keepAlive: boolean } | undefined;

    const settle = (error: Error | undefined) => {
      signal.removeEventListener('abort', onAbort);
      if (error) {
        retire(connection);
        reject(error);
        return;
      }
      // Reused only with explicit framing, nothing left over, and a server that keeps it open.
      if (head!.keepAlive && state !== 'close' && pending.length === 0 && !socket.readableEnded) release(origin, connection);
      else retire(connection);
      resolve({ statusCode: head!.statusCode, statusMessage: head!.statusMessage, headers: head!.headers, body: Buffer.concat(body) });
    };
    const fail = (error: NodeJS.ErrnoException) =>
      settle(reused && !received && (error.code === 'ECONNRESET' || error.code === 'EPIPE') ? new StaleSocket(error.message, { cause: error }) : error);
    const onAbort = () => settle(signal.reason as Error);
    const onEnd = () => (state === 'close' ? settle(undefined) : fail(hangUp()));
    const onClose = () => fail(hangUp());
    const onData = (chunk: Buffer) => {
      received = true;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      try {
        if (parse()) settle(undefined);
      } catch (error) {
        settle(error as Error);
      }
    };

    /** Consumes what it can of `pending`; true once the response is complete. */
    const parse = (): boolean => {
      for (;;) {
        switch (state) {
          case 'head': {
            const end = pending.indexOf('\r\n\r\n');
            if (end < 0 ? pending.length > MAX_HEAD : end > MAX_HEAD) throw failure('HPE_HEADER_OVERFLOW', `response header block over ${MAX_HEAD} bytes`);
            if (end < 0) return false;
            const text = pending.toString('latin1', 0, end);
            pending = pending.subarray(end + 4);
            head = parseHead(text);
            if (head.statusCode < 200) {
              if (head.statusCode === 101) throw failure('HPE_INVALID_STATUS', 'unexpected 101 Switching Protocols');
              break; // an interim response (100 Continue, 103 Early Hints): the real one follows
            }
            const { headers } = head;
            const length = headers['content-length'];
            if (head.statusCode === 204 || head.statusCode === 304) return true;
            if (headers['transfer-encoding'] !== undefined) {
              if (!/(?:^|,)\s*chunked\s*$/i.test(headers['transfer-encoding'])) state = 'close';
              else if (length !== undefined) throw failure('HPE_UNEXPECTED_CONTENT_LENGTH', 'response has both Content-Length and Transfer-Encoding');
              else state = 'size';
            } else if (length !== undefined) {
              if (!/^\d{1,15}$/.test(length)) throw failure('HPE_INVALID_CONTENT_LENGTH', `invalid Content-Length: ${length}`);
              remaining = Number(length);
              state = 'length';
            } else state = 'close';
            break;
          }
          case 'length':
          case 'chunk':
          case 'close': {
            const take = state === 'close' ? pending.length : Math.min(remaining, pending.length);
            if (take > 0) body.push(pending.subarray(0, take));
            pending = pending.subarray(take);
            remaining -= take;
            if (state === 'close' || remaining > 0) return false;
            if (state === 'length') return true;
            state = 'chunk-end';
            break;
          }
          case 'chunk-end':
            if (pending.length < 2) return false;
            if (pending[0] !== 0x0d || pending[1] !== 0x0a) throw failure('HPE_STRICT', 'chunk data not followed by CRLF');
            pending = pending.subarray(2);
            state = 'size';
            break;
          case 'size':
          case 'trailers': {
            const end = pending.indexOf('\r\n');
            if (end < 0) {
              if (pending.length > MAX_HEAD) throw failure(state === 'size' ? 'HPE_INVALID_CHUNK_SIZE' : 'HPE_HEADER_OVERFLOW', `chunk ${state === 'size' ? 'size line' : 'trailers'} over ${MAX_HEAD} bytes`);
              return false;
            }
            const line = pending.toString('latin1', 0, end);
            pending = pending.subarray(end + 2);
            if (state === 'trailers') {
              if (line === '') return true; // trailers themselves are ignored
              break;
            }
            const size = line.split(';', 1)[0]!.trim();
            if (!/^[0-9a-fA-F]{1,12}$/.test(size)) throw failure('HPE_INVALID_CHUNK_SIZE', `invalid chunk size line: ${JSON.stringify(line.slice(0, 40))}`);
            remaining = parseInt(size, 16);
            state = remaining === 0 ? 'trailers' : 'chunk';
            break;
          }
        }
      }
    };

    signal.addEventListener('abort', onAbort, { once: true });
    connection.handler = { data: onData, end: onEnd, error: fail, close: onClose };
    socket.write(request);
  });
}

function parseHead(text: string): { statusCode: number; statusMessage: string; headers: Record<string, string>; keepAlive: boolean } {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const status = STATUS_LINE.exec(statusLine);
  if (!status) throw failure('HPE_INVALID_CONSTANT', `invalid status line: ${JSON.stringify(statusLine.slice(0, 60))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    // A line without a name (or an obsolete folded continuation) is refused, as node:http does.
    if (colon <= 0 || !TOKEN.test(name)) throw failure('HPE_INVALID_HEADER_TOKEN', `invalid header line: ${JSON.stringify(line.slice(0, 60))}`);
    const value = line.slice(colon + 1).trim();
    const seen = headers[name];
    if (seen === undefined) headers[name] = value;
    else if (name === 'content-length') {
      if (seen !== value) throw failure('HPE_UNEXPECTED_CONTENT_LENGTH', 'response has conflicting Content-Length headers');
    } else if (name !== 'location') headers[name] = `${seen}, ${value}`;
  }
  const connection = (headers.connection ?? '').toLowerCase().split(',').map((token) => token.trim());
  const keepAlive = status[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
  return { statusCode: Number(status[2]), statusMessage: status[3] ?? '', headers, keepAlive };
}
