/* similarity.c - TF-IDF cosine neighbours (exact top-k) and key-term
 * overlap.
 *
 * Weights follow --weighting (es_stats__tf, es_stats__idf): ltc, 1 + ln(count)
 * times ln(N / df), or scikit-learn's defaults, count times
 * ln((1 + N) / (1 + df)) + 1; each essay's vector L2-normalized, so a
 * cosine is a dot product. Under ltc a term held by every essay has idf 0:
 * it adds nothing to any norm or dot product, so it is left out of the rows
 * altogether (and so of the head and the postings). An essay left with no
 * term has the zero vector: it shares no term with any other and has no
 * neighbours.
 *
 * The exact cosine of two rows is one double sum: the products of their
 * shared terms added in canonical term order (df descending, then bytewise).
 * It does not depend on the thread count or on how the pair was found, so
 * the output is byte-identical for any --jobs, and cos(i, j) == cos(j, i)
 * bit for bit.
 *
 * Scoring every pair that way costs sum(df^2) scattered multiply-adds
 * (3.4e10 for 20,000 essays). Instead the upper triangle of the cosine
 * matrix is first computed approximately, in float, one block of
 * BLOCK_ROWS rows against all later rows at a time, TILE_COLS columns at a
 * time:
 *  - the "head" (the F terms of highest df, which carry most of sum(df^2))
 *    is a dense n x F float matrix, multiplied with sgemm (blas.c);
 *  - the "tail" (every other term) is added from posting lists.
 * Each row keeps an exact top-k list. An approximate score is within eps of
 * the exact cosine (a rigorous bound on the rounding, see error_bound), so
 * a pair whose approximate score is below (the row's k-th exact cosine -
 * eps), or below (its k-th best approximate score - 2 eps), can never
 * enter its list; the other pairs are kept as candidates and, once the row
 * has seen them all, scored exactly, in double, and offered to the list.
 * A list only ever holds exact scores, so it ends as the exact top-k
 * whatever order pairs arrive in: threads update lists in any order
 * (under a lock) without changing the result.
 *
 * Memory: the rows (12 bytes a nonzero), the head matrix (4 n F bytes), the
 * tail postings (16 bytes a tail nonzero), the lists (16 n k bytes), the
 * candidates (8 bytes each, at most max(64, 8 k) a row) and per thread one
 * BLOCK_ROWS x TILE_COLS float tile (8 MB). Never n x n. */
#include "similarity.h"
#include "blas.h"
#include "share_item.h"

#include <float.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* A term goes to the dense head when df >= head share * n. In the head
 * a term costs n^2 / 2 multiply-adds at sgemm speed, in the tail df^2 / 2
 * scattered ones, so the split that minimizes the time puts a term in the
 * head when df / n > sqrt(cost of one sgemm multiply-add / cost of one
 * scattered add): es_blas__head_share() (blas.c) gives it for the BLAS
 * that runs, chosen at run time. Only the speed depends on it, never the
 * result. */

/* Rows per block: sgemm runs near its peak from ~64 rows. Columns per
 * tile: one row's scores (64 KB) stay in L2 while its tail is scattered
 * into them, and the tile's memory does not grow with n. */
#define BLOCK_ROWS 128
#define TILE_COLS 16384

/* The threads' tiles and buffers together stay under this (fewer threads
 * run past it; the result never depends on the thread count). */
#define THREADS_BUDGET ((size_t)512 << 20)

/* Column limits (column_limits) cost kk passes over a tile: only for k up
 * to this. */
#define LIMITS_MAX_K 16

#define PREFETCH_AHEAD 8 /* tail lists fetched ahead of use */
#define NLOCKS 256       /* striped locks over the rows' lists */

/* Row numbers are 32-bit: up to 4 billion analysed essays. */
#define NO_ROW UINT32_MAX

typedef struct posting {
  uint32_t row;
  float w;
} posting;

typedef struct sim {
  size_t n;        /* rows: the analysed essays in corpus order */
  size_t *row_doc; /* row -> corpus index */
  size_t nterms;   /* distinct terms with a weight; named by their rank */
  size_t zero_idf; /* terms left out for their idf of 0 */
  /* Rows (CSR): entries of row i at [off[i], off[i + 1]), ranks ascending,
   * with the exact normalized weights. */
  size_t *off;
  uint32_t *rank;
  double *w;
  double *eps; /* per row: bound on |approximate - exact| cosine */
  /* Head: n x F floats, row-major. */
  size_t F;
  float *head;
  /* Tail: row i's entries of rank >= F are its last tq[i + 1] - tq[i]; tail
   * entry q is posting tpos[q] of its term's list. Each list holds its rows
   * ascending and ends with a NO_ROW sentinel, so the postings after a
   * row's own are exactly the later rows holding the term. */
  size_t *tq;
  size_t *tpos;
  posting *post;
  /* Per row: an exact top-kk list, best first; the best kk approximate
   * scores offered, descending; the candidates not yet scored exactly.
   * Below thr[r] (float bits) an approximate score cannot enter row r's
   * list. */
  size_t kk;
  double *ecos;
  uint32_t *erow;
  uint32_t *ecount;
  float *acos;
  uint32_t *acount;
  struct pending *pend;
  size_t pend_max; /* candidates a row holds before they are scored */
  _Atomic uint32_t *thr;
  pthread_mutex_t locks[NLOCKS];
  size_t block_rows, tile_cols; /* the blocking (see es_sim_params) */
  unsigned share, nshares;      /* the share of the row blocks to do */
  es_phase *phase;              /* progress: pairs of rows compared */
} sim;

