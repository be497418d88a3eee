import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../source/actions/runner.js';
import { reduceActionRun, TAIL_LINES, type ActionRun } from '../../source/actions/run-state.js';
import { LineSplitter } from '../../source/actions/output-lines.js';
import { readRecentAudit, redactArgs } from '../../source/actions/audit.js';
import { ConsoleError } from '../../source/errors.js';
import type { Action, ActionEvent, Step } from '../../source/actions/types.js';

const tempRoot = () => mkdtemp(join(tmpdir(), 'zc-runner-'));

function collect(): { events: ActionEvent[]; listener: (e: ActionEvent) => void; run: () => ActionRun | null } {
  const events: ActionEvent[] = [];
  return { events, listener: (e) => events.push(e), run: () => events.reduce<ActionRun | null>(reduceActionRun, null) };
}

const childStep = (id: string, argv: string[], extra: Partial<Step> = {}): Step => ({
  id,
  title: id,
  ...extra,
  run: async (ctx) => {
    const r = await ctx.exec(argv);
    if (r.exitCode !== 0) throw new ConsoleError('STEP_FAILED', `exit ${r.exitCode ?? r.signal}`, { exitCode: 1 });
  },
});

test('LineSplitter keeps partial lines until the rest arrives', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('ab'), []);
  assert.deepEqual(s.push('c\r\nde\nf'), ['abc', 'de']);
  assert.deepEqual(s.end(), ['f']);
  assert.deepEqual(s.end(), []);
});

test('the ActionRun tail is bounded and counts what it dropped', () => {
  let run = reduceActionRun(null, { type: 'action-start', runId: 'r', actionId: 'a', title: 'A', steps: [{ id: 's', title: 'S' }], at: 0, logFile: null });
  for (let i = 0; i < TAIL_LINES + 25; i++) run = reduceActionRun(run, { type: 'line', stepId: 's', stream: 'stdout', text: `l${i}`, at: 0 });
  assert.equal(run?.tail.length, TAIL_LINES);
  assert.equal(run?.droppedLines, 25);
  assert.equal(run?.tail[0]?.text, 'l25');
  assert.equal(run?.tail.at(-1)?.text, `l${TAIL_LINES + 24}`);
});

test('a child step streams stdout and stderr line by line, sanitised, into events, log file and audit', async () => {
  const root = await tempRoot();
  const c = collect();
  const action: Action = {
    id: 'demo',
    title: 'Demo',
    mutates: false,
    steps: [childStep('demo.echo', ['bash', '-c', 'echo one; echo two >&2; printf "\\033[31mthree\\033]0;title\\007\\033[0m\\n"'])],
  };
  const outcome = await runAction(action, { root, listener: c.listener, args: { root, adminToken: 'x', key: 'sk-abcdefghijkl' } });
  assert.equal(outcome.status, 'ok');
  const lines = c.events.flatMap((e) => (e.type === 'line' ? [`${e.stream}:${e.text}`] : []));
  assert.deepEqual(lines.sort(), ['stderr:two', 'stdout:one', 'stdout:three']);
  const run = c.run();
  assert.equal(run?.status, 'ok');
  assert.equal(run?.steps[0]?.status, 'ok');
  const logText = await readFile(outcome.logFile ?? '', 'utf8');
  assert.match(logText, /demo\.echo stdout\| one/);
  assert.match(logText, /demo\.echo stderr\| two/);
  const [entry] = await readRecentAudit(root);
  assert.equal(entry?.action, 'demo');
  assert.equal(entry?.status, 'ok');
  assert.equal(entry?.args.adminToken, '[REDACTED]');
  assert.equal(entry?.args.key, '[REDACTED]');
  assert.equal(entry?.args.root, root);
  assert.deepEqual(entry?.steps.map((s) => s.id), ['demo.echo']);
});

test('the first failure stops the action; later steps are skipped and the audit says which ran', async () => {
  const root = await tempRoot();
  const c = collect();
  let thirdRan = false;
  const action: Action = {
    id: 'chain',
    title: 'Chain',
    mutates: false,
    steps: [
      childStep('chain.ok', ['true']),
      childStep('chain.fail', ['bash', '-c', 'echo boom >&2; exit 3']),
      { id: 'chain.never', title: 'never', run: () => { thirdRan = true; return Promise.resolve(); } },
    ],
  };
  const outcome = await runAction(action, { root, listener: c.listener });
  assert.equal(outcome.status, 'failed');
  assert.equal(thirdRan, false);
  assert.match(outcome.message, /chain\.fail failed: exit 3/);
  assert.deepEqual(c.run()?.steps.map((s) => s.status), ['ok', 'failed', 'skipped']);
  const [entry] = await readRecentAudit(root);
  assert.deepEqual(entry?.steps.map((s) => `${s.id}:${s.status}`), ['chain.ok:ok', 'chain.fail:failed']);
});

