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

/* cell_inc when other threads share the cells: a byte holds 4 counters,
 * so a saturating add needs compare-and-swap. */
static inline void cell_inc_shared(uint8_t *c, uint64_t i) {
  unsigned shift = (unsigned)(i & 3) * 2;
  uint8_t *p = &c[i >> 2];
  uint8_t old = __atomic_load_n(p, __ATOMIC_RELAXED);
  while (((unsigned)old >> shift & 3u) != 3u &&
         !__atomic_compare_exchange_n(p, &old, (uint8_t)(old + (1u << shift)),
                                      true, __ATOMIC_RELAXED, __ATOMIC_RELAXED))
    ;
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

typedef struct sketch_worker {
  hset seen;
  uint64_t *uniq;
  size_t ucap;
} sketch_worker;

typedef struct sketch_job {
  es_phrase_sketch *sk;
  es_phrase_doc_fn get;
  void *ctx;
  const size_t *docs;
  bool shared; /* more than one thread increments the cells */
  sketch_worker *w;
} sketch_job;

static void sketch_task(void *arg, size_t worker, size_t lo, size_t hi) {
  sketch_job *j = arg;
  es_phrase_sketch *sk = j->sk;
  sketch_worker *w = &j->w[worker];
  for (size_t k = lo; k < hi; k++) {
    es_phrase_doc d;
    j->get(j->ctx, worker, j->docs[k], &d);
    size_t bound = ngram_bound(&d, sk->nmin, sk->nmax);
    hset_reset(&w->seen, bound);
    ES_GROW(w->uniq, w->ucap, bound + 1);
    size_t nu = 0;
    FOR_EACH_NGRAM(d, sk->nmin, sk->nmax, {
      (void)start;
      (void)n;
      if (hset_add(&w->seen, hash))
        w->uniq[nu++] = hash;
    });
    /* The counters are scattered over up to 64 MiB: fetch a few ahead so
     * that the cache misses overlap. */
    for (size_t i = 0; i < nu; i++) {
      uint64_t a, b;
      if (i + PREFETCH < nu) {
        positions(sk, w->uniq[i + PREFETCH], &a, &b);
        __builtin_prefetch(&sk->cells[a >> 2], 1);
        __builtin_prefetch(&sk->cells[b >> 2], 1);
      }
      positions(sk, w->uniq[i], &a, &b);
      if (j->shared) {
        cell_inc_shared(sk->cells, a);
        cell_inc_shared(sk->cells, b);
      } else {
        cell_inc(sk->cells, a);
        cell_inc(sk->cells, b);
      }
    }
  }
}

/* Essays per chunk handed to a thread. */
#define GRAIN 64

es_phrase_sketch *es_phrases__sketch(es_phrase_doc_fn get, void *ctx,
                                     const size_t *docs, size_t ndocs,
                                     size_t nterms, unsigned nmin,
                                     unsigned nmax, size_t jobs) {
  es_phrase_sketch *sk = es__xcalloc(1, sizeof *sk);
  sk->nmin = nmin;
  sk->nmax = nmax;
  /* About 8 counters per n-gram occurrence, 2^16 to 2^28 (64 MiB). */
  uint64_t total = (uint64_t)nterms * (nmax - nmin + 1);
  sk->bits = 16;
  while (sk->bits < 28 && ((uint64_t)1 << sk->bits) < 8 * total)
    sk->bits++;
  sk->cells = es__xcalloc((size_t)1 << (sk->bits - 2), 1);
  if (jobs < 1)
    jobs = 1;
  sketch_job j = {sk, get, ctx, docs, false, NULL};
  j.shared = jobs > 1 && ndocs > GRAIN;
  j.w = es__xcalloc(jobs, sizeof *j.w);
  es_parallel_for(ndocs, GRAIN, jobs, sketch_task, &j);
  for (size_t t = 0; t < jobs; t++) {
    free(j.w[t].uniq);
    free(j.w[t].seen.slot);
  }
  free(j.w);
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
  uint32_t ids_off; /* into the table's ids */
  uint32_t docs;
  uint32_t first; /* position in docs[] of the first essay */
  uint32_t start; /* where the n-gram starts in that essay */
  uint32_t last;  /* position in docs[] of the last essay counted */
  uint8_t n;
} entry;

/* One partition's exact table; entries in order of first occurrence. */
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

/* Keep the entries in at least min_docs essays, and their ids; give back
 * the rest of the memory. */
static void table_compact(table *t, uint64_t min_docs) {
  free(t->slot);
  t->slot = NULL;
  size_t n = 0, nids = 0;
  for (size_t k = 0; k < t->n; k++) {
    entry e = t->e[k];
    if (e.docs < min_docs)
      continue;
    /* ids_off grows with k, so the moves never overwrite what is kept. */
    memmove(t->ids + nids, t->ids + e.ids_off, e.n * sizeof *t->ids);
    e.ids_off = (uint32_t)nids;
    nids += e.n;
    t->e[n++] = e;
  }
  t->n = t->cap = n;
  t->nids = t->ids_cap = nids;
  t->e = es__xrealloc(t->e, (n ? n : 1) * sizeof *t->e);
  t->ids = es__xrealloc(t->ids, (nids ? nids : 1) * sizeof *t->ids);
}

/* A candidate n-gram met in essay k (a position in docs[]); its n ids
 * follow in the list's id array. */
typedef struct cand {
  uint64_t hash;
  uint32_t k, start;
  uint32_t n;
} cand;

typedef struct cand_list {
  cand *c;
  size_t n, cap;
  uint32_t *ids;
  size_t nids, ids_cap;
} cand_list;

typedef struct gram {
  uint64_t hash;
  uint32_t start;
  unsigned n;
} gram;

/* Essays per block: the candidates of one block are held at once (about
 * 10 MB for generated essays, 240 candidates each), BLOCK / GRAIN lists
 * per table. */
#define BLOCK 1024
#define MAX_PARTS 16

typedef struct count_job {
  const es_phrase_sketch *sk;
  es_phrase_doc_fn get;
  void *ctx;
  const size_t *docs;
  unsigned thr;     /* a candidate's counters both reach it */
  size_t base;      /* the block's first position in docs[] */
  size_t nparts;    /* tables */
  cand_list *lists; /* [chunk * nparts + part] */
  gram **g;         /* per worker */
  size_t *gcap;
  table *t; /* [part] */
} count_job;

/* The table of a hash: bits the slots (low) and the sketch (top) do not
 * lean on. */
static size_t part_of(uint64_t hash, size_t nparts) {
  return nparts > 1 ? (size_t)((hash >> 40) % nparts) : 0;
}

/* Find the candidates of the block's essays [lo, hi) (chunk lo / GRAIN)
 * and append them to the chunk's list of their table. */
static void find_task(void *arg, size_t worker, size_t lo, size_t hi) {
  count_job *j = arg;
  const es_phrase_sketch *sk = j->sk;
  cand_list *lists = j->lists + lo / GRAIN * j->nparts;
  for (size_t p = 0; p < j->nparts; p++)
    lists[p].n = lists[p].nids = 0;
  for (size_t k = j->base + lo; k < j->base + hi; k++) {
    es_phrase_doc d;
    j->get(j->ctx, worker, j->docs[k], &d);
    ES_GROW(j->g[worker], j->gcap[worker],
            ngram_bound(&d, sk->nmin, sk->nmax) + 1);
    gram *g = j->g[worker];
    size_t ng = 0;
    FOR_EACH_NGRAM(d, sk->nmin, sk->nmax, {
      g[ng].hash = hash;
      g[ng].start = (uint32_t)start;
      g[ng++].n = n;
    });
    for (size_t i = 0; i < ng; i++) {
      uint64_t a, b;
      if (i + PREFETCH < ng) {
        positions(sk, g[i + PREFETCH].hash, &a, &b);
        __builtin_prefetch(&sk->cells[a >> 2]);
        __builtin_prefetch(&sk->cells[b >> 2]);
      }
      positions(sk, g[i].hash, &a, &b);
      if (cell_get(sk->cells, a) < j->thr || cell_get(sk->cells, b) < j->thr)
        continue;
      cand_list *l = &lists[part_of(g[i].hash, j->nparts)];
      ES_GROW(l->c, l->cap, l->n + 1);
      ES_GROW(l->ids, l->ids_cap, l->nids + g[i].n);
      l->c[l->n++] = (cand){g[i].hash, (uint32_t)k, g[i].start, g[i].n};
      memcpy(l->ids + l->nids, d.terms + g[i].start, g[i].n * sizeof *l->ids);
      l->nids += g[i].n;
    }
  }
}

/* Count the block's candidates of tables [lo, hi), chunk by chunk: in
 * essay order, as the `last` test needs. */
static void add_task(void *arg, size_t worker, size_t lo, size_t hi) {
  (void)worker;
  count_job *j = arg;
  size_t nchunks = (BLOCK + GRAIN - 1) / GRAIN;
  for (size_t p = lo; p < hi; p++) {
    table *t = &j->t[p];
    for (size_t ch = 0; ch < nchunks; ch++) {
      const cand_list *l = &j->lists[ch * j->nparts + p];
      const uint32_t *ids = l->ids;
      for (size_t i = 0; i < l->n; i++) {
        const cand *c = &l->c[i];
        if (i + PREFETCH < l->n)
          __builtin_prefetch(
              &t->slot[(size_t)l->c[i + PREFETCH].hash & t->mask]);
        entry *e = table_get(t, c->hash, ids, c->n);
        ids += c->n;
        e->count++;
        if (e->last != c->k) {
          if (e->last == UINT32_MAX) {
            e->first = c->k;
            e->start = c->start;
          }
          e->last = c->k;
          e->docs++;
        }
      }
    }
  }
}

/* Order of first occurrence. */
static bool before(const entry *x, const entry *y) {
  if (x->first != y->first)
    return x->first < y->first;
  if (x->start != y->start)
    return x->start < y->start;
  return x->n < y->n;
}

void es_phrases__count(es_phrase_set *out, const es_phrase_sketch *sk,
                       es_phrase_doc_fn get, void *ctx, const size_t *docs,
                       size_t ndocs, uint64_t min_docs, size_t jobs) {
  if (jobs < 1)
    jobs = 1;
  count_job j;
  memset(&j, 0, sizeof j);
  j.sk = sk;
  j.get = get;
  j.ctx = ctx;
  j.docs = docs;
  j.thr = min_docs < 3 ? (unsigned)min_docs : 3;
  /* More tables than threads gain nothing, and the final merge compares
   * the heads of all of them. */
  j.nparts = jobs < MAX_PARTS ? jobs : MAX_PARTS;
  size_t nchunks = (BLOCK + GRAIN - 1) / GRAIN;
  j.lists = es__xcalloc(nchunks * j.nparts, sizeof *j.lists);
  j.g = es__xcalloc(jobs, sizeof *j.g);
  j.gcap = es__xcalloc(jobs, sizeof *j.gcap);
  j.t = es__xcalloc(j.nparts, sizeof *j.t);
  for (size_t p = 0; p < j.nparts; p++) {
    j.t[p].mask = (1u << 12) - 1;
    j.t[p].slot = es__xcalloc(j.t[p].mask + 1, sizeof *j.t[p].slot);
  }
  /* Per block: candidates found on every thread, then counted table by
   * table. Each essay's n-grams are hashed and sketch-tested once; the
   * lists hold only candidates, in essay order within each list. */
  for (j.base = 0; j.base < ndocs; j.base += BLOCK) {
    size_t nb = ndocs - j.base < BLOCK ? ndocs - j.base : BLOCK;
    for (size_t ch = nb / GRAIN + (nb % GRAIN != 0); ch < nchunks; ch++)
      for (size_t p = 0; p < j.nparts; p++)
        j.lists[ch * j.nparts + p].n = 0;
    es_parallel_for(nb, GRAIN, jobs, find_task, &j);
    es_parallel_for(j.nparts, 1, jobs, add_task, &j);
  }
  for (size_t i = 0; i < nchunks * j.nparts; i++) {
    free(j.lists[i].c);
    free(j.lists[i].ids);
  }
  free(j.lists);
  for (size_t w = 0; w < jobs; w++)
    free(j.g[w]);
  free(j.g);
  free(j.gcap);

  size_t nrows = 0;
  for (size_t p = 0; p < j.nparts; p++) {
    table_compact(&j.t[p], min_docs);
    nrows += j.t[p].n;
  }
  /* Merge the tables, each in order of first occurrence. */
  out->rows = es__xmalloc((nrows ? nrows : 1) * sizeof *out->rows);
  out->n = nrows;
  out->nids = j.nparts;
  out->ids = es__xcalloc(j.nparts, sizeof *out->ids);
  size_t *at = es__xcalloc(j.nparts, sizeof *at);
  for (size_t r = 0; r < nrows; r++) {
    size_t best = SIZE_MAX;
    for (size_t p = 0; p < j.nparts; p++)
      if (at[p] < j.t[p].n &&
          (best == SIZE_MAX ||
           before(&j.t[p].e[at[p]], &j.t[best].e[at[best]])))
        best = p;
    const entry *e = &j.t[best].e[at[best]++];
    es_phrase_row *row = &out->rows[r];
    row->ids = j.t[best].ids + e->ids_off;
    row->n = e->n;
    row->count = e->count;
    row->docs = e->docs;
    row->first_doc = docs[e->first];
  }
  free(at);
  for (size_t p = 0; p < j.nparts; p++) {
    out->ids[p] = j.t[p].ids;
    free(j.t[p].e);
  }
  free(j.t);
}

void es_phrases__set_free(es_phrase_set *set) {
  if (!set)
    return;
  for (size_t p = 0; p < set->nids; p++)
    free(set->ids[p]);
  free(set->ids);
  free(set->rows);
  set->rows = NULL;
  set->ids = NULL;
  set->n = set->nids = 0;
}
