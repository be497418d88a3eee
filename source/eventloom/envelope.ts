// Reads one parsed log record as an event, the way each writer's own verifier reads it, and
// recomputes its seal. Zaxy (event.py) and the Eventloom runtime disagree on validation, on which
// fields are sealed and on canonical JSON, so each dialect gets its own reading (spec §2–§4).
import { hash as digest } from 'node:crypto';
import { createRequire } from 'node:module';
import { JsonNumber, type JsonObject, type JsonValue } from './json.js';
import { pyCanon } from './py-canon.js';
import { jsCanon, NotStrictJsonError } from './js-canon.js';
import { zaxyTimestampOk } from './py-isoformat.js';
import { isPositiveInt, pydanticInt } from './pydantic-int.js';

export type Envelope = 'legacy' | 'v1';
export type Dialect = 'zaxy' | 'eventloom-js';

/** An event as its dialect reads it, with the seal check already done. */
export interface SealedEvent {
  readonly envelope: Envelope;
  readonly dialect: Dialect;
  /** Zaxy's seq (legacy field, or v1 id / position); Eventloom: the position. */
  readonly seq: number;
  readonly id: string | null;
  /** The stored hash as written (v1: `sha256:…`, legacy: bare hex). */
  readonly hash: string;
  readonly prevHash: string | null;
  readonly hashOk: boolean;
  readonly type: string;
  readonly actor: string;
  readonly timestamp: string;
  /** Set when a Zaxy v1 id does not match what Zaxy derives from actor, seq, timestamp and type. */
  readonly idMismatch?: string;
}

/** A record its dialect refuses to read as an event (Zaxy raises; Eventloom: invalid_event). */
export interface InvalidEvent {
  readonly invalid: string;
  readonly dialect: Dialect;
  /** The dialect's parser would not even read the line (Eventloom's JSON.parse and bare NaN). */
  readonly malformed?: boolean;
}

export type EventReading = SealedEvent | InvalidEvent;

const V1_KEYS = ['id', 'type', 'actorId', 'threadId', 'timestamp', 'payload', 'integrity'] as const;
const V1_HASH = /^sha256:[a-f0-9]{64}$/;
const ZAXY_V1_ID = /^evt_zaxy_([0-9]{12})_[a-f0-9]{16}$/;
const SECURITY_KEY = '__zaxy_security';

/** Zaxy's reader test (`_is_eventloom_v1_record`): all seven v1 keys present. */
export function envelopeOf(record: JsonObject): Envelope {
  for (const key of V1_KEYS) if (!record.has(key)) return 'legacy';
  return 'v1';
}

export function isZaxyV1Id(id: JsonValue | undefined): boolean {
  return typeof id === 'string' && ZAXY_V1_ID.test(id);
}

/** A stored hash without its "sha256:" prefix (once), as Zaxy compares v1 integrity fields. */
export function stripPrefix(hash: string | null): string | null {
  return hash !== null && hash.startsWith('sha256:') ? hash.slice(7) : hash;
}

class Invalid extends Error {}

function fail(message: string): never {
  throw new Invalid(message);
}

/** Reads a record as Zaxy's event.py does; `position` is its 1-based index among non-blank lines. */
export function readZaxy(record: JsonObject, position: number): EventReading {
  try {
    return envelopeOf(record) === 'v1' ? zaxyV1(record, position) : zaxyLegacy(record);
  } catch (error) {
    if (error instanceof Invalid) return { invalid: error.message, dialect: 'zaxy' };
    throw error;
  }
}

interface ZaxyFields {
  seqText: string;
  seq: number;
  timestamp: string;
  type: string;
  actor: string;
  thread: string;
  payload: JsonObject;
  security: JsonObject | null;
  prevHash: string | null;
  hash: string;
  id: string | null;
  parentEventId: string | null;
  causedBy: JsonValue[];
}

