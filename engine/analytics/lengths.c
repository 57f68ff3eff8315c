/* lengths.c - section-length distributions and their histograms (GSL).
 *
 * Every value is gathered as a (unit, label, group, value) record, once
 * for each group of its essay (stats.h); one sort puts each distribution's
 * values together, already in order for the quantiles, and the
 * distributions in report order, the (all) row of each (unit, label)
 * first. Its histogram's bin edges are then used by every group row of
 * the same unit and label, so that the groups' histograms overlay. */
#include "stats.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_histogram.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { U_ESSAY, U_PART, U_SUBSECTION, U_SECTION };
static const char *const unit_names[] = {"essay", "part", "subsection",
                                         "section"};

typedef struct rec {
  int unit;
  const char *label;
  uint32_t group;
  double value;
} rec;

static int cmp_rec(const void *a, const void *b) {
  const rec *x = a, *y = b;
  if (x->unit != y->unit)
    return x->unit - y->unit;
  int c = strcmp(x->label, y->label);
  if (c)
    return c;
  if (x->group != y->group)
    return x->group < y->group ? -1 : 1;
  return (x->value > y->value) - (x->value < y->value);
}

typedef struct recs {
  rec *r;
  size_t n, cap;
} recs;

/* A value of essay i, in (all) and in each of the essay's groups. */
static void add(recs *rs, const es_stats *st, size_t i, int unit,
                const char *label, double v) {
  for (size_t q = st->dgrp_off[i]; q < st->dgrp_off[i + 1]; q++) {
    ES_GROW(rs->r, rs->cap, rs->n + 1);
    rs->r[rs->n++] = (rec){unit, label, st->dgrp[q], v};
  }
}

/* Freedman-Diaconis: width 2 IQR n^(-1/3), bins = ceil(range / width),
 * clamped to 1..100. When IQR = 0 (the middle half of the values are
 * equal) the width is 0 and the rule gives no answer; we use one bin, as
 * numpy's histogram_bin_edges does, rather than invent another rule. */
static size_t fd_bins(const double *x, size_t n) {
  double iqr = es_stats__quantile(x, n, 0.75) - es_stats__quantile(x, n, 0.25);
  double range = x[n - 1] - x[0];
  double h = 2.0 * iqr * pow((double)n, -1.0 / 3.0);
  if (!(h > 0) || !(range > 0))
    return 1;
  /* range / width is irrational unless n is a perfect cube; for cubes,
   * pow gives n^(-1/3) exactly or rounded up, so a whole quotient never
   * lands above itself and ceil adds no empty bin (checked for n = 8 to
   * 1331 with quarter-integer IQRs). */
  double b = ceil(range / h);
  if (b < 1)
    return 1;
  return b > 100 ? 100 : (size_t)b;
}

/* The bins of a (unit, label): chosen on its (all) row's sorted values. */
typedef struct edges {
  double lo, hi; /* the (all) row's min and max */
  size_t bins;
} edges;

static edges choose_edges(const double *x, size_t n, int bins_opt) {
  edges e = {x[0], x[n - 1], 1};
  if (e.hi > e.lo)
    e.bins = bins_opt > 0 ? (size_t)bins_opt : fd_bins(x, n);
  return e;
}

/* The histogram of values x[0 .. n) (all within [e.lo, e.hi]) over e's
 * bins. */
