/* load.c - read and parse the discovered essays on worker threads, then
 * finish the corpus (one row per file, unique ids, interned key terms), so
 * that nothing downstream changes it.
 *
 * Every thread has its own parser (word caches) over the shared
 * vocabularies and its own memory pool, and stores each result in the
 * essay's slot: what a document becomes never depends on which thread
 * parsed it. */
#include "corpus.h"
#include "../util/progress.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- loading ----------------------------------------------------------- */

static int cmp_entry_id(const void *a, const void *b) {
  return strcmp(((const es_entry *)a)->raw_id, ((const es_entry *)b)->raw_id);
}

/* Same identity first (device, inode, size, times), then by doc_id. */
static int cmp_entry_inode(const void *a, const void *b) {
  const es_entry *x = *(es_entry *const *)a, *y = *(es_entry *const *)b;
  if (x->dev != y->dev)
    return x->dev < y->dev ? -1 : 1;
  if (x->ino != y->ino)
    return x->ino < y->ino ? -1 : 1;
  if (x->size != y->size)
    return x->size < y->size ? -1 : 1;
  if (x->mtime_ns != y->mtime_ns)
    return x->mtime_ns < y->mtime_ns ? -1 : 1;
  if (x->ctime_ns != y->ctime_ns)
    return x->ctime_ns < y->ctime_ns ? -1 : 1;
  return strcmp(x->raw_id, y->raw_id);
}

static bool same_identity(const es_entry *x, const es_entry *y) {
  return x->dev == y->dev && x->ino == y->ino && x->size == y->size &&
         x->mtime_ns == y->mtime_ns && x->ctime_ns == y->ctime_ns;
}

static int64_t ns(const struct timespec *t) {
  return (int64_t)t->tv_sec * 1000000000 + (int64_t)t->tv_nsec;
}

static void take_identity(es_entry *e, const struct stat *st) {
  e->has_ino = true;
  e->dev = st->st_dev;
  e->ino = st->st_ino;
  e->size = (int64_t)st->st_size;
  e->mtime_ns = ns(&st->st_mtim);
  e->ctime_ns = ns(&st->st_ctim);
}

/* Open PATH (without blocking on a FIFO) and tell its device and inode
 * now; returns the descriptor, or -1. */
static int open_identity(const char *path, dev_t *dev, ino_t *ino) {
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat st;
  if (fd < 0)
    return -1;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return -1;
  }
  *dev = st.st_dev;
  *ino = st.st_ino;
  return fd;
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

/* Sort by doc_id; the same path reached twice counts once. A walk of one
 * folder usually finds them in order already: then one pass checks it. */
static void dedupe_paths(es_corpus *c) {
  size_t k = 1;
  while (k < c->n &&
         strcmp(c->entries[k - 1].raw_id, c->entries[k].raw_id) <= 0)
    k++;
  if (k < c->n)
    qsort(c->entries, c->n, sizeof *c->entries, cmp_entry_id);
  for (size_t i = 1; i < c->n; i++)
    if (strcmp(c->entries[i - 1].raw_id, c->entries[i].raw_id) == 0)
      drop_entry(&c->entries[i - 1]);
  compact(c);
}

/* The same file reached by two paths (hard links, a symbolic link to an
 * essay of the corpus) keeps its bytewise smallest doc_id.
 *
 * Files may change while the corpus is read (an editor or rsync replacing
 * a file by rename frees its inode, which the file system can give to
 * another essay rewritten a moment later), so an equal (device, inode)
 * seen at two different times does not prove one file. Two entries are
 * merged only when
 *  - the identities taken from their read descriptors are equal in device,
 *    inode, size, modification and change time, and
 *  - opened again, both at once (an inode cannot be reused while a
 *    descriptor holds it), both paths still lead to that same inode.
 * Whatever fails either test keeps its row: when in doubt a file gets two
 * rows rather than none. Only candidates (equal identities: hard and
 * symbolic links in practice) are opened again, two descriptors at a time.
 * Entries that could not be opened have no identity and are never merged.
 * Merged entries are left without raw_id, for compact(). */
