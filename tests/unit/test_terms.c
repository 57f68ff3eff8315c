/* test_terms.c - the terms and keyterms reports: counts, document
 * frequency, doc_share and idf per group, --min-count, both --stopwords
 * modes, key-term display forms, and --group-by with a (none) group.
 *
 * The corpus is tests/fixtures/analytics (see its README for the word
 * counts). Every expected number below was counted by hand from those five
 * files; idf is written out as ln(N/df) (the default ltc weighting) with N
 * and df by hand; the CLI test checks --weighting sklearn's
 * ln((1+N)/(1+df))+1 too. */
#include "test_util.h"

#include "corpus/corpus.h"
#include "parse/lexer.h"

#include <sys/wait.h>
#include <unistd.h>

#define FIXTURE "tests/fixtures/analytics"

typedef struct loaded {
  es_corpus *c;
  es_stats *st;
} loaded;

/* Doc ids are relative to the source tree, as in the golden tests. */
static int chdir_source(void **state) {
  (void)state;
  return chdir(ES_SOURCE_DIR);
}

static loaded load_opts(const char *path, const es_options *o) {
  loaded l = {NULL, NULL};
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_corpus_new(&l.c, o, &err), ES_OK);
  assert_int_equal(es_corpus_add_path(l.c, path, &err), ES_OK);
  assert_int_equal(es_corpus_load(l.c, &err), ES_OK);
  assert_int_equal(
      es_stats_compute(&l.st, l.c, ES_NEED_TERMS | ES_NEED_KEYTERMS, &err),
      ES_OK);
  return l;
}

static loaded load(const char *group_by, const char *stopwords,
                   uint64_t min_count) {
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  o.group_by = group_by;
  o.stopwords = stopwords;
  o.min_count = min_count;
  return load_opts(FIXTURE, &o);
}

static void unload(loaded *l) {
  es_stats_free(l->st);
  es_corpus_free(l->c);
}

static size_t group_index(const es_stats *st, const char *name) {
  for (size_t g = 0; g < es_stats_group_count(st); g++)
    if (strcmp(es_stats_group_name(st, g), name) == 0)
      return g;
  fail_msg("no group '%s'", name);
  return 0;
}

static const es_term_row *term(const es_stats *st, size_t g, const char *t) {
  for (size_t i = 0; i < es_stats_term_count(st, g); i++)
    if (strcmp(es_stats_term(st, g, i)->term, t) == 0)
      return es_stats_term(st, g, i);
  return NULL;
}

static void check_term(const es_stats *st, size_t g, const char *t,
                       uint64_t count, uint64_t docs, double n) {
  const es_term_row *r = term(st, g, t);
  if (!r)
    fail_msg("term '%s' missing from group %zu", t, g);
  assert_int_equal(r->count, count);
  assert_int_equal(r->docs, docs);
  es_assert_rel(r->doc_share, (double)docs / n, 1e-15);
  es_assert_rel(r->idf, log(n / (double)docs), 1e-15);
}

/* ---- terms --------------------------------------------------------------- */

static void test_terms_all(void **state) {
  (void)state;
  loaded l = load(NULL, NULL, 1);
  assert_int_equal(es_stats_group_count(l.st), 1);
  assert_string_equal(es_stats_group_name(l.st, 0), "(all)");
  /* 48 distinct terms in the five essays (title and headings included). */
  assert_int_equal(es_stats_term_count(l.st, 0), 48);
  /* Count desc, then term bytewise: the four terms with count 5 come in
   * alphabetical order whatever their df. */
  static const char *const top[] = {"the",          "river", "deep",  "essay",
                                    "introduction", "sea",   "focus", "is",
                                    "words",        "and",   "body",  "sky"};
  static const uint64_t topc[] = {13, 6, 5, 5, 5, 5, 4, 4, 4, 3, 3, 3};
  for (size_t i = 0; i < 12; i++) {
    assert_string_equal(es_stats_term(l.st, 0, i)->term, top[i]);
    assert_int_equal(es_stats_term(l.st, 0, i)->count, topc[i]);
  }
  /* N = 5. idf: df 5 -> ln 1 = 0; df 4 -> ln(5/4) = 0.2231435513. */
  check_term(l.st, 0, "the", 13, 5, 5);
  es_assert_rel(term(l.st, 0, "the")->idf, 0.0, 0);
  check_term(l.st, 0, "river", 6, 4, 5);
  es_assert_rel(term(l.st, 0, "river")->idf, 0.2231435513, 1e-10);
  check_term(l.st, 0, "sea", 5, 3, 5);
  check_term(l.st, 0, "words", 4, 1, 5); /* "words, words, words" in b1 */
  es_assert_rel(term(l.st, 0, "words")->idf, 1.6094379124, 1e-10);
  check_term(l.st, 0, "point", 2, 1, 5); /* two headings of a1 */
  check_term(l.st, 0, "stones", 2, 2, 5);
  /* The last row: count 1, bytewise largest of them. */
  assert_string_equal(es_stats_term(l.st, 0, 47)->term, "wide");
  assert_null(es_stats_term(l.st, 0, 48));
  unload(&l);
}

