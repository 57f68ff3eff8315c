/* test_hostile.c - hostile input and hostile output, through the CLI as a
 * user meets them: every case must finish, exit 0 under the default
 * --fail-on, get its row and the right audit code, and keep memory and time
 * small; output that cannot be written must fail cleanly (exit 3, no
 * half-written report).
 *
 * The CLI runs in a child process so that its exit status, signals and
 * peak RSS can be checked. Each run carries an alarm: a hang (a FIFO opened
 * for a blocking read, an alias bomb expanded) fails the test instead of
 * stalling the suite.
 *
 * Peak RSS: a forked child starts with the parent's pages mapped, and
 * ru_maxrss keeps that high-water mark across exec, so a child of a big
 * test process (under valgrind, say) would look big. For the runs that
 * measure memory the test binary therefore re-executes itself as a small
 * helper (`--spawn`), which forks the CLI from its fresh image and records
 * the CLI's own ru_maxrss.
 *
 * Most runs use root/s, a handful of small essays, and only two use the
 * whole hostile corpus: the suite stays fast under the sanitizers. */
#include "test_util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <dirent.h>
#include <unistd.h>

/* Sanitizer builds (ASan, TSan) carry shadow memory. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define ES_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define ES_ASAN 1
#endif
#endif
#ifndef ES_ASAN
#define ES_ASAN 0
#endif

/* Peak RSS bounds in KiB. Measured (release): alias bomb ~4 MB, 50,000
 * bold spans ~50 MB (cmark's own tree is ~39 MB of it). Sanitizer builds
 * carry shadow memory and quarantine, so their bounds are looser: the point
 * is that memory does not grow with the alias expansion or blow up. */
#define RSS_BOMB_KB (ES_ASAN ? 256 * 1024 : 32 * 1024)
#define RSS_BOLD_KB (ES_ASAN ? 768 * 1024 : 192 * 1024)
#define CHILD_SECONDS 60
#define FSIZE_LIMIT 512

enum { SMALL_FILES = 5 };    /* essays in root/s */
static char root[64];        /* the temporary folder of this test program */
static char self_path[4096]; /* this test binary, run again as --spawn */
static char corpus[96];      /* root/c: the hostile essays */

/* ---- running the CLI ---------------------------------------------------- */

enum {
  RUN_STDOUT_FULL = 1 << 0,   /* stdout is /dev/full */
  RUN_STDOUT_CLOSED = 1 << 1, /* stdout is a pipe nobody reads */
  RUN_IGNORE_SIGPIPE = 1 << 2,
  RUN_FSIZE_LIMIT = 1 << 3, /* files may not grow past FSIZE_LIMIT */
  RUN_STDOUT_NONE = 1 << 4, /* stdout is closed (`>&-`) */
  RUN_MEASURE = 1 << 5      /* measure peak RSS through the helper */
};

typedef struct result {
  int status;                /* as from waitpid */
  long rss_kb;               /* peak resident set of the child */
  char out[1024], err[1024]; /* files holding its stdout and stderr */
} result;

static int exit_code(const result *r) {
  return WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1;
}

/* Run ES_CLI with argv (NULL-terminated, argv[0] excluded) from `dir`. */
static result run_cli(const char *dir, unsigned flags,
                      const char *const *argv) {
  static unsigned seq;
  result r;
  memset(&r, 0, sizeof r);
  snprintf(r.out, sizeof r.out, "%s/out%u.txt", root, seq);
  snprintf(r.err, sizeof r.err, "%s/err%u.txt", root, seq++);
  char rss_path[1100];
  snprintf(rss_path, sizeof rss_path, "%s.rss", r.out);
  const char *args[40];
  size_t n = 0;
  if (flags & RUN_MEASURE) {
    args[n++] = "test_hostile";
    args[n++] = "--spawn";
    args[n++] = rss_path;
  }
  args[n++] = ES_CLI;
  for (; *argv && n < 39; argv++)
    args[n++] = *argv;
  args[n] = NULL;
  int pipefd[2] = {-1, -1};
  if (flags & RUN_STDOUT_CLOSED)
    assert_int_equal(pipe(pipefd), 0);
  fflush(NULL);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    int out;
    if (flags & RUN_STDOUT_FULL)
      out = open("/dev/full", O_WRONLY);
    else if (flags & RUN_STDOUT_CLOSED)
      out = pipefd[1];
    else
      out = open(r.out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int err = open(r.err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out < 0 || err < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
      _exit(126);
    if (pipefd[0] >= 0)
      close(pipefd[0]);
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0)
      dup2(devnull, 0);
    signal(SIGPIPE, (flags & RUN_IGNORE_SIGPIPE) ? SIG_IGN : SIG_DFL);
    if (flags & RUN_FSIZE_LIMIT) {
      /* A write past the limit fails with EFBIG instead of raising
       * SIGXFSZ: the closest a test can get to a full disk without
       * mounting one (tests may run as root, so permissions do not
       * block writes). */
      signal(SIGXFSZ, SIG_IGN);
      struct rlimit rl = {FSIZE_LIMIT, FSIZE_LIMIT};
      setrlimit(RLIMIT_FSIZE, &rl);
    }
    if (flags & RUN_STDOUT_NONE)
      close(1);
    if (chdir(dir) != 0)
      _exit(126);
    if (flags & RUN_MEASURE) {
      execv(self_path, (char *const *)args);
    } else {
      alarm(CHILD_SECONDS); /* survives exec: a hang ends in SIGALRM */
      execv(ES_CLI, (char *const *)args);
    }
    _exit(127);
  }
  if (pipefd[0] >= 0) {
    /* The reader goes away before the first byte is written. */
    close(pipefd[0]);
    close(pipefd[1]);
  }
  pid_t got;
  do
    got = waitpid(pid, &r.status, 0);
  while (got < 0 && errno == EINTR);
  assert_int_equal(got, pid);
  r.rss_kb = -1;
  if (flags & RUN_MEASURE) {
    FILE *f = fopen(rss_path, "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%ld", &r.rss_kb), 1);
    fclose(f);
  }
  if (WIFSIGNALED(r.status) && WTERMSIG(r.status) != SIGPIPE)
    fail_msg("essay-stats died of signal %d", WTERMSIG(r.status));
  return r;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  size_t cap = 1 << 16, n = 0, got;
  char *b = malloc(cap + 1);
  while ((got = fread(b + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap)
      b = realloc(b, (cap *= 2) + 1);
  }
  fclose(f);
  b[n] = 0;
  if (len)
    *len = n;
  return b;
}

