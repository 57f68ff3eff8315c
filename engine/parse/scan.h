/* scan.h - the word scanner, inline: the lexer's hot loop (lexer.c) and
 * the word rule's entry points (words.c) share it, and inlining it into
 * the lexer's batch loop is worth a few percent of a whole run. Include it
 * only from those two files. The rule itself is described in words.h.
 *
 * The ASCII paths are table driven because nearly every byte of a typical
 * essay is ASCII; the rest asks utf8proc for the general category. */
#ifndef ES_SCAN_H
#define ES_SCAN_H

#include "words.h"
#include "../util/utf8.h"
#include "segment.h"

#include <utf8proc.h>

/* C_SEG: a character of a script written without spaces (segment.h); a
 * run holding one is split by ICU. */
enum { C_OTHER = 0, C_WORD = 1, C_LN = 2, C_JOIN = 4, C_SEG = 8 };

/* Class of each ASCII byte: letters and digits are word characters with a
 * letter/number, '_' a word character without, ' and - joiners. Bytes of
 * multi-byte characters (0x80-0xFF) are 0 here and go through the decoder;
 * so does NUL, which stops the unbounded scans below at a terminator. */
static const unsigned char ascii_class[256] = {
    ['0'] = 3, ['1'] = 3, ['2'] = 3,      ['3'] = 3,       ['4'] = 3,
    ['5'] = 3, ['6'] = 3, ['7'] = 3,      ['8'] = 3,       ['9'] = 3,
    ['A'] = 3, ['B'] = 3, ['C'] = 3,      ['D'] = 3,       ['E'] = 3,
    ['F'] = 3, ['G'] = 3, ['H'] = 3,      ['I'] = 3,       ['J'] = 3,
    ['K'] = 3, ['L'] = 3, ['M'] = 3,      ['N'] = 3,       ['O'] = 3,
    ['P'] = 3, ['Q'] = 3, ['R'] = 3,      ['S'] = 3,       ['T'] = 3,
    ['U'] = 3, ['V'] = 3, ['W'] = 3,      ['X'] = 3,       ['Y'] = 3,
    ['Z'] = 3, ['a'] = 3, ['b'] = 3,      ['c'] = 3,       ['d'] = 3,
    ['e'] = 3, ['f'] = 3, ['g'] = 3,      ['h'] = 3,       ['i'] = 3,
    ['j'] = 3, ['k'] = 3, ['l'] = 3,      ['m'] = 3,       ['n'] = 3,
    ['o'] = 3, ['p'] = 3, ['q'] = 3,      ['r'] = 3,       ['s'] = 3,
    ['t'] = 3, ['u'] = 3, ['v'] = 3,      ['w'] = 3,       ['x'] = 3,
    ['y'] = 3, ['z'] = 3, ['_'] = C_WORD, ['\''] = C_JOIN, ['-'] = C_JOIN,
};

/* The class of a code point (C_WORD, C_LN, C_JOIN, C_SEG bits). */
static inline unsigned class_of(int32_t cp) {
  if (cp < 0x80)
    return ascii_class[cp];
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU:
  case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_ND:
  case UTF8PROC_CATEGORY_NL:
  case UTF8PROC_CATEGORY_NO:
    return C_WORD | C_LN | (es_segment_script(cp) ? C_SEG : 0);
  case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC:
  case UTF8PROC_CATEGORY_ME:
    return C_WORD | (es_segment_script(cp) ? C_SEG : 0);
  default:
    return (cp == 0x2019 || cp == 0x02BC || cp == 0x2010 || cp == 0x2011)
               ? C_JOIN
               : C_OTHER;
  }
}

/* Class of the character at s[i], and its length. */
static inline unsigned char_at(const unsigned char *s, size_t n, size_t i,
                               size_t *len) {
  if (s[i] < 0x80) {
    *len = 1;
    return ascii_class[s[i]];
  }
  int32_t cp;
  *len = es_utf8_decode(s + i, n - i, &cp);
  return class_of(cp);
}

/* The next run of the rule. With `nul` set, s[n] must be 0: the ASCII
 * loops then need no bounds check (the 0 byte is not a word character and
 * ends them). *seg tells whether the run needs ICU (segment.h). */
/* Forced inline: the lexer's loop calls it with `nul` constant, and a
 * out-of-line copy costs about 1% of a run on text with curly quotes. */
