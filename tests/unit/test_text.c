/* test_text.c - the word rule, normalization and white-space helpers. */
#include "test_util.h"
#include "parse/lexer.h"

/* Words of s joined by '|'. */
static char *words(const char *s) {
  static char out[4096];
  size_t pos = 0, start, len, n = strlen(s), k = 0;
  out[0] = 0;
  while (es_words_next(s, n, &pos, &start, &len)) {
    if (k)
      out[k++] = '|';
    memcpy(out + k, s + start, len);
    k += len;
    out[k] = 0;
  }
  return out;
}

static void test_word_joiners(void **state) {
  (void)state;
  assert_string_equal(words("Marta\xE2\x80\x99s letter"),
                      "Marta\xE2\x80\x99s|letter");
  assert_string_equal(words("pre-Victorian furniture"),
                      "pre-Victorian|furniture");
  assert_string_equal(words("a 16:9 screen"), "a|16|9|screen");
  assert_string_equal(words("Pied-\xC3\xA0-terre"), "Pied-\xC3\xA0-terre");
  assert_string_equal(words("sailor's knot"), "sailor's|knot");
  /* U+02BC is a letter (Lm) as well as a listed apostrophe. */
  assert_string_equal(words("don\xCA\xBCt"), "don\xCA\xBCt");
  /* U+2010 and U+2011 hyphens join; U+2014 (em dash) does not. */
  assert_string_equal(words("well\xE2\x80\x90known non\xE2\x80\x91stop"),
                      "well\xE2\x80\x90known|non\xE2\x80\x91stop");
  assert_string_equal(words("harbours\xE2\x80\x94"
                            "boats"),
                      "harbours|boats");
  /* A joiner needs a word character on both sides, and only one joiner. */
  assert_string_equal(words("'tis rock- -roll a--b a-'b"),
                      "tis|rock|roll|a|b|a|b");
  assert_string_equal(words("\"night shift\" 80s"), "night|shift|80s");
}

static void test_word_classes(void **state) {
  (void)state;
  /* '_' is a word character but a run needs a letter or number. */
  assert_string_equal(words("snake_case __ _-_ x"), "snake_case|x");
  /* Combining marks stay in the word: decomposed e + U+0301. */
  assert_string_equal(words("cafe\xCC\x81 au lait"), "cafe\xCC\x81|au|lait");
  /* A lone combining mark is not a word. */
  assert_string_equal(words("a \xCC\x81 b"), "a|b");
  /* Cyrillic, CJK (no spaces: one run), digits of other scripts. */
  assert_string_equal(words("\xD0\xBA\xD0\xB8\xD0\xBD\xD0\xBE 2017"),
                      "\xD0\xBA\xD0\xB8\xD0\xBD\xD0\xBE|2017");
  assert_string_equal(words("\xE6\x98\xA0\xE7\x94\xBB\xE3\x80\x82\xE6\x98\xA0"),
                      "\xE6\x98\xA0\xE7\x94\xBB|\xE6\x98\xA0");
  /* Punctuation, symbols and U+FFFD separate words. */
  assert_string_equal(words("a\xEF\xBF\xBD"
                            "b c\xE2\x80\xA2"
                            "d"),
                      "a|b|c|d");
  assert_int_equal(es_words_count(NULL, "", 0), 0);
  assert_int_equal(es_words_count(NULL, "  -- ,, ", 8), 0);
}

static char *norm(const char *s) {
  static es_buf b = ES_BUF_INIT;
  es_words_normalize(s, strlen(s), &b);
  return b.data ? b.data : (char *)"";
}

static void test_normalize(void **state) {
  (void)state;
  assert_string_equal(norm("Marta\xE2\x80\x99s"), "marta's");
  assert_string_equal(norm("don\xCA\xBCt"), "don't");
  assert_string_equal(norm("Pre\xE2\x80\x90Victorian"), "pre-victorian");
  assert_string_equal(norm("non\xE2\x80\x91stop"), "non-stop");
  /* ASCII with these variants skips utf8proc; anything else takes it. */
  assert_string_equal(norm("Don\xE2\x80\x99t\xE2\x80\x91Stop\xCA\xBC"),
                      "don't-stop'");
  assert_string_equal(norm("Caf\xC3\xA9\xE2\x80\x99s"), "caf\xC3\xA9's");
  /* Decomposed and precomposed accents normalize alike. */
  assert_string_equal(norm("Cr\xC3\xA8me"), "cr\xC3\xA8me");
  assert_string_equal(norm("Cre\xCC\x80me"), "cr\xC3\xA8me");
  /* Case folding beyond ASCII; compatibility forms. */
  assert_string_equal(norm("Stra\xC3\x9F"
                           "e"),
                      "strasse");
  assert_string_equal(norm("\xEF\xAC\x81"
                           "lm"),
                      "film"); /* U+FB01 ligature */
  assert_string_equal(norm("\xEF\xBC\xA1\xEF\xBC\xA2"), "ab"); /* fullwidth */
  /* Default-ignorable code points vanish. */
  assert_string_equal(norm("a\xE2\x80\x8B"
                           "b"),
                      "ab");
  assert_string_equal(norm("\xE3\x85\xA4"), ""); /* U+3164 Hangul filler */
}

