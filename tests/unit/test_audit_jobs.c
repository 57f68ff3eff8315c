/* test_audit_jobs.c - the audit as a job (SPEC section 8), through the
 * public API: every code a rules file brings or changes (missing_field,
 * front_matter_missing, field_type, field_value, missing_part, part_order,
 * per-code severity and off), the key of each finding, rules-file mistakes
 * as ES_ECONFIG naming the line, and baselines (new, unchanged, fixed; an
 * unchanged corpus against its own audit has 0 new findings; editing one
 * essay changes only its rows). */
#include "test_util.h"

#include <unistd.h>

static char root[64], aux[64];

static int setup(void **state) {
  (void)state;
  if (make_tmpdir(root, sizeof root, "jobs") != 0)
    return -1;
  return make_tmpdir(aux, sizeof aux, "jobs_aux");
}

static int teardown(void **state) {
  (void)state;
  remove_tree(aux);
  return remove_tree(root);
}

static void put(const char *name, const char *text) {
  write_file(root, name, text, strlen(text));
}

/* A file outside the corpus (rules, baselines); returns its path. */
static const char *put_aux(const char *name, const char *text) {
  static char path[160];
  write_file(aux, name, text, strlen(text));
  snprintf(path, sizeof path, "%s/%s", aux, name);
  return path;
}

typedef struct run {
  es_corpus *corpus;
  es_stats *stats;
} run;

static es_status try_run(run *r, const char *rules, const char *baseline,
                         es_error *err) {
  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  o.jobs = 2;
  o.rules = rules;
  o.baseline = baseline;
  r->corpus = NULL;
  r->stats = NULL;
  es_status rc = es_corpus_new(&r->corpus, &o, err);
  if (rc != ES_OK)
    return rc;
  assert_int_equal(es_corpus_add_path(r->corpus, root, NULL), ES_OK);
  assert_int_equal(es_corpus_load(r->corpus, NULL), ES_OK);
  assert_int_equal(es_stats_compute(&r->stats, r->corpus, ES_NEED_AUDIT, NULL),
                   ES_OK);
  return ES_OK;
}

static run audit(const char *rules_text, const char *baseline) {
  run r;
  const char *rules = rules_text ? put_aux("rules.yaml", rules_text) : NULL;
  es_error err;
  memset(&err, 0, sizeof err);
  if (try_run(&r, rules, baseline, &err) != ES_OK)
    fail_msg("run refused: %s", err.message);
  return r;
}

static void done(run *r) {
  es_stats_free(r->stats);
  es_corpus_free(r->corpus);
}

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

static size_t count(const run *r, const char *name, es_code code) {
  size_t i = doc(r, name), n = 0;
  for (size_t k = 0; k < es_stats_finding_count(r->stats, i); k++)
    n += es_stats_finding(r->stats, i, k)->code == code;
  return n;
}

/* The essay's finding with this code and key (NULL: any key). */
static const es_finding *get(const run *r, const char *name, es_code code,
                             const char *key) {
  size_t i = doc(r, name);
  for (size_t k = 0; k < es_stats_finding_count(r->stats, i); k++) {
    const es_finding *f = es_stats_finding(r->stats, i, k);
    if (f->code == code && (!key || strcmp(f->key, key) == 0))
      return f;
  }
  return NULL;
}

static const es_finding *must(const run *r, const char *name, es_code code,
                              const char *key) {
  const es_finding *f = get(r, name, code, key);
  if (!f)
    fail_msg("%s: no %s finding with key '%s'", name, es_code_name(code),
             key ? key : "(any)");
  assert_null(strchr(f->message, '\n'));
  return f;
}

static void none(const run *r, const char *name, es_code code) {
  const es_finding *f = get(r, name, code, NULL);
  if (f)
    fail_msg("%s: unexpected %s: %s", name, es_code_name(code), f->message);
}

#define BODY                                                                   \
  "# Title\n\n"                                                                \
  "**Introduction: Start**\n\n"                                                \
  "Some **key** words about apples.\n\n"                                       \
  "**Body: Middle**\n\n"                                                       \
  "More words about pears and plums.\n\n"                                      \
  "**Conclusion: End**\n\n"                                                    \
  "Final words on fruit.\n"

/* ---- fields ----------------------------------------------------------------
 */

