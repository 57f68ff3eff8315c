/* schema.h - the column table behind es_report_schema, for in-tree tools
 * that need the dynamic columns as placeholders (the generator of the
 * column dictionary in README.md). Not part of the public API. */
#ifndef ES_SCHEMA_H
#define ES_SCHEMA_H

#include "essay_stats.h"

enum {
  /* Written only with --group-by (the leading group of terms/keyterms). */
  ES_COLDEF_GROUP_BY = 1u << 0,
  /* A placeholder that stands for the front-matter columns. */
  ES_COLDEF_FRONT_MATTER = 1u << 1,
  /* The values come from `values` (a closed set), or from the audit code
   * names when `values` is NULL. */
  ES_COLDEF_ENUM = 1u << 2,
  /* Part of the row's primary key. */
  ES_COLDEF_KEY = 1u << 3,
  /* Holds a doc_id of the essays report (a foreign key). */
  ES_COLDEF_DOC_REF = 1u << 4
};

typedef struct es_coldef {
  const char *name;
  es_column_type type;
  const char *unit;
  const char *description;
  unsigned flags;
  const char *const *values; /* ES_COLDEF_ENUM: NULL-terminated */
} es_coldef;

typedef struct es_reportdef {
  const char *name;
  const char *description; /* what one row is */
  const es_coldef *cols;
  size_t ncols;
} es_reportdef;

/* The definition of a report, or NULL for an unknown name. */
const es_reportdef *es_schema__report(const char *name);
/* The table entry behind column i of a schema (a front-matter column gives
 * the placeholder), or NULL past the end; and the report's entry. */
const es_coldef *es_schema__coldef(const es_schema *schema, size_t i);
const es_reportdef *es_schema__def(const es_schema *schema);

#endif
