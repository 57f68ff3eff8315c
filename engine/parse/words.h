/* words.h - the word rule and term normalization.
 *
 * A word is a maximal run of word characters (general categories L*, M*,
 * N* and '_') in which a single apostrophe (U+0027, U+2019, U+02BC) or
 * hyphen (U+002D, U+2010, U+2011) between two word characters joins them;
 * a run counts only when it holds a letter or a number. */
#ifndef ES_WORDS_H
#define ES_WORDS_H

#include "../util/util.h"
#include "segment.h"

/* Find the next run of the rule above in s[*pos..n), before any ICU
 * segmentation (segment.h). Returns true and sets *start and *len when one
 * is found; *pos moves past it. Returns false at the end. Enough to tell
 * whether a text has words; to split or count words use es_words_iter. */
bool es_words_next(const char *s, size_t n, size_t *pos, size_t *start,
                   size_t *len);

/* Words of a text: the runs of the rule above, with each run that holds a
 * character of a script written without spaces split by ICU into the
 * pieces that hold a letter or number. */
typedef struct es_words_iter {
  const char *s;
  size_t n, pos;
  es_segmenter *seg;   /* NULL: runs are not split */
  size_t base;         /* the segmented run's offset in s */
  size_t piece;        /* next of seg->pieces to return */
  size_t npieces_hint; /* seg->npieces of the run being returned */
} es_words_iter;

static inline void es_words_iter_init(es_words_iter *it, const char *s,
                                      size_t n, es_segmenter *seg) {
  it->s = s;
  it->n = n;
  it->pos = 0;
  it->seg = seg;
  it->base = 0;
  it->piece = 0;
  it->npieces_hint = 0;
}

/* The next word: true with *start and *len set, false at the end. */
bool es_words_iter_next(es_words_iter *it, size_t *start, size_t *len);

/* Number of words in s[0..n), split with `seg` (NULL: runs only). */
size_t es_words_count(es_segmenter *seg, const char *s, size_t n);

/* Like es_words_count, but stops past `max` (returns max + 1 then), and
 * s[n] must be a NUL byte (the fast scanner runs). */
size_t es_words_count_max(es_segmenter *seg, const char *s, size_t n,
                          size_t max);

/* Normalize: NFKC + case fold + drop default ignorables (utf8proc), then
 * U+2019 and U+02BC to "'" and U+2010, U+2011 to "-". `out` is cleared. */
void es_words_normalize(const char *s, size_t n, es_buf *out);

/* Collapse runs of White_Space to one space and trim both ends; appends to
 * a cleared `out`. */
void es_words_collapse(const char *s, size_t n, es_buf *out);

/* Strip trailing ": ; , . ! ?" and white space (key terms); returns the new
 * length. */
size_t es_words_strip_trailing(const char *s, size_t n);

#endif
