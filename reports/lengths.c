/* lengths.c - the lengths report (one row per length distribution) and
 * the histogram report (one row per bin of each). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

static const char *const length_units[] = {"essay", "part", "subsection",
                                           "section", NULL};

#define DIST(r) ((const es_distribution *)(r)->item)

static void cell_unit(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, DIST(r)->unit);
}
static void cell_label(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, DIST(r)->label);
}
static void cell_group(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, DIST(r)->group);
}
static void cell_n(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, DIST(r)->n);
}
#define REAL_CELL(field)                                                       \
  static void cell_##field(es_csv *w, const es_row *r, size_t col) {           \
    (void)col;                                                                 \
    es_csv_real(w, DIST(r)->field);                                            \
  }
REAL_CELL(mean)
REAL_CELL(sd)
REAL_CELL(min)
REAL_CELL(p10)
REAL_CELL(q1)
REAL_CELL(median)
REAL_CELL(q3)
REAL_CELL(p90)
REAL_CELL(max)
REAL_CELL(skewness)
REAL_CELL(kurtosis)

static void cell_bin(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, r->k);
}
static void cell_lo(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, DIST(r)->lo[r->k]);
}
static void cell_hi(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, DIST(r)->hi[r->k]);
}
static void cell_bin_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, DIST(r)->count[r->k]);
}

const es_coldef es_cols__lengths[] = {
    {"unit", STR, "",
     "What is measured: essay (content_words of each essay), part "
     "(words_total of each part), subsection (words of each section of "
     "level 3 or deeper) or section (words of every section).",
     ES_COLDEF_ENUM, length_units, cell_unit},
    {"label", STR, "", "The part label for unit part; else empty.", 0, NULL,
     cell_label},
    ES_GROUP_COL("", 0, cell_group),
    {"n", INT, "values", "Number of values.", 0, NULL, cell_n},
    {"mean", NUM, "words", "Mean.", 0, NULL, cell_mean},
    {"sd", NUM, "words", "Sample standard deviation (n - 1); empty when n < 2.",
     0, NULL, cell_sd},
    {"min", NUM, "words", "Smallest value.", 0, NULL, cell_min},
    {"p10", NUM, "words", "10th percentile (linear interpolation, as GSL).", 0,
     NULL, cell_p10},
    {"q1", NUM, "words", "First quartile.", 0, NULL, cell_q1},
    {"median", NUM, "words", "Median.", 0, NULL, cell_median},
    {"q3", NUM, "words", "Third quartile.", 0, NULL, cell_q3},
    {"p90", NUM, "words", "90th percentile.", 0, NULL, cell_p90},
    {"max", NUM, "words", "Largest value.", 0, NULL, cell_max},
    {"skewness", NUM, "", "Skewness; empty when sd is 0 or undefined.", 0, NULL,
     cell_skewness},
    {"kurtosis", NUM, "", "Excess kurtosis; empty when sd is 0 or undefined.",
     0, NULL, cell_kurtosis},
    ES_COLDEF_END,
};

const es_coldef es_cols__histogram[] = {
    {"unit", STR, "", "What is measured (as in the lengths report).",
     ES_COLDEF_ENUM, length_units, cell_unit},
    {"label", STR, "", "The part label for unit part; else empty.", 0, NULL,
     cell_label},
    ES_GROUP_COL("", 0, cell_group),
    {"bin", INT, "", "Bin number, from 0.", 0, NULL, cell_bin},
    {"lo", NUM, "words", "Lower edge of the bin (included).", 0, NULL, cell_lo},
    {"hi", NUM, "words",
     "Upper edge (excluded, except in the last bin, whose hi is the "
     "maximum of the (all) row).",
     0, NULL, cell_hi},
    {"count", INT, "values", "Values in the bin.", 0, NULL, cell_bin_count},
    ES_COLDEF_END,
};

void es_write__lengths(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    r.item = es_stats_distribution(st, i);
    es_report__row(w, schema, &r);
  }
}

void es_write__histogram(es_csv *w, const es_schema *schema, const es_corpus *c,
                         const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    const es_distribution *d = es_stats_distribution(st, i);
    r.item = d;
    for (size_t b = 0; b < d->bins; b++) {
      r.k = b;
      es_report__row(w, schema, &r);
    }
  }
}
