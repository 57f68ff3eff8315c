/* body.c - the Markdown body: cmark parses it, this file turns the tree into
 * the document model (title, sections, counts, key terms, terms) and frees
 * the tree.
 *
 * Only the document's direct children can be heading-like: ATX/setext
 * headings and pseudo-headings (a paragraph whose only inline is one strong
 * node, of at most cfg->max_heading_words words and not ending like a
 * sentence). The first may be the title; every other one opens a section.
 *
 * A block's text is its inline text joined (breaks, raw HTML and images as
 * spaces); an autolink (text = destination, or destination = "mailto:" +
 * text) is one space; then nonprose.h blanks URLs, e-mail addresses and
 * unresolved reference-link labels before words are split.
 * Each top-level block is walked once with a cmark iterator (no recursion,
 * so deeply nested quotes or lists cannot exhaust the stack). */
#include "parse.h"
#include "../util/utf8.h"
#include "nonprose.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

/* Nested strong nodes are each a key term, and each one's text covers all
 * the nodes inside it, so "**" x 50,000 around a long text would cost
 * depth x length in time and memory. Only strong nodes inside fewer than
 * this many others become key terms: spans at one depth are disjoint, so
 * key-term text stays below MAX_KEYTERM_NESTING x the paragraph's length.
 * No essay nests bold this deep; the words are counted all the same. */
enum { MAX_KEYTERM_NESTING = 16 };

/* A strong node's text within the joined text of its paragraph. */
typedef struct span {
  size_t start, end;
  bool leads; /* the paragraph's first inline */
} span;

typedef struct walker {
  es_builder *b;
  es_doc *doc;
  const es_parse_cfg *cfg;
  es_lexer *terms;
  es_sentencer *sentences;
  unsigned line0; /* file lines before the body */

  es_buf text; /* joined inline text of the current leaf block */
  span *spans;
  size_t nspans, spans_cap;
  size_t *open; /* starts of the strong nodes being entered */
  size_t nopen, open_cap;
  es_buf tmp, norm;
  es_buf probe;      /* heading_like's text of a candidate block */
  unsigned nonprose; /* es_nonprose_kinds of the body */

  es_section *sections;
  size_t nsections, sections_cap;
  size_t cur;    /* section receiving content */
  size_t *stack; /* open sections */
  size_t nstack, stack_cap;
  const char *part; /* label of the latest part */
  bool has_part;

  es_keyterm *kts;
  size_t nkts, kts_cap;
  size_t item_depth;
} walker;

static bool all_space(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  size_t n = strlen(s), i = 0;
  while (i < n) {
    int32_t cp;
    i += es_utf8_decode(u + i, n - i, &cp);
    if (!es_utf8_is_space(cp))
      return false;
  }
  return true;
}

/* ---- the text of inline nodes ------------------------------------------- */

typedef enum { IT_NONE, IT_SKIP, IT_CUT } it_result;

/* Is the text of a link (out[start..]) its destination, or the destination
 * "mailto:" + its text? */
static bool autolink(const es_buf *out, size_t start, cmark_node *link) {
  const char *url = cmark_node_get_url(link);
  if (!url)
    url = "";
  const char *t = out->data ? out->data + start : "";
  size_t tl = out->len - start, ul = strlen(url);
  if (ul == tl && memcmp(url, t, tl) == 0)
    return true;
  return ul == tl + 7 && memcmp(url, "mailto:", 7) == 0 &&
         memcmp(url + 7, t, tl) == 0;
}

/* Add one inline event's text to `out`. IT_SKIP: do not descend into the
 * node; IT_CUT: a link just ended that was an autolink, its text (from
 * *link_start) replaced by one space. */
