import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { guardTerminal, RESTORE_SEQUENCE } from '../../source/console/terminal.js';

function fakeTerminal() {
  const written: string[] = [];
  const stdout = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
  stdout.write = ((chunk: string) => written.push(chunk) > 0);
  const modes: boolean[] = [];
  const stdin = { isTTY: true, isRaw: true, setRawMode: (on: boolean) => modes.push(on) } as unknown as NodeJS.ReadStream;
  return { stdout, stdin, written, modes };
}

test('restore turns raw mode off and writes the restore sequence once, however often it is called', () => {
  const t = fakeTerminal();
  const guard = guardTerminal({ stdout: t.stdout, stdin: t.stdin, onFatal: () => undefined });
  try {
    guard.restore();
    guard.restore();
    process.emit('exit', 0);
    assert.deepEqual(t.written, [RESTORE_SEQUENCE]);
    assert.deepEqual(t.modes, [false]);
  } finally {
    guard.dispose();
  }
});

test('after a clean unmount the exit handler writes nothing; dispose removes every handler', () => {
  const t = fakeTerminal();
  const before = process.listenerCount('exit') + process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection');
  const guard = guardTerminal({ stdout: t.stdout, stdin: t.stdin, onFatal: () => undefined });
  guard.markRestored();
  process.emit('exit', 0);
  assert.deepEqual(t.written, []);
  guard.dispose();
  assert.equal(process.listenerCount('exit') + process.listenerCount('uncaughtException') + process.listenerCount('unhandledRejection'), before);
});

test('in a real process: a crash after entering the alternate screen prints the error after the restore, exit 1', () => {
  const script = `
    import { guardTerminal } from ${JSON.stringify(resolve(import.meta.dirname, '../../source/console/terminal.ts'))};
    process.stdout.write('\\x1b[?1049h\\x1b[?25l');
    guardTerminal({ stdout: process.stdout, stdin: process.stdin });
    setTimeout(() => { throw new Error('pane exploded'); }, 10);
  `;
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.ok(result.stdout.endsWith(RESTORE_SEQUENCE), JSON.stringify(result.stdout));
  assert.match(result.stderr, /^zaxy-console: internal error: pane exploded/);
  assert.doesNotMatch(result.stderr, /at .*:\d+:\d+/, 'no stack trace');
});
