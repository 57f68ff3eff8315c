/* test_formats.c - the audit's text, SARIF, JUnit and GitHub formats
 * (reports/formats.c) with hostile doc_ids, keys and messages: commas,
 * colons, quotes, '%', '<', '&', newlines, CR, tabs, control characters,
 * non-ASCII and a stray bad byte. Each format is written to a file and read
 * back by a real parser (Python's json and xml modules, in
 * tests/scripts/check_formats.py), which checks the structure and that every
 * string comes back exactly. The rows are handed to the script hex-encoded,
 * so that the check does not depend on any escaping under test. */
#include "test_util.h"
#include "formats.h"

#include <unistd.h>

static const char *const essays[] = {
    "corpus/a,b:c.md",
    "corpus/clean.md",
    "corpus/new\nline \"q\" <x> & 100%.md",
    "corpus/tab\there:%0A.md",
    "corpus/\xc3\xa9t\xc3\xa9 \xe2\x80\x94 ok.md",
};

static const es_audit_row rows[] = {
    {0, "corpus/a,b:c.md", ES_SEVERITY_ERROR, "front_matter_invalid", "", 4,
     "YAML error: did not find expected ',' or ']' at column 1 (100% sure)",
     ES_STATE_NEW},
    {0, "corpus/a,b:c.md", ES_SEVERITY_WARNING, "missing_field", "movie:Id", 0,
     "front-matter field 'movie:Id' is missing, required: \"yes\"",
     ES_STATE_UNCHANGED},
    {SIZE_MAX, "corpus/b-gone.md", ES_SEVERITY_INFO, "no_title", "", 0,
     "no title, which most essays have", ES_STATE_FIXED},
    {2, "corpus/new\nline \"q\" <x> & 100%.md", ES_SEVERITY_WARNING,
     "empty_section", "A <b> & \"c\", d: e", 12,
     "section 'A <b> & \"c\", d: e' has no words\r\nsecond line %0A",
     ES_STATE_NEW},
    {2, "corpus/new\nline \"q\" <x> & 100%.md", ES_SEVERITY_INFO,
     "no_key_terms", "", 0, "no bold key terms ]]> --> \x01 end",
     ES_STATE_UNCHANGED},
    {3, "corpus/tab\there:%0A.md", ES_SEVERITY_WARNING, "part_order", "Body", 7,
     "part 'Body' comes before 'Introduction', bad byte \xff!", ES_STATE_NEW},
    {4, "corpus/\xc3\xa9t\xc3\xa9 \xe2\x80\x94 ok.md", ES_SEVERITY_WARNING,
     "field_value", "categoryName", 0,
     "value 'SOUNDS' of 'categoryName' is not one of: A, B", ES_STATE_FIXED},
};

static const es_audit_rule rules[] = {
    {"front_matter_invalid", NULL, ES_SEVERITY_ERROR},
    {"empty_section", NULL, ES_SEVERITY_WARNING},
    {"missing_field", NULL, ES_SEVERITY_ERROR},
    {"no_title", NULL, ES_SEVERITY_INFO},
    {"no_key_terms", NULL, ES_SEVERITY_INFO},
    {"part_order", NULL, ES_SEVERITY_WARNING},
    {"field_value", NULL, ES_SEVERITY_WARNING},
    {"length_outlier", NULL, ES_AUDIT_OFF},
};

static char dir[64];

static int setup(void **state) {
  (void)state;
  return make_tmpdir(dir, sizeof dir, "formats");
}

static int teardown(void **state) {
  (void)state;
  return getenv("KEEP") ? 0 : remove_tree(dir);
}

static void hex(FILE *f, const char *s) {
  if (!*s)
    fputc('-', f); /* an empty field */
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    fprintf(f, "%02x", *p);
}

