/* share.c - a share's part as bytes, and merging it on rank 0 (share.h).
 *
 * Layout, little-endian, no padding:
 *   magic "ESSHARE" 0x01 (the last byte is the version)
 *   u32 rank, u32 nranks, u32 parts (ES_NEED_SIMILARITY | _DUPLICATES)
 *   u64 essays (the corpus count)
 *   similarity: u64 rows, u64 kk; per row: u32 m, then m x (u32 row,
 *     f64 cosine), best first
 *   duplicates: u64 documents in the join, u64 pairs; per pair: u32 a,
 *     u32 b (a < b, join documents), u32 overlap
 * A pair's Jaccard is not sent: rank 0 recomputes it from the overlap,
 * exactly as the join does. */
#include "share.h"
#include "dupes.h"
#include "similarity.h"

#include <stdlib.h>
#include <string.h>

static const uint8_t MAGIC[8] = {'E', 'S', 'S', 'H', 'A', 'R', 'E', 1};
#define SHARED_PARTS (ES_NEED_SIMILARITY | ES_NEED_DUPLICATES)

/* ---- writing ----------------------------------------------------------- */

typedef struct wbuf {
  uint8_t *p;
  size_t n, cap;
} wbuf;

static void put(wbuf *b, uint64_t v, size_t bytes) {
  ES_GROW(b->p, b->cap, b->n + bytes);
  for (size_t i = 0; i < bytes; i++)
    b->p[b->n++] = (uint8_t)(v >> (8 * i));
}

static void put_f64(wbuf *b, double d) {
  uint64_t v;
  memcpy(&v, &d, sizeof v);
  put(b, v, 8);
}

void es_stats__share_export(const es_stats *st, uint8_t **buf, size_t *len) {
  wbuf b = {0};
  ES_GROW(b.p, b.cap, 64);
  memcpy(b.p, MAGIC, sizeof MAGIC);
  b.n = sizeof MAGIC;
  unsigned parts = st->pending & SHARED_PARTS;
  put(&b, st->rank, 4);
  put(&b, st->nranks, 4);
  put(&b, parts, 4);
  put(&b, st->corpus->n, 8);
  if (parts & ES_NEED_SIMILARITY) {
    const es_sim_part *sp = st->sim_part;
    put(&b, sp->n, 8);
    put(&b, sp->kk, 8);
    for (size_t r = 0; r < sp->n; r++) {
      put(&b, sp->ecount[r], 4);
      for (size_t q = 0; q < sp->ecount[r]; q++) {
        put(&b, sp->erow[r * sp->kk + q], 4);
        put_f64(&b, sp->ecos[r * sp->kk + q]);
      }
    }
  }
  if (parts & ES_NEED_DUPLICATES) {
    size_t np;
    const es_dupes_pair *p = es_dupes_join_pairs(st->dup_part->join, &np);
    put(&b, st->dup_part->m, 8);
    put(&b, np, 8);
    for (size_t k = 0; k < np; k++) {
      put(&b, p[k].a, 4);
      put(&b, p[k].b, 4);
      put(&b, p[k].overlap, 4);
    }
  }
  *buf = b.p;
  *len = b.n;
}

/* ---- reading ----------------------------------------------------------- */

typedef struct rbuf {
  const uint8_t *p;
  size_t n, at;
  bool bad; /* read past the end: every later read gives 0 */
} rbuf;

static uint64_t get(rbuf *b, size_t bytes) {
  if (b->bad || b->n - b->at < bytes) {
    b->bad = true;
    return 0;
  }
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; i++)
    v |= (uint64_t)b->p[b->at++] << (8 * i);
  return v;
}

static double get_f64(rbuf *b) {
  uint64_t v = get(b, 8);
  double d;
  memcpy(&d, &v, sizeof d);
  return d;
}

/* Skip a part st does not need (the rank computed more than rank 0). */
static bool skip(rbuf *b, unsigned part) {
  if (part == ES_NEED_SIMILARITY) {
    uint64_t rows = get(b, 8);
    get(b, 8);
    for (uint64_t r = 0; r < rows && !b->bad; r++) {
      uint64_t m = get(b, 4);
      if (m > (b->n - b->at) / 12)
        return false;
      b->at += (size_t)m * 12;
    }
    return !b->bad;
  }
  get(b, 8);
  uint64_t np = get(b, 8);
  if (b->bad || np > (b->n - b->at) / 12)
    return false;
  b->at += (size_t)np * 12;
  return true;
}

