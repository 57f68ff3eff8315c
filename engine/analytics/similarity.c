/* similarity.c - TF-IDF cosine neighbours (exact top-k) and key-term
 * overlap.
 *
 * Weights follow scikit-learn's TfidfVectorizer defaults: raw counts times
 * idf = ln((1 + N) / (1 + df)) + 1, each essay's vector L2-normalized, so a
 * cosine is a dot product. Terms are put in a canonical order (df
 * descending, then bytewise) so that every sum is taken in the same order
 * whatever the thread count: the output is byte-identical for any --jobs.
 *
 * Each row of the similarity matrix is accumulated sparsely through the
 * posting lists of its terms and reduced at once to its top k; only O(N k)
 * results are kept, never the N x N matrix. */
#include "stats.h"

#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
  uint32_t term; /* canonical rank */
  double w;
} entry;

typedef struct posting {
  uint32_t row;
  double w;
} posting;

typedef struct sim {
  const es_stats *st;
  size_t nrows;
  size_t *row_doc;   /* row -> corpus index */
  size_t *row_off;   /* CSR: entries[row_off[r] .. row_off[r+1]) */
  entry *entries;
  size_t *post_off;  /* CSC: postings[post_off[t] .. post_off[t+1]) */
  posting *postings;
  size_t k;
  double min_sim;
  /* results per row: up to k neighbours */
  es_neighbor *out;
  size_t *nout;
  double *best_cos;
  size_t *best_row;
  atomic_size_t next;
} sim;

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

static int cmp_entry(const void *a, const void *b) {
  const entry *x = a, *y = b;
  return (x->term > y->term) - (x->term < y->term);
}

/* Build the normalized TF-IDF rows and their transpose. */
static void build(sim *s) {
  const es_stats *st = s->st;
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  s->row_doc = es__xmalloc((c->n ? c->n : 1) * sizeof *s->row_doc);
  s->nrows = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->entries[i].doc)
      s->row_doc[s->nrows++] = i;
  uint32_t *df = es__xcalloc(v ? v : 1, sizeof *df);
  size_t nnz = 0;
  for (size_t r = 0; r < s->nrows; r++) {
    const es_doc *d = c->entries[s->row_doc[r]].doc;
    for (size_t t = 0; t < d->nterms; t++)
      if (!st->stop[d->terms[t].id]) {
        df[d->terms[t].id]++;
        nnz++;
      }
  }
  /* Canonical rank of each term that occurs. */
  term_key *keys = es__xmalloc((v ? v : 1) * sizeof *keys);
  size_t nk = 0;
  for (size_t id = 0; id < v; id++)
    if (df[id])
      keys[nk++] = (term_key){(uint32_t)id, df[id],
                              es_vocab_str(c->terms, (uint32_t)id, NULL)};
  qsort(keys, nk, sizeof *keys, cmp_term_key);
  uint32_t *rank = es__xmalloc((v ? v : 1) * sizeof *rank);
  double *idf = es__xmalloc((nk ? nk : 1) * sizeof *idf);
  double N = (double)s->nrows;
  for (size_t r = 0; r < nk; r++) {
    rank[keys[r].id] = (uint32_t)r;
    idf[r] = log((1.0 + N) / (1.0 + (double)keys[r].df)) + 1.0;
  }

  s->row_off = es__xmalloc((s->nrows + 1) * sizeof *s->row_off);
  s->entries = es__xmalloc((nnz ? nnz : 1) * sizeof *s->entries);
  size_t pos = 0;
  for (size_t r = 0; r < s->nrows; r++) {
    const es_doc *d = c->entries[s->row_doc[r]].doc;
    s->row_off[r] = pos;
    size_t start = pos;
    for (size_t t = 0; t < d->nterms; t++) {
      uint32_t id = d->terms[t].id;
      if (st->stop[id])
        continue;
      uint32_t tr = rank[id];
      s->entries[pos++] = (entry){tr, (double)d->terms[t].count * idf[tr]};
    }
    qsort(s->entries + start, pos - start, sizeof *s->entries, cmp_entry);
    double norm = 0;
    for (size_t e = start; e < pos; e++)
      norm += s->entries[e].w * s->entries[e].w;
    norm = sqrt(norm);
    for (size_t e = start; e < pos; e++)
      s->entries[e].w /= norm;
  }
  s->row_off[s->nrows] = pos;

  s->post_off = es__xcalloc(nk + 1, sizeof *s->post_off);
  for (size_t e = 0; e < pos; e++)
    s->post_off[s->entries[e].term + 1]++;
  for (size_t t = 0; t < nk; t++)
    s->post_off[t + 1] += s->post_off[t];
  s->postings = es__xmalloc((pos ? pos : 1) * sizeof *s->postings);
  size_t *fill = es__xmalloc((nk ? nk : 1) * sizeof *fill);
  memcpy(fill, s->post_off, nk * sizeof *fill);
  for (size_t r = 0; r < s->nrows; r++)
    for (size_t e = s->row_off[r]; e < s->row_off[r + 1]; e++)
      s->postings[fill[s->entries[e].term]++] =
          (posting){(uint32_t)r, s->entries[e].w};
  free(fill);
  free(keys);
  free(rank);
  free(idf);
  free(df);
}

/* Is (c1, j1) a better neighbour than (c2, j2)? Higher cosine, then the
 * smaller doc_id (rows follow doc_id order). */
static inline bool better(double c1, size_t j1, double c2, size_t j2) {
  return c1 > c2 || (c1 == c2 && j1 < j2);
}

