/* report.h - the report table: for each report its name, what analytics
 * it needs, its writer, what one row is and its columns. One entry per
 * report (reports/table.c), so that adding a report means adding one entry
 * and its writer. The same table gives the CSV headers, datapackage.json
 * and the column dictionary of README.md (docs/dictionary.c), so the three
 * cannot disagree. Not part of the public API. */
#ifndef ES_REPORT_H
#define ES_REPORT_H

#include "essay_stats.h"
#include "csv.h"

#include <stdbool.h>

/* ---- rows -------------------------------------------------------------- */

/* What a writer knows about the row being written; each column's cell
 * function takes what it needs from it. */
typedef struct es_row {
  const es_corpus *corpus;
  const es_stats *stats;
  size_t doc;        /* the essay (a corpus index), for rows that have one */
  const es_doc *d;   /* its document */
  bool not_analysed; /* only ES_COLDEF_ALL_ROWS columns are filled */
  size_t k;          /* section, rank, finding, bin or group of the row */
  const void *item;  /* the row's record (es_section, es_term_row, ...) */
  const void *extra; /* the writer's own data for this row */
} es_row;

/* Write column `col` (an index into the report's schema) of row `r`. */
typedef void (*es_cell_fn)(es_csv *w, const es_row *r, size_t col);

/* ---- columns ----------------------------------------------------------- */

enum {
  /* Written only with a group-by field (the leading group of terms). */
  ES_COLDEF_GROUP_BY = 1u << 0,
  /* A placeholder that stands for the front-matter columns. */
  ES_COLDEF_FRONT_MATTER = 1u << 1,
  /* The values come from `values` (a closed set), or from the audit code
   * names when `values` is NULL. */
  ES_COLDEF_ENUM = 1u << 2,
  /* Part of the row's primary key. */
  ES_COLDEF_KEY = 1u << 3,
  /* Holds a doc_id of the essays report (a foreign key). */
  ES_COLDEF_DOC_REF = 1u << 4,
  /* Filled also in rows of essays that were not analysed. */
  ES_COLDEF_ALL_ROWS = 1u << 5,
  /* Written only with a baseline (the audit's state). */
  ES_COLDEF_BASELINE = 1u << 6
};

/* One column. Arrays of columns end with an entry whose name is NULL. */
typedef struct es_coldef {
  const char *name;
  es_column_type type;
  const char *unit;
  const char *description;
  unsigned flags;
  const char *const *values; /* ES_COLDEF_ENUM: NULL-terminated */
  es_cell_fn cell;           /* NULL: always empty */
} es_coldef;

/* ---- reports ----------------------------------------------------------- */

enum {
  /* Not written by --out-dir unless chosen (as large as the corpus). */
  ES_REPORT_OPTIONAL = 1u << 0,
  /* Written by default only when a group-by field is given. */
  ES_REPORT_GROUPED = 1u << 1
};

/* Write the rows (the header is written by es_report_write from the
 * schema); each row goes through es_report__row. */
typedef void (*es_write_fn)(es_csv *w, const es_schema *schema,
                            const es_corpus *c, const es_stats *st);

typedef struct es_reportdef {
  const char *name;
  unsigned needs; /* ES_NEED_* */
  unsigned flags; /* ES_REPORT_* */
  es_write_fn write;
  const char *description; /* what one row is */
  const es_coldef *cols;   /* ends with a NULL name */
} es_reportdef;

/* The table, in the order --out-dir writes the reports; ends with a NULL
 * name. */
extern const es_reportdef es_report__table[];

/* The definition of a report, or NULL for an unknown name. */
const es_reportdef *es_schema__report(const char *name);
/* The table entry behind column i of a schema (a front-matter column gives
 * the placeholder), or NULL past the end; and the report's entry. */
const es_coldef *es_schema__coldef(const es_schema *schema, size_t i);
const es_reportdef *es_schema__def(const es_schema *schema);

/* Write one row: each column of the schema through its cell function, or
 * empty (no cell function, or a row not analysed). */
void es_report__row(es_csv *w, const es_schema *schema, const es_row *r);

/* Every row of a per-group table (terms, keyterms, phrases): for each
 * group g, the records item(st, g, i) for i < count(st, g), with k = g. */
typedef size_t (*es_group_count_fn)(const es_stats *st, size_t g);
typedef const void *(*es_group_item_fn)(const es_stats *st, size_t g, size_t i);
void es_report__group_rows(es_csv *w, const es_schema *schema,
                           const es_corpus *c, const es_stats *st,
                           es_group_count_fn count, es_group_item_fn item);

/* Cells shared by several reports. */
void es_cell__doc_id(es_csv *w, const es_row *r, size_t col);

/* The group column: its description names the group-by field. */
#define ES_GROUP_COL(what, flags, cell)                                        \
  {                                                                            \
    "group", ES_COLUMN_STRING, "",                                             \
        "The group of the row: (all) for the whole corpus, else a value of "   \
        "the "                                                                 \
        "--group-by front-matter field, or (none) for essays without "         \
        "it." what,                                                            \
        flags, NULL, cell                                                      \
  }

#define ES_COLDEF_END                                                          \
  { NULL, ES_COLUMN_STRING, NULL, NULL, 0, NULL, NULL }

/* The report writers, one per report (reports/<name>.c). */
void es_write__essays(es_csv *w, const es_schema *schema, const es_corpus *c,
                      const es_stats *st);
void es_write__sections(es_csv *w, const es_schema *schema, const es_corpus *c,
                        const es_stats *st);
void es_write__terms(es_csv *w, const es_schema *schema, const es_corpus *c,
                     const es_stats *st);
void es_write__keyterms(es_csv *w, const es_schema *schema, const es_corpus *c,
                        const es_stats *st);
void es_write__lengths(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st);
void es_write__histogram(es_csv *w, const es_schema *schema, const es_corpus *c,
                         const es_stats *st);
void es_write__similarity(es_csv *w, const es_schema *schema,
                          const es_corpus *c, const es_stats *st);
void es_write__duplicates(es_csv *w, const es_schema *schema,
                          const es_corpus *c, const es_stats *st);
void es_write__docterms(es_csv *w, const es_schema *schema, const es_corpus *c,
                        const es_stats *st);
void es_write__phrases(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st);
void es_write__keyness(es_csv *w, const es_schema *schema, const es_corpus *c,
                       const es_stats *st);
void es_write__audit(es_csv *w, const es_schema *schema, const es_corpus *c,
                     const es_stats *st);

/* Their columns. */
extern const es_coldef es_cols__essays[], es_cols__sections[], es_cols__terms[],
    es_cols__keyterms[], es_cols__lengths[], es_cols__histogram[],
    es_cols__similarity[], es_cols__duplicates[], es_cols__docterms[],
    es_cols__keyness[], es_cols__phrases[], es_cols__audit[];

#endif
