/* docterms.c - the docterms report: one row per essay and distinct term,
 * the long table that tidytext, pandas pivots and sparse matrices start
 * from. It is as large as the corpus, so rows are formatted into one
 * buffer per essay (the doc_id field once) and written with one call,
 * rather than field by field. */
#include "report.h"
#include "../engine/util/util.h"

#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

/* Cells for es_report__row (rows with item = an es_docterm); the writer
 * below formats the same fields itself, faster. */
#define ROW(r) ((const es_docterm *)(r)->item)
static void cell_term(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->term);
}
static void cell_count(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, ROW(r)->count);
}
static void cell_tf_idf(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, ROW(r)->tf_idf);
}

const es_coldef es_cols__docterms[] = {
    {"doc_id", STR, "", "The essay (rows sorted by doc_id, then term).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL, es_cell__doc_id},
    {"term", STR, "",
     "A distinct term of the essay (after --stopwords), sorted bytewise.",
     ES_COLDEF_KEY, NULL, cell_term},
    {"count", INT, "occurrences", "Occurrences in the essay's body text.", 0,
     NULL, cell_count},
    {"tf_idf", NUM, "weight",
     "The term's weight in the essay's L2-normalized TF-IDF vector under "
     "--weighting (the vector the similarity report compares).",
     0, NULL, cell_tf_idf},
    ES_COLDEF_END,
};

void es_write__docterms(es_csv *w, const es_schema *schema, const es_corpus *c,
                        const es_stats *st) {
  (void)schema;
  es_docterm *rows = NULL;
  size_t cap = 0;
  char *buf = NULL;
  size_t bufcap = 0;
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    size_t n = es_stats_docterms(st, i, rows, cap);
    if (n > cap) {
      cap = n;
      free(rows);
      rows = es__xmalloc(cap * sizeof *rows);
      n = es_stats_docterms(st, i, rows, cap);
    }
    if (!n)
      continue;
    const char *id = es_corpus_doc_id(c, i);
    size_t idlen = strlen(id);
    /* Per row: the doc_id field, the term field, a count (20 digits), a
     * real, three commas and a line end. */
    size_t need = 2 * idlen + 2;
    size_t fixed = need;
    for (size_t k = 0; k < n; k++)
      need += fixed + 2 * strlen(rows[k].term) + 2 + 20 + ES_CSV_REAL_MAX + 4;
    if (!buf || need > bufcap) {
      free(buf);
      bufcap = need;
      buf = es__xmalloc(bufcap);
    }
    char idf[2 * 4096 + 2];
    char *idfield =
        2 * idlen + 2 <= sizeof idf ? idf : es__xmalloc(2 * idlen + 2);
    size_t idn = es_csv_format_str(idfield, id, idlen);
    char *p = buf;
    for (size_t k = 0; k < n; k++) {
      memcpy(p, idfield, idn);
      p += idn;
      *p++ = ',';
      p += es_csv_format_str(p, rows[k].term, strlen(rows[k].term));
      *p++ = ',';
      p += es_csv_format_uint(p, rows[k].count);
      *p++ = ',';
      p += es_csv_format_real(p, rows[k].tf_idf);
      *p++ = '\n';
    }
    if (idfield != idf)
      free(idfield);
    es_csv_raw(w, buf, (size_t)(p - buf));
  }
  free(rows);
  free(buf);
}
