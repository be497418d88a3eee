// The header's overall verdict. DOWN means the console cannot see the source of truth (the
// Eventloom logs) or the configured graph backend; DEGRADED means something an operator should
// look at; the reason names the first problem and counts the rest.
import type { ConsoleState, SourceName } from '../state.js';
import type { HeaderView, OverallHealth } from '../view-model.js';
import { toDisplayText } from '../sanitize.js';
import { formatInterval, shortAge } from './common.js';

const SOURCE_TITLES: Record<SourceName, string> = { neo4j: 'Neo4j', metrics: 'metrics', workspace: 'Eventloom', backups: 'backups' };

export function overallHealth(state: ConsoleState, neo4jFindings: readonly string[] = []): { health: OverallHealth; reasons: string[] } {
  const down: string[] = [];
  const degraded: string[] = [];
  const isDown = (name: SourceName) => state[name].health?.state === 'down';
  if (isDown('workspace')) down.push(`Eventloom unreadable: ${toDisplayText(state.workspace.health?.error, { maxLength: 60 })}`);
  if (state.meta.backend === 'neo4j' && isDown('neo4j')) down.push('Neo4j unreachable');
  const sessions = state.workspace.data?.sessions ?? [];
  const broken = sessions.filter((s) => s.integrity === 'broken');
  if (broken.length === 1) degraded.push(`chain broken in ${toDisplayText(broken[0]!.session_id, { maxLength: 24 })}`);
  else if (broken.length > 1) degraded.push(`${broken.length} chains broken`);
  degraded.push(...neo4jFindings);
  const metrics = state.metrics.data;
  const firing = metrics?.degradations.filter((d) => d.alert?.state === 'firing') ?? [];
  if (firing.length > 0) degraded.push(`${firing[0]!.alert!.rule.name} firing`);
  else if (metrics?.degradationsRising) degraded.push('degraded operations rising');
  if (metrics?.series.some((s) => s.level === 'alert')) degraded.push('latency above alert threshold');
  const backups = state.backups.data;
  if (backups?.freshness === 'missing') degraded.push('no backups');
  else if (backups?.freshness === 'too_old' && backups.newest_age_seconds !== null) degraded.push(`newest backup ${shortAge(backups.newest_age_seconds * 1000)} old`);
  for (const name of ['neo4j', 'metrics', 'backups'] as const) {
    if (isDown(name) && !(name === 'neo4j' && state.meta.backend === 'neo4j')) degraded.push(`${SOURCE_TITLES[name]} down`);
  }
  if (down.length > 0) return { health: 'down', reasons: [...down, ...degraded] };
  if (degraded.length > 0) return { health: 'degraded', reasons: degraded };
  return { health: 'ok', reasons: [] };
}

export function formatHeader(state: ConsoleState, now: number, neo4jFindings: readonly string[] = []): HeaderView {
  const { health, reasons } = overallHealth(state, neo4jFindings);
  const word = health === 'ok' ? 'OK' : health === 'degraded' ? 'DEGRADED' : 'DOWN';
  const more = reasons.length > 1 ? ` (+${reasons.length - 1} more)` : '';
  return {
    root: toDisplayText(state.meta.root) || '(no root)',
    env: toDisplayText(state.meta.env),
    backend: toDisplayText(state.meta.backend),
    health,
    healthText: reasons.length > 0 ? `${word}: ${reasons[0]}${more}` : word,
    clock: `${new Date(now).toISOString().slice(11, 16)}Z`,
    interval: formatInterval(state.control.intervalMs),
    paused: state.control.paused,
    readOnly: state.meta.readOnly,
  };
}
