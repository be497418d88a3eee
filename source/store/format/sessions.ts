// Eventloom sessions: one row per log, broken chains first. A log that was rotated (truncated
// and restarted at seq 1) is a new chain, not a break, and says so.
import type { SessionStatus, WorkspaceSnapshot } from '../../sources/workspace.js';
import type { SourceSlot } from '../state.js';
import { toDisplayText } from '../sanitize.js';
import type { Cell, Field, ListPaneView, RowView } from '../view-model.js';
import { ageOf, formatBytes, formatInteger, shortAge, sourceStatus, noDataText } from './common.js';

/** Projection lag per session id, from the Neo4j source when it knows. */
export type LagLookup = (sessionId: string) => number | null;

const NO_LAG: LagLookup = () => null;

export function chainCell(s: SessionStatus): Cell {
  if (s.integrity === 'broken') {
    const at = s.broken_at_seq !== null ? `seq ${s.broken_at_seq}` : s.broken_line !== null ? `line ${s.broken_line}` : 'unknown';
    return { text: `BROKEN at ${at}`, tone: 'error', mark: 'bad' };
  }
  if (s.integrity === 'pending') return { text: 'writing…', tone: 'muted', mark: 'unknown' };
  // Rotation truncates or replaces the log and starts again at seq 1: a new chain, not a break.
  // A log rewritten in place that still verifies is unusual enough to say so.
  if (s.chain_restarted === 'rewritten') return { text: 'OK (rewritten)', tone: 'warn', mark: 'warn' };
  if (s.chain_restarted) return { text: 'OK (new chain)', tone: 'ok', mark: 'ok' };
  return { text: 'OK', tone: 'ok', mark: 'ok' };
}

function lagCell(lag: number | null): Cell {
  if (lag === null) return { text: '—', tone: 'muted' };
  return lag > 0 ? { text: formatInteger(lag), tone: 'warn', mark: 'up' } : { text: '0', tone: 'ok' };
}

function sessionRow(s: SessionStatus, now: number, lagOf: LagLookup): RowView {
  const id = toDisplayText(s.session_id, { maxLength: 200 });
  const type = toDisplayText(s.latest_type, { maxLength: 120 });
  const actor = toDisplayText(s.latest_actor, { maxLength: 80 });
  const age = ageOf(s.latest_timestamp, now);
  const chain = chainCell(s);
  const lag = lagOf(s.session_id);
  const fields: Field[] = [
    { label: 'path', value: toDisplayText(s.path) },
    { label: 'size', value: formatBytes(s.size_bytes) },
    { label: 'events', value: formatInteger(s.event_count) },
    { label: 'chain', value: chain.text, tone: chain.tone ?? 'normal', ...(chain.mark ? { mark: chain.mark } : {}) },
    { label: 'latest seq', value: s.latest_seq === null ? '—' : String(s.latest_seq) },
    { label: 'latest hash', value: toDisplayText(s.latest_hash) || '—' },
    { label: 'latest type', value: type || '—' },
    { label: 'latest actor', value: actor || '—' },
    { label: 'latest at', value: `${toDisplayText(s.latest_timestamp) || '—'}${age !== null ? ` (${shortAge(age)} ago)` : ''}` },
    { label: 'projection lag', value: lag === null ? 'unknown (no graph status)' : String(lag) },
    { label: 'format', value: toDisplayText(s.dialect) || '—' },
    { label: 'verified', value: `${s.verify_mode}, ${formatBytes(s.bytes_verified)} read this poll` },
  ];
  if (s.chain_restarted) {
    fields.push({ label: 'new chain', value: `${toDisplayText(s.chain_restarted)}${s.chain_restarted_at ? ` at ${toDisplayText(s.chain_restarted_at)}` : ''}`, tone: 'info' });
  }
  const body: string[] = [];
  if (s.integrity === 'broken') {
    if (s.reason_code) fields.push({ label: 'code', value: toDisplayText(s.reason_code), tone: 'error' });
    if (s.broken_line !== null) fields.push({ label: 'broken line', value: String(s.broken_line), tone: 'error' });
    body.push(...toDisplayText(s.integrity_reason ?? 'no reason given', { multiline: true }).split('\n'));
    body.push('Never edit the log: restore the latest good backup and replay (runbook: hash chain broken).');
  }
  return {
    key: s.session_id,
    cells: {
      session: { text: id },
      events: { text: formatInteger(s.event_count) },
      seq: { text: s.latest_seq === null ? '—' : String(s.latest_seq) },
      type: { text: type || '—', tone: type ? 'normal' : 'muted' },
      actor: { text: actor || '—', tone: actor ? 'normal' : 'muted' },
      age: { text: age === null ? '—' : shortAge(age), tone: 'muted' },
      chain,
      lag: lagCell(lag),
    },
    search: `${id} ${type} ${actor} ${chain.text}`.toLowerCase(),
    highlight: s.integrity === 'broken',
    detail: { title: `Session ${id}`, fields, body },
    target: { kind: 'session', sessionId: s.session_id, path: s.path },
  };
}

const RANK = { broken: 0, pending: 1, ok: 2 } as const;

export function formatSessions(slot: SourceSlot<WorkspaceSnapshot>, now: number, lagOf: LagLookup = NO_LAG): ListPaneView {
  const status = sourceStatus(slot.health, now);
  const data = slot.data;
  if (!data) return { status, summary: [], rows: [], empty: noDataText(slot.health, { waiting: 'reading Eventloom logs…', disabled: 'Eventloom not configured' }) };
  const sessions = [...data.sessions].sort((a, b) => RANK[a.integrity] - RANK[b.integrity]);
  const broken = data.sessions.filter((s) => s.integrity === 'broken').length;
  const summary: Field[] = [
    { label: 'sessions', value: formatInteger(data.session_count) },
    { label: 'events', value: formatInteger(data.total_events) },
    broken > 0 ? { label: 'chains', value: `${broken} broken`, tone: 'error', mark: 'bad' } : { label: 'chains', value: 'all OK', tone: 'ok', mark: 'ok' },
  ];
  if (data.skipped_logs.length > 0) summary.push({ label: 'skipped', value: String(data.skipped_logs.length), tone: 'warn', mark: 'warn' });
  return {
    status,
    summary,
    rows: [...sessions.map((s) => sessionRow(s, now, lagOf)), ...data.skipped_logs.map(skippedRow)],
    empty: `no sessions in ${toDisplayText(data.eventloom_path)}`,
  };
}

function skippedRow(skipped: { path: string; reason: string }): RowView {
  const path = toDisplayText(skipped.path);
  const reason = toDisplayText(skipped.reason);
  return {
    key: `skipped:${skipped.path}`,
    cells: { session: { text: path, tone: 'muted' }, chain: { text: 'SKIPPED', tone: 'warn', mark: 'warn' }, type: { text: reason, tone: 'muted' } },
    search: `${path} ${reason} skipped`.toLowerCase(),
    detail: { title: `Skipped ${path}`, fields: [{ label: 'path', value: path }, { label: 'reason', value: reason, tone: 'warn' }] },
  };
}
