/* phrases.c - two-pass exact n-gram counting (see phrases.h).
 *
 * Hashing: an n-gram's 64-bit hash is built term by term from its start,
 * so the hashes of all lengths nmin..nmax at one position cost nmax steps.
 * The sketch takes its two counter positions from the top and the bottom
 * bits of the hash; with at most 2^28 counters those never overlap. The
 * exact table compares term ids, never trusts the hash alone. */
#include "phrases.h"

#include "../util/util.h"

#include <stdlib.h>
#include <string.h>

struct es_phrase_sketch {
  uint8_t *cells; /* 4 two-bit counters per byte */
  unsigned bits;  /* 2^bits counters */
  unsigned nmin, nmax;
};

static inline uint64_t mix_step(uint64_t h, uint32_t id) {
  h ^= (uint64_t)id + 0x9e3779b97f4a7c15u;
  h *= 0xbf58476d1ce4e5b9u;
  return h ^ (h >> 31);
}

static inline uint64_t finish(uint64_t h, unsigned n) {
  h ^= (uint64_t)n * 0x94d049bb133111ebu;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53u;
  return h ^ (h >> 33);
}

static inline unsigned cell_get(const uint8_t *c, uint64_t i) {
  return ((unsigned)c[i >> 2] >> ((i & 3) * 2)) & 3u;
}

static inline void cell_inc(uint8_t *c, uint64_t i) {
  unsigned shift = (unsigned)(i & 3) * 2;
  if ((((unsigned)c[i >> 2] >> shift) & 3u) != 3u)
    c[i >> 2] = (uint8_t)(c[i >> 2] + (1u << shift));
}

/* Both counter positions of hash h. */
static inline void positions(const es_phrase_sketch *sk, uint64_t h,
                             uint64_t *a, uint64_t *b) {
  uint64_t mask = ((uint64_t)1 << sk->bits) - 1;
  *a = h >> (64 - sk->bits);
  *b = h & mask;
}

/* Run the statements after the first three arguments for every n-gram of
 * every block of d, with `hash`, `start` and `n` set. */
#define FOR_EACH_NGRAM(d, nmin, nmax, ...)                                     \
  do {                                                                         \
    for (size_t blk_ = 0; blk_ < (d).nblocks; blk_++) {                        \
      size_t b0_ = (d).block[blk_];                                            \
      size_t b1_ = blk_ + 1 < (d).nblocks ? (d).block[blk_ + 1] : (d).nterms;  \
      for (size_t s_ = b0_; s_ + (nmin) <= b1_; s_++) {                        \
        uint64_t st_ = 0;                                                      \
        size_t lim_ = b1_ - s_ < (nmax) ? b1_ - s_ : (nmax);                   \
        for (size_t k_ = 0; k_ < lim_; k_++) {                                 \
          st_ = mix_step(st_, (d).terms[s_ + k_]);                             \
          if (k_ + 1 >= (nmin)) {                                              \
            uint64_t hash = finish(st_, (unsigned)(k_ + 1));                   \
            size_t start = s_;                                                 \
            unsigned n = (unsigned)(k_ + 1);                                   \
            __VA_ARGS__                                                        \
          }                                                                    \
        }                                                                      \
      }                                                                        \
    }                                                                          \
  } while (0)

/* How far ahead the passes prefetch sketch cells and table slots. */
#define PREFETCH 8

/* ---- pass 1 ------------------------------------------------------------- */

/* A per-essay set of hashes (open addressing; 0 stands for empty, so a
 * hash of 0 is stored as 1: it only merges two sketch keys). */
typedef struct hset {
  uint64_t *slot;
  size_t mask;
} hset;

static void hset_reset(hset *s, size_t n) {
  size_t want = 16;
  while (want < 2 * n)
    want *= 2;
  if (want > s->mask + 1 || !s->slot) {
    free(s->slot);
    s->slot = es__xcalloc(want, sizeof *s->slot);
    s->mask = want - 1;
  } else {
    memset(s->slot, 0, (s->mask + 1) * sizeof *s->slot);
  }
}