function zaxyLegacy(record: JsonObject): SealedEvent {
  const seqValue = record.get('seq');
  const f: ZaxyFields = {
    ...zaxySeq(seqValue),
    timestamp: zaxyTimestamp(record.get('timestamp')),
    type: nonEmpty(record.get('type'), 'type'),
    actor: nonEmpty(record.get('actor'), 'actor'),
    thread: record.has('thread') ? str(record.get('thread'), 'thread') : 'default',
    payload: record.has('payload') ? obj(record.get('payload'), 'payload') : new Map<string, JsonValue>(),
    security: security(record.get('security')),
    prevHash: optStr(record.get('prev_hash'), 'prev_hash'),
    hash: hash64(record.get('hash')),
    id: optStr(record.get('id'), 'id'),
    parentEventId: optStr(record.get('parent_event_id'), 'parent_event_id'),
    causedBy: record.has('caused_by') ? strList(record.get('caused_by'), 'caused_by') : [],
  };
  const version = record.has('envelope_version') ? str(record.get('envelope_version'), 'envelope_version') : 'zaxy.legacy';
  // A legacy-shaped record that says it is v1 is sealed the v1 way (Event.verify).
  const expected = version === 'eventloom.v1' ? stripPrefix(zaxyV1Hash(f)) : digest('sha256', legacyCanon(f));
  return sealed('legacy', f, expected === f.hash);
}

function zaxyV1(record: JsonObject, position: number): SealedEvent {
  const integrity = record.get('integrity');
  if (!(integrity instanceof Map)) fail('Eventloom v1 event is missing integrity metadata');
  const rawPayload = record.get('payload');
  if (!(rawPayload instanceof Map)) fail('Eventloom v1 event payload must be an object');
  const payload = new Map(rawPayload);
  const rawSecurity = payload.get(SECURITY_KEY);
  payload.delete(SECURITY_KEY);
  const id = record.get('id');
  const idMatch = typeof id === 'string' ? ZAXY_V1_ID.exec(id) : null;
  const idSeq = idMatch ? Number(idMatch[1]) : 0;
  const seq = idSeq || position; // Python: `seq_from_id or seq_hint`, so seq 0 falls back too
  const causedBy = record.get('causedBy');
  const f: ZaxyFields = {
    seq,
    seqText: String(seq),
    timestamp: zaxyTimestamp(record.get('timestamp')),
    type: nonEmpty(record.get('type'), 'type'),
    actor: nonEmpty(record.get('actorId'), 'actor'),
    thread: str(record.get('threadId'), 'thread'),
    payload,
    security: rawSecurity instanceof Map ? security(rawSecurity) : null,
    prevHash: stripPrefix(hashText(integrity.get('previousHash'))),
    hash: hash64(stripPrefix(hashText(integrity.get('hash')))),
    id: optStr(id, 'id'),
    parentEventId: optStr(record.get('parentEventId'), 'parent_event_id'),
    causedBy: pyTruthy(causedBy) ? strList(causedBy, 'caused_by') : [],
  };
  const ok = stripPrefix(zaxyV1Hash(f)) === f.hash;
  const written = hashText(integrity.get('hash')) ?? f.hash;
  const event = sealed('v1', f, ok, written, hashText(integrity.get('previousHash')));
  if (idMatch && f.id !== null) {
    const derived = zaxyV1Id(f);
    if (derived !== f.id) return { ...event, idMismatch: `id ${f.id} does not match its content (Zaxy derives ${derived})` };
  }
  return event;
}

function sealed(envelope: Envelope, f: ZaxyFields, hashOk: boolean, hash = f.hash, prevHash = f.prevHash): SealedEvent {
  return { envelope, dialect: 'zaxy', seq: f.seq, id: f.id, hash, prevHash, hashOk, type: f.type, actor: f.actor, timestamp: f.timestamp };
}

function legacyCanon(f: ZaxyFields): string {
  const security = f.security ? `"security":${pyCanon(f.security)},` : '';
  return (
    `{"actor":${pyCanon(f.actor)},"payload":${pyCanon(f.payload)},"prev_hash":${pyCanon(f.prevHash)},${security}` +
    `"seq":${f.seqText},"thread":${pyCanon(f.thread)},"timestamp":${pyCanon(f.timestamp)},"type":${pyCanon(f.type)}}`
  );
}