static inline it_result inline_text(es_buf *out, size_t *link_start,
                                    cmark_event_type ev, cmark_node *n,
                                    cmark_node_type t) {
  if (ev == CMARK_EVENT_ENTER) {
    switch (t) {
    case CMARK_NODE_TEXT:
    case CMARK_NODE_CODE:
      es_buf_puts(out, cmark_node_get_literal(n));
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
    case CMARK_NODE_HTML_INLINE:
      es_buf_putc(out, ' ');
      break;
    case CMARK_NODE_IMAGE:
      /* Images (alt text included) are not text, but separate words. */
      es_buf_putc(out, ' ');
      return IT_SKIP;
    case CMARK_NODE_LINK:
      *link_start = out->len; /* links do not nest */
      break;
    default:
      break;
    }
  } else if (t == CMARK_NODE_LINK && *link_start <= out->len &&
             autolink(out, *link_start, n)) {
    out->len = *link_start;
    if (out->data)
      out->data[out->len] = 0;
    es_buf_putc(out, ' ');
    return IT_CUT;
  }
  return IT_NONE;
}

/* The text of a block's inlines, as walk_block collects it, with the
 * spans that are not prose blanked. */
static void block_text(cmark_node *block, es_buf *out, unsigned kinds) {
  es_buf_clear(out);
  cmark_iter *it = cmark_iter_new(block);
  cmark_event_type ev;
  cmark_node *skip = NULL;
  size_t link_start = SIZE_MAX;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (skip) {
      if (n == skip && ev == CMARK_EVENT_EXIT)
        skip = NULL;
      continue;
    }
    if (inline_text(out, &link_start, ev, n, cmark_node_get_type(n)) == IT_SKIP)
      skip = n;
  }
  cmark_iter_free(it);
  if (out->len && kinds)
    es_nonprose_blank_kinds(out->data, out->len, kinds);
}

/* ---- heading-like blocks --------------------------------------------- */

typedef enum { HL_NONE, HL_HEADING, HL_PSEUDO } hl_kind;

/* Is a bold-only paragraph's text (as collected, not yet collapsed) short
 * enough and no sentence, so that the paragraph is a pseudo-heading? */
static bool pseudo_text(walker *w, const char *s, size_t n) {
  if (es_nonprose_ends_sentence(s, n))
    return false;
  /* Every word after the first starts after a byte that is not an ASCII
   * letter, digit or '_' (ICU pieces included: their scripts are
   * multi-byte), so counting those bytes bounds the words; most headings
   * are far below the limit and need no exact count. */
  size_t max = w->cfg->max_heading_words, bound = 1;
  for (size_t i = 0; i < n && bound <= max; i++) {
    unsigned char c = (unsigned char)s[i];
    bound += !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
               (c >= '0' && c <= '9') || c == '_');
  }
  if (bound <= max)
    return true;
  return es_words_count_max(&w->terms->seg, s, n, max) <= max;
}

/* The block's form alone: a heading, a bold-only paragraph (HL_PSEUDO,
 * still to pass pseudo_text), or neither. */
static hl_kind heading_form(cmark_node *n) {
  cmark_node_type t = cmark_node_get_type(n);
  if (t == CMARK_NODE_HEADING)
    return HL_HEADING;
  if (t != CMARK_NODE_PARAGRAPH)
    return HL_NONE;
  int strong = 0;
  for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
    case CMARK_NODE_STRONG:
      if (++strong > 1)
        return HL_NONE;
      break;
    case CMARK_NODE_SOFTBREAK:
    case CMARK_NODE_LINEBREAK:
      break;
    case CMARK_NODE_TEXT:
      if (!all_space(cmark_node_get_literal(c)))
        return HL_NONE;
      break;
    default:
      return HL_NONE;
    }
  }
  return strong == 1 ? HL_PSEUDO : HL_NONE;
}

/* Is a top-level block heading-like? A bold-only paragraph is a
 * pseudo-heading only when short and not a sentence; else it is a
 * paragraph (and its bold an inline key term). */
static hl_kind heading_like(walker *w, cmark_node *n) {
  hl_kind kind = heading_form(n);
  if (kind != HL_PSEUDO)
    return kind;
  block_text(n, &w->probe, w->nonprose);
  return pseudo_text(w, w->probe.data ? w->probe.data : "", w->probe.len)
             ? HL_PSEUDO
             : HL_NONE;
}

