/* stats.h - the layout of corpus statistics, shared by the analytics
 * modules that fill it. Analytics is the only layer that uses GSL, and it
 * does no I/O. */
#ifndef ES_STATS_H
#define ES_STATS_H

#include "../corpus/corpus.h"
#include "../util/progress.h"

#include <math.h>

typedef struct es_term_table {
  es_term_row *rows;
  size_t n;
} es_term_table;

typedef struct es_phrase_table {
  es_phrase *rows;
  size_t n;
} es_phrase_table;

typedef struct es_keyness_table {
  es_keyness_row *rows;
  size_t n;
} es_keyness_table;

typedef struct es_keyterm_table {
  es_keyterm_row *rows;
  size_t n;
} es_keyterm_table;

struct es_stats {
  const es_corpus *corpus;
  unsigned computed;
  es_phase phase; /* the analytics phase running (progress); a phase may
                     es_phase_add finer steps to it */
  es_arena arena; /* strings and arrays owned by the stats */

  /* Groups (groups.c). groups[g] names group g: [0] "(all)", then the
   * distinct values of the --group-by field bytewise, then "(none)" when
   * some analysed essay has no value. A scalar value is one value; a
   * sequence value gives each distinct non-empty item (es_field.items),
   * so an essay may be in several groups; an absent or empty value, or a
   * sequence without a non-empty item, puts it in "(none)". Without
   * --group-by there is only "(all)".
   *
   * Membership is kept both ways, every list ascending:
   *  - members of group g: the corpus indexes (doc_id order)
   *    gmem[gmem_off[g] .. gmem_off[g + 1]); group 0 lists every
   *    analysed essay, so its size is N;
   *  - groups of essay i: dgrp[dgrp_off[i] .. dgrp_off[i + 1]), starting
   *    with 0 for an analysed essay, empty for one not analysed.
   * Each list counts an essay once per distinct group, so a computation
   * per group sees an essay in several groups once in each, and one over
   * gmem costs N + (essay, value) pairs in all. Arrays live in `arena`. */
  const char **groups;
  size_t ngroups;
  size_t *gmem_off; /* ngroups + 1 */
  size_t *gmem;
  size_t *dgrp_off; /* corpus count + 1 */
  uint32_t *dgrp;
  bool *stop; /* per term id: a stop word */

  es_term_table *terms;       /* per group */
  es_keyterm_table *keyterms; /* per group */
  es_keyness_table *keyness;  /* per group; [0] ("(all)") is empty */
  double *idf;                /* per term id, for docterms */
  es_diversity *diversity;    /* per essay */
  es_phrase_table *phrases;   /* per group */
  uint32_t *term_rank;        /* per term id: its rank bytewise */

  es_distribution *dists;
  size_t ndists;

  size_t *nb_off; /* neighbours of essay i: nbs[nb_off[i] .. nb_off[i+1]) */
  es_neighbor *nbs;
  double *best_cos; /* highest cosine to any other essay, -1 if none */
  size_t *best_doc;

  es_duplicate *dups;     /* per essay: .size 0 when in no cluster */
  double *template_share; /* per essay; NaN when none */

  size_t *f_off; /* findings of essay i: findings[f_off[i] .. f_off[i+1]) */
  es_finding *findings;
  size_t severity_total[3];
  es_audit_row *rows; /* the audit report's rows (arena) */
  size_t nrows;

  /* A share of a run (share.h): this is share `rank` of `nranks`. With
   * nranks > 1, `pending` names the parts still to finish (similarity,
   * duplicates, then the audit that reads them); until then sim_part and
   * dup_part hold this share's part, merged with the other shares' by
   * es_stats__share_import. `imported` marks the shares merged so far. */
  unsigned rank, nranks;
  unsigned pending;
  bool *imported; /* per share */
  struct es_sim_part *sim_part;
  struct es_dup_part *dup_part;
};

/* Each fills its part of `st`; the corpus is loaded. */
void es_stats__groups(es_stats *st);
void es_stats__terms(es_stats *st);
void es_stats__keyterms(es_stats *st);
void es_stats__keyness(es_stats *st);
void es_stats__docterms(es_stats *st);
void es_stats__diversity(es_stats *st);
void es_stats__phrases(es_stats *st);
void es_stats__lengths(es_stats *st);
void es_stats__similarity(es_stats *st);
void es_stats__duplicates(es_stats *st);

/* Duplicates in shares (duplicates.c; share.h): the join of share `rank`
 * of `nranks` (es_dupes_join_share) over the m analysed essays, docs[j]
 * the corpus index of join document j. Owned by the es_stats. */
typedef struct es_dup_part {
  struct es_dupes_join *join;
  size_t *docs;
  size_t m;
} es_dup_part;
es_dup_part *es_stats__duplicates_share(es_stats *st, unsigned rank,
                                        unsigned nranks);
/* Fill st's dups and template shares from the part's every pair; frees
 * it. */
void es_stats__duplicates_finish(es_stats *st, es_dup_part *dp);
void es_stats__dup_part_free(es_dup_part *dp);
void es_stats__audit(es_stats *st);

/* TF-IDF weights (SPEC 3; es_weighting). The tf of a term counted
 * `count` >= 1 times in an essay, and the idf of a term held by `df` of
 * `n` essays (1 <= df <= n). Under ltc a term in every essay has idf
 * exactly 0 (ln 1), and every other weight is > 0. */
static inline double es_stats__tf(es_weighting w, uint64_t count) {
  return w == ES_WEIGHTING_SKLEARN ? (double)count : 1.0 + log((double)count);
}
static inline double es_stats__idf(es_weighting w, uint64_t n, uint64_t df) {
  if (w == ES_WEIGHTING_SKLEARN)
    return log((1.0 + (double)n) / (1.0 + (double)df)) + 1.0;
  return log((double)n / (double)df);
}

/* Quantile of sorted data by linear interpolation (as GSL's
 * gsl_stats_quantile_from_sorted_data). */
double es_stats__quantile(const double *sorted, size_t n, double p);

#endif
