// Hand-made tar members for hostile-archive tests: GNU tar will not write most of these (an
// absolute name, a `..` member, a device node as non-root), so the headers are built here.
import { gzipSync } from 'node:zlib';

export interface CraftedMember {
  readonly name: string;
  /** '0' file, '1' hard link, '2' symlink, '3' char device, '5' directory, … */
  readonly type?: string;
  readonly data?: Buffer | string;
  readonly linkname?: string;
  readonly mode?: number;
}

const BLOCK = 512;

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, '0')}\u0000`;
}

export function tarHeader(member: CraftedMember, size: number): Buffer {
  const h = Buffer.alloc(BLOCK);
  h.write(member.name, 0, 100, 'utf8');
  h.write(octal(member.mode ?? 0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(1_700_000_000, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(member.type ?? '0', 156, 'latin1');
  h.write(member.linkname ?? '', 157, 100, 'utf8');
  h.write('ustar\u0000', 257, 'latin1');
  h.write('00', 263, 'latin1');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'latin1');
  return h;
}

export function tarBytes(members: readonly CraftedMember[]): Buffer {
  const parts: Buffer[] = [];
  for (const m of members) {
    const data = typeof m.data === 'string' ? Buffer.from(m.data) : (m.data ?? Buffer.alloc(0));
    parts.push(tarHeader(m, data.length));
    if (data.length > 0) parts.push(data, Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return Buffer.concat(parts);
}

export const tarGz = (members: readonly CraftedMember[]): Buffer => gzipSync(tarBytes(members));
