/* dupes.c - exact near-duplicate join over token sets (All-Pairs / PPJoin
 * prefix filtering), duplicate clusters, and per-document counts of
 * frequent tokens.
 *
 * Two sets are near-duplicates when J = |A n B| / |A u B| >= t. The join is
 * exact: every such pair is found and none below t is reported, because
 * candidates are only pruned by necessary conditions of J >= t and every
 * surviving candidate is verified by a full merge of the two sets.
 *
 * 1. Document frequencies. Tokens are split into 256 partitions by their
 *    top 8 bits; each partition is counted in its own hash table (threads
 *    take whole partitions), so the df of every token is known without a
 *    global table of every distinct token. Tokens with df 1 ("unique") can
 *    never be shared; only the df >= 2 tokens are kept, ranked by (df
 *    ascending, value): the global order that puts rare tokens first.
 * 2. Per document, its set in that order is: its unique tokens first, then
 *    its shared tokens by rank. Prefix filtering (Bayardo et al. 2007): if
 *    J(x, y) >= t, the first |x| - ceil(t |x|) + 1 tokens of x and of y
 *    share a token. When x's prefix holds only unique tokens, x has no
 *    partner at all and leaves the join; on ordinary prose that is almost
 *    every document, and frequent (template) tokens sit at the end of each
 *    set, outside the prefix, so they never make candidates.
 * 3. Identical sets are grouped first (all their tokens are shared): a
 *    group of g copies joins once, so g identical documents cost O(g), not
 *    O(g^2) pairs.
 * 4. The join proper (PPJoin, Xiao et al. 2008) runs over one document per
 *    group, in order of size: each indexes its shorter "mid prefix"
 *    (|y| - ceil(2t/(1+t) |y|) + 1 tokens), probes the index with its
 *    prefix, skips shorter partners by the length filter (|y| >= t |x|)
 *    and drops candidates by the positional filter (an upper bound on
 *    their overlap). Candidates are then verified exactly.
 *
 * All filters use t - 1e-9, looser than t by far more than the rounding of
 * the double arithmetic, so a pair whose double J is >= t is never pruned;
 * the final test is J >= t on the exact overlap, in double.
 *
 * Determinism: each stage's result does not depend on which thread did
 * what: pairs are sorted before use, clusters are union-find components
 * named by their smallest index, and nearest partners are chosen by (J,
 * index). Memory: the tokens are the caller's; here a few bytes per
 * document, one count table per thread (about 16 bytes a token of one
 * partition), the shared tokens (16 bytes each, twice) and the ranks of the
 * documents still in the join. Never n x n. */
#include "dupes.h"
#include "../util/util.h"
#include "../util/progress.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* 4096 partitions: at 100k essays (6e7 tokens) a partition's table holds
 * 15k tokens in 384 KB. */
#define PART_BITS 12
#define NPART ((size_t)1 << PART_BITS)
#define PART_OF(v) ((uint32_t)((v) >> (64 - PART_BITS)))
#define BLOCK_TOKENS 510 /* a bucket block is 4 KB */
#define LOOSE 1e-9
#define WAVE_BYTES ((size_t)256 << 20)
#define CHUNK 64 /* documents handed to a thread at a time */
/* Scattering hands out longer runs: a bucket block holds one run of
 * documents (MAX_DELTA of them at most), so runs split between threads
 * would leave blocks part empty. */
#define SCATTER_CHUNK 2048

/* ---- threads -------------------------------------------------------------
 * fn(arg, t) for t = 0..jobs-1 through es_parallel_for, one item each, so
 * that t indexes per-thread state; the work inside is shared out by each
 * stage's own atomic counter. */
typedef void (*thread_fn)(void *arg, size_t t);
typedef struct thread_call {
  thread_fn fn;
  void *arg;
} thread_call;

static void run_item(void *arg, size_t worker, size_t lo, size_t hi) {
  (void)worker;
  const thread_call *c = arg;
  for (size_t t = lo; t < hi; t++)
    c->fn(c->arg, t);
}

static void run_threads(size_t jobs, thread_fn fn, void *arg) {
  thread_call c = {fn, arg};
  es_parallel_for(jobs < 1 ? 1 : jobs, 1, jobs < 1 ? 1 : jobs, run_item, &c);
}

/* ---- filters ---------------------------------------------------------- */

static size_t ceil_sz(double x) { return x <= 0 ? 0 : (size_t)ceil(x); }

/* Tokens of x that must hold a shared token with any partner. */
static size_t probe_prefix(size_t len, double t) {
  size_t need = ceil_sz(t * (double)len);
  return need >= len ? 1 : len - need + 1;
}

/* Tokens of y that the index holds (y no larger than its probers). */
static size_t index_prefix(size_t len, double t) {
  size_t need = ceil_sz(2 * t / (1 + t) * (double)len);
  return need >= len ? 1 : len - need + 1;
}

/* ---- stage 1: document frequencies by partition -----------------------
 * Each thread reads whole documents and appends their tokens to its own
 * buckets, one per partition (the token's top PART_BITS bits), in blocks.
 * Within a partition those bits are known, so an entry keeps the token's
 * other 52 bits and, in its top bits, the document (as an offset from the
 * block's first document). Each partition is then counted in a table that
 * fits the L2 cache, and swept again to credit every document with its
 * unique and frequent tokens. */