static void row_topk(sim *s, size_t i, double *acc, uint32_t *touched) {
  size_t nt = 0;
  for (size_t e = s->row_off[i]; e < s->row_off[i + 1]; e++) {
    const entry *en = &s->entries[e];
    for (size_t p = s->post_off[en->term]; p < s->post_off[en->term + 1];
         p++) {
      uint32_t j = s->postings[p].row;
      if (acc[j] == 0)
        touched[nt++] = j;
      acc[j] += en->w * s->postings[p].w;
    }
  }
  es_neighbor *top = s->out + i * s->k;
  size_t n = 0;
  double best = -1;
  size_t best_j = SIZE_MAX;
  for (size_t t = 0; t < nt; t++) {
    uint32_t j = touched[t];
    double cos = acc[j];
    acc[j] = 0;
    if (j == i)
      continue;
    if (best_j == SIZE_MAX || better(cos, j, best, best_j)) {
      best = cos;
      best_j = j;
    }
    if (!(cos > 0) || cos < s->min_sim || s->k == 0)
      continue;
    if (n == s->k && !better(cos, j, top[n - 1].cosine, top[n - 1].doc))
      continue;
    size_t at = n < s->k ? n++ : n - 1;
    while (at > 0 && better(cos, j, top[at - 1].cosine, top[at - 1].doc)) {
      top[at] = top[at - 1];
      at--;
    }
    top[at].doc = j;
    top[at].cosine = cos;
  }
  s->nout[i] = n;
  s->best_cos[i] = best_j == SIZE_MAX ? -1 : best;
  s->best_row[i] = best_j;
}

static void *sim_worker(void *arg) {
  sim *s = arg;
  double *acc = es__xcalloc(s->nrows ? s->nrows : 1, sizeof *acc);
  uint32_t *touched = es__xmalloc((s->nrows ? s->nrows : 1) * sizeof *touched);
  for (;;) {
    size_t i = atomic_fetch_add(&s->next, 1);
    if (i >= s->nrows)
      break;
    row_topk(s, i, acc, touched);
  }
  free(acc);
  free(touched);
  return NULL;
}

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

void es_stats__similarity(es_stats *st) {
  const es_corpus *c = st->corpus;
  sim s;
  memset(&s, 0, sizeof s);
  s.st = st;
  s.k = (size_t)c->opts.top_k;
  s.min_sim = c->opts.min_similarity;
  build(&s);
  size_t slots = s.nrows * s.k;
  s.out = es__xmalloc((slots ? slots : 1) * sizeof *s.out);
  s.nout = es__xcalloc(s.nrows ? s.nrows : 1, sizeof *s.nout);
  s.best_cos = es__xmalloc((s.nrows ? s.nrows : 1) * sizeof *s.best_cos);
  s.best_row = es__xmalloc((s.nrows ? s.nrows : 1) * sizeof *s.best_row);
  atomic_init(&s.next, 0);
  size_t jobs = (size_t)c->opts.jobs;
  if (jobs > s.nrows)
    jobs = s.nrows ? s.nrows : 1;
  pthread_t *th = es__xmalloc(jobs * sizeof *th);
  size_t started = 0;
  for (size_t t = 0; t < jobs; t++)
    if (pthread_create(&th[started], NULL, sim_worker, &s) == 0)
      started++;
  if (!started)
    sim_worker(&s);
  for (size_t t = 0; t < started; t++)
    pthread_join(th[t], NULL);
  free(th);

  /* Results by corpus index, neighbours named by corpus index. */
  st->nb_off = es__xcalloc(c->n + 1, sizeof *st->nb_off);
  st->best_cos = es__xmalloc((c->n ? c->n : 1) * sizeof *st->best_cos);
  st->best_doc = es__xmalloc((c->n ? c->n : 1) * sizeof *st->best_doc);
  for (size_t i = 0; i < c->n; i++) {
    st->best_cos[i] = -1;
    st->best_doc[i] = SIZE_MAX;
  }
  size_t total = 0;
  for (size_t r = 0; r < s.nrows; r++)
    total += s.nout[r];
  st->nbs = es__xmalloc((total ? total : 1) * sizeof *st->nbs);
  size_t pos = 0, r = 0;
  for (size_t i = 0; i < c->n; i++) {
    st->nb_off[i] = pos;
    if (r < s.nrows && s.row_doc[r] == i) {
      const es_doc *a = c->entries[i].doc;
      for (size_t k = 0; k < s.nout[r]; k++) {
        es_neighbor nb = s.out[r * s.k + k];
        size_t j = s.row_doc[nb.doc];
        const es_doc *b = c->entries[j].doc;
        size_t shared = intersect(a->keys, a->nkeys, b->keys, b->nkeys);
        size_t uni = a->nkeys + b->nkeys - shared;
        nb.doc = j;
        nb.shared_key_terms = shared;
        nb.keyterm_jaccard = uni ? (double)shared / (double)uni : NAN;
        st->nbs[pos++] = nb;
      }
      if (s.best_row[r] != SIZE_MAX) {
        st->best_cos[i] = s.best_cos[r];
        st->best_doc[i] = s.row_doc[s.best_row[r]];
      }
      r++;
    }
  }
  st->nb_off[c->n] = pos;

  free(s.row_doc);
  free(s.row_off);
  free(s.entries);
  free(s.post_off);
  free(s.postings);
  free(s.out);
  free(s.nout);
  free(s.best_cos);
  free(s.best_row);
}
