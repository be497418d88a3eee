import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReactNode } from 'react';
import { formatAction, formatBackups, formatDegradations, formatHeader, formatMetrics, formatNeo4j, formatSessions } from '../../source/store/format.js';
import type { ActionOutputView, ListPaneView } from '../../source/store/view-model.js';
import { ActionPane } from '../../source/ui/panes/ActionPane.js';
import { BackupsPane } from '../../source/ui/panes/BackupsPane.js';
import { DegradationsPane } from '../../source/ui/panes/DegradationsPane.js';
import { DetailView } from '../../source/ui/panes/DetailView.js';
import { Header } from '../../source/ui/panes/Header.js';
import { MetricsPane } from '../../source/ui/panes/MetricsPane.js';
import { Neo4jPane } from '../../source/ui/panes/Neo4jPane.js';
import { SessionsPane } from '../../source/ui/panes/SessionsPane.js';
import { renderSparkline } from '../../source/ui/components/Sparkline.js';
import { ASCII_SPARK, UNICODE_SPARK } from '../../source/ui/theme.js';
import { backup, backups, degradation, health, metrics, neo4jSnapshot, NOW, populatedStore, series, session, workspace } from './fixtures.js';
import { ASCII_THEME, assertFits, assertInert, frame } from './render.js';

type ListPaneComponent = (props: { number: number; view: ListPaneView; rows: ListPaneView['rows']; selected: number; focused: boolean; width: number; height: number }) => ReactNode;

function list(Pane: ListPaneComponent, view: ListPaneView, width = 80, height = 8, theme = undefined as typeof ASCII_THEME | undefined): string[] {
  const lines = frame(<Pane number={1} view={view} rows={view.rows} selected={0} focused width={width} height={height} />, Math.max(width, 1), theme);
  assertFits(lines, Math.max(width, 0), height);
  assertInert(lines);
  return lines;
}

const text = (lines: string[]) => lines.join('\n');
const DOWN = health({ state: 'down', error: 'connect ECONNREFUSED 127.0.0.1:9464', nextPollAt: NOW + 8000, lastOkAt: NOW - 12_000, staleSince: NOW - 12_000 });
const HOSTILE = 'evil\x1b[2J\x1b]0;pwned\x07\x9b31m\u202eid';

const cases: { name: string; Pane: ListPaneComponent; empty: ListPaneView; normal: ListPaneView; down: ListPaneView; extreme: ListPaneView; expect: RegExp }[] = [
  {
    name: 'Sessions',
    Pane: SessionsPane,
    empty: formatSessions({ data: workspace([]), health: health() }, NOW),
    normal: formatSessions(populatedStore().getState().workspace, NOW),
    down: formatSessions({ data: workspace([session()]), health: DOWN }, NOW),
    extreme: formatSessions({ data: workspace([session({ session_id: `${'s'.repeat(300)}${HOSTILE}`, event_count: 9e15, latest_seq: 9e15, latest_type: HOSTILE })]), health: health() }, NOW),
    expect: /BROKEN at seq 17/,
  },
  {
    name: 'Metrics',
    Pane: MetricsPane,
    empty: formatMetrics({ data: metrics({ series: [] }), health: health() }, NOW),
    normal: formatMetrics({ data: metrics(), health: health() }, NOW),
    down: formatMetrics({ data: metrics(), health: DOWN }, NOW),
    extreme: formatMetrics({ data: metrics({ series: [series({ label: HOSTILE.repeat(10), display: { current: '1e+300/s', min: '0/s', max: '1e+300/s', total: null }, points: Array.from({ length: 600 }, (_, i) => ({ t: i, v: i % 7 === 0 ? null : 10 ** (i % 300) })) })] }), health: health() }, NOW),
    expect: /append rate\s+3\.50\/s/,
  },
  {
    name: 'Degradations',
    Pane: DegradationsPane,
    empty: formatDegradations({ data: metrics({ degradations: [] }), health: health() }, NOW),
    normal: formatDegradations({ data: metrics(), health: health() }, NOW),
    down: formatDegradations({ data: metrics(), health: DOWN }, NOW),
    extreme: formatDegradations({ data: metrics({ degradations: [degradation({ reason: HOSTILE.repeat(20), total: 1e18, display: { total: '1,000,000,000,000,000,000', rate: '1e9/s' } })] }), health: health() }, NOW),
    expect: /WARNING\s+query\s+graph_unavailable\s+17/,
  },
  {
    name: 'Backups',
    Pane: BackupsPane,
    empty: formatBackups({ data: backups([]), health: health() }, NOW),
    normal: formatBackups(populatedStore().getState().backups, NOW),
    down: formatBackups({ data: backups([backup()]), health: DOWN }, NOW),
    extreme: formatBackups({ data: backups([backup({ name: `zaxy-backup-${'9'.repeat(250)}${HOSTILE}.tar.gz`, size_bytes: 2 ** 60 })]), health: health() }, NOW),
    expect: /zaxy-backup-20261128T120000Z\.tar\.gz\s+6h\s+3\.0 MB\s+✓ ok/,
  },
  {
    name: 'Neo4j',
    Pane: Neo4jPane,
    empty: formatNeo4j({ data: null, health: health({ state: 'disabled', error: 'not configured (demo)' }) }, NOW),
    normal: formatNeo4j({ data: neo4jSnapshot(), health: health() }, NOW),
    down: formatNeo4j({ data: neo4jSnapshot(), health: DOWN }, NOW),
    extreme: formatNeo4j(
      {
        data: neo4jSnapshot({
          indexes: { state: 'ok', value: Array.from({ length: 500 }, (_, i) => ({ name: `index_${'n'.repeat(100)}_${i}${HOSTILE}`, type: 'RANGE', entityType: 'NODE', labelsOrTypes: [HOSTILE], properties: ['p'], state: 'FAILED', populationPercent: 0, owningConstraint: null, failureMessage: HOSTILE, flag: 'failed' as const })) },
        }),
        health: health(),
      },
      NOW,
    ),
    expect: /db\s+archive\s+✗ offline\s+requested online but offline/,
  },
];