static void dedupe_files(es_corpus *c) {
  es_entry **regs = es__xmalloc((c->n ? c->n : 1) * sizeof *regs);
  size_t nr = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->entries[i].has_ino)
      regs[nr++] = &c->entries[i];
  if (nr)
    qsort(regs, nr, sizeof *regs, cmp_entry_inode);
  for (size_t g = 0; g < nr;) {
    size_t h = g + 1;
    while (h < nr && same_identity(regs[g], regs[h]))
      h++;
    /* regs[g, h): one identity, in doc_id order. The keeper is the first
     * whose path still leads to it. */
    int kfd = -1;
    for (size_t k = g; k < h && kfd < 0; k++) {
      dev_t dev;
      ino_t ino;
      int fd = h - g > 1 ? open_identity(regs[k]->raw_id, &dev, &ino) : -1;
      if (fd >= 0 && (dev != regs[k]->dev || ino != regs[k]->ino)) {
        close(fd);
        fd = -1;
      }
      if (fd < 0)
        continue;
      kfd = fd;
      for (size_t m = k + 1; m < h; m++) {
        int mfd = open_identity(regs[m]->raw_id, &dev, &ino);
        if (mfd < 0)
          continue;
        if (dev == regs[k]->dev && ino == regs[k]->ino) {
          es_doc_free(regs[m]->doc);
          regs[m]->doc = NULL;
          free(regs[m]->read_message);
          regs[m]->read_message = NULL;
          drop_entry(regs[m]);
        }
        close(mfd);
      }
    }
    if (kfd >= 0)
      close(kfd);
    g = h;
  }
  free(regs);
}

/* Bad bytes shown as U+FFFD can make two raw names look alike ("a\xff.md"
 * and "a\xfe.md" both read "a\uFFFD.md"), and then a doc_id would name two
 * rows. Ids shown exactly as their bytes never change; a repaired id that
 * meets one already taken gets "#2", "#3", ... in raw byte order, so the
 * result does not depend on the walk. */
static void disambiguate_ids(es_corpus *c) {
  size_t same = 0; /* ids shown exactly as their bytes */
  while (same < c->n &&
         strcmp(c->entries[same].raw_id, c->entries[same].id) == 0)
    same++;
  if (same == c->n)
    return; /* the usual case: no id was repaired, none can clash */
  es_intern *taken = es_intern_new();
  for (size_t i = 0; i < c->n; i++)
    if (strcmp(c->entries[i].raw_id, c->entries[i].id) == 0)
      es_intern_add(taken, c->entries[i].id, strlen(c->entries[i].id), NULL);
  es_buf b = ES_BUF_INIT;
  for (size_t i = 0; i < c->n; i++) {
    es_entry *e = &c->entries[i];
    if (strcmp(e->raw_id, e->id) == 0)
      continue;
    bool added;
    es_intern_add(taken, e->id, strlen(e->id), &added);
    for (unsigned k = 2; !added; k++) {
      es_buf_clear(&b);
      es_buf_printf(&b, "%s#%u", e->id, k);
      es_intern_add(taken, b.data, b.len, &added);
    }
    if (b.len) {
      free(e->id);
      e->id = es_buf_detach(&b);
    }
  }
  es_buf_free(&b);
  es_intern_free(taken);
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
    size_t want = buf->cap - buf->len - 1;
    ssize_t got = read(fd, buf->data + buf->len, want);
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
    /* A short read that brought the size fstat saw is the end: no second
     * read to see 0 (one system call fewer per essay). A file system that
     * reads short before that (FUSE) is read on until 0. */
    if ((size_t)got < want && buf->len >= (size_t)st.st_size)
      break;
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
  /* Even a file that discovery saw as too large is opened (not read):
   * its size and identity are those of the file open now. */
  bool too_large, not_regular;
  struct stat st;
  memset(&st, 0, sizeof st); /* read_file fills it unless it fails */
  int rc = read_file(e->raw_id, c->opts.max_file_size, buf, &st, &too_large,
                     &not_regular);
  if (rc) {
    /* The row still gets the size, if stat can tell it, but no identity:
     * what the path names now may not be what failed to open. */
    if (stat(e->raw_id, &st) == 0 && S_ISREG(st.st_mode))
      e->bytes = (int64_t)st.st_size;
    read_finding(e, ES_CODE_UNREADABLE, "cannot read file: %s", strerror(rc));
    return;
  }
  e->bytes = (int64_t)st.st_size;
  if (S_ISREG(st.st_mode))
    take_identity(e, &st);
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

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return (x > y) - (x < y);
}

/* Give every key term its id in c->keys and every document its sorted set
 * of distinct key ids (doc->keyterm_ids, doc->keys). Single-threaded, in
 * doc_id order, so key ids do not depend on the loading threads. */
