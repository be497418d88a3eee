// Keys → the real action runner on a demo deployment: events reach the store's action pane, the
// audit trail is written under the root, read-only refuses a mutating flow, and a typed
// confirmation is answered (declined) from the dialog's callback.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../source/config.js';
import { createActionController, loadFlowInfos } from '../../source/console/actions.js';
import { startDemo, type DemoDeployment } from '../../source/demo/deployment.js';
import { createConsoleStore, type ConsoleStore } from '../../source/store/state.js';

let parent: string;
let demo: DemoDeployment;
before(async () => {
  parent = mkdtempSync(join(tmpdir(), 'console-actions-'));
  demo = await startDemo({ seed: 12, parentDir: parent, live: false });
});
after(async () => {
  await demo.close();
  rmSync(parent, { recursive: true, force: true });
});

function controller(readOnly: boolean) {
  const store = createConsoleStore({ publishIntervalMs: 0 });
  let finished = 0;
  const actions = createActionController({ store, config: loadConfig({ flags: { root: demo.root }, env: {}, cwd: demo.root }), readOnly, onFinished: () => finished++ });
  return { store, actions, finished: () => finished };
}

async function until(what: string, test: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const status = (store: ConsoleStore) => store.getState().action?.status;

test('the palette gets every flow, mutating ones marked as danger', async () => {
  const flows = await loadFlowInfos();
  assert.ok(flows.some((f) => f.id === 'verify' && !f.danger));
  assert.ok(flows.some((f) => f.id === 'restore' && f.danger));
});

test('v: verification streams into the action pane, finishes ok and is audited', async () => {
  const { store, actions, finished } = controller(false);
  actions.start('verify', {});
  assert.equal(actions.running(), true);
  await until('the verification to finish', () => finished() === 1);
  assert.equal(status(store), 'ok', JSON.stringify(store.getState().action?.result));
  assert.ok((store.getState().action?.tail.length ?? 0) > 0, 'output lines reached the store');
  const audit = readFileSync(join(demo.root, '.zaxy-console', 'audit.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string });
  assert.match(audit.at(-1)?.action ?? '', /^verify/);
  assert.equal(await actions.close(), null, 'nothing running on quit');
});

test('read-only: a mutating flow is refused and nothing is written to the backups', async () => {
  const { store, actions, finished } = controller(true);
  const before = readdirSync(join(demo.root, 'backups')).sort();
  actions.start('backup', {});
  await until('the refusal', () => finished() === 1);
  assert.equal(status(store), 'refused');
  assert.deepEqual(readdirSync(join(demo.root, 'backups')).sort(), before);
});

test('restore: declining the typed confirmation leaves the deployment untouched', async () => {
  const { store, actions, finished } = controller(false);
  const backups = readdirSync(join(demo.root, 'backups')).filter((f) => f.endsWith('.tar.gz')).sort();
  const archive = join(demo.root, 'backups', backups.at(-1)!);
  const logBefore = readFileSync(join(demo.root, '.eventloom', 'agent-1.jsonl'), 'utf8');
  actions.start('restore', { archive, manifest: archive.replace(/\.tar\.gz$/, '.sha256'), backupName: backups.at(-1)!.replace(/\.tar\.gz$/, '') });
  await until('the typed confirmation', () => store.getState().action?.pendingConfirm != null || finished() === 1);
  actions.answer(false);
  await until('the restore to stop', () => finished() === 1);
  assert.notEqual(status(store), 'ok');
  assert.equal(readFileSync(join(demo.root, '.eventloom', 'agent-1.jsonl'), 'utf8'), logBefore);
  assert.equal(existsSync(join(demo.root, '.eventloom.pre-restore')), false);
  assert.deepEqual(readdirSync(demo.root).filter((f) => f.startsWith('.eventloom.')), []);
});
