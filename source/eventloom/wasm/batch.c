// Many lines per call: JS copies a slab of a block into `in`, and this splits it into lines
// (exactly as LineSplitter cuts them) and seals each in place, its records one after another in
// `out`, until a line it cannot vouch for. Per line, JS is then left with what C cannot do: one or
// two sha256 calls (node:crypto), whose digests it writes back for judge() to compare with the
// hex. A line is taken only when everything chain-scan.ts's scanLine checks besides those digests
// passes, exactly as there; any other line stops the batch and goes through scanLine itself.
// Calling seal() once per line cost JS about as much as the hashing: the copy, the line split, a
// dozen reads of what the seal found, and the digest comparisons.
#include "scan.h"

#define BATCH_CAP 2048

/** Per line taken (BatchRow in scan-engine.ts), offsets into `in` and `out`. */
enum Row { R_LINE_START, R_LINE_END, R_NEXT, R_CANON_START, R_CANON_END, R_SEED_END, R_HASH_HEX, R_PREV_HEX, R_ID_HEX, R_V1, ROW };
/** Why the batch stopped, and the line it stopped at (BatchStop in scan-engine.ts). */
enum Stop { STOP_KIND, STOP_LINE_START, STOP_LINE_END, STOP_NEXT, STOP };
enum StopKind { INCOMPLETE, UNCLEAN, FULL };

static int32_t rows[BATCH_CAP * ROW];
static double seqs[BATCH_CAP];
static int32_t stop[STOP];
/** Written by JS between batch() and judge(): each record's sha256, a v1 seed's first 8 bytes. */
static uint8_t digests[BATCH_CAP * 32];
static uint8_t seeds[BATCH_CAP * 8];
/** The digest of the line before the batch, when that line could start a run. */
static uint8_t prior[32];
/** judge()'s answer per line: it links to the line before, in a run. */
static uint8_t linked[BATCH_CAP];

EXPORT("batch_rows") int32_t *rows_ptr(void) { return rows; }
EXPORT("batch_seqs") double *seqs_ptr(void) { return seqs; }
EXPORT("batch_stop") int32_t *stop_ptr(void) { return stop; }
EXPORT("batch_cap") int32_t batch_cap(void) { return BATCH_CAP; }
EXPORT("batch_digests") uint8_t *digests_ptr(void) { return digests; }
EXPORT("batch_seeds") uint8_t *seeds_ptr(void) { return seeds; }
EXPORT("batch_prior") uint8_t *prior_ptr(void) { return prior; }
EXPORT("batch_linked") uint8_t *linked_ptr(void) { return linked; }

/** The first \n or \r in in[i, length), or -1. */
static int32_t terminator(int32_t i, int32_t length) {
  const v128_t lf = wasm_i8x16_splat('\n');
  const v128_t cr = wasm_i8x16_splat('\r');
  for (; i + 16 <= length; i += 16) {
    v128_t v = wasm_v128_load(in + i);
    uint32_t hit = wasm_i8x16_bitmask(wasm_v128_or(wasm_i8x16_eq(v, lf), wasm_i8x16_eq(v, cr)));
    if (hit) return i + (int32_t)__builtin_ctz(hit);
  }
  for (; i < length; i++) if (in[i] == '\n' || in[i] == '\r') return i;
  return -1;
}

/** Python's str.strip() whitespace among ASCII bytes (fast-zaxy.ts isPyAsciiSpace). */
static inline int py_space(uint8_t c) { return c == 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f); }

/**
 * Seals the line in[s, t) in place, its records at out[offset], into row `n`; 0 when scanLine
 * must read it (not a plain, sealed Zaxy line with a quick-checked timestamp and its own seq).
 */
