// One call per line for the common case of the hot path: parse, find the Zaxy fields, check them
// exactly as sealLegacy/sealV1 in fast-zaxy.ts do, and write the record Zaxy hashes (and a v1
// id's seed). JS then hashes and compares. Anything unusual (an escaped field name, a previous
// hash only JS spells) or any check that fails returns 0 and the JS path decides on the same
// tape, so this never answers differently from JS, only sooner.
#include "scan.h"

static const char *const FIELD_NAMES[FIELDS] = {
    "seq", "timestamp", "type", "actor", "thread", "payload", "security", "prev_hash", "hash",
    "id", "parent_event_id", "caused_by", "envelope_version", "actorId", "threadId", "parentEventId",
    "causedBy", "integrity",
};
int32_t fields[FIELDS];
/** Field + 1 by key length and first byte: no two field names share both (0: none). */
static uint8_t field_by_shape[17][128];

double info[INFO];

EXPORT("fields") int32_t *fields_ptr(void) { return fields; }
EXPORT("seal_info") double *info_ptr(void) { return info; }

/**
 * Indexes the root object's keys into `fields` (the value node of each, -1 when absent; of
 * repeated keys the last wins, as in Python). 0 when a key is escaped: JS indexes those.
 */
EXPORT("index_fields") int32_t index_fields(void) {
  static int ready = 0;
  if (!ready) {
    for (int32_t f = 0; f < FIELDS; f++) {
      int32_t length = 0;
      while (FIELD_NAMES[f][length]) length++;
      field_by_shape[length][(uint8_t)FIELD_NAMES[f][0]] = (uint8_t)(f + 1);
    }
    ready = 1;
  }
  for (int32_t i = 0; i < FIELDS; i++) fields[i] = -1;
  int32_t items = count[0];
  int32_t k = 1;
  for (int32_t i = 0; i < items; i++) {
    if (kind[k] == K_STR_ESCAPED) return 0;
    int32_t s = start[k];
    int32_t length = end[k] - s;
    int32_t f = length > 0 && length <= 16 && in[s] < 128 ? field_by_shape[length][in[s]] - 1 : -1;
    if (f >= 0) {
      const char *name = FIELD_NAMES[f];
      int32_t j = 1;
      while (j < length && in[s + j] == (uint8_t)name[j]) j++;
      if (j == length) fields[f] = k + 1;
    }
    k = next[k + 1];
  }
  return 1;
}

static inline int is_str(int32_t n) {
  return n >= 0 && (kind[n] == K_STR_PLAIN || kind[n] == K_STR_UTF8 || kind[n] == K_STR_ESCAPED);
}

static inline int non_empty_str(int32_t n) { return is_str(n) && end[n] != start[n]; }

static inline int opt_str(int32_t n) { return n < 0 || kind[n] == K_NULL || is_str(n); }

static int str_array(int32_t n) {
  if (kind[n] != K_ARRAY) return 0;
  int32_t items = count[n];
  for (int32_t i = 0, c = n + 1; i < items; i++, c = next[c]) if (!is_str(c)) return 0;
  return 1;
}

/** The value node of `name` in object node `n` (the last one if repeated), or -1. */
static int32_t member(int32_t n, const char *name, int32_t length) {
  int32_t items = count[n];
  int32_t found = -1;
  int32_t k = n + 1;
  for (int32_t i = 0; i < items; i++) {
    if (key_is(k, name, length)) found = k + 1;
    k = next[k + 1];
  }
  return found;
}

#define MEMBER(n, name) member(n, name, (int32_t)sizeof(name) - 1)

/** The value of ASCII digits in[s, e) (at most 15 of them: exact as a double). */
static double decimal(int32_t s, int32_t e) {
  double v = 0;
  for (int32_t i = s; i < e; i++) v = v * 10 + (in[i] - '0');
  return v;
}

static int32_t sensitivity;
static int32_t paths;

/** An EventSecurity object's fields into `sensitivity` and `paths`; 0 when of unusual types. */
static int read_security(int32_t n) {
  if (kind[n] != K_OBJECT) return 0;
  sensitivity = MEMBER(n, "sensitivity");
  paths = MEMBER(n, "redacted_paths");
  return !((sensitivity >= 0 && !is_str(sensitivity)) || (paths >= 0 && !str_array(paths)));
}

