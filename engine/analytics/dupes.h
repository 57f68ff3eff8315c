/* dupes.h - exact set-similarity self-join (near-duplicates), duplicate
 * clusters and shared-token counts over per-document token sets.
 *
 * Pure computation: no I/O, no corpus types. The caller turns each document
 * into a set of 64-bit tokens (shingle hashes), passes the sets in document
 * name order, and gets back, per document, its cluster, its nearest partner
 * and how many of its tokens are frequent in the corpus. */
#ifndef ES_DUPES_H
#define ES_DUPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ES_DUPES_NONE UINT32_MAX

typedef struct es_dupes_input {
  /* Documents 0..n-1. Index order is name order: the smallest index names a
   * cluster and wins ties. */
  size_t n;
  /* tokens[i] holds len[i] distinct values in ascending order (may be NULL
   * when len[i] is 0). Borrowed for the duration of the call. */
  const uint64_t *const *tokens;
  const uint32_t *len;
  /* Two documents are near-duplicates when |A n B| / |A u B| >= threshold
   * (computed in double); documents without tokens never are. In [0, 1]. */
  double threshold;
  /* A token is "frequent" when it occurs in at least this many documents
   * (0: do not count). */
  uint32_t frequent_docs;
  size_t jobs;     /* worker threads (0 or 1: the calling thread only) */
  bool want_pairs; /* also list every near-duplicate pair */
} es_dupes_input;

typedef struct es_dupes_pair {
  uint32_t a, b; /* a < b */
  uint32_t overlap;
  double jaccard;
} es_dupes_pair;

typedef struct es_dupes {
  size_t n;
  /* Per document: index of the cluster's name (its smallest index), or
   * ES_DUPES_NONE; the cluster's size (0 when none); the partner with the
   * highest Jaccard (ties: smallest index) and that Jaccard. */
  uint32_t *cluster;
  uint32_t *size;
  uint32_t *nearest;
  double *jaccard;
  /* Per document: tokens occurring in >= frequent_docs documents. */
  uint32_t *frequent;
  /* With want_pairs: every pair with Jaccard >= threshold, sorted by (a, b). */
  es_dupes_pair *pairs;
  size_t npairs;
  /* How much work the filters left (for benchmarks and tests). */
  size_t kept;       /* documents whose prefix holds a shared token */
  size_t candidates; /* pairs verified */
} es_dupes;

/* Run the join. The result belongs to the caller: es_dupes_free. Never
 * fails (out of memory aborts, as everywhere in the engine). */
es_dupes *es_dupes_run(const es_dupes_input *in);
void es_dupes_free(es_dupes *d);

#endif
