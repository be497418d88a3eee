// Tampered copies of an intact Zaxy log, each with the verdict Zaxy must reach on it. The verdicts are
// derived from what the tamper did, so a test checks Zaxy's real verifier against them before it
// checks ours against Zaxy: a tamper that silently did nothing fails instead of agreeing vacuously.
import type { ReasonCode } from '../support/zaxy-logs.js';

/** What Zaxy (and so `verify`) must say about a file; seqs assume the source has seq 1..n on lines 1..n. */
export type Expectation =
  | { readonly kind: 'intact'; readonly total: number; readonly lastGood: number }
  | {
      readonly kind: 'broken';
      readonly total: number;
      readonly seq: number;
      readonly reason: string;
      /** Codes that name Zaxy's reason; more than one where the engine may be more specific. */
      readonly codes: readonly ReasonCode[];
      readonly lastGood: number;
    }
  /** Zaxy raises (no report); we must name the physical line. */
  | { readonly kind: 'unreadable'; readonly line: number; readonly codes: readonly ReasonCode[]; readonly lastGood: number };

export interface Tamper {
  readonly name: string;
  /** Needs at least this many events in the source. */
  readonly minEvents: number;
  apply(lines: readonly string[]): Buffer;
  expect(n: number): Expectation;
}

/** The log's lines, without the empty string after the final newline. */
export function logLines(bytes: Buffer): string[] {
  const lines = bytes.toString('utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function joined(lines: readonly string[], eol = '\n', finalEol = true): Buffer {
  return Buffer.from(lines.join(eol) + (finalEol ? eol : ''), 'utf8');
}

function at(lines: readonly string[], line: number): string {
  const text = lines[line - 1];
  if (text === undefined) throw new Error(`line ${line} is past the end (${lines.length} lines)`);
  return text;
}

function replaced(lines: readonly string[], line: number, text: string): string[] {
  const copy = [...lines];
  copy[line - 1] = text;
  return copy;
}

function insertAfter(lines: readonly string[], line: number, ...extra: string[]): string[] {
  return [...lines.slice(0, line), ...extra, ...lines.slice(line)];
}

function editedOnce(text: string, pattern: RegExp | string, by: string, what: string): string {
  const out = text.replace(pattern, by);
  if (out === text) throw new Error(`tamper found no ${what} to edit in: ${text.slice(0, 120)}`);
  return out;
}

const hashMismatch = (seq: number) => `Event ${seq} hash mismatch`;
const sequence = (expected: number, found: number) => `Event sequence expected ${expected} but found ${found}`;
export const unlinked = (seq: number) => `Event ${seq} prev_hash does not link to previous`;

/** The cases that need no hashing: edits a careless or malicious hand (or a crash) makes. */
export function plainTampers(k: number): Tamper[] {
  return [
    {
      name: `edit payload of line ${k}`,
      minEvents: k,
      apply: (lines) => joined(replaced(lines, k, editedOnce(at(lines, k), '"payload":{', '"payload":{"tampered":true,', 'payload'))),
      expect: (n) => ({ kind: 'broken', total: n, seq: k, reason: hashMismatch(k), codes: ['hash_mismatch'], lastGood: k - 1 }),
    },
    {
      name: `delete line ${k}`,
      minEvents: k + 1,
      apply: (lines) => joined(lines.filter((_, i) => i !== k - 1)),
      expect: (n) => ({
        kind: 'broken',
        total: n - 1,
        seq: k + 1,
        reason: sequence(k, k + 1),
        codes: ['sequence_mismatch'],
        lastGood: k - 1,
      }),
    },
    {
      name: `swap lines ${k} and ${k + 1}`,
      minEvents: k + 1,
      apply: (lines) => joined(replaced(replaced(lines, k, at(lines, k + 1)), k + 1, at(lines, k))),
      expect: (n) => ({ kind: 'broken', total: n, seq: k + 1, reason: sequence(k, k + 1), codes: ['sequence_mismatch'], lastGood: k - 1 }),
    },
    {
      name: `duplicate line ${k}`,
      minEvents: k,
      apply: (lines) => joined(insertAfter(lines, k, at(lines, k))),
      expect: (n) => ({
        kind: 'broken',
        total: n + 1,
        seq: k,
        reason: sequence(k + 1, k),
        codes: ['sequence_mismatch', 'duplicate_event_id'],
        lastGood: k,
      }),
    },
    {
      name: `bad JSON line after line ${k}`,
      minEvents: k,
      apply: (lines) => joined(insertAfter(lines, k, '{"seq": 99, "type": oops}')),
      expect: () => ({ kind: 'unreadable', line: k + 1, codes: ['malformed_json'], lastGood: k }),
    },
    {
      name: `JSON array line after line ${k}`,
      minEvents: k,
      apply: (lines) => joined(insertAfter(lines, k, '[1,2,3]')),
      expect: () => ({ kind: 'unreadable', line: k + 1, codes: ['invalid_event'], lastGood: k }),
    },
    {
      name: `hash field removed from line ${k}`,
      minEvents: k,
      apply: (lines) => joined(replaced(lines, k, editedOnce(at(lines, k), /"hash":"(?:sha256:)?[0-9a-f]{64}",/, '', 'hash field'))),
      expect: () => ({ kind: 'unreadable', line: k, codes: ['invalid_event'], lastGood: k - 1 }),
    },
    {
      name: `invalid UTF-8 in line ${k}`,
      minEvents: k,
      apply: (lines) => {
        const [head, tail] = at(lines, k).split('"payload":{', 2);
        if (tail === undefined) throw new Error(`line ${k} has no payload`);
        const before = joined(lines.slice(0, k - 1), '\n', k > 1);
        const bad = Buffer.concat([Buffer.from(`${head}"payload":{"bad":"`), Buffer.from([0xff, 0xfe]), Buffer.from(`",${tail}\n`)]);
        return Buffer.concat([before, bad, joined(lines.slice(k), '\n', k < lines.length)]);
      },
      expect: () => ({ kind: 'unreadable', line: k, codes: ['malformed_json', 'invalid_event'], lastGood: k - 1 }),
    },
  ];
}

/** Whole-file cases that do not depend on a line choice. */
export const fileTampers: readonly Tamper[] = [
  {
    name: 'delete line 1',
    minEvents: 2,
    apply: (lines) => joined(lines.slice(1)),
    expect: (n) => ({ kind: 'broken', total: n - 1, seq: 2, reason: sequence(1, 2), codes: ['sequence_mismatch'], lastGood: 0 }),
  },
  {
    name: 'truncated last line (crash mid-write)',
    minEvents: 1,
    apply: (lines) => {
      const last = at(lines, lines.length);
      return Buffer.concat([joined(lines.slice(0, -1), '\n', lines.length > 1), Buffer.from(last.slice(0, Math.floor(last.length / 2)))]);
    },
    expect: (n) => ({ kind: 'unreadable', line: n, codes: ['partial_trailing_line'], lastGood: n - 1 }),
  },
  {
    name: 'UTF-8 BOM',
    minEvents: 1,
    apply: (lines) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), joined(lines)]),
    expect: () => ({ kind: 'unreadable', line: 1, codes: ['malformed_json'], lastGood: 0 }),
  },
  {
    name: 'CRLF line endings',
    minEvents: 1,
    apply: (lines) => joined(lines, '\r\n'),
    expect: (n) => ({ kind: 'intact', total: n, lastGood: n }),
  },
  {
    // Python's text mode reads a lone CR as a line end (universal newlines), so Zaxy accepts it.
    name: 'old-Mac CR line endings',
    minEvents: 1,
    apply: (lines) => joined(lines, '\r'),
    expect: (n) => ({ kind: 'intact', total: n, lastGood: n }),
  },
  {
    name: 'blank and whitespace-only lines',
    minEvents: 1,
    apply: (lines) => joined(['', ...insertAfter(lines, 1, '   ', '', '\t'), '', '  ']),
    expect: (n) => ({ kind: 'intact', total: n, lastGood: n }),
  },
  {
    name: 'no final newline',
    minEvents: 1,
    apply: (lines) => joined(lines, '\n', false),
    expect: (n) => ({ kind: 'intact', total: n, lastGood: n }),
  },
];

