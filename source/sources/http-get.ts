// A plain HTTP GET for the metrics scrape, which runs every second for as long as the console is
// open. fetch (undici) costs about 1.6× the CPU of node:http per request and keeps a 500 ms
// housekeeping timer waking the process between scrapes (issue 5: idle CPU), and node:http costs
// about 3.6× a raw socket, so `http:` goes through plain-http.ts (its own keep-alive socket);
// `https:` stays on node:https and its global agent. It behaves like fetch where the callers rely on
// it: redirects are followed, a gzip/deflate/br body is decoded, the text is UTF-8 without a BOM,
// and an abort rejects with the signal's reason (a TimeoutError or AbortError, as fetch does).
import type { IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { plainGet } from './plain-http.js';

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

/** One response, from either transport: just what the redirect loop and `HttpResponse` need. */
interface Reply {
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly location: string | undefined;
  readonly contentEncoding: string | undefined;
  /** The whole body, still content-coded. */
  body(): Promise<Buffer>;
  /** Reads the body to its end unused (a redirect), keeping the connection. */
  drain(): void;
  /** Drops the body unread, freeing the connection. */
  cancel(): void;
}

export async function httpGetText(url: string, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<HttpResponse> {
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    const reply = target.protocol === 'http:' ? await plainRequest(target, headers, signal) : await request(target, headers, signal);
    const location = reply.location;
    if (!REDIRECTS.has(reply.statusCode) || location === undefined) return wrap(reply);
    reply.drain();
    // fetch's own failure for a redirect loop: a TypeError with the reason as its cause.
    if (hop >= MAX_REDIRECTS) throw new TypeError('fetch failed', { cause: new Error('redirect count exceeded') });
    target = new URL(location, target);
  }
}

/** `http:` goes over plain-http's raw keep-alive socket, which has read the whole body already. */
async function plainRequest(target: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Reply> {
  const response = await plainGet(target, headers, signal);
  return {
    statusCode: response.statusCode,
    statusMessage: response.statusMessage,
    location: response.headers.location,
    contentEncoding: response.headers['content-encoding'],
    body: () => (signal.aborted ? Promise.reject(reasonOf(signal)) : Promise.resolve(response.body)),
    drain: () => undefined,
    cancel: () => undefined,
  };
}

function request(target: URL, headers: Readonly<Record<string, string>>, signal: AbortSignal): Promise<Reply> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(reasonOf(signal));
      return;
    }
    const req = httpsGet(target, { headers }, (response) => {
      signal.removeEventListener('abort', onAbort);
      resolve({
        statusCode: response.statusCode ?? 0,
        statusMessage: response.statusMessage ?? '',
        location: response.headers.location,
        contentEncoding: response.headers['content-encoding'],
        body: () => readBody(response, signal),
        drain: () => response.resume(),
        cancel: () => response.destroy(),
      });
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

function wrap(reply: Reply): HttpResponse {
  const status = reply.statusCode;
  return {
    status,
    statusText: reply.statusMessage,
    ok: status >= 200 && status < 300,
    text: async () => new TextDecoder().decode(await decode(await reply.body(), reply.contentEncoding)),
    cancel: () => reply.cancel(),
  };
}

function readBody(response: IncomingMessage, signal: AbortSignal): Promise<Buffer> {
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
      resolve(Buffer.concat(chunks));
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