static inline __attribute__((always_inline)) bool
next_word(const char *text, size_t n, bool nul, size_t *pos, size_t *start,
          size_t *len, bool *seg) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = *pos, cl;
  unsigned c;
  for (;;) {
    /* Skip to the next word character; ASCII separators one byte at a
     * time, anything else through the decoder. */
    for (;;) {
      if (i >= n) {
        *pos = n;
        return false;
      }
      if (s[i] < 0x80) {
        c = ascii_class[s[i]];
        cl = 1;
      } else {
        c = char_at(s, n, i, &cl);
      }
      if (c & C_WORD)
        break;
      i += cl;
    }
    size_t b = i;
    unsigned seen = 0;
    for (;;) {
      /* Here s[i] is a word character of length cl and class c. */
      seen |= c;
      i += cl;
      /* The common case: a run of ASCII word characters. */
      if (nul)
        while (ascii_class[s[i]] & C_WORD)
          seen |= ascii_class[s[i++]];
      else
        while (i < n && (ascii_class[s[i]] & C_WORD))
          seen |= ascii_class[s[i++]];
      if (i >= n)
        break;
      c = char_at(s, n, i, &cl);
      if (c & C_WORD)
        continue;
      if (!(c & C_JOIN) || i + cl >= n)
        break;
      size_t cl2;
      unsigned c2 = char_at(s, n, i + cl, &cl2);
      if (!(c2 & C_WORD))
        break;
      i += cl;
      c = c2;
      cl = cl2;
    }
    if (seen & C_LN) {
      *start = b;
      *len = i - b;
      *pos = i;
      *seg = (seen & C_SEG) != 0;
      return true;
    }
  }
}

/* ASCII bytes that separate words outright (not NUL, not a word
 * character, not a byte of a multi-byte character). */
static const unsigned char skip_tab[256] = {
#define S1(b)                                                                  \
  [b] = !(b >= '0' && b <= '9') && !(b >= 'A' && b <= 'Z') &&                  \
        !(b >= 'a' && b <= 'z') && b != '_'
#define S4(b) S1(b), S1(b + 1), S1(b + 2), S1(b + 3)
#define S16(b) S4(b), S4(b + 4), S4(b + 8), S4(b + 12)
    S1(1),   S1(2),   S1(3),   S4(4),   S4(8),   S4(12),  S16(16),
    S16(32), S16(48), S16(64), S16(80), S16(96), S4(112), S4(116),
    S4(120), S1(124), S1(125), S1(126), S1(127),
#undef S16
#undef S4
#undef S1
};

/* The next word of a NUL-terminated text: the all-ASCII case inline, any
 * other through next_word (restarted at the word's first byte, which gives
 * the same word). */
static inline bool next_word_fast(const char *text, size_t n, size_t *pos,
                                  size_t *start, size_t *len, bool *seg) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = *pos;
  for (;;) {
    while (skip_tab[s[i]])
      i++;
    if (s[i] >= 0x80 || i >= n) {
      *pos = i;
      return next_word(text, n, true, pos, start, len, seg);
    }
    size_t b = i;
    unsigned seen = 0;
    for (;;) {
      while (ascii_class[s[i]] & C_WORD)
        seen |= ascii_class[s[i++]];
      unsigned char c = s[i];
      if ((c == '\'' || c == '-') && (ascii_class[s[i + 1]] & C_WORD)) {
        i++;
        continue;
      }
      if (c >= 0x80 || ((c == '\'' || c == '-') && s[i + 1] >= 0x80)) {
        *pos = b;
        return next_word(text, n, true, pos, start, len, seg);
      }
      break;
    }
    if (seen & C_LN) {
      *start = b;
      *len = i - b;
      *pos = i;
      *seg = false;
      return true;
    }
  }
}

/* ---- words: runs, with ICU pieces for runs that need them --------------- */

/* The next pending piece of a segmented run, if any. */
static inline bool next_piece(es_words_iter *it, size_t *start, size_t *len) {
  if (!it->seg || it->piece >= it->seg->npieces)
    return false;
  const es_piece *p = &it->seg->pieces[it->piece++];
  *start = it->base + p->start;
  *len = p->len;
  return true;
}

/* The run s[*start..+*len) needs ICU: split it and take its first piece
 * (false when no piece is a word: only if ICU fails oddly; the caller then
 * moves on). */
static inline bool split_run(es_words_iter *it, size_t *start, size_t *len) {
  it->base = *start;
  it->piece = 0;
  es_segment_run(it->seg, it->s + *start, *len);
  return next_piece(it, start, len);
}

/* The next word, with `nul` as for next_word. Runs without characters of
 * the segmented scripts (all of English) cost one test of a flag. */
static inline bool next_word_iter(es_words_iter *it, bool nul, size_t *start,
                                  size_t *len) {
  if (it->piece < it->npieces_hint && next_piece(it, start, len))
    return true;
  bool seg;
  for (;;) {
    bool found =
        nul ? next_word_fast(it->s, it->n, &it->pos, start, len, &seg)
            : next_word(it->s, it->n, false, &it->pos, start, len, &seg);
    if (!found)
      return false;
    if (!seg || !it->seg)
      return true;
    if (split_run(it, start, len)) {
      it->npieces_hint = it->seg->npieces;
      return true;
    }
  }
}

#endif
