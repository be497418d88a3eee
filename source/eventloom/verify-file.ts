// Drives a ChainVerifier from a file on disk: the I/O shell around the pure verifier.
import { stat } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { readLines } from './lines.js';
import { verifyFileParallel } from './verify-parallel.js';
import { ChainVerifier, type ChainReport, type VerifyOptions } from './verify.js';

export interface VerifyFileOptions extends VerifyOptions {
  readonly signal?: AbortSignal;
  /**
   * Readers never lock (spec §7), so a last line can be a write in flight. When > 0 and the log
   * ends in a partial line, wait this long and, if the file grew, verify it again.
   */
  readonly settlePartialMs?: number;
  /**
   * Worker threads for one large log (default 0: read on this thread). Each worker costs tens of
   * MB of memory, so this is opt-in; it helps only when cores are idle.
   */
  readonly workers?: number;
  /** Logs smaller than this are read on this thread (default 16 MiB). */
  readonly parallelMinBytes?: number;
  /** Bytes read per block handed to a worker (default 4 MiB; tests use tiny blocks). */
  readonly blockBytes?: number;
  /** Called after each chunk read: absolute offset reached, file size when opened. */
  readonly onProgress?: (offset: number, size: number) => void;
}

/** Verifies one log (or, with `resume`, only the bytes after the checkpoint). */
export async function verifyFile(path: string, options: VerifyFileOptions = {}): Promise<ChainReport> {
  const report = await verifyOnce(path, options);
  const settle = options.settlePartialMs ?? 0;
  if (report.reason_code !== 'partial_trailing_line' || settle <= 0) return report;
  await setTimeout(settle, undefined, { signal: options.signal });
  const grown = (await stat(path)).size > (options.resume?.offset ?? 0) + report.bytes_verified;
  return grown ? verifyOnce(path, options) : report;
}

const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

async function verifyOnce(path: string, options: VerifyFileOptions): Promise<ChainReport> {
  const workers = options.workers ?? 0;
  // Parallel reading covers whole files; resumed tails and --from-seq scans are read here.
  if (workers >= 2 && !options.resume && options.fromSeq === undefined) {
    const { size } = await stat(path);
    if (size >= (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) return verifyFileParallel(path, options, workers);
  }
  const verifier = new ChainVerifier(options);
  const start = verifier.start;
  const { end } = await readLines(
    path,
    { start: start.offset, firstLine: start.line, signal: options.signal, onProgress: options.onProgress },
    (raw) => verifier.push(raw),
  );
  const report = verifier.finish();
  report.bytes_verified = end - start.offset;
  return report;
}