function zaxyV1Hash(f: ZaxyFields): string {
  const payload = new Map(f.payload);
  if (f.security) payload.set(SECURITY_KEY, f.security);
  const event: JsonObject = new Map<string, JsonValue>([
    ['id', f.id || zaxyV1Id(f)],
    ['type', f.type],
    ['actorId', f.actor],
    ['threadId', f.thread],
    ['parentEventId', f.parentEventId],
    ['causedBy', f.causedBy],
    ['timestamp', f.timestamp],
    ['payload', payload],
  ]);
  const previous = f.prevHash === null ? null : V1_HASH.test(f.prevHash) ? f.prevHash : `sha256:${f.prevHash}`;
  return `sha256:${digest('sha256', pyCanon(new Map<string, JsonValue>([['event', event], ['previousHash', previous]])))}`;
}

function zaxyV1Id(f: ZaxyFields): string {
  const seed = `{"actor":${pyCanon(f.actor)},"seq":${f.seqText},"timestamp":${pyCanon(f.timestamp)},"type":${pyCanon(f.type)}}`;
  return `evt_zaxy_${f.seqText.padStart(12, '0')}_${digest('sha256', seed).slice(0, 16)}`;
}

function zaxySeq(value: JsonValue | undefined): { seq: number; seqText: string } {
  // pydantic (lax) coerces e.g. 1.0, true or " 01" to the int 1, which is what gets sealed.
  const text = pydanticInt(value);
  if (!isPositiveInt(text)) fail('seq must be an integer >= 1');
  return { seq: Number(text), seqText: text };
}

/** Event's timestamp validator (`datetime.fromisoformat`) must accept it; it stays as written. */
function zaxyTimestamp(value: JsonValue | undefined): string {
  const timestamp = str(value, 'timestamp');
  if (!zaxyTimestampOk(timestamp)) fail(`timestamp ${JSON.stringify(timestamp)} is not ISO-8601 (Python's datetime.fromisoformat refuses it)`);
  return timestamp;
}

function security(value: JsonValue | undefined): JsonObject | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Map)) fail('security must be an object or null');
  // EventSecurity.model_dump(): only these two fields, with their defaults.
  return new Map<string, JsonValue>([
    ['sensitivity', value.has('sensitivity') ? str(value.get('sensitivity'), 'security.sensitivity') : 'public'],
    ['redacted_paths', value.has('redacted_paths') ? strList(value.get('redacted_paths'), 'security.redacted_paths') : []],
  ]);
}

function hashText(value: JsonValue | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') fail('hash value must be a string or None');
  return value;
}

function hash64(value: string | null | JsonValue | undefined): string {
  if (typeof value !== 'string' || value.length !== 64) fail('hash must be a 64-character string');
  return value;
}

function str(value: JsonValue | undefined, name: string): string {
  if (typeof value !== 'string') fail(`${name} must be a string`);
  return value;
}

function nonEmpty(value: JsonValue | undefined, name: string): string {
  if (typeof value !== 'string' || value.length === 0) fail(`${name} must be a non-empty string`);
  return value;
}

function optStr(value: JsonValue | undefined, name: string): string | null {
  if (value === undefined || value === null) return null;
  return str(value, name);
}

function obj(value: JsonValue | undefined, name: string): JsonObject {
  if (!(value instanceof Map)) fail(`${name} must be an object`);
  return value;
}

function strList(value: JsonValue | undefined, name: string): JsonValue[] {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) fail(`${name} must be a list of strings`);
  return value;
}

function pyTruthy(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (value instanceof JsonNumber) return value.text === 'NaN' || Number(value.text) !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  return true;
}

// ---- Eventloom runtime (zod v1 schema, strict) ----

