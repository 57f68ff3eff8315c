/* test_lengths.c - the lengths and histogram reports: which values make
 * each distribution, every statistic, undefined statistics, report order,
 * Freedman-Diaconis and --bins histograms, and --group-by.
 *
 * The corpus is tests/fixtures/analytics (word counts in its README). The
 * expected values come from the hand-counted samples below, checked two
 * ways: literal numbers worked out by hand, and a short textbook formula
 * written here (two-pass mean and sums of powers), never the GSL code the
 * engine calls. GSL's definitions, which the SPEC adopts:
 *   sd       = sqrt(sum (x - mean)^2 / (n - 1))
 *   skewness = (1/n) sum ((x - mean) / sd)^3         (sd with n - 1)
 *   kurtosis = (1/n) sum ((x - mean) / sd)^4 - 3
 *   quantile p: h = p (n - 1), i = floor(h), x[i] + (h - i)(x[i+1] - x[i]) */
#include "test_util.h"

#include <sys/wait.h>
#include <unistd.h>

#define FIXTURE "tests/fixtures/analytics"

static int chdir_source(void **state) {
  (void)state;
  return chdir(ES_SOURCE_DIR);
}

typedef struct loaded {
  es_corpus *c;
  es_stats *st;
} loaded;

static loaded load_dir(const char *path, const char *group_by, int bins) {
  loaded l = {NULL, NULL};
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  o.group_by = group_by;
  o.bins = bins;
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_corpus_new(&l.c, &o, &err), ES_OK);
  assert_int_equal(es_corpus_add_path(l.c, path, &err), ES_OK);
  assert_int_equal(es_corpus_load(l.c, &err), ES_OK);
  assert_int_equal(es_stats_compute(&l.st, l.c, ES_NEED_LENGTHS, &err), ES_OK);
  return l;
}

static loaded load(const char *group_by, int bins) {
  return load_dir(FIXTURE, group_by, bins);
}

static void unload(loaded *l) {
  es_stats_free(l->st);
  es_corpus_free(l->c);
}

static const es_distribution *dist(const es_stats *st, const char *unit,
                                   const char *label, const char *group) {
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    const es_distribution *d = es_stats_distribution(st, i);
    if (strcmp(d->unit, unit) == 0 && strcmp(d->label, label) == 0 &&
        strcmp(d->group, group) == 0)
      return d;
  }
  fail_msg("no distribution %s/%s/%s", unit, label, group);
  return NULL;
}

/* ---- the independent reference ------------------------------------------ */

typedef struct ref {
  double mean, sd, skew, kurt;
} ref;

/* Two passes over the data, textbook sums; `x` need not be sorted. */
static ref reference(const double *x, size_t n) {
  ref r;
  double s = 0, m2 = 0, m3 = 0, m4 = 0;
  for (size_t i = 0; i < n; i++)
    s += x[i];
  r.mean = s / (double)n;
  for (size_t i = 0; i < n; i++) {
    double d = x[i] - r.mean;
    m2 += d * d;
  }
  r.sd = sqrt(m2 / (double)(n - 1));
  for (size_t i = 0; i < n; i++) {
    double z = (x[i] - r.mean) / r.sd;
    m3 += z * z * z;
    m4 += z * z * z * z;
  }
  r.skew = m3 / (double)n;
  r.kurt = m4 / (double)n - 3.0;
  return r;
}

/* Linear interpolation between closest ranks; `x` sorted. */
static double ref_quantile(const double *x, size_t n, double p) {
  double h = p * (double)(n - 1);
  size_t i = (size_t)floor(h);
  if (i + 1 >= n)
    return x[n - 1];
  return x[i] + (h - (double)i) * (x[i + 1] - x[i]);
}

