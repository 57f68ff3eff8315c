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

/* The direct reading of the rules against ICU's iterator, on random text
 * over characters of every Sentence_Break class met in prose (Lower,
 * Upper, OLetter, Numeric, ATerm, STerm, Close, Sp, SContinue, Other) and
 * on blocks that take ICU's route (Extend, Format, Sep). Run once with 3
 * million strings and another seed before it was cut to this size. */
static void test_differential(void **state) {
  (void)state;
  static const char *alphabet[] = {
      "a",      "b",      "Z",      "Q",      "1",      "9",      ".",
      "!",      "?",      " ",      "\u00a0", "\"",     "'",      ")",
      "(",      "\u201c", "\u201d", "\u2019", ",",      ":",      ";",
      "-",      "\u3002", "\u00fc", "\u65e5", "\u2026", "\t",     "_",
      "#",      "\u00bf", "\uff0e", "\u0301", "\u200d", "\u2029", "\u00ab",
      "\u00bb", "e.g",    "Mr",     "5.5"};
  const size_t na = sizeof alphabet / sizeof *alphabet;
  es_sentencer s = ES_SENTENCER_INIT;
  uint64_t x = 88172645463325252u; /* xorshift64 */
  char buf[256];
  for (int iter = 0; iter < 200000; iter++) {
    size_t len = 0;
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    int k = (int)(x % 24) + 1;
    for (int j = 0; j < k; j++) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      const char *a = alphabet[x % na];
      memcpy(buf + len, a, strlen(a));
      len += strlen(a);
    }
    buf[len] = 0;
    size_t fast = es_sentencer_count(&s, buf, len);
    size_t icu = es_sentencer__count_icu(&s, buf, len);
    if (fast != icu)
      fail_msg("'%s': %zu sentences, ICU says %zu", buf, fast, icu);
  }
  es_sentencer_release(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_counts),
                                     cmocka_unit_test(test_differential)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
