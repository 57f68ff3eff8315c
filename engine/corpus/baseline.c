/* baseline.c - read a previous audit.csv (RFC 4180, as the audit report
 * writes it) for --baseline.
 *
 * Strict about the header, since a wrong file (the essays report, a v1
 * audit without `key`) would otherwise make every finding look new, and a
 * nightly job fail for no reason; lenient about what spreadsheets do to a
 * CSV (a BOM, CRLF line ends, a blank last line). */
#include "baseline.h"
#include "../util/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { NCOLS = 6 };
static const char *const columns[NCOLS + 1] = {
    "doc_id", "severity", "code", "key", "line", "message", "state"};

typedef struct cursor {
  const char *s, *end;
  unsigned line; /* 1-based line of s */
} cursor;

/* One record's fields into `fields` (cleared first). Returns false at the
 * end of the text; *bad is set (with *bad_line) for a malformed record. */
static bool record(cursor *c, es_buf *fields, size_t *offs, size_t cap,
                   size_t *nf, bool *bad) {
  es_buf_clear(fields);
  *nf = 0;
  if (c->s >= c->end)
    return false;
  for (;;) {
    if (*nf == cap) {
      *bad = true;
      return true;
    }
    offs[(*nf)++] = fields->len;
    if (c->s < c->end && *c->s == '"') {
      c->s++;
      for (;;) {
        if (c->s >= c->end) {
          *bad = true; /* an unclosed quote */
          return true;
        }
        char ch = *c->s++;
        if (ch == '"') {
          if (c->s < c->end && *c->s == '"') {
            c->s++;
            es_buf_putc(fields, '"');
            continue;
          }
          break;
        }
        if (ch == '\n')
          c->line++;
        es_buf_putc(fields, ch);
      }
    } else {
      while (c->s < c->end && *c->s != ',' && *c->s != '\n' &&
             !(*c->s == '\r' && c->s + 1 < c->end && c->s[1] == '\n')) {
        if (*c->s == '"') {
          *bad = true; /* a quote inside an unquoted field */
          return true;
        }
        es_buf_putc(fields, *c->s++);
      }
    }
    es_buf_putc(fields, 0);
    if (c->s >= c->end)
      return true;
    if (*c->s == ',') {
      c->s++;
      continue;
    }
    if (*c->s == '\r')
      c->s++;
    if (c->s < c->end && *c->s == '\n') {
      c->s++;
      c->line++;
      return true;
    }
    *bad = true; /* text after a closing quote */
    return true;
  }
}

