import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, readFileSync, renameSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspaceCollector, WorkspaceMissingError, type WorkspaceSnapshot } from '../../source/sources/workspace.js';
import { planVerify } from '../../source/sources/workspace-plan.js';
import { watchDirectory } from '../../source/sources/change-watch.js';
import { discoverWorkspace } from '../../source/eventloom/index.js';
import { execFileSync } from 'node:child_process';
import { makeDeployment, runScript, zaxyAppend } from '../status/deployment.js';
import { zaxyInstall } from '../support/zaxy.js';

const setting = (value: string) => ({ eventloomPath: { value, source: 'default' as const, origin: 'default' } });
const signal = () => new AbortController().signal;
const session = (snap: WorkspaceSnapshot, id: string) => {
  const found = snap.sessions.find((s) => s.session_id === id);
  assert.ok(found, `session ${id} in ${JSON.stringify(snap.sessions.map((s) => s.session_id))}`);
  return found;
};

test('planVerify: the pure decision table', () => {
  const before = { dev: 1, ino: 2, size: 100, mtimeMs: 5, verifiedOffset: 100, broken: false };
  const cases: Array<[string, Parameters<typeof planVerify>[0], Parameters<typeof planVerify>[1], unknown]> = [
    ['new file', undefined, { dev: 1, ino: 2, size: 10, mtimeMs: 1 }, { kind: 'full', restart: null }],
    ['unchanged', before, { dev: 1, ino: 2, size: 100, mtimeMs: 5 }, { kind: 'cached' }],
    ['grew', before, { dev: 1, ino: 2, size: 150, mtimeMs: 6 }, { kind: 'incremental' }],
    ['shrank', before, { dev: 1, ino: 2, size: 40, mtimeMs: 6 }, { kind: 'full', restart: 'truncated' }],
    ['inode swapped', before, { dev: 1, ino: 3, size: 150, mtimeMs: 6 }, { kind: 'full', restart: 'replaced' }],
    ['edited in place', before, { dev: 1, ino: 2, size: 100, mtimeMs: 9 }, { kind: 'full', restart: null }],
    ['grew after a break', { ...before, broken: true }, { dev: 1, ino: 2, size: 150, mtimeMs: 6 }, { kind: 'full', restart: null }],
  ];
  for (const [name, previous, now, expected] of cases) assert.deepEqual(planVerify(previous, now), expected, name);
});

test('workspace: append is verified incrementally, unchanged logs are cached', async () => {
  const { eventloom } = makeDeployment({ alpha: 5, beta: 2 });
  writeFileSync(join(eventloom, 'remote_audit.jsonl'), '{}\n');
  const collector = createWorkspaceCollector(setting(eventloom));
  const first = await collector.collect(signal());
  assert.deepEqual([first.session_count, first.total_events], [2, 7]);
  assert.ok(first.skipped_logs.some((s) => s.path.endsWith('remote_audit.jsonl')));
  const alpha1 = session(first, 'alpha');
  assert.deepEqual([alpha1.verify_mode, alpha1.integrity, alpha1.latest_seq, alpha1.latest_type, alpha1.latest_actor], ['full', 'ok', 5, 'decision.made', 'tester']);
  assert.match(alpha1.latest_hash ?? '', /^[0-9a-f]{64}$/);

  const path = join(eventloom, 'alpha.jsonl');
  const sizeBefore = statSync(path).size;
  zaxyAppend(path, 3, 'more');
  const second = await collector.collect(signal());
  const alpha2 = session(second, 'alpha');
  assert.deepEqual([alpha2.verify_mode, alpha2.integrity, alpha2.event_count, alpha2.latest_seq], ['incremental', 'ok', 8, 8]);
  assert.equal(alpha2.bytes_verified, statSync(path).size - sizeBefore);
  assert.equal(session(second, 'beta').verify_mode, 'cached');
});

