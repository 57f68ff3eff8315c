/* progress.h - progress by phase (es_options.phase_progress): a phase is
 * begun and ended by the thread that runs it; in between, any number of
 * worker threads add the work they finish. The callback runs at the begin
 * and the end, and at most ten times a second in between, never twice at
 * once. Without a callback every call is a test and a return. */
#ifndef ES_PROGRESS_H
#define ES_PROGRESS_H

#include "essay_stats.h"

#include <stdatomic.h>

typedef struct es_phase {
  es_phase_fn fn;
  void *payload;
  es_progress_event ev; /* phase, item, unit, total */
  int64_t start_ns;
  atomic_uint_fast64_t done;
  atomic_int_fast64_t due_ns; /* when the next update is due */
  atomic_flag busy;           /* held by the thread calling fn */
} es_phase;

/* Start a phase (opts may be NULL, or have no phase_progress: then the
 * phase is silent). `item` may be NULL; `unit` is singular ("essay"). */
void es_phase_begin(es_phase *p, const es_options *opts, const char *phase,
                    const char *item, const char *unit, uint64_t total);
/* Change what the phase counts, before any es_phase_add (by the thread
 * that began it): the next events carry the new unit and total. */
void es_phase_set_total(es_phase *p, const char *unit, uint64_t total);
/* Add finished work; from any thread. */
void es_phase_add(es_phase *p, uint64_t n);
/* End the phase: `done` becomes the final count when it is not
 * UINT64_MAX (else the sum of the adds). Called by the beginning thread
 * once the workers are done; later adds report nothing. */
void es_phase_end(es_phase *p, uint64_t done);

#endif
