/* text.c - word splitting and normalization. The ASCII paths are table
 * driven because nearly every byte of a typical essay is ASCII; the rest
 * asks utf8proc for the general category. */
#include "text.h"
#include "../util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <utf8proc.h>

enum { C_OTHER = 0, C_WORD = 1, C_LN = 2, C_JOIN = 4 };

/* Class of each ASCII byte: letters and digits are word characters with a
 * letter/number, '_' a word character without, ' and - joiners. Bytes of
 * multi-byte characters (0x80-0xFF) are 0 here and go through the decoder;
 * so does NUL, which stops the unbounded scans below at a terminator. */
static const unsigned char ascii_class[256] = {
    ['0'] = 3, ['1'] = 3, ['2'] = 3,      ['3'] = 3,       ['4'] = 3,
    ['5'] = 3, ['6'] = 3, ['7'] = 3,      ['8'] = 3,       ['9'] = 3,
    ['A'] = 3, ['B'] = 3, ['C'] = 3,      ['D'] = 3,       ['E'] = 3,
    ['F'] = 3, ['G'] = 3, ['H'] = 3,      ['I'] = 3,       ['J'] = 3,
    ['K'] = 3, ['L'] = 3, ['M'] = 3,      ['N'] = 3,       ['O'] = 3,
    ['P'] = 3, ['Q'] = 3, ['R'] = 3,      ['S'] = 3,       ['T'] = 3,
    ['U'] = 3, ['V'] = 3, ['W'] = 3,      ['X'] = 3,       ['Y'] = 3,
    ['Z'] = 3, ['a'] = 3, ['b'] = 3,      ['c'] = 3,       ['d'] = 3,
    ['e'] = 3, ['f'] = 3, ['g'] = 3,      ['h'] = 3,       ['i'] = 3,
    ['j'] = 3, ['k'] = 3, ['l'] = 3,      ['m'] = 3,       ['n'] = 3,
    ['o'] = 3, ['p'] = 3, ['q'] = 3,      ['r'] = 3,       ['s'] = 3,
    ['t'] = 3, ['u'] = 3, ['v'] = 3,      ['w'] = 3,       ['x'] = 3,
    ['y'] = 3, ['z'] = 3, ['_'] = C_WORD, ['\''] = C_JOIN, ['-'] = C_JOIN,
};

static unsigned class_of(int32_t cp) {
  if (cp < 0x80)
    return ascii_class[cp];
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return C_WORD | C_LN;
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    return C_WORD;
  default:
    return (cp == 0x2019 || cp == 0x02BC || cp == 0x2010 || cp == 0x2011)
               ? C_JOIN
               : C_OTHER;
  }
}

/* Class of the character at s[i], and its length. */
static inline unsigned char_at(const unsigned char *s, size_t n, size_t i,
                               size_t *len) {
  if (s[i] < 0x80) {
    *len = 1;
    return ascii_class[s[i]];
  }
  int32_t cp;
  *len = es_utf8_decode(s + i, n - i, &cp);
  return class_of(cp);
}

/* With `nul` set, s[n] must be 0: the ASCII loops then need no bounds
 * check (the 0 byte is not a word character and ends them). */
static inline bool next_word(const char *text, size_t n, bool nul, size_t *pos,
                             size_t *start, size_t *len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = *pos, cl;
  unsigned c;
  for (;;) {
    /* Skip to the next word character; ASCII separators one byte at a
     * time, anything else through the decoder. */
    for (;;) {
      if (i >= n) {
        *pos = n;
        return false;
      }
      if (s[i] < 0x80) {
        c = ascii_class[s[i]];
        cl = 1;
      } else {
        c = char_at(s, n, i, &cl);
      }
      if (c & C_WORD)
        break;
      i += cl;
    }
    size_t b = i;
    unsigned seen = 0;
    for (;;) {
      /* Here s[i] is a word character of length cl and class c. */
      seen |= c;
      i += cl;
      /* The common case: a run of ASCII word characters. */
      if (nul)
        while (ascii_class[s[i]] & C_WORD)
          seen |= ascii_class[s[i++]];
      else
        while (i < n && (ascii_class[s[i]] & C_WORD))
          seen |= ascii_class[s[i++]];
      if (i >= n)
        break;
      c = char_at(s, n, i, &cl);
      if (c & C_WORD)
        continue;
      if (!(c & C_JOIN) || i + cl >= n)
        break;
      size_t cl2;
      unsigned c2 = char_at(s, n, i + cl, &cl2);
      if (!(c2 & C_WORD))
        break;
      i += cl;
      c = c2;
      cl = cl2;
    }
    if (seen & C_LN) {
      *start = b;
      *len = i - b;
      *pos = i;
      return true;
    }
  }
}

