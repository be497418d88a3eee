// Backups newest first. The newest one's age is judged against the threshold; a checksum or
// contents result says ✓/✗/? in words too ("ok", "MISMATCH", "unchecked").
import type { BackupEntry, BackupsSnapshot, ManifestStatus } from '../../sources/backups.js';
import type { SourceSlot } from '../state.js';
import { toDisplayText } from '../sanitize.js';
import type { Cell, Field, ListPaneView, RowView } from '../view-model.js';
import { ageOf, formatBytes, formatInteger, preciseAge, shortAge, sourceStatus, noDataText } from './common.js';

const CHECKSUM: Record<ManifestStatus, Cell> = {
  ok: { text: 'ok', tone: 'ok', mark: 'ok' },
  mismatch: { text: 'MISMATCH', tone: 'error', mark: 'bad' },
  missing: { text: 'no manif.', tone: 'warn', mark: 'unknown' },
  unreadable: { text: 'unreadable', tone: 'warn', mark: 'unknown' },
  bad_manifest: { text: 'bad manif.', tone: 'error', mark: 'bad' },
};

function contentsCell(entry: BackupEntry): Cell {
  const c = entry.contents;
  if (!c) return { text: 'unchecked', tone: 'muted', mark: 'unknown' };
  return c.ok ? { text: 'ok', tone: 'ok', mark: 'ok' } : { text: c.error ? 'UNREADABLE' : 'BROKEN', tone: 'error', mark: 'bad' };
}

function backupRow(entry: BackupEntry, index: number, data: BackupsSnapshot, now: number): RowView {
  const name = toDisplayText(entry.name, { maxLength: 200 });
  const ageMs = ageOf(entry.created_at, now) ?? entry.age_seconds * 1000;
  const tooOld = index === 0 && ageMs > data.max_age_seconds * 1000;
  const checksum = CHECKSUM[entry.manifest];
  const contents = contentsCell(entry);
  const fields: Field[] = [
    { label: 'archive', value: toDisplayText(entry.path) },
    { label: 'manifest', value: toDisplayText(entry.manifest_path) },
    { label: 'created', value: `${toDisplayText(entry.created_at)} (${shortAge(ageMs)} ago)`, ...(tooOld ? { tone: 'warn' as const, mark: 'warn' as const } : {}) },
    { label: 'size', value: `${formatBytes(entry.size_bytes)} (${formatInteger(entry.size_bytes)} bytes)` },
    { label: 'sha256', value: entry.sha256 ?? 'not computed' },
    { label: 'checksum', value: checksum.text, tone: checksum.tone ?? 'normal', ...(checksum.mark ? { mark: checksum.mark } : {}) },
    { label: 'contents', value: contents.text, tone: contents.tone ?? 'normal', ...(contents.mark ? { mark: contents.mark } : {}) },
  ];
  const body: string[] = [];
  if (entry.contents) {
    const c = entry.contents;
    fields.push({ label: 'members', value: formatInteger(c.member_count) });
    if (c.error) body.push(`archive unreadable: ${toDisplayText(c.error)}`);
    for (const log of c.logs) {
      const where = log.broken_at_seq !== null ? ` at seq ${log.broken_at_seq}` : log.broken_line !== null ? ` at line ${log.broken_line}` : '';
      body.push(
        log.ok
          ? `ok      ${toDisplayText(log.name)}  ${formatInteger(log.event_count)} events`
          : `BROKEN  ${toDisplayText(log.name)}${where}: ${toDisplayText(log.broken_reason ?? log.reason_code ?? 'unknown')}`,
      );
    }
    for (const unsafe of c.unsafe_members) body.push(`UNSAFE  ${toDisplayText(unsafe)} (a restore must refuse this member)`);
  } else {
    body.push('Contents not verified yet: the restore flow verifies every log inside before it changes anything.');
  }
  return {
    key: entry.name,
    cells: {
      name: { text: name },
      age: { text: shortAge(ageMs), ...(tooOld ? { tone: 'warn' as const, mark: 'warn' as const } : { tone: 'muted' as const }) },
      size: { text: formatBytes(entry.size_bytes), tone: 'muted' },
      checksum,
      contents,
    },
    search: `${name} ${checksum.text} ${contents.text}`.toLowerCase(),
    highlight: entry.manifest === 'mismatch' || entry.contents?.ok === false,
    detail: { title: `Backup ${name}`, fields, body },
    target: { kind: 'backup', name: entry.name, archive: entry.path, manifest: entry.manifest === 'missing' ? null : entry.manifest_path },
  };
}

export function formatBackups(slot: SourceSlot<BackupsSnapshot>, now: number): ListPaneView {
  const status = sourceStatus(slot.health, now);
  const data = slot.data;
  if (!data) return { status, summary: [], rows: [], empty: noDataText(slot.health, { waiting: 'listing backups…', disabled: 'backups not configured' }) };
  // Newest first whatever order the directory listing came in; the first row is judged for age.
  const entries = [...data.backups].sort((a, b) => (Date.parse(b.created_at) || 0) - (Date.parse(a.created_at) || 0));
  const newest = entries[0];
  const newestAge = newest ? (ageOf(newest.created_at, now) ?? newest.age_seconds * 1000) : null;
  const tooOld = newestAge !== null && newestAge > data.max_age_seconds * 1000;
  const summary: Field[] = [
    { label: 'backups', value: formatInteger(data.count) },
    newestAge === null
      ? { label: 'newest', value: 'none', tone: 'error', mark: 'bad' }
      : { label: 'newest', value: `${shortAge(newestAge)} ago`, tone: tooOld ? 'warn' : 'ok', mark: tooOld ? 'warn' : 'ok' },
    { label: 'max age', value: preciseAge(data.max_age_seconds * 1000) },
  ];
  return {
    status,
    summary,
    rows: entries.map((b, i) => backupRow(b, i, data, now)),
    empty: data.dir_exists ? `no backups in ${toDisplayText(data.backup_dir)} — b creates one` : `${toDisplayText(data.backup_dir)} does not exist yet — b creates the first backup`,
  };
}
