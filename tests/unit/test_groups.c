/* test_groups.c - multi-valued --group-by (a sequence value puts an essay
 * in the group of each distinct item), group order, the membership lists
 * of stats.h, terms/keyterms/lengths/histogram per group, histogram groups
 * on the (all) row's bin edges, and the usage error for a field that no
 * essay has.
 *
 * The corpus is tests/fixtures/groups; its README gives the hand counts
 * that every expected number below comes from. */
#include "test_util.h"

#include "analytics/stats.h"

#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE "tests/fixtures/groups"

typedef struct loaded {
  es_corpus *c;
  es_stats *st;
} loaded;

static int chdir_source(void **state) {
  (void)state;
  return chdir(ES_SOURCE_DIR);
}

static loaded load(const char *group_by, es_weighting w, unsigned needs) {
  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  o.jobs = 2;
  o.group_by = group_by;
  o.weighting = w;
  loaded l = {NULL, NULL};
  assert_int_equal(es_corpus_new(&l.c, &o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(l.c, FIXTURE, NULL), ES_OK);
  assert_int_equal(es_corpus_load(l.c, NULL), ES_OK);
  assert_int_equal(es_stats_compute(&l.st, l.c, needs, NULL), ES_OK);
  return l;
}

static void unload(loaded *l) {
  es_stats_free(l->st);
  es_corpus_free(l->c);
}

static size_t group_index(const es_stats *st, const char *name) {
  for (size_t g = 0; g < es_stats_group_count(st); g++)
    if (strcmp(es_stats_group_name(st, g), name) == 0)
      return g;
  fail_msg("no group '%s'", name);
  return 0;
}

/* Essay gK's corpus index (doc_ids sort as g1 ... g8). */
static size_t doc(const es_corpus *c, int k) {
  char id[64];
  snprintf(id, sizeof id, FIXTURE "/g%d.md", k);
  for (size_t i = 0; i < es_corpus_count(c); i++)
    if (strcmp(es_corpus_doc_id(c, i), id) == 0)
      return i;
  fail_msg("no essay %s", id);
  return 0;
}

/* Group `name` holds exactly the essays g<k> of `ks` (0-terminated). */
static void check_members(const loaded *l, const char *name, const int *ks) {
  const es_stats *st = l->st;
  size_t g = group_index(st, name), n = 0;
  for (; ks[n]; n++)
    ;
  assert_int_equal(st->gmem_off[g + 1] - st->gmem_off[g], n);
  for (size_t q = 0; q < n; q++)
    assert_int_equal(st->gmem[st->gmem_off[g] + q], doc(l->c, ks[q]));
}

static void test_membership(void **state) {
  (void)state;
  loaded l = load("tags", ES_WEIGHTING_LTC, ES_NEED_TERMS);
  const es_stats *st = l.st;
  static const char *const names[] = {"(all)", "faith", "hope",
                                      "ruin",  "x; y",  "(none)"};
  assert_int_equal(es_stats_group_count(st), 6);
  for (size_t g = 0; g < 6; g++)
    assert_string_equal(es_stats_group_name(st, g), names[g]);
  check_members(&l, "(all)", (const int[]){1, 2, 3, 4, 5, 6, 7, 8, 0});
  check_members(&l, "faith", (const int[]){1, 2, 0});
  check_members(&l, "hope", (const int[]){2, 6, 7, 0});
  check_members(&l, "ruin", (const int[]){1, 3, 6, 0});
  check_members(&l, "x; y", (const int[]){6, 0});
  check_members(&l, "(none)", (const int[]){4, 5, 8, 0});
  /* The other direction: g2 is in (all), faith and hope, each once
   * although its sequence repeats faith. */
  size_t i = doc(l.c, 2);
  assert_int_equal(st->dgrp_off[i + 1] - st->dgrp_off[i], 3);
  assert_int_equal(st->dgrp[st->dgrp_off[i]], 0);
  assert_int_equal(st->dgrp[st->dgrp_off[i] + 1], 1);
  assert_int_equal(st->dgrp[st->dgrp_off[i] + 2], 2);
  unload(&l);

  /* Without --group-by: one group, every essay in it. */
  l = load(NULL, ES_WEIGHTING_LTC, ES_NEED_TERMS);
  assert_int_equal(es_stats_group_count(l.st), 1);
  check_members(&l, "(all)", (const int[]){1, 2, 3, 4, 5, 6, 7, 8, 0});
  for (size_t e = 0; e < es_corpus_count(l.c); e++)
    assert_int_equal(l.st->dgrp_off[e + 1] - l.st->dgrp_off[e], 1);
  unload(&l);
}

static const es_term_row *term(const es_stats *st, const char *group,
                               const char *t) {
  size_t g = group_index(st, group);
  for (size_t i = 0; i < es_stats_term_count(st, g); i++)
    if (strcmp(es_stats_term(st, g, i)->term, t) == 0)
      return es_stats_term(st, g, i);
  fail_msg("no term '%s' in group %s", t, group);
  return NULL;
}

static void check_term(const es_stats *st, const char *group, const char *t,
                       uint64_t count, uint64_t docs, double share,
                       double idf) {
  const es_term_row *r = term(st, group, t);
  assert_int_equal(r->count, count);
  assert_int_equal(r->docs, docs);
  es_assert_rel(r->doc_share, share, 1e-12);
  es_assert_rel(r->idf, idf, 1e-12);
}

/* Counts, df and idf within each group: N is the group's own size. */
static void test_terms(void **state) {
  (void)state;
  loaded l = load("tags", ES_WEIGHTING_LTC, ES_NEED_TERMS);
  const es_stats *st = l.st;
  /* (all), N = 8. ltc idf = ln(N / df). */
  check_term(st, "(all)", "alpha", 4, 4, 0.5, log(2.0));
  check_term(st, "(all)", "beta", 5, 4, 0.5, log(2.0));
  check_term(st, "(all)", "gamma", 3, 2, 0.25, log(4.0));
  check_term(st, "(all)", "delta", 3, 1, 0.125, log(8.0));
  check_term(st, "(all)", "epsilon", 1, 1, 0.125, log(8.0));
  /* faith {g1, g2}: alpha in both, so its idf is exactly 0. */
  check_term(st, "faith", "alpha", 2, 2, 1.0, 0.0);
  assert_true(term(st, "faith", "alpha")->idf == 0.0);
  check_term(st, "faith", "beta", 2, 1, 0.5, log(2.0));
  check_term(st, "faith", "gamma", 1, 1, 0.5, log(2.0));
  /* hope {g2, g6, g7}. */
  check_term(st, "hope", "gamma", 3, 2, 2.0 / 3, log(1.5));
  check_term(st, "hope", "alpha", 1, 1, 1.0 / 3, log(3.0));
  check_term(st, "hope", "beta", 1, 1, 1.0 / 3, log(3.0));
  /* ruin {g1, g3, g6}: beta in g1 (2) and g3 (1). */
  check_term(st, "ruin", "beta", 3, 2, 2.0 / 3, log(1.5));
  check_term(st, "ruin", "delta", 3, 1, 1.0 / 3, log(3.0));
  check_term(st, "ruin", "gamma", 2, 1, 1.0 / 3, log(3.0));
  check_term(st, "ruin", "alpha", 1, 1, 1.0 / 3, log(3.0));
  /* x; y {g6}: N = 1, df = 1. */
  check_term(st, "x; y", "gamma", 2, 1, 1.0, 0.0);
  assert_int_equal(es_stats_term_count(st, group_index(st, "x; y")), 1);
  /* (none) {g4, g5, g8}. */
  check_term(st, "(none)", "alpha", 2, 2, 2.0 / 3, log(1.5));
  check_term(st, "(none)", "beta", 1, 1, 1.0 / 3, log(3.0));
  check_term(st, "(none)", "epsilon", 1, 1, 1.0 / 3, log(3.0));
  /* Sorted by count desc, then term: (all) starts beta 5, alpha 4. */
  assert_string_equal(es_stats_term(st, 0, 0)->term, "beta");
  assert_string_equal(es_stats_term(st, 0, 1)->term, "alpha");
  unload(&l);

  /* --weighting sklearn: idf = ln((1 + N) / (1 + df)) + 1. */
  l = load("tags", ES_WEIGHTING_SKLEARN, ES_NEED_TERMS);
  st = l.st;
  check_term(st, "(all)", "alpha", 4, 4, 0.5, log(9.0 / 5) + 1);
  check_term(st, "(all)", "delta", 3, 1, 0.125, log(9.0 / 2) + 1);
  check_term(st, "faith", "alpha", 2, 2, 1.0, 1.0);
  check_term(st, "hope", "gamma", 3, 2, 2.0 / 3, log(4.0 / 3) + 1);
  unload(&l);
}

static const es_keyterm_row *keyterm(const es_stats *st, const char *group,
                                     const char *key) {
  size_t g = group_index(st, group);
  for (size_t i = 0; i < es_stats_keyterm_count(st, g); i++)
    if (strcmp(es_stats_keyterm(st, g, i)->key, key) == 0)
      return es_stats_keyterm(st, g, i);
  return NULL;
}

static void test_keyterms(void **state) {
  (void)state;
  loaded l = load("tags", ES_WEIGHTING_LTC, ES_NEED_KEYTERMS);
  const es_stats *st = l.st;
  assert_int_equal(es_stats_keyterm_count(st, 0), 2);
  assert_int_equal(es_stats_keyterm_count(st, group_index(st, "ruin")), 2);
  assert_int_equal(es_stats_keyterm_count(st, group_index(st, "faith")), 1);
  assert_int_equal(es_stats_keyterm_count(st, group_index(st, "hope")), 1);
  assert_int_equal(es_stats_keyterm_count(st, group_index(st, "x; y")), 1);
  assert_int_equal(es_stats_keyterm_count(st, group_index(st, "(none)")), 0);
  const es_keyterm_row *r = keyterm(st, "faith", "beta");
  assert_non_null(r);
  assert_int_equal(r->inline_count, 1);
  assert_string_equal(r->first_doc, FIXTURE "/g1.md");
  r = keyterm(st, "ruin", "gamma");
  assert_non_null(r);
  assert_int_equal(r->label_count, 1);
  assert_string_equal(r->first_doc, FIXTURE "/g6.md");
  assert_non_null(keyterm(st, "x; y", "gamma"));
  assert_null(keyterm(st, "hope", "beta"));
  unload(&l);
}

static const es_distribution *dist(const es_stats *st, const char *unit,
                                   const char *group) {
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    const es_distribution *d = es_stats_distribution(st, i);
    if (strcmp(d->unit, unit) == 0 && strcmp(d->group, group) == 0)
      return d;
  }
  return NULL;
}

