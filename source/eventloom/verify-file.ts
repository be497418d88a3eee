// Drives a ChainVerifier from a file on disk: the I/O shell around the pure verifier.
import { stat } from 'node:fs/promises';
import { setTimeout } from 'node:timers/promises';
import { readLines } from './lines.js';
import { feedFileInBlocks } from './verify-blocks.js';
import { ChainVerifier, type ChainReport, type VerifyOptions } from './verify.js';

export interface VerifyFileOptions extends VerifyOptions {
  readonly signal?: AbortSignal;
  /**
   * Readers never lock (spec §7), so a last line can be a write in flight. When > 0 and the log
   * ends in a partial line, wait this long and, if the file grew, verify it again.
   */
  readonly settlePartialMs?: number;
  /**
   * Worker threads besides this one for a large log (default 0: this thread scans every block;
   * the `verify` command passes parallelWorkers()). Each worker costs ~20 MB.
   */
  readonly workers?: number;
  /** Logs smaller than this are read on this thread (default 16 MiB). */
  readonly parallelMinBytes?: number;
  /** Bytes read per block (default 512 KiB; tests use tiny blocks). */
  readonly blockBytes?: number;
  /** A line longer than this is read as a stream, not in a block (default 64 MiB). */
  readonly maxBlockBytes?: number;
  /**
   * 'blocks' (default): blocks of lines are scanned ahead for runs of clean Zaxy events, which the
   * verifier takes in one step. 'lines': the reference reader, every line judged on its own; the
   * tests hold the two to the same reports.
   */
  readonly reader?: 'blocks' | 'lines';
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
  const verifier = new ChainVerifier(options);
  const start = verifier.start;
  const progress = { signal: options.signal, onProgress: options.onProgress };
  if (options.reader === 'lines') {
    // The reference reader: every line judged on its own, nothing read ahead.
    const { end } = await readLines(path, { start: start.offset, firstLine: start.line, ...progress }, (raw) => verifier.push(raw));
    return finished(verifier, end - start.offset);
  }
  let workers = options.workers ?? 0;
  // Workers pay off only on a large log; a tail resumed from a checkpoint is usually small.
  if (workers > 0 && (await stat(path)).size - start.offset < (options.parallelMinBytes ?? PARALLEL_MIN_BYTES)) workers = 0;
  const end = await feedFileInBlocks(path, verifier, { start: start.offset, firstLine: start.line, workers, blockBytes: options.blockBytes, maxBlockBytes: options.maxBlockBytes, ...progress });
  return finished(verifier, end - start.offset);
}

function finished(verifier: ChainVerifier, bytes: number): ChainReport {
  const report = verifier.finish();
  report.bytes_verified = bytes;
  return report;
}
