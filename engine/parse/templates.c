/* templates.c - template markup out of a Markdown body (see templates.h).
 *
 * One left-to-right pass. Closers are looked for with memmem, and each
 * closer kind remembers its last search: openers come in increasing order,
 * so every byte is searched at most once per kind and a body full of
 * unclosed openers stays linear. Bodies without `{{` or `{%` are returned
 * untouched after two memmem calls. */
#define _GNU_SOURCE /* memmem */
#include "templates.h"
#include "../util/utf8.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#define NONE SIZE_MAX

/* The first occurrence of a closer at or after a position, remembered. */
typedef struct finder {
  const char *pat;
  size_t plen;
  size_t hit;      /* first occurrence at or after the last `from`, or NONE */
  size_t searched; /* no occurrence starts in [last from, searched) */
} finder;

/* The first occurrence of f->pat starting at or after `from` and ending at
 * or before `limit`, or NONE. Calls must come with non-decreasing `from`. */
static size_t find(finder *f, const char *s, size_t from, size_t limit) {
  if (f->hit != NONE && f->hit >= from)
    return f->hit + f->plen <= limit ? f->hit : NONE;
  size_t b = from > f->searched ? from : f->searched;
  f->hit = NONE;
  if (limit >= b + f->plen) {
    const char *p = memmem(s + b, limit - b, f->pat, f->plen);
    if (p) {
      f->hit = (size_t)(p - s);
      f->searched = f->hit;
      return f->hit;
    }
    f->searched = limit - f->plen + 1;
  }
  return NONE;
}

static bool is_name_char(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

static bool is_tag_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

/* Does the `{%` tag whose opener ends at s[i] have the name `name`? */
static bool tag_named(const char *s, size_t n, size_t i, const char *name) {
  if (i < n && s[i] == '-')
    i++;
  while (i < n && is_tag_space((unsigned char)s[i]))
    i++;
  size_t len = strlen(name);
  return n - i > len && memcmp(s + i, name, len) == 0 &&
         !is_name_char((unsigned char)s[i + len]);
}

/* The next `endcomment` tag name at or after `from` (the position of the
 * name), remembered like a finder. */
typedef struct end_finder {
  finder word; /* "endcomment" */
  size_t hit;
} end_finder;

static size_t find_endcomment(end_finder *e, const char *s, size_t n,
                              size_t from, size_t limit) {
  if (e->hit != NONE && e->hit >= from)
    return e->hit;
  e->hit = NONE;
  for (;;) {
    size_t w = find(&e->word, s, from, limit);
    if (w == NONE)
      return NONE;
    /* `{%`, an optional `-`, white space, then the name. */
    size_t j = w;
    while (j > 0 && is_tag_space((unsigned char)s[j - 1]))
      j--;
    if (j > 0 && s[j - 1] == '-')
      j--;
    if (j >= 2 && s[j - 2] == '{' && s[j - 1] == '%' &&
        (w + 10 == n || !is_name_char((unsigned char)s[w + 10]))) {
      e->hit = w;
      return w;
    }
    from = w + 1;
  }
}

/* ---- fenced code blocks -------------------------------------------------- */

typedef struct range {
  size_t first, last; /* 0-based lines */
} range;

/* The text of 1-based line `line` from 1-based byte column `col`. */
static const char *line_at(const size_t *nl, size_t nnl, const char *s,
                           size_t n, size_t line, size_t col, size_t *len) {
  /* lines are within the text: line <= nnl + 1, so nl has line - 1 entries when
   * line >= 2 (nl is NULL only for a one-line text). */
  /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
  size_t b = line >= 2 ? nl[line - 2] + 1 : 0;
  /* line - 1 < nnl: nl has that entry. */
  /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
  size_t e = line - 1 < nnl ? nl[line - 1] : n;
  if (b > n)
    b = n;
  b += col ? col - 1 : 0;
  if (b > e)
    b = e;
  *len = e - b;
  return s + b;
}

/* A closing fence line: after container marks and indentation, only fence
 * characters and trailing white space. */
static bool fence_line(const char *t, size_t len) {
  size_t i = 0;
  while (i < len && (t[i] == ' ' || t[i] == '\t' || t[i] == '>'))
    i++;
  if (i == len || (t[i] != '`' && t[i] != '~'))
    return false;
  char c = t[i];
  size_t k = 0;
  while (i < len && t[i] == c)
    i++, k++;
  while (i < len && (t[i] == ' ' || t[i] == '\t'))
    i++;
  return k >= 3 && i == len;
}

/* The line ranges of the fenced code blocks cmark finds in s. cmark 0.30
 * does not say whether a code block is fenced, and for a fence left open
 * in a list or quote it reports the line that closed the container as the
 * last one; both are settled from the block's literal and the source. */
static size_t fenced_ranges(const char *s, size_t n, const size_t *nl,
                            size_t nnl, range **out) {
  size_t count = 0, cap = 0;
  range *r = NULL;
  cmark_node *root = cmark_parse_document(s, n, CMARK_OPT_DEFAULT);
  cmark_iter *it = cmark_iter_new(root);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *c = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER ||
        cmark_node_get_type(c) != CMARK_NODE_CODE_BLOCK)
      continue;
    size_t first = (size_t)cmark_node_get_start_line(c);
    size_t last = (size_t)cmark_node_get_end_line(c);
    size_t col = (size_t)cmark_node_get_start_column(c);
    const char *lit = cmark_node_get_literal(c);
    const char *info = cmark_node_get_fence_info(c);
    size_t llen = lit ? strlen(lit) : 0, tlen;
    const char *t = line_at(nl, nnl, s, n, first, col, &tlen);
    if (tlen < 3 || (t[0] != '`' && t[0] != '~'))
      continue; /* indented code: its first line is not a fence */
    if ((!info || !*info) && llen > tlen && memcmp(lit, t, tlen) == 0 &&
        lit[tlen] == '\n')
      continue; /* indented code whose first line looks like a fence */
    size_t lines = 0;
    for (size_t i = 0; i < llen; i++)
      lines += lit[i] == '\n';
    if (last > first + lines + 1)
      last = first + lines + 1;
    if (last > first + lines) {
      const char *e = line_at(nl, nnl, s, n, last, 1, &tlen);
      if (!fence_line(e, tlen))
        last = first + lines;
    }
    ES_GROW(r, cap, count + 1);
    r[count++] = (range){first - 1, last - 1};
  }
  cmark_iter_free(it);
  cmark_node_free(root);
  *out = r;
  return count;
}

