/* audit.c - the audit report: one row per finding, in the order the
 * stats give them (doc_id, line, code, message, key), with the fixed
 * findings of a baseline among them; and es_audit_write, which writes the
 * same rows in the other formats (reports/formats.c). */
#include "report.h"
#include "formats.h"
#include "../engine/util/util.h"
#include "../engine/util/progress.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

static const char *const severities[] = {"error", "warning", "info", NULL};
static const char *const states[] = {"new", "unchanged", "fixed", NULL};

#define ROW(r) ((const es_audit_row *)(r)->item)

static void cell_doc_id(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->doc_id);
}
static void cell_severity(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_severity_name(ROW(r)->severity));
}
static void cell_code(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->code);
}
static void cell_key(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->key);
}
static void cell_line(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (ROW(r)->line)
    es_csv_uint(w, ROW(r)->line);
  else
    es_csv_empty(w);
}
static void cell_message(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, ROW(r)->message);
}
static void cell_state(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_audit_state_name(ROW(r)->state));
}

const es_coldef es_cols__audit[] = {
    {"doc_id", STR, "",
     "The essay (see essays.doc_id); for a fixed finding, the essay of the "
     "baseline, which may no longer exist.",
     0, NULL, cell_doc_id},
    {"severity", STR, "",
     "error, warning or info (as the rules file sets it for the code).",
     ES_COLDEF_ENUM, severities, cell_severity},
    /* values NULL: the codes come from es_code_name, so a new code is
     * described without touching this table. */
    {"code", STR, "", "What was found: an audit code.", ES_COLDEF_ENUM, NULL,
     cell_code},
    {"key", STR, "",
     "What the finding is about, the same from run to run: the field "
     "(missing_field, duplicate_key, field_type, field_value), the part "
     "label (missing_part, part_order), the heading (empty_section), the "
     "duplicate cluster (near_duplicate); else empty. Never a figure.",
     0, NULL, cell_key},
    {"line", INT, "line",
     "1-based line in the file; empty when the finding has no line.", 0, NULL,
     cell_line},
    {"message", STR, "", "A one-line explanation.", 0, NULL, cell_message},
    {"state", STR, "",
     "With --baseline: new, unchanged (the baseline has the same doc_id, "
     "code and key) or fixed (a baseline finding that no longer occurs).",
     ES_COLDEF_ENUM | ES_COLDEF_BASELINE, states, cell_state},
    ES_COLDEF_END,
};

void es_write__audit(es_csv *w, const es_schema *schema, const es_corpus *c,
                     const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t i = 0; i < es_stats_audit_row_count(st); i++) {
    const es_audit_row *row = es_stats_audit_row(st, i);
    r.doc = row->doc;
    r.k = i;
    r.item = row;
    es_report__row(w, schema, &r);
  }
}

/* ---- the other formats ----------------------------------------------------
 */

es_status es_audit_write(es_audit_format format, const es_corpus *corpus,
                         const es_stats *stats, FILE *out, es_error *err) {
  ES_ASSERT_ARG(corpus && stats && out);
  if (format == ES_AUDIT_CSV)
    return es_report_write("audit", corpus, stats, out, err);
  if (format < ES_AUDIT_TEXT || format > ES_AUDIT_GITHUB)
    return ES_FAIL(err, ES_EINVAL, "unknown audit format %d", (int)format);
  es_audit_view v;
  memset(&v, 0, sizeof v);
  v.rows =
      es_stats_audit_row_count(stats) ? es_stats_audit_row(stats, 0) : NULL;
  v.nrows = es_stats_audit_row_count(stats);
  v.nessays = es_corpus_count(corpus);
  const char **ids = es__xmalloc((v.nessays ? v.nessays : 1) * sizeof *ids);
  for (size_t i = 0; i < v.nessays; i++)
    ids[i] = es_corpus_doc_id(corpus, i);
  v.essays = ids;
  es_audit_rule rl[ES_CODE__COUNT];
  for (int c = 0; c < ES_CODE__COUNT; c++) {
    rl[c].id = es_code_name((es_code)c);
    rl[c].description = NULL;
    int sev = es_stats_code_severity(stats, (es_code)c);
    rl[c].level = sev < 0 ? ES_AUDIT_OFF : sev;
  }
  v.rules = rl;
  v.nrules = ES_CODE__COUNT;
  v.baseline = es_corpus_options(corpus)->baseline != NULL;
  v.version = ES_VERSION;
  es_phase phase; /* written at once: the begin and the end only */
  es_phase_begin(&phase, es_corpus_options(corpus), "writing", "audit", "row",
                 v.nrows);
  errno = 0;
  switch (format) {
  case ES_AUDIT_TEXT:
    es_format_text(out, &v);
    break;
  case ES_AUDIT_SARIF:
    es_format_sarif(out, &v);
    break;
  case ES_AUDIT_JUNIT:
    es_format_junit(out, &v);
    break;
  default:
    es_format_github(out, &v);
    break;
  }
  free(ids);
  es_phase_end(&phase, v.nrows);
  if (fflush(out) != 0 || ferror(out))
    return ES_FAIL(err, ES_EIO, "cannot write the audit: %s", strerror(errno));
  return ES_OK;
}
