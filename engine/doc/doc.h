/* doc.h - the document model's layout, shared by the parser that fills it
 * and the corpus that owns it. Everything a document holds lives in its
 * arena, so a parsed essay costs a few allocations and is freed at once. */
#ifndef ES_DOC_H
#define ES_DOC_H

#include "essay_stats.h"
#include "../util/util.h"
#include "../parse/text.h"

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
  /* Filled by es_corpus__intern_keys, NULL until then: */
  uint32_t *keyterm_ids; /* key id of each key term */
  uint32_t *keys;        /* distinct key ids, ascending */
  size_t nkeys;
  es_finding *findings;
  size_t nfindings;
  es_doc_counts counts;
  es_term_count *terms; /* first-occurrence order */
  size_t nterms;
  const es_vocab *term_vocab; /* borrowed from the corpus, or own_terms */
  es_vocab *own_terms;        /* set by es_doc_parse only */
  bool pooled; /* the document and its arena live in a corpus's pool */
};

/* Parser settings shared by all threads of a corpus. */
typedef struct es_parse_cfg {
  char **part_labels; /* normalized */
  size_t nparts;
} es_parse_cfg;

/* Split a comma list into normalized part labels. */
void es_parse_cfg_init(es_parse_cfg *cfg, const char *labels);
void es_parse_cfg_release(es_parse_cfg *cfg);

/* One thread's parsing state: word caches over the shared vocabularies and
 * buffers reused from one essay to the next. */
typedef struct es_parser {
  const es_parse_cfg *cfg;
  es_pool *pool; /* documents' memory, when they all die together */
  es_lexer terms;
  es_buf text;    /* repaired bytes, when the input needed repair */
  es_arena cmark; /* cmark's nodes, released at once after each essay */
} es_parser;

/* `pool` may be NULL: each document then owns its memory. */
void es_parser_init(es_parser *p, const es_parse_cfg *cfg, es_vocab *terms,
                    es_pool *pool);
void es_parser_release(es_parser *p);

/* Parse `bytes` into a new document whose terms are interned in the
 * parser's vocabulary. Never fails on input. Caller frees. */
es_doc *es_parser_parse(es_parser *p, const char *bytes, size_t len);


#endif
