/* similarity.h - the knobs of the exact top-k similarity (similarity.c),
 * for the tests that reach its every path on a small corpus. Not part of
 * the public API: es_stats_compute runs es_stats__similarity. */
#ifndef ES_SIMILARITY_H
#define ES_SIMILARITY_H

#include "stats.h"

/* How the work is cut, and what is asked. Only the speed depends on the
 * cut (head_share, block_rows, tile_cols, jobs), never the result. */
typedef struct es_sim_params {
  double head_share; /* a term is in the head when df >= head_share * n */
  size_t block_rows; /* rows per block of the blocked sgemm */
  size_t tile_cols;  /* columns per tile */
  size_t jobs;       /* threads */
  size_t top_k;      /* neighbours kept per essay */
  double min_similarity;
} es_sim_params;

/* The parameters es_stats_compute uses for `corpus` (its options, the
 * built-in cut). */
void es_sim_params_default(es_sim_params *p, const es_corpus *corpus);

/* Compute st's neighbours (nb_off, nbs, best_cos, best_doc) with `p`,
 * replacing any computed before. */
void es_stats__similarity_with(es_stats *st, const es_sim_params *p);

#endif
