/* arena.c - chunked bump allocator: many small allocations, one free.
 * Each document's strings live in one arena, so a document is released in
 * a few free() calls whatever it holds.
 *
 * With ES_DEBUG_ARENA (libgit2's DEBUG_POOL) every allocation is its own
 * malloc and pools are bypassed: arenas never take chunks from a pool, and
 * a pool's every allocation is its own block. AddressSanitizer then sees
 * an overflow of any allocation, a pooled document's included. */
#include "util.h"

#include <stdlib.h>
#include <string.h>

struct es_arena_chunk {
  es_arena_chunk *prev;
  size_t size;
  /* data follows, 16-byte aligned */
  _Alignas(16) unsigned char data[];
};

enum { FIRST_CHUNK = 512, MAX_CHUNK = 1 << 20, POOL_BLOCK = 4 << 20 };

/* ---- es_pool ------------------------------------------------------------ */

typedef struct pool_block {
  struct pool_block *prev;
  _Alignas(16) unsigned char data[];
} pool_block;

struct es_pool {
  pool_block *head;
  size_t used, cap;
};

es_pool *es_pool_new(void) { return es__xcalloc(1, sizeof(es_pool)); }

void es_pool_free(es_pool *p) {
  if (!p)
    return;
  pool_block *b = p->head;
  while (b) {
    pool_block *prev = b->prev;
    free(b);
    b = prev;
  }
  free(p);
}

#ifdef ES_DEBUG_ARENA
void *es_pool_alloc(es_pool *p, size_t n) {
  pool_block *b = es__xmalloc(sizeof *b + (n ? n : 1));
  b->prev = p->head;
  p->head = b;
  return b->data;
}
#else
void *es_pool_alloc(es_pool *p, size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (!p->head || p->cap - p->used < n) {
    size_t cap = n > POOL_BLOCK / 4 ? n : POOL_BLOCK;
    pool_block *b = es__xmalloc(sizeof *b + cap);
    b->prev = p->head;
    p->head = b;
    p->used = 0;
    p->cap = cap;
  }
  void *q = p->head->data + p->used;
  p->used += n;
  return q;
}
#endif

/* ---- es_arena ----------------------------------------------------------- */

#ifdef ES_DEBUG_ARENA
/* Every allocation its own malloc, whatever the pool: a pooled arena owns
 * its allocations like any other. */
static bool owns_chunks(const es_arena *a) {
  (void)a;
  return true;
}
#else
static bool owns_chunks(const es_arena *a) { return a->pool == NULL; }
#endif

static es_arena_chunk *new_chunk(es_arena *a, size_t size) {
  size_t bytes = sizeof(es_arena_chunk) + size;
  return owns_chunks(a) ? es__xmalloc(bytes) : es_pool_alloc(a->pool, bytes);
}

#ifdef ES_DEBUG_ARENA
void *es_arena_alloc(es_arena *a, size_t n) {
  es_arena_chunk *c = new_chunk(a, n);
  c->prev = a->head;
  c->size = n;
  a->head = c;
  a->used += n;
  return c->data;
}
#else
void *es_arena_alloc(es_arena *a, size_t n) {
  n = (n + 7) & ~(size_t)7;
  if (!a->head || a->cap - a->used < n) {
    size_t want = a->next ? a->next : FIRST_CHUNK;
    if (want < n)
      want = n;
    want = (want + 15) & ~(size_t)15; /* chunks tile a pool exactly */
    es_arena_chunk *c = new_chunk(a, want);
    c->prev = a->head;
    c->size = want;
    a->head = c;
    a->used = 0;
    a->cap = want;
    /* Double the chunk size up to a cap: few chunks for big documents,
     * little slack for small ones. */
    size_t nx = (a->next ? a->next : FIRST_CHUNK) * 2;
    a->next = nx > MAX_CHUNK ? MAX_CHUNK : nx;
  }
  void *p = a->head->data + a->used;
  a->used += n;
  return p;
}
#endif

void *es_arena_calloc(es_arena *a, size_t n) {
  void *p = es_arena_alloc(a, n);
  memset(p, 0, n);
  return p;
}

char *es_arena_strndup(es_arena *a, const char *s, size_t n) {
  char *p = es_arena_alloc(a, n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = 0;
  return p;
}

char *es_arena_strdup(es_arena *a, const char *s) {
  return es_arena_strndup(a, s, strlen(s));
}

char *es_arena_vprintf(es_arena *a, const char *fmt, va_list ap) {
  es_buf b = ES_BUF_INIT;
  es_buf_vprintf(&b, fmt, ap);
  char *s = es_arena_strndup(a, b.data ? b.data : "", b.len);
  es_buf_free(&b);
  return s;
}

void *es_arena_memdup(es_arena *a, const void *p, size_t n) {
  void *q = es_arena_alloc(a, n ? n : 1);
  if (n)
    memcpy(q, p, n);
  return q;
}

void es_arena_trim(es_arena *a) {
#ifndef ES_DEBUG_ARENA
  es_pool *p = a->pool;
  if (!p || !a->head || !p->head)
    return;
  unsigned char *end = a->head->data + a->cap;
  if (end != p->head->data + p->used)
    return;
  size_t spare = (a->cap - a->used) & ~(size_t)15; /* keep 16-alignment */
  p->used -= spare;
  a->cap -= spare;
  a->head->size = a->cap;
  a->next = 64; /* later additions are small: take only what they need */
#else
  (void)a;
#endif
}

void es_arena_reset(es_arena *a) {
#ifdef ES_DEBUG_ARENA
  es_arena_free(a);
#else
  if (a->pool) { /* pooled chunks go back to the pool only as a whole */
    a->head = NULL;
    a->used = a->cap = 0;
    return;
  }
  if (!a->head)
    return;
  es_arena_chunk *c = a->head->prev;
  while (c) {
    es_arena_chunk *prev = c->prev;
    free(c);
    c = prev;
  }
  a->head->prev = NULL;
  a->used = 0;
  a->cap = a->head->size;
#endif
}

void es_arena_free(es_arena *a) {
  es_arena_chunk *c = owns_chunks(a) ? a->head : NULL;
  while (c) {
    es_arena_chunk *prev = c->prev;
    free(c);
    c = prev;
  }
  a->head = NULL;
  a->used = a->cap = a->next = 0;
}
