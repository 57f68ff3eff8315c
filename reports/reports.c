/* reports.c - the CSV reports. Each writer reads the corpus and the stats
 * through the public API only and writes one CSV table. */
#include "essay_stats.h"
#include "csv.h"
#include "../engine/util/util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef void (*writer_fn)(es_csv *w, const es_corpus *c, const es_stats *st);

/* ---- essays ------------------------------------------------------------ */

static const char *const essay_fixed[] = {
    "doc_id",        "title",           "bytes",           "words",
    "content_words", "sections",        "parts",           "subsections",
    "paragraphs",    "list_items",      "key_terms",       "unique_key_terms",
    "label_terms",   "inline_terms",    "mean_section_words",
    "max_section_words", "nearest_doc", "nearest_cosine",  "issues",
    NULL};

static bool is_fixed(const char *name) {
  for (size_t i = 0; essay_fixed[i]; i++)
    if (strcmp(essay_fixed[i], name) == 0)
      return true;
  return false;
}

/* Front-matter columns: every key in order of first appearance; a key that
 * clashes with a fixed column is prefixed "fm." until the name is unique. */
typedef struct fm_columns {
  es_dict *keys;  /* key -> column */
  char **names;   /* header names */
  size_t n;
} fm_columns;

static fm_columns fm_columns_build(const es_corpus *c) {
  fm_columns fc;
  fc.keys = es_dict_new();
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    const es_doc *d = es_corpus_doc(c, i);
    if (!d)
      continue;
    for (size_t f = 0; f < es_doc_field_count(d); f++) {
      const char *k = es_doc_field(d, f)->key;
      es_dict_intern(fc.keys, k, strlen(k), NULL);
    }
  }
  fc.n = es_dict_count(fc.keys);
  fc.names = es__xcalloc(fc.n ? fc.n : 1, sizeof *fc.names);
  es_dict *used = es_dict_new();
  for (size_t i = 0; essay_fixed[i]; i++)
    es_dict_intern(used, essay_fixed[i], strlen(essay_fixed[i]), NULL);
  for (size_t k = 0; k < fc.n; k++) {
    const char *key = es_dict_str(fc.keys, (uint32_t)k, NULL);
    if (!is_fixed(key))
      es_dict_intern(used, key, strlen(key), NULL);
  }
  es_buf name = ES_BUF_INIT;
  for (size_t k = 0; k < fc.n; k++) {
    const char *key = es_dict_str(fc.keys, (uint32_t)k, NULL);
    es_buf_clear(&name);
    es_buf_puts(&name, key);
    if (is_fixed(key)) {
      do {
        es_buf tmp = ES_BUF_INIT;
        es_buf_puts(&tmp, "fm.");
        es_buf_put(&tmp, name.data, name.len);
        es_buf_free(&name);
        name = tmp;
      } while (es_dict_find(used, name.data, name.len) != UINT32_MAX);
      es_dict_intern(used, name.data, name.len, NULL);
    }
    fc.names[k] = es__xstrndup(name.data, name.len);
  }
  es_buf_free(&name);
  es_dict_free(used);
  return fc;
}

static void fm_columns_free(fm_columns *fc) {
  for (size_t k = 0; k < fc->n; k++)
    free(fc->names[k]);
  free(fc->names);
  es_dict_free(fc->keys);
}

