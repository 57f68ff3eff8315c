/* share_item.h - how similarity (row blocks) and duplicates (probing
 * documents) deal work items to the shares of a run (share.h). */
#ifndef ES_SHARE_ITEM_H
#define ES_SHARE_ITEM_H

#include <stddef.h>

/* The idx-th item of share `rank` of `nranks`, dealt back and forth:
 * items 0..P-1 go to shares 0..P-1, items P..2P-1 to shares P-1..0, and
 * so on. An item's cost drifts with its index (a row block of the
 * triangle costs less the later its rows; a probing document costs more
 * the larger it is), so dealing back and forth pairs a dearer item with a
 * cheaper one in every two rounds: the shares' costs differ by about one
 * item's, whatever the slope. */
static inline size_t es_share_item(size_t idx, unsigned rank, unsigned nranks) {
  size_t pos = idx % 2 ? (size_t)nranks - 1 - rank : rank;
  return idx * nranks + pos;
}

#endif
