/* test_rules.c - the audit's rules file (engine/parse/rules.c): every value
 * type's recogniser, every key of the file, and every mistake, which must
 * fail with a message naming its line. */
#include "test_util.h"
#include "parse/rules.h"

static bool is(es_value_type t, const char *s) {
  return es_value_has_type(t, s);
}

static void test_integer(void **state) {
  (void)state;
  const char *yes[] = {"0", "42", "-7", "007", "123456789012345678901234"};
  const char *no[] = {"", "-", "+1", "1.0", "1e3", " 1", "1 ", "0x10", "١٢"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    assert_true(is(ES_VALUE_INTEGER, yes[i]));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (is(ES_VALUE_INTEGER, no[i]))
      fail_msg("'%s' is not an integer", no[i]);
}

static void test_number(void **state) {
  (void)state;
  const char *yes[] = {"0",  "-1.5", "+2",  "1e-3", ".5",
                       "5.", "inf",  "nan", "0x1p3"};
  const char *no[] = {"", "1.2.3", "1,5", "12abc", "1 ", "e5", "-"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (!is(ES_VALUE_NUMBER, yes[i]))
      fail_msg("'%s' is a number (strtod reads all of it)", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (is(ES_VALUE_NUMBER, no[i]))
      fail_msg("'%s' is not a number", no[i]);
}

static void test_boolean(void **state) {
  (void)state;
  const char *yes[] = {"true", "False", "YES", "no", "tRuE"};
  const char *no[] = {"", "y", "n", "on", "off", "1", "0", "truth", "yes "};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    assert_true(is(ES_VALUE_BOOLEAN, yes[i]));
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (is(ES_VALUE_BOOLEAN, no[i]))
      fail_msg("'%s' is not a boolean", no[i]);
}

static void test_date(void **state) {
  (void)state;
  const char *yes[] = {
      "2024-02-29", /* leap year */
      "2000-02-29", /* divisible by 400 */
      "1999-12-31",
      "2024-01-05T09:30", /* T and a time without seconds */
      "2024-01-05 9:30",  /* space, one-digit hour */
      "2024-01-05 23:59:59",
      "2024-01-05T10:00:00.123456", /* fraction */
      "2024-01-05T10:00:00Z",
      "2024-01-05T10:00Z",
      "2024-01-05 10:00:00 +0100",  /* Jekyll's form */
      "2024-01-05 10:00:00 -05:00", /* Hugo's form */
      "2024-01-05T10:00:00+01:00",  /* RFC 3339 */
      "2024-01-05T10:00:00+01",
      "2024-01-05T10:00:00+1",
      "2024-01-05T10:00:00.5 Z",
      "2024-01-05 10:00 +0530",
  };
  const char *no[] = {
      "",
      "2023-02-29",             /* not a leap year */
      "1900-02-29",             /* divisible by 100 */
      "2024-04-31",             /* April has 30 days */
      "2024-13-01",             /* month */
      "2024-00-10",             /* month 0 */
      "2024-01-00",             /* day 0 */
      "2024-1-05",              /* one-digit month */
      "24-01-05",               /* two-digit year */
      "2024/01/05",             /* slashes */
      "2024-01-05T",            /* T without a time */
      "2024-01-05 24:00",       /* hour */
      "2024-01-05 10:60",       /* minute */
      "2024-01-05 10:00:60",    /* second */
      "2024-01-05 10:0",        /* one-digit minute */
      "2024-01-05 100:00",      /* three-digit hour */
      "2024-01-05 10:00:00.",   /* fraction without digits */
      "2024-01-05 10:00:00  Z", /* two spaces */
      "2024-01-05Z",            /* a zone without a time */
      "2024-01-05 10:00 +123",  /* three-digit zone */
      "2024-01-05 10:00 +01:0", /* short zone minutes */
      "2024-01-05 10:00 +24",   /* zone hour */
      "2024-01-05 10:00 +01:60",
      "2024-01-05 10:00 z", /* lower-case z */
      "2024-01-05t10:00",   /* lower-case t */
      "2024-01-05 10:00 UTC",
      "2024-01-05 10:00:00Z ",
      "January 5, 2024",
  };
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (!is(ES_VALUE_DATE, yes[i]))
      fail_msg("'%s' is a date", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (is(ES_VALUE_DATE, no[i]))
      fail_msg("'%s' is not a date", no[i]);
}

static void test_url(void **state) {
  (void)state;
  const char *yes[] = {"https://example.com", "http://x", "ftp://a/b?c=d#e",
                       "git+ssh://host/repo", "HTTPS://EXAMPLE.COM/%20"};
  const char *no[] = {
      "",          "example.com", "www.example.com", "https://",   "https:/x",
      "1http://x", "http://a b",  "mailto:a@b",      "/path/only", "Note: hi"};
  for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
    if (!is(ES_VALUE_URL, yes[i]))
      fail_msg("'%s' is a url", yes[i]);
  for (size_t i = 0; i < sizeof no / sizeof *no; i++)
    if (is(ES_VALUE_URL, no[i]))
      fail_msg("'%s' is not a url", no[i]);
}

static void test_string_and_any(void **state) {
  (void)state;
  assert_true(is(ES_VALUE_STRING, ""));
  assert_true(is(ES_VALUE_STRING, "anything at all"));
  assert_true(is(ES_VALUE_ANY, "x"));
  assert_false(is(ES_VALUE_INTEGER, NULL));
}

/* ---- the file ----------------------------------------------------------- */

static es_rules *ok(const char *text) {
  es_rules *r = NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  es_status rc = es_rules_parse(&r, text, strlen(text), "r.yaml", &err);
  if (rc != ES_OK)
    fail_msg("rules refused: %s", err.message);
  return r;
}

/* The rules must fail at `line` with a message holding `part`. */
static void bad(const char *text, unsigned line, const char *part) {
  es_rules *r = NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  es_status rc = es_rules_parse(&r, text, strlen(text), "r.yaml", &err);
  if (rc != ES_ECONFIG)
    fail_msg("rules accepted (%d):\n%s", rc, text);
  assert_null(r);
  char prefix[64];
  snprintf(prefix, sizeof prefix, "r.yaml:%u: ", line);
  if (strncmp(err.message, prefix, strlen(prefix)) != 0 ||
      !strstr(err.message, part))
    fail_msg("want '%s...%s', got '%s'", prefix, part, err.message);
  assert_int_equal(err.line, line);
}

static void test_full_file(void **state) {
  (void)state;
  es_rules *r = ok("# the sample corpus\n"
                   "fields:                       # front-matter fields\n"
                   "  movieId:      {required: true, type: integer}\n"
                   "  movieTitle:   {required: yes}\n"
                   "  categoryName: {required: true, values: [SIGNIFIER, "
                   "ALLEGORY, SOUND]}\n"
                   "  date:         {type: date}\n"
                   "  director.name:\n"
                   "  tags:\n"
                   "    type: string\n"
                   "    values:\n"
                   "      - ruin\n"
                   "      - \"faith\"\n"
                   "parts: [Introduction, Body, Conclusion]\n"
                   "codes:\n"
                   "  no_key_terms: off\n"
                   "  missing_field: error\n"
                   "  length_outlier: info\n");
  assert_true(r->has_fields);
  assert_true(r->any_required);
  assert_int_equal(r->nfields, 6);
  const es_rule_field *f = es_rules_field(r, "movieId");
  assert_non_null(f);
  assert_true(f->required);
  assert_int_equal(f->type, ES_VALUE_INTEGER);
  assert_int_equal(f->line, 3);
  assert_false(f->has_values);
  f = es_rules_field(r, "movieTitle");
  assert_true(f->required);
  assert_int_equal(f->type, ES_VALUE_ANY);
  f = es_rules_field(r, "categoryName");
  assert_true(f->has_values);
  assert_int_equal(f->nvalues, 3);
  assert_string_equal(f->values[2], "SOUND");
  f = es_rules_field(r, "date");
  assert_false(f->required);
  assert_int_equal(f->type, ES_VALUE_DATE);
  f = es_rules_field(r, "director.name");
  assert_non_null(f);
  assert_false(f->required);
  f = es_rules_field(r, "tags");
  assert_int_equal(f->type, ES_VALUE_STRING);
  assert_string_equal(f->values[1], "faith");
  assert_null(es_rules_field(r, "nope"));
  assert_true(r->has_parts);
  assert_int_equal(r->nparts, 3);
  assert_string_equal(r->parts[0], "Introduction");
  assert_string_equal(r->parts[2], "Conclusion");
  assert_int_equal(r->severity[ES_CODE_NO_KEY_TERMS], ES_RULE_OFF);
  assert_int_equal(r->severity[ES_CODE_MISSING_FIELD], ES_SEVERITY_ERROR);
  assert_int_equal(r->severity[ES_CODE_LENGTH_OUTLIER], ES_SEVERITY_INFO);
  assert_int_equal(r->severity[ES_CODE_NO_TITLE], ES_RULE_DEFAULT);
  es_rules_free(r);
}

static void test_empty_and_partial(void **state) {
  (void)state;
  es_rules *r = ok("");
  assert_false(r->has_fields);
  assert_false(r->has_parts);
  es_rules_free(r);
  r = ok("# only a comment\n");
  assert_false(r->has_fields);
  es_rules_free(r);
  r = ok("fields:\nparts:\ncodes:\n");
  assert_true(r->has_fields); /* the key alone turns the norm rule off */
  assert_false(r->any_required);
  assert_true(r->has_parts);
  assert_int_equal(r->nparts, 0);
  es_rules_free(r);
  r = ok("fields: {a: {required: false}}\n");
  assert_false(r->any_required);
  es_rules_free(r);
  r = ok("parts: []\n");
  assert_true(r->has_parts);
  es_rules_free(r);
  es_rules_free(NULL);
}

static void test_mistakes(void **state) {
  (void)state;
  bad("feilds:\n  a: {}\n", 1, "unknown key 'feilds'");
  bad("fields:\n  a: {required: true}\nparts: [A]\nrules: x\n", 4,
      "unknown key 'rules'");
  bad("fields:\n  a:\n    required: true\n    typ: string\n", 4,
      "unknown key 'typ' for field 'a'");
  bad("fields:\n  a: {type: float}\n", 2, "unknown type 'float'");
  bad("fields:\n  a: {type: [string]}\n", 2, "unknown type");
  bad("fields:\n  a: {required: maybe}\n", 2, "wants true or false");
  bad("fields:\n  a: {values: SIGNIFIER}\n", 2, "must be a list");
  bad("fields:\n  a:\n    values:\n      - x\n      - {y: 1}\n", 5,
      "plain value");
  bad("fields:\n  a: integer\n", 2, "wants a mapping");
  bad("fields: [a, b]\n", 1, "'fields' must be a mapping");
  bad("parts: Introduction\n", 1, "must be a list");
  bad("parts:\n  - Body\n  - [x]\n", 3, "plain value");
  bad("codes:\n  no_title: off\n  no_titel: off\n", 3,
      "unknown audit code 'no_titel'");
  bad("codes:\n  no_title: critical\n", 2, "error, warning, info or off");
  bad("codes: [no_title]\n", 1, "'codes' must be a mapping");
  bad("- fields\n", 1, "must be a mapping");
  bad("just text\n", 1, "must be a mapping");
  bad("fields: {}\nfields: {}\n", 2, "key 'fields' is repeated");
  bad("fields:\n  a: {}\n  a: {}\n", 3, "key 'a' is repeated");
  bad("fields:\n  a: {required: true, required: false}\n", 2,
      "'required' is repeated");
  bad("fields:\n  a: {required: true\n", 3, "YAML error");
  bad("fields:\n\t- x\n", 2, "YAML error");
  bad("parts: [A]\n---\nparts: [B]\n", 3, "second YAML document");
  bad("fields:\n  ? [a, b]\n  : {}\n", 2, "plain name");
}

static void test_load(void **state) {
  (void)state;
  char dir[64];
  assert_int_equal(make_tmpdir(dir, sizeof dir, "rules"), 0);
  const char *text = "fields:\n  a: {type: url}\n";
  write_file(dir, "r.yaml", text, strlen(text));
  char path[128];
  snprintf(path, sizeof path, "%s/r.yaml", dir);
  es_rules *r = NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_rules_load(&r, path, &err), ES_OK);
  assert_int_equal(es_rules_field(r, "a")->type, ES_VALUE_URL);
  es_rules_free(r);
  snprintf(path, sizeof path, "%s/missing.yaml", dir);
  assert_int_equal(es_rules_load(&r, path, &err), ES_EIO);
  assert_non_null(strstr(err.message, "missing.yaml"));
  assert_int_equal(remove_tree(dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_integer),
      cmocka_unit_test(test_number),
      cmocka_unit_test(test_boolean),
      cmocka_unit_test(test_date),
      cmocka_unit_test(test_url),
      cmocka_unit_test(test_string_and_any),
      cmocka_unit_test(test_full_file),
      cmocka_unit_test(test_empty_and_partial),
      cmocka_unit_test(test_mistakes),
      cmocka_unit_test(test_load),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
