// Actions end to end at 120x40, in tmux, on the demo deployment: `v` streams replay verification
// into the Action output pane and its summary names the tampered session with the seq the
// Sessions pane shows; `R` on a backup runs the pre-flight and stops at the typed confirmation,
// where Esc must leave the live `.eventloom` byte for byte as it was. Needs tmux and a build.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { journalPath, writeJournal } from '../../source/actions/flows/restore-journal.js';
import { treeHash } from '../actions/support/deployment.js';
import { bin, demoDirs, node, projectRoot, PROMPT, Tmux } from './tmux.js';

let scratch: string;
before(() => {
  assert.ok(existsSync(bin), `${bin} is missing: build first (npm run build)`);
  execFileSync('tmux', ['-V']);
  scratch = mkdtempSync(join(tmpdir(), 'e2e-actions-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

/** The console at 120x40 in a private TMPDIR, so a demo's deployment directory is the only one there. */
async function launch(args: string): Promise<{ tmux: Tmux; tmp: string }> {
  const tmp = mkdtempSync(join(scratch, 'tmp-'));
  const tmux = await Tmux.start({ cols: 120, rows: 40, cwd: projectRoot, env: { TMPDIR: tmp } });
  await tmux.run(`${node} ${bin} ${args}; echo "EXIT=$?"`);
  return { tmux, tmp };
}
const demo = (flags: string) => launch(`demo --seed 5 --graph off ${flags}`);

async function quit(tmux: Tmux): Promise<void> {
  await tmux.keys('q');
  await tmux.waitFor('EXIT=0 and the prompt', (s) => s.includes('EXIT=0') && s.trimEnd().endsWith(PROMPT.trim()));
}

/** Answers a mutating action's first dialog, which starts on Cancel so a stray Enter does nothing. */
async function confirm(tmux: Tmux): Promise<void> {
  await tmux.keys('Right');
  await tmux.waitFor('Confirm highlighted', (s) => s.includes('› Confirm'));
  await tmux.keys('Enter');
}

/** The backup the Backups pane's cursor is on (its rows start with the name). */
const selectedBackup = (screen: string) => /^› (zaxy-backup-\d{8}T\d{6}Z)/m.exec(screen)?.[1] ?? null;
/** Lines of the screen containing `text` (the pane streams a log's verdict once per log and again in the summary). */
const count = (screen: string, text: string) => screen.split('\n').filter((l) => l.includes(text)).length;

test('v: replay verification streams into the action pane; the summary names the broken session and seq', async () => {
  const { tmux } = await demo('--tamper-after 2');
  try {
    // The broken session sorts first, under the cursor; its seq is what the verifier must report.
    const screen = await tmux.waitFor('ops-review broken and selected', (s) => /^› ops-review\s.*BROKEN at seq \d+/m.test(s), 30_000);
    const seq = /^› ops-review\s.*BROKEN at seq (\d+)/m.exec(screen)![1]!;
    await tmux.keys('v');
    const verdict = `ops-review.jsonl: BROKEN at seq ${seq}`;
    const done = await tmux.waitFor('the verification summary', (s) => s.includes('Replay verification') && s.includes('live: 1 checked, 1 with problems') && count(s, verdict) >= 2, 30_000);
    // The per-log line came first (streamed while verifying), the summary repeats it after the counts.
    const lines = done.split('\n');
    const at = lines.flatMap((l, i) => (l.includes(verdict) ? [i] : []));
    const counts = lines.findIndex((l) => l.includes('live: 1 checked'));
    assert.ok(at[0]! < counts && at.at(-1)! > counts, `verdict streamed, then summarised:\n${done}`);
    await tmux.waitFor('the action marked failed', (s) => /Action output\]? ✗ failed/.test(s));
    await quit(tmux);
  } finally {
    await tmux.kill();
  }
});

test('R: pre-flight and the typed confirmation, then Esc leaves the live logs untouched', async () => {
  // --no-live: no appends, so the live tree can only change if the restore touched it.
  const { tmux, tmp } = await demo('--no-live');
  try {
    await tmux.waitFor('backups with their contents checked', (s) => /zaxy-backup-\S+\s+\S+\s+✓ ok\s+✓ ok/.test(s), 30_000);
    const [dir] = demoDirs(tmp);
    assert.ok(dir, 'the demo deployment exists');
    const root = join(tmp, dir);
    const live = join(root, '.eventloom');
    const original = await treeHash(live);

    await tmux.keys('4');
    let screen = await tmux.waitFor('the Backups pane focused', (s) => s.includes('[4 Backups]'));
    const newest = selectedBackup(screen);
    assert.ok(newest, `a backup under the cursor:\n${screen}`);
    await tmux.keys('j');
    await tmux.waitFor('j to move the cursor down', (s) => selectedBackup(s) !== null && selectedBackup(s) !== newest);
    await tmux.keys('k');
    await tmux.waitFor('k to move it back to the newest backup', (s) => selectedBackup(s) === newest);

    await tmux.keys('R');
    await tmux.waitFor('the restore dialog for that backup', (s) => s.includes('restore?') && s.includes(`backupName: ${newest}`));
    await confirm(tmux);
    screen = await tmux.waitFor('the typed confirmation', (s) => s.includes(`type "${newest}" to confirm`), 30_000);
    assert.match(screen, new RegExp(`Restore ${newest} into ${root.replace(/[.]/g, '\\.')}`));
    assert.equal(await treeHash(live), original, 'nothing is written before the confirmation');

    await tmux.keys('Escape');
    screen = await tmux.waitFor('the cancelled restore with its pre-flight output', (s) => /Action output\]? ▲ cancelled/.test(s) && s.includes('nothing was changed; staging removed'), 30_000);
    assert.match(screen, new RegExp(`checksum matches ${newest}\\.sha256`));
    assert.match(screen, /\d+ members, \d+ session logs/);

    assert.equal(await treeHash(live), original, 'the live .eventloom is byte for byte unchanged');
    const leftovers = readdirSync(root).filter((f) => f.startsWith('.eventloom.') || f.startsWith('.zaxy-restore-'));
    assert.deepEqual(leftovers, [], 'no pre-restore copy and no staging left behind');
    assert.equal(existsSync(journalPath(root)), false, 'no restore journal left');
    await quit(tmux);
  } finally {
    await tmux.kill();
  }
});

test('start: an interrupted restore is announced; :run recover rollback from the console clears it', async () => {
  // What a restore killed after staging leaves behind: the staged copy and its journal.
  const root = mkdtempSync(join(scratch, 'root-'));
  mkdirSync(join(root, '.eventloom'));
  const staging = join(root, '.zaxy-restore-20260101T000000Z');
  mkdirSync(join(staging, '.eventloom'), { recursive: true });
  const backups = join(root, 'backups');
  await writeJournal({ archive: join(backups, 'nightly.tar.gz'), manifest: join(backups, 'nightly.sha256'), target: root, backupName: 'nightly', staging, staged: join(staging, '.eventloom'), live: join(root, '.eventloom'), aside: null, phase: 'staged' });

  const { tmux } = await launch(`--root ${root}`);
  try {
    await tmux.waitFor('the notice in the action pane', (s) => s.includes('An interrupted restore of nightly was found') && s.includes(':run recover rollback  or  :run recover resume'));
    // Zoomed, the pane is wide enough for the whole shell command.
    await tmux.keys('6');
    await tmux.waitFor('the action pane focused', (s) => s.includes('[6 Action output]'));
    await tmux.keys('z');
    await tmux.waitFor('the exact shell command', (s) => s.includes(`zaxy-console restore --recover rollback|resume --target ${root}`));

    await tmux.keys(':');
    await tmux.waitFor('the command bar', (s) => s.includes('Tab completes'));
    await tmux.literal('run recover rollback');
    await tmux.waitFor('the typed command', (s) => /^:run recover rollback\s*$/m.test(s));
    await tmux.keys('Enter');
    await tmux.waitFor('the confirmation', (s) => s.includes('Recover an interrupted restore (rollback | resume)?'));
    await confirm(tmux);
    await tmux.waitFor('the rollback to finish', (s) => s.includes('Rolled back') && s.includes('staging removed; the live logs were never touched'));
    assert.equal(existsSync(staging), false, 'staging removed');
    assert.equal(existsSync(journalPath(root)), false, 'journal closed');
    await quit(tmux);
  } finally {
    await tmux.kill();
  }
});

test('o: after b and o, the rotated session reads "new chain", not a break', async () => {
  // --no-live: rotation needs a backup newer than the log's last change, which live appends would outrun.
  const { tmux } = await demo('--no-live');
  try {
    await tmux.waitFor('agent-1 selected and intact', (s) => /^› agent-1\s+60 ✓ OK\s/m.test(s), 30_000);
    await tmux.keys('b');
    await confirm(tmux);
    await tmux.waitFor('the backup made and checked', (s) => /Back up the deployment · Created/.test(s) && /Action output\]? ✓ ok/.test(s), 30_000);
    await tmux.keys('5'); // the action took the focus; the rotation target is the selected session
    await tmux.waitFor('the Sessions pane focused', (s) => s.includes('[5 Sessions]'));
    await tmux.keys('o');
    await confirm(tmux);
    await tmux.waitFor('the rotation done', (s) => /Rotate agent-1\.jsonl · Rotated agent-1\.jsonl/.test(s), 30_000);
    // Zoomed, the Chain column is wide enough to read in full.
    await tmux.keys('5');
    await tmux.waitFor('the Sessions pane focused again', (s) => s.includes('[5 Sessions]'));
    await tmux.keys('z');
    const screen = await tmux.waitFor('the emptied log marked as a new chain', (s) => /agent-1\s+0 ✓ OK \(new chain\)/.test(s));
    assert.match(screen, /chains ✓ all OK/);
    assert.doesNotMatch(screen, /BROKEN/);
    await quit(tmux);
  } finally {
    await tmux.kill();
  }
});
