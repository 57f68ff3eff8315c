/* stats.c - es_stats_compute and the accessors. */
#include "stats.h"
#include "share.h"
#include "similarity.h"
#include "../parse/rules.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>
#include <stdlib.h>
#include <string.h>

static void mark_stopwords(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t v = es_vocab_count(c->terms);
  st->stop = es_arena_calloc(&st->arena, (v ? v : 1) * sizeof *st->stop);
  for (size_t i = 0; i < c->nstop; i++) {
    uint32_t id =
        es_intern_find(c->terms->strings, c->stop[i], strlen(c->stop[i]));
    if (id != UINT32_MAX)
      st->stop[id] = true;
  }
}

/* Run one analytics phase, reported to opts.phase_progress as the phase
 * `name` over the analysed essays; `fn` may add finer steps (or change
 * the unit: es_phase_set_total) through st->phase. */
static void run_phase(es_stats *st, const char *name,
                      void (*fn)(es_stats *st)) {
  uint64_t n = st->corpus->analysed;
  es_phase_begin(&st->phase, &st->corpus->opts, name, NULL, "essay", n);
  fn(st);
  es_phase_end(&st->phase, st->phase.ev.total);
}

/* Similarity and duplicates of a share: done whole when it is the only
 * one, else this share's part, kept until es_stats__share_finish. */
static void similarity_share(es_stats *st) {
  if (st->nranks == 1) {
    es_stats__similarity(st);
    return;
  }
  es_sim_params p;
  es_sim_params_default(&p, st->corpus);
  st->sim_part = es_sim__share(st, &st->phase, &p, st->rank, st->nranks);
  st->pending |= ES_NEED_SIMILARITY;
}

static void duplicates_share(es_stats *st) {
  if (st->nranks == 1) {
    es_stats__duplicates(st);
    return;
  }
  st->dup_part = es_stats__duplicates_share(st, st->rank, st->nranks);
  st->pending |= ES_NEED_DUPLICATES;
}

static void similarity_finish(es_stats *st) {
  es_sim__finish(st, st->sim_part);
  st->sim_part = NULL;
}

static void duplicates_finish(es_stats *st) {
  es_stats__duplicates_finish(st, st->dup_part);
  st->dup_part = NULL;
}

es_status es_stats__compute_share(es_stats **out, const es_corpus *corpus,
                                  unsigned needs, unsigned rank,
                                  unsigned nranks, es_error *err) {
  ES_ASSERT_ARG(out && corpus);
  if (!corpus->loaded)
    return ES_FAIL(err, ES_EINVAL, "the corpus is not loaded");
  if (nranks < 1 || rank >= nranks)
    return ES_FAIL(err, ES_EINVAL, "share %u of %u does not exist", rank,
                   nranks);
  if (needs & ~corpus->opts.load_needs &
      (ES_NEED_DIVERSITY | ES_NEED_PHRASES | ES_NEED_DUPLICATES |
       ES_NEED_AUDIT | ES_NEED_KEYTERMS | ES_NEED_SIMILARITY))
    return ES_FAIL(err, ES_EINVAL,
                   "needs include parts that load_needs left out while "
                   "loading (sentences, the term sequence or key ids)");
  /* GSL's default handler aborts; every GSL status is checked here, so it
   * is off while we work and the caller's handler is put back after. */
  gsl_error_handler_t *handler = gsl_set_error_handler_off();
  es_stats *st = es__xcalloc(1, sizeof *st);
  st->corpus = corpus;
  st->rank = rank;
  st->nranks = nranks;
  st->imported = es__xcalloc(nranks, sizeof *st->imported);
  st->imported[rank] = true;
  if (needs & ES_NEED_AUDIT)
    needs |= ES_NEED_DUPLICATES;
  /* The others hold what the shared parts read, only; the audit's
   * duplicates are shared too, so every rank computes the same parts. */
  if (rank > 0)
    needs &= ES_NEED_SIMILARITY | ES_NEED_DUPLICATES;
  if (rank == 0)
    es_stats__groups(st);
  mark_stopwords(st);
  /* The two biggest working sets first (similarity's matrices, the
   * near-duplicate join's tokens), while the stats hold nothing else:
   * every other phase's rows, phrases' above all, and their own tables
   * never add to those peaks. */
  if (needs & ES_NEED_SIMILARITY)
    run_phase(st, "similarity", similarity_share);
  if (needs & ES_NEED_DUPLICATES)
    run_phase(st, "duplicates", duplicates_share);
  if (needs & ES_NEED_TERMS)
    run_phase(st, "terms", es_stats__terms);
  if (needs & ES_NEED_KEYTERMS)
    run_phase(st, "keyterms", es_stats__keyterms);
  if (needs & ES_NEED_KEYNESS)
    run_phase(st, "keyness", es_stats__keyness);
  if (needs & ES_NEED_DOCTERMS)
    run_phase(st, "docterms", es_stats__docterms);
  if (needs & ES_NEED_DIVERSITY)
    run_phase(st, "diversity", es_stats__diversity);
  if (needs & ES_NEED_LENGTHS)
    run_phase(st, "lengths", es_stats__lengths);
  if (needs & ES_NEED_PHRASES)
    run_phase(st, "phrases", es_stats__phrases);
  if ((needs & ES_NEED_AUDIT) && (st->pending & ES_NEED_DUPLICATES))
    st->pending |= ES_NEED_AUDIT; /* it reads the duplicates */
  else if (needs & ES_NEED_AUDIT)
    run_phase(st, "audit", es_stats__audit);
  st->computed = needs & ~st->pending;
  gsl_set_error_handler(handler);
  *out = st;
  return ES_OK;
}

