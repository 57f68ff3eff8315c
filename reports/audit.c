/* audit.c - the audit report: one row per finding, in the order the
 * stats give them (doc_id, line, code, message). */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

static const char *const severities[] = {"error", "warning", "info", NULL};

#define FINDING(r) ((const es_finding *)(r)->item)

static void cell_severity(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_severity_name(es_code_severity(FINDING(r)->code)));
}
static void cell_code(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_code_name(FINDING(r)->code));
}
static void cell_line(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (FINDING(r)->line)
    es_csv_uint(w, FINDING(r)->line);
  else
    es_csv_empty(w);
}
static void cell_message(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, FINDING(r)->message);
}

const es_coldef es_cols__audit[] = {
    {"doc_id", STR, "", "The essay (see essays.doc_id).", ES_COLDEF_DOC_REF,
     NULL, es_cell__doc_id},
    {"severity", STR, "", "error, warning or info.", ES_COLDEF_ENUM, severities,
     cell_severity},
    /* values NULL: the codes come from es_code_name, so a new code is
     * described without touching this table. */
    {"code", STR, "", "What was found: an audit code.", ES_COLDEF_ENUM, NULL,
     cell_code},
    {"line", INT, "line",
     "1-based line in the file; empty when the finding has no line.", 0, NULL,
     cell_line},
    {"message", STR, "", "A one-line explanation.", 0, NULL, cell_message},
    ES_COLDEF_END,
};

void es_write__audit(es_csv *w, const es_schema *schema, const es_corpus *c,
                     const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t i = 0; i < es_corpus_count(c); i++)
    for (size_t k = 0; k < es_stats_finding_count(st, i); k++) {
      r.doc = i;
      r.k = k;
      r.item = es_stats_finding(st, i, k);
      es_report__row(w, schema, &r);
    }
}
