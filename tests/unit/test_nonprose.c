/* test_nonprose.c - URLs, e-mail addresses and unresolved reference-link
 * labels blanked in block text, and ICU segmentation of runs in scripts
 * written without spaces. */
#include "test_util.h"
#include "parse/nonprose.h"
#include "parse/segment.h"

static const char *blank(const char *s) {
  static char buf[4096];
  size_t n = strlen(s);
  assert_true(n < sizeof buf);
  memcpy(buf, s, n + 1);
  es_nonprose_blank(buf, n);
  /* Collapse the blanks for readable expectations. */
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (buf[i] != ' ' || (k && buf[k - 1] != ' '))
      buf[k++] = buf[i];
  while (k && buf[k - 1] == ' ')
    k--;
  buf[k] = 0;
  return buf;
}

static void test_urls(void **state) {
  (void)state;
  assert_string_equal(blank("see https://example.com/a?b=c#d now"), "see now");
  assert_string_equal(blank("(https://example.com/a)."), "(");
  assert_string_equal(blank("at www.example.com today"), "at today");
  assert_string_equal(blank("git+ssh://host/x and ftp://y"), "and");
  /* The scheme starts at the first letter of its run. */
  assert_string_equal(blank("1+http://x y"), "1+ y");
  assert_string_equal(blank("x:http://x y"), "x: y");
  /* A URL ends before white space or '<'. */
  assert_string_equal(blank("https://a.b/c<d e"), "<d e");
  assert_string_equal(blank("https://ja.wikipedia.org/wiki/\xE6\x97\xA5"
                            "\xE6\x9C\xAC end"),
                      "end");
  /* U+00A0 is white space. */
  assert_string_equal(blank("https://a.b\xC2\xA0word"), "\xC2\xA0word");
  /* No scheme letter, no URL; bare domains stay. */
  assert_string_equal(blank("9://x example.com a:b"), "9://x example.com a:b");
  assert_string_equal(blank("://"), "://");
}

static void test_emails(void **state) {
  (void)state;
  assert_string_equal(blank("mail jo.doe@example.org today"), "mail today");
  assert_string_equal(blank("<jo@example.org>, please"), "please");
  assert_string_equal(blank("x@y.z"), "");
  /* Not addresses: nothing before '@', no dot after it, dot at the end. */
  assert_string_equal(blank("@handle and user@host and a@b. and a@.b"),
                      "@handle and user@host and a@b. and a@.b");
  assert_string_equal(blank("a@b@c.d"), "");
  /* The dot need not be the last one: `\S+@\S+\.\S+`. */
  assert_string_equal(blank("mail jo@ex.org. now"), "mail now");
  assert_string_equal(blank("x@y.z."), "");
}

static void test_labels(void **state) {
  (void)state;
  assert_string_equal(blank("[taproot][topic taproot] soft forks"),
                      "[taproot] soft forks");
  assert_string_equal(blank("[PR #15558][] was merged"),
                      "[PR #15558] was merged");
  assert_string_equal(blank("[a][b][c] d"), "[a] d");
  /* Not directly after ']': kept. No closing bracket: kept. */
  assert_string_equal(blank("[a] [b] c"), "[a] [b] c");
  assert_string_equal(blank("[a][b c"), "[a][b c");
}

static void test_offsets_kept(void **state) {
  (void)state;
  char s[] = "a https://x.y b";
  size_t n = strlen(s);
  assert_true(es_nonprose_blank(s, n));
  assert_int_equal(strlen(s), n);
  assert_string_equal(s, "a             b");
  char t[] = "plain prose: a, b; c.";
  assert_false(es_nonprose_blank(t, strlen(t)));
}

static void test_kinds(void **state) {
  (void)state;
  assert_int_equal(es_nonprose_kinds("Plain prose: a, b.", 18), 0);
  assert_int_equal(es_nonprose_kinds("a/b", 3), ES_NONPROSE_URL);
  assert_int_equal(es_nonprose_kinds("a@b", 3), ES_NONPROSE_EMAIL);
  assert_int_equal(es_nonprose_kinds("[a]", 3), ES_NONPROSE_LABEL);
  assert_int_equal(es_nonprose_kinds("awwb", 4), ES_NONPROSE_WWW);
  assert_int_equal(es_nonprose_kinds("w w w", 5), 0);
  assert_int_equal(es_nonprose_kinds("&#64;", 5), ES_NONPROSE_ALL);
  /* Only the chosen kinds are blanked. */
  char t[] = "https://a.b x@y.z www.c.d [a][b]";
  es_nonprose_blank_kinds(t, strlen(t), ES_NONPROSE_EMAIL);
  assert_string_equal(t, "https://a.b       www.c.d [a][b]");
}

