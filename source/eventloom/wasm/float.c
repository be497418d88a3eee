// Python's repr of a float, written from its source text without reading it as a double, where
// that can be decided exactly; else JS writes it (asking JS for every float cost ~6 % of a
// verify). repr's digits are the shortest that read back as the same double, the nearest to it
// of that length. Up to 15 significant digits a decimal is always that for the double it reads
// as, so its digits (trailing zeros dropped) are repr's: pydantic's 0.00001 or 10.002600 too.
// Floats from arithmetic have 16 or 17 digits; those digits are repr's when (1) the text reads
// as double x, (2) no decimal one digit shorter reads as x, and (3) no other of its length is
// nearer to x (on a tie, the even one wins). Each is a comparison of integers scaled by powers of
// 10 and 2, made exactly in a small bignum. Anything on a boundary (a power-of-two double, a text
// half-way between two doubles), out of range or too long is left to JS: this can only be
// sooner, never different.
#include "scan.h"

/** 320 bits: the comparisons below, within the range of decpt allowed (±40), need under 256. */
#define LIMBS 10

typedef struct {
  uint32_t limb[LIMBS];
  int32_t size;
} Big;

static void big_set(Big *b, uint64_t v) {
  b->limb[0] = (uint32_t)v;
  b->limb[1] = (uint32_t)(v >> 32);
  b->size = b->limb[1] ? 2 : b->limb[0] ? 1 : 0;
}

/** b *= m; 0 on overflow. */
static int big_mul_small(Big *b, uint32_t m) {
  uint64_t carry = 0;
  for (int32_t i = 0; i < b->size; i++) {
    uint64_t p = (uint64_t)b->limb[i] * m + carry;
    b->limb[i] = (uint32_t)p;
    carry = p >> 32;
  }
  if (carry) {
    if (b->size == LIMBS) return 0;
    b->limb[b->size++] = (uint32_t)carry;
  }
  return 1;
}

/** b *= 10^p; 0 on overflow. */
static int big_mul_pow10(Big *b, int32_t p) {
  for (; p >= 9; p -= 9) if (!big_mul_small(b, 1000000000u)) return 0;
  static const uint32_t SMALL[9] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
  return big_mul_small(b, SMALL[p]);
}

/** b <<= bits; 0 on overflow. */
static int big_shl(Big *b, int32_t bits) {
  if (b->size == 0) return 1;
  int32_t words = bits >> 5;
  int32_t shift = bits & 31;
  int32_t size = b->size + words + 1;
  if (size > LIMBS) {
    // Fits only if the top limb does not spill.
    if (size - 1 > LIMBS || (shift && (b->limb[b->size - 1] >> (32 - shift)))) return 0;
    size = LIMBS;
  }
  for (int32_t i = size - 1; i >= 0; i--) {
    int32_t from = i - words;
    uint32_t high = from >= 0 && from < b->size ? b->limb[from] << shift : 0;
    uint32_t low = shift && from - 1 >= 0 && from - 1 < b->size ? b->limb[from - 1] >> (32 - shift) : 0;
    b->limb[i] = high | low;
  }
  while (size > 0 && b->limb[size - 1] == 0) size--;
  b->size = size;
  return 1;
}

static int32_t big_cmp(const Big *a, const Big *b) {
  if (a->size != b->size) return a->size < b->size ? -1 : 1;
  for (int32_t i = a->size - 1; i >= 0; i--) {
    if (a->limb[i] != b->limb[i]) return a->limb[i] < b->limb[i] ? -1 : 1;
  }
  return 0;
}

#define UNKNOWN 2

/** The sign of A·10^a − B·2^b, or UNKNOWN when the numbers do not fit. */
static int32_t compare(uint64_t A, int32_t a, uint64_t B, int32_t b) {
  Big x, y;
  big_set(&x, A);
  big_set(&y, B);
  if (!big_mul_pow10(&x, a > 0 ? a : 0) || !big_shl(&x, b < 0 ? -b : 0)) return UNKNOWN;
  if (!big_shl(&y, b > 0 ? b : 0) || !big_mul_pow10(&y, a < 0 ? -a : 0)) return UNKNOWN;
  return big_cmp(&x, &y);
}

static const double POW10[23] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

/**
 * Whether the double that d·10^e10 reads as (d of n digits, no trailing zero) has d for its repr
 * digits: (1)-(3) in the comment at the top.
 */