static void histogram(es_distribution *d, const double *x, size_t n, edges e) {
  double lo = e.lo, hi = e.hi;
  size_t bins = e.bins;
  double *blo = es__xmalloc(bins * sizeof *blo);
  double *bhi = es__xmalloc(bins * sizeof *bhi);
  size_t *cnt = es__xcalloc(bins, sizeof *cnt);
  if (hi > lo) {
    gsl_histogram *h = gsl_histogram_alloc(bins);
    /* With hi > lo and 1-100 bins the ranges cannot be refused: a failure
     * here is GSL's allocation failing, which aborts as ours do. */
    if (!h || gsl_histogram_set_ranges_uniform(h, lo, hi) != GSL_SUCCESS)
      es__out_of_memory(bins * 2 * sizeof(double));
    /* Bin of x: floor((x - min) * bins / (max - min)), the last bin closed.
     * Lengths are whole numbers, so the index is computed exactly in
     * integers rather than by GSL's floating-point range search. */
    uint64_t span = (uint64_t)(hi - lo);
    for (size_t i = 0; i < n; i++) {
      uint64_t k = (uint64_t)(x[i] - lo) * bins / span;
      if (k >= bins)
        k = bins - 1;
      h->bin[k] += 1.0;
    }
    for (size_t b = 0; b < bins; b++) {
      blo[b] = h->range[b];
      bhi[b] = b + 1 == bins ? hi : h->range[b + 1];
      cnt[b] = (size_t)gsl_histogram_get(h, b);
    }
    gsl_histogram_free(h);
  } else {
    blo[0] = bhi[0] = lo;
    cnt[0] = n;
  }
  d->bins = bins;
  d->lo = blo;
  d->hi = bhi;
  d->count = cnt;
}

static void describe(es_distribution *d, const double *x, size_t n) {
  d->n = n;
  d->mean = gsl_stats_mean(x, 1, n);
  d->sd = n >= 2 ? gsl_stats_sd_m(x, 1, n, d->mean) : NAN;
  d->min = x[0];
  d->max = x[n - 1];
  d->p10 = es_stats__quantile(x, n, 0.10);
  d->q1 = es_stats__quantile(x, n, 0.25);
  d->median = es_stats__quantile(x, n, 0.50);
  d->q3 = es_stats__quantile(x, n, 0.75);
  d->p90 = es_stats__quantile(x, n, 0.90);
  if (n >= 2 && d->sd > 0) {
    d->skewness = gsl_stats_skew_m_sd(x, 1, n, d->mean, d->sd);
    d->kurtosis = gsl_stats_kurtosis_m_sd(x, 1, n, d->mean, d->sd);
  } else {
    d->skewness = d->kurtosis = NAN;
  }
}

void es_stats__lengths(es_stats *st) {
  const es_corpus *c = st->corpus;
  recs rs = {NULL, 0, 0};
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    add(&rs, st, i, U_ESSAY, "", (double)d->counts.content_words);
    for (size_t s = 1; s < d->nsections; s++) {
      const es_section *sec = &d->sections[s];
      if (sec->level <= 2)
        add(&rs, st, i, U_PART, sec->label, (double)sec->words_total);
      else
        add(&rs, st, i, U_SUBSECTION, "", (double)sec->words);
      add(&rs, st, i, U_SECTION, "", (double)sec->words);
    }
  }
  if (rs.n > 1) /* rs.r is NULL when no essay was analysed */
    qsort(rs.r, rs.n, sizeof *rs.r, cmp_rec);
  double *x = es__xmalloc((rs.n ? rs.n : 1) * sizeof *x);
  size_t cap = 0;
  edges e = {0, 0, 1};
  for (size_t a = 0; a < rs.n;) {
    size_t b = a;
    while (b < rs.n && rs.r[b].unit == rs.r[a].unit &&
           rs.r[b].group == rs.r[a].group &&
           strcmp(rs.r[b].label, rs.r[a].label) == 0)
      b++;
    for (size_t k = a; k < b; k++)
      x[k - a] = rs.r[k].value;
    ES_GROW(st->dists, cap, st->ndists + 1);
    es_distribution *d = &st->dists[st->ndists];
    memset(d, 0, sizeof *d);
    d->unit = unit_names[rs.r[a].unit];
    d->label = rs.r[a].label;
    d->group = st->groups[rs.r[a].group];
    describe(d, x, b - a);
    /* Every value of a group row is also in the (all) row, which sorts
     * first: its edges are set before any group row needs them. */
    if (rs.r[a].group == 0)
      e = choose_edges(x, b - a, c->opts.bins);
    histogram(d, x, b - a, e);
    st->ndists++;
    a = b;
  }
  free(x);
  free(rs.r);
}