static es_status fail_line(es_error *err, const char *path, unsigned line,
                           const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static es_status fail_line(es_error *err, const char *path, unsigned line,
                           const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  /* false positive: the analyzer of clang 14 reports the va_list as
   * uninitialized right after va_start. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  ES_FAIL(err, ES_ECONFIG, "%s:%u: %s", path, line, msg);
  if (err) {
    err->line = line;
    snprintf(err->path, sizeof err->path, "%s", path);
  }
  return ES_ECONFIG;
}

static bool parse_line_no(const char *s, unsigned *out) {
  if (!*s) {
    *out = 0;
    return true;
  }
  unsigned long v = 0;
  for (const char *p = s; *p; p++) {
    if (*p < '0' || *p > '9' || v > 100000000ul)
      return false;
    v = v * 10 + (unsigned long)(*p - '0');
  }
  if (v == 0)
    return false;
  *out = (unsigned)v;
  return true;
}

es_status es_baseline_parse(es_baseline **out, const char *text, size_t len,
                            const char *path, es_error *err) {
  ES_ASSERT_ARG(out && (text || !len));
  *out = NULL;
  if (!path)
    path = "baseline";
  cursor c = {text ? text : "", (text ? text : "") + len, 1};
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
    c.s += 3;
  es_buf fields = ES_BUF_INIT;
  size_t offs[NCOLS + 2], nf = 0, ncols = 0, cap = 0;
  bool bad = false;
  es_status rc = ES_OK;
  es_baseline *b = es__xcalloc(1, sizeof *b);

  unsigned line = c.line;
  bool got = record(&c, &fields, offs, NCOLS + 2, &nf, &bad);
  bool header_ok = got && !bad && (nf == NCOLS || nf == NCOLS + 1);
  for (size_t i = 0; header_ok && i < nf; i++)
    header_ok = strcmp(fields.data + offs[i], columns[i]) == 0;
  if (!header_ok) {
    rc = fail_line(err, path, line,
                   "not an audit report: the header must be "
                   "doc_id,severity,code,key,line,message (with or without "
                   ",state)");
    goto out;
  }
  ncols = nf;
  b->had_state = ncols == NCOLS + 1;
  for (;;) {
    line = c.line;
    bad = false;
    if (!record(&c, &fields, offs, NCOLS + 2, &nf, &bad))
      break;
    if (!bad && nf == 1 && fields.data[offs[0]] == 0)
      continue; /* a blank line */
    if (bad || nf != ncols) {
      rc = fail_line(err, path, line,
                     "malformed row (%zu fields where the header has %zu)", nf,
                     ncols);
      goto out;
    }
    const char *f[NCOLS + 1];
    for (size_t i = 0; i < nf; i++)
      f[i] = fields.data + offs[i];
    if (strcmp(f[1], "error") != 0 && strcmp(f[1], "warning") != 0 &&
        strcmp(f[1], "info") != 0) {
      rc = fail_line(err, path, line, "unknown severity '%s'", f[1]);
      goto out;
    }
    unsigned ln;
    if (!parse_line_no(f[4], &ln)) {
      rc =
          fail_line(err, path, line, "'line' must be a number, not '%s'", f[4]);
      goto out;
    }
    if (b->had_state) {
      const char *st = f[NCOLS];
      if (strcmp(st, "fixed") == 0)
        continue; /* fixed yesterday: not a finding of that run */
      if (*st && strcmp(st, "new") != 0 && strcmp(st, "unchanged") != 0) {
        rc = fail_line(err, path, line, "unknown state '%s'", st);
        goto out;
      }
    }
    ES_GROW(b->rows, cap, b->n + 1);
    es_baseline_row *r = &b->rows[b->n++];
    r->doc_id = es__xstrdup(f[0]);
    r->severity = es__xstrdup(f[1]);
    r->code = es__xstrdup(f[2]);
    r->key = es__xstrdup(f[3]);
    r->line = ln;
    r->message = es__xstrdup(f[5]);
  }
out:
  es_buf_free(&fields);
  if (rc != ES_OK) {
    es_baseline_free(b);
    return rc;
  }
  *out = b;
  return ES_OK;
}

es_status es_baseline_load(es_baseline **out, const char *path, es_error *err) {
  ES_ASSERT_ARG(out && path);
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return ES_FAIL(err, ES_EIO, "cannot read the baseline '%s': %s", path,
                   strerror(errno));
  es_buf b = ES_BUF_INIT;
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
    es_buf_put(&b, chunk, n);
  bool bad = ferror(f) != 0;
  int saved = errno;
  fclose(f);
  if (bad) {
    es_buf_free(&b);
    return ES_FAIL(err, ES_EIO, "cannot read the baseline '%s': %s", path,
                   strerror(saved));
  }
  es_status rc = es_baseline_parse(out, b.data, b.len, path, err);
  es_buf_free(&b);
  return rc;
}

void es_baseline_free(es_baseline *b) {
  if (!b)
    return;
  for (size_t i = 0; i < b->n; i++) {
    free(b->rows[i].doc_id);
    free(b->rows[i].severity);
    free(b->rows[i].code);
    free(b->rows[i].key);
    free(b->rows[i].message);
  }
  free(b->rows);
  free(b);
}