type Verdict = (k: number, n: number) => Expectation;
const stillIntact: Verdict = (_k, n) => ({ kind: 'intact', total: n, lastGood: n });
const sealBroken: Verdict = (k, n) => ({ kind: 'broken', total: n, seq: k, reason: hashMismatch(k), codes: ['hash_mismatch'], lastGood: k - 1 });
const rejected: Verdict = (k) => ({ kind: 'unreadable', line: k, codes: ['invalid_event'], lastGood: k - 1 });

/** A tamper on the first line that fits; none when no line fits this source. */
function onFirstFitting(lines: readonly string[], name: string, fits: RegExp, edit: (line: string) => string, verdict: Verdict): Tamper[] {
  const k = lines.findIndex((line) => fits.test(line)) + 1;
  if (k === 0) return [];
  return [
    {
      name: `${name} (line ${k})`,
      minEvents: k,
      apply: (all) => {
        const edited = edit(at(all, k));
        if (edited === at(all, k)) throw new Error(`${name}: the edit changed nothing on line ${k}`);
        return joined(replaced(all, k, edited));
      },
      expect: (n) => verdict(k, n),
    },
  ];
}

/**
 * Field-level edits where Zaxy's verdict follows from how it reads a record: its hash covers the
 * parsed value of the sealed fields only (re-spelled numbers and escapes, whitespace, extra or
 * unsealed keys, a seq pydantic coerces, a v1 hash without its prefix go unseen), pydantic rejects
 * some values outright, and hashes compare as exact strings.
 */
