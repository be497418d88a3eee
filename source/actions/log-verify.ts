// The one seam between the actions and the Eventloom engine: verify logs on a worker thread
// (cancel terminates the worker, so a cancelled verification stops at once), and describe a
// verdict in one line for the action pane.
import { basename } from 'node:path';
import { Worker } from 'node:worker_threads';
import { discoverWorkspace } from '../eventloom/index.js';
import { ConsoleError, EXIT, fileError } from '../errors.js';
import type { StepContext } from './types.js';
import type { VerifyReply, VerifyRequest } from './verify-worker.js';

export interface LogVerdict {
  readonly path: string;
  readonly ok: boolean;
  readonly events: number;
  readonly brokenAtSeq: number | null;
  readonly brokenLine: number | null;
  readonly lastGoodSeq: number;
  readonly reason: string | null;
}

export interface VerifyLogOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface LogVerifier {
  verify(path: string, options?: VerifyLogOptions): Promise<LogVerdict>;
  close(): Promise<void>;
}

// Under tsx (tests, dev) this module is .ts and so is its worker; built, both are .js.
const WORKER_URL = new URL(`./verify-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);

/** One worker, reused for a sequence of logs; replaced if a cancel had to terminate it. */
export function createLogVerifier(): LogVerifier {
  let worker: Worker | null = null;
  let nextId = 1;
  const ensure = () => (worker ??= new Worker(WORKER_URL));
  return {
    verify: (path, options = {}) =>
      new Promise<LogVerdict>((resolve, reject) => {
        if (options.signal?.aborted) return reject(cancelled(path));
        const w = ensure();
        const id = nextId++;
        const cleanup = () => {
          w.off('message', onMessage);
          w.off('error', onError);
          options.signal?.removeEventListener('abort', onAbort);
        };
        const onMessage = (reply: VerifyReply) => {
          if (reply.id !== id) return;
          if (reply.type === 'progress') return options.onProgress?.(reply.done, reply.total);
          cleanup();
          if (reply.type === 'done') resolve({ path, ok: reply.ok, events: reply.events, brokenAtSeq: reply.brokenAtSeq, brokenLine: reply.brokenLine, lastGoodSeq: reply.lastGoodSeq, reason: reply.reason });
          else reject(fileError(path, Object.assign(new Error(reply.message), { code: reply.code ?? undefined }), 'log'));
        };
        const onError = (error: Error) => {
          cleanup();
          worker = null;
          reject(new ConsoleError('VERIFY_WORKER', `the verification worker failed on ${path}: ${error.message}`, { exitCode: EXIT.failure }));
        };
        const onAbort = () => {
          cleanup();
          worker = null;
          void w.terminate();
          reject(cancelled(path));
        };
        w.on('message', onMessage);
        w.on('error', onError);
        options.signal?.addEventListener('abort', onAbort, { once: true });
        w.postMessage({ id, path } satisfies VerifyRequest);
      }),
    close: async () => {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}

export async function verifyLog(path: string, options: VerifyLogOptions = {}): Promise<LogVerdict> {
  const verifier = createLogVerifier();
  try {
    return await verifier.verify(path, options);
  } finally {
    await verifier.close();
  }
}

function cancelled(path: string): ConsoleError {
  return new ConsoleError('CANCELLED', `cancelled while verifying ${path}`, { exitCode: EXIT.cancelled });
}

export function describeVerdict(v: LogVerdict, label = basename(v.path)): string {
  if (v.ok) return `${label}: ${v.events} events, chain ok`;
  const where = v.brokenAtSeq !== null ? ` at seq ${v.brokenAtSeq}` : '';
  const line = v.brokenLine !== null ? ` (line ${v.brokenLine})` : '';
  return `${label}: BROKEN${where}${line}: ${v.reason ?? 'unknown reason'}; last good seq ${v.lastGoodSeq}`;
}

/** Verifies every session log in `dir`, one line per log; returns all verdicts. */
export async function verifyLogsIn(dir: string, ctx: StepContext, label: (path: string) => string = basename): Promise<LogVerdict[]> {
  const { logs } = await discoverWorkspace(dir);
  const verdicts: LogVerdict[] = [];
  const verifier = createLogVerifier();
  try {
    for (const [i, log] of logs.entries()) {
      const verdict = await verifier.verify(log, { signal: ctx.signal });
      verdicts.push(verdict);
      ctx.info(describeVerdict(verdict, label(log)));
      ctx.progress(i + 1, logs.length, label(log));
    }
  } finally {
    await verifier.close();
  }
  return verdicts;
}
