// pyCanon written from the tape in WebAssembly: the twin of CanonWriter.value in tape-canon.ts
// (same bytes: CPython's json.dumps with sort_keys, compact separators and ensure_ascii).
#include "scan.h"

uint8_t out[OUT_CAP + 32];
int32_t at;
/** Key lists of the objects being written, stacked by depth (they never hold more than all nodes). */
static int32_t keys[NODE_CAP];
static int32_t key_top;

/** Python's repr of the float whose source text is in[s, e), written at out[at]; returns the new end. */
IMPORT("float_repr") int32_t js_float_repr(int32_t s, int32_t e, int32_t at);

EXPORT("output") uint8_t *output_ptr(void) { return out; }
EXPORT("output_cap") int32_t output_cap(void) { return OUT_CAP; }

/** One UTF-16 code unit as Python's ensure_ascii writes it. */
static inline void put_unit(uint32_t u) {
  if (u >= 0x20 && u < 0x7f) {
    if (u == '"' || u == '\\') put('\\');
    put((uint8_t)u);
    return;
  }
  put('\\');
  uint8_t brief = u == 8 ? 'b' : u == 12 ? 'f' : u == 10 ? 'n' : u == 13 ? 'r' : u == 9 ? 't' : 0;
  if (brief) {
    put(brief);
    return;
  }
  out[at] = 'u';
  out[at + 1] = LOWER_HEX[(u >> 12) & 15];
  out[at + 2] = LOWER_HEX[(u >> 8) & 15];
  out[at + 3] = LOWER_HEX[(u >> 4) & 15];
  out[at + 4] = LOWER_HEX[u & 15];
  at += 5;
}


/** A string with raw non-ASCII, DEL or escapes, re-escaped the way Python's ensure_ascii does. */
static void escaped_string(int32_t n) {
  int32_t i = start[n];
  int32_t e = end[n];
  const v128_t quote = wasm_i8x16_splat('"');
  const v128_t backslash = wasm_i8x16_splat('\\');
  const v128_t space = wasm_i8x16_splat(0x20);
  const v128_t del = wasm_i8x16_splat(0x7f);
  put('"');
  while (i < e) {
    if (i + 16 <= e) {
      // Printable ASCII but the quote and the backslash is written as it is, sixteen at a time;
      // the store may run past the run's end, which later writes overwrite.
      v128_t v = wasm_v128_load(in + i);
      v128_t other = wasm_v128_or(wasm_v128_or(wasm_i8x16_eq(v, quote), wasm_i8x16_eq(v, backslash)),
                                  wasm_v128_or(wasm_u8x16_lt(v, space), wasm_u8x16_ge(v, del)));
      uint32_t stop = wasm_i8x16_bitmask(other);
      wasm_v128_store(out + at, v);
      if (!stop) {
        i += 16;
        at += 16;
        continue;
      }
      uint32_t run = __builtin_ctz(stop);
      i += run;
      at += run;
    }
    uint8_t c = in[i];
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      put(c);
      i++;
      continue;
    }
    uint32_t u;
    if (c == '\\') {
      uint8_t x = in[i + 1];
      if (x == 'u') {
        u = hex4(i + 2);
        i += 6;
      } else {
        u = x == 'b' ? 8 : x == 'f' ? 12 : x == 'n' ? 10 : x == 'r' ? 13 : x == 't' ? 9 : x;
        i += 2;
      }
    } else if (c < 0x80) {
      u = c;
      i++;
    } else if (c < 0xe0) {
      // Valid UTF-8 (the caller checks it before parsing): one code point.
      u = ((uint32_t)(c & 0x1f) << 6) | (in[i + 1] & 0x3f);
      i += 2;
    } else if (c < 0xf0) {
      u = ((uint32_t)(c & 0x0f) << 12) | ((uint32_t)(in[i + 1] & 0x3f) << 6) | (in[i + 2] & 0x3f);
      i += 3;
    } else {
      uint32_t cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(in[i + 1] & 0x3f) << 12) | ((uint32_t)(in[i + 2] & 0x3f) << 6) | (in[i + 3] & 0x3f);
      i += 4;
      put_unit(0xd800 | ((cp - 0x10000) >> 10));
      u = 0xdc00 | ((cp - 0x10000) & 0x3ff);
    }
    put_unit(u);
  }
  put('"');
}

static inline void quoted(int32_t n) {
  put('"');
  copy_in(start[n], end[n]);
  put('"');
}

/**
 * Whether a float's source text already is Python's repr of its value (see isPyFloatRepr in
 * tape-canon.ts: a plain [-]I.F of at most 15 significant digits inside repr's fixed range).
 */
static int is_py_float_repr(int32_t s, int32_t e) {
  int32_t i = in[s] == '-' ? s + 1 : s;
  int32_t int_start = i;
  while (i < e && is_digit(in[i])) i++;
  int32_t int_length = i - int_start;
  if (int_length == 0 || i >= e || in[i] != '.') return 0;
  int32_t frac_start = ++i;
  while (i < e && is_digit(in[i])) i++;
  int32_t frac_length = e - frac_start;
  if (i != e || frac_length == 0) return 0;
  int zero_fraction = frac_length == 1 && in[frac_start] == '0';
  if (in[e - 1] == '0' && !zero_fraction) return 0;
  if (int_length > 1 || in[int_start] != '0') return int_length + (zero_fraction ? 0 : frac_length) <= 15;
  int32_t z = frac_start;
  while (z < e && in[z] == '0') z++;
  return z == e || (z - frac_start <= 3 && e - z <= 15);
}