static void test_collapse_and_strip(void **state) {
  (void)state;
  es_buf b = ES_BUF_INIT;
  es_words_collapse("  a \t\n b\xC2\xA0\xE2\x80\x83"
                    "c  ",
                    16, &b);
  assert_string_equal(b.data, "a b c");
  es_words_collapse(" \xE3\x80\x80 ", 5, &b);
  assert_int_equal(b.len, 0);
  const char *s = "Harbour Light:";
  assert_int_equal(es_words_strip_trailing(s, strlen(s)), 13);
  s = "Weathered Harbour Chart.";
  assert_int_equal(es_words_strip_trailing(s, strlen(s)), 23);
  s = "Why?! ;:, \xC2\xA0";
  assert_int_equal(es_words_strip_trailing(s, strlen(s)), 3);
  s = "...";
  assert_int_equal(es_words_strip_trailing(s, strlen(s)), 0);
  s = "Note\xE2\x80\x94"; /* an em dash is not stripped */
  assert_int_equal(es_words_strip_trailing(s, strlen(s)), strlen(s));
  es_buf_free(&b);
}

static void test_vocab_and_lexer(void **state) {
  (void)state;
  es_vocab *v = es_vocab_new();
  es_lexer lx;
  es_lexer_init(&lx, v);
  uint32_t a = es_lexer_term(&lx, "The", 3);
  uint32_t b = es_lexer_term(&lx, "the", 3);
  uint32_t c = es_lexer_term(&lx, "THE", 3);
  assert_int_equal(a, b);
  assert_int_equal(a, c);
  assert_int_equal(es_lexer_term(&lx, "\xE3\x85\xA4", 3), UINT32_MAX);
  es_lexer_count(&lx, a);
  es_lexer_count(&lx, es_lexer_term(&lx, "film", 4));
  es_lexer_count(&lx, a);
  const es_term_count *tc;
  size_t n = es_lexer_take(&lx, &tc);
  assert_int_equal(n, 2);
  assert_int_equal(tc[0].id, a);
  assert_int_equal(tc[0].count, 2);
  assert_int_equal(tc[1].count, 1);
  /* Counts are reset for the next document. */
  assert_int_equal(es_lexer_take(&lx, &tc), 0);
  assert_string_equal(es_vocab_str(v, a, NULL), "the");
  es_lexer_release(&lx);
  es_vocab_free(v);
}

/* The lexer's inline ASCII scanner finds exactly the words of the general
 * one, on random mixes of the characters that matter to the rule. */
static void test_fast_scanner_agrees(void **state) {
  (void)state;
  static const char *const atoms[] = {"a",
                                      "Z",
                                      "7",
                                      "_",
                                      "'",
                                      "-",
                                      " ",
                                      ".",
                                      ":",
                                      "\n",
                                      "\xE2\x80\x99",
                                      "\xE2\x80\x90",
                                      "\xC3\xA9",
                                      "\xCC\x81",
                                      "\xE2\x80\x94",
                                      "\xCA\xBC",
                                      "\xEF\xBF\xBD",
                                      "\xE6\x98\xA0",
                                      "\xE3\x81\xAF",
                                      "\xE0\xB8\x81\xE0\xB8\xB2",
                                      "word",
                                      "--",
                                      "''"};
  size_t na = sizeof atoms / sizeof *atoms;
  es_vocab *v = es_vocab_new();
  es_lexer lx;
  es_lexer_init(&lx, v);
  es_segmenter seg = ES_SEGMENTER_INIT;
  uint64_t seed = 99;
  char text[512];
  for (int round = 0; round < 20000; round++) {
    size_t k = 0;
    int parts = 1 + round % 40;
    for (int p = 0; p < parts; p++) {
      seed = seed * 6364136223846793005ull + 1442695040888963407ull;
      const char *a = atoms[(seed >> 33) % na];
      size_t l = strlen(a);
      if (k + l >= sizeof text)
        break;
      memcpy(text + k, a, l);
      k += l;
    }
    text[k] = 0;
    size_t last, expect_last = SIZE_MAX, start, len, expect = 0;
    /* The general scanner, with its own segmenter, against the batch
     * path of the lexer (ASCII fast path, ICU pieces across batches). */
    es_words_iter it;
    es_words_iter_init(&it, text, k, &seg);
    while (es_words_iter_next(&it, &start, &len)) {
      expect++;
      expect_last = start;
    }
    size_t got = es_lexer_count_text(&lx, text, k, &last);
    if (got != expect || last != expect_last)
      fail_msg("'%s': %zu words (last at %zu), expected %zu (last at %zu)",
               text, got, last, expect, expect_last);
    const es_term_count *tc;
    es_lexer_take(&lx, &tc);
  }
  es_lexer_release(&lx);
  es_segmenter_release(&seg);
  es_vocab_free(v);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_word_joiners),
      cmocka_unit_test(test_word_classes),
      cmocka_unit_test(test_normalize),
      cmocka_unit_test(test_collapse_and_strip),
      cmocka_unit_test(test_vocab_and_lexer),
      cmocka_unit_test(test_fast_scanner_agrees),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
