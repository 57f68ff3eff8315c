/* test_audit.c - every audit code of SPEC section 4, with the rules of
 * section 6 "Audit": when each fires and when it does not, its severity and
 * line, the corpus norms ("at least half the analysed essays"), the order of
 * findings and the severity totals. Each test builds a small corpus in its
 * own temporary folder and reads the findings through the public API. */
#include "test_util.h"

#include <sys/stat.h>
#include <unistd.h>

/* ---- fixtures ----------------------------------------------------------- */

static char root[64];

static int setup(void **state) {
  (void)state;
  return make_tmpdir(root, sizeof root, "audit");
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(root);
}

/* Write an essay into the test's folder. */
static void put(const char *name, const char *text) {
  write_file(root, name, text, strlen(text));
}

typedef struct run {
  es_corpus *corpus;
  es_stats *stats;
} run;

static run audit_with(const es_options *o) {
  run r = {NULL, NULL};
  assert_int_equal(es_corpus_new(&r.corpus, o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(r.corpus, root, NULL), ES_OK);
  assert_int_equal(es_corpus_load(r.corpus, NULL), ES_OK);
  assert_int_equal(es_stats_compute(&r.stats, r.corpus, ES_NEED_AUDIT, NULL),
                   ES_OK);
  return r;
}

static run audit(void) {
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  return audit_with(&o);
}

static void done(run *r) {
  es_stats_free(r->stats);
  es_corpus_free(r->corpus);
}

/* Index of the essay whose doc_id ends with "/name". */
static size_t doc(const run *r, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < es_corpus_count(r->corpus); i++) {
    const char *id = es_corpus_doc_id(r->corpus, i);
    size_t m = strlen(id);
    if (m > n && id[m - n - 1] == '/' && strcmp(id + m - n, name) == 0)
      return i;
  }
  fail_msg("no essay named %s", name);
  return SIZE_MAX;
}

/* The essay's finding with this code, or NULL. */
static const es_finding *finding(const run *r, const char *name, es_code code) {
  size_t i = doc(r, name);
  for (size_t k = 0; k < es_stats_finding_count(r->stats, i); k++) {
    const es_finding *f = es_stats_finding(r->stats, i, k);
    if (f->code == code)
      return f;
  }
  return NULL;
}

/* The essay's k-th finding (0-based, in report order) with this code. */
static const es_finding *nth(const run *r, const char *name, es_code code,
                             size_t k) {
  size_t i = doc(r, name);
  for (size_t j = 0; j < es_stats_finding_count(r->stats, i); j++) {
    const es_finding *f = es_stats_finding(r->stats, i, j);
    if (f->code == code && k-- == 0)
      return f;
  }
  fail_msg("%s: too few %s findings", name, es_code_name(code));
  return NULL;
}

static size_t count_code(const run *r, const char *name, es_code code) {
  size_t i = doc(r, name), n = 0;
  for (size_t k = 0; k < es_stats_finding_count(r->stats, i); k++)
    n += es_stats_finding(r->stats, i, k)->code == code;
  return n;
}

/* Asserts the finding exists with this line, and returns its message. */
static const char *expect(const run *r, const char *name, es_code code,
                          unsigned line) {
  const es_finding *f = finding(r, name, code);
  if (!f)
    fail_msg("%s: no %s finding", name, es_code_name(code));
  assert_int_equal(f->line, line);
  assert_non_null(f->message);
  assert_true(strlen(f->message) > 0);
  assert_null(strchr(f->message, '\n')); /* one line */
  return f->message;
}

static void expect_none(const run *r, const char *name, es_code code) {
  if (finding(r, name, code))
    fail_msg("%s: unexpected %s finding: %s", name, es_code_name(code),
             finding(r, name, code)->message);
}

static const char *const ESSAY = "---\ntitle: A\nauthor: B\n---\n"
                                 "# Title\n\n"
                                 "**Introduction: Start**\n\n"
                                 "Some **key** words about apples.\n\n"
                                 "**Body: Middle**\n\n"
                                 "More words about pears and plums.\n\n"
                                 "**Conclusion: End**\n\n"
                                 "Final words on fruit.\n";

/* ---- names and severities ---------------------------------------------- */

