/* keyness.c - the keyness report: for each group other than (all), the
 * terms that set it apart from the rest of the corpus. */
#include "report.h"
#include "../engine/util/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* A real field (empty when NaN) and its comma. */
static char *put_real(char *p, double v) {
  p += es_csv_format_real(p, v);
  *p++ = ',';
  return p;
}

/* A group holds a row per term of the corpus or so: rows are formatted
 * into one buffer per group (the same bytes as the cells above) and
 * written at once. */
void es_write__keyness(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st) {
  (void)schema;
  (void)c;
  char *buf = NULL;
  size_t cap = 0;
  for (size_t g = 1; g < es_stats_group_count(st); g++) {
    size_t n = es_stats_keyness_count(st, g);
    if (!n)
      continue;
    const char *name = es_stats_group_name(st, g);
    size_t glen = strlen(name);
    size_t need = 0;
    for (size_t i = 0; i < n; i++)
      need += 2 * glen + 2 * strlen(es_stats_keyness(st, g, i)->term) + 4 +
              3 * 20 + 4 * ES_CSV_REAL_MAX + 64 + 16;
    if (!buf || need > cap) {
      free(buf);
      cap = need;
      buf = es__xmalloc(cap);
    }
    char *p = buf;
    for (size_t i = 0; i < n; i++) {
      const es_keyness_row *k = es_stats_keyness(st, g, i);
      p += es_csv_format_str(p, name, glen);
      *p++ = ',';
      p += es_csv_format_str(p, k->term, strlen(k->term));
      *p++ = ',';
      p += es_csv_format_uint(p, k->count);
      *p++ = ',';
      p += es_csv_format_uint(p, k->count_rest);
      *p++ = ',';
      p = put_real(p, k->per_1000);
      p = put_real(p, k->per_1000_rest);
      p = put_real(p, k->g2);
      if (isfinite(k->p))
        p += snprintf(p, 64, "%.6e", k->p == 0 ? 0.0 : k->p);
      *p++ = ',';
      p = put_real(p, k->log_ratio);
      p += es_csv_format_uint(p, k->docs);
      *p++ = '\n';
    }
    es_csv_raw(w, buf, (size_t)(p - buf));
  }
  free(buf);
}