static bool is_part_label(walker *w, const char *s, size_t n) {
  es_words_normalize(s, n, &w->norm);
  for (size_t i = 0; i < w->cfg->nparts; i++)
    if (strcmp(w->cfg->part_labels[i], w->norm.data ? w->norm.data : "") == 0)
      return true;
  return false;
}

/* "Label: Subtitle": the first ':' followed by white space or the end, one
 * to three words before it. Returns the label's length (trimmed) or 0.
 * `s` is collapsed, so its only white space is single spaces. */
static size_t label_len(walker *w, const char *s, size_t n) {
  const char *colon = memchr(s, ':', n);
  if (!colon)
    return 0;
  size_t c = (size_t)(colon - s);
  if (c + 1 < n && s[c + 1] != ' ')
    return 0;
  size_t len = c;
  while (len && s[len - 1] == ' ')
    len--;
  size_t words = es_words_count(&w->terms->seg, s, len);
  return (words >= 1 && words <= 3) ? len : 0;
}

/* ---- walking one top-level block --------------------------------------- */

static void add_span(walker *w, size_t start, size_t end, bool leads) {
  if (w->nspans + 1 > w->spans_cap) /* a call only to grow */
    ES_GROW(w->spans, w->spans_cap, w->nspans + 1);
  w->spans[w->nspans++] = (span){start, end, leads};
}

static void key_term(walker *w, const span *sp, bool words_after) {
  es_words_collapse(w->text.data + sp->start, sp->end - sp->start, &w->tmp);
  size_t n =
      es_words_strip_trailing(w->tmp.data ? w->tmp.data : "", w->tmp.len);
  if (!n)
    return;
  es_words_normalize(w->tmp.data, n, &w->norm);
  if (!w->norm.len)
    return;
  ES_GROW(w->kts, w->kts_cap, w->nkts + 1);
  es_keyterm *kt = &w->kts[w->nkts++];
  kt->text = es_arena_strndup(&w->doc->arena, w->tmp.data, n);
  kt->key = es_arena_strndup(&w->doc->arena, w->norm.data, w->norm.len);
  kt->kind = (sp->leads && words_after) ? ES_KEYTERM_LABEL : ES_KEYTERM_INLINE;
  kt->section = (unsigned)w->cur;
  w->sections[w->cur].key_terms++;
  es_doc_counts *c = &w->doc->counts;
  c->key_terms++;
  if (kt->kind == ES_KEYTERM_LABEL)
    c->label_terms++;
  else
    c->inline_terms++;
}

/* Count the words (and terms) of the leaf block just collected; returns
 * them. Sets *last_start to the start of the last word (SIZE_MAX if none). */
static size_t count_words(walker *w, size_t *last_start) {
  size_t words = es_lexer_count_text(w->terms, w->text.data ? w->text.data : "",
                                     w->text.len, last_start);
  w->doc->counts.words += words;
  /* Sentences: ICU's sentence boundaries over the same block text, pieces
   * with a word (a block without words has none). */
  if (words && w->cfg->sentences)
    w->doc->counts.sentences +=
        es_sentencer_count(w->sentences, w->text.data, w->text.len);
  return words;
}

/* A leaf block of section content is complete. */
static void content_leaf(walker *w, bool paragraph) {
  size_t last;
  size_t words = count_words(w, &last);
  es_section *sec = &w->sections[w->cur];
  sec->words += words;
  w->doc->counts.content_words += words;
  if (!paragraph)
    return; /* headings nested in quotes or lists: words only */
  if (w->item_depth == 0) {
    sec->paragraphs++;
    w->doc->counts.paragraphs++;
  }
  for (size_t i = 0; i < w->nspans; i++)
    key_term(w, &w->spans[i], last != SIZE_MAX && last >= w->spans[i].end);
}

