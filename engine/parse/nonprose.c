/* nonprose.c - URLs, e-mail addresses and unresolved reference-link labels
 * blanked out of a block's text (see nonprose.h).
 *
 * Each kind is found by a vectorized search for its anchor (strstr for
 * `://`, `www.` and `][`, memchr for `@`), so ordinary prose costs four
 * scans per block and no per-byte work here. Spans
 * are collected first and blanked at the end, so that each kind sees the
 * text as given. */
#include "nonprose.h"
#include "../util/utf8.h"

#include <stdlib.h>
#include <utf8proc.h>
#include <string.h>

typedef struct spans {
  size_t (*v)[2];
  size_t n, cap;
  size_t local[16][2];
} spans;

static void add(spans *sp, size_t b, size_t e) {
  if (sp->n == sp->cap) {
    size_t cap = sp->cap * 2;
    size_t(*v)[2] = es__xmalloc(cap * sizeof *v);
    memcpy(v, sp->v, sp->n * sizeof *v);
    if (sp->v != sp->local)
      free(sp->v);
    sp->v = v;
    sp->cap = cap;
  }
  sp->v[sp->n][0] = b;
  sp->v[sp->n][1] = e;
  sp->n++;
}

/* Is the character at s[i] white space? Sets *len to its length. */
static bool space_at(const unsigned char *s, size_t n, size_t i, size_t *len) {
  if (s[i] < 0x80) {
    *len = 1;
    return s[i] == ' ' || (s[i] >= 0x09 && s[i] <= 0x0D);
  }
  int32_t cp;
  *len = es_utf8_decode(s + i, n - i, &cp);
  return es_utf8_is_space(cp);
}

/* Is the character ending just before s[i] white space? Sets *start to
 * its first byte. */
static bool space_before(const unsigned char *s, size_t i, size_t *start) {
  size_t b = i - 1;
  if (s[b] < 0x80) {
    *start = b;
    return s[b] == ' ' || (s[b] >= 0x09 && s[b] <= 0x0D);
  }
  while (b > 0 && (s[b] & 0xC0) == 0x80 && i - b < 4)
    b--;
  *start = b;
  int32_t cp;
  es_utf8_decode(s + b, i - b, &cp);
  return es_utf8_is_space(cp);
}

/* The end of a URL starting at i: the next white space or '<'. */
static size_t url_end(const unsigned char *s, size_t n, size_t i) {
  while (i < n) {
    size_t len;
    if (s[i] == '<' || space_at(s, n, i, &len))
      break;
    i += len;
  }
  return i;
}

static bool scheme_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '+' || c == '.' || c == '-';
}

static bool letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static void find_urls(const unsigned char *s, size_t n, unsigned kinds,
                      spans *sp) {
  size_t i = 0;
  const unsigned char *p;
  /* strstr, not memmem: glibc's strstr is vectorized for short needles
   * and one call rules out a whole block of prose; memmem's setup costs
   * more than the scan on block-sized text. The text has no NUL inside
   * (the reader replaced them). */
  while ((kinds & ES_NONPROSE_URL) && i + 3 <= n &&
         (p = (const unsigned char *)strstr((const char *)s + i, "://"))) {
    size_t c = (size_t)(p - s), b = c;
    while (b > 0 && scheme_char(s[b - 1]))
      b--;
    while (b < c && !letter(s[b]))
      b++;
    if (b == c) {
      i = c + 1;
      continue;
    }
    size_t e = url_end(s, n, c + 3);
    add(sp, b, e);
    i = e;
  }
  i = 0;
  while ((kinds & ES_NONPROSE_WWW) && i + 4 <= n &&
         (p = (const unsigned char *)strstr((const char *)s + i, "www."))) {
    size_t b = (size_t)(p - s), e = url_end(s, n, b + 4);
    add(sp, b, e);
    i = e;
  }
}

