// Verifies one large log on several cores. Blocks of whole lines go to worker threads, which do
// the expensive reading (parse, pyCanon, sha256); the main thread splits the same blocks into the
// same lines and feeds them, in file order, with the workers' readings to the one ChainVerifier.
// Every verdict is therefore made by the sequential code; workers only precompute.
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { LineSplitter } from './lines.js';
import { ChainVerifier, type ChainReport } from './verify.js';
import type { BlockReadings, BlockRequest, BlockResult } from './seal-worker.js';
import type { VerifyFileOptions } from './verify-file.js';

const BLOCK_BYTES = 4 * 1024 * 1024;
/** A block is cut at its last newline; a line longer than this ends parallel reading. */
const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
const LF = 0x0a;

/** A sensible `workers` value for this machine: one per core, at most 4, none on one core. */
export function parallelWorkers(): number {
  const cores = availableParallelism();
  return cores < 2 ? 0 : Math.min(4, cores);
}

interface Block {
  readonly buffer: ArrayBuffer;
  readonly length: number;
  readonly readings: Promise<BlockResult> | null;
}

export async function verifyFileParallel(path: string, options: VerifyFileOptions, workerCount: number): Promise<ChainReport> {
  const verifier = new ChainVerifier(options);
  const pool = new WorkerPool(workerCount);
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const blockBytes = options.blockBytes ?? BLOCK_BYTES;
    // Blocks travel to a worker and back (transferred, never copied) and are then reused, so
    // memory stays at a few blocks however large the log.
    const spare: ArrayBuffer[] = [];
    const take = (min: number) => {
      const b = spare.pop();
      // Twice the read size, so a carried partial line still fits a recycled block.
      return b && b.byteLength >= min ? b : new ArrayBuffer(Math.max(min, 2 * blockBytes));
    };
    let readings: BlockReadings | null = null;
    let index = 0;
    const splitter = new LineSplitter(0, 1, (raw) => {
      const reading = readings ? readings[index++] : false;
      verifier.push(raw, reading === false || reading === undefined ? undefined : { fast: reading });
    });
    const queue: Block[] = [];
    const drain = async (keep: number) => {
      while (queue.length > keep) {
        const block = queue.shift() as Block;
        const result = block.readings ? await block.readings : null;
        const buffer = result ? result.block : block.buffer;
        readings = result ? result.readings : null;
        index = 0;
        splitter.push(Buffer.from(buffer, 0, block.length));
        spare.push(buffer);
      }
    };
    let offset = 0;
    let carry = Buffer.alloc(0);
    let sequential = false;
    for (;;) {
      options.signal?.throwIfAborted();
      const buffer = take(carry.length + blockBytes);
      const bytes = Buffer.from(buffer);
      carry.copy(bytes, 0);
      const { bytesRead } = await handle.read(bytes, carry.length, blockBytes, offset);
      if (bytesRead === 0) {
        spare.push(buffer);
        break;
      }
      offset += bytesRead;
      const filled = carry.length + bytesRead;
      let cut = sequential ? filled : bytes.lastIndexOf(LF, filled - 1) + 1;
      if (cut === 0) {
        if (filled <= MAX_BLOCK_BYTES) {
          carry = Buffer.from(bytes.subarray(0, filled)); // a line longer than a block: read on
          spare.push(buffer);
          continue;
        }
        sequential = true; // an enormous line: the rest is read on this thread
        cut = filled;
      }
      carry = Buffer.from(bytes.subarray(cut, filled));
      queue.push({ buffer, length: cut, readings: sequential ? null : pool.read(buffer, cut) });
      await drain(workerCount * 2);
      options.onProgress?.(offset, size);
    }
    await drain(0);
    if (carry.length > 0) splitter.push(carry);
    splitter.finish();
    const report = verifier.finish();
    report.bytes_verified = offset;
    return report;
  } finally {
    await handle.close();
    await pool.close();
  }
}

class WorkerPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (r: BlockResult) => void; reject: (e: unknown) => void }>();
  private next = 0;

  constructor(count: number) {
    // Under tsx (tests) this module is .ts and so is its worker; built, both are .js.
    const url = new URL(import.meta.url.endsWith('.ts') ? './seal-worker.ts' : './seal-worker.js', import.meta.url);
    this.workers = Array.from({ length: count }, () => {
      // A small young generation keeps each worker's garbage (and so RSS) bounded.
      const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
      worker.on('message', (result: BlockResult) => {
        this.waiting.get(result.id)?.resolve(result);
        this.waiting.delete(result.id);
      });
      worker.on('error', (error) => {
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  /** Transfers `block` to a worker; it comes back with the readings. */
  read(block: ArrayBuffer, length: number): Promise<BlockResult> {
    const id = this.next++;
    const worker = this.workers[id % this.workers.length] as Worker;
    const result = new Promise<BlockResult>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, block, length } satisfies BlockRequest, [block]);
    });
    // Awaited later, in order; if an earlier block fails first, this one must not crash the process.
    result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
