/* parse.c - one essay from bytes to document model: repair the bytes, split
 * off and read the front matter, parse the body. */
#include "parse.h"
#include "guard.h"
#include "../util/utf8.h"
#include "templates.h"

#include <stdlib.h>
#include <string.h>

void es_builder_finding(es_builder *b, es_code code, unsigned line,
                        const char *fmt, ...) {
  ES_GROW(b->findings, b->findings_cap, b->nfindings + 1);
  es_finding *f = &b->findings[b->nfindings++];
  memset(f, 0, sizeof *f);
  f->code = code;
  f->line = line;
  va_list ap;
  va_start(ap, fmt);
  f->message = es_arena_vprintf(&b->doc->arena, fmt, ap);
  va_end(ap);
}

void es_builder_finding_key(es_builder *b, const char *key) {
  if (b->nfindings)
    b->findings[b->nfindings - 1].key = es_arena_strdup(&b->doc->arena, key);
}

void es_parse_cfg_init(es_parse_cfg *cfg, const char *labels,
                       const es_options *opts) {
  memset(cfg, 0, sizeof *cfg);
  es_options defaults;
  es_options_init(&defaults, ES_OPTIONS_VERSION);
  if (!opts)
    opts = &defaults;
  cfg->keep_templates = opts->keep_templates != 0;
  cfg->max_heading_words =
      opts->max_heading_words > 0 ? (size_t)opts->max_heading_words : 0;
  cfg->sentences = (opts->load_needs & ES_NEED_DIVERSITY) != 0;
  cfg->sequence =
      (opts->load_needs & (ES_NEED_DIVERSITY | ES_NEED_PHRASES |
                           ES_NEED_DUPLICATES | ES_NEED_AUDIT)) != 0;
  es_buf norm = ES_BUF_INIT, tmp = ES_BUF_INIT;
  size_t cap = 0;
  const char *p = labels ? labels : "";
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    es_words_collapse(p, len, &tmp);
    if (tmp.len) {
      es_words_normalize(tmp.data, tmp.len, &norm);
      ES_GROW(cfg->part_labels, cap, cfg->nparts + 1);
      cfg->part_labels[cfg->nparts++] =
          es__xstrndup(norm.data ? norm.data : "", norm.len);
    }
    p += len;
    if (*p == ',')
      p++;
  }
  es_buf_free(&norm);
  es_buf_free(&tmp);
}

void es_parse_cfg_release(es_parse_cfg *cfg) {
  for (size_t i = 0; i < cfg->nparts; i++)
    free(cfg->part_labels[i]);
  free(cfg->part_labels);
  memset(cfg, 0, sizeof *cfg);
}

void es_parser_init(es_parser *p, const es_parse_cfg *cfg, es_vocab *terms,
                    es_pool *pool) {
  memset(p, 0, sizeof *p);
  p->cfg = cfg;
  p->pool = pool;
  es_lexer_init(&p->terms, terms);
}

void es_parser_release(es_parser *p) {
  es_lexer_release(&p->terms);
  es_sentencer_release(&p->sentences);
  es_buf_free(&p->text);
  es_buf_free(&p->body);
  es_buf_free(&p->guard);
  es_arena_free(&p->cmark);
}

