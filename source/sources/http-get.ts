// A plain HTTP GET for the metrics scrape, which runs every second for as long as the console is
// open. fetch (undici) costs about 1.6× the CPU of node:http per request and keeps a 500 ms
// housekeeping timer waking the process between scrapes (issue 5: idle CPU); node:http's global
// agent keeps the connection alive just the same. It behaves like fetch where the callers rely on
// it: redirects are followed, a gzip/deflate/br body is decoded, the text is UTF-8 without a BOM,
// and an abort rejects with the signal's reason (a TimeoutError or AbortError, as fetch does).
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';

export interface HttpResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  /** Reads the whole body as text (at most once). */
  text(): Promise<string>;
  /** Drops the body unread (a failed status), freeing the connection. */
  cancel(): void;
}

/** fetch's limit. */
const MAX_REDIRECTS = 20;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export async function httpGetText(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<HttpResponse> {
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const response = await request(target, headers, signal);
    const location = response.headers.location;
    if (!REDIRECTS.has(response.statusCode ?? 0) || location === undefined) return wrap(response, signal);
    response.resume();
    // fetch's own failure for a redirect loop: a TypeError with the reason as its cause.
    if (hop >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    target = new URL(location, target);
  }
}

function request(target: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(reasonOf(signal));
      return;
    }
    const get = target.protocol === 'https:' ? httpsGet : httpGet;
    const req = get(target, { headers }, (response) => {
      signal.removeEventListener('abort', onAbort);
      resolve(response);
    });
    const onAbort = () => {
      req.destroy();
      reject(reasonOf(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    req.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
  });
}

function wrap(response: IncomingMessage, signal: AbortSignal): HttpResponse {
  const status = response.statusCode ?? 0;
  return {
    status,
    statusText: response.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    text: () => readText(response, signal),
    cancel: () => response.destroy(),
  };
}

function readText(response: IncomingMessage, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const cleanup = () => signal.removeEventListener('abort', onAbort);
    const onAbort = () => {
      response.destroy();
      reject(reasonOf(signal));
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('error', (error) => {
      cleanup();
      reject(error);
    });
    response.once('end', () => {
      cleanup();
      decode(Buffer.concat(chunks), response.headers['content-encoding']).then((body) => resolve(new TextDecoder().decode(body)), reject);
    });
  });
}

/** Nothing asks for compression, but fetch decodes a server that compresses anyway. */
async function decode(body: Buffer, encoding: string | undefined): Promise<Buffer> {
  const coding = encoding?.trim().toLowerCase();
  if (!coding || coding === 'identity') return body;
  const zlib = await import('node:zlib');
  if (coding === 'gzip' || coding === 'x-gzip') return zlib.gunzipSync(body);
  if (coding === 'deflate') return zlib.inflateSync(body);
  if (coding === 'br') return zlib.brotliDecompressSync(body);
  return body;
}

/** What the abort says happened, passed on as fetch does (usually an Error, whatever the caller gave). */
const reasonOf = (signal: AbortSignal): Error => signal.reason as Error;
