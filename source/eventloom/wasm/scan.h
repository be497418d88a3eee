// Shared by the C files of the scan engine (tape.c, canon.c, zaxy.c), compiled together into one
// WebAssembly module by scripts/build-wasm.sh. They are the twins of tape.ts, tape-canon.ts and
// the writers in fast-zaxy.ts: the JS stays as the reference, the fallback where WebAssembly is
// off, and the reader of lines longer than IN_CAP; the tests run both on the same inputs.
// No libc: all memory is static, so the JS views on it never move (the memory does not grow).
#ifndef SCAN_H
#define SCAN_H
#include <stdint.h>
#include <wasm_simd128.h>

#define EXPORT(name) __attribute__((export_name(name)))
#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))

// A line of at most IN_CAP bytes has at most IN_CAP / 2 + 1 nodes (every value but the first
// needs a separator), and its canonical form (with the Zaxy id seed, which repeats three fields)
// at most 12 bytes per input byte.
#define IN_CAP (128 * 1024)
#define NODE_CAP (IN_CAP / 2 + 64)
#define OUT_CAP (12 * IN_CAP + 64 * 1024)

enum Kind { K_NULL, K_TRUE, K_FALSE, K_INT, K_FLOAT, K_SPECIAL, K_STR_PLAIN, K_STR_UTF8, K_STR_ESCAPED, K_ARRAY, K_OBJECT };

// 32 bytes of slack after the input (a zero sentinel, SIMD loads) and after the output (SIMD stores).
extern uint8_t in[IN_CAP + 32];
extern uint8_t out[OUT_CAP + 32];
extern uint8_t kind[NODE_CAP];
extern uint8_t verbatim[NODE_CAP];
extern int32_t start[NODE_CAP];
extern int32_t end[NODE_CAP];
extern int32_t next[NODE_CAP];
extern int32_t count[NODE_CAP];
/** Where the writer is in `out`. */
extern int32_t at;

static inline int is_digit(uint8_t c) { return c >= '0' && c <= '9'; }

/** A hex digit's value; upper-case digits also carry bit 4 (Python writes lower case); 0xff: none. */
static inline uint32_t hex_value(uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return (c - 'A' + 10) | 0x10;
  return 0xff;
}

static const uint8_t LOWER_HEX[16] = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

/** Whether in[s, e) starts with the ASCII `prefix`. */
static inline int has_prefix(int32_t s, int32_t e, const char *prefix, int32_t length) {
  if (e - s < length) return 0;
  for (int32_t i = 0; i < length; i++) if (in[s + i] != (uint8_t)prefix[i]) return 0;
  return 1;
}

static inline void put(uint8_t c) { out[at++] = c; }

static inline void put_text(const char *text, int32_t length) {
  for (int32_t i = 0; i < length; i++) out[at + i] = (uint8_t)text[i];
  at += length;
}

#define PUT_LITERAL(text) put_text(text, sizeof(text) - 1)

/** Copies in[s, e) sixteen bytes at a time (both buffers have the slack for the overrun). */
static inline void copy_in(int32_t s, int32_t e) {
  int32_t n = e - s;
  uint8_t *target = out + at;
  const uint8_t *source = in + s;
  for (int32_t k = 0; k < n; k += 16) wasm_v128_store(target + k, wasm_v128_load(source + k));
  at += n;
}

/** The code unit of a \uXXXX escape's four hex digits at in[i]. */
static inline uint32_t hex4(int32_t i) {
  uint32_t v = 0;
  for (int32_t k = 0; k < 4; k++) v = (v << 4) | (hex_value(in[i + k]) & 15);
  return v;
}

/** Code point order of two key nodes (escapes decoded). */
int32_t compare_keys(int32_t a, int32_t b);
/** Code point order of string node `k` and the ASCII `name`. */
int32_t compare_key_name(int32_t k, const char *name, int32_t length);

/** Writes node `n` (and its subtree) as pyCanon at `at`. */
void write_value(int32_t n);
/** The same for an object, leaving out __zaxy_security keys and, if `security`, adding Zaxy's. */
void write_payload(int32_t n, int security, int32_t sensitivity, int32_t paths);
/** Zaxy's EventSecurity.model_dump(): its two fields, defaults for absent ones (-1). */
void write_security(int32_t sensitivity, int32_t paths);
/** Zaxy's records (zaxy.c): node indices, -1 for absent; each returns the end of what it wrote. */
int32_t write_legacy(int32_t offset, int32_t actor, int32_t payload, int32_t prev, int32_t security, int32_t sensitivity,
                     int32_t paths, int32_t seq, int32_t thread, int32_t timestamp, int32_t type);
int32_t write_v1(int32_t offset, int32_t actor, int32_t caused_by, int32_t id, int32_t parent, int32_t payload, int32_t security,
                 int32_t sensitivity, int32_t paths, int32_t thread, int32_t timestamp, int32_t type, int32_t prev);
int32_t write_seed(int32_t offset, int32_t actor, double seq, int32_t timestamp, int32_t type);
/** Parses in[0, length) onto the tape (tape.c); the number of nodes, or -1: bail. */
int32_t parse(int32_t length);
/** The same for in[s, e), a line inside a larger input (its nodes keep offsets into `in`). */
int32_t parse_range(int32_t s, int32_t e);
/** Checks and writes the Zaxy line just parsed, its records at out[offset] (seal.c): as seal(). */
int32_t seal_parsed(double position, int32_t offset);
/** The root's Zaxy fields, in the order of `f` in top-fields.ts. */
enum Field {
  SEQ, TIMESTAMP, TYPE, ACTOR, THREAD, PAYLOAD, SECURITY, PREV_HASH, HASH, ID, PARENT_EVENT_ID, CAUSED_BY,
  ENVELOPE_VERSION, ACTOR_ID, THREAD_ID, PARENT_EVENT_ID_V1, CAUSED_BY_V1, INTEGRITY, FIELDS
};
/** What a seal found, for JS (SealInfo in scan-engine.ts). */
enum Info { CANON_END, SEED_END, HASH_START, HASH_NODE, PREV_NODE, SEQ_VALUE, ID_SEQ, TIMESTAMP_OK, INFO };
extern double info[INFO];
extern int32_t fields[FIELDS];

/** Writes Python's repr of the float text in[s, e) at `at` (float.c); 0 (nothing written) where JS must. */
int32_t write_float_repr(int32_t s, int32_t e);

/** Whether string node `k` spells `name` (ASCII), escapes decoded. */
int key_is(int32_t k, const char *name, int32_t length);

#endif