#define KEY_BITS (64 - PART_BITS)
#define KEY_MASK ((UINT64_C(1) << KEY_BITS) - 1)
#define MAX_DELTA ((size_t)1 << PART_BITS)

typedef struct block {
  struct block *next;
  size_t d0; /* entry e belongs to document d0 + (e >> KEY_BITS) */
  uint32_t n;
  uint64_t v[BLOCK_TOKENS];
} block;

typedef struct cslot {
  uint64_t key;
  uint32_t count; /* 0: empty */
} cslot;

typedef struct shared_tok {
  uint64_t key;
  uint32_t df;
} shared_tok;

typedef struct doc_state {
  uint32_t len, uniq;
  uint32_t nr;       /* shared tokens (ranks), when in the join */
  uint32_t buf;      /* thread whose buffer holds the ranks */
  size_t off;        /* offset there */
  const uint32_t *r; /* ranks, ascending (after stage 3) */
} doc_state;

typedef struct scatter_ctx {
  const es_dupes_input *in;
  doc_state *ds;
  atomic_size_t next;
  block **head; /* [thread * NPART + part] */
  size_t *count;
  uint32_t plo, phi; /* this wave's partitions */
} scatter_ctx;

static inline size_t slot_of(uint64_t key, unsigned bits) {
  return (size_t)((key * 0x9E3779B97F4A7C15u) >> (64 - bits));
}

/* A set of tokens reused from document to document: slots are current
 * when they carry the current generation, so nothing is cleared. */
typedef struct dedup {
  uint64_t *key;
  uint32_t *gen;
  size_t cap; /* a power of two, or 0 */
  uint32_t cur;
} dedup;

/* Keep the first occurrence of each token of buf[0..n); returns how many
 * remain (in their order). */
static uint32_t distinct(dedup *ds, uint64_t *buf, uint32_t n) {
  if (2 * (size_t)n > ds->cap || ds->cur == UINT32_MAX) {
    size_t cap = 64;
    while (cap < 2 * (size_t)n)
      cap *= 2;
    free(ds->key);
    free(ds->gen);
    ds->key = es__xmalloc(cap * sizeof *ds->key);
    ds->gen = es__xcalloc(cap, sizeof *ds->gen);
    ds->cap = cap;
    ds->cur = 0;
  }
  ds->cur++;
  unsigned bits = 0;
  while (((size_t)1 << bits) < ds->cap)
    bits++;
  size_t mask = ds->cap - 1;
  uint32_t m = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint64_t v = buf[i];
    size_t h = (size_t)((v * 0x9E3779B97F4A7C15u) >> (64 - bits));
    for (;; h = (h + 1) & mask) {
      /* gen is allocated with cap (cap >= 2n > 0 here); the analyzer
       * does not tie the two fields together. */
      /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
      if (ds->gen[h] != ds->cur) {
        ds->gen[h] = ds->cur;
        ds->key[h] = v;
        buf[m++] = v;
        break;
      }
      if (ds->key[h] == v)
        break;
    }
  }
  return m;
}

static void dedup_free(dedup *ds) {
  free(ds->key);
  free(ds->gen);
}

static void scatter_main(void *arg, size_t t) {
  scatter_ctx *c = arg;
  const es_dupes_input *in = c->in;
  block **head = c->head + t * NPART;
  size_t *count = c->count + t * NPART;
  uint64_t *buf = NULL;
  size_t cap = 0;
  dedup dd = {0};
  for (;;) {
    size_t lo = atomic_fetch_add(&c->next, SCATTER_CHUNK);
    if (lo >= in->n)
      break;
    size_t hi = lo + SCATTER_CHUNK < in->n ? lo + SCATTER_CHUNK : in->n;
    for (size_t d = lo; d < hi; d++) {
      uint32_t len = in->tokens(in->ctx, d, &buf, &cap);
      len = distinct(&dd, buf, len);
      c->ds[d].len = len;
      for (uint32_t i = 0; i < len; i++) {
        uint32_t p = PART_OF(buf[i]);
        if (p < c->plo || p >= c->phi)
          continue;
        block *b = head[p];
        if (!b || b->n == BLOCK_TOKENS || d - b->d0 >= MAX_DELTA) {
          b = es__xmalloc(sizeof *b);
          b->next = head[p];
          b->d0 = d;
          b->n = 0;
          head[p] = b;
        }
        b->v[b->n++] = (uint64_t)(d - b->d0) << KEY_BITS | (buf[i] & KEY_MASK);
      }
    }
    if (in->phase)
      es_phase_add(in->phase, hi - lo);
  }
  for (size_t p = c->plo; p < c->phi; p++)
    for (block *b = head[p]; b; b = b->next)
      count[p] += b->n;
  dedup_free(&dd);
  free(buf);
}

typedef struct count_ctx {
  size_t threads;
  block **head; /* as in scatter_ctx */
  const size_t *count;
  uint32_t plo, phi;
  uint32_t frequent_docs;
  atomic_size_t next;
  uint32_t **uniq, **freq; /* [thread][document] */
  shared_tok **sh;         /* [thread] */
  size_t *nsh, *capsh;
} count_ctx;

