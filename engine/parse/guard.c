/* guard.c - see guard.h. One pass over the body finds what exceeds a bound;
 * only a body that does is copied, with the edits applied. */
#include "guard.h"

#include <stdint.h>
#include <string.h>
#include <utf8proc.h>

/* An edit: drop `drop` bytes at byte `at` of the input. Edits are made in
 * increasing `at`. */
typedef struct edit {
  size_t at, drop;
} edit;

typedef struct edits {
  edit *v;
  size_t n, cap;
} edits;

static void push(edits *e, size_t at, size_t drop) {
  if (drop && e->n && e->v[e->n - 1].drop &&
      e->v[e->n - 1].at + e->v[e->n - 1].drop == at) {
    e->v[e->n - 1].drop += drop; /* extend the previous cut */
    return;
  }
  ES_GROW(e->v, e->cap, e->n + 1);
  e->v[e->n].at = at;
  e->v[e->n].drop = drop;
  e->n++;
}

static bool blank_rest(const char *s, size_t i, size_t end) {
  for (; i < end; i++)
    if (s[i] != ' ' && s[i] != '\t')
      return false;
  return true;
}

/* Is s[i, end) a thematic break (three or more of one of - * _, with
 * spaces and tabs)? cmark reads it before a list item. */
static bool thematic_break(const char *s, size_t i, size_t end) {
  char ch = 0;
  size_t count = 0;
  for (; i < end; i++) {
    if (s[i] == ' ' || s[i] == '\t')
      continue;
    if ((s[i] != '-' && s[i] != '*' && s[i] != '_') || (ch && s[i] != ch))
      return false;
    ch = s[i];
    count++;
  }
  return count >= 3;
}

/* The container markers at the start of the line s[i, end): an estimate
 * of the nesting depth they reach that is never below cmark's (each level
 * matched on a continuation line costs a `>` or at least two columns of
 * indentation; each new level costs a marker). Returns the offset of the
 * marker that would pass ES_GUARD_MAX_DEPTH, or `end` if none does; *stop
 * gets the offset where the run of markers ends (the line's content). */
static size_t deep_marker(const char *s, size_t i, size_t end, size_t *stop) {
  size_t cut = end;
  size_t markers = 0, cols = 0, col = 0;
  bool after_marker = false;
  while (i < end) {
    /* White space: indentation, unless it follows a marker. */
    size_t ws = 0;
    while (i < end && (s[i] == ' ' || s[i] == '\t')) {
      size_t w = s[i] == ' ' ? 1 : 4 - col % 4;
      col += w;
      ws += w;
      i++;
    }
    if (!after_marker)
      cols += ws;
    if (i >= end)
      break;
    size_t m = i; /* where the marker starts */
    size_t next;
    if (s[i] == '>') {
      next = i + 1;
    } else if ((s[i] == '-' || s[i] == '+' || s[i] == '*') &&
               (i + 1 == end || s[i + 1] == ' ' || s[i + 1] == '\t')) {
      next = i + 1;
    } else if (s[i] >= '0' && s[i] <= '9') {
      size_t k = i;
      while (k < end && k - i < 9 && s[k] >= '0' && s[k] <= '9')
        k++;
      if (k >= end || (s[k] != '.' && s[k] != ')') ||
          !(k + 1 == end || s[k + 1] == ' ' || s[k + 1] == '\t'))
        break;
      next = k + 1;
    } else {
      break;
    }
    if (cut == end && markers + cols / 2 + 1 > ES_GUARD_MAX_DEPTH) {
      if (thematic_break(s, i, end))
        break;
      cut = m;
    }
    markers++;
    col += next - i;
    i = next;
    after_marker = true;
  }
  *stop = i;
  return cut;
}

/* A combining mark, for the stream-safe rule: a nonzero canonical
 * combining class, or a nonspacing or enclosing mark. */
static bool combining(utf8proc_int32_t cp) {
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  return p->combining_class != 0 || p->category == UTF8PROC_CATEGORY_MN ||
         p->category == UTF8PROC_CATEGORY_ME;
}

