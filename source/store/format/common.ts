// Units and staleness shared by every pane's formatter. Ages come in two precisions: seconds for
// source staleness ("stale 12s", "retry in 8s") and minutes for data ages, so a screen with
// nothing stale changes once a minute and the clock can tick that rarely.
import type { SourceHealth } from '../../sources/poller.js';
import type { SourceStatusView } from '../view-model.js';
import { toDisplayText } from '../sanitize.js';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "12s", "4m 5s", "2h 3m", "3d 4h": for staleness and countdowns. */
export function preciseAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / SECOND));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

/** "<1m", "5m", "3h", "2d": for event and backup ages, which change once a minute at most. */
export function shortAge(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  const m = Math.max(0, ms);
  if (m < MINUTE) return '<1m';
  if (m < HOUR) return `${Math.floor(m / MINUTE)}m`;
  if (m < DAY) return `${Math.floor(m / HOUR)}h`;
  return `${Math.floor(m / DAY)}d`;
}

/**
 * A duration that grows on every poll (how long the console has been watching): seconds only in
 * its first minute, then `shortAge`, so a still deployment's screen changes once a minute, not
 * once a poll (each change costs a React commit and an Ink redraw).
 */
export function growingAge(ms: number): string {
  return ms < MINUTE ? preciseAge(ms) : shortAge(ms);
}

/** A timestamp string's age, or null when it does not parse. */
export function ageOf(timestamp: string | null, now: number): number | null {
  if (!timestamp) return null;
  const at = Date.parse(timestamp);
  return Number.isNaN(at) ? null : now - at;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

const INTEGER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** "1,234,567" up to eight digits, then "12.3M": a count column stays narrow. */
export function formatInteger(n: number | null): string {
  if (n === null || !Number.isFinite(n)) return '—';
  return Math.abs(n) < 1e8 ? INTEGER.format(n) : COMPACT.format(n);
}

/** "500ms", "2s", "1m". */
export function formatInterval(ms: number): string {
  if (ms < SECOND) return `${ms}ms`;
  if (ms < MINUTE) return `${Math.round(ms / 100) / 10}s`;
  return `${Math.round(ms / MINUTE)}m`;
}

/** Data older than this many intervals is called stale even while polls still succeed. */
const STALE_INTERVALS = 3;

function isStale(health: SourceHealth, now: number): boolean {
  return health.lastOkAt !== null && health.intervalMs > 0 && now - health.lastOkAt > STALE_INTERVALS * health.intervalMs;
}

/** Whether the status line shows seconds that change every second. */
export function needsSecondTicks(health: SourceHealth | null, now: number): boolean {
  if (!health) return false;
  return health.state === 'down' || health.state === 'paused' || (health.state === 'ok' && isStale(health, now));
}

/**
 * Whether `next` shows the same status line as `previous` at `now`, on the same clock ticks, so
 * storing it need not redraw anything: both say "ok" (no error, the same slow warning and interval)
 * and neither is stale, so only the times of a successful poll moved. A still deployment's polls are
 * all like that, once a second per source (issue 5: idle CPU).
 */
export function sameStatusShown(previous: SourceHealth | null, next: SourceHealth, now: number): boolean {
  return (
    previous !== null &&
    previous.state === 'ok' &&
    next.state === 'ok' &&
    previous.error === next.error &&
    previous.slowWarning === next.slowWarning &&
    previous.intervalMs === next.intervalMs &&
    previous.staleSince === next.staleSince &&
    !isStale(previous, now) &&
    !isStale(next, now)
  );
}

/** The one line every pane shows about its source, from its poller health. */
export function sourceStatus(health: SourceHealth | null, now: number): SourceStatusView {
  if (!health || health.state === 'pending') {
    return { text: 'waiting for first poll', tone: 'muted', mark: 'unknown', aging: false };
  }
  const error = toDisplayText(health.error, { maxLength: 160 });
  switch (health.state) {
    case 'disabled':
      // The reason ("not configured (demo)") is the pane's body; the title stays short.
      return { text: 'off', tone: 'muted', mark: 'unknown', aging: false };
    case 'paused':
      return {
        text: health.lastOkAt !== null ? `paused, data ${preciseAge(now - health.lastOkAt)} old` : 'paused',
        tone: 'warn',
        mark: 'paused',
        aging: health.lastOkAt !== null,
      };
    case 'down': {
      // The countdown and how long it has been down come first: a long error may be cut at 80 columns.
      const since = health.staleSince !== null && health.lastOkAt !== null ? ` for ${preciseAge(now - health.lastOkAt)}` : '';
      const retry = health.nextPollAt !== null ? `, retry in ${preciseAge(Math.max(0, health.nextPollAt - now) + 999)}` : '';
      return { text: `down${since}${retry}: ${error || 'unknown error'}`, tone: 'error', mark: 'bad', aging: true };
    }
    case 'ok': {
      if (isStale(health, now)) return { text: `stale ${preciseAge(now - health.lastOkAt!)}`, tone: 'warn', mark: 'warn', aging: true };
      const slow = health.slowWarning ? ` · ${toDisplayText(health.slowWarning)}` : '';
      return { text: `ok${slow}`, tone: slow ? 'warn' : 'ok', mark: 'ok', aging: false };
    }
  }
}

/** What an empty pane says before its source has produced anything: why, not a blank. */
export function noDataText(health: SourceHealth | null, what: { waiting: string; disabled: string }): string {
  if (health?.state === 'disabled') return toDisplayText(health.error) || what.disabled;
  if (health?.state === 'down') return 'no data yet: the source has not answered (see its status above)';
  return what.waiting;
}
