/* csv.c - the CSV field writer. es_report_write holds the stream's lock
 * (flockfile) while it writes, so fields go out through the unlocked
 * stdio calls: a report is a few calls per field, and taking the lock in
 * each was a tenth of the time of writing the terms report. */
#include "csv.h"
#include "../engine/util/progress.h"

#include <math.h>
#include <string.h>

void es_csv_init(es_csv *w, FILE *out) {
  memset(w, 0, sizeof *w); /* every field, those added later included */
  w->out = out;
}

static void sep(es_csv *w) {
  if (w->row_started)
    putc_unlocked(',', w->out);
  w->row_started = true;
}

static bool needs_quotes(const char *s, size_t n) {
  if (n == 0)
    return false;
  if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
    return true;
  return strpbrk(s, ",\"\r\n") != NULL;
}

void es_csv_str(es_csv *w, const char *s) {
  sep(w);
  if (!s)
    return;
  size_t n = strlen(s);
  bool formula = w->escape_formulas && n &&
                 (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                  s[0] == '\t' || s[0] == '\r');
  if (!needs_quotes(s, n)) {
    if (formula)
      putc_unlocked('\'', w->out);
    fwrite_unlocked(s, 1, n, w->out);
    return;
  }
  putc_unlocked('"', w->out);
  if (formula)
    putc_unlocked('\'', w->out);
  for (const char *p = s; *p; p++) {
    if (*p == '"')
      putc_unlocked('"', w->out);
    putc_unlocked(*p, w->out);
  }
  putc_unlocked('"', w->out);
}

/* Integers are formatted by hand: reports are mostly integers, and
 * fprintf's format parsing dominated writing them. */
static void put_uint(FILE *f, uint64_t v) {
  char buf[24];
  size_t i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  fwrite_unlocked(buf + i, 1, sizeof buf - i, f);
}

void es_csv_uint(es_csv *w, uint64_t v) {
  sep(w);
  put_uint(w->out, v);
}

void es_csv_int(es_csv *w, int64_t v) {
  sep(w);
  if (v < 0) {
    putc_unlocked('-', w->out);
    put_uint(w->out, (uint64_t)0 - (uint64_t)v);
  } else {
    put_uint(w->out, (uint64_t)v);
  }
}

/* "%.6f" without printf for the usual case. Below 1e6, x = v * 1e6 is
 * within 2^-13 of the exact product, so rounding x gives the correctly
 * rounded result unless the product lies within 1e-3 of a half; those and
 * larger values go to snprintf, which rounds the exact binary value.
 * Returns the length written to out, 0 when snprintf must decide. */
static size_t fixed6(char *out, double v) {
  double x = v * 1e6;
  if (!(fabs(x) < 1e12))
    return 0;
  double r = nearbyint(x);
  if (fabs(fabs(x - r) - 0.5) < 1e-3)
    return 0;
  int64_t q = (int64_t)r;
  if (q == 0) {
    memcpy(out, "0.000000", 8); /* also for -0 and tiny negatives */
    return 8;
  }
  uint64_t a = q < 0 ? (uint64_t)0 - (uint64_t)q : (uint64_t)q;
  char buf[32];
  size_t i = sizeof buf;
  for (int d = 0; d < 6; d++) {
    buf[--i] = (char)('0' + a % 10);
    a /= 10;
  }
  buf[--i] = '.';
  do {
    buf[--i] = (char)('0' + a % 10);
    a /= 10;
  } while (a);
  if (q < 0)
    buf[--i] = '-';
  memcpy(out, buf + i, sizeof buf - i);
  return sizeof buf - i;
}

size_t es_csv_format_real(char *out, double v) {
  if (!isfinite(v))
    return 0;
  size_t n = fixed6(out, v);
  if (n)
    return n;
  char buf[ES_CSV_REAL_MAX];
  snprintf(buf, sizeof buf, "%.6f", v);
  const char *s = buf;
  if (buf[0] == '-' && strspn(buf + 1, "0.") == strlen(buf + 1))
    s = buf + 1; /* -0.000000 -> 0.000000 */
  n = strlen(s);
  memcpy(out, s, n);
  return n;
}

void es_csv_real(es_csv *w, double v) {
  sep(w);
  char buf[ES_CSV_REAL_MAX];
  size_t n = es_csv_format_real(buf, v);
  fwrite_unlocked(buf, 1, n, w->out);
}

void es_csv_real_exp(es_csv *w, double v) {
  sep(w);
  if (!isfinite(v))
    return;
  char buf[64];
  int n = snprintf(buf, sizeof buf, "%.6e", v == 0 ? 0.0 : v); /* no -0 */
  fwrite_unlocked(buf, 1, (size_t)n, w->out);
}

void es_csv_empty(es_csv *w) { sep(w); }

size_t es_csv_format_str(char *out, const char *s, size_t n) {
  if (!needs_quotes(s, n)) {
    memcpy(out, s, n);
    return n;
  }
  size_t k = 0;
  out[k++] = '"';
  for (size_t i = 0; i < n; i++) {
    if (s[i] == '"')
      out[k++] = '"';
    out[k++] = s[i];
  }
  out[k++] = '"';
  return k;
}

size_t es_csv_format_uint(char *out, uint64_t v) {
  char buf[24];
  size_t i = sizeof buf;
  do {
    buf[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  memcpy(out, buf + i, sizeof buf - i);
  return sizeof buf - i;
}

void es_csv_raw(es_csv *w, const char *s, size_t n) {
  fwrite_unlocked(s, 1, n, w->out);
  w->row_started = false;
}

void es_csv_end_row(es_csv *w) {
  putc_unlocked('\n', w->out);
  w->row_started = false;
  if (++w->rows % 4096 == 0 && w->phase)
    es_phase_add(w->phase, 4096);
}
