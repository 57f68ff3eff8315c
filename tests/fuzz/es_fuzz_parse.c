/* es_fuzz_parse.c - libFuzzer target for the document parser (front matter
 * and body), es_doc_parse.
 *
 * Input layout (as cmark's fuzz/cmark-fuzz.c lets its first bytes choose the
 * options): a first byte below 0x0C, which no real essay starts with, is an
 * option header; any other input is an essay parsed with the defaults, so
 * that the essays in data/ replay as themselves.
 *   0x00-0x03: one of the preset label lists below, then the essay;
 *   0x04-0x07: the labels are the bytes after it up to the first '\n' (at
 *              most 128, cut at a NUL), then the essay follows that newline;
 *   0x08-0x0B: text options, then the essay: bit 0 keep_templates, bit 1
 *              max_heading_words 1 (else the default).
 *
 * Beyond "no crash, no leak, no sanitizer report", the parser itself checks
 * the model's invariants after every parse in debug, sanitizer and fuzz
 * builds (engine/doc/check.c) and aborts when one fails, so that a logic
 * slip shows up as a crash with its input saved. Built for libFuzzer with
 * -DES_FUZZ=ON (clang); standalone.c replays files under any compiler. */
#include "essay_stats.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const presets[] = {
    "Introduction,Body,Conclusion", /* the default */
    "",                             /* no part labels */
    "Intro, Body ,INTRODUCTION,,",  /* spacing, case, empty items */
    "Évaluation,Straße,ﬁnal",       /* needs NFKC and case folding */
};

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      __builtin_trap();                                                        \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  es_options opts;
  es_options_init(&opts, ES_OPTIONS_VERSION);
  char labels[129];
  const uint8_t *doc = data;
  size_t len = size;
  if (size > 0 && data[0] >= 0x08 && data[0] < 0x0C) {
    opts.keep_templates = data[0] & 1;
    if (data[0] & 2)
      opts.max_heading_words = 1;
    doc = data + 1;
    len = size - 1;
  } else if (size > 0 && data[0] < 0x04) {
    opts.part_labels = presets[data[0] % (sizeof presets / sizeof *presets)];
    doc = data + 1;
    len = size - 1;
  } else if (size > 0 && data[0] < 0x08) {
    const uint8_t *nl = memchr(data + 1, '\n', size - 1);
    size_t n = nl ? (size_t)(nl - data - 1) : size - 1;
    if (n > sizeof labels - 1)
      n = sizeof labels - 1;
    memcpy(labels, data + 1, n);
    labels[n] = 0; /* the option is a C string: a NUL ends it early */
    opts.part_labels = labels;
    doc = nl ? nl + 1 : data + size;
    len = (size_t)(data + size - doc);
  }
  es_doc *d = NULL;
  es_error err;
  CHECK(es_doc_parse(&d, (const char *)doc, len, &opts, &err) == ES_OK);
  CHECK(d != NULL);
  es_doc_free(d);
  return 0;
}
