// A small streaming reader for the archives backup.sh writes (GNU tar, gzip), so the console can
// list and verify a backup without extracting it. It understands ustar, GNU long names ('L'/'K')
// and pax headers ('x'/'g': path, linkpath, size), and checks every header checksum, so a damaged
// archive fails loudly instead of yielding garbage members.
//
// Members are yielded one at a time. A member's `content` must be consumed (or ignored) before
// asking for the next member; whatever is left unread is skipped.
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

export type TarMemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface TarEntry {
  readonly type: TarMemberType;
  /** The raw typeflag character ('0', '5', …) for callers that care about devices and fifos. */
  readonly typeflag: string;
  /** Full path inside the archive as stored (pax/GNU long names applied), e.g. `./.eventloom/a.jsonl`. */
  readonly name: string;
  readonly size: number;
  readonly linkname: string;
  /** Permission bits (and setuid/setgid/sticky), e.g. 0o644. */
  readonly mode: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
}

export interface TarMember extends TarEntry {
  /** The member's bytes; single use. Empty for anything but regular files. */
  readonly content: AsyncIterable<Buffer>;
}

export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TarFormatError';
  }
}

const BLOCK = 512;

/** Reads a `.tar.gz` file as a stream; nothing is written to disk. */
export function readTarGzFile(path: string): AsyncGenerator<TarMember> {
  const gunzip = pipeline(createReadStream(path), createGunzip(), () => {
    // Errors surface through the iterator of the last stream; nothing else to do here.
  });
  return readTar(gunzip);
}

/** Reads an uncompressed tar stream. */
export async function* readTar(input: AsyncIterable<Uint8Array> | Readable): AsyncGenerator<TarMember> {
  const bytes = new ByteReader(input[Symbol.asyncIterator]());
  let globalPax: Record<string, string> = {};
  let pendingPax: Record<string, string> = {};
  let longName: string | null = null;
  let longLink: string | null = null;
  try {
    for (;;) {
      const header = await bytes.read(BLOCK);
      if (header === null) throw new TarFormatError('archive ends without the end-of-archive marker');
      if (isZero(header)) return;
      const raw = parseHeader(header);
      const padded = Math.ceil(raw.size / BLOCK) * BLOCK;
      if (raw.typeflag === 'x' || raw.typeflag === 'g' || raw.typeflag === 'L' || raw.typeflag === 'K') {
        const body = await bytes.read(padded);
        if (body === null) throw new TarFormatError(`archive ends inside an extended header for ${raw.name}`);
        const data = body.subarray(0, raw.size);
        if (raw.typeflag === 'x') pendingPax = { ...pendingPax, ...parsePax(data) };
        else if (raw.typeflag === 'g') globalPax = { ...globalPax, ...parsePax(data) };
        else if (raw.typeflag === 'L') longName = cString(data);
        else longLink = cString(data);
        continue;
      }
      const pax = { ...globalPax, ...pendingPax };
      const size = pax.size !== undefined ? Number(pax.size) : raw.size;
      if (!Number.isSafeInteger(size) || size < 0) throw new TarFormatError(`bad size for ${raw.name}`);
      const entry: TarEntry = {
        type: memberType(raw.typeflag),
        typeflag: raw.typeflag,
        name: pax.path ?? longName ?? raw.name,
        size,
        linkname: pax.linkpath ?? longLink ?? raw.linkname,
        mode: raw.mode,
        mtime: pax.mtime !== undefined ? Math.floor(Number(pax.mtime)) : raw.mtime,
      };
      pendingPax = {};
      longName = null;
      longLink = null;
      const content = bytes.take(size, entry.name);
      yield { ...entry, content };
      await content.skipRest();
      await bytes.skip(Math.ceil(size / BLOCK) * BLOCK - size, entry.name);
    }
  } finally {
    await bytes.close();
  }
}

interface RawHeader {
  readonly name: string;
  readonly mode: number;
  readonly size: number;
  readonly mtime: number;
  readonly typeflag: string;
  readonly linkname: string;
}

