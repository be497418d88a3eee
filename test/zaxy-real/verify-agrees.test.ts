// `zaxy-console verify --json` must reach Zaxy's own verdict (zaxy-memory 3.2.0 EventLog.verify(),
// run for real in the project venv) on logs the zaxy CLI wrote and on tampered copies of them.
// Each case first checks Zaxy against the verdict the tamper implies, then us against Zaxy.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bareHash, byPath, consoleVerify, zaxyVerdicts } from '../support/zaxy-logs.js';
import type { ConsoleLogVerdict, ZaxyVerdict } from '../support/zaxy-logs.js';
import { buildCases } from './cases.js';
import type { Case } from './cases.js';

const dir = mkdtempSync(join(tmpdir(), 'zaxy-real-'));
const cases = buildCases(dir);

interface Observed {
  readonly zaxy: ZaxyVerdict;
  readonly ours: ConsoleLogVerdict | undefined;
  /** Hash the last good event carries, per the intact source or the forge. */
  readonly lastGoodHash: string | null;
}
const observed = new Map<Case, Observed>();
/** Why `verify --json` gave no usable answer, kept so each case still checks Zaxy's side first. */
let consoleFailure: Error | undefined;
let consoleRun: { exitCode: number; ok: boolean; logs: number } | undefined;

before(async () => {
  const forged = await Promise.all(cases.map((c) => c.build()));
  const sources = [...new Set(cases.map((c) => c.source))];
  const [zaxy, intact, ours] = await Promise.all([
    zaxyVerdicts(cases.map((c) => c.file)),
    zaxyVerdicts(sources, { hashes: true }),
    consoleVerify(cases.map((c) => c.file)).catch((error: unknown) => {
      consoleFailure = error instanceof Error ? error : new Error(String(error));
      return undefined;
    }),
  ]);
  const mine = ours === undefined ? new Map<string, ConsoleLogVerdict>() : byPath(ours.report);
  if (ours !== undefined) consoleRun = { exitCode: ours.exitCode, ok: ours.report.ok, logs: ours.report.logs.length };
  cases.forEach((c, i) => {
    const z = zaxy.get(c.file);
    const hashes = intact.get(c.source)?.hashes;
    assert.ok(z, `Zaxy gave no verdict for ${c.file}`);
    assert.ok(hashes, `Zaxy could not read the intact source ${c.source}`);
    const lastGood = c.expect.lastGood;
    const fromSource = lastGood > 0 ? hashes[lastGood - 1] : undefined;
    observed.set(c, { zaxy: z, ours: mine.get(c.file), lastGoodHash: forged[i] ?? fromSource ?? null });
  });
});

after(() => rmSync(dir, { recursive: true, force: true }));

function checkZaxyMatchesTamper(c: Case, zaxy: ZaxyVerdict): void {
  const e = c.expect;
  if (e.kind === 'unreadable') {
    assert.equal(zaxy.report, null, 'Zaxy was expected to raise on this file');
    assert.equal(zaxy.raised?.line, e.line, `Zaxy raised ${zaxy.raised?.type} on another line`);
    return;
  }
  assert.equal(zaxy.raised, null, `Zaxy raised ${zaxy.raised?.type}: ${zaxy.raised?.message}`);
  const expected =
    e.kind === 'intact'
      ? { ok: true, total_events: e.total, broken_at_seq: null, broken_reason: null }
      : { ok: false, total_events: e.total, broken_at_seq: e.seq, broken_reason: e.reason };
  assert.deepEqual(zaxy.report, expected, 'Zaxy itself does not give the verdict this tamper implies');
}

