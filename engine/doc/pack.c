/* pack.c - documents as bytes and back (pack.h). Integers are LEB128
 * varints, strings a varint length (0 for NULL, else length + 1) and their
 * bytes. A document's terms are a table in order of first use, each row
 * a string or, with a stream's dictionary, the number of a string sent
 * before; its term counts and term sequence refer to rows of the table. */
#include "pack.h"

#include <stdlib.h>
#include <string.h>

enum { PACK_MAGIC = 0x45, ARENA_MAX_FIRST = 1 << 20 };

/* ---- primitives -------------------------------------------------------- */

void es_pack_uint(es_buf *out, uint64_t v) {
  char b[10];
  size_t n = 0;
  do {
    b[n++] = (char)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
    v >>= 7;
  } while (v);
  es_buf_put(out, b, n);
}

void es_pack_str(es_buf *out, const char *s) {
  if (!s) {
    es_pack_uint(out, 0);
    return;
  }
  size_t n = strlen(s);
  es_pack_uint(out, (uint64_t)n + 1);
  es_buf_put(out, s, n);
}

uint64_t es_unpack_uint(es_unpacker *u) {
  uint64_t v = 0;
  for (unsigned shift = 0; !u->bad; shift += 7) {
    if (u->pos >= u->len || shift > 63) {
      u->bad = true;
      break;
    }
    uint8_t b = u->p[u->pos++];
    if (shift == 63 && (b & 0x7e)) { /* past 64 bits */
      u->bad = true;
      break;
    }
    v |= (uint64_t)(b & 0x7f) << shift;
    if (!(b & 0x80))
      return v;
  }
  return 0;
}

const char *es_unpack_bytes(es_unpacker *u, size_t *n, bool *is_null) {
  uint64_t v = es_unpack_uint(u);
  *n = 0;
  *is_null = v == 0;
  if (v == 0 || u->bad)
    return NULL;
  if (v - 1 > u->len - u->pos) {
    u->bad = true;
    *is_null = true;
    return NULL;
  }
  *n = (size_t)(v - 1);
  const char *s = (const char *)u->p + u->pos;
  u->pos += *n;
  return s;
}

/* ---- packing ----------------------------------------------------------- */

/* Term id -> row of the document's table, open addressing. */
typedef struct term_map {
  uint32_t *keys, *rows; /* rows[i] == UINT32_MAX: free slot */
  size_t mask, n;
  uint32_t *order; /* term ids by row */
} term_map;

static void map_init(term_map *m, size_t most) {
  size_t cap = 16;
  while (cap < 2 * most)
    cap *= 2;
  m->keys = es__xmalloc(cap * sizeof *m->keys);
  m->rows = es__xmalloc(cap * sizeof *m->rows);
  memset(m->rows, 0xff, cap * sizeof *m->rows);
  m->mask = cap - 1;
  m->n = 0;
  m->order = es__xmalloc((most ? most : 1) * sizeof *m->order);
}

static uint32_t map_row(term_map *m, uint32_t id) {
  size_t i = (id * 2654435761u) & m->mask;
  while (m->rows[i] != UINT32_MAX) {
    if (m->keys[i] == id)
      return m->rows[i];
    i = (i + 1) & m->mask;
  }
  m->keys[i] = id;
  m->rows[i] = (uint32_t)m->n;
  m->order[m->n] = id;
  return (uint32_t)m->n++;
}

static void map_free(term_map *m) {
  free(m->keys);
  free(m->rows);
  free(m->order);
}

void es_pack_dict_free(es_pack_dict *dict) {
  free(dict->map);
  memset(dict, 0, sizeof *dict);
}

/* A row of the table: 0 and the string when the stream has not had it,
 * else its number + 1. */
static void pack_term(const es_doc *d, uint32_t id, es_pack_dict *dict,
                      es_buf *out) {
  if (dict && id < dict->cap && dict->map[id]) {
    es_pack_uint(out, dict->map[id]);
    return;
  }
  es_pack_uint(out, 0);
  es_pack_str(out, es_intern_str(d->term_strings, id, NULL));
  if (!dict)
    return;
  if (id >= dict->cap) {
    size_t cap = dict->cap ? dict->cap : 1024;
    while (cap <= id)
      cap *= 2;
    dict->map = es__xrealloc(dict->map, cap * sizeof *dict->map);
    memset(dict->map + dict->cap, 0, (cap - dict->cap) * sizeof *dict->map);
    dict->cap = cap;
  }
  dict->map[id] = (uint32_t)++dict->n;
}

