import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zaxyInstall } from '../support/zaxy.js';
import { makeDeployment, runCli } from './support/deployment.js';
import { doctorRows, expandPlaceholders, runScriptAction } from '../../source/actions/flows/run-script.js';
import { runAction } from '../../source/actions/runner.js';
import type { ActionEvent } from '../../source/actions/types.js';

const temp = () => mkdtemp(join(tmpdir(), 'zc-run-'));

test('expandPlaceholders fills $ROOT and $SESSION and refuses $SESSION without a session', () => {
  assert.deepEqual(expandPlaceholders(['--root', '$ROOT', '$ROOT/.eventloom/$SESSION.jsonl'], { root: '/r', session: 's' }), ['--root', '/r', '/r/.eventloom/s.jsonl']);
  assert.throws(() => expandPlaceholders(['$SESSION'], { root: '/r' }), /needs a session/);
});

test('doctorRows turns doctor --json into rows with fixes', () => {
  const { overall, rows } = doctorRows(JSON.stringify({ status: 'warning', checks: [{ name: 'eventloom', status: 'ok', message: 'writable' }, { name: 'hooks', status: 'warning', message: 'not installed', action: 'zaxy hooks install' }] }));
  assert.equal(overall, 'warning');
  assert.deepEqual(rows, ['OK      eventloom  writable', 'WARNING hooks      not installed  → zaxy hooks install']);
  assert.throws(() => doctorRows('not json'), /did not print JSON/);
});

test('run doctor shows the real zaxy doctor checks as rows; run status streams zaxy status', async () => {
  const root = await temp();
  await makeDeployment(root, { sessions: { s1: 1 } });
  const env = { ZAXY_BIN: zaxyInstall().zaxy };
  const doctor = await runCli(['run', 'doctor', '--root', root], env);
  assert.ok(doctor.code === 0 || doctor.code === 1, doctor.stderr);
  assert.match(doctor.stdout, /\| OK +eventloom +\.eventloom is writable/);
  assert.match(doctor.stdout, /doctor status: |zaxy doctor reports errors/);
  const status = await runCli(['run', 'status', '--root', root], env);
  assert.match(status.stdout, /\| embedded graph: OK/);
  const unknown = await runCli(['run', 'nope', '--root', root]);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /no runnable action named nope — known: release-check, doctor, status, reproject/);
});

test('a user action streams its output, confirms when asked, and is refused read-only when it mutates', async () => {
  const root = await temp();
  const action = { name: 'touch', command: 'bash', args: ['-c', 'echo root=$0 session=$1', '$ROOT', '$SESSION'], mutates: true, confirm: true };
  const lines: string[] = [];
  const listener = (e: ActionEvent) => e.type === 'line' && lines.push(e.text);
  const ok = await runAction(await runScriptAction({ name: 'touch', root, session: 's9', userActions: [action] }), { root, listener, confirm: () => Promise.resolve(true) });
  assert.equal(ok.status, 'ok', ok.message);
  assert.ok(lines.includes(`root=${root} session=s9`));
  const ro = await runAction(await runScriptAction({ name: 'touch', root, session: 's9', userActions: [action] }), { root, readonly: true });
  assert.equal(ro.status, 'refused');
});

test('release-check.sh output streams line by line and its failure is the result', async () => {
  const root = await temp();
  await mkdir(join(root, 'scripts'));
  const script = join(root, 'scripts', 'release-check.sh');
  await writeFile(script, '#!/usr/bin/env bash\necho "Running ruff"\necho "Skipping mypy: offline"\necho "pytest failed" >&2\nexit 1\n');
  await chmod(script, 0o755);
  const r = await runCli(['run', 'release-check', '--root', root]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /\| Running ruff\n.*\| Skipping mypy: offline/);
  assert.match(r.stdout, /release-check\.sh exited with 1: pytest failed/);
});

test('run reproject rebuilds the projection of each session with the real zaxy reproject', async () => {
  const root = await temp();
  await makeDeployment(root, { sessions: { s1: 2, s2: 1 } });
  const r = await runCli(['run', 'reproject', '--root', root], { ZAXY_BIN: zaxyInstall().zaxy });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /-> run\.reproject\.s1 .*reproject \.eventloom\/s1\.jsonl --session-id s1/);
  assert.match(r.stdout, /-> run\.reproject\.s2 /);
  assert.match(r.stdout, /Reprojected 2 session\(s\)/);
  const ro = await runCli(['run', 'reproject', '--root', root, '--readonly'], { ZAXY_BIN: zaxyInstall().zaxy });
  assert.equal(ro.code, 1);
});
