/* baseline.h - a previous run's audit.csv (--baseline FILE), read so that
 * this run can tell its findings apart: new, unchanged, or fixed. */
#ifndef ES_BASELINE_H
#define ES_BASELINE_H

#include "essay_stats.h"

#include <stdbool.h>
#include <stddef.h>

/* One finding of the baseline, as written in it. */
typedef struct es_baseline_row {
  char *doc_id;
  char *severity; /* "error", "warning", "info" */
  char *code;
  char *key;
  unsigned line; /* 0: empty */
  char *message;
} es_baseline_row;

typedef struct es_baseline {
  es_baseline_row *rows; /* file order; its `fixed` rows are left out */
  size_t n;
  bool had_state; /* the file had a state column */
} es_baseline;

/* Read an audit CSV from memory. The header must be exactly
 * doc_id,severity,code,key,line,message (optionally followed by ,state):
 * anything else is ES_ECONFIG, as is a malformed row (the message reads
 * "PATH:LINE: problem"). A leading BOM and CRLF line ends are accepted.
 * *out belongs to the caller (es_baseline_free). */
es_status es_baseline_parse(es_baseline **out, const char *text, size_t len,
                            const char *path, es_error *err);
/* Read the file at `path`: ES_EIO when it cannot be read. */
es_status es_baseline_load(es_baseline **out, const char *path, es_error *err);
void es_baseline_free(es_baseline *b);

#endif
