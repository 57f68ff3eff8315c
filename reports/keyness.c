/* keyness.c - the keyness report: for each group other than (all), the
 * terms that set it apart from the rest of the corpus. */
#include "report.h"

#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

#define ROW(r) ((const es_keyness_row *)(r)->item)

static void cell_group(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_stats_group_name(r->stats, r->k));
}
static void cell_term(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->term);
}
static void cell_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->count);
}
static void cell_count_rest(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->count_rest);
}
static void cell_per_1000(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, ROW(r)->per_1000);
}
static void cell_per_1000_rest(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, ROW(r)->per_1000_rest);
}
static void cell_g2(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, ROW(r)->g2);
}
static void cell_p(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real_exp(w, ROW(r)->p);
}
static void cell_log_ratio(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, ROW(r)->log_ratio);
}
static void cell_docs(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->docs);
}

const es_coldef es_cols__keyness[] = {
    {"group", STR, "",
     "A value of the --group-by field, or (none) for essays without it; "
     "never (all).",
     ES_COLDEF_KEY, NULL, cell_group},
    {"term", STR, "", "A normalized term, as in the terms report.",
     ES_COLDEF_KEY, NULL, cell_term},
    {"count", INT, "occurrences", "Occurrences in the group's essays.", 0, NULL,
     cell_count},
    {"count_rest", INT, "occurrences",
     "Occurrences in every analysed essay outside the group.", 0, NULL,
     cell_count_rest},
    {"per_1000", NUM, "occurrences per 1,000 terms",
     "count per 1,000 terms of the group.", 0, NULL, cell_per_1000},
    {"per_1000_rest", NUM, "occurrences per 1,000 terms",
     "count_rest per 1,000 terms of the rest; empty when the group holds "
     "every essay.",
     0, NULL, cell_per_1000_rest},
    {"g2", NUM, "",
     "Log-likelihood G2 over the 2x2 table (this term, other terms) x "
     "(group, rest): 2 * sum of O ln(O/E) over the four cells. Positive when "
     "the term is relatively more frequent in the group, negative when less; "
     "0 when the group holds every essay.",
     0, NULL, cell_g2},
    {"p", NUM, "probability",
     "Upper tail of |g2| under chi-squared with 1 degree of freedom, written "
     "%.6e; 1 when the group holds every essay.",
     0, NULL, cell_p},
    {"log_ratio", NUM, "log2 ratio",
     "Log Ratio (Hardie 2014): log2 of (count / group terms) / (count_rest / "
     "rest terms), a zero count taken as 0.5; empty when the group holds "
     "every essay.",
     0, NULL, cell_log_ratio},
    {"docs", INT, "essays", "Essays of the group holding the term.", 0, NULL,
     cell_docs},
    ES_COLDEF_END,
};

void es_write__keyness(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t g = 1; g < es_stats_group_count(st); g++)
    for (size_t i = 0; i < es_stats_keyness_count(st, g); i++) {
      r.k = g;
      r.item = es_stats_keyness(st, g, i);
      es_report__row(w, schema, &r);
    }
}
