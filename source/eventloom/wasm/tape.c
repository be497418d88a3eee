// The hot path's JSON reader in WebAssembly: the twin of tape.ts (same grammar, same nodes in
// the same flat arrays, the same bails), so the JS that reads the tape works on either.
// Why C: strings are scanned 16 bytes at a time (SIMD), which JS cannot express.
#include "scan.h"

#define MAX_DEPTH 500
#define MAX_INT_DIGITS 4300

uint8_t in[IN_CAP + 32];
uint8_t kind[NODE_CAP];
uint8_t verbatim[NODE_CAP];
int32_t start[NODE_CAP];
int32_t end[NODE_CAP];
int32_t next[NODE_CAP];
int32_t count[NODE_CAP];

EXPORT("input") uint8_t *input_ptr(void) { return in; }
EXPORT("kinds") uint8_t *kind_ptr(void) { return kind; }
EXPORT("verbatims") uint8_t *verbatim_ptr(void) { return verbatim; }
EXPORT("starts") int32_t *start_ptr(void) { return start; }
EXPORT("ends") int32_t *end_ptr(void) { return end; }
EXPORT("nexts") int32_t *next_ptr(void) { return next; }
EXPORT("counts") int32_t *count_ptr(void) { return count; }
EXPORT("input_cap") int32_t input_cap(void) { return IN_CAP; }
EXPORT("node_cap") int32_t node_cap(void) { return NODE_CAP; }

static int32_t pos;
static int32_t to;
static int32_t size;
static int32_t depth;

static inline void skip_ws(void) {
  while (pos < to) {
    uint8_t c = in[pos];
    if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) pos++;
    else break;
  }
}

static inline int32_t node(uint8_t k, int32_t s) {
  if (size >= NODE_CAP) return -1;
  int32_t n = size++;
  kind[n] = k;
  start[n] = s;
  return n;
}

static int value(void);

static int word(const char *w, int32_t length, uint8_t k) {
  int32_t i = pos;
  if (i + length > to) return 0;
  for (int32_t j = 0; j < length; j++) if (in[i + j] != (uint8_t)w[j]) return 0;
  int32_t n = node(k, i);
  if (n < 0) return 0;
  pos = i + length;
  end[n] = pos;
  next[n] = n + 1;
  return 1;
}

static int number(void) {
  int32_t s = pos;
  int32_t i = s;
  if (in[i] == '-') i++;
  int32_t int_start = i;
  if (i >= to) return 0;
  if (in[i] == '0') i++;
  else if (in[i] >= '1' && in[i] <= '9') {
    do i++;
    while (i < to && is_digit(in[i]));
  } else return 0;
  int32_t int_digits = i - int_start;
  int is_float = 0;
  if (i + 1 < to && in[i] == '.' && is_digit(in[i + 1])) {
    is_float = 1;
    i += 2;
    while (i < to && is_digit(in[i])) i++;
  }
  if (i < to && (in[i] == 'e' || in[i] == 'E')) {
    int32_t j = i + 1;
    if (j < to && (in[j] == '+' || in[j] == '-')) j++;
    if (j < to && is_digit(in[j])) {
      is_float = 1;
      do j++;
      while (j < to && is_digit(in[j]));
      i = j;
    }
  }
  if (!is_float && int_digits > MAX_INT_DIGITS) return 0;
  int32_t n = node(is_float ? K_FLOAT : K_INT, s);
  if (n < 0) return 0;
  end[n] = i;
  next[n] = n + 1;
  pos = i;
  return 1;
}