bool es_text_next_word(const char *s, size_t n, size_t *pos, size_t *start,
                       size_t *len) {
  return next_word(s, n, false, pos, start, len);
}

size_t es_text_count_words(const char *s, size_t n) {
  size_t pos = 0, start, len, count = 0;
  while (es_text_next_word(s, n, &pos, &start, &len))
    count++;
  return count;
}

void es_text_normalize(const char *s, size_t n, es_buf *out) {
  es_buf_clear(out);
  bool ascii = true;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] >= 0x80) {
      ascii = false;
      break;
    }
  if (ascii) {
    /* NFKC and case folding of ASCII is lower-casing. */
    es_buf_reserve(out, n);
    for (size_t i = 0; i < n; i++) {
      char c = s[i];
      out->data[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    out->len = n;
    out->data[n] = 0;
    return;
  }
  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t m =
      utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                       UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  if (m < 0) {
    /* Only possible for invalid UTF-8, which the reader has repaired. */
    free(mapped);
    return;
  }
  /* Map the apostrophe and hyphen variants to their ASCII forms. */
  const unsigned char *u = mapped;
  size_t i = 0;
  es_buf_reserve(out, (size_t)m);
  while (i < (size_t)m) {
    if (u[i] == 0xE2 && i + 2 < (size_t)m && u[i + 1] == 0x80 &&
        (u[i + 2] == 0x99 || u[i + 2] == 0x90 || u[i + 2] == 0x91)) {
      es_buf_putc(out, u[i + 2] == 0x99 ? '\'' : '-');
      i += 3;
    } else if (u[i] == 0xCA && i + 1 < (size_t)m && u[i + 1] == 0xBC) {
      es_buf_putc(out, '\'');
      i += 2;
    } else {
      es_buf_putc(out, (char)u[i]);
      i++;
    }
  }
  free(mapped);
}

void es_text_collapse(const char *text, size_t n, es_buf *out) {
  const unsigned char *s = (const unsigned char *)text;
  es_buf_clear(out);
  es_buf_reserve(out, n);
  /* The result is never longer than the input: write in place. */
  char *o = out->data;
  size_t k = 0, i = 0;
  bool pending = false;
  while (i < n) {
    int32_t cp;
    size_t len;
    if (s[i] < 0x80) {
      cp = s[i];
      len = 1;
    } else {
      len = es_utf8_decode(s + i, n - i, &cp);
    }
    if (es_utf8_is_space(cp)) {
      pending = k > 0;
    } else {
      if (pending)
        o[k++] = ' ';
      pending = false;
      memcpy(o + k, s + i, len);
      k += len;
    }
    i += len;
  }
  o[k] = 0;
  out->len = k;
}

size_t es_text_strip_trailing(const char *s, size_t n) {
  for (;;) {
    if (n == 0)
      return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == ':' || c == ';' || c == ',' || c == '.' || c == '!' || c == '?' ||
        c == ' ' || (c >= 0x09 && c <= 0x0D)) {
      n--;
      continue;
    }
    if (c < 0x80)
      return n;
    /* A multi-byte character: find its start and test for white space. */
    size_t b = n - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
      b--;
    int32_t cp;
    es_utf8_decode((const unsigned char *)s + b, n - b, &cp);
    if (!es_utf8_is_space(cp))
      return n;
    n = b;
  }
}

/* ---- es_vocab ---------------------------------------------------------- */

es_vocab *es_vocab_new(void) {
  es_vocab *v = es__xcalloc(1, sizeof *v);
  v->dict = es_dict_new();
  pthread_mutex_init(&v->lock, NULL);
  return v;
}