/** The seq in a Zaxy v1 id (evt_zaxy_<12 digits>_<16 lower-case hex>), or -1 for another id. */
static double zaxy_id_seq(int32_t id) {
  int32_t s = start[id];
  if (kind[id] != K_STR_PLAIN || end[id] - s != 38 || !has_prefix(s, end[id], "evt_zaxy_", 9) || in[s + 21] != '_') return -1;
  for (int32_t i = s + 9; i < s + 21; i++) if (!is_digit(in[i])) return -1;
  for (int32_t i = s + 22; i < s + 38; i++) if (!is_digit(in[i]) && !(in[i] >= 'a' && in[i] <= 'f')) return -1;
  return decimal(s + 9, s + 21);
}

/** The value of `count` ASCII digits at in[at], or -1 if one is not a digit. */
static int32_t digits_at(int32_t at, int32_t count) {
  int32_t v = 0;
  for (int32_t i = at; i < at + count; i++) {
    if (!is_digit(in[i])) return -1;
    v = v * 10 + (in[i] - '0');
  }
  return v;
}

static inline int in_range(int32_t value, int32_t max) { return value >= 0 && value <= max; }

/**
 * isoTimestampFast in py-isoformat.ts: a quick yes for the shape Zaxy writes
 * (YYYY-MM-DDTHH:MM:SS[.fff|.ffffff] then Z or ±HH:MM, every field in range). 0 means "JS asks
 * zaxyTimestampOk", never "invalid".
 */
