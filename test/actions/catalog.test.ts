import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { zaxyInstall } from '../support/zaxy.js';
import { makeDeployment, treeHash } from './support/deployment.js';
import { flows, reduceActionRun, startAction, readRecentAudit, type ActionEvent, type ActionRun, type ConfirmRequest } from '../../source/actions/index.js';

const exec = promisify(execFile);
const temp = () => mkdtemp(join(tmpdir(), 'zc-catalog-'));

test('the flow registry has unique ids and keys, and mutating flows are marked', () => {
  assert.equal(new Set(flows.map((f) => f.id)).size, flows.length);
  const keys = flows.flatMap((f) => (f.key ? [f.key] : []));
  assert.equal(new Set(keys).size, keys.length);
  assert.deepEqual(flows.filter((f) => f.mutates).map((f) => f.id).sort(), ['backup', 'recover', 'restore', 'rotate']);
  assert.equal(flows.find((f) => f.id === 'restore')?.confirm, 'typed');
});

test('startAction: restore of the selected backup asks for the typed name; declining changes nothing', async () => {
  const root = await temp();
  await makeDeployment(root, { sessions: { s1: 2 } });
  await exec('bash', [join(zaxyInstall().scripts, 'backup.sh'), '--root', root, '--name', 'sel']);
  const before = await treeHash(root);
  const asked: ConfirmRequest[] = [];
  let run: ActionRun | null = null;
  const outcome = await startAction('restore', { backupName: 'sel' }, (e: ActionEvent) => (run = reduceActionRun(run, e)), new AbortController().signal, {
    context: { root, eventloom: join(root, '.eventloom'), backupDir: join(root, 'backups'), readonly: false },
    confirm: (request) => {
      asked.push(request);
      return Promise.resolve(false);
    },
  });
  assert.equal(outcome.status, 'cancelled');
  assert.equal(asked[0]?.expected, 'sel');
  const final = run as ActionRun | null;
  assert.deepEqual(final?.steps.map((s) => s.status), ['ok', 'ok', 'ok', 'ok', 'cancelled', 'skipped', 'skipped', 'skipped', 'skipped']);
  assert.equal(await treeHash(root), before);
  assert.ok(!(await readdir(root)).some((n) => n.startsWith('.zaxy-restore-')));
  assert.equal((await readRecentAudit(root))[0]?.status, 'cancelled');
});

test('startAction: read-only refuses mutating flows; a flow missing its selection explains itself', async () => {
  const root = await temp();
  await makeDeployment(root, { sessions: { s1: 2 } });
  const context = { root, eventloom: join(root, '.eventloom'), backupDir: join(root, 'backups'), readonly: true };
  const noConfirm = () => Promise.resolve(false);
  const refused = await startAction('backup', {}, () => undefined, new AbortController().signal, { context, confirm: noConfirm });
  assert.equal(refused.status, 'refused');
  const missing = await startAction('rotate', {}, () => undefined, new AbortController().signal, { context: { ...context, readonly: false }, confirm: noConfirm });
  assert.equal(missing.status, 'failed');
  assert.match(missing.message, /rotate needs a session/);
  const verify = await startAction('verify', { sessionId: 's1' }, () => undefined, new AbortController().signal, { context, confirm: noConfirm });
  assert.equal(verify.status, 'ok', verify.message);
  assert.deepEqual(verify.steps.map((s) => s.id), ['verify.live', 'verify.summary']);
});