static void test_min_count(void **state) {
  (void)state;
  loaded l = load(NULL, NULL, 3);
  /* 12 terms have count >= 3; df, doc_share and idf are unchanged. */
  assert_int_equal(es_stats_term_count(l.st, 0), 12);
  assert_string_equal(es_stats_term(l.st, 0, 11)->term, "sky");
  check_term(l.st, 0, "sky", 3, 2, 5);
  assert_null(term(l.st, 0, "a"));
  /* --min-count is for terms only. */
  assert_int_equal(es_stats_keyterm_count(l.st, 0), 2);
  unload(&l);
  l = load(NULL, NULL, 14);
  assert_int_equal(es_stats_term_count(l.st, 0), 0);
  unload(&l);
  l = load(NULL, NULL, 13);
  assert_int_equal(es_stats_term_count(l.st, 0), 1);
  unload(&l);
}

static void test_stopwords_english(void **state) {
  (void)state;
  loaded l = load(NULL, "english", 1);
  static const char *const gone[] = {"the",  "is",  "and",   "a",  "on",
                                     "here", "to",  "in",    "we", "more",
                                     "some", "one", "again", NULL};
  for (size_t i = 0; gone[i]; i++)
    if (term(l.st, 0, gone[i]))
      fail_msg("stop word '%s' kept", gone[i]);
  /* 48 terms less the 13 function words above. */
  assert_int_equal(es_stats_term_count(l.st, 0), 35);
  assert_string_equal(es_stats_term(l.st, 0, 0)->term, "river");
  /* Dropping stop words changes neither N nor the other terms' df. */
  check_term(l.st, 0, "river", 6, 4, 5);
  check_term(l.st, 0, "stones", 2, 2, 5);
  unload(&l);
}

/* The built-in list: sorted, unique, and each entry one word that is
 * already in normalized form, so that it can match a term at all. */
static void test_stopword_list_is_clean(void **state) {
  (void)state;
  es_buf norm = ES_BUF_INIT;
  size_t n = 0;
  for (const char *const *w = es_english_stopwords; *w; w++, n++) {
    size_t len = strlen(*w);
    if (w != es_english_stopwords && strcmp(w[-1], *w) >= 0)
      fail_msg("'%s' is out of order or repeated", *w);
    es_words_normalize(*w, len, &norm);
    if (norm.len != len || memcmp(norm.data, *w, len) != 0)
      fail_msg("'%s' is not normalized", *w);
    size_t pos = 0, start, wlen;
    assert_true(es_words_next(*w, len, &pos, &start, &wlen));
    if (start != 0 || wlen != len)
      fail_msg("'%s' is not one word", *w);
  }
  assert_true(n > 100);
  es_buf_free(&norm);
  /* Sensible English function words are there. */
  loaded l = load(NULL, "english", 1);
  static const char *const must[] = {"the", "of",    "and",  "to",  "in",
                                     "is",  "it",    "that", "not", "her",
                                     "by",  "don't", "with", "us",  NULL};
  for (size_t i = 0; must[i]; i++) {
    bool found = false;
    for (size_t k = 0; k < l.c->nstop; k++)
      found |= strcmp(l.c->stop[k], must[i]) == 0;
    if (!found)
      fail_msg("'%s' missing from the English list", must[i]);
  }
  unload(&l);
}

