// Reads a log in blocks of whole lines, scans each block for runs (chain-scan.ts) and feeds the
// results, in file order, to one ChainVerifier. The scanning is the expensive part (parse,
// pyCanon, sha256); with `workers` it runs on other cores while this thread only reads and
// feeds. Every verdict is made by the sequential ChainVerifier: scanning only reads ahead.
import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { feedBlock, scanBlock, type Segment } from './chain-scan.js';
import { LineSplitter } from './lines.js';
import type { ChainVerifier } from './verify.js';
import type { ScanReady, ScanRequest, ScanResult } from './seal-worker.js';

const BLOCK_BYTES = 512 * 1024;
const CARRY_ROOM = 64 * 1024;
const MIN_BLOCK_BYTES = 4096;
/** A block is cut at its last newline; a line longer than this is read as a stream instead. */
const MAX_BLOCK_BYTES = 64 * 1024 * 1024;
const LF = 0x0a;

/**
 * A sensible `workers` value for this machine: this thread scans too, so one worker per other
 * core, at most 3 (each costs ~20 MB), none on one core.
 */
export function parallelWorkers(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

export interface BlockReadOptions {
  /** Absolute offset to start at (a line boundary) and the number of the line there. */
  readonly start: number;
  readonly firstLine: number;
  /** Worker threads that scan blocks besides this thread (0: this thread scans them all). */
  readonly workers: number;
  readonly blockBytes?: number;
  /** A line longer than this is split as a stream (default 64 MiB; tests use tiny values). */
  readonly maxBlockBytes?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (offset: number, size: number) => void;
}

interface Pending {
  readonly buffer: SharedArrayBuffer;
  /** The block is `buffer[offset, offset + length)`. */
  readonly offset: number;
  readonly length: number;
  readonly base: number;
  /** Set once the block is scanned (here, or when a worker's answer arrives). */
  segments: Segment[] | null;
  /** A worker's scan in progress; null when this thread scanned the block. */
  scan: Promise<unknown> | null;
}

/** Feeds the whole file from `start` to the verifier; returns the offset reached (end of file). */
export async function feedFileInBlocks(path: string, verifier: ChainVerifier, options: BlockReadOptions): Promise<number> {
  const handle = await open(path, 'r');
  // Made only once the file is open, and always closed: a live worker keeps the process alive.
  const pool = options.workers > 0 ? new ScanPool(options.workers) : null;
  try {
    const size = (await handle.stat()).size;
    // A short tail (the console re-verifies a few appended lines every second) gets a block its
    // own size: a 512 KiB buffer per poll piles up as external memory faster than GC frees it.
    const blockBytes = Math.min(options.blockBytes ?? BLOCK_BYTES, Math.max(MIN_BLOCK_BYTES, size - options.start));
    const maxBlockBytes = options.maxBlockBytes ?? MAX_BLOCK_BYTES;
    // Blocks are shared with the workers, never copied, and reused, so memory stays at a few
    // blocks however large the log. Shared, not transferred: detaching a transferred buffer makes
    // V8 check every typed-array access in the isolate from then on, which halved scan speed.
    // Each chunk is read straight into a block, after CARRY_ROOM bytes kept free in front of it
    // for the partial line carried from the chunk before, so the block is contiguous uncopied.
    // (Tests with tiny blocks get a tiny room, so both ways of joining a carry are exercised.)
    const room = Math.min(CARRY_ROOM, blockBytes);
    const spare: SharedArrayBuffer[] = [];
    const take = () => spare.pop() ?? new SharedArrayBuffer(room + blockBytes);
    const recycle = (b: SharedArrayBuffer) => {
      if (b.byteLength === room + blockBytes) spare.push(b);
    };
    let line = options.firstLine;
    const feed = (block: Buffer, base: number, segments: readonly Segment[]) => {
      line = feedBlock(verifier, block, base, line, segments);
    };
    const queue: Pending[] = [];
    // Feeds blocks in file order: those already scanned, then (waiting) until at most `keep` are left.
    const drain = async (keep: number) => {
      for (;;) {
        const head = queue[0];
        if (!head) return;
        if (!head.segments) {
          if (queue.length <= keep) return;
          await head.scan;
        }
        queue.shift();
        feed(Buffer.from(head.buffer, head.offset, head.length), head.base, head.segments as Segment[]);
        recycle(head.buffer);
      }
    };
    // Bytes not yet fed (a partial line, kept as the chunks it came in) start at offset `base`.
    let carry: Buffer[] = [];
    let carried = 0;
    let base = options.start;
    let offset = options.start;
    // After a line too long for a block, the rest of the file is split here, as a stream.
    let stream: LineSplitter | null = null;
    // Alone, this thread has the next chunk read (by libuv's pool) while it scans this one. With
    // workers, both cores are scanning and that read waited for a core: 120-140 ms of the ~0.8 s
    // of a 200 MiB log went on such waits. So then it reads itself, after a turn of the event loop
    // (setImmediate) that takes in the workers' answers, as the awaited read did.
    const readAhead = () => {
      const target = take();
      const into = Buffer.from(target, room, blockBytes);
      const at = offset;
      const read = pool
        ? new Promise<{ bytesRead: number }>((resolveRead, rejectRead) => {
            setImmediate(() => {
              try {
                resolveRead({ bytesRead: readSync(handle.fd, into, 0, blockBytes, at) });
              } catch (error) {
                rejectRead(error instanceof Error ? error : new Error(String(error)));
              }
            });
          })
        : handle.read(into, 0, blockBytes, at);
      read.catch(() => undefined); // awaited below; must not go unhandled if the loop ends first
      return { target, read };
    };
    let ahead = readAhead();
    for (;;) {
      options.signal?.throwIfAborted();
      const { target } = ahead;
      const { bytesRead } = await ahead.read;
      if (bytesRead === 0) {
        recycle(target);
        break;
      }
      offset += bytesRead;
      ahead = readAhead();
      const chunk = Buffer.from(target, room, bytesRead);
      const lastLf = chunk.lastIndexOf(LF);
      if (stream || (lastLf === -1 && carried + bytesRead > maxBlockBytes)) {
        if (!stream) {
          await drain(0);
          stream = new LineSplitter(base, line, (raw) => verifier.push(raw));
          for (const part of carry) stream.push(part);
          carry = [];
        }
        stream.push(chunk); // the splitter copies what it keeps
        recycle(target);
      } else if (lastLf === -1) {
        carry.push(Buffer.from(chunk)); // no line ends here yet: read on
        carried += bytesRead;
        recycle(target);
      } else {
        const cut = carried + lastLf + 1;
        // The carried bytes go in front of the chunk, or (a line longer than the room) into a
        // block of their own size.
        const inPlace = carried <= room;
        const buffer = inPlace ? target : new SharedArrayBuffer(cut);
        const blockStart = inPlace ? room - carried : 0;
        const bytes = Buffer.from(buffer, blockStart, cut);
        let at = 0;
        for (const part of carry) at += part.copy(bytes, at);
        if (!inPlace) {
          chunk.copy(bytes, at, 0, lastLf + 1);
          recycle(target);
        }
        carry = lastLf + 1 < bytesRead ? [Buffer.from(chunk.subarray(lastLf + 1))] : [];
        carried = bytesRead - lastLf - 1;
        if (pool) {
          // Workers get blocks once they have started and while they have fewer than two each in
          // hand; this thread scans the rest itself instead of waiting, so no core idles whatever
          // their speeds. (Blocks handed to a worker still starting, ~80 ms, would soon stall the
          // feeding here: it waits for them in file order.)
          const pending: Pending = { buffer, offset: blockStart, length: cut, base, segments: null, scan: null };
          const scan = pool.scan(buffer, blockStart, cut)?.then((result) => (pending.segments = result.segments));
          if (scan) {
            scan.catch(() => undefined); // awaited in order; a failure must not go unhandled before
            pending.scan = scan;
          } else {
            pending.segments = scanBlock(bytes);
          }
          queue.push(pending);
          await drain(4 * (options.workers + 1));
        } else {
          feed(bytes, base, scanBlock(bytes));
          recycle(buffer);
        }
        base += cut;
      }
      options.onProgress?.(offset, size);
    }
    await drain(0);
    if (stream) stream.finish();
    else if (carried > 0) {
      const rest = Buffer.concat(carry);
      feed(rest, base, scanBlock(rest));
    }
    return offset;
  } finally {
    await handle.close();
    await pool?.close();
  }
}

class ScanPool {
  private readonly workers: Worker[];
  /** Blocks in each worker's hand; -1 until it has started. */
  private readonly inHand: number[];
  private readonly waiting = new Map<number, { worker: number; resolve: (r: ScanResult) => void; reject: (e: unknown) => void }>();
  private next = 0;

  constructor(count: number) {
    // Under tsx (tests) this module is .ts and so is its worker; built, both are .js.
    const url = new URL(import.meta.url.endsWith('.ts') ? './seal-worker.ts' : './seal-worker.js', import.meta.url);
    this.inHand = Array.from({ length: count }, () => -1);
    this.workers = Array.from({ length: count }, (_, index) => {
      // A small young generation keeps each worker's garbage (and so RSS) bounded.
      const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      worker.on('message', (message: ScanResult | ScanReady) => {
        if ('ready' in message) {
          this.inHand[index] = 0;
          return;
        }
        const waiting = this.waiting.get(message.id);
        this.waiting.delete(message.id);
        if (!waiting) return;
        this.inHand[waiting.worker] = (this.inHand[waiting.worker] as number) - 1;
        waiting.resolve(message);
      });
      worker.on('error', (error) => {
        // A failed worker takes no more blocks: one posted to it would never be answered.
        this.inHand[index] = -1;
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  /**
   * Has a started worker with fewer than two blocks in hand scan `block`, which this thread then
   * leaves alone until the scan is back; null when none can take it now.
   */
  scan(block: SharedArrayBuffer, offset: number, length: number): Promise<ScanResult> | null {
    let index = -1;
    for (let i = 0; i < this.inHand.length; i++) {
      const held = this.inHand[i] as number;
      if (held >= 0 && held < 2 && (index < 0 || held < (this.inHand[index] as number))) index = i;
    }
    if (index < 0) return null;
    const id = this.next++;
    const worker = this.workers[index] as Worker;
    this.inHand[index] = (this.inHand[index] as number) + 1;
    const result = new Promise<ScanResult>((resolve, reject) => {
      this.waiting.set(id, { worker: index, resolve, reject });
      worker.postMessage({ id, block, offset, length } satisfies ScanRequest);
    });
    // Awaited later, in order; if an earlier block fails first, this one must not crash the process.
    result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