test('workspace: a torn last line is pending, not a break, and completes on the next poll', async () => {
  const { eventloom } = makeDeployment({ s: 3 });
  const path = join(eventloom, 's.jsonl');
  const scratch = join(eventloom, '..', 'scratch.jsonl');
  copyFileSync(path, scratch);
  zaxyAppend(scratch, 1, 'next');
  const nextLine = readFileSync(scratch, 'utf8').trimEnd().split('\n').at(-1)!;
  const collector = createWorkspaceCollector(setting(eventloom));
  await collector.collect(signal());
  appendFileSync(path, nextLine.slice(0, 40));
  const torn = session(await collector.collect(signal()), 's');
  assert.deepEqual([torn.integrity, torn.integrity_ok, torn.reason_code, torn.event_count], ['pending', true, 'partial_trailing_line', 4]);
  appendFileSync(path, `${nextLine.slice(40)}\n`);
  const done = session(await collector.collect(signal()), 's');
  assert.deepEqual([done.integrity, done.verify_mode, done.event_count, done.latest_seq], ['ok', 'incremental', 4, 4]);
});

test('workspace: an old torn tail is a break (a writer crashed)', async () => {
  const { eventloom } = makeDeployment({ s: 2 });
  appendFileSync(join(eventloom, 's.jsonl'), '{"seq": 3, "timest');
  const collector = createWorkspaceCollector(setting(eventloom), { partialGraceMs: 10_000, now: () => Date.now() + 60_000 });
  const s = session(await collector.collect(signal()), 's');
  assert.deepEqual([s.integrity, s.integrity_ok, s.reason_code], ['broken', false, 'partial_trailing_line']);
});

test('workspace: rotate-logs.sh (truncate in place) starts a new chain, which is not tampering', async () => {
  const { eventloom } = makeDeployment({ s: 6 });
  const path = join(eventloom, 's.jsonl');
  const collector = createWorkspaceCollector(setting(eventloom));
  await collector.collect(signal());
  runScript('rotate-logs.sh', ['--log', path]);
  zaxyAppend(path, 2, 'after');
  const snap = await collector.collect(signal());
  const s = session(snap, 's');
  assert.deepEqual([s.chain_restarted, s.integrity, s.event_count, s.latest_seq, s.verify_mode], ['truncated', 'ok', 2, 2, 'full']);
  assert.ok(snap.skipped_logs.some((k) => k.path.endsWith('archive/')), 'archive/ listed as skipped');
});

test('workspace: emptied and refilled past the old size between polls is caught by the tail fingerprint', async () => {
  const { eventloom } = makeDeployment({ s: 2 });
  const path = join(eventloom, 's.jsonl');
  const collector = createWorkspaceCollector(setting(eventloom));
  await collector.collect(signal());
  runScript('rotate-logs.sh', ['--log', path]);
  zaxyAppend(path, 5, 'refill');
  const s = session(await collector.collect(signal()), 's');
  assert.deepEqual([s.chain_restarted, s.integrity, s.event_count, s.verify_mode], ['rewritten', 'ok', 5, 'full']);
});

test('workspace: an inode swap is a replaced chain; an in-place edit of the same length is a break', async () => {
  const { root, eventloom } = makeDeployment({ s: 3, t: 3 });
  const collector = createWorkspaceCollector(setting(eventloom));
  await collector.collect(signal());
  mkdirSync(join(root, 'other'));
  const other = join(root, 'other', 'x.jsonl');
  zaxyAppend(other, 4, 'swap');
  renameSync(other, join(eventloom, 's.jsonl'));
  const tPath = join(eventloom, 't.jsonl');
  const text = readFileSync(tPath, 'utf8');
  writeFileSync(tPath, text.replace('t-1', 't-X'));
  const snap = await collector.collect(signal());
  const s = session(snap, 's');
  assert.deepEqual([s.chain_restarted, s.integrity, s.event_count], ['replaced', 'ok', 4]);
  const t = session(snap, 't');
  assert.deepEqual([t.integrity, t.integrity_ok, t.broken_at_seq, t.reason_code, t.chain_restarted], ['broken', false, 2, 'hash_mismatch', null]);
});