static void test_stopwords_file(void **state) {
  (void)state;
  /* stopwords.list: "The", a blank line, "  RIVER  ", "Don’t" (U+2019)
   * with CRLF, "sky" with CRLF. */
  loaded l = load(NULL, FIXTURE "/stopwords.list", 1);
  assert_int_equal(l.c->nstop, 4);
  assert_string_equal(l.c->stop[0], "the");
  assert_string_equal(l.c->stop[1], "river");
  assert_string_equal(l.c->stop[2], "don't");
  assert_string_equal(l.c->stop[3], "sky");
  assert_null(term(l.st, 0, "the"));
  assert_null(term(l.st, 0, "river"));
  assert_null(term(l.st, 0, "sky"));
  assert_int_equal(es_stats_term_count(l.st, 0), 45);
  assert_string_equal(es_stats_term(l.st, 0, 0)->term, "deep");
  check_term(l.st, 0, "is", 4, 3, 5);
  unload(&l);

  es_corpus *c = NULL;
  es_options o = ES_OPTIONS_INIT;
  o.stopwords = FIXTURE "/no-such-file";
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_corpus_new(&c, &o, &err), ES_EIO);
  assert_null(c);
}

/* ---- groups -------------------------------------------------------------- */

static void test_terms_group_by(void **state) {
  (void)state;
  loaded l = load("category", NULL, 1);
  /* (all), values bytewise, (none): n1 has no front matter and n2 an
   * empty value; both are (none). */
  assert_int_equal(es_stats_group_count(l.st), 4);
  assert_string_equal(es_stats_group_name(l.st, 0), "(all)");
  assert_string_equal(es_stats_group_name(l.st, 1), "A");
  assert_string_equal(es_stats_group_name(l.st, 2), "B");
  assert_string_equal(es_stats_group_name(l.st, 3), "(none)");
  assert_null(es_stats_group_name(l.st, 4));
  /* (all) is the ungrouped table. */
  assert_int_equal(es_stats_term_count(l.st, 0), 48);
  check_term(l.st, 0, "river", 6, 4, 5);

  size_t a = group_index(l.st, "A"), b = group_index(l.st, "B"),
         none = group_index(l.st, "(none)");
  /* Group A = a1 + a2, N = 2. */
  assert_int_equal(es_stats_term_count(l.st, a), 30);
  check_term(l.st, a, "the", 8, 2, 2);
  check_term(l.st, a, "sea", 4, 2, 2);
  check_term(l.st, a, "river", 3, 1, 2); /* idf ln(2/1) */
  es_assert_rel(term(l.st, a, "river")->idf, 0.6931471806, 1e-10);
  assert_null(term(l.st, a, "stones"));
  /* Group B = b1 alone, N = 1: every idf 0, every doc_share 1. */
  assert_int_equal(es_stats_term_count(l.st, b), 23);
  assert_string_equal(es_stats_term(l.st, b, 0)->term, "words");
  check_term(l.st, b, "words", 4, 1, 1);
  check_term(l.st, b, "the", 3, 1, 1);
  /* (none) = n1 + n2. */
  assert_int_equal(es_stats_term_count(l.st, none), 16);
  assert_string_equal(es_stats_term(l.st, none, 0)->term, "analysis");
  check_term(l.st, none, "river", 2, 2, 2);
  check_term(l.st, none, "delta", 1, 1, 2);
  check_term(l.st, none, "epsilon", 1, 1, 2);
  unload(&l);
}

/* Essays that are not analysed are in no group and not in N; a sequence
 * value puts the essay in the group of each item (test_groups has more). */