static void test_required_fields(void **state) {
  (void)state;
  put("a.md", "---\nid: 1\ntitle: A\n---\n" BODY);
  put("b.md", "---\nid: 2\ntitle: \"\"\n---\n" BODY); /* empty */
  put("c.md", "---\ntitle: C\n---\n" BODY);           /* absent */
  put("d.md", "---\nid: 4\ntitle: D\nrare: x\n---\n" BODY);
  put("e.md", BODY);                      /* no front matter */
  put("f.md", "---\nid: [1\n---\n" BODY); /* invalid */
  run r = audit("fields:\n  id: {required: true}\n  title: {required: yes}\n"
                "  rare: {required: false}\n",
                NULL);
  none(&r, "a.md", ES_CODE_MISSING_FIELD);
  const es_finding *f = must(&r, "b.md", ES_CODE_MISSING_FIELD, "title");
  assert_non_null(strstr(f->message, "empty"));
  assert_int_equal(f->line, 0);
  assert_int_equal(f->severity, ES_SEVERITY_WARNING);
  must(&r, "c.md", ES_CODE_MISSING_FIELD, "id");
  assert_int_equal(count(&r, "c.md", ES_CODE_MISSING_FIELD), 1);
  /* `rare` is in one essay of six, and not required: no finding (and no
   * half-the-corpus rule any more). */
  none(&r, "a.md", ES_CODE_MISSING_FIELD);
  /* Without front matter: front_matter_missing stands for the fields,
   * although only one essay of six lacks front matter. */
  f = must(&r, "e.md", ES_CODE_FRONT_MATTER_MISSING, "");
  assert_string_equal(f->key, "");
  none(&r, "e.md", ES_CODE_MISSING_FIELD);
  /* Broken front matter has its own error. */
  must(&r, "f.md", ES_CODE_FRONT_MATTER_INVALID, NULL);
  none(&r, "f.md", ES_CODE_MISSING_FIELD);
  done(&r);
}

static void test_fields_turn_off_the_norm(void **state) {
  (void)state;
  /* Most essays have `author`; with a `fields` key that does not require
   * it, nobody is told it is missing. Without front matter being in the
   * majority and no required field, front_matter_missing keeps the norm. */
  put("a.md", "---\nauthor: x\n---\n" BODY);
  put("b.md", "---\nauthor: y\n---\n" BODY);
  put("c.md", "---\nother: z\n---\n" BODY);
  put("d.md", "---\nauthor: w\n---\n" BODY);
  put("e.md", BODY);
  put("f.md", BODY);
  run r = audit("fields:\n  author: {type: string}\n", NULL);
  none(&r, "c.md", ES_CODE_MISSING_FIELD);
  /* 4 of 6 have front matter: the norm applies. */
  must(&r, "e.md", ES_CODE_FRONT_MATTER_MISSING, "");
  done(&r);
  run n = audit(NULL, NULL); /* without rules: the norm rule */
  must(&n, "c.md", ES_CODE_MISSING_FIELD, "author");
  done(&n);
}

static void test_field_types(void **state) {
  (void)state;
  put("ok.md", "---\nn: -12\nx: 1.5e3\nb: Yes\nd: 2024-02-29 10:00:00 "
               "+0100\nu: https://example.com/a\ns: anything\n"
               "tags: [1, 2, 3]\n---\n" BODY);
  put("bad.md",
      "---\nn: 12.0\nx: 1,5\nb: maybe\nd: 2023-02-29\nu: "
      "example.com\ns: anything\ntags: [1, two, 3, four]\n---\n" BODY);
  put("empty.md", "---\nn:\nx: ~\ntags: [1, ~, 2]\n---\n" BODY);
  run r = audit("fields:\n  n: {type: integer}\n  x: {type: number}\n"
                "  b: {type: boolean}\n  d: {type: date}\n"
                "  u: {type: url}\n  s: {type: string}\n"
                "  tags: {type: integer}\n",
                NULL);
  none(&r, "ok.md", ES_CODE_FIELD_TYPE);
  none(&r, "empty.md", ES_CODE_FIELD_TYPE); /* empty values: not checked */
  const char *keys[] = {"n", "x", "b", "d", "u", "tags"};
  for (size_t k = 0; k < sizeof keys / sizeof *keys; k++) {
    const es_finding *f = must(&r, "bad.md", ES_CODE_FIELD_TYPE, keys[k]);
    assert_int_equal(f->severity, ES_SEVERITY_WARNING);
    assert_int_equal(f->line, 0);
  }
  assert_int_equal(count(&r, "bad.md", ES_CODE_FIELD_TYPE), 6);
  /* A list is checked item by item; one finding names the bad items. */
  const es_finding *f = must(&r, "bad.md", ES_CODE_FIELD_TYPE, "tags");
  assert_non_null(strstr(f->message, "'two', 'four'"));
  assert_null(strstr(f->message, "'1'"));
  f = must(&r, "bad.md", ES_CODE_FIELD_TYPE, "d");
  assert_non_null(strstr(f->message, "'2023-02-29'"));
  done(&r);
}

