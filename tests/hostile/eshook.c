/* eshook.c - an LD_PRELOAD library that makes races and signals happen at
 * a chosen point of an essay-stats run, so that tests of what the program
 * does then are deterministic. Test-only; never linked into the program.
 *
 * Environment (each part optional):
 *   ESHOOK_OPEN_MATCH=SUFFIX ESHOOK_OPEN_CMD=COMMAND
 *       before the first open() of a path ending in SUFFIX, run COMMAND
 *       with /bin/sh (a file changed between discovery and reading).
 *   ESHOOK_INO_FROM=SUFFIX1 ESHOOK_INO_TO=SUFFIX2
 *       the first fstat() of the file opened as ...SUFFIX2 reports the
 *       device and inode that the first open of ...SUFFIX1 had: SUFFIX1 was
 *       replaced by rename and SUFFIX2 was given its freed inode.
 *   ESHOOK_SIGNAL=N ESHOOK_SIGNAL_AT=K
 *       raise signal N right after the K-th (1-based) fdopen(fd, "w"):
 *       while a --out-dir report file has been created but not written.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FD 65536

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char role[MAX_FD]; /* 1: INO_FROM's fd, 2: INO_TO's fd */
static int cmd_done, from_opens, to_opens, to_faked, created;
static dev_t from_dev;
static ino_t from_ino;
static int from_known;

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return b && a >= b && strcmp(s + a - b, suffix) == 0;
}

static int (*real_fstat_fn(void))(int, struct stat *) {
  static int (*f)(int, struct stat *);
  if (!f)
    f = (int (*)(int, struct stat *))dlsym(RTLD_NEXT, "fstat");
  return f;
}

static void before_open(const char *path) {
  const char *m = getenv("ESHOOK_OPEN_MATCH"), *cmd = getenv("ESHOOK_OPEN_CMD");
  if (!m || !cmd || !ends_with(path, m))
    return;
  pthread_mutex_lock(&lock);
  if (!cmd_done) {
    cmd_done = 1;
    /* The command runs without this library: its own opens must not
     * trigger it again. */
    unsetenv("LD_PRELOAD");
    if (system(cmd) != 0)
      fprintf(stderr, "eshook: command failed: %s\n", cmd);
  }
  pthread_mutex_unlock(&lock);
}

static void after_open(const char *path, int flags, int fd) {
  if (fd < 0 || fd >= MAX_FD)
    return;
  const char *from = getenv("ESHOOK_INO_FROM"), *to = getenv("ESHOOK_INO_TO");
  pthread_mutex_lock(&lock);
  role[fd] = 0;
  if (from && ends_with(path, from) && from_opens++ == 0) {
    struct stat st;
    if (real_fstat_fn()(fd, &st) == 0) {
      from_dev = st.st_dev;
      from_ino = st.st_ino;
      from_known = 1;
    }
  }
  if (to && ends_with(path, to) && to_opens++ == 0)
    role[fd] = 2;
  (void)flags;
  pthread_mutex_unlock(&lock);
}

FILE *fdopen(int fd, const char *mode) {
  static FILE *(*f)(int, const char *);
  if (!f)
    f = (FILE * (*)(int, const char *)) dlsym(RTLD_NEXT, "fdopen");
  FILE *out = f(fd, mode);
  const char *sig = getenv("ESHOOK_SIGNAL"), *at = getenv("ESHOOK_SIGNAL_AT");
  if (out && sig && at && mode[0] == 'w') {
    pthread_mutex_lock(&lock);
    int raise_it = ++created == atoi(at);
    pthread_mutex_unlock(&lock);
    if (raise_it)
      raise(atoi(sig));
  }
  return out;
}

static int do_open(const char *sym, int dirfd, const char *path, int flags,
                   mode_t mode) {
  before_open(path);
  int fd;
  if (dirfd == -1) {
    int (*f)(const char *, int, ...) =
        (int (*)(const char *, int, ...))dlsym(RTLD_NEXT, sym);
    fd = f(path, flags, mode);
  } else {
    int (*f)(int, const char *, int, ...) =
        (int (*)(int, const char *, int, ...))dlsym(RTLD_NEXT, sym);
    fd = f(dirfd, path, flags, mode);
  }
  after_open(path, flags, fd);
  return fd;
}

#define MODE_ARG(flags, mode)                                                  \
  do {                                                                         \
    if ((flags) & (O_CREAT | O_TMPFILE)) {                                     \
      va_list ap;                                                              \
      va_start(ap, flags);                                                     \
      mode = (mode_t)va_arg(ap, int);                                          \
      va_end(ap);                                                              \
    }                                                                          \
  } while (0)

int open(const char *path, int flags, ...) {
  mode_t mode = 0;
  MODE_ARG(flags, mode);
  return do_open("open", -1, path, flags, mode);
}
int open64(const char *path, int flags, ...) {
  mode_t mode = 0;
  MODE_ARG(flags, mode);
  return do_open("open64", -1, path, flags, mode);
}
int openat(int dirfd, const char *path, int flags, ...) {
  mode_t mode = 0;
  MODE_ARG(flags, mode);
  return do_open("openat", dirfd, path, flags, mode);
}
int openat64(int dirfd, const char *path, int flags, ...) {
  mode_t mode = 0;
  MODE_ARG(flags, mode);
  return do_open("openat64", dirfd, path, flags, mode);
}

static void fake(int fd, struct stat *st) {
  if (fd < 0 || fd >= MAX_FD)
    return;
  pthread_mutex_lock(&lock);
  if (role[fd] == 2 && from_known && !to_faked) {
    to_faked = 1;
    st->st_dev = from_dev;
    st->st_ino = from_ino;
  }
  pthread_mutex_unlock(&lock);
}

int fstat(int fd, struct stat *st) {
  int rc = real_fstat_fn()(fd, st);
  if (rc == 0)
    fake(fd, st);
  return rc;
}
int fstat64(int fd, struct stat64 *st) {
  static int (*f)(int, struct stat64 *);
  if (!f)
    f = (int (*)(int, struct stat64 *))dlsym(RTLD_NEXT, "fstat64");
  int rc = f(fd, st);
  if (rc == 0)
    fake(fd, (struct stat *)st);
  return rc;
}

int close(int fd) {
  static int (*f)(int);
  if (!f)
    f = (int (*)(int))dlsym(RTLD_NEXT, "close");
  if (fd >= 0 && fd < MAX_FD) {
    pthread_mutex_lock(&lock);
    role[fd] = 0;
    pthread_mutex_unlock(&lock);
  }
  return f(fd);
}
