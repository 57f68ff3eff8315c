/* reports.c - the CSV reports. Each writer reads the corpus and the stats
 * through the public API only and writes one CSV table. */
#include "essay_stats.h"
#include "csv.h"
#include "../engine/util/intern.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef void (*writer_fn)(es_csv *w, const es_corpus *c, const es_stats *st);

/* The header row, from the report's schema (reports/schema.c): the one
 * table that also gives datapackage.json its fields. */
static es_schema *header(es_csv *w, const char *name, const es_corpus *c) {
  es_schema *schema = NULL;
  es_report_schema(&schema, name, c, NULL);
  for (size_t i = 0; i < es_schema_column_count(schema); i++)
    es_csv_str(w, es_schema_column(schema, i)->name);
  es_csv_end_row(w);
  return schema;
}

/* ---- essays ------------------------------------------------------------ */

static void write_essays(es_csv *w, const es_corpus *c, const es_stats *st) {
  es_schema *schema = header(w, "essays", c);
  /* Front-matter columns: the schema's columns with a key, after doc_id;
   * a dict finds each field's column, so a row costs its own fields. */
  es_intern *cols = es_intern_new();
  for (size_t k = 0; k < es_schema_column_count(schema); k++) {
    const char *key = es_schema_column(schema, k)->key;
    if (key)
      es_intern_add(cols, key, strlen(key), NULL);
  }
  size_t nfm = es_intern_count(cols);
  const char **vals = es__xcalloc(nfm ? nfm : 1, sizeof *vals);
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    const es_doc *d = es_corpus_doc(c, i);
    int64_t bytes = es_corpus_bytes(c, i);
    es_csv_str(w, es_corpus_doc_id(c, i));
    memset(vals, 0, nfm * sizeof *vals);
    for (size_t f = 0; d && f < es_doc_field_count(d); f++) {
      const es_field *fl = es_doc_field(d, f);
      vals[es_intern_find(cols, fl->key, strlen(fl->key))] = fl->value;
    }
    for (size_t k = 0; k < nfm; k++)
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
  es_intern_free(cols);
  es_schema_free(schema);
}

/* ---- sections ---------------------------------------------------------- */

static void write_sections(es_csv *w, const es_corpus *c, const es_stats *st) {
  (void)st;
  static const char *const kinds[] = {"preamble", "heading", "pseudo"};
  es_schema_free(header(w, "sections", c));
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
  es_schema_free(header(w, "terms", c));
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

static void write_keyterms(es_csv *w, const es_corpus *c, const es_stats *st) {
  es_schema_free(header(w, "keyterms", c));
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
  es_schema_free(header(w, "lengths", c));
  for (size_t i = 0; i < es_stats_distribution_count(st); i++) {
    const es_distribution *d = es_stats_distribution(st, i);
    es_csv_str(w, d->unit);
    es_csv_str(w, d->label);
    es_csv_str(w, d->group);
    es_csv_uint(w, d->n);
    const double v[] = {d->mean, d->sd,       d->min,     d->p10,
                        d->q1,   d->median,   d->q3,      d->p90,
                        d->max,  d->skewness, d->kurtosis};
    for (size_t k = 0; k < sizeof v / sizeof *v; k++)
      es_csv_real(w, v[k]);
    es_csv_end_row(w);
  }
}

static void write_histogram(es_csv *w, const es_corpus *c, const es_stats *st) {
  es_schema_free(header(w, "histogram", c));
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
  es_schema_free(header(w, "similarity", c));
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
  es_schema_free(header(w, "audit", c));
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
