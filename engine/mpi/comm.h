/* comm.h - the MPI transport of a distributed run: point-to-point byte
 * messages of bounded size, and what this rank sent and received (for
 * ES_MPI_STATS). MPI counts are ints and a huge message can stall or fail
 * in the transport, so no message is larger than es_comm_chunk() bytes:
 * streams longer than that go in several messages (shard.c). */
#ifndef ES_COMM_H
#define ES_COMM_H

#include "../util/util.h"

/* The exit status of a job that a rank stops with MPI_Abort (a failed
 * share, a corrupt stream): the command line's "output not written". */
enum { ES_MPI_EXIT_ABORT = 3 };

/* Collective, once after MPI_Init: set the largest message in bytes to
 * 16 MiB, or to ES_MPI_CHUNK from rank 0's environment (64 to 64 MiB;
 * tests use a small one to exercise the chunking on a small corpus). */
void es_comm_init(void);
size_t es_comm_chunk(void);
int es_comm_rank(void);
int es_comm_size(void);

/* Send n <= es_comm_chunk() bytes to rank `to` (n may be 0). */
void es_comm_send(const void *p, size_t n, int to, int tag);
/* Receive the next message of `tag` from any rank into `out` (the
 * caller's buffer: its bytes replaced, NUL-terminated); returns the
 * sender. */
int es_comm_recv_any(es_buf *out, int tag);
/* Rank root's bytes of `b` to every rank (others' b, the caller's,
 * replaced), in messages of at most es_comm_chunk() bytes. */
void es_comm_bcast(es_buf *b, int root);

/* One piece of a broadcast stream: root's p[0..n), n <= es_comm_chunk(),
 * to every rank, into `out` (replaced) on the others. Returns the piece's
 * length on every rank; a piece of 0 bytes ends the stream. */
size_t es_comm_bcast_piece(const void *p, size_t n, es_buf *out, int root);

/* Rank root's v[0..n) to every rank. */
void es_comm_bcast_ints(int *v, int n, int root);

/* Every wait here (sends, receives, broadcasts) polls gently, sleeping
 * between tests, rather than keeping a core busy as MPI's blocking calls
 * do. */

/* Bytes this rank sent and received so far (payload only; a broadcast
 * counts once per receiving rank at the root, once at each receiver). */
uint64_t es_comm_sent(void);
uint64_t es_comm_received(void);

/* Seconds on a monotonic clock (wall) and of this process's CPU time
 * (every thread's): on a shared machine the CPU time is the figure to
 * trust. */
typedef struct es_comm_clock {
  double wall, cpu;
} es_comm_clock;
es_comm_clock es_comm_clock_now(void);
/* Add the time since t0 to *acc. */
void es_comm_clock_add(es_comm_clock *acc, es_comm_clock t0);

/* What this rank did, for ES_MPI_STATS: time per step and the essays and
 * file bytes of its shard. */
typedef struct es_comm_times {
  es_comm_clock read;     /* reading and parsing its shard */
  es_comm_clock exchange; /* packing, sending, receiving, unpacking */
  es_comm_clock finish;   /* rank 0: merging the corpus (es_corpus__finish) */
  es_comm_clock compute;  /* analytics */
  uint64_t essays, bytes;
} es_comm_times;
extern es_comm_times es_comm__times;

#endif
