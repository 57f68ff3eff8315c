/* test_utf8.c - byte repair: BOM, line ends, NUL and ill-formed UTF-8
 * replaced one U+FFFD per maximal subpart (Unicode chapter 3). */
#include "test_util.h"
#include "util/utf8.h"

#define FFFD "\xEF\xBF\xBD"

static void check(const char *in, size_t n, const char *want, size_t bad,
                  unsigned line) {
  es_buf scratch = ES_BUF_INIT;
  size_t len, nbad;
  unsigned first;
  const char *out = es_utf8_repair(in, n, &scratch, &len, &nbad, &first);
  if (len != strlen(want) || memcmp(out, want, len) != 0)
    fail_msg("repair of %zu bytes: got '%.*s', want '%s'", n, (int)len, out,
             want);
  assert_int_equal(nbad, bad);
  assert_int_equal(first, line);
  es_buf_free(&scratch);
}

#define CHECK(in, want, bad, line) check(in, sizeof in - 1, want, bad, line)

static void test_clean_input_is_not_copied(void **state) {
  (void)state;
  const char text[] = "plain \xC3\xA9t\xC3\xA9 text\nline two\n";
  es_buf scratch = ES_BUF_INIT;
  size_t len, bad;
  unsigned first;
  const char *out =
      es_utf8_repair(text, sizeof text - 1, &scratch, &len, &bad, &first);
  assert_ptr_equal(out, text);
  assert_int_equal(len, sizeof text - 1);
  assert_int_equal(bad, 0);
  es_buf_free(&scratch);
}

/* The clean-input scan reads 8 bytes at a time and jumps to the first
 * byte that needs a look: a CR, a NUL or a bad byte is found at every
 * position of a word, and a valid character there keeps the text clean. */
static void test_every_position(void **state) {
  (void)state;
  for (size_t at = 0; at < 24; at++) {
    char in[40], want[48];
    memset(in, 'a', sizeof in);
    memcpy(in + at, "\r", 1);
    memset(want, 'a', sizeof want);
    want[at] = '\n';
    want[sizeof in] = 0;
    check(in, sizeof in, want, 0, 0);
    in[at] = 0;
    memset(want, 'a', sizeof want);
    memcpy(want + at, FFFD, 3);
    want[sizeof in + 2] = 0;
    check(in, sizeof in, want, 1, 1);
    in[at] = (char)0xFF;
    check(in, sizeof in, want, 1, 1);
    memcpy(in + at, "\xC3\xA9", 2);
    es_buf scratch = ES_BUF_INIT;
    size_t len, bad;
    unsigned first;
    assert_ptr_equal(
        es_utf8_repair(in, sizeof in, &scratch, &len, &bad, &first), in);
    es_buf_free(&scratch);
  }
}

static void test_line_ends_and_bom(void **state) {
  (void)state;
  CHECK("\xEF\xBB\xBFhi\r\nthere\rend\n", "hi\nthere\nend\n", 0, 0);
  CHECK("a\r\r\nb", "a\n\nb", 0, 0);
  /* Only a leading BOM is dropped. */
  CHECK("a\xEF\xBB\xBF", "a\xEF\xBB\xBF", 0, 0);
}

static void test_replacements(void **state) {
  (void)state;
  CHECK("a\0b", "a" FFFD "b", 1, 1);
  /* A lone continuation byte, a bad lead byte, an overlong, a surrogate,
   * past U+10FFFF: each maximal subpart is one U+FFFD. */
  CHECK("x\x80y", "x" FFFD "y", 1, 1);
  CHECK("\xC0\xAF", FFFD FFFD, 2, 1);
  CHECK("\xE0\x80\xAF", FFFD FFFD FFFD, 3, 1);
  CHECK("\xED\xA0\x80", FFFD FFFD FFFD, 3, 1);
  CHECK("\xF4\x90\x80\x80", FFFD FFFD FFFD FFFD, 4, 1);
  /* A truncated sequence is one subpart. */
  CHECK("\xE2\x80x", FFFD "x", 1, 1);
  CHECK("\xF0\x9F\x98", FFFD, 1, 1);
  /* The line of the first bad sequence, after CRLF repair. */
  CHECK("ok\r\nok\n\xFFok\xFE", "ok\nok\n" FFFD "ok" FFFD, 2, 3);
}

static void test_display(void **state) {
  (void)state;
  char *s = es_utf8_display("bad\xFF\xFEname", 9);
  assert_string_equal(s, "bad" FFFD FFFD "name");
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_clean_input_is_not_copied),
      cmocka_unit_test(test_every_position),
      cmocka_unit_test(test_line_ends_and_bom),
      cmocka_unit_test(test_replacements),
      cmocka_unit_test(test_display),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