static void count_main(void *arg, size_t t) {
  count_ctx *c = arg;
  uint32_t *uniq = c->uniq[t], *freq = c->freq[t], fd = c->frequent_docs;
  cslot *tab = NULL;
  size_t tabcap = 0;
  for (;;) {
    size_t p = c->plo + atomic_fetch_add(&c->next, 1);
    if (p >= c->phi)
      break;
    size_t total = 0;
    for (size_t k = 0; k < c->threads; k++)
      total += c->count[k * NPART + p];
    unsigned bits = 4;
    while (((size_t)1 << bits) < total + total / 2)
      bits++;
    size_t cap = (size_t)1 << bits, mask = cap - 1;
    ES_GROW(tab, tabcap, cap);
    memset(tab, 0, cap * sizeof *tab);
    for (size_t k = 0; k < c->threads; k++)
      for (block *b = c->head[k * NPART + p]; b; b = b->next)
        for (uint32_t i = 0; i < b->n; i++) {
          uint64_t v = b->v[i] & KEY_MASK;
          size_t h = slot_of(v, bits);
          while (tab[h].count && tab[h].key != v)
            h = (h + 1) & mask;
          tab[h].key = v;
          tab[h].count++;
          /* The entry now needs only its slot: the second sweep then
           * reads the count without hashing again. */
          b->v[i] = (b->v[i] & ~KEY_MASK) | h;
        }
    for (size_t k = 0; k < c->threads; k++) {
      block *b = c->head[k * NPART + p];
      while (b) {
        for (uint32_t i = 0; i < b->n; i++) {
          uint32_t count = tab[b->v[i] & KEY_MASK].count;
          size_t d = b->d0 + (size_t)(b->v[i] >> KEY_BITS);
          uniq[d] += count == 1;
          freq[d] += fd && count >= fd;
        }
        block *nb = b->next;
        free(b);
        b = nb;
      }
      c->head[k * NPART + p] = NULL;
    }
    for (size_t h = 0; h < cap; h++)
      if (tab[h].count >= 2) {
        ES_GROW(c->sh[t], c->capsh[t], c->nsh[t] + 1);
        c->sh[t][c->nsh[t]++] =
            (shared_tok){(uint64_t)p << KEY_BITS | tab[h].key, tab[h].count};
      }
  }
  free(tab);
}

static int cmp_shared(const void *a, const void *b) {
  const shared_tok *x = a, *y = b;
  if (x->df != y->df)
    return x->df < y->df ? -1 : 1;
  return x->key < y->key ? -1 : x->key > y->key;
}

/* ---- stage 2: shared token -> rank -------------------------------------- */

typedef struct rslot {
  uint64_t key;
  uint32_t rank1; /* rank + 1; 0: empty */
} rslot;

typedef struct rank_table {
  rslot *s;
  unsigned bits;
} rank_table;

static uint32_t rank_find(const rank_table *rt, uint64_t key) {
  size_t mask = ((size_t)1 << rt->bits) - 1, h = slot_of(key, rt->bits);
  while (rt->s[h].rank1) {
    if (rt->s[h].key == key)
      return rt->s[h].rank1 - 1;
    h = (h + 1) & mask;
  }
  return UINT32_MAX;
}

/* ---- small sort of u32 (ranks of one document) ------------------------ */

static void sort_u32(uint32_t *a, size_t n, uint32_t *tmp) {
  if (n <= 32) {
    for (size_t i = 1; i < n; i++) {
      uint32_t x = a[i];
      size_t j = i;
      for (; j > 0 && a[j - 1] > x; j--)
        a[j] = a[j - 1];
      a[j] = x;
    }
    return;
  }
  /* LSD radix, 4 passes of 8 bits; passes where every digit is equal are
   * skipped. */
  uint32_t *src = a, *dst = tmp;
  for (unsigned shift = 0; shift < 32; shift += 8) {
    size_t cnt[256] = {0};
    for (size_t i = 0; i < n; i++)
      cnt[(src[i] >> shift) & 255]++;
    if (cnt[(src[0] >> shift) & 255] == n)
      continue;
    size_t sum = 0;
    for (size_t k = 0; k < 256; k++) {
      size_t c = cnt[k];
      cnt[k] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++)
      dst[cnt[(src[i] >> shift) & 255]++] = src[i];
    uint32_t *sw = src;
    src = dst;
    dst = sw;
  }
  if (src != a)
    memcpy(a, src, n * sizeof *a);
}

/* ---- stage 3: the documents that stay in the join, as ranks ----------- */

typedef struct keep_ctx {
  const es_dupes_input *in;
  double tl; /* loose threshold */
  doc_state *ds;
  const rank_table *rt;
  atomic_size_t next;
  uint32_t **buf; /* [thread] */
  size_t *nbuf, *capbuf;
} keep_ctx;

static void keep_main(void *arg, size_t t) {
  keep_ctx *c = arg;
  const es_dupes_input *in = c->in;
  uint32_t *tmp = NULL;
  size_t captmp = 0;
  uint64_t *tok = NULL;
  size_t captok = 0;
  dedup dd = {0};
  for (;;) {
    size_t lo = atomic_fetch_add(&c->next, CHUNK);
    if (lo >= in->n)
      break;
    size_t hi = lo + CHUNK < in->n ? lo + CHUNK : in->n;
    if (in->phase)
      es_phase_add(in->phase, hi - lo);
    for (size_t d = lo; d < hi; d++) {
      doc_state *s = &c->ds[d];
      if (!s->len || probe_prefix(s->len, c->tl) <= s->uniq)
        continue;
      uint32_t len = in->tokens(in->ctx, d, &tok, &captok);
      len = distinct(&dd, tok, len);
      size_t nr = s->len - s->uniq;
      ES_GROW(c->buf[t], c->capbuf[t], c->nbuf[t] + nr);
      uint32_t *r = c->buf[t] + c->nbuf[t];
      uint32_t k = 0;
      for (uint32_t i = 0; i < len && k < nr; i++) {
        uint32_t rk = rank_find(c->rt, tok[i]);
        if (rk != UINT32_MAX)
          r[k++] = rk;
      }
      ES_GROW(tmp, captmp, k);
      sort_u32(r, k, tmp);
      s->nr = k;
      s->buf = (uint32_t)t;
      s->off = c->nbuf[t];
      c->nbuf[t] += k;
    }
  }
  dedup_free(&dd);
  free(tok);
  free(tmp);
}

