// Key order and key names for the WebAssembly writer: code point order, as Python sorts str,
// with escapes decoded (compareKeys and keyIs in tape-canon.ts are the JS twins).
#include "scan.h"

/** A string node's text as UTF-16 code units, escapes decoded (what Python's json reads). */
typedef struct {
  int32_t i;
  int32_t e;
  /** The low half of an astral character read from raw UTF-8, or NONE. */
  uint32_t low;
  /** A unit read ahead to see whether it completes a surrogate pair, or NONE. */
  uint32_t ahead;
} Units;

#define NONE 0xffffffffu

static uint32_t next_unit(Units *u) {
  if (u->low != NONE) {
    uint32_t low = u->low;
    u->low = NONE;
    return low;
  }
  if (u->i >= u->e) return NONE;
  int32_t i = u->i;
  uint8_t c = in[i];
  if (c == '\\') {
    uint8_t x = in[i + 1];
    if (x == 'u') {
      u->i = i + 6;
      return hex4(i + 2);
    }
    u->i = i + 2;
    return x == 'b' ? 8 : x == 'f' ? 12 : x == 'n' ? 10 : x == 'r' ? 13 : x == 't' ? 9 : x;
  }
  if (c < 0x80) {
    u->i = i + 1;
    return c;
  }
  if (c < 0xe0) {
    u->i = i + 2;
    return ((uint32_t)(c & 0x1f) << 6) | (in[i + 1] & 0x3f);
  }
  if (c < 0xf0) {
    u->i = i + 3;
    return ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(in[i + 1] & 0x3f) << 6) | (in[i + 2] & 0x3f);
  }
  uint32_t cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(in[i + 1] & 0x3f) << 12) | ((uint32_t)(in[i + 2] & 0x3f) << 6) | (in[i + 3] & 0x3f);
  u->i = i + 4;
  u->low = 0xdc00 | ((cp - 0x10000) & 0x3ff);
  return 0xd800 | ((cp - 0x10000) >> 10);
}

/** The next code point: a high surrogate followed by a low one is one character, as in JS and Python. */
static uint32_t next_point(Units *u) {
  uint32_t unit;
  if (u->ahead != NONE) {
    unit = u->ahead;
    u->ahead = NONE;
  } else unit = next_unit(u);
  if (unit < 0xd800 || unit > 0xdbff) return unit;
  uint32_t low = next_unit(u);
  if (low >= 0xdc00 && low <= 0xdfff) return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
  u->ahead = low;
  return unit;
}

/** Code point order of string node `k` and the ASCII `name`. */
int32_t compare_key_name(int32_t k, const char *name, int32_t length) {
  if (kind[k] != K_STR_ESCAPED) {
    int32_t i = start[k];
    int32_t e = end[k];
    int32_t j = 0;
    for (; i < e && j < length; i++, j++) {
      int32_t d = (int32_t)in[i] - (int32_t)(uint8_t)name[j];
      if (d != 0) return d;
    }
    return (e - i) - (length - j);
  }
  Units u = {start[k], end[k], NONE, NONE};
  for (int32_t j = 0;; j++) {
    uint32_t x = next_point(&u);
    if (x == NONE || j == length) return (x == NONE ? 0 : 1) - (j == length ? 0 : 1);
    uint32_t y = (uint8_t)name[j];
    if (x != y) return x < y ? -1 : 1;
  }
}

int key_is(int32_t k, const char *name, int32_t length) {
  if (kind[k] == K_STR_PLAIN && end[k] - start[k] != length) return 0;
  return compare_key_name(k, name, length) == 0;
}

/** Code point order of two string nodes, at least one of them escaped. */
static int32_t compare_decoded(int32_t a, int32_t b) {
  Units ua = {start[a], end[a], NONE, NONE};
  Units ub = {start[b], end[b], NONE, NONE};
  for (;;) {
    uint32_t x = next_point(&ua);
    uint32_t y = next_point(&ub);
    if (x == NONE || y == NONE) return (x == NONE ? 0 : 1) - (y == NONE ? 0 : 1);
    if (x != y) return x < y ? -1 : 1;
  }
}

/** Code point order of two key nodes: bytewise for unescaped UTF-8 (the same order). */
int32_t compare_keys(int32_t a, int32_t b) {
  if (kind[a] == K_STR_ESCAPED || kind[b] == K_STR_ESCAPED) return compare_decoded(a, b);
  int32_t i = start[a];
  int32_t ea = end[a];
  int32_t j = start[b];
  int32_t eb = end[b];
  for (; i < ea && j < eb; i++, j++) {
    int32_t d = (int32_t)in[i] - (int32_t)in[j];
    if (d != 0) return d;
  }
  return (ea - i) - (eb - j);
}

