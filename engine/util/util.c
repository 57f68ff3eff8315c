/* util.c - allocation, error filling, byte buffers, hashing. */
#include "util.h"

#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void es__out_of_memory(size_t n) {
  /* Several threads can run out at once; exit twice is undefined. The
   * first one ends the process, the others wait for that. */
  static atomic_flag ending = ATOMIC_FLAG_INIT;
  if (atomic_flag_test_and_set(&ending))
    for (;;)
      pause();
  fprintf(stderr,
          "essay-stats: out of memory (allocating %zu bytes); the run "
          "stops, nothing more is written\n",
          n);
  /* quick_exit, not exit: other threads keep running until the end, so
   * static destructors (ICU's, OpenBLAS's) must not run under them; not
   * abort: a documented status, no core dump, and the program's
   * at_quick_exit handlers remove unfinished output. */
  quick_exit(ES_EXIT_OUT_OF_MEMORY);
}

void *es__xmalloc(size_t n) {
  void *p = malloc(n ? n : 1);
  if (!p)
    es__out_of_memory(n);
  return p;
}

void *es__xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p)
    es__out_of_memory(n * size);
  return p;
}

void *es__xrealloc(void *p, size_t n) {
  void *q = realloc(p, n ? n : 1);
  if (!q)
    es__out_of_memory(n);
  return q;
}

char *es__xstrndup(const char *s, size_t n) {
  char *p = es__xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *es__xstrdup(const char *s) { return es__xstrndup(s, strlen(s)); }

void es__grow(void **p, size_t *cap, size_t need, size_t size) {
  if (need <= *cap)
    return;
  size_t c = *cap ? *cap : 8;
  while (c < need)
    c += c / 2 + 8;
  if (c > SIZE_MAX / size)
    es__out_of_memory(SIZE_MAX);
  *p = es__xrealloc(*p, c * size);
  *cap = c;
}

es_status es__fail(es_error *err, es_status code, const char *src_file,
                   int src_line, const char *fmt, ...) {
  if (err) {
    err->code = code;
    err->path[0] = 0; /* the caller sets the location, if any */
    err->line = 0;
    err->src_file = src_file;
    err->src_line = src_line;
    va_list ap;
    va_start(ap, fmt);
    /* false positive: the analyzer of clang 14 reports the va_list as
     * uninitialized right after va_start. */
    /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
  }
  return code;
}

/* Here, in the lowest layer, because the parser and the corpus both
 * need the defaults. */
es_status es_options_init(es_options *opts, unsigned version) {
  es_error *err = NULL;
  ES_ASSERT_ARG(opts);
  if (version != ES_OPTIONS_VERSION)
    return ES_FAIL(err, ES_EINVAL, "unknown es_options version %u", version);
  const es_options defaults = ES_OPTIONS_INIT;
  *opts = defaults;
  return ES_OK;
}

const char *es_status_name(es_status status) {
  static const char *const names[] = {"ES_OK", "ES_EINVAL", "ES_EIO",
                                      "ES_ECONFIG", "ES_ENOMEM"};
  if ((unsigned)status < sizeof names / sizeof *names)
    return names[status];
  return "ES_UNKNOWN";
}

/* ---- es_buf ------------------------------------------------------------- */

void es_buf_reserve(es_buf *b, size_t extra) {
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t c = b->cap ? b->cap : 64;
  while (c < b->len + extra + 1)
    c *= 2;
  b->data = es__xrealloc(b->data, c);
  b->cap = c;
}

void es_buf_put(es_buf *b, const void *data, size_t n) {
  es_buf_reserve(b, n);
  if (n)
    memcpy(b->data + b->len, data, n);
  b->len += n;
  b->data[b->len] = 0;
}

void es_buf_putc(es_buf *b, char c) {
  if (b->len + 2 > b->cap)
    es_buf_reserve(b, 1);
  b->data[b->len++] = c;
  b->data[b->len] = 0;
}

void es_buf_puts(es_buf *b, const char *s) { es_buf_put(b, s, strlen(s)); }

void es_buf_vprintf(es_buf *b, const char *fmt, va_list ap) {
  va_list again;
  va_copy(again, ap);
  /* false positive: the analyzer of clang 14 reports the va_list as
   * uninitialized right after va_start. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  int n = vsnprintf(NULL, 0, fmt, ap);
  if (n > 0) {
    es_buf_reserve(b, (size_t)n);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
    b->len += (size_t)n;
  }
  va_end(again);
}

void es_buf_printf(es_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  es_buf_vprintf(b, fmt, ap);
  va_end(ap);
}

void es_buf_clear(es_buf *b) {
  b->len = 0;
  if (b->data)
    b->data[0] = 0;
}

void es_buf_free(es_buf *b) {
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

char *es_buf_detach(es_buf *b) {
  char *p = b->data ? b->data : es__xstrdup("");
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

/* ---- hashing ------------------------------------------------------------
 * A multiply-xorshift hash over 8-byte words: fast on short words, and good
 * enough that open addressing stays short. The seed is fixed; output never
 * depends on hash order (see es_intern). */
static inline uint64_t mix(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ull;
  x ^= x >> 32;
  return x;
}

uint64_t es_hash(const void *data, size_t n) {
  const unsigned char *p = data;
  uint64_t h = 0x9e3779b97f4a7c15ull ^ (n * 0xff51afd7ed558ccdull);
  while (n >= 8) {
    uint64_t v;
    memcpy(&v, p, 8);
    h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < n; i++)
    v |= (uint64_t)p[i] << (8 * i);
  h = (h ^ v) * 0xc4ceb9fe1a85ec53ull;
  return mix(h);
}
