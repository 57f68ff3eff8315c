/* sentences.c - ICU sentence boundaries over UTF-8 block text.
 *
 * Two routes give the same counts. ICU's iterator runs at about 50 MB/s,
 * a third of the cost of parsing, so blocks are first cut by a direct
 * reading of the UAX #29 sentence rules (SB6-SB11) over ICU's own
 * Sentence_Break property values: only the end of a run "SATerm Close*
 * Sp*" can be a boundary, and SB6, SB7, SB8 and SB8a decide whether it is.
 * Blocks holding a character for which that reading is incomplete
 * (Extend and Format, which SB5 makes transparent, and paragraph
 * separators) go to ICU's iterator. test_sentences compares both routes on
 * random text over every Sentence_Break class.
 *
 * ICU reads the UTF-8 bytes in place through a UText, so its boundaries are
 * byte offsets and no UTF-16 copy is made. The iterator is opened once per
 * thread (ubrk_open builds its rule tables) and re-pointed at each block
 * with ubrk_setUText. The text has been repaired to valid UTF-8 before it
 * gets here. */
#include "sentences.h"
#include "segment.h"
#include "words.h"

#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

void es_sentencer_release(es_sentencer *s) {
  if (s->bi)
    ubrk_close(s->bi);
  if (s->ut)
    utext_close(s->ut);
  free(s->cls);
  free(s->off);
  s->bi = s->ut = NULL;
  s->cls = NULL;
  s->off = NULL;
  s->cap = 0;
}

static int has_word(const char *text, size_t from, size_t to) {
  size_t pos = from, start, len;
  return es_words_next(text, to, &pos, &start, &len);
}

size_t es_sentencer__count_icu(es_sentencer *s, const char *text, size_t n) {
  if (n == 0 || s->failed)
    return 0;
  es_icu_init();
  UErrorCode st = U_ZERO_ERROR;
  s->ut = utext_openUTF8(s->ut, text, (int64_t)n, &st);
  if (U_FAILURE(st)) {
    s->failed = 1;
    return 0;
  }
  if (!s->bi) {
    s->bi = ubrk_open(UBRK_SENTENCE, "", NULL, 0, &st);
    if (U_FAILURE(st)) {
      s->bi = NULL;
      s->failed = 1;
      return 0;
    }
  }
  ubrk_setUText(s->bi, s->ut, &st);
  if (U_FAILURE(st))
    return 0;
  size_t count = 0;
  int32_t from = ubrk_first(s->bi);
  for (int32_t to = ubrk_next(s->bi); to != UBRK_DONE;
       from = to, to = ubrk_next(s->bi))
    if (has_word(text, (size_t)from, (size_t)to))
      count++;
  return count;
}

/* ---- the direct route ---------------------------------------------------- */

/* Decode one UTF-8 character (the text is valid UTF-8). */
static uint32_t decode(const unsigned char *p, size_t *len) {
  if (p[0] < 0x80) {
    *len = 1;
    return p[0];
  }
  if (p[0] < 0xE0) {
    *len = 2;
    return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
  }
  if (p[0] < 0xF0) {
    *len = 3;
    return (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 |
           (p[2] & 0x3F);
  }
  *len = 4;
  return (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
         (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
}

static unsigned char ascii_class[128];
static pthread_once_t ascii_once = PTHREAD_ONCE_INIT;

static void init_ascii_class(void) {
  for (uint32_t k = 0; k < 128; k++)
    ascii_class[k] =
        (unsigned char)u_getIntPropertyValue((UChar32)k, UCHAR_SENTENCE_BREAK);
}

static unsigned char sb_class(uint32_t c) {
  if (c < 128)
    return ascii_class[c];
  return (unsigned char)u_getIntPropertyValue((UChar32)c, UCHAR_SENTENCE_BREAK);
}

static int is_saterm(unsigned char k) {
  return k == U_SB_ATERM || k == U_SB_STERM;
}

/* Is there a boundary after the run SATerm Close* Sp* that starts at
 * character i and ends before character e? */
static int boundary(const unsigned char *cls, size_t n, size_t i, size_t e) {
  if (e >= n)
    return 0; /* the end of the text */
  if (cls[i] == U_SB_ATERM && e == i + 1) {
    if (cls[e] == U_SB_NUMERIC) /* SB6: 3.5 */
      return 0;
    if (cls[e] == U_SB_UPPER && i > 0 &&
        (cls[i - 1] == U_SB_UPPER || cls[i - 1] == U_SB_LOWER))
      return 0; /* SB7: U.S. */
  }
  if (cls[i] == U_SB_ATERM) { /* SB8: "etc. and so on" */
    size_t k = e;
    while (k < n && cls[k] != U_SB_OLETTER && cls[k] != U_SB_UPPER &&
           cls[k] != U_SB_LOWER && !is_saterm(cls[k]))
      k++;
    if (k < n && cls[k] == U_SB_LOWER)
      return 0;
  }
  if (cls[e] == U_SB_SCONTINUE || is_saterm(cls[e])) /* SB8a */
    return 0;
  return 1; /* SB11 */
}

size_t es_sentencer_count(es_sentencer *s, const char *text, size_t n) {
  if (n == 0)
    return 0;
  if (n + 1 > s->cap) {
    size_t cap = s->cap ? s->cap : 256;
    while (cap < n + 1)
      cap *= 2;
    free(s->cls);
    free(s->off);
    s->cls = malloc(cap);
    s->off = malloc(cap * sizeof *s->off);
    if (!s->cls || !s->off) {
      free(s->cls);
      free(s->off);
      s->cls = NULL;
      s->off = NULL;
      s->cap = 0;
      return es_sentencer__count_icu(s, text, n);
    }
    s->cap = cap;
  }
  pthread_once(&ascii_once, init_ascii_class);
  const unsigned char *p = (const unsigned char *)text;
  size_t m = 0;
  for (size_t b = 0; b < n;) {
    size_t len;
    unsigned char k = sb_class(decode(p + b, &len));
    if (k == U_SB_EXTEND || k == U_SB_FORMAT || k == U_SB_SEP || k == U_SB_CR ||
        k == U_SB_LF)
      return es_sentencer__count_icu(s, text, n);
    s->cls[m] = k;
    s->off[m++] = b;
    b += len;
  }
  s->off[m] = n;
  size_t count = 0, from = 0;
  for (size_t i = 0; i < m; i++) {
    if (!is_saterm(s->cls[i]))
      continue;
    size_t e = i + 1;
    while (e < m && s->cls[e] == U_SB_CLOSE)
      e++;
    while (e < m && s->cls[e] == U_SB_SP)
      e++;
    if (boundary(s->cls, m, i, e)) {
      if (has_word(text, from, s->off[e]))
        count++;
      from = s->off[e];
      i = e - 1;
    }
  }
  if (has_word(text, from, n))
    count++;
  return count;
}