void es_vocab_free(es_vocab *v) {
  if (!v)
    return;
  es_dict_free(v->dict);
  pthread_mutex_destroy(&v->lock);
  free(v);
}

uint32_t es_vocab_intern(es_vocab *v, const char *s, size_t n,
                         const char **str) {
  pthread_mutex_lock(&v->lock);
  uint32_t id = es_dict_intern(v->dict, s, n, NULL);
  if (str)
    *str = es_dict_str(v->dict, id, NULL);
  pthread_mutex_unlock(&v->lock);
  return id;
}

/* ---- es_lexer ---------------------------------------------------------- */

enum { COUNTS_FIRST = 1024 }; /* slots of a document's count table */

/* Past this many distinct written forms the cache starts over, so that a
 * hostile corpus of unique words cannot grow it without bound. */
enum { WORD_CACHE_MAX = 1 << 22, WORD_CACHE_FIRST = 1 << 12 };

/* A zeroed slot table. Big tables ask for transparent huge pages: lookups
 * land anywhere in the table, and with 4 KiB pages nearly every one would
 * also miss the TLB. */
static es_word_slot *new_slots(size_t n) {
  size_t bytes = n * sizeof(es_word_slot);
  if (bytes < (2u << 20))
    return es__xcalloc(n, sizeof(es_word_slot));
  void *p = NULL;
  if (posix_memalign(&p, 2u << 20, bytes) != 0)
    return es__xcalloc(n, sizeof(es_word_slot));
#ifdef MADV_HUGEPAGE
  madvise(p, bytes, MADV_HUGEPAGE);
#endif
  memset(p, 0, bytes);
  return p;
}

static void cache_reset(es_lexer *lx, size_t slots) {
  free(lx->slots);
  es_arena_free(&lx->long_words);
  lx->slots = new_slots(slots);
  lx->mask = slots - 1;
  lx->used = 0;
}

void es_lexer_init(es_lexer *lx, es_vocab *vocab) {
  memset(lx, 0, sizeof *lx);
  lx->vocab = vocab;
  lx->counts = es__xcalloc(COUNTS_FIRST, sizeof *lx->counts);
  lx->counts_mask = COUNTS_FIRST - 1;
  cache_reset(lx, WORD_CACHE_FIRST);
}

void es_lexer_release(es_lexer *lx) {
  free(lx->slots);
  es_arena_free(&lx->long_words);
  free(lx->counts);
  free(lx->touched);
  es_buf_free(&lx->norm);
  memset(lx, 0, sizeof *lx);
}

static inline uint64_t slot_hash(uint64_t k0, uint64_t k1, uint32_t len) {
  uint64_t h =
      (k0 ^ (k1 * 0x9e3779b97f4a7c15ull) ^ len) * 0xd6e8feb86659fd93ull;
  return h ^ (h >> 32);
}

/* The slot key of a word; `avail` bytes are readable from w. */
static inline void slot_key(const char *w, size_t n, size_t avail, uint64_t *k0,
                            uint64_t *k1) {
  if (n <= 16 && avail >= 16) {
    /* Two unaligned loads, masked to the word's bytes (little-endian). */
    uint64_t a, b;
    memcpy(&a, w, 8);
    memcpy(&b, w + 8, 8);
    *k0 = n >= 8 ? a : a & ((1ull << (8 * n)) - 1);
    *k1 = n <= 8 ? 0 : n == 16 ? b : b & ((1ull << (8 * (n - 8))) - 1);
  } else if (n <= 16) {
    unsigned char b[16] = {0};
    memcpy(b, w, n);
    memcpy(k0, b, 8);
    memcpy(k1, b + 8, 8);
  } else {
    *k0 = 0;
    *k1 = es_hash(w, n);
  }
}

static inline bool slot_match(const es_word_slot *sl, const char *w, size_t n,
                              uint64_t k0, uint64_t k1) {
  if (sl->len != n)
    return false;
  if (n <= 16)
    return sl->k0 == k0 && sl->k1 == k1;
  return sl->k1 == k1 && memcmp((const char *)(uintptr_t)sl->k0, w, n) == 0;
}

