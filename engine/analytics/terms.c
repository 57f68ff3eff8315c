/* terms.c - term and key-term frequencies, per group.
 *
 * Each group is counted on its own with dense counters indexed by term id
 * and a list of the ids touched, so the cost is the number of (essay, term)
 * pairs of each group's members (stats.h): an essay in several groups is
 * counted in each. */
#include "stats.h"
#include "measures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_term_row(const void *a, const void *b) {
  const es_term_row *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp(x->term, y->term);
}

/* Each essay's terms after --stopwords (0 for essays not analysed). */
static uint64_t *doc_term_totals(const es_stats *st) {
  const es_corpus *c = st->corpus;
  uint64_t *tot = es__xcalloc(c->n ? c->n : 1, sizeof *tot);
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    for (size_t t = 0; t < d->nterms; t++)
      if (!st->stop[d->terms[t].id])
        tot[i] += d->terms[t].count;
  }
  return tot;
}

void es_stats__terms(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  uint64_t *count = es__xcalloc(v ? v : 1, sizeof *count);
  uint64_t *df = es__xcalloc(v ? v : 1, sizeof *df);
  uint32_t *touched = es__xmalloc((v ? v : 1) * sizeof *touched);
  double *dp = es__xcalloc(v ? v : 1, sizeof *dp); /* es_measures__dp_add */
  uint64_t *doc_terms = doc_term_totals(st);
  st->terms = es__xcalloc(st->ngroups, sizeof *st->terms);
  for (size_t g = 0; g < st->ngroups; g++) {
    size_t nt = 0, n = st->gmem_off[g + 1] - st->gmem_off[g];
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++) {
      const es_doc *d = c->entries[st->gmem[k]].doc;
      for (size_t t = 0; t < d->nterms; t++) {
        uint32_t id = d->terms[t].id;
        if (st->stop[id])
          continue;
        if (df[id]++ == 0)
          touched[nt++] = id;
        count[id] += d->terms[t].count;
      }
    }
    /* Gries' DP needs each term's total first: a second walk. */
    uint64_t part = 0;
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++)
      part += doc_terms[st->gmem[k]];
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++) {
      const es_doc *d = c->entries[st->gmem[k]].doc;
      for (size_t t = 0; t < d->nterms; t++) {
        uint32_t id = d->terms[t].id;
        if (!st->stop[id])
          dp[id] = es_measures__dp_add(dp[id], d->terms[t].count, count[id],
                                       doc_terms[st->gmem[k]], part);
      }
    }
    es_term_table *tab = &st->terms[g];
    tab->rows = es__xmalloc((nt ? nt : 1) * sizeof *tab->rows);
    for (size_t k = 0; k < nt; k++) {
      uint32_t id = touched[k];
      if (count[id] >= c->opts.min_count) {
        es_term_row *r = &tab->rows[tab->n++];
        r->term = es_vocab_str(c->terms, id, NULL);
        r->count = count[id];
        r->docs = df[id];
        r->doc_share = (double)df[id] / (double)n;
        r->idf = es_stats__idf(c->opts.weighting, n, df[id]);
        r->per_1000 = 1000.0 * (double)count[id] / (double)part;
        r->dp = es_measures__dp_value(dp[id]);
      }
      count[id] = df[id] = 0;
      dp[id] = 0;
    }
    qsort(tab->rows, tab->n, sizeof *tab->rows, cmp_term_row);
  }
  free(count);
  free(df);
  free(touched);
  free(dp);
  free(doc_terms);
}

/* ---- key terms --------------------------------------------------------- */

typedef struct kt_occ {
  uint32_t key;
  es_keyterm_kind kind;
  const char *text;
  size_t doc;
} kt_occ;

static int cmp_occ(const void *a, const void *b) {
  const kt_occ *x = a, *y = b;
  if (x->key != y->key)
    return x->key < y->key ? -1 : 1;
  int c = strcmp(x->text, y->text);
  if (c)
    return c;
  return (x->doc > y->doc) - (x->doc < y->doc);
}

static int cmp_keyterm_row(const void *a, const void *b) {
  const es_keyterm_row *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp(x->key, y->key);
}

void es_stats__keyterms(es_stats *st) {
  const es_corpus *c = st->corpus;
  st->keyterms = es__xcalloc(st->ngroups, sizeof *st->keyterms);
  kt_occ *occ = NULL;
  size_t cap = 0;
  /* seen[essay] = the last key run it was counted in; runs are numbered
   * across all groups so the array never needs clearing. */
  size_t *seen = es__xcalloc(c->n ? c->n : 1, sizeof *seen);
  size_t run = 0;
  for (size_t g = 0; g < st->ngroups; g++) {
    size_t n = 0;
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++) {
      size_t i = st->gmem[k];
      const es_doc *d = c->entries[i].doc;
      ES_GROW(occ, cap, n + d->nkeyterms);
      for (size_t t = 0; t < d->nkeyterms; t++)
        occ[n++] = (kt_occ){d->keyterm_ids[t], d->keyterms[t].kind,
                            d->keyterms[t].text, i};
    }
    /* Sorted by key, then written form: each key is one run, and within it
     * each written form a sub-run. */
    if (n > 1) /* occ is NULL until some group has a key term */
      qsort(occ, n, sizeof *occ, cmp_occ);
    es_keyterm_table *tab = &st->keyterms[g];
    tab->rows = NULL;
    size_t rows_cap = 0;
    for (size_t a = 0; a < n;) {
      size_t b = a;
      while (b < n && occ[b].key == occ[a].key)
        b++;
      ES_GROW(tab->rows, rows_cap, tab->n + 1);
      es_keyterm_row *r = &tab->rows[tab->n++];
      memset(r, 0, sizeof *r);
      r->key = es_vocab_str(c->keys, occ[a].key, NULL);
      size_t best = 0, first_doc = SIZE_MAX;
      size_t docs = 0;
      for (size_t f = a; f < b;) {
        size_t e = f;
        while (e < b && strcmp(occ[e].text, occ[f].text) == 0)
          e++;
        if (e - f > best) { /* ties keep the bytewise smaller form */
          best = e - f;
          r->term = occ[f].text;
        }
        f = e;
      }
      for (size_t f = a; f < b; f++) {
        r->count++;
        if (occ[f].kind == ES_KEYTERM_LABEL)
          r->label_count++;
        else
          r->inline_count++;
        if (occ[f].doc < first_doc)
          first_doc = occ[f].doc;
      }
      /* Distinct essays: mark each essay with the run it was last seen in. */
      run++;
      for (size_t f = a; f < b; f++)
        if (seen[occ[f].doc] != run) {
          seen[occ[f].doc] = run;
          docs++;
        }
      r->docs = docs;
      r->first_doc = c->entries[first_doc].id;
      a = b;
    }
    if (tab->n > 1) /* rows stay NULL for a group without key terms */
      /* tab->rows holds tab->n > 1 rows here. */
      /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
      qsort(tab->rows, tab->n, sizeof *tab->rows, cmp_keyterm_row);
  }
  free(occ);
  free(seen);
}
