/* duplicates.c - near-duplicate clusters and template shares of a corpus
 * (SPEC v2 section 3 and 7): each analysed essay's shingles are hashed to
 * 64 bits and handed to the exact join of dupes.c.
 *
 * A shingle is a run of K consecutive terms of the essay's term sequence
 * (stop words kept, across blocks); an essay with 1 <= m < K terms has the
 * one shingle of all its terms. Its 64-bit token (es_dupes_token) is a
 * polynomial hash of the terms' own 64-bit string hashes, mod 2^64, with
 * the run's length mixed in, then a bijective finalizer, so the top bits
 * that dupes.c partitions by are uniform. It is rolled along the essay:
 * two multiplications a shingle, whatever K.
 *
 * Hash collisions: two different shingles with one token would count as
 * one, which could only raise or lower a Jaccard by one shingle's weight.
 * With D distinct shingles in the corpus the chance that any two collide
 * is about D^2 / 2^65: 1e-4 for 100,000 generated essays (D = 6e7),
 * 3e-8 for 1,000 real ones; test_dupes checks the tokens of distinct
 * shingles of a large vocabulary for collisions. Term strings are hashed,
 * not term ids, so the tokens (and any collision) are the same from run
 * to run whatever the thread count. */
#include "stats.h"
#include "dupes.h"

#include <math.h>
#include <stdlib.h>

#define SHINGLE_BASE ES_DUPES_BASE

typedef struct shingle_ctx {
  const es_corpus *c;
  const size_t *docs; /* join index -> corpus index */
  uint64_t *th;       /* term id -> hash of its string */
  size_t k;
  uint64_t base_k; /* SHINGLE_BASE^k */
} shingle_ctx;

/* The essay's shingle tokens, in order (repeats included). */
static uint32_t shingles(void *arg, size_t i, uint64_t **buf, size_t *cap) {
  const shingle_ctx *x = arg;
  const es_doc *d = x->c->entries[x->docs[i]].doc;
  size_t n = d->nseq, k = x->k;
  if (!n)
    return 0;
  size_t out = n < k ? 1 : n - k + 1;
  if (*cap < out) {
    *cap = out;
    *buf = es__xrealloc(*buf, out * sizeof **buf);
  }
  uint64_t *b = *buf;
  if (n < k) {
    const uint8_t *p = d->seq;
    uint64_t h = 0;
    for (size_t j = 0; j < n; j++)
      h = h * SHINGLE_BASE + x->th[es_doc__seq_next(&p)];
    b[0] = es_dupes_token(h, n);
    return 1;
  }
  /* Rolling: h = sum th[t(i+j)] B^(k-1-j); the leaving term is read by a
   * second cursor k terms behind. */
  const uint8_t *head = d->seq, *tail = d->seq;
  uint64_t h = 0;
  for (size_t j = 0; j < k; j++)
    h = h * SHINGLE_BASE + x->th[es_doc__seq_next(&head)];
  b[0] = es_dupes_token(h, k);
  for (size_t s = 1; s < out; s++) {
    h = h * SHINGLE_BASE + x->th[es_doc__seq_next(&head)] -
        x->base_k * x->th[es_doc__seq_next(&tail)];
    b[s] = es_dupes_token(h, k);
  }
  return (uint32_t)out;
}

/* Set *x up for corpus c: the join's documents are its analysed essays in
 * name order (returned, *m of them, for the caller to free), and x->th
 * hashes every term's string (the caller frees it). */
static size_t *shingle_setup(const es_corpus *c, shingle_ctx *x, size_t *m) {
  size_t n = c->n;
  size_t *docs = es__xmalloc((n ? n : 1) * sizeof *docs);
  *m = 0;
  for (size_t i = 0; i < n; i++)
    if (c->entries[i].doc)
      docs[(*m)++] = i;
  size_t nv = es_vocab_count(c->terms);
  uint64_t *th = es__xmalloc((nv ? nv : 1) * sizeof *th);
  for (size_t t = 0; t < nv; t++) {
    size_t len;
    const char *s = es_vocab_str(c->terms, (uint32_t)t, &len);
    th[t] = es_hash(s, len);
  }
  *x = (shingle_ctx){c, docs, th, (size_t)c->opts.shingle, 1};
  for (size_t j = 0; j < x->k; j++)
    x->base_k *= SHINGLE_BASE;
  return docs;
}

es_dup_part *es_stats__duplicates_share(es_stats *st, unsigned rank,
                                        unsigned nranks) {
  const es_corpus *c = st->corpus;
  shingle_ctx x;
  size_t m;
  size_t *docs = shingle_setup(c, &x, &m);
  /* A shingle is formulaic when in at least max(3, ceil(N / 100)) of the N
   * analysed essays. */
  size_t freq = (m + 99) / 100;
  if (freq < 3)
    freq = 3;
  es_dupes_input in = {.n = m,
                       .tokens = shingles,
                       .ctx = &x,
                       .threshold = c->opts.dup_threshold,
                       .frequent_docs =
                           (uint32_t)(freq < UINT32_MAX ? freq : UINT32_MAX),
                       .jobs = (size_t)c->opts.jobs,
                       .phase = &st->phase};
  for (size_t j = 0; j < m; j++)
    in.tokens_hint += c->entries[docs[j]].doc->nseq;
  es_dup_part *dp = es__xmalloc(sizeof *dp);
  dp->join = es_dupes_prepare(&in);
  dp->docs = docs;
  dp->m = m;
  free(x.th);
  es_dupes_join_share(dp->join, rank, nranks);
  return dp;
}

void es_stats__duplicates_finish(es_stats *st, es_dup_part *dp) {
  const es_corpus *c = st->corpus;
  size_t n = c->n;
  free(st->dups);
  free(st->template_share);
  st->dups = es__xcalloc(n ? n : 1, sizeof *st->dups);
  st->template_share = es__xmalloc((n ? n : 1) * sizeof *st->template_share);
  for (size_t i = 0; i < n; i++)
    st->template_share[i] = NAN;
  es_dupes *r = es_dupes_finish(dp->join);
  const size_t *docs = dp->docs;
  for (size_t j = 0; j < dp->m; j++) {
    size_t i = docs[j];
    if (r->distinct[j])
      st->template_share[i] = (double)r->frequent[j] / r->distinct[j];
    if (r->cluster[j] != ES_DUPES_NONE)
      st->dups[i] = (es_duplicate){docs[r->cluster[j]], r->size[j],
                                   docs[r->nearest[j]], r->jaccard[j]};
  }
  es_dupes_free(r);
  free(dp->docs);
  free(dp);
}

void es_stats__dup_part_free(es_dup_part *dp) {
  if (!dp)
    return;
  es_dupes_join_free(dp->join);
  free(dp->docs);
  free(dp);
}

void es_stats__duplicates(es_stats *st) {
  es_stats__duplicates_finish(st, es_stats__duplicates_share(st, 0, 1));
}