static int string(void) {
  int32_t s = pos + 1;
  int32_t i = s;
  int escaped = 0;
  int high = 0;
  int verb = 1;
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t space = wasm_i8x16_splat(0x20);
  const v128_t del = wasm_i8x16_splat(0x7f);
  for (;;) {
    // Sixteen bytes at a time while none is a quote, backslash or control; bytes >= 0x7f (raw
    // UTF-8, DEL) only change the kind.
    while (i + 16 <= to) {
      v128_t v = wasm_v128_load(in + i);
      v128_t special = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, backslash)), wasm_u8x16_lt(v, space));
      uint32_t stop = wasm_i8x16_bitmask(special);
      uint32_t raw = wasm_i8x16_bitmask(wasm_u8x16_ge(v, del));
      if (stop) {
        uint32_t skip = __builtin_ctz(stop);
        if (raw & ((1u << skip) - 1)) high = 1;
        i += skip;
        break;
      }
      if (raw) high = 1;
      i += 16;
    }
    if (i >= to) return 0;
    uint8_t c = in[i];
    if (c == '"') break;
    if (c >= 0x7f) {
      high = 1;
      i++;
      continue;
    }
    if (c >= 0x20 && c != '\\') {
      i++;
      continue;
    }
    if (c < 0x20) return 0;
    escaped = 1;
    uint8_t e = in[i + 1];
    if (e == 'u') {
      if (i + 6 > to) return 0;
      uint32_t unit = 0;
      for (int32_t k = 2; k < 6; k++) {
        uint32_t h = hex_value(in[i + k]);
        if (h == 0xff) return 0;
        if (h & 0x10) verb = 0;
        unit = (unit << 4) | (h & 15);
      }
      // ensure_ascii writes printable ASCII raw and five controls in their short form.
      if ((unit >= 0x20 && unit < 0x7f) || unit == 8 || unit == 9 || unit == 10 || unit == 12 || unit == 13) verb = 0;
      i += 6;
    } else if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
      i += 2;
    } else if (e == '/') {
      verb = 0; // Python writes '/' unescaped
      i += 2;
    } else return 0;
  }
  int32_t n = node(escaped ? K_STR_ESCAPED : high ? K_STR_UTF8 : K_STR_PLAIN, s);
  if (n < 0) return 0;
  end[n] = i;
  next[n] = n + 1;
  verbatim[n] = verb && !high;
  pos = i + 1;
  return 1;
}

static int container(uint8_t k) {
  if (++depth > MAX_DEPTH) return 0;
  int32_t n = node(k, pos);
  if (n < 0) return 0;
  pos++;
  skip_ws();
  int32_t items = 0;
  uint8_t close = k == K_OBJECT ? '}' : ']';
  if (pos < to && in[pos] == close) {
    pos++;
  } else {
    for (;;) {
      if (k == K_OBJECT) {
        if (in[pos] != '"' || !string()) return 0;
        skip_ws();
        if (in[pos] != ':') return 0;
        pos++;
        skip_ws();
      }
      if (!value()) return 0;
      items++;
      skip_ws();
      if (pos >= to) return 0;
      uint8_t c = in[pos++];
      if (c == close) break;
      if (c != ',') return 0;
      skip_ws();
    }
  }
  depth--;
  end[n] = pos;
  count[n] = items;
  next[n] = size;
  return 1;
}

static int value(void) {
  int32_t i = pos;
  if (i >= to) return 0;
  uint8_t c = in[i];
  if (c == '"') return string();
  if (c == '{') return container(K_OBJECT);
  if (c == '[') return container(K_ARRAY);
  if (c == '-' || is_digit(c)) {
    if (in[i + 1] == 'I') return word("-Infinity", 9, K_SPECIAL);
    return number();
  }
  switch (c) {
    case 't': return word("true", 4, K_TRUE);
    case 'f': return word("false", 5, K_FALSE);
    case 'n': return word("null", 4, K_NULL);
    case 'N': return word("NaN", 3, K_SPECIAL);
    case 'I': return word("Infinity", 8, K_SPECIAL);
    default: return 0;
  }
}

/** Parses in[0, length) as one JSON value onto the tape; the number of nodes, or -1: bail. */
EXPORT("parse") int32_t parse(int32_t length) {
  if (length < 0 || length > IN_CAP) return -1;
  return parse_range(0, length);
}

int32_t parse_range(int32_t s, int32_t e) {
  to = e;
  // Reads one past the end (an escape's second byte) must see no JSON byte; a line read in
  // place (batch.c) gets its byte back.
  uint8_t after = in[e];
  in[e] = 0;
  pos = s;
  size = 0;
  depth = 0;
  skip_ws();
  int ok = value();
  skip_ws();
  in[e] = after;
  return ok && pos == to ? size : -1;
}
