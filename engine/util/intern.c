/* intern.c - string interning (intern.h). Strings are stored back to back
 * in big blocks; an open-addressing table of ids (linear probing, load <=
 * 1/2) finds them. Ids follow insertion order. */
#include "intern.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry {
  const char *str;
  uint32_t len;
  uint32_t hash; /* low 32 bits of es_hash, to skip most memcmps */
} entry;

struct es_intern {
  entry *entries;
  size_t count, cap;
  uint32_t *table; /* id + 1, 0 = empty */
  size_t mask;
  es_arena strings;
};

es_intern *es_intern_new(void) {
  es_intern *d = es__xcalloc(1, sizeof *d);
  d->mask = 15; /* most dicts are small: front-matter keys, anchors */
  d->table = es__xcalloc(d->mask + 1, sizeof *d->table);
  return d;
}

void es_intern_free(es_intern *d) {
  if (!d)
    return;
  free(d->entries);
  free(d->table);
  es_arena_free(&d->strings);
  free(d);
}

static void rehash(es_intern *d) {
  size_t mask = d->mask * 2 + 1;
  uint32_t *t = es__xcalloc(mask + 1, sizeof *t);
  for (size_t id = 0; id < d->count; id++) {
    size_t i = d->entries[id].hash & mask;
    while (t[i])
      i = (i + 1) & mask;
    t[i] = (uint32_t)id + 1;
  }
  free(d->table);
  d->table = t;
  d->mask = mask;
}

static size_t probe(const es_intern *d, const char *s, size_t n, uint32_t h) {
  size_t i = h & d->mask;
  for (;;) {
    uint32_t v = d->table[i];
    if (!v)
      return i;
    const entry *e = &d->entries[v - 1];
    if (e->hash == h && e->len == n && memcmp(e->str, s, n) == 0)
      return i;
    i = (i + 1) & d->mask;
  }
}

uint32_t es_intern_find(const es_intern *d, const char *s, size_t n) {
  uint32_t h = (uint32_t)es_hash(s, n);
  uint32_t v = d->table[probe(d, s, n, h)];
  return v ? v - 1 : UINT32_MAX;
}

uint32_t es_intern_add(es_intern *d, const char *s, size_t n, bool *added) {
  uint32_t h = (uint32_t)es_hash(s, n);
  size_t i = probe(d, s, n, h);
  if (d->table[i]) {
    if (added)
      *added = false;
    return d->table[i] - 1;
  }
  if (n > UINT32_MAX || d->count >= UINT32_MAX - 1) {
    /* Unreachable with files capped far below 4 GiB; keep ids valid. */
    abort();
  }
  if (d->count + 1 > d->cap) /* no call for the usual add */
    ES_GROW(d->entries, d->cap, d->count + 1);
  entry *e = &d->entries[d->count];
  e->str = es_arena_strndup(&d->strings, s, n);
  e->len = (uint32_t)n;
  e->hash = h;
  d->table[i] = (uint32_t)d->count + 1;
  d->count++;
  if (d->count * 2 > d->mask)
    rehash(d);
  if (added)
    *added = true;
  return (uint32_t)d->count - 1;
}

const char *es_intern_str(const es_intern *d, uint32_t id, size_t *n) {
  if (n)
    *n = d->entries[id].len;
  return d->entries[id].str;
}

size_t es_intern_count(const es_intern *d) { return d->count; }