static bool hset_add(hset *s, uint64_t h) {
  if (h == 0)
    h = 1;
  for (size_t i = (size_t)(h >> 17) & s->mask;; i = (i + 1) & s->mask) {
    if (s->slot[i] == h)
      return false;
    if (s->slot[i] == 0) {
      s->slot[i] = h;
      return true;
    }
  }
}

/* Upper bound on an essay's n-gram count. */
static size_t ngram_bound(const es_phrase_doc *d, unsigned nmin,
                          unsigned nmax) {
  return d->nterms * (size_t)(nmax - nmin + 1);
}

es_phrase_sketch *es_phrases__sketch(es_phrase_doc_fn get, void *ctx,
                                     const size_t *docs, size_t ndocs,
                                     unsigned nmin, unsigned nmax) {
  es_phrase_sketch *sk = es__xcalloc(1, sizeof *sk);
  sk->nmin = nmin;
  sk->nmax = nmax;
  /* About 8 counters per n-gram occurrence, 2^16 to 2^28 (64 MiB). */
  size_t total = 0;
  for (size_t k = 0; k < ndocs; k++) {
    es_phrase_doc d;
    get(ctx, docs[k], &d);
    total += ngram_bound(&d, nmin, nmax);
  }
  sk->bits = 16;
  while (sk->bits < 28 && ((uint64_t)1 << sk->bits) < 8 * (uint64_t)total)
    sk->bits++;
  sk->cells = es__xcalloc((size_t)1 << (sk->bits - 2), 1);
  hset seen = {NULL, 0};
  uint64_t *uniq = NULL;
  size_t ucap = 0;
  for (size_t k = 0; k < ndocs; k++) {
    es_phrase_doc d;
    get(ctx, docs[k], &d);
    size_t bound = ngram_bound(&d, nmin, nmax);
    hset_reset(&seen, bound);
    ES_GROW(uniq, ucap, bound + 1);
    size_t nu = 0;
    FOR_EACH_NGRAM(d, nmin, nmax, {
      (void)start;
      (void)n;
      if (hset_add(&seen, hash))
        uniq[nu++] = hash;
    });
    /* The counters are scattered over up to 64 MiB: fetch a few ahead so
     * that the cache misses overlap. */
    for (size_t i = 0; i < nu; i++) {
      uint64_t a, b;
      if (i + PREFETCH < nu) {
        positions(sk, uniq[i + PREFETCH], &a, &b);
        __builtin_prefetch(&sk->cells[a >> 2], 1);
        __builtin_prefetch(&sk->cells[b >> 2], 1);
      }
      positions(sk, uniq[i], &a, &b);
      cell_inc(sk->cells, a);
      cell_inc(sk->cells, b);
    }
  }
  free(uniq);
  free(seen.slot);
  return sk;
}

void es_phrases__sketch_free(es_phrase_sketch *sk) {
  if (!sk)
    return;
  free(sk->cells);
  free(sk);
}

/* ---- pass 2 ------------------------------------------------------------- */

typedef struct entry {
  uint64_t hash;
  uint64_t count;
  uint32_t ids_off; /* into the ids pool */
  uint32_t docs;
  uint32_t first; /* position in docs[] of the first essay */
  uint32_t last;  /* position in docs[] of the last essay counted */
  uint8_t n;
} entry;

typedef struct table {
  uint32_t *slot; /* entry index + 1; 0 empty */
  size_t mask;
  entry *e;
  size_t n, cap;
  uint32_t *ids;
  size_t nids, ids_cap;
} table;

static void table_grow(table *t) {
  size_t nslots = (t->mask + 1) * 2;
  uint32_t *slot = es__xcalloc(nslots, sizeof *slot);
  for (size_t k = 0; k < t->n; k++) {
    size_t i = (size_t)t->e[k].hash & (nslots - 1);
    while (slot[i])
      i = (i + 1) & (nslots - 1);
    slot[i] = (uint32_t)(k + 1);
  }
  free(t->slot);
  t->slot = slot;
  t->mask = nslots - 1;
}

