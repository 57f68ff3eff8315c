/* similarity.c - the similarity report: one row per essay and neighbour,
 * best first. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

#define NB(r) ((const es_neighbor *)(r)->item)

static void cell_rank(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, r->k + 1);
}
static void cell_neighbor(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_corpus_doc_id(r->corpus, NB(r)->doc));
}
static void cell_cosine(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, NB(r)->cosine);
}
static void cell_keyterm_jaccard(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, NB(r)->keyterm_jaccard);
}
static void cell_shared_key_terms(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, NB(r)->shared_key_terms);
}

const es_coldef es_cols__similarity[] = {
    {"doc_id", STR, "", "The essay (see essays.doc_id).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL, es_cell__doc_id},
    {"rank", INT, "", "1 for the most similar neighbour, then 2, ...",
     ES_COLDEF_KEY, NULL, cell_rank},
    {"neighbor", STR, "", "doc_id of the neighbour.", ES_COLDEF_DOC_REF, NULL,
     cell_neighbor},
    {"cosine", NUM, "cosine",
     "Cosine similarity of the two essays' TF-IDF vectors, from 0 to 1.", 0,
     NULL, cell_cosine},
    {"keyterm_jaccard", NUM, "fraction",
     "Jaccard index of the two essays' key-term sets; empty when both are "
     "empty.",
     0, NULL, cell_keyterm_jaccard},
    {"shared_key_terms", INT, "key terms",
     "Distinct key terms the two essays share.", 0, NULL,
     cell_shared_key_terms},
    ES_COLDEF_END,
};

void es_write__similarity(es_csv *w, const es_schema *schema,
                          const es_corpus *c, const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t i = 0; i < es_corpus_count(c); i++)
    for (size_t k = 0; k < es_stats_neighbor_count(st, i); k++) {
      r.doc = i;
      r.k = k;
      r.item = es_stats_neighbor(st, i, k);
      es_report__row(w, schema, &r);
    }
}
