/* corpus.c - find the essays under the given paths, then read and parse
 * them on worker threads.
 *
 * Discovery keeps every file with an essay name, readable or not, so that
 * each gets its row. Loading gives every thread its own lexers (word caches)
 * over shared vocabularies, and stores each result in the essay's slot:
 * what a document becomes never depends on which thread parsed it. */
#include "corpus.h"
#include "../util/utf8.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- options ----------------------------------------------------------- */

static char *dup_or_null(const char *s) { return s ? es__xstrdup(s) : NULL; }

static void split_exts(es_corpus *c) {
  size_t cap = 0;
  const char *p = c->extensions;
  while (*p) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    while (len && (*p == ' ' || *p == '\t')) {
      p++;
      len--;
    }
    while (len && (p[len - 1] == ' ' || p[len - 1] == '\t'))
      len--;
    if (len && !(len == 1 && *p == '.')) {
      char *e = es__xmalloc(len + 2);
      size_t k = 0;
      if (*p != '.')
        e[k++] = '.';
      for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        e[k++] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
      }
      e[k] = 0;
      ES_GROW(c->exts, cap, c->nexts + 1);
      c->exts[c->nexts++] = e;
    }
    p += comma ? (size_t)(comma - p) + 1 : strlen(p);
  }
}

static void add_stop(es_corpus *c, size_t *cap, const char *w, size_t n,
                     es_buf *tmp, es_buf *norm) {
  es_text_collapse(w, n, tmp);
  if (!tmp->len)
    return;
  es_text_normalize(tmp->data, tmp->len, norm);
  if (!norm->len)
    return;
  ES_GROW(c->stop, *cap, c->nstop + 1);
  c->stop[c->nstop++] = es__xstrndup(norm->data, norm->len);
}

static es_status load_stopwords(es_corpus *c, es_error *err) {
  if (!c->stopwords)
    return ES_OK;
  size_t cap = 0;
  es_buf tmp = ES_BUF_INIT, norm = ES_BUF_INIT;
  es_status st = ES_OK;
  if (strcmp(c->stopwords, "english") == 0) {
    for (size_t i = 0; es_english_stopwords[i]; i++)
      add_stop(c, &cap, es_english_stopwords[i],
               strlen(es_english_stopwords[i]), &tmp, &norm);
    goto out;
  }
  FILE *f = fopen(c->stopwords, "rb");
  if (!f) {
    st = ES_FAIL(err, ES_EIO, "cannot read stop-word file '%s': %s",
                 c->stopwords, strerror(errno));
    goto out;
  }
  es_buf raw = ES_BUF_INIT, text = ES_BUF_INIT;
  char chunk[65536];
  size_t got;
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
    es_buf_put(&raw, chunk, got);
  bool failed = ferror(f);
  fclose(f);
  if (failed) {
    st = ES_FAIL(err, ES_EIO, "cannot read stop-word file '%s'", c->stopwords);
  } else {
    unsigned bad_line;
    size_t total, bad;
    const char *p = es_utf8_repair(raw.data ? raw.data : "", raw.len, &text,
                                   &total, &bad, &bad_line);
    const char *end = p + total;
    while (p < end) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
      add_stop(c, &cap, p, len, &tmp, &norm);
      p += len + 1;
    }
  }
  es_buf_free(&raw);
  es_buf_free(&text);
out:
  es_buf_free(&tmp);
  es_buf_free(&norm);
  return st;
}

es_status es_corpus_new(es_corpus **out, const es_options *opts,
                        es_error *err) {
  ES_ASSERT_ARG(out);
  es_options defaults = ES_OPTIONS_INIT;
  if (!opts)
    opts = &defaults;
  if (opts->bins < 0 || opts->bins > 100)
    return ES_FAIL(err, ES_EINVAL, "--bins must be between 1 and 100");
  if (opts->top_k < 0)
    return ES_FAIL(err, ES_EINVAL, "--top-k must be 0 or more");
  if (opts->max_file_size == 0)
    return ES_FAIL(err, ES_EINVAL, "--max-file-size must be positive");
  es_corpus *c = es__xcalloc(1, sizeof *c);
  c->opts = *opts;
  c->extensions =
      es__xstrdup(opts->extensions ? opts->extensions : defaults.extensions);
  c->part_labels =
      es__xstrdup(opts->part_labels ? opts->part_labels : defaults.part_labels);
  c->group_by = dup_or_null(opts->group_by);
  c->stopwords = dup_or_null(opts->stopwords);
  c->opts.extensions = c->extensions;
  c->opts.part_labels = c->part_labels;
  c->opts.group_by = c->group_by;
  c->opts.stopwords = c->stopwords;
  if (c->opts.jobs <= 0) {
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    c->opts.jobs = cpus > 0 ? (int)cpus : 1;
  }
  if (c->opts.jobs > 256)
    c->opts.jobs = 256;
  split_exts(c);
  es_parse_cfg_init(&c->cfg, c->part_labels);
  c->terms = es_vocab_new();
  c->keys = es_vocab_new();
  es_status st = load_stopwords(c, err);
  if (st) {
    es_corpus_free(c);
    return st;
  }
  *out = c;
  return ES_OK;
}