function parseHeader(block: Buffer): RawHeader {
  const stored = parseNumeric(block.subarray(148, 156));
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
  if (stored !== sum) throw new TarFormatError('tar header checksum mismatch (corrupted or not a tar archive)');
  const magic = block.subarray(257, 262).toString('latin1');
  const prefix = magic === 'ustar' ? cString(block.subarray(345, 500)) : '';
  const name = cString(block.subarray(0, 100));
  return {
    name: prefix ? `${prefix}/${name}` : name,
    mode: parseNumeric(block.subarray(100, 108)),
    size: parseNumeric(block.subarray(124, 136)),
    mtime: parseNumeric(block.subarray(136, 148)),
    typeflag: block[156] === 0 || block[156] === undefined ? '0' : String.fromCharCode(block[156]),
    linkname: cString(block.subarray(157, 257)),
  };
}

/** Octal text, or GNU base-256 when the high bit of the first byte is set. */
function parseNumeric(field: Buffer): number {
  if (field.length > 0 && ((field[0] ?? 0) & 0x80) !== 0) {
    let value = (field[0] ?? 0) & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + (field[i] ?? 0);
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`bad numeric field in tar header: "${text}"`);
  return parseInt(text, 8);
}

/** pax records: "<len> <key>=<value>\n", len counting the whole record in bytes. */
function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    if (space < 0) break;
    const length = Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || pos + length > data.length) throw new TarFormatError('malformed pax header');
    const record = data.subarray(space + 1, pos + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    pos += length;
  }
  return out;
}

function memberType(flag: string): TarMemberType {
  switch (flag) {
    case '0':
    case '7':
      return 'file';
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '5':
      return 'directory';
    default:
      return 'other';
  }
}

const cString = (b: Buffer) => {
  const end = b.indexOf(0);
  return b.subarray(0, end < 0 ? b.length : end).toString('utf8');
};

const isZero = (b: Buffer) => b.every((x) => x === 0);

interface MemberContent extends AsyncIterable<Buffer> {
  skipRest(): Promise<void>;
}

/** Pulls exact byte counts out of a chunked stream without copying more than it must. */
class ByteReader {
  private buffered: Buffer[] = [];
  private bufferedLength = 0;
  private done = false;

  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  private async fill(min: number): Promise<boolean> {
    while (this.bufferedLength < min && !this.done) {
      const next = await this.source.next();
      if (next.done) this.done = true;
      else {
        const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
        this.buffered.push(chunk);
        this.bufferedLength += chunk.length;
      }
    }
    return this.bufferedLength >= min;
  }

  /** Exactly n bytes, or null if the stream ends first. */
  async read(n: number): Promise<Buffer | null> {
    if (!(await this.fill(n))) return null;
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.buffered = rest.length > 0 ? [rest] : [];
    this.bufferedLength = rest.length;
    return out;
  }

  /** Up to n bytes from what is buffered or the next chunk; null at end of stream. */
  private async some(n: number): Promise<Buffer | null> {
    if (this.bufferedLength === 0 && !(await this.fill(1))) return null;
    const head = this.buffered[0]!;
    if (head.length <= n) {
      this.buffered.shift();
      this.bufferedLength -= head.length;
      return head;
    }
    this.buffered[0] = head.subarray(n);
    this.bufferedLength -= n;
    return head.subarray(0, n);
  }

  take(n: number, name: string): MemberContent {
    let remaining = n;
    const next = async (): Promise<Buffer | null> => {
      if (remaining === 0) return null;
      const chunk = await this.some(remaining);
      if (chunk === null) throw new TarFormatError(`archive ends inside ${name}`);
      remaining -= chunk.length;
      return chunk;
    };
    return {
      async *[Symbol.asyncIterator]() {
        for (let chunk = await next(); chunk !== null; chunk = await next()) yield chunk;
      },
      async skipRest() {
        while ((await next()) !== null);
      },
    };
  }

  async skip(n: number, name: string): Promise<void> {
    if (n > 0 && (await this.read(n)) === null) throw new TarFormatError(`archive ends inside ${name}`);
  }

  async close(): Promise<void> {
    await this.source.return?.();
  }
}

/** Convenience for small members (manifests, configs): the whole content as one Buffer. */
export async function readMemberBytes(member: TarMember, limit = 16 * 1024 * 1024): Promise<Buffer> {
  if (member.size > limit) throw new TarFormatError(`${member.name} is larger than ${limit} bytes`);
  const parts: Buffer[] = [];
  for await (const chunk of member.content) parts.push(chunk);
  return Buffer.concat(parts);
}

/** A member's content as a Node stream, for APIs that want one. */
export const memberStream = (member: TarMember): Readable => Readable.from(member.content);
