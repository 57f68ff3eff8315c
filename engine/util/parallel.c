/* parallel.c - es_parallel_for: the one place that starts threads. Chunks
 * are handed out through an atomic counter, so a slow item never holds up
 * a whole static range; the caller is worker 0 and does its share. */
#include "util.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef struct pf_shared {
  es_task_fn fn;
  void *arg;
  size_t n, grain, nchunks;
  atomic_size_t next; /* next chunk to hand out */
} pf_shared;

typedef struct pf_worker {
  pf_shared *sh;
  size_t id;
} pf_worker;

static void run(pf_shared *sh, size_t id) {
  for (;;) {
    size_t k = atomic_fetch_add(&sh->next, 1);
    if (k >= sh->nchunks)
      return;
    size_t lo = k * sh->grain;
    size_t hi = sh->n - lo > sh->grain ? lo + sh->grain : sh->n;
    sh->fn(sh->arg, id, lo, hi);
  }
}

static void *thread_main(void *p) {
  pf_worker *w = p;
  run(w->sh, w->id);
  return NULL;
}

void es_parallel_for(size_t n, size_t grain, size_t jobs, es_task_fn fn,
                     void *arg) {
  if (n == 0)
    return;
  if (grain == 0)
    grain = 1;
  pf_shared sh;
  sh.fn = fn;
  sh.arg = arg;
  sh.n = n;
  sh.grain = grain;
  sh.nchunks = n / grain + (n % grain != 0);
  atomic_init(&sh.next, 0);
  if (jobs > sh.nchunks)
    jobs = sh.nchunks;
  if (jobs <= 1) {
    run(&sh, 0);
    return;
  }
  pf_worker *w = es__xmalloc(jobs * sizeof *w);
  pthread_t *th = es__xmalloc(jobs * sizeof *th);
  bool *started = es__xcalloc(jobs, sizeof *started);
  for (size_t t = 1; t < jobs; t++) {
    w[t].sh = &sh;
    w[t].id = t;
    started[t] = pthread_create(&th[t], NULL, thread_main, &w[t]) == 0;
  }
  run(&sh, 0);
  for (size_t t = 1; t < jobs; t++)
    if (started[t])
      pthread_join(th[t], NULL);
  free(started);
  free(th);
  free(w);
}