const EVENTLOOM_ID = /^evt_[A-Za-z0-9_-]+$/;
const EVENTLOOM_TYPE = /^[a-z][a-z0-9]*(\.[a-z][a-z0-9]*)+$/;
const EVENTLOOM_KEYS = new Set(['id', 'type', 'actorId', 'threadId', 'parentEventId', 'causedBy', 'timestamp', 'payload', 'integrity']);
// zod (the Eventloom runtime's validator) is loaded on the first Eventloom-dialect line only: a
// Zaxy log never needs it, and its ~5 MB count against verify's memory budget.
let isoTimestamp: { safeParse(value: string): { success: boolean } } | undefined;

function eventloomTimestampOk(timestamp: string): boolean {
  isoTimestamp ??= (createRequire(import.meta.url)('zod') as typeof import('zod')).z.string().datetime({ offset: true });
  return isoTimestamp.safeParse(timestamp).success;
}

/**
 * Reads a record as Eventloom's `JsonlEventStore.verify()` does; seq is the position.
 * `pythonOnly`: the line used NaN/Infinity, so JSON.parse would have refused it.
 */
export function readEventloom(record: JsonObject, position: number, pythonOnly = false): EventReading {
  if (pythonOnly) {
    return { invalid: 'NaN/Infinity are not JSON (the Eventloom runtime cannot parse this line)', dialect: 'eventloom-js', malformed: true };
  }
  try {
    return eventloomV1(record, position);
  } catch (error) {
    if (error instanceof Invalid) return { invalid: error.message, dialect: 'eventloom-js' };
    if (error instanceof NotStrictJsonError) return { invalid: error.message, dialect: 'eventloom-js', malformed: true };
    throw error;
  }
}

function eventloomV1(record: JsonObject, position: number): SealedEvent {
  for (const key of record.keys()) if (!EVENTLOOM_KEYS.has(key)) fail(`unrecognized key '${key}' in an Eventloom v1 event`);
  const id = record.get('id');
  if (typeof id !== 'string' || !EVENTLOOM_ID.test(id)) fail('id must match ^evt_[A-Za-z0-9_-]+$');
  const type = record.get('type');
  if (typeof type !== 'string' || !EVENTLOOM_TYPE.test(type)) fail('type must be a dotted lowercase event type');
  const actor = nonEmpty(record.get('actorId'), 'actorId');
  nonEmpty(record.get('threadId'), 'threadId');
  if (!record.has('parentEventId')) fail('parentEventId is required');
  const parent = record.get('parentEventId');
  if (parent !== null && (typeof parent !== 'string' || !EVENTLOOM_ID.test(parent))) fail('parentEventId must be an event id or null');
  const causedBy = record.get('causedBy');
  if (!Array.isArray(causedBy) || !causedBy.every((c) => typeof c === 'string' && EVENTLOOM_ID.test(c))) {
    fail('causedBy must be a list of event ids');
  }
  const timestamp = record.get('timestamp');
  if (typeof timestamp !== 'string' || !eventloomTimestampOk(timestamp)) fail('timestamp must be an ISO-8601 datetime with an offset');
  obj(record.get('payload'), 'payload');
  const integrity = record.get('integrity');
  if (integrity === undefined) fail('Missing integrity metadata');
  if (!(integrity instanceof Map) || integrity.size !== 2) fail('integrity must be exactly {hash, previousHash}');
  const hash = integrity.get('hash');
  const previous = integrity.get('previousHash');
  if (typeof hash !== 'string' || !V1_HASH.test(hash)) fail('integrity.hash must be sha256:<64 hex>');
  if (previous !== null && (typeof previous !== 'string' || !V1_HASH.test(previous))) fail('integrity.previousHash must be sha256:<64 hex> or null');
  const event = new Map(record);
  event.delete('integrity');
  const expected = `sha256:${digest('sha256', jsCanon(new Map<string, JsonValue>([['event', event], ['previousHash', previous]])))}`;
  return { envelope: 'v1', dialect: 'eventloom-js', seq: position, id, hash, prevHash: previous, hashOk: expected === hash, type, actor, timestamp };
}