static void cache_grow(es_lexer *lx) {
  size_t cap = (lx->mask + 1) * 2;
  es_word_slot *old = lx->slots;
  size_t oldn = lx->mask + 1;
  lx->slots = new_slots(cap);
  lx->mask = cap - 1;
  for (size_t i = 0; i < oldn; i++) {
    if (!old[i].len)
      continue;
    size_t j = slot_hash(old[i].k0, old[i].k1, old[i].len) & lx->mask;
    while (lx->slots[j].len)
      j = (j + 1) & lx->mask;
    lx->slots[j] = old[i];
  }
  free(old);
}

/* Look a word up from its precomputed key and first slot. */
static uint32_t lookup(es_lexer *lx, const char *w, size_t n, uint64_t k0,
                       uint64_t k1, size_t i) {
  for (;;) {
    es_word_slot *sl = &lx->slots[i];
    if (!sl->len)
      break;
    if (slot_match(sl, w, n, k0, k1))
      return sl->term;
    i = (i + 1) & lx->mask;
  }
  /* First time this thread meets this spelling: normalize it. */
  uint32_t id = UINT32_MAX;
  es_text_normalize(w, n, &lx->norm);
  if (lx->norm.len)
    id = es_vocab_intern(lx->vocab, lx->norm.data, lx->norm.len, NULL);
  if (lx->used >= WORD_CACHE_MAX) {
    cache_reset(lx, WORD_CACHE_FIRST);
    i = slot_hash(k0, k1, (uint32_t)n) & lx->mask;
  }
  if (n > 16)
    k0 = (uint64_t)(uintptr_t)es_arena_strndup(&lx->long_words, w, n);
  es_word_slot *sl = &lx->slots[i];
  sl->k0 = k0;
  sl->k1 = k1;
  sl->len = (uint32_t)n;
  sl->term = id;
  if (++lx->used * 2 > lx->mask)
    cache_grow(lx);
  return id;
}

uint32_t es_lexer_term(es_lexer *lx, const char *w, size_t n) {
  uint64_t k0, k1;
  slot_key(w, n, n, &k0, &k1);
  return lookup(lx, w, n, k0, k1, slot_hash(k0, k1, (uint32_t)n) & lx->mask);
}

/* Most lookups miss the CPU caches (the table holds every spelling met), so
 * words are looked up in batches: first find a batch of words and prefetch
 * their slots, then resolve them while the loads are in flight. */
enum { BATCH = 32 };

/* ASCII bytes that separate words outright (not NUL, not a word
 * character, not a byte of a multi-byte character). */
static const unsigned char skip_tab[256] = {
#define S1(b)                                                                  \
  [b] = !(b >= '0' && b <= '9') && !(b >= 'A' && b <= 'Z') &&                  \
        !(b >= 'a' && b <= 'z') && b != '_'
#define S4(b) S1(b), S1(b + 1), S1(b + 2), S1(b + 3)
#define S16(b) S4(b), S4(b + 4), S4(b + 8), S4(b + 12)
    S1(1),   S1(2),   S1(3),   S4(4),   S4(8),   S4(12),  S16(16),
    S16(32), S16(48), S16(64), S16(80), S16(96), S4(112), S4(116),
    S4(120), S1(124), S1(125), S1(126), S1(127),
#undef S16
#undef S4
#undef S1
};

/* The next word of a NUL-terminated text: the all-ASCII case inline, any
 * other through next_word (restarted at the word's first byte, which gives
 * the same word). */
static inline bool next_word_fast(const char *text, size_t n, size_t *pos,
                                  size_t *start, size_t *len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = *pos;
  for (;;) {
    while (skip_tab[s[i]])
      i++;
    if (s[i] >= 0x80 || i >= n) {
      *pos = i;
      return next_word(text, n, true, pos, start, len);
    }
    size_t b = i;
    unsigned seen = 0;
    for (;;) {
      while (ascii_class[s[i]] & C_WORD)
        seen |= ascii_class[s[i++]];
      unsigned char c = s[i];
      if ((c == '\'' || c == '-') && (ascii_class[s[i + 1]] & C_WORD)) {
        i++;
        continue;
      }
      if (c >= 0x80 || ((c == '\'' || c == '-') && s[i + 1] >= 0x80)) {
        *pos = b;
        return next_word(text, n, true, pos, start, len);
      }
      break;
    }
    if (seen & C_LN) {
      *start = b;
      *len = i - b;
      *pos = i;
      return true;
    }
  }
}

