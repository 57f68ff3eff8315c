/* phrases_stats.c - the phrases of each group: the two-pass counter of
 * phrases.c fed with the essays' term sequences (decoded one essay at a
 * time), then rows with their text, sorted.
 *
 * The sketch is made once over every analysed essay: a phrase's document
 * frequency in a group is at most its frequency in the corpus, so the
 * corpus sketch lets through every phrase that may reach --min-docs in
 * any group. Each group then has its own exact pass over its members. */
#include "stats.h"
#include "phrases.h"

#include <stdlib.h>
#include <string.h>

/* A decode buffer per worker. */
typedef struct feed {
  const es_corpus *c;
  uint32_t **buf;
  size_t *cap;
} feed;

/* The decoded sequence of essay i, valid until the worker's next call. */
static void get(void *ctx, size_t worker, size_t i, es_phrase_doc *out) {
  feed *f = ctx;
  const es_doc *d = f->c->entries[i].doc;
  if (d->nseq > f->cap[worker]) {
    free(f->buf[worker]);
    f->cap[worker] = d->nseq;
    f->buf[worker] = es__xmalloc(d->nseq * sizeof **f->buf);
  }
  es_doc__seq_decode(d, f->buf[worker]);
  out->terms = f->buf[worker];
  out->nterms = d->nseq;
  out->block = d->blocks;
  out->nblocks = d->nseq ? d->nblocks : 0;
}

static int cmp_phrase(const void *a, const void *b) {
  const es_phrase *x = a, *y = b;
  if (x->docs != y->docs)
    return x->docs > y->docs ? -1 : 1;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  return strcmp(x->phrase, y->phrase);
}

void es_stats__phrases(es_stats *st) {
  const es_corpus *c = st->corpus;
  unsigned nmin = (unsigned)c->opts.ngram_min;
  unsigned nmax = (unsigned)c->opts.ngram_max;
  size_t jobs = (size_t)(c->opts.jobs > 0 ? c->opts.jobs : 1);
  feed f = {c, es__xcalloc(jobs, sizeof *f.buf),
            es__xcalloc(jobs, sizeof *f.cap)};
  st->phrases = es__xcalloc(st->ngroups, sizeof *st->phrases);
  const size_t *all = st->gmem + st->gmem_off[0];
  size_t nall = st->gmem_off[1] - st->gmem_off[0], nterms = 0;
  for (size_t k = 0; k < nall; k++)
    nterms += c->entries[all[k]].doc->nseq;
  es_phrase_sketch *sk =
      es_phrases__sketch(get, &f, all, nall, nterms, nmin, nmax, jobs);
  es_buf text = ES_BUF_INIT;
  for (size_t g = 0; g < st->ngroups; g++) {
    const size_t *docs = st->gmem + st->gmem_off[g];
    size_t n = st->gmem_off[g + 1] - st->gmem_off[g];
    es_phrase_set set;
    es_phrases__count(&set, sk, get, &f, docs, n, c->opts.min_docs, jobs);
    if (g + 1 == st->ngroups) { /* its memory is needed for the rows */
      es_phrases__sketch_free(sk);
      sk = NULL;
    }
    es_phrase_table *tab = &st->phrases[g];
    tab->rows = es__xmalloc((set.n ? set.n : 1) * sizeof *tab->rows);
    tab->n = set.n;
    for (size_t k = 0; k < set.n; k++) {
      const es_phrase_row *r = &set.rows[k];
      es_buf_clear(&text);
      for (unsigned j = 0; j < r->n; j++) {
        if (j)
          es_buf_putc(&text, ' ');
        es_buf_puts(&text, es_vocab_str(c->terms, r->ids[j], NULL));
      }
      es_phrase *p = &tab->rows[k];
      p->n = r->n;
      p->phrase = es_arena_strndup(&st->arena, text.data, text.len);
      p->count = r->count;
      p->docs = r->docs;
      p->doc_share = (double)r->docs / (double)n;
      p->first_doc = c->entries[r->first_doc].id;
    }
    es_phrases__set_free(&set);
    if (tab->n > 1)
      qsort(tab->rows, tab->n, sizeof *tab->rows, cmp_phrase);
  }
  es_buf_free(&text);
  es_phrases__sketch_free(sk);
  for (size_t w = 0; w < jobs; w++)
    free(f.buf[w]);
  free(f.buf);
  free(f.cap);
}