export function fieldTampers(lines: readonly string[]): Tamper[] {
  const on = (name: string, fits: RegExp, edit: (line: string) => string, verdict: Verdict) => onFirstFitting(lines, name, fits, edit, verdict);
  return [
    ...on('floats re-spelled', /"score":1\.0,/, (l) => l.replace('"score":1.0,', '"score":1.000,').replace(/"big_float":1e\+16/, '"big_float":1E16'), stillIntact),
    ...on('duplicate key, the last one wins', /"payload":\{"decision":/, (l) => l.replace('"payload":{"decision":', '"payload":{"score":-7,"decision":'), stillIntact),
    ...on('non-ASCII re-escaped', /caf(é|\\u00e9)/, (l) => (l.includes('café') ? l.replaceAll('café', 'caf\\u00e9') : l.replaceAll('caf\\u00e9', 'café')), stillIntact),
    ...on('spaces after separators', /^\{"(seq|id)":/, (l) => l.replaceAll('","', '", "').replaceAll('":{', '": {'), stillIntact),
    ...on('unknown top-level key', /^\{/, (l) => `{"zz_extra":[1,"x"],${l.slice(1)}`, stillIntact),
    ...on('unsealed legacy id set', /"id":null,"parent_event_id"/, (l) => l.replace('"id":null,', '"id":"evt_not_sealed",'), stillIntact),
    ...on('legacy seq written as a float', /^\{"seq":\d+,/, (l) => l.replace(/^\{"seq":(\d+),/, '{"seq":$1.0,'), stillIntact),
    ...on('legacy seq written as a string', /^\{"seq":\d+,/, (l) => l.replace(/^\{"seq":(\d+),/, '{"seq":"$1",'), stillIntact),
    ...on('v1 hash without its sha256: prefix', /"integrity":\{"hash":"sha256:/, (l) => l.replace('"integrity":{"hash":"sha256:', '"integrity":{"hash":"'), stillIntact),
    ...on('legacy seq with a fraction', /^\{"seq":\d+,/, (l) => l.replace(/^\{"seq":(\d+),/, '{"seq":$1.5,'), rejected),
    ...on('timestamp not ISO-8601', /"timestamp":"[^"]+"/, (l) => l.replace(/"timestamp":"[^"]+"/, '"timestamp":"yesterday"'), rejected),
    ...on('empty actor', /"actor(Id)?":"[^"]+"/, (l) => l.replace(/"actor(Id)?":"[^"]+"/, '"actor$1":""'), rejected),
    ...on('payload that is a list', /"payload":\{/, (l) => l.replace('"payload":{', '"payload":[1],"was":{'), rejected),
    ...on('hash in upper case', /"hash":"(sha256:)?[0-9a-f]{64}"/, (l) => l.replace(/"hash":"(sha256:)?([0-9a-f]{64})"/, (_m, p: string | undefined, h: string) => `"hash":"${p ?? ''}${h.toUpperCase()}"`), sealBroken),
    ...on('legacy line relabelled eventloom.v1', /"envelope_version":"zaxy\.legacy"/, (l) => l.replace('"envelope_version":"zaxy.legacy"', '"envelope_version":"eventloom.v1"'), sealBroken),
  ];
}

/** The line choices worth tampering with in a log of n events: early and late, deduplicated. */
export function tamperLines(n: number): number[] {
  return [...new Set([2, n - 1])].filter((k) => k >= 1 && k < n);
}