test('--readonly refuses a mutating action before any step runs, and audits the refusal', async () => {
  const root = await tempRoot();
  let ran = false;
  const outcome = await runAction(
    { id: 'mut', title: 'Mutate', mutates: true, steps: [{ id: 'mut.x', title: 'x', run: () => { ran = true; return Promise.resolve(); } }] },
    { root, readonly: true },
  );
  assert.equal(outcome.status, 'refused');
  assert.equal(ran, false);
  assert.match(outcome.message, /read-only/);
  assert.equal((await readRecentAudit(root))[0]?.status, 'refused');
});

test('cancel sends SIGTERM to the whole process group, then SIGKILL after the grace period', async () => {
  const root = await tempRoot();
  const controller = new AbortController();
  const c = collect();
  // The script ignores TERM and has a grandchild: only a group SIGKILL ends both.
  const action: Action = {
    id: 'stubborn',
    title: 'Stubborn',
    mutates: false,
    steps: [childStep('stubborn.run', ['bash', '-c', 'trap "" TERM; sleep 30 & echo started; wait'])],
  };
  const listener = (e: ActionEvent) => {
    c.listener(e);
    if (e.type === 'line' && e.text === 'started') controller.abort();
  };
  const t0 = Date.now();
  const outcome = await runAction(action, { root, listener, signal: controller.signal, graceMs: 300 });
  assert.equal(outcome.status, 'cancelled');
  assert.ok(Date.now() - t0 < 20_000, 'the sleeping grandchild must not keep the step alive');
  assert.equal(c.run()?.steps[0]?.status, 'cancelled');
});

test('an uninterruptible step finishes before the cancel takes effect, and nothing after it runs', async () => {
  const controller = new AbortController();
  const order: string[] = [];
  const action: Action = {
    id: 'swap',
    title: 'Swap',
    mutates: false,
    steps: [
      {
        id: 'swap.atomic',
        title: 'Atomic swap',
        uninterruptible: true,
        run: async (ctx) => {
          controller.abort();
          await new Promise((r) => setTimeout(r, 50));
          order.push(ctx.signal.aborted ? 'saw-abort' : 'finished');
        },
      },
      { id: 'swap.after', title: 'after', run: () => { order.push('after'); return Promise.resolve(); } },
    ],
  };
  const c = collect();
  const outcome = await runAction(action, { root: null, signal: controller.signal, listener: c.listener });
  assert.deepEqual(order, ['finished']);
  assert.equal(outcome.status, 'cancelled');
  assert.ok(c.events.some((e) => e.type === 'cancel-requested' && e.deferred));
  assert.deepEqual(c.run()?.steps.map((s) => s.status), ['ok', 'skipped']);
});

test('cleanup runs after a failure and its output is kept', async () => {
  const root = await tempRoot();
  const seen: string[] = [];
  const outcome = await runAction(
    {
      id: 'cl',
      title: 'Cleanup',
      mutates: false,
      steps: [{ id: 'cl.fail', title: 'fail', run: () => Promise.reject(new ConsoleError('X', 'nope', { exitCode: 1 })) }],
      cleanup: (ctx, status) => { seen.push(status); ctx.info('removed staging'); return Promise.resolve(); },
    },
    { root },
  );
  assert.equal(outcome.status, 'failed');
  assert.deepEqual(seen, ['failed']);
  const runs = await readdir(join(root, '.zaxy-console', 'runs'));
  assert.equal(runs.length, 1);
  assert.match(await readFile(join(root, '.zaxy-console', 'runs', runs[0] ?? ''), 'utf8'), /cl\.cleanup info\| removed staging/);
});

test('redactArgs hides secret-named keys and token-looking values', () => {
  assert.deepEqual(redactArgs({ password: 'p', target: '/t', list: ['AKIAABCDEFGHIJKLMNOP', 'ok'], gone: undefined }), {
    password: '[REDACTED]',
    target: '/t',
    list: ['[REDACTED]', 'ok'],
  });
});