/* ---- an RFC 4180 reader ------------------------------------------------- */

typedef struct table {
  size_t rows, cols;
  char **cell; /* rows * cols, row-major */
} table;

/* Parse CSV strictly: LF row ends, quoted fields with doubled quotes, no
 * quote inside an unquoted field, every row as wide as the header. */
static table parse_csv(const char *s, size_t n) {
  table t = {0, 0, NULL};
  size_t cap = 0, ncells = 0, row_start = 0;
  char *field = malloc(n + 1);
  size_t i = 0;
  assert_true(n > 0 && s[n - 1] == '\n');
  while (i < n) {
    size_t k = 0;
    if (s[i] == '"') {
      i++;
      for (;;) {
        assert_true(i < n); /* an unterminated quoted field */
        if (s[i] == '"') {
          if (i + 1 < n && s[i + 1] == '"') {
            field[k++] = '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field[k++] = s[i++];
      }
      assert_true(i < n && (s[i] == ',' || s[i] == '\n'));
    } else {
      while (i < n && s[i] != ',' && s[i] != '\n') {
        assert_true(s[i] != '"' && s[i] != '\r');
        field[k++] = s[i++];
      }
    }
    field[k] = 0;
    if (ncells == cap) {
      cap = cap ? cap * 2 : 256;
      t.cell = realloc(t.cell, cap * sizeof *t.cell);
    }
    t.cell[ncells++] = strdup(field);
    if (s[i] == '\n') {
      size_t width = ncells - row_start;
      if (t.rows == 0)
        t.cols = width;
      else if (width != t.cols)
        fail_msg("CSV row %zu has %zu fields, the header %zu", t.rows, width,
                 t.cols);
      t.rows++;
      row_start = ncells;
    }
    i++;
  }
  free(field);
  return t;
}

static table read_csv(const char *path) {
  size_t n;
  char *s = slurp(path, &n);
  table t = parse_csv(s, n);
  free(s);
  return t;
}

static void free_table(table *t) {
  for (size_t i = 0; i < t->rows * t->cols; i++)
    free(t->cell[i]);
  free(t->cell);
}

static const char *cell(const table *t, size_t row, const char *col) {
  for (size_t c = 0; c < t->cols; c++)
    if (strcmp(t->cell[c], col) == 0)
      return t->cell[row * t->cols + c];
  fail_msg("no column %s", col);
  return NULL;
}

/* The row whose first column is `id`, or 0 when absent (0 is the header). */
static size_t row_of(const table *t, const char *id) {
  for (size_t r = 1; r < t->rows; r++)
    if (strcmp(t->cell[r * t->cols], id) == 0)
      return r;
  return 0;
}

/* Does the audit table hold a finding with this doc_id, code and line ("" for
 * none, NULL for any)? */
static bool has_audit(const table *a, const char *id, const char *code,
                      const char *line) {
  for (size_t r = 1; r < a->rows; r++)
    if (strcmp(cell(a, r, "doc_id"), id) == 0 &&
        strcmp(cell(a, r, "code"), code) == 0 &&
        (!line || strcmp(cell(a, r, "line"), line) == 0))
      return true;
  return false;
}

/* ---- the hostile corpus ------------------------------------------------- */

/* Write dir/name, creating dir. No shell: every fork of a sanitizer-built
 * test process is costly, so files and links are made with system calls. */
static void put_in(const char *dir, const char *name, const void *data,
                   size_t n) {
  if (mkdir(dir, 0755) != 0 && errno != EEXIST)
    fail_msg("cannot create %s", dir);
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, n, f), n);
  assert_int_equal(fclose(f), 0);
}

static void put(const char *name, const void *data, size_t n) {
  put_in(corpus, name, data, n);
}

static void puts_file(const char *name, const char *text) {
  put(name, text, strlen(text));
}

/* A growable byte string for building big cases. */
typedef struct grow_buf {
  char *data;
  size_t len;
} grow_buf;