test('workspace: sessions and content-skipped logs agree with Zaxy inspect_memory_status', async () => {
  const { eventloom } = makeDeployment({ alpha: 3, beta: 2 });
  writeFileSync(join(eventloom, 'notes.jsonl'), '\n{"note": "not an event"}\n');
  writeFileSync(join(eventloom, 'bom.jsonl'), `\uFEFF${readFileSync(join(eventloom, 'beta.jsonl'), 'utf8')}`);
  writeFileSync(join(eventloom, 'list.jsonl'), '[1, 2]\n');
  writeFileSync(join(eventloom, 'empty.jsonl'), '');
  const script = 'import json,sys; from zaxy.memory_status import inspect_memory_status; print(json.dumps(inspect_memory_status(sys.argv[1]).to_dict()))';
  const zaxy = JSON.parse(execFileSync(zaxyInstall().python, ['-c', script, eventloom], { encoding: 'utf8' })) as {
    sessions: Array<Record<string, unknown>>;
    skipped_logs: Array<{ path: string; reason: string }>;
  };
  const mine = await createWorkspaceCollector(setting(eventloom)).collect(signal());
  const fields = ['session_id', 'event_count', 'latest_seq', 'latest_hash', 'latest_type', 'latest_actor', 'latest_timestamp', 'integrity_ok'] as const;
  assert.deepEqual(
    mine.sessions.map((s) => fields.map((f) => s[f])),
    zaxy.sessions.map((s) => fields.map((f) => s[f])),
  );
  assert.deepEqual(
    mine.skipped_logs.filter((k) => k.kind === 'invalid').map((k) => [k.path, k.reason]).sort(),
    zaxy.skipped_logs.map((k) => [k.path, k.reason]).sort(),
  );
});

test('workspace: EVENTLOOM_PATH naming one log file reads just that log', async () => {
  const { eventloom } = makeDeployment({ only: 3, other: 1 });
  const snap = await createWorkspaceCollector(setting(join(eventloom, 'only.jsonl'))).collect(signal());
  assert.deepEqual(snap.sessions.map((s) => [s.session_id, s.event_count, s.integrity]), [['only', 3, 'ok']]);
});

test('workspace: a missing Eventloom directory is an error naming the path', async () => {
  const collector = createWorkspaceCollector(setting('/nonexistent/zc/.eventloom'));
  await assert.rejects(collector.collect(signal()), (e: unknown) => e instanceof WorkspaceMissingError && /\/nonexistent\/zc\/\.eventloom/.test(e.message));
});

test('workspace: an Eventloom path that is neither a directory nor a file is refused, never read', async () => {
  const { eventloom } = makeDeployment({ alpha: 1 });
  const fifo = join(eventloom, 'pipe');
  // Reading a FIFO would block the poll until a writer came; the path must be refused first.
  execFileSync('mkfifo', [fifo]);
  await assert.rejects(createWorkspaceCollector(setting(fifo)).collect(signal()), (e: unknown) => (e as NodeJS.ErrnoException).code === 'ENOTDIR');
});

test('discoverWorkspace lists archive/ unless told not to (the console poll does not)', async () => {
  const { eventloom } = makeDeployment({ alpha: 2 });
  mkdirSync(join(eventloom, 'archive'));
  writeFileSync(join(eventloom, 'archive', 'alpha.20260101.jsonl'), '{}\n');
  assert.deepEqual((await discoverWorkspace(eventloom)).archives, [join(eventloom, 'archive', 'alpha.20260101.jsonl')]);
  const polled = await discoverWorkspace(eventloom, { archives: false });
  assert.deepEqual([polled.archives, polled.logs], [[], [join(eventloom, 'alpha.jsonl')]]);
});

test('workspace, watched: a still workspace is not scanned again; an append or a torn line is', async () => {
  const { eventloom } = makeDeployment({ s: 2 });
  const path = join(eventloom, 's.jsonl');
  const collector = createWorkspaceCollector(setting(eventloom), { watch: watchDirectory });
  try {
    const first = await collector.collect(signal());
    assert.equal(await collector.collect(signal()), first, 'nothing changed: the last snapshot itself');
    zaxyAppend(path, 1, 'more');
    const grown = await collectUntil(collector, (snap) => snap !== first);
    assert.deepEqual([session(grown, 's').event_count, session(grown, 's').verify_mode], [3, 'incremental']);

    appendFileSync(path, '{"seq": 4, "timest');
    const torn = await collectUntil(collector, (snap) => snap !== grown);
    assert.equal(session(torn, 's').integrity, 'pending');
    assert.notEqual(await collector.collect(signal()), torn, 'a pending line turns into a break by the clock alone: scanned every poll');
  } finally {
    await collector.close?.();
  }
});

/** Polls as the console does until `done` (the watch's event has to reach the event loop first). */
async function collectUntil(collector: ReturnType<typeof createWorkspaceCollector>, done: (snap: WorkspaceSnapshot) => boolean): Promise<WorkspaceSnapshot> {
  for (let i = 0; i < 300; i++) {
    const snap = await collector.collect(signal());
    if (done(snap)) return snap;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail('the watched workspace never showed the change');
}
