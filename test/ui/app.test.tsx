import { afterEach, test } from 'node:test';
import { Profiler } from 'react';
import assert from 'node:assert/strict';
import { App, type AppProps } from '../../source/ui/App.js';
import type { ActionArgs } from '../../source/ui/navigation.js';
import { applyKeyConfig } from '../../source/ui/key-config-file.js';
import { applyActionEvent, setSourceHealth, type ConsoleStore } from '../../source/store/state.js';
import { createTheme } from '../../source/ui/theme.js';
import { health, NOW, pollNothingNew, populatedStore } from './fixtures.js';
import { assertFits, assertInert } from './render.js';
import { delay, renderInTerminal, waitFor, type FakeTerminal } from './terminal.js';

interface Harness {
  terminal: FakeTerminal;
  store: ConsoleStore;
  calls: { actions: [string, ActionArgs][]; quit: number; refresh: number; pause: boolean[]; interval: number[]; confirm: boolean[] };
  press(...keys: string[]): Promise<void>;
  props: AppProps;
}

let open: FakeTerminal | null = null;
afterEach(() => {
  open?.unmount();
  open = null;
});

async function start(options: { columns?: number; rows?: number; readOnly?: boolean; store?: ConsoleStore; extra?: Partial<AppProps> } = {}): Promise<Harness> {
  const store = options.store ?? populatedStore({ readOnly: options.readOnly ?? false });
  const calls: Harness['calls'] = { actions: [], quit: 0, refresh: 0, pause: [], interval: [], confirm: [] };
  const columns = options.columns ?? 80;
  const rows = options.rows ?? 24;
  const props: AppProps = {
    store,
    columns,
    rows,
    theme: createTheme({ colorMode: 'never', ascii: false }),
    now: () => NOW,
    onAction: (flow, args) => calls.actions.push([flow, args]),
    onQuit: () => calls.quit++,
    onRefresh: () => calls.refresh++,
    onPause: (p) => calls.pause.push(p),
    onIntervalChange: (ms) => calls.interval.push(ms),
    onConfirm: (answer) => calls.confirm.push(answer),
    ...options.extra,
  };
  const terminal = renderInTerminal(<App {...props} />, columns, rows);
  open = terminal;
  await waitFor(terminal, (f) => f.includes('Sessions'), 'first frame');
  // Input written before useInput subscribes is lost.
  await delay(20);
  return {
    terminal,
    store,
    calls,
    props,
    async press(...keys) {
      for (const key of keys) {
        terminal.stdin.write(key);
        // A lone ESC is held for 20 ms in case a sequence follows.
        await delay(key === '\u001B' ? 40 : 5);
      }
      await delay(20);
    },
  };
}

const lines = (frame: string) => frame.split('\n');

test('80x24: every pane title, header and footer, never more than 24 lines', async () => {
  const { terminal } = await start();
  const frame = terminal.lastFrame();
  assertFits(lines(frame), 80, 24);
  assertInert(lines(frame));
  for (const title of ['[5 Sessions]', '1 Neo4j', '2 Metrics', '3 Degradations', '4 Backups', '6 Action output']) assert.ok(frame.includes(title), title);
  assert.match(lines(frame)[0]!, /DEGRADED: chain broken in beta/);
  assert.match(lines(frame).at(-1)!, /q quit\s+\? help/);
});

test('200x50: a grid with the panes side by side', async () => {
  const { terminal } = await start({ columns: 200, rows: 50 });
  const frame = terminal.lastFrame();
  assertFits(lines(frame), 200, 50);
  const all = lines(frame);
  const row = (...titles: string[]) => all.findIndex((l) => titles.every((t) => l.includes(t)));
  assert.ok(row('[5 Sessions]', '2 Metrics') >= 0, frame);
  assert.ok(row('4 Backups', '1 Neo4j') > row('[5 Sessions]', '2 Metrics'), 'the next grid row starts on one line in both columns');
  assert.ok(row('3 Degradations', '6 Action output') > row('4 Backups', '1 Neo4j'), frame);
  // Wide panes show every column, and whole names rather than truncated ones.
  assert.ok(all.some((l) => /Session .*Latest type +Actor/.test(l)), frame);
  assert.match(frame, /zaxy-backup-20261127T120000Z\.tar\.gz/);
  assert.ok(all.filter((l) => /alpha|beta|gamma|zaxy-backup-/.test(l)).every((l) => !l.includes('…')), frame);
});