static void check_against_reference(const es_distribution *d, const double *x,
                                    size_t n) {
  assert_int_equal(d->n, n);
  ref r = reference(x, n);
  es_assert_rel(d->mean, r.mean, 1e-12);
  es_assert_rel(d->sd, r.sd, 1e-12);
  es_assert_rel(d->skewness, r.skew, 1e-10);
  es_assert_rel(d->kurtosis, r.kurt, 1e-10);
  es_assert_rel(d->min, x[0], 0);
  es_assert_rel(d->max, x[n - 1], 0);
  es_assert_rel(d->p10, ref_quantile(x, n, 0.10), 1e-12);
  es_assert_rel(d->q1, ref_quantile(x, n, 0.25), 1e-12);
  es_assert_rel(d->median, ref_quantile(x, n, 0.50), 1e-12);
  es_assert_rel(d->q3, ref_quantile(x, n, 0.75), 1e-12);
  es_assert_rel(d->p90, ref_quantile(x, n, 0.90), 1e-12);
}

/* ---- distributions ------------------------------------------------------- */

static void test_essay_unit(void **state) {
  (void)state;
  loaded l = load(NULL, 0);
  /* content_words of a1 a2 b1 n1 n2; b1's 3 preamble words count. */
  static const double x[] = {7, 7, 20, 21, 23};
  const es_distribution *d = dist(l.st, "essay", "", "(all)");
  check_against_reference(d, x, 5);
  /* By hand: mean 78/5; deviations -8.6 -8.6 4.4 5.4 7.4, squares sum
   * 251.2, variance 62.8; h = 4p: p10 at 0.4 -> 7, q1 at 1 -> 7, median
   * 20, q3 21, p90 at 3.6 -> 21 + 0.6 * 2 = 22.2. Third and fourth moment
   * sums -624.24 and 15163.936, so skewness = -124.848 / 62.8^1.5 and
   * kurtosis = 3032.7872 / 62.8^2 - 3. */
  es_assert_rel(d->mean, 15.6, 1e-14);
  es_assert_rel(d->sd, sqrt(62.8), 1e-14);
  es_assert_rel(d->p10, 7, 1e-14);
  es_assert_rel(d->q1, 7, 1e-14);
  es_assert_rel(d->median, 20, 1e-14);
  es_assert_rel(d->q3, 21, 1e-14);
  es_assert_rel(d->p90, 22.2, 1e-14);
  es_assert_rel(d->skewness, -124.848 / pow(62.8, 1.5), 1e-12);
  es_assert_rel(d->kurtosis, 3032.7872 / (62.8 * 62.8) - 3, 1e-12);
  es_assert_rel(d->skewness, -0.2508661842, 1e-9);
  es_assert_rel(d->kurtosis, -2.2310065317, 1e-9);
  unload(&l);
}

static void test_section_unit(void **state) {
  (void)state;
  loaded l = load(NULL, 0);
  /* words of every section (not the preamble), sorted. */
  static const double x[] = {0, 0, 2, 2, 3, 3, 4, 5, 5, 5, 6, 6, 7, 8, 9, 10};
  const es_distribution *d = dist(l.st, "section", "", "(all)");
  check_against_reference(d, x, 16);
  /* By hand, h = 15p: p10 1.5 -> 1; q1 3.75 -> 2.75; median 7.5 -> 5;
   * q3 11.25 -> 6.25; p90 13.5 -> 8.5. Mean 75/16. */
  es_assert_rel(d->mean, 4.6875, 1e-14);
  es_assert_rel(d->p10, 1.0, 1e-14);
  es_assert_rel(d->q1, 2.75, 1e-14);
  es_assert_rel(d->median, 5.0, 1e-14);
  es_assert_rel(d->q3, 6.25, 1e-14);
  es_assert_rel(d->p90, 8.5, 1e-14);
  unload(&l);
}

