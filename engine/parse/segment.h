/* segment.h - words in scripts written without spaces.
 *
 * Han, Hiragana, Katakana, Thai, Lao, Khmer and Myanmar text does not mark
 * word boundaries with spaces, so the word rule's maximal runs of word
 * characters would be whole clauses. A run that holds at least one
 * character of these scripts is split by ICU's word break iterator
 * (ubrk_open(UBRK_WORD, "", ...), the installed ICU's rules and
 * dictionaries); each piece with at least one letter or number (L*, N*) is
 * a word: "sandersは" is "sanders" and "は". Runs without such characters
 * never reach ICU. */
#ifndef ES_SEGMENT_H
#define ES_SEGMENT_H

#include "../util/util.h"

/* Is cp in one of the scripts above (ICU's Script property)? Code points
 * below U+0E00 never are; the Basic Multilingual Plane is answered from a
 * table built once. */
bool es_segment__script_slow(int32_t cp);
static inline bool es_segment_script(int32_t cp) {
  return cp >= 0x0E00 && es_segment__script_slow(cp);
}

typedef struct es_piece {
  size_t start, len; /* bytes, relative to the run */
} es_piece;

/* One thread's ICU word break iterator, opened on first use. */
typedef struct es_segmenter {
  void *bi; /* UBreakIterator */
  void *ut; /* UText */
  es_piece *pieces;
  size_t npieces, cap;
} es_segmenter;

#define ES_SEGMENTER_INIT                                                      \
  { NULL, NULL, NULL, 0, 0 }

/* Split the word run s[0..n) (valid UTF-8) into words: seg->pieces gets
 * them, in order; returns their number. Should ICU fail, the run is one
 * word. */
size_t es_segment_run(es_segmenter *seg, const char *s, size_t n);

void es_segmenter_release(es_segmenter *seg);

/* Give ICU allocation functions that never return NULL (out of memory
 * ends the process, es__out_of_memory): ICU's dictionary word breaking
 * retries a failed allocation forever. Once per process; call it before
 * any ICU call that allocates. */
void es_icu_init(void);

#endif