static int take(int32_t s, int32_t t, int32_t offset, int32_t n) {
  if (in[s] != '{') return 0;
  int32_t e = t;
  while (e > s && py_space(in[e - 1])) e--;
  if (e - s < 2 || in[e - 1] != '}') return 0;
  if (parse_range(s, e) < 0) return 0;
  int32_t sealed = seal_parsed(0, offset);
  if (sealed <= 0 || info[TIMESTAMP_OK] != 1) return 0;
  int v1 = sealed == 2;
  // A v1 line without a Zaxy id takes its seq from its position, which only the verifier knows.
  if (v1 && info[ID_SEQ] <= 0) return 0;
  // The previous hash as sealLinksTo reads it: 64 plain characters (a v1 one after "sha256:").
  int32_t prev = (int32_t)info[PREV_NODE];
  int32_t prev_hex = -1;
  if (prev >= 0 && kind[prev] == K_STR_PLAIN) {
    int32_t ps = start[prev];
    int32_t length = end[prev] - ps;
    if (v1 && length == 71 && has_prefix(ps, end[prev], "sha256:", 7)) prev_hex = ps + 7;
    else if (length == 64) prev_hex = ps;
  }
  int32_t *row = rows + n * ROW;
  row[R_LINE_START] = s;
  row[R_LINE_END] = t;
  row[R_CANON_START] = offset;
  row[R_CANON_END] = (int32_t)info[CANON_END];
  row[R_SEED_END] = (int32_t)info[SEED_END];
  row[R_HASH_HEX] = (int32_t)info[HASH_START];
  row[R_PREV_HEX] = prev_hex;
  row[R_ID_HEX] = v1 ? start[fields[ID]] : -1;
  row[R_V1] = v1;
  seqs[n] = info[SEQ_VALUE];
  return 1;
}

/**
 * Takes the lines of in[0, length) from its start; returns how many. `stop` tells why it ended
 * and where: INCOMPLETE (the next line does not end inside the slab), UNCLEAN (that line is for
 * scanLine), FULL (out of rows or room in `out`; the next slab goes on from there).
 */
EXPORT("batch") int32_t batch(int32_t length) {
  int32_t n = 0;
  int32_t i = 0;
  int32_t offset = 0;
  int32_t why = INCOMPLETE;
  int32_t t = -1;
  int32_t next = -1;
  for (;;) {
    if (n == BATCH_CAP) {
      why = FULL;
      break;
    }
    t = terminator(i, length);
    if (t < 0) break;
    next = t + 1;
    if (in[t] == '\r') {
      // A \n may follow just past the slab: only the next slab can tell "\r\n" from a lone \r.
      if (next >= length) break;
      if (in[next] == '\n') next++;
    }
    // A record is at most 12 bytes per input byte (scan.h); room for the seed besides.
    if (offset + 12 * (t - i) + 4096 > OUT_CAP) {
      why = FULL;
      break;
    }
    if (!take(i, t, offset, n)) {
      why = UNCLEAN;
      break;
    }
    rows[n * ROW + R_NEXT] = next;
    offset = rows[n * ROW + R_SEED_END];
    n++;
    i = next;
  }
  stop[STOP_KIND] = why;
  stop[STOP_LINE_START] = i;
  stop[STOP_LINE_END] = t;
  stop[STOP_NEXT] = next;
  return n;
}

/** Whether the lower-case hex at in[at] spells the first `count` bytes of `digest`. */
static int hex_spells(int32_t at, const uint8_t *digest, int32_t count) {
  for (int32_t k = 0; k < count; k++) {
    if (in[at + 2 * k] != LOWER_HEX[digest[k] >> 4] || in[at + 2 * k + 1] != LOWER_HEX[digest[k] & 15]) return 0;
  }
  return 1;
}

/**
 * After JS has written the digests of the `taken` lines: whether each links to the line before
 * in a run (its own checks pass: its hash, a v1 id's 16 hex; and the next seq, its previous
 * hash), as scanLine decides. `prior_ok`: the line before the batch could start a run, with
 * `prior_seq` and its digest in `prior`. Returns whether the last line could start one.
 */
EXPORT("judge") int32_t judge(int32_t taken, int32_t prior_ok, double prior_seq) {
  int previous_ok = prior_ok;
  double previous_seq = prior_seq;
  const uint8_t *previous = prior;
  for (int32_t i = 0; i < taken; i++) {
    const int32_t *row = rows + i * ROW;
    const uint8_t *digest = digests + 32 * i;
    int ok = hex_spells(row[R_HASH_HEX], digest, 32) && (!row[R_V1] || hex_spells(row[R_ID_HEX] + 22, seeds + 8 * i, 8));
    linked[i] = ok && previous_ok && seqs[i] == previous_seq + 1 && row[R_PREV_HEX] >= 0 && hex_spells(row[R_PREV_HEX], previous, 32);
    previous_ok = ok;
    previous_seq = seqs[i];
    previous = digest;
  }
  return previous_ok;
}
