/* reports.c - the public face of the report table: report names, needs,
 * default selection, and es_report_write, which writes the header from
 * the schema and the rows through the report's writer. Writers read the
 * corpus and the stats through the public API only. */
#include "report.h"
#include "../engine/util/util.h"
#include "../engine/util/progress.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_REPORTS = 64 }; /* room in the name list; checked by a test */
static const char *names[MAX_REPORTS + 1];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void make_names(void) {
  size_t n = 0;
  for (const es_reportdef *r = es_report__table; r->name; r++)
    names[n++] = r->name;
  names[n] = NULL;
}

const char *const *es_report_names(void) {
  pthread_once(&names_once, make_names);
  return names;
}

unsigned es_report_needs(const char *name) {
  const es_reportdef *r = es_schema__report(name);
  return r ? r->needs : 0;
}

int es_report_needs_group_by(const char *name) {
  const es_reportdef *r = es_schema__report(name);
  return r && (r->flags & ES_REPORT_GROUPED) ? 1 : 0;
}

int es_report_by_default(const char *name, const es_options *opts) {
  const es_reportdef *r = es_schema__report(name);
  if (!r || (r->flags & ES_REPORT_OPTIONAL))
    return 0;
  if (r->flags & ES_REPORT_GROUPED)
    return opts && opts->group_by;
  return 1;
}

void es_cell__doc_id(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_corpus_doc_id(r->corpus, r->doc));
}

es_status es_report_write(const char *name, const es_corpus *corpus,
                          const es_stats *stats, FILE *out, es_error *err) {
  ES_ASSERT_ARG(corpus && stats && out);
  const es_reportdef *r = es_schema__report(name);
  if (!r)
    return ES_FAIL(err, ES_EINVAL, "unknown report '%s'", name ? name : "");
  es_schema *schema = NULL;
  es_status rc = es_report_schema(&schema, name, corpus, err);
  if (rc != ES_OK)
    return rc;
  es_csv w;
  es_csv_init(&w, out);
  flockfile(out); /* csv.c writes with the unlocked stdio calls */
  w.escape_formulas = es_corpus_options(corpus)->escape_formulas != 0;
  for (size_t i = 0; i < es_schema_column_count(schema); i++)
    es_csv_str(&w, es_schema_column(schema, i)->name);
  es_csv_end_row(&w);
  es_phase phase;
  es_phase_begin(&phase, es_corpus_options(corpus), "writing", r->name, "row",
                 0);
  w.rows = 0; /* the header is not a row */
  w.phase = &phase;
  r->write(&w, schema, corpus, stats);
  es_phase_end(&phase, w.rows);
  funlockfile(out);
  es_schema_free(schema);
  if (fflush(out) != 0 || ferror(out))
    return ES_FAIL(err, ES_EIO, "cannot write the %s report: %s", name,
                   strerror(errno));
  return ES_OK;
}
