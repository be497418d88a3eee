// User-defined actions from the console config file, run headless through the built CLI as a
// script would: placeholders expanded, output streamed, --readonly and bad configs refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const projectRoot = resolve(import.meta.dirname, '..', '..');
const bin = join(projectRoot, 'dist', 'bin.js');

function withConfig(config: unknown): { home: string; root: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'zc-user-actions-'));
  mkdirSync(join(dir, 'xdg', 'zaxy-console'), { recursive: true });
  writeFileSync(join(dir, 'xdg', 'zaxy-console', 'config.json'), JSON.stringify(config));
  mkdirSync(join(dir, 'deploy'));
  return { home: join(dir, 'xdg'), root: join(dir, 'deploy'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

function run(args: string[], xdg: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, XDG_CONFIG_HOME: xdg } }, (error, stdout, stderr) => {
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const echoAction = { name: 'where', command: 'echo', args: ['root=$ROOT', 'session=$SESSION'], mutates: false, confirm: false };

test('a user action runs with $ROOT and $SESSION expanded and its output streamed', async () => {
  const { home, root, done } = withConfig({ actions: [echoAction] });
  try {
    const result = await run(['run', 'where', '--root', root, '--session', 's1'], home);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`root=${root} session=s1`));
  } finally {
    done();
  }
});

test('a user action is mutating unless it says otherwise, so --readonly refuses it', async () => {
  const { home, root, done } = withConfig({ actions: [{ name: 'wipe', command: 'true' }] });
  try {
    const result = await run(['run', 'wipe', '--root', root, '--readonly', '--yes'], home);
    assert.equal(result.code, 1);
    assert.match(result.stdout + result.stderr, /read-only|readonly/i);
  } finally {
    done();
  }
});

test('a user action that shadows a built-in is a config error naming it', async () => {
  const { home, root, done } = withConfig({ actions: [{ ...echoAction, name: 'doctor' }] });
  try {
    const result = await run(['run', 'doctor', '--root', root], home);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /"doctor".*built-in/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  } finally {
    done();
  }
});