/* ---- building the rows ------------------------------------------------- */

typedef struct term_key {
  uint32_t id;
  uint32_t df;
  const char *str;
} term_key;

static int cmp_term_key(const void *a, const void *b) {
  const term_key *x = a, *y = b;
  if (x->df != y->df)
    return x->df > y->df ? -1 : 1;
  return strcmp(x->str, y->str);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

/* Bound on |approximate - exact| cosine for a row with `len` terms, and so
 * for any pair involving it (the pair shares c <= len terms).
 * The approximate score sums c float products of w~ = fl(w) in whatever
 * order sgemm and the tail take (with or without FMA); products with a zero
 * factor are exact zeros and add no rounding. With u = 2^-24:
 *   |fl(sum) - sum w~i w~j| <= gamma_c sum |w~i w~j| <= gamma_c (1+u)^2,
 *   |sum w~i w~j - sum wi wj| <= (2u + u^2) sum |wi wj| <= 2u + u^2,
 * by Cauchy-Schwarz on unit vectors, and the exact double sum is within
 * gamma_c (u = 2^-53) of sum wi wj; gamma_c = c u / (1 - c u). A 1% and a
 * 1e-15 margin cover the norms' own rounding and the threshold arithmetic.
 * This holds for any BLAS that forms each entry as a sum of products
 * (OpenBLAS, the reference gslcblas), not for Strassen-like schemes.
 * Infinity (every pair scored exactly) when the bound is useless. */
static double error_bound(size_t len) {
  const double u = 0x1p-24, ud = 0x1p-53;
  double c = (double)len + 1;
  if (c * u >= 0.5)
    return INFINITY;
  double g = c * u / (1 - c * u), gd = c * ud / (1 - c * ud);
  return 1.01 * (g * (1 + u) * (1 + u) + 2 * u + u * u + gd) + 1e-15;
}

enum { ROWS_GRAIN = 256 }; /* rows per chunk of build_rows */

#define NO_RANK UINT32_MAX /* a term left out of the rows */

typedef struct rows_job {
  sim *s;
  const es_stats *st;
  const uint32_t *rank_of; /* term id -> rank, or NO_RANK */
  const double *idf;       /* by rank */
} rows_job;

/* Rows [lo, hi): terms by ascending rank, tf-idf weights normalized (the
 * sum of squares taken in rank order), error bounds, head row, and the
 * number of tail entries (in tq[r + 1], summed up by the caller). */
static void build_rows(void *arg, size_t worker, size_t lo, size_t hi) {
  (void)worker;
  rows_job *rj = arg;
  sim *s = rj->s;
  const es_corpus *c = rj->st->corpus;
  es_weighting wt = c->opts.weighting;
  size_t cap = 256, F = s->F;
  uint64_t *tmp = es__xmalloc(cap * sizeof *tmp);
  for (size_t r = lo; r < hi; r++) {
    const es_doc *d = c->entries[s->row_doc[r]].doc;
    size_t len = s->off[r + 1] - s->off[r], k = 0;
    if (len > cap) {
      free(tmp);
      cap = len;
      tmp = es__xmalloc(cap * sizeof *tmp);
    }
    for (size_t t = 0; t < d->nterms; t++) {
      uint32_t rk = rj->rank_of[es_doc__term(d, t).id];
      if (rk != NO_RANK)
        tmp[k++] = (uint64_t)rk << 32 | es_doc__term(d, t).count;
    }
    if (len > 1)
      qsort(tmp, len, sizeof *tmp, cmp_u64);
    uint32_t *rank = s->rank + s->off[r];
    double *w = s->w + s->off[r];
    double norm = 0;
    for (size_t e = 0; e < len; e++) {
      rank[e] = (uint32_t)(tmp[e] >> 32);
      w[e] = es_stats__tf(wt, (uint32_t)tmp[e]) * rj->idf[rank[e]];
      norm += w[e] * w[e];
    }
    norm = sqrt(norm);
    size_t e = 0;
    for (; e < len; e++)
      w[e] /= norm;
    s->eps[r] = error_bound(len);
    for (e = 0; e < len && rank[e] < F; e++)
      s->head[r * F + rank[e]] = (float)w[e];
    s->tq[r + 1] = len - e;
  }
  free(tmp);
}

static void build(sim *s, const es_stats *st, double head_share, size_t jobs) {
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  s->row_doc = es__xmalloc((c->n ? c->n : 1) * sizeof *s->row_doc);
  s->n = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->entries[i].doc)
      s->row_doc[s->n++] = i;
  size_t n = s->n;

  /* Document frequencies over the analysed essays, stop words excluded. */
  uint32_t *df = es__xcalloc(v ? v : 1, sizeof *df);
  for (size_t r = 0; r < n; r++) {
    const es_doc *d = c->entries[s->row_doc[r]].doc;
    for (size_t t = 0; t < d->nterms; t++)
      if (!st->stop[es_doc__term(d, t).id])
        df[es_doc__term(d, t).id]++;
  }

  /* Canonical order of the terms that occur; idf falls as df grows, so the
   * terms of idf 0 (ltc: df = N) come first: they are skipped, and the
   * others ranked from 0. Then the head. */
  term_key *keys = es__xmalloc((v ? v : 1) * sizeof *keys);
  size_t nk = 0;
  for (size_t id = 0; id < v; id++)
    if (df[id])
      keys[nk++] = (term_key){(uint32_t)id, df[id],
                              es_vocab_str(c->terms, (uint32_t)id, NULL)};
  free(df);
  qsort(keys, nk, sizeof *keys, cmp_term_key);
  es_weighting wt = c->opts.weighting;
  size_t zero = 0;
  while (zero < nk && !(es_stats__idf(wt, n, keys[zero].df) > 0))
    zero++;
  term_key *kept = keys + zero;
  nk -= zero;
  s->nterms = nk;
  s->zero_idf = zero;
  uint32_t *rank_of = es__xmalloc((v ? v : 1) * sizeof *rank_of);
  for (size_t id = 0; id < v; id++)
    rank_of[id] = NO_RANK;
  double *idf = es__xmalloc((nk ? nk : 1) * sizeof *idf);
  for (size_t r = 0; r < nk; r++) {
    rank_of[kept[r].id] = (uint32_t)r;
    idf[r] = es_stats__idf(wt, n, kept[r].df);
  }
  size_t F = 0;
  while (F < nk && (double)kept[F].df >= head_share * (double)n)
    F++;
  s->F = F;

  /* Row offsets over the ranked terms. */
  size_t nnz = 0;
  s->off = es__xmalloc((n + 1) * sizeof *s->off);
  for (size_t r = 0; r < n; r++) {
    const es_doc *d = c->entries[s->row_doc[r]].doc;
    s->off[r] = nnz;
    for (size_t t = 0; t < d->nterms; t++)
      nnz += rank_of[es_doc__term(d, t).id] != NO_RANK;
  }
  s->off[n] = nnz;

  /* The rows, in parallel: each depends only on its essay. */
  s->rank = es__xmalloc((nnz ? nnz : 1) * sizeof *s->rank);
  s->w = es__xmalloc((nnz ? nnz : 1) * sizeof *s->w);
  s->eps = es__xmalloc((n ? n : 1) * sizeof *s->eps);
  s->head = es__xcalloc(n * F > 0 ? n * F : 1, sizeof *s->head);
  s->tq = es__xcalloc(n + 1, sizeof *s->tq);
  rows_job rj = {s, st, rank_of, idf};
  es_parallel_for(n, ROWS_GRAIN, jobs, build_rows, &rj);
  free(rank_of);
  free(idf);
  for (size_t r = 0; r < n; r++)
    s->tq[r + 1] += s->tq[r];
  size_t tnnz = s->tq[n];

  /* Tail posting lists (rows ascending), each followed by its sentinel. */
  size_t nt = nk - F;
  size_t *fill = es__xmalloc((nt ? nt : 1) * sizeof *fill);
  for (size_t t = 0, at = 0; t < nt; t++) {
    fill[t] = at;
    at += kept[F + t].df + 1;
  }
  free(keys);
  s->post = es__xmalloc((tnnz + nt ? tnnz + nt : 1) * sizeof *s->post);
  s->tpos = es__xmalloc((tnnz ? tnnz : 1) * sizeof *s->tpos);
  for (size_t r = 0; r < n; r++) {
    size_t e = s->off[r + 1] - (s->tq[r + 1] - s->tq[r]);
    for (size_t q = s->tq[r]; q < s->tq[r + 1]; q++, e++) {
      size_t p = fill[s->rank[e] - F]++;
      s->post[p] = (posting){(uint32_t)r, (float)s->w[e]};
      s->tpos[q] = p;
    }
  }
  for (size_t t = 0; t < nt; t++)
    s->post[fill[t]] = (posting){NO_ROW, 0};
  free(fill);
}