function checkOursMatchesZaxy(c: Case, zaxy: ZaxyVerdict, ours: ConsoleLogVerdict, lastGoodHash: string | null): void {
  const e = c.expect;
  const lastGoodSeq = ours.last_good_seq === 0 ? null : ours.last_good_seq;
  assert.equal(lastGoodSeq, e.lastGood === 0 ? null : e.lastGood, 'last_good_seq');
  assert.equal(bareHash(ours.last_good_hash), lastGoodHash, 'last_good_hash');
  if (e.kind === 'unreadable') {
    assert.equal(ours.ok, false, 'ok');
    assert.equal(ours.broken_line, zaxy.raised?.line, 'broken_line is where Zaxy raised');
    assert.ok(ours.reason_code !== null && e.codes.includes(ours.reason_code), `reason_code ${ours.reason_code} not in ${e.codes.join('|')}`);
    return;
  }
  const report = zaxy.report;
  assert.ok(report);
  assert.deepEqual(
    { ok: ours.ok, total_events: ours.total_events, broken_at_seq: ours.broken_at_seq, broken_reason: ours.broken_reason },
    report,
    "our verdict differs from Zaxy's",
  );
  if (e.kind === 'intact') {
    assert.equal(ours.reason_code, null, 'reason_code');
    assert.equal(ours.broken_line, null, 'broken_line');
    assert.equal(ours.dialect, 'zaxy', 'Zaxy-written lines hash in the zaxy dialect');
  } else {
    assert.ok(ours.reason_code !== null && e.codes.includes(ours.reason_code), `reason_code ${ours.reason_code} not in ${e.codes.join('|')}`);
    if (e.brokenLine !== undefined) assert.equal(ours.broken_line, e.brokenLine, 'broken_line');
  }
}

describe('verify agrees with Zaxy 3.2.0 on real Zaxy-written logs and tampered copies', () => {
  it('covers every kind of verdict', () => {
    const kinds = new Set(cases.map((c) => c.expect.kind));
    assert.deepEqual([...kinds].sort(), ['broken', 'intact', 'unreadable']);
    assert.ok(cases.length >= 60, `only ${cases.length} cases`);
  });

  it('reports every file once, ok:false and exit 1 when any is broken', () => {
    if (consoleFailure !== undefined) throw consoleFailure;
    assert.deepEqual(consoleRun, { exitCode: 1, ok: false, logs: cases.length });
  });

  it('pins spec vector E: the real writer and verify both end at its published hash', () => {
    const vector = cases.find((c) => c.name.startsWith('vector E'));
    const seen = vector && observed.get(vector);
    assert.ok(seen, 'vector E case missing');
    const published = 'a5494868607e22d6696f424e7918baff4ba80ea0ae42a4c77372286b20fc206f';
    assert.equal(seen.lastGoodHash, published, 'the real Zaxy writer no longer reproduces vector E');
    if (consoleFailure !== undefined) throw consoleFailure;
    assert.equal(bareHash(seen.ours?.last_good_hash), published);
  });

  // One test for all files, so a counting choice does not read as a hundred wrong verdicts.
  it('counts envelopes over the whole log, as total_events does (Zaxy reads past a break)', () => {
    if (consoleFailure !== undefined) throw consoleFailure;
    const wrong = cases.flatMap((c) => {
      const seen = observed.get(c);
      if (seen?.zaxy.envelopes === undefined) return []; // Zaxy could not read the file
      const ours = seen.ours?.envelopes;
      return JSON.stringify(ours) === JSON.stringify(seen.zaxy.envelopes)
        ? []
        : [`${c.name}: ours ${JSON.stringify(ours)}, Zaxy ${JSON.stringify(seen.zaxy.envelopes)}`];
    });
    assert.deepEqual(wrong, []);
  });

  for (const c of cases) {
    it(c.name, () => {
      const seen = observed.get(c);
      assert.ok(seen, 'setup did not run');
      checkZaxyMatchesTamper(c, seen.zaxy);
      if (consoleFailure !== undefined) throw consoleFailure;
      assert.ok(seen.ours, `verify --json reported nothing for ${c.file}`);
      checkOursMatchesZaxy(c, seen.zaxy, seen.ours, seen.lastGoodHash);
    });
  }
});