static void test_codes(void **state) {
  (void)state;
  static const struct {
    es_code code;
    const char *name;
    es_severity sev;
  } want[] = {
      {ES_CODE_UNREADABLE, "unreadable", ES_SEVERITY_ERROR},
      {ES_CODE_TOO_LARGE, "too_large", ES_SEVERITY_ERROR},
      {ES_CODE_NOT_UTF8, "not_utf8", ES_SEVERITY_ERROR},
      {ES_CODE_FRONT_MATTER_INVALID, "front_matter_invalid", ES_SEVERITY_ERROR},
      {ES_CODE_FRONT_MATTER_UNTERMINATED, "front_matter_unterminated",
       ES_SEVERITY_ERROR},
      {ES_CODE_FRONT_MATTER_NOT_MAPPING, "front_matter_not_mapping",
       ES_SEVERITY_ERROR},
      {ES_CODE_EMPTY, "empty", ES_SEVERITY_WARNING},
      {ES_CODE_FRONT_MATTER_MISSING, "front_matter_missing",
       ES_SEVERITY_WARNING},
      {ES_CODE_MISSING_FIELD, "missing_field", ES_SEVERITY_WARNING},
      {ES_CODE_DUPLICATE_KEY, "duplicate_key", ES_SEVERITY_WARNING},
      {ES_CODE_NO_SECTIONS, "no_sections", ES_SEVERITY_WARNING},
      {ES_CODE_MISSING_PART, "missing_part", ES_SEVERITY_WARNING},
      {ES_CODE_EMPTY_SECTION, "empty_section", ES_SEVERITY_WARNING},
      {ES_CODE_LENGTH_OUTLIER, "length_outlier", ES_SEVERITY_WARNING},
      {ES_CODE_NEAR_DUPLICATE, "near_duplicate", ES_SEVERITY_WARNING},
      {ES_CODE_INPUT_BOUNDED, "input_bounded", ES_SEVERITY_WARNING},
      {ES_CODE_NO_TITLE, "no_title", ES_SEVERITY_INFO},
      {ES_CODE_NO_KEY_TERMS, "no_key_terms", ES_SEVERITY_INFO},
      {ES_CODE_FIELD_TYPE, "field_type", ES_SEVERITY_WARNING},
      {ES_CODE_FIELD_VALUE, "field_value", ES_SEVERITY_WARNING},
      {ES_CODE_PART_ORDER, "part_order", ES_SEVERITY_WARNING},
  };
  assert_int_equal(sizeof want / sizeof *want, ES_CODE__COUNT);
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    assert_string_equal(es_code_name(want[i].code), want[i].name);
    assert_int_equal(es_code_severity(want[i].code), want[i].sev);
  }
  assert_string_equal(es_severity_name(ES_SEVERITY_ERROR), "error");
  assert_string_equal(es_severity_name(ES_SEVERITY_WARNING), "warning");
  assert_string_equal(es_severity_name(ES_SEVERITY_INFO), "info");
}

/* ---- files that are not analysed --------------------------------------- */

static void test_unreadable_and_too_large(void **state) {
  (void)state;
  put("ok.md", ESSAY);
  char big[2048];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = 0;
  put("big.md", big);
  char path[256];
  snprintf(path, sizeof path, "%s/fifo.md", root);
  assert_int_equal(mkfifo(path, 0644), 0);
  snprintf(path, sizeof path, "%s/dangling.md", root);
  assert_int_equal(symlink("nowhere.md", path), 0);
  snprintf(path, sizeof path, "%s/loop.md", root);
  assert_int_equal(symlink("loop.md", path), 0);

  es_options o = ES_OPTIONS_INIT;
  o.max_file_size = 1024;
  run r = audit_with(&o);
  assert_int_equal(es_corpus_count(r.corpus), 5);
  assert_int_equal(es_corpus_analysed(r.corpus), 1);
  const char *m = expect(&r, "big.md", ES_CODE_TOO_LARGE, 0);
  assert_non_null(strstr(m, "1024"));
  assert_int_equal(es_corpus_bytes(r.corpus, doc(&r, "big.md")), 2047);
  assert_null(es_corpus_doc(r.corpus, doc(&r, "big.md")));
  m = expect(&r, "fifo.md", ES_CODE_UNREADABLE, 0);
  assert_non_null(strstr(m, "not a regular file"));
  m = expect(&r, "dangling.md", ES_CODE_UNREADABLE, 0);
  assert_non_null(strstr(m, "not a regular file"));
  assert_int_equal(es_corpus_bytes(r.corpus, doc(&r, "dangling.md")), -1);
  m = expect(&r, "loop.md", ES_CODE_UNREADABLE, 0);
  assert_non_null(strstr(m, "symbolic link loop"));
  /* A row that is not analysed gets its read finding and nothing else:
   * no corpus-relative notes, and it is left out of N. */
  const char *bad[] = {"big.md", "fifo.md", "dangling.md", "loop.md"};
  for (size_t i = 0; i < 4; i++)
    assert_int_equal(es_stats_finding_count(r.stats, doc(&r, bad[i])), 1);
  assert_int_equal(es_stats_finding_count(r.stats, doc(&r, "ok.md")), 0);
  assert_int_equal(es_stats_severity_total(r.stats, ES_SEVERITY_ERROR), 4);
  done(&r);
}