static void pack_terms(const es_doc *d, es_pack_dict *dict, es_buf *out) {
  uint32_t *seq = es__xmalloc((d->nseq ? d->nseq : 1) * sizeof *seq);
  if (d->seq)
    es_doc__seq_decode(d, seq);
  term_map m;
  map_init(&m, d->nterms + d->nseq);
  /* Rows first, so that the table precedes what refers to it. */
  uint32_t *trow = es__xmalloc((d->nterms ? d->nterms : 1) * sizeof *trow);
  for (size_t i = 0; i < d->nterms; i++)
    trow[i] = map_row(&m, es_doc__term(d, i).id);
  size_t nseq = d->seq ? d->nseq : 0;
  for (size_t i = 0; i < nseq; i++)
    seq[i] = map_row(&m, seq[i]);
  es_pack_uint(out, m.n);
  for (size_t r = 0; r < m.n; r++)
    pack_term(d, m.order[r], dict, out);
  es_pack_uint(out, d->nterms);
  for (size_t i = 0; i < d->nterms; i++) {
    es_pack_uint(out, trow[i]);
    es_pack_uint(out, es_doc__term(d, i).count);
  }
  es_pack_uint(out, d->seq ? 1 : 0);
  es_pack_uint(out, nseq);
  for (size_t i = 0; i < nseq; i++)
    es_pack_uint(out, seq[i]);
  es_pack_uint(out, d->nblocks);
  for (size_t i = 0; i < d->nblocks; i++)
    es_pack_uint(out, d->blocks[i]);
  free(trow);
  free(seq);
  map_free(&m);
}

static void pack_counts(const es_doc_counts *k, es_buf *out) {
  const size_t v[] = {k->words,       k->content_words, k->paragraphs,
                      k->list_items,  k->key_terms,     k->unique_key_terms,
                      k->label_terms, k->inline_terms,  k->sentences};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    es_pack_uint(out, v[i]);
}

static void pack_full(const es_doc *d, es_buf *out) {
  es_pack_uint(out, (uint64_t)d->fm);
  es_pack_str(out, d->title);
  es_pack_uint(out, d->title_line);
  es_pack_uint(out, (uint64_t)d->title_source);
  es_pack_uint(out, d->nfields);
  for (size_t i = 0; i < d->nfields; i++) {
    const es_field *f = &d->fields[i];
    es_pack_str(out, f->key);
    es_pack_str(out, f->value);
    es_pack_uint(out, f->line);
    es_pack_uint(out, f->sequence);
    es_pack_uint(out, f->nitems);
    for (size_t k = 0; k < f->nitems; k++)
      es_pack_str(out, f->items[k]);
  }
  es_pack_uint(out, d->nsections);
  for (size_t i = 0; i < d->nsections; i++) {
    const es_section *s = &d->sections[i];
    es_pack_uint(out, (uint64_t)s->kind);
    es_pack_uint(out, (uint64_t)s->level);
    es_pack_uint(out, s->parent);
    es_pack_str(out, s->part);
    es_pack_str(out, s->label);
    es_pack_str(out, s->heading);
    es_pack_uint(out, s->line);
    es_pack_uint(out, s->words);
    es_pack_uint(out, s->words_total);
    es_pack_uint(out, s->paragraphs);
    es_pack_uint(out, s->list_items);
    es_pack_uint(out, s->key_terms);
    es_pack_uint(out, s->children);
  }
  es_pack_uint(out, d->nkeyterms);
  for (size_t i = 0; i < d->nkeyterms; i++) {
    const es_keyterm *k = &d->keyterms[i];
    es_pack_str(out, k->text);
    es_pack_str(out, k->key);
    es_pack_uint(out, (uint64_t)k->kind);
    es_pack_uint(out, k->section);
  }
  es_pack_uint(out, d->nfindings);
  for (size_t i = 0; i < d->nfindings; i++) {
    const es_finding *f = &d->findings[i];
    es_pack_uint(out, (uint64_t)f->code);
    es_pack_uint(out, f->line);
    es_pack_str(out, f->message);
    es_pack_str(out, f->key);
    es_pack_uint(out, (uint64_t)f->severity);
    es_pack_uint(out, (uint64_t)f->state);
  }
}

/* Magic, form, the length of the rest (so that the receiver can size the
 * document's arena), then the rest. */
void es_doc_pack(const es_doc *d, es_pack_form form, es_pack_dict *dict,
                 es_buf *out) {
  es_buf body = ES_BUF_INIT;
  pack_counts(&d->counts, &body);
  pack_terms(d, dict, &body);
  if (form == ES_PACK_FULL)
    pack_full(d, &body);
  es_pack_uint(out, PACK_MAGIC);
  es_pack_uint(out, (uint64_t)form);
  es_pack_uint(out, body.len);
  es_buf_put(out, body.data, body.len);
  es_buf_free(&body);
}

/* ---- unpacking --------------------------------------------------------- */

/* A count of items that take at least one byte each: never more than the
 * bytes left (so corrupt input cannot ask for a huge allocation). */