/* ---- stage 5: the join ------------------------------------------------- */

typedef struct posting {
  uint32_t o;   /* position of the document in size order */
  uint32_t pos; /* position of the token in its set */
} posting;

typedef struct join_ctx {
  double t, tl;
  const doc_state *ds;
  const uint32_t *R; /* documents in size order */
  size_t nR;
  const size_t *poff; /* postings of rank r: post[poff[r] .. poff[r+1]) */
  const posting *post;
  unsigned rank, nranks; /* probe only this share's chunks (es_share_item) */
  atomic_size_t next;
  es_dupes_pair **pairs; /* [thread] */
  size_t *npairs, *cappairs;
  size_t *cands;   /* [thread] */
  es_phase *phase; /* progress, or NULL */
} join_ctx;

static uint32_t overlap(const uint32_t *a, size_t na, const uint32_t *b,
                        size_t nb) {
  size_t i = 0, j = 0;
  uint32_t o = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j])
      i++;
    else if (a[i] > b[j])
      j++;
    else {
      o++;
      i++;
      j++;
    }
  }
  return o;
}

static void join_main(void *arg, size_t t) {
  join_ctx *c = arg;
  size_t nR = c->nR;
  uint32_t *stamp = es__xcalloc(nR ? nR : 1, sizeof *stamp);
  int64_t *cnt = es__xmalloc((nR ? nR : 1) * sizeof *cnt);
  uint32_t *cand = es__xmalloc((nR ? nR : 1) * sizeof *cand);
  double ta = c->tl / (1 + c->tl);
  for (;;) {
    size_t lo =
        es_share_item(atomic_fetch_add(&c->next, 1), c->rank, c->nranks) *
        CHUNK;
    if (lo >= nR)
      break;
    size_t hi = lo + CHUNK < nR ? lo + CHUNK : nR;
    for (size_t ox = lo; ox < hi; ox++) {
      const doc_state *x = &c->ds[c->R[ox]];
      size_t lx = x->len, p = probe_prefix(lx, c->tl);
      size_t minlen = ceil_sz(c->tl * (double)lx);
      size_t nc = 0;
      for (size_t j = 0; x->uniq + j < p && j < x->nr; j++) {
        size_t i = x->uniq + j;
        uint32_t r = x->r[j];
        const posting *pl = c->post + c->poff[r];
        size_t np = c->poff[r + 1] - c->poff[r];
        /* Postings are in size order: skip those too short. */
        size_t a = 0, b = np;
        while (a < b) {
          size_t m = a + (b - a) / 2;
          if (c->ds[c->R[pl[m].o]].len < minlen)
            a = m + 1;
          else
            b = m;
        }
        for (size_t q = a; q < np && pl[q].o < ox; q++) {
          uint32_t oy = pl[q].o;
          const doc_state *y = &c->ds[c->R[oy]];
          size_t ly = y->len;
          if (stamp[oy] != ox + 1) {
            stamp[oy] = (uint32_t)(ox + 1);
            cnt[oy] = 0;
            cand[nc++] = oy;
          }
          if (cnt[oy] < 0)
            continue;
          size_t need = ceil_sz(ta * (double)(lx + ly));
          size_t rx = lx - i - 1, ry = ly - pl[q].pos - 1;
          size_t ub = (size_t)cnt[oy] + 1 + (rx < ry ? rx : ry);
          cnt[oy] = ub >= need ? cnt[oy] + 1 : -1;
        }
      }
      for (size_t k = 0; k < nc; k++) {
        uint32_t oy = cand[k];
        if (cnt[oy] <= 0)
          continue;
        const doc_state *y = &c->ds[c->R[oy]];
        c->cands[t]++;
        uint32_t o = overlap(x->r, x->nr, y->r, y->nr);
        double jac = (double)o / (double)(lx + y->len - o);
        if (jac >= c->t) {
          uint32_t a = c->R[ox], b = c->R[oy];
          ES_GROW(c->pairs[t], c->cappairs[t], c->npairs[t] + 1);
          c->pairs[t][c->npairs[t]++] =
              (es_dupes_pair){a < b ? a : b, a < b ? b : a, o, jac};
        }
      }
    }
    if (c->phase)
      es_phase_add(c->phase, hi - lo);
  }
  free(cand);
  free(cnt);
  free(stamp);
}

/* ---- helpers for stage 4 and 6 ----------------------------------------- */

typedef struct hkey {
  uint64_t h;
  uint32_t len, d;
} hkey;

static int cmp_hkey(const void *a, const void *b) {
  const hkey *x = a, *y = b;
  if (x->h != y->h)
    return x->h < y->h ? -1 : 1;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return x->d < y->d ? -1 : x->d > y->d;
}