static void test_field_values(void **state) {
  (void)state;
  put("a.md", "---\ncat: GAZE\ntags: [faith]\n---\n" BODY);
  put("b.md", "---\ncat: gaze\ntags: [faith, hope, dread]\n---\n" BODY);
  put("c.md", "---\ncat: \"\"\n---\n" BODY);
  /* An item may hold "; ": items are never split from the joined value. */
  put("d.md", "---\ncat: MOTIF\ntags: [\"ruin; faith\", faith]\n---\n" BODY);
  run r = audit("fields:\n  cat: {values: [GAZE, MOTIF]}\n"
                "  tags: {values: [faith, \"ruin; faith\"]}\n",
                NULL);
  none(&r, "d.md", ES_CODE_FIELD_VALUE);
  none(&r, "a.md", ES_CODE_FIELD_VALUE);
  none(&r, "c.md", ES_CODE_FIELD_VALUE); /* empty: not checked */
  const es_finding *f = must(&r, "b.md", ES_CODE_FIELD_VALUE, "cat");
  assert_non_null(strstr(f->message, "'gaze'")); /* case matters */
  assert_non_null(strstr(f->message, "GAZE, MOTIF"));
  f = must(&r, "b.md", ES_CODE_FIELD_VALUE, "tags");
  assert_non_null(strstr(f->message, "'hope', 'dread'"));
  assert_null(strstr(f->message, "'faith'"));
  done(&r);
}

/* ---- parts -----------------------------------------------------------------
 */

static void test_parts(void **state) {
  (void)state;
  put("ok.md", BODY);
  put("order.md", "# T\n\n**Body: B**\n\nbody words here.\n\n"   /* 3 */
                  "**Introduction: I**\n\nintro words here.\n\n" /* 7 */
                  "**Conclusion: C**\n\nclosing words here.\n");
  put("late.md", "# T\n\n**Introduction: I**\n\nintro words.\n\n"
                 "**Conclusion: C**\n\nclosing words.\n\n" /* 7 */
                 "**Body: B**\n\nbody words.\n");
  put("missing.md", "# T\n\n**Introduction: I**\n\nintro words.\n\n"
                    "**Extra: E**\n\nother words.\n");
  put("empty.md", "---\na: 1\n---\n");
  run r = audit("parts: [Introduction, Body, Conclusion]\n", NULL);
  none(&r, "ok.md", ES_CODE_PART_ORDER);
  none(&r, "ok.md", ES_CODE_MISSING_PART);
  /* Body comes before Introduction, which it should follow. */
  const es_finding *f = must(&r, "order.md", ES_CODE_PART_ORDER, "Body");
  assert_int_equal(f->line, 3);
  assert_int_equal(count(&r, "order.md", ES_CODE_PART_ORDER), 1);
  /* Conclusion comes before Body. */
  f = must(&r, "late.md", ES_CODE_PART_ORDER, "Conclusion");
  assert_int_equal(f->line, 7);
  must(&r, "missing.md", ES_CODE_MISSING_PART, "Body");
  must(&r, "missing.md", ES_CODE_MISSING_PART, "Conclusion");
  assert_int_equal(count(&r, "missing.md", ES_CODE_MISSING_PART), 2);
  none(&r, "missing.md", ES_CODE_PART_ORDER);
  none(&r, "empty.md", ES_CODE_MISSING_PART); /* an empty essay: none */
  done(&r);
}

/* ---- codes -----------------------------------------------------------------
 */