es_doc *es_parser_parse(es_parser *p, const char *bytes, size_t len) {
  es_doc *doc;
#ifdef ES_DEBUG_ARENA
  /* Every document owns its memory (see arena.c), so that AddressSanitizer
   * sees overflows of any of them. */
  const bool pooled = false;
#else
  const bool pooled = p->pool != NULL;
#endif
  if (pooled) {
    doc = es_pool_alloc(p->pool, sizeof *doc);
    memset(doc, 0, sizeof *doc);
    doc->pooled = true;
    doc->arena.pool = p->pool;
    /* One chunk usually holds a document (its model takes about as many
     * bytes as its text); what it leaves unused goes back to the pool. */
    size_t guess = len + len / 2 + 512;
    doc->arena.next = guess < (1u << 20) ? guess : (1u << 20);
  } else {
    doc = es__xcalloc(1, sizeof *doc);
  }
  doc->term_strings = p->terms.vocab->strings;
  es_builder b;
  memset(&b, 0, sizeof b);
  b.doc = doc;

  /* Everything downstream reads repaired text with LF line ends. */
  size_t n, bad;
  unsigned bad_line;
  const char *s = es_utf8_repair(bytes, len, &p->text, &n, &bad, &bad_line);
  if (bad)
    es_builder_finding(&b, ES_CODE_NOT_UTF8, bad_line,
                       "%zu invalid UTF-8 sequence%s or NUL byte%s replaced "
                       "by U+FFFD (first on line %u)",
                       bad, bad == 1 ? "" : "s", bad == 1 ? "" : "s", bad_line);
  unsigned body_line;
  size_t body = es_front_matter_parse(&b, s, n, &body_line);
  /* Template markup goes before cmark sees the body; line ends stay. */
  const char *bs = s + body;
  size_t bn = n - body;
  if (!p->cfg->keep_templates)
    bs = es_templates_strip(bs, bn, &p->body, &bn);
  /* Bounds on what cmark and utf8proc may see (guard.h), reported. */
  es_guard_report g;
  bs = es_guard_body(bs, &bn, &p->guard, &g);
  if (g.nested)
    es_builder_finding(&b, ES_CODE_INPUT_BOUNDED, body_line + g.nested_line,
                       "%zu line%s block quotes or lists more than %d "
                       "deep: past that depth, its markers are dropped",
                       g.nested, g.nested == 1 ? " nests" : "s nest",
                       ES_GUARD_MAX_DEPTH);
  if (g.images)
    es_builder_finding(&b, ES_CODE_INPUT_BOUNDED, body_line + g.images_line,
                       "%zu image%s past %d in one paragraph read as "
                       "link%s (their text counts)",
                       g.images, g.images == 1 ? "" : "s", ES_GUARD_MAX_IMAGES,
                       g.images == 1 ? "" : "s");
  if (g.marks)
    es_builder_finding(&b, ES_CODE_INPUT_BOUNDED, body_line + g.marks_line,
                       "%zu combining mark%s past %d in a row dropped "
                       "(Unicode stream-safe limit)",
                       g.marks, g.marks == 1 ? "" : "s", ES_GUARD_MAX_MARKS);
  es_body_parse(&b, p, bs, bn, body_line);
  if (doc->title && !*doc->title) {
    /* A title block without text (`# {{ title }}` once its template is
     * gone, or a bare `#`) still opens no section, but the essay has no
     * body title: the front matter's is used, else there is none. */
    doc->title = NULL;
    doc->title_line = 0;
    doc->title_source = ES_TITLE_NONE;
  }
  if (!doc->title && b.fm_title) {
    /* No title in the body: the front matter's, white space collapsed. */
    es_buf tmp = ES_BUF_INIT;
    es_words_collapse(b.fm_title, strlen(b.fm_title), &tmp);
    if (tmp.len) {
      doc->title = es_arena_strndup(&doc->arena, tmp.data, tmp.len);
      doc->title_source = ES_TITLE_FRONT_MATTER;
      doc->title_line = b.fm_title_line;
    }
    es_buf_free(&tmp);
  }

  doc->fields =
      es_arena_memdup(&doc->arena, b.fields, b.nfields * sizeof *b.fields);
  doc->nfields = b.nfields;
  doc->findings = es_arena_memdup(&doc->arena, b.findings,
                                  b.nfindings * sizeof *b.findings);
  doc->nfindings = b.nfindings;
  free(b.fields);
  free(b.findings);
  es_intern_free(b.field_index);
  es_arena_trim(&doc->arena);
#ifdef ES_CHECK_DOCS
  /* The repaired text has LF line ends only. */
  size_t lines = 1;
  for (const char *q = s; (q = memchr(q, '\n', (size_t)(s + n - q))); q++)
    lines++;
  es_doc__check(doc, lines);
#endif
  return doc;
}

/* The standalone entry point: one essay with its own vocabulary. */
es_status es_doc_parse(es_doc **out, const char *bytes, size_t len,
                       const es_options *opts, es_error *err) {
  ES_ASSERT_ARG(out);
  ES_ASSERT_ARG(bytes || len == 0);
  es_options defaults;
  es_options_init(&defaults, ES_OPTIONS_VERSION);
  if (!opts)
    opts = &defaults;
  if (opts->version != ES_OPTIONS_VERSION)
    return ES_FAIL(err, ES_EINVAL, "unknown es_options version %u",
                   opts->version);
  es_parse_cfg cfg;
  es_parse_cfg_init(
      &cfg, opts->part_labels ? opts->part_labels : defaults.part_labels, opts);
  es_vocab *tv = es_vocab_new();
  es_parser p;
  es_parser_init(&p, &cfg, tv, NULL);
  es_doc *doc = es_parser_parse(&p, bytes ? bytes : "", len);
  es_parser_release(&p);
  es_parse_cfg_release(&cfg);
  /* The document keeps the vocabulary's strings (no lock needed now). */
  doc->own_strings = tv->strings;
  tv->strings = NULL;
  es_vocab_free(tv);
  *out = doc;
  return ES_OK;
}