static void test_subsection_and_part_units(void **state) {
  (void)state;
  loaded l = load(NULL, 0);
  /* Level >= 3 sections, own words: Point One 8, Point Two 6, Detail 5,
   * Extra Note 6. By hand, h = 3p: p10 5.3, q1 5.75, median 6, q3 6.5,
   * p90 7.4; mean 6.25, variance 4.75 / 3. */
  static const double sub[] = {5, 6, 6, 8};
  const es_distribution *d = dist(l.st, "subsection", "", "(all)");
  check_against_reference(d, sub, 4);
  es_assert_rel(d->p10, 5.3, 1e-14);
  es_assert_rel(d->q1, 5.75, 1e-14);
  es_assert_rel(d->q3, 6.5, 1e-14);
  es_assert_rel(d->p90, 7.4, 1e-14);
  es_assert_rel(d->sd, sqrt(4.75 / 3), 1e-14);
  /* Parts use words_total: Body is 14 (a1: 0 + 8 + 6), 10, 11 (b1). */
  static const double body[] = {10, 11, 14};
  check_against_reference(dist(l.st, "part", "Body", "(all)"), body, 3);
  static const double intro[] = {2, 3, 5, 7};
  check_against_reference(dist(l.st, "part", "Introduction", "(all)"), intro,
                          4);
  /* Labels exactly as written: b1's INTRODUCTION is its own part. */
  d = dist(l.st, "part", "INTRODUCTION", "(all)");
  assert_int_equal(d->n, 1);
  es_assert_rel(d->mean, 9, 0);
  unload(&l);
}

/* Report order: unit (essay, part, subsection, section), then label
 * bytewise, then group ((all), values bytewise, (none)); n = 0 never
 * appears (B has no Analysis part, (none) no subsection). */
static void test_order_and_groups(void **state) {
  (void)state;
  loaded l = load("category", 0);
  static const struct {
    const char *unit, *label, *group;
    size_t n;
  } want[] = {
      {"essay", "", "(all)", 5},
      {"essay", "", "A", 2},
      {"essay", "", "B", 1},
      {"essay", "", "(none)", 2},
      {"part", "Analysis", "(all)", 2},
      {"part", "Analysis", "(none)", 2},
      {"part", "Body", "(all)", 3},
      {"part", "Body", "A", 2},
      {"part", "Body", "B", 1},
      {"part", "Conclusion", "(all)", 2},
      {"part", "Conclusion", "A", 2},
      {"part", "INTRODUCTION", "(all)", 1},
      {"part", "INTRODUCTION", "B", 1},
      {"part", "Introduction", "(all)", 4},
      {"part", "Introduction", "A", 2},
      {"part", "Introduction", "(none)", 2},
      {"subsection", "", "(all)", 4},
      {"subsection", "", "A", 2},
      {"subsection", "", "B", 2},
      {"section", "", "(all)", 16},
      {"section", "", "A", 8},
      {"section", "", "B", 4},
      {"section", "", "(none)", 4},
  };
  size_t nw = sizeof want / sizeof *want;
  assert_int_equal(es_stats_distribution_count(l.st), nw);
  for (size_t i = 0; i < nw; i++) {
    const es_distribution *d = es_stats_distribution(l.st, i);
    assert_string_equal(d->unit, want[i].unit);
    assert_string_equal(d->label, want[i].label);
    assert_string_equal(d->group, want[i].group);
    assert_int_equal(d->n, want[i].n);
  }
  assert_null(es_stats_distribution(l.st, nw));
  /* Each group computed on its own values. */
  static const double sa[] = {0, 2, 3, 5, 6, 7, 8, 10};
  check_against_reference(dist(l.st, "section", "", "A"), sa, 8);
  static const double sb[] = {0, 5, 6, 9};
  check_against_reference(dist(l.st, "section", "", "B"), sb, 4);
  static const double sn[] = {2, 3, 4, 5};
  check_against_reference(dist(l.st, "section", "", "(none)"), sn, 4);
  /* (all) is unchanged by grouping. */
  static const double ea[] = {7, 7, 20, 21, 23};
  check_against_reference(dist(l.st, "essay", "", "(all)"), ea, 5);
  unload(&l);
}

