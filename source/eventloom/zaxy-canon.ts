// The records Zaxy hashes for a line (spec §4.1), written from the tape of the line being sealed
// (values through CanonWriter, so by wasm/canon.c on the engine's tape). wasm/zaxy.c is the
// twin that seal.c uses for plain Zaxy lines; these write the rest. fast-zaxy.ts has already
// checked every field they write; `f` and `securityFields` hold their node indices.
import { Kind } from './tape.js';
import { keyText, type CanonWriter, type ExtraEntry } from './tape-canon.js';
import { pyString } from './py-canon.js';
import { f } from './top-fields.js';

const V1_HASH = /^sha256:[a-f0-9]{64}$/;
export const SECURITY_KEY = '__zaxy_security';

/** The fields of the line's security object (legacy `security`, v1 `payload.__zaxy_security`). */
export const securityFields = { sensitivity: -1, paths: -1 };

/** The legacy record: every field but `hash`, with Zaxy's defaults for absent ones. */
export function writeLegacy(out: CanonWriter, security: boolean): void {
  const { timestamp, type, actor, thread, payload, prev_hash: prev, seq } = f;
  field(out, '{"actor":', actor);
  field(out, ',"payload":', payload, '{}');
  field(out, ',"prev_hash":', prev, 'null');
  if (security) {
    out.ascii(',"security":');
    writeSecurity(out);
  }
  field(out, ',"seq":', seq);
  field(out, ',"thread":', thread, '"default"');
  field(out, ',"timestamp":', timestamp);
  field(out, ',"type":', type);
  out.byte(0x7d);
}

/** The v1 record: {"event": the event less its integrity, "previousHash"}. */
export function writeV1(out: CanonWriter, security: boolean, prevNode: number): void {
  const { payload, id, timestamp, type, actorId, threadId, parentEventId, causedBy } = f;
  field(out, '{"event":{"actorId":', actorId);
  out.ascii(',"causedBy":');
  if (causedBy >= 0 && out.tape.kind[causedBy] !== Kind.Null) out.value(causedBy);
  else out.ascii('[]');
  field(out, ',"id":', id);
  field(out, ',"parentEventId":', parentEventId, 'null');
  out.ascii(',"payload":');
  out.value(payload, security ? SECURITY_ENTRY : undefined, SECURITY_KEY);
  field(out, ',"threadId":', threadId);
  field(out, ',"timestamp":', timestamp);
  field(out, ',"type":', type);
  out.ascii('},"previousHash":');
  writePrevious(out, prevNode);
  out.byte(0x7d);
}

/** What Zaxy hashes for a v1 id: {"actor", "seq", "timestamp", "type"}. */
export function writeSeed(out: CanonWriter, seq: number): void {
  const { timestamp, type, actorId } = f;
  field(out, '{"actor":', actorId);
  out.ascii(',"seq":');
  out.int(seq);
  field(out, ',"timestamp":', timestamp);
  field(out, ',"type":', type);
  out.byte(0x7d);
}

/** Zaxy writes previousHash with its "sha256:" prefix, adding it when the stored one lacks it. */
function writePrevious(out: CanonWriter, node: number): void {
  const tape = out.tape;
  if (node < 0 || tape.kind[node] === Kind.Null) return out.ascii('null');
  // The common case, a plain string: copy its bytes, with the prefix once.
  if (tape.kind[node] === Kind.StrPlain) {
    let s = tape.start[node] as number;
    if (hasPrefix(out, s, 'sha256:')) s += 7;
    if (!hasPrefix(out, s, 'sha256:')) {
      out.ascii('"sha256:');
      out.copy(s, tape.end[node] as number, 1);
      return out.byte(0x22);
    }
  }
  const written = keyText(tape, node);
  // Zaxy strips one "sha256:" (stripPrefix) and adds it back unless the rest is itself a v1 hash.
  const prev = written.startsWith('sha256:') ? written.slice(7) : written;
  out.ascii(pyString(V1_HASH.test(prev) ? prev : `sha256:${prev}`));
}

function hasPrefix(out: CanonWriter, s: number, prefix: string): boolean {
  const bytes = out.tape.bytes;
  for (let i = 0; i < prefix.length; i++) if (bytes[s + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** EventSecurity.model_dump() of the security object (its two fields, defaults when absent). */
function writeSecurity(w: CanonWriter): void {
  field(w, '{"redacted_paths":', securityFields.paths, '[]');
  field(w, ',"sensitivity":', securityFields.sensitivity, '"public"');
  w.byte(0x7d);
}

const SECURITY_ENTRY: ExtraEntry = { key: SECURITY_KEY, write: writeSecurity };

/** A literal (a key and its punctuation) and then node `n`, or `fallback` when it is absent (-1). */
function field(out: CanonWriter, text: string, n: number, fallback = 'null'): void {
  out.ascii(text);
  if (n >= 0) out.value(n);
  else out.ascii(fallback);
}
