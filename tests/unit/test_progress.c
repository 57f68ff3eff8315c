/* test_progress.c - es_options.phase_progress: every phase of a run is
 * reported, begun before it ends, with counts that only grow and a final
 * count; calls never overlap, whatever the number of threads; a phase the
 * run does not need is not reported; the es_phase helper itself. */
#include "test_util.h"
#include "util/progress.h"

#include <pthread.h>
#include <stdatomic.h>

enum { MAX_EVENTS = 4096 };

typedef struct recorded {
  char phase[32], item[512], unit[16];
  es_progress_state state;
  uint64_t done, total;
  double seconds;
} recorded;

typedef struct recorder {
  recorded ev[MAX_EVENTS];
  size_t n;
  atomic_int inside; /* calls running now */
  int overlaps;
} recorder;

static void record(const es_progress_event *e, void *payload) {
  recorder *r = payload;
  if (atomic_fetch_add(&r->inside, 1) != 0)
    r->overlaps++;
  if (r->n < MAX_EVENTS) {
    recorded *x = &r->ev[r->n++];
    snprintf(x->phase, sizeof x->phase, "%s", e->phase);
    snprintf(x->item, sizeof x->item, "%s", e->item);
    snprintf(x->unit, sizeof x->unit, "%s", e->unit);
    x->state = e->state;
    x->done = e->done;
    x->total = e->total;
    x->seconds = e->seconds;
  }
  atomic_fetch_sub(&r->inside, 1);
}

/* The events of one phase must be BEGIN, UPDATE..., END with done
 * growing; returns the index of the END. */
static size_t check_phase(const recorder *r, size_t i) {
  assert_int_equal(r->ev[i].state, ES_PROGRESS_BEGIN);
  assert_int_equal(r->ev[i].done, 0);
  size_t k = i + 1;
  for (; k < r->n && r->ev[k].state == ES_PROGRESS_UPDATE; k++) {
    assert_string_equal(r->ev[k].phase, r->ev[i].phase);
    if (strcmp(r->ev[k].unit, r->ev[k - 1].unit) == 0)
      assert_true(r->ev[k].done >= r->ev[k - 1].done);
    assert_true(!r->ev[k].total || r->ev[k].done <= r->ev[k].total);
    assert_true(r->ev[k].seconds >= r->ev[k - 1].seconds);
  }
  assert_true(k < r->n);
  assert_int_equal(r->ev[k].state, ES_PROGRESS_END);
  assert_string_equal(r->ev[k].phase, r->ev[i].phase);
  assert_string_equal(r->ev[k].item, r->ev[i].item);
  /* A phase may count in another unit while it runs (the near-duplicate
   * join counts steps, then ends in essays). */
  if (strcmp(r->ev[k].unit, r->ev[k - 1].unit) == 0)
    assert_true(r->ev[k].done >= r->ev[k - 1].done);
  return k;
}

static size_t find(const recorder *r, const char *phase, const char *item) {
  for (size_t i = 0; i < r->n; i++)
    if (r->ev[i].state == ES_PROGRESS_BEGIN &&
        strcmp(r->ev[i].phase, phase) == 0 && strcmp(r->ev[i].item, item) == 0)
      return i;
  return SIZE_MAX;
}

static void run(recorder *r, int jobs, unsigned needs, const char *report) {
  memset(r, 0, sizeof *r);
  es_options o;
  assert_int_equal(es_options_init(&o, ES_OPTIONS_VERSION), ES_OK);
  assert_null(o.phase_progress); /* off by default */
  o.jobs = jobs;
  o.phase_progress = record;
  o.phase_payload = r;
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, &o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, ES_SOURCE_DIR "/data", NULL), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  es_stats *st = NULL;
  assert_int_equal(es_stats_compute(&st, c, needs, NULL), ES_OK);
  FILE *f = tmpfile();
  assert_non_null(f);
  assert_int_equal(es_report_write(report, c, st, f, NULL), ES_OK);
  fclose(f);
  es_stats_free(st);
  es_corpus_free(c);
}

