// What a poll on a still deployment looks like to the view layer: every source hands over fresh
// objects with new timings (lastOkAt, nextPollAt, durations, observed seconds, collection times)
// and nothing else. None of that is on screen, so the view must keep its identity: that identity
// is what lets the App skip the React commit and Ink the redraw (issue 5, idle CPU).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createViewSelector, formatMetrics, growingAge, viewTickMs } from '../../source/store/format.js';
import { sameMetricsShown } from '../../source/store/format/metrics.js';
import type { MetricsSnapshot } from '../../source/metrics/snapshot.js';
import { setSourceData, setSourceHealth } from '../../source/store/state.js';
import { backup, backups, degradation, health, metrics, NOW, pollNothingNew, populatedStore, series } from '../ui/fixtures.js';

test('polls that only move timings keep the whole view identical, second after second', () => {
  const store = populatedStore();
  const select = createViewSelector();
  // 18:30:00 plus 5 s: the fixture's metrics have been observed for 300 s ("5m").
  const first = select(store.getState(), NOW + 5000);
  for (let second = 1; second <= 20; second++) {
    pollNothingNew(store, 1000);
    assert.equal(select(store.getState(), NOW + 5000 + second * 1000), first, `poll ${second} changed the view`);
  }
});

test('a pane that changes does not renew the other panes’ views', () => {
  const store = populatedStore();
  const select = createViewSelector();
  const first = select(store.getState(), NOW);
  store.set('backups', { data: backups([backup()]), health: health() });
  const second = select(store.getState(), NOW);
  assert.notEqual(second.backups, first.backups);
  for (const pane of ['header', 'sessions', 'metrics', 'degradations', 'neo4j', 'action'] as const) assert.equal(second[pane], first[pane], pane);
});

test('the clock changes only what shows it, and only when its text changes', () => {
  const store = populatedStore();
  const select = createViewSelector();
  const first = select(store.getState(), NOW);
  assert.equal(viewTickMs(first), 60_000, 'nothing counts seconds');
  // Ages read in minutes ("6h", "<1m ago"): 59 s (and polls) later nothing on screen reads differently.
  pollNothingNew(store, 59_000);
  assert.equal(select(store.getState(), NOW + 59_000), first);
  pollNothingNew(store, 1000);
  const nextMinute = select(store.getState(), NOW + 60_000);
  assert.notEqual(nextMinute.header, first.header, 'the header clock reads 18:31Z');
  assert.equal(nextMinute.backups, first.backups, '"6h" is still "6h"');
});

test('a growing duration reads in seconds for its first minute, then in whole minutes and hours', () => {
  assert.equal(growingAge(42_000), '42s');
  assert.equal(growingAge(130_000), '2m');
  assert.equal(growingAge(179_000), '2m');
  assert.equal(growingAge(2 * 3600_000 + 5000), '2h');
});

test('a source that hands back its last snapshot publishes nothing; only its health moving keeps the view too', () => {
  const store = populatedStore();
  const select = createViewSelector();
  const first = select(store.getState(), NOW);
  const data = store.getState().workspace.data!;
  let published = 0;
  store.subscribe(() => published++);
  setSourceData(store, 'workspace', data);
  store.flush();
  assert.equal(published, 0, 'the same snapshot object: no publish');
  for (let second = 1; second <= 5; second++) {
    setSourceHealth(store, 'workspace', health({ lastOkAt: NOW + second * 1000, nextPollAt: NOW + (second + 1) * 1000 }));
    setSourceData(store, 'workspace', data);
    assert.equal(select(store.getState(), NOW + second * 1000), first, `poll ${second} changed the view`);
  }
  setSourceData(store, 'workspace', { ...data, sessions: data.sessions.slice(1) });
  assert.notEqual(select(store.getState(), NOW + 6000).sessions, first.sessions, 'new data is shown');
});

describe('sameMetricsShown: a scrape that would draw the same panes is recognised without drawing them', () => {
  const idleLater = (s: MetricsSnapshot, dt: number): MetricsSnapshot => ({
    ...s,
    scrapedAt: s.scrapedAt + dt,
    scrapeDurationMs: s.scrapeDurationMs + 2,
    observedSeconds: s.observedSeconds + dt / 1000,
    series: s.series.map((x) => ({ ...x, points: x.points.map((p) => ({ ...p, t: p.t + dt })) })),
    degradations: s.degradations.map((d) => ({ ...d, points: d.points.map((p) => ({ ...p, t: p.t + dt })) })),
  });
  const base = metrics({ observedSeconds: 300 });

  test('only timings moved: same', () => {
    assert.equal(sameMetricsShown(base, idleLater(base, 1000)), true);
    assert.equal(sameMetricsShown(base, structuredClone(base)), true);
  });

  const changes: [string, MetricsSnapshot][] = [
    ['a sparkline value', { ...base, series: [series({ points: series().points.map((p, i) => (i === 3 ? { ...p, v: 40 } : p)) })] }],
    ['a sparkline point more', { ...base, series: [series({ points: [...series().points, { t: NOW, v: 9 }] })] }],
    ['a shown rate', { ...base, series: [series({ display: { ...series().display, current: '3.60/s' } })] }],
    ['a threshold level', { ...base, series: [series({ level: 'warn' })] }],
    ['an alert turning from firing to inactive', { ...base, degradations: [degradation({ alert: { ...degradation().alert!, state: 'inactive', condition: false, since: null } })] }],
    ['a new degradation pair', { ...base, degradations: [...base.degradations, degradation({ key: 'k2', reason: 'reranker_unavailable' })] }],
    ['a degradation total', { ...base, degradations: [degradation({ total: 18, display: { total: '18', rate: '0.20/s' } })] }],
    ['a family gone missing', { ...base, missingFamilies: ['zaxy_graph_upserts_total'] }],
    ['the window starting elsewhere (history backfilled)', { ...base, observedFrom: base.observedFrom - 600_000, observedSeconds: 900 }],
    ['the window’s seconds in its first minute', { ...metrics({ observedSeconds: 41, observedFrom: NOW - 41_000 }), observedSeconds: 42 }],
    ['the appends by event type', { ...base, appendsByType: [{ eventType: 't', total: 1 }] }],
  ];
  for (const [what, changed] of changes) {
    test(`${what}: different`, () => {
      assert.equal(sameMetricsShown(base, changed), false);
      assert.equal(sameMetricsShown(changed, base), false);
    });
  }

  test('the window past its first minute, from the same start: same (its minutes follow the clock)', () => {
    assert.equal(sameMetricsShown(base, { ...base, observedSeconds: 359 }), true);
    assert.equal(sameMetricsShown(base, { ...base, observedSeconds: 420 }), true);
  });

  test('the window reads in seconds for a minute, then in minutes that turn with the clock', () => {
    const slot = (data: MetricsSnapshot) => ({ data, health: health() });
    const windowOf = (data: MetricsSnapshot, at: number) => formatMetrics(slot(data), at).summary.find((f) => f.label === 'window')?.value;
    assert.equal(windowOf(metrics({ observedSeconds: 42, observedFrom: NOW - 42_000 }), NOW), '42s');
    // Observed since 18:25:00 and shown at the clock minutes 18:30 and 18:31, whatever second each scrape fell on.
    assert.equal(windowOf(metrics({ observedSeconds: 359, observedFrom: NOW - 300_000 }), NOW), '5m');
    assert.equal(windowOf(metrics({ observedSeconds: 361, observedFrom: NOW - 300_000 }), NOW + 60_000), '6m');
  });
});
