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

/* Rows of one group, made on several threads: rows [lo, hi) get their
 * text at text + at[k] (every offset known beforehand). */
typedef struct rows_job {
  const es_corpus *c;
  const es_phrase_set *set;
  es_phrase *rows;
  char *text;
  const size_t *at;
  size_t n; /* the group's essays */
} rows_job;

static void make_rows(void *arg, size_t worker, size_t lo, size_t hi) {
  (void)worker;
  const rows_job *j = arg;
  for (size_t k = lo; k < hi; k++) {
    const es_phrase_row *r = &j->set->rows[k];
    char *q = j->text + j->at[k];
    es_phrase *p = &j->rows[k];
    p->phrase = q;
    for (unsigned t = 0; t < r->n; t++) {
      size_t len;
      const char *w = es_vocab_str(j->c->terms, r->ids[t], &len);
      if (t)
        *q++ = ' ';
      memcpy(q, w, len);
      q += len;
    }
    *q = 0;
    p->n = r->n;
    p->count = r->count;
    p->docs = r->docs;
    p->doc_share = (double)r->docs / (double)j->n;
    p->first_doc = j->c->entries[r->first_doc].id;
  }
}

static int cmp_phrase_ptr(const void *a, const void *b) {
  return cmp_phrase(*(const es_phrase *const *)a, *(const es_phrase *const *)b);
}

/* Sorting on several threads: runs of pointers to the rows sorted at
 * once, then merged pairwise, the left run first on ties. qsort here is
 * glibc's merge sort (stable), so the result is the stable sort of the
 * whole, whatever the threads. */
typedef struct sort_job {
  const es_phrase **src, **dst;
  size_t *bound; /* run r is [bound[r], bound[r + 1]) */
  size_t nruns;
} sort_job;

static void sort_runs(void *arg, size_t worker, size_t lo, size_t hi) {
  (void)worker;
  sort_job *j = arg;
  for (size_t r = lo; r < hi; r++)
    qsort(j->src + j->bound[r], j->bound[r + 1] - j->bound[r], sizeof *j->src,
          cmp_phrase_ptr);
}

/* Merge runs 2m and 2m + 1 of src into dst, for m in [lo, hi). */
static void merge_runs(void *arg, size_t worker, size_t lo, size_t hi) {
  (void)worker;
  sort_job *j = arg;
  for (size_t m = lo; m < hi; m++) {
    size_t a = j->bound[2 * m], mid = j->bound[2 * m + 1];
    size_t b = 2 * m + 2 <= j->nruns ? j->bound[2 * m + 2] : mid;
    size_t x = a, y = mid, k = a;
    while (x < mid && y < b)
      j->dst[k++] =
          cmp_phrase(j->src[y], j->src[x]) < 0 ? j->src[y++] : j->src[x++];
    while (x < mid)
      j->dst[k++] = j->src[x++];
    while (y < b)
      j->dst[k++] = j->src[y++];
  }
}

/* Sort rows[0 .. n) by cmp_phrase, stably, on `jobs` threads. Pointers
 * are sorted (8 bytes an element instead of 48, and no copy of the rows
 * for qsort's buffer), then each row moves once, along the cycles of the
 * permutation. */
static void sort_rows(es_phrase *rows, size_t n, size_t jobs) {
  if (n < 2)
    return;
  size_t nruns = n < 4096 ? 1 : jobs < 16 ? jobs : 16;
  sort_job j;
  j.src = es__xmalloc(n * sizeof *j.src);
  j.dst = nruns > 1 ? es__xmalloc(n * sizeof *j.dst) : NULL;
  j.bound = es__xmalloc((nruns + 1) * sizeof *j.bound);
  j.nruns = nruns;
  for (size_t i = 0; i < n; i++)
    j.src[i] = &rows[i];
  for (size_t r = 0; r <= nruns; r++)
    j.bound[r] = n * r / nruns;
  es_parallel_for(nruns, 1, jobs, sort_runs, &j);
  while (j.nruns > 1) {
    size_t pairs = (j.nruns + 1) / 2;
    es_parallel_for(pairs, 1, jobs, merge_runs, &j);
    for (size_t m = 0; m <= pairs; m++) /* runs 2m start the new ones */
      j.bound[m] = j.bound[2 * m < j.nruns ? 2 * m : j.nruns];
    j.nruns = pairs;
    const es_phrase **t = j.src;
    j.src = j.dst;
    j.dst = t;
  }
  free(j.dst);
  free(j.bound);
  /* Position i takes the row at from[i]; a position done points at
   * itself. */
  size_t *from = es__xmalloc(n * sizeof *from);
  for (size_t i = 0; i < n; i++)
    from[i] = (size_t)(j.src[i] - rows);
  free(j.src);
  for (size_t i = 0; i < n; i++) {
    if (from[i] == i)
      continue;
    es_phrase keep = rows[i];
    size_t at = i;
    for (;;) {
      size_t k = from[at];
      from[at] = at;
      if (k == i) {
        rows[at] = keep;
        break;
      }
      rows[at] = rows[k];
      at = k;
    }
  }
  free(from);
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
    /* Every row's text in one block of the arena: "a b c\0" each. */
    size_t *at = es__xmalloc((set.n + 1) * sizeof *at);
    at[0] = 0;
    for (size_t k = 0; k < set.n; k++) {
      const es_phrase_row *r = &set.rows[k];
      size_t len = r->n; /* the spaces and the NUL */
      for (unsigned t = 0; t < r->n; t++) {
        size_t wl;
        es_vocab_str(c->terms, r->ids[t], &wl);
        len += wl;
      }
      at[k + 1] = at[k] + len;
    }
    rows_job rj = {
        c,         &set,
        tab->rows, es_arena_alloc(&st->arena, at[set.n] ? at[set.n] : 1),
        at,        n};
    es_parallel_for(set.n, 4096, jobs, make_rows, &rj);
    free(at);
    es_phrases__set_free(&set);
    sort_rows(tab->rows, tab->n, jobs);
  }
  es_phrases__sketch_free(sk);
  for (size_t w = 0; w < jobs; w++)
    free(f.buf[w]);
  free(f.buf);
  free(f.cap);
}
