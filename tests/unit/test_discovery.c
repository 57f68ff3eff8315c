/* test_discovery.c - which files are essays and what their doc_ids are. */
#include "test_util.h"

#include <fcntl.h>
#include <sys/stat.h>
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
  assert_string_equal(err.path, "/nonexistent/essays");
  es_corpus_free(c);
}

/* A dangling symbolic link named on the command line is an essay that is
 * not analysed: a row with an unreadable finding, never opened. */
static void test_dangling_argument(void **state) {
  (void)state;
  char link[600], loop[600];
  snprintf(link, sizeof link, "%s/gone.md", root);
  snprintf(loop, sizeof loop, "%s/self.md", root);
  assert_int_equal(symlink("nowhere/at/all.md", link), 0);
  assert_int_equal(symlink("self.md", loop), 0);
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, NULL, NULL), ES_OK);
  es_error err;
  memset(&err, 0, sizeof err);
  assert_int_equal(es_corpus_add_path(c, link, &err), ES_OK);
  assert_int_equal(es_corpus_add_path(c, loop, &err), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  assert_int_equal(es_corpus_count(c), 2);
  assert_int_equal(es_corpus_analysed(c), 0);
  const char *why[] = {"a symbolic link to nothing", "a symbolic link loop"};
  for (size_t i = 0; i < 2; i++) {
    assert_null(es_corpus_doc(c, i));
    assert_true(es_corpus_bytes(c, i) == -1);
    assert_int_equal(es_corpus_read_finding_count(c, i), 1);
    const es_finding *f = es_corpus_read_finding(c, i, 0);
    assert_int_equal(f->code, ES_CODE_UNREADABLE);
    assert_non_null(strstr(f->message, why[i]));
  }
  es_corpus_free(c);
  unlink(link);
  unlink(loop);
}

/* A directory that cannot be listed is a warning, and the walk goes on.
 * Root can list any directory whatever its mode, so the failure here is a
 * path longer than PATH_MAX (ENAMETOOLONG), which holds for every user. */
static void test_directory_warnings(void **state) {
  (void)state;
  /* deep/ddd.../ddd.../...: 24 levels of 200-byte names, made one step at
   * a time (a relative mkdir and chdir never sees the whole path). */
  char seg[201];
  memset(seg, 'd', 200);
  seg[200] = 0;
  int back = open(".", O_RDONLY | O_DIRECTORY);
  assert_true(back >= 0);
  assert_int_equal(chdir(root), 0);
  assert_int_equal(mkdir("deep", 0777), 0);
  assert_int_equal(chdir("deep"), 0);
  for (int i = 0; i < 24; i++) {
    assert_int_equal(mkdir(seg, 0777), 0);
    assert_int_equal(chdir(seg), 0);
  }
  FILE *f = fopen("lost.md", "w");
  assert_non_null(f);
  fputs("lost words\n", f);
  fclose(f);
  assert_int_equal(fchdir(back), 0);
  close(back);
  char cmd[700];
  char deep[600];
  snprintf(deep, sizeof deep, "%s/deep", root);
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, NULL, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, deep, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, root, NULL), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  assert_true(es_corpus_warning_count(c) >= 1);
  const char *w = es_corpus_warning(c, 0);
  assert_prefix(w, "cannot list directory '");
  assert_non_null(strstr(w, "File name too long"));
  assert_null(es_corpus_warning(c, es_corpus_warning_count(c)));
  /* The rest of the tree was walked. */
  assert_true(es_corpus_count(c) >= 5);
  es_corpus_free(c);
  snprintf(cmd, sizeof cmd, "rm -rf '%s/deep'", root);
  assert_int_equal(system(cmd), 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_walk),
      cmocka_unit_test(test_relative_ids),
      cmocka_unit_test(test_missing_path),
      cmocka_unit_test(test_dangling_argument),
      cmocka_unit_test(test_directory_warnings),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