/* ---- what a document shows on its own ---------------------------------- */

static void test_document_findings(void **state) {
  (void)state;
  put("utf8.md", "---\ntitle: A\n---\n# T\n\nfine\n\nbad \xff\xfe here "
                 "\xc3\n");
  /* NUL bytes cannot go through put(): write this one by hand. */
  write_file(root, "nul.md", "---\ntitle: A\n---\n# T\n\nnu\0l\n", 27);
  put("invalid.md", "---\ntitle: A\nbad: [unclosed\nx: y\n---\n# T\n\nbody "
                    "words\n");
  put("unterminated.md", "---\ntitle: A\n\n# T\n\nbody words\n");
  put("list.md", "---\n\n- a\n- b\n---\n# T\n\nbody words\n");
  put("scalar.md", "---\n# comment\n\n  just text\n---\n# T\n\nbody\n");
  put("dup.md", "---\ntitle: A\nx: 1\ntitle: B\nm:\n  k: 1\nm.k: 2\n---\n"
                "# T\n\nbody words\n");
  put("sections.md", "---\ntitle: A\n---\n# T\n\n## Empty\n\n## Parent\n\n"
                     "### Child\n\nwords\n\n**Bare**\n");
  put("empty.md", "---\ntitle: A\n---\n");
  run r = audit();

  const char *m = expect(&r, "utf8.md", ES_CODE_NOT_UTF8, 8);
  assert_non_null(strstr(m, "3 invalid")); /* \xff, \xfe and the lone \xc3 */
  assert_int_equal(count_code(&r, "utf8.md", ES_CODE_NOT_UTF8), 1);
  expect(&r, "nul.md", ES_CODE_NOT_UTF8, 6);

  m = expect(&r, "invalid.md", ES_CODE_FRONT_MATTER_INVALID, 4);
  assert_non_null(strstr(m, "YAML"));
  assert_int_equal(
      es_doc_field_count(es_corpus_doc(r.corpus, doc(&r, "invalid.md"))), 0);
  expect(&r, "unterminated.md", ES_CODE_FRONT_MATTER_UNTERMINATED, 1);
  m = expect(&r, "list.md", ES_CODE_FRONT_MATTER_NOT_MAPPING, 3);
  assert_non_null(strstr(m, "sequence"));
  m = expect(&r, "scalar.md", ES_CODE_FRONT_MATTER_NOT_MAPPING, 4);
  assert_non_null(strstr(m, "scalar"));

  /* The repeated key's line; keys that collide after flattening too. */
  assert_int_equal(count_code(&r, "dup.md", ES_CODE_DUPLICATE_KEY), 2);
  m = expect(&r, "dup.md", ES_CODE_DUPLICATE_KEY, 4);
  assert_non_null(strstr(m, "'title'"));
  assert_int_equal(nth(&r, "dup.md", ES_CODE_DUPLICATE_KEY, 1)->line, 7);
  assert_string_equal(
      es_doc_field_value(es_corpus_doc(r.corpus, doc(&r, "dup.md")), "title"),
      "B");

  /* empty_section at the heading's line; a section with subsections is
   * not empty, nor is one with words. */
  assert_int_equal(count_code(&r, "sections.md", ES_CODE_EMPTY_SECTION), 2);
  m = expect(&r, "sections.md", ES_CODE_EMPTY_SECTION, 6);
  assert_non_null(strstr(m, "'Empty'"));
  assert_int_equal(nth(&r, "sections.md", ES_CODE_EMPTY_SECTION, 1)->line, 14);

  expect(&r, "empty.md", ES_CODE_EMPTY, 0);
  expect_none(&r, "sections.md", ES_CODE_EMPTY);
  done(&r);
}

