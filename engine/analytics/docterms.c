/* docterms.c - per-essay term weights for the docterms report: each
 * essay's distinct terms (after --stopwords), sorted bytewise, with their
 * L2-normalized TF-IDF weight under --weighting (es_stats__tf,
 * es_stats__idf: the weights of the similarity vectors).
 *
 * Computing needs two arrays by term id: the idf (from the document
 * frequency over all analysed essays) and the term's bytewise rank, so
 * that sorting an essay's terms compares integers. The rows themselves are
 * made one essay at a time when the report asks (es_stats_docterms): the
 * whole table is as large as the corpus and is never held. */
#include "stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const es_intern *strings_of(const es_stats *st) {
  return st->corpus->terms->strings;
}

static int cmp_id_str(uint32_t a, uint32_t b, const es_intern *in) {
  return strcmp(es_intern_str(in, a, NULL), es_intern_str(in, b, NULL));
}

/* qsort has no context argument in C11; sort ids by their strings with a
 * small merge sort instead. */
static void sort_ids(uint32_t *ids, uint32_t *tmp, size_t n,
                     const es_intern *in) {
  if (n < 2)
    return;
  size_t h = n / 2;
  sort_ids(ids, tmp, h, in);
  sort_ids(ids + h, tmp, n - h, in);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    tmp[k++] = cmp_id_str(ids[j], ids[i], in) < 0 ? ids[j++] : ids[i++];
  while (i < h)
    tmp[k++] = ids[i++];
  while (j < n)
    tmp[k++] = ids[j++];
  memcpy(ids, tmp, n * sizeof *ids);
}

void es_stats__docterms(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  uint64_t *df = es__xcalloc(v ? v : 1, sizeof *df);
  size_t n = 0;
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    n++;
    for (size_t t = 0; t < d->nterms; t++)
      df[es_doc__term(d, t).id]++;
  }
  st->idf = es__xcalloc(v ? v : 1, sizeof *st->idf);
  for (size_t id = 0; id < v; id++)
    if (df[id])
      st->idf[id] = es_stats__idf(c->opts.weighting, n, df[id]);
  free(df);
  uint32_t *ids = es__xmalloc((v ? v : 1) * sizeof *ids);
  uint32_t *tmp = es__xmalloc((v ? v : 1) * sizeof *tmp);
  for (size_t id = 0; id < v; id++)
    ids[id] = (uint32_t)id;
  sort_ids(ids, tmp, v, strings_of(st));
  st->term_rank = tmp;
  for (size_t r = 0; r < v; r++)
    st->term_rank[ids[r]] = (uint32_t)r;
  free(ids);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return (x > y) - (x < y);
}

size_t es_stats_docterms(const es_stats *st, size_t doc, es_docterm *rows,
                         size_t cap) {
  if (!st->term_rank || doc >= st->corpus->n || !st->corpus->entries[doc].doc)
    return 0;
  const es_doc *d = st->corpus->entries[doc].doc;
  size_t n = 0;
  for (size_t t = 0; t < d->nterms; t++)
    n += !st->stop[es_doc__term(d, t).id];
  if (n > cap)
    return n;
  /* Sort (rank, position) keys: ranks are distinct, so no ties. */
  uint64_t stack[512];
  uint64_t *key = n <= 512 ? stack : es__xmalloc(n * sizeof *key);
  size_t k = 0;
  double norm = 0;
  for (size_t t = 0; t < d->nterms; t++) {
    uint32_t id = es_doc__term(d, t).id;
    if (st->stop[id])
      continue;
    key[k++] = (uint64_t)st->term_rank[id] << 32 | t;
    double w =
        es_stats__tf(st->corpus->opts.weighting, es_doc__term(d, t).count) *
        st->idf[id];
    norm += w * w;
  }
  qsort(key, n, sizeof *key, cmp_u64);
  norm = sqrt(norm);
  for (size_t j = 0; j < n; j++) {
    es_term_count tc = es_doc__term(d, key[j] & 0xffffffffu);
    double w =
        es_stats__tf(st->corpus->opts.weighting, tc.count) * st->idf[tc.id];
    rows[j].term = es_intern_str(strings_of(st), tc.id, NULL);
    rows[j].count = tc.count;
    rows[j].tf_idf = norm > 0 ? w / norm : 0;
  }
  if (key != stack)
    free(key);
  return n;
}
