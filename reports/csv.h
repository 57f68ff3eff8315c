/* csv.h - an RFC 4180 writer: UTF-8, comma separated, LF line ends; a field
 * is quoted when it holds a comma, a quote, CR or LF, or starts or ends with
 * a space or a tab; quotes are doubled. Reals are written "%.6f" (never
 * "-0.000000"); NaN and infinities are empty fields. */
#ifndef ES_CSV_H
#define ES_CSV_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct es_phase;

typedef struct es_csv {
  FILE *out;
  bool row_started;
  uint64_t rows;          /* rows ended so far */
  struct es_phase *phase; /* progress: gets the rows, or NULL */
  bool escape_formulas;   /* es_options.escape_formulas */
} es_csv;

void es_csv_init(es_csv *w, FILE *out);
void es_csv_str(es_csv *w, const char *s); /* NULL: empty field */
void es_csv_uint(es_csv *w, uint64_t v);
void es_csv_int(es_csv *w, int64_t v);
void es_csv_real(es_csv *w, double v);
/* "%.6e": for values that span many orders of magnitude (p-values). */
void es_csv_real_exp(es_csv *w, double v);
void es_csv_empty(es_csv *w);

/* Formatting into memory, for writers that build many rows at once: each
 * returns the number of bytes written to `out` (no NUL). */
#define ES_CSV_REAL_MAX 400
size_t es_csv_format_real(char *out, double v); /* out: ES_CSV_REAL_MAX */
/* A field as es_csv_str writes it (s[n] is NUL); out holds at least
 * 2 * n + 2 bytes. */
size_t es_csv_format_str(char *out, const char *s, size_t n);
size_t es_csv_format_uint(char *out, uint64_t v); /* out: 20 bytes */
/* Whole rows, already formatted (ending in '\n'). */
void es_csv_raw(es_csv *w, const char *s, size_t n);
void es_csv_end_row(es_csv *w);

#endif
