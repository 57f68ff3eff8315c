/* parse.h - what the parser's parts (front matter, body) share while one
 * document is being built. */
#ifndef ES_PARSE_H
#define ES_PARSE_H

#include "../doc/doc.h"

typedef struct es_builder {
  es_doc *doc; /* strings go to doc->arena */
  es_field *fields;
  size_t nfields, fields_cap;
  es_dict *field_index; /* key -> index in fields */
  es_finding *findings;
  size_t nfindings, findings_cap;
} es_builder;

/* Record a finding; the message is formatted into the document's arena. */
void es_builder_finding(es_builder *b, es_code code, unsigned line,
                        const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

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
