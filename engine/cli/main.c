/* main.c - the essay-stats command line: options, then the library's
 * pipeline (corpus -> stats -> reports), then the exit code. It uses only
 * the public header (and GSL's, to turn its aborting handler off), and,
 * built with ES_MPI, the MPI run's steps (engine/mpi/run.h). */
#define _POSIX_C_SOURCE 200809L
#include "essay_stats.h"
#ifdef ES_MPI
#include "../mpi/run.h"
#endif

#include <gsl/gsl_errno.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum exit_code {
  EXIT_DONE = 0,
  EXIT_FAIL_ON = 1, /* --fail-on level reached */
  EXIT_USAGE = 2,
  EXIT_OUTPUT = 3, /* a report could not be written */
  /* ES_EXIT_OUT_OF_MEMORY (4), from the library: memory ran out */
};

static const char *prog = "essay-stats";

/* Under MPI, this process's rank: only rank 0 speaks (messages, progress,
 * the summary, --help) and writes reports; 0 without MPI. */
static int mpi_rank;

static void usage_hint(void) {
  fprintf(stderr, "Try '%s --help' for more information.\n", prog);
}

/* Write a message to stderr with control characters escaped: file names
 * (and so the library's messages) can hold escape sequences that would
 * drive the terminal. C0 controls and DEL become \xHH, C1 controls (UTF-8
 * C2 80 to C2 9F) become \u00HH; everything else is written as is. */
static void put_escaped(const char *s) {
  const unsigned char *u = (const unsigned char *)s;
  for (size_t i = 0; u[i]; i++) {
    if (u[i] < 0x20 || u[i] == 0x7f)
      fprintf(stderr, "\\x%02X", u[i]);
    else if (u[i] == 0xC2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9F)
      fprintf(stderr, "\\u%04X", u[++i]);
    else
      fputc(u[i], stderr);
  }
}

/* "essay-stats: MESSAGE" on stderr, escaped. */
static void message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void message(const char *fmt, ...) {
  if (mpi_rank != 0)
    return;
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  fprintf(stderr, "%s: ", prog);
  put_escaped(buf);
  fputc('\n', stderr);
}

static int usage_error(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
static int usage_error(const char *fmt, ...) {
  char buf[4096];
  va_list ap;
  va_start(ap, fmt);
  /* false positive: the analyzer of clang 14 reports the va_list as
   * uninitialized right after va_start. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  message("%s", buf);
  if (mpi_rank == 0)
    usage_hint();
  return EXIT_USAGE;
}

/* The outcome of a step that may go differently on each MPI rank (a file
 * one host cannot read): every rank passes its exit code (0: went on) and
 * the message of its failure; the job stops if any rank failed, with rank
 * 0's code, else the failing rank's, and the failure is told once. A usage
 * error (EXIT_USAGE) comes with the --help hint. Without MPI: `code`, its
 * message told. */
static int step_outcome(int code, const char *msg) {
  int who = code ? mpi_rank : -1;
#ifdef ES_MPI
  code = es_mpi_agree(code, &who);
#endif
  if (!code || who != mpi_rank || !*msg)
    return code; /* nothing failed here, or it was told already */
  if (mpi_rank == 0)
    message("%s", msg);
  else { /* as message() does, with the rank that failed */
    fprintf(stderr, "%s: MPI rank %d: ", prog, mpi_rank);
    put_escaped(msg);
    fputc('\n', stderr);
  }
  if (code == EXIT_USAGE && mpi_rank == 0)
    usage_hint();
  return code;
}

/* "Reports: essays (default), ..." from the report table, wrapped. */
static void help_reports(void) {
  size_t col = (size_t)printf("Reports:");
  for (const char *const *n = es_report_names(); *n; n++) {
    const char *extra = strcmp(*n, "essays") == 0 ? " (default)" : "";
    size_t len = strlen(*n) + strlen(extra) + (n[1] ? 1 : 0);
    if (col + 1 + len > 72)
      col = (size_t)printf("\n        ");
    col += (size_t)printf(" %s%s%s", *n, extra, n[1] ? "," : "");
  }
  printf("\n\n");
}

static void help(void) {
  printf("Usage: %s [OPTIONS] PATH...\n"
         "Statistics over a corpus of annotated essays (YAML front matter "
         "and\n"
         "a Markdown body), written as CSV. Directories are walked "
         "recursively.\n"
         "\n",
         prog);
  help_reports();
  printf(
      "  -r, --report NAME       write one report to stdout\n"
      "  -o, --out-dir DIR       write every report to DIR/NAME.csv, and\n"
      "                          DIR/datapackage.json (their column types)\n"
      "      --reports LIST      with --out-dir: only these reports (comma\n"
      "                          list)\n"
      "  -j, --jobs N            worker threads (default: online CPUs)\n"
      "      --group-by FIELD    add per-value rows for a front-matter field\n"
      "      --top-k K           neighbours per essay (default 5)\n"
      "      --min-similarity X  smallest cosine for a neighbour (default 0)\n"
      "      --dup-threshold X   near duplicates: shingle Jaccard >= X\n"
      "                          (default 0.8)\n"
      "      --shingle K         terms per shingle (default 5)\n"
      "      --stopwords english|FILE  drop stop words from terms and\n"
      "                          similarity\n"
      "      --weighting W       TF-IDF weights: ltc (1 + ln count, ln N/df;\n"
      "                          default) or sklearn (count, smooth idf)\n"
      "      --min-count N       terms report: smallest count (default 1)\n"
      "      --ngrams N|MIN-MAX  phrases: words per phrase, 2-8 (default 3)\n"
      "      --min-docs N        phrases: in at least N essays (default 2)\n"
      "      --bins N            histogram bins, 1-100 (default\n"
      "                          Freedman-Diaconis)\n"
      "      --part-labels LIST  part labels (default\n"
      "                          Introduction,Body,Conclusion)\n"
      "      --ext LIST          essay extensions (default md,markdown,txt)\n"
      "      --max-file-size N   skip larger files; K, M, G suffixes\n"
      "                          (default 64M)\n"
      "      --fail-on LEVEL     exit 1 on findings: error, warning, never\n"
      "                          (default never); with --baseline, new\n"
      "                          findings only\n"
      "      --rules FILE        audit rules (YAML): required fields, types\n"
      "                          and values, required parts, code severity\n"
      "      --baseline FILE     a previous audit.csv: findings become new,\n"
      "                          unchanged or fixed\n"
      "      --format FMT        the audit as csv (default), text, sarif,\n"
      "                          junit or github\n"
      "      --keep-templates    keep template markup ({%% %%}, {{ }}, Hugo\n"
      "                          shortcodes) as text\n"
      "      --max-heading-words N  longest bold-only paragraph that is a\n"
      "                          heading (default 16)\n"
      "      --progress, --no-progress  progress on stderr (default: when\n"
      "                          stderr is a terminal)\n"
      "      --escape-formulas   prefix ' to CSV text starting with = + - @\n"
      "                          (safe to open in a spreadsheet)\n"
      "  -q, --quiet             no summary line\n"
      "  -h, --help              this help\n"
      "  -V, --version           version\n"
      "\n"
      "Exit status: 0 done, 1 --fail-on level reached, 2 usage error,\n"
      "3 output could not be written, 4 out of memory.\n"
      "Manual: man essay-stats once installed, or\n"
      "man docs/essay-stats.1 in the source folder.\n");
}

static bool parse_long(const char *s, long lo, long hi, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi)
    return false;
  *out = v;
  return true;
}

static bool parse_real(const char *s, double *out) {
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno || end == s || *end || !isfinite(v))
    return false;
  *out = v;
  return true;
}

