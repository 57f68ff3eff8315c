/* test_util.h - shared helpers for the cmocka unit tests. */
#ifndef ES_TEST_UTIL_H
#define ES_TEST_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "essay_stats.h"

/* |a - b| <= tol * max(1, |b|): cmocka's assert_float_equal casts to float. */
#define es_assert_rel(a, b, tol)                                               \
  do {                                                                         \
    double a_ = (a), b_ = (b);                                                 \
    double s_ = fabs(b_) > 1 ? fabs(b_) : 1;                                   \
    if (!(fabs(a_ - b_) <= (tol)*s_))                                          \
      fail_msg("%s = %.12g, expected %.12g", #a, a_, b_);                      \
  } while (0)

/* Parse a NUL-terminated essay with default options; caller frees. */
static inline es_doc *parse_str(const char *text) {
  es_doc *d = NULL;
  assert_int_equal(es_doc_parse(&d, text, strlen(text), NULL, NULL), ES_OK);
  assert_non_null(d);
  return d;
}

/* Does the document have a finding with this code (and line, if nonzero)? */
static inline int has_finding(const es_doc *d, es_code code, unsigned line) {
  for (size_t i = 0; i < es_doc_finding_count(d); i++) {
    const es_finding *f = es_doc_finding(d, i);
    if (f->code == code && (line == 0 || f->line == line))
      return 1;
  }
  return 0;
}

/* Write `text` to dir/name (creating dir). */
static inline void write_file(const char *dir, const char *name,
                              const char *text, size_t len) {
  char path[4096];
  snprintf(path, sizeof path, "mkdir -p '%s'", dir);
  assert_int_equal(system(path), 0);
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  fclose(f);
}

/* A deterministic generator for the tests' generated corpora: a 64-bit
 * LCG, its top bits. */
static inline uint32_t es_test_rnd(uint64_t *state) {
  *state = *state * 6364136223846793005u + 1442695040888963407u;
  return (uint32_t)(*state >> 33);
}

/* Word `id` as three syllables: distinct ids below 5832 give distinct
 * lower-case words. `out` holds 16 bytes. */
static inline void es_test_word(char *out, uint32_t id) {
  static const char *const syl[] = {"ka", "lo", "mi", "ne", "su", "ra",
                                    "ti", "vo", "ze", "qu", "an", "el",
                                    "or", "is", "um", "ph", "th", "gr"};
  snprintf(out, 16, "%s%s%s", syl[id % 18], syl[id / 18 % 18],
           syl[id / 324 % 18]);
}

/* Fail unless string s starts with p. */
#define assert_prefix(s, p)                                                    \
  do {                                                                         \
    if (strncmp((s), (p), strlen(p)) != 0)                                     \
      fail_msg("output does not start with:\n%s\ngot:\n%.300s", (p), (s));     \
  } while (0)

/* Make a fresh folder /tmp/es_TAG_XXXXXX into buf; 0 on success. */
static inline int make_tmpdir(char *buf, size_t cap, const char *tag) {
  snprintf(buf, cap, "/tmp/es_%s_XXXXXX", tag);
  return mkdtemp(buf) ? 0 : -1;
}

/* Remove a folder and everything in it; 0 on success. */
static inline int remove_tree(const char *dir) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* Run the CLI (-q --no-progress ARGS, from the current folder); returns its
 * exit status and the first cap - 1 bytes of its stdout in out. */
static inline int cli_output(const char *args, char *out, size_t cap) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "'%s' -q --no-progress %s 2>/dev/null", ES_CLI,
           args);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = fread(out, 1, cap - 1, p);
  out[n] = 0;
  while (fgetc(p) != EOF) /* drain, so the CLI never sees EPIPE */
    ;
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
