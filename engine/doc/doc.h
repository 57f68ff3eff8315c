/* doc.h - the document model's layout, shared by the parser that fills it
 * and the corpus that owns it. Everything a document holds lives in its
 * arena, so a parsed essay costs a few allocations and is freed at once.
 * The model sits below the parser: it depends on util only. */
#ifndef ES_DOC_H
#define ES_DOC_H

#include "essay_stats.h"
#include "../util/util.h"
#include "../util/intern.h"

/* A term of a document and its number of occurrences. */
typedef struct es_term_count {
  uint32_t id; /* in the interner of the corpus (or of the document) */
  uint32_t count;
} es_term_count;

struct es_doc {
  es_arena arena;
  es_front_matter fm;
  const char *title; /* NULL when there is none */
  unsigned title_line;
  es_field *fields;
  size_t nfields;
  es_section *sections; /* [0] is the preamble */
  size_t nsections;
  es_keyterm *keyterms;
  size_t nkeyterms;
  /* Filled when the corpus is loaded (es_corpus_load), NULL in a document
   * parsed alone: */
  uint32_t *keyterm_ids; /* key id of each key term */
  uint32_t *keys;        /* distinct key ids, ascending */
  size_t nkeys;
  es_finding *findings;
  size_t nfindings;
  es_doc_counts counts;
  es_term_count *terms; /* first-occurrence order */
  size_t nterms;
  const es_intern *term_strings; /* the corpus's terms, or own_strings */
  es_intern *own_strings;        /* set by es_doc_parse only */
  bool pooled; /* the document and its arena live in a corpus's pool */
};

#endif
