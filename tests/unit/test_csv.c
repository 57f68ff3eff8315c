/* test_csv.c - RFC 4180 quoting and number formatting of the CSV writer. */
#include "test_util.h"
#include "csv.h"

static char *render(void (*fill)(es_csv *)) {
  static char buf[4096];
  FILE *f = fmemopen(buf, sizeof buf, "w");
  assert_non_null(f);
  es_csv w;
  es_csv_init(&w, f);
  fill(&w);
  fclose(f);
  return buf;
}

static void fill_strings(es_csv *w) {
  es_csv_str(w, "plain");
  es_csv_str(w, "a,b");
  es_csv_str(w, "say \"hi\"");
  es_csv_str(w, "two\nlines");
  es_csv_str(w, "cr\rhere");
  es_csv_str(w, " lead");
  es_csv_str(w, "trail\t");
  es_csv_str(w, "in side");
  es_csv_str(w, NULL);
  es_csv_str(w, "");
  es_csv_str(w, "\xE2\x80\x99utf8");
  es_csv_end_row(w);
}

static void test_quoting(void **state) {
  (void)state;
  assert_string_equal(render(fill_strings),
                      "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\","
                      "\"cr\rhere\",\" lead\",\"trail\t\",in side,,,"
                      "\xE2\x80\x99utf8\n");
}

static void fill_numbers(es_csv *w) {
  es_csv_uint(w, 0);
  es_csv_uint(w, 18446744073709551615ull);
  es_csv_int(w, -3);
  es_csv_real(w, 116.3333333333);
  es_csv_real(w, -0.0);
  es_csv_real(w, -1e-9);
  es_csv_real(w, NAN);
  es_csv_real(w, INFINITY);
  es_csv_real(w, 0.0078125); /* a tie: rounds to even */
  es_csv_real(w, -2.5);
  es_csv_empty(w);
  es_csv_end_row(w);
}

static void test_numbers(void **state) {
  (void)state;
  assert_string_equal(render(fill_numbers),
                      "0,18446744073709551615,-3,116.333333,0.000000,"
                      "0.000000,,,0.007812,-2.500000,\n");
}

/* The fast fixed-point path agrees with printf("%.6f") everywhere. */
static void test_reals_match_printf(void **state) {
  (void)state;
  static char got[64], want[64];
  uint64_t seed = 12345;
  for (int i = 0; i < 200000; i++) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    double v;
    switch (i % 4) {
    case 0: /* uniform in [-2, 2) */
      v = (double)(seed >> 11) / 9007199254740992.0 * 4 - 2;
      break;
    case 1: /* a ratio of small integers, as means and shares are */
      v = (double)((seed >> 33) % 100000) / (double)(1 + (seed >> 13) % 997);
      break;
    case 2: /* near ties: k / 2^20 */
      v = (double)((seed >> 30) % 5000000) / 1048576.0;
      break;
    default: /* wide range */
      v = ldexp((double)(seed >> 11) / 9007199254740992.0,
                (int)((seed >> 3) % 60) - 30);
      break;
    }
    FILE *f = fmemopen(got, sizeof got, "w");
    es_csv w;
    es_csv_init(&w, f);
    es_csv_real(&w, v);
    fclose(f);
    snprintf(want, sizeof want, "%.6f", v);
    if (strcmp(want, "-0.000000") == 0)
      strcpy(want, "0.000000");
    if (strcmp(got, want) != 0)
      fail_msg("%.17g: got %s, printf gives %s", v, got, want);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quoting),
      cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_reals_match_printf),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
