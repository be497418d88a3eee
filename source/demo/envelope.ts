// Seals demo events into the two line formats Zaxy writes (eventloom-format.md §2, §4): legacy
// lines as pydantic writes them (raw UTF-8) and v1 lines as json.dumps writes them (non-ASCII
// escaped). Hashing is injected so the demo uses the Eventloom engine's canonical form.
import type { DemoEvent, EnvelopeFormat } from './sessions.js';

/** sha256 hex of Python's canonical JSON of a plain JSON value. */
export type CanonicalDigest = (value: unknown) => string;

export interface ChainTip {
  readonly seq: number;
  /** As the next line must link to it: bare hex (legacy) or `sha256:` hex (v1); null at the start. */
  readonly hash: string | null;
}

export interface SealedLine {
  readonly line: string;
  readonly tip: ChainTip;
}

export const EMPTY_CHAIN: ChainTip = { seq: 0, hash: null };

export function seal(format: EnvelopeFormat, event: DemoEvent, timestamp: string, tip: ChainTip, digest: CanonicalDigest): SealedLine {
  return format === 'legacy' ? sealLegacy(event, timestamp, tip, digest) : sealV1(event, timestamp, tip, digest);
}

function security(event: DemoEvent) {
  return { sensitivity: event.redacted.length > 0 ? 'restricted' : 'public', redacted_paths: [...event.redacted] };
}

function sealLegacy(event: DemoEvent, timestamp: string, tip: ChainTip, digest: CanonicalDigest): SealedLine {
  const seq = tip.seq + 1;
  const prev = tip.hash === null ? null : tip.hash.replace(/^sha256:/, '');
  const sealed = {
    seq,
    timestamp,
    type: event.type,
    actor: event.actor,
    thread: event.thread,
    payload: event.payload,
    security: security(event),
    prev_hash: prev,
  };
  const hash = digest(sealed);
  return { line: JSON.stringify({ ...sealed, hash }), tip: { seq, hash } };
}

function sealV1(event: DemoEvent, timestamp: string, tip: ChainTip, digest: CanonicalDigest): SealedLine {
  const seq = tip.seq + 1;
  const idHash = digest({ actor: event.actor, seq, timestamp, type: event.type }).slice(0, 16);
  const body = {
    id: `evt_zaxy_${String(seq).padStart(12, '0')}_${idHash}`,
    type: event.type,
    actorId: event.actor,
    threadId: event.thread,
    parentEventId: null,
    causedBy: [],
    timestamp,
    payload: { ...event.payload, __zaxy_security: security(event) },
  };
  const previousHash = tip.hash === null ? null : tip.hash.startsWith('sha256:') ? tip.hash : `sha256:${tip.hash}`;
  const hash = `sha256:${digest({ event: body, previousHash })}`;
  const line = asciiJson({ ...body, integrity: { hash, previousHash } });
  return { line, tip: { seq, hash } };
}

/** json.dumps' default ensure_ascii: every non-ASCII UTF-16 unit (and DEL) as \uXXXX. */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * What an intruder (or a bad disk) does to the tampered session: rewrites one line's payload in
 * place and leaves its hash alone, so the chain breaks at exactly that seq.
 */
export function tamperLine(line: string): string {
  const record = JSON.parse(line) as { payload?: Record<string, unknown> };
  record.payload = { ...record.payload, decision: 'approve the emergency schema change (edited after the fact)' };
  return JSON.stringify(record);
}
