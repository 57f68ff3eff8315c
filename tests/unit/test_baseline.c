/* test_baseline.c - reading a previous audit.csv for --baseline
 * (engine/corpus/baseline.c): both headers, RFC 4180 quoting (commas,
 * quotes, line ends inside fields), fixed rows skipped, and every other
 * header or a malformed row refused with its line. */
#include "test_util.h"
#include "corpus/baseline.h"

static es_baseline *ok(const char *text) {
  es_baseline *b = NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  if (es_baseline_parse(&b, text, strlen(text), "old.csv", &err) != ES_OK)
    fail_msg("baseline refused: %s", err.message);
  return b;
}

static void bad(const char *text, unsigned line, const char *part) {
  es_baseline *b = NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_baseline_parse(&b, text, strlen(text), "old.csv", &err),
                   ES_ECONFIG);
  assert_null(b);
  char prefix[64];
  snprintf(prefix, sizeof prefix, "old.csv:%u: ", line);
  if (strncmp(err.message, prefix, strlen(prefix)) != 0 ||
      !strstr(err.message, part))
    fail_msg("want '%s...%s', got '%s'", prefix, part, err.message);
}

static void test_plain(void **state) {
  (void)state;
  es_baseline *b =
      ok("doc_id,severity,code,key,line,message\n"
         "data/a.md,warning,missing_field,movieId,,\"field 'movieId', "
         "missing\"\n"
         "\"data/b,\"\"c\"\"\nd.md\",error,not_utf8,,8,\"bad, \"\"x\"\"\"\n");
  assert_false(b->had_state);
  assert_int_equal(b->n, 2);
  assert_string_equal(b->rows[0].doc_id, "data/a.md");
  assert_string_equal(b->rows[0].severity, "warning");
  assert_string_equal(b->rows[0].code, "missing_field");
  assert_string_equal(b->rows[0].key, "movieId");
  assert_int_equal(b->rows[0].line, 0);
  assert_string_equal(b->rows[0].message, "field 'movieId', missing");
  assert_string_equal(b->rows[1].doc_id, "data/b,\"c\"\nd.md");
  assert_string_equal(b->rows[1].key, "");
  assert_int_equal(b->rows[1].line, 8);
  assert_string_equal(b->rows[1].message, "bad, \"x\"");
  es_baseline_free(b);
}

static void test_with_state(void **state) {
  (void)state;
  es_baseline *b = ok("\xEF\xBB\xBF"
                      "doc_id,severity,code,key,line,message,state\r\n"
                      "a.md,info,no_title,,,no title,new\r\n"
                      "b.md,warning,missing_part,Body,,gone,fixed\r\n"
                      "c.md,warning,missing_part,Body,,kept,unchanged\r\n"
                      "\n");
  assert_true(b->had_state);
  assert_int_equal(b->n, 2); /* the fixed row is not a finding */
  assert_string_equal(b->rows[0].doc_id, "a.md");
  assert_string_equal(b->rows[1].doc_id, "c.md");
  assert_string_equal(b->rows[1].message, "kept");
  es_baseline_free(b);
  b = ok("doc_id,severity,code,key,line,message");
  assert_int_equal(b->n, 0);
  es_baseline_free(b);
  es_baseline_free(NULL);
}

static void test_refused(void **state) {
  (void)state;
  bad("", 1, "not an audit report");
  bad("doc_id,severity,code,line,message\na,error,x,,m\n", 1,
      "not an audit report"); /* version 1's audit: no key */
  bad("doc_id,title,bytes\n", 1, "not an audit report");
  bad("doc_id,severity,code,key,line,message,state,extra\n", 1,
      "not an audit report");
  bad("doc_id,severity,code,key,line,message\na,error,x,,,m,new\n", 2,
      "7 fields where the header has 6");
  bad("doc_id,severity,code,key,line,message\na,error,x,,\n", 2,
      "malformed row");
  bad("doc_id,severity,code,key,line,message\n\"a\nb\",fatal,x,,,m\n", 2,
      "unknown severity 'fatal'");
  bad("doc_id,severity,code,key,line,message\na,error,x,,7a,m\n", 2,
      "'line' must be a number");
  bad("doc_id,severity,code,key,line,message\na,error,x,,,\"m\n", 2,
      "malformed row");
  bad("doc_id,severity,code,key,line,message\na,error,x,,,\"m\"z\n", 2,
      "malformed row");
  bad("doc_id,severity,code,key,line,message,state\na,error,x,,,m,gone\n", 2,
      "unknown state 'gone'");
}

static void test_load(void **state) {
  (void)state;
  es_baseline *b = NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_baseline_load(&b, "/nonexistent/audit.csv", &err),
                   ES_EIO);
  assert_non_null(strstr(err.message, "/nonexistent/audit.csv"));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_plain),
      cmocka_unit_test(test_with_state),
      cmocka_unit_test(test_refused),
      cmocka_unit_test(test_load),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
