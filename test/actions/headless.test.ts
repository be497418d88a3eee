import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { headlessConfirm, formatEvent } from '../../source/actions/headless.js';
import type { CommandContext } from '../../source/commands/command.js';

function context(flags: Record<string, boolean>): { ctx: CommandContext; out: () => string } {
  const stdout = new PassThrough();
  let text = '';
  stdout.on('data', (d: Buffer) => (text += d.toString()));
  const ctx: CommandContext = { input: [], flags, stdout, stderr: new PassThrough(), env: {}, cwd: '/', signal: new AbortController().signal };
  return { ctx, out: () => text };
}

function terminal(answer: string): PassThrough & { isTTY: boolean } {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  setImmediate(() => input.write(`${answer}\n`));
  return input;
}

test('the typed confirmation on a terminal accepts only the exact name', async () => {
  const request = { prompt: 'Restore?', expected: 'zaxy-backup-1' };
  const { ctx, out } = context({});
  assert.equal(await headlessConfirm(ctx, terminal('zaxy-backup-1'))(request), true);
  assert.match(out(), /type zaxy-backup-1 to continue/);
  assert.equal(await headlessConfirm(ctx, terminal('yes'))(request), false);
  assert.equal(await headlessConfirm(ctx, terminal(''))(request), false);
});

test('--yes answers it; no terminal and no --yes refuses with a hint', async () => {
  const request = { prompt: 'Restore?', expected: 'b' };
  assert.equal(await headlessConfirm(context({ yes: true }).ctx, new PassThrough())(request), true);
  await assert.rejects(headlessConfirm(context({}).ctx, new PassThrough())(request), /stdin is not a terminal/);
});

test('formatEvent renders steps, lines and results as plain lines', () => {
  assert.equal(formatEvent({ type: 'step-start', stepId: 'restore.swap', title: 'Swap', uninterruptible: true, at: 0 }), '-> restore.swap  Swap (cannot be interrupted)');
  assert.equal(formatEvent({ type: 'line', stepId: 's', stream: 'stderr', text: 'boom', at: 0 }), '   ! boom');
  assert.equal(formatEvent({ type: 'step-end', stepId: 's', status: 'failed', elapsedMs: 1500, message: 'bad', exitCode: null }), '   FAILED s (1.5s): bad');
  assert.equal(formatEvent({ type: 'progress', stepId: 's', done: 1, total: 2, label: null }), null);
});
