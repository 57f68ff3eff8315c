/* keyness.c - which terms set each group apart from the rest of the
 * corpus: for every group but "(all)", the signed log-likelihood G2 of
 * each term over the 2x2 table (term, other terms) x (group, rest), its
 * chi-squared p and Hardie's Log Ratio (measures.c).
 *
 * Counts are dense arrays by term id. Per group, the terms it holds come
 * from walking its essays; the terms it lacks are every other term of the
 * corpus, and only those with p < 0.05 (significantly avoided) are kept.
 * The rest of a group is every analysed essay outside it, so its counts
 * are the corpus's minus the group's. */
#include "stats.h"
#include "measures.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_row(const void *a, const void *b) {
  const es_keyness_row *x = a, *y = b;
  if (x->g2 != y->g2)
    return x->g2 > y->g2 ? -1 : 1;
  return strcmp(x->term, y->term);
}

static void fill(es_keyness_row *r, const char *term, uint64_t a, uint64_t A,
                 uint64_t b, uint64_t B, uint64_t docs,
                 const es_keyness_stat *k) {
  r->term = term;
  r->count = a;
  r->count_rest = b;
  r->per_1000 = 1000.0 * (double)a / (double)A;
  r->per_1000_rest = B ? 1000.0 * (double)b / (double)B : NAN;
  r->g2 = k->g2;
  r->p = k->p;
  r->log_ratio = k->has_log_ratio ? k->log_ratio : NAN;
  r->docs = docs;
}

void es_stats__keyness(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  st->keyness = es__xcalloc(st->ngroups, sizeof *st->keyness);
  uint64_t *total = es__xcalloc(v ? v : 1, sizeof *total);
  uint64_t *count = es__xcalloc(v ? v : 1, sizeof *count);
  uint64_t *docs = es__xcalloc(v ? v : 1, sizeof *docs);
  uint32_t *touched = es__xmalloc((v ? v : 1) * sizeof *touched);
  uint64_t all = 0;
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    for (size_t t = 0; t < d->nterms; t++)
      if (!st->stop[es_doc__term(d, t).id]) {
        total[es_doc__term(d, t).id] += es_doc__term(d, t).count;
        all += es_doc__term(d, t).count;
      }
  }
  for (size_t g = 1; g < st->ngroups; g++) {
    size_t nt = 0;
    uint64_t A = 0;
    /* The group's members (stats.h), each once: an essay in several
     * groups counts in each, and the rest is every other analysed essay. */
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++) {
      const es_doc *d = c->entries[st->gmem[k]].doc;
      for (size_t t = 0; t < d->nterms; t++) {
        uint32_t id = es_doc__term(d, t).id;
        if (st->stop[id])
          continue;
        if (docs[id]++ == 0)
          touched[nt++] = id;
        count[id] += es_doc__term(d, t).count;
        A += es_doc__term(d, t).count;
      }
    }
    es_keyness_table *tab = &st->keyness[g];
    uint64_t B = all - A;
    size_t cap = nt;
    tab->rows = es__xmalloc((cap ? cap : 1) * sizeof *tab->rows);
    es_keyness_stat k;
    for (size_t j = 0; A && j < nt; j++) {
      uint32_t id = touched[j];
      if (total[id] < c->opts.min_count)
        continue;
      es_measures__keyness(&k, count[id], A, total[id] - count[id], B);
      fill(&tab->rows[tab->n++], es_vocab_str(c->terms, id, NULL), count[id], A,
           total[id] - count[id], B, docs[id], &k);
    }
    /* Terms the group lacks: kept when significantly avoided. With no
     * rest (B = 0) every term is in the group. */
    for (uint32_t id = 0; A && B && id < v; id++) {
      if (count[id] || !total[id] || st->stop[id])
        continue;
      es_measures__keyness(&k, 0, A, total[id], B);
      if (!(k.p < 0.05))
        continue;
      ES_GROW(tab->rows, cap, tab->n + 1);
      fill(&tab->rows[tab->n++], es_vocab_str(c->terms, id, NULL), 0, A,
           total[id], B, 0, &k);
    }
    for (size_t j = 0; j < nt; j++)
      count[touched[j]] = docs[touched[j]] = 0;
    if (tab->n > 1)
      qsort(tab->rows, tab->n, sizeof *tab->rows, cmp_row);
  }
  free(total);
  free(count);
  free(docs);
  free(touched);
}