static int timestamp_fast(int32_t n) {
  if (n < 0 || kind[n] != K_STR_PLAIN) return 0;
  int32_t s = start[n];
  int32_t e = end[n];
  int32_t length = e - s;
  if (length < 20) return 0;
  int32_t year = digits_at(s, 4);
  int32_t month = digits_at(s + 5, 2);
  int32_t day = digits_at(s + 8, 2);
  if (year < 1 || month < 1 || month > 12 || day < 1 || in[s + 4] != '-' || in[s + 7] != '-' || in[s + 10] != 'T') return 0;
  static const int32_t DAYS_IN_MONTH[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  if (day > (month == 2 && leap ? 29 : DAYS_IN_MONTH[month])) return 0;
  if (!in_range(digits_at(s + 11, 2), 23) || !in_range(digits_at(s + 14, 2), 59) || !in_range(digits_at(s + 17, 2), 59)) return 0;
  if (in[s + 13] != ':' || in[s + 16] != ':') return 0;
  int32_t i = s + 19;
  if (in[i] == '.') {
    int32_t fraction = length == 24 || length == 29 ? 3 : length == 27 || length == 32 ? 6 : 0;
    if (fraction == 0 || digits_at(i + 1, fraction) < 0) return 0;
    i += 1 + fraction;
  }
  if (e - i == 1) return in[i] == 'Z';
  if (e - i != 6 || (in[i] != '+' && in[i] != '-') || in[i + 3] != ':') return 0;
  return in_range(digits_at(i + 1, 2), 23) && in_range(digits_at(i + 4, 2), 59);
}

/** Records what a seal found for JS; returns 1 (sealed). */
static int sealed(int32_t canon_end, int32_t seed_end, int32_t hash_start, int32_t hash, int32_t prev, double seq, double id_seq) {
  info[CANON_END] = canon_end;
  info[SEED_END] = seed_end;
  info[HASH_START] = hash_start;
  info[HASH_NODE] = hash;
  info[PREV_NODE] = prev;
  info[SEQ_VALUE] = seq;
  info[ID_SEQ] = id_seq;
  info[TIMESTAMP_OK] = timestamp_fast(fields[TIMESTAMP]);
  return 1;
}

static int seal_legacy(int32_t offset) {
  int32_t seq = fields[SEQ];
  if (seq < 0 || kind[seq] != K_INT || in[start[seq]] == '-' || end[seq] - start[seq] > 15) return 0;
  double seq_value = decimal(start[seq], end[seq]);
  if (seq_value == 0) return 0;
  if (!is_str(fields[TIMESTAMP]) || !non_empty_str(fields[TYPE]) || !non_empty_str(fields[ACTOR])) return 0;
  int32_t thread = fields[THREAD];
  int32_t payload = fields[PAYLOAD];
  int32_t prev = fields[PREV_HASH];
  int32_t hash = fields[HASH];
  int32_t version = fields[ENVELOPE_VERSION];
  int32_t security_node = fields[SECURITY];
  if (thread >= 0 && !is_str(thread)) return 0;
  if (payload >= 0 && kind[payload] != K_OBJECT) return 0;
  if (!opt_str(prev) || !opt_str(fields[ID]) || !opt_str(fields[PARENT_EVENT_ID])) return 0;
  if (fields[CAUSED_BY] >= 0 && !str_array(fields[CAUSED_BY])) return 0;
  if (version >= 0 && (kind[version] != K_STR_PLAIN || key_is(version, "eventloom.v1", 12))) return 0;
  if (hash < 0 || kind[hash] != K_STR_PLAIN || end[hash] - start[hash] != 64) return 0;
  int security = security_node >= 0 && kind[security_node] != K_NULL;
  if (security && !read_security(security_node)) return 0;
  int32_t canon_end = write_legacy(offset, fields[ACTOR], payload, prev, security, sensitivity, paths, seq, thread, fields[TIMESTAMP], fields[TYPE]);
  return sealed(canon_end, canon_end, start[hash], hash, prev, seq_value, -1);
}

static int seal_v1(double position, int32_t offset) {
  int32_t integrity = fields[INTEGRITY];
  int32_t payload = fields[PAYLOAD];
  int32_t id = fields[ID];
  int32_t timestamp = fields[TIMESTAMP];
  int32_t type = fields[TYPE];
  int32_t actor = fields[ACTOR_ID];
  int32_t parent = fields[PARENT_EVENT_ID_V1];
  int32_t caused_by = fields[CAUSED_BY_V1];
  if (kind[integrity] != K_OBJECT || kind[payload] != K_OBJECT) return 0;
  if (kind[id] != K_STR_PLAIN || start[id] == end[id]) return 0;
  if (!is_str(timestamp) || !non_empty_str(type) || !non_empty_str(actor) || !is_str(fields[THREAD_ID])) return 0;
  if (parent >= 0 && !opt_str(parent)) return 0;
  if (caused_by >= 0 && kind[caused_by] != K_NULL && !str_array(caused_by)) return 0;
  int32_t hash = MEMBER(integrity, "hash");
  int32_t prev = MEMBER(integrity, "previousHash");
  // The written hash, less a "sha256:" prefix, must be 64 plain characters.
  if (hash < 0 || kind[hash] != K_STR_PLAIN || !opt_str(prev)) return 0;
  int32_t hash_start = start[hash] + (has_prefix(start[hash], end[hash], "sha256:", 7) ? 7 : 0);
  if (end[hash] - hash_start != 64) return 0;
  // Zaxy pops __zaxy_security from the payload and re-adds it normalised, or drops it if not a dict.
  int32_t security_node = MEMBER(payload, "__zaxy_security");
  int security = security_node >= 0 && kind[security_node] == K_OBJECT;
  if (security && !read_security(security_node)) return 0;
  double id_seq = zaxy_id_seq(id);
  double seq = id_seq > 0 ? id_seq : position;
  int32_t canon_end = write_v1(offset, actor, caused_by, id, parent, payload, security, sensitivity, paths, fields[THREAD_ID], timestamp, type, prev);
  if (canon_end < 0) return 0;
  int32_t seed_end = id_seq < 0 ? canon_end : write_seed(canon_end, actor, seq, timestamp, type);
  return sealed(canon_end, seed_end, hash_start, hash, prev, seq, id_seq);
}

/**
 * Parses in[0, length) (a line trimmed to its braces) and seals it: 1 legacy, 2 v1 (records in
 * `out`, the rest in `info`); 0 when JS must decide (on the tape parsed here); -1 when the tape
 * bails (the full reader takes the line).
 */
EXPORT("seal") int32_t seal(int32_t length, double position) {
  if (parse(length) < 0) return -1;
  return seal_parsed(position, 0);
}

int32_t seal_parsed(double position, int32_t offset) {
  if (kind[0] != K_OBJECT || !index_fields()) return 0;
  // Zaxy's `_is_eventloom_v1_record`: all seven v1 keys are present.
  int v1 = fields[ID] >= 0 && fields[TYPE] >= 0 && fields[ACTOR_ID] >= 0 && fields[THREAD_ID] >= 0 && fields[TIMESTAMP] >= 0 &&
           fields[PAYLOAD] >= 0 && fields[INTEGRITY] >= 0;
  if (v1) return seal_v1(position, offset) ? 2 : 0;
  return seal_legacy(offset) ? 1 : 0;
}
