// What a verification reports: the ChainReport contract (its snake_case fields are the JSON of
// `verify --json` and are consumed by other parts of the console), and what a run resumes from.
import type { Dialect, Envelope, SealedEvent } from './envelope.js';
import type { RawLine } from './lines.js';

export type ReasonCode =
  | 'hash_mismatch'
  | 'prev_hash_mismatch'
  | 'sequence_mismatch'
  | 'first_prev_hash_set'
  | 'malformed_json'
  | 'partial_trailing_line'
  | 'invalid_event'
  | 'duplicate_event_id';

export type DialectChoice = 'auto' | Dialect;

export interface EnvelopeCounts {
  legacy: number;
  v1: number;
}

export interface LatestEvent {
  readonly seq: number;
  /** As written: `sha256:…` for v1, bare hex for legacy. */
  readonly hash: string;
  readonly type: string;
  readonly actor: string;
  readonly timestamp: string;
  readonly line: number;
  readonly envelope: Envelope;
}

/** Where a later run can resume: the state just past the last newline-terminated good line. */
export interface ChainCheckpoint {
  readonly offset: number;
  /** Physical number of the next line. */
  readonly line: number;
  /** Non-blank lines before `offset`. */
  readonly position: number;
  readonly seq: number;
  readonly hash: string | null;
  readonly dialect: Dialect | null;
  readonly envelopes: EnvelopeCounts;
  /** Eventloom ids seen so far (duplicate detection); in-memory only. */
  readonly ids?: ReadonlySet<string>;
}

export interface ChainReport {
  ok: boolean;
  /** Non-blank lines, as Zaxy's `total_events` counts them (including after a break). */
  total_events: number;
  /** The seq found in the breaking record (Zaxy's meaning); the expected seq when it has none. */
  broken_at_seq: number | null;
  /** 1-based physical line of the break. */
  broken_line: number | null;
  reason_code: ReasonCode | null;
  broken_reason: string | null;
  last_good_seq: number;
  last_good_line: number | null;
  last_good_hash: string | null;
  envelopes: EnvelopeCounts;
  dialect: Dialect | 'mixed' | null;
  warnings: string[];
  /** Bytes read in this run, from the start (or resume) offset to the end of the file as seen. */
  bytes_verified: number;
  from_seq: number | null;
  latest: LatestEvent | null;
  checkpoint: ChainCheckpoint;
}

/** A line read ahead of the verifier (chain-scan.ts): valid UTF-8, starts with '{'. */
export interface PreparedLine {
  readonly fast: SealedEvent | null;
}

/** The lines of a run after its first (chain-scan.ts), for ChainVerifier.acceptRun. */
export interface RunTail {
  readonly lines: number;
  readonly legacy: number;
  readonly v1: number;
  /** The reading of the run's last line, and that line. */
  readonly last: SealedEvent;
  readonly lastRaw: RawLine;
}

export interface VerifyOptions {
  readonly dialect?: DialectChoice;
  /** Judge from this seq on; earlier events are read for their hashes but not re-hashed. */
  readonly fromSeq?: number;
  /** Continue a previous run (e.g. only the bytes appended since). */
  readonly resume?: ChainCheckpoint;
}
