/* progress.c - es_phase: progress events for the phases of a run. */
#include "progress.h"

#include <errno.h>
#include <string.h>
#include <time.h>

enum { UPDATE_NS = 100000000 }; /* at most ten updates a second */

static int64_t now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (int64_t)t.tv_sec * 1000000000 + (int64_t)t.tv_nsec;
}

static void emit(es_phase *p, es_progress_state state, uint64_t done,
                 int64_t t) {
  es_progress_event ev = p->ev;
  ev.state = state;
  ev.done = done;
  ev.seconds = (double)(t - p->start_ns) / 1e9;
  int saved = errno; /* callers report write errors through errno */
  p->fn(&ev, p->payload);
  errno = saved;
}

void es_phase_begin(es_phase *p, const es_options *opts, const char *phase,
                    const char *item, const char *unit, uint64_t total) {
  memset(&p->ev, 0, sizeof p->ev);
  p->fn = opts ? opts->phase_progress : NULL;
  p->payload = opts ? opts->phase_payload : NULL;
  p->ev.phase = phase;
  p->ev.item = item ? item : "";
  p->ev.unit = unit;
  p->ev.total = total;
  atomic_init(&p->done, 0);
  atomic_flag_clear(&p->busy);
  if (!p->fn)
    return;
  p->start_ns = now_ns();
  atomic_init(&p->due_ns, p->start_ns + UPDATE_NS);
  emit(p, ES_PROGRESS_BEGIN, 0, p->start_ns);
}

void es_phase_set_total(es_phase *p, const char *unit, uint64_t total) {
  p->ev.unit = unit;
  p->ev.total = total;
}

void es_phase_add(es_phase *p, uint64_t n) {
  if (!p->fn)
    return;
  atomic_fetch_add_explicit(&p->done, n, memory_order_relaxed);
  if (now_ns() < atomic_load_explicit(&p->due_ns, memory_order_relaxed))
    return;
  if (atomic_flag_test_and_set_explicit(&p->busy, memory_order_acquire))
    return; /* another thread is reporting */
  /* Under the flag, so that the events' counts and times never go back:
   * read them here, not before. */
  int64_t t = now_ns();
  if (t >= atomic_load_explicit(&p->due_ns, memory_order_relaxed)) {
    atomic_store_explicit(&p->due_ns, t + UPDATE_NS, memory_order_relaxed);
    emit(p, ES_PROGRESS_UPDATE, atomic_load(&p->done), t);
  }
  atomic_flag_clear_explicit(&p->busy, memory_order_release);
}

void es_phase_end(es_phase *p, uint64_t done) {
  if (!p->fn)
    return;
  if (done == UINT64_MAX)
    done = atomic_load(&p->done);
  emit(p, ES_PROGRESS_END, done, now_ns());
  p->fn = NULL; /* adds after the end are not reported */
}