/* The essay unit's groups all use the (all) row's three bins over [1, 4]
 * (README: Freedman-Diaconis on 1 1 1 2 2 2 3 4), including bins left
 * empty and groups whose own range is a single value. */
static void test_histogram_edges(void **state) {
  (void)state;
  loaded l = load("tags", ES_WEIGHTING_LTC, ES_NEED_LENGTHS);
  const es_stats *st = l.st;
  static const struct {
    const char *group;
    size_t n;
    size_t count[3];
  } want[] = {{"(all)", 8, {3, 3, 2}}, {"faith", 2, {0, 1, 1}},
              {"hope", 3, {1, 2, 0}},  {"ruin", 3, {0, 1, 2}},
              {"x; y", 1, {0, 1, 0}},  {"(none)", 3, {2, 1, 0}}};
  for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
    const es_distribution *d = dist(st, "essay", want[k].group);
    assert_non_null(d);
    assert_int_equal(d->n, want[k].n);
    assert_int_equal(d->bins, 3);
    for (size_t b = 0; b < 3; b++) {
      es_assert_rel(d->lo[b], 1.0 + (double)b, 1e-12);
      es_assert_rel(d->hi[b], 2.0 + (double)b, 1e-12);
      assert_int_equal(d->count[b], want[k].count[b]);
    }
  }
  /* The group's own statistics are its own: x; y has min = max = 2. */
  const es_distribution *d = dist(st, "essay", "x; y");
  es_assert_rel(d->min, 2.0, 1e-12);
  es_assert_rel(d->max, 2.0, 1e-12);
  /* Rows: unit, label, then group order. */
  for (size_t i = 0; i < 6; i++)
    assert_string_equal(es_stats_distribution(st, i)->group,
                        es_stats_group_name(st, i));
  unload(&l);
}