static void write_essays(es_csv *w, const es_corpus *c, const es_stats *st) {
  fm_columns fc = fm_columns_build(c);
  es_csv_str(w, "doc_id");
  for (size_t k = 0; k < fc.n; k++)
    es_csv_str(w, fc.names[k]);
  for (size_t i = 1; essay_fixed[i]; i++)
    es_csv_str(w, essay_fixed[i]);
  es_csv_end_row(w);
  const char **vals = es__xcalloc(fc.n ? fc.n : 1, sizeof *vals);
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    const es_doc *d = es_corpus_doc(c, i);
    int64_t bytes = es_corpus_bytes(c, i);
    es_csv_str(w, es_corpus_doc_id(c, i));
    memset(vals, 0, fc.n * sizeof *vals);
    for (size_t f = 0; d && f < es_doc_field_count(d); f++) {
      const es_field *fl = es_doc_field(d, f);
      vals[es_dict_find(fc.keys, fl->key, strlen(fl->key))] = fl->value;
    }
    for (size_t k = 0; k < fc.n; k++)
      es_csv_str(w, vals[k]);
    if (!d) {
      es_csv_empty(w); /* title */
      if (bytes >= 0)
        es_csv_int(w, bytes);
      else
        es_csv_empty(w);
      for (int k = 0; k < 15; k++) /* words .. nearest_cosine */
        es_csv_empty(w);
      es_csv_uint(w, es_stats_finding_count(st, i));
      es_csv_end_row(w);
      continue;
    }
    const es_doc_counts *n = es_doc_counts_get(d);
    size_t nsec = es_doc_section_count(d) - 1, parts = 0, maxw = 0, sumw = 0;
    for (size_t s = 1; s <= nsec; s++) {
      const es_section *sec = es_doc_section(d, s);
      parts += sec->level <= 2;
      sumw += sec->words;
      if (sec->words > maxw)
        maxw = sec->words;
    }
    es_csv_str(w, es_doc_title(d));
    es_csv_int(w, bytes);
    es_csv_uint(w, n->words);
    es_csv_uint(w, n->content_words);
    es_csv_uint(w, nsec);
    es_csv_uint(w, parts);
    es_csv_uint(w, nsec - parts);
    es_csv_uint(w, n->paragraphs);
    es_csv_uint(w, n->list_items);
    es_csv_uint(w, n->key_terms);
    es_csv_uint(w, n->unique_key_terms);
    es_csv_uint(w, n->label_terms);
    es_csv_uint(w, n->inline_terms);
    if (nsec) {
      es_csv_real(w, (double)sumw / (double)nsec);
      es_csv_uint(w, maxw);
    } else {
      es_csv_empty(w);
      es_csv_empty(w);
    }
    const es_neighbor *nb = es_stats_neighbor(st, i, 0);
    if (nb) {
      es_csv_str(w, es_corpus_doc_id(c, nb->doc));
      es_csv_real(w, nb->cosine);
    } else {
      es_csv_empty(w);
      es_csv_empty(w);
    }
    es_csv_uint(w, es_stats_finding_count(st, i));
    es_csv_end_row(w);
  }
  free(vals);
  fm_columns_free(&fc);
}

/* ---- sections ---------------------------------------------------------- */

static void write_sections(es_csv *w, const es_corpus *c,
                           const es_stats *st) {
  (void)st;
  static const char *const cols[] = {
      "doc_id", "section",  "level",       "kind",       "parent",
      "part",   "label",    "heading",     "line",       "words",
      "words_total", "paragraphs", "list_items", "key_terms", NULL};
  static const char *const kinds[] = {"preamble", "heading", "pseudo"};
  es_csv_header(w, cols);
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    const es_doc *d = es_corpus_doc(c, i);
    if (!d)
      continue;
    for (size_t s = 0; s < es_doc_section_count(d); s++) {
      const es_section *sec = es_doc_section(d, s);
      if (s == 0 && sec->words == 0)
        continue; /* the preamble appears only when it holds words */
      es_csv_str(w, es_corpus_doc_id(c, i));
      es_csv_uint(w, s);
      if (s == 0) {
        es_csv_empty(w);
        es_csv_str(w, kinds[sec->kind]);
        for (int k = 0; k < 4; k++)
          es_csv_empty(w);
      } else {
        es_csv_int(w, sec->level);
        es_csv_str(w, kinds[sec->kind]);
        if (sec->parent)
          es_csv_uint(w, sec->parent);
        else
          es_csv_empty(w);
        es_csv_str(w, sec->part);
        es_csv_str(w, sec->label);
        es_csv_str(w, sec->heading);
      }
      if (sec->line)
        es_csv_uint(w, sec->line);
      else
        es_csv_empty(w);
      es_csv_uint(w, sec->words);
      es_csv_uint(w, sec->words_total);
      es_csv_uint(w, sec->paragraphs);
      es_csv_uint(w, sec->list_items);
      es_csv_uint(w, sec->key_terms);
      es_csv_end_row(w);
    }
  }
}

