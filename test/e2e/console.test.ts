// End to end in a real terminal: the built binary on the demo deployment, in tmux at 80x24 and
// 200x50, driven by keys; then the terminal must be handed back intact (main screen, cursor,
// prompt) and the demo's temp dir gone, after `q` and after SIGTERM. Needs tmux
// (scripts/setup-tmux.sh) and a build (`npm test` builds first); a missing one fails the test.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bin, demoDirs, node, projectRoot, PROMPT, Tmux } from './tmux.js';

const TITLES = ['Sessions', 'Neo4j', 'Metrics', 'Degradations', 'Backups'];

let scratch: string;
before(() => {
  assert.ok(existsSync(bin), `${bin} is missing: build first (npm run build)`);
  execFileSync('tmux', ['-V']);
  scratch = mkdtempSync(join(tmpdir(), 'e2e-console-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A fresh TMPDIR per run, so "the demo removed its directory" is checked on that run alone. */
function demoTmp(): string {
  return mkdtempSync(join(scratch, 'tmp-'));
}

async function launch(cols: number, rows: number, tmp: string, extra = ''): Promise<Tmux> {
  const tmux = await Tmux.start({ cols, rows, cwd: projectRoot, env: { TMPDIR: tmp } });
  await tmux.run(`${node} ${bin} demo --seed 5 --tamper-after 4 --graph off ${extra}; echo "EXIT=$?"`);
  return tmux;
}

/** The table row of a session (its name followed by its event count), for watching it change. */
const lineWith = (screen: string, session: string) => screen.split('\n').find((l) => new RegExp(`${session.replace(/[.]/g, '\\.')}\\S*\\s+\\d+ `).test(l)) ?? '';

async function expectRestored(tmux: Tmux, tmp: string, exitCode: number): Promise<void> {
  const screen = await tmux.waitFor(`EXIT=${exitCode} and the prompt`, (s) => s.includes(`EXIT=${exitCode}`) && s.trimEnd().endsWith(PROMPT.trim()));
  assert.equal(await tmux.alternateOn(), false, 'back on the main screen');
  assert.equal(await tmux.cursorVisible(), true, 'cursor shown');
  assert.doesNotMatch(screen, /internal error|at .*\.js:\d+/, 'no error or stack trace printed');
  assert.deepEqual(demoDirs(tmp), [], 'the demo removed its temp dir');
  // Raw mode off: the shell echoes what we type again.
  await tmux.literal('echo cooked-$((6*7))');
  await tmux.keys('Enter');
  await tmux.waitFor('the shell to run a command', (s) => s.includes('cooked-42'));
}

test('80x24: panes, live values, help, filter, then q restores the terminal', async () => {
  const tmp = demoTmp();
  const tmux = await launch(80, 24, tmp);
  try {
    let screen = await tmux.waitFor('the pane titles', (s) => TITLES.every((t) => s.includes(t)));
    assert.equal(await tmux.alternateOn(), true, 'the console runs on the alternate screen');
    assert.equal(demoDirs(tmp).length, 1, 'the demo deployment exists while the console runs');
    for (const line of screen.split('\n')) assert.ok([...line].length <= 80, `no line wider than the terminal: ${line}`);

    screen = await tmux.waitFor('session rows', (s) => s.includes('agent-1'));
    const before = lineWith(screen, 'agent-1') + lineWith(screen, 'claude-code');
    await tmux.waitFor('a live value to change', (s) => lineWith(s, 'agent-1') + lineWith(s, 'claude-code') !== before, 20_000);

    // p pauses every poller (the header says so and the rows stop moving); + slows, - speeds up.
    await tmux.keys('p');
    await tmux.waitFor('the paused flag', (s) => s.includes('PAUSED'));
    await tmux.keys('p');
    await tmux.waitFor('polling to resume', (s) => s.includes('every 1s'));
    await tmux.keys('+');
    await tmux.waitFor('a longer interval', (s) => s.includes('every 2s'));
    await tmux.keys('-');
    await tmux.waitFor('the interval back at 1 s', (s) => s.includes('every 1s'));

    await tmux.keys('?');
    await tmux.waitFor('the help overlay', (s) => s.includes('Quit the console'));
    await tmux.keys('Escape');
    await tmux.waitFor('help to close', (s) => !s.includes('Quit the console') && s.includes('Sessions'));

    // One key per write and a visible reaction in between: Ink reads a burst of bytes as one input.
    await tmux.keys('/'); // the Sessions pane has the focus at start
    await tmux.waitFor('the filter bar', (s) => s.includes('Esc clears'));
    await tmux.literal('ops');
    screen = await tmux.waitFor('the filter to narrow the sessions', (s) => s.includes('ops-review') && !s.includes('agent-1'));
    await tmux.keys('Escape');
    await tmux.waitFor('the filter to clear', (s) => s.includes('agent-1'));

    await tmux.keys('q');
    await expectRestored(tmux, tmp, 0);
  } finally {
    await tmux.kill();
  }
});

test('200x50: every pane; Neo4j not configured; the tampered chain and the corrupted backup flagged; v verifies', async () => {
  const tmp = demoTmp();
  const tmux = await launch(200, 50, tmp);
  try {
    await tmux.waitFor('every pane title', (s) => [...TITLES, 'Action output'].every((t) => s.includes(t)));
    await tmux.waitFor('the Neo4j pane to say it is not configured', (s) => s.includes('not configured (demo)'));
    const screen = await tmux.waitFor('the tampered session to show as broken', (s) => /BROKEN/.test(lineWith(s, 'ops-review')), 30_000);
    assert.match(lineWith(screen, 'agent-1'), /OK/);
    // The demo's corrupted backup is 7 h old: "6h" until the clock's minute turns after launch, then "7h".
    await tmux.waitFor('the backup with a corrupted log to be flagged', (s) => /zaxy-backup-\S+\s+[67]h .*✗/.test(s), 30_000);
    // v: replay verification of the selected (broken) session streams into the action pane.
    await tmux.keys('v');
    await tmux.waitFor('the verification result in the action pane', (s) => s.includes('Replay verification') && /ops-review\.jsonl: BROKEN at seq \d+/.test(s), 30_000);
    await tmux.keys('q');
    await expectRestored(tmux, tmp, 0);
  } finally {
    await tmux.kill();
  }
});

test('SIGTERM restores the terminal and removes the demo directory', async () => {
  const tmp = demoTmp();
  const tmux = await launch(100, 30, tmp);
  try {
    await tmux.waitFor('session rows', (s) => s.includes('agent-1'));
    const shell = await tmux.shellPid();
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).map(Number);
    assert.equal(children.length, 1, `one console process under the shell (${children.join(',')})`);
    process.kill(children[0]!, 'SIGTERM');
    await expectRestored(tmux, tmp, 130);
  } finally {
    await tmux.kill();
  }
});

test('closing the terminal (tmux kill-server: SIGHUP) still removes the demo directory', async () => {
  const tmp = demoTmp();
  const tmux = await launch(80, 24, tmp);
  await tmux.waitFor('session rows', (s) => s.includes('agent-1'));
  assert.equal(demoDirs(tmp).length, 1);
  await tmux.kill();
  const deadline = Date.now() + 10_000;
  while (demoDirs(tmp).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  assert.deepEqual(demoDirs(tmp), []);
});

test('below 80x24 it still runs and quits cleanly', async () => {
  const tmp = demoTmp();
  const tmux = await launch(60, 16, tmp);
  try {
    const screen = await tmux.waitFor('a frame', (s) => TITLES.some((t) => s.includes(t)));
    for (const line of screen.split('\n')) assert.ok([...line].length <= 60, `no line wider than the terminal: ${line}`);
    await tmux.keys('q');
    await expectRestored(tmux, tmp, 0);
  } finally {
    await tmux.kill();
  }
});

test('--ascii at 80x24: nothing but ASCII reaches the screen, Ink’s own truncation included', async () => {
  const tmp = demoTmp();
  const tmux = await launch(80, 24, tmp, '--ascii');
  try {
    const screens = [await tmux.waitFor('session rows', (s) => s.includes('Sessions') && /agent-1/.test(s))];
    await tmux.keys('?');
    screens.push(await tmux.waitFor('the help', (s) => s.includes('Show every key')));
    await tmux.keys('Escape');
    await tmux.waitFor('the help to close', (s) => !s.includes('Show every key'));
    for (const screen of screens) {
      const foreign = [...new Set([...screen].filter((c) => c !== '\n' && (c < ' ' || c > '~')))];
      assert.deepEqual(foreign, [], `only ASCII on screen:\n${screen}`);
    }
    await tmux.keys('q');
    await expectRestored(tmux, tmp, 0);
  } finally {
    await tmux.kill();
  }
});

test('stdout not a TTY: one line pointing at status --json, exit 2, nothing created', () => {
  const tmp = demoTmp();
  const result = spawnSync(node, [bin, 'demo'], { encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^zaxy-console: .*not a TTY.*status --json.*\n$/);
  assert.deepEqual(demoDirs(tmp), []);
  const direct = spawnSync(node, [bin, '--root', tmp], { encoding: 'utf8' });
  assert.equal(direct.status, 2);
  assert.match(direct.stderr, /status --json/);
});

test('stdin not a TTY (keys cannot be read): refused with the same one line, the terminal untouched', async () => {
  const tmp = demoTmp();
  const tmux = await Tmux.start({ cols: 80, rows: 24, cwd: projectRoot, env: { TMPDIR: tmp } });
  try {
    await tmux.run(`true | ${node} ${bin} demo --graph off; echo "EXIT=$?"`);
    const screen = await tmux.waitFor('the refusal', (s) => s.includes('EXIT=2'));
    assert.match(screen, /stdin is not a TTY/);
    assert.equal(await tmux.alternateOn(), false);
    assert.deepEqual(demoDirs(tmp), []);
  } finally {
    await tmux.kill();
  }
});
