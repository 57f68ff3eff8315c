/* doc.c - accessors of the document model and the standalone entry point
 * es_doc_parse. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

es_status es_doc_parse(es_doc **out, const char *bytes, size_t len,
                       const es_options *opts, es_error *err) {
  ES_ASSERT_ARG(out);
  ES_ASSERT_ARG(bytes || len == 0);
  es_options defaults = ES_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  es_parse_cfg cfg;
  es_parse_cfg_init(&cfg, opts->part_labels ? opts->part_labels
                                            : defaults.part_labels);
  es_vocab *tv = es_vocab_new();
  es_parser p;
  es_parser_init(&p, &cfg, tv, NULL);
  es_doc *doc = es_parser_parse(&p, bytes ? bytes : "", len);
  es_parser_release(&p);
  es_parse_cfg_release(&cfg);
  doc->own_terms = tv;
  *out = doc;
  return ES_OK;
}

void es_doc_free(es_doc *doc) {
  if (!doc || doc->pooled)
    return;
  es_vocab_free(doc->own_terms);
  es_arena_free(&doc->arena);
  free(doc);
}

const char *es_doc_title(const es_doc *doc) { return doc->title; }
unsigned es_doc_title_line(const es_doc *doc) { return doc->title_line; }
es_front_matter es_doc_front_matter(const es_doc *doc) { return doc->fm; }
const es_doc_counts *es_doc_counts_get(const es_doc *doc) {
  return &doc->counts;
}

size_t es_doc_section_count(const es_doc *doc) { return doc->nsections; }
const es_section *es_doc_section(const es_doc *doc, size_t i) {
  return i < doc->nsections ? &doc->sections[i] : NULL;
}

size_t es_doc_keyterm_count(const es_doc *doc) { return doc->nkeyterms; }
const es_keyterm *es_doc_keyterm(const es_doc *doc, size_t i) {
  return i < doc->nkeyterms ? &doc->keyterms[i] : NULL;
}

size_t es_doc_field_count(const es_doc *doc) { return doc->nfields; }
const es_field *es_doc_field(const es_doc *doc, size_t i) {
  return i < doc->nfields ? &doc->fields[i] : NULL;
}

const char *es_doc_field_value(const es_doc *doc, const char *key) {
  for (size_t i = 0; i < doc->nfields; i++)
    if (strcmp(doc->fields[i].key, key) == 0)
      return doc->fields[i].value;
  return NULL;
}

size_t es_doc_finding_count(const es_doc *doc) { return doc->nfindings; }
const es_finding *es_doc_finding(const es_doc *doc, size_t i) {
  return i < doc->nfindings ? &doc->findings[i] : NULL;
}

size_t es_doc_term_count(const es_doc *doc) { return doc->nterms; }
const char *es_doc_term(const es_doc *doc, size_t i, size_t *count) {
  if (i >= doc->nterms)
    return NULL;
  if (count)
    *count = doc->terms[i].count;
  return es_vocab_str(doc->term_vocab, doc->terms[i].id, NULL);
}