test('below 80x24 it shows the focused pane and a hint, and re-lays out on resize', async () => {
  const h = await start({ columns: 60, rows: 20 });
  let frame = h.terminal.lastFrame();
  assertFits(lines(frame), 60, 20);
  assert.ok(!frame.includes('Neo4j'));
  assert.match(frame, /60x20 is below 80x24/);
  h.terminal.rerender(<App {...h.props} columns={80} rows={24} />);
  frame = await waitFor(h.terminal, (f) => f.includes('1 Neo4j'), 're-layout');
  assertFits(lines(frame), 80, 24);
});

test('Tab, Shift-Tab and number keys move focus', async () => {
  const h = await start();
  await h.press('\t');
  assert.ok(h.terminal.lastFrame().includes('[6 Action output]'));
  await h.press('\u001B[Z', '\u001B[Z');
  assert.ok(h.terminal.lastFrame().includes('[4 Backups]'));
  await h.press('2');
  assert.ok(h.terminal.lastFrame().includes('[2 Metrics]'));
});

test('/ filters the focused list and Esc clears it', async () => {
  const h = await start();
  await h.press('/', 'g', 'a', 'm');
  let frame = h.terminal.lastFrame();
  assert.match(lines(frame).at(-1)!, /\/gam .*1 of 3 match/);
  assert.ok(frame.includes('gamma') && !frame.includes('alpha'), frame);
  await h.press('\r');
  assert.match(h.terminal.lastFrame(), /\[5 Sessions\] .*\/gam/);
  await h.press('\u001B');
  frame = h.terminal.lastFrame();
  assert.ok(frame.includes('alpha') && frame.includes('gamma'));
});

test(': opens the palette with completion; Enter runs the command', async () => {
  const h = await start();
  await h.press(':', 'v', 'e', '\t');
  assert.match(h.terminal.lastFrame(), /^:verify$/m);
  await h.press('a', 'l', '\t', '\r');
  assert.deepEqual(h.calls.actions, [['verify', { sessionId: 'alpha', sessionPath: '/srv/zaxy/.eventloom/alpha.jsonl' }]]);
  await h.press(':', 'q', 'u', 'i', 't', '\r');
  assert.equal(h.calls.quit, 1);
});

test('z zooms the focused pane to the whole body and back', async () => {
  const h = await start();
  await h.press('z');
  let frame = h.terminal.lastFrame();
  assert.ok(frame.includes('[5 Sessions]') && !frame.includes('1 Neo4j'), frame);
  assertFits(lines(frame), 80, 24);
  await h.press('z');
  frame = h.terminal.lastFrame();
  assert.ok(frame.includes('1 Neo4j'));
});

test('p pauses (store and callback), +/- change the interval, r refreshes', async () => {
  const h = await start();
  await h.press('p');
  assert.deepEqual(h.calls.pause, [true]);
  assert.equal(h.store.getState().control.paused, true);
  assert.match(lines(h.terminal.lastFrame())[0]!, /‖ PAUSED/);
  await h.press('p', '+', '-', '-', 'r');
  assert.deepEqual(h.calls.pause, [true, false]);
  assert.deepEqual(h.calls.interval, [5000, 2000, 1000]);
  assert.equal(h.calls.refresh, 1);
  assert.match(lines(h.terminal.lastFrame())[0]!, /every 1s/);
});

test('? shows every key from the keymap; Esc closes it', async () => {
  const h = await start();
  await h.press('?');
  const frame = h.terminal.lastFrame();
  assert.match(frame, /Keys/);
  assert.match(frame, /Tab\s+Focus the next pane/);
  assertFits(lines(frame), 80, 24);
  await h.press('\u001B');
  assert.ok(h.terminal.lastFrame().includes('1 Neo4j'));
});

test('Enter opens the detail of the selected row', async () => {
  const h = await start();
  await h.press('\r');
  const frame = h.terminal.lastFrame();
  assert.match(frame, /Session beta/);
  assert.match(frame, /hash mismatch: expected sha256:aaaa found sha256:bbbb/);
  await h.press('\u001B');
  assert.ok(h.terminal.lastFrame().includes('[5 Sessions]'));
});

test('a mutating key opens a confirmation whose default is Cancel', async () => {
  const h = await start();
  await h.press('o');
  assert.match(h.terminal.lastFrame(), /rotate\?[\s\S]*› Cancel/);
  await h.press('\r');
  assert.deepEqual(h.calls.actions, []);
  await h.press('o', '\u001B[C', '\r');
  assert.deepEqual(h.calls.actions, [['rotate', { sessionId: 'beta', sessionPath: '/srv/zaxy/.eventloom/beta.jsonl' }]]);
});

test('--readonly hides the mutating keys and refuses them with the reason', async () => {
  const h = await start({ readOnly: true });
  assert.match(h.terminal.lastFrame(), /READ-ONLY/);
  assert.ok(!lines(h.terminal.lastFrame()).at(-1)!.includes('rotate'));
  await h.press('o');
  assert.match(lines(h.terminal.lastFrame()).at(-1)!, /rotate: read-only mode \(--readonly\)/);
  await h.press('b', '4', 'R');
  assert.deepEqual(h.calls.actions, []);
  await h.press('?');
  assert.match(h.terminal.lastFrame(), /Hidden: backup, restore, rotate/);
});