static void test_code_severities(void **state) {
  (void)state;
  put("a.md", "---\nx: 1\n---\n# T\n\n## Empty\n\n## Full\n\nwords here.\n");
  put("b.md", "---\nx: 1\n---\n# T\n\n## Full\n\nwords **k** here.\n");
  run r = audit("codes:\n  empty_section: error\n  no_key_terms: off\n", NULL);
  const es_finding *f = must(&r, "a.md", ES_CODE_EMPTY_SECTION, "Empty");
  assert_int_equal(f->severity, ES_SEVERITY_ERROR);
  none(&r, "a.md", ES_CODE_NO_KEY_TERMS);
  assert_int_equal(es_stats_severity_total(r.stats, ES_SEVERITY_ERROR), 1);
  assert_int_equal(es_stats_code_severity(r.stats, ES_CODE_NO_KEY_TERMS), -1);
  assert_int_equal(es_stats_code_severity(r.stats, ES_CODE_EMPTY_SECTION),
                   ES_SEVERITY_ERROR);
  assert_int_equal(es_stats_code_severity(r.stats, ES_CODE_NO_TITLE),
                   ES_SEVERITY_INFO);
  /* The rows carry the same severities. */
  for (size_t i = 0; i < es_stats_audit_row_count(r.stats); i++) {
    const es_audit_row *row = es_stats_audit_row(r.stats, i);
    assert_string_not_equal(row->code, "no_key_terms");
    if (strcmp(row->code, "empty_section") == 0)
      assert_int_equal(row->severity, ES_SEVERITY_ERROR);
  }
  done(&r);
  run n = audit(NULL, NULL);
  must(&n, "a.md", ES_CODE_NO_KEY_TERMS, "");
  done(&n);
}

static void test_rules_mistakes(void **state) {
  (void)state;
  put("a.md", BODY);
  run r;
  es_error err;
  memset(&err, 0, sizeof err);
  const char *path =
      put_aux("bad.yaml", "fields:\n  a: {required: true}\ncodes:\n  "
                          "no_such_code: off\n");
  assert_int_equal(try_run(&r, path, NULL, &err), ES_ECONFIG);
  assert_int_equal(err.line, 4);
  assert_non_null(strstr(err.message, "bad.yaml:4:"));
  assert_non_null(strstr(err.message, "no_such_code"));
  assert_int_equal(try_run(&r, "/nonexistent/rules.yaml", NULL, &err), ES_EIO);
  path = put_aux("base.csv", "doc_id,title\n");
  assert_int_equal(try_run(&r, NULL, path, &err), ES_ECONFIG);
  assert_non_null(strstr(err.message, "not an audit report"));
}

/* ---- keys ------------------------------------------------------------------
 */

static void test_keys(void **state) {
  (void)state;
  put("a.md", "---\nx: 1\ny: 2\nx: 3\n---\n# T\n\n## Empty One\n\n"
              "## Full\n\nwords.\n");
  run r = audit(NULL, NULL);
  const es_finding *f = must(&r, "a.md", ES_CODE_DUPLICATE_KEY, "x");
  assert_int_equal(f->line, 4);
  f = must(&r, "a.md", ES_CODE_EMPTY_SECTION, "Empty One");
  assert_int_equal(f->line, 8);
  done(&r);
  /* near_duplicate: the cluster's name (its smallest doc_id), whatever
   * the message says about the nearest partner and the Jaccard. */
  put("b.md", BODY);
  put("c.md", BODY);
  put("d.md", BODY);
  run d = audit(NULL, NULL);
  char name[160];
  snprintf(name, sizeof name, "%s/b.md", root);
  assert_string_equal(must(&d, "c.md", ES_CODE_NEAR_DUPLICATE, NULL)->key,
                      name);
  assert_string_equal(must(&d, "d.md", ES_CODE_NEAR_DUPLICATE, NULL)->key,
                      name);
  none(&d, "b.md", ES_CODE_NEAR_DUPLICATE);
  done(&d);
}

/* ---- baselines -------------------------------------------------------------
 */

