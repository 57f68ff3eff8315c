/* segment.c - ICU word segmentation of runs in scripts without spaces (see
 * segment.h). */
#include "segment.h"
#include "../util/utf8.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uclean.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <utf8proc.h>

static void *U_CALLCONV icu_alloc(const void *ctx, size_t n) {
  (void)ctx;
  return es__xmalloc(n);
}

static void *U_CALLCONV icu_realloc(const void *ctx, void *p, size_t n) {
  (void)ctx;
  return es__xrealloc(p, n);
}

static void U_CALLCONV icu_free(const void *ctx, void *p) {
  (void)ctx;
  free(p);
}

static void icu_init_once(void) {
  /* They wrap malloc, so memory ICU took before is freed right. */
  UErrorCode st = U_ZERO_ERROR;
  u_setMemoryFunctions(NULL, icu_alloc, icu_realloc, icu_free, &st);
}

void es_icu_init(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, icu_init_once);
}

static bool script_of(int32_t cp) {
  UErrorCode st = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(cp, &st);
  if (U_FAILURE(st))
    return false;
  switch (sc) {
  case USCRIPT_HAN:
  case USCRIPT_HIRAGANA:
  case USCRIPT_KATAKANA:
  case USCRIPT_KATAKANA_OR_HIRAGANA:
  case USCRIPT_THAI:
  case USCRIPT_LAO:
  case USCRIPT_KHMER:
  case USCRIPT_MYANMAR:
    return true;
  default:
    return false;
  }
}

/* One bit per BMP code point: 8 KiB, filled once. */
static uint8_t bmp[0x10000 / 8];
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;

static void bmp_fill(void) {
  for (int32_t cp = 0x0E00; cp < 0x10000; cp++)
    if (script_of(cp))
      bmp[cp >> 3] = (uint8_t)(bmp[cp >> 3] | (1u << (cp & 7)));
}

bool es_segment__script_slow(int32_t cp) {
  if (cp >= 0x10000)
    return script_of(cp);
  pthread_once(&bmp_once, bmp_fill);
  return (bmp[cp >> 3] >> (cp & 7)) & 1;
}

/* Does s[0..n) hold a letter or a number? */
static bool has_letter_or_number(const char *text, size_t n) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    if (s[i] < 0x80) {
      unsigned char c = s[i];
      if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
        return true;
      i++;
      continue;
    }
    i += es_utf8_decode(s + i, n - i, &cp);
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      break;
    }
  }
  return false;
}

static void add_piece(es_segmenter *seg, size_t start, size_t len) {
  ES_GROW(seg->pieces, seg->cap, seg->npieces + 1);
  seg->pieces[seg->npieces++] = (es_piece){start, len};
}

size_t es_segment_run(es_segmenter *seg, const char *s, size_t n) {
  seg->npieces = 0;
  UErrorCode st = U_ZERO_ERROR;
  if (n > INT32_MAX)
    goto whole; /* ICU's indexes are 32-bit */
  es_icu_init();
  if (!seg->bi) {
    seg->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
    if (U_FAILURE(st)) {
      seg->bi = NULL;
      goto whole;
    }
  }
  /* A UTF-8 UText: the iterator's indexes are byte offsets into s. */
  seg->ut = utext_openUTF8(seg->ut, s, (int64_t)n, &st);
  if (U_FAILURE(st))
    goto whole;
  ubrk_setUText(seg->bi, seg->ut, &st);
  if (U_FAILURE(st))
    goto whole;
  int32_t b = ubrk_first(seg->bi), e;
  while ((e = ubrk_next(seg->bi)) != UBRK_DONE) {
    if (e > b && has_letter_or_number(s + b, (size_t)(e - b)))
      add_piece(seg, (size_t)b, (size_t)(e - b));
    b = e;
  }
  return seg->npieces;
whole:
  seg->npieces = 0;
  if (has_letter_or_number(s, n))
    add_piece(seg, 0, n);
  return seg->npieces;
}

void es_segmenter_release(es_segmenter *seg) {
  if (seg->bi)
    ubrk_close(seg->bi);
  if (seg->ut)
    utext_close(seg->ut);
  free(seg->pieces);
  memset(seg, 0, sizeof *seg);
}
