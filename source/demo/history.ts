// One session's log as a growing chain: the backdated history the demo starts with, then live
// appends. Pure apart from the clock passed in; the deployment shell does the file I/O.
import { EMPTY_CHAIN, seal, type CanonicalDigest, type ChainTip } from './envelope.js';
import { intBetween, type Rng } from './rng.js';
import { nextEvent, openingEvent, zaxyTimestamp, type DemoEvent, type EnvelopeFormat, type SessionProfile } from './sessions.js';

/** Where a log ends: its chain tip and the envelope of its last line (null: empty log). */
export interface LogTail extends ChainTip {
  readonly format: EnvelopeFormat | null;
}

export const EMPTY_TAIL: LogTail = { ...EMPTY_CHAIN, format: null };

export interface SessionChain {
  readonly profile: SessionProfile;
  /** Seals the next event at time `ms` and returns its line (without the newline). */
  append(event: DemoEvent, ms: number): string;
  next(ms: number): { readonly event: DemoEvent; readonly line: string };
  /** Continues from what the file really ends with (a rotation emptied it, a restore replaced it). */
  resume(tail: LogTail): void;
  tail(): LogTail;
}

const V1_TYPE = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/;

/**
 * Zaxy's writer rule (eventloom-format.md §3): v1 only when the log is empty or ends in a v1 line
 * and the type fits the v1 pattern; `hook.session_started` is always legacy. So a legacy log stays
 * legacy, and after a rotation empties it the log may restart as v1.
 */
export function zaxyWriterFormat(tail: EnvelopeFormat | null, type: string): EnvelopeFormat {
  return tail !== 'legacy' && V1_TYPE.test(type) && type !== 'hook.session_started' ? 'v1' : 'legacy';
}

/** The tail of a log's text, read the way Zaxy's appender reads it before writing. */
export function tailOf(text: string): LogTail {
  const last = text.split('\n').reverse().find((l) => l.trim() !== '');
  if (last === undefined) return EMPTY_TAIL;
  const record = JSON.parse(last) as { seq?: number; hash?: string; id?: string; integrity?: { hash?: string } };
  if (record.integrity?.hash !== undefined && record.id !== undefined) {
    const seq = Number(/^evt_zaxy_(\d{12})_/.exec(record.id)?.[1]);
    if (!Number.isInteger(seq)) throw new Error(`not a Zaxy event id: ${record.id}`);
    return { seq, hash: record.integrity.hash, format: 'v1' };
  }
  if (typeof record.seq !== 'number' || typeof record.hash !== 'string') throw new Error('the last line is not a Zaxy event');
  return { seq: record.seq, hash: record.hash, format: 'legacy' };
}

export function createSessionChain(profile: SessionProfile, rng: Rng, digest: CanonicalDigest): SessionChain {
  let tail = EMPTY_TAIL;
  let opened = false;
  const chain: SessionChain = {
    profile,
    append(event, ms) {
      // A quarter of Zaxy's timestamps have zero microseconds and omit them.
      const micros = rng() < 0.25 ? 0 : intBetween(rng, 1, 999_999);
      const format = zaxyWriterFormat(tail.format, event.type);
      const sealed = seal(format, event, zaxyTimestamp(ms, micros), tail, digest);
      tail = { ...sealed.tip, format };
      return sealed.line;
    },
    next(ms) {
      const event = opened ? nextEvent(rng, profile) : openingEvent(profile);
      opened = true;
      return { event, line: chain.append(event, ms) };
    },
    resume(next) {
      tail = next;
    },
    tail: () => tail,
  };
  return chain;
}

export interface TimedLine {
  readonly line: string;
  readonly ms: number;
}

/** The session's history, spread evenly from startMs to endMs (its last event at endMs). */
export function backfill(chain: SessionChain, startMs: number, endMs: number): TimedLine[] {
  const n = chain.profile.history;
  const step = (endMs - startMs) / Math.max(1, n - 1);
  return Array.from({ length: n }, (_, i) => {
    const ms = Math.round(startMs + i * step);
    return { line: chain.next(ms).line, ms };
  });
}
