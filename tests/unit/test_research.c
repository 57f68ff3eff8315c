/* test_research.c - the research columns of the essays report end to end
 * (parse, term sequence, sentences, diversity, CSV), on essays small enough
 * to work out by hand. The formulas themselves are in test_measures.c. */
#include "test_util.h"

#include <unistd.h>

static char dir[64];

static int setup(void **state) {
  (void)state;
  if (make_tmpdir(dir, sizeof dir, "research") != 0)
    return -1;
  /* a.md: "# T" then "The cat saw the cat. It ran!"
   *   terms in order: t the cat saw the cat it ran (8), types 6 (t the cat
   *   saw it ran), TTR 6/8 = 0.75; fewer than 100: MATTR = TTR.
   *   MTLD forward: t the cat saw (4/4), the (4/5), cat (4/6 = 0.667 <=
   *   0.72: factor), it ran (2/2, partial 0): 8 / 1 = 8.
   *   backward: ran it cat the saw (5/5), cat (5/6), the (5/7 = 0.714:
   *   factor), t (1/1, partial 0): 8 / 1 = 8. MTLD 8.
   *   sentences: the heading 1, the paragraph 2 (". " and "!"): 3.
   *   words_per_sentence 8 / 3 = 2.666667.
   * b.md: a code block only: no words, no terms, no sentences.
   * c.md: "Mr. Smith went to Washington. He said: wow!" and a list item
   *   "one two. three" and a heading "## Why?":
   *   ICU keeps "Mr. Smith" together? No: ICU's root rules break after
   *   "Mr. " before an upper-case word (SB11), so the paragraph is
   *   "Mr. " + "Smith went to Washington. " + "He said: wow!" = 3; the
   *   list item "one two. three" stays 1 (SB8: a lower-case word follows
   *   the full stop); the heading 1. Total 5; words 8 + 3 + 1 = 12, all
   *   distinct (mr smith went to washington he said wow one two three
   *   why): TTR 1, every running TTR 1, no factor: MTLD empty;
   *   12 / 5 = 2.400000 per sentence. */
  write_file(dir, "a.md", "# T\n\nThe cat saw the cat. It ran!\n", 33);
  const char *b = "```\ncode only\n```\n";
  write_file(dir, "b.md", b, strlen(b));
  const char *c = "Mr. Smith went to Washington. He said: wow!\n\n"
                  "- one two. three\n\n## Why?\n";
  write_file(dir, "c.md", c, strlen(c));
  return 0;
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(dir);
}

/* The fields of `doc`'s row from types to words_per_sentence. */
static void row(const char *csv, const char *doc, char *out, size_t cap) {
  const char *p = strstr(csv, doc);
  if (!p)
    fail_msg("no row for %s", doc);
  const char *end = strchr(p, '\n');
  /* essays columns: doc_id, title, title_source, bytes, words,
   * content_words, sections, parts, subsections, paragraphs, list_items,
   * key_terms, unique_key_terms, label_terms, inline_terms,
   * mean_section_words, max_section_words, then the six. */
  int commas = 0;
  while (p < end && commas < 17)
    commas += *p++ == ',';
  size_t k = 0;
  for (commas = 0; p < end && commas < 6 && k + 1 < cap; p++) {
    if (*p == ',')
      commas++;
    if (commas < 6)
      out[k++] = *p;
  }
  out[k] = 0;
}

static void test_columns(void **state) {
  (void)state;
  static char out[1 << 14];
  char args[256], got[256];
  snprintf(args, sizeof args, "-r essays %s", dir);
  assert_int_equal(cli_output(args, out, sizeof out), 0);
  assert_prefix(out, "doc_id,title,title_source,bytes,words,content_words,"
                     "sections,parts,subsections,paragraphs,list_items,"
                     "key_terms,unique_key_terms,label_terms,inline_terms,"
                     "mean_section_words,max_section_words,types,ttr,mattr,"
                     "mtld,sentences,words_per_sentence,");
  row(out, "/a.md,", got, sizeof got);
  assert_string_equal(got, "6,0.750000,0.750000,8.000000,3,2.666667");
  row(out, "/b.md,", got, sizeof got);
  assert_string_equal(got, "0,,,,0,");
  row(out, "/c.md,", got, sizeof got);
  assert_string_equal(got, "12,1.000000,1.000000,,5,2.400000");
}

/* phrases: trigrams inside blocks only.
 *   a.md: "Alpha beta gamma." | "Delta alpha beta gamma delta."
 *   b.md: "Alpha beta gamma delta" | list item "beta gamma delta"
 * a: alpha beta gamma; delta alpha beta, alpha beta gamma, beta gamma
 *    delta (never "beta gamma delta" across its two paragraphs).
 * b: alpha beta gamma, beta gamma delta; beta gamma delta.
 *   alpha beta gamma: 2 + 1 = 3 in 2 essays; beta gamma delta: 1 + 2 = 3
 *   in 2 essays; delta alpha beta: 1 essay, below --min-docs 2.
 * Ties on docs and count go by phrase. With --min-docs 1 and --ngrams 2:
 *   alpha beta 3/2, beta gamma 4/2, gamma delta 3/2, delta alpha 1/1. */
static void test_phrases(void **state) {
  (void)state;
  char sub[128], args[512], want[1024];
  static char out[1 << 14];
  snprintf(sub, sizeof sub, "%s/phr", dir);
  const char *a = "Alpha beta gamma.\n\nDelta alpha beta gamma delta.\n";
  const char *b = "Alpha beta gamma delta\n\n- beta gamma delta\n";
  write_file(sub, "a.md", a, strlen(a));
  write_file(sub, "b.md", b, strlen(b));
  snprintf(args, sizeof args, "-r phrases %s", sub);
  assert_int_equal(cli_output(args, out, sizeof out), 0);
  snprintf(want, sizeof want,
           "n,phrase,count,docs,doc_share,first_doc\n"
           "3,alpha beta gamma,3,2,1.000000,%s/a.md\n"
           "3,beta gamma delta,3,2,1.000000,%s/a.md\n",
           sub, sub);
  assert_string_equal(out, want);
  snprintf(args, sizeof args, "-r phrases --ngrams 2 --min-docs 1 %s", sub);
  assert_int_equal(cli_output(args, out, sizeof out), 0);
  snprintf(want, sizeof want,
           "n,phrase,count,docs,doc_share,first_doc\n"
           "2,beta gamma,4,2,1.000000,%s/a.md\n"
           "2,alpha beta,3,2,1.000000,%s/a.md\n"
           "2,gamma delta,3,2,1.000000,%s/a.md\n"
           "2,delta alpha,1,1,0.500000,%s/a.md\n",
           sub, sub, sub, sub);
  assert_string_equal(out, want);
  /* Bad values are usage errors. */
  snprintf(args, sizeof args, "-r phrases --ngrams 9 %s", sub);
  assert_int_equal(cli_output(args, out, sizeof out), 2);
  snprintf(args, sizeof args, "-r phrases --ngrams 4-3 %s", sub);
  assert_int_equal(cli_output(args, out, sizeof out), 2);
  snprintf(args, sizeof args, "-r phrases --min-docs 0 %s", sub);
  assert_int_equal(cli_output(args, out, sizeof out), 2);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_columns),
                                     cmocka_unit_test(test_phrases)};
  return cmocka_run_group_tests(tests, setup, teardown);
}