/* Walk a top-level block, collecting the text of each leaf block. For a
 * heading-like block the text is left in w->text. */
static void walk_block(walker *w, cmark_node *top, bool heading) {
  cmark_iter *it = cmark_iter_new(top);
  cmark_event_type ev;
  cmark_node *skip = NULL, *leaf = NULL;
  size_t link_start = SIZE_MAX;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (skip) {
      if (n == skip && ev == CMARK_EVENT_EXIT)
        skip = NULL;
      continue;
    }
    cmark_node_type t = cmark_node_get_type(n);
    it_result r = inline_text(&w->text, &link_start, ev, n, t);
    if (r == IT_SKIP) {
      skip = n;
      continue;
    }
    if (r == IT_CUT) {
      /* An autolink: key terms inside it went with its text. */
      while (w->nspans && w->spans[w->nspans - 1].start >= link_start)
        w->nspans--;
      continue;
    }
    if (ev == CMARK_EVENT_ENTER) {
      switch (t) {
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        leaf = n;
        es_buf_clear(&w->text);
        w->nspans = w->nopen = 0;
        break;
      case CMARK_NODE_ITEM:
        w->item_depth++;
        w->sections[w->cur].list_items++;
        w->doc->counts.list_items++;
        break;
      case CMARK_NODE_STRONG:
        if (w->nopen + 1 > w->open_cap)
          ES_GROW(w->open, w->open_cap, w->nopen + 1);
        w->open[w->nopen++] = w->text.len;
        break;
      default:
        break;
      }
    } else {
      switch (t) {
      case CMARK_NODE_STRONG:
        if (w->nopen) {
          size_t start = w->open[--w->nopen];
          /* w->nopen now counts the strong nodes around this one. */
          if (leaf && cmark_node_get_type(leaf) == CMARK_NODE_PARAGRAPH &&
              w->nopen < MAX_KEYTERM_NESTING)
            add_span(w, start, w->text.len, cmark_node_first_child(leaf) == n);
        }
        break;
      case CMARK_NODE_PARAGRAPH:
      case CMARK_NODE_HEADING:
        if (w->text.len && w->nonprose)
          es_nonprose_blank_kinds(w->text.data, w->text.len, w->nonprose);
        if (!heading)
          content_leaf(w, t == CMARK_NODE_PARAGRAPH);
        leaf = NULL;
        break;
      case CMARK_NODE_ITEM:
        w->item_depth--;
        break;
      default:
        break;
      }
    }
  }
  cmark_iter_free(it);
}

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* ---- sections ---------------------------------------------------------- */

static unsigned node_line(walker *w, cmark_node *n) {
  return w->line0 + (unsigned)cmark_node_get_start_line(n);
}

static void open_section(walker *w, cmark_node *n, hl_kind kind,
                         const char *text, size_t len) {
  es_arena *a = &w->doc->arena;
  size_t ll = label_len(w, text, len);
  int level;
  if (kind == HL_HEADING)
    level = cmark_node_get_heading_level(n);
  else if (ll || is_part_label(w, text, len))
    level = 2;
  else
    level = w->has_part ? 3 : 2;

  ES_GROW(w->sections, w->sections_cap, w->nsections + 1);
  size_t idx = w->nsections++;
  es_section *s = &w->sections[idx];
  memset(s, 0, sizeof *s);
  s->kind = kind == HL_HEADING ? ES_SECTION_HEADING : ES_SECTION_PSEUDO;
  s->level = level;
  s->heading = es_arena_strndup(a, text, len);
  s->label = ll ? es_arena_strndup(a, text, ll) : s->heading;
  s->line = node_line(w, n);

  while (w->nstack && w->sections[w->stack[w->nstack - 1]].level >= level)
    w->nstack--;
  s->parent = w->nstack ? (unsigned)w->stack[w->nstack - 1] : 0;
  if (s->parent)
    w->sections[s->parent].children++;
  ES_GROW(w->stack, w->stack_cap, w->nstack + 1);
  w->stack[w->nstack++] = idx;
  if (level <= 2) {
    w->part = s->label;
    w->has_part = true;
  }
  s->part = w->part;
  w->cur = idx;
}