typedef struct sized {
  uint32_t len, d;
} sized;

static int cmp_size(const void *a, const void *b) {
  const sized *x = a, *y = b;
  if (x->len != y->len)
    return x->len < y->len ? -1 : 1;
  return x->d < y->d ? -1 : x->d > y->d;
}

static int cmp_pair(const void *a, const void *b) {
  const es_dupes_pair *x = a, *y = b;
  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : x->b > y->b;
}

static uint32_t uf_find(uint32_t *par, uint32_t x) {
  while (par[x] != x) {
    par[x] = par[par[x]];
    x = par[x];
  }
  return x;
}

static void uf_union(uint32_t *par, uint32_t a, uint32_t b) {
  a = uf_find(par, a);
  b = uf_find(par, b);
  if (a != b) {
    if (a < b)
      par[b] = a;
    else
      par[a] = b;
  }
}

static void offer(es_dupes *d, uint32_t x, uint32_t y, double jac) {
  if (d->nearest[x] == ES_DUPES_NONE || jac > d->jaccard[x] ||
      (jac == d->jaccard[x] && y < d->nearest[x])) {
    d->nearest[x] = y;
    d->jaccard[x] = jac;
  }
}

/* ---- the whole run ----------------------------------------------------- */

/* Between es_dupes_prepare and es_dupes_finish. */
struct es_dupes_join {
  es_dupes_input in; /* tokens and ctx are not used after prepare */
  double t, tl;
  size_t jobs;
  es_dupes *out; /* distinct, frequent and kept are set by prepare */
  doc_state *ds;
  uint32_t *rep; /* the smallest document with the same set */
  uint32_t *R;   /* join documents in size order (until the join) */
  size_t nR;
  size_t *poff; /* the index, as in join_ctx (until the join) */
  posting *post;
  uint32_t **kbuf; /* [thread]: the ranks ds[].r point into (until the join) */
  bool joined;
  es_dupes_pair *pairs; /* found here or added: a < b, representatives */
  size_t np, cap;
};

