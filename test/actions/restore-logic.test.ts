import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readJournal, swapStateOf, writeJournal } from '../../source/actions/flows/restore-journal.js';
import { sessionImpact } from '../../source/actions/flows/restore-impact.js';
import { TarScanner, type TarMember } from '../../source/actions/archive/tar-scan.js';
import { judgeMember } from '../../source/actions/archive/inspect.js';
import { tarBytes } from './support/craft-tar.js';

test('swapStateOf tells which renames happened, and calls any other combination inconsistent', () => {
  const s = (liveExists: boolean, stagedExists: boolean, asideExists: boolean, hadLive = true) => swapStateOf({ liveExists, stagedExists, asideExists, hadLive });
  assert.equal(s(true, true, false), 'not-started');
  assert.equal(s(false, true, true), 'half-swapped');
  assert.equal(s(true, false, true), 'swapped');
  assert.equal(s(true, true, true), 'inconsistent');
  assert.equal(s(false, false, true), 'inconsistent');
  assert.equal(s(false, true, false, false), 'not-started');
  assert.equal(s(true, false, false, false), 'swapped');
  assert.equal(s(true, true, false, false), 'inconsistent');
});

test('sessionImpact: lost = live events after the shared prefix; "extends" only for a strict prefix', () => {
  assert.deepEqual(sessionImpact('a', 3, 5, 3), { session: 'a', backupEvents: 3, liveEvents: 5, common: 3, lost: 2, liveExtendsBackup: true });
  assert.equal(sessionImpact('a', 3, 5, 2).lost, 3);
  assert.equal(sessionImpact('a', 3, 5, 2).liveExtendsBackup, false);
  assert.equal(sessionImpact('a', 5, 3, 3).lost, 0);
  assert.equal(sessionImpact('a', 0, 4, 0).liveExtendsBackup, false);
});

test('TarScanner reports the same members however the stream is chunked', () => {
  const name = fc.stringMatching(/^\.eventloom\/[a-z0-9_-]{1,40}\.jsonl$/);
  const members = fc.array(fc.record({ name, data: fc.string({ maxLength: 1500 }) }), { minLength: 1, maxLength: 6 });
  fc.assert(
    fc.property(members, fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 1, maxLength: 20 }), (list, cuts) => {
      const raw = tarBytes(list);
      const seen: TarMember[] = [];
      const scanner = new TarScanner((m) => seen.push(m));
      let at = 0;
      for (let i = 0; at < raw.length; i++) {
        const size = cuts[i % cuts.length] ?? 512;
        scanner.push(raw.subarray(at, at + size));
        at += size;
      }
      scanner.finish();
      assert.deepEqual(seen.map((m) => [m.name, m.size]), list.map((m) => [m.name, Buffer.byteLength(m.data)]));
    }),
    { numRuns: 150 },
  );
});

test('judgeMember refuses every name with a .. segment or a leading slash', () => {
  const segment = fc.stringMatching(/^[a-z.]{1,8}$/);
  fc.assert(
    fc.property(fc.array(segment, { maxLength: 4 }), fc.array(segment, { maxLength: 4 }), fc.boolean(), (before, after, absolute) => {
      const name = `${absolute ? '/' : ''}${[...before, '..', ...after].join('/')}`;
      assert.notEqual(judgeMember({ name, kind: 'file', typeflag: '0', size: 0, linkname: '', mode: 0o644 }), null, name);
    }),
  );
});

test('a second restore cannot create the journal while one exists', async () => {
  const target = await mkdtemp(join(tmpdir(), 'zc-journal-'));
  const base = { archive: '/a.tar.gz', manifest: '/a.sha256', target, backupName: 'a', staging: join(target, 's'), staged: join(target, 's', '.eventloom'), live: join(target, '.eventloom'), aside: null, phase: 'staging' as const };
  await writeJournal(base, { create: true });
  await assert.rejects(writeJournal({ ...base, staging: join(target, 'other') }, { create: true }), /another restore of .* has started/);
  assert.equal((await readJournal(target))?.staging, join(target, 's'));
  await writeJournal({ ...base, phase: 'staged' });
  assert.equal((await readJournal(target))?.phase, 'staged');
});
