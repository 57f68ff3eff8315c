/* test_guard.c - the bounds of guard.h at their limits, wherever the runs
 * sit in memory: es_guard_body skips its byte scan when a body cannot
 * reach the image or combining-mark bound, and that test must never miss
 * one that can. */
#include "test_util.h"
#include "parse/guard.h"

/* Guard `body` copied at offset `shift` of an aligned buffer. */
static es_guard_report guard_at(const char *body, size_t shift, size_t *len) {
  static _Alignas(16) char buf[8192];
  size_t n = strlen(body);
  assert_true(shift + n < sizeof buf);
  memcpy(buf + shift, body, n + 1);
  es_buf out = ES_BUF_INIT;
  es_guard_report rep;
  *len = n;
  es_guard_body(buf + shift, len, &out, &rep);
  es_buf_free(&out);
  return rep;
}

/* "a" then `marks` U+0301 (2 bytes each), then " b". */
static void marks_body(char *s, size_t marks) {
  size_t k = 0;
  s[k++] = 'a';
  for (size_t i = 0; i < marks; i++) {
    s[k++] = (char)0xcc;
    s[k++] = (char)0x81;
  }
  memcpy(s + k, " b", 3);
}

static void test_marks_at_the_limit(void **state) {
  (void)state;
  char body[256];
  for (size_t shift = 0; shift < 16; shift++) {
    size_t len;
    marks_body(body, ES_GUARD_MAX_MARKS);
    es_guard_report rep = guard_at(body, shift, &len);
    assert_int_equal(rep.marks, 0);
    assert_int_equal(len, strlen(body));
    marks_body(body, ES_GUARD_MAX_MARKS + 1);
    rep = guard_at(body, shift, &len);
    assert_int_equal(rep.marks, 1);
    assert_int_equal(rep.marks_line, 1);
    assert_int_equal(len, strlen(body) - 2);
  }
}

static void test_images_at_the_limit(void **state) {
  (void)state;
  char body[2048];
  for (size_t extra = 0; extra < 2; extra++) {
    size_t k = 0, n = ES_GUARD_MAX_IMAGES + extra;
    for (size_t i = 0; i < n; i++) {
      memcpy(body + k, "![a](b) ", 8);
      k += 8;
    }
    body[k] = 0;
    size_t len;
    es_guard_report rep = guard_at(body, 3, &len);
    assert_int_equal(rep.images, extra);
    assert_int_equal(len, k - extra);
  }
}

/* Plain prose with curly quotes and dashes needs no copy. */
static void test_prose_unchanged(void **state) {
  (void)state;
  size_t len;
  es_guard_report rep = guard_at("It\xe2\x80\x99s \xe2\x80\x9c"
                                 "fine\xe2\x80\x9d\xe2\x80\x94"
                                 "really! [x](y)\n\n- a\n  - b\n",
                                 5, &len);
  assert_int_equal(rep.marks + rep.images + rep.nested, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_marks_at_the_limit),
      cmocka_unit_test(test_images_at_the_limit),
      cmocka_unit_test(test_prose_unchanged),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