/* ---- the exact top-k lists --------------------------------------------- */

/* Is (c1, j1) a better neighbour than (c2, j2)? Higher cosine, then the
 * smaller doc_id (rows follow doc_id order). */
static inline bool better(double c1, size_t j1, double c2, size_t j2) {
  return c1 > c2 || (c1 == c2 && j1 < j2);
}

static inline float thr_get(const sim *s, size_t r) {
  uint32_t bits = atomic_load_explicit(&s->thr[r], memory_order_relaxed);
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

static inline void thr_set(sim *s, size_t r, float f) {
  uint32_t bits;
  memcpy(&bits, &f, sizeof bits);
  atomic_store_explicit(&s->thr[r], bits, memory_order_relaxed);
}

/* The largest float <= t, and at least FLT_MIN: a score must be > 0. A pair
 * sharing no term scores exactly 0; one sharing a term scores at least the
 * product of two weights, each >= min tf idf / (sqrt(terms) max tf idf):
 * sklearn >= 1 / (tokens (1 + ln(1 + N))), ltc >= ln(N / (N - 1)) /
 * (sqrt(tokens) (1 + ln tokens) ln N) > 1 / (N sqrt(tokens) (1 + ln
 * tokens) ln N). For a million essays of a million words each weight is
 * above 1e-14 and a product above 1e-28, far above FLT_MIN (1.2e-38), so
 * underflow cannot hide a pair. */
static float float_below(double t) {
  if (!(t > FLT_MIN))
    return FLT_MIN;
  float f = (float)t;
  if ((double)f > t)
    f = nextafterf(f, 0);
  return f;
}

/* Raise row r's threshold to f (it never falls). */
static void thr_raise(sim *s, size_t r, float f) {
  if (f > thr_get(s, r))
    thr_set(s, r, f);
}

/* Put the exactly scored pair (r, other) in row r's list if it belongs. */
static void list_add(sim *s, size_t r, uint32_t other, double cos) {
  size_t kk = s->kk, n = s->ecount[r];
  double *ec = s->ecos + r * kk;
  uint32_t *er = s->erow + r * kk;
  if (n == kk && !better(cos, other, ec[n - 1], er[n - 1]))
    return;
  size_t at = n < kk ? n++ : n - 1;
  while (at > 0 && better(cos, other, ec[at - 1], er[at - 1])) {
    ec[at] = ec[at - 1];
    er[at] = er[at - 1];
    at--;
  }
  ec[at] = cos;
  er[at] = other;
  s->ecount[r] = (uint32_t)n;
  /* Once the list is full a newcomer needs an exact cosine of at least
   * the last one's, so an approximate score of at least that - eps. */
  if (n == kk)
    thr_raise(s, r, float_below(ec[kk - 1] - s->eps[r]));
}

/* ---- the blocked product ----------------------------------------------- */

typedef struct worker {
  sim *s;
  float *S;            /* block_rows x tile_cols approximate scores */
  const posting **cur; /* per tail entry of the block: next posting */
  size_t ncur;
  float *snap;    /* the thresholds as this thread last saw them */
  float *clim;    /* per column of the tile: the limit for its list */
  float *topk;    /* kk x tile_cols: a tile's best scores per column */
  float *tmp;     /* tile_cols */
  double *x;      /* the current row's exact weights by rank; x[nterms] = 0 */
  uint64_t *bits; /* the current row's ranks */
} worker;

static void scatter(worker *wk, size_t i, bool on) {
  const sim *s = wk->s;
  for (size_t e = s->off[i]; e < s->off[i + 1]; e++) {
    size_t r = s->rank[e];
    wk->x[r] = on ? s->w[e] : 0;
    if (on)
      wk->bits[r >> 6] |= (uint64_t)1 << (r & 63);
    else
      wk->bits[r >> 6] = 0;
  }
}

/* Exact cosine of the scattered row and row j: j's terms in rank order,
 * where a term the scattered row lacks adds x[nterms] * w = +0 and leaves
 * the sum unchanged, so this is the sum over shared terms in rank order.
 * The bitmap is small enough to stay in cache, unlike x. */
static double exact_dot(const worker *wk, size_t j) {
  const sim *s = wk->s;
  const double *x = wk->x;
  const uint64_t *bits = wk->bits;
  size_t none = s->nterms;
  double acc = 0;
  for (size_t e = s->off[j]; e < s->off[j + 1]; e++) {
    size_t r = s->rank[e];
    /* A mask, not a branch: whether a term is shared is unpredictable. */
    size_t mask = (size_t)0 - ((bits[r >> 6] >> (r & 63)) & 1);
    acc += x[(r & mask) | (none & ~mask)] * s->w[e];
  }
  return acc;
}

/* The head part of the scores of rows [i0, i1) against rows [c0, c1), by
 * sgemm, into wk->S (row stride c1 - c0). */
static void tile_head(worker *wk, size_t i0, size_t i1, size_t c0, size_t c1) {
  const sim *s = wk->s;
  size_t rows = i1 - i0, cols = c1 - c0, F = s->F;
  if (!F) {
    memset(wk->S, 0, rows * cols * sizeof *wk->S);
    return;
  }
  es_blas__sgemm_nt(rows, cols, F, s->head + i0 * F, s->head + c0 * F, wk->S);
}

/* Add row i's tail part against rows below `end` to its scores (`row`,
 * indexed by row number). cur holds row i's tail entries' next postings,
 * left where the previous tile stopped. */
static void row_tail(const sim *s, float *row, size_t i, const posting **cur,
                     uint32_t end) {
  size_t q1 = s->tq[i + 1];
  size_t e = s->off[i + 1] - (q1 - s->tq[i]);
  for (size_t q = s->tq[i]; q < q1; q++, e++, cur++) {
    /* Each list resumes at a random place: fetch the next ones early. */
    if (q + PREFETCH_AHEAD < q1)
      __builtin_prefetch(cur[PREFETCH_AHEAD]);
    const posting *p = *cur;
    float wi = (float)s->w[e]; /* = row i's own posting's weight */
    for (; p->row < end; p++)
      row[p->row] += wi * p->w;
    *cur = p;
  }
}

/* ---- candidates --------------------------------------------------------
 * An approximate score within eps of the exact cosine is offered to a row
 * as a candidate; it is scored exactly only once the row has seen every
 * pair (resolve_task), or when the row holds pend_max candidates. Rows take
 * pairs in row order, not best first, so a list scored at once would
 * change some 25 times on the way to its final kk (20k essays, k 5),
 * each change an exact cosine, a random row read from memory. Instead the
 * row's best kk approximate scores set the bar: the kk pairs behind them
 * have exact cosines >= (the kk-th - eps), so a pair scoring below (the
 * kk-th - 2 eps) is beaten by kk others and can be dropped, exactly. The
 * result is the same exact top kk, scored for few more than kk pairs. */

typedef struct cand {
  uint32_t row;
  float a; /* approximate score */
} cand;

typedef struct pending {
  cand *c;
  size_t n, cap;
} pending;

/* Score row r's candidates that can still enter its list, exactly, on
 * worker wk's buffers (its x and bits are free), and drop them all. */
static void resolve(worker *wk, size_t r) {
  sim *s = wk->s;
  pending *p = &s->pend[r];
  if (!p->n)
    return;
  scatter(wk, r, true);
  for (size_t q = 0; q < p->n; q++)
    if (p->c[q].a >= thr_get(s, r))
      list_add(s, r, p->c[q].row, exact_dot(wk, p->c[q].row));
  scatter(wk, r, false);
  p->n = 0;
}

/* Offer row r the pair (r, other) with approximate score a. Returns row
 * r's threshold afterwards. */
static float propose(worker *wk, size_t r, uint32_t other, float a) {
  sim *s = wk->s;
  pthread_mutex_t *m = &s->locks[r % NLOCKS];
  pthread_mutex_lock(m);
  size_t kk = s->kk, n = s->acount[r];
  float *ac = s->acos + r * kk;
  if (n < kk || a > ac[n - 1]) {
    size_t at = n < kk ? n++ : n - 1;
    for (; at > 0 && a > ac[at - 1]; at--)
      ac[at] = ac[at - 1];
    ac[at] = a;
    s->acount[r] = (uint32_t)n;
    if (n == kk)
      thr_raise(s, r, float_below((double)ac[kk - 1] - 2 * s->eps[r]));
  }
  if (a >= thr_get(s, r)) {
    pending *p = &s->pend[r];
    if (p->n == s->pend_max)
      resolve(wk, r);
    ES_GROW(p->c, p->cap, p->n + 1);
    p->c[p->n++] = (cand){other, a};
  }
  float thr = thr_get(s, r);
  pthread_mutex_unlock(m);
  return thr;
}

/* After every block: score every row's last candidates. */
static void resolve_task(void *arg, size_t wid, size_t lo, size_t hi) {
  worker *wk = (worker *)arg + wid;
  for (size_t r = lo; r < hi; r++) {
    resolve(wk, r);
    free(wk->s->pend[r].c);
  }
}

/* Row i's approximate scores against rows [j0, j1), all > i: score exactly
 * the pairs that could enter row i's or row j's list, and offer them. */
static void scan_row(worker *wk, const float *row, size_t i, size_t j0,
                     size_t j1, float *clim) {
  sim *s = wk->s;
  float *snap = wk->snap;
  float ti = thr_get(s, i);
  if (snap[i] > ti)
    ti = snap[i];
  for (size_t c = j0; c < j1; c += 16) {
    size_t m = j1 - c < 16 ? j1 - c : 16;
    /* Almost no chunk holds a candidate: test it branch-free first. */
    int hit = 0;
    for (size_t q = 0; q < m; q++) {
      float lim = clim[c + q] < ti ? clim[c + q] : ti;
      hit |= row[c + q] >= lim;
    }
    if (!hit)
      continue;
    for (size_t j = c; j < c + m; j++) {
      if (row[j] >= ti)
        ti = propose(wk, i, (uint32_t)j, row[j]);
      if (row[j] >= clim[j]) {
        snap[j] = propose(wk, j, (uint32_t)i, row[j]);
        if (snap[j] > clim[j])
          clim[j] = snap[j];
      }
    }
  }
  snap[i] = ti;
}

/* Column limits from the tile itself (wk->S holds its full scores): for
 * each column j, the kk best scores among the tile's rows i < j. These kk
 * rows have exact cosines >= (the kk-th score - eps_j), so a row scoring
 * below (the kk-th - 2 eps_j) is beaten by kk others and cannot enter j's
 * list. Worth its cost while the lists are still filling: then nearly
 * every score would pass the lists' own thresholds. */
static void column_limits(worker *wk, size_t i0, size_t i1, size_t c0,
                          size_t c1, float *clim) {
  const sim *s = wk->s;
  size_t kk = s->kk, cols = c1 - c0;
  float *t = wk->topk, *x = wk->tmp;
  memset(t, 0, kk * cols * sizeof *t);
  for (size_t i = i0; i < i1 && i + 1 < c1; i++) {
    const float *row = wk->S + (i - i0) * cols;
    size_t from = (i + 1 > c0 ? i + 1 : c0) - c0;
    memcpy(x + from, row + from, (cols - from) * sizeof *x);
    /* Insert into each column's descending list, level by level, so that
     * the loops run along the columns (vectorized). */
    for (size_t l = 0; l < kk; l++) {
      float *tl = t + l * cols;
      for (size_t q = from; q < cols; q++) {
        float v = x[q], y = tl[q];
        tl[q] = v > y ? v : y;
        x[q] = v > y ? y : v;
      }
    }
  }
  const float *last = t + (kk - 1) * cols;
  for (size_t q = 0; q < cols; q++)
    if (last[q] > 0) {
      float lim = float_below((double)last[q] - 2 * s->eps[c0 + q]);
      if (lim > clim[c0 + q])
        clim[c0 + q] = lim;
    }
}

/* Rows [i0, i1) against every later row, one tile of columns at a time. */
static void block(worker *wk, size_t i0, size_t i1) {
  const sim *s = wk->s;
  size_t q0 = s->tq[i0], q1 = s->tq[i1];
  if (q1 - q0 > wk->ncur) {
    free(wk->cur);
    wk->ncur = q1 - q0;
    wk->cur = es__xmalloc(wk->ncur * sizeof *wk->cur);
  }
  for (size_t q = q0; q < q1; q++)
    wk->cur[q - q0] = s->post + s->tpos[q] + 1;
  /* Other threads raise thresholds meanwhile; a stale (lower) one only
   * costs an extra exact score. */
  for (size_t j = i0; j < s->n; j++)
    wk->snap[j] = thr_get(s, j);
  for (size_t c0 = i0; c0 < s->n; c0 += s->tile_cols) {
    size_t c1 = c0 + s->tile_cols < s->n ? c0 + s->tile_cols : s->n;
    float *clim = wk->clim - c0; /* indexed by row number */
    size_t filling = 0;
    for (size_t j = c0; j < c1; j++) {
      clim[j] = wk->snap[j];
      filling += wk->snap[j] == FLT_MIN;
    }
    tile_head(wk, i0, i1, c0, c1);
    /* Each row's tail, then at once its scan while its scores are in
     * cache; but first every tail and the column limits while many lists
     * are still filling (the first blocks). */
    bool ahead = wk->topk && filling * 8 > c1 - c0;
    const posting **cur = wk->cur;
    for (size_t i = i0; ahead && i < i1; i++) {
      row_tail(s, wk->S + (i - i0) * (c1 - c0) - c0, i, cur, (uint32_t)c1);
      cur += s->tq[i + 1] - s->tq[i];
    }
    if (ahead)
      column_limits(wk, i0, i1, c0, c1, clim);
    for (size_t i = i0; i < i1; i++) {
      float *row = wk->S + (i - i0) * (c1 - c0) - c0;
      if (!ahead) {
        row_tail(s, row, i, cur, (uint32_t)c1);
        cur += s->tq[i + 1] - s->tq[i];
      }
      if (i + 1 < c1)
        scan_row(wk, row, i, i + 1 > c0 ? i + 1 : c0, c1, clim);
    }
  }
}

/* This share's blocks [lo, hi) of rows, on worker `wid`'s buffers. */
static void block_task(void *arg, size_t wid, size_t lo, size_t hi) {
  worker *wk = (worker *)arg + wid;
  const sim *s = wk->s;
  for (size_t idx = lo; idx < hi; idx++) {
    size_t b = es_share_item(idx, s->share, s->nshares);
    size_t i0 = b * s->block_rows;
    size_t i1 = i0 + s->block_rows < s->n ? i0 + s->block_rows : s->n;
    block(wk, i0, i1);
    /* Rows i0..i1 - 1 against every later row. */
    size_t rows = i1 - i0, left = s->n - i0;
    es_phase_add(s->phase, (uint64_t)(rows * left - rows * (rows + 1) / 2));
  }
}

/* Row blocks of this share, and the pairs they compare. */
static size_t share_blocks(const sim *s, uint64_t *pairs) {
  size_t n = s->n, nblocks = (n + s->block_rows - 1) / s->block_rows, idx = 0;
  *pairs = 0;
  for (size_t b; (b = es_share_item(idx, s->share, s->nshares)) < nblocks;
       idx++) {
    size_t i0 = b * s->block_rows;
    size_t rows = (i0 + s->block_rows < n ? i0 + s->block_rows : n) - i0;
    *pairs += (uint64_t)(rows * (n - i0) - rows * (rows + 1) / 2);
  }
  return idx;
}

static void run(sim *s, size_t jobs) {
  size_t n = s->n;
  uint64_t pairs;
  size_t nblocks = share_blocks(s, &pairs);
  size_t tile = s->block_rows * s->tile_cols * sizeof(float);
  size_t per = tile + n * sizeof(float) + (s->nterms + 1) * 9 +
               (LIMITS_MAX_K + 2) * s->tile_cols * sizeof(float);
  if (jobs > nblocks)
    jobs = nblocks;
  if (jobs > THREADS_BUDGET / per)
    jobs = THREADS_BUDGET / per;
  if (jobs < 1)
    jobs = 1;
  es_blas__init(); /* before the threads: it may set the environment */
  worker *wk = es__xcalloc(jobs, sizeof *wk);
  for (size_t t = 0; t < jobs; t++) {
    wk[t].s = s;
    wk[t].S = es__xmalloc(tile);
    wk[t].snap = es__xmalloc(n * sizeof *wk[t].snap);
    wk[t].x = es__xcalloc(s->nterms + 1, sizeof *wk[t].x);
    wk[t].bits = es__xcalloc(s->nterms / 64 + 1, sizeof *wk[t].bits);
    wk[t].clim = es__xmalloc(s->tile_cols * sizeof *wk[t].clim);
    if (s->kk <= LIMITS_MAX_K) {
      wk[t].topk = es__xmalloc(s->kk * s->tile_cols * sizeof *wk[t].topk);
      wk[t].tmp = es__xmalloc(s->tile_cols * sizeof *wk[t].tmp);
    }
  }
  es_parallel_for(nblocks, 1, jobs, block_task, wk);
  es_parallel_for(n, 1024, jobs, resolve_task, wk);
  for (size_t t = 0; t < jobs; t++) {
    free(wk[t].S);
    free(wk[t].cur);
    free(wk[t].snap);
    free(wk[t].x);
    free(wk[t].bits);
    free(wk[t].clim);
    free(wk[t].topk);
    free(wk[t].tmp);
  }
  free(wk);
}

/* ---- results ----------------------------------------------------------- */

/* |A ∩ B| of two ascending id arrays. */
static size_t intersect(const uint32_t *a, size_t na, const uint32_t *b,
                        size_t nb) {
  size_t i = 0, j = 0, n = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j])
      i++;
    else if (a[i] > b[j])
      j++;
    else {
      n++;
      i++;
      j++;
    }
  }
  return n;
}