void es_corpus_free(es_corpus *c) {
  if (!c)
    return;
  for (size_t i = 0; i < c->n; i++) {
    es_entry *e = &c->entries[i];
    free(e->raw_id);
    free(e->id);
    free(e->read_message);
    es_doc_free(e->doc);
  }
  free(c->entries);
  for (size_t i = 0; i < c->npools; i++)
    es_pool_free(c->pools[i]);
  free(c->pools);
  for (size_t i = 0; i < c->nexts; i++)
    free(c->exts[i]);
  free(c->exts);
  for (size_t i = 0; i < c->nstop; i++)
    free(c->stop[i]);
  free(c->stop);
  for (size_t i = 0; i < c->nwarnings; i++)
    free(c->warnings[i]);
  free(c->warnings);
  es_parse_cfg_release(&c->cfg);
  es_vocab_free(c->terms);
  es_vocab_free(c->keys);
  free(c->extensions);
  free(c->part_labels);
  free(c->group_by);
  free(c->stopwords);
  free(c);
}

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
  if (st && kind == ES_ENTRY_REGULAR) {
    e->has_ino = true;
    e->dev = st->st_dev;
    e->ino = st->st_ino;
  }
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
    walk(c, clean);
  } else {
    /* A file named on the command line is read whatever its name. */
    add_entry(c, clean,
              S_ISREG(st.st_mode) ? ES_ENTRY_REGULAR : ES_ENTRY_SPECIAL, &st);
  }
  free(clean);
  return rc;
}

/* ---- loading ----------------------------------------------------------- */

static int cmp_entry_id(const void *a, const void *b) {
  return strcmp(((const es_entry *)a)->raw_id, ((const es_entry *)b)->raw_id);
}

static int cmp_entry_inode(const void *a, const void *b) {
  const es_entry *x = *(es_entry *const *)a, *y = *(es_entry *const *)b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  return strcmp(x->raw_id, y->raw_id);
}

static void drop_entry(es_entry *e) {
  free(e->raw_id);
  free(e->id);
  e->raw_id = e->id = NULL;
}

static void compact(es_corpus *c) {
  size_t k = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->entries[i].raw_id)
      c->entries[k++] = c->entries[i];
  c->n = k;
}

/* Sort by doc_id; the same path reached twice counts once. */
static void dedupe_paths(es_corpus *c) {
  if (c->n)
    qsort(c->entries, c->n, sizeof *c->entries, cmp_entry_id);
  for (size_t i = 1; i < c->n; i++)
    if (strcmp(c->entries[i - 1].raw_id, c->entries[i].raw_id) == 0)
      drop_entry(&c->entries[i - 1]);
  compact(c);
}

/* The same file (device and inode) reached by two paths keeps its bytewise
 * smallest doc_id. Run after loading, when opening the files has told
 * their inodes; a duplicate was parsed for nothing, which only hard links
 * and symbolic links to essays of the corpus cost. */
static void dedupe_files(es_corpus *c) {
  es_entry **regs = es__xmalloc((c->n ? c->n : 1) * sizeof *regs);
  size_t nr = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->entries[i].has_ino)
      regs[nr++] = &c->entries[i];
  if (nr)
    qsort(regs, nr, sizeof *regs, cmp_entry_inode);
  for (size_t i = 1; i < nr; i++)
    if (regs[i]->dev == regs[i - 1]->dev && regs[i]->ino == regs[i - 1]->ino) {
      es_doc_free(regs[i]->doc);
      free(regs[i]->read_message);
      drop_entry(regs[i]);
    }
  free(regs);
  compact(c);
}

/* Bad bytes shown as U+FFFD can make two raw names look alike ("a\xff.md"
 * and "a\xfe.md" both read "a\uFFFD.md"), and then a doc_id would name two
 * rows. Ids shown exactly as their bytes never change; a repaired id that
 * meets one already taken gets "#2", "#3", ... in raw byte order, so the
 * result does not depend on the walk. */