/* ---- corpus norms ------------------------------------------------------ */

static void test_front_matter_missing(void **state) {
  (void)state;
  /* 2 of 4 essays have front matter (an unterminated block counts): at
   * least half, so the two others are reported. */
  put("a.md", ESSAY);
  put("b.md", "---\ntitle: A\n\nno close\n");
  put("c.md", "# T\n\nNo front matter here.\n");
  put("d.md", "# T\n\nNone here either.\n");
  run r = audit();
  expect(&r, "c.md", ES_CODE_FRONT_MATTER_MISSING, 0);
  expect(&r, "d.md", ES_CODE_FRONT_MATTER_MISSING, 0);
  expect_none(&r, "a.md", ES_CODE_FRONT_MATTER_MISSING);
  expect_none(&r, "b.md", ES_CODE_FRONT_MATTER_MISSING);
  done(&r);

  /* 1 of 3: less than half, nothing is reported. */
  char path[128];
  snprintf(path, sizeof path, "%s/b.md", root);
  unlink(path);
  r = audit();
  expect_none(&r, "c.md", ES_CODE_FRONT_MATTER_MISSING);
  done(&r);
}

static void test_missing_field(void **state) {
  (void)state;
  /* N = 4 analysed (the unreadable one does not count). "author" is in 2
   * (one with an empty value, which counts as present): 2*2 >= 4.
   * "extra" is in 1 only. "title" in all 3 with valid front matter. */
  put("a.md", "---\ntitle: A\nauthor: X\nextra: 1\n---\n# T\n\nwords\n");
  put("b.md", "---\ntitle: B\nauthor:\n---\n# T\n\nwords\n");
  put("c.md", "---\ntitle: C\n---\n# T\n\nwords\n");
  put("d.md", "---\ntitle: [broken\n---\n# T\n\nwords\n");
  char path[128];
  snprintf(path, sizeof path, "%s/e.md", root);
  assert_int_equal(symlink("missing-target.md", path), 0);
  run r = audit();
  assert_int_equal(es_corpus_analysed(r.corpus), 4);
  const char *m = expect(&r, "c.md", ES_CODE_MISSING_FIELD, 0);
  assert_non_null(strstr(m, "'author'"));
  assert_non_null(strstr(m, "2 of 4"));
  assert_int_equal(count_code(&r, "c.md", ES_CODE_MISSING_FIELD), 1);
  expect_none(&r, "b.md", ES_CODE_MISSING_FIELD);
  expect_none(&r, "a.md", ES_CODE_MISSING_FIELD);
  /* Broken front matter: no missing_field, its own error instead. */
  expect_none(&r, "d.md", ES_CODE_MISSING_FIELD);
  expect(&r, "d.md", ES_CODE_FRONT_MATTER_INVALID, 3);
  done(&r);
}

static void test_missing_part(void **state) {
  (void)state;
  put("a.md", ESSAY);
  put("b.md", ESSAY);
  put("c.md", "---\ntitle: A\nauthor: B\n---\n# Title\n\n"
              "**Introduction: Start**\n\nWords here.\n\n"
              "**INTRODUCTION**\n\nMore words.\n");
  put("d.md", "---\ntitle: A\nauthor: B\n---\n");
  run r = audit();
  /* Labels compare exactly as written: INTRODUCTION is not Body. */
  assert_int_equal(count_code(&r, "c.md", ES_CODE_MISSING_PART), 2);
  const char *m = expect(&r, "c.md", ES_CODE_MISSING_PART, 0);
  assert_non_null(strstr(m, "'Body'"));
  expect_none(&r, "a.md", ES_CODE_MISSING_PART);
  /* An empty essay gets no structural notes. */
  expect(&r, "d.md", ES_CODE_EMPTY, 0);
  expect_none(&r, "d.md", ES_CODE_MISSING_PART);
  expect_none(&r, "d.md", ES_CODE_NO_TITLE);
  expect_none(&r, "d.md", ES_CODE_NO_SECTIONS);
  expect_none(&r, "d.md", ES_CODE_NO_KEY_TERMS);
  expect_none(&r, "d.md", ES_CODE_LENGTH_OUTLIER);
  done(&r);
}

