/* duplicates.c - the duplicates report: one row per essay in a
 * near-duplicate cluster, sorted by cluster (the doc_id naming it), then
 * doc_id. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

#define DUP(r) ((const es_duplicate *)(r)->item)

static void cell_cluster(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_corpus_doc_id(r->corpus, DUP(r)->cluster));
}
static void cell_size(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, DUP(r)->size);
}
static void cell_nearest(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_corpus_doc_id(r->corpus, DUP(r)->nearest));
}
static void cell_jaccard(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, DUP(r)->jaccard);
}

const es_coldef es_cols__duplicates[] = {
    {"cluster", STR, "",
     "The cluster's name: the doc_id of its first essay (bytewise).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL, cell_cluster},
    {"doc_id", STR, "", "The essay (see essays.doc_id).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL, es_cell__doc_id},
    {"size", INT, "essays", "Essays in the cluster (2 or more).", 0, NULL,
     cell_size},
    {"nearest", STR, "",
     "doc_id of the essay's closest partner: the highest shingle Jaccard, "
     "ties by doc_id.",
     ES_COLDEF_DOC_REF, NULL, cell_nearest},
    {"jaccard", NUM, "fraction",
     "Jaccard index of the shingle sets of the essay and nearest, from "
     "--dup-threshold to 1.",
     0, NULL, cell_jaccard},
    ES_COLDEF_END,
};

typedef struct member {
  size_t cluster, doc;
} member;

static int cmp_member(const void *a, const void *b) {
  const member *x = a, *y = b;
  if (x->cluster != y->cluster)
    return x->cluster < y->cluster ? -1 : 1;
  return x->doc < y->doc ? -1 : x->doc > y->doc;
}

void es_write__duplicates(es_csv *w, const es_schema *schema,
                          const es_corpus *c, const es_stats *st) {
  /* Essays are in doc_id order, so corpus indexes sort like doc_ids. */
  size_t n = es_corpus_count(c), m = 0;
  member *rows = malloc((n ? n : 1) * sizeof *rows);
  if (!rows)
    abort();
  for (size_t i = 0; i < n; i++) {
    const es_duplicate *dp = es_stats_duplicate(st, i);
    if (dp)
      rows[m++] = (member){dp->cluster, i};
  }
  qsort(rows, m, sizeof *rows, cmp_member);
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t k = 0; k < m; k++) {
    r.doc = rows[k].doc;
    r.k = k;
    r.item = es_stats_duplicate(st, rows[k].doc);
    es_report__row(w, schema, &r);
  }
  free(rows);
}
