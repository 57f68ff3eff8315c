/* lexer.h - words to term ids, for the parser. A vocabulary (es_vocab)
 * is shared by every thread of a corpus; each thread has its own lexer,
 * which caches the term id of each written form it meets and counts the
 * terms of the document being parsed. */
#ifndef ES_LEXER_H
#define ES_LEXER_H

#include "words.h"
#include "../doc/doc.h"

#include <pthread.h>

/* ---- es_vocab: a thread-safe dictionary of normalized strings ---------- */
typedef struct es_vocab {
  es_intern *strings; /* read without the lock once loading is over */
  pthread_mutex_t lock;
} es_vocab;

es_vocab *es_vocab_new(void);
void es_vocab_free(es_vocab *v);
/* Intern under the lock (safe from any thread while loading). If `str` is
 * given it gets the interned copy, which lives as long as the vocab. */
uint32_t es_vocab_intern(es_vocab *v, const char *s, size_t n,
                         const char **str);
/* Unlocked reads: only once no thread interns any more. */
static inline const char *es_vocab_str(const es_vocab *v, uint32_t id,
                                       size_t *n) {
  return es_intern_str(v->strings, id, n);
}
static inline size_t es_vocab_count(const es_vocab *v) {
  return es_intern_count(v->strings);
}

/* ---- es_lexer: one thread's word -> term id cache and counters --------- */

/* A cache slot: a written word and its term id. Words of up to 16 bytes
 * are stored in the slot itself (zero padded), so a lookup touches one
 * cache line; longer words keep a pointer and their hash. */
typedef struct es_word_slot {
  uint64_t k0, k1; /* the bytes, or (pointer, hash) when len > 16 */
  uint32_t len;    /* 0: empty slot */
  uint32_t term;   /* UINT32_MAX: the word normalizes to nothing */
} es_word_slot;

typedef struct es_lexer {
  es_vocab *vocab;
  es_word_slot *slots; /* written forms seen by this thread */
  size_t mask, used;
  es_arena long_words;
  /* The current document's counts: a small open-addressing table (a count
   * of 0 marks a free slot) that stays in the L1 cache, whatever the size
   * of the vocabulary; `touched` lists its ids in order of first use. */
  es_term_count *counts;
  size_t counts_mask;
  uint32_t *touched;
  size_t ntouched, touched_cap;
  es_term_count *taken; /* es_lexer_take's result */
  size_t taken_cap;
  es_buf norm;
  /* The current document's terms in order, and where each block that
   * added terms starts in it (es_lexer_take_seq). */
  uint32_t *seq;
  size_t nseq, seq_cap;
  uint8_t *seq_bytes; /* scratch for its varints */
  size_t seq_bytes_cap;
  uint32_t *blocks;
  size_t nblocks, blocks_cap;
  es_segmenter seg; /* ICU word breaks, opened on first use */
} es_lexer;

void es_lexer_init(es_lexer *lx, es_vocab *vocab);
void es_lexer_release(es_lexer *lx);
/* Term id of a written word (normalized once per distinct written form per
 * thread), or UINT32_MAX when it normalizes to nothing. */
uint32_t es_lexer_term(es_lexer *lx, const char *w, size_t n);
/* Count one occurrence in the current document. */
void es_lexer_count(es_lexer *lx, uint32_t id);
/* Split s[0..n) (one leaf block) into words, count each one's term in the
 * current document and append it to the document's term sequence. s[n] must be
 * a NUL byte (as in an es_buf). Returns the number of words; *last_start gets
 * the offset of the last word (SIZE_MAX when there is none). */
size_t es_lexer_count_text(es_lexer *lx, const char *s, size_t n,
                           size_t *last_start);
/* Move the current document's counts (first-occurrence order) into *out
 * (owned by the lexer, valid until its next take) and reset them. Returns
 * the number of terms. */
size_t es_lexer_take(es_lexer *lx, const es_term_count **out);
/* Move the current document's term sequence and block starts into `doc`
 * (seq, seq_bytes, nseq, blocks, nblocks; allocated from its arena) and
 * reset them; with a NULL `doc` they are dropped. */
void es_lexer_take_seq(es_lexer *lx, es_doc *doc);

#endif