es_dupes_join *es_dupes_prepare(const es_dupes_input *in) {
  size_t n = in->n;
  size_t jobs = in->jobs ? in->jobs : 1;
  double t = in->threshold;
  double tl = t - LOOSE > 0 ? t - LOOSE : 0;
  es_dupes_join *J = es__xcalloc(1, sizeof *J);
  J->in = *in;
  J->t = t;
  J->tl = tl;
  J->jobs = jobs;
  es_dupes *out = es__xcalloc(1, sizeof *out);
  J->out = out;
  out->n = n;
  size_t n1 = n ? n : 1;
  out->cluster = es__xmalloc(n1 * sizeof *out->cluster);
  out->size = es__xcalloc(n1, sizeof *out->size);
  out->nearest = es__xmalloc(n1 * sizeof *out->nearest);
  out->jaccard = es__xcalloc(n1, sizeof *out->jaccard);
  out->frequent = es__xcalloc(n1, sizeof *out->frequent);
  out->distinct = es__xcalloc(n1, sizeof *out->distinct);
  for (size_t d = 0; d < n; d++)
    out->cluster[d] = out->nearest[d] = ES_DUPES_NONE;
  /* 1. Document frequencies. */
  doc_state *ds = es__xcalloc(n1, sizeof *ds);
  scatter_ctx sc = {.in = in, .ds = ds};
  sc.head = es__xcalloc(jobs * NPART, sizeof *sc.head);
  sc.count = es__xcalloc(jobs * NPART, sizeof *sc.count);
  count_ctx cc = {.threads = jobs, .head = sc.head, .count = sc.count};
  cc.frequent_docs = in->frequent_docs;
  cc.uniq = es__xmalloc(jobs * sizeof *cc.uniq);
  cc.freq = es__xmalloc(jobs * sizeof *cc.freq);
  for (size_t k = 0; k < jobs; k++) {
    cc.uniq[k] = es__xcalloc(n1, sizeof **cc.uniq);
    cc.freq[k] = es__xcalloc(n1, sizeof **cc.freq);
  }
  cc.sh = es__xcalloc(jobs, sizeof *cc.sh);
  cc.nsh = es__xcalloc(jobs, sizeof *cc.nsh);
  cc.capsh = es__xcalloc(jobs, sizeof *cc.capsh);
  /* Waves of partitions bound the buckets' memory to about WAVE_BYTES:
   * each wave reads every document again and keeps only its partitions'
   * tokens. */
  size_t waves = in->tokens_hint * sizeof(uint64_t) / WAVE_BYTES + 1;
  if (waves > NPART)
    waves = NPART;
  out->waves = waves;
  if (in->phase) /* each wave, the prefixes and the join read every doc */
    es_phase_set_total(in->phase, "step", (uint64_t)(waves + 2) * n);
  for (size_t w = 0; w < waves; w++) {
    sc.plo = cc.plo = (uint32_t)(NPART * w / waves);
    sc.phi = cc.phi = (uint32_t)(NPART * (w + 1) / waves);
    atomic_init(&sc.next, 0);
    atomic_init(&cc.next, 0);
    run_threads(jobs, scatter_main, &sc);
    run_threads(jobs, count_main, &cc);
  }
  free(sc.head);
  free(sc.count);
  for (size_t d = 0; d < n; d++)
    out->distinct[d] = ds[d].len;
  size_t nshared = 0;
  for (size_t k = 0; k < jobs; k++) {
    for (size_t d = 0; d < n; d++) {
      ds[d].uniq += cc.uniq[k][d];
      out->frequent[d] += cc.freq[k][d];
    }
    free(cc.uniq[k]);
    free(cc.freq[k]);
    nshared += cc.nsh[k];
  }
  free(cc.uniq);
  free(cc.freq);
  shared_tok *sh = es__xmalloc((nshared ? nshared : 1) * sizeof *sh);
  for (size_t k = 0, at = 0; k < jobs; k++) {
    if (cc.nsh[k])
      memcpy(sh + at, cc.sh[k], cc.nsh[k] * sizeof *sh);
    at += cc.nsh[k];
    free(cc.sh[k]);
  }
  free(cc.sh);
  free(cc.nsh);
  free(cc.capsh);

  /* 2. Ranks: rarest first. */
  qsort(sh, nshared, sizeof *sh, cmp_shared);
  rank_table rt = {.bits = 4};
  while (((size_t)1 << rt.bits) < 2 * nshared + 16)
    rt.bits++;
  rt.s = es__xcalloc((size_t)1 << rt.bits, sizeof *rt.s);
  for (size_t r = 0; r < nshared; r++) {
    size_t mask = ((size_t)1 << rt.bits) - 1, h = slot_of(sh[r].key, rt.bits);
    while (rt.s[h].rank1)
      h = (h + 1) & mask;
    rt.s[h] = (rslot){sh[r].key, (uint32_t)(r + 1)};
  }
  free(sh);

  /* 3. The documents whose prefix can hold a shared token, as ranks. */
  keep_ctx kc = {.in = in, .tl = tl, .ds = ds, .rt = &rt};
  atomic_init(&kc.next, 0);
  kc.buf = es__xcalloc(jobs, sizeof *kc.buf);
  kc.nbuf = es__xcalloc(jobs, sizeof *kc.nbuf);
  kc.capbuf = es__xcalloc(jobs, sizeof *kc.capbuf);
  run_threads(jobs, keep_main, &kc);
  free(rt.s);
  size_t kept = 0;
  for (size_t d = 0; d < n; d++) {
    if (ds[d].nr) {
      ds[d].r = kc.buf[ds[d].buf] + ds[d].off;
      kept++;
    }
  }
  out->kept = kept;

  /* 4. Identical sets: every token shared, same ranks. rep[d] is the
   * smallest document with d's set. */
  uint32_t *rep = es__xmalloc(n1 * sizeof *rep);
  for (size_t d = 0; d < n; d++)
    rep[d] = (uint32_t)d;
  {
    hkey *hk = es__xmalloc((kept ? kept : 1) * sizeof *hk);
    size_t nh = 0;
    for (size_t d = 0; d < n; d++)
      if (ds[d].nr && !ds[d].uniq)
        hk[nh++] = (hkey){es_hash(ds[d].r, ds[d].nr * sizeof *ds[d].r),
                          ds[d].len, (uint32_t)d};
    qsort(hk, nh, sizeof *hk, cmp_hkey);
    for (size_t a = 0; a < nh;) {
      size_t b = a + 1;
      while (b < nh && hk[b].h == hk[a].h && hk[b].len == hk[a].len)
        b++;
      /* Within a run of equal hashes, match each to the first equal set
       * (a run of different sets is a hash collision: rare and short). */
      for (size_t i = a; i < b; i++)
        for (size_t j = a; j < i; j++) {
          const doc_state *x = &ds[hk[i].d], *y = &ds[hk[j].d];
          if (rep[hk[j].d] == hk[j].d &&
              !memcmp(x->r, y->r, x->nr * sizeof *x->r)) {
            rep[hk[i].d] = hk[j].d;
            break;
          }
        }
      a = b;
    }
    free(hk);
  }

  /* 5. The join over one document per set, in size order. */
  uint32_t *R = es__xmalloc((kept ? kept : 1) * sizeof *R);
  size_t nR = 0;
  {
    sized *sz = es__xmalloc((kept ? kept : 1) * sizeof *sz);
    for (size_t d = 0; d < n; d++)
      if (ds[d].nr && rep[d] == d)
        sz[nR++] = (sized){ds[d].len, (uint32_t)d};
    qsort(sz, nR, sizeof *sz, cmp_size);
    for (size_t k = 0; k < nR; k++)
      R[k] = sz[k].d;
    free(sz);
  }
  size_t nranks = 0;
  for (size_t k = 0; k < nR; k++) {
    const doc_state *y = &ds[R[k]];
    if (y->nr && y->r[y->nr - 1] + (size_t)1 > nranks)
      nranks = y->r[y->nr - 1] + (size_t)1;
  }
  size_t *poff = es__xcalloc(nranks + 1, sizeof *poff);
  for (size_t k = 0; k < nR; k++) {
    const doc_state *y = &ds[R[k]];
    size_t q = index_prefix(y->len, tl);
    for (size_t j = 0; y->uniq + j < q && j < y->nr; j++)
      poff[y->r[j] + 1]++;
  }
  for (size_t r = 0; r < nranks; r++)
    poff[r + 1] += poff[r];
  posting *post = es__xmalloc((poff[nranks] ? poff[nranks] : 1) * sizeof *post);
  {
    size_t *fill = es__xmalloc((nranks ? nranks : 1) * sizeof *fill);
    memcpy(fill, poff, nranks * sizeof *fill);
    for (size_t k = 0; k < nR; k++) {
      const doc_state *y = &ds[R[k]];
      size_t q = index_prefix(y->len, tl);
      for (size_t j = 0; y->uniq + j < q && j < y->nr; j++)
        post[fill[y->r[j]]++] = (posting){(uint32_t)k, (uint32_t)(y->uniq + j)};
    }
    free(fill);
  }
  J->ds = ds;
  J->rep = rep;
  J->R = R;
  J->nR = nR;
  J->poff = poff;
  J->post = post;
  J->kbuf = kc.buf;
  free(kc.nbuf);
  free(kc.capbuf);
  J->in.tokens = NULL;
  J->in.ctx = NULL;
  return J;
}