static void buf_add(grow_buf *b, const char *s, size_t n) {
  if (!n)
    n = strlen(s);
  b->data = realloc(b->data, b->len + n);
  memcpy(b->data + b->len, s, n);
  b->len += n;
}

/* `prefix` + `unit` * times + `suffix` */
static void put_repeat(const char *name, const char *prefix, const char *unit,
                       size_t times, const char *suffix) {
  size_t p = strlen(prefix), u = strlen(unit), s = strlen(suffix);
  size_t n = p + u * times + s;
  char *b = malloc(n + 1);
  memcpy(b, prefix, p);
  for (size_t i = 0; i < times; i++)
    memcpy(b + p + i * u, unit, u);
  memcpy(b + p + u * times, suffix, s);
  put(name, b, n);
  free(b);
}

static void put_alias_bomb(const char *name) {
  /* Nine levels of nine aliases: 9^9 (387 million) scalars if expanded. */
  char b[2048];
  size_t k = (size_t)snprintf(b, sizeof b,
                              "---\na: &a [lol, lol, lol, lol, "
                              "lol, lol, lol, lol, lol]\n");
  const char *names = "abcdefghi";
  for (int i = 1; i < 9; i++) {
    k += (size_t)snprintf(b + k, sizeof b - k, "%c: &%c [", names[i], names[i]);
    for (int j = 0; j < 9; j++)
      k += (size_t)snprintf(b + k, sizeof b - k, "%s*%c", j ? ", " : "",
                            names[i - 1]);
    k += (size_t)snprintf(b + k, sizeof b - k, "]\n");
  }
  k += (size_t)snprintf(b + k, sizeof b - k, "---\n# Bomb\n\nBody words.\n");
  put(name, b, k);
}

static void put_bold(const char *name, size_t spans) {
  size_t cap = spans * 16 + 64, k = 0;
  char *b = malloc(cap);
  k += (size_t)snprintf(b, cap, "# Bold\n\n");
  for (size_t i = 0; i < spans; i++)
    k += (size_t)snprintf(b + k, cap - k, "**b%zu** ", i);
  b[k++] = '\n';
  put(name, b, k);
  free(b);
}

/* Odd file names and the doc_id each one must get (bad bytes as U+FFFD). */
static const struct {
  const char *name, *id;
} odd_names[] = {
    {"a,b.md", "a,b.md"},
    {"q\"uote.md", "q\"uote.md"},
    {"sp ace.md", "sp ace.md"},
    {" lead.md", " lead.md"},
    {"new\nline.md", "new\nline.md"},
    {"cr\rname.md", "cr\rname.md"},
    /* Both are shown as "bad\uFFFDname.md": the first in raw byte order
     * (0xFE < 0xFF) keeps that doc_id, the other one gets "#2". */
    {"bad\xfename.md", "bad\xef\xbf\xbdname.md"},
    {"bad\xffname.md", "bad\xef\xbf\xbdname.md#2"},
};

