// The case matrix: every recorded Zaxy log as written, and every tampered copy of it, each with the
// verdict Zaxy must reach. Files are materialised into a temporary directory by `materialise`.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordedLogsDir, zaxyExtendV1, zaxyForge } from '../support/zaxy-logs.js';
import { fileTampers, fieldTampers, logLines, plainTampers, tamperLines, unlinked } from './tamper.js';
import type { Expectation } from './tamper.js';

export type CaseExpectation = Expectation & {
  /** Physical line of the first break, where Zaxy gives a report (for 'unreadable' it is `line`). */
  readonly brokenLine?: number;
};

export interface Case {
  readonly name: string;
  readonly file: string;
  readonly source: string;
  readonly expect: CaseExpectation;
  /** Writes `file`; returns the hash the last good event must carry when it is not the source's. */
  build(): Promise<string | undefined>;
}

/** Recorded logs that are intact as written, with their event counts (asserted against Zaxy too). */
export const intactSources = ['v1.jsonl', 'legacy.jsonl', 'mixed.jsonl', 'archive/rotated-1.jsonl'] as const;

function brokenLineOf(name: string, k: number): number | undefined {
  if (name.startsWith('edit payload') || name.startsWith('delete line') || name.startsWith('swap')) return k;
  if (name.startsWith('duplicate')) return k + 1;
  return undefined;
}

export function buildCases(dir: string): Case[] {
  const cases: Case[] = [];
  const source = (name: string) => join(recordedLogsDir, name);
  const target = (name: string) => join(dir, name.replace(/[^A-Za-z0-9.-]+/g, '_') + '.jsonl');

  const asIs = (name: string, file: string, expect: CaseExpectation) =>
    cases.push({ name, file: source(file), source: source(file), expect, build: () => Promise.resolve(undefined) });
  asIs('nan-v1 as written (Python writes bare NaN/Infinity)', 'nan-v1.jsonl', { kind: 'intact', total: 1, lastGood: 1 });
  asIs('nan-legacy as written (pydantic writes null where the hash saw NaN)', 'nan-legacy.jsonl', {
    kind: 'broken',
    total: 3,
    seq: 3,
    reason: 'Event 3 hash mismatch',
    codes: ['hash_mismatch'],
    lastGood: 2,
    brokenLine: 3,
  });
  asIs('vector E as written by the real writer', 'vector-e.jsonl', { kind: 'intact', total: 2, lastGood: 2 });
  asIs('rotated live log (new chain after rotation)', 'rotated.jsonl', { kind: 'intact', total: 2, lastGood: 2 });

  const concatenated = target('archive + live log concatenated');
  cases.push({
    name: 'archive + live log concatenated (a second chain from seq 1)',
    file: concatenated,
    source: source('archive/rotated-1.jsonl'),
    expect: {
      kind: 'broken',
      total: 5,
      seq: 1,
      reason: 'Event sequence expected 4 but found 1',
      codes: ['sequence_mismatch'],
      lastGood: 3,
      brokenLine: 4,
    },
    build: () => {
      writeFileSync(concatenated, Buffer.concat([readFileSync(source('archive/rotated-1.jsonl')), readFileSync(source('rotated.jsonl'))]));
      return Promise.resolve(undefined);
    },
  });

  const extended = target('legacy + v1 tail');
  const legacyEvents = logLines(readFileSync(source('legacy.jsonl'))).length;
  cases.push({
    name: 'legacy.jsonl + a v1 event from Zaxy\'s builder, linked to the bare legacy hash',
    file: extended,
    source: source('legacy.jsonl'),
    expect: { kind: 'intact', total: legacyEvents + 1, lastGood: legacyEvents + 1 },
    build: async () => (await zaxyExtendV1(source('legacy.jsonl'), extended)).hash,
  });

  for (const name of intactSources) {
    const src = source(name);
    const lines = logLines(readFileSync(src));
    const n = lines.length;
    const afterV1 = lines.findIndex((line, i) => i > 0 && !line.includes('"integrity"') && (lines[i - 1] ?? '').includes('"integrity"')) + 1;
    if (afterV1 > 0) {
      const prefixed = target(`${name} prefixed prev`);
      cases.push({
        name: `${name}: legacy line ${afterV1} re-sealed with prev_hash "sha256:<v1 hash>" (Zaxy compares legacy links exactly)`,
        file: prefixed,
        source: src,
        expect: {
          kind: 'broken',
          total: n,
          seq: afterV1,
          reason: unlinked(afterV1),
          codes: ['prev_hash_mismatch'],
          lastGood: afterV1 - 1,
          brokenLine: afterV1,
        },
        build: async () => {
          const v1 = JSON.parse(lines[afterV1 - 2] ?? '') as { integrity: { hash: string } };
          await zaxyForge(src, prefixed, afterV1, v1.integrity.hash);
          return undefined;
        },
      });
    }
    asIs(`${name} as written`, name, { kind: 'intact', total: n, lastGood: n });
    const plain = [
      ...tamperLines(n).flatMap((k) => plainTampers(k).map((t) => ({ t, k }))),
      ...fileTampers.map((t) => ({ t, k: 1 })),
      ...fieldTampers(lines).map((t) => ({ t, k: 0 })),
    ];
    for (const { t, k } of plain) {
      if (n < t.minEvents) continue;
      const file = target(`${name} ${t.name}`);
      const expect = t.expect(n);
      const brokenLine = expect.kind === 'broken' ? brokenLineOf(t.name, k) : undefined;
      cases.push({
        name: `${name}: ${t.name}`,
        file,
        source: src,
        expect: brokenLine === undefined ? expect : { ...expect, brokenLine },
        build: () => {
          writeFileSync(file, t.apply(lines));
          return Promise.resolve(undefined);
        },
      });
    }
    for (const k of tamperLines(n)) {
      const file = target(`${name} forged ${k}`);
      cases.push({
        name: `${name}: line ${k} edited and re-sealed, line ${k + 1} not re-linked`,
        file,
        source: src,
        expect: { kind: 'broken', total: n, seq: k + 1, reason: unlinked(k + 1), codes: ['prev_hash_mismatch'], lastGood: k, brokenLine: k + 1 },
        build: async () => (await zaxyForge(src, file, k)).new_hash,
      });
    }
    const forgedLast = target(`${name} forged last`);
    cases.push({
      name: `${name}: last event edited and re-sealed (undetectable by design)`,
      file: forgedLast,
      source: src,
      expect: { kind: 'intact', total: n, lastGood: n },
      build: async () => (await zaxyForge(src, forgedLast, n)).new_hash,
    });
    const firstPrev = target(`${name} first prev set`);
    cases.push({
      name: `${name}: first event re-sealed with a prev_hash`,
      file: firstPrev,
      source: src,
      expect: {
        kind: 'broken',
        total: n,
        seq: 1,
        reason: 'First event has prev_hash set',
        codes: ['first_prev_hash_set'],
        lastGood: 0,
        brokenLine: 1,
      },
      build: async () => {
        await zaxyForge(src, firstPrev, 1, 'a'.repeat(64));
        return undefined;
      },
    });
  }
  return cases;
}

