/* test_schema.c - the report schemas (reports/schema.c) against what the
 * CSV writers really write: for every report, in corpora with and without
 * front matter, with front-matter keys that clash with fixed columns, and
 * with --group-by, the header row must equal the schema's column list and
 * every integer/number field must parse as its type. This is what keeps
 * reports.c, datapackage.json and README.md from drifting apart. */
#include "test_util.h"

#include <ctype.h>
#include <stdbool.h>
#include <unistd.h>

static char root[256];

/* Essays whose front matter has keys equal to fixed columns (title, words,
 * doc_id, issues), a key equal to a renamed one (fm.title), keys that need
 * CSV quoting, nested keys, and bold key terms NA and None. One file is
 * too large, so its row keeps only doc_id, bytes and issues. */
static const char *const essays[][2] = {
    {"a.md", "---\n"
             "movieId: 0042\n"
             "title: Front-matter title\n"
             "fm.title: already prefixed\n"
             "words: 12\n"
             "categoryName: SIGNIFIER\n"
             "\"a, b\": comma key\n"
             "nested:\n  child: v\n"
             "---\n"
             "# Analysis of Stillwater\n\n"
             "## Introduction: The Start\n\n"
             "**NA** opens this paragraph about the film and its region.\n\n"
             "## Body: The Evidence\n\n"
             "Words about **None** and the camera, the frame, the region.\n"},
    {"b.md", "---\n"
             "movieId: 7\n"
             "doc_id: clash\n"
             "issues: many\n"
             "categoryName: MOTIF\n"
             "---\n"
             "# Another Title\n\n"
             "## Introduction: Other\n\n"
             "The film and the camera and **NA** again, with more words.\n"},
    {"c.md", "No front matter and no heading: only a preamble with "
             "**null** in it.\n"},
};

static int setup(void **state) {
  (void)state;
  snprintf(root, sizeof root, "/tmp/es_schema_%d", (int)getpid());
  for (size_t i = 0; i < sizeof essays / sizeof *essays; i++)
    write_file(root, essays[i][0], essays[i][1], strlen(essays[i][1]));
  /* Larger than the max_file_size used below. */
  char big[5000];
  memset(big, 'x', sizeof big);
  big[sizeof big - 1] = '\n';
  write_file(root, "d.md", big, sizeof big);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(root);
}

typedef struct run {
  es_corpus *corpus;
  es_stats *stats;
} run;

static run load(const char *group_by, const char *only) {
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  o.group_by = group_by;
  o.max_file_size = 4096;
  run r = {NULL, NULL};
  assert_int_equal(es_corpus_new(&r.corpus, &o, NULL), ES_OK);
  char path[512];
  snprintf(path, sizeof path, "%s%s%s", root, only ? "/" : "",
           only ? only : "");
  assert_int_equal(es_corpus_add_path(r.corpus, path, NULL), ES_OK);
  assert_int_equal(es_corpus_load(r.corpus, NULL), ES_OK);
  assert_int_equal(es_stats_compute(&r.stats, r.corpus, ES_NEED_ALL, NULL),
                   ES_OK);
  return r;
}

static void run_free(run *r) {
  es_stats_free(r->stats);
  es_corpus_free(r->corpus);
}

/* ---- a small RFC 4180 reader ------------------------------------------ */

typedef struct table {
  char ***rows; /* rows[r][f], NULL-terminated field lists */
  size_t *nfields;
  size_t nrows;
} table;

static void add_field(char ***fields, size_t *n, const char *s, size_t len) {
  *fields = realloc(*fields, (*n + 2) * sizeof **fields);
  assert_non_null(*fields);
  char *f = malloc(len + 1);
  assert_non_null(f);
  memcpy(f, s, len);
  f[len] = 0;
  (*fields)[(*n)++] = f;
  (*fields)[*n] = NULL;
}

static table parse_csv(const char *buf, size_t len) {
  table t = {NULL, NULL, 0};
  size_t i = 0;
  char *field = malloc(len + 1);
  assert_non_null(field);
  while (i < len) {
    char **fields = NULL;
    size_t nf = 0;
    for (;;) {
      size_t flen = 0;
      if (buf[i] == '"') {
        for (i++;; i++) {
          assert_true(i < len); /* an unterminated quote is a bug */
          if (buf[i] == '"') {
            if (i + 1 < len && buf[i + 1] == '"')
              field[flen++] = buf[++i];
            else
              break;
          } else {
            field[flen++] = buf[i];
          }
        }
        i++;
      } else {
        while (i < len && buf[i] != ',' && buf[i] != '\n')
          field[flen++] = buf[i++];
      }
      add_field(&fields, &nf, field, flen);
      assert_true(i < len); /* every row ends with LF */
      if (buf[i++] == '\n')
        break;
    }
    t.rows = realloc(t.rows, (t.nrows + 1) * sizeof *t.rows);
    t.nfields = realloc(t.nfields, (t.nrows + 1) * sizeof *t.nfields);
    assert_non_null(t.rows);
    assert_non_null(t.nfields);
    t.rows[t.nrows] = fields;
    t.nfields[t.nrows++] = nf;
  }
  free(field);
  return t;
}