for (const c of cases) {
  test(`${c.name} pane: empty`, () => {
    const lines = list(c.Pane, c.empty);
    assert.match(lines[0]!, new RegExp(`1 ${c.name}`));
    assert.ok(lines.some((l) => l.includes(c.empty.empty)), text(lines));
  });
  test(`${c.name} pane: normal`, () => {
    assert.match(text(list(c.Pane, c.normal)), c.expect);
  });
  test(`${c.name} pane: source down shows the error and the retry, not silent numbers`, () => {
    assert.match(list(c.Pane, c.down)[0]!, /✗ down.*retry in 8s/);
  });
  test(`${c.name} pane: extreme values stay inside the box and inert`, () => {
    for (const [width, height] of [[80, 8], [200, 30], [30, 5], [1, 3], [0, 2]] as const) list(c.Pane, c.extreme, width, height);
    const lines = list(c.Pane, c.extreme, 80, 8);
    assert.ok(!text(lines).includes('pwned'), 'the OSC payload is gone');
  });
  test(`${c.name} pane: ASCII mode uses ASCII marks`, () => {
    const lines = list(c.Pane, c.normal, 80, 8, ASCII_THEME);
    assert.ok(!/[✓✗▲●›]/.test(text(lines)), text(lines));
  });
}

test('Sessions pane: a rotated session reads "new chain", a broken one is marked ✗', () => {
  const lines = text(list(SessionsPane, cases[0]!.normal, 80, 8));
  assert.match(lines, /gamma .*✓ OK \(new chain\)/);
  assert.match(lines, /beta .*✗ BROKEN at seq 17/);
});

test('Sessions pane at 80 columns keeps the essential columns and drops the actor', () => {
  const header = list(SessionsPane, cases[0]!.normal, 80, 8)[2]!;
  for (const column of ['Session', 'Events', 'Chain', 'Age', 'Lag']) assert.ok(header.includes(column), header);
  assert.ok(!header.includes('Actor'));
  assert.ok(list(SessionsPane, cases[0]!.normal, 160, 8)[2]!.includes('Actor'), 'wide panes show it');
});

test('Sessions pane in a wide grid column shows whole names, latest type and actor', () => {
  const view = formatSessions({ data: workspace([session({ session_id: 'claude-code-default', latest_type: 'transcript.turn', latest_actor: 'assistant' }), session({ session_id: 'beta', integrity: 'broken', integrity_ok: false, broken_at_seq: 17 })]), health: health() }, NOW);
  const lines = list(SessionsPane, view, 99, 8);
  assert.match(lines[2]!, /Session .*Latest type +Actor/);
  assert.match(text(lines), /claude-code-default .*transcript\.turn +assistant/);
  assert.match(text(lines), /✗ BROKEN at seq 17/);
  assert.ok(!text(lines).includes('…'), text(lines));
});

test('Backups pane: a narrow pane gives up the size column before it truncates a name', () => {
  const lines = list(BackupsPane, cases[3]!.normal, 64, 8);
  assert.match(text(lines), /zaxy-backup-20261128T120000Z\.tar\.gz +6h ✓ ok +\? unchecked/);
  assert.ok(!lines[2]!.includes('Size'), lines[2]);
});

