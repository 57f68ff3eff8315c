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
 * replacing any computed before: es_sim__finish(es_sim__share(0 of 1)). */
void es_stats__similarity_with(es_stats *st, const es_sim_params *p);

/* One share's part of the similarity (share.h): per row (an analysed
 * essay, in corpus order), the exact best kk of the pairs this share
 * scored, best first (cosine descending, then row ascending). */
typedef struct es_sim_part {
  size_t n;        /* rows */
  size_t *row_doc; /* row -> corpus index */
  size_t kk;       /* list capacity: max(k, 1), at most n - 1 */
  size_t k;        /* neighbours reported */
  double min_sim;
  double *ecos;     /* n x kk: row r's list at r * kk */
  uint32_t *erow;   /* n x kk */
  uint32_t *ecount; /* per row: entries in its list */
  double *mc;       /* es_sim__merge's scratch (kk), or NULL */
  uint32_t *mr;
} es_sim_part;

/* Share `rank` of `nranks`: the row blocks es_share_item deals it (each
 * against every later row: the upper triangle), progress to `phase`. Every
 * pair is scored by the share of its earlier row's block, into both rows'
 * lists, so every row's list holds the best of that share's pairs only,
 * and the shares' pair sets are disjoint: merging every share's lists
 * gives the exact top kk of all pairs, for any nranks. The caller owns
 * the part (es_sim__finish or es_sim__part_free). */
es_sim_part *es_sim__share(const es_stats *st, es_phase *phase,
                           const es_sim_params *p, unsigned rank,
                           unsigned nranks);

/* Merge another share's list for row r (m entries, best first) into sp's.
 * false, and nothing changed, when the list is malformed (a row out of
 * range or r itself, a cosine not finite, not best first, m > kk). */
bool es_sim__merge(es_sim_part *sp, size_t r, const double *cos,
                   const uint32_t *rows, size_t m);
/* Would es_sim__merge take it? */
bool es_sim__check(const es_sim_part *sp, size_t r, const double *cos,
                   const uint32_t *rows, size_t m);

/* Fill st's neighbours from the merged lists; frees sp. */
void es_sim__finish(es_stats *st, es_sim_part *sp);
void es_sim__part_free(es_sim_part *sp);

#endif