static void sim_free(sim *s) {
  free(s->row_doc);
  free(s->off);
  free(s->rank);
  free(s->w);
  free(s->eps);
  free(s->head);
  free(s->tq);
  free(s->tpos);
  free(s->post);
  free(s->ecos);
  free(s->erow);
  free(s->ecount);
  free(s->acos);
  free(s->acount);
  free(s->pend);
  free((void *)s->thr);
}

es_sim_part *es_sim__share(const es_stats *st, es_phase *phase,
                           const es_sim_params *p, unsigned rank,
                           unsigned nranks) {
  size_t jobs = p->jobs > 0 ? p->jobs : 1;
  size_t k = p->top_k;
  sim s;
  memset(&s, 0, sizeof s);
  s.block_rows = p->block_rows;
  s.tile_cols = p->tile_cols;
  s.share = rank;
  s.nshares = nranks;
  build(&s, st, p->head_share, jobs);
  size_t n = s.n;

  /* Each row keeps its best max(k, 1): the best one is needed whatever k
   * is, for the near_duplicate audit. There are only n - 1 others. */
  s.kk = k ? k : 1;
  if (s.kk > (n ? n - 1 : 0))
    s.kk = n ? n - 1 : 0;
  size_t slots = n * s.kk;
  s.ecos = es__xmalloc((slots ? slots : 1) * sizeof *s.ecos);
  s.erow = es__xmalloc((slots ? slots : 1) * sizeof *s.erow);
  s.ecount = es__xcalloc(n ? n : 1, sizeof *s.ecount);
  s.acos = es__xmalloc((slots ? slots : 1) * sizeof *s.acos);
  s.acount = es__xcalloc(n ? n : 1, sizeof *s.acount);
  s.pend = es__xcalloc(n ? n : 1, sizeof *s.pend);
  s.pend_max = 8 * s.kk > 64 ? 8 * s.kk : 64;
  s.thr = es__xmalloc((n ? n : 1) * sizeof *s.thr);
  for (size_t r = 0; r < n; r++) {
    atomic_init(&s.thr[r], 0);
    thr_set(&s, r, FLT_MIN);
  }
  for (size_t l = 0; l < NLOCKS; l++)
    pthread_mutex_init(&s.locks[l], NULL);
  s.phase = phase;
  uint64_t pairs;
  share_blocks(&s, &pairs);
  es_phase_set_total(s.phase, "pair", pairs);
  if (s.kk > 0)
    run(&s, jobs);
  for (size_t l = 0; l < NLOCKS; l++)
    pthread_mutex_destroy(&s.locks[l]);

  es_sim_part *sp = es__xcalloc(1, sizeof *sp);
  sp->n = n;
  sp->kk = s.kk;
  sp->k = k;
  sp->min_sim = p->min_similarity;
  sp->row_doc = s.row_doc;
  sp->ecos = s.ecos;
  sp->erow = s.erow;
  sp->ecount = s.ecount;
  s.row_doc = NULL;
  s.ecos = NULL;
  s.erow = NULL;
  s.ecount = NULL;
  sim_free(&s);
  return sp;
}

