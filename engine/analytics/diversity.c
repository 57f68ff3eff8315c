/* diversity.c - per-essay lexical diversity for the essays report: types,
 * TTR, MATTR and MTLD (measures.c) over each essay's terms in document
 * order, stop words kept.
 *
 * Essays are independent, so they are shared among --jobs workers; each
 * worker decodes an essay's sequence into its own buffer and counts in its
 * own array indexed by term id (left zeroed after each essay, so it is
 * cleared once). Results are stored by essay index: the same for any
 * --jobs. */
#include "stats.h"
#include "measures.h"

#include <math.h>
#include <stdlib.h>

typedef struct worker {
  uint32_t *scratch; /* per term id */
  uint32_t *seq;
  size_t cap;
} worker;

typedef struct job {
  es_stats *st;
  worker *w;
  size_t vocab;
} job;

static void run(void *arg, size_t wid, size_t lo, size_t hi) {
  job *j = arg;
  worker *w = &j->w[wid];
  const es_corpus *c = j->st->corpus;
  if (!w->scratch)
    w->scratch = es__xcalloc(j->vocab ? j->vocab : 1, sizeof *w->scratch);
  for (size_t i = lo; i < hi; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    if (d->nseq > w->cap) {
      free(w->seq);
      w->cap = d->nseq;
      w->seq = es__xmalloc(w->cap * sizeof *w->seq);
    }
    es_doc__seq_decode(d, w->seq);
    es_lexdiv m;
    es_measures__lexdiv(&m, w->seq, d->nseq, w->scratch);
    es_diversity *out = &j->st->diversity[i];
    out->terms = m.terms;
    out->types = m.types;
    out->ttr = m.terms ? m.ttr : NAN;
    out->mattr = m.terms ? m.mattr : NAN;
    out->mtld = m.has_mtld ? m.mtld : NAN;
  }
}

void es_stats__diversity(es_stats *st) {
  const es_corpus *c = st->corpus;
  st->diversity = es__xcalloc(c->n ? c->n : 1, sizeof *st->diversity);
  size_t jobs = (size_t)(c->opts.jobs > 0 ? c->opts.jobs : 1);
  job j = {st, es__xcalloc(jobs, sizeof(worker)), es_vocab_count(c->terms)};
  es_parallel_for(c->n, 256, jobs, run, &j);
  for (size_t k = 0; k < jobs; k++) {
    free(j.w[k].scratch);
    free(j.w[k].seq);
  }
  free(j.w);
}