static void test_one_and_two_values(void **state) {
  (void)state;
  loaded l = load("category", 0);
  /* One value (group B, content 23): sd, skewness, kurtosis undefined;
   * every quantile is the value. */
  const es_distribution *d = dist(l.st, "essay", "", "B");
  assert_int_equal(d->n, 1);
  es_assert_rel(d->mean, 23, 0);
  assert_true(isnan(d->sd));
  assert_true(isnan(d->skewness));
  assert_true(isnan(d->kurtosis));
  es_assert_rel(d->min, 23, 0);
  es_assert_rel(d->p10, 23, 0);
  es_assert_rel(d->median, 23, 0);
  es_assert_rel(d->p90, 23, 0);
  es_assert_rel(d->max, 23, 0);
  /* Two values (group A, 20 and 21): sd = 1/sqrt(2); z = -+1/sqrt(2), so
   * skewness = 0 and kurtosis = (1/4 + 1/4)/2 - 3 = -2.75; quantiles
   * 20 + p. */
  d = dist(l.st, "essay", "", "A");
  assert_int_equal(d->n, 2);
  es_assert_rel(d->mean, 20.5, 1e-15);
  es_assert_rel(d->sd, sqrt(0.5), 1e-15);
  assert_true(fabs(d->skewness) < 1e-15);
  es_assert_rel(d->kurtosis, -2.75, 1e-14);
  es_assert_rel(d->p10, 20.1, 1e-14);
  es_assert_rel(d->q1, 20.25, 1e-14);
  es_assert_rel(d->median, 20.5, 1e-14);
  es_assert_rel(d->q3, 20.75, 1e-14);
  es_assert_rel(d->p90, 20.9, 1e-14);
  /* Two equal values ((none): 7 and 7): sd = 0 is defined, skewness and
   * kurtosis divide by it and are undefined. */
  d = dist(l.st, "essay", "", "(none)");
  assert_int_equal(d->n, 2);
  es_assert_rel(d->sd, 0, 0);
  assert_true(isnan(d->skewness));
  assert_true(isnan(d->kurtosis));
  unload(&l);
}

/* ---- histograms ---------------------------------------------------------- */

static void check_bins(const es_distribution *d, size_t bins, const double *lo,
                       const double *hi, const size_t *count) {
  assert_int_equal(d->bins, bins);
  size_t total = 0;
  for (size_t b = 0; b < bins; b++) {
    es_assert_rel(d->lo[b], lo[b], 1e-12);
    es_assert_rel(d->hi[b], hi[b], 1e-12);
    assert_int_equal(d->count[b], count[b]);
    total += d->count[b];
  }
  assert_int_equal(total, d->n);
  es_assert_rel(d->lo[0], d->min, 0);
  es_assert_rel(d->hi[bins - 1], d->max, 0); /* exactly max */
}

/* A group row's bins: the (all) row's edges, its own counts. */
static void check_group_bins(const es_distribution *d, size_t bins,
                             const double *lo, const double *hi,
                             const size_t *count) {
  assert_non_null(d);
  assert_int_equal(d->bins, bins);
  size_t total = 0;
  for (size_t b = 0; b < bins; b++) {
    es_assert_rel(d->lo[b], lo[b], 1e-12);
    es_assert_rel(d->hi[b], hi[b], 1e-12);
    assert_int_equal(d->count[b], count[b]);
    total += d->count[b];
  }
  assert_int_equal(total, d->n);
}

/* Freedman-Diaconis bins, by a formula written here. */
static size_t ref_fd(double iqr, double range, size_t n) {
  if (iqr <= 0 || range <= 0)
    return 1;
  double b = ceil(range / (2 * iqr / cbrt((double)n)));
  return b < 1 ? 1 : b > 100 ? 100 : (size_t)b;
}