/* ---- terms and key terms ----------------------------------------------- */

static void group_cell(es_csv *w, const es_corpus *c, const es_stats *st,
                       size_t g) {
  if (es_corpus_options(c)->group_by)
    es_csv_str(w, es_stats_group_name(st, g));
}

static void write_terms(es_csv *w, const es_corpus *c, const es_stats *st) {
  if (es_corpus_options(c)->group_by)
    es_csv_str(w, "group");
  static const char *const cols[] = {"term", "count", "docs", "doc_share",
                                     "idf", NULL};
  es_csv_header(w, cols);
  for (size_t g = 0; g < es_stats_group_count(st); g++)
    for (size_t i = 0; i < es_stats_term_count(st, g); i++) {
      const es_term_row *r = es_stats_term(st, g, i);
      group_cell(w, c, st, g);
      es_csv_str(w, r->term);
      es_csv_uint(w, r->count);
      es_csv_uint(w, r->docs);
      es_csv_real(w, r->doc_share);
      es_csv_real(w, r->idf);
      es_csv_end_row(w);
    }
}

static void write_keyterms(es_csv *w, const es_corpus *c,
                           const es_stats *st) {
  if (es_corpus_options(c)->group_by)
    es_csv_str(w, "group");
  static const char *const cols[] = {"key",         "term",         "count",
                                     "docs",        "label_count",  "inline_count",
                                     "first_doc",   NULL};
  es_csv_header(w, cols);
  for (size_t g = 0; g < es_stats_group_count(st); g++)
    for (size_t i = 0; i < es_stats_keyterm_count(st, g); i++) {
      const es_keyterm_row *r = es_stats_keyterm(st, g, i);
      group_cell(w, c, st, g);
      es_csv_str(w, r->key);
      es_csv_str(w, r->term);
      es_csv_uint(w, r->count);
      es_csv_uint(w, r->docs);
      es_csv_uint(w, r->label_count);
      es_csv_uint(w, r->inline_count);
      es_csv_str(w, r->first_doc);
      es_csv_end_row(w);
    }
}

/* ---- lengths and histogram --------------------------------------------- */

static void write_lengths(es_csv *w, const es_corpus *c, const es_stats *st) {
  (void)c;
  static const char *const cols[] = {
      "unit", "label", "group", "n",   "mean", "sd",       "min",     "p10",
      "q1",   "median", "q3",   "p90", "max",  "skewness", "kurtosis", NULL};
  es_csv_header(w, cols);
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    const es_distribution *d = es_stats_distribution(st, i);
    es_csv_str(w, d->unit);
    es_csv_str(w, d->label);
    es_csv_str(w, d->group);
    es_csv_uint(w, d->n);
    const double v[] = {d->mean, d->sd,  d->min, d->p10,      d->q1,
                        d->median, d->q3, d->p90, d->max, d->skewness,
                        d->kurtosis};
    for (size_t k = 0; k < sizeof v / sizeof *v; k++)
      es_csv_real(w, v[k]);
    es_csv_end_row(w);
  }
}

static void write_histogram(es_csv *w, const es_corpus *c,
                            const es_stats *st) {
  (void)c;
  static const char *const cols[] = {"unit", "label", "group", "bin",
                                     "lo",   "hi",    "count", NULL};
  es_csv_header(w, cols);
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    const es_distribution *d = es_stats_distribution(st, i);
    for (size_t b = 0; b < d->bins; b++) {
      es_csv_str(w, d->unit);
      es_csv_str(w, d->label);
      es_csv_str(w, d->group);
      es_csv_uint(w, b);
      es_csv_real(w, d->lo[b]);
      es_csv_real(w, d->hi[b]);
      es_csv_uint(w, d->count[b]);
      es_csv_end_row(w);
    }
  }
}

