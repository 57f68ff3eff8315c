/* groups.c - which groups each essay is in (--group-by), both ways: the
 * members of each group and the groups of each essay (see stats.h).
 *
 * A scalar value names one group. A sequence value names the group of
 * each distinct item (nested sequences are already flattened into items
 * by the parser); an item that is empty (a null item) names no group.
 * An analysed essay whose field is absent, empty, or a sequence without a
 * non-empty item is in "(none)". Values are compared as written, bytewise:
 * `GAZE` and `gaze` are two groups. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

static int cmp_cstr(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* The field `key` of a document, or NULL. */
static const es_field *find_field(const es_doc *d, const char *key) {
  for (size_t f = 0; f < d->nfields; f++)
    if (strcmp(d->fields[f].key, key) == 0)
      return &d->fields[f];
  return NULL;
}

/* Fill st->gmem / st->gmem_off from st->dgrp / st->dgrp_off: walking the
 * essays in corpus order leaves each group's members ascending. */
static void invert(es_stats *st, size_t n) {
  size_t G = st->ngroups;
  st->gmem_off = es_arena_calloc(&st->arena, (G + 1) * sizeof *st->gmem_off);
  for (size_t q = 0; q < st->dgrp_off[n]; q++)
    st->gmem_off[st->dgrp[q] + 1]++;
  for (size_t g = 0; g < G; g++)
    st->gmem_off[g + 1] += st->gmem_off[g];
  size_t total = st->gmem_off[G];
  st->gmem = es_arena_alloc(&st->arena, (total ? total : 1) * sizeof *st->gmem);
  size_t *fill = es__xmalloc(G * sizeof *fill);
  memcpy(fill, st->gmem_off, G * sizeof *fill);
  for (size_t i = 0; i < n; i++)
    for (size_t q = st->dgrp_off[i]; q < st->dgrp_off[i + 1]; q++)
      st->gmem[fill[st->dgrp[q]]++] = i;
  free(fill);
}

void es_stats__groups(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t n = c->n;
  st->dgrp_off = es_arena_calloc(&st->arena, (n + 1) * sizeof *st->dgrp_off);
  if (!c->group_by) {
    st->groups = es_arena_alloc(&st->arena, sizeof *st->groups);
    st->groups[0] = "(all)";
    st->ngroups = 1;
    st->dgrp = es_arena_alloc(&st->arena, (n ? n : 1) * sizeof *st->dgrp);
    size_t q = 0;
    for (size_t i = 0; i < n; i++) {
      if (c->entries[i].doc)
        st->dgrp[q++] = 0;
      st->dgrp_off[i + 1] = q;
    }
    invert(st, n);
    return;
  }

  /* Each analysed essay's value ids (ids of `values`; an item repeated
   * in one essay is removed below), UINT32_MAX standing for "(none)". */
  es_intern *values = es_intern_new();
  uint32_t *vid = NULL;
  size_t nv_pairs = 0, cap = 0;
  size_t *voff = es__xcalloc(n + 1, sizeof *voff);
  bool none = false;
  for (size_t i = 0; i < n; i++) {
    const es_doc *d = c->entries[i].doc;
    voff[i] = nv_pairs;
    if (!d)
      continue;
    const es_field *f = find_field(d, c->group_by);
    size_t first = nv_pairs;
    if (f && f->sequence) {
      for (size_t k = 0; k < f->nitems; k++) {
        const char *v = f->items[k];
        if (!*v)
          continue;
        ES_GROW(vid, cap, nv_pairs + 1);
        vid[nv_pairs++] = es_intern_add(values, v, strlen(v), NULL);
      }
    } else if (f && *f->value) {
      ES_GROW(vid, cap, nv_pairs + 1);
      vid[nv_pairs++] = es_intern_add(values, f->value, strlen(f->value), NULL);
    }
    if (nv_pairs == first) {
      ES_GROW(vid, cap, nv_pairs + 1);
      vid[nv_pairs++] = UINT32_MAX;
      none = true;
    }
  }
  voff[n] = nv_pairs;

  /* Group numbers: values bytewise after "(all)", "(none)" last. */
  size_t nv = es_intern_count(values);
  const char **sorted = es__xmalloc((nv ? nv : 1) * sizeof *sorted);
  for (size_t k = 0; k < nv; k++)
    sorted[k] = es_intern_str(values, (uint32_t)k, NULL);
  qsort(sorted, nv, sizeof *sorted, cmp_cstr);
  st->ngroups = 1 + nv + (none ? 1 : 0);
  st->groups = es_arena_alloc(&st->arena, st->ngroups * sizeof *st->groups);
  st->groups[0] = "(all)";
  uint32_t *rank = es__xmalloc((nv ? nv : 1) * sizeof *rank);
  for (size_t k = 0; k < nv; k++) {
    st->groups[1 + k] = es_arena_strdup(&st->arena, sorted[k]);
    rank[es_intern_find(values, sorted[k], strlen(sorted[k]))] =
        (uint32_t)(1 + k);
  }
  if (none)
    st->groups[1 + nv] = "(none)";

  /* Each essay's groups: 0, then its values' group numbers ascending with
   * repeated items counted once. */
  st->dgrp = es_arena_alloc(&st->arena, (n + nv_pairs ? n + nv_pairs : 1) *
                                            sizeof *st->dgrp);
  size_t q = 0;
  for (size_t i = 0; i < n; i++) {
    if (c->entries[i].doc) {
      st->dgrp[q++] = 0;
      size_t from = q;
      for (size_t k = voff[i]; k < voff[i + 1]; k++)
        st->dgrp[q++] =
            vid[k] == UINT32_MAX ? (uint32_t)(1 + nv) : rank[vid[k]];
      qsort(st->dgrp + from, q - from, sizeof *st->dgrp, cmp_u32);
      size_t u = from;
      for (size_t k = from; k < q; k++)
        if (u == from || st->dgrp[u - 1] != st->dgrp[k])
          st->dgrp[u++] = st->dgrp[k];
      q = u;
    }
    st->dgrp_off[i + 1] = q;
  }
  invert(st, n);
  free(rank);
  free(sorted);
  free(voff);
  free(vid);
  es_intern_free(values);
}
