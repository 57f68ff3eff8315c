/* sentences.c - ICU sentence boundaries over UTF-8 block text.
 *
 * ICU reads the UTF-8 bytes in place through a UText, so its boundaries are
 * byte offsets and no UTF-16 copy is made. The iterator is opened once per
 * thread (ubrk_open builds its rule tables) and re-pointed at each block
 * with ubrk_setUText. The text has been repaired to valid UTF-8 before it
 * gets here. */
#include "sentences.h"
#include "text.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

void es_sentencer_release(es_sentencer *s) {
  if (s->bi)
    ubrk_close(s->bi);
  if (s->ut)
    utext_close(s->ut);
  s->bi = s->ut = NULL;
}

static int has_word(const char *text, size_t from, size_t to) {
  size_t pos = from, start, len;
  return es_text_next_word(text, to, &pos, &start, &len);
}

size_t es_sentencer_count(es_sentencer *s, const char *text, size_t n) {
  if (n == 0 || s->failed)
    return 0;
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
