// "A corrupted archive is not a backup": opens a backup.sh archive as a stream and verifies every
// Eventloom log inside it (live logs and rotated archives) with the engine, without extracting
// anything. Also flags members a restore must refuse (absolute paths, `..`, links leaving the tree).
import { posix } from 'node:path';
import { ChainVerifier, LineSplitter, skipReason, type ChainReport } from '../eventloom/index.js';
import { readTarGzFile, type TarMember } from './tar-reader.js';

export interface ArchivedLogReport {
  /** Member name inside the archive, e.g. `.eventloom/alpha.jsonl`. */
  readonly name: string;
  readonly ok: boolean;
  readonly event_count: number;
  readonly latest_seq: number | null;
  readonly reason_code: string | null;
  readonly broken_reason: string | null;
  readonly broken_at_seq: number | null;
  readonly broken_line: number | null;
}

export interface BackupContents {
  readonly archive: string;
  /** Every log verified, the archive read to its end, and nothing unsafe inside. */
  readonly ok: boolean;
  readonly member_count: number;
  readonly logs: readonly ArchivedLogReport[];
  readonly unsafe_members: readonly string[];
  /** The archive itself could not be read (bad gzip, truncated, bad tar header). */
  readonly error: string | null;
  readonly checked_at: string;
}

/** `.eventloom/<name>.jsonl` and `.eventloom/archive/<name>.jsonl`, optionally behind `./`. */
export function isArchivedLog(name: string): boolean {
  const match = /^(?:\.\/)?\.eventloom\/(archive\/)?([^/]+)$/.exec(name);
  if (!match?.[2]) return false;
  return match[1] ? match[2].endsWith('.jsonl') : skipReason(match[2], false, true) === null;
}

export function isUnsafeMember(member: Pick<TarMember, 'name' | 'type' | 'linkname'>): boolean {
  const escapes = (p: string) => p.startsWith('/') || posix.normalize(p).split('/').includes('..');
  if (escapes(member.name)) return true;
  if (member.type === 'symlink') return escapes(posix.join(posix.dirname(member.name), member.linkname)) || member.linkname.startsWith('/');
  if (member.type === 'hardlink') return escapes(member.linkname);
  return false;
}

export async function verifyBackupContents(archive: string, signal?: AbortSignal, now: () => number = Date.now): Promise<BackupContents> {
  const logs: ArchivedLogReport[] = [];
  const unsafe: string[] = [];
  let members = 0;
  let error: string | null = null;
  try {
    for await (const member of readTarGzFile(archive)) {
      signal?.throwIfAborted();
      members++;
      if (isUnsafeMember(member)) unsafe.push(member.name);
      if (member.type === 'file' && isArchivedLog(member.name)) logs.push(toLogReport(member.name, await verifyMember(member, signal)));
    }
  } catch (caught) {
    if (signal?.aborted) throw caught;
    error = caught instanceof Error ? caught.message : String(caught);
  }
  return {
    archive,
    ok: error === null && unsafe.length === 0 && logs.every((l) => l.ok),
    member_count: members,
    logs,
    unsafe_members: unsafe,
    error,
    checked_at: new Date(now()).toISOString(),
  };
}

async function verifyMember(member: TarMember, signal?: AbortSignal): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  const splitter = new LineSplitter(0, 1, (raw) => verifier.push(raw));
  for await (const chunk of member.content) {
    signal?.throwIfAborted();
    splitter.push(chunk);
  }
  splitter.finish();
  return verifier.finish();
}

function toLogReport(name: string, report: ChainReport): ArchivedLogReport {
  return {
    name,
    ok: report.ok,
    event_count: report.total_events,
    latest_seq: report.latest?.seq ?? null,
    reason_code: report.reason_code,
    broken_reason: report.broken_reason,
    broken_at_seq: report.broken_at_seq,
    broken_line: report.broken_line,
  };
}
