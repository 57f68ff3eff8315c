/* doc.c - accessors of the document model, and es_doc_free. Parsing lives
 * in the parser (engine/parse/parse.c). */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

void es_doc_free(es_doc *doc) {
  if (!doc || doc->pooled)
    return;
  es_intern_free(doc->own_strings);
  es_arena_free(&doc->arena);
  free(doc);
}

const char *es_doc_title(const es_doc *doc) { return doc->title; }
unsigned es_doc_title_line(const es_doc *doc) { return doc->title_line; }
es_title_source es_doc_title_source(const es_doc *doc) {
  return doc->title_source;
}
const char *es_title_source_name(es_title_source source) {
  switch (source) {
  case ES_TITLE_BODY:
    return "body";
  case ES_TITLE_FRONT_MATTER:
    return "front_matter";
  default:
    return "";
  }
}
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
  es_term_count tc = es_doc__term(doc, i);
  if (count)
    *count = tc.count;
  return es_intern_str(doc->term_strings, tc.id, NULL);
}

void es_doc__set_terms(es_doc *doc, const es_term_count *tc, size_t n) {
  bool fits = true;
  for (size_t i = 0; i < n && fits; i++)
    fits = tc[i].id < (1u << 24) && tc[i].count < 256;
  doc->nterms = n;
  doc->terms_packed = NULL;
  doc->terms_wide = NULL;
  if (!fits) {
    doc->terms_wide = es_arena_memdup(&doc->arena, tc, n * sizeof *tc);
    return;
  }
  uint32_t *p = es_arena_alloc(&doc->arena, (n ? n : 1) * sizeof *p);
  for (size_t i = 0; i < n; i++)
    p[i] = tc[i].id << 8 | tc[i].count;
  doc->terms_packed = p;
}