/* ---- similarity and audit ---------------------------------------------- */

static void write_similarity(es_csv *w, const es_corpus *c,
                             const es_stats *st) {
  static const char *const cols[] = {"doc_id", "rank", "neighbor", "cosine",
                                     "keyterm_jaccard", "shared_key_terms",
                                     NULL};
  es_csv_header(w, cols);
  for (size_t i = 0; i < es_corpus_count(c); i++)
    for (size_t r = 0; r < es_stats_neighbor_count(st, i); r++) {
      const es_neighbor *nb = es_stats_neighbor(st, i, r);
      es_csv_str(w, es_corpus_doc_id(c, i));
      es_csv_uint(w, r + 1);
      es_csv_str(w, es_corpus_doc_id(c, nb->doc));
      es_csv_real(w, nb->cosine);
      es_csv_real(w, nb->keyterm_jaccard);
      es_csv_uint(w, nb->shared_key_terms);
      es_csv_end_row(w);
    }
}

static void write_audit(es_csv *w, const es_corpus *c, const es_stats *st) {
  static const char *const cols[] = {"doc_id", "severity", "code", "line",
                                     "message", NULL};
  es_csv_header(w, cols);
  for (size_t i = 0; i < es_corpus_count(c); i++)
    for (size_t k = 0; k < es_stats_finding_count(st, i); k++) {
      const es_finding *f = es_stats_finding(st, i, k);
      es_csv_str(w, es_corpus_doc_id(c, i));
      es_csv_str(w, es_severity_name(es_code_severity(f->code)));
      es_csv_str(w, es_code_name(f->code));
      if (f->line)
        es_csv_uint(w, f->line);
      else
        es_csv_empty(w);
      es_csv_str(w, f->message);
      es_csv_end_row(w);
    }
}

/* ---- registry ---------------------------------------------------------- */

typedef struct report {
  const char *name;
  unsigned needs;
  writer_fn write;
} report;

static const report reports[] = {
    {"essays", ES_NEED_AUDIT, write_essays},
    {"sections", 0, write_sections},
    {"terms", ES_NEED_TERMS, write_terms},
    {"keyterms", ES_NEED_KEYTERMS, write_keyterms},
    {"lengths", ES_NEED_LENGTHS, write_lengths},
    {"histogram", ES_NEED_LENGTHS, write_histogram},
    {"similarity", ES_NEED_SIMILARITY, write_similarity},
    {"audit", ES_NEED_AUDIT, write_audit},
};
enum { NREPORTS = sizeof reports / sizeof *reports };

const char *const *es_report_names(void) {
  static const char *names[NREPORTS + 1];
  for (size_t i = 0; i < NREPORTS; i++)
    names[i] = reports[i].name;
  names[NREPORTS] = NULL;
  return names;
}

static const report *find(const char *name) {
  for (size_t i = 0; name && i < NREPORTS; i++)
    if (strcmp(reports[i].name, name) == 0)
      return &reports[i];
  return NULL;
}

unsigned es_report_needs(const char *name) {
  const report *r = find(name);
  return r ? r->needs : 0;
}

es_status es_report_write(const char *name, const es_corpus *corpus,
                          const es_stats *stats, FILE *out, es_error *err) {
  ES_ASSERT_ARG(corpus && stats && out);
  const report *r = find(name);
  if (!r)
    return ES_FAIL(err, ES_EINVAL, "unknown report '%s'", name ? name : "");
  es_csv w;
  es_csv_init(&w, out);
  r->write(&w, corpus, stats);
  if (fflush(out) != 0 || ferror(out))
    return ES_FAIL(err, ES_EIO, "cannot write the %s report: %s", name,
                   strerror(errno));
  return ES_OK;
}