test('pane titles run a rule to the edge of the pane (ASCII under --ascii), never past it', () => {
  const unicode = list(BackupsPane, cases[3]!.normal, 60, 8)[0]!;
  assert.match(unicode, /^\[1 Backups\] ✓ ok ─+$/);
  assert.equal([...unicode].length, 60);
  assert.match(list(BackupsPane, cases[3]!.normal, 60, 8, ASCII_THEME)[0]!, /^\[1 Backups\] \+ ok -+$/);
  assert.ok(!list(BackupsPane, cases[3]!.down, 30, 8)[0]!.includes('─'), 'no rule when the title itself does not fit');
});

test('Backups pane: the newest backup older than the threshold is marked ▲, a bad checksum ✗', () => {
  const old = formatBackups({ data: backups([backup({ created_at: new Date(NOW - 30 * 3600_000).toISOString(), manifest: 'mismatch' })]), health: health() }, NOW);
  assert.match(text(list(BackupsPane, old)), /▲ 1d\s.*✗ MISMATCH/);
});

test('sparklines: Unicode blocks, ASCII fallback, gaps for missing points', () => {
  assert.equal(renderSparkline([0, 1, 2, 3, 4, 5, 6, 7], 8, UNICODE_SPARK), '▁▂▃▄▅▆▇█');
  assert.equal(renderSparkline([0, 7], 4, ASCII_SPARK), '  _#');
  assert.equal(renderSparkline([1, Number.NaN, 1], 3, UNICODE_SPARK), '█ █');
  assert.equal(renderSparkline([5, 5], 2, UNICODE_SPARK), '██', 'a flat non-zero rate is not drawn as empty');
  assert.equal(renderSparkline([1, 2, 3], 0, UNICODE_SPARK), '');
});

test('Action pane: idle, streaming output follows the tail, scrolling shows newer lines below', () => {
  const idle = formatAction(null, NOW);
  assert.match(text(frame(<ActionPane number={6} view={idle} lines={idle.lines} scroll={0} focused={false} width={80} height={3} />, 80)), /no action run yet/);
  const view: ActionOutputView = { ...idle, status: { text: 'running 3s', tone: 'info', mark: 'running', aging: true }, title: 'Verify · step 1/1', lines: Array.from({ length: 100 }, (_, i) => `line ${i}`), running: true };
  const tail = frame(<ActionPane number={6} view={view} lines={view.lines} scroll={0} focused width={80} height={5} />, 80);
  assertFits(tail, 80, 5);
  assert.match(tail.at(-1)!, /line 99/);
  const back = frame(<ActionPane number={6} view={view} lines={view.lines} scroll={10} focused width={80} height={5} />, 80);
  assert.match(back.at(-1)!, /line 89/);
  assert.match(back[0]!, /10 newer lines below/);
});

test('Header: health, flags and clock; paused and read-only are spelled out', () => {
  const store = populatedStore({ readOnly: true });
  store.set('control', { paused: true, intervalMs: 5000 });
  const lines = frame(<Header view={formatHeader(store.getState(), NOW)} width={80} />, 80);
  assertFits(lines, 80, 1);
  assert.match(lines[0]!, /▲ DEGRADED: chain broken in beta/);
  assert.match(lines[0]!, /‖ PAUSED {2}READ-ONLY {2}18:30Z$/);
  const narrow = frame(<Header view={formatHeader(store.getState(), NOW)} width={20} />, 20);
  assertFits(narrow, 20, 1);
});

test('Detail view: the broken line with its reason, scrolled and bounded', () => {
  const row = formatSessions(populatedStore().getState().workspace, NOW).rows[0]!;
  const lines = frame(<DetailView detail={row.detail} width={80} height={30} scroll={0} />, 80);
  assertFits(lines, 80, 30);
  assert.match(text(lines), /Session beta/);
  assert.match(text(lines), /expected sha256:aaaa found sha256:bbbb/);
  assert.match(text(lines), /code\s+hash_mismatch/);
  const scrolled = frame(<DetailView detail={row.detail} width={80} height={4} scroll={2} />, 80);
  assertFits(scrolled, 80, 4);
  assert.match(text(frame(<DetailView detail={null} width={80} height={3} scroll={0} />, 80)), /no longer present/);
});

test('--ascii: marks, sparklines, separators and dashes are all ASCII', () => {
  const store = populatedStore();
  const views = [formatSessions(store.getState().workspace, NOW), formatMetrics(store.getState().metrics, NOW), formatBackups(store.getState().backups, NOW)];
  const panes = [SessionsPane, MetricsPane, BackupsPane];
  for (const [i, view] of views.entries()) {
    const Pane = panes[i]!;
    const lines = frame(<Pane number={1} view={view} rows={view.rows} selected={0} focused width={120} height={10} />, 120, ASCII_THEME);
    for (const line of lines) assert.match(line, /^[\x20-\x7e]*$/, line);
  }
  const header = frame(<Header view={formatHeader(store.getState(), NOW)} width={120} />, 120, ASCII_THEME);
  assert.match(header[0]!, /^[\x20-\x7e]*$/);
});
