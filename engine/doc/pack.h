/* pack.h - a document as bytes and back, to move it between processes
 * (the MPI run, engine/mpi). Terms travel as strings in a table per
 * document, never as ids: ids are local to the interner of one process,
 * and the receiver interns the strings into its own.
 *
 * Two forms:
 *  - FULL: everything any report or the audit reads (front matter, fields,
 *    title, sections, key terms, findings, counts, terms, the term
 *    sequence and its blocks); the unpacked document equals the packed
 *    one for every report.
 *  - THIN: counts, terms, term sequence and blocks only: what similarity
 *    and near-duplicates read. Its section, field, key-term and finding
 *    lists are empty.
 * Key-term ids (keyterm_ids, keys) are not packed: the corpus gives them
 * once every document is in (load.c, intern_keys).
 *
 * Every number is a LEB128 varint and every string its bytes: the form
 * does not depend on the byte order or word size of either process. */
#ifndef ES_PACK_H
#define ES_PACK_H

#include "doc.h"

typedef enum es_pack_form { ES_PACK_FULL = 0, ES_PACK_THIN } es_pack_form;

/* A stream's terms: with a dictionary, a term's string travels once per
 * stream of documents and later documents name it by its number (most
 * terms recur in thousands of essays). Sender and receiver each keep one
 * per stream and pack and unpack the stream's documents in the same
 * order. Zero-initialise; es_pack_dict_free releases. */
typedef struct es_pack_dict {
  uint32_t *map; /* sender: term id -> number + 1 (0: not sent yet);
                    receiver: number -> its term id */
  size_t n, cap; /* numbers given; the map's length */
} es_pack_dict;
void es_pack_dict_free(es_pack_dict *dict);

/* Append the document to `out`; dict may be NULL (every string sent). */
void es_doc_pack(const es_doc *d, es_pack_form form, es_pack_dict *dict,
                 es_buf *out);

/* Read one document packed at p[*pos ..len) and advance *pos past it. Its
 * terms are interned into `terms`, which its term_strings then points to;
 * dict is the stream's (NULL if it was packed without). With a pool the
 * document lives in the pool (freed with it); otherwise the caller frees
 * it (es_doc_free). NULL when the bytes are not a packed document
 * (truncated or corrupt, an enum out of its range, a section, key term
 * or block that points outside the document); never reads past len. */
es_doc *es_doc_unpack(const uint8_t *p, size_t len, size_t *pos,
                      es_intern *terms, es_pool *pool, es_pack_dict *dict);

/* Variable-length integers (LEB128) and strings, shared with the packing
 * of the corpus's entries (engine/mpi). A reader whose input ran out or
 * was malformed sets `bad` and then reads zeros. */
void es_pack_uint(es_buf *out, uint64_t v);
/* NULL is packed apart from "" (a length of 0 means NULL). */
void es_pack_str(es_buf *out, const char *s);

typedef struct es_unpacker {
  const uint8_t *p;
  size_t len, pos;
  bool bad;
} es_unpacker;

uint64_t es_unpack_uint(es_unpacker *u);
/* The string's bytes in the input (not NUL-terminated) and its length;
 * *is_null tells NULL apart from "". */
const char *es_unpack_bytes(es_unpacker *u, size_t *n, bool *is_null);

#endif
