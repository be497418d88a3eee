// The Eventloom workspace as `zaxy memory status` shows it (sessions, latest event, integrity,
// skipped entries), kept up to date cheaply: each poll re-verifies only what was appended since
// the last one (see workspace-plan.ts for when it starts over instead).
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ConsoleConfig } from '../config.js';
import { discoverWorkspace, stripPrefix, verifyFile, type ChainCheckpoint, type ChainReport, type LatestEvent } from '../eventloom/index.js';
import { WatchedScan, type WatchDirectory } from './change-watch.js';
import type { Collector } from './poller.js';
import { firstLineSkipReason } from './workspace-skip.js';
import { planVerify, type ChainRestart, type FileIdentity, type RememberedLog } from './workspace-plan.js';

export type SessionIntegrity = 'ok' | 'broken' | 'pending';

export interface SessionStatus {
  readonly session_id: string;
  readonly path: string;
  readonly size_bytes: number;
  readonly event_count: number;
  readonly latest_seq: number | null;
  /** Without the `sha256:` prefix, as `zaxy memory status` reports it. */
  readonly latest_hash: string | null;
  readonly latest_type: string | null;
  readonly latest_actor: string | null;
  readonly latest_timestamp: string | null;
  /** `pending`: the last line is still being written (torn, but recent); not a break. */
  readonly integrity: SessionIntegrity;
  readonly integrity_ok: boolean;
  readonly integrity_reason: string | null;
  readonly reason_code: string | null;
  readonly broken_at_seq: number | null;
  readonly broken_line: number | null;
  readonly dialect: string | null;
  /** Set once the log was truncated, replaced or rewritten while watched: a new chain began. */
  readonly chain_restarted: ChainRestart | null;
  readonly chain_restarted_at: string | null;
  /** How this poll checked the file, and how many bytes it read to do so. */
  readonly verify_mode: 'full' | 'incremental' | 'cached';
  readonly bytes_verified: number;
}

export interface SkippedLog {
  readonly path: string;
  readonly reason: string;
  /**
   * `not_a_log`: an entry Zaxy never treats as a session log (archive/, projections/, a lock…);
   * `invalid`: a *.jsonl whose first line is not an event, skipped exactly as `zaxy memory status`
   * skips it; `unreadable`: the file could not be read.
   */
  readonly kind: 'not_a_log' | 'invalid' | 'unreadable';
}

export interface WorkspaceSnapshot {
  readonly eventloom_path: string;
  readonly session_count: number;
  readonly total_events: number;
  readonly sessions: readonly SessionStatus[];
  readonly skipped_logs: readonly SkippedLog[];
  readonly collected_at: string;
}

export interface WorkspaceCollectorOptions {
  /** A torn last line younger than this is a write in progress, not a break (default 10 s). */
  readonly partialGraceMs?: number;
  readonly now?: () => number;
  /**
   * Watch the directory and skip the scan while nothing in it changed (the console, polling
   * every second). A scan still runs at least every `maxQuietMs` (default 10 s).
   */
  readonly watch?: WatchDirectory;
  readonly maxQuietMs?: number;
}

interface Remembered extends RememberedLog {
  readonly checkpoint: ChainCheckpoint;
  readonly fingerprint: string;
  readonly status: SessionStatus;
  readonly latest: LatestEvent | null;
}

const FINGERPRINT_BYTES = 4096;
/** Enough for any first event Zaxy writes; a longer first line is judged by the verifier instead. */
const FIRST_LINE_BYTES = 64 * 1024;

class InvalidLogError extends Error {}

export class WorkspaceMissingError extends Error {
  constructor(readonly path: string) {
    super(`Eventloom directory not found: ${path}`);
    this.name = 'WorkspaceMissingError';
  }
}