static void test_histogram_fd(void **state) {
  (void)state;
  loaded l = load("category", 0);
  /* section (all): IQR 6.25 - 2.75 = 3.5, width 7 / 16^(1/3) = 2.778,
   * range 10 -> ceil(3.6) = 4 bins of 2.5; x goes to floor(x * 4 / 10):
   * {0,0,2,2} {3,3,4} {5,5,5,6,6,7} {8,9,10}. 5 sits on an edge and goes
   * up; 10 = max is in the closed last bin. */
  const es_distribution *d = dist(l.st, "section", "", "(all)");
  assert_int_equal(ref_fd(3.5, 10, 16), 4);
  static const double lo4[] = {0, 2.5, 5, 7.5}, hi4[] = {2.5, 5, 7.5, 10};
  static const size_t c4[] = {4, 3, 6, 3};
  check_bins(d, 4, lo4, hi4, c4);
  /* subsection (all) {5,6,6,8}: IQR 0.75, width 1.5 / 4^(1/3) = 0.945,
   * range 3 -> 4 bins of 0.75, one of them empty. */
  d = dist(l.st, "subsection", "", "(all)");
  assert_int_equal(ref_fd(0.75, 3, 4), 4);
  static const double slo[] = {5, 5.75, 6.5, 7.25},
                      shi[] = {5.75, 6.5, 7.25, 8};
  static const size_t sc[] = {1, 2, 0, 1};
  check_bins(d, 4, slo, shi, sc);
  /* essay (all) {7,7,20,21,23}: IQR 14, width 28 / 5^(1/3) = 16.37 >
   * range 16 -> one bin. */
  d = dist(l.st, "essay", "", "(all)");
  assert_int_equal(ref_fd(14, 16, 5), 1);
  static const double elo[] = {7}, ehi[] = {23};
  static const size_t ec[] = {5};
  check_bins(d, 1, elo, ehi, ec);
  /* Group rows use the (all) row's edges (SPEC v2), so the groups of a
   * unit overlay: essay A {20,21}, B {23} and (none) {7,7} each get the
   * one bin [7, 23]. */
  static const double ehi1[] = {23};
  static const size_t ac[] = {2}, bc[] = {1}, nc[] = {2};
  check_group_bins(dist(l.st, "essay", "", "A"), 1, elo, ehi1, ac);
  check_group_bins(dist(l.st, "essay", "", "B"), 1, elo, ehi1, bc);
  check_group_bins(dist(l.st, "essay", "", "(none)"), 1, elo, ehi1, nc);
  /* section: the (all) edges 0, 2.5, 5, 7.5, 10 for every group.
   * A {0,2,3,5,6,7,8,10}, B {0,5,6,9}, (none) {2,3,4,5}; the group counts
   * add up to the (all) counts 4 3 6 3. */
  static const size_t sa[] = {2, 1, 3, 2}, sb[] = {1, 0, 2, 1},
                      sn[] = {1, 2, 1, 0};
  check_group_bins(dist(l.st, "section", "", "A"), 4, lo4, hi4, sa);
  check_group_bins(dist(l.st, "section", "", "B"), 4, lo4, hi4, sb);
  check_group_bins(dist(l.st, "section", "", "(none)"), 4, lo4, hi4, sn);
  /* max = min: one bin with lo = hi (INTRODUCTION {9}, (all) and B). */
  d = dist(l.st, "part", "INTRODUCTION", "(all)");
  static const double blo[] = {9};
  check_bins(d, 1, blo, blo, bc);
  check_bins(dist(l.st, "part", "INTRODUCTION", "B"), 1, blo, blo, bc);
  /* Every distribution's counts add up to n. */
  for (size_t i = 0; i < es_stats_distribution_count(l.st); i++) {
    d = es_stats_distribution(l.st, i);
    size_t total = 0;
    for (size_t b = 0; b < d->bins; b++)
      total += d->count[b];
    assert_int_equal(total, d->n);
  }
  unload(&l);
}