static void write_expected(const char *path) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    const es_audit_row *r = &rows[i];
    fprintf(f, "row %zd ", r->doc == SIZE_MAX ? (ssize_t)-1 : (ssize_t)r->doc);
    hex(f, r->doc_id);
    fprintf(f, " %s %s ", es_severity_name(r->severity), r->code);
    hex(f, r->key);
    fprintf(f, " %u ", r->line);
    hex(f, r->message);
    fprintf(f, " %s\n", r->state ? es_audit_state_name(r->state) : "-");
  }
  for (size_t e = 0; e < sizeof essays / sizeof *essays; e++) {
    fputs("essay ", f);
    hex(f, essays[e]);
    fputc('\n', f);
  }
  for (size_t k = 0; k < sizeof rules / sizeof *rules; k++)
    fprintf(f, "rule %s %d\n", rules[k].id, rules[k].level);
  fclose(f);
}

static void write_format(const char *name, bool baseline,
                         void (*fn)(FILE *, const es_audit_view *)) {
  es_audit_view v = {rows,     sizeof rows / sizeof *rows,
                     essays,   sizeof essays / sizeof *essays,
                     rules,    sizeof rules / sizeof *rules,
                     baseline, "9.9.9-test"};
  char path[128];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fn(f, &v);
  assert_int_equal(fclose(f), 0);
}

static void check(const char *format, const char *file, bool baseline) {
  if (system("python3 -c 'import json, xml.etree.ElementTree' "
             ">/dev/null 2>&1") != 0)
    skip();
  char cmd[1024];
  snprintf(cmd, sizeof cmd,
           "python3 '%s/tests/scripts/check_formats.py' %s '%s/%s' "
           "'%s/expected.txt' %d",
           ES_SOURCE_DIR, format, dir, file, dir, baseline ? 1 : 0);
  int st = system(cmd);
  if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
    fail_msg("check_formats.py %s failed", format);
}

static void test_formats_parse(void **state) {
  (void)state;
  char path[128];
  snprintf(path, sizeof path, "%s/expected.txt", dir);
  write_expected(path);
  write_format("audit.txt", true, es_format_text);
  write_format("audit.sarif", true, es_format_sarif);
  write_format("audit0.sarif", false, es_format_sarif);
  write_format("audit.xml", true, es_format_junit);
  write_format("audit0.xml", false, es_format_junit);
  write_format("audit.github.txt", true, es_format_github);
  check("text", "audit.txt", true);
  check("sarif", "audit.sarif", true);
  check("sarif", "audit0.sarif", false);
  check("junit", "audit.xml", true);
  check("junit", "audit0.xml", false);
  check("github", "audit.github.txt", true);
}

/* The exact shapes, byte for byte, for a plain row. */
static void test_exact_lines(void **state) {
  (void)state;
  static const es_audit_row plain[] = {
      {0, "data/a.md", ES_SEVERITY_WARNING, "missing_field", "movieId", 0,
       "front-matter field 'movieId' is missing", ES_STATE_NONE},
      {0, "data/a.md", ES_SEVERITY_ERROR, "not_utf8", "", 8,
       "2 invalid UTF-8 sequences", ES_STATE_NONE},
      {1, "data/b,c.md", ES_SEVERITY_INFO, "no_title", "", 3, "50% of: x\ny",
       ES_STATE_NONE},
  };
  static const char *const ids[] = {"data/a.md", "data/b,c.md"};
  es_audit_view v = {plain, 3, ids, 2, NULL, 0, false, "1"};
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  es_format_text(f, &v);
  fclose(f);
  assert_string_equal(
      buf, "data/a.md: warning: front-matter field 'movieId' is missing "
           "[missing_field]\n"
           "data/a.md:8: error: 2 invalid UTF-8 sequences [not_utf8]\n"
           "data/b,c.md:3: info: 50% of: x\\ny [no_title]\n");
  free(buf);
  f = open_memstream(&buf, &len);
  es_format_github(f, &v);
  fclose(f);
  assert_string_equal(
      buf, "::warning file=data/a.md,title=missing_field::front-matter "
           "field 'movieId' is missing\n"
           "::error file=data/a.md,line=8,title=not_utf8::2 invalid UTF-8 "
           "sequences\n"
           "::notice file=data/b%2Cc.md,line=3,title=no_title::50%25 of: "
           "x%0Ay\n");
  free(buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_formats_parse, setup, teardown),
      cmocka_unit_test(test_exact_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