test('q and Ctrl-C quit', async () => {
  const h = await start();
  await h.press('q', '\u0003');
  assert.equal(h.calls.quit, 2);
});

test('remapped keys from the config drive the App', async () => {
  const bindings = applyKeyConfig({ keys: { 'app.quit': 'Q', 'view.zoom': 'Z' } }, '/c.json');
  const h = await start({ extra: { bindings } });
  await h.press('q');
  assert.equal(h.calls.quit, 0);
  await h.press('Q');
  assert.equal(h.calls.quit, 1);
});

test('the running flow’s typed confirmation takes over until answered', async () => {
  const h = await start();
  applyActionEvent(h.store, { type: 'action-start', runId: 'r1', actionId: 'restore', title: 'Restore', steps: [{ id: 'restore.run', title: 'run' }], at: NOW, logFile: null });
  applyActionEvent(h.store, { type: 'confirm', stepId: 'restore.run', request: { prompt: 'Overwrite .eventloom?', expected: 'bk1' } });
  await waitFor(h.terminal, (f) => f.includes('Overwrite .eventloom?'), 'confirmation');
  await h.press('b', 'k', '1', '\r');
  assert.deepEqual(h.calls.confirm, [true]);
  assert.deepEqual(h.calls.actions, [], 'b was text, not backup');
});

test('a source going down shows in its pane as soon as the store publishes', async () => {
  const h = await start();
  setSourceHealth(h.store, 'backups', health({ state: 'down', error: 'EACCES: permission denied', nextPollAt: NOW + 4000 }));
  const frame = await waitFor(h.terminal, (f) => f.includes('down, retry in 4s: EACCES'), 'down status');
  assertInert(lines(frame));
});

test('keys that arrive together (fast typing, tmux send-keys) are each handled', async () => {
  const h = await start();
  await h.press('4jR');
  assert.match(h.terminal.lastFrame(), /restore\?[\s\S]*backupName: zaxy-backup-20261127T120000Z\.tar\.gz/);
  await h.press('\u001B');
  await h.press('5/gam');
  assert.match(lines(h.terminal.lastFrame()).at(-1)!, /\/gam .*1 of 3 match/);
});

test('the App does not re-render when a publish changes nothing on screen', async () => {
  const store = populatedStore();
  let renders = 0;
  const h = await start({ store, extra: {} });
  h.terminal.rerender(
    <Profiler id="app" onRender={() => renders++}>
      <App {...h.props} />
    </Profiler>,
  );
  await delay(30);
  const before = renders;
  store.set('workspace', structuredClone(store.getState().workspace));
  store.set('backups', structuredClone(store.getState().backups));
  // Polls that move only timings (lastOkAt, nextPollAt, durations, the metrics' observed window).
  for (let i = 0; i < 5; i++) pollNothingNew(store, 1000);
  await delay(50);
  assert.equal(renders, before);
  store.set('workspace', { ...store.getState().workspace, health: health({ state: 'down', error: 'gone', nextPollAt: NOW + 3000 }) });
  await waitFor(h.terminal, (f) => f.includes('down, retry in 3s: gone'), 'a real change');
  assert.ok(renders > before);
});

test('a clock tick that changes no text on screen commits no render; one that does, does', async () => {
  // A source that is down counts seconds ("retry in 5s"), so the clock ticks every second. `now`
  // creeps forward inside one second: each tick reads a new time, but the same text.
  const store = populatedStore();
  setSourceHealth(store, 'backups', health({ state: 'down', error: 'gone', nextPollAt: NOW + 5000 }));
  let base = NOW + 980;
  let reads = 0;
  const now = () => base + (reads++ % 18);
  let renders = 0;
  const h = await start({ store, extra: { now } });
  h.terminal.rerender(
    <Profiler id="app" onRender={() => renders++}>
      <App {...h.props} />
    </Profiler>,
  );
  await waitFor(h.terminal, (f) => f.includes('retry in 5s: gone'), 'the countdown');
  await delay(30);
  const before = { renders, reads };
  // Each tick is due ~10 ms after the last; wait for a few to have read the clock.
  while (reads < before.reads + 5) await delay(10);
  assert.equal(renders, before.renders, 'ticks that change nothing visible do not render');
  base = NOW + 1980;
  await waitFor(h.terminal, (f) => f.includes('retry in 4s: gone'), 'the next second');
  assert.ok(renders > before.renders);
});
