/* run.c - the MPI job's life (run.h): start, agreeing on each step's
 * outcome, the analytics, the end and its ES_MPI_STATS lines. The load is
 * shard.c. */
#include "run.h"
#include "comm.h"
#include "../analytics/share.h"

#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static bool running;

/* exit() or quick_exit() (the library out of memory) before es_mpi_end
 * must not leave the other ranks waiting for this one: abort the job with
 * the status. */
static void abort_at_exit(void) {
  if (running)
    MPI_Abort(MPI_COMM_WORLD, ES_EXIT_OUT_OF_MEMORY);
}

int es_mpi_start(int *argc, char ***argv) {
  /* --jobs threads read, parse and compute, but only this thread calls
   * MPI: the standard asks for FUNNELED then, not MPI_Init's SINGLE. */
  int provided;
  MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  running = true;
  atexit(abort_at_exit);
  at_quick_exit(abort_at_exit);
  es_comm_init();
  return es_comm_rank();
}

int es_mpi_agree(int code, int *who) {
  int size = es_comm_size();
  int *all = es__xmalloc((size_t)size * sizeof *all);
  MPI_Allgather(&code, 1, MPI_INT, all, 1, MPI_INT, MPI_COMM_WORLD);
  int r = 0;
  while (r < size && all[r] == 0)
    r++;
  int result = r < size ? all[r] : 0;
  if (who)
    *who = r < size ? r : -1;
  free(all);
  return result;
}

enum { TAG_SHARE = 2 };

/* A rank other than 0: its share's bytes to rank 0 in pieces of at most
 * es_comm_chunk() bytes, then an empty message to end (no length prefix:
 * nothing on the wire depends on the ranks' byte order). */
static void send_share(const es_stats *st) {
  uint8_t *buf;
  size_t len;
  es_stats__share_export(st, &buf, &len);
  size_t chunk = es_comm_chunk();
  for (size_t off = 0; off < len; off += chunk)
    es_comm_send(buf + off, len - off < chunk ? len - off : chunk, 0,
                 TAG_SHARE);
  es_comm_send("", 0, 0, TAG_SHARE);
  free(buf);
}

/* Rank 0: one share from each other rank, in the order they come, merged
 * into st (with st NULL, or once a merge failed, only received: no rank
 * may be left waiting to send). */
static es_status import_shares(es_stats *st, int size, es_error *err) {
  es_buf msg = ES_BUF_INIT;
  es_buf *got = es__xcalloc((size_t)size, sizeof *got);
  es_status rc = ES_OK;
  for (int left = size - 1; left > 0;) {
    int from = es_comm_recv_any(&msg, TAG_SHARE);
    if (msg.len) {
      es_buf_put(&got[from], msg.data, msg.len);
      continue;
    }
    if (rc == ES_OK && st)
      rc = es_stats__share_import(st, (const uint8_t *)got[from].data,
                                  got[from].len, err);
    es_buf_free(&got[from]);
    left--;
  }
  free(got);
  es_buf_free(&msg);
  return rc;
}

es_status es_mpi_compute(es_stats **out, const es_corpus *c, unsigned needs,
                         es_error *err) {
  es_comm_clock t = es_comm_clock_now();
  int rank = es_comm_rank(), size = es_comm_size();
  /* The parts the ranks share: similarity and duplicates (which the audit
   * reads). The others are rank 0's alone. */
  unsigned shared = needs & (ES_NEED_SIMILARITY | ES_NEED_DUPLICATES);
  if (needs & ES_NEED_AUDIT)
    shared |= ES_NEED_DUPLICATES;
  *out = NULL;
  int st = ES_OK;
  if (size == 1 || !shared) {
    if (rank == 0)
      st = es_stats_compute(out, c, needs, err);
  } else if (rank == 0) {
    st = es_stats__compute_share(out, c, needs, 0, (unsigned)size, err);
    es_status got = import_shares(st == ES_OK ? *out : NULL, size, err);
    if (st == ES_OK)
      st = got;
    if (st == ES_OK)
      es_stats__share_finish(*out);
  } else {
    es_stats *mine = NULL;
    es_error e;
    if (es_stats__compute_share(&mine, c, needs, (unsigned)rank, (unsigned)size,
                                &e) != ES_OK) {
      fprintf(stderr, "essay-stats: MPI rank %d: %s\n", rank, e.message);
      MPI_Abort(MPI_COMM_WORLD, ES_MPI_EXIT_ABORT);
    }
    send_share(mine);
    es_stats_free(mine);
  }
  es_comm_clock_add(&es_comm__times.compute, t);
  /* Every rank learns rank 0's status; the message stays on rank 0, which
   * prints it. */
  es_comm_bcast_ints(&st, 1, 0);
  if (st != ES_OK && *out) {
    es_stats_free(*out);
    *out = NULL;
  }
  return (es_status)st;
}

/* One rank's figures, as rank 0 prints them: wall and CPU seconds of
 * read, exchange, finish, compute; sent, received; essays, bytes; RSS. */
enum { NSTAT = 13 };

static void print_stats(void) {
  int rank = es_comm_rank(), size = es_comm_size();
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  const es_comm_times *t = &es_comm__times;
  double mine[NSTAT] = {t->read.wall,           t->read.cpu,
                        t->exchange.wall,       t->exchange.cpu,
                        t->finish.wall,         t->finish.cpu,
                        t->compute.wall,        t->compute.cpu,
                        (double)es_comm_sent(), (double)es_comm_received(),
                        (double)t->essays,      (double)t->bytes,
                        (double)ru.ru_maxrss};
  /* Only rank 0's buffer receives. */
  double *all =
      es__xmalloc((rank == 0 ? (size_t)size : 1) * NSTAT * sizeof *all);
  MPI_Gather(mine, NSTAT, MPI_DOUBLE, all, NSTAT, MPI_DOUBLE, 0,
             MPI_COMM_WORLD);
  for (int r = 0; rank == 0 && r < size; r++) {
    const double *v = all + (size_t)r * NSTAT;
    fprintf(stderr,
            "essay-stats: mpi rank %d/%d: essays %.0f bytes %.0f; wall/cpu s: "
            "read %.3f/%.3f exchange %.3f/%.3f finish %.3f/%.3f compute "
            "%.3f/%.3f; sent %.0f B received %.0f B; maxrss %.0f KiB\n",
            r, size, v[10], v[11], v[0], v[1], v[2], v[3], v[4], v[5], v[6],
            v[7], v[8], v[9], v[12]);
  }
  free(all);
}

int es_mpi_end(int code) {
  /* Rank 0's code and ES_MPI_STATS hold for all (mpirun need not pass the
   * environment to other hosts). */
  const char *s = getenv("ES_MPI_STATS");
  int v[2] = {code, s && *s && *s != '0'};
  es_comm_bcast_ints(v, 2, 0);
  code = v[0];
  if (v[1])
    print_stats();
  running = false;
  MPI_Finalize();
  return code;
}
