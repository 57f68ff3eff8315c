/* schema.c - es_schema: a report's columns as the report table
 * (reports/table.c) defines them, with the front-matter columns of a
 * corpus in place of their placeholder. The header row, datapackage.json
 * and the column dictionary of README.md all come from here. */
#include "report.h"
#include "../engine/util/intern.h"

#include <stdlib.h>
#include <string.h>

const es_reportdef *es_schema__report(const char *name) {
  for (const es_reportdef *r = es_report__table; name && r->name; r++)
    if (strcmp(r->name, name) == 0)
      return r;
  return NULL;
}

const char *es_column_type_name(es_column_type type) {
  switch (type) {
  case ES_COLUMN_INTEGER:
    return "integer";
  case ES_COLUMN_NUMBER:
    return "number";
  case ES_COLUMN_STRING:
  default:
    return "string";
  }
}

/* ---- es_schema --------------------------------------------------------- */

typedef struct entry {
  es_column col;
  const es_coldef *def; /* the table entry behind the column */
} entry;

struct es_schema {
  const es_reportdef *def;
  entry *cols;
  size_t n, cap;
  char **owned; /* strings made for front-matter columns */
  size_t nowned, owned_cap;
};

static const char *own(es_schema *s, char *str) {
  ES_GROW(s->owned, s->owned_cap, s->nowned + 1);
  s->owned[s->nowned++] = str;
  return str;
}

static void push(es_schema *s, const es_coldef *d) {
  ES_GROW(s->cols, s->cap, s->n + 1);
  s->cols[s->n].def = d;
  es_column *c = &s->cols[s->n++].col;
  c->name = d->name;
  c->type = d->type;
  c->unit = d->unit;
  c->description = d->description;
  c->key = NULL;
}

/* Is `name` one of the report's own (not front-matter) column names? */
static bool is_fixed(const es_reportdef *def, const char *name) {
  for (const es_coldef *d = def->cols; d->name; d++)
    if (!(d->flags & ES_COLDEF_FRONT_MATTER) && strcmp(d->name, name) == 0)
      return true;
  return false;
}

/* The front-matter columns, named as the essays writer names them: keys in
 * order of first appearance over the analysed essays; a key equal to a
 * fixed column gets "fm." prefixes until its name is taken by no fixed
 * column, no unprefixed key and no earlier renamed key. */
static void push_front_matter(es_schema *s, const es_coldef *d,
                              const es_corpus *corpus) {
  es_intern *keys = es_intern_new();
  for (size_t i = 0; i < es_corpus_count(corpus); i++) {
    const es_doc *doc = es_corpus_doc(corpus, i);
    for (size_t f = 0; doc && f < es_doc_field_count(doc); f++) {
      const char *k = es_doc_field(doc, f)->key;
      es_intern_add(keys, k, strlen(k), NULL);
    }
  }
  size_t nkeys = es_intern_count(keys);
  es_intern *used = es_intern_new();
  for (const es_coldef *c = s->def->cols; c->name; c++)
    if (!(c->flags & ES_COLDEF_FRONT_MATTER))
      es_intern_add(used, c->name, strlen(c->name), NULL);
  for (size_t k = 0; k < nkeys; k++) {
    const char *key = es_intern_str(keys, (uint32_t)k, NULL);
    if (!is_fixed(s->def, key))
      es_intern_add(used, key, strlen(key), NULL);
  }
  es_buf name = ES_BUF_INIT;
  for (size_t k = 0; k < nkeys; k++) {
    size_t klen;
    const char *key = es_intern_str(keys, (uint32_t)k, &klen);
    es_buf_clear(&name);
    es_buf_put(&name, key, klen);
    if (is_fixed(s->def, key)) {
      /* Bounded: each round adds a prefix and `used` is finite. */
      do {
        es_buf tmp = ES_BUF_INIT;
        es_buf_puts(&tmp, "fm.");
        es_buf_put(&tmp, name.data, name.len);
        es_buf_free(&name);
        name = tmp;
      } while (es_intern_find(used, name.data, name.len) != UINT32_MAX);
      es_intern_add(used, name.data, name.len, NULL);
    }
    push(s, d);
    es_column *c = &s->cols[s->n - 1].col;
    c->name = own(s, es__xstrndup(name.data, name.len));
    c->key = own(s, es__xstrndup(key, klen));
    es_buf tmp = ES_BUF_INIT;
    es_buf_printf(&tmp, "The front-matter field \"%s\" as written (text).",
                  key);
    c->description = own(s, es_buf_detach(&tmp));
  }
  es_buf_free(&name);
  es_intern_free(used);
  es_intern_free(keys);
}

es_status es_report_schema(es_schema **out, const char *name,
                           const es_corpus *corpus, es_error *err) {
  ES_ASSERT_ARG(out);
  *out = NULL;
  const es_reportdef *def = es_schema__report(name);
  if (!def)
    return ES_FAIL(err, ES_EINVAL, "unknown report '%s'", name ? name : "");
  es_schema *s = es__xcalloc(1, sizeof *s);
  s->def = def;
  bool grouped = corpus && es_corpus_options(corpus)->group_by;
  bool baseline = corpus && es_corpus_options(corpus)->baseline;
  for (const es_coldef *d = def->cols; d->name; d++) {
    if (d->flags & ES_COLDEF_FRONT_MATTER) {
      if (corpus)
        push_front_matter(s, d, corpus);
    } else if ((!(d->flags & ES_COLDEF_GROUP_BY) || grouped) &&
               (!(d->flags & ES_COLDEF_BASELINE) || baseline)) {
      push(s, d);
    }
  }
  *out = s;
  return ES_OK;
}

const char *es_schema_description(const es_schema *schema) {
  return schema ? schema->def->description : NULL;
}

size_t es_schema_column_count(const es_schema *schema) {
  return schema ? schema->n : 0;
}

const es_column *es_schema_column(const es_schema *schema, size_t i) {
  return schema && i < schema->n ? &schema->cols[i].col : NULL;
}

const es_coldef *es_schema__coldef(const es_schema *schema, size_t i) {
  return schema && i < schema->n ? schema->cols[i].def : NULL;
}

const es_reportdef *es_schema__def(const es_schema *schema) {
  return schema ? schema->def : NULL;
}

void es_schema_free(es_schema *schema) {
  if (!schema)
    return;
  for (size_t i = 0; i < schema->nowned; i++)
    free(schema->owned[i]);
  free(schema->owned);
  free(schema->cols);
  free(schema);
}

/* Here, beside the schema's layout, so that the hot loop of every report
 * reads the column table directly. */
void es_report__row(es_csv *w, const es_schema *schema, const es_row *r) {
  for (size_t i = 0; i < schema->n; i++) {
    const es_coldef *d = schema->cols[i].def;
    if (!d->cell || (r->not_analysed && !(d->flags & ES_COLDEF_ALL_ROWS)))
      es_csv_empty(w);
    else
      d->cell(w, r, i);
  }
  es_csv_end_row(w);
}

void es_report__group_rows(es_csv *w, const es_schema *schema,
                           const es_corpus *c, const es_stats *st,
                           es_group_count_fn count, es_group_item_fn item) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t g = 0; g < es_stats_group_count(st); g++)
    for (size_t i = 0; i < count(st, g); i++) {
      r.k = g;
      r.item = item(st, g, i);
      es_report__row(w, schema, &r);
    }
}
