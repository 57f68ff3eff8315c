/* es_fuzz_quadratic.c - a repeat amplifier for the document parser, after
 * cmark-gfm's fuzz/fuzz_quadratic.c: the input names a fragment of itself,
 * which is repeated until the essay is about 128 KiB, and the parse must
 * finish within a time bound. A parser that is linear in the input takes a
 * few milliseconds (tens in a sanitizer build); one that is quadratic in
 * some construct (nested brackets, delimiter runs, YAML flow collections,
 * aliases) takes seconds and traps.
 *
 * Input layout:
 *   byte 0: where the fragment starts, as a share of the text (0-255);
 *   byte 1: the fragment's length - 1, at most 64 bytes;
 *   then the text: prefix, fragment, suffix.
 * The essay is prefix + fragment x N + suffix. Built for libFuzzer with
 * -DES_FUZZ=ON (clang); standalone.c replays files under any compiler. */
#include "essay_stats.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { TARGET_BYTES = 128 * 1024, MAX_FRAGMENT = 64 };

/* The bound: far above a linear parse of TARGET_BYTES (release: 0.1 s at
 * most on the seeds; ASan, UBSan and the model checks of a debug build: 1 s
 * at most), far below a quadratic one (about 10^10 steps). */
#if defined(__SANITIZE_ADDRESS__)
#define LIMIT_SECONDS 10.0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define LIMIT_SECONDS 10.0
#endif
#endif
#ifndef LIMIT_SECONDS
#define LIMIT_SECONDS 2.0
#endif

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3)
    return 0;
  const uint8_t *text = data + 2;
  size_t n = size - 2;
  size_t split = (size_t)data[0] * n / 256;
  size_t avail = n - split;
  if (avail == 0)
    return 0;
  size_t frag = 1 + (size_t)data[1] % MAX_FRAGMENT;
  if (frag > avail)
    frag = avail;
  size_t reps = TARGET_BYTES / frag;
  size_t total = n + frag * (reps - 1);
  char *buf = malloc(total);
  if (!buf)
    return 0;
  char *p = buf;
  memcpy(p, text, split);
  p += split;
  for (size_t r = 0; r < reps; r++, p += frag)
    memcpy(p, text + split, frag);
  memcpy(p, text + split + frag, n - split - frag);

  es_options opts;
  es_options_init(&opts, ES_OPTIONS_VERSION);
  es_doc *d = NULL;
  double t0 = now();
  if (es_doc_parse(&d, buf, total, &opts, NULL) != ES_OK || !d)
    __builtin_trap();
  double t = now() - t0;
  if (t > LIMIT_SECONDS) {
    fprintf(stderr,
            "es_fuzz_quadratic: %zu bytes (a %zu-byte fragment x %zu) took "
            "%.2f s\n",
            total, frag, reps, t);
    __builtin_trap();
  }
  es_doc_free(d);
  free(buf);
  return 0;
}