static size_t unpack_count(es_unpacker *u) {
  uint64_t n = es_unpack_uint(u);
  if (n > u->len - u->pos) {
    u->bad = true;
    return 0;
  }
  return (size_t)n;
}

static unsigned unpack_u32(es_unpacker *u) {
  uint64_t v = es_unpack_uint(u);
  if (v > UINT32_MAX)
    u->bad = true;
  return (unsigned)v;
}

/* An enum's value, at most `last`: a corrupt one would index the
 * reports' name tables past their end. */
static unsigned unpack_enum(es_unpacker *u, unsigned last) {
  uint64_t v = es_unpack_uint(u);
  if (v > last)
    u->bad = true;
  return v > last ? 0 : (unsigned)v;
}

static const char *unpack_str(es_unpacker *u, es_arena *a) {
  size_t n;
  bool is_null;
  const char *s = es_unpack_bytes(u, &n, &is_null);
  return is_null ? NULL : es_arena_strndup(a, s, n);
}

static void unpack_counts(es_unpacker *u, es_doc_counts *k) {
  size_t *v[] = {&k->words,       &k->content_words, &k->paragraphs,
                 &k->list_items,  &k->key_terms,     &k->unique_key_terms,
                 &k->label_terms, &k->inline_terms,  &k->sentences};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    *v[i] = (size_t)es_unpack_uint(u);
}

static uint32_t unpack_term(es_unpacker *u, es_intern *terms,
                            es_pack_dict *dict) {
  uint64_t v = es_unpack_uint(u);
  if (v) { /* a term the stream had */
    if (!dict || v > dict->n) {
      u->bad = true;
      return 0;
    }
    return dict->map[v - 1];
  }
  size_t n;
  bool is_null;
  const char *s = es_unpack_bytes(u, &n, &is_null);
  if (u->bad)
    return 0;
  uint32_t id = es_intern_add(terms, s ? s : "", n, NULL);
  if (dict) {
    ES_GROW(dict->map, dict->cap, dict->n + 1);
    dict->map[dict->n++] = id;
  }
  return id;
}

static void unpack_terms(es_unpacker *u, es_doc *d, es_intern *terms,
                         es_pack_dict *dict) {
  size_t nrows = unpack_count(u);
  uint32_t *ids = es__xmalloc((nrows ? nrows : 1) * sizeof *ids);
  for (size_t r = 0; r < nrows && !u->bad; r++)
    ids[r] = unpack_term(u, terms, dict);
  size_t nterms = unpack_count(u);
  es_term_count *tc = es__xcalloc(nterms ? nterms : 1, sizeof *tc);
  for (size_t i = 0; i < nterms && !u->bad; i++) {
    uint64_t row = es_unpack_uint(u);
    tc[i].id = row < nrows ? ids[row] : 0;
    tc[i].count = unpack_u32(u);
    u->bad |= row >= nrows;
  }
  es_doc__set_terms(d, tc, nterms);
  free(tc);
  bool has_seq = es_unpack_uint(u) != 0;
  size_t nseq = unpack_count(u);
  uint8_t *seq = es_arena_alloc(&d->arena, nseq * 5 + 1), *q = seq;
  for (size_t i = 0; i < nseq && !u->bad; i++) {
    uint64_t row = es_unpack_uint(u);
    u->bad |= row >= nrows;
    es_doc__seq_put(&q, row < nrows ? ids[row] : 0);
  }
  if (has_seq) {
    d->seq = seq;
    d->seq_bytes = (size_t)(q - seq);
    d->nseq = nseq;
  }
  d->nblocks = unpack_count(u);
  uint32_t *blocks =
      es_arena_alloc(&d->arena, (d->nblocks ? d->nblocks : 1) * sizeof *blocks);
  /* Ascending and within the sequence, as doc.h says: readers take
   * [blocks[k], blocks[k + 1]) of it. */
  for (size_t i = 0; i < d->nblocks && !u->bad; i++) {
    blocks[i] = unpack_u32(u);
    u->bad |= blocks[i] > d->nseq || (i && blocks[i] < blocks[i - 1]);
  }
  d->blocks = blocks;
  free(ids);
}