/**
 * The same for repr's exponent form, d[.ddd]e±XX (Python uses it below 1e-4 and from 1e16): at
 * most 15 significant digits, no trailing zero, an exponent of two or three digits within the
 * normal range (subnormals have fewer digits, so there a shorter spelling may exist).
 */
static int is_py_float_exp_repr(int32_t s, int32_t e) {
  int32_t i = in[s] == '-' ? s + 1 : s;
  if (i >= e || in[i] < '1' || in[i] > '9') return 0;
  int32_t digits = 1;
  i++;
  if (i < e && in[i] == '.') {
    int32_t fraction = ++i;
    while (i < e && is_digit(in[i])) i++;
    if (i == fraction || in[i - 1] == '0') return 0;
    digits += i - fraction;
  }
  if (digits > 15 || i + 4 > e || in[i] != 'e') return 0;
  uint8_t sign = in[i + 1];
  if (sign != '+' && sign != '-') return 0;
  int32_t first = i + 2;
  int32_t places = e - first;
  if (places < 2 || places > 3 || (places == 3 && in[first] == '0')) return 0;
  int32_t power = 0;
  for (int32_t k = first; k < e; k++) {
    if (!is_digit(in[k])) return 0;
    power = power * 10 + (in[k] - '0');
  }
  return power <= 307 && (sign == '+' ? power >= 16 : power >= 5);
}

static const char SECURITY_KEY[] = "__zaxy_security";
#define SECURITY_LENGTH ((int32_t)sizeof(SECURITY_KEY) - 1)

/** Key order, where -1 stands for the __zaxy_security key written by Zaxy. */
static inline int32_t compare_entries(int32_t a, int32_t b) {
  if (a == -1) return -compare_key_name(b, SECURITY_KEY, SECURITY_LENGTH);
  if (b == -1) return compare_key_name(a, SECURITY_KEY, SECURITY_LENGTH);
  return compare_keys(a, b);
}

/**
 * An object, keys sorted by code point. With `zaxy`, keys spelling __zaxy_security are left out
 * and Zaxy's normalised one is written instead if `security` (Zaxy pops it from a v1 payload).
 */
static void write_object(int32_t n, int zaxy, int security, int32_t sensitivity, int32_t paths) {
  int32_t items = count[n];
  int32_t *list = keys + key_top;
  int32_t size = 0;
  int32_t c = n + 1;
  for (int32_t i = 0; i < items; i++) {
    if (!zaxy || !key_is(c, SECURITY_KEY, SECURITY_LENGTH)) list[size++] = c;
    c = next[c + 1];
  }
  if (security) list[size++] = -1;
  key_top += size;
  // Stable insertion sort (objects are small); equal keys end up together in parse order.
  int duplicate = 0;
  for (int32_t i = 1; i < size; i++) {
    int32_t key = list[i];
    int32_t j = i - 1;
    for (; j >= 0; j--) {
      int32_t r = compare_entries(list[j], key);
      if (r == 0) duplicate = 1;
      if (r <= 0) break;
      list[j + 1] = list[j];
    }
    list[j + 1] = key;
  }
  put('{');
  int first = 1;
  for (int32_t i = 0; i < size; i++) {
    int32_t k = list[i];
    // Of equal keys the last one wins, as in Python's json.
    if (duplicate && i + 1 < size && compare_entries(k, list[i + 1]) == 0) continue;
    if (!first) put(',');
    first = 0;
    if (k == -1) {
      PUT_LITERAL("\"__zaxy_security\":");
      write_security(sensitivity, paths);
      continue;
    }
    write_value(k);
    put(':');
    write_value(k + 1);
  }
  put('}');
  key_top -= size;
}

void write_payload(int32_t n, int security, int32_t sensitivity, int32_t paths) {
  write_object(n, 1, security, sensitivity, paths);
}

void write_value(int32_t n) {
  int32_t s = start[n];
  int32_t e = end[n];
  switch (kind[n]) {
    case K_NULL: put_text("null", 4); return;
    case K_TRUE: put_text("true", 4); return;
    case K_FALSE: put_text("false", 5); return;
    case K_SPECIAL: copy_in(s, e); return;
    case K_INT:
      if (e - s == 2 && in[s] == '-' && in[s + 1] == '0') put('0');
      else copy_in(s, e);
      return;
    case K_FLOAT:
      if (is_py_float_repr(s, e) || is_py_float_exp_repr(s, e)) copy_in(s, e);
      else if (!write_float_repr(s, e)) at = js_float_repr(s, e, at);
      return;
    case K_STR_ESCAPED:
      if (verbatim[n]) quoted(n);
      else escaped_string(n);
      return;
    case K_STR_PLAIN: quoted(n); return;
    case K_STR_UTF8: escaped_string(n); return;
    case K_ARRAY: {
      put('[');
      int32_t items = count[n];
      int32_t c = n + 1;
      for (int32_t i = 0; i < items; i++) {
        if (i > 0) put(',');
        write_value(c);
        c = next[c];
      }
      put(']');
      return;
    }
    case K_OBJECT: write_object(n, 0, 0, -1, -1); return;
  }
}

/** Writes node `n` of the last parse as pyCanon at out[offset]; returns the end of what it wrote. */
EXPORT("canon") int32_t canon(int32_t n, int32_t offset) {
  at = offset;
  key_top = 0;
  write_value(n);
  return at;
}
