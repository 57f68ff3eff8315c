/* phrases.h - exact counts of word n-grams inside blocks, in memory that
 * does not grow with the number of phrases met only once.
 *
 * Two passes over the essays' term sequences:
 *  1. A sketch: each n-gram is hashed (64 bits) and, once per essay, counted
 *     in two 2-bit saturating counters picked by the hash (a count-min
 *     sketch of document frequency). Its size is fixed (at most 64 MiB).
 *  2. Exact counting: an n-gram whose two counters both reach
 *     min(min_docs, 3) may be in min_docs essays, and only those enter an
 *     exact table keyed by their term ids (count, essays, first essay).
 *     The sketch only overestimates, so no phrase in min_docs essays is
 *     missed; the table's size is that of the report plus the sketch's
 *     false candidates (a few percent of the distinct n-grams at the
 *     sketch's fill on 100,000 generated essays).
 * The phrases in fewer than min_docs essays are then dropped.
 *
 * Threads: pass 1 increments the shared counters atomically (saturating
 * increments commute, so the sketch does not depend on their order).
 * Pass 2 takes the essays a block at a time: the threads find each
 * essay's candidates and split them by hash among P tables, then each
 * table takes its candidates in essay order. The rows are merged from
 * the P tables by first occurrence: nothing depends on the thread count. */
#ifndef ES_PHRASES_H
#define ES_PHRASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ES_NGRAM_MIN 2
#define ES_NGRAM_MAX 8

/* One essay's terms in document order; block k is terms[block[k] ..
 * block[k+1]) (the last runs to nterms). */
typedef struct es_phrase_doc {
  const uint32_t *terms;
  size_t nterms;
  const uint32_t *block;
  size_t nblocks;
} es_phrase_doc;

/* Fills *out with essay i's sequence (borrowed), for worker `worker` (<
 * the `jobs` of the pass): valid until that worker's next call. Called
 * from several threads at once when jobs > 1. */
typedef void (*es_phrase_doc_fn)(void *ctx, size_t worker, size_t i,
                                 es_phrase_doc *out);

typedef struct es_phrase_row {
  const uint32_t *ids; /* n term ids, owned by the es_phrase_set */
  unsigned n;
  uint64_t count;
  uint64_t docs;
  size_t first_doc; /* essay index, as given to the counter */
} es_phrase_row;

/* The phrases of one pass 2: rows[0..n) and the id arrays they point
 * into (one per partition of the pass). */
typedef struct es_phrase_set {
  es_phrase_row *rows;
  size_t n;
  uint32_t **ids;
  size_t nids;
} es_phrase_set;

void es_phrases__set_free(es_phrase_set *set);

typedef struct es_phrase_sketch es_phrase_sketch;

/* Pass 1 over essays docs[0..ndocs) (indexes for `get`), n-grams of nmin to
 * nmax terms (2 <= nmin <= nmax <= 8), on `jobs` threads; `nterms` is the
 * essays' total number of terms (it sizes the sketch). The sketch does
 * not depend on jobs. Caller frees. */
es_phrase_sketch *es_phrases__sketch(es_phrase_doc_fn get, void *ctx,
                                     const size_t *docs, size_t ndocs,
                                     size_t nterms, unsigned nmin,
                                     unsigned nmax, size_t jobs);
void es_phrases__sketch_free(es_phrase_sketch *sk);

/* Pass 2 over docs[0..ndocs) (any subset of the sketched essays, in doc_id
 * order, so that the first essay met is the first by doc_id), on `jobs`
 * threads: the phrases held by at least min_docs (>= 1) of them, in the
 * order of their first occurrence (essay, then position, then length),
 * whatever jobs is. The caller releases *out with es_phrases__set_free. */
void es_phrases__count(es_phrase_set *out, const es_phrase_sketch *sk,
                       es_phrase_doc_fn get, void *ctx, const size_t *docs,
                       size_t ndocs, uint64_t min_docs, size_t jobs);

#endif
