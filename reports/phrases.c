/* phrases.c - the phrases report: recurring word n-grams (and group). */
#include "report.h"

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

#define ROW(r) ((const es_phrase *)(r)->item)

static void cell_group(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_stats_group_name(r->stats, r->k));
}
static void cell_n(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->n);
}
static void cell_phrase(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->phrase);
}
static void cell_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->count);
}
static void cell_docs(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->docs);
}
static void cell_doc_share(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, ROW(r)->doc_share);
}
static void cell_first_doc(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->first_doc);
}

const es_coldef es_cols__phrases[] = {
    ES_GROUP_COL(" Present only with --group-by.",
                 ES_COLDEF_GROUP_BY | ES_COLDEF_KEY, cell_group),
    {"n", INT, "terms", "Terms in the phrase (from --ngrams).", 0, NULL,
     cell_n},
    {"phrase", STR, "",
     "Consecutive terms of one block (paragraph, heading or list-item "
     "paragraph; never across blocks), stop words kept, joined by one space.",
     ES_COLDEF_KEY, NULL, cell_phrase},
    {"count", INT, "occurrences", "Occurrences in the group's essays.", 0, NULL,
     cell_count},
    {"docs", INT, "essays",
     "Essays of the group holding it (at least --min-docs).", 0, NULL,
     cell_docs},
    {"doc_share", NUM, "fraction",
     "docs divided by the group's analysed essays, from 0 to 1.", 0, NULL,
     cell_doc_share},
    {"first_doc", STR, "", "The group's first essay holding it, by doc_id.",
     ES_COLDEF_DOC_REF, NULL, cell_first_doc},
    ES_COLDEF_END,
};

static const void *phrase_item(const es_stats *st, size_t g, size_t i) {
  return es_stats_phrase(st, g, i);
}

void es_write__phrases(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st) {
  es_report__group_rows(w, schema, c, st, es_stats_phrase_count, phrase_item);
}