static void unpack_full(es_unpacker *u, es_doc *d) {
  es_arena *a = &d->arena;
  d->fm = (es_front_matter)unpack_enum(u, ES_FM_NOT_MAPPING);
  d->title = unpack_str(u, a);
  d->title_line = unpack_u32(u);
  d->title_source = (es_title_source)unpack_enum(u, ES_TITLE_FRONT_MATTER);
  d->nfields = unpack_count(u);
  d->fields =
      es_arena_calloc(a, (d->nfields ? d->nfields : 1) * sizeof *d->fields);
  for (size_t i = 0; i < d->nfields && !u->bad; i++) {
    es_field *f = &d->fields[i];
    f->key = unpack_str(u, a);
    f->value = unpack_str(u, a);
    f->line = unpack_u32(u);
    f->sequence = es_unpack_uint(u) != 0;
    f->nitems = unpack_count(u);
    const char **items =
        f->nitems ? es_arena_alloc(a, f->nitems * sizeof *items) : NULL;
    for (size_t k = 0; k < f->nitems && !u->bad; k++)
      items[k] = unpack_str(u, a);
    f->items = items;
  }
  d->nsections = unpack_count(u);
  d->sections = es_arena_calloc(a, (d->nsections ? d->nsections : 1) *
                                       sizeof *d->sections);
  for (size_t i = 0; i < d->nsections && !u->bad; i++) {
    es_section *s = &d->sections[i];
    s->kind = (es_section_kind)unpack_enum(u, ES_SECTION_PSEUDO);
    s->level = (int)unpack_enum(u, 6);
    s->parent = unpack_u32(u);
    u->bad |= s->parent >= (i ? i : 1); /* an earlier section (0: itself) */
    s->part = unpack_str(u, a);
    s->label = unpack_str(u, a);
    s->heading = unpack_str(u, a);
    s->line = unpack_u32(u);
    s->words = (size_t)es_unpack_uint(u);
    s->words_total = (size_t)es_unpack_uint(u);
    s->paragraphs = (size_t)es_unpack_uint(u);
    s->list_items = (size_t)es_unpack_uint(u);
    s->key_terms = (size_t)es_unpack_uint(u);
    s->children = (size_t)es_unpack_uint(u);
  }
  d->nkeyterms = unpack_count(u);
  d->keyterms = es_arena_calloc(a, (d->nkeyterms ? d->nkeyterms : 1) *
                                       sizeof *d->keyterms);
  for (size_t i = 0; i < d->nkeyterms && !u->bad; i++) {
    es_keyterm *k = &d->keyterms[i];
    k->text = unpack_str(u, a);
    k->key = unpack_str(u, a);
    k->kind = (es_keyterm_kind)unpack_enum(u, ES_KEYTERM_LABEL);
    k->section = unpack_u32(u);
    u->bad |= k->section >= d->nsections;
  }
  d->nfindings = unpack_count(u);
  d->findings = es_arena_calloc(a, (d->nfindings ? d->nfindings : 1) *
                                       sizeof *d->findings);
  for (size_t i = 0; i < d->nfindings && !u->bad; i++) {
    es_finding *f = &d->findings[i];
    f->code = (es_code)unpack_enum(u, ES_CODE__COUNT - 1);
    f->line = unpack_u32(u);
    f->message = unpack_str(u, a);
    f->key = unpack_str(u, a);
    f->severity = (es_severity)unpack_enum(u, ES_SEVERITY_INFO);
    f->state = (es_audit_state)unpack_enum(u, ES_STATE_FIXED);
  }
}

es_doc *es_doc_unpack(const uint8_t *p, size_t len, size_t *pos,
                      es_intern *terms, es_pool *pool, es_pack_dict *dict) {
  es_unpacker u = {p, len, *pos, false};
  if (es_unpack_uint(&u) != PACK_MAGIC)
    return NULL;
  uint64_t form = es_unpack_uint(&u);
  uint64_t size = es_unpack_uint(&u);
  if (u.bad || form > ES_PACK_THIN || size > u.len - u.pos)
    return NULL;
  u.len = u.pos + (size_t)size;
  es_doc *d;
  /* The document takes about as many bytes as its packed form, or more
   * (ids as 4-byte words): one chunk of twice that usually holds it. */
  size_t guess = 2 * (size_t)size + 512;
#ifdef ES_DEBUG_ARENA
  pool = NULL; /* every document owns its memory (arena.c) */
#endif
  if (pool) {
    d = es_pool_alloc(pool, sizeof *d);
    memset(d, 0, sizeof *d);
    d->pooled = true;
    d->arena.pool = pool;
  } else {
    d = es__xcalloc(1, sizeof *d);
  }
  d->arena.next = guess < ARENA_MAX_FIRST ? guess : ARENA_MAX_FIRST;
  d->term_strings = terms;
  unpack_counts(&u, &d->counts);
  unpack_terms(&u, d, terms, dict);
  if (form == ES_PACK_FULL)
    unpack_full(&u, d);
  u.bad |= u.pos != u.len; /* the length said more than was read */
  if (u.bad) {
    /* A pooled document's memory goes with its pool. */
    d->pooled = false;
    es_arena_free(&d->arena);
    if (!pool)
      free(d);
    return NULL;
  }
  es_arena_trim(&d->arena);
  *pos = u.pos;
  return d;
}
