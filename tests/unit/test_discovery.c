/* test_discovery.c - which files are essays and what their doc_ids are. */
#include "test_util.h"

#include <unistd.h>

static char root[256];

static int setup(void **state) {
  (void)state;
  snprintf(root, sizeof root, "/tmp/es_disc_%d", (int)getpid());
  const char *e = "# T\n\nword\n";
  write_file(root, "b.md", e, strlen(e));
  write_file(root, "A.MD", e, strlen(e));
  write_file(root, "c.markdown", e, strlen(e));
  write_file(root, "d.txt", e, strlen(e));
  write_file(root, "e.rst", e, strlen(e));
  write_file(root, ".hidden.md", e, strlen(e));
  char sub[300];
  snprintf(sub, sizeof sub, "%s/sub", root);
  write_file(sub, "z.md", e, strlen(e));
  snprintf(sub, sizeof sub, "%s/.git", root);
  write_file(sub, "x.md", e, strlen(e));
  char cmd[1024];
  /* A hard link and a symlink to b.md: the same file, counted once. */
  snprintf(cmd, sizeof cmd,
           "cd '%s' && ln b.md hard.md && ln -s b.md soft.md && "
           "ln -s sub linkdir",
           root);
  return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(root);
}

static es_corpus *load(const char *const *paths, const char *ext) {
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  if (ext)
    o.extensions = ext;
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, &o, NULL), ES_OK);
  for (size_t i = 0; paths[i]; i++)
    assert_int_equal(es_corpus_add_path(c, paths[i], NULL), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  return c;
}

static char *ids(const es_corpus *c) {
  static char buf[4096];
  buf[0] = 0;
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    if (i)
      strcat(buf, " ");
    strcat(buf, es_corpus_doc_id(c, i));
  }
  return buf;
}

static void test_walk(void **state) {
  (void)state;
  char arg[300];
  snprintf(arg, sizeof arg, "%s//", root);
  const char *paths[] = {arg, NULL};
  es_corpus *c = load(paths, NULL);
  char want[2048];
  /* Sorted bytewise; hidden names, other extensions and the linked
   * directory are skipped; hard.md and soft.md are b.md again: the
   * smallest doc_id (A.MD < b.md < hard.md < soft.md) is kept. */
  snprintf(want, sizeof want,
           "%s/A.MD %s/b.md %s/c.markdown %s/d.txt %s/sub/z.md", root, root,
           root, root, root);
  assert_string_equal(ids(c), want);
  assert_int_equal(es_corpus_analysed(c), 5);
  es_corpus_free(c);
}

static void test_relative_ids(void **state) {
  (void)state;
  char cwd[1024];
  assert_non_null(getcwd(cwd, sizeof cwd));
  assert_int_equal(chdir(root), 0);
  const char *dot[] = {".", NULL};
  es_corpus *c = load(dot, NULL);
  assert_string_equal(ids(c), "A.MD b.md c.markdown d.txt sub/z.md");
  es_corpus_free(c);
  const char *mixed[] = {"./sub/", "./sub//z.md", "e.rst", "linkdir", NULL};
  c = load(mixed, NULL);
  /* A file named directly is read whatever its extension; a symlink to a
   * directory given as a PATH is walked; the same path twice counts once,
   * and linkdir/z.md is sub/z.md again. */
  assert_string_equal(ids(c), "e.rst linkdir/z.md");
  es_corpus_free(c);
  const char *ext[] = {".", NULL};
  c = load(ext, "rst, .TXT");
  assert_string_equal(ids(c), "d.txt e.rst");
  es_corpus_free(c);
  assert_int_equal(chdir(cwd), 0);
}

static void test_missing_path(void **state) {
  (void)state;
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, NULL, NULL), ES_OK);
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_corpus_add_path(c, "/nonexistent/essays", &err),
                   ES_EINVAL);
  assert_non_null(strstr(err.message, "/nonexistent/essays"));
  es_corpus_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_walk),
      cmocka_unit_test(test_relative_ids),
      cmocka_unit_test(test_missing_path),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
