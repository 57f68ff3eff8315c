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

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_quoting),
      cmocka_unit_test(test_numbers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
