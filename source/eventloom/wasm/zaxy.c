// The exact records Zaxy hashes for its two envelopes and for a v1 id (spec §4.1), written from
// the tape: the twins of the JS writers in zaxy-canon.ts. seal.c decides what to write.
#include "scan.h"

/** A literal (a key and its punctuation) and then node `n`, or `fallback` when it is absent (-1). */
#define FIELD(text, n) (PUT_LITERAL(text), write_value(n))
#define FIELD_OR(text, n, fallback) (PUT_LITERAL(text), (n) >= 0 ? write_value(n) : PUT_LITERAL(fallback))

void write_security(int32_t sensitivity, int32_t paths) {
  FIELD_OR("{\"redacted_paths\":", paths, "[]");
  FIELD_OR(",\"sensitivity\":", sensitivity, "\"public\"");
  put('}');
}

/** The legacy record Zaxy hashes (every field but `hash`); returns the end of what it wrote. */
int32_t write_legacy(int32_t offset, int32_t actor, int32_t payload, int32_t prev, int32_t security, int32_t sensitivity,
                     int32_t paths, int32_t seq, int32_t thread, int32_t timestamp, int32_t type) {
  at = offset;
  FIELD("{\"actor\":", actor);
  FIELD_OR(",\"payload\":", payload, "{}");
  FIELD_OR(",\"prev_hash\":", prev, "null");
  if (security) {
    PUT_LITERAL(",\"security\":");
    write_security(sensitivity, paths);
  }
  FIELD(",\"seq\":", seq);
  FIELD_OR(",\"thread\":", thread, "\"default\"");
  FIELD(",\"timestamp\":", timestamp);
  FIELD(",\"type\":", type);
  put('}');
  return at;
}

/**
 * The v1 record Zaxy hashes: {"event": the event less its integrity, "previousHash"}; returns
 * the end of what it wrote, or -1 (nothing written) when the previous hash needs JS (escaped, or
 * prefixed twice).
 */
int32_t write_v1(int32_t offset, int32_t actor, int32_t caused_by, int32_t id, int32_t parent, int32_t payload, int32_t security,
                 int32_t sensitivity, int32_t paths, int32_t thread, int32_t timestamp, int32_t type, int32_t prev) {
  // Zaxy writes previousHash with one "sha256:" prefix, adding it when the stored one lacks it.
  int32_t prev_start = -1;
  if (prev >= 0 && kind[prev] != K_NULL) {
    if (kind[prev] != K_STR_PLAIN) return -1;
    prev_start = start[prev];
    if (has_prefix(prev_start, end[prev], "sha256:", 7)) prev_start += 7;
    if (has_prefix(prev_start, end[prev], "sha256:", 7)) return -1;
  }
  at = offset;
  FIELD("{\"event\":{\"actorId\":", actor);
  PUT_LITERAL(",\"causedBy\":");
  if (caused_by >= 0 && kind[caused_by] != K_NULL) write_value(caused_by);
  else PUT_LITERAL("[]");
  FIELD(",\"id\":", id);
  FIELD_OR(",\"parentEventId\":", parent, "null");
  PUT_LITERAL(",\"payload\":");
  write_payload(payload, security, sensitivity, paths);
  FIELD(",\"threadId\":", thread);
  FIELD(",\"timestamp\":", timestamp);
  FIELD(",\"type\":", type);
  PUT_LITERAL("},\"previousHash\":");
  if (prev_start < 0) PUT_LITERAL("null");
  else {
    PUT_LITERAL("\"sha256:");
    copy_in(prev_start, end[prev]);
    put('"');
  }
  put('}');
  return at;
}

/** What Zaxy hashes for a v1 id's 16 hex: {"actor", "seq", "timestamp", "type"}. */
int32_t write_seed(int32_t offset, int32_t actor, double seq, int32_t timestamp, int32_t type) {
  at = offset;
  FIELD("{\"actor\":", actor);
  PUT_LITERAL(",\"seq\":");
  // A non-negative safe integer, in decimal.
  uint64_t v = (uint64_t)seq;
  uint8_t digits[20];
  int32_t n = 0;
  do {
    digits[n++] = (uint8_t)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) put(digits[--n]);
  FIELD(",\"timestamp\":", timestamp);
  FIELD(",\"type\":", type);
  put('}');
  return at;
}