/* BYTES with an optional K, M or G (binary) suffix. */
static bool parse_size(const char *s, uint64_t *out) {
  char *end;
  errno = 0;
  if (*s == '-')
    return false;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || end == s)
    return false;
  unsigned shift = 0;
  if (*end) {
    switch (*end) {
    case 'k':
    case 'K':
      shift = 10;
      break;
    case 'm':
    case 'M':
      shift = 20;
      break;
    case 'g':
    case 'G':
      shift = 30;
      break;
    default:
      return false;
    }
    end++;
    if (*end == 'i' && end[1] == 'B')
      end += 2;
    else if (*end == 'B')
      end++;
    if (*end)
      return false;
  }
  if (v > (UINT64_MAX >> shift))
    return false;
  *out = (uint64_t)v << shift;
  return *out > 0;
}

/* ---- progress ---------------------------------------------------------- */

/* --progress: each phase the library reports (reading, the analytics,
 * each report written) with its count, rate and, when the total is known,
 * the time left. On a terminal one line is redrawn in place; a phase that
 * took a second or more leaves its final line, the others are drawn over
 * by the next phase, and what is left is erased before the summary. When
 * stderr is not a terminal, each phase writes one line when it ends. */

typedef struct progress {
  bool on;
  bool tty;
  bool drawn;       /* tty: an unfinished line is on the screen */
  const char *file; /* --out-dir: the file being written, or NULL */
} progress;

static progress progress_state;

/* "1,234,567" */
static void fmt_count(char *buf, size_t size, uint64_t v) {
  char digits[32];
  int n = snprintf(digits, sizeof digits, "%" PRIu64, v);
  size_t k = 0;
  for (int i = 0; i < n && k + 2 < size; i++) {
    if (i > 0 && (n - i) % 3 == 0)
      buf[k++] = ',';
    buf[k++] = digits[i];
  }
  buf[k] = 0;
}

/* "3.2 s", "4 min 05 s", "2 h 07 min" */
static void fmt_seconds(char *buf, size_t size, double t) {
  if (t < 10 && t != floor(t))
    snprintf(buf, size, "%.2f s", t);
  else if (t < 10)
    snprintf(buf, size, "%.0f s", t);
  else if (t < 60)
    snprintf(buf, size, "%.0f s", t);
  else if (t < 3600)
    snprintf(buf, size, "%d min %02d s", (int)t / 60, (int)t % 60);
  else
    snprintf(buf, size, "%d h %02d min", (int)(t / 3600), (int)(t / 60) % 60);
}

/* Erase an unfinished progress line (before any other message). */
static void progress_clear(void) {
  if (progress_state.drawn) {
    fputs("\r\033[K", stderr);
    fflush(stderr);
    progress_state.drawn = false;
  }
}

static void show_phase(const es_progress_event *ev, void *payload) {
  progress *p = payload;
  bool end = ev->state == ES_PROGRESS_END;
  if (!p->tty && !end)
    return;
  char what[300], done[32], total[32], rate[40] = "", left[40] = "";
  const char *item = *ev->item ? ev->item : NULL;
  if (item && p->file && strcmp(ev->phase, "writing") == 0)
    item = p->file;
  snprintf(what, sizeof what, "%s%s%s", ev->phase, item ? " " : "",
           item ? item : "");
  fmt_count(done, sizeof done, ev->done);
  fmt_count(total, sizeof total, ev->total);
  uint64_t units = end || !ev->total ? ev->done : ev->total;
  const char *s = units == 1 ? "" : "s";
  if (ev->seconds >= 0.01 && ev->done > 0) {
    char r[32];
    fmt_count(r, sizeof r, (uint64_t)((double)ev->done / ev->seconds));
    snprintf(rate, sizeof rate, ", %s/s", r);
  }
  if (!end && ev->total && ev->done > 0 && ev->done < ev->total &&
      ev->seconds >= 0.5) {
    char t[24];
    double eta =
        ev->seconds * (double)(ev->total - ev->done) / (double)ev->done;
    fmt_seconds(t, sizeof t, eta < 10 ? ceil(eta) : eta);
    snprintf(left, sizeof left, ", %s left", t);
  }
  if (end) {
    char t[24];
    fmt_seconds(t, sizeof t, ev->seconds);
    if (p->tty)
      fputs("\r\033[K", stderr);
    fprintf(stderr, "%s: %s: %s %s%s in %s%s", prog, what, done, ev->unit, s, t,
            rate);
    bool keep = !p->tty || ev->seconds >= 1.0;
    fputs(keep ? "\n" : "", stderr);
    p->drawn = !keep;
  } else if (ev->total) {
    fprintf(stderr, "\r\033[K%s: %s: %s of %s %s%s (%d%%)%s%s", prog, what,
            done, total, ev->unit, s,
            (int)(100.0 * (double)ev->done / (double)ev->total), rate, left);
    p->drawn = true;
  } else {
    fprintf(stderr, "\r\033[K%s: %s: %s %s%s%s", prog, what, done, ev->unit, s,
            rate);
    p->drawn = true;
  }
  fflush(stderr);
}

