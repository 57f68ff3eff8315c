/* discover.c - find the essays under the given paths. Discovery keeps
 * every file with an essay name, readable or not, so that each gets its
 * row; nothing is read here. */
#include "corpus.h"
#include "../util/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- discovery --------------------------------------------------------- */

/* A directory problem: "cannot list directory 'PATH': WHY". */
static void warn(es_corpus *c, const char *what, const char *path,
                 const char *why) {
  es_buf b = ES_BUF_INIT;
  char *shown = es_utf8_display(path, strlen(path));
  es_buf_printf(&b, "%s '%s': %s", what, shown, why);
  free(shown);
  ES_GROW(c->warnings, c->warnings_cap, c->nwarnings + 1);
  c->warnings[c->nwarnings++] = es_buf_detach(&b);
}

static bool essay_name(const es_corpus *c, const char *name) {
  size_t n = strlen(name);
  for (size_t i = 0; i < c->nexts; i++) {
    size_t m = strlen(c->exts[i]);
    if (n <= m)
      continue;
    bool match = true;
    for (size_t k = 0; k < m && match; k++) {
      char ch = name[n - m + k];
      if (ch >= 'A' && ch <= 'Z')
        ch = (char)(ch + 32);
      match = ch == c->exts[i][k];
    }
    if (match)
      return true;
  }
  return false;
}

static void add_entry(es_corpus *c, const char *path, es_entry_kind kind,
                      const struct stat *st) {
  ES_GROW(c->entries, c->cap, c->n + 1);
  es_entry *e = &c->entries[c->n++];
  memset(e, 0, sizeof *e);
  e->raw_id = es__xstrdup(path);
  e->id = es_utf8_display(path, strlen(path));
  e->kind = kind;
  e->bytes = st ? (int64_t)st->st_size : -1;
  /* No identity from here: the file is opened later, and what this path
   * names may have changed by then. load.c takes it from the open file. */
  es_phase_add(&c->finding, 1);
}

static char *join(const char *dir, const char *name) {
  size_t a = strlen(dir), b = strlen(name);
  if (a == 0)
    return es__xstrdup(name);
  char *p = es__xmalloc(a + b + 2);
  memcpy(p, dir, a);
  size_t k = a;
  if (dir[a - 1] != '/')
    p[k++] = '/';
  memcpy(p + k, name, b + 1);
  return p;
}

/* Walk a directory; `dir` is the doc_id prefix ("" for the current one).
 * The listing is read whole and the directory closed before descending, so
 * depth never costs open file descriptors. */
/* A directory entry, examined while its directory is open. */
typedef struct dentry {
  char *name;
  enum {
    D_SKIP,
    D_DIR,
    D_REGULAR,
    D_REGULAR_UNSEEN,
    D_SPECIAL,
    D_DANGLING
  } kind;
  struct stat st;
} dentry;

/* Examine an entry relative to its open directory (fstatat: no walk of
 * the whole path). readdir's d_type spares the stat of directories and of
 * files that are not essays. */
static void examine(const es_corpus *c, int dfd, const struct dirent *de,
                    dentry *out) {
  out->kind = D_SKIP;
  if (de->d_type == DT_DIR) {
    out->kind = D_DIR;
    return;
  }
  bool essay = essay_name(c, de->d_name);
  if (de->d_type == DT_REG) {
    /* Its size and inode come with the open that reads it (one system
     * call fewer per essay, on the one thread that walks). */
    if (essay)
      out->kind = D_REGULAR_UNSEEN;
    return;
  }
  struct stat st;
  if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
    return;
  if (S_ISLNK(st.st_mode)) {
    /* Links to files are followed, links to directories are not. */
    if (!essay)
      return;
    if (fstatat(dfd, de->d_name, &st, 0) != 0)
      out->kind = D_DANGLING;
    else if (S_ISREG(st.st_mode))
      out->kind = D_REGULAR;
    else if (!S_ISDIR(st.st_mode))
      out->kind = D_SPECIAL;
  } else if (S_ISDIR(st.st_mode)) {
    out->kind = D_DIR;
  } else if (essay) {
    out->kind = S_ISREG(st.st_mode) ? D_REGULAR : D_SPECIAL;
  }
  out->st = st;
}