static void disambiguate_ids(es_corpus *c) {
  es_dict *taken = es_dict_new();
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->entries[i].raw_id, c->entries[i].id) == 0)
      es_dict_intern(taken, c->entries[i].id, strlen(c->entries[i].id), NULL);
  es_buf b = ES_BUF_INIT;
  for (size_t i = 0; i < c->n; i++) {
    es_entry *e = &c->entries[i];
    if (strcmp(e->raw_id, e->id) == 0)
      continue;
    bool added;
    es_dict_intern(taken, e->id, strlen(e->id), &added);
    for (unsigned k = 2; !added; k++) {
      es_buf_clear(&b);
      es_buf_printf(&b, "%s#%u", e->id, k);
      es_dict_intern(taken, b.data, b.len, &added);
    }
    if (b.len) {
      free(e->id);
      e->id = es_buf_detach(&b);
    }
  }
  es_buf_free(&b);
  es_dict_free(taken);
}

static void read_finding(es_entry *e, es_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void read_finding(es_entry *e, es_code code, const char *fmt, ...) {
  es_buf m = ES_BUF_INIT;
  va_list ap;
  va_start(ap, fmt);
  es_buf_vprintf(&m, fmt, ap);
  va_end(ap);
  e->read_message = es_buf_detach(&m);
  e->read_finding.code = code;
  e->read_finding.line = 0;
  e->read_finding.message = e->read_message;
  e->has_read_finding = true;
}

typedef struct worker_ctx {
  es_corpus *c;
  atomic_size_t next;
  atomic_size_t done;
  atomic_size_t pools; /* next free slot of c->pools */
} worker_ctx;

/* Read a regular file into buf; returns 0 or an errno. Opened non-blocking
 * so that a file swapped for a FIFO after discovery cannot hang the run. */
static int read_file(const char *path, uint64_t max, es_buf *buf,
                     struct stat *st_out, bool *too_large, bool *not_regular) {
  *too_large = *not_regular = false;
  es_buf_clear(buf);
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return errno;
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return e;
  }
  *st_out = st;
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    *not_regular = true;
    return 0;
  }
  if ((uint64_t)st.st_size > max) {
    close(fd);
    *too_large = true;
    return 0;
  }
  es_buf_reserve(buf, (size_t)st.st_size + 1);
  for (;;) {
    if (buf->len > max) {
      *too_large = true;
      break;
    }
    es_buf_reserve(buf, 65536);
    ssize_t got = read(fd, buf->data + buf->len, buf->cap - buf->len - 1);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      int e = errno;
      close(fd);
      return e;
    }
    if (got == 0)
      break;
    buf->len += (size_t)got;
  }
  close(fd);
  return 0;
}

static void load_entry(es_corpus *c, es_entry *e, es_buf *buf,
                       es_parser *parser) {
  unsigned long long max = (unsigned long long)c->opts.max_file_size;
  if (e->kind == ES_ENTRY_DANGLING) {
    /* stat (not open: nothing is read) tells a loop from a missing
     * target, so the message points at the right fix. */
    struct stat st;
    bool loop = stat(e->raw_id, &st) != 0 && errno == ELOOP;
    read_finding(e, ES_CODE_UNREADABLE, "not a regular file (%s)",
                 loop ? "a symbolic link loop" : "a symbolic link to nothing");
    return;
  }
  if (e->kind == ES_ENTRY_SPECIAL) {
    read_finding(e, ES_CODE_UNREADABLE,
                 "not a regular file (FIFO, socket or device)");
    return;
  }
  if (e->bytes >= 0 && (uint64_t)e->bytes > c->opts.max_file_size) {
    read_finding(e, ES_CODE_TOO_LARGE,
                 "file is larger than --max-file-size (%llu bytes)", max);
    return;
  }
  bool too_large, not_regular;
  struct stat st;
  int rc = read_file(e->raw_id, c->opts.max_file_size, buf, &st, &too_large,
                     &not_regular);
  if (rc) {
    /* The row still gets the size and the file its identity, if stat can
     * tell them. */
    if (stat(e->raw_id, &st) == 0 && S_ISREG(st.st_mode)) {
      e->bytes = (int64_t)st.st_size;
      e->has_ino = true;
      e->dev = st.st_dev;
      e->ino = st.st_ino;
    }
    read_finding(e, ES_CODE_UNREADABLE, "cannot read file: %s", strerror(rc));
    return;
  }
  e->bytes = (int64_t)st.st_size;
  if (S_ISREG(st.st_mode)) {
    e->has_ino = true;
    e->dev = st.st_dev;
    e->ino = st.st_ino;
  }
  if (not_regular) {
    read_finding(e, ES_CODE_UNREADABLE, "not a regular file");
    return;
  }
  if (too_large) {
    read_finding(e, ES_CODE_TOO_LARGE,
                 "file is larger than --max-file-size (%llu bytes)", max);
    return;
  }
  e->bytes = (int64_t)buf->len;
  e->doc = es_parser_parse(parser, buf->data ? buf->data : "", buf->len);
}

