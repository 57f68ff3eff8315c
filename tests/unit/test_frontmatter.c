/* test_frontmatter.c - front-matter values, errors, bounds and lines. */
#include "test_util.h"

static const char *val(const es_doc *d, const char *key) {
  return es_doc_field_value(d, key);
}

static void test_values(void **state) {
  (void)state;
  es_doc *d = parse_str("---\n"
                        "movieId: 007\n"
                        "version: 1.10\n"
                        "flag: yes\n"
                        "quoted: \"null\"\n"
                        "plainnull: null\n"
                        "tilde: ~\n"
                        "empty:\n"
                        "tagged: !!null x\n"
                        "tags: [noir, memory, ~, 'a, b']\n"
                        "nested: [[a, b], c, {x: 1}]\n"
                        "director:\n"
                        "  name: Ines Moreau\n"
                        "  born:\n"
                        "    year: 1991\n"
                        "block: |\n"
                        "  line one\n"
                        "  line two\n"
                        "---\n\ntext\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_OK);
  assert_string_equal(val(d, "movieId"), "007");
  assert_string_equal(val(d, "version"), "1.10");
  assert_string_equal(val(d, "flag"), "yes");
  assert_string_equal(val(d, "quoted"), "null");
  assert_string_equal(val(d, "plainnull"), "");
  assert_string_equal(val(d, "tilde"), "");
  assert_string_equal(val(d, "empty"), "");
  assert_string_equal(val(d, "tagged"), "");
  assert_string_equal(val(d, "tags"), "noir; memory; ; a, b");
  assert_string_equal(val(d, "nested"), "a; b; c");
  assert_string_equal(val(d, "director.name"), "Ines Moreau");
  assert_string_equal(val(d, "director.born.year"), "1991");
  assert_null(val(d, "director"));
  assert_string_equal(val(d, "block"), "line one\nline two\n");
  /* Keys keep their order of appearance. */
  assert_string_equal(es_doc_field(d, 0)->key, "movieId");
  assert_int_equal(es_doc_field(d, 0)->line, 2);
  assert_string_equal(es_doc_field(d, 10)->key, "director.name");
  assert_int_equal(es_doc_finding_count(d), 0);
  /* The body starts after the closing line. */
  assert_int_equal(es_doc_counts_get(d)->words, 1);
  es_doc_free(d);
}

/* The field named `key` (or fail). */
static const es_field *field(const es_doc *d, const char *key) {
  for (size_t i = 0; i < es_doc_field_count(d); i++)
    if (strcmp(es_doc_field(d, i)->key, key) == 0)
      return es_doc_field(d, i);
  fail_msg("no field '%s'", key);
  return NULL;
}

/* A sequence keeps its items: nested sequences flattened in place, null
 * items as "", mappings left out, and an item holding "; " stays one
 * item although the joined value cannot tell. */
static void test_sequence_items(void **state) {
  (void)state;
  es_doc *d = parse_str("---\n"
                        "tags: [noir, \"x; y\", [a, [b]], ~, {m: 1}, '']\n"
                        "one: [solo]\n"
                        "none: []\n"
                        "scalar: \"p; q\"\n"
                        "map:\n  k: [u, v]\n"
                        "again: [1, 2]\n"
                        "again: [3]\n"
                        "---\ntext\n");
  const es_field *f = field(d, "tags");
  assert_string_equal(f->value, "noir; x; y; a; b; ; ");
  assert_true(f->sequence);
  static const char *const want[] = {"noir", "x; y", "a", "b", "", ""};
  assert_int_equal(f->nitems, 6);
  for (size_t k = 0; k < 6; k++)
    assert_string_equal(f->items[k], want[k]);
  f = field(d, "one");
  assert_true(f->sequence);
  assert_int_equal(f->nitems, 1);
  assert_string_equal(f->items[0], "solo");
  f = field(d, "none");
  assert_true(f->sequence);
  assert_int_equal(f->nitems, 0);
  assert_string_equal(f->value, "");
  f = field(d, "scalar");
  assert_false(f->sequence);
  assert_null(f->items);
  assert_int_equal(f->nitems, 0);
  f = field(d, "map.k");
  assert_int_equal(f->nitems, 2);
  assert_string_equal(f->items[1], "v");
  /* A repeated key takes the last value's items. */
  f = field(d, "again");
  assert_string_equal(f->value, "3");
  assert_int_equal(f->nitems, 1);
  assert_string_equal(f->items[0], "3");
  es_doc_free(d);
}

static void test_delimiters(void **state) {
  (void)state;
  /* "..." closes the block too; an empty block gives no keys, no finding. */
  es_doc *d = parse_str("---\na: b\n...\nbody\n");
  assert_string_equal(val(d, "a"), "b");
  assert_int_equal(es_doc_counts_get(d)->words, 1);
  es_doc_free(d);
  d = parse_str("---\n---\nbody\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_OK);
  assert_int_equal(es_doc_field_count(d), 0);
  assert_int_equal(es_doc_finding_count(d), 0);
  es_doc_free(d);
  d = parse_str("---\n# only a comment\n---\nbody\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_OK);
  assert_int_equal(es_doc_finding_count(d), 0);
  es_doc_free(d);
  /* The first line must be exactly "---". */
  d = parse_str("--- \na: b\n---\nbody\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_NONE);
  es_doc_free(d);
  /* A BOM before the block is dropped. */
  d = parse_str("\xEF\xBB\xBF---\na: b\n---\nbody\n");
  assert_string_equal(val(d, "a"), "b");
  es_doc_free(d);
}

static void test_unterminated(void **state) {
  (void)state;
  es_doc *d = parse_str("---\na: b\n\n# Title\n\ntext\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_UNTERMINATED);
  assert_true(has_finding(d, ES_CODE_FRONT_MATTER_UNTERMINATED, 1));
  assert_int_equal(es_doc_field_count(d), 0);
  /* The whole file is body: "a: b" and the heading and text count. */
  assert_int_equal(es_doc_counts_get(d)->words, 4);
  es_doc_free(d);
}

static void test_invalid(void **state) {
  (void)state;
  /* libyaml's problem mark, 1-based in the file. */
  es_doc *d =
      parse_str("---\ntitle: ok\nbad: [unclosed\nmore: x\n---\n\nbody words\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_INVALID);
  assert_int_equal(es_doc_field_count(d), 0);
  assert_int_equal(es_doc_finding_count(d), 1);
  const es_finding *f = es_doc_finding(d, 0);
  assert_int_equal(f->code, ES_CODE_FRONT_MATTER_INVALID);
  assert_true(f->line >= 3 && f->line <= 5);
  assert_non_null(strstr(f->message, "YAML"));
  /* The body is still analysed. */
  assert_int_equal(es_doc_counts_get(d)->words, 2);
  es_doc_free(d);
  d = parse_str("---\na: b\n  c: d\n---\n");
  assert_true(has_finding(d, ES_CODE_FRONT_MATTER_INVALID, 3));
  es_doc_free(d);
  /* A second document inside the block. */
  d = parse_str("---\na: 1\n--- # two\nb: 2\n---\nx\n");
  assert_true(has_finding(d, ES_CODE_FRONT_MATTER_INVALID, 3));
  es_doc_free(d);
}

static void test_not_mapping(void **state) {
  (void)state;
  es_doc *d = parse_str("---\n\n- a\n- b\n---\nx\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_NOT_MAPPING);
  assert_true(has_finding(d, ES_CODE_FRONT_MATTER_NOT_MAPPING, 3));
  assert_int_equal(es_doc_field_count(d), 0);
  es_doc_free(d);
  d = parse_str("---\njust text\n---\nx\n");
  assert_true(has_finding(d, ES_CODE_FRONT_MATTER_NOT_MAPPING, 2));
  es_doc_free(d);
}

static void test_duplicates(void **state) {
  (void)state;
  es_doc *d = parse_str("---\na: 1\nb: 2\na: 3\nc.d: 4\nc:\n  d: 5\n---\nx\n");
  assert_int_equal(es_doc_field_count(d), 3);
  assert_string_equal(es_doc_field(d, 0)->key, "a");
  assert_string_equal(es_doc_field(d, 0)->value, "3");
  assert_string_equal(es_doc_field(d, 2)->key, "c.d");
  assert_string_equal(es_doc_field(d, 2)->value, "5");
  assert_true(has_finding(d, ES_CODE_DUPLICATE_KEY, 4));
  assert_true(has_finding(d, ES_CODE_DUPLICATE_KEY, 7));
  assert_int_equal(es_doc_finding_count(d), 2);
  es_doc_free(d);
}

static void test_bounds(void **state) {
  (void)state;
  /* Billion laughs: expansion is cut off, the block dropped. */
  const char *bomb = "---\n"
                     "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                     "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                     "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                     "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                     "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                     "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                     "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n"
                     "---\nbody\n";
  es_doc *d = parse_str(bomb);
  assert_int_equal(es_doc_front_matter(d), ES_FM_INVALID);
  assert_int_equal(es_doc_field_count(d), 0);
  assert_true(has_finding(d, ES_CODE_FRONT_MATTER_INVALID, 0));
  es_doc_free(d);
  /* Small alias use is fine. */
  d = parse_str("---\nbase: &b {x: 1}\ncopy: *b\nname: &n Ann\nwho: *n\n---\n");
  assert_string_equal(val(d, "copy.x"), "1");
  assert_string_equal(val(d, "who"), "Ann");
  es_doc_free(d);
  /* Nesting deeper than 64 levels. */
  char deep[4096] = "---\nk: ";
  for (int i = 0; i < 100; i++)
    strcat(deep, "[");
  for (int i = 0; i < 100; i++)
    strcat(deep, "]");
  strcat(deep, "\n---\nx\n");
  d = parse_str(deep);
  assert_int_equal(es_doc_front_matter(d), ES_FM_INVALID);
  es_doc_free(d);
  /* A self-referencing alias stops too. */
  d = parse_str("---\na: &a [1, *a]\n---\nx\n");
  assert_int_equal(es_doc_front_matter(d), ES_FM_INVALID);
  es_doc_free(d);
}

static void test_invalid_utf8(void **state) {
  (void)state;
  const char text[] = "---\nt: caf\xE9\n---\n\nok\n\nbad \xFF\xFE here\0nul\n";
  es_doc *d = NULL;
  assert_int_equal(es_doc_parse(&d, text, sizeof text - 1, NULL, NULL), ES_OK);
  /* One finding, at the first bad line; the text is still analysed. */
  assert_true(has_finding(d, ES_CODE_NOT_UTF8, 2));
  assert_int_equal(es_doc_finding_count(d), 1);
  assert_string_equal(val(d, "t"), "caf\xEF\xBF\xBD");
  assert_int_equal(es_doc_counts_get(d)->words, 4); /* ok bad here nul */
  es_doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_values),
      cmocka_unit_test(test_sequence_items),
      cmocka_unit_test(test_delimiters),
      cmocka_unit_test(test_unterminated),
      cmocka_unit_test(test_invalid),
      cmocka_unit_test(test_not_mapping),
      cmocka_unit_test(test_duplicates),
      cmocka_unit_test(test_bounds),
      cmocka_unit_test(test_invalid_utf8),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
