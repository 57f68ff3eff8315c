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

/* One term's tallies in the group being counted, side by side: each pass
 * over the essays touches one cache line per term. */
typedef struct term_acc {
  uint64_t count, df;
  double dp; /* es_measures__dp_add */
} term_acc;

/* A row's sort key: count descending, then the term bytewise. `prefix`
 * holds the term's first 8 bytes big-endian (zero padded), so integers
 * order nearly every pair; terms equal in both go on to strcmp. */
typedef struct term_key {
  uint64_t count, prefix;
  const char *term;
  uint32_t id;
} term_key;

static int cmp_term_key(const void *a, const void *b) {
  const term_key *x = a, *y = b;
  if (x->count != y->count)
    return x->count > y->count ? -1 : 1;
  if (x->prefix != y->prefix)
    return x->prefix < y->prefix ? -1 : 1;
  return strcmp(x->term, y->term);
}

static uint64_t prefix8(const char *s, size_t n) {
  uint64_t p = 0;
  for (size_t i = 0; i < 8; i++)
    p = p << 8 | (i < n ? (unsigned char)s[i] : 0u);
  return p;
}

/* Byte `b` of the 128-bit key (~count, prefix), 0 the least significant. */
static unsigned key_byte(const term_key *k, unsigned b) {
  uint64_t half = b < 8 ? k->prefix : ~k->count;
  return (unsigned)(half >> (8 * (b % 8))) & 255u;
}

/* Sort by cmp_term_key: a least-significant-digit radix sort on (count,
 * prefix), skipping the bytes that every key shares, then strcmp within
 * runs equal in both. A comparison sort of the 137,000 terms of 20,000
 * essays cost 40 ms, on the one thread left after loading. */
static void sort_keys(term_key *k, size_t n) {
  term_key *tmp = es__xmalloc((n ? n : 1) * sizeof *tmp), *src = k, *dst = tmp;
  for (unsigned b = 0; b < 16; b++) {
    size_t at[256] = {0};
    for (size_t i = 0; i < n; i++)
      at[key_byte(&src[i], b)]++;
    if (n == 0 || at[key_byte(&src[0], b)] == n)
      continue; /* one value: the order stays */
    size_t sum = 0;
    for (unsigned d = 0; d < 256; d++) {
      size_t c = at[d];
      at[d] = sum;
      sum += c;
    }
    for (size_t i = 0; i < n; i++)
      dst[at[key_byte(&src[i], b)]++] = src[i];
    term_key *t = src;
    src = dst;
    dst = t;
  }
  if (src != k)
    memcpy(k, src, n * sizeof *k);
  free(tmp);
  for (size_t i = 0; i < n;) {
    size_t j = i + 1;
    while (j < n && k[j].count == k[i].count && k[j].prefix == k[i].prefix)
      j++;
    if (j - i > 1)
      qsort(k + i, j - i, sizeof *k, cmp_term_key);
    i = j;
  }
}

void es_stats__terms(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  term_acc *acc = es__xcalloc(v ? v : 1, sizeof *acc);
  uint32_t *touched = es__xmalloc((v ? v : 1) * sizeof *touched);
  term_key *keys = es__xmalloc((v ? v : 1) * sizeof *keys);
  /* Each essay's terms after --stopwords. */
  uint64_t *doc_terms = es__xcalloc(c->n ? c->n : 1, sizeof *doc_terms);
  st->terms = es__xcalloc(st->ngroups, sizeof *st->terms);
  for (size_t g = 0; g < st->ngroups; g++) {
    size_t nt = 0, n = st->gmem_off[g + 1] - st->gmem_off[g];
    uint64_t part = 0;
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++) {
      const es_doc *d = c->entries[st->gmem[k]].doc;
      uint64_t total = 0;
      for (size_t t = 0; t < d->nterms; t++) {
        es_term_count tc = es_doc__term(d, t);
        if (st->stop[tc.id])
          continue;
        term_acc *a = &acc[tc.id];
        if (a->df++ == 0)
          touched[nt++] = tc.id;
        a->count += tc.count;
        total += tc.count;
      }
      doc_terms[st->gmem[k]] = total;
      part += total;
    }
    /* Gries' DP needs each term's total first: a second walk. */
    for (size_t k = st->gmem_off[g]; k < st->gmem_off[g + 1]; k++) {
      const es_doc *d = c->entries[st->gmem[k]].doc;
      uint64_t total = doc_terms[st->gmem[k]];
      for (size_t t = 0; t < d->nterms; t++) {
        es_term_count tc = es_doc__term(d, t);
        if (!st->stop[tc.id])
          acc[tc.id].dp = es_measures__dp_add(acc[tc.id].dp, tc.count,
                                              acc[tc.id].count, total, part);
      }
    }
    size_t nk = 0;
    for (size_t k = 0; k < nt; k++) {
      uint32_t id = touched[k];
      if (acc[id].count >= c->opts.min_count) {
        size_t len;
        const char *term = es_vocab_str(c->terms, id, &len);
        keys[nk++] = (term_key){acc[id].count, prefix8(term, len), term, id};
      }
    }
    sort_keys(keys, nk);
    es_term_table *tab = &st->terms[g];
    tab->rows = es__xmalloc((nk ? nk : 1) * sizeof *tab->rows);
    tab->n = nk;
    for (size_t k = 0; k < nk; k++) {
      const term_acc *a = &acc[keys[k].id];
      es_term_row *r = &tab->rows[k];
      r->term = keys[k].term;
      r->count = a->count;
      r->docs = a->df;
      r->doc_share = (double)a->df / (double)n;
      r->idf = es_stats__idf(c->opts.weighting, n, a->df);
      r->per_1000 = 1000.0 * (double)a->count / (double)part;
      r->dp = es_measures__dp_value(a->dp);
    }
    for (size_t k = 0; k < nt; k++)
      acc[touched[k]] = (term_acc){0, 0, 0};
  }
  free(acc);
  free(touched);
  free(keys);
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
