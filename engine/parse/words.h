/* words.h - the word rule and term normalization.
 *
 * A word is a maximal run of word characters (general categories L*, M*,
 * N* and '_') in which a single apostrophe (U+0027, U+2019, U+02BC) or
 * hyphen (U+002D, U+2010, U+2011) between two word characters joins them;
 * a run counts only when it holds a letter or a number. */
#ifndef ES_WORDS_H
#define ES_WORDS_H

#include "../util/util.h"

/* Find the next word in s[*pos..n). Returns true and sets *start and *len
 * when one is found; *pos moves past it. Returns false at the end. */
bool es_words_next(const char *s, size_t n, size_t *pos, size_t *start,
                   size_t *len);

/* Number of words in s[0..n). */
size_t es_words_count(const char *s, size_t n);

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