static void test_no_title_sections_key_terms(void **state) {
  (void)state;
  put("a.md", ESSAY);
  put("b.md", ESSAY);
  /* No title in the body or the front matter. */
  put("c.md", "---\nname: A\nauthor: B\n---\nJust a paragraph of words.\n");
  put("d.md", "---\nname: A\nauthor: B\n---\nAnother plain paragraph.\n");
  run r = audit();
  /* 2 of 4 have each: at least half. */
  expect(&r, "c.md", ES_CODE_NO_TITLE, 0);
  expect(&r, "c.md", ES_CODE_NO_SECTIONS, 0);
  expect(&r, "c.md", ES_CODE_NO_KEY_TERMS, 0);
  expect_none(&r, "a.md", ES_CODE_NO_TITLE);
  expect_none(&r, "a.md", ES_CODE_NO_SECTIONS);
  expect_none(&r, "a.md", ES_CODE_NO_KEY_TERMS);
  assert_int_equal(es_code_severity(ES_CODE_NO_TITLE), ES_SEVERITY_INFO);
  done(&r);

  /* 1 of 3: the corpus has no such norm. */
  char path[128];
  snprintf(path, sizeof path, "%s/b.md", root);
  unlink(path);
  r = audit();
  expect_none(&r, "c.md", ES_CODE_NO_TITLE);
  expect_none(&r, "c.md", ES_CODE_NO_SECTIONS);
  expect_none(&r, "c.md", ES_CODE_NO_KEY_TERMS);
  done(&r);

  /* A front-matter title is a title: no no_title (v2). */
  put("b.md", ESSAY);
  put("c.md", "---\ntitle: A\nauthor: B\n---\nJust a paragraph of words.\n");
  r = audit();
  expect_none(&r, "c.md", ES_CODE_NO_TITLE);
  expect(&r, "d.md", ES_CODE_NO_TITLE, 0);
  done(&r);
}

/* An essay of n distinct words. */
static void put_words(const char *name, size_t n, unsigned seed) {
  size_t cap = n * 12 + 64;
  char *t = malloc(cap);
  size_t k = (size_t)snprintf(t, cap, "---\ntitle: x\n---\n");
  for (size_t i = 0; i < n; i++)
    k += (size_t)snprintf(t + k, cap - k, "w%uz%zu ", seed, i);
  t[k++] = '\n';
  t[k] = 0;
  put(name, t);
  free(t);
}

static void test_length_outlier(void **state) {
  (void)state;
  unsigned lens[] = {100, 110, 120, 130, 140, 150, 160};
  char name[32];
  for (unsigned i = 0; i < 7; i++) {
    snprintf(name, sizeof name, "m%u.md", i);
    put_words(name, lens[i], i);
  }
  put_words("short.md", 2, 90);
  put_words("long.md", 5000, 91);
  run r = audit();
  const char *m = expect(&r, "short.md", ES_CODE_LENGTH_OUTLIER, 0);
  assert_non_null(strstr(m, "short"));
  assert_non_null(strstr(m, "2 content words"));
  m = expect(&r, "long.md", ES_CODE_LENGTH_OUTLIER, 0);
  assert_non_null(strstr(m, "long"));
  for (unsigned i = 0; i < 7; i++) {
    snprintf(name, sizeof name, "m%u.md", i);
    expect_none(&r, name, ES_CODE_LENGTH_OUTLIER);
  }
  done(&r);
}

static void test_length_outlier_mad_zero(void **state) {
  (void)state;
  /* Most essays have the same length: MAD = 0, nothing is reported. */
  char name[32];
  for (unsigned i = 0; i < 5; i++) {
    snprintf(name, sizeof name, "s%u.md", i);
    put_words(name, 50, i);
  }
  put_words("odd.md", 3000, 9);
  run r = audit();
  expect_none(&r, "odd.md", ES_CODE_LENGTH_OUTLIER);
  done(&r);
}