/* Read the body after the header (`parts`: what it holds); merge what st
 * needs when `apply`, else only check it. The caller checks it first, so
 * that a malformed buffer changes nothing. */
static bool body(es_stats *st, rbuf *b, unsigned parts, bool apply) {
  unsigned need = st->pending & SHARED_PARTS;
  if ((parts & ES_NEED_SIMILARITY) && !(need & ES_NEED_SIMILARITY) &&
      !skip(b, ES_NEED_SIMILARITY))
    return false;
  if ((parts & ES_NEED_SIMILARITY) && (need & ES_NEED_SIMILARITY)) {
    es_sim_part *sp = st->sim_part;
    if (get(b, 8) != sp->n || get(b, 8) != sp->kk || b->bad)
      return false;
    size_t kk = sp->kk;
    double *cos = es__xmalloc((kk ? kk : 1) * sizeof *cos);
    uint32_t *rows = es__xmalloc((kk ? kk : 1) * sizeof *rows);
    bool ok = true;
    for (size_t r = 0; ok && r < sp->n; r++) {
      uint64_t m = get(b, 4);
      ok = m <= kk;
      for (size_t q = 0; ok && q < m; q++) {
        rows[q] = (uint32_t)get(b, 4);
        cos[q] = get_f64(b);
      }
      ok = ok && !b->bad;
      if (ok && apply)
        ok = es_sim__merge(sp, r, cos, rows, (size_t)m);
      else if (ok)
        ok = es_sim__check(sp, r, cos, rows, (size_t)m);
    }
    free(cos);
    free(rows);
    if (!ok)
      return false;
  }
  if ((parts & ES_NEED_DUPLICATES) && !(need & ES_NEED_DUPLICATES) &&
      !skip(b, ES_NEED_DUPLICATES))
    return false;
  if ((parts & ES_NEED_DUPLICATES) && (need & ES_NEED_DUPLICATES)) {
    es_dup_part *dp = st->dup_part;
    if (get(b, 8) != dp->m)
      return false;
    uint64_t np = get(b, 8);
    if (b->bad || np > (b->n - b->at) / 12)
      return false;
    for (uint64_t k = 0; k < np; k++) {
      uint32_t a = (uint32_t)get(b, 4), c = (uint32_t)get(b, 4);
      uint32_t o = (uint32_t)get(b, 4);
      if (apply ? !es_dupes_join_add(dp->join, a, c, o)
                : !es_dupes_join_valid(dp->join, a, c, o))
        return false;
    }
  }
  return !b->bad && b->at == b->n;
}

es_status es_stats__share_import(es_stats *st, const uint8_t *buf, size_t len,
                                 es_error *err) {
  ES_ASSERT_ARG(st && (buf || !len));
  if (len < sizeof MAGIC || memcmp(buf, MAGIC, sizeof MAGIC))
    return ES_FAIL(err, ES_EINVAL, "not a share of this version");
  rbuf b = {buf, len, sizeof MAGIC, false};
  uint64_t rank = get(&b, 4), nranks = get(&b, 4), parts = get(&b, 4);
  uint64_t essays = get(&b, 8);
  if (!st->imported)
    return ES_FAIL(err, ES_EINVAL, "the share is finished");
  if (b.bad || nranks != st->nranks || rank >= nranks || st->imported[rank])
    return ES_FAIL(err, ES_EINVAL, "a share of another run, or merged twice");
  unsigned need = st->pending & SHARED_PARTS;
  if ((parts & need) != need || (parts & ~(uint64_t)SHARED_PARTS) ||
      essays != st->corpus->n)
    return ES_FAIL(err, ES_EINVAL, "a share of other parts or essays");
  rbuf check = b;
  if (!body(st, &check, (unsigned)parts, false))
    return ES_FAIL(err, ES_EINVAL, "a malformed share (rank %u)",
                   (unsigned)rank);
  body(st, &b, (unsigned)parts, true);
  st->imported[rank] = true;
  return ES_OK;
}
