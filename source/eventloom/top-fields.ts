// The top-level fields of a Zaxy line that the fast path reads, found on the tape by comparing
// key bytes (no string per key), with the last of duplicate keys winning as in Python's json.
import { Kind, type Tape } from './tape.js';
import { keyText } from './tape-canon.js';

// Node indices of the top-level fields of interest (-1: absent); reset per line. zaxy.c lists
// them in this order too (FIELD_NAMES).
export const f = {
  seq: -1, timestamp: -1, type: -1, actor: -1, thread: -1, payload: -1, security: -1, prev_hash: -1, hash: -1,
  id: -1, parent_event_id: -1, caused_by: -1, envelope_version: -1,
  actorId: -1, threadId: -1, parentEventId: -1, causedBy: -1, integrity: -1,
};
type Field = keyof typeof f;

const FIELD_NAMES = Object.keys(f) as Field[];
// Candidate fields by key length and first byte, with their bytes: a plain key is matched by
// comparing bytes, without making a string, and most keys are told apart by those two alone.
const LONGEST = Math.max(...FIELD_NAMES.map((name) => name.length));
const CANDIDATES: ({ name: Field; bytes: Uint8Array }[] | undefined)[] = Array.from({ length: (LONGEST + 1) << 8 }, () => undefined);
for (const name of FIELD_NAMES) {
  (CANDIDATES[(name.length << 8) | name.charCodeAt(0)] ??= []).push({ name, bytes: Buffer.from(name, 'latin1') });
}

/** Indexes the fields of the tape's root object into `f`. */
export function indexFields(tape: Tape): void {
  const root = 0;
  // Literal stores (not f[name]) keep these monomorphic: this runs for every line.
  f.seq = -1; f.timestamp = -1; f.type = -1; f.actor = -1; f.thread = -1; f.payload = -1;
  f.security = -1; f.prev_hash = -1; f.hash = -1; f.id = -1; f.parent_event_id = -1; f.caused_by = -1;
  f.envelope_version = -1; f.actorId = -1; f.threadId = -1; f.parentEventId = -1; f.causedBy = -1; f.integrity = -1;
  const count = tape.count[root] as number;
  let k = root + 1;
  for (let i = 0; i < count; i++) {
    const name = fieldOf(tape, k);
    if (name !== null) setField(name, k + 1); // a duplicate key: the last value wins
    k = tape.next[k + 1] as number;
  }
}

/** Takes the fields as zaxy.c indexed them (`f`'s order). */
export function fieldsFrom(a: Int32Array): void {
  f.seq = a[0] as number; f.timestamp = a[1] as number; f.type = a[2] as number; f.actor = a[3] as number; f.thread = a[4] as number; f.payload = a[5] as number;
  f.security = a[6] as number; f.prev_hash = a[7] as number; f.hash = a[8] as number; f.id = a[9] as number; f.parent_event_id = a[10] as number; f.caused_by = a[11] as number;
  f.envelope_version = a[12] as number; f.actorId = a[13] as number; f.threadId = a[14] as number; f.parentEventId = a[15] as number; f.causedBy = a[16] as number; f.integrity = a[17] as number;
}

function setField(name: Field, value: number): void {
  switch (name) {
    case 'seq': f.seq = value; break;
    case 'timestamp': f.timestamp = value; break;
    case 'type': f.type = value; break;
    case 'actor': f.actor = value; break;
    case 'thread': f.thread = value; break;
    case 'payload': f.payload = value; break;
    case 'security': f.security = value; break;
    case 'prev_hash': f.prev_hash = value; break;
    case 'hash': f.hash = value; break;
    case 'id': f.id = value; break;
    case 'parent_event_id': f.parent_event_id = value; break;
    case 'caused_by': f.caused_by = value; break;
    case 'envelope_version': f.envelope_version = value; break;
    case 'actorId': f.actorId = value; break;
    case 'threadId': f.threadId = value; break;
    case 'parentEventId': f.parentEventId = value; break;
    case 'causedBy': f.causedBy = value; break;
    case 'integrity': f.integrity = value; break;
  }
}

function fieldOf(tape: Tape, k: number): Field | null {
  const kind = tape.kind[k];
  if (kind === Kind.StrEscaped) {
    const name = keyText(tape, k);
    return Object.hasOwn(f, name) ? (name as Field) : null;
  }
  if (kind !== Kind.StrPlain) return null;
  const b = tape.bytes;
  const s = tape.start[k] as number;
  const length = (tape.end[k] as number) - s;
  const candidates = length <= LONGEST ? CANDIDATES[(length << 8) | (b[s] as number)] : undefined;
  if (candidates === undefined) return null;
  for (const { name, bytes } of candidates) {
    let i = 1;
    while (i < length && b[s + i] === bytes[i]) i++;
    if (i === length) return name;
  }
  return null;
}
