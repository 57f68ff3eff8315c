/* comm.c - bounded MPI messages and byte counters (comm.h). */
#include "comm.h"

#include <mpi.h>
#include <stdlib.h>
#include <time.h>

static uint64_t sent, received;
es_comm_times es_comm__times;

es_comm_clock es_comm_clock_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  es_comm_clock c = {MPI_Wtime(), (double)ts.tv_sec + (double)ts.tv_nsec / 1e9};
  return c;
}

void es_comm_clock_add(es_comm_clock *acc, es_comm_clock t0) {
  es_comm_clock t = es_comm_clock_now();
  acc->wall += t.wall - t0.wall;
  acc->cpu += t.cpu - t0.cpu;
}

static size_t chunk_bytes;

/* Wait for a request without keeping a core busy: MPI's blocking calls
 * poll without pause, and a rank waiting for rank 0 (which alone merges
 * and writes) would take CPU from the ranks and threads with work on a
 * shared or oversubscribed machine. A short spin first keeps small
 * exchanges fast. */
static void pause_a_little(unsigned *spins) {
  if (++*spins > 64) {
    struct timespec ts = {0, 200000}; /* 0.2 ms */
    nanosleep(&ts, NULL);
  }
}

/* Test r until it is done, pausing; the caller's MPI_Wait then returns
 * at once (and pairs the request for the analyzer's MPI checker). */
static void until_done(MPI_Request *r) {
  unsigned spins = 0;
  for (int done = 0; !done;) {
    MPI_Test(r, &done, MPI_STATUS_IGNORE);
    if (!done)
      pause_a_little(&spins);
  }
}

static void bcast(void *p, int n, MPI_Datatype type, int root) {
  MPI_Request r;
  MPI_Ibcast(p, n, type, root, MPI_COMM_WORLD, &r);
  until_done(&r);
  MPI_Wait(&r, MPI_STATUS_IGNORE);
}

void es_comm_bcast_ints(int *v, int n, int root) { bcast(v, n, MPI_INT, root); }

void es_comm_init(void) {
  /* Rank 0's environment decides: a broadcast's pieces must be the same
   * size on every rank. */
  uint64_t v = 0;
  if (es_comm_rank() == 0) {
    const char *s = getenv("ES_MPI_CHUNK");
    long n = s ? strtol(s, NULL, 10) : 0;
    v = n >= 64 && n <= (1L << 26) ? (uint64_t)n : (uint64_t)16 << 20;
  }
  MPI_Bcast(&v, 1, MPI_UINT64_T, 0, MPI_COMM_WORLD);
  chunk_bytes = (size_t)v;
}

size_t es_comm_chunk(void) { return chunk_bytes; }

int es_comm_rank(void) {
  int r;
  MPI_Comm_rank(MPI_COMM_WORLD, &r);
  return r;
}

int es_comm_size(void) {
  int n;
  MPI_Comm_size(MPI_COMM_WORLD, &n);
  return n;
}

void es_comm_send(const void *p, size_t n, int to, int tag) {
  MPI_Request r;
  MPI_Isend(p, (int)n, MPI_BYTE, to, tag, MPI_COMM_WORLD, &r);
  until_done(&r);
  MPI_Wait(&r, MPI_STATUS_IGNORE);
  sent += n;
}

int es_comm_recv_any(es_buf *out, int tag) {
  MPI_Status st;
  int n;
  unsigned spins = 0;
  for (int found = 0;;) {
    MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &found, &st);
    if (found)
      break;
    pause_a_little(&spins);
  }
  MPI_Get_count(&st, MPI_BYTE, &n);
  es_buf_clear(out);
  es_buf_reserve(out, (size_t)n);
  MPI_Recv(out->data, n, MPI_BYTE, st.MPI_SOURCE, tag, MPI_COMM_WORLD,
           MPI_STATUS_IGNORE);
  out->len = (size_t)n;
  out->data[n] = 0;
  received += (size_t)n;
  return st.MPI_SOURCE;
}

void es_comm_bcast(es_buf *b, int root) {
  int rank = es_comm_rank(), size = es_comm_size();
  uint64_t len = rank == root ? b->len : 0;
  bcast(&len, 1, MPI_UINT64_T, root);
  if (rank != root) {
    es_buf_clear(b);
    es_buf_reserve(b, (size_t)len);
    b->len = (size_t)len;
    b->data[b->len] = 0;
    received += len;
  } else {
    sent += len * (uint64_t)(size - 1);
  }
  size_t chunk = es_comm_chunk();
  for (size_t off = 0; off < (size_t)len; off += chunk) {
    size_t n = (size_t)len - off < chunk ? (size_t)len - off : chunk;
    bcast(b->data + off, (int)n, MPI_BYTE, root);
  }
}

size_t es_comm_bcast_piece(const void *p, size_t n, es_buf *out, int root) {
  int rank = es_comm_rank(), size = es_comm_size();
  uint64_t len = n;
  bcast(&len, 1, MPI_UINT64_T, root);
  if (!len)
    return 0;
  if (rank == root) {
    bcast((void *)p, (int)len, MPI_BYTE, root);
    sent += len * (uint64_t)(size - 1);
  } else {
    es_buf_clear(out);
    es_buf_reserve(out, (size_t)len);
    bcast(out->data, (int)len, MPI_BYTE, root);
    out->len = (size_t)len;
    out->data[len] = 0;
    received += len;
  }
  return (size_t)len;
}

uint64_t es_comm_sent(void) { return sent; }
uint64_t es_comm_received(void) { return received; }