/* ---- output ------------------------------------------------------------ */

/* --format: an es_audit_format, or -1 for an unknown name. */
static int format_named(const char *s) {
  static const char *const names[] = {"csv", "text", "sarif", "junit",
                                      "github"};
  for (int i = 0; i < (int)(sizeof names / sizeof *names); i++)
    if (strcmp(s, names[i]) == 0)
      return i;
  return -1;
}

/* The file a --format adds to --out-dir, next to audit.csv. */
static const char *format_file(int format) {
  switch (format) {
  case ES_AUDIT_TEXT:
    return "audit.txt";
  case ES_AUDIT_SARIF:
    return "audit.sarif";
  case ES_AUDIT_JUNIT:
    return "audit.xml";
  case ES_AUDIT_GITHUB:
    return "audit.github.txt";
  default:
    return NULL;
  }
}

static int write_stdout(const char *name, int format, const es_corpus *c,
                        const es_stats *st) {
  es_error err;
  memset(&err, 0, sizeof err);
  es_status rc =
      format > ES_AUDIT_CSV
          ? es_audit_write((es_audit_format)format, c, st, stdout, &err)
          : es_report_write(name, c, st, stdout, &err);
  if (rc == ES_OK && fflush(stdout) == 0 && !ferror(stdout))
    return EXIT_DONE;
  if (errno == EPIPE)
    return EXIT_OUTPUT; /* the reader went away: nothing to say */
  progress_clear();
  fprintf(stderr, "%s: cannot write the %s report to standard output: %s\n",
          prog, name, strerror(errno ? errno : EIO));
  return EXIT_OUTPUT;
}

/* ---- --out-dir --------------------------------------------------------- */

/* The set of reports is written as a whole:
 *  - DIR is locked (flock on the folder itself) for the whole run, so two
 *    runs on one DIR cannot interleave; the second one stops at once;
 *  - every file is written into a fresh staging folder DIR/.essay-stats.XXXXXX
 *    (created with the process's umask applied, like any file the user
 *    makes), flushed and fsync'ed;
 *  - only when all of them are complete are they renamed into DIR, with
 *    SIGINT, SIGTERM and SIGHUP held back so that the set is not cut in
 *    two; then DIR is fsync'ed and the staging folder removed.
 * A failed run leaves DIR as it was. A run stopped by one of those signals
 * first removes its staging folder, then dies by the signal. Only SIGKILL or
 * a power cut can leave a staging folder behind; the next run on DIR removes
 * it (under the lock, so it cannot belong to a live run). */

static struct {
  char *dir;    /* the staging folder, once made */
  char **files; /* its files, each listed before it exists */
  volatile sig_atomic_t nfiles;
} staging;

static const int caught_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* Async-signal-safe: unlink, rmdir, sigaction and raise only. */
static void on_fatal_signal(int sig) {
  for (sig_atomic_t i = 0; i < staging.nfiles; i++)
    unlink(staging.files[i]);
  if (staging.dir)
    rmdir(staging.dir);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  sigemptyset(&sa.sa_mask);
  sigaction(sig, &sa, NULL);
  raise(sig); /* delivered, with its default action, when we return */
}

/* Out of memory ends the process with quick_exit (ES_EXIT_OUT_OF_MEMORY),
 * an error with exit(): unfinished reports go with either. */
static void remove_staging_at_exit(void) {
  for (sig_atomic_t i = 0; i < staging.nfiles; i++)
    unlink(staging.files[i]);
  if (staging.dir)
    rmdir(staging.dir);
}

static void catch_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < sizeof caught_signals / sizeof *caught_signals; i++)
    sigaddset(&sa.sa_mask, caught_signals[i]);
  for (size_t i = 0; i < sizeof caught_signals / sizeof *caught_signals; i++) {
    struct sigaction old;
    /* A signal ignored by whoever started us stays ignored (nohup). */
    if (sigaction(caught_signals[i], NULL, &old) == 0 &&
        old.sa_handler == SIG_IGN)
      continue;
    sigaction(caught_signals[i], &sa, NULL);
  }
}

static void hold_signals(bool hold) {
  sigset_t set;
  sigemptyset(&set);
  for (size_t i = 0; i < sizeof caught_signals / sizeof *caught_signals; i++)
    sigaddset(&set, caught_signals[i]);
  sigprocmask(hold ? SIG_BLOCK : SIG_UNBLOCK, &set, NULL);
}

static char *path_join(const char *dir, const char *name) {
  size_t n = strlen(dir) + strlen(name) + 2;
  char *p = malloc(n);
  if (p)
    snprintf(p, n, "%s/%s", dir, name);
  return p;
}