/* Run the CLI with stderr captured too; returns the exit status. */
static int cli_all(const char *args, char *out, size_t cap) {
  char cmd[2048];
  snprintf(cmd, sizeof cmd, "'%s' --no-progress %s 2>&1", ES_CLI, args);
  FILE *p = popen(cmd, "r");
  assert_non_null(p);
  size_t n = fread(out, 1, cap - 1, p);
  out[n] = 0;
  while (fgetc(p) != EOF)
    ;
  int st = pclose(p);
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A field that no analysed essay has: exit 2, a message naming the fields
 * that exist, nothing on stdout, no file and no folder written. */
static void test_unknown_field(void **state) {
  (void)state;
  char out[4096];
  assert_int_equal(
      cli_output("--report terms --group-by nosuch " FIXTURE, out, sizeof out),
      2);
  assert_string_equal(out, "");
  assert_int_equal(
      cli_all("--report terms --group-by nosuch " FIXTURE, out, sizeof out), 2);
  assert_non_null(strstr(out, "nosuch"));
  assert_non_null(strstr(out, "tags"));

  char dir[64];
  assert_int_equal(make_tmpdir(dir, sizeof dir, "grp"), 0);
  char args[512], sub[128];
  snprintf(sub, sizeof sub, "%s/out", dir);
  snprintf(args, sizeof args, "--out-dir %s --group-by nosuch %s", sub,
           FIXTURE);
  assert_int_equal(cli_output(args, out, sizeof out), 2);
  struct stat sb;
  assert_int_not_equal(stat(sub, &sb), 0); /* not even the folder */

  /* A field present only with empty values is a field: (none) holds all. */
  char in[128];
  snprintf(in, sizeof in, "%s/in", dir);
  write_file(in, "a.md", "---\nk: \"\"\n---\nword\n", 19);
  snprintf(args, sizeof args, "--report terms --group-by k %s/in", dir);
  assert_int_equal(cli_output(args, out, sizeof out), 0);
  assert_non_null(strstr(out, "(none),word,1,1,1.000000,0.000000"));

  /* No essay at all: that comes first, and is no usage error. */
  char empty[128];
  snprintf(empty, sizeof empty, "%s/empty", dir);
  assert_int_equal(mkdir(empty, 0777), 0);
  snprintf(args, sizeof args, "--report terms --group-by nosuch %s", empty);
  assert_int_not_equal(cli_output(args, out, sizeof out), 2);
  assert_int_equal(remove_tree(dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_membership),
      cmocka_unit_test(test_terms),
      cmocka_unit_test(test_keyterms),
      cmocka_unit_test(test_histogram_edges),
      cmocka_unit_test(test_unknown_field),
  };
  return cmocka_run_group_tests(tests, chdir_source, NULL);
}
