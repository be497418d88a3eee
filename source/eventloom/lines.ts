// The only I/O in source/eventloom's verifier: a byte-level line splitter over a file, in
// constant memory (one chunk plus the current line). Lines end at \n, \r\n or a lone \r —
// where both Python's universal newlines and Eventloom split — and are numbered physically.
import { open } from 'node:fs/promises';

export interface RawLine {
  /** The line's bytes without its terminator (empty when `tooLong`). */
  readonly bytes: Buffer;
  /** 1-based physical line number. */
  readonly line: number;
  /** Absolute byte offset of the line's first byte. */
  readonly start: number;
  /** Absolute byte offset just past the terminator (or past the last byte when unterminated). */
  readonly end: number;
  readonly terminated: boolean;
  /** The line exceeded MAX_LINE_BYTES; its bytes were dropped. */
  readonly tooLong: boolean;
}

export interface ReadLinesOptions {
  /** Byte offset to start at; must be a line boundary. */
  readonly start?: number;
  /** Physical number of the first line read (default 1). */
  readonly firstLine?: number;
  readonly chunkBytes?: number;
  readonly signal?: AbortSignal;
  /** Called after each chunk with the absolute offset reached and the file size at open. */
  readonly onProgress?: (offset: number, size: number) => void;
}

export interface ReadLinesResult {
  /** Absolute offset where reading stopped (end of file as seen). */
  readonly end: number;
  readonly size: number;
}

/** A line this long cannot be decoded into one JS string; it is reported, not held. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** Calls `onLine` synchronously for every line; returning `false` stops the read early. */
export async function readLines(
  path: string,
  options: ReadLinesOptions,
  onLine: (line: RawLine) => boolean | void,
): Promise<ReadLinesResult> {
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const chunkBytes = options.chunkBytes ?? 1024 * 1024;
    const splitter = new LineSplitter(options.start ?? 0, options.firstLine ?? 1, onLine);
    let offset = options.start ?? 0;
    // One buffer for the whole read: the splitter copies whatever it keeps across chunks.
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await handle.read(chunk, 0, chunkBytes, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      const more = splitter.push(chunk.subarray(0, bytesRead));
      options.onProgress?.(offset, size);
      if (!more) return { end: splitter.consumed, size };
    }
    splitter.finish();
    return { end: offset, size };
  } finally {
    await handle.close();
  }
}

/** Splits a byte stream into lines; exported so tests can feed it arbitrary chunkings. */
export class LineSplitter {
  private pieces: Buffer[] = [];
  /** Bytes of the unfinished line held so far (counted even when dropped for overflow). */
  private pending = 0;
  private overflow = false;
  private stopped = false;

  constructor(
    /** Absolute offset of the next line's first byte. */
    public consumed: number,
    private line: number,
    private readonly onLine: (line: RawLine) => boolean | void,
  ) {}

  /** Returns false once the consumer asked to stop. */
  push(chunk: Buffer): boolean {
    if (this.stopped) return false;
    let rest = chunk;
    if (this.heldCr()) {
      // The held line ended in a \r at the end of the last chunk: now we know if \n follows.
      if (chunk.length === 0) return true;
      const crlf = chunk[0] === LF;
      const held = this.take(Buffer.alloc(0));
      this.emit(held.subarray(0, held.length - 1), held.length + (crlf ? 1 : 0), true);
      if (this.stopped) return false;
      rest = chunk.subarray(crlf ? 1 : 0);
    } else if (this.pending > 0) {
      // Finish the held line with the head of this chunk: copying the whole chunk onto the held
      // bytes would allocate a chunk-sized buffer per read, which showed up in peak RSS.
      const lf = chunk.indexOf(LF);
      const cr = chunk.indexOf(CR);
      const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      // No terminator yet, or a \r at the very end that may be the first half of \r\n: wait.
      if (end === -1 || (end === cr && cr + 1 === chunk.length)) {
        this.hold(chunk);
        return true;
      }
      const terminator = end === cr && chunk[cr + 1] === LF ? 2 : 1;
      const line = this.take(chunk.subarray(0, end));
      this.emit(line, line.length + terminator, true);
      if (this.stopped) return false;
      rest = chunk.subarray(end + terminator);
    }
    this.split(rest, false);
    return !this.stopped;
  }

  private heldCr(): boolean {
    const last = this.overflow ? undefined : this.pieces[this.pieces.length - 1];
    return last !== undefined && last[last.length - 1] === CR;
  }

  /** End of input: an unfinished last line is emitted as unterminated. */
  finish(): void {
    if (this.stopped || this.pending === 0) return;
    const rest = this.split(this.take(Buffer.alloc(0)), true);
    if (!this.stopped && (rest.length > 0 || this.overflow)) this.emit(rest, rest.length, false);
  }

  /** The held bytes plus `chunk`, as one buffer (overflowed bytes are gone; `pending` counts them). */
  private take(chunk: Buffer): Buffer {
    const buf = this.pieces.length > 0 ? Buffer.concat([...this.pieces, chunk]) : chunk;
    this.pieces = [];
    if (!this.overflow) this.pending = 0;
    return buf;
  }

  /** Emits every complete line in `buf`; holds (or, at eof, returns) the unfinished rest. */
  private split(buf: Buffer, eof: boolean): Buffer {
    let pos = 0;
    let lf = buf.indexOf(LF);
    let cr = buf.indexOf(CR);
    while (lf !== -1 || cr !== -1) {
      let end: number;
      let terminator: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A \r at the very end may be the first half of \r\n: wait for the next chunk.
        if (cr + 1 === buf.length && !eof) break;
        end = cr;
        terminator = buf[cr + 1] === LF ? 2 : 1;
      } else {
        end = lf;
        terminator = 1;
      }
      this.emit(buf.subarray(pos, end), end - pos + terminator, true);
      if (this.stopped) return Buffer.alloc(0);
      pos = end + terminator;
      if (lf !== -1 && lf < pos) lf = buf.indexOf(LF, pos);
      if (cr !== -1 && cr < pos) cr = buf.indexOf(CR, pos);
    }
    const rest = buf.subarray(pos);
    if (eof) return rest;
    if (rest.length > 0) this.hold(rest);
    return Buffer.alloc(0);
  }

  private hold(bytes: Buffer): void {
    this.pending += bytes.length;
    if (this.overflow) return;
    if (this.pending > MAX_LINE_BYTES) {
      this.overflow = true;
      this.pieces = [];
      return;
    }
    // Copy: the caller may reuse the chunk's memory, and a small slice must not pin it.
    this.pieces.push(Buffer.from(bytes));
  }

  private emit(bytes: Buffer, length: number, terminated: boolean): void {
    // An overflowed line's dropped bytes still count towards its length.
    const dropped = this.overflow ? this.pending : 0;
    const tooLong = this.overflow || bytes.length > MAX_LINE_BYTES;
    this.overflow = false;
    this.pending = 0;
    const start = this.consumed;
    this.consumed += dropped + length;
    const result = this.onLine({ bytes: tooLong ? Buffer.alloc(0) : bytes, line: this.line, start, end: this.consumed, terminated, tooLong });
    this.line++;
    if (result === false) this.stopped = true;
  }
}
