/* test_sentences.c - sentence counts from ICU's sentence break iterator:
 * pieces without a word do not count, abbreviations and decimals follow
 * ICU's root rules, CJK full stops end sentences. */
#include "test_util.h"

#include "parse/sentences.h"

static size_t count(es_sentencer *s, const char *text) {
  return es_sentencer_count(s, text, strlen(text));
}

static void test_counts(void **state) {
  (void)state;
  es_sentencer s = ES_SENTENCER_INIT;
  assert_int_equal(count(&s, ""), 0);
  assert_int_equal(count(&s, "One sentence"), 1);
  /* "It ends. " | "Another one? " | "Yes!" */
  assert_int_equal(count(&s, "It ends. Another one? Yes!"), 3);
  /* A decimal point and a lower-case continuation do not break. */
  assert_int_equal(count(&s, "It costs 3.5 dollars. the end"), 1);
  /* Punctuation alone is a piece without a word: "..." after a sentence
   * stays with it, and a block of dashes holds no sentence. */
  assert_int_equal(count(&s, "— — —"), 0);
  assert_int_equal(count(&s, "Wait... Then go."), 2);
  /* Closing quotes stay with their sentence. */
  assert_int_equal(count(&s, "He said “stop.” She left."), 2);
  /* Ideographic full stops. */
  assert_int_equal(count(&s, "我们走了。他留下了。"), 2);
  /* The iterator is reused from block to block. */
  assert_int_equal(count(&s, "A. B. C."), 3);
  es_sentencer_release(&s);
  es_sentencer_release(&s); /* twice is harmless */
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_counts)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