static void test_near_duplicate(void **state) {
  (void)state;
  /* a, b and d are copies (d with one word changed: 8 of its 9 shingles of
   * 5 terms are shared with a, Jaccard 8/10); c is other text. One
   * cluster named a.md; b and d each get one finding naming their nearest
   * partner and the cluster; the name gets none. */
  put("a.md", "# T\n\nthe cat sat on the mat with a hat today and yesterday\n");
  put("b.md", "# T\n\nthe cat sat on the mat with a hat today and yesterday\n");
  put("c.md", "# Other\n\nquite different words entirely here now\n");
  put("d.md", "# T\n\nthe cat sat on the mat with a hat today and tonight\n");
  es_options o = ES_OPTIONS_INIT;
  o.top_k = 0; /* near_duplicate does not depend on --top-k */
  run r = audit_with(&o);
  expect_none(&r, "a.md", ES_CODE_NEAR_DUPLICATE);
  const es_finding *f = finding(&r, "b.md", ES_CODE_NEAR_DUPLICATE);
  assert_non_null(f);
  assert_string_equal(f->key, es_corpus_doc_id(r.corpus, doc(&r, "a.md")));
  const char *m = expect(&r, "b.md", ES_CODE_NEAR_DUPLICATE, 0);
  assert_non_null(strstr(m, "a.md (shingle Jaccard 1.000000; a cluster of 3"));
  m = expect(&r, "d.md", ES_CODE_NEAR_DUPLICATE, 0);
  assert_non_null(strstr(m, "a.md (shingle Jaccard 0.800000; a cluster of 3"));
  expect_none(&r, "c.md", ES_CODE_NEAR_DUPLICATE);
  assert_int_equal(count_code(&r, "b.md", ES_CODE_NEAR_DUPLICATE), 1);
  done(&r);

  /* Above d's Jaccard, d leaves the cluster. */
  o.dup_threshold = 0.81;
  r = audit_with(&o);
  expect_none(&r, "d.md", ES_CODE_NEAR_DUPLICATE);
  m = expect(&r, "b.md", ES_CODE_NEAR_DUPLICATE, 0);
  assert_non_null(strstr(m, "a cluster of 2 essays"));
  done(&r);

  /* Shingles of one term: every word counts. */
  o.dup_threshold = 0.8;
  o.shingle = 1;
  r = audit_with(&o);
  expect(&r, "d.md", ES_CODE_NEAR_DUPLICATE, 0);
  done(&r);
}

/* ---- order and totals -------------------------------------------------- */

static void test_order_and_totals(void **state) {
  (void)state;
  put("a.md", ESSAY);
  put("b.md", ESSAY);
  put("c.md",
      "---\nx: 1\nx: 2\ny: [\n---\n# T\n\n## E1\n\n## E2\n\ntext \xff\n");
  run r = audit();
  size_t total[3] = {0, 0, 0};
  for (size_t i = 0; i < es_corpus_count(r.corpus); i++) {
    size_t n = es_stats_finding_count(r.stats, i);
    for (size_t k = 0; k < n; k++) {
      const es_finding *f = es_stats_finding(r.stats, i, k);
      total[es_code_severity(f->code)]++;
      if (k == 0)
        continue;
      /* Sorted by line (no line first), code, message. */
      const es_finding *p = es_stats_finding(r.stats, i, k - 1);
      assert_true(p->line <= f->line);
      if (p->line == f->line) {
        int c = strcmp(es_code_name(p->code), es_code_name(f->code));
        assert_true(c < 0 || (c == 0 && strcmp(p->message, f->message) <= 0));
      }
    }
    assert_null(es_stats_finding(r.stats, i, n));
  }
  for (int s = 0; s < 3; s++)
    assert_int_equal(total[s],
                     es_stats_severity_total(r.stats, (es_severity)s));
  /* c.md: lineless findings first, then by line. */
  size_t c = doc(&r, "c.md");
  assert_true(es_stats_finding_count(r.stats, c) >= 4);
  assert_int_equal(es_stats_finding(r.stats, c, 0)->line, 0);
  expect(&r, "c.md", ES_CODE_NOT_UTF8, 12);
  expect(&r, "c.md", ES_CODE_FRONT_MATTER_INVALID, 5);
  expect(&r, "c.md", ES_CODE_EMPTY_SECTION, 8);
  done(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_codes),
      cmocka_unit_test_setup_teardown(test_unreadable_and_too_large, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_document_findings, setup, teardown),
      cmocka_unit_test_setup_teardown(test_front_matter_missing, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_missing_field, setup, teardown),
      cmocka_unit_test_setup_teardown(test_missing_part, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_title_sections_key_terms, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_length_outlier, setup, teardown),
      cmocka_unit_test_setup_teardown(test_length_outlier_mad_zero, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_near_duplicate, setup, teardown),
      cmocka_unit_test_setup_teardown(test_order_and_totals, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
