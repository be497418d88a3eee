// Pure: the health verdict over the combined snapshot. Degraded (exit 1) when any configured
// source is down, any chain is broken, any projection lags, the newest backup is missing or too
// old (or fails its manifest), or a degradation counter rose between the two metric samples.
import type { ConfigFinding } from '../config.js';
import type { StatusReason, StatusSources, Verdict } from './types.js';
import { SOURCE_NAMES } from './types.js';

export function judgeStatus(sources: StatusSources, findings: readonly ConfigFinding[] = []): { verdict: Verdict; reasons: StatusReason[] } {
  const reasons: StatusReason[] = [];
  for (const name of SOURCE_NAMES) {
    const outcome = sources[name];
    if (outcome.state === 'down') reasons.push({ source: name, code: 'source_down', severity: 'degraded', message: `down: ${outcome.error}` });
  }
  if (sources.workspace.state === 'ok') {
    for (const s of sources.workspace.data.sessions) {
      if (s.integrity === 'broken') {
        const where = s.broken_at_seq !== null ? ` at seq ${s.broken_at_seq} (line ${s.broken_line ?? '?'})` : '';
        reasons.push({ source: 'workspace', code: 'chain_broken', severity: 'degraded', message: `session ${s.session_id}: chain broken${where}: ${s.integrity_reason ?? s.reason_code ?? 'unknown'}` });
      }
      if (s.chain_restarted) {
        reasons.push({ source: 'workspace', code: 'chain_restarted', severity: 'warning', message: `session ${s.session_id}: a new chain started (log ${s.chain_restarted}); rotation, not tampering` });
      }
    }
    for (const k of sources.workspace.data.skipped_logs) {
      if (k.kind === 'unreadable') reasons.push({ source: 'workspace', code: 'log_unreadable', severity: 'degraded', message: `${k.path}: ${k.reason}` });
      if (k.kind === 'invalid') reasons.push({ source: 'workspace', code: 'log_skipped', severity: 'warning', message: `${k.path} skipped as Zaxy skips it: ${k.reason}` });
    }
  }
  if (sources.neo4j.state === 'ok') {
    for (const incident of sources.neo4j.data.incidents) {
      reasons.push({ source: 'neo4j', code: 'neo4j_incident', severity: 'degraded', message: incident });
    }
    if (sources.neo4j.data.projection_state !== 'ok') {
      reasons.push({ source: 'neo4j', code: 'projection_unreadable', severity: 'degraded', message: `projection status ${sources.neo4j.data.projection_state}` });
    }
    for (const p of sources.neo4j.data.projection) {
      const lag = p.projection_lag ?? 0;
      // Zaxy's integrity_ok is also false while the graph merely lags; report that once, as lag.
      if (lag > 0) {
        reasons.push({ source: 'neo4j', code: 'projection_lag', severity: 'degraded', message: `session ${p.session_id}: projection lags the log by ${lag} event(s)` });
      } else if (!p.integrity_ok || p.missing_chain_links > 0) {
        const problems = [
          p.missing_chain_links > 0 ? `${p.missing_chain_links} missing chain link(s)` : null,
          p.latest_hash_matches ? null : 'latest hash differs from the log',
          p.next_event_edges !== p.previous_event_edges || p.next_event_edges !== Math.max(0, p.event_count - 1)
            ? `${p.next_event_edges} NEXT / ${p.previous_event_edges} PREVIOUS edges for ${p.event_count} events`
            : null,
        ].filter((x) => x !== null);
        reasons.push({ source: 'neo4j', code: 'projection_integrity', severity: 'degraded', message: `session ${p.session_id}: projected chain is inconsistent (${problems.join('; ') || 'integrity check failed'})` });
      }
    }
  }
  if (sources.backups.state === 'ok') {
    const b = sources.backups.data;
    if (b.freshness === 'missing') {
      reasons.push({ source: 'backups', code: 'backup_missing', severity: 'degraded', message: `no zaxy-backup-*.tar.gz in ${b.backup_dir}` });
    } else if (b.freshness === 'too_old') {
      reasons.push({ source: 'backups', code: 'backup_too_old', severity: 'degraded', message: `newest backup ${b.newest} is ${hours(b.newest_age_seconds)} old (limit ${hours(b.max_age_seconds)})` });
    }
    const newest = b.backups[0];
    if (newest && newest.manifest !== 'ok') {
      reasons.push({ source: 'backups', code: 'backup_manifest', severity: 'degraded', message: `newest backup ${newest.name}: manifest ${newest.manifest.replace('_', ' ')}` });
    }
    for (const older of b.backups.slice(1)) {
      if (older.manifest === 'mismatch') reasons.push({ source: 'backups', code: 'backup_manifest', severity: 'warning', message: `backup ${older.name}: checksum does not match its manifest` });
    }
    for (const entry of b.backups) {
      if (entry.contents && !entry.contents.ok) reasons.push({ source: 'backups', code: 'backup_contents', severity: 'degraded', message: `backup ${entry.name}: contents do not verify` });
    }
  }
  if (sources.metrics.state === 'ok') {
    for (const d of sources.metrics.data.degradations) {
      if (d.rising) {
        reasons.push({ source: 'metrics', code: 'degradations_rising', severity: 'degraded', message: `degraded ${d.operation} (${d.reason}) rose by ${d.increase}: ${d.advice}` });
      }
    }
  }
  if (sources.pathlight.state === 'ok') {
    const p = sources.pathlight.data;
    if (p.api_auth === 'token_required') {
      reasons.push({ source: 'pathlight', code: 'pathlight_token_required', severity: 'warning', message: 'the collector requires an access token, but Zaxy 3.2 never sends PATHLIGHT_ACCESS_TOKEN: its traces are rejected' });
    }
    if (p.token_accepted === false) {
      reasons.push({ source: 'pathlight', code: 'pathlight_token_rejected', severity: 'warning', message: 'the collector rejects PATHLIGHT_ACCESS_TOKEN' });
    }
  }
  for (const f of findings) reasons.push({ source: 'config', code: `config_${f.severity}`, severity: 'warning', message: f.message });
  return { verdict: reasons.some((r) => r.severity === 'degraded') ? 'degraded' : 'healthy', reasons };
}

function hours(seconds: number | null): string {
  if (seconds === null) return '?';
  return seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : `${Math.round(seconds / 60)} min`;
}
