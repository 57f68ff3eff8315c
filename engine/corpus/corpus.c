/* corpus.c - a corpus's options (validated and copied), its stop words,
 * and its accessors. Finding the essays is discover.c; reading and parsing
 * them is load.c. */
#include "corpus.h"
#include "../util/utf8.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* A stop-word file larger than this is refused: a list of words, not a
 * corpus (and /dev/zero or a FIFO must not make the run read forever). */
enum { STOPWORDS_MAX_BYTES = 16 << 20 };

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
  es_words_collapse(w, n, tmp);
  if (!tmp->len)
    return;
  es_words_normalize(tmp->data, tmp->len, norm);
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
  /* Built-in lists compare case-insensitively: English, ENGLISH. */
  if (strcasecmp(c->stopwords, "english") == 0) {
    for (size_t i = 0; es_english_stopwords[i]; i++)
      add_stop(c, &cap, es_english_stopwords[i],
               strlen(es_english_stopwords[i]), &tmp, &norm);
    goto out;
  }
  /* Not a built-in name: a file, which must be a regular file of at most
   * STOPWORDS_MAX_BYTES (opened without blocking, so a FIFO is refused
   * instead of waited for). */
  char *shown = es_utf8_display(c->stopwords, strlen(c->stopwords));
  int fd = open(c->stopwords, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  struct stat sb;
  if (fd < 0 || fstat(fd, &sb) != 0) {
    st = ES_FAIL(err, ES_EIO,
                 "--stopwords: '%s' is neither a built-in list (english) nor "
                 "a readable file: %s",
                 shown, strerror(errno));
    if (fd >= 0)
      close(fd);
    free(shown);
    goto out;
  }
  if (!S_ISREG(sb.st_mode) || sb.st_size > STOPWORDS_MAX_BYTES) {
    st = ES_FAIL(err, ES_EIO,
                 "--stopwords: '%s' is %s; give a built-in list (english) or "
                 "a file of words, one a line",
                 shown,
                 S_ISREG(sb.st_mode) ? "larger than 16 MiB"
                                     : "not a regular file");
    close(fd);
    free(shown);
    goto out;
  }
  es_buf raw = ES_BUF_INIT, text = ES_BUF_INIT;
  bool failed = false, too_large = false;
  for (;;) {
    es_buf_reserve(&raw, 65536);
    ssize_t got = read(fd, raw.data + raw.len, raw.cap - raw.len - 1);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      failed = true;
    if (got <= 0)
      break;
    raw.len += (size_t)got;
    if (raw.len > STOPWORDS_MAX_BYTES) { /* it grew while being read */
      too_large = true;
      break;
    }
  }
  close(fd);
  if (failed || too_large) {
    st = ES_FAIL(err, ES_EIO, "cannot read stop-word file '%s'%s", shown,
                 too_large ? ": larger than 16 MiB" : "");
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
  free(shown);
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
  es_options defaults;
  es_options_init(&defaults, ES_OPTIONS_VERSION);
  if (!opts)
    opts = &defaults;
  if (opts->version != ES_OPTIONS_VERSION)
    return ES_FAIL(err, ES_EINVAL,
                   "unknown es_options version %u (this library knows %u); "
                   "initialise with es_options_init",
                   opts->version, (unsigned)ES_OPTIONS_VERSION);
  if (opts->bins < 0 || opts->bins > 100)
    return ES_FAIL(err, ES_EINVAL,
                   "bins must be from 1 to 100, or 0 for Freedman-Diaconis");
  if (opts->top_k < 0)
    return ES_FAIL(err, ES_EINVAL, "top_k must be 0 or more");
  if (opts->max_file_size == 0)
    return ES_FAIL(err, ES_EINVAL, "max_file_size must be positive");
  if (opts->shingle < 1)
    return ES_FAIL(err, ES_EINVAL, "shingle must be 1 or more");
  if (opts->ngram_min < 2 || opts->ngram_min > opts->ngram_max ||
      opts->ngram_max > 8)
    return ES_FAIL(err, ES_EINVAL,
                   "ngram_min and ngram_max must satisfy 2 <= min <= max <= 8");
  if (opts->min_docs < 1)
    return ES_FAIL(err, ES_EINVAL, "min_docs must be 1 or more");
  if (!(opts->dup_threshold >= 0 && opts->dup_threshold <= 1))
    return ES_FAIL(err, ES_EINVAL, "dup_threshold must be from 0 to 1");
  if (opts->weighting != ES_WEIGHTING_LTC &&
      opts->weighting != ES_WEIGHTING_SKLEARN)
    return ES_FAIL(err, ES_EINVAL, "weighting must be ltc or sklearn");
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
  es_parse_cfg_init(&c->cfg, c->part_labels, &c->opts);
  c->terms = es_vocab_new();
  c->keys = es_vocab_new();
  es_status st = load_stopwords(c, err);
  /* The audit's rules and baseline: read now, so that a mistake in either
   * stops the run before anything is written. */
  if (st == ES_OK && opts->rules)
    st = es_rules_load(&c->rules, opts->rules, err);
  if (st == ES_OK && opts->baseline)
    st = es_baseline_load(&c->baseline, opts->baseline, err);
  c->rules_path = dup_or_null(opts->rules);
  c->baseline_path = dup_or_null(opts->baseline);
  c->opts.rules = c->rules_path;
  c->opts.baseline = c->baseline_path;
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
  es_rules_free(c->rules);
  es_baseline_free(c->baseline);
  free(c->rules_path);
  free(c->baseline_path);
  free(c);
}

/* ---- accessors --------------------------------------------------------- */

size_t es_corpus_count(const es_corpus *c) { return c->n; }
const char *es_corpus_doc_id(const es_corpus *c, size_t i) {
  return i < c->n ? c->entries[i].id : NULL;
}
int64_t es_corpus_bytes(const es_corpus *c, size_t i) {
  return i < c->n ? c->entries[i].bytes : -1;
}
const es_doc *es_corpus_doc(const es_corpus *c, size_t i) {
  return i < c->n ? c->entries[i].doc : NULL;
}
size_t es_corpus_analysed(const es_corpus *c) { return c->analysed; }
size_t es_corpus_read_finding_count(const es_corpus *c, size_t i) {
  return i < c->n && c->entries[i].has_read_finding ? 1 : 0;
}
const es_finding *es_corpus_read_finding(const es_corpus *c, size_t i,
                                         size_t k) {
  return k < es_corpus_read_finding_count(c, i) ? &c->entries[i].read_finding
                                                : NULL;
}
size_t es_corpus_warning_count(const es_corpus *c) { return c->nwarnings; }
const char *es_corpus_warning(const es_corpus *c, size_t i) {
  return i < c->nwarnings ? c->warnings[i] : NULL;
}
const es_options *es_corpus_options(const es_corpus *c) { return &c->opts; }

es_status es_corpus_check_field(const es_corpus *c, const char *key,
                                es_error *err) {
  ES_ASSERT_ARG(c && key);
  /* The fields of the analysed essays in order of first appearance, as
   * the essays report's columns. */
  es_intern *seen = es_intern_new();
  bool found = false;
  for (size_t i = 0; i < c->n && !found; i++) {
    const es_doc *d = c->entries[i].doc;
    for (size_t f = 0; d && f < d->nfields && !found; f++) {
      found = strcmp(d->fields[f].key, key) == 0;
      es_intern_add(seen, d->fields[f].key, strlen(d->fields[f].key), NULL);
    }
  }
  if (found) {
    es_intern_free(seen);
    return ES_OK;
  }
  /* The list is cut at a field boundary to fit the message. */
  es_buf list = ES_BUF_INIT;
  size_t n = es_intern_count(seen);
  for (size_t k = 0; k < n; k++) {
    const char *name = es_intern_str(seen, (uint32_t)k, NULL);
    if (list.len + strlen(name) > 300) {
      es_buf_printf(&list, ", ... (%zu more)", n - k);
      break;
    }
    es_buf_printf(&list, "%s%s", k ? ", " : "", name);
  }
  es_status rc =
      n ? ES_FAIL(err, ES_EINVAL,
                  "no analysed essay has the front-matter field '%.100s'; "
                  "the fields are: %s",
                  key, list.data)
        : ES_FAIL(err, ES_EINVAL,
                  "no analysed essay has the front-matter field '%.100s'; "
                  "no essay has front-matter fields",
                  key);
  es_buf_free(&list);
  es_intern_free(seen);
  return rc;
}
