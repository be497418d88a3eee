// Reads tar headers from a decompressed byte stream without extracting anything, so a restore
// can judge every member (type, name, link target) before a single byte lands on disk. Handles
// ustar, GNU long names ('L'/'K') and pax headers ('x'/'g'), which is what GNU tar writes.

export type TarMemberKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'char-device' | 'block-device' | 'fifo' | 'other';

export interface TarMember {
  readonly name: string;
  readonly kind: TarMemberKind;
  /** The raw typeflag, for messages about unusual members. */
  readonly typeflag: string;
  readonly size: number;
  readonly linkname: string;
  readonly mode: number;
}

export class TarFormatError extends Error {
  override readonly name = 'TarFormatError';
}

const BLOCK = 512;
/** Metadata members (long names, pax records) bigger than this are not plausible. */
const MAX_META_BYTES = 1024 * 1024;

type State =
  | { readonly at: 'header' }
  /** `remaining` counts padded bytes; `size` is the member's real length. */
  | { readonly at: 'data'; remaining: number; readonly size: number; readonly collect: 'L' | 'K' | 'x' | 'g' | null; readonly parts: Buffer[] }
  | { readonly at: 'end' };

/** Feed decompressed chunks; each complete member header is passed to `onMember`. */
export class TarScanner {
  private state: State = { at: 'header' };
  private pending: Buffer = Buffer.alloc(0);
  private longName: string | null = null;
  private longLink: string | null = null;
  private pax: Map<string, string> = new Map();
  private globalPax: Map<string, string> = new Map();
  private zeroBlocks = 0;
  private current: string | null = null;

  constructor(private readonly onMember: (member: TarMember) => void) {}

  get ended(): boolean {
    return this.state.at === 'end';
  }

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let offset = 0;
    while (this.state.at !== 'end') {
      if (this.state.at === 'header') {
        if (this.pending.length - offset < BLOCK) break;
        this.header(this.pending.subarray(offset, offset + BLOCK));
        offset += BLOCK;
      } else {
        const state = this.state;
        const take = Math.min(state.remaining, this.pending.length - offset);
        if (take === 0) break;
        if (state.collect) state.parts.push(Buffer.from(this.pending.subarray(offset, offset + take)));
        offset += take;
        state.remaining -= take;
        if (state.remaining === 0) this.finishData(state);
      }
    }
    this.pending = Buffer.from(this.pending.subarray(offset));
  }

  /** Call at the end of the stream: a tar that stops inside a member is truncated. */
  finish(): void {
    if (this.state.at === 'data') throw new TarFormatError(`archive ends inside member ${this.current ?? '?'}`);
    if (this.state.at === 'header' && this.pending.some((b) => b !== 0)) throw new TarFormatError('archive ends inside a header');
    // GNU tar accepts a missing end-of-archive marker with a warning; so do we.
  }

  private header(block: Buffer): void {
    if (block.every((b) => b === 0)) {
      this.zeroBlocks += 1;
      if (this.zeroBlocks >= 2) this.state = { at: 'end' };
      return;
    }
    this.zeroBlocks = 0;
    if (!checksumOk(block)) throw new TarFormatError('a tar header has a bad checksum (not a tar archive, or corrupted)');
    const typeflag = String.fromCharCode(block[156] ?? 0);
    const size = readNumber(block.subarray(124, 136));
    const magic = block.subarray(257, 263).toString('latin1');
    const prefix = magic === 'ustar\u0000' ? cString(block.subarray(345, 500)) : '';
    const rawName = cString(block.subarray(0, 100));
    const name = this.pax.get('path') ?? this.globalPax.get('path') ?? this.longName ?? (prefix ? `${prefix}/${rawName}` : rawName);
    const linkname = this.pax.get('linkpath') ?? this.longLink ?? cString(block.subarray(157, 257));
    const paxSize = this.pax.get('size');
    const realSize = paxSize !== undefined && /^\d+$/.test(paxSize) ? Number(paxSize) : size;
    if (typeflag === 'L' || typeflag === 'K' || typeflag === 'x' || typeflag === 'g') {
      if (size > MAX_META_BYTES) throw new TarFormatError(`a tar metadata record is implausibly large (${size} bytes)`);
      this.current = `(${typeflag} record)`;
      this.state = { at: 'data', remaining: padded(size), size, collect: typeflag, parts: [] };
      if (size === 0) this.finishData(this.state);
      return;
    }
    this.longName = null;
    this.longLink = null;
    this.pax = new Map();
    const kind = kindOf(typeflag);
    this.onMember({ name, kind, typeflag, size: realSize, linkname, mode: readNumber(block.subarray(100, 108)) });
    // Only regular files carry data (a hard link's size field is ignored by GNU tar).
    const dataBytes = kind === 'file' || typeflag === 'S' ? realSize : 0;
    this.current = name;
    this.state = dataBytes > 0 ? { at: 'data', remaining: padded(dataBytes), size: dataBytes, collect: null, parts: [] } : { at: 'header' };
  }

  private finishData(state: Extract<State, { at: 'data' }>): void {
    this.state = { at: 'header' };
    if (!state.collect) return;
    const data = Buffer.concat(state.parts).subarray(0, state.size);
    if (state.collect === 'L') this.longName = cString(data);
    else if (state.collect === 'K') this.longLink = cString(data);
    else {
      const records = parsePax(data);
      if (state.collect === 'x') this.pax = records;
      else for (const [k, v] of records) this.globalPax.set(k, v);
    }
  }
}

const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;

function kindOf(typeflag: string): TarMemberKind {
  switch (typeflag) {
    case '0':
    case '\u0000':
    case '7':
      return 'file';
    case '5':
      return 'directory';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    case '3':
      return 'char-device';
    case '4':
      return 'block-device';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

function cString(bytes: Buffer): string {
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? bytes.length : end).toString('utf8');
}

function readNumber(field: Buffer): number {
  // GNU base-256 for values that do not fit in octal.
  if ((field[0] ?? 0) & 0x80) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = cString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`a tar header has a malformed number field (${JSON.stringify(text)})`);
  return parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = cString(block.subarray(148, 156)).trim();
  if (!/^[0-7]+$/.test(stored)) return false;
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  return sum === parseInt(stored, 8);
}

/** pax records: `<len> <key>=<value>\n`. */
function parsePax(data: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number(data.subarray(offset, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || offset + length > data.length) throw new TarFormatError('a pax header is malformed');
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out.set(record.slice(0, eq), record.slice(eq + 1));
    offset += length;
  }
  return out;
}
