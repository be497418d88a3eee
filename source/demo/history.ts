// One session's log as a growing chain: the backdated history the demo starts with, then live
// appends. Pure apart from the clock passed in; the deployment shell does the file I/O.
import { EMPTY_CHAIN, seal, type CanonicalDigest, type ChainTip } from './envelope.js';
import { intBetween, type Rng } from './rng.js';
import { nextEvent, openingEvent, zaxyTimestamp, type DemoEvent, type SessionProfile } from './sessions.js';

export interface SessionChain {
  readonly profile: SessionProfile;
  /** Seals the next event at time `ms` and returns its line (without the newline). */
  append(event: DemoEvent, ms: number): string;
  next(ms: number): { readonly event: DemoEvent; readonly line: string };
  tip(): ChainTip;
}

export function createSessionChain(profile: SessionProfile, rng: Rng, digest: CanonicalDigest): SessionChain {
  let tip = EMPTY_CHAIN;
  const chain: SessionChain = {
    profile,
    append(event, ms) {
      // A quarter of Zaxy's timestamps have zero microseconds and omit them.
      const micros = rng() < 0.25 ? 0 : intBetween(rng, 1, 999_999);
      const sealed = seal(profile.format, event, zaxyTimestamp(ms, micros), tip, digest);
      tip = sealed.tip;
      return sealed.line;
    },
    next(ms) {
      const event = tip.seq === 0 ? openingEvent(profile) : nextEvent(rng, profile);
      return { event, line: chain.append(event, ms) };
    },
    tip: () => tip,
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
