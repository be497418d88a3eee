// Pre-flight for a backup archive: every member judged, the whole gzip stream decompressed and
// counted (never written), before anything is extracted. A member that could land outside the
// deployment, link to elsewhere or create a device, and an archive that expands like a bomb, are
// refused here.
import { createReadStream } from 'node:fs';
import { stat, statfs } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { posix } from 'node:path';
import { ConsoleError, EXIT, fileError } from '../../errors.js';
import { TarFormatError, TarScanner, type TarMember } from './tar-scan.js';

/** What backup.sh puts in an archive besides `.eventloom/`. */
export const KNOWN_FILES = ['.env.example', 'AGENTS.md', 'README.md', 'docs/runbook.md'] as const;
const KNOWN_DIRS = ['docs'];
export const EVENTLOOM_DIR = '.eventloom';

export interface ArchiveLimits {
  /** Refuse when expanded bytes exceed both maxRatio × compressed and ratioFloorBytes. */
  readonly maxRatio: number;
  readonly ratioFloorBytes: number;
}

export const DEFAULT_LIMITS: ArchiveLimits = { maxRatio: 100, ratioFloorBytes: 64 * 1024 * 1024 };

export interface ArchiveInspection {
  readonly members: readonly TarMember[];
  readonly compressedBytes: number;
  readonly expandedBytes: number;
  /** Member names of the session logs (`.eventloom/<sid>.jsonl`, top level only, as Zaxy discovers them). */
  readonly sessionLogs: readonly string[];
}

/** Why a member may not be extracted, or null when it is fine. Pure. */
export function judgeMember(member: TarMember): string | null {
  const name = member.name;
  if (name.startsWith('/')) return `absolute path member ${name}`;
  if (name.split('/').includes('..')) return `member ${name} climbs out with ..`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return `member name with control characters ${JSON.stringify(name)}`;
  switch (member.kind) {
    case 'symlink':
      return `symlink member ${name} -> ${member.linkname}`;
    case 'hardlink':
      return `hard link member ${name} => ${member.linkname}`;
    case 'char-device':
    case 'block-device':
      return `device node member ${name}`;
    case 'fifo':
      return `FIFO member ${name}`;
    case 'other':
      return `member ${name} of unsupported tar type ${JSON.stringify(member.typeflag)}`;
    case 'file':
    case 'directory':
      break;
  }
  const normal = posix.normalize(name.replace(/^(\.\/)+/, '')).replace(/\/$/, '');
  if (normal === EVENTLOOM_DIR || normal.startsWith(`${EVENTLOOM_DIR}/`)) return null;
  if (member.kind === 'file' && (KNOWN_FILES as readonly string[]).includes(normal)) return null;
  if (member.kind === 'directory' && KNOWN_DIRS.includes(normal)) return null;
  return `member ${name} is outside ${EVENTLOOM_DIR}/ and the files a Zaxy backup holds`;
}

export function sessionLogName(memberName: string): string | null {
  const normal = posix.normalize(memberName.replace(/^(\.\/)+/, ''));
  const match = /^\.eventloom\/([^/]+\.jsonl)$/.exec(normal);
  return match?.[1] ?? null;
}

export async function inspectArchive(
  archive: string,
  options: { signal?: AbortSignal; limits?: ArchiveLimits; onProgress?: (compressedDone: number, compressedTotal: number) => void } = {},
): Promise<ArchiveInspection> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  let compressedBytes: number;
  try {
    compressedBytes = (await stat(archive)).size;
  } catch (error) {
    throw fileError(archive, error, 'archive');
  }
  const maxExpanded = Math.max(limits.ratioFloorBytes, compressedBytes * limits.maxRatio);
  const members: TarMember[] = [];
  const refusals: string[] = [];
  const scanner = new TarScanner((member) => {
    members.push(member);
    const reason = judgeMember(member);
    if (reason) refusals.push(reason);
  });
  let expandedBytes = 0;
  let readBytes = 0;
  const source = createReadStream(archive, { signal: options.signal });
  source.on('data', (chunk) => {
    readBytes += chunk.length;
    options.onProgress?.(readBytes, compressedBytes);
  });
  const gunzip = createGunzip();
  try {
    for await (const chunk of source.pipe(gunzip)) {
      const buffer = chunk as Buffer;
      expandedBytes += buffer.length;
      if (expandedBytes > maxExpanded) {
        throw refuse('ARCHIVE_BOMB', `archive expands beyond ${formatBytes(maxExpanded)} (over ${limits.maxRatio}× its ${formatBytes(compressedBytes)}): refusing it as a decompression bomb`,
          'inspect the archive by hand; a Zaxy backup of JSONL logs compresses far less than this');
      }
      if (!scanner.ended) scanner.push(buffer);
    }
    scanner.finish();
  } catch (error) {
    source.destroy();
    gunzip.destroy();
    if (error instanceof ConsoleError) throw error;
    if (options.signal?.aborted) throw new ConsoleError('CANCELLED', 'cancelled while inspecting the archive', { exitCode: EXIT.cancelled });
    if (error instanceof TarFormatError) throw refuse('ARCHIVE_CORRUPT', `archive ${archive} is not a valid tar: ${error.message}`, 'use another copy of the backup');
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_')) throw refuse('ARCHIVE_CORRUPT', `archive ${archive} is not a valid gzip stream (${(error as Error).message})`, 'use another copy of the backup');
    throw fileError(archive, error, 'archive');
  }
  if (refusals.length > 0) {
    const more = refusals.length > 1 ? ` (and ${refusals.length - 1} more)` : '';
    throw refuse('ARCHIVE_UNSAFE', `archive refused: ${refusals[0]}${more}`, 'a Zaxy backup holds only regular files under .eventloom/ and a few docs; do not restore this archive');
  }
  if (members.length === 0) throw refuse('ARCHIVE_EMPTY', `archive ${archive} has no members`, 'use another backup');
  const sessionLogs = members.filter((m) => m.kind === 'file' && sessionLogName(m.name) !== null).map((m) => m.name);
  return { members, compressedBytes, expandedBytes, sessionLogs };
}

/** Refuses when the filesystem holding `dir` cannot take `bytes` plus a 10 % margin. */
export async function checkFreeSpace(dir: string, bytes: number): Promise<void> {
  const fs = await statfs(dir);
  const free = Number(fs.bavail) * Number(fs.bsize);
  const needed = Math.ceil(bytes * 1.1) + 1024 * 1024;
  if (free < needed) {
    throw refuse('DISK_SHORT', `not enough free space on ${dir}: ${formatBytes(free)} free, ${formatBytes(needed)} needed`, 'free some space or restore elsewhere');
  }
}

function refuse(code: string, message: string, hint: string): ConsoleError {
  return new ConsoleError(code, message, { hint, exitCode: EXIT.failure });
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