static void test_histogram_bins_option(void **state) {
  (void)state;
  loaded l = load(NULL, 3);
  /* section (all) in 3 bins of 10/3: floor(3x/10) puts 0..3 in bin 0,
   * 4..6 in bin 1, 7..10 in bin 2. */
  const es_distribution *d = dist(l.st, "section", "", "(all)");
  static const double lo3[] = {0, 10.0 / 3, 20.0 / 3},
                      hi3[] = {10.0 / 3, 20.0 / 3, 10};
  static const size_t c3[] = {6, 6, 4};
  check_bins(d, 3, lo3, hi3, c3);
  /* --bins does not split a distribution whose max = min. */
  d = dist(l.st, "part", "INTRODUCTION", "(all)");
  assert_int_equal(d->bins, 1);
  unload(&l);
  l = load(NULL, 2);
  /* 2 bins: 5 = (min + max) / 2 goes to the upper bin. */
  d = dist(l.st, "section", "", "(all)");
  static const double lo2[] = {0, 5}, hi2[] = {5, 10};
  static const size_t c2[] = {7, 9};
  check_bins(d, 2, lo2, hi2, c2);
  unload(&l);
  l = load(NULL, 100);
  d = dist(l.st, "section", "", "(all)");
  assert_int_equal(d->bins, 100);
  assert_int_equal(d->count[0], 2);  /* the two zeros */
  assert_int_equal(d->count[50], 3); /* the three fives */
  assert_int_equal(d->count[99], 1); /* 10, in the closed last bin */
  unload(&l);
}

/* IQR = 0 with range > 0: the FD width is 0 and the engine uses one bin
 * (docs/analytics.md). Content words 5,5,5,5,9: q1 = q3 = 5. */
static void test_histogram_iqr_zero(void **state) {
  (void)state;
  char dir[] = "/tmp/es_len_XXXXXX";
  assert_non_null(mkdtemp(dir));
  static const char *const bodies[] = {"a b c d e\n", "a b c d e\n",
                                       "a b c d e\n", "a b c d e\n",
                                       "a b c d e f g h i\n"};
  for (size_t i = 0; i < 5; i++) {
    char name[16];
    snprintf(name, sizeof name, "e%zu.md", i);
    write_file(dir, name, bodies[i], strlen(bodies[i]));
  }
  loaded l = load_dir(dir, NULL, 0);
  /* No headings: all preamble, so only the essay unit exists. */
  assert_int_equal(es_stats_distribution_count(l.st), 1);
  const es_distribution *d = dist(l.st, "essay", "", "(all)");
  es_assert_rel(d->q1, 5, 0);
  es_assert_rel(d->q3, 5, 0);
  static const double lo[] = {5}, hi[] = {9};
  static const size_t c[] = {5};
  check_bins(d, 1, lo, hi, c);
  /* Skewness and kurtosis by hand: mean 5.8, deviations -0.8 x4 and 3.2,
   * variance 12.8 / 4 = 3.2; sums of cubes 30.72, of fourth powers
   * 106.496. */
  es_assert_rel(d->skewness, 30.72 / 5 / pow(3.2, 1.5), 1e-12);
  es_assert_rel(d->kurtosis, 106.496 / 5 / (3.2 * 3.2) - 3, 1e-12);
  unload(&l);
  assert_int_equal(remove_tree(dir), 0);
}

/* No essay analysed (the only essay is too large): no distribution, no
 * term, no key term, and no crash (the sanitizer build caught qsort being
 * handed a NULL array here). */
