// A minimal ustar writer, so the demo can build real `.tar.gz` backups (readable by GNU tar and
// Zaxy's restore.sh) without shelling out: `npm start` must need nothing beyond npm install.
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  /** Relative path; directories end with `/`. */
  readonly name: string;
  readonly content?: Buffer;
  readonly mtimeMs: number;
}

const BLOCK = 512;

export function tarGz(entries: readonly TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const isDir = entry.name.endsWith('/');
    const content = isDir ? Buffer.alloc(0) : (entry.content ?? Buffer.alloc(0));
    parts.push(header(entry.name, content.length, isDir, entry.mtimeMs));
    if (content.length > 0) {
      parts.push(content);
      const pad = (BLOCK - (content.length % BLOCK)) % BLOCK;
      if (pad > 0) parts.push(Buffer.alloc(pad));
    }
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts));
}

function header(name: string, size: number, isDir: boolean, mtimeMs: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new RangeError(`tar member name too long for ustar: ${name}`);
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  octal(block, 100, 8, isDir ? 0o755 : 0o644);
  octal(block, 108, 8, 0);
  octal(block, 116, 8, 0);
  octal(block, 124, 12, size);
  octal(block, 136, 12, Math.floor(mtimeMs / 1000));
  block.fill(0x20, 148, 156);
  block.write(isDir ? '5' : '0', 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  block.write('root', 265, 32, 'ascii');
  block.write('root', 297, 32, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, length, 'ascii');
}
