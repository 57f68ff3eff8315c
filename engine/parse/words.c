/* words.c - the word rule's entry points (the scanner itself is inline in
 * scan.h, written twice: a general scanner and the lexer's ASCII fast
 * path, kept equal by a differential test) and term normalization. */
#include "scan.h"
#include "guard.h"
#include "../util/utf8.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

bool es_words_next(const char *s, size_t n, size_t *pos, size_t *start,
                   size_t *len) {
  bool seg;
  return next_word(s, n, false, pos, start, len, &seg);
}

bool es_words_iter_next(es_words_iter *it, size_t *start, size_t *len) {
  return next_word_iter(it, false, start, len);
}

size_t es_words_count(es_segmenter *seg, const char *s, size_t n) {
  es_words_iter it;
  es_words_iter_init(&it, s, n, seg);
  size_t start, len, count = 0;
  while (es_words_iter_next(&it, &start, &len))
    count++;
  return count;
}

size_t es_words_count_max(es_segmenter *seg, const char *s, size_t n,
                          size_t max) {
  es_words_iter it;
  es_words_iter_init(&it, s, n, seg);
  size_t start, len, count = 0;
  while (count <= max && next_word_iter(&it, true, &start, &len))
    count++;
  return count;
}

/* The length of the apostrophe or hyphen variant at u[0] (U+2019,
 * U+2010, U+2011, U+02BC), or 0. NFKC leaves each one alone next to
 * ASCII, or (U+2011) makes it U+2010, and case folding does not touch
 * them: a word of ASCII and these needs no utf8proc. */
static size_t joiner_variant(const unsigned char *u, size_t left, char *ascii) {
  if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
      (u[2] == 0x99 || u[2] == 0x90 || u[2] == 0x91)) {
    *ascii = u[2] == 0x99 ? '\'' : '-';
    return 3;
  }
  if (left >= 2 && u[0] == 0xCA && u[1] == 0xBC) {
    *ascii = '\'';
    return 2;
  }
  return 0;
}

void es_words_normalize(const char *s, size_t n, es_buf *out) {
  es_buf_clear(out);
  const unsigned char *u = (const unsigned char *)s;
  bool simple = true; /* ASCII and joiner variants only */
  char c = 0;
  for (size_t i = 0; i < n && simple;) {
    size_t k = u[i] < 0x80 ? 1 : joiner_variant(u + i, n - i, &c);
    simple = k > 0;
    i += k;
  }
  if (simple) {
    /* NFKC and case folding of ASCII is lower-casing. */
    es_buf_reserve(out, n);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
      if (u[i] < 0x80) {
        c = s[i++];
        out->data[k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
      } else {
        i += joiner_variant(u + i, n - i, &c);
        out->data[k++] = c;
      }
    }
    out->len = k;
    out->data[k] = 0;
    return;
  }
  /* Canonical reordering is quadratic in a run of combining marks: runs
   * are cut to the stream-safe limit first (guard.h). Bodies are cut, and
   * reported, before they get here; this bounds the other callers. */
  es_buf bounded = ES_BUF_INIT;
  s = es_guard_marks(s, &n, &bounded);
  utf8proc_uint8_t *mapped = NULL;
  utf8proc_ssize_t m =
      utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &mapped,
                   UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                       UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
  es_buf_free(&bounded);
  if (m == UTF8PROC_ERROR_NOMEM)
    es__out_of_memory(n);
  if (m < 0) {
    /* Only possible for invalid UTF-8, which the reader has repaired. */
    free(mapped);
    return;
  }
  /* Map the apostrophe and hyphen variants to their ASCII forms. */
  u = mapped;
  size_t i = 0;
  es_buf_reserve(out, (size_t)m);
  while (i < (size_t)m) {
    if (u[i] == 0xE2 && i + 2 < (size_t)m && u[i + 1] == 0x80 &&
        (u[i + 2] == 0x99 || u[i + 2] == 0x90 || u[i + 2] == 0x91)) {
      es_buf_putc(out, u[i + 2] == 0x99 ? '\'' : '-');
      i += 3;
    } else if (u[i] == 0xCA && i + 1 < (size_t)m && u[i + 1] == 0xBC) {
      es_buf_putc(out, '\'');
      i += 2;
    } else {
      es_buf_putc(out, (char)u[i]);
      i++;
    }
  }
  free(mapped);
}

void es_words_collapse(const char *text, size_t n, es_buf *out) {
  const unsigned char *s = (const unsigned char *)text;
  es_buf_clear(out);
  es_buf_reserve(out, n);
  /* The result is never longer than the input: write in place. */
  char *o = out->data;
  size_t k = 0, i = 0;
  bool pending = false;
  while (i < n) {
    if (s[i] < 0x80) { /* the usual byte: no decoding, no call */
      unsigned char c = s[i++];
      if (c == ' ' || (c >= 0x09 && c <= 0x0D)) {
        pending = k > 0;
      } else {
        if (pending)
          o[k++] = ' ';
        pending = false;
        o[k++] = (char)c;
      }
      continue;
    }
    int32_t cp;
    size_t len = es_utf8_decode(s + i, n - i, &cp);
    if (es_utf8_is_space(cp)) {
      pending = k > 0;
    } else {
      if (pending)
        o[k++] = ' ';
      pending = false;
      memcpy(o + k, s + i, len);
      k += len;
    }
    i += len;
  }
  o[k] = 0;
  out->len = k;
}

size_t es_words_strip_trailing(const char *s, size_t n) {
  for (;;) {
    if (n == 0)
      return 0;
    unsigned char c = (unsigned char)s[n - 1];
    if (c == ':' || c == ';' || c == ',' || c == '.' || c == '!' || c == '?' ||
        c == ' ' || (c >= 0x09 && c <= 0x0D)) {
      n--;
      continue;
    }
    if (c < 0x80)
      return n;
    /* A multi-byte character: find its start and test for white space. */
    size_t b = n - 1;
    while (b > 0 && ((unsigned char)s[b] & 0xC0) == 0x80)
      b--;
    int32_t cp;
    es_utf8_decode((const unsigned char *)s + b, n - b, &cp);
    if (!es_utf8_is_space(cp))
      return n;
    n = b;
  }
}