void es_stats__share_finish(es_stats *st) {
  gsl_error_handler_t *handler = gsl_set_error_handler_off();
  if (st->pending & ES_NEED_SIMILARITY)
    run_phase(st, "similarity", similarity_finish);
  if (st->pending & ES_NEED_DUPLICATES)
    run_phase(st, "duplicates", duplicates_finish);
  if (st->pending & ES_NEED_AUDIT)
    run_phase(st, "audit", es_stats__audit);
  st->computed |= st->pending;
  st->pending = 0;
  free(st->imported); /* nothing more to merge */
  st->imported = NULL;
  gsl_set_error_handler(handler);
}

es_status es_stats_compute(es_stats **out, const es_corpus *corpus,
                           unsigned needs, es_error *err) {
  es_status rc = es_stats__compute_share(out, corpus, needs, 0, 1, err);
  if (rc == ES_OK)
    es_stats__share_finish(*out);
  return rc;
}

void es_stats_free(es_stats *st) {
  if (!st)
    return;
  if (st->terms)
    for (size_t g = 0; g < st->ngroups; g++)
      free(st->terms[g].rows);
  if (st->keyterms)
    for (size_t g = 0; g < st->ngroups; g++)
      free(st->keyterms[g].rows);
  if (st->keyness)
    for (size_t g = 0; g < st->ngroups; g++)
      free(st->keyness[g].rows);
  free(st->terms);
  free(st->keyterms);
  free(st->keyness);
  free(st->idf);
  free(st->diversity);
  if (st->phrases)
    for (size_t g = 0; g < st->ngroups; g++)
      free(st->phrases[g].rows);
  free(st->phrases);
  free(st->term_rank);
  for (size_t i = 0; i < st->ndists; i++) {
    free((void *)st->dists[i].lo);
    free((void *)st->dists[i].hi);
    free((void *)st->dists[i].count);
  }
  free(st->dists);
  free(st->nb_off);
  free(st->nbs);
  free(st->best_cos);
  free(st->best_doc);
  free(st->dups);
  free(st->template_share);
  free(st->f_off);
  free(st->findings);
  free(st->imported);
  es_sim__part_free(st->sim_part);
  es_stats__dup_part_free(st->dup_part);
  es_arena_free(&st->arena);
  free(st);
}

double es_stats__quantile(const double *sorted, size_t n, double p) {
  return gsl_stats_quantile_from_sorted_data(sorted, 1, n, p);
}

/* ---- accessors --------------------------------------------------------- */

size_t es_stats_group_count(const es_stats *st) { return st->ngroups; }
const char *es_stats_group_name(const es_stats *st, size_t g) {
  return g < st->ngroups ? st->groups[g] : NULL;
}