static void test_groups_sequence_and_unread(void **state) {
  (void)state;
  char dir[] = "/tmp/es_terms_XXXXXX";
  assert_non_null(mkdtemp(dir));
  const char *x1 = "---\ncat: [p, q]\n---\nalpha beta alpha\n";
  write_file(dir, "x1.md", x1, strlen(x1));
  char big[200];
  memset(big, 'z', sizeof big);
  memcpy(big, "---\ncat: Z\n---\n", 15);
  big[sizeof big - 1] = '\n';
  write_file(dir, "x2.md", big, sizeof big);
  es_options o = ES_OPTIONS_INIT;
  o.group_by = "cat";
  o.max_file_size = 100; /* x2 is too large */
  loaded l = load_opts(dir, &o);
  assert_int_equal(es_stats_group_count(l.st), 3);
  assert_string_equal(es_stats_group_name(l.st, 1), "p");
  assert_string_equal(es_stats_group_name(l.st, 2), "q");
  assert_int_equal(es_stats_term_count(l.st, 0), 2);
  check_term(l.st, 0, "alpha", 2, 1, 1);
  check_term(l.st, 1, "beta", 1, 1, 1);
  check_term(l.st, 2, "beta", 1, 1, 1);
  unload(&l);
  assert_int_equal(remove_tree(dir), 0);
}

/* ---- key terms ----------------------------------------------------------- */

static void check_kt(const es_keyterm_row *r, const char *key,
                     const char *display, uint64_t count, uint64_t docs,
                     uint64_t labels, uint64_t inlines, const char *first) {
  assert_non_null(r);
  assert_string_equal(r->key, key);
  assert_string_equal(r->term, display);
  assert_int_equal(r->count, count);
  assert_int_equal(r->docs, docs);
  assert_int_equal(r->label_count, labels);
  assert_int_equal(r->inline_count, inlines);
  assert_string_equal(r->first_doc, first);
}

static void test_keyterms(void **state) {
  (void)state;
  loaded l = load("category", NULL, 1);
  /* "deep focus": a1 "Deep Focus" (inline), a2 "deep focus" (label, then
   * inline), b1 "DEEP FOCUS" (label). The most frequent form wins even
   * though it is not the bytewise smallest. */
  assert_int_equal(es_stats_keyterm_count(l.st, 0), 2);
  check_kt(es_stats_keyterm(l.st, 0, 0), "deep focus", "deep focus", 4, 3, 2, 2,
           FIXTURE "/a1.md");
  /* "key idea": a1 "key idea" (label), a2 "Key Idea" (inline): a tie,
   * won by the bytewise smaller "Key Idea", though a1 comes first. */
  check_kt(es_stats_keyterm(l.st, 0, 1), "key idea", "Key Idea", 2, 2, 1, 1,
           FIXTURE "/a1.md");
  assert_null(es_stats_keyterm(l.st, 0, 2));
  /* Within group A (a1, a2) the counts shrink. */
  size_t a = group_index(l.st, "A");
  assert_int_equal(es_stats_keyterm_count(l.st, a), 2);
  check_kt(es_stats_keyterm(l.st, a, 0), "deep focus", "deep focus", 3, 2, 1, 2,
           FIXTURE "/a1.md");
  check_kt(es_stats_keyterm(l.st, a, 1), "key idea", "Key Idea", 2, 2, 1, 1,
           FIXTURE "/a1.md");
  /* Group B's display form and first_doc are its own. */
  size_t b = group_index(l.st, "B");
  assert_int_equal(es_stats_keyterm_count(l.st, b), 1);
  check_kt(es_stats_keyterm(l.st, b, 0), "deep focus", "DEEP FOCUS", 1, 1, 1, 0,
           FIXTURE "/b1.md");
  assert_int_equal(es_stats_keyterm_count(l.st, group_index(l.st, "(none)")),
                   0);
  unload(&l);
}

/* Sorted by count desc, then key; ties of display forms with counts 2:2
 * and first-seen order against the bytewise order. */
