// Worker-thread body for log verification: hashing a multi-gigabyte log must not stall the TUI's
// event loop, so the engine runs here and only progress and verdicts cross the thread boundary.
import { parentPort } from 'node:worker_threads';
import { verifyFile } from '../eventloom/index.js';

export interface VerifyRequest {
  readonly id: number;
  readonly path: string;
}

export type VerifyReply =
  | { readonly id: number; readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly type: 'done'; readonly ok: boolean; readonly events: number; readonly brokenAtSeq: number | null; readonly brokenLine: number | null; readonly lastGoodSeq: number; readonly reason: string | null }
  | { readonly id: number; readonly type: 'error'; readonly code: string | null; readonly message: string };

const port = parentPort;
if (port) {
  port.on('message', (request: VerifyRequest) => {
    let last = 0;
    verifyFile(request.path, {
      onProgress: (done, total) => {
        // At most one message per ~4 MiB: progress is for a bar, not a log.
        if (done - last >= 4 * 1024 * 1024 || done === total) {
          last = done;
          port.postMessage({ id: request.id, type: 'progress', done, total } satisfies VerifyReply);
        }
      },
    }).then(
      (r) => port.postMessage({ id: request.id, type: 'done', ok: r.ok, events: r.total_events, brokenAtSeq: r.broken_at_seq, brokenLine: r.broken_line, lastGoodSeq: r.last_good_seq, reason: r.broken_reason } satisfies VerifyReply),
      (error: unknown) => port.postMessage({ id: request.id, type: 'error', code: (error as NodeJS.ErrnoException).code ?? null, message: error instanceof Error ? error.message : String(error) } satisfies VerifyReply),
    );
  });
}
