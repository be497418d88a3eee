// Worker side of verify-blocks.ts: scans a block of whole lines (chain-scan.ts: parse, pyCanon,
// sha256, runs) and sends back the segments. Judging stays on the main thread,
// so the verdict cannot depend on how blocks were cut or which thread scanned them.
import { parentPort } from 'node:worker_threads';
import { scanBlock, type Segment } from './chain-scan.js';

export interface ScanRequest {
  readonly id: number;
  /** Shared: the main thread feeds from the same memory once the scan is back, then reuses it. */
  readonly block: SharedArrayBuffer;
  /** The bytes of `block` in use, `[offset, offset + length)`: whole lines only. */
  readonly offset: number;
  readonly length: number;
}

/** Sent once, when the worker has loaded and can take blocks. */
export interface ScanReady {
  readonly ready: true;
}

export interface ScanResult {
  readonly id: number;
  readonly segments: Segment[];
}

parentPort?.on('message', ({ id, block, offset, length }: ScanRequest) => {
  const segments = scanBlock(Buffer.from(block, offset, length));
  parentPort?.postMessage({ id, segments } satisfies ScanResult);
});
parentPort?.postMessage({ ready: true } satisfies ScanReady);
