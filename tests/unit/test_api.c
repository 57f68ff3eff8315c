/* test_api.c - the public API's contracts: versioned options, field-named
 * messages, bounds of the corpus accessors, the report table and the
 * --reports choice of the CLI. */
#include "test_util.h"
#include "report.h"

#include <gsl/gsl_errno.h>
#include <unistd.h>

/* OpenBLAS, when the library was built with it. */
extern int openblas_get_num_threads(void) __attribute__((weak));
extern void openblas_set_num_threads(int) __attribute__((weak));

static void options_init_matches_macro(void **state) {
  (void)state;
  es_options a = ES_OPTIONS_INIT, b;
  memset(&b, 0xa5, sizeof b);
  assert_int_equal(es_options_init(&b, ES_OPTIONS_VERSION), ES_OK);
  assert_int_equal(b.version, ES_OPTIONS_VERSION);
  assert_int_equal(a.version, b.version);
  assert_string_equal(a.extensions, b.extensions);
  assert_string_equal(a.part_labels, b.part_labels);
  assert_true(a.max_file_size == b.max_file_size);
  assert_int_equal(a.jobs, b.jobs);
  assert_ptr_equal(a.group_by, b.group_by);
  assert_int_equal(a.top_k, b.top_k);
  assert_true(a.min_similarity == b.min_similarity);
  assert_true(a.dup_threshold == b.dup_threshold);
  assert_ptr_equal(a.stopwords, b.stopwords);
  assert_true(a.min_count == b.min_count);
  assert_int_equal(a.bins, b.bins);
  assert_ptr_equal(a.progress, b.progress);
  assert_ptr_equal(a.progress_payload, b.progress_payload);
  assert_int_equal(es_options_init(&b, ES_OPTIONS_VERSION + 1), ES_EINVAL);
  assert_int_equal(es_options_init(&b, 0), ES_EINVAL);
}

/* es_corpus_new rejects bad values and names the field, not a flag. */
static void options_rejected_by_field(void **state) {
  (void)state;
  static const struct {
    const char *field;
    int bins, top_k;
    uint64_t max;
    unsigned version;
  } bad[] = {
      {"bins", 101, 5, 1, ES_OPTIONS_VERSION},
      {"bins", -1, 5, 1, ES_OPTIONS_VERSION},
      {"top_k", 0, -1, 1, ES_OPTIONS_VERSION},
      {"max_file_size", 0, 5, 0, ES_OPTIONS_VERSION},
      {"version", 0, 5, 1, ES_OPTIONS_VERSION + 7},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    es_options o;
    es_options_init(&o, ES_OPTIONS_VERSION);
    o.bins = bad[i].bins;
    o.top_k = bad[i].top_k;
    o.max_file_size = bad[i].max;
    o.version = bad[i].version;
    es_error err;
    memset(&err, 0, sizeof err);
    es_corpus *c = NULL;
    assert_int_equal(es_corpus_new(&c, &o, &err), ES_EINVAL);
    assert_null(c);
    assert_int_equal(err.code, ES_EINVAL);
    assert_non_null(strstr(err.message, bad[i].field));
    assert_null(strstr(err.message, "--"));
  }
  assert_string_equal(es_status_name(ES_EIO), "ES_EIO");
  assert_string_equal(es_status_name((es_status)99), "ES_UNKNOWN");
}

static void corpus_accessors_bounded(void **state) {
  (void)state;
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, NULL, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, ES_SOURCE_DIR "/data/archive", NULL),
                   ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  size_t n = es_corpus_count(c);
  assert_true(n > 0);
  assert_non_null(es_corpus_doc_id(c, n - 1));
  assert_null(es_corpus_doc_id(c, n));
  assert_null(es_corpus_doc(c, n));
  assert_true(es_corpus_bytes(c, n) == -1);
  assert_int_equal(es_corpus_read_finding_count(c, n), 0);
  assert_null(es_corpus_read_finding(c, n, 0));
  assert_null(es_corpus_warning(c, es_corpus_warning_count(c)));
  /* Loaded: adding paths is refused. */
  assert_int_equal(es_corpus_add_path(c, ES_SOURCE_DIR "/data", NULL),
                   ES_EINVAL);
  es_corpus_free(c);
}

/* Every entry of the report table is complete, and the public lists
 * follow it. */
static void report_table_complete(void **state) {
  (void)state;
  const char *const *names = es_report_names();
  size_t n = 0;
  for (const es_reportdef *r = es_report__table; r->name; r++, n++) {
    assert_string_equal(names[n], r->name);
    assert_non_null(r->write);
    assert_non_null(r->description);
    assert_non_null(r->cols[0].name);
    assert_int_equal(es_report_needs(r->name), r->needs);
    for (const es_coldef *d = r->cols; d->name; d++)
      if (!(d->flags & ES_COLDEF_FRONT_MATTER))
        assert_non_null(d->cell);
  }
  assert_null(names[n]);
  assert_true(n <= 64);
  assert_int_equal(es_report_by_default("nope", NULL), 0);
  assert_int_equal(es_report_by_default("essays", NULL), 1);
}