static void table_free(table *t) {
  for (size_t r = 0; r < t->nrows; r++) {
    for (size_t f = 0; f < t->nfields[r]; f++)
      free(t->rows[r][f]);
    free(t->rows[r]);
  }
  free(t->rows);
  free(t->nfields);
}

static table write_report(const run *r, const char *name) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  assert_int_equal(es_report_write(name, r->corpus, r->stats, f, NULL), ES_OK);
  assert_int_equal(fclose(f), 0);
  table t = parse_csv(buf, len);
  free(buf);
  return t;
}

static bool is_integer(const char *s) {
  if (*s == '-')
    s++;
  if (!*s)
    return false;
  for (; *s; s++)
    if (!isdigit((unsigned char)*s))
      return false;
  return true;
}

/* The "%.6f" form the writer uses for reals, or "%.6e" (p-values). */
static bool is_number(const char *s) {
  if (*s == '-')
    s++;
  const char *e = strchr(s, 'e');
  if (e) {
    if (e - s != 8 || !isdigit((unsigned char)s[0]) || s[1] != '.' ||
        strspn(s + 2, "0123456789") != 6)
      return false;
    e++;
    if (*e != '+' && *e != '-')
      return false;
    return strlen(e + 1) >= 2 && strspn(e + 1, "0123456789") == strlen(e + 1);
  }
  const char *dot = strchr(s, '.');
  if (!dot || dot == s || strlen(dot + 1) != 6)
    return false;
  for (const char *p = s; *p; p++)
    if (p != dot && !isdigit((unsigned char)*p))
      return false;
  return true;
}

/* Header == schema, every row as wide as the header, every typed field of
 * the right form (or empty = missing). */
static void check_report(const run *r, const char *name) {
  es_schema *s = NULL;
  assert_int_equal(es_report_schema(&s, name, r->corpus, NULL), ES_OK);
  table t = write_report(r, name);
  assert_true(t.nrows >= 1);
  size_t n = es_schema_column_count(s);
  if (t.nfields[0] != n)
    fail_msg("%s: header has %zu columns, schema %zu", name, t.nfields[0], n);
  for (size_t c = 0; c < n; c++) {
    const es_column *col = es_schema_column(s, c);
    if (strcmp(t.rows[0][c], col->name) != 0)
      fail_msg("%s: column %zu is '%s' in the CSV, '%s' in the schema", name, c,
               t.rows[0][c], col->name);
    assert_non_null(col->description);
    assert_true(col->description[0] != 0);
    assert_non_null(col->unit);
  }
  for (size_t row = 1; row < t.nrows; row++) {
    assert_int_equal(t.nfields[row], n);
    for (size_t c = 0; c < n; c++) {
      const char *v = t.rows[row][c];
      es_column_type ty = es_schema_column(s, c)->type;
      if (!*v || ty == ES_COLUMN_STRING)
        continue;
      if (ty == ES_COLUMN_INTEGER ? !is_integer(v) : !is_number(v))
        fail_msg("%s row %zu: %s = '%s' is not a %s", name, row,
                 es_schema_column(s, c)->name, v, es_column_type_name(ty));
    }
  }
  table_free(&t);
  es_schema_free(s);
}

static void check_all(const run *r) {
  size_t k = 0;
  for (const char *const *n = es_report_names(); *n; n++, k++)
    check_report(r, *n);
  assert_int_equal(k, 12);
}

static bool has_column(const es_schema *s, const char *name) {
  for (size_t i = 0; i < es_schema_column_count(s); i++)
    if (strcmp(es_schema_column(s, i)->name, name) == 0)
      return true;
  return false;
}

static void test_headers_with_clashes(void **state) {
  (void)state;
  run r = load(NULL, NULL);
  check_all(&r);
  /* The clash rule really was exercised. */
  es_schema *s = NULL;
  assert_int_equal(es_report_schema(&s, "essays", r.corpus, NULL), ES_OK);
  assert_true(has_column(s, "fm.fm.title")); /* title, after fm.title */
  assert_true(has_column(s, "fm.title"));
  assert_true(has_column(s, "fm.words"));
  assert_true(has_column(s, "fm.doc_id"));
  assert_true(has_column(s, "fm.issues"));
  assert_true(has_column(s, "a, b"));
  assert_true(has_column(s, "nested.child"));
  assert_false(has_column(s, "group"));
  /* Front-matter columns are text and remember their key. */
  for (size_t i = 0; i < es_schema_column_count(s); i++) {
    const es_column *c = es_schema_column(s, i);
    if (c->key && strcmp(c->key, "title") == 0)
      assert_string_equal(c->name, "fm.fm.title");
    if (c->key)
      assert_int_equal(c->type, ES_COLUMN_STRING);
  }
  assert_string_equal(es_schema_column(s, 0)->name, "doc_id");
  assert_string_equal(es_schema_column(s, 1)->name, "movieId");
  es_schema_free(s);
  run_free(&r);
}

