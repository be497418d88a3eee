// What a poll on a still deployment looks like to the view layer: every source hands over fresh
// objects with new timings (lastOkAt, nextPollAt, durations, observed seconds, collection times)
// and nothing else. None of that is on screen, so the view must keep its identity: that identity
// is what lets the App skip the React commit and Ink the redraw (issue 5, idle CPU).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createViewSelector, growingAge, viewTickMs } from '../../source/store/format.js';
import { setSourceData, setSourceHealth } from '../../source/store/state.js';
import { backup, backups, health, NOW, pollNothingNew, populatedStore } from '../ui/fixtures.js';

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
