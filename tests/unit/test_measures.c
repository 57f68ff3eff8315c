/* test_measures.c - lexical diversity (types, TTR, MATTR, MTLD), Gries' DP
 * and keyness (G2, p, Log Ratio) on sequences small enough to work out on
 * paper. Each test's comment holds the working; term ids stand for words
 * (0 = "a", 1 = "b", ...). */
#include "test_util.h"

#include "analytics/measures.h"

static uint32_t scratch[4096];

static void check_scratch_clear(void) {
  for (size_t i = 0; i < sizeof scratch / sizeof *scratch; i++)
    if (scratch[i])
      fail_msg("scratch[%zu] = %u left behind", i, scratch[i]);
}

static es_lexdiv lexdiv(const uint32_t *seq, size_t n) {
  es_lexdiv d;
  es_measures__lexdiv(&d, seq, n, scratch);
  check_scratch_clear();
  return d;
}

/* No terms: types 0, no ratio (the caller writes empty fields). */
static void test_empty(void **state) {
  (void)state;
  es_lexdiv d = lexdiv(NULL, 0);
  assert_int_equal(d.terms, 0);
  assert_int_equal(d.types, 0);
  assert_false(d.has_mtld);
}

/* a b c: every term new, so each running TTR is 1. Forward and backward
 * passes close no segment and the last segment's partial factor is
 * (1 - 1) / 0.28 = 0: zero factors, no MTLD. Fewer than 100 terms: MATTR =
 * TTR = 3/3. */
static void test_all_distinct(void **state) {
  (void)state;
  uint32_t seq[] = {0, 1, 2};
  es_lexdiv d = lexdiv(seq, 3);
  assert_int_equal(d.types, 3);
  es_assert_rel(d.ttr, 1.0, 1e-15);
  es_assert_rel(d.mattr, 1.0, 1e-15);
  assert_false(d.has_mtld);
}

/* a a b:
 *   forward:  a (1/1), a (1/2 = 0.5 <= 0.72: factor 1, restart), b (1/1)
 *             -> last segment TTR 1, partial 0; factors 1; 3 / 1 = 3.
 *   backward: b (1/1), a (2/2), a (2/3 = 0.667: factor 1), nothing left
 *             -> factors 1; 3 / 1 = 3.
 * MTLD = (3 + 3) / 2 = 3. TTR = 2/3 = MATTR (fewer than 100 terms). */
static void test_mtld_small(void **state) {
  (void)state;
  uint32_t seq[] = {0, 0, 1};
  es_lexdiv d = lexdiv(seq, 3);
  assert_int_equal(d.types, 2);
  es_assert_rel(d.ttr, 2.0 / 3, 1e-15);
  es_assert_rel(d.mattr, 2.0 / 3, 1e-15);
  assert_true(d.has_mtld);
  es_assert_rel(d.mtld, 3.0, 1e-15);
}

/* a a b c d e (6 terms):
 *   forward:  a, a (1/2: factor), then b c d e all new (4/4 = 1):
 *             partial (1 - 1)/0.28 = 0; factors 1; 6 / 1 = 6.
 *   backward: e d c b a (5/5), a (5/6 = 0.833 > 0.72): no full factor;
 *             partial (1 - 5/6) / 0.28 = (1/6) / 0.28 = 0.595238...;
 *             6 / 0.595238 = 6 * 0.28 * 6 = 10.08.
 * MTLD = (6 + 10.08) / 2 = 8.04. */
static void test_mtld_partial(void **state) {
  (void)state;
  uint32_t seq[] = {0, 0, 1, 2, 3, 4};
  es_lexdiv d = lexdiv(seq, 6);
  assert_true(d.has_mtld);
  es_assert_rel(d.mtld, 8.04, 1e-12);
  double v = 0;
  es_assert_rel(es_measures__mtld_pass(seq, 6, -1, scratch, &v),
                (1.0 / 6) / 0.28, 1e-12);
  es_assert_rel(v, 10.08, 1e-12);
  check_scratch_clear();
}

/* The threshold is inclusive: 18 types in 25 tokens is TTR 0.72 exactly.
 * seq = 0 1 ... 17, then 0 seven times (25 terms, 18 types).
 *   forward:  TTR 18/L for L = 19..24 is above 0.72; at L = 25 it is 0.72:
 *             factor 1 at the very end, no partial; 25 / 1 = 25.
 *   backward: 0 0 0 0 0 0 0 17 16 ... 1 0: the zeros pair off (0 0: 1/2)
 *             three times (3 factors), the seventh 0 opens a segment with
 *             17..1 (18/18) and the last 0 (18/19 = 0.947):
 *             partial (1 - 18/19) / 0.28 = (1/19) / 0.28 = 0.18797;
 *             factors 3.18797; 25 / 3.18797 = 7.84198.
 * MTLD = (25 + 7.84198) / 2 = 16.42099. */
