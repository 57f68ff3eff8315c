/* terms.c - the terms and keyterms reports: one row per term (or key
 * term) and group, in the order the stats give them. */
#include "report.h"

#include <stdlib.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

#define TERM(r) ((const es_term_row *)(r)->item)
#define KEY(r) ((const es_keyterm_row *)(r)->item)

/* Present only with a group-by field (the schema leaves it out else). */
static void cell_group(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_stats_group_name(r->stats, r->k));
}
static void cell_term(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, TERM(r)->term);
}
static void cell_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, TERM(r)->count);
}
static void cell_docs(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, TERM(r)->docs);
}
static void cell_doc_share(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, TERM(r)->doc_share);
}
static void cell_idf(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, TERM(r)->idf);
}
static void cell_per_1000(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, TERM(r)->per_1000);
}
static void cell_dp(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, TERM(r)->dp);
}

static void cell_key(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, KEY(r)->key);
}
static void cell_kterm(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, KEY(r)->term);
}
static void cell_kcount(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, KEY(r)->count);
}
static void cell_kdocs(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, KEY(r)->docs);
}
static void cell_label_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, KEY(r)->label_count);
}
static void cell_inline_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, KEY(r)->inline_count);
}
static void cell_first_doc(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, KEY(r)->first_doc);
}

const es_coldef es_cols__terms[] = {
    ES_GROUP_COL(" Present only with --group-by.",
                 ES_COLDEF_GROUP_BY | ES_COLDEF_KEY, cell_group),
    {"term", STR, "",
     "A word normalized (NFKC, case folded, apostrophe and hyphen variants "
     "unified).",
     ES_COLDEF_KEY, NULL, cell_term},
    {"count", INT, "occurrences", "Occurrences in the body text.", 0, NULL,
     cell_count},
    {"docs", INT, "essays", "Essays holding the term.", 0, NULL, cell_docs},
    {"doc_share", NUM, "fraction",
     "docs divided by the number of analysed essays, from 0 to 1.", 0, NULL,
     cell_doc_share},
    {"idf", NUM, "",
     "Inverse document frequency under --weighting, N being the analysed "
     "essays of the group: ln(N / docs) for ltc (the default; 0 for a term "
     "in every essay), ln((1 + N) / (1 + docs)) + 1 for sklearn.",
     0, NULL, cell_idf},
    {"per_1000", NUM, "occurrences per 1,000 terms",
     "count per 1,000 terms of the group (every term after --stopwords, "
     "whatever --min-count drops).",
     0, NULL, cell_per_1000},
    {"dp", NUM, "",
     "Gries' deviation of proportions over the group's essays: half the sum "
     "of |v - s| over them, s an essay's share of the group's terms and v its "
     "share of this term's occurrences; 0 = spread evenly, towards 1 = "
     "concentrated in few essays.",
     0, NULL, cell_dp},
    ES_COLDEF_END,
};

const es_coldef es_cols__keyterms[] = {
    ES_GROUP_COL(" Present only with --group-by.", ES_COLDEF_GROUP_BY,
                 cell_group),
    {"key", STR, "",
     "The key term normalized as terms are (the whole text at once).", 0, NULL,
     cell_key},
    {"term", STR, "",
     "Its most frequent written form (ties: the bytewise smallest).", 0, NULL,
     cell_kterm},
    {"count", INT, "occurrences", "Occurrences as a key term.", 0, NULL,
     cell_kcount},
    {"docs", INT, "essays", "Essays using it.", 0, NULL, cell_kdocs},
    {"label_count", INT, "occurrences",
     "Occurrences opening a paragraph with words after them.", 0, NULL,
     cell_label_count},
    {"inline_count", INT, "occurrences", "The other occurrences.", 0, NULL,
     cell_inline_count},
    {"first_doc", STR, "", "The first essay using it, by doc_id.",
     ES_COLDEF_DOC_REF, NULL, cell_first_doc},
    ES_COLDEF_END,
};

static const void *term_item(const es_stats *st, size_t g, size_t i) {
  return es_stats_term(st, g, i);
}

void es_write__terms(es_csv *w, const es_schema *schema, const es_corpus *c,
                     const es_stats *st) {
  es_report__group_rows(w, schema, c, st, es_stats_term_count, term_item);
}

static const void *keyterm_item(const es_stats *st, size_t g, size_t i) {
  return es_stats_keyterm(st, g, i);
}

void es_write__keyterms(es_csv *w, const es_schema *schema, const es_corpus *c,
                        const es_stats *st) {
  es_report__group_rows(w, schema, c, st, es_stats_keyterm_count, keyterm_item);
}