static int cmp_dentry(const void *a, const void *b) {
  return strcmp(((const dentry *)a)->name, ((const dentry *)b)->name);
}

/* Walk a directory; `dir` is the doc_id prefix ("" for the current one).
 * The listing is read whole and the directory closed before descending, so
 * depth never costs open file descriptors. */
static void walk(es_corpus *c, const char *dir) {
  DIR *d = opendir(*dir ? dir : ".");
  if (!d) {
    warn(c, "cannot list directory", *dir ? dir : ".", strerror(errno));
    return;
  }
  dentry *ents = NULL;
  size_t n = 0, cap = 0;
  struct dirent *de;
  errno = 0;
  while ((de = readdir(d)) != NULL) {
    if (de->d_name[0] == '.')
      continue;
    dentry e;
    examine(c, dirfd(d), de, &e);
    if (e.kind == D_SKIP)
      continue;
    e.name = es__xstrdup(de->d_name);
    ES_GROW(ents, cap, n + 1);
    ents[n++] = e;
    errno = 0;
  }
  if (errno)
    warn(c, "error while listing", *dir ? dir : ".", strerror(errno));
  closedir(d);
  if (n)
    qsort(ents, n, sizeof *ents, cmp_dentry);
  for (size_t i = 0; i < n; i++) {
    char *path = join(dir, ents[i].name);
    switch (ents[i].kind) {
    case D_DIR:
      walk(c, path);
      break;
    case D_REGULAR:
      add_entry(c, path, ES_ENTRY_REGULAR, &ents[i].st);
      break;
    case D_REGULAR_UNSEEN:
      add_entry(c, path, ES_ENTRY_REGULAR, NULL);
      break;
    case D_SPECIAL:
      add_entry(c, path, ES_ENTRY_SPECIAL, &ents[i].st);
      break;
    case D_DANGLING:
      add_entry(c, path, ES_ENTRY_DANGLING, NULL);
      break;
    default:
      break;
    }
    free(path);
    free(ents[i].name);
  }
  free(ents);
}

/* The path as given, without "." components and doubled slashes. */
static char *clean_path(const char *path) {
  size_t n = strlen(path);
  char *out = es__xmalloc(n + 2);
  size_t k = 0;
  bool abs = path[0] == '/';
  if (abs)
    out[k++] = '/';
  const char *p = path;
  while (*p) {
    while (*p == '/')
      p++;
    const char *s = p;
    while (*p && *p != '/')
      p++;
    size_t len = (size_t)(p - s);
    if (len == 0 || (len == 1 && s[0] == '.'))
      continue;
    if (k && out[k - 1] != '/')
      out[k++] = '/';
    memcpy(out + k, s, len);
    k += len;
  }
  out[k] = 0;
  return out;
}

es_status es_corpus_add_path(es_corpus *c, const char *path, es_error *err) {
  ES_ASSERT_ARG(c && path);
  if (c->loaded)
    return ES_FAIL(err, ES_EINVAL, "paths must be added before loading");
  char *clean = clean_path(path);
  const char *open_path = *clean ? clean : ".";
  struct stat st;
  es_status rc = ES_OK;
  if (stat(open_path, &st) != 0) {
    struct stat lst;
    if (lstat(open_path, &lst) == 0) {
      add_entry(c, clean, ES_ENTRY_DANGLING, NULL);
    } else {
      rc = ES_FAIL(err, ES_EINVAL, "%s: %s", path, strerror(errno));
      if (err)
        snprintf(err->path, sizeof err->path, "%s", path);
    }
  } else if (S_ISDIR(st.st_mode)) {
    es_phase_begin(&c->finding, &c->opts, "finding", path, "essay", 0);
    walk(c, clean);
    es_phase_end(&c->finding, UINT64_MAX);
  } else {
    /* A file named on the command line is read whatever its name. */
    add_entry(c, clean,
              S_ISREG(st.st_mode) ? ES_ENTRY_REGULAR : ES_ENTRY_SPECIAL, &st);
  }
  free(clean);
  return rc;
}