static void test_mtld_threshold(void **state) {
  (void)state;
  uint32_t seq[25];
  for (uint32_t i = 0; i < 18; i++)
    seq[i] = i;
  for (size_t i = 18; i < 25; i++)
    seq[i] = 0;
  es_lexdiv d = lexdiv(seq, 25);
  double v = 0;
  es_assert_rel(es_measures__mtld_pass(seq, 25, +1, scratch, &v), 1.0, 0);
  es_assert_rel(v, 25.0, 0);
  double bwd = 25.0 / (3 + (1.0 / 19) / 0.28);
  es_assert_rel(bwd, 7.84198, 1e-6);
  assert_true(d.has_mtld);
  es_assert_rel(d.mtld, (25 + bwd) / 2, 1e-12);
  check_scratch_clear();
}

/* 150 terms cycling through 50 ids (0..49, 0..49, 0..49).
 * types 50, TTR 50/150 = 1/3. Every window of 100 consecutive terms holds
 * all 50 ids: MATTR = 50/100 = 0.5.
 * MTLD forward: a segment holds 50 types; TTR 50/L <= 0.72 first at
 * L = 70 (50/69 = 0.7246, 50/70 = 0.7143): factors close at terms 70 and
 * 140; the last 10 terms (40..49) are all new, partial 0. 150 / 2 = 75.
 * Backward the sequence is again a cycle of 50 distinct ids: 75.
 * MTLD = 75. */
static void test_cycle(void **state) {
  (void)state;
  uint32_t seq[150];
  for (uint32_t i = 0; i < 150; i++)
    seq[i] = i % 50;
  es_lexdiv d = lexdiv(seq, 150);
  assert_int_equal(d.types, 50);
  es_assert_rel(d.ttr, 1.0 / 3, 1e-15);
  es_assert_rel(d.mattr, 0.5, 1e-15);
  assert_true(d.has_mtld);
  es_assert_rel(d.mtld, 75.0, 1e-15);
}

/* MATTR with windows that differ: 0..99 then 0 0 (102 terms, 100 types).
 *   window 1 = terms 1-100   (0..99):        100 types
 *   window 2 = terms 2-101   (1..99, 0):     100 types
 *   window 3 = terms 3-102   (2..99, 0, 0):   99 types
 * MATTR = (100 + 100 + 99) / (3 * 100) = 299/300. TTR = 100/102.
 * Exactly 100 terms (0..99): one window, MATTR = 1 = TTR. */
static void test_mattr(void **state) {
  (void)state;
  uint32_t seq[102];
  for (uint32_t i = 0; i < 100; i++)
    seq[i] = i;
  seq[100] = seq[101] = 0;
  es_lexdiv d = lexdiv(seq, 102);
  assert_int_equal(d.types, 100);
  es_assert_rel(d.ttr, 100.0 / 102, 1e-15);
  es_assert_rel(d.mattr, 299.0 / 300, 1e-15);
  d = lexdiv(seq, 100);
  es_assert_rel(d.mattr, 1.0, 1e-15);
  /* 99 terms: below the window, MATTR is the TTR. */
  seq[98] = 0;
  d = lexdiv(seq, 99);
  es_assert_rel(d.mattr, 98.0 / 99, 1e-15);
}

/* Gries' DP over three essays of 10, 20 and 70 terms (s = .1, .2, .7):
 *   X counts 1 2 7 (v = .1 .2 .7 = s):           DP = 0
 *   Y counts 5 0 0 (v = 1 0 0): |1-.1|+.2+.7 = 1.8,  DP = 0.9
 *   Z counts 2 0 2 (v = .5 0 .5): .4 + .2 + .2 = .8, DP = 0.4
 * Only the essays holding the term are visited; for Z:
 *   (|.5-.1| - .1) + (|.5-.7| - .7) = .3 - .5 = -.2; (1 - .2)/2 = .4. */
static void test_dp(void **state) {
  (void)state;
  uint64_t sizes[] = {10, 20, 70};
  uint64_t x[] = {1, 2, 7}, y[] = {5, 0, 0}, z[] = {2, 0, 2};
  const uint64_t *terms[] = {x, y, z};
  double expect[] = {0, 0.9, 0.4};
  for (size_t t = 0; t < 3; t++) {
    uint64_t total = 0;
    for (size_t i = 0; i < 3; i++)
      total += terms[t][i];
    double acc = 0;
    for (size_t i = 0; i < 3; i++)
      if (terms[t][i])
        acc = es_measures__dp_add(acc, terms[t][i], total, sizes[i], 100);
    double dp = es_measures__dp_value(acc);
    es_assert_rel(dp, expect[t], 1e-12);
    assert_false(signbit(dp));
  }
}