static void test_every_phase(void **state) {
  (void)state;
  static recorder r;
  for (int jobs = 1; jobs <= 4; jobs *= 2) {
    run(&r, jobs, ES_NEED_ALL, "essays");
    assert_int_equal(r.overlaps, 0);
    /* Phases come one after the other, each well formed. */
    for (size_t i = 0; i < r.n; i = check_phase(&r, i) + 1)
      ;
    size_t i = find(&r, "finding", ES_SOURCE_DIR "/data");
    assert_int_equal(i, 0);
    size_t end = check_phase(&r, i);
    assert_int_equal(r.ev[end].done, 16);
    assert_int_equal(r.ev[end].total, 0);
    i = find(&r, "reading", "");
    assert_int_equal(i, end + 1);
    end = check_phase(&r, i);
    assert_string_equal(r.ev[i].unit, "essay");
    assert_int_equal(r.ev[i].total, 16);
    assert_int_equal(r.ev[end].done, 16);
    const char *analytics[] = {"similarity", "terms", "keyterms", "lengths",
                               "audit"};
    size_t last = i;
    for (size_t a = 0; a < sizeof analytics / sizeof *analytics; a++) {
      size_t k = find(&r, analytics[a], "");
      assert_true(k != SIZE_MAX && k > last);
      last = k;
    }
    i = find(&r, "similarity", "");
    end = check_phase(&r, i);
    assert_string_equal(r.ev[end].unit, "pair");
    assert_int_equal(r.ev[end].done, 16 * 15 / 2);
    i = find(&r, "writing", "essays");
    assert_true(i != SIZE_MAX && i > last);
    end = check_phase(&r, i);
    assert_string_equal(r.ev[end].unit, "row");
    assert_int_equal(r.ev[end].done, 16); /* one row per essay */
  }
}

/* Work a report does not need is not done, so not reported either. */
static void test_only_needed_phases(void **state) {
  (void)state;
  static recorder r;
  run(&r, 2, es_report_needs("terms"), "terms");
  assert_true(find(&r, "terms", "") != SIZE_MAX);
  assert_true(find(&r, "similarity", "") == SIZE_MAX);
  assert_true(find(&r, "audit", "") == SIZE_MAX);
  size_t i = find(&r, "writing", "terms");
  assert_true(i != SIZE_MAX);
  assert_true(r.ev[check_phase(&r, i)].done > 1000);
}

/* es_phase: many threads adding at once; calls never overlap, the end
 * has the sum, and updates are throttled. */
typedef struct adder {
  es_phase *p;
  int n;
} adder;

static void *add_many(void *arg) {
  adder *a = arg;
  for (int i = 0; i < a->n; i++)
    es_phase_add(a->p, 1);
  return NULL;
}

static void test_phase_threads(void **state) {
  (void)state;
  static recorder r;
  memset(&r, 0, sizeof r);
  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  o.phase_progress = record;
  o.phase_payload = &r;
  es_phase p;
  es_phase_begin(&p, &o, "test", "x", "step", 400000);
  pthread_t th[4];
  adder a = {&p, 100000};
  for (int t = 0; t < 4; t++)
    assert_int_equal(pthread_create(&th[t], NULL, add_many, &a), 0);
  for (int t = 0; t < 4; t++)
    pthread_join(th[t], NULL);
  es_phase_end(&p, UINT64_MAX);
  assert_int_equal(r.overlaps, 0);
  size_t end = check_phase(&r, 0);
  assert_int_equal(end, r.n - 1);
  assert_int_equal(r.ev[end].done, 400000);
  assert_int_equal(r.ev[end].total, 400000);
  /* At most ten updates a second (and a few to spare). */
  assert_true((double)(r.n - 2) <= r.ev[end].seconds * 10 + 2);

  /* Without a callback nothing happens. */
  es_phase q;
  es_phase_begin(&q, NULL, "test", NULL, "step", 0);
  es_phase_add(&q, 5);
  es_phase_end(&q, UINT64_MAX);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_phase),
      cmocka_unit_test(test_only_needed_phases),
      cmocka_unit_test(test_phase_threads),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
