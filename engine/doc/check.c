/* check.c - the document model's invariants, checked after every parse in
 * debug and sanitizer builds (see doc.h), so that every test and every
 * fuzz input exercises them: a logic slip in the parser then stops the
 * program at once, naming the invariant, instead of showing up later as a
 * wrong number in a report. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond))                                                               \
      fail(#cond, __LINE__);                                                   \
  } while (0)

static void fail(const char *what, int line) {
  fprintf(stderr, "essay-stats: document invariant broken (check.c:%d): %s\n",
          line, what);
  abort();
}

/* Walk everything the document exposes and check the invariants. */
void es_doc__check(const es_doc *d, size_t lines) {
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
  /* Counts only: a corpus's term strings are shared by the loading
   * threads, and are not read while they intern. */
  size_t total = 0;
  for (size_t i = 0; i < d->nterms; i++) {
    CHECK(es_doc__term(d, i).count > 0);
    for (size_t j = 0; j < i && j < 64; j++) /* ids are distinct */
      CHECK(es_doc__term(d, j).id != es_doc__term(d, i).id);
    total += es_doc__term(d, i).count;
  }
  CHECK(total <= c->words);
  if (es_doc_title(d))
    CHECK(es_doc_title_line(d) >= 1 && es_doc_title_line(d) <= lines);
}