static void find_emails(const unsigned char *s, size_t n, spans *sp) {
  size_t i = 0;
  const unsigned char *p;
  while (i < n && (p = memchr(s + i, '@', n - i))) {
    size_t at = (size_t)(p - s), b = at, e = at + 1, k, len;
    while (b > 0 && !space_before(s, b, &k))
      b = k;
    while (e < n && !space_at(s, n, e, &len))
      e += len;
    /* The run s[b..e) is an address when an '@' that is not its first
     * character is followed, two or more characters on, by a '.' that is
     * not its last: `\S+@\S+\.\S+`. The first such '@' and the last '.'
     * before the final character give it the most room. */
    const unsigned char *a = memchr(s + b + 1, '@', e - b - 1);
    bool dot = false;
    for (size_t j = e - 1; a && j > (size_t)(a - s) + 1; j--)
      if (s[j - 1] == '.' && j - 1 >= (size_t)(a - s) + 2) {
        dot = true;
        break;
      }
    if (dot)
      add(sp, b, e);
    i = e;
  }
}

static void find_labels(const unsigned char *s, size_t n, spans *sp) {
  size_t i = 0;
  const unsigned char *p;
  while (i + 2 <= n &&
         (p = (const unsigned char *)strstr((const char *)s + i, "]["))) {
    size_t open = (size_t)(p - s) + 1;
    const unsigned char *close = memchr(s + open + 1, ']', n - open - 1);
    if (!close)
      break; /* no later label can close either */
    size_t e = (size_t)(close - s);
    add(sp, open, e + 1);
    i = e; /* `][a][b]`: the closing ']' may start the next pair */
  }
}

unsigned es_nonprose_kinds(const char *body, size_t n) {
  if (memchr(body, '&', n))
    return ES_NONPROSE_ALL; /* references can make any character */
  unsigned k = 0;
  if (memchr(body, '/', n))
    k |= ES_NONPROSE_URL;
  if (memchr(body, '@', n))
    k |= ES_NONPROSE_EMAIL;
  if (memchr(body, ']', n))
    k |= ES_NONPROSE_LABEL;
  for (const char *p = body, *end = body + n;
       (p = memchr(p, 'w', (size_t)(end - p))) && p + 1 < end; p++)
    if (p[1] == 'w') {
      k |= ES_NONPROSE_WWW;
      break;
    }
  return k;
}

bool es_nonprose_blank_kinds(char *text, size_t n, unsigned kinds) {
  const unsigned char *s = (const unsigned char *)text;
  spans sp;
  sp.v = sp.local;
  sp.n = 0;
  sp.cap = sizeof sp.local / sizeof sp.local[0];
  if (kinds & (ES_NONPROSE_URL | ES_NONPROSE_WWW))
    find_urls(s, n, kinds, &sp);
  if (kinds & ES_NONPROSE_EMAIL)
    find_emails(s, n, &sp);
  if (kinds & ES_NONPROSE_LABEL)
    find_labels(s, n, &sp);
  for (size_t k = 0; k < sp.n; k++)
    memset(text + sp.v[k][0], ' ', sp.v[k][1] - sp.v[k][0]);
  if (sp.v != sp.local)
    free(sp.v);
  return sp.n > 0;
}

bool es_nonprose_blank(char *s, size_t n) {
  return es_nonprose_blank_kinds(s, n, ES_NONPROSE_ALL);
}

bool es_nonprose_ends_sentence(const char *text, size_t n) {
  const unsigned char *s = (const unsigned char *)text;
  while (n > 0) {
    size_t b = n - 1;
    while (b > 0 && (s[b] & 0xC0) == 0x80 && n - b < 4)
      b--;
    int32_t cp;
    es_utf8_decode(s + b, n - b, &cp);
    switch (cp) {
    case '.':
    case '!':
    case '?':
    case 0x2026: /* … */
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
      return true;
    case '"':
    case '\'':
    case 0xFF02:
    case 0xFF07:
      n = b;
      continue;
    default:
      break;
    }
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PI ||
        c == UTF8PROC_CATEGORY_PF || es_utf8_is_space(cp)) {
      n = b;
      continue;
    }
    return false;
  }
  return false;
}