void es_dupes_join_share(es_dupes_join *J, unsigned rank, unsigned nranks) {
  if (J->joined)
    return;
  J->joined = true;
  size_t n = J->in.n, nR = J->nR, jobs = J->jobs;
  join_ctx jc = {.t = J->t, .tl = J->tl, .ds = J->ds, .R = J->R, .nR = nR};
  jc.rank = rank;
  jc.nranks = nranks;
  jc.phase = J->in.phase;
  if (jc.phase) /* the documents the join skips are done */
    es_phase_add(jc.phase, n - nR);
  jc.poff = J->poff;
  jc.post = J->post;
  atomic_init(&jc.next, 0);
  jc.pairs = es__xcalloc(jobs, sizeof *jc.pairs);
  jc.npairs = es__xcalloc(jobs, sizeof *jc.npairs);
  jc.cappairs = es__xcalloc(jobs, sizeof *jc.cappairs);
  jc.cands = es__xcalloc(jobs, sizeof *jc.cands);
  run_threads(jobs, join_main, &jc);
  free(J->post);
  free(J->poff);
  free(J->R);
  J->post = NULL;
  J->poff = NULL;
  J->R = NULL;
  for (size_t k = 0; k < jobs; k++) {
    J->out->candidates += jc.cands[k];
    ES_GROW(J->pairs, J->cap, J->np + jc.npairs[k]);
    if (jc.npairs[k])
      memcpy(J->pairs + J->np, jc.pairs[k], jc.npairs[k] * sizeof *J->pairs);
    J->np += jc.npairs[k];
    free(jc.pairs[k]);
    free(J->kbuf[k]);
  }
  free(J->kbuf);
  J->kbuf = NULL;
  for (size_t d = 0; d < n; d++)
    J->ds[d].r = NULL;
  free(jc.pairs);
  free(jc.npairs);
  free(jc.cappairs);
  free(jc.cands);
}

const es_dupes_pair *es_dupes_join_pairs(const es_dupes_join *J, size_t *n) {
  *n = J->np;
  return J->pairs;
}

/* The Jaccard of a pair, as join_main computes it, or -1 when the pair
 * cannot be one the join finds. */
static double pair_jaccard(const es_dupes_join *J, uint32_t a, uint32_t b,
                           uint32_t overlap) {
  if (!(a < b && b < J->in.n) || J->rep[a] != a || J->rep[b] != b)
    return -1;
  uint32_t la = J->ds[a].len, lb = J->ds[b].len;
  if (!overlap || overlap > la || overlap > lb)
    return -1;
  double jac = (double)overlap / (double)(la + lb - overlap);
  return jac >= J->t ? jac : -1;
}

bool es_dupes_join_valid(const es_dupes_join *J, uint32_t a, uint32_t b,
                         uint32_t overlap) {
  return pair_jaccard(J, a, b, overlap) >= 0;
}

bool es_dupes_join_add(es_dupes_join *J, uint32_t a, uint32_t b,
                       uint32_t overlap) {
  double jac = pair_jaccard(J, a, b, overlap);
  if (jac < 0)
    return false;
  ES_GROW(J->pairs, J->cap, J->np + 1);
  J->pairs[J->np++] = (es_dupes_pair){a, b, overlap, jac};
  return true;
}

