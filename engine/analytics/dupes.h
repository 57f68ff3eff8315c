/* dupes.h - exact set-similarity self-join (near-duplicates), duplicate
 * clusters and shared-token counts over per-document token sets.
 *
 * Pure computation: no I/O, no corpus types. The caller turns each document
 * into a set of 64-bit tokens (shingle hashes) on demand, in document name
 * order, and gets back, per document, its cluster, its nearest partner and
 * how many of its tokens are frequent in the corpus. The sets are produced
 * twice and never all held at once: memory is about 8 bytes per token while
 * document frequencies are counted, then a few bytes per document. */
#ifndef ES_DUPES_H
#define ES_DUPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "share_item.h"

#define ES_DUPES_NONE UINT32_MAX

/* Fill *buf (an array of *cap tokens, grown with es__xrealloc or ES_GROW
 * when too small) with document doc's tokens, in any order and repeats
 * allowed (the set of them counts), and return how many. Called from several
 * threads at once, each with its own buffer, and twice for each document: both
 * calls must give the same set. Tokens are best well mixed (hashes): their top
 * bits pick a partition. */
typedef uint32_t (*es_dupes_tokens_fn)(void *ctx, size_t doc, uint64_t **buf,
                                       size_t *cap);

typedef struct es_dupes_input {
  /* Documents 0..n-1. Index order is name order: the smallest index names a
   * cluster and wins ties. */
  size_t n;
  es_dupes_tokens_fn tokens;
  void *ctx;
  /* Two documents are near-duplicates when |A n B| / |A u B| >= threshold
   * (computed in double); documents without tokens never are. In [0, 1]. */
  double threshold;
  /* A token is "frequent" when it occurs in at least this many documents
   * (0: do not count). */
  uint32_t frequent_docs;
  size_t jobs; /* worker threads (0 or 1: the calling thread only) */
  /* About how many tokens the documents hold in all (0: unknown). Past
   * 32 million (256 MB of tokens) the documents are read in several waves
   * so that memory stays bounded. */
  size_t tokens_hint;
  bool want_pairs; /* also list every near-duplicate pair */
  /* Progress (or NULL): counts "steps", one per document and pass over
   * the documents (each wave, the prefixes, the join); back to n
   * documents at the end. */
  struct es_phase *phase;
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
  /* Per document: its distinct tokens, and how many of them occur in >=
   * frequent_docs documents. */
  uint32_t *distinct;
  uint32_t *frequent;
  /* With want_pairs: every pair with Jaccard >= threshold, sorted by (a, b). */
  es_dupes_pair *pairs;
  size_t npairs;
  /* How much work the filters left (for benchmarks and tests). */
  size_t kept;       /* documents whose prefix holds a shared token */
  size_t candidates; /* pairs verified */
  size_t waves;      /* passes over the documents to count frequencies */
} es_dupes;

/* Shingle tokens. A run of m terms whose strings hash to t_0 .. t_(m-1)
 * (64-bit) has the token es_dupes_token(sum t_j B^(m-1-j) mod 2^64, m),
 * B = ES_DUPES_BASE; the sum can be rolled from one run to the next. The
 * finalizer (splitmix64's) is a bijection: it adds no collisions and makes
 * the top bits, which partition the tokens, uniform. */
#define ES_DUPES_BASE UINT64_C(0x9E3779B97F4A7C15) /* odd */
static inline uint64_t es_dupes_token(uint64_t sum, uint64_t m) {
  uint64_t h = sum * ES_DUPES_BASE + m;
  h ^= h >> 30;
  h *= UINT64_C(0xBF58476D1CE4E5B9);
  h ^= h >> 27;
  h *= UINT64_C(0x94D049BB133111EB);
  return h ^ (h >> 31);
}

/* Run the join. The result belongs to the caller: es_dupes_free. Never
 * fails (out of memory aborts, as everywhere in the engine). */
es_dupes *es_dupes_run(const es_dupes_input *in);
void es_dupes_free(es_dupes *d);

/* The run in three steps, so that the join can be shared out (share.h):
 * es_dupes_run is es_dupes_finish(es_dupes_prepare(in)).
 *  - prepare: document frequencies, the global token order, the prefixes
 *    and the groups of identical sets (every process does it whole: it
 *    reads every document);
 *  - es_dupes_join_share: the join proper for the probing documents of
 *    share `rank` of `nranks` (es_share_item over chunks of documents in
 *    size order). Each pair is found by one prober only, so the shares
 *    find disjoint sets of pairs. Once; later calls do nothing;
 *  - es_dupes_join_add: a pair found by another share (its documents and
 *    overlap): false, and nothing added, unless a < b < n are both
 *    representatives of their sets and the overlap gives a Jaccard >= the
 *    threshold;
 *  - finish: clusters and nearest partners from every pair (one added
 *    twice counts once); it frees the join (or es_dupes_join_free).
 * The in->tokens callback is used only during prepare. */
typedef struct es_dupes_join es_dupes_join;
es_dupes_join *es_dupes_prepare(const es_dupes_input *in);
void es_dupes_join_share(es_dupes_join *j, unsigned rank, unsigned nranks);
/* The pairs found or added so far (a < b). */
const es_dupes_pair *es_dupes_join_pairs(const es_dupes_join *j, size_t *n);
bool es_dupes_join_add(es_dupes_join *j, uint32_t a, uint32_t b,
                       uint32_t overlap);
/* Would es_dupes_join_add take it? */
bool es_dupes_join_valid(const es_dupes_join *j, uint32_t a, uint32_t b,
                         uint32_t overlap);
es_dupes *es_dupes_finish(es_dupes_join *j);
void es_dupes_join_free(es_dupes_join *j);

#endif
