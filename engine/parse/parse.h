/* parse.h - the parser: its settings, one thread's parsing state, and what
 * its parts (front matter, body) share while one document is being
 * built. */
#ifndef ES_PARSE_H
#define ES_PARSE_H

#include "../doc/doc.h"
#include "lexer.h"
#include "sentences.h"

/* Parser settings shared by all threads of a corpus. */
typedef struct es_parse_cfg {
  char **part_labels; /* normalized */
  size_t nparts;
  bool keep_templates;      /* template markup stays in the text */
  size_t max_heading_words; /* longest pseudo-heading, in words */
  bool sentences;           /* count sentences (only the essays report
                               needs them, and they cost a fifth of a parse) */
  bool sequence;            /* keep the term sequence (shingles, phrases and
                               lexical diversity read it) */
} es_parse_cfg;

/* Split a comma list into normalized part labels; the other settings come
 * from `opts` (NULL: the defaults). */
void es_parse_cfg_init(es_parse_cfg *cfg, const char *labels,
                       const es_options *opts);
void es_parse_cfg_release(es_parse_cfg *cfg);

/* One thread's parsing state: word caches over the shared vocabularies and
 * buffers reused from one essay to the next. */
typedef struct es_parser {
  const es_parse_cfg *cfg;
  es_buf body;   /* the body without template markup, when it had some */
  es_pool *pool; /* documents' memory, when they all die together */
  es_lexer terms;
  es_buf text;    /* repaired bytes, when the input needed repair */
  es_arena cmark; /* cmark's nodes, released at once after each essay */
  es_buf guard;   /* the body, when a bound of guard.h had to change it */
  es_sentencer sentences;
} es_parser;

/* `pool` may be NULL: each document then owns its memory. */
void es_parser_init(es_parser *p, const es_parse_cfg *cfg, es_vocab *terms,
                    es_pool *pool);
void es_parser_release(es_parser *p);

/* Parse `bytes` into a new document whose terms are interned in the
 * parser's vocabulary. Never fails on input. Caller frees. */
es_doc *es_parser_parse(es_parser *p, const char *bytes, size_t len);

typedef struct es_builder {
  es_doc *doc; /* strings go to doc->arena */
  es_field *fields;
  size_t nfields, fields_cap;
  es_intern *field_index; /* key -> index in fields */
  es_finding *findings;
  size_t nfindings, findings_cap;
  const char *fm_title; /* the front matter's scalar `title`, or NULL */
  unsigned fm_title_line;
} es_builder;

/* Record a finding; the message is formatted into the document's arena. */
void es_builder_finding(es_builder *b, es_code code, unsigned line,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Give the last finding its key (what it is about: a field, a heading). */
void es_builder_finding_key(es_builder *b, const char *key);

/* Front matter. Reads the repaired text `s` (LF line ends only). Sets
 * doc->fm, adds fields and findings, and returns the offset where the body
 * starts; *body_line gets the number of file lines before it. */
size_t es_front_matter_parse(es_builder *b, const char *s, size_t n,
                             unsigned *body_line);

/* Body: parse the Markdown body with cmark and fill the document model.
 * `line0` is the number of file lines before the body. */
void es_body_parse(es_builder *b, es_parser *p, const char *s, size_t n,
                   unsigned line0);

#endif