const char *es_guard_marks(const char *s, size_t *len, es_buf *out) {
  size_t n = *len, marks = 0;
  bool cut = false;
  /* A run too long needs more than 2 * ES_GUARD_MAX_MARKS bytes. */
  if (n <= 2 * ES_GUARD_MAX_MARKS)
    return s;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                          (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      k = 1;
      cp = 0;
    }
    bool drop = false;
    if (cp >= 0x300 && combining(cp))
      drop = ++marks > ES_GUARD_MAX_MARKS;
    else
      marks = 0;
    if (drop && !cut) {
      cut = true;
      es_buf_clear(out);
      es_buf_put(out, s, i);
    } else if (!drop && cut) {
      es_buf_put(out, s + i, (size_t)k);
    }
    i += (size_t)k;
  }
  if (!cut)
    return s;
  *len = out->len;
  return out->data;
}

/* Can the image or the combining-marks rule change this body? Nearly
 * every essay is far from both, and then only line starts need a look:
 * more than ES_GUARD_MAX_IMAGES images need that many `![`, and a run of
 * more than ES_GUARD_MAX_MARKS marks (each two bytes or more, all >= 0x80)
 * holds an 8-byte aligned word of such bytes, which the test below finds
 * 8 bytes at a time. */
static bool needs_byte_scan(const char *s, size_t n) {
  size_t openers = 0;
  for (const char *p = s, *end = s + n; (p = memchr(p, '!', (size_t)(end - p)));
       p++)
    if (p + 1 < end && p[1] == '[' && ++openers > ES_GUARD_MAX_IMAGES)
      return true;
  const uint64_t high = 0x8080808080808080ull;
  size_t i = (8 - ((uintptr_t)s & 7)) & 7;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, s + i, 8);
    if ((w & high) == high)
      return true;
  }
  return false;
}

const char *es_guard_body(const char *s, size_t *len, es_buf *out,
                          es_guard_report *rep) {
  memset(rep, 0, sizeof *rep);
  size_t n = *len;
  edits e = {NULL, 0, 0};
  bool scan = needs_byte_scan(s, n);
  unsigned line = 1;
  size_t images = 0; /* image openers in the current run of lines */
  size_t marks = 0;  /* combining marks in a row */
  for (size_t ls = 0; ls < n; line++) {
    const char *nl = memchr(s + ls, '\n', n - ls);
    size_t le = nl ? (size_t)(nl - s) : n;
    if (blank_rest(s, ls, le)) {
      images = 0;
    } else {
      size_t stop, m = deep_marker(s, ls, le, &stop);
      if (m < le) {
        /* The markers past the limit go: the content stays, in the
         * deepest container kept. */
        push(&e, m, stop - m);
        if (!rep->nested++)
          rep->nested_line = line;
      }
    }
    for (size_t i = scan ? ls : le; i < le;) {
      unsigned char ch = (unsigned char)s[i];
      if (ch < 0x80) {
        marks = 0;
        if (ch == '!' && i + 1 < le && s[i + 1] == '[' &&
            ++images > ES_GUARD_MAX_IMAGES) {
          push(&e, i, 1); /* the image becomes a link */
          if (!rep->images++)
            rep->images_line = line;
        }
        i++;
        continue;
      }
      utf8proc_int32_t cp;
      utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                            (utf8proc_ssize_t)(le - i), &cp);
      if (k <= 0) { /* cannot happen on repaired text; step over it */
        marks = 0;
        i++;
        continue;
      }
      if (cp >= 0x300 && combining(cp)) {
        if (++marks > ES_GUARD_MAX_MARKS) {
          push(&e, i, (size_t)k);
          if (!rep->marks++)
            rep->marks_line = line;
        }
      } else {
        marks = 0;
      }
      i += (size_t)k;
    }
    marks = 0; /* a line end is a starter */
    ls = le + 1;
  }
  if (!e.n)
    return s;
  es_buf_clear(out);
  es_buf_reserve(out, n + e.n + 1);
  size_t at = 0;
  for (size_t k = 0; k < e.n; k++) {
    es_buf_put(out, s + at, e.v[k].at - at);
    at = e.v[k].at + e.v[k].drop;
  }
  es_buf_put(out, s + at, n - at);
  free(e.v);
  *len = out->len;
  return out->data;
}