static int group_setup(void **state) {
  (void)state;
  snprintf(root, sizeof root, "/tmp/es_hostile_XXXXXX");
  if (!mkdtemp(root))
    return -1;
  snprintf(corpus, sizeof corpus, "%s/c", root);
  const char *essay = "---\ntitle: Fine\n---\n# Fine\n\nOrdinary words in an "
                      "ordinary **essay**.\n";
  puts_file("fine.md", essay);
  puts_file("empty.md", "");
  puts_file("fm_only.md", "---\ntitle: Only\n---\n");
  puts_file("bom_crlf.md", "\xef\xbb\xbf---\r\ntitle: A\r\nx: [\r\n---\r\n"
                           "# T\r\n\r\nSome words \xff here.\r\n");
  puts_file("lone_cr.md", "---\rtitle: A\r---\r# T\r\rWords \xfe here.\r");
  puts_file("bad_utf8.md", "---\ntitle: \xc3\x28\n---\nok\n\nbad \xed\xa0\x80"
                           " \xf4\x90\x80\x80 end\n");
  static const char nul[] = "# N\n\nnul\0byte\n";
  put("nul.md", nul, sizeof nul - 1);
  puts_file("unterminated.md", "---\ntitle: A\n\nbody text\n");
  puts_file("yaml_error.md", "---\ntitle: A\n  bad: x\n---\nbody\n");
  puts_file("yaml_list.md", "---\n- a\n- b\n---\nbody\n");
  put_alias_bomb("bomb.md");
  {
    /* Few nodes, many bytes: a 100 KB value aliased 20,000 times (2 GB
     * once joined), and a 50 KB explicit key with 20,000 children (1 GB of
     * "KKK...K.kN" key paths). Neither nests nor visits many nodes. */
    grow_buf b = {NULL, 0};
    buf_add(&b, "---\na: &a ", 0);
    for (int i = 0; i < 100000; i++)
      buf_add(&b, "x", 1);
    buf_add(&b, "\nb: [*a", 0);
    for (int i = 1; i < 20000; i++)
      buf_add(&b, ", *a", 0);
    buf_add(&b, "]\n---\nbody\n", 0);
    put("alias_bytes.md", b.data, b.len);
    b.len = 0;
    buf_add(&b, "---\n? ", 0);
    for (int i = 0; i < 50000; i++)
      buf_add(&b, "K", 1);
    buf_add(&b, "\n:\n", 0);
    char item[32];
    for (int i = 0; i < 20000; i++) {
      snprintf(item, sizeof item, "  k%d: 1\n", i);
      buf_add(&b, item, 0);
    }
    buf_add(&b, "---\nbody\n", 0);
    put("key_paths.md", b.data, b.len);
    free(b.data);
  }
  puts_file("dup_keys.md", "---\na: 1\nb: 2\na: 3\n---\nbody\n");
  put_repeat("deep_quote.md", "", "> ", 10000, "deep\n");
  put_repeat("deep_list.md", "", "- ", 10000, "deep\n");
  put_repeat("deep_ordered.md", "", "1. ", 10000, "deep\n");
  put_repeat("deep_emph.md", "", "*", 10000, "deep\n");
  put_repeat("deep_fm_seq.md", "---\na: ", "[", 10000, "\n---\nbody\n");
  put_repeat("deep_fm_map.md", "---\na: ", "{a: ", 10000, "x\n---\nbody\n");
  /* Block style: "- - - x" is a sequence in a sequence in a sequence. */
  put_repeat("deep_fm_block.md", "---\na:\n  ", "- ", 10000, "x\n---\nbody\n");
  put_repeat("long_line.md", "", "word ", 400000, "\n"); /* 2 MB, one line */
  put_bold("bold50k.md", 50000);
  /* 5,000 strong nodes nested around 200 KB of text: each one's text
   * covers everything inside it (1 GB of key-term text if all were kept). */
  {
    size_t depth = 5000, words = 40000, k = 0;
    char *b = malloc(4 * depth + 5 * words + 16);
    memcpy(b, "a ", 2);
    k = 2;
    for (size_t i = 0; i < depth; i++, k += 2)
      memcpy(b + k, "**", 2);
    for (size_t i = 0; i < words; i++, k += 5)
      memcpy(b + k, "word ", 5);
    b[k++] = 'x';
    for (size_t i = 0; i < depth; i++, k += 2)
      memcpy(b + k, "**", 2);
    b[k++] = '\n';
    put("nested_bold.md", b, k);
    free(b);
  }
  puts_file("unclosed.md", "**unclosed bold\n\nmore **text\n\n**a *b\n");
  puts_file("code_html.md", "# T\n\n```\n**fenced**\n```\n\n    **indented**"
                            "\n\n<div>\n**html block**\n</div>\n\ntext "
                            "`**code span**` <!-- **comment** --> end\n");
  for (size_t i = 0; i < sizeof odd_names / sizeof *odd_names; i++)
    puts_file(odd_names[i].name, "Odd name, ordinary words.\n");
  /* root/s: a small corpus with an error (nul.md, unterminated.md) and a
   * warning (empty.md, dup.md), for the runs about exit codes and output. */
  char small[128];
  snprintf(small, sizeof small, "%s/s", root);
  put_in(small, "fine.md", essay, strlen(essay));
  put_in(small, "nul.md", nul, sizeof nul - 1);
  put_in(small, "empty.md", "", 0);
  put_in(small, "dup.md", "---\na: 1\na: 2\n---\nWords.\n", 25);
  put_in(small, "unterminated.md", "---\na: 1\nWords.\n", 16);
  /* A FIFO, a symlink loop, a dangling link, a file over the default
   * --max-file-size (sparse: no disk used), a link to a directory. */
  char a[256], b[256];
  snprintf(a, sizeof a, "%s/fifo.md", corpus);
  int rc = mkfifo(a, 0644);
  snprintf(a, sizeof a, "%s/loop_a.md", corpus);
  rc |= symlink("loop_b.md", a);
  snprintf(a, sizeof a, "%s/loop_b.md", corpus);
  rc |= symlink("loop_a.md", a);
  snprintf(a, sizeof a, "%s/dangling.md", corpus);
  rc |= symlink("nowhere.md", a);
  snprintf(a, sizeof a, "%s/huge.md", corpus);
  int fd = open(a, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  rc |= fd < 0 || ftruncate(fd, 65 << 20) != 0;
  if (fd >= 0)
    close(fd);
  snprintf(b, sizeof b, "%s/sub", corpus);
  rc |= mkdir(b, 0755);
  snprintf(a, sizeof a, "%s/sub/up", corpus);
  rc |= symlink("..", a);
  return rc ? -1 : 0;
}

static int group_teardown(void **state) {
  (void)state;
  return remove_tree(root);
}

/* ---- input -------------------------------------------------------------- */

static table essays, audit;

static void load_reports(void) {
  if (essays.rows)
    return;
  const char *a1[] = {"--report", "essays", "c", NULL};
  result r = run_cli(root, 0, a1);
  assert_int_equal(exit_code(&r), 0);
  essays = read_csv(r.out);
  const char *a2[] = {"--report", "audit", "c", NULL};
  r = run_cli(root, 0, a2);
  assert_int_equal(exit_code(&r), 0);
  audit = read_csv(r.out);
}

static const char *const every_file[] = {
    "fine.md",          "empty.md",       "fm_only.md",      "bom_crlf.md",
    "lone_cr.md",       "bad_utf8.md",    "nul.md",          "unterminated.md",
    "yaml_error.md",    "yaml_list.md",   "bomb.md",         "dup_keys.md",
    "deep_quote.md",    "deep_list.md",   "deep_ordered.md", "deep_emph.md",
    "deep_fm_seq.md",   "deep_fm_map.md", "long_line.md",    "bold50k.md",
    "unclosed.md",      "code_html.md",   "fifo.md",         "loop_a.md",
    "loop_b.md",        "dangling.md",    "huge.md",         "nested_bold.md",
    "deep_fm_block.md", "alias_bytes.md", "key_paths.md",
};

static char *id(const char *name) {
  static char b[256];
  snprintf(b, sizeof b, "c/%s", name);
  return b;
}

static void test_every_file_has_a_row(void **state) {
  (void)state;
  load_reports();
  size_t files = sizeof every_file / sizeof *every_file;
  size_t odd = sizeof odd_names / sizeof *odd_names;
  assert_int_equal(essays.rows - 1, files + odd);
  for (size_t i = 0; i < files; i++)
    if (!row_of(&essays, id(every_file[i])))
      fail_msg("no row for %s", every_file[i]);
  /* Messages are one line (see also test_odd_file_names). */
  for (size_t r = 1; r < audit.rows; r++) {
    const char *m = cell(&audit, r, "message");
    for (const char *p = m; *p; p++)
      assert_true((unsigned char)*p >= 0x20 && *p != 0x7f);
  }
  /* issues = the essay's rows in the audit report. */
  for (size_t r = 1; r < essays.rows; r++) {
    size_t n = 0;
    for (size_t a = 1; a < audit.rows; a++)
      n +=
          strcmp(audit.cell[a * audit.cols], essays.cell[r * essays.cols]) == 0;
    char want[32];
    snprintf(want, sizeof want, "%zu", n);
    assert_string_equal(cell(&essays, r, "issues"), want);
  }
}

static void expect_code(const char *name, const char *code, const char *line) {
  if (!has_audit(&audit, id(name), code, line))
    fail_msg("%s: no %s finding at line '%s'", name, code,
             line ? line : "(any)");
}

static void test_bytes_and_encoding(void **state) {
  (void)state;
  load_reports();
  expect_code("empty.md", "empty", "");
  expect_code("fm_only.md", "empty", "");
  /* BOM + CRLF: lines still count from the file's first line. */
  expect_code("bom_crlf.md", "front_matter_invalid", "4");
  expect_code("bom_crlf.md", "not_utf8", "7");
  assert_string_equal(
      cell(&essays, row_of(&essays, id("bom_crlf.md")), "title"), "T");
  expect_code("lone_cr.md", "not_utf8", "6");
  assert_string_equal(cell(&essays, row_of(&essays, id("lone_cr.md")), "title"),
                      "T");
  /* Invalid UTF-8 in the front matter is repaired before YAML reads it. */
  expect_code("bad_utf8.md", "not_utf8", "2");
  assert_false(
      has_audit(&audit, id("bad_utf8.md"), "front_matter_invalid", NULL));
  expect_code("nul.md", "not_utf8", "3");
  assert_string_equal(cell(&essays, row_of(&essays, id("nul.md")), "words"),
                      "3"); /* N, nul, byte: U+FFFD splits words */
}

static void test_front_matter(void **state) {
  (void)state;
  load_reports();
  expect_code("unterminated.md", "front_matter_unterminated", "1");
  assert_string_equal(
      cell(&essays, row_of(&essays, id("unterminated.md")), "words"), "4");
  expect_code("yaml_error.md", "front_matter_invalid", "3");
  expect_code("yaml_list.md", "front_matter_not_mapping", "2");
  expect_code("bomb.md", "front_matter_invalid", NULL);
  assert_string_equal(cell(&essays, row_of(&essays, id("bomb.md")), "title"),
                      "Bomb");
  expect_code("dup_keys.md", "duplicate_key", "4");
  assert_string_equal(cell(&essays, row_of(&essays, id("dup_keys.md")), "a"),
                      "3");
  expect_code("deep_fm_seq.md", "front_matter_invalid", NULL);
  expect_code("deep_fm_map.md", "front_matter_invalid", NULL);
  expect_code("deep_fm_block.md", "front_matter_invalid", "3");
  expect_code("alias_bytes.md", "front_matter_invalid", "3");
  expect_code("key_paths.md", "front_matter_invalid", NULL);
}

static void test_body(void **state) {
  (void)state;
  load_reports();
  const char *deep[] = {"deep_quote.md", "deep_list.md", "deep_ordered.md",
                        "deep_emph.md"};
  for (size_t i = 0; i < 4; i++)
    assert_string_equal(cell(&essays, row_of(&essays, id(deep[i])), "words"),
                        "1");
  /* Nesting past 32 levels is cut (docs/reliability.md): the word stays,
   * the list items are those of the kept levels, and the audit says so. */
  assert_string_equal(
      cell(&essays, row_of(&essays, id("deep_list.md")), "list_items"), "32");
  for (size_t i = 0; i < 3; i++)
    expect_code(deep[i], "input_bounded", "1");
  size_t r = row_of(&essays, id("long_line.md"));
  assert_string_equal(cell(&essays, r, "words"), "400000");
  r = row_of(&essays, id("bold50k.md"));
  assert_string_equal(cell(&essays, r, "key_terms"), "50000");
  assert_string_equal(cell(&essays, r, "unique_key_terms"), "50000");
  /* Strong nodes nested 16 deep or more are not key terms (body.c). */
  r = row_of(&essays, id("nested_bold.md"));
  assert_string_equal(cell(&essays, r, "key_terms"), "16");
  assert_string_equal(cell(&essays, r, "words"), "40002");
  r = row_of(&essays, id("unclosed.md"));
  assert_string_equal(cell(&essays, r, "key_terms"), "0");
  assert_string_equal(cell(&essays, r, "words"), "6");
  /* Bold in code blocks, code spans, HTML blocks and comments is not a
   * key term, and their text is not words. */
  r = row_of(&essays, id("code_html.md"));
  assert_string_equal(cell(&essays, r, "key_terms"), "0");
  /* T, text, code, span (a code span is text), end */
  assert_string_equal(cell(&essays, r, "words"), "5");
}

static void test_files_that_are_not_read(void **state) {
  (void)state;
  load_reports();
  const char *unreadable[] = {"fifo.md", "loop_a.md", "loop_b.md",
                              "dangling.md"};
  for (size_t i = 0; i < 4; i++) {
    expect_code(unreadable[i], "unreadable", "");
    size_t r = row_of(&essays, id(unreadable[i]));
    assert_string_equal(cell(&essays, r, "words"), "");
    assert_string_equal(cell(&essays, r, "issues"), "1");
  }
  expect_code("huge.md", "too_large", "");
  size_t r = row_of(&essays, id("huge.md"));
  assert_string_equal(cell(&essays, r, "bytes"), "68157440");
  assert_string_equal(cell(&essays, r, "words"), "");
  /* The link to the parent directory was not walked (no loop). */
  assert_int_equal(row_of(&essays, "c/sub/up/c/fine.md"), 0);

  /* A FIFO named on the command line is not opened either. */
  const char *args[] = {"--report", "audit", "c/fifo.md", "c/fine.md", NULL};
  result res = run_cli(root, 0, args);
  assert_int_equal(exit_code(&res), 0);
  table t = read_csv(res.out);
  assert_true(has_audit(&t, "c/fifo.md", "unreadable", ""));
  free_table(&t);

  /* --max-file-size with a suffix. */
  const char *args2[] = {"--report", "audit",          "--max-file-size",
                         "1M",       "c/long_line.md", NULL};
  res = run_cli(root, 0, args2);
  assert_int_equal(exit_code(&res), 0);
  t = read_csv(res.out);
  assert_true(has_audit(&t, "c/long_line.md", "too_large", ""));
  free_table(&t);
}

static void test_odd_file_names(void **state) {
  (void)state;
  load_reports();
  /* The CSV parsed strictly (parse_csv), each name has its own row under
   * its exact doc_id, and the doc_ids are all distinct. */
  for (size_t i = 0; i < sizeof odd_names / sizeof *odd_names; i++)
    if (!row_of(&essays, id(odd_names[i].id)))
      fail_msg("no row for the file named '%s'", odd_names[i].id);
  for (size_t a = 1; a < essays.rows; a++)
    for (size_t b = a + 1; b < essays.rows; b++)
      assert_string_not_equal(essays.cell[a * essays.cols],
                              essays.cell[b * essays.cols]);
  /* A message naming a file whose name holds a control character stays
   * one line: two copies form a cluster named by the first (bytewise), and
   * the other's near_duplicate names it. */
  const char *args[] = {"--report", "audit", "c/cr\rname.md", "c/new\nline.md",
                        NULL};
  result r = run_cli(root, 0, args);
  assert_int_equal(exit_code(&r), 0);
  table t = read_csv(r.out);
  assert_true(has_audit(&t, "c/new\nline.md", "near_duplicate", ""));
  assert_false(has_audit(&t, "c/cr\rname.md", "near_duplicate", ""));
  size_t row = row_of(&t, "c/new\nline.md");
  assert_string_equal(cell(&t, row, "message"),
                      "near duplicate of c/cr\\rname.md (shingle Jaccard "
                      "1.000000; a cluster of 2 essays)");
  assert_prefix(cell(&t, row, "key"), "c/cr"); /* the cluster's name */
  free_table(&t);
}

static void test_memory_and_time(void **state) {
  (void)state;
  const char *bomb[] = {"-q", "--report", "audit", "c/bomb.md", NULL};
  result r = run_cli(root, RUN_MEASURE, bomb);
  assert_int_equal(exit_code(&r), 0);
  if (r.rss_kb > RSS_BOMB_KB)
    fail_msg("alias bomb: peak RSS %ld KiB > %d KiB", r.rss_kb, RSS_BOMB_KB);
  long bomb_kb = r.rss_kb;
  const char *bytes[] = {
      "-q", "--report", "audit", "c/alias_bytes.md", "c/key_paths.md", NULL};
  r = run_cli(root, RUN_MEASURE, bytes);
  assert_int_equal(exit_code(&r), 0);
  if (r.rss_kb > RSS_BOMB_KB)
    fail_msg("alias and key-path expansion: peak RSS %ld KiB > %d KiB",
             r.rss_kb, RSS_BOMB_KB);
  const char *bold[] = {"-q", "--report", "audit", "c/bold50k.md", NULL};
  r = run_cli(root, RUN_MEASURE, bold);
  assert_int_equal(exit_code(&r), 0);
  if (r.rss_kb > RSS_BOLD_KB)
    fail_msg("50,000 bold spans: peak RSS %ld KiB > %d KiB", r.rss_kb,
             RSS_BOLD_KB);
  long bold_kb = r.rss_kb;
  const char *nested[] = {"-q", "--report", "audit", "c/nested_bold.md", NULL};
  r = run_cli(root, RUN_MEASURE, nested);
  assert_int_equal(exit_code(&r), 0);
  if (r.rss_kb > RSS_BOLD_KB)
    fail_msg("nested bold: peak RSS %ld KiB > %d KiB", r.rss_kb, RSS_BOLD_KB);
  print_message("peak RSS: alias bomb %ld KiB, 50k bold %ld KiB, nested "
                "bold %ld KiB\n",
                bomb_kb, bold_kb, r.rss_kb);
}

/* ---- --fail-on and the summary line ------------------------------------- */

static void test_fail_on(void **state) {
  (void)state;
  const char *never[] = {"--report", "audit", "s", NULL};
  result r = run_cli(root, 0, never);
  assert_int_equal(exit_code(&r), 0);
  char *err = slurp(r.err, NULL);
  /* One summary line: essays read, analysed, findings by severity. */
  assert_non_null(strstr(err, "essays read,"));
  assert_non_null(strstr(err, "analysed; findings:"));
  assert_non_null(strstr(err, " error"));
  assert_non_null(strstr(err, " warning"));
  assert_non_null(strstr(err, " info"));
  free(err);

  const char *on_error[] = {"--fail-on", "error", "s", NULL};
  r = run_cli(root, 0, on_error);
  assert_int_equal(exit_code(&r), 1);
  /* The report is still written in full. */
  table t = read_csv(r.out);
  assert_int_equal(t.rows, 1 + SMALL_FILES);
  free_table(&t);

  /* A report without audit columns still audits under --fail-on. */
  const char *sections[] = {"-q",       "--fail-on",  "warning", "--report",
                            "sections", "c/empty.md", NULL};
  r = run_cli(root, 0, sections);
  assert_int_equal(exit_code(&r), 1);
  err = slurp(r.err, NULL);
  assert_string_equal(err, ""); /* -q: no summary */
  free(err);

  /* A warning is not an error. */
  const char *warn_only[] = {"--fail-on", "error", "c/empty.md", NULL};
  r = run_cli(root, 0, warn_only);
  assert_int_equal(exit_code(&r), 0);
  const char *clean[] = {"--fail-on", "warning", "c/fine.md", NULL};
  r = run_cli(root, 0, clean);
  assert_int_equal(exit_code(&r), 0);
  const char *explicit_never[] = {"--fail-on", "never", "s", NULL};
  r = run_cli(root, 0, explicit_never);
  assert_int_equal(exit_code(&r), 0);
  const char *bad[] = {"--fail-on", "sometimes", "s", NULL};
  r = run_cli(root, 0, bad);
  assert_int_equal(exit_code(&r), 2);
}

/* ---- output that cannot be written -------------------------------------- */

static void test_stdout_full(void **state) {
  (void)state;
  const char *args[] = {"s", NULL};
  result r = run_cli(root, RUN_STDOUT_FULL, args);
  assert_int_equal(exit_code(&r), 3);
  char *err = slurp(r.err, NULL);
  assert_non_null(strstr(err, "No space left on device"));
  free(err);
}

static void test_stdout_closed(void **state) {
  (void)state;
  /* `essay-stats c >&-`: the report cannot be written. */
  const char *report[] = {"c/fine.md", NULL};
  result r = run_cli(root, RUN_STDOUT_NONE, report);
  assert_int_equal(exit_code(&r), 3);
  char *err = slurp(r.err, NULL);
  assert_non_null(strstr(err, "cannot write"));
  free(err);
  /* With --out-dir stdout is not needed: a closed one is fine. */
  const char *out_dir[] = {"-q", "--out-dir", "closed_out", "c/fine.md", NULL};
  r = run_cli(root, RUN_STDOUT_NONE, out_dir);
  assert_int_equal(exit_code(&r), 0);
  err = slurp(r.err, NULL);
  assert_string_equal(err, "");
  free(err);
}

static void test_stdout_closed_pipe(void **state) {
  (void)state;
  /* `essay-stats c | head -1`: SIGPIPE ends it, without a word. */
  const char *args[] = {"--report", "terms", "s", NULL};
  result r = run_cli(root, RUN_STDOUT_CLOSED, args);
  assert_true(WIFSIGNALED(r.status));
  assert_int_equal(WTERMSIG(r.status), SIGPIPE);
  char *err = slurp(r.err, NULL);
  assert_string_equal(err, "");
  free(err);
  /* With SIGPIPE ignored the write fails with EPIPE: exit 3, still quiet
   * (the reader chose to stop). */
  r = run_cli(root, RUN_STDOUT_CLOSED | RUN_IGNORE_SIGPIPE, args);
  assert_int_equal(exit_code(&r), 3);
  err = slurp(r.err, NULL);
  assert_null(strstr(err, "cannot write"));
  free(err);
}

/* No temporary file (a dot name) is left in `dir`, and any report there
 * equals the one of a complete run in `good`. */
static void check_out_dir(const char *dir, const char *good) {
  DIR *d = opendir(dir);
  assert_non_null(d);
  struct dirent *de;
  while ((de = readdir(d)) != NULL)
    if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 &&
        strcmp(de->d_name, "..") != 0)
      fail_msg("%s holds a temporary file: %s", dir, de->d_name);
  closedir(d);
  for (const char *const *n = es_report_names(); *n; n++) {
    char path[512], want[512];
    snprintf(path, sizeof path, "%s/%s.csv", dir, *n);
    snprintf(want, sizeof want, "%s/%s.csv", good, *n);
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
      continue;
    size_t n1, n2;
    char *got = slurp(path, &n1), *exp = slurp(want, &n2);
    if (n1 != n2 || memcmp(got, exp, n1) != 0)
      fail_msg("%s is not a complete report", path);
    free(got);
    free(exp);
  }
}

