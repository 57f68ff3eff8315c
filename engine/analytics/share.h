/* share.h - the analytics of one run split among processes (an MPI run),
 * merged on rank 0. Internal; plain C, no MPI: the transport moves the
 * bytes.
 *
 * Every rank holds every analysed essay's term counts, term sequence and
 * blocks (what similarity and duplicates read), so each computes what is
 * global itself (document frequencies, the similarity's term order, the
 * near-duplicate join's token order) and only the two quadratic parts are
 * split:
 *  - similarity: the row blocks of the upper triangle are dealt back and
 *    forth (es_share_item: ranks 0..P-1, then P-1..0, ...), each block
 *    scored against every later row, so the ranks' work differs by about
 *    one block's; a rank keeps, for every row, the exact top k of the
 *    pairs it scored. Rank 0 merges the lists row by row: each pair is
 *    scored by one rank only, and with the same exact cosine (bit for bit)
 *    whoever scores it, so the merged lists are the single run's.
 *  - duplicates: every rank prepares the whole join (document
 *    frequencies, prefixes, the index: this part is not split); the
 *    probing documents (chunks of 64 in size order) are dealt the same
 *    way, each pair is verified by the rank of its later document in size
 *    order only, and rank 0 merges the verified pairs, then forms clusters
 *    and nearest partners.
 * A share's bytes: 4 + 12 k bytes a row for similarity (every row: the
 * triangle puts pairs of any row in any share), 12 bytes a verified pair.
 * Everything else (terms, audit, ...) is rank 0's alone. With nranks == 1
 * this is es_stats_compute (which is compute_share(0 of 1) + finish). */
#ifndef ES_SHARE_H
#define ES_SHARE_H

#include "stats.h"

/* Compute, for process `rank` of `nranks`, the parts in `needs`:
 * similarity and duplicates only this rank's share of their work. A rank
 * other than 0 computes only those two (other bits are ignored). ES_EINVAL
 * when rank >= nranks or as es_stats_compute. */
es_status es_stats__compute_share(es_stats **out, const es_corpus *c,
                                  unsigned needs, unsigned rank,
                                  unsigned nranks, es_error *err);

/* This rank's share as bytes (*buf malloc'ed, the caller frees), for rank
 * 0. A private layout: little-endian, a magic with the version. */
void es_stats__share_export(const es_stats *st, uint8_t **buf, size_t *len);

/* Rank 0: merge another rank's share, in any order. A part rank 0 does
 * not need is skipped (give every rank rank 0's needs to spare the work).
 * ES_EINVAL, and st unchanged, when the buffer is malformed, from another
 * run (rank, nranks or essays differ), lacks a part rank 0 needs, is a
 * share already merged, or st is finished. */
es_status es_stats__share_import(es_stats *st, const uint8_t *buf, size_t len,
                                 es_error *err);

/* Rank 0, after every import: finish (neighbour lists, clusters, nearest
 * partners, the audit) so that st equals es_stats_compute's result. */
void es_stats__share_finish(es_stats *st);

#endif