static void test_nothing_analysed(void **state) {
  (void)state;
  char dir[] = "/tmp/es_empty_XXXXXX";
  assert_non_null(mkdtemp(dir));
  const char *big = "---\ncat: x\n---\n# Title\n\n**key** words\n";
  write_file(dir, "big.md", big, strlen(big));
  es_options o = ES_OPTIONS_INIT;
  o.group_by = "cat";
  o.max_file_size = 8;
  es_corpus *c = NULL;
  es_stats *st = NULL;
  assert_int_equal(es_corpus_new(&c, &o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, dir, NULL), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  assert_int_equal(es_corpus_count(c), 1);
  assert_int_equal(es_corpus_analysed(c), 0);
  assert_int_equal(
      es_stats_compute(
          &st, c, ES_NEED_TERMS | ES_NEED_KEYTERMS | ES_NEED_LENGTHS, NULL),
      ES_OK);
  assert_int_equal(es_stats_group_count(st), 1);
  assert_int_equal(es_stats_distribution_count(st), 0);
  assert_int_equal(es_stats_term_count(st, 0), 0);
  assert_int_equal(es_stats_keyterm_count(st, 0), 0);
  es_stats_free(st);
  es_corpus_free(c);
  assert_int_equal(remove_tree(dir), 0);
}

static void test_cli_csv(void **state) {
  (void)state;
  static char out[1 << 16];
  assert_int_equal(cli_output("--report lengths --group-by category " FIXTURE,
                              out, sizeof out),
                   0);
  /* Undefined statistics are empty fields; sd = 0 is written. */
  assert_non_null(strstr(out, "\nessay,,B,1,23.000000,,23.000000,23.000000,"
                              "23.000000,23.000000,23.000000,23.000000,"
                              "23.000000,,\n"));
  assert_non_null(strstr(out, "\nessay,,(none),2,7.000000,0.000000,7.000000,"
                              "7.000000,7.000000,7.000000,7.000000,7.000000,"
                              "7.000000,,\n"));
  /* A skewness of zero is never written as -0.000000. */
  assert_null(strstr(out, "-0.000000"));
  assert_prefix(out, "unit,label,group,n,mean,sd,min,p10,q1,median,q3,p90,"
                     "max,skewness,kurtosis\n");
  assert_int_equal(
      cli_output("--report histogram --bins 2 " FIXTURE, out, sizeof out), 0);
  assert_non_null(strstr(out, "\nsection,,(all),0,0.000000,5.000000,7\n"
                              "section,,(all),1,5.000000,10.000000,9\n"));
  assert_prefix(out, "unit,label,group,bin,lo,hi,count\n");
  /* --bins outside 1..100 is a usage error. */
  assert_int_equal(
      cli_output("--report histogram --bins 0 " FIXTURE, out, sizeof out), 2);
  assert_string_equal(out, "");
  assert_int_equal(
      cli_output("--report histogram --bins 101 " FIXTURE, out, sizeof out), 2);
  assert_int_equal(
      cli_output("--report histogram --bins -3 " FIXTURE, out, sizeof out), 2);
  assert_int_equal(
      cli_output("--report histogram --bins 4x " FIXTURE, out, sizeof out), 2);
  assert_int_equal(
      cli_output("--report histogram --bins 100 " FIXTURE, out, sizeof out), 0);
  assert_int_equal(
      cli_output("--report histogram --bins 1 " FIXTURE, out, sizeof out), 0);
  assert_non_null(strstr(out, "\nsection,,(all),0,0.000000,10.000000,16\n"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_essay_unit),
      cmocka_unit_test(test_section_unit),
      cmocka_unit_test(test_subsection_and_part_units),
      cmocka_unit_test(test_order_and_groups),
      cmocka_unit_test(test_one_and_two_values),
      cmocka_unit_test(test_histogram_fd),
      cmocka_unit_test(test_histogram_bins_option),
      cmocka_unit_test(test_histogram_iqr_zero),
      cmocka_unit_test(test_nothing_analysed),
      cmocka_unit_test(test_cli_csv),
  };
  return cmocka_run_group_tests(tests, chdir_source, NULL);
}