static void test_out_dir_disk_full(void **state) {
  (void)state;
  const char *good_args[] = {"-q", "--out-dir", "good", "s", NULL};
  result r = run_cli(root, 0, good_args);
  assert_int_equal(exit_code(&r), 0);
  char good[128], full[128];
  snprintf(good, sizeof good, "%s/good", root);
  snprintf(full, sizeof full, "%s/full", root);
  struct stat st;
  char path[256];
  snprintf(path, sizeof path, "%s/essays.csv", good);
  assert_int_equal(stat(path, &st), 0);
  assert_true(st.st_size > FSIZE_LIMIT); /* so the limit below is hit */

  /* Disk full: files may not grow past FSIZE_LIMIT bytes. */
  const char *args[] = {"-q", "--out-dir", "full", "s", NULL};
  r = run_cli(root, RUN_FSIZE_LIMIT, args);
  assert_int_equal(exit_code(&r), 3);
  char *err = slurp(r.err, NULL);
  assert_non_null(strstr(err, "cannot write"));
  free(err);
  check_out_dir(full, good);
  snprintf(path, sizeof path, "%s/essays.csv", full);
  assert_int_not_equal(stat(path, &st), 0);

  /* The final name cannot be taken (a folder is in the way): the
   * temporary file is removed. */
  char blocked[128];
  snprintf(blocked, sizeof blocked, "%s/blocked/audit.csv/x", root);
  for (char *p = blocked + strlen(root) + 1; (p = strchr(p, '/')); p++) {
    *p = 0; /* mkdir -p */
    mkdir(blocked, 0755);
    *p = '/';
  }
  put_in(blocked, "y", "y", 1);
  const char *args2[] = {"-q", "--out-dir", "blocked", "s", NULL};
  r = run_cli(root, 0, args2);
  assert_int_equal(exit_code(&r), 3);
  snprintf(blocked, sizeof blocked, "%s/blocked", root);
  check_out_dir(blocked, good);
}