/* G2 written as in Dunning (1993), with x ln x terms:
 *   G2 = 2 (sum O ln O - sum rows R ln R - sum columns C ln C + N ln N)
 * in long double: an independent route to the same number. */
static double g2_dunning(uint64_t a, uint64_t A, uint64_t b, uint64_t B) {
#define XLX(x) ((x) > 0 ? (long double)(x)*logl((long double)(x)) : 0.0L)
  uint64_t n = A + B, r1 = a + b, r2 = n - r1;
  long double s = XLX(a) + XLX(b) + XLX(A - a) + XLX(B - b) - XLX(r1) -
                  XLX(r2) - XLX(A) - XLX(B) + XLX(n);
#undef XLX
  return (double)(2 * s);
}

/* a = 10 of A = 1000 in the group, b = 5 of B = 2000 in the rest.
 * N = 3000, term row 15, other row 2985.
 *   E = 1000*15/3000 = 5, 2000*15/3000 = 10, 1000*2985/3000 = 995, 1990
 *   G2 = 2 (10 ln(10/5) + 5 ln(5/10) + 990 ln(990/995) + 1995 ln(1995/1990))
 *      = 2 (6.931472 - 3.465736 - 4.987416 + 5.006276) = 6.969192
 * positive: 10/1000 > 5/2000. p = erfc(sqrt(G2 / 2)) for 1 df = 0.0082925.
 * Log Ratio = log2((10/1000) / (5/2000)) = log2 4 = 2. */
static void test_keyness(void **state) {
  (void)state;
  es_keyness_stat k;
  es_measures__keyness(&k, 10, 1000, 5, 2000);
  es_assert_rel(k.g2, g2_dunning(10, 1000, 5, 2000), 1e-9);
  es_assert_rel(k.g2, 6.969192, 1e-6);
  es_assert_rel(k.p, erfc(sqrt(k.g2 / 2)), 1e-12);
  es_assert_rel(k.p, 0.0082925, 1e-4);
  assert_true(k.has_log_ratio);
  es_assert_rel(k.log_ratio, 2.0, 1e-15);

  /* The mirror image: the rest's view of the same term is negative. */
  es_measures__keyness(&k, 5, 2000, 10, 1000);
  es_assert_rel(k.g2, -g2_dunning(10, 1000, 5, 2000), 1e-9);
  es_assert_rel(k.log_ratio, -2.0, 1e-15);

  /* Absent from the group: a = 0 becomes 0.5 in the Log Ratio:
   * log2((0.5/1000) / (20/2000)) = log2(0.05) = -4.321928; G2 < 0. */
  es_measures__keyness(&k, 0, 1000, 20, 2000);
  es_assert_rel(k.log_ratio, log2(0.05), 1e-15);
  assert_true(k.g2 < 0);
  es_assert_rel(k.g2, -g2_dunning(0, 1000, 20, 2000), 1e-9);

  /* Evenly spread (2/1000 = 4/2000): every O equals its E, G2 = 0 (not
   * -0), p = 1, Log Ratio log2(1) = 0. */
  es_measures__keyness(&k, 2, 1000, 4, 2000);
  assert_true(k.g2 == 0 && !signbit(k.g2));
  es_assert_rel(k.p, 1.0, 1e-15);
  es_assert_rel(k.log_ratio, 0.0, 1e-15);

  /* A group holding every essay: no rest (B = 0): G2 0, p 1, no ratio. */
  es_measures__keyness(&k, 7, 1000, 0, 0);
  assert_true(k.g2 == 0);
  assert_true(k.p == 1);
  assert_false(k.has_log_ratio);

  /* A huge G2: p underflows to 0 without error. */
  es_measures__keyness(&k, 100000, 100000, 0, 100000);
  assert_true(k.g2 > 1000);
  assert_true(k.p >= 0 && k.p < 1e-300);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_empty),
      cmocka_unit_test(test_all_distinct),
      cmocka_unit_test(test_mtld_small),
      cmocka_unit_test(test_mtld_partial),
      cmocka_unit_test(test_mtld_threshold),
      cmocka_unit_test(test_cycle),
      cmocka_unit_test(test_mattr),
      cmocka_unit_test(test_dp),
      cmocka_unit_test(test_keyness),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