static void test_keyterm_sort_and_ties(void **state) {
  (void)state;
  char dir[] = "/tmp/es_kt_XXXXXX";
  assert_non_null(mkdtemp(dir));
  const char *e1 = "Text **beta** and **Beta** and **alpha**.\n";
  const char *e2 = "Text **BETA** and **beta** and **Beta**.\n";
  const char *e3 = "**zeta:** one, **Zeta** two, **gamma** three.\n";
  write_file(dir, "e1.md", e1, strlen(e1));
  write_file(dir, "e2.md", e2, strlen(e2));
  write_file(dir, "e3.md", e3, strlen(e3));
  es_options o = ES_OPTIONS_INIT;
  loaded l = load_opts(dir, &o);
  assert_int_equal(es_stats_keyterm_count(l.st, 0), 4);
  char first[64];
  snprintf(first, sizeof first, "%s/e1.md", dir);
  /* beta: "beta" 2, "Beta" 2, "BETA" 1: tie of 2 -> "Beta" < "beta". */
  check_kt(es_stats_keyterm(l.st, 0, 0), "beta", "Beta", 5, 2, 0, 5, first);
  /* zeta 2 before the count-1 keys; its forms tie 1:1 -> "Zeta". */
  snprintf(first, sizeof first, "%s/e3.md", dir);
  check_kt(es_stats_keyterm(l.st, 0, 1), "zeta", "Zeta", 2, 1, 1, 1, first);
  snprintf(first, sizeof first, "%s/e1.md", dir);
  check_kt(es_stats_keyterm(l.st, 0, 2), "alpha", "alpha", 1, 1, 0, 1, first);
  snprintf(first, sizeof first, "%s/e3.md", dir);
  check_kt(es_stats_keyterm(l.st, 0, 3), "gamma", "gamma", 1, 1, 0, 1, first);
  unload(&l);
  assert_int_equal(remove_tree(dir), 0);
}

/* per_1000 and Gries' DP, by hand. Words (= terms, no stop words): a1 30,
 * a2 25, n1 11, n2 11 (and b1).
 * Group A (a1 + a2, 55 terms): "river" 3, all in a1 (s = 30/55, v = 1);
 *   a2 (s = 25/55, v = 0).
 *   per_1000 = 3000/55 = 54.545455
 *   DP = (|1 - 30/55| + |0 - 25/55|) / 2 = (25/55 + 25/55) / 2 = 25/55
 * Group (none) (n1 + n2, 22 terms): "delta" once, in n1 (Delta Essay):
 *   per_1000 = 1000/22 = 45.454545
 *   DP = (|1 - 11/22| + 11/22) / 2 = 1/2
 * Group (none): "river" once in n1 (Delta River), once in n2: v = 1/2 and
 *   s = 1/2 for both: DP = 0. */
static void test_dp_fixture(void **state) {
  (void)state;
  loaded l = load("category", NULL, 1);
  size_t a = group_index(l.st, "A"), none = group_index(l.st, "(none)");
  const es_term_row *r = term(l.st, a, "river");
  assert_non_null(r);
  es_assert_rel(r->per_1000, 3000.0 / 55, 1e-12);
  es_assert_rel(r->dp, 25.0 / 55, 1e-12);
  r = term(l.st, none, "delta");
  assert_non_null(r);
  es_assert_rel(r->per_1000, 1000.0 / 22, 1e-12);
  es_assert_rel(r->dp, 0.5, 1e-12);
  r = term(l.st, none, "river");
  assert_non_null(r);
  assert_int_equal(r->count, 2);
  assert_true(fabs(r->dp) < 1e-12);
  assert_false(signbit(r->dp));
  unload(&l);
}

/* ---- the CLI ------------------------------------------------------------- */

