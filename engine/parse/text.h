/* text.h - the word rule, term normalization and term interning.
 *
 * A word is a maximal run of word characters (general categories L*, M*,
 * N* and '_') in which a single apostrophe (U+0027, U+2019, U+02BC) or
 * hyphen (U+002D, U+2010, U+2011) between two word characters joins them;
 * a run counts only when it holds a letter or a number. */
#ifndef ES_TEXT_H
#define ES_TEXT_H

#include "../util/util.h"

#include <pthread.h>

/* Find the next word in s[*pos..n). Returns true and sets *start and *len
 * when one is found; *pos moves past it. Returns false at the end. */
bool es_text_next_word(const char *s, size_t n, size_t *pos, size_t *start,
                       size_t *len);

/* Number of words in s[0..n). */
size_t es_text_count_words(const char *s, size_t n);

/* Normalize: NFKC + case fold + drop default ignorables (utf8proc), then
 * U+2019 and U+02BC to "'" and U+2010, U+2011 to "-". `out` is cleared. */
void es_text_normalize(const char *s, size_t n, es_buf *out);

/* Collapse runs of White_Space to one space and trim both ends; appends to
 * a cleared `out`. */
void es_text_collapse(const char *s, size_t n, es_buf *out);

/* Strip trailing ": ; , . ! ?" and white space (key terms); returns the new
 * length. */
size_t es_text_strip_trailing(const char *s, size_t n);

/* ---- es_vocab: a thread-safe dictionary of normalized strings ---------- */
typedef struct es_vocab {
  es_dict *dict;
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
  return es_dict_str(v->dict, id, n);
}
static inline size_t es_vocab_count(const es_vocab *v) {
  return es_dict_count(v->dict);
}

/* ---- es_lexer: one thread's word -> term id cache and counters --------- */
typedef struct es_term_count {
  uint32_t id;
  uint32_t count;
} es_term_count;

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
  es_buf norm;
} es_lexer;

void es_lexer_init(es_lexer *lx, es_vocab *vocab);
void es_lexer_release(es_lexer *lx);
/* Term id of a written word (normalized once per distinct written form per
 * thread), or UINT32_MAX when it normalizes to nothing. */
uint32_t es_lexer_term(es_lexer *lx, const char *w, size_t n);
/* Count one occurrence in the current document. */
void es_lexer_count(es_lexer *lx, uint32_t id);
/* Split s[0..n) into words and count each one's term in the current
 * document. s[n] must be a NUL byte (as in an es_buf). Returns the number of
 * words; *last_start gets the offset of the last word (SIZE_MAX when there is
 * none). */
size_t es_lexer_count_text(es_lexer *lx, const char *s, size_t n,
                           size_t *last_start);
/* Move the current document's counts (first-occurrence order) into `out`
 * (allocated from `arena`) and reset them. Returns the number of terms. */
size_t es_lexer_take(es_lexer *lx, es_arena *arena, es_term_count **out);

#endif