size_t es_lexer_count_text(es_lexer *lx, const char *s, size_t n,
                           size_t *last_start) {
  size_t pos = 0, words = 0;
  size_t start[BATCH], len[BATCH], slot[BATCH];
  uint64_t k0[BATCH], k1[BATCH];
  *last_start = SIZE_MAX;
  for (;;) {
    size_t m = 0;
    while (m < BATCH && next_word_fast(s, n, &pos, &start[m], &len[m])) {
      slot_key(s + start[m], len[m], n - start[m], &k0[m], &k1[m]);
      slot[m] = slot_hash(k0[m], k1[m], (uint32_t)len[m]) & lx->mask;
      __builtin_prefetch(&lx->slots[slot[m]]);
      m++;
    }
    size_t mask = lx->mask;
    for (size_t k = 0; k < m; k++) {
      /* A miss may have resized the table: the slot moves with the mask. */
      size_t i = lx->mask == mask
                     ? slot[k]
                     : slot_hash(k0[k], k1[k], (uint32_t)len[k]) & lx->mask;
      const es_word_slot *sl = &lx->slots[i];
      uint32_t id;
      if (sl->len == len[k] && len[k] <= 16 && sl->k0 == k0[k] &&
          sl->k1 == k1[k])
        id = sl->term; /* the usual case: a short word, first slot */
      else
        id = lookup(lx, s + start[k], len[k], k0[k], k1[k], i);
      if (id == UINT32_MAX)
        continue;
      es_lexer_count(lx, id);
    }
    words += m;
    if (m)
      *last_start = start[m - 1];
    if (m < BATCH)
      return words;
  }
}

static inline size_t count_slot(const es_lexer *lx, uint32_t id) {
  size_t i = (id * 2654435761u) & lx->counts_mask;
  while (lx->counts[i].count && lx->counts[i].id != id)
    i = (i + 1) & lx->counts_mask;
  return i;
}

static void counts_grow(es_lexer *lx) {
  es_term_count *old = lx->counts;
  size_t oldn = lx->counts_mask + 1;
  lx->counts_mask = oldn * 2 - 1;
  lx->counts = es__xcalloc(oldn * 2, sizeof *lx->counts);
  for (size_t i = 0; i < oldn; i++)
    if (old[i].count)
      lx->counts[count_slot(lx, old[i].id)] = old[i];
  free(old);
}

void es_lexer_count(es_lexer *lx, uint32_t id) {
  es_term_count *c = &lx->counts[count_slot(lx, id)];
  if (c->count++)
    return;
  c->id = id;
  ES_GROW(lx->touched, lx->touched_cap, lx->ntouched + 1);
  lx->touched[lx->ntouched++] = id;
  if (lx->ntouched * 2 > lx->counts_mask)
    counts_grow(lx);
}

size_t es_lexer_take(es_lexer *lx, es_arena *arena, es_term_count **out) {
  size_t n = lx->ntouched;
  es_term_count *tc = es_arena_alloc(arena, (n ? n : 1) * sizeof *tc);
  /* Find every slot before freeing any: freeing one could cut the probe
   * chain that leads to another. `touched` keeps the slots meanwhile. */
  for (size_t i = 0; i < n; i++) {
    size_t slot = count_slot(lx, lx->touched[i]);
    tc[i] = lx->counts[slot];
    lx->touched[i] = (uint32_t)slot;
  }
  for (size_t i = 0; i < n; i++)
    lx->counts[lx->touched[i]].count = 0;
  lx->ntouched = 0;
  if (lx->counts_mask + 1 > 64 * COUNTS_FIRST) {
    /* A huge document grew the table: shrink it back for the next one. */
    free(lx->counts);
    lx->counts = es__xcalloc(COUNTS_FIRST, sizeof *lx->counts);
    lx->counts_mask = COUNTS_FIRST - 1;
  }
  *out = tc;
  return n;
}
