// The recovery notice at console start: a real restore journal (as an interrupted restore leaves
// it) read through the real findPendingRecovery must put the backup, both choices and the exact
// commands in the action pane; no journal leaves the pane idle; an action already shown is not
// replaced; a journal that cannot be read is reported, not ignored.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { journalPath, writeJournal } from '../../source/actions/flows/restore-journal.js';
import { announcePendingRecovery } from '../../source/console/recovery-notice.js';
import { formatAction } from '../../source/store/format/action.js';
import { applyActionEvent, createConsoleStore } from '../../source/store/state.js';

let parent: string;
before(() => {
  parent = mkdtempSync(join(tmpdir(), 'recovery-notice-'));
});
after(() => rmSync(parent, { recursive: true, force: true }));

/** A deployment root; the space makes the printed command quote it. */
function deployment(): string {
  const root = mkdtempSync(join(parent, 'zaxy root-'));
  mkdirSync(join(root, '.eventloom'));
  return root;
}

/** The journal a restore has written once staging is complete, before the swap. */
async function interruptedRestore(root: string): Promise<void> {
  const staging = join(root, '.zaxy-restore-20260101T000000Z');
  await writeJournal({
    archive: join(root, 'backups', 'nightly.tar.gz'),
    manifest: join(root, 'backups', 'nightly.sha256'),
    target: root,
    backupName: 'nightly',
    staging,
    staged: join(staging, '.eventloom'),
    live: join(root, '.eventloom'),
    aside: null,
    phase: 'staged',
  });
}

const store = () => createConsoleStore({ publishIntervalMs: 0 });

test('an interrupted restore is announced in the action pane with both choices and the exact commands', async () => {
  const root = deployment();
  await interruptedRestore(root);
  const s = store();
  const pending = await announcePendingRecovery(s, root);
  assert.equal(pending?.journal.backupName, 'nightly');
  const view = formatAction(s.getState().action, Date.now());
  assert.match(view.title, /An interrupted restore of nightly was found/);
  assert.equal(view.status.text, 'refused');
  assert.equal(view.running, false, 'the notice does not block starting the recovery');
  const text = view.lines.join('\n');
  assert.match(text, /interrupted before the swap/);
  assert.match(text, /rollback: remove the staging directory/);
  assert.match(text, /here: :run recover rollback {2}or {2}:run recover resume/);
  assert.ok(text.includes(`zaxy-console restore --recover rollback|resume --target '${root}'`), text);
});

test('no journal: the pane stays idle', async () => {
  const s = store();
  assert.equal(await announcePendingRecovery(s, deployment()), null);
  assert.equal(s.getState().action, null);
});

test('an action already in the pane is not replaced by the notice', async () => {
  const root = deployment();
  await interruptedRestore(root);
  const s = store();
  applyActionEvent(s, { type: 'action-start', runId: 'r1', actionId: 'verify', title: 'Replay verification', steps: [], at: 0, logFile: null });
  assert.ok(await announcePendingRecovery(s, root), 'the journal is still found');
  assert.equal(s.getState().action?.title, 'Replay verification');
});

test('a journal that cannot be read is reported', async () => {
  const root = deployment();
  mkdirSync(join(root, '.zaxy-console'));
  writeFileSync(journalPath(root), '{ not json');
  const s = store();
  assert.equal(await announcePendingRecovery(s, root), null);
  const view = formatAction(s.getState().action, Date.now());
  assert.match(view.title, /The restore journal could not be read/);
  assert.ok(view.lines.length > 0, 'the reason is shown');
});