static void test_cli_group_column(void **state) {
  (void)state;
  static char out[1 << 16];
  assert_int_equal(cli_output("--report terms " FIXTURE, out, sizeof out), 0);
  /* per_1000: the corpus has 107 terms; 13000/107 = 121.495327 and
   * 6000/107 = 56.074766. dp: see test_dp_fixture. idf: ltc by default. */
  assert_prefix(out, "term,count,docs,doc_share,idf,per_1000,dp\n"
                     "the,13,5,1.000000,0.000000,121.495327,0.181165\n"
                     "river,6,4,0.800000,0.223144,56.074766,0.347352\n");
  assert_int_equal(cli_output("--report terms --weighting sklearn " FIXTURE,
                              out, sizeof out),
                   0);
  assert_prefix(out, "term,count,docs,doc_share,idf,per_1000,dp\n"
                     "the,13,5,1.000000,1.000000,121.495327,0.181165\n"
                     "river,6,4,0.800000,1.182322,56.074766,0.347352\n");
  assert_int_equal(cli_output("--report terms --group-by category " FIXTURE,
                              out, sizeof out),
                   0);
  assert_prefix(out, "group,term,count,docs,doc_share,idf,per_1000,dp\n"
                     "(all),the,13,5,1.000000,0.000000,");
  assert_non_null(strstr(out, "\nA,river,3,1,0.500000,0.693147,"));
  assert_non_null(strstr(out, "\n(none),delta,1,1,0.500000,0.693147,"));
  assert_int_equal(cli_output("--report terms --group-by category --weighting "
                              "sklearn " FIXTURE,
                              out, sizeof out),
                   0);
  assert_non_null(strstr(out, "\nA,river,3,1,0.500000,1.405465,"));
  assert_int_equal(
      cli_output("--report terms --weighting tfidf " FIXTURE, out, sizeof out),
      2);
  assert_int_equal(cli_output("--report keyterms --group-by category " FIXTURE,
                              out, sizeof out),
                   0);
  assert_string_equal(
      out, "group,key,term,count,docs,label_count,inline_count,first_doc\n"
           "(all),deep focus,deep focus,4,3,2,2," FIXTURE "/a1.md\n"
           "(all),key idea,Key Idea,2,2,1,1," FIXTURE "/a1.md\n"
           "A,deep focus,deep focus,3,2,1,2," FIXTURE "/a1.md\n"
           "A,key idea,Key Idea,2,2,1,1," FIXTURE "/a1.md\n"
           "B,deep focus,DEEP FOCUS,1,1,1,0," FIXTURE "/b1.md\n");
  assert_int_equal(
      cli_output("--report terms --min-count 12 --stopwords english " FIXTURE,
                 out, sizeof out),
      0);
  assert_string_equal(out, "term,count,docs,doc_share,idf,per_1000,dp\n");
  assert_int_equal(
      cli_output("--report terms --min-count -1 " FIXTURE, out, sizeof out), 2);
  /* keyness needs --group-by, with -r and with --reports alike. */
  assert_int_equal(cli_output("--report keyness " FIXTURE, out, sizeof out), 2);
  assert_int_equal(cli_output("--out-dir /tmp/es_never_written --reports "
                              "terms,keyness " FIXTURE,
                              out, sizeof out),
                   2);
  assert_int_equal(access("/tmp/es_never_written", F_OK), -1);
}

/* --out-dir writes the same bytes as --report, for each of these reports. */
static void test_cli_out_dir(void **state) {
  (void)state;
  char dir[] = "/tmp/es_out_XXXXXX";
  assert_non_null(mkdtemp(dir));
  char args[256];
  snprintf(args, sizeof args, "--group-by category --out-dir %s/o " FIXTURE,
           dir);
  static char out[1 << 16], file[1 << 16];
  assert_int_equal(cli_output(args, out, sizeof out), 0);
  assert_string_equal(out, "");
  static const char *const names[] = {"terms", "keyterms", "lengths",
                                      "histogram", NULL};
  for (size_t i = 0; names[i]; i++) {
    snprintf(args, sizeof args, "--group-by category --report %s " FIXTURE,
             names[i]);
    assert_int_equal(cli_output(args, out, sizeof out), 0);
    char path[128];
    snprintf(path, sizeof path, "%s/o/%s.csv", dir, names[i]);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    size_t n = fread(file, 1, sizeof file - 1, f);
    file[n] = 0;
    fclose(f);
    assert_string_equal(file, out);
  }
  assert_int_equal(remove_tree(dir), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_terms_all),
      cmocka_unit_test(test_min_count),
      cmocka_unit_test(test_stopwords_english),
      cmocka_unit_test(test_stopword_list_is_clean),
      cmocka_unit_test(test_stopwords_file),
      cmocka_unit_test(test_terms_group_by),
      cmocka_unit_test(test_groups_sequence_and_unread),
      cmocka_unit_test(test_keyterms),
      cmocka_unit_test(test_keyterm_sort_and_ties),
      cmocka_unit_test(test_dp_fixture),
      cmocka_unit_test(test_cli_group_column),
      cmocka_unit_test(test_cli_out_dir),
  };
  return cmocka_run_group_tests(tests, chdir_source, NULL);
}