static void intern_keys(es_corpus *c) {
  for (size_t i = 0; i < c->n; i++) {
    es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    size_t n = d->nkeyterms;
    uint32_t *ids = es_arena_alloc(&d->arena, (2 * n + 1) * sizeof *ids);
    uint32_t *keys = ids + n;
    for (size_t k = 0; k < n; k++) {
      const char *key = d->keyterms[k].key;
      /* One thread: no lock needed. */
      ids[k] = es_intern_add(c->keys->strings, key, strlen(key), NULL);
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
}

/* Loading state: one parser and one read buffer per worker, made on its
 * first chunk. */
typedef struct load_ctx {
  es_corpus *c;
  es_parser *parsers;
  es_buf *bufs;
  atomic_size_t done;
  struct timespec last; /* worker 0's last progress report */
  es_phase phase;       /* opts.phase_progress: "reading" */
  size_t lo, n;         /* the entries to read: [lo, lo + n) */
} load_ctx;

static double since(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) +
         (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static void load_range(void *arg, size_t wid, size_t lo, size_t hi) {
  load_ctx *x = arg;
  es_corpus *c = x->c;
  if (!c->pools[wid]) {
    c->pools[wid] = es_pool_new();
    es_parser_init(&x->parsers[wid], &c->cfg, c->terms, c->pools[wid]);
  }
  for (size_t i = lo; i < hi; i++) {
    load_entry(c, &c->entries[x->lo + i], &x->bufs[wid], &x->parsers[wid]);
    size_t done = atomic_fetch_add(&x->done, 1) + 1;
    es_phase_add(&x->phase, 1);
    /* Worker 0 is the thread that called es_corpus_load: progress is
     * reported from there, at most five times a second. */
    if (wid == 0 && c->opts.progress && since(&x->last) >= 0.2) {
      c->opts.progress(done, x->n, c->opts.progress_payload);
      clock_gettime(CLOCK_MONOTONIC, &x->last);
    }
  }
}

void es_corpus__sort(es_corpus *c) { dedupe_paths(c); }

void es_corpus__load_range(es_corpus *c, size_t lo, size_t hi) {
  size_t n = hi - lo;
  size_t jobs = (size_t)c->opts.jobs;
  if (jobs > n)
    jobs = n ? n : 1;
  load_ctx x;
  x.c = c;
  x.parsers = es__xcalloc(jobs, sizeof *x.parsers);
  x.bufs = es__xcalloc(jobs, sizeof *x.bufs);
  atomic_init(&x.done, 0);
  clock_gettime(CLOCK_MONOTONIC, &x.last);
  x.lo = lo;
  x.n = n;
  c->pools = es__xcalloc(jobs, sizeof *c->pools);
  es_phase_begin(&x.phase, &c->opts, "reading", NULL, "essay", n);
  if (c->opts.progress)
    c->opts.progress(0, n, c->opts.progress_payload);
  es_parallel_for(n, 1, jobs, load_range, &x);
  if (c->opts.progress)
    c->opts.progress(n, n, c->opts.progress_payload);
  c->npools = 0;
  for (size_t t = 0; t < jobs; t++) {
    if (!c->pools[t])
      continue;
    es_parser_release(&x.parsers[t]);
    es_buf_free(&x.bufs[t]);
    c->pools[c->npools++] = c->pools[t];
  }
  free(x.parsers);
  free(x.bufs);
  es_phase_end(&x.phase, UINT64_MAX);
}

es_pool *es_corpus__new_pool(es_corpus *c) {
  c->pools = es__xrealloc(c->pools, (c->npools + 1) * sizeof *c->pools);
  return c->pools[c->npools++] = es_pool_new();
}

static void count_analysed(es_corpus *c) {
  c->analysed = 0;
  for (size_t i = 0; i < c->n; i++)
    c->analysed += c->entries[i].doc != NULL;
}

void es_corpus__finish(es_corpus *c, uint8_t *kept) {
  dedupe_files(c);
  for (size_t i = 0; kept && i < c->n; i++)
    kept[i] = c->entries[i].raw_id != NULL;
  compact(c);
  disambiguate_ids(c);
  count_analysed(c);
  /* Key ids are read only by the key-term table and the neighbours'
   * shared key terms; interning them is one thread's work. */
  if (c->opts.load_needs & (ES_NEED_KEYTERMS | ES_NEED_SIMILARITY))
    intern_keys(c);
  c->loaded = true;
}

es_status es_corpus_load(es_corpus *c, es_error *err) {
  ES_ASSERT_ARG(c);
  if (c->loaded)
    return ES_OK;
  es_corpus__sort(c);
  es_corpus__load_range(c, 0, c->n);
  es_corpus__finish(c, NULL);
  return ES_OK;
}

void es_corpus__keep(es_corpus *c, const uint8_t *kept) {
  for (size_t i = 0; i < c->n; i++) {
    es_entry *e = &c->entries[i];
    if (kept[i])
      continue;
    free(e->read_message);
    e->read_message = NULL;
    es_doc_free(e->doc);
    e->doc = NULL;
    drop_entry(e);
  }
  compact(c);
  count_analysed(c);
  c->loaded = true;
}

void es_corpus__drop_docs(es_corpus *c) {
  for (size_t i = 0; i < c->n; i++) {
    es_doc_free(c->entries[i].doc);
    c->entries[i].doc = NULL;
  }
  for (size_t i = 0; i < c->npools; i++)
    es_pool_free(c->pools[i]);
  c->npools = 0;
}