/* Write the run's audit CSV (as the report writes it) to aux/name. */
static const char *save_audit(const run *r, const char *name) {
  static char path[160];
  snprintf(path, sizeof path, "%s/%s", aux, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(es_report_write("audit", r->corpus, r->stats, f, NULL),
                   ES_OK);
  fclose(f);
  return path;
}

static size_t rows_in(const run *r, es_audit_state st, const char *doc_suffix) {
  size_t n = 0;
  for (size_t i = 0; i < es_stats_audit_row_count(r->stats); i++) {
    const es_audit_row *row = es_stats_audit_row(r->stats, i);
    size_t a = strlen(row->doc_id), b = doc_suffix ? strlen(doc_suffix) : 0;
    if (row->state == st &&
        (!doc_suffix ||
         (a >= b && strcmp(row->doc_id + a - b, doc_suffix) == 0)))
      n++;
  }
  return n;
}

/* Print the rows (to see what a failing count counted). */
static void dump(const run *r) {
  for (size_t i = 0; i < es_stats_audit_row_count(r->stats); i++) {
    const es_audit_row *row = es_stats_audit_row(r->stats, i);
    print_message("%s %s %s %u %s [%s]\n", row->doc_id, row->code, row->key,
                  row->line, row->message, es_audit_state_name(row->state));
  }
}

static const char *const RULES = "fields:\n  id: {required: true, type: "
                                 "integer}\nparts: [Introduction, Body, "
                                 "Conclusion]\n";

static void test_baseline_unchanged(void **state) {
  (void)state;
  put("a.md", "---\nid: x\n---\n" BODY);
  put("b.md", "---\nid: 2\n---\n# T\n\n## Empty\n\n## Empty\n\n");
  put("c.md", BODY);
  run r1 = audit(RULES, NULL);
  size_t total = es_stats_audit_row_count(r1.stats);
  assert_true(total >= 5);
  for (size_t i = 0; i < total; i++)
    assert_int_equal(es_stats_audit_row(r1.stats, i)->state, ES_STATE_NONE);
  const char *base = save_audit(&r1, "day1.csv");
  done(&r1);
  run r2 = audit(RULES, base);
  assert_int_equal(es_stats_audit_row_count(r2.stats), total);
  assert_int_equal(rows_in(&r2, ES_STATE_UNCHANGED, NULL), total);
  assert_int_equal(rows_in(&r2, ES_STATE_NEW, NULL), 0);
  assert_int_equal(rows_in(&r2, ES_STATE_FIXED, NULL), 0);
  /* Its own audit (with the state column) as the next baseline. */
  const char *base2 = save_audit(&r2, "day2.csv");
  done(&r2);
  run r3 = audit(RULES, base2);
  assert_int_equal(rows_in(&r3, ES_STATE_UNCHANGED, NULL), total);
  done(&r3);
}

/* Paragraphs that keep essays apart (no near duplicates). */
#define ALPHA                                                                  \
  "\nAnchovy apricot avocado almond anise arugula artichoke asparagus "        \
  "allspice amaranth angelica.\n"
#define BRAVO                                                                  \
  "\nBanana basil bean beet blackberry blueberry borage broccoli brisket "     \
  "barley bilberry.\n"
#define DELTA                                                                  \
  "\nDamson date dill dulse durian daikon dandelion dewberry dragonfruit "     \
  "dumpling dough.\n"

/* length_outlier is off here: it measures each essay against the corpus,
 * so an edit that changes the corpus's median may move other essays'. */
static void test_baseline_one_edit(void **state) {
  (void)state;
  const char *rules = "fields:\n  id: {required: true, type: integer}\n"
                      "parts: [Introduction, Body, Conclusion]\n"
                      "codes: {length_outlier: off}\n";
  put("a.md", "---\nid: 1\n---\n" BODY ALPHA);
  put("b.md", "---\nid: 2\n---\n" BODY BRAVO);
  put("c.md", "---\nid: nope\n---\n# T\n\n**Body: B**\n\nwords.\n");
  put("d.md", "---\nid: 4\n---\n" BODY DELTA);
  run r1 = audit(rules, NULL);
  const char *base = save_audit(&r1, "day1.csv");
  size_t before = es_stats_audit_row_count(r1.stats);
  done(&r1);
  /* Edit b.md: its id goes wrong and its Conclusion comes first. c.md is
   * fixed: its id becomes an integer. */
  put("b.md", "---\nid: two\n---\n# T\n\n**Conclusion: C**\n\nwords.\n\n"
              "**Introduction: I**\n\n**key** words.\n\n**Body: B**\n\n"
              "words.\n" BRAVO);
  put("c.md", "---\nid: 3\n---\n# T\n\n**Body: B**\n\nwords.\n");
  run r2 = audit(rules, base);
  if (rows_in(&r2, ES_STATE_NEW, NULL) != 2)
    dump(&r2);
  assert_int_equal(rows_in(&r2, ES_STATE_NEW, "/b.md"), 2);
  assert_int_equal(rows_in(&r2, ES_STATE_NEW, NULL), 2);
  must(&r2, "b.md", ES_CODE_FIELD_TYPE, "id");
  assert_int_equal(must(&r2, "b.md", ES_CODE_PART_ORDER, "Conclusion")->state,
                   ES_STATE_NEW);
  assert_int_equal(rows_in(&r2, ES_STATE_FIXED, "/c.md"), 1);
  assert_int_equal(rows_in(&r2, ES_STATE_FIXED, NULL), 1);
  /* Every other row is unchanged: c.md's missing parts are still there. */
  assert_int_equal(rows_in(&r2, ES_STATE_UNCHANGED, NULL), before - 1);
  assert_int_equal(rows_in(&r2, ES_STATE_UNCHANGED, "/a.md"), 0);
  assert_int_equal(rows_in(&r2, ES_STATE_UNCHANGED, "/d.md"), 0);
  done(&r2);
}

static void test_baseline_fixed_rows_sorted(void **state) {
  (void)state;
  put("a.md", "---\nid: 1\n---\n# T\n\n## Gone\n\n## Full\n\nwords.\n");
  put("m.md", "---\nid: x\n---\n" BODY);
  put("z.md", "---\nid: 3\n---\n# T\n\n## Empty\n\n## Full\n\nwords.\n");
  run r1 = audit("fields:\n  id: {type: integer}\n", NULL);
  const char *base = save_audit(&r1, "day1.csv");
  done(&r1);
  /* m.md is deleted; a.md's empty section gets words. */
  char path[160];
  snprintf(path, sizeof path, "%s/m.md", root);
  assert_int_equal(unlink(path), 0);
  put("a.md", "---\nid: 1\n---\n# T\n\n## Gone\n\nnow words.\n\n## Full\n\n"
              "words.\n");
  run r2 = audit("fields:\n  id: {type: integer}\n", base);
  size_t n = es_stats_audit_row_count(r2.stats);
  size_t fixed = 0, gone_type = 0;
  const char *prev = "";
  for (size_t i = 0; i < n; i++) {
    const es_audit_row *row = es_stats_audit_row(r2.stats, i);
    assert_true(strcmp(prev, row->doc_id) <= 0); /* doc_id order holds */
    prev = row->doc_id;
    if (row->state != ES_STATE_FIXED)
      continue;
    fixed++;
    if (strstr(row->doc_id, "/m.md")) {
      assert_int_equal(row->doc, SIZE_MAX); /* the essay is gone */
      gone_type +=
          strcmp(row->code, "field_type") == 0 && strcmp(row->key, "id") == 0;
    } else {
      assert_non_null(strstr(row->doc_id, "/a.md"));
      assert_string_equal(row->code, "empty_section");
      assert_string_equal(row->key, "Gone");
      assert_int_equal(row->line, 6);
      assert_int_not_equal(row->doc, SIZE_MAX);
    }
  }
  assert_int_equal(gone_type, 1);
  assert_true(fixed >= 2);
  done(&r2);
}

static void test_baseline_matches_one_to_one(void **state) {
  (void)state;
  /* Two empty sections with the same heading: two findings with the same
   * identity. Yesterday one, today two: one unchanged, one new. */
  put("a.md", "---\nid: 1\n---\n# T\n\n## Same\n\n## Full\n\nwords.\n");
  run r1 = audit(NULL, NULL);
  const char *base = save_audit(&r1, "day1.csv");
  done(&r1);
  put("a.md", "---\nid: 1\n---\n# T\n\n## Same\n\n## Full\n\nwords.\n\n"
              "## Same\n\n");
  run r2 = audit(NULL, base);
  assert_int_equal(count(&r2, "a.md", ES_CODE_EMPTY_SECTION), 2);
  assert_int_equal(rows_in(&r2, ES_STATE_NEW, NULL), 1);
  assert_int_equal(rows_in(&r2, ES_STATE_UNCHANGED, NULL), 1);
  done(&r2);
}

int main(void) {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
  const struct CMUnitTest tests[] = {
      T(test_required_fields),
      T(test_fields_turn_off_the_norm),
      T(test_field_types),
      T(test_field_values),
      T(test_parts),
      T(test_code_severities),
      T(test_rules_mistakes),
      T(test_keys),
      T(test_baseline_unchanged),
      T(test_baseline_one_edit),
      T(test_baseline_fixed_rows_sorted),
      T(test_baseline_matches_one_to_one),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