es_dupes *es_dupes_finish(es_dupes_join *J) {
  es_dupes_join_share(J, 0, 1); /* when nobody joined */
  size_t n = J->in.n;
  size_t n1 = n ? n : 1;
  double t = J->t;
  es_dupes *out = J->out;
  const doc_state *ds = J->ds;
  const uint32_t *rep = J->rep;
  const es_dupes_input *in = &J->in;
  /* Sorted, and a pair added twice counted once. */
  es_dupes_pair *pairs = J->pairs;
  size_t np = 0;
  if (J->np)
    qsort(pairs, J->np, sizeof *pairs, cmp_pair);
  for (size_t k = 0; k < J->np; k++)
    if (!np || cmp_pair(&pairs[np - 1], &pairs[k]))
      pairs[np++] = pairs[k];

  /* 6. Clusters and nearest partners. */
  uint32_t *par = es__xmalloc(n1 * sizeof *par);
  for (size_t d = 0; d < n; d++)
    par[d] = (uint32_t)d;
  for (size_t k = 0; k < np; k++)
    uf_union(par, pairs[k].a, pairs[k].b);
  /* With t = 0 every two documents with tokens are near-duplicates, even
   * without a shared token. */
  uint32_t first_nonempty = ES_DUPES_NONE;
  if (t <= 0)
    for (size_t d = 0; d < n; d++)
      if (ds[d].len) {
        if (first_nonempty == ES_DUPES_NONE)
          first_nonempty = (uint32_t)d;
        uf_union(par, first_nonempty, (uint32_t)d);
      }
  uint32_t *second = es__xmalloc(n1 * sizeof *second);
  for (size_t d = 0; d < n; d++) {
    second[d] = ES_DUPES_NONE;
    if (rep[d] != d) {
      uf_union(par, rep[d], (uint32_t)d);
      if (second[rep[d]] == ES_DUPES_NONE)
        second[rep[d]] = (uint32_t)d;
    }
  }
  for (size_t d = 0; d < n; d++)
    out->size[uf_find(par, (uint32_t)d)]++;
  for (size_t d = 0; d < n; d++) {
    uint32_t root = uf_find(par, (uint32_t)d);
    if (out->size[root] >= 2)
      out->cluster[d] = root; /* the smallest index: roots are minima */
  }
  for (size_t d = 0; d < n; d++)
    out->size[d] =
        out->cluster[d] == ES_DUPES_NONE ? 0 : out->size[out->cluster[d]];
  for (size_t d = 0; d < n; d++) {
    if (rep[d] != d)
      offer(out, (uint32_t)d, rep[d], 1.0);
    else if (second[d] != ES_DUPES_NONE)
      offer(out, (uint32_t)d, second[d], 1.0);
  }
  for (size_t k = 0; k < np; k++) {
    const es_dupes_pair *p = &pairs[k];
    if (second[p->a] == ES_DUPES_NONE)
      offer(out, p->a, p->b, p->jaccard);
    if (second[p->b] == ES_DUPES_NONE)
      offer(out, p->b, p->a, p->jaccard);
  }
  if (t <= 0)
    for (size_t d = 0; d < n; d++)
      if (ds[d].len && out->nearest[d] == ES_DUPES_NONE) {
        uint32_t y =
            (uint32_t)d == first_nonempty ? ES_DUPES_NONE : first_nonempty;
        for (size_t e = 0; y == ES_DUPES_NONE && e < n; e++)
          if (e != d && ds[e].len)
            y = (uint32_t)e;
        if (y != ES_DUPES_NONE)
          offer(out, (uint32_t)d, y, 0.0);
      }

  if (in->want_pairs) {
    /* Expand groups of identical sets into all their pairs (tests only:
     * this is quadratic in a group's size). */
    size_t cap = 0, m = 0;
    es_dupes_pair *all = NULL;
    uint32_t *nextm = es__xmalloc(n1 * sizeof *nextm), *lastm;
    lastm = es__xmalloc(n1 * sizeof *lastm);
    for (size_t d = 0; d < n; d++)
      nextm[d] = lastm[d] = ES_DUPES_NONE;
    for (size_t d = 0; d < n; d++)
      if (rep[d] != d) {
        uint32_t r = rep[d];
        if (lastm[r] == ES_DUPES_NONE)
          nextm[r] = (uint32_t)d;
        else
          nextm[lastm[r]] = (uint32_t)d;
        lastm[r] = (uint32_t)d;
      }
    for (size_t d = 0; d < n; d++) {
      if (rep[d] != d)
        continue;
      for (uint32_t a = (uint32_t)d; a != ES_DUPES_NONE; a = nextm[a])
        for (uint32_t b = nextm[a]; b != ES_DUPES_NONE; b = nextm[b]) {
          ES_GROW(all, cap, m + 1);
          all[m++] = (es_dupes_pair){a, b, ds[a].len, 1.0};
        }
    }
    for (size_t k = 0; k < np; k++)
      for (uint32_t a = pairs[k].a; a != ES_DUPES_NONE; a = nextm[a])
        for (uint32_t b = pairs[k].b; b != ES_DUPES_NONE; b = nextm[b]) {
          ES_GROW(all, cap, m + 1);
          all[m++] = (es_dupes_pair){a < b ? a : b, a < b ? b : a,
                                     pairs[k].overlap, pairs[k].jaccard};
        }
    if (m)
      qsort(all, m, sizeof *all, cmp_pair);
    out->pairs = all;
    out->npairs = m;
    free(nextm);
    free(lastm);
  }

  free(second);
  free(par);
  free(J->pairs);
  free(J->rep);
  free(J->ds);
  struct es_phase *phase = in->phase;
  free(J);
  if (phase) /* the phase ends counting documents */
    es_phase_set_total(phase, "essay", n);
  return out;
}

void es_dupes_join_free(es_dupes_join *J) {
  if (!J)
    return;
  if (J->kbuf)
    for (size_t k = 0; k < J->jobs; k++)
      free(J->kbuf[k]);
  free(J->kbuf);
  free(J->post);
  free(J->poff);
  free(J->R);
  free(J->pairs);
  free(J->rep);
  free(J->ds);
  es_dupes_free(J->out);
  free(J);
}

es_dupes *es_dupes_run(const es_dupes_input *in) {
  return es_dupes_finish(es_dupes_prepare(in));
}

void es_dupes_free(es_dupes *d) {
  if (!d)
    return;
  free(d->cluster);
  free(d->size);
  free(d->nearest);
  free(d->jaccard);
  free(d->frequent);
  free(d->distinct);
  free(d->pairs);
  free(d);
}