static entry *table_get(table *t, uint64_t hash, const uint32_t *ids,
                        unsigned n) {
  size_t i = (size_t)hash & t->mask;
  for (; t->slot[i]; i = (i + 1) & t->mask) {
    entry *e = &t->e[t->slot[i] - 1];
    if (e->hash == hash && e->n == n &&
        /* a slot is set only after its ids were stored, so t->ids is not NULL
           here. */
        /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
        memcmp(t->ids + e->ids_off, ids, n * sizeof *ids) == 0)
      return e;
  }
  if (2 * (t->n + 1) > t->mask + 1) {
    table_grow(t);
    return table_get(t, hash, ids, n);
  }
  ES_GROW(t->e, t->cap, t->n + 1);
  ES_GROW(t->ids, t->ids_cap, t->nids + n);
  entry *e = &t->e[t->n];
  memset(e, 0, sizeof *e);
  e->hash = hash;
  e->n = (uint8_t)n;
  e->ids_off = (uint32_t)t->nids;
  e->last = UINT32_MAX;
  memcpy(t->ids + t->nids, ids, n * sizeof *ids);
  t->nids += n;
  t->slot[i] = (uint32_t)(++t->n);
  return e;
}

typedef struct gram {
  uint64_t hash;
  uint32_t start;
  unsigned n;
} gram;

void es_phrases__count(es_phrase_set *out, const es_phrase_sketch *sk,
                       es_phrase_doc_fn get, void *ctx, const size_t *docs,
                       size_t ndocs, uint64_t min_docs) {
  table t;
  memset(&t, 0, sizeof t);
  t.mask = (1u << 12) - 1;
  t.slot = es__xcalloc(t.mask + 1, sizeof *t.slot);
  unsigned thr = min_docs < 3 ? (unsigned)min_docs : 3;
  /* Per essay: every n-gram (hash, start, n), then the sketch test with
   * cells fetched ahead, then the candidates' table lookups with slots
   * fetched ahead: the misses of each stage overlap. */
  gram *g = NULL;
  size_t gcap = 0;
  for (size_t k = 0; k < ndocs; k++) {
    es_phrase_doc d;
    get(ctx, docs[k], &d);
    ES_GROW(g, gcap, ngram_bound(&d, sk->nmin, sk->nmax) + 1);
    size_t ng = 0;
    FOR_EACH_NGRAM(d, sk->nmin, sk->nmax, {
      g[ng].hash = hash;
      g[ng].start = (uint32_t)start;
      g[ng++].n = n;
    });
    size_t nc = 0; /* candidates, moved to the front of g */
    for (size_t i = 0; i < ng; i++) {
      uint64_t a, b;
      if (i + PREFETCH < ng) {
        positions(sk, g[i + PREFETCH].hash, &a, &b);
        __builtin_prefetch(&sk->cells[a >> 2]);
        __builtin_prefetch(&sk->cells[b >> 2]);
      }
      positions(sk, g[i].hash, &a, &b);
      if (cell_get(sk->cells, a) >= thr && cell_get(sk->cells, b) >= thr)
        g[nc++] = g[i];
    }
    for (size_t i = 0; i < nc; i++) {
      if (i + PREFETCH < nc)
        __builtin_prefetch(&t.slot[(size_t)g[i + PREFETCH].hash & t.mask]);
      entry *e = table_get(&t, g[i].hash, d.terms + g[i].start, g[i].n);
      e->count++;
      if (e->last != (uint32_t)k) {
        if (e->last == UINT32_MAX)
          e->first = (uint32_t)k;
        e->last = (uint32_t)k;
        e->docs++;
      }
    }
  }
  free(g);
  free(t.slot);
  size_t nrows = 0;
  for (size_t k = 0; k < t.n; k++)
    if (t.e[k].docs >= min_docs)
      nrows++;
  out->rows = es__xmalloc((nrows ? nrows : 1) * sizeof *out->rows);
  out->n = 0;
  out->ids = t.ids;
  for (size_t k = 0; k < t.n; k++) {
    const entry *e = &t.e[k];
    if (e->docs < min_docs)
      continue;
    es_phrase_row *r = &out->rows[out->n++];
    r->ids = t.ids + e->ids_off;
    r->n = e->n;
    r->count = e->count;
    r->docs = e->docs;
    r->first_doc = docs[e->first];
  }
  free(t.e);
}

void es_phrases__set_free(es_phrase_set *set) {
  if (!set)
    return;
  free(set->rows);
  free(set->ids);
  set->rows = NULL;
  set->ids = NULL;
  set->n = 0;
}