/* The first block is the title when it is heading-like and either a level-1
 * heading or followed by another heading-like block; a pseudo-heading that
 * names a part label (as its text or its label) is never the title. */
static bool is_title(walker *w, cmark_node *n, hl_kind kind, const char *text,
                     size_t len) {
  if (kind == HL_PSEUDO) {
    size_t ll = label_len(w, text, len);
    if (is_part_label(w, text, len) || (ll && is_part_label(w, text, ll)))
      return false;
  }
  if (kind == HL_HEADING && cmark_node_get_heading_level(n) == 1)
    return true;
  cmark_node *next = cmark_node_next(n);
  return next && heading_like(w, next) != HL_NONE;
}

/* cmark's allocations for one essay come from the parser's arena and are
 * released at once: no per-node free, no tree walk to free. cmark's
 * allocator interface has no context pointer, hence the thread-local. Each
 * block records its size in front of it for realloc. */
static _Thread_local es_arena *cm_arena;

static void *cm_alloc(size_t n) {
  uint64_t *p = es_arena_alloc(cm_arena, n + 16);
  p[0] = n;
  return p + 2;
}

static void *cm_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size - 16)
    es__out_of_memory(SIZE_MAX);
  void *p = cm_alloc(n * size);
  memset(p, 0, n * size);
  return p;
}

static void *cm_realloc(void *ptr, size_t n) {
  if (!ptr)
    return cm_alloc(n);
  size_t old = ((uint64_t *)ptr)[-2];
  if (n <= old)
    return ptr;
  void *q = cm_alloc(n);
  memcpy(q, ptr, old);
  return q;
}

static void cm_free(void *ptr) { (void)ptr; }

static cmark_mem cm_mem = {cm_calloc, cm_realloc, cm_free};

/* cmark's own allocator aborts when memory runs out; this one ends the
 * program the documented way (es__out_of_memory). */
static void *heap_calloc(size_t n, size_t size) { return es__xcalloc(n, size); }
static void *heap_realloc(void *ptr, size_t n) { return es__xrealloc(ptr, n); }
static cmark_mem heap_mem = {heap_calloc, heap_realloc, free};

/* Past this size a body is parsed with cmark's own allocator: an arena
 * never frees, and cmark's garbage is only bounded by a multiple of the
 * input. */
enum { ARENA_MAX_INPUT = 8 << 20 };