static void *worker(void *arg) {
  worker_ctx *w = arg;
  es_corpus *c = w->c;
  es_pool *pool = es_pool_new();
  c->pools[atomic_fetch_add(&w->pools, 1)] = pool;
  es_parser parser;
  es_parser_init(&parser, &c->cfg, c->terms, pool);
  es_buf buf = ES_BUF_INIT;
  for (;;) {
    size_t i = atomic_fetch_add(&w->next, 1);
    if (i >= c->n)
      break;
    load_entry(c, &c->entries[i], &buf, &parser);
    atomic_fetch_add(&w->done, 1);
  }
  es_buf_free(&buf);
  es_parser_release(&parser);
  return NULL;
}

es_status es_corpus_load(es_corpus *c, es_error *err) {
  ES_ASSERT_ARG(c);
  if (c->loaded)
    return ES_OK;
  dedupe_paths(c);
  worker_ctx w;
  w.c = c;
  atomic_init(&w.next, 0);
  atomic_init(&w.done, 0);
  atomic_init(&w.pools, 0);
  size_t jobs = (size_t)c->opts.jobs;
  if (jobs > c->n)
    jobs = c->n ? c->n : 1;
  c->pools = es__xcalloc(jobs + 1, sizeof *c->pools);
  pthread_t *threads = es__xmalloc(jobs * sizeof *threads);
  size_t started = 0;
  for (size_t i = 0; i < jobs; i++) {
    if (pthread_create(&threads[started], NULL, worker, &w) == 0)
      started++;
  }
  if (started == 0)
    worker(&w); /* no threads available: do the work here */
  if (c->opts.progress) {
    struct timespec tick = {0, 200 * 1000 * 1000};
    while (atomic_load(&w.done) < c->n) {
      c->opts.progress(atomic_load(&w.done), c->n, c->opts.progress_payload);
      nanosleep(&tick, NULL);
    }
    c->opts.progress(c->n, c->n, c->opts.progress_payload);
  }
  for (size_t i = 0; i < started; i++)
    pthread_join(threads[i], NULL);
  free(threads);
  c->npools = atomic_load(&w.pools);
  dedupe_files(c);
  disambiguate_ids(c);
  c->analysed = 0;
  for (size_t i = 0; i < c->n; i++)
    c->analysed += c->entries[i].doc != NULL;
  c->loaded = true;
  return ES_OK;
}

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

void es_corpus__intern_keys(es_corpus *c) {
  if (c->keys_interned)
    return;
  for (size_t i = 0; i < c->n; i++) {
    es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    size_t n = d->nkeyterms;
    uint32_t *ids = es_arena_alloc(&d->arena, (2 * n + 1) * sizeof *ids);
    uint32_t *keys = ids + n;
    for (size_t k = 0; k < n; k++) {
      const char *key = d->keyterms[k].key;
      ids[k] = es_vocab_intern(c->keys, key, strlen(key), NULL);
      keys[k] = ids[k];
    }
    /* Distinct ids, ascending. */
    if (n)
      qsort(keys, n, sizeof *keys, cmp_u32);
    size_t nk = 0;
    for (size_t k = 0; k < n; k++)
      if (nk == 0 || keys[nk - 1] != keys[k])
        keys[nk++] = keys[k];
    d->keyterm_ids = ids;
    d->keys = keys;
    d->nkeys = nk;
  }
  c->keys_interned = true;
}

/* ---- accessors --------------------------------------------------------- */

size_t es_corpus_count(const es_corpus *c) { return c->n; }
const char *es_corpus_doc_id(const es_corpus *c, size_t i) {
  return c->entries[i].id;
}
int64_t es_corpus_bytes(const es_corpus *c, size_t i) {
  return c->entries[i].bytes;
}
const es_doc *es_corpus_doc(const es_corpus *c, size_t i) {
  return c->entries[i].doc;
}
size_t es_corpus_analysed(const es_corpus *c) { return c->analysed; }
size_t es_corpus_read_finding_count(const es_corpus *c, size_t i) {
  return c->entries[i].has_read_finding ? 1 : 0;
}
const es_finding *es_corpus_read_finding(const es_corpus *c, size_t i,
                                         size_t k) {
  return (k == 0 && c->entries[i].has_read_finding)
             ? &c->entries[i].read_finding
             : NULL;
}
size_t es_corpus_warning_count(const es_corpus *c) { return c->nwarnings; }
const char *es_corpus_warning(const es_corpus *c, size_t i) {
  return c->warnings[i];
}
const es_options *es_corpus_options(const es_corpus *c) { return &c->opts; }
