// What a restore means for each session: events in the backup, events in the live log, and how
// many live events the restore would set aside (everything after the point where the two logs
// stop agreeing). Logs are compared line by line, streaming, so size does not matter.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { basename, join } from 'node:path';
import { discoverWorkspace } from '../../eventloom/index.js';
import { exists } from '../paths.js';

export interface SessionImpact {
  readonly session: string;
  readonly backupEvents: number;
  readonly liveEvents: number;
  /** Leading events both logs share, line for line. */
  readonly common: number;
  /** Live events not in the backup: set aside by the restore. */
  readonly lost: number;
  /** The live log is the backup plus newer events (keeping it loses nothing). */
  readonly liveExtendsBackup: boolean;
}

export interface RestoreImpact {
  readonly sessions: readonly SessionImpact[];
  readonly lostEvents: number;
}

/** Pure: the impact of one session from its counts. */
export function sessionImpact(session: string, backupEvents: number, liveEvents: number, common: number): SessionImpact {
  return {
    session,
    backupEvents,
    liveEvents,
    common,
    lost: liveEvents - common,
    liveExtendsBackup: backupEvents > 0 && common === backupEvents && liveEvents > backupEvents,
  };
}

export async function restoreImpact(stagedDir: string, liveDir: string, signal?: AbortSignal): Promise<RestoreImpact> {
  const staged = (await exists(stagedDir)) ? (await discoverWorkspace(stagedDir)).logs : [];
  const live = (await exists(liveDir)) ? (await discoverWorkspace(liveDir)).logs : [];
  const names = [...new Set([...staged, ...live].map((p) => basename(p)))].sort();
  const sessions: SessionImpact[] = [];
  for (const name of names) {
    signal?.throwIfAborted();
    const inBackup = staged.some((p) => basename(p) === name) ? join(stagedDir, name) : null;
    const inLive = live.some((p) => basename(p) === name) ? join(liveDir, name) : null;
    const { left, right, common } = await compareLines(inBackup, inLive);
    sessions.push(sessionImpact(name.replace(/\.jsonl$/, ''), left, right, common));
  }
  return { sessions, lostEvents: sessions.reduce((n, s) => n + s.lost, 0) };
}

async function compareLines(left: string | null, right: string | null): Promise<{ left: number; right: number; common: number }> {
  const a = left ? nonBlankLines(left) : empty();
  const b = right ? nonBlankLines(right) : empty();
  let l = 0;
  let r = 0;
  let common = 0;
  let agreeing = true;
  for (;;) {
    const [x, y] = await Promise.all([a.next(), b.next()]);
    if (!x.done) l += 1;
    if (!y.done) r += 1;
    if (x.done && y.done) break;
    if (agreeing && !x.done && !y.done && x.value === y.value) common += 1;
    else agreeing = false;
  }
  return { left: l, right: r, common };
}

async function* nonBlankLines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of rl) {
    const trimmed = line.trim();
    if (trimmed !== '') yield trimmed;
  }
}

function empty(): AsyncGenerator<string> {
  return (async function* () {})();
}

export function describeImpact(impact: RestoreImpact): string[] {
  const width = Math.max(7, ...impact.sessions.map((s) => s.session.length));
  const lines = [`${'session'.padEnd(width)}  backup    live  would lose`];
  for (const s of impact.sessions) {
    const note = s.liveExtendsBackup ? '  (live = backup + newer events; --keep-newer-live keeps it)' : s.backupEvents === 0 ? '  (only in the live log)' : s.liveEvents === 0 ? '  (only in the backup)' : '';
    lines.push(`${s.session.padEnd(width)}  ${String(s.backupEvents).padStart(6)}  ${String(s.liveEvents).padStart(6)}  ${String(s.lost).padStart(10)}${note}`);
  }
  lines.push(impact.lostEvents === 0 ? 'No live event would be lost.' : `${impact.lostEvents} live event(s) would be set aside (kept in the pre-restore copy, no longer live).`);
  return lines;
}