static int shortest_nearest(uint64_t d, int32_t n, int32_t e10) {
  // A first guess within a few ulps; the exact comparisons below pick the double.
  double guess = (double)d;
  for (int32_t p = e10; p != 0;) {
    int32_t step = p > 22 ? 22 : p < -22 ? -22 : p;
    guess = step > 0 ? guess * POW10[step] : guess / POW10[-step];
    p -= step;
  }
  uint64_t bits = __builtin_bit_cast(uint64_t, guess);
  for (int32_t tries = 0;; tries++) {
    if (tries == 8) return 0;
    int32_t biased = (int32_t)(bits >> 52);
    uint64_t fraction = bits & ((1ull << 52) - 1);
    // Subnormals, infinities, and powers of two (whose gap below is half the gap above).
    if (biased <= 1 || biased >= 2046 || fraction == 0) return 0;
    uint64_t m = fraction | (1ull << 52);
    int32_t e2 = biased - 1075;
    // x = m·2^e2 reads back from the texts strictly between (2m−1)·2^(e2−1) and (2m+1)·2^(e2−1).
    int32_t below = compare(d, e10, 2 * m - 1, e2 - 1);
    int32_t above = compare(d, e10, 2 * m + 1, e2 - 1);
    if (below == UNKNOWN || above == UNKNOWN || below == 0 || above == 0) return 0;
    if (below < 0) {
      bits--;
      continue;
    }
    if (above > 0) {
      bits++;
      continue;
    }
    if (n > 1) {
      // The (n−1)-digit decimals either side of the text both read as other doubles.
      uint64_t lower = d / 10;
      if (compare(lower, e10 + 1, 2 * m - 1, e2 - 1) != -1) return 0;
      if (compare(lower + 1, e10 + 1, 2 * m + 1, e2 - 1) != 1) return 0;
    }
    // |text − x| < half a unit of its last digit: (2d−1)·10^e10 < 2x < (2d+1)·10^e10. On a tie
    // repr (like JS) takes the even last digit.
    int32_t low = compare(2 * d - 1, e10, m, e2 + 1);
    int32_t high = compare(2 * d + 1, e10, m, e2 + 1);
    int even = (d & 1) == 0;
    return (low == -1 || (low == 0 && even)) && (high == 1 || (high == 0 && even));
  }
}

/** Writes repr's layout of digits[0, n) with the point at decpt (0.d1d2… × 10^decpt); its length. */
static int32_t repr_layout(uint8_t *text, int negative, const uint8_t *digits, int32_t n, int32_t decpt) {
  int32_t k = 0;
  if (negative) text[k++] = '-';
  if (decpt <= -4 || decpt > 16) {
    text[k++] = digits[0];
    if (n > 1) {
      text[k++] = '.';
      for (int32_t i = 1; i < n; i++) text[k++] = digits[i];
    }
    int32_t power = decpt - 1;
    text[k++] = 'e';
    text[k++] = power < 0 ? '-' : '+';
    if (power < 0) power = -power;
    if (power >= 100) text[k++] = (uint8_t)('0' + power / 100);
    text[k++] = (uint8_t)('0' + power / 10 % 10);
    text[k++] = (uint8_t)('0' + power % 10);
  } else if (decpt <= 0) {
    text[k++] = '0';
    text[k++] = '.';
    for (int32_t i = 0; i < -decpt; i++) text[k++] = '0';
    for (int32_t i = 0; i < n; i++) text[k++] = digits[i];
  } else if (decpt >= n) {
    for (int32_t i = 0; i < n; i++) text[k++] = digits[i];
    for (int32_t i = n; i < decpt; i++) text[k++] = '0';
    text[k++] = '.';
    text[k++] = '0';
  } else {
    for (int32_t i = 0; i < decpt; i++) text[k++] = digits[i];
    text[k++] = '.';
    for (int32_t i = decpt; i < n; i++) text[k++] = digits[i];
  }
  return k;
}

int32_t write_float_repr(int32_t s, int32_t e) {
  if (e - s > 64) return 0;
  int32_t i = s;
  int negative = in[i] == '-';
  if (negative) i++;
  uint8_t digits[64];
  int32_t n = 0;
  int32_t decpt = 0;
  int32_t seen_point = 0;
  for (; i < e && (is_digit(in[i]) || (in[i] == '.' && !seen_point)); i++) {
    if (in[i] == '.') {
      seen_point = 1;
      continue;
    }
    if (n == 0 && in[i] == '0') {
      if (seen_point) decpt--;
      continue;
    }
    digits[n++] = in[i];
    if (!seen_point) decpt++;
  }
  if (i < e) {
    if (in[i] != 'e' && in[i] != 'E') return 0;
    i++;
    int exp_negative = i < e && in[i] == '-';
    if (i < e && (in[i] == '-' || in[i] == '+')) i++;
    if (i == e || e - i > 4) return 0;
    int32_t power = 0;
    for (; i < e; i++) {
      if (!is_digit(in[i])) return 0;
      power = power * 10 + (in[i] - '0');
    }
    decpt += exp_negative ? -power : power;
  }
  while (n > 0 && digits[n - 1] == '0') n--;
  if (n == 0) {
    // Zero keeps its sign in Python.
    if (negative) put('-');
    PUT_LITERAL("0.0");
    return 1;
  }
  // Up to 15 digits, a decimal is the repr of the double it reads as (no two such decimals read
  // as the same double), as long as that double is normal; 16 or 17 need the exact checks.
  if (n > 17 || decpt < -40 || decpt > 40) return 0;
  uint64_t d = 0;
  for (int32_t k = 0; k < n; k++) d = d * 10 + (uint64_t)(digits[k] - '0');
  if (n > 15 && !shortest_nearest(d, n, decpt - n)) return 0;
  at += repr_layout(out + at, negative, digits, n, decpt);
  return 1;
}
