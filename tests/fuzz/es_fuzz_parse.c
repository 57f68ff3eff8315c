/* es_fuzz_parse.c - libFuzzer target for the document parser (front matter
 * and body), es_doc_parse.
 *
 * Input layout (as cmark's fuzz/cmark-fuzz.c lets its first bytes choose the
 * options): a first byte below 0x08, which no real essay starts with, is an
 * option header; any other input is an essay parsed with the defaults, so
 * that the essays in data/ replay as themselves.
 *   0x00-0x03: one of the preset label lists below, then the essay;
 *   0x04-0x07: the labels are the bytes after it up to the first '\n' (at
 *              most 128, cut at a NUL), then the essay follows that newline.
 *
 * Beyond "no crash, no leak, no sanitizer report", the target checks the
 * model's invariants and traps when one fails, so that a logic slip shows up
 * as a crash with its input saved. Built for libFuzzer with -DES_FUZZ=ON
 * (clang); standalone.c replays files under any compiler. */
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

static size_t count_lines(const uint8_t *s, size_t n) {
  /* CRLF and lone CR are line ends too: count every line end. */
  size_t lines = 1;
  for (size_t i = 0; i < n; i++)
    if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < n && s[i + 1] == '\n')))
      lines++;
  return lines;
}

/* Walk everything the document exposes and check the invariants. */
static void check_doc(const es_doc *d, size_t lines) {
  const es_doc_counts *c = es_doc_counts_get(d);
  CHECK(c->content_words <= c->words);
  CHECK(c->label_terms + c->inline_terms == c->key_terms);
  CHECK(c->unique_key_terms <= c->key_terms);
  CHECK(es_doc_keyterm_count(d) == c->key_terms);

  size_t nsec = es_doc_section_count(d);
  CHECK(nsec >= 1);
  const es_section *pre = es_doc_section(d, 0);
  CHECK(pre && pre->kind == ES_SECTION_PREAMBLE && pre->level == 0);
  size_t sum_words = 0, sum_keys = 0;
  for (size_t i = 0; i < nsec; i++) {
    const es_section *s = es_doc_section(d, i);
    CHECK(s != NULL);
    CHECK(s->words <= s->words_total);
    CHECK(s->line <= lines);
    CHECK(s->parent < i || (i == 0 && s->parent == 0));
    sum_words += s->words;
    sum_keys += s->key_terms;
    if (i == 0)
      continue;
    CHECK(s->level >= 1 && s->level <= 6);
    CHECK(s->heading && s->label); /* part is NULL before any part */
    CHECK(strlen(s->label) <= strlen(s->heading));
    if (s->parent)
      CHECK(es_doc_section(d, s->parent)->level < s->level);
  }
  CHECK(sum_words == c->content_words);
  CHECK(sum_keys == c->key_terms);
  CHECK(es_doc_section(d, nsec) == NULL);

  for (size_t i = 0; i < es_doc_keyterm_count(d); i++) {
    const es_keyterm *k = es_doc_keyterm(d, i);
    CHECK(k && k->text && k->key && *k->text && *k->key);
    CHECK(k->section < nsec);
  }
  for (size_t i = 0; i < es_doc_field_count(d); i++) {
    const es_field *f = es_doc_field(d, i);
    CHECK(f && f->key && f->value && *f->key);
    CHECK(es_doc_field_value(d, f->key) != NULL);
    for (size_t j = 0; j < i; j++) /* keys are unique within an essay */
      CHECK(strcmp(es_doc_field(d, j)->key, f->key) != 0);
  }
  es_front_matter fm = es_doc_front_matter(d);
  if (fm != ES_FM_OK)
    CHECK(es_doc_field_count(d) == 0);
  size_t empty = 0;
  for (size_t i = 0; i < es_doc_finding_count(d); i++) {
    const es_finding *f = es_doc_finding(d, i);
    CHECK(f && f->message && *f->message);
    CHECK((unsigned)f->code < ES_CODE__COUNT);
    CHECK(f->line <= lines);
    empty += f->code == ES_CODE_EMPTY;
  }
  CHECK(empty == (c->words == 0));
  size_t total = 0;
  for (size_t i = 0; i < es_doc_term_count(d); i++) {
    size_t n = 0;
    const char *t = es_doc_term(d, i, &n);
    CHECK(t && *t && n > 0);
    total += n;
  }
  CHECK(total <= c->words);
  if (es_doc_title(d))
    CHECK(es_doc_title_line(d) >= 1 && es_doc_title_line(d) <= lines);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  es_options opts = ES_OPTIONS_INIT;
  char labels[129];
  const uint8_t *doc = data;
  size_t len = size;
  if (size > 0 && data[0] < 0x04) {
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
  check_doc(d, count_lines(doc, len));
  es_doc_free(d);
  return 0;
}