/* The helper: test_hostile --spawn RSS_FILE CLI ARGS... runs the CLI with
 * an alarm, writes its peak RSS (KiB) to RSS_FILE, and ends as the CLI
 * ended (same exit status, or the same signal). */
static int spawn(char **argv) {
  pid_t pid = fork();
  if (pid < 0)
    return 125;
  if (pid == 0) {
    alarm(CHILD_SECONDS); /* survives exec: a hang ends in SIGALRM */
    execv(argv[1], argv + 1);
    _exit(127);
  }
  int status;
  struct rusage ru;
  pid_t got;
  do
    got = wait4(pid, &status, 0, &ru);
  while (got < 0 && errno == EINTR);
  if (got != pid)
    return 125;
  FILE *f = fopen(argv[0], "w");
  if (!f || fprintf(f, "%ld\n", ru.ru_maxrss) < 0 || fclose(f) != 0)
    return 125;
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 125;
}

int main(int argc, char **argv) {
  if (argc > 3 && strcmp(argv[1], "--spawn") == 0)
    return spawn(argv + 2);
  /* Not exec("/proc/self/exe"): under valgrind that is valgrind itself,
   * while readlink gives the program it runs. */
  ssize_t len = readlink("/proc/self/exe", self_path, sizeof self_path - 1);
  if (len > 0)
    self_path[len] = 0;
  else if (!realpath(argv[0], self_path))
    return 1;
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_file_has_a_row),
      cmocka_unit_test(test_bytes_and_encoding),
      cmocka_unit_test(test_front_matter),
      cmocka_unit_test(test_body),
      cmocka_unit_test(test_files_that_are_not_read),
      cmocka_unit_test(test_odd_file_names),
      cmocka_unit_test(test_memory_and_time),
      cmocka_unit_test(test_fail_on),
      cmocka_unit_test(test_stdout_full),
      cmocka_unit_test(test_stdout_closed_pipe),
      cmocka_unit_test(test_stdout_closed),
      cmocka_unit_test(test_out_dir_disk_full),
  };
  int rc = cmocka_run_group_tests(tests, group_setup, group_teardown);
  free_table(&essays);
  free_table(&audit);
  return rc;
}