void es_body_parse(es_builder *b, es_parser *p, const char *s, size_t n,
                   unsigned line0) {
  walker w;
  memset(&w, 0, sizeof w);
  w.b = b;
  w.doc = b->doc;
  w.cfg = p->cfg;
  w.terms = &p->terms;
  w.sentences = &p->sentences;
  w.line0 = line0;
  w.nonprose = es_nonprose_kinds(s, n);
  es_doc *doc = b->doc;
  es_arena *a = &doc->arena;

  /* Section 0: the preamble. */
  ES_GROW(w.sections, w.sections_cap, 1);
  memset(&w.sections[0], 0, sizeof w.sections[0]);
  w.nsections = 1;

  bool arena = n <= ARENA_MAX_INPUT;
  cmark_node *root;
  if (arena) {
    cm_arena = &p->cmark;
    cmark_parser *parser =
        cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &cm_mem);
    cmark_parser_feed(parser, s, n);
    root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
  } else {
    cmark_parser *parser =
        cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &heap_mem);
    cmark_parser_feed(parser, s, n);
    root = cmark_parser_finish(parser);
    cmark_parser_free(parser);
  }
  bool first = true;
  for (cmark_node *top = cmark_node_first_child(root); top;
       top = cmark_node_next(top)) {
    hl_kind kind = heading_form(top);
    if (kind == HL_NONE) {
      if (w.cur == 0 && w.sections[0].line == 0)
        w.sections[0].line = node_line(&w, top);
      walk_block(&w, top, false);
      first = false;
      continue;
    }
    walk_block(&w, top, true);
    if (kind == HL_PSEUDO &&
        !pseudo_text(&w, w.text.data ? w.text.data : "", w.text.len)) {
      /* A bold paragraph that is no heading: content, as walk_block with
       * heading = false would have made it from the same text. */
      if (w.cur == 0 && w.sections[0].line == 0)
        w.sections[0].line = node_line(&w, top);
      content_leaf(&w, true);
      first = false;
      continue;
    }
    size_t last;
    count_words(&w, &last);
    es_words_collapse(w.text.data ? w.text.data : "", w.text.len, &w.tmp);
    const char *text = w.tmp.data ? w.tmp.data : "";
    size_t len = w.tmp.len;
    if (first && is_title(&w, top, kind, text, len)) {
      doc->title = es_arena_strndup(a, text, len);
      doc->title_line = node_line(&w, top);
      doc->title_source = ES_TITLE_BODY;
    } else {
      /* open_section may reuse w.tmp via is_part_label's normalization,
       * which writes w.norm only; text stays valid. */
      open_section(&w, top, kind, text, len);
    }
    first = false;
  }
  if (arena) {
    es_arena_reset(&p->cmark);
    cm_arena = NULL;
  } else {
    cmark_node_free(root);
  }

  /* words_total: children come after their parents, so one backward pass
   * adds every subtree into its parent. */
  for (size_t i = 1; i < w.nsections; i++)
    w.sections[i].words_total = w.sections[i].words;
  w.sections[0].words_total = w.sections[0].words;
  for (size_t i = w.nsections; i-- > 1;)
    if (w.sections[i].parent)
      w.sections[w.sections[i].parent].words_total += w.sections[i].words_total;

  for (size_t i = 1; i < w.nsections; i++) {
    const es_section *sec = &w.sections[i];
    if (sec->words == 0 && sec->children == 0) {
      es_builder_finding(b, ES_CODE_EMPTY_SECTION, sec->line,
                         "section '%s' has no words", sec->heading);
      es_builder_finding_key(b, sec->heading);
    }
  }
  if (doc->counts.words == 0)
    es_builder_finding(b, ES_CODE_EMPTY, 0, "the essay body has no words");

  /* Move the results into the document's arena. */
  doc->sections =
      es_arena_memdup(a, w.sections, w.nsections * sizeof *w.sections);
  doc->nsections = w.nsections;
  doc->keyterms = es_arena_memdup(a, w.kts, w.nkts * sizeof *w.kts);
  doc->nkeyterms = w.nkts;

  /* Distinct keys. Key ids (keyterm_ids, keys) are given later, once for
   * the corpus, when es_corpus_load finishes: interning here would make every
   * thread queue on one lock for every bold span. */
  if (w.nkts) {
    const char **keys = es__xmalloc(w.nkts * sizeof *keys);
    for (size_t i = 0; i < w.nkts; i++)
      keys[i] = w.kts[i].key;
    qsort(keys, w.nkts, sizeof *keys, cmp_cstr);
    size_t nk = 1;
    for (size_t i = 1; i < w.nkts; i++)
      nk += strcmp(keys[i - 1], keys[i]) != 0;
    doc->counts.unique_key_terms = nk;
    free(keys);
  }
  const es_term_count *tc;
  size_t nterms = es_lexer_take(w.terms, &tc);
  es_doc__set_terms(doc, tc, nterms);
  es_lexer_take_seq(w.terms, w.cfg->sequence ? doc : NULL);

  es_buf_free(&w.text);
  es_buf_free(&w.tmp);
  es_buf_free(&w.norm);
  es_buf_free(&w.probe);
  free(w.spans);
  free(w.open);
  free(w.sections);
  free(w.stack);
  free(w.kts);
}
