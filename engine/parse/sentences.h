/* sentences.h - sentence counting with ICU's sentence break iterator.
 *
 * A block's text (a paragraph, a heading, a list item's paragraph) is cut
 * where ICU's sentence rules (UAX #29, root locale) put boundaries, and
 * each piece that holds at least one word (words.h's word rule) is one
 * sentence. */
#ifndef ES_SENTENCES_H
#define ES_SENTENCES_H

#include <stddef.h>

/* One thread's iterator, reused from block to block. */
typedef struct es_sentencer {
  void *bi;           /* UBreakIterator *, opened on first use */
  void *ut;           /* UText * over the current block */
  int failed;         /* ICU could not open its iterator: every count is 0 */
  unsigned char *cls; /* per character: its Sentence_Break value */
  size_t *off;        /* per character: its byte offset */
  size_t cap;
} es_sentencer;

#define ES_SENTENCER_INIT                                                      \
  { NULL, NULL, 0, NULL, NULL, 0 }

void es_sentencer_release(es_sentencer *s);

/* Number of sentences in the valid UTF-8 text s[0..n). */
size_t es_sentencer_count(es_sentencer *s, const char *text, size_t n);

/* The same, always through ICU's iterator (for tests). */
size_t es_sentencer__count_icu(es_sentencer *s, const char *text, size_t n);

#endif
