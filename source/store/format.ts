// Snapshot -> view model, memoised per pane: a pane's view object keeps its identity until its
// own source changes or its clock granularity rolls over (seconds only while it shows a
// staleness countdown, minutes otherwise), so React.memo panes skip every other render.
import type { ConsoleState, SourceSlot } from './state.js';
import type { ConsoleView, HeaderView } from './view-model.js';
import { MINUTE, SECOND, needsSecondTicks, sourceStatus } from './format/common.js';
import { formatSessions } from './format/sessions.js';
import { formatDegradations, formatMetrics, sameMetricsShown } from './format/metrics.js';
import { formatBackups } from './format/backups.js';
import { formatHeader } from './format/header.js';
import { formatAction } from './format/action.js';
import { formatNeo4j, neo4jFindings, projectionLags } from './format/neo4j.js';

export { growingAge, preciseAge, shortAge, formatBytes, formatInterval, sourceStatus } from './format/common.js';
export { formatSessions, chainCell } from './format/sessions.js';
export { formatMetrics, formatDegradations } from './format/metrics.js';
export { formatBackups } from './format/backups.js';
export { formatHeader, overallHealth } from './format/header.js';
export { formatAction } from './format/action.js';
export { formatNeo4j, neo4jFindings, projectionLags } from './format/neo4j.js';

export type ViewSelector = (state: ConsoleState, now: number) => ConsoleView;

/**
 * Memoises on `keyOf(args)` (by default the arguments themselves, each compared by identity), and
 * keeps the previous result when a new one is structurally equal: a poll that finds nothing new
 * yields fresh snapshot objects, but must not re-render.
 */
function memo<A extends readonly unknown[], R>(compute: (...args: A) => R, keyOf: (...args: A) => readonly unknown[] = (...args) => args): (...args: A) => R {
  let last: { key: readonly unknown[]; value: R; json: string } | null = null;
  return (...args: A) => {
    const key = keyOf(...args);
    if (last && last.key.length === key.length && last.key.every((a, i) => Object.is(a, key[i]))) return last.value;
    const value = compute(...args);
    const json = JSON.stringify(value);
    if (last && last.json === json) {
      last = { ...last, key };
      return last.value;
    }
    last = { key, value, json };
    return value;
  };
}

/**
 * What a pane made from `slot` shows besides the clock: its status line as text, and a stand-in
 * for its data that keeps its identity while `sameShown` finds each new snapshot shows the same
 * (the first of an equal run stands for the rest). A poll of a still deployment then costs one
 * comparison instead of building the rows (the sanitiser, dates, number formats), which is most
 * of the console's idle CPU per second.
 */
function slotContent<D extends object>(sameShown: (kept: D, next: D) => boolean): (slot: SourceSlot<D>, at: number) => readonly [string, D | null] {
  // Another source's publish leaves this slot as it was: its content is then known already. A poll
  // that found nothing new changes only the slot's health: the data's stand-in is kept too.
  let last: { slot: object; at: number; content: readonly [string, D | null] } | null = null;
  let kept: D | null = null;
  return (slot, at) => {
    if (last && last.slot === slot && last.at === at) return last.content;
    if (slot.data !== kept && (slot.data === null || kept === null || !sameShown(kept, slot.data))) kept = slot.data;
    const content = [JSON.stringify([sourceStatus(slot.health, at), slot.health?.state ?? null, slot.health?.error ?? null]), kept] as const;
    last = { slot, at, content };
    return content;
  };
}

/** Equal JSON but for the collection time; the kept snapshot's JSON is remembered, not redone. */
function sameJsonButCollectedAt<D extends { readonly collected_at: string }>(): (kept: D, next: D) => boolean {
  let known: { data: D; json: string } | null = null;
  const json = (data: D) => JSON.stringify({ ...data, collected_at: null });
  return (kept, next) => {
    if (known?.data !== kept) known = { data: kept, json: json(kept) };
    return known.json === json(next);
  };
}

/** `now` rounded to the granularity a source's status needs. */
function bucket(health: SourceSlot<unknown>['health'], now: number): number {
  return needsSecondTicks(health, now) ? Math.floor(now / SECOND) * SECOND : Math.floor(now / MINUTE) * MINUTE;
}

const sameHeader = (a: HeaderView, b: HeaderView) => (Object.keys(a) as (keyof HeaderView)[]).every((k) => a[k] === b[k]);

export function createViewSelector(): ViewSelector {
  const workspaceContent = slotContent(sameJsonButCollectedAt<NonNullable<ConsoleState['workspace']['data']>>());
  const backupsContent = slotContent(sameJsonButCollectedAt<NonNullable<ConsoleState['backups']['data']>>());
  const metricsContent = slotContent(sameMetricsShown);
  const sessions = memo(
    (slot: ConsoleState['workspace'], neo4jSlot: ConsoleState['neo4j'], at: number) => formatSessions(slot, at, projectionLags(neo4jSlot)),
    (slot, neo4jSlot, at) => [...workspaceContent(slot, at), neo4jSlot.data, at],
  );
  const findings = memo((slot: ConsoleState['neo4j']) => neo4jFindings(slot));
  const metrics = memo(
    (slot: ConsoleState['metrics'], at: number) => formatMetrics(slot, at),
    (slot, at) => [...metricsContent(slot, at), at],
  );
  const degradations = memo(
    (slot: ConsoleState['metrics'], at: number) => formatDegradations(slot, at),
    (slot, at) => [...metricsContent(slot, at), at],
  );
  const backups = memo(
    (slot: ConsoleState['backups'], at: number) => formatBackups(slot, at),
    (slot, at) => [...backupsContent(slot, at), at],
  );
  const neo4j = memo((slot: ConsoleState['neo4j'], at: number) => formatNeo4j(slot, at));
  const action = memo((run: ConsoleState['action'], at: number) => formatAction(run, at));
  let header: HeaderView | null = null;
  let last: ConsoleView | null = null;
  return (state, now) => {
    const nextHeader = formatHeader(state, now, findings(state.neo4j));
    if (!header || !sameHeader(header, nextHeader)) header = nextHeader;
    const view: ConsoleView = {
      header,
      sessions: sessions(state.workspace, state.neo4j, bucket(state.workspace.health, now)),
      metrics: metrics(state.metrics, bucket(state.metrics.health, now)),
      degradations: degradations(state.metrics, bucket(state.metrics.health, now)),
      backups: backups(state.backups, bucket(state.backups.health, now)),
      neo4j: neo4j(state.neo4j, bucket(state.neo4j.health, now)),
      action: action(state.action, state.action?.status === 'running' ? Math.floor(now / SECOND) * SECOND : 0),
    };
    if (last && (Object.keys(view) as (keyof ConsoleView)[]).every((k) => view[k] === last![k])) return last;
    last = view;
    return view;
  };
}

/** How often the screen needs a clock tick: every second while anything counts seconds. */
export function viewTickMs(view: ConsoleView): number {
  const panes = [view.neo4j, view.metrics, view.degradations, view.backups, view.sessions];
  return panes.some((p) => p.status.aging) || view.action.running ? SECOND : MINUTE;
}