static void test_headers_grouped(void **state) {
  (void)state;
  run r = load("categoryName", NULL);
  check_all(&r);
  es_schema *s = NULL;
  assert_int_equal(es_report_schema(&s, "terms", r.corpus, NULL), ES_OK);
  assert_string_equal(es_schema_column(s, 0)->name, "group");
  es_schema_free(s);
  assert_int_equal(es_report_schema(&s, "keyterms", r.corpus, NULL), ES_OK);
  assert_string_equal(es_schema_column(s, 0)->name, "group");
  es_schema_free(s);
  run_free(&r);
}

static void test_headers_no_front_matter(void **state) {
  (void)state;
  run r = load(NULL, "c.md");
  check_all(&r);
  es_schema *s = NULL;
  assert_int_equal(es_report_schema(&s, "essays", r.corpus, NULL), ES_OK);
  assert_string_equal(es_schema_column(s, 1)->name, "title");
  es_schema_free(s);
  run_free(&r);
}

/* Without a corpus: the fixed columns only. */
static void test_fixed_schema(void **state) {
  (void)state;
  es_schema *s = NULL;
  assert_int_equal(es_report_schema(&s, "essays", NULL, NULL), ES_OK);
  assert_int_equal(es_schema_column_count(s), 28);
  assert_string_equal(es_schema_column(s, 1)->name, "title");
  assert_string_equal(es_schema_column(s, 2)->name, "title_source");
  assert_int_equal(es_schema_column(s, 3)->type, ES_COLUMN_INTEGER);
  /* The research columns follow max_section_words; template_share them. */
  assert_string_equal(es_schema_column(s, 16)->name, "max_section_words");
  assert_string_equal(es_schema_column(s, 17)->name, "types");
  assert_string_equal(es_schema_column(s, 22)->name, "words_per_sentence");
  assert_string_equal(es_schema_column(s, 23)->name, "template_share");
  assert_null(es_schema_column(s, 28));
  assert_non_null(es_schema_description(s));
  es_schema_free(s);
  assert_int_equal(es_report_schema(&s, "terms", NULL, NULL), ES_OK);
  assert_string_equal(es_schema_column(s, 0)->name, "term");
  es_schema_free(s);
  es_error err;
  assert_int_equal(es_report_schema(&s, "nope", NULL, &err), ES_EINVAL);
  assert_null(s);
  es_schema_free(NULL);
  assert_string_equal(es_column_type_name(ES_COLUMN_NUMBER), "number");
}

static char *datapackage(const es_corpus *c, const char *const *names,
                         es_status *rc) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  *rc = es_datapackage_write(c, names, f, NULL);
  assert_int_equal(fclose(f), 0);
  return buf;
}

static void test_datapackage(void **state) {
  (void)state;
  run r = load("categoryName", NULL);
  es_status rc;
  char *a = datapackage(r.corpus, NULL, &rc);
  assert_int_equal(rc, ES_OK);
  char *b = datapackage(r.corpus, NULL, &rc);
  assert_string_equal(a, b); /* deterministic */
  /* Every report, its file, and the renamed front-matter columns. */
  for (const char *const *n = es_report_names(); *n; n++) {
    char want[64];
    snprintf(want, sizeof want, "\"path\": \"%s.csv\"", *n);
    assert_non_null(strstr(a, want));
  }
  assert_non_null(strstr(a, "\"name\": \"fm.fm.title\""));
  assert_non_null(strstr(a, "\"name\": \"a, b\""));
  assert_non_null(strstr(a, "\"missingValues\": [\"\"]"));
  assert_null(strstr(a, root)); /* no absolute paths */
  free(a);
  free(b);
  /* An unknown name fails before anything is written. */
  const char *bad[] = {"essays", "nope", NULL};
  a = datapackage(r.corpus, bad, &rc);
  assert_int_equal(rc, ES_EINVAL);
  assert_true(a == NULL || a[0] == 0);
  free(a);
  run_free(&r);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_headers_with_clashes),
      cmocka_unit_test(test_headers_grouped),
      cmocka_unit_test(test_headers_no_front_matter),
      cmocka_unit_test(test_fixed_schema),
      cmocka_unit_test(test_datapackage),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