static int count_files(const char *dir) {
  char cmd[1200];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", dir);
  FILE *p = popen(cmd, "r");
  int n = -1;
  if (fscanf(p, "%d", &n) != 1)
    n = -1;
  pclose(p);
  return n;
}

static void cli_reports_list(void **state) {
  (void)state;
  char dir[256], args[1024], out[64];
  assert_int_equal(make_tmpdir(dir, sizeof dir, "reports"), 0);
  snprintf(args, sizeof args, "-o '%s/a' --reports audit,terms '%s/data'", dir,
           ES_SOURCE_DIR);
  assert_int_equal(cli_output(args, out, sizeof out), 0);
  snprintf(args, sizeof args, "%s/a", dir);
  assert_int_equal(count_files(args), 3); /* two reports, datapackage */
  snprintf(args, sizeof args, "%s/a/similarity.csv", dir);
  assert_int_not_equal(access(args, F_OK), 0);
  /* Unknown names, an empty list, and --reports without --out-dir are
   * usage errors, and write nothing. */
  const char *bad[] = {"audit,bogus", "''", "audit,,terms"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    snprintf(args, sizeof args, "-o '%s/b' --reports %s '%s/data'", dir, bad[i],
             ES_SOURCE_DIR);
    assert_int_equal(cli_output(args, out, sizeof out), 2);
  }
  snprintf(args, sizeof args, "%s/b", dir);
  assert_int_not_equal(access(args, F_OK), 0);
  snprintf(args, sizeof args, "--reports terms '%s/data'", ES_SOURCE_DIR);
  assert_int_equal(cli_output(args, out, sizeof out), 2);
  assert_int_equal(remove_tree(dir), 0);
}

/* Every bad option value is a usage error (exit 2) before anything is
 * read or written. */
static void cli_rejects_bad_options(void **state) {
  (void)state;
  static const char *const bad[] = {
      "--jobs 0",
      "--jobs many",
      "--jobs 2000",
      "--top-k -1",
      "--top-k x",
      "--min-similarity x",
      "--min-similarity nan",
      "--dup-threshold 2x",
      "--min-count -3",
      "--bins 0",
      "--bins 101",
      "--max-file-size 0",
      "--max-file-size 12Q",
      "--max-file-size -5",
      "--fail-on sometimes",
      "--report nope",
      "--weighting tfidf",
      "--format xml",
      "--shingle 0",
      "--no-such-option",
      "-Z",
      "--report essays --out-dir /tmp/x",
      "--top-k",
  };
  char args[512], out[256];
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    snprintf(args, sizeof args, "%s '%s/data/archive'", bad[i], ES_SOURCE_DIR);
    int rc = cli_output(args, out, sizeof out);
    if (rc != 2)
      fail_msg("'%s' exited %d, not 2", bad[i], rc);
    assert_string_equal(out, "");
  }
  /* No PATH at all. */
  assert_int_equal(cli_output("--report essays", out, sizeof out), 2);
}

static void my_handler(const char *reason, const char *file, int line,
                       int gsl_errno) {
  (void)reason;
  (void)file;
  (void)line;
  (void)gsl_errno;
}

/* es_stats_compute puts the process's GSL handler and OpenBLAS thread
 * count back as it found them. */
static void stats_leave_process_alone(void **state) {
  (void)state;
  gsl_error_handler_t *prev = gsl_set_error_handler(my_handler);
  if (openblas_set_num_threads)
    openblas_set_num_threads(2);
  int blas = openblas_get_num_threads ? openblas_get_num_threads() : 0;
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, NULL, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, ES_SOURCE_DIR "/data", NULL), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  es_stats *st = NULL;
  assert_int_equal(es_stats_compute(&st, c, ES_NEED_ALL, NULL), ES_OK);
  assert_true(es_stats_neighbor_count(st, 0) > 0);
  assert_ptr_equal(gsl_set_error_handler(prev), my_handler);
  if (openblas_get_num_threads)
    assert_int_equal(openblas_get_num_threads(), blas);
  es_stats_free(st);
  es_corpus_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(options_init_matches_macro),
      cmocka_unit_test(options_rejected_by_field),
      cmocka_unit_test(corpus_accessors_bounded),
      cmocka_unit_test(report_table_complete),
      cmocka_unit_test(cli_reports_list),
      cmocka_unit_test(cli_rejects_bad_options),
      cmocka_unit_test(stats_leave_process_alone),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