size_t es_stats_term_count(const es_stats *st, size_t g) {
  return (st->terms && g < st->ngroups) ? st->terms[g].n : 0;
}
const es_term_row *es_stats_term(const es_stats *st, size_t g, size_t i) {
  return i < es_stats_term_count(st, g) ? &st->terms[g].rows[i] : NULL;
}

const es_diversity *es_stats_diversity(const es_stats *st, size_t doc) {
  if (!st->diversity || doc >= st->corpus->n || !st->corpus->entries[doc].doc)
    return NULL;
  return &st->diversity[doc];
}

size_t es_stats_phrase_count(const es_stats *st, size_t g) {
  return (st->phrases && g < st->ngroups) ? st->phrases[g].n : 0;
}
const es_phrase *es_stats_phrase(const es_stats *st, size_t g, size_t i) {
  return i < es_stats_phrase_count(st, g) ? &st->phrases[g].rows[i] : NULL;
}

size_t es_stats_keyness_count(const es_stats *st, size_t g) {
  return (st->keyness && g < st->ngroups) ? st->keyness[g].n : 0;
}
const es_keyness_row *es_stats_keyness(const es_stats *st, size_t g, size_t i) {
  return i < es_stats_keyness_count(st, g) ? &st->keyness[g].rows[i] : NULL;
}

size_t es_stats_keyterm_count(const es_stats *st, size_t g) {
  return (st->keyterms && g < st->ngroups) ? st->keyterms[g].n : 0;
}
const es_keyterm_row *es_stats_keyterm(const es_stats *st, size_t g, size_t i) {
  return i < es_stats_keyterm_count(st, g) ? &st->keyterms[g].rows[i] : NULL;
}

size_t es_stats_distribution_count(const es_stats *st) { return st->ndists; }
const es_distribution *es_stats_distribution(const es_stats *st, size_t i) {
  return i < st->ndists ? &st->dists[i] : NULL;
}

size_t es_stats_neighbor_count(const es_stats *st, size_t doc) {
  if (!st->nb_off || doc >= st->corpus->n)
    return 0;
  return st->nb_off[doc + 1] - st->nb_off[doc];
}
const es_neighbor *es_stats_neighbor(const es_stats *st, size_t doc,
                                     size_t rank) {
  if (rank >= es_stats_neighbor_count(st, doc))
    return NULL;
  return &st->nbs[st->nb_off[doc] + rank];
}

const es_duplicate *es_stats_duplicate(const es_stats *st, size_t doc) {
  if (!st->dups || doc >= st->corpus->n || !st->dups[doc].size)
    return NULL;
  return &st->dups[doc];
}
double es_stats_template_share(const es_stats *st, size_t doc) {
  if (!st->template_share || doc >= st->corpus->n)
    return NAN;
  return st->template_share[doc];
}

size_t es_stats_finding_count(const es_stats *st, size_t doc) {
  if (!st->f_off || doc >= st->corpus->n)
    return 0;
  return st->f_off[doc + 1] - st->f_off[doc];
}
const es_finding *es_stats_finding(const es_stats *st, size_t doc, size_t i) {
  if (i >= es_stats_finding_count(st, doc))
    return NULL;
  return &st->findings[st->f_off[doc] + i];
}
size_t es_stats_severity_total(const es_stats *st, es_severity s) {
  return (unsigned)s < 3 ? st->severity_total[s] : 0;
}

int es_stats_code_severity(const es_stats *st, es_code code) {
  if ((unsigned)code >= ES_CODE__COUNT)
    return -1;
  const es_rules *r = st ? st->corpus->rules : NULL;
  int s = r ? r->severity[code] : ES_RULE_DEFAULT;
  if (s == ES_RULE_OFF)
    return -1;
  return s == ES_RULE_DEFAULT ? (int)es_code_severity(code) : s;
}

size_t es_stats_audit_row_count(const es_stats *st) {
  return st ? st->nrows : 0;
}

const es_audit_row *es_stats_audit_row(const es_stats *st, size_t i) {
  return st && i < st->nrows ? &st->rows[i] : NULL;
}