bool es_sim__check(const es_sim_part *sp, size_t r, const double *cos,
                   const uint32_t *rows, size_t m) {
  if (r >= sp->n || m > sp->kk)
    return false;
  for (size_t q = 0; q < m; q++)
    if (rows[q] >= sp->n || rows[q] == r || !isfinite(cos[q]) ||
        (q && !better(cos[q - 1], rows[q - 1], cos[q], rows[q])))
      return false;
  return true;
}

bool es_sim__merge(es_sim_part *sp, size_t r, const double *cos,
                   const uint32_t *rows, size_t m) {
  if (!es_sim__check(sp, r, cos, rows, m))
    return false;
  size_t kk = sp->kk;
  /* Both lists best first: merge them into the best kk, a row once. */
  double *ec = sp->ecos + r * kk;
  uint32_t *er = sp->erow + r * kk;
  size_t have = sp->ecount[r];
  if (!sp->mc) { /* scratch for the merged list, kept for the next rows */
    sp->mc = es__xmalloc((kk ? kk : 1) * sizeof *sp->mc);
    sp->mr = es__xmalloc((kk ? kk : 1) * sizeof *sp->mr);
  }
  double *mc = sp->mc;
  uint32_t *mr = sp->mr;
  size_t a = 0, b = 0, out = 0;
  while (out < kk && (a < have || b < m)) {
    bool take_a = b >= m || (a < have && better(ec[a], er[a], cos[b], rows[b]));
    double c = take_a ? ec[a] : cos[b];
    uint32_t j = take_a ? er[a++] : rows[b++];
    /* A pair has one exact cosine whoever scored it, so a pair in both
     * lists comes out twice in a row: keep it once. */
    if (out && mr[out - 1] == j && mc[out - 1] == c)
      continue;
    mc[out] = c;
    mr[out++] = j;
  }
  memcpy(ec, mc, out * sizeof *ec);
  memcpy(er, mr, out * sizeof *er);
  sp->ecount[r] = (uint32_t)out;
  return true;
}

