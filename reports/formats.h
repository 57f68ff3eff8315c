/* formats.h - the audit written for other tools: gcc-style text, SARIF
 * 2.1.0 (code scanning), JUnit XML (CI test reports) and GitHub Actions
 * workflow commands (annotations). Each writer takes the audit's rows in
 * report order and escapes every string for its format, whatever bytes it
 * holds (a doc_id may hold a newline, a comma, a quote, '<' or '&'). */
#ifndef ES_FORMATS_H
#define ES_FORMATS_H

#include "essay_stats.h"

#include <stdbool.h>
#include <stdio.h>

/* The severity a code has in a run: an es_severity, or ES_AUDIT_OFF. */
enum { ES_AUDIT_OFF = 3 };

/* One rule (audit code) as SARIF's tool.driver lists it. */
typedef struct es_audit_rule {
  const char *id;          /* the code */
  const char *description; /* one sentence */
  int level;               /* es_severity, or ES_AUDIT_OFF */
} es_audit_rule;

/* What the writers need from a run. */
typedef struct es_audit_view {
  const es_audit_row *rows; /* report order; fixed rows included */
  size_t nrows;
  const char *const *essays; /* doc_ids of the corpus, in order */
  size_t nessays;
  const es_audit_rule *rules; /* every code, in code order */
  size_t nrules;
  bool baseline; /* rows carry a state */
  const char *version;
} es_audit_view;

/* `doc_id:line: severity: message [code]` per current finding (fixed rows
 * are left out); `doc_id: severity: ...` without a line. */
void es_format_text(FILE *out, const es_audit_view *v);
/* A SARIF 2.1.0 log with one run. */
void es_format_sarif(FILE *out, const es_audit_view *v);
/* A JUnit XML report: one testsuite, a testcase per current finding and a
 * passing testcase per essay without findings. */
void es_format_junit(FILE *out, const es_audit_view *v);
/* GitHub Actions workflow commands, one per current finding. */
void es_format_github(FILE *out, const es_audit_view *v);

/* A short description of an audit code (static storage). */
const char *es_format_code_description(const char *code);

#endif