/* ---- the pass ------------------------------------------------------------ */

/* Is the output's current line white space only? */
static bool line_blank(const es_buf *out) {
  const unsigned char *o = (const unsigned char *)out->data;
  size_t i = out->len;
  while (i > 0) {
    unsigned char c = o[i - 1];
    if (c == '\n')
      return true;
    if (c == ' ' || c == '\t') {
      i--;
      continue;
    }
    if (c < 0x80)
      return false;
    size_t b = i - 1;
    while (b > 0 && (o[b] & 0xC0) == 0x80)
      b--;
    int32_t cp;
    es_utf8_decode(o + b, i - b, &cp);
    if (!es_utf8_is_space(cp))
      return false;
    i = b;
  }
  return true;
}

/* Past white space other than line ends, from s[i]. */
static size_t skip_line_space(const char *text, size_t n, size_t i) {
  const unsigned char *s = (const unsigned char *)text;
  while (i < n && s[i] != '\n') {
    int32_t cp = s[i];
    size_t len = s[i] < 0x80 ? 1 : es_utf8_decode(s + i, n - i, &cp);
    if (!es_utf8_is_space(cp))
      break;
    i += len;
  }
  return i;
}

const char *es_templates_strip(const char *s, size_t n, es_buf *out,
                               size_t *out_n) {
  *out_n = n;
  /* The usual case: no opener at all. '{' is rare in prose. */
  const char *brace = s;
  for (;;) {
    brace = memchr(brace, '{', n - (size_t)(brace - s));
    if (!brace || brace + 1 >= s + n)
      return s;
    if (brace[1] == '{' || brace[1] == '%')
      break;
    brace++;
  }

  /* Line ends, for the reach of a span and the fenced lines. */
  size_t *nl = NULL, nnl = 0, nl_cap = 0;
  for (const char *p = s; (p = memchr(p, '\n', n - (size_t)(p - s))); p++) {
    ES_GROW(nl, nl_cap, nnl + 1);
    nl[nnl++] = (size_t)(p - s);
  }
  range *fences = NULL;
  size_t nfences = 0, fi = 0;
  if (memmem(s, n, "```", 3) || memmem(s, n, "~~~", 3))
    nfences = fenced_ranges(s, n, nl, nnl, &fences);

  finder tag = {"%}", 2, NONE, 0}, out_ = {"}}", 2, NONE, 0},
         hugo_lt = {">}}", 3, NONE, 0}, hugo_pc = {"%}}", 3, NONE, 0};
  end_finder endc = {{"endcomment", 10, NONE, 0}, NONE};

  es_buf_clear(out);
  es_buf_reserve(out, n);
  size_t i = 0, copied = 0, line = 0;
  bool changed = false;
  while (i + 1 < n) {
    const char *p = memchr(s + i, '{', n - 1 - i);
    if (!p)
      break;
    size_t o = (size_t)(p - s);
    char c1 = s[o + 1];
    if (c1 != '{' && c1 != '%') {
      i = o + 1;
      continue;
    }
    /* The opener's line (0-based), counted incrementally. */
    while (line < nnl && nl[line] < o)
      line++;
    while (fi < nfences && fences[fi].last < line)
      fi++;
    if (fi < nfences && fences[fi].first <= line) {
      i = o + 1;
      continue;
    }
    size_t limit =
        line + ES_TEMPLATE_REACH < nnl ? nl[line + ES_TEMPLATE_REACH] : n;
    finder *f;
    size_t olen = 2;
    if (c1 == '%') {
      f = &tag;
    } else if (o + 2 < n && s[o + 2] == '<') {
      f = &hugo_lt;
      olen = 3;
    } else if (o + 2 < n && s[o + 2] == '%') {
      f = &hugo_pc;
      olen = 3;
    } else {
      f = &out_;
    }
    size_t close = find(f, s, o + olen, limit);
    if (close == NONE) {
      i = o + 1; /* no closer in reach: the opener is text */
      continue;
    }
    size_t end = close + f->plen;
    if (c1 == '%' && tag_named(s, n, o + 2, "comment")) {
      size_t e = find_endcomment(&endc, s, n, end, limit);
      if (e != NONE) {
        size_t e_close = find(&tag, s, e + 10, limit);
        if (e_close != NONE)
          end = e_close + 2;
      }
    }
    /* Copy the text before the span, then replace the span. */
    es_buf_put(out, s + copied, o - copied);
    size_t breaks = 0;
    for (const char *q = s + o; (q = memchr(q, '\n', end - (size_t)(q - s)));
         q++)
      breaks++;
    bool at_start = line_blank(out);
    if (!at_start)
      es_buf_putc(out, ' ');
    for (size_t k = 0; k < breaks; k++)
      es_buf_putc(out, '\n');
    if (at_start)
      end = skip_line_space(s, n, end);
    copied = i = end;
    changed = true;
  }
  free(nl);
  free(fences);
  if (!changed)
    return s;
  es_buf_put(out, s + copied, n - copied);
  *out_n = out->len;
  return out->data;
}