/* Create DIR and its parents. On failure, prints why and returns false. */
static bool make_dirs(const char *dir) {
  char *p = strdup(dir);
  if (!p) {
    fprintf(stderr, "%s: out of memory\n", prog);
    return false;
  }
  bool ok = true;
  for (char *s = p + 1; *s && ok; s++) {
    if (*s != '/')
      continue;
    *s = 0;
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
      ok = false;
    *s = '/';
  }
  if (ok && mkdir(p, 0777) != 0 && errno != EEXIST)
    ok = false;
  int saved = errno;
  free(p);
  struct stat st;
  if (ok && stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
    return true;
  if (ok && stat(dir, &st) == 0)
    fprintf(stderr,
            "%s: cannot use '%s' as the output folder: it exists and is not "
            "a folder\n",
            prog, dir);
  else
    fprintf(stderr, "%s: cannot create the output folder '%s': %s\n", prog, dir,
            strerror(ok ? errno : saved));
  return false;
}

/* Remove the staging folders that a killed run left in DIR (dfd): only the
 * files this program writes there, then the folder. */
static void remove_stale_staging(int dfd, const char *const *names,
                                 size_t nnames) {
  int fd = dup(dfd);
  DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
  if (!d) {
    if (fd >= 0)
      close(fd);
    return;
  }
  struct dirent *de;
  while ((de = readdir(d)) != NULL) {
    if (strncmp(de->d_name, ".essay-stats.", 13) != 0 ||
        strlen(de->d_name) != 19)
      continue;
    int sub = openat(dfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    if (sub < 0)
      continue;
    for (size_t i = 0; i < nnames; i++)
      unlinkat(sub, names[i], 0);
    close(sub);
    unlinkat(dfd, de->d_name, AT_REMOVEDIR); /* fails if anything else */
  }
  closedir(d);
}

/* Open and lock DIR for this run; returns the folder's descriptor (kept to
 * the end of the run) or -1 after a message. */
static int lock_out_dir(const char *dir) {
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) {
    fprintf(stderr, "%s: cannot open the output folder '%s': %s\n", prog, dir,
            strerror(errno));
    return -1;
  }
  if (flock(dfd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      fprintf(stderr,
              "%s: another essay-stats run is writing to '%s'; wait for it "
              "to end or choose another --out-dir\n",
              prog, dir);
      close(dfd);
      return -1;
    }
    /* A file system without locks (some network mounts): go on
     * unlocked rather than refuse to work. */
  }
  return dfd;
}

/* Write one report (or, with a NULL name, datapackage.json describing the
 * NULL-terminated `described`) to PATH, then flush it to the disk. Returns
 * 0 or an errno. */
/* Write one file: report `name` as CSV, or (name NULL) the audit in
 * `format` when it is not CSV, or else datapackage.json. */
static int write_one(const char *path, const char *name, int format,
                     const es_corpus *c, const es_stats *st,
                     const char *const *described) {
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return errno;
  FILE *f = fdopen(fd, "w");
  if (!f) {
    int e = errno;
    close(fd);
    return e;
  }
  setvbuf(f, NULL, _IOFBF, 1 << 16);
  es_error err;
  memset(&err, 0, sizeof err);
  errno = 0;
  es_status rc = name ? es_report_write(name, c, st, f, &err)
                 : format > ES_AUDIT_CSV
                     ? es_audit_write((es_audit_format)format, c, st, f, &err)
                     : es_datapackage_write(c, described, f, &err);
  int saved = rc == ES_OK ? 0 : (errno ? errno : EIO);
  if (!saved && fflush(f) != 0)
    saved = errno ? errno : EIO;
  if (!saved && fsync(fd) != 0 && errno != EINVAL && errno != EROFS)
    saved = errno;
  if (fclose(f) != 0 && !saved)
    saved = errno ? errno : EIO;
  return saved;
}

/* Write the reports NAMES (and datapackage.json) into DIR (locked, dfd). */
static int write_out_dir(const char *dir, int dfd, const char *const *names,
                         size_t nnames, int format, const es_corpus *c,
                         const es_stats *st) {
  /* File names: NAME.csv for each report, the audit in --format when it is
   * not CSV and the audit is chosen (audit.sarif, ...), then
   * datapackage.json, which comes last so that it is renamed in only with
   * the set it describes. */
  const char *extra = NULL;
  for (size_t i = 0; i < nnames; i++)
    if (strcmp(names[i], "audit") == 0)
      extra = format_file(format);
  size_t nextra = extra ? 1 : 0;
  size_t nfiles = nnames + nextra + 1;
  char **base = calloc(nfiles, sizeof *base);
  staging.files = calloc(nfiles, sizeof *staging.files);
  char *tmpl = path_join(dir, ".essay-stats.XXXXXX");
  int code = EXIT_OUTPUT;
  if (!base || !staging.files || !tmpl) {
    fprintf(stderr, "%s: out of memory\n", prog);
    goto out;
  }
  for (size_t i = 0; i < nfiles; i++) {
    const char *n = i < nnames ? names[i] : "datapackage";
    size_t len = strlen(n) + 6;
    if (i >= nnames && i < nnames + nextra)
      base[i] = strdup(extra);
    else if ((base[i] = malloc(len)) != NULL)
      snprintf(base[i], len, "%s.%s", n, i < nnames ? "csv" : "json");
    if (!base[i]) {
      fprintf(stderr, "%s: out of memory\n", prog);
      goto out;
    }
  }
  remove_stale_staging(dfd, (const char *const *)base, nfiles);

  catch_signals();
  atexit(remove_staging_at_exit);
  at_quick_exit(remove_staging_at_exit);
  hold_signals(true); /* staging.dir must name the folder before a signal */
  staging.dir = mkdtemp(tmpl);
  hold_signals(false);
  if (!staging.dir) {
    fprintf(stderr, "%s: cannot create a file in '%s': %s\n", prog, dir,
            strerror(errno));
    goto out;
  }
  for (size_t i = 0; i < nfiles; i++) {
    char *path = path_join(staging.dir, base[i]);
    if (!path) {
      fprintf(stderr, "%s: out of memory\n", prog);
      goto out;
    }
    staging.files[i] = path;
    atomic_signal_fence(memory_order_seq_cst);
    staging.nfiles = (sig_atomic_t)(i + 1);
    bool is_extra = i >= nnames && i < nnames + nextra;
    progress_state.file = base[i];
    int e = write_one(path, i < nnames ? names[i] : NULL,
                      is_extra ? format : -1, c, st, names);
    progress_state.file = NULL;
    if (e) {
      progress_clear();
      fprintf(stderr, "%s: cannot write '%s/%s': %s\n", prog, dir, base[i],
              strerror(e));
      goto out;
    }
  }
  /* All complete: move them in without being cut short by a signal. */
  progress_clear();
  int tfd = open(staging.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (tfd < 0) {
    fprintf(stderr, "%s: cannot write to '%s': %s\n", prog, dir,
            strerror(errno));
    goto out;
  }
  hold_signals(true);
  code = EXIT_DONE;
  for (size_t i = 0; i < nfiles && code == EXIT_DONE; i++) {
    if (renameat(tfd, base[i], dfd, base[i]) != 0) {
      fprintf(stderr, "%s: cannot write '%s/%s': %s\n", prog, dir, base[i],
              strerror(errno));
      code = EXIT_OUTPUT;
    }
  }
  close(tfd);
  if (code == EXIT_DONE && fsync(dfd) != 0 && errno != EINVAL &&
      errno != EROFS) {
    fprintf(stderr, "%s: cannot sync '%s': %s\n", prog, dir, strerror(errno));
    code = EXIT_OUTPUT;
  }
out:
  /* Whatever is still staged (a failure, or nothing after success). */
  for (size_t i = 0; staging.files && i < (size_t)staging.nfiles; i++)
    /* Entry i is set before staging.nfiles passes i. */
    /* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) */
    unlink(staging.files[i]);
  if (staging.dir)
    rmdir(staging.dir);
  hold_signals(false);
  if (staging.files) {
    staging.nfiles = 0;
    for (size_t i = 0; i < nfiles; i++)
      free(staging.files[i]);
  }
  free(staging.files);
  staging.files = NULL;
  staging.dir = NULL;
  free(tmpl);
  if (base)
    for (size_t i = 0; i < nfiles; i++)
      free(base[i]);
  free(base);
  return code;
}

/* ---- report choice ----------------------------------------------------- */

static bool known_report(const char *name) {
  for (const char *const *n = es_report_names(); *n; n++)
    if (strcmp(*n, name) == 0)
      return true;
  return false;
}

/* The reports --out-dir writes, in table order: those of `list` (a comma
 * list), or the default ones when it is NULL. *out is NULL-terminated and
 * belongs to the caller. */
static int choose_reports(const char *list, const es_options *opts,
                          const char ***out) {
  const char *const *names = es_report_names();
  size_t n = 0;
  while (names[n])
    n++;
  bool *pick = calloc(n + 1, sizeof *pick);
  const char **chosen = calloc(n + 1, sizeof *chosen);
  if (!pick || !chosen) {
    free(pick);
    free(chosen);
    fprintf(stderr, "%s: out of memory\n", prog);
    return EXIT_OUTPUT;
  }
  for (size_t i = 0; i < n; i++)
    pick[i] = !list && es_report_by_default(names[i], opts);
  for (const char *p = list; p && *p;) {
    size_t len = strcspn(p, ",");
    size_t i = 0;
    while (i < n && !(strlen(names[i]) == len && !memcmp(names[i], p, len)))
      i++;
    if (i == n) {
      int rc = usage_error("unknown report '%.*s' in --reports (see --help)",
                           (int)len, p);
      free(pick);
      free(chosen);
      return rc;
    }
    pick[i] = true;
    p += len;
    if (*p == ',')
      p++;
  }
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    if (pick[i])
      chosen[k++] = names[i];
  free(pick);
  if (k == 0) {
    free(chosen);
    return usage_error("--reports needs at least one report name");
  }
  *out = chosen;
  return EXIT_DONE;
}

/* ---- main -------------------------------------------------------------- */

enum {
  OPT_GROUP_BY = 256,
  OPT_TOP_K,
  OPT_MIN_SIM,
  OPT_DUP,
  OPT_STOPWORDS,
  OPT_MIN_COUNT,
  OPT_BINS,
  OPT_PART_LABELS,
  OPT_EXT,
  OPT_MAX_SIZE,
  OPT_FAIL_ON,
  OPT_PROGRESS,
  OPT_NO_PROGRESS,
  OPT_REPORTS,
  OPT_RULES,
  OPT_BASELINE,
  OPT_FORMAT,
  OPT_WEIGHTING,
  OPT_KEEP_TEMPLATES,
  OPT_MAX_HEADING_WORDS,
  OPT_SHINGLE,
  OPT_NGRAMS,
  OPT_MIN_DOCS,
  OPT_ESCAPE_FORMULAS
};

/* ---- summary ----------------------------------------------------------- */

typedef struct summary {
  size_t sev[3];               /* current findings per severity */
  size_t code[ES_CODE__COUNT]; /* current findings per code */
  size_t new_sev[3];           /* with a baseline: new findings */
  size_t nnew, nunchanged, nfixed;
  bool reached; /* --fail-on */
} summary;

static void summarize(summary *s, const es_stats *st, bool baseline,
                      es_fail_on fail_on) {
  memset(s, 0, sizeof *s);
  for (size_t i = 0; i < es_stats_audit_row_count(st); i++) {
    const es_audit_row *r = es_stats_audit_row(st, i);
    if (r->state == ES_STATE_FIXED) {
      s->nfixed++;
      continue;
    }
    s->sev[r->severity]++;
    for (int c = 0; c < ES_CODE__COUNT; c++)
      if (strcmp(es_code_name((es_code)c), r->code) == 0)
        s->code[c]++;
    if (r->state == ES_STATE_NEW) {
      s->nnew++;
      s->new_sev[r->severity]++;
    } else if (r->state == ES_STATE_UNCHANGED) {
      s->nunchanged++;
    }
  }
  /* With a baseline only new findings count. */
  const size_t *n = baseline ? s->new_sev : s->sev;
  s->reached = (fail_on == ES_FAIL_ERROR && n[ES_SEVERITY_ERROR]) ||
               (fail_on == ES_FAIL_WARNING &&
                (n[ES_SEVERITY_ERROR] || n[ES_SEVERITY_WARNING]));
}

static int cmp_code_name(const void *a, const void *b) {
  return strcmp(es_code_name(*(const es_code *)a),
                es_code_name(*(const es_code *)b));
}

static void print_summary(const summary *s, const es_corpus *corpus,
                          const es_stats *st, bool baseline,
                          es_fail_on fail_on) {
  (void)st;
  if (mpi_rank != 0)
    return;
  fprintf(stderr,
          "%s: %zu essay%s read, %zu analysed; findings: %zu error%s, "
          "%zu warning%s, %zu info",
          prog, es_corpus_count(corpus),
          es_corpus_count(corpus) == 1 ? "" : "s", es_corpus_analysed(corpus),
          s->sev[0], s->sev[0] == 1 ? "" : "s", s->sev[1],
          s->sev[1] == 1 ? "" : "s", s->sev[2]);
  es_code order[ES_CODE__COUNT];
  for (int c = 0; c < ES_CODE__COUNT; c++)
    order[c] = (es_code)c;
  qsort(order, ES_CODE__COUNT, sizeof *order, cmp_code_name);
  const char *sep = " (";
  for (int k = 0; k < ES_CODE__COUNT; k++)
    if (s->code[order[k]]) {
      fprintf(stderr, "%s%s %zu", sep, es_code_name(order[k]),
              s->code[order[k]]);
      sep = ", ";
    }
  if (*sep == ',')
    fputc(')', stderr);
  if (baseline)
    fprintf(stderr, "; new %zu, unchanged %zu, fixed %zu", s->nnew,
            s->nunchanged, s->nfixed);
  if (fail_on != ES_FAIL_NEVER) {
    const char *level = fail_on == ES_FAIL_ERROR ? "error" : "warning";
    const size_t *n = baseline ? s->new_sev : s->sev;
    size_t count = n[0] + (fail_on == ES_FAIL_WARNING ? n[1] : 0);
    if (s->reached)
      fprintf(stderr, "; --fail-on %s: reached (%zu %sfinding%s)", level, count,
              baseline ? "new " : "", count == 1 ? "" : "s");
    else
      fprintf(stderr, "; --fail-on %s: not reached", level);
  }
  fputc('\n', stderr);
}

/* A run that stops before writing: unlock --out-dir, and remove it when
 * this run made it (it is still empty then). */
static void release_out_dir(int fd, const char *dir, bool made) {
  if (fd >= 0)
    close(fd);
  if (made)
    rmdir(dir);
}

static int run(int argc, char **argv) {
  static const struct option longopts[] = {
      {"report", required_argument, NULL, 'r'},
      {"out-dir", required_argument, NULL, 'o'},
      {"jobs", required_argument, NULL, 'j'},
      {"group-by", required_argument, NULL, OPT_GROUP_BY},
      {"top-k", required_argument, NULL, OPT_TOP_K},
      {"min-similarity", required_argument, NULL, OPT_MIN_SIM},
      {"dup-threshold", required_argument, NULL, OPT_DUP},
      {"stopwords", required_argument, NULL, OPT_STOPWORDS},
      {"min-count", required_argument, NULL, OPT_MIN_COUNT},
      {"bins", required_argument, NULL, OPT_BINS},
      {"part-labels", required_argument, NULL, OPT_PART_LABELS},
      {"ext", required_argument, NULL, OPT_EXT},
      {"max-file-size", required_argument, NULL, OPT_MAX_SIZE},
      {"fail-on", required_argument, NULL, OPT_FAIL_ON},
      {"progress", no_argument, NULL, OPT_PROGRESS},
      {"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
      {"escape-formulas", no_argument, NULL, OPT_ESCAPE_FORMULAS},
      {"reports", required_argument, NULL, OPT_REPORTS},
      {"rules", required_argument, NULL, OPT_RULES},
      {"baseline", required_argument, NULL, OPT_BASELINE},
      {"format", required_argument, NULL, OPT_FORMAT},
      {"weighting", required_argument, NULL, OPT_WEIGHTING},
      {"keep-templates", no_argument, NULL, OPT_KEEP_TEMPLATES},
      {"max-heading-words", required_argument, NULL, OPT_MAX_HEADING_WORDS},
      {"shingle", required_argument, NULL, OPT_SHINGLE},
      {"ngrams", required_argument, NULL, OPT_NGRAMS},
      {"min-docs", required_argument, NULL, OPT_MIN_DOCS},
      {"quiet", no_argument, NULL, 'q'},
      {"help", no_argument, NULL, 'h'},
      {"version", no_argument, NULL, 'V'},
      {NULL, 0, NULL, 0}};
  /* GSL's default error handler aborts. The library turns it off around
   * its own work; the program turns it off for good. */
  gsl_set_error_handler_off();
  es_options opts;
  es_options_init(&opts, ES_OPTIONS_VERSION);
  const char *report = NULL, *out_dir = NULL, *reports = NULL;
  es_fail_on fail_on = ES_FAIL_NEVER;
  int format = -1; /* an es_audit_format, -1 when not given */
  int show = -1;   /* progress: -1 = when stderr is a terminal */
  bool quiet = false;
  long v;
  int ch;
  opterr = 0;
  while ((ch = getopt_long(argc, argv, ":r:o:j:qhV", longopts, NULL)) != -1) {
    switch (ch) {
    case 'r':
      report = optarg;
      break;
    case 'o':
      if (!*optarg)
        return usage_error("--out-dir wants a folder name, not ''");
      out_dir = optarg;
      break;
    case 'j':
      if (!parse_long(optarg, 1, 1024, &v))
        return usage_error("--jobs wants a number from 1 to 1024, not '%s'",
                           optarg);
      opts.jobs = (int)v;
      break;
    case OPT_GROUP_BY:
      opts.group_by = optarg;
      break;
    case OPT_TOP_K:
      if (!parse_long(optarg, 0, 100000, &v))
        return usage_error("--top-k wants a whole number, not '%s'", optarg);
      opts.top_k = (int)v;
      break;
    case OPT_MIN_SIM:
      if (!parse_real(optarg, &opts.min_similarity) ||
          opts.min_similarity < 0 || opts.min_similarity > 1)
        return usage_error("--min-similarity wants a number from 0 to 1, "
                           "not '%s'",
                           optarg);
      break;
    case OPT_DUP:
      if (!parse_real(optarg, &opts.dup_threshold) || opts.dup_threshold < 0 ||
          opts.dup_threshold > 1)
        return usage_error("--dup-threshold wants a number from 0 to 1, not "
                           "'%s'",
                           optarg);
      break;
    case OPT_STOPWORDS:
      opts.stopwords = optarg;
      break;
    case OPT_MIN_COUNT:
      if (!parse_long(optarg, 0, LONG_MAX, &v))
        return usage_error("--min-count wants a whole number, not '%s'",
                           optarg);
      opts.min_count = (uint64_t)v;
      break;
    case OPT_BINS:
      if (!parse_long(optarg, 1, 100, &v))
        return usage_error("--bins wants a number from 1 to 100, not '%s'",
                           optarg);
      opts.bins = (int)v;
      break;
    case OPT_PART_LABELS:
      opts.part_labels = optarg;
      break;
    case OPT_EXT:
      opts.extensions = optarg;
      break;
    case OPT_MAX_SIZE:
      if (!parse_size(optarg, &opts.max_file_size))
        return usage_error("--max-file-size wants a size such as 64M, not "
                           "'%s'",
                           optarg);
      break;
    case OPT_FAIL_ON:
      if (strcmp(optarg, "error") == 0)
        fail_on = ES_FAIL_ERROR;
      else if (strcmp(optarg, "warning") == 0)
        fail_on = ES_FAIL_WARNING;
      else if (strcmp(optarg, "never") == 0)
        fail_on = ES_FAIL_NEVER;
      else
        return usage_error("--fail-on wants error, warning or never, not "
                           "'%s'",
                           optarg);
      break;
    case OPT_PROGRESS:
      show = 1;
      break;
    case OPT_NO_PROGRESS:
      show = 0;
      break;
    case OPT_ESCAPE_FORMULAS:
      opts.escape_formulas = 1;
      break;
    case OPT_REPORTS:
      reports = optarg;
      break;
    case OPT_RULES:
      opts.rules = optarg;
      break;
    case OPT_BASELINE:
      opts.baseline = optarg;
      break;
    case OPT_FORMAT:
      format = format_named(optarg);
      if (format < 0)
        return usage_error("--format wants csv, text, sarif, junit or "
                           "github, not '%s'",
                           optarg);
      break;
    case OPT_WEIGHTING:
      if (strcmp(optarg, "ltc") == 0)
        opts.weighting = ES_WEIGHTING_LTC;
      else if (strcmp(optarg, "sklearn") == 0)
        opts.weighting = ES_WEIGHTING_SKLEARN;
      else
        return usage_error("--weighting wants ltc or sklearn, not '%s'",
                           optarg);
      break;
    case OPT_KEEP_TEMPLATES:
      opts.keep_templates = 1;
      break;
    case OPT_MAX_HEADING_WORDS:
      if (!parse_long(optarg, 0, 1000000, &v))
        return usage_error("--max-heading-words wants a whole number, not "
                           "'%s'",
                           optarg);
      opts.max_heading_words = (int)v;
      break;
    case OPT_SHINGLE:
      if (!parse_long(optarg, 1, 1000, &v))
        return usage_error("--shingle wants a whole number from 1 to 1000, "
                           "not '%s'",
                           optarg);
      opts.shingle = (int)v;
      break;
    case OPT_NGRAMS: {
      /* N or MIN-MAX, each from 2 to 8. */
      long lo = 0, hi = 0;
      char *dash = strchr(optarg, '-');
      bool ok;
      if (dash) {
        char first[32];
        size_t len = (size_t)(dash - optarg);
        ok = len < sizeof first;
        if (ok) {
          memcpy(first, optarg, len);
          first[len] = 0;
          ok = parse_long(first, 2, 8, &lo) &&
               parse_long(dash + 1, 2, 8, &hi) && lo <= hi;
        }
      } else {
        ok = parse_long(optarg, 2, 8, &lo);
        hi = lo;
      }
      if (!ok)
        return usage_error("--ngrams wants N or MIN-MAX with 2 <= MIN <= MAX "
                           "<= 8, not '%s'",
                           optarg);
      opts.ngram_min = (int)lo;
      opts.ngram_max = (int)hi;
      break;
    }
    case OPT_MIN_DOCS:
      if (!parse_long(optarg, 1, LONG_MAX, &v))
        return usage_error("--min-docs wants a whole number of 1 or more, "
                           "not '%s'",
                           optarg);
      opts.min_docs = (uint64_t)v;
      break;
    case 'q':
      quiet = true;
      break;
    case 'h':
      if (mpi_rank == 0)
        help();
      return fclose(stdout) == 0 ? EXIT_DONE : EXIT_OUTPUT;
    case 'V':
      if (mpi_rank == 0)
        printf("essay-stats %s\n", ES_VERSION);
      return fclose(stdout) == 0 ? EXIT_DONE : EXIT_OUTPUT;
    case ':':
      return usage_error("option '%s' needs a value", argv[optind - 1]);
    default:
      return usage_error("unknown option '%s'", argv[optind - 1]);
    }
  }
  if (optind >= argc)
    return usage_error("no PATH given");
  if (report && out_dir)
    return usage_error("--report and --out-dir cannot be used together");
  if (reports && !out_dir)
    return usage_error("--reports chooses the files of --out-dir");
  if (!report && !out_dir)
    report = "essays";
  if (report && format > ES_AUDIT_CSV && strcmp(report, "audit") != 0)
    return usage_error("--format is for the audit; '-r %s' is written as "
                       "CSV",
                       report);
  unsigned needs = 0;
  const char **chosen = NULL; /* --out-dir: the reports to write */
  if (report) {
    if (!known_report(report))
      return usage_error("unknown report '%s' (see --help)", report);
    if (es_report_needs_group_by(report) && !opts.group_by)
      return usage_error("the %s report needs --group-by FIELD", report);
    needs = es_report_needs(report);
  } else {
    int rc = choose_reports(reports, &opts, &chosen);
    if (rc != EXIT_DONE)
      return rc;
    /* choose_reports sets chosen whenever it returns EXIT_DONE. */
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    for (const char **n = chosen; *n; n++) {
      if (es_report_needs_group_by(*n) && !opts.group_by) {
        rc = usage_error("the %s report needs --group-by FIELD", *n);
        free(chosen);
        return rc;
      }
      needs |= es_report_needs(*n);
    }
  }
  /* The summary line counts findings: the audit runs for it too (and so
   * does the near-duplicate join it needs), unless --quiet drops the line;
   * the cosine similarity still runs only for the reports that show it. */
  if (fail_on != ES_FAIL_NEVER || !quiet)
    needs |= ES_NEED_AUDIT;
  opts.load_needs = needs;

  if (show < 0)
    show = isatty(STDERR_FILENO);
  if (mpi_rank != 0)
    show = 0;
  if (show) {
    progress_state.on = true;
    progress_state.tty = isatty(STDERR_FILENO);
    opts.phase_progress = show_phase;
    opts.phase_payload = &progress_state;
  }

  es_error err;
  memset(&err, 0, sizeof err);
  es_corpus *corpus = NULL;
  int rc = es_corpus_new(&corpus, &opts, &err) != ES_OK ? EXIT_USAGE : 0;
  for (int i = optind; i < argc && !rc; i++)
    if (es_corpus_add_path(corpus, argv[i], &err) != ES_OK)
      rc = EXIT_USAGE;
  rc = step_outcome(rc, err.message);
#ifdef ES_MPI
  /* Every rank must have found the same essays (the same outcome on
   * every rank: rank 0 tells it). */
  if (!rc && es_mpi_discovered(corpus, &err) != ES_OK)
    rc = step_outcome(EXIT_USAGE, err.message);
#endif
  if (rc) {
    es_corpus_free(corpus);
    free(chosen);
    return rc;
  }
  for (size_t i = 0; i < es_corpus_warning_count(corpus); i++)
    message("%s", es_corpus_warning(corpus, i));
  /* An unmounted share or a wrong path in a cron job must not pass for a
   * clean corpus, nor replace yesterday's audit with an empty one: with
   * --fail-on, stop before anything is written (before --group-by looks
   * for its field). */
  if (es_corpus_count(corpus) == 0) {
    message("no essays found under the given PATHs");
    if (fail_on != ES_FAIL_NEVER) {
      es_corpus_free(corpus);
      free(chosen);
      return EXIT_FAIL_ON;
    }
  }
  int out_fd = -1;
  struct stat out_st;
  /* Only rank 0 writes, and so makes, locks and may remove the folder:
   * another rank must not remove one that rank 0 found (on a shared file
   * system it is the same folder). */
  bool made_out_dir = out_dir && mpi_rank == 0 && stat(out_dir, &out_st) != 0;
  rc = out_dir && mpi_rank == 0 &&
               (!make_dirs(out_dir) || (out_fd = lock_out_dir(out_dir)) < 0)
           ? EXIT_OUTPUT
           : 0;
  if ((rc = step_outcome(rc, "")) != 0) {
    es_corpus_free(corpus);
    free(chosen);
    return rc;
  }

  es_stats *stats = NULL;
#ifdef ES_MPI
  es_status loaded = es_mpi_load(corpus, &err);
#else
  es_status loaded = es_corpus_load(corpus, &err);
#endif
  if (loaded != ES_OK) {
    progress_clear();
    message("%s", err.message);
    release_out_dir(out_fd, out_dir, made_out_dir);
    es_corpus_free(corpus);
    free(chosen);
    return EXIT_OUTPUT;
  }
  /* A --group-by field that no analysed essay has is a misspelt option:
   * a usage error, checked once the essays are read (after the no-essays
   * message above, which it must not hide) and before anything is
   * written. The output folder is removed again when this run made it. */
  /* Under MPI only rank 0 holds the documents, and so checks. */
  rc = opts.group_by && es_corpus_count(corpus) > 0 && mpi_rank == 0 &&
               es_corpus_check_field(corpus, opts.group_by, &err) != ES_OK
           ? EXIT_USAGE
           : 0;
#ifdef ES_MPI
  rc = es_mpi_agree(rc, NULL);
#endif
  if (rc) {
    progress_clear();
    release_out_dir(out_fd, out_dir, made_out_dir);
    es_corpus_free(corpus);
    free(chosen);
    return usage_error("--group-by %s: %s", opts.group_by, err.message);
  }
#ifdef ES_MPI
  es_status computed = es_mpi_compute(&stats, corpus, needs, &err);
#else
  es_status computed = es_stats_compute(&stats, corpus, needs, &err);
#endif
  if (computed != ES_OK) {
    progress_clear();
    message("%s", err.message);
    release_out_dir(out_fd, out_dir, made_out_dir);
    es_corpus_free(corpus);
    free(chosen);
    return EXIT_OUTPUT;
  }

  int code = EXIT_DONE;
  if (mpi_rank != 0) {
    /* Rank 0 writes; its exit code becomes every rank's (es_mpi_end). */
  } else if (report) {
    setvbuf(stdout, NULL, _IOFBF, 1 << 16);
    code = write_stdout(report, format, corpus, stats);
  } else {
    size_t nnames = 0;
    while (chosen[nnames])
      nnames++;
    code = write_out_dir(out_dir, out_fd, (const char *const *)chosen, nnames,
                         format, corpus, stats);
  }
  if (out_fd >= 0)
    close(out_fd); /* releases the lock */
  progress_clear();

  /* The audit ran unless --quiet and --fail-on never left nothing to use
   * it for. */
  bool reached = false;
  if ((needs & ES_NEED_AUDIT) && stats) {
    summary sum;
    summarize(&sum, stats, opts.baseline != NULL, fail_on);
    reached = sum.reached;
    if (!quiet && code != EXIT_OUTPUT)
      print_summary(&sum, corpus, stats, opts.baseline != NULL, fail_on);
  }
  if (code == EXIT_DONE && reached)
    code = EXIT_FAIL_ON;
  es_stats_free(stats);
  es_corpus_free(corpus);
  free(chosen);
  /* With --out-dir nothing is written to stdout, so a closed stdout (a
   * cron job, `>&-`) is no reason to fail; with --report, a late error
   * (the last buffered bytes) is. */
  if (fclose(stdout) != 0 && code == EXIT_DONE && report) {
    if (errno != EPIPE)
      fprintf(stderr, "%s: cannot write standard output: %s\n", prog,
              strerror(errno));
    code = EXIT_OUTPUT;
  }
  return code;
}

int main(int argc, char **argv) {
#ifdef ES_MPI
  mpi_rank = es_mpi_start(&argc, &argv);
  return es_mpi_end(run(argc, argv));
#else
  return run(argc, argv);
#endif
}