void es_sim__part_free(es_sim_part *sp) {
  if (!sp)
    return;
  free(sp->row_doc);
  free(sp->ecos);
  free(sp->erow);
  free(sp->ecount);
  free(sp->mc);
  free(sp->mr);
  free(sp);
}

void es_sim__finish(es_stats *st, es_sim_part *sp) {
  const es_corpus *c = st->corpus;
  size_t n = sp->n, k = sp->k, kk = sp->kk;
  double min_sim = sp->min_sim;
  free(st->nb_off);
  free(st->nbs);
  free(st->best_cos);
  free(st->best_doc);

  /* Results by corpus index, neighbours named by corpus index: the prefix
   * of each list that passes --min-similarity, at most k. */
  st->nb_off = es__xcalloc(c->n + 1, sizeof *st->nb_off);
  st->best_cos = es__xmalloc((c->n ? c->n : 1) * sizeof *st->best_cos);
  st->best_doc = es__xmalloc((c->n ? c->n : 1) * sizeof *st->best_doc);
  for (size_t i = 0; i < c->n; i++) {
    st->best_cos[i] = -1;
    st->best_doc[i] = SIZE_MAX;
  }
  size_t total = 0;
  for (size_t r = 0; r < n; r++)
    for (size_t q = 0; q < sp->ecount[r] && q < k; q++)
      if (sp->ecos[r * kk + q] >= min_sim)
        total++;
  st->nbs = es__xmalloc((total ? total : 1) * sizeof *st->nbs);
  size_t pos = 0;
  for (size_t i = 0, r = 0; i < c->n; i++) {
    st->nb_off[i] = pos;
    if (r >= n || sp->row_doc[r] != i)
      continue;
    const es_doc *a = c->entries[i].doc;
    const double *ec = sp->ecos + r * kk;
    const uint32_t *er = sp->erow + r * kk;
    for (size_t q = 0; q < sp->ecount[r] && q < k && ec[q] >= min_sim; q++) {
      size_t j = sp->row_doc[er[q]];
      const es_doc *b = c->entries[j].doc;
      size_t shared = intersect(a->keys, a->nkeys, b->keys, b->nkeys);
      size_t uni = a->nkeys + b->nkeys - shared;
      es_neighbor nb;
      nb.doc = j;
      nb.cosine = ec[q];
      nb.shared_key_terms = shared;
      nb.keyterm_jaccard = uni ? (double)shared / (double)uni : NAN;
      st->nbs[pos++] = nb;
    }
    if (sp->ecount[r]) {
      st->best_cos[i] = ec[0];
      st->best_doc[i] = sp->row_doc[er[0]];
    }
    r++;
  }
  st->nb_off[c->n] = pos;
  es_sim__part_free(sp);
}

void es_stats__similarity_with(es_stats *st, const es_sim_params *p) {
  es_sim__finish(st, es_sim__share(st, &st->phase, p, 0, 1));
}

void es_sim_params_default(es_sim_params *p, const es_corpus *c) {
  p->head_share = es_blas__head_share();
  p->block_rows = BLOCK_ROWS;
  p->tile_cols = TILE_COLS;
  p->jobs = (size_t)(c->opts.jobs > 0 ? c->opts.jobs : 1);
  p->top_k = c->opts.top_k > 0 ? (size_t)c->opts.top_k : 0;
  p->min_similarity = c->opts.min_similarity;
}

void es_stats__similarity(es_stats *st) {
  es_sim_params p;
  es_sim_params_default(&p, st->corpus);
  es_stats__similarity_with(st, &p);
}
