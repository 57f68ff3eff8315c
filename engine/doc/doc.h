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
  es_title_source title_source;
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
  /* The distinct terms in first-occurrence order (es_doc__term): packed as
   * id << 8 | count, 4 bytes instead of 8, when every id < 2^24 and every
   * count < 256 (nearly every essay: the counts are a third of a loaded
   * essay's memory); else terms_wide. One of the two is NULL. */
  const uint32_t *terms_packed;
  const es_term_count *terms_wide;
  size_t nterms;
  /* The body's terms in document order: every word that gives a term
   * (stop words kept; a word that normalizes to nothing is skipped), as
   * term ids in LEB128 varints (es_doc__seq_decode). blocks[k] is the
   * offset in that sequence where the k-th leaf block holding terms
   * (title, heading, paragraph, list-item paragraph) starts: blocks[0] =
   * 0, ascending; a block ends where the next starts or at nseq. */
  const uint8_t *seq;
  size_t seq_bytes, nseq;
  const uint32_t *blocks;
  size_t nblocks;
  const es_intern *term_strings; /* the corpus's terms, or own_strings */
  es_intern *own_strings;        /* set by es_doc_parse only */
  bool pooled; /* the document and its arena live in a corpus's pool */
};

/* Term t (< nterms) of the document. */
static inline es_term_count es_doc__term(const es_doc *doc, size_t t) {
  if (doc->terms_wide)
    return doc->terms_wide[t];
  uint32_t v = doc->terms_packed[t];
  es_term_count tc = {v >> 8, v & 0xffu};
  return tc;
}

/* Copy tc[0 .. n) into the document's arena as its terms, packed when
 * they allow it. */
void es_doc__set_terms(es_doc *doc, const es_term_count *tc, size_t n);

/* The term sequence's varints (LEB128), one id at a time: append v at
 * *p (at most 5 bytes), or read the id at *p; each advances *p. */
static inline void es_doc__seq_put(uint8_t **p, uint32_t v) {
  while (v >= 0x80) {
    *(*p)++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *(*p)++ = (uint8_t)v;
}

static inline uint32_t es_doc__seq_next(const uint8_t **p) {
  uint32_t v = 0;
  for (unsigned shift = 0;; shift += 7) {
    uint8_t b = *(*p)++;
    v |= (uint32_t)(b & 0x7f) << shift;
    if (!(b & 0x80))
      return v;
  }
}

/* Decode the document's term sequence into out[0 .. doc->nseq) (the
 * caller's buffer); returns doc->nseq. */
static inline size_t es_doc__seq_decode(const es_doc *doc, uint32_t *out) {
  const uint8_t *p = doc->seq;
  for (size_t i = 0; i < doc->nseq; i++)
    out[i] = es_doc__seq_next(&p);
  return doc->nseq;
}

/* Check the model's invariants (section tree, word and key-term counts,
 * lines within the file's `lines` lines, unique field keys, findings);
 * aborts with a message when one fails. The parser calls it after every
 * parse when ES_CHECK_DOCS is on: debug builds (no NDEBUG), and sanitizer
 * and fuzz builds (see CMakeLists.txt). */
#if !defined(NDEBUG) && !defined(ES_CHECK_DOCS)
#define ES_CHECK_DOCS 1
#endif
void es_doc__check(const es_doc *d, size_t lines);

#endif