static void test_ends_sentence(void **state) {
  (void)state;
  assert_true(es_nonprose_ends_sentence("Last warning for spoilers.", 26));
  assert_true(es_nonprose_ends_sentence("Why?", 4));
  assert_true(es_nonprose_ends_sentence("Go!\")", 5));
  assert_true(es_nonprose_ends_sentence("\"Stop.\"", 7));
  assert_true(es_nonprose_ends_sentence("(see above.)]", 13));
  assert_true(es_nonprose_ends_sentence("wait\xE2\x80\xA6", 7));
  assert_true(es_nonprose_ends_sentence("\xE3\x80\x8C\xE7\xB5\x82"
                                        "\xE3\x80\x82\xE3\x80\x8D",
                                        12)); /* 「終。」 */
  assert_true(es_nonprose_ends_sentence("x\xEF\xBC\x81", 4));
  assert_true(es_nonprose_ends_sentence("x\xEF\xBC\x9F", 4));
  assert_true(es_nonprose_ends_sentence("Done.\xE2\x80\x9D", 8));
  assert_false(es_nonprose_ends_sentence("Body: The Evidence", 18));
  assert_false(es_nonprose_ends_sentence("Note:", 5));
  assert_false(es_nonprose_ends_sentence("A list;", 7));
  assert_false(es_nonprose_ends_sentence("\"Quoted\"", 8));
  assert_false(es_nonprose_ends_sentence("", 0));
  assert_false(es_nonprose_ends_sentence("\")]", 2));
}

/* The words ICU makes of a run, joined by '|'. */
static const char *pieces(es_segmenter *seg, const char *s) {
  static char out[1024];
  size_t n = es_segment_run(seg, s, strlen(s)), k = 0;
  out[0] = 0;
  for (size_t i = 0; i < n; i++) {
    if (i)
      out[k++] = '|';
    memcpy(out + k, s + seg->pieces[i].start, seg->pieces[i].len);
    k += seg->pieces[i].len;
    out[k] = 0;
  }
  return out;
}

static void test_scripts(void **state) {
  (void)state;
  assert_false(es_segment_script('a'));
  assert_false(es_segment_script(0xE9));   /* é */
  assert_false(es_segment_script(0x0416)); /* Cyrillic */
  assert_false(es_segment_script(0xAC00)); /* Hangul: spaces between words */
  assert_true(es_segment_script(0x65E5));  /* 日 Han */
  assert_true(es_segment_script(0x306F));  /* は Hiragana */
  assert_true(es_segment_script(0x30AB));  /* カ Katakana */
  assert_true(es_segment_script(0x0E01));  /* ก Thai */
  assert_true(es_segment_script(0x0E81));  /* ກ Lao */
  assert_true(es_segment_script(0x1780));  /* ក Khmer */
  assert_true(es_segment_script(0x1000));  /* က Myanmar */
  assert_true(es_segment_script(0x20000)); /* CJK Extension B */
  assert_false(es_segment_script(0x3001)); /* 、 Common */
}

static void test_segmentation(void **state) {
  (void)state;
  es_segmenter seg = ES_SEGMENTER_INIT;
  /* sandersは -> sanders + は */
  assert_string_equal(pieces(&seg, "sanders\xE3\x81\xAF"),
                      "sanders|\xE3\x81\xAF");
  /* 日本語 (Japanese) is a dictionary word. */
  assert_string_equal(pieces(&seg, "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"),
                      "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
  /* 私は学生です: more than one word. */
  const char *ja = "\xE7\xA7\x81\xE3\x81\xAF\xE5\xAD\xA6\xE7\x94\x9F\xE3\x81"
                   "\xA7\xE3\x81\x99";
  assert_true(es_segment_run(&seg, ja, strlen(ja)) >= 3);
  /* Thai: สวัสดีครับ (hello + polite particle) */
  const char *th = "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0\xB8"
                   "\x94\xE0\xB8\xB5\xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8\xB1\xE0"
                   "\xB8\x9A";
  assert_string_equal(pieces(&seg, th),
                      "\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA\xE0"
                      "\xB8\x94\xE0\xB8\xB5|\xE0\xB8\x84\xE0\xB8\xA3\xE0\xB8"
                      "\xB1\xE0\xB8\x9A");
  /* Pieces without a letter or number are not words. */
  assert_string_equal(pieces(&seg, "\xE6\x97\xA5-\xE6\x9C\xAC"),
                      "\xE6\x97\xA5|\xE6\x9C\xAC");
  /* Pieces are byte ranges of the run. */
  size_t n = es_segment_run(&seg, "ab\xE3\x81\xAF", 5);
  assert_int_equal(n, 2);
  assert_int_equal(seg.pieces[1].start, 2);
  assert_int_equal(seg.pieces[1].len, 3);
  es_segmenter_release(&seg);
  es_segmenter_release(&seg); /* released twice: harmless */
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_urls),          cmocka_unit_test(test_emails),
      cmocka_unit_test(test_labels),        cmocka_unit_test(test_offsets_kept),
      cmocka_unit_test(test_ends_sentence), cmocka_unit_test(test_kinds),
      cmocka_unit_test(test_scripts),       cmocka_unit_test(test_segmentation),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
