// Pure: the StatusReport as text for people. Everything that comes from disk or the network
// (session ids, event types, actors, error text) goes through the one sanitiser first, so a
// hostile log cannot move the cursor or recolour the terminal.
import type { BackupsSnapshot } from '../sources/backups.js';
import { toDisplayText } from '../store/sanitize.js';
import type { WorkspaceSnapshot } from '../sources/workspace.js';
import { SOURCE_NAMES, type SourceOutcome, type StatusReport } from './types.js';

const printable = (text: string): string => toDisplayText(text);

export function renderStatusText(report: StatusReport): string {
  const lines: string[] = [];
  const degraded = report.reasons.filter((r) => r.severity === 'degraded');
  const warnings = report.reasons.filter((r) => r.severity === 'warning');
  lines.push(`Zaxy status: ${report.verdict === 'healthy' ? 'HEALTHY' : `DEGRADED (${degraded.length} problem${degraded.length === 1 ? '' : 's'})`}  at ${report.generated_at}`);
  for (const r of degraded) lines.push(`  ✗ ${r.source}: ${printable(r.message)}`);
  for (const r of warnings) lines.push(`  ! ${r.source}: ${printable(r.message)}`);
  lines.push('', 'Sources');
  for (const name of SOURCE_NAMES) lines.push(`  ${name.padEnd(11)} ${sourceLine(report, name)}`);
  const ws = report.sources.workspace;
  if (ws.state === 'ok') lines.push('', ...workspaceLines(ws.data));
  const backups = report.sources.backups;
  if (backups.state === 'ok') lines.push('', ...backupLines(backups.data));
  const metrics = report.sources.metrics;
  if (metrics.state === 'ok' && metrics.data.degradations.length > 0) {
    lines.push('', 'Degraded operations');
    for (const d of metrics.data.degradations) {
      lines.push(`  ${printable(d.operation)}/${printable(d.reason)}  total=${d.total}${d.rising ? ` rising (+${d.increase})` : ''}${d.alert ? `  alert ${d.alert} (${d.alert_severity})` : ''}`);
    }
  }
  lines.push('', 'Config');
  const width = Math.max(...Object.keys(report.config).map((k) => k.length));
  for (const [key, { value, source }] of Object.entries(report.config)) {
    const text = value === null ? '-' : printable(String(value));
    // Masked secrets already say where they came from: `set (file)`.
    const origin = text.endsWith(`(${source})`) || source === 'unset' ? '' : `  (${source})`;
    lines.push(`  ${key.padEnd(width)}  ${text}${origin}`);
  }
  return `${lines.join('\n')}\n`;
}

function sourceLine(report: StatusReport, name: (typeof SOURCE_NAMES)[number]): string {
  const outcome: SourceOutcome<unknown> = report.sources[name];
  if (outcome.state === 'not_configured') return `not configured  ${outcome.reason}`;
  if (outcome.state === 'down') return `DOWN            ${printable(outcome.error)}`;
  return `ok  ${`${outcome.duration_ms} ms`.padEnd(10)}  ${printable(okSummary(report, name))}`;
}

function okSummary(report: StatusReport, name: (typeof SOURCE_NAMES)[number]): string {
  const s = report.sources;
  switch (name) {
    case 'neo4j':
      if (s.neo4j.state !== 'ok') return '';
      return `${s.neo4j.data.uri} ${s.neo4j.data.version ?? '?'} ${s.neo4j.data.edition ?? ''}, ${s.neo4j.data.projection.length} projected session(s), max lag ${Math.max(0, ...s.neo4j.data.projection.map((p) => p.projection_lag ?? 0))}`;
    case 'metrics':
      return s.metrics.state === 'ok' ? `${s.metrics.data.url}, ${s.metrics.data.degradations.length} degraded pair(s)` : '';
    case 'prometheus':
      return s.prometheus.state === 'ok' ? `${s.prometheus.data.url} ${s.prometheus.data.version ?? ''}`.trim() : '';
    case 'workspace':
      return s.workspace.state === 'ok'
        ? `${s.workspace.data.session_count} session(s), ${s.workspace.data.total_events} event(s), ${s.workspace.data.sessions.filter((x) => x.integrity === 'broken').length} broken`
        : '';
    case 'backups':
      return s.backups.state === 'ok' ? `${s.backups.data.count} backup(s), newest ${s.backups.data.newest ?? 'none'} (${s.backups.data.freshness})` : '';
    case 'pathlight':
      return s.pathlight.state === 'ok' ? `${s.pathlight.data.health_url} ${s.pathlight.data.latency_ms} ms, dashboard ${s.pathlight.data.dashboard_url}` : '';
  }
}

function workspaceLines(ws: WorkspaceSnapshot): string[] {
  const lines = [`Sessions (${printable(ws.eventloom_path)})`];
  for (const s of ws.sessions) {
    const integrity = s.integrity === 'ok' ? 'OK' : s.integrity === 'pending' ? 'PENDING (last line being written)' : 'FAILED';
    lines.push(
      `  ${printable(s.session_id)}: events=${s.event_count} latest=${s.latest_seq ?? '-'} hash=${s.latest_hash?.slice(0, 12) ?? '-'} type=${printable(s.latest_type ?? '-')} integrity=${integrity}`,
    );
    if (s.integrity === 'broken' && s.integrity_reason) lines.push(`    reason=${printable(s.integrity_reason)}`);
  }
  if (ws.skipped_logs.length > 0) {
    lines.push('  skipped:');
    for (const k of ws.skipped_logs) lines.push(`    ${printable(k.path)}: ${printable(k.reason)}`);
  }
  return lines;
}

function backupLines(b: BackupsSnapshot): string[] {
  const lines = [`Backups (${printable(b.backup_dir)}${b.dir_exists ? '' : ', directory missing'})`];
  for (const e of b.backups) {
    const contents = e.contents ? `  contents ${e.contents.ok ? 'verified' : 'FAILED'}` : '';
    lines.push(`  ${printable(e.name)}  ${formatBytes(e.size_bytes)}  ${formatAge(e.age_seconds)} old  manifest ${e.manifest.replace('_', ' ')}${contents}`);
  }
  return lines;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86_400).toFixed(1)} d`;
}
