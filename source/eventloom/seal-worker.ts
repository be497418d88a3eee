// Worker side of verify-parallel.ts: reads a block of whole lines with the fast Zaxy path (the
// expensive part: parse, pyCanon, sha256) and returns one entry per physical line, in order.
// Judging stays on the main thread, so the verdict cannot depend on how blocks were cut.
import { isUtf8 } from 'node:buffer';
import { parentPort } from 'node:worker_threads';
import { readZaxyFast } from './fast-zaxy.js';
import { LineSplitter } from './lines.js';
import type { SealedEvent } from './envelope.js';

/** Per physical line: false = not prepared (the main thread checks it), else the fast reading or null. */
export type BlockReadings = (SealedEvent | null | false)[];

export interface BlockRequest {
  readonly id: number;
  /** Transferred here and back: the main thread splits and then reuses the same memory. */
  readonly block: ArrayBuffer;
  /** Bytes of `block` in use: whole lines only. */
  readonly length: number;
}

export interface BlockResult {
  readonly id: number;
  readonly readings: BlockReadings;
  readonly block: ArrayBuffer;
}

parentPort?.on('message', ({ id, block, length }: BlockRequest) => {
  const readings: BlockReadings = [];
  const splitter = new LineSplitter(0, 1, (raw) => {
    const bytes = raw.bytes;
    // Position 0: the main thread knows positions and substitutes them for v1 seq 0.
    readings.push(bytes[0] === 0x7b && !raw.tooLong && isUtf8(bytes) ? readZaxyFast(bytes, 0) : false);
  });
  splitter.push(Buffer.from(block, 0, length));
  splitter.finish();
  parentPort?.postMessage({ id, readings, block } satisfies BlockResult, [block]);
});