export function createWorkspaceCollector(
  config: Pick<ConsoleConfig, 'eventloomPath'>,
  options: WorkspaceCollectorOptions = {},
): Collector<WorkspaceSnapshot> {
  const root = config.eventloomPath.value;
  const grace = options.partialGraceMs ?? 10_000;
  const now = options.now ?? Date.now;
  const memory = new Map<string, Remembered>();

  async function inspect(path: string, identity: FileIdentity, signal: AbortSignal): Promise<SessionStatus> {
    const previous = memory.get(path);
    let plan = planVerify(previous, identity);
    if (plan.kind === 'full') {
      const head = await firstBytes(path);
      const reason = firstLineSkipReason(head, head.length < FIRST_LINE_BYTES || head.length === identity.size);
      if (reason !== null) throw new InvalidLogError(reason);
    }
    if (plan.kind === 'cached' && previous) return { ...previous.status, verify_mode: 'cached', bytes_verified: 0 };
    if (plan.kind === 'incremental' && previous && (await fingerprint(path, previous.verifiedOffset)) !== previous.fingerprint) {
      plan = { kind: 'full', restart: 'rewritten' };
    }
    const resume = plan.kind === 'incremental' && previous ? previous.checkpoint : undefined;
    const report = await verifyFile(path, { signal, ...(resume ? { resume } : {}) });
    const restart = plan.kind === 'full' && plan.restart ? plan.restart : null;
    const latest = report.latest ?? (resume ? (previous?.latest ?? null) : null);
    const status = toStatus(path, identity, report, {
      // With `resume`, the engine counts from the checkpoint's position: the total is cumulative.
      eventCount: report.total_events,
      latest,
      mode: resume ? 'incremental' : 'full',
      restart: restart ?? previous?.status.chain_restarted ?? null,
      restartedAt: restart ? new Date(now()).toISOString() : (previous?.status.chain_restarted_at ?? null),
      pending: report.reason_code === 'partial_trailing_line' && now() - identity.mtimeMs < grace,
    });
    memory.set(path, {
      ...identity,
      verifiedOffset: report.checkpoint.offset,
      broken: !report.ok && status.integrity !== 'pending',
      checkpoint: report.checkpoint,
      fingerprint: await fingerprint(path, report.checkpoint.offset),
      status,
      latest,
    });
    return status;
  }

  async function scan(signal: AbortSignal): Promise<WorkspaceSnapshot> {
    let workspace;
    try {
      workspace = await discoverWorkspace(root, { archives: false });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new WorkspaceMissingError(root);
      // Like `zaxy memory status`, EVENTLOOM_PATH may name a single log instead of a directory.
      if (code !== 'ENOTDIR' || !(await stat(root)).isFile()) throw error;
      workspace = { logs: [root], skipped: [] };
    }
    const sessions: SessionStatus[] = [];
    const skipped: SkippedLog[] = workspace.skipped.map((k) => ({ ...k, kind: 'not_a_log' as const }));
    // All logs are stat'ed at once: on a still workspace that is the whole poll, and answers that
    // arrive together wake the process once instead of once per log.
    const identities = workspace.logs.map((path) => identify(path));
    // Each is awaited in the loop, which an abort may leave early: none may go unhandled.
    for (const identity of identities) identity.catch(() => undefined);
    for (const [i, path] of workspace.logs.entries()) {
      signal.throwIfAborted();
      try {
        sessions.push(await inspect(path, await identities[i]!, signal));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // removed between listing and reading
        if (signal.aborted) throw error;
        memory.delete(path);
        if (error instanceof InvalidLogError) skipped.push({ path, reason: error.message, kind: 'invalid' });
        else skipped.push({ path, reason: `could not read log: ${error instanceof Error ? error.message : String(error)}`, kind: 'unreadable' });
      }
    }
    for (const path of memory.keys()) if (!workspace.logs.includes(path)) memory.delete(path);
    return {
      eventloom_path: root,
      session_count: sessions.length,
      total_events: sessions.reduce((sum, s) => sum + s.event_count, 0),
      sessions,
      skipped_logs: skipped,
      collected_at: new Date(now()).toISOString(),
    };
  }

  // A torn last line turns from "pending" to "broken" with the clock alone: such a workspace is
  // scanned every poll until it settles.
  const watched = options.watch ? new WatchedScan<WorkspaceSnapshot>(root, options.watch, now, options.maxQuietMs ?? 10_000) : null;
  const hasPending = (snapshot: WorkspaceSnapshot) => snapshot.sessions.some((s) => s.integrity === 'pending');
  return {
    collect: (signal) => (watched ? watched.run(() => scan(signal), hasPending) : scan(signal)),
    close() {
      watched?.close();
      return Promise.resolve();
    },
  };
}

interface StatusExtras {
  readonly eventCount: number;
  readonly latest: LatestEvent | null;
  readonly mode: 'full' | 'incremental';
  readonly restart: ChainRestart | null;
  readonly restartedAt: string | null;
  readonly pending: boolean;
}

function toStatus(path: string, identity: FileIdentity, report: ChainReport, extras: StatusExtras): SessionStatus {
  const integrity: SessionIntegrity = report.ok ? 'ok' : extras.pending ? 'pending' : 'broken';
  const broken = integrity === 'broken';
  return {
    session_id: basename(path, '.jsonl'),
    path,
    size_bytes: identity.size,
    event_count: extras.eventCount,
    latest_seq: extras.latest?.seq ?? null,
    latest_hash: stripPrefix(extras.latest?.hash ?? null),
    latest_type: extras.latest?.type ?? null,
    latest_actor: extras.latest?.actor ?? null,
    latest_timestamp: extras.latest?.timestamp ?? null,
    integrity,
    integrity_ok: !broken,
    integrity_reason: integrity === 'pending' ? 'last line is still being written' : report.broken_reason,
    reason_code: report.reason_code,
    broken_at_seq: broken ? report.broken_at_seq : null,
    broken_line: broken ? report.broken_line : null,
    dialect: report.dialect,
    chain_restarted: extras.restart,
    chain_restarted_at: extras.restartedAt,
    verify_mode: extras.mode,
    bytes_verified: report.bytes_verified,
  };
}

async function firstBytes(path: string): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(FIRST_LINE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, FIRST_LINE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function identify(path: string): Promise<FileIdentity> {
  const s = await stat(path);
  return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
}

/** sha256 of the bytes just before `offset`: cheap proof the verified prefix is still there. */
async function fingerprint(path: string, offset: number): Promise<string> {
  const length = Math.min(offset, FINGERPRINT_BYTES);
  const buffer = Buffer.alloc(length);
  const handle = await open(path, 'r');
  try {
    const { bytesRead } = await handle.read(buffer, 0, length, offset - length);
    return createHash('sha256').update(buffer.subarray(0, bytesRead)).update(String(offset)).digest('hex');
  } finally {
    await handle.close();
  }
}
