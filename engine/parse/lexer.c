/* lexer.c - words to term ids: the shared vocabulary, each thread's cache
 * of written forms, and the current document's term counts. */
#include "lexer.h"
#include "scan.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* ---- es_vocab ---------------------------------------------------------- */

es_vocab *es_vocab_new(void) {
  es_vocab *v = es__xcalloc(1, sizeof *v);
  v->strings = es_intern_new();
  pthread_mutex_init(&v->lock, NULL);
  return v;
}

void es_vocab_free(es_vocab *v) {
  if (!v)
    return;
  es_intern_free(v->strings);
  pthread_mutex_destroy(&v->lock);
  free(v);
}

uint32_t es_vocab_intern(es_vocab *v, const char *s, size_t n,
                         const char **str) {
  pthread_mutex_lock(&v->lock);
  uint32_t id = es_intern_add(v->strings, s, n, NULL);
  if (str)
    *str = es_intern_str(v->strings, id, NULL);
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
  free(lx->taken);
  free(lx->seq);
  free(lx->seq_bytes);
  free(lx->blocks);
  es_buf_free(&lx->norm);
  es_segmenter_release(&lx->seg);
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
  es_words_normalize(w, n, &lx->norm);
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

/* Inline in the lexer's loop: a call per word was 2% of a parse. */
static inline void count_term(es_lexer *lx, uint32_t id) {
  es_term_count *c = &lx->counts[count_slot(lx, id)];
  if (c->count++)
    return;
  c->id = id;
  if (lx->ntouched + 1 > lx->touched_cap)
    ES_GROW(lx->touched, lx->touched_cap, lx->ntouched + 1);
  lx->touched[lx->ntouched++] = id;
  if (lx->ntouched * 2 > lx->counts_mask)
    counts_grow(lx);
}

void es_lexer_count(es_lexer *lx, uint32_t id) { count_term(lx, id); }

/* Most lookups miss the CPU caches (the table holds every spelling met), so
 * words are looked up in batches: first find a batch of words and prefetch
 * their slots, then resolve them while the loads are in flight. */
enum { BATCH = 32 };

size_t es_lexer_count_text(es_lexer *lx, const char *s, size_t n,
                           size_t *last_start) {
  size_t pos = 0, words = 0, seq_start = lx->nseq;
  size_t start[BATCH], len[BATCH], slot[BATCH];
  uint64_t k0[BATCH], k1[BATCH];
  /* The pieces of a run that ICU split, still to be counted (kept in
   * locals: the ASCII path only compares two registers). */
  size_t piece = 0, npieces = 0, base = 0;
  *last_start = SIZE_MAX;
  for (;;) {
    /* Room for this batch's terms in the sequence. */
    if (lx->nseq + BATCH > lx->seq_cap) /* a call only to grow */
      ES_GROW(lx->seq, lx->seq_cap, lx->nseq + BATCH);
    size_t m = 0;
    while (m < BATCH) {
      if (piece < npieces) {
        start[m] = base + lx->seg.pieces[piece].start;
        len[m] = lx->seg.pieces[piece].len;
        piece++;
      } else {
        bool seg;
        if (!next_word_fast(s, n, &pos, &start[m], &len[m], &seg))
          break;
        if (seg) {
          base = start[m];
          npieces = es_segment_run(&lx->seg, s + base, len[m]);
          piece = 0;
          continue;
        }
      }
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
      count_term(lx, id);
      lx->seq[lx->nseq++] = id;
    }
    words += m;
    if (m)
      *last_start = start[m - 1];
    if (m < BATCH)
      break;
  }
  if (lx->nseq > seq_start) {
    ES_GROW(lx->blocks, lx->blocks_cap, lx->nblocks + 1);
    lx->blocks[lx->nblocks++] = (uint32_t)seq_start;
  }
  return words;
}

size_t es_lexer_take(es_lexer *lx, const es_term_count **out) {
  size_t n = lx->ntouched;
  ES_GROW(lx->taken, lx->taken_cap, n + 1);
  es_term_count *tc = lx->taken;
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

void es_lexer_take_seq(es_lexer *lx, es_doc *doc) {
  if (!doc) {
    lx->nseq = 0;
    lx->nblocks = 0;
    return;
  }
  /* One pass into the lexer's scratch (at most 5 bytes an id), then one
   * copy of the exact size into the document's arena. */
  ES_GROW(lx->seq_bytes, lx->seq_bytes_cap, 5 * lx->nseq + 1);
  uint8_t *p = lx->seq_bytes;
  for (size_t i = 0; i < lx->nseq; i++)
    es_doc__seq_put(&p, lx->seq[i]);
  size_t bytes = (size_t)(p - lx->seq_bytes);
  uint8_t *out = es_arena_memdup(&doc->arena, lx->seq_bytes, bytes ? bytes : 1);
  doc->seq = out;
  doc->seq_bytes = bytes;
  doc->nseq = lx->nseq;
  doc->blocks = lx->nblocks ? es_arena_memdup(&doc->arena, lx->blocks,
                                              lx->nblocks * sizeof *lx->blocks)
                            : NULL;
  doc->nblocks = lx->nblocks;
  lx->nseq = 0;
  lx->nblocks = 0;
}
