/* audit.c - every essay's findings: what reading and parsing found, plus
 * what stands out against the corpus's own norm (missing fields and parts,
 * no title/sections/key terms where most essays have them, length
 * outliers, near duplicates).
 *
 * "Most" means at least half: 2 * count >= N, N the analysed essays. */
#include "stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const code_names[ES_CODE__COUNT] = {
    "unreadable",
    "too_large",
    "not_utf8",
    "front_matter_invalid",
    "front_matter_unterminated",
    "front_matter_not_mapping",
    "empty",
    "front_matter_missing",
    "missing_field",
    "duplicate_key",
    "no_sections",
    "missing_part",
    "empty_section",
    "length_outlier",
    "near_duplicate",
    "no_title",
    "no_key_terms",
};

const char *es_code_name(es_code code) {
  return (unsigned)code < ES_CODE__COUNT ? code_names[code] : "unknown";
}

es_severity es_code_severity(es_code code) {
  if (code <= ES_CODE_FRONT_MATTER_NOT_MAPPING)
    return ES_SEVERITY_ERROR;
  if (code <= ES_CODE_NEAR_DUPLICATE)
    return ES_SEVERITY_WARNING;
  return ES_SEVERITY_INFO;
}

const char *es_severity_name(es_severity s) {
  switch (s) {
  case ES_SEVERITY_ERROR:
    return "error";
  case ES_SEVERITY_WARNING:
    return "warning";
  default:
    return "info";
  }
}

typedef struct list {
  es_finding *f;
  size_t n, cap;
  size_t *doc; /* essay of each finding */
  size_t doc_cap;
  es_arena *arena;
} list;

/* A message is one line of text. File names (the partner of a near
 * duplicate) and YAML keys may hold control characters, a newline above
 * all: those are written as C escapes ("\n", "\x01"). A message without
 * one is used as it is. */
static const char *one_line(list *l, const char *m) {
  size_t extra = 0;
  for (const unsigned char *p = (const unsigned char *)m; *p; p++)
    if (*p < 0x20 || *p == 0x7f)
      extra += 3; /* at most "\xHH" for one byte */
  if (!extra)
    return m;
  char *out = es_arena_alloc(l->arena, strlen(m) + extra + 1), *o = out;
  for (const unsigned char *p = (const unsigned char *)m; *p; p++) {
    if (*p >= 0x20 && *p != 0x7f) {
      *o++ = (char)*p;
      continue;
    }
    *o++ = '\\';
    if (*p == '\n')
      *o++ = 'n';
    else if (*p == '\r')
      *o++ = 'r';
    else if (*p == '\t')
      *o++ = 't';
    else
      o += sprintf(o, "x%02X", *p);
  }
  *o = 0;
  return out;
}

static void add(list *l, size_t doc, es_code code, unsigned line,
                const char *message) {
  message = one_line(l, message);
  ES_GROW(l->f, l->cap, l->n + 1);
  ES_GROW(l->doc, l->doc_cap, l->n + 1);
  l->f[l->n] = (es_finding){code, line, message};
  l->doc[l->n++] = doc;
}

static void addf(list *l, size_t doc, es_code code, unsigned line,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static void addf(list *l, size_t doc, es_code code, unsigned line,
                 const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = es_arena_vprintf(l->arena, fmt, ap);
  va_end(ap);
  add(l, doc, code, line, msg);
}

static bool most(size_t count, size_t n) { return n > 0 && 2 * count >= n; }

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Length outliers: robust z of y = ln(1 + content_words), with the median
 * and the median absolute deviation (both by the quantile rule). */
static void length_outliers(es_stats *st, list *l) {
  const es_corpus *c = st->corpus;
  size_t n = c->analysed;
  if (n == 0)
    return;
  double *y = es__xmalloc(n * sizeof *y);
  double *dev = es__xmalloc(n * sizeof *dev);
  size_t k = 0;
  for (size_t i = 0; i < c->n; i++)
    if (c->entries[i].doc)
      y[k++] = log1p((double)c->entries[i].doc->counts.content_words);
  qsort(y, n, sizeof *y, cmp_double);
  double med = es_stats__quantile(y, n, 0.5);
  for (size_t i = 0; i < n; i++)
    dev[i] = fabs(y[i] - med);
  qsort(dev, n, sizeof *dev, cmp_double);
  double mad = es_stats__quantile(dev, n, 0.5);
  if (mad > 0) {
    for (size_t i = 0; i < c->n; i++) {
      const es_doc *d = c->entries[i].doc;
      if (!d || d->counts.words == 0)
        continue;
      double yi = log1p((double)d->counts.content_words);
      double z = 0.6745 * fabs(yi - med) / mad;
      if (z > 3.5)
        addf(l, i, ES_CODE_LENGTH_OUTLIER, 0,
             "essay is unusually %s: %zu content words (robust z %.2f; "
             "corpus median %.0f)",
             yi < med ? "short" : "long", d->counts.content_words, z,
             expm1(med));
    }
  }
  free(y);
  free(dev);
}

/* Keys and part labels shared by at least half of the analysed essays. */
static void missing_fields_and_parts(es_stats *st, list *l) {
  const es_corpus *c = st->corpus;
  size_t n = c->analysed;
  es_intern *keys = es_intern_new(), *parts = es_intern_new();
  size_t *kcount = NULL, kcap = 0, *pcount = NULL, pcap = 0;
  uint32_t *mark = NULL;
  size_t mark_cap = 0;
  /* Count each key and part label once per essay. */
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    for (size_t f = 0; f < d->nfields; f++) {
      bool added;
      uint32_t id = es_intern_add(keys, d->fields[f].key,
                                  strlen(d->fields[f].key), &added);
      if (added) {
        ES_GROW(kcount, kcap, (size_t)id + 1);
        kcount[id] = 0;
      }
      kcount[id]++; /* keys are unique within an essay */
    }
    for (size_t s = 1; s < d->nsections; s++) {
      if (d->sections[s].level > 2)
        continue;
      bool added;
      const char *lab = d->sections[s].label;
      uint32_t id = es_intern_add(parts, lab, strlen(lab), &added);
      if (added) {
        ES_GROW(pcount, pcap, (size_t)id + 1);
        ES_GROW(mark, mark_cap, (size_t)id + 1);
        pcount[id] = 0;
        mark[id] = UINT32_MAX;
      }
      if (mark[id] != (uint32_t)i) {
        mark[id] = (uint32_t)i;
        pcount[id]++;
      }
    }
  }
  /* Only the keys and labels most essays have are checked, so the work is
   * small whatever the number of distinct keys. */
  size_t nkeys = es_intern_count(keys), nparts = es_intern_count(parts);
  uint32_t *common_k = es__xmalloc((nkeys ? nkeys : 1) * sizeof *common_k);
  uint32_t *common_p = es__xmalloc((nparts ? nparts : 1) * sizeof *common_p);
  size_t nck = 0, ncp = 0;
  for (size_t k = 0; k < nkeys; k++)
    if (most(kcount[k], n))
      common_k[nck++] = (uint32_t)k;
  for (size_t p = 0; p < nparts; p++)
    if (most(pcount[p], n))
      common_p[ncp++] = (uint32_t)p;
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    for (size_t k = 0; k < nck && d->fm == ES_FM_OK; k++) {
      const char *key = es_intern_str(keys, common_k[k], NULL);
      if (!es_doc_field_value(d, key))
        addf(l, i, ES_CODE_MISSING_FIELD, 0,
             "front-matter field '%s' is missing (%zu of %zu essays have "
             "it)",
             key, kcount[common_k[k]], n);
    }
    if (d->counts.words == 0)
      continue;
    for (size_t p = 0; p < ncp; p++) {
      const char *lab = es_intern_str(parts, common_p[p], NULL);
      bool found = false;
      for (size_t s = 1; s < d->nsections && !found; s++)
        found =
            d->sections[s].level <= 2 && strcmp(d->sections[s].label, lab) == 0;
      if (!found)
        addf(l, i, ES_CODE_MISSING_PART, 0,
             "part '%s' is missing (%zu of %zu essays have it)", lab,
             pcount[common_p[p]], n);
    }
  }
  free(common_k);
  free(common_p);
  free(kcount);
  free(pcount);
  free(mark);
  es_intern_free(keys);
  es_intern_free(parts);
}

static int cmp_finding(const void *a, const void *b) {
  const es_finding *x = a, *y = b;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  int c = strcmp(es_code_name(x->code), es_code_name(y->code));
  if (c)
    return c;
  return strcmp(x->message, y->message);
}

void es_stats__audit(es_stats *st) {
  const es_corpus *c = st->corpus;
  size_t n = c->analysed;
  list l;
  memset(&l, 0, sizeof l);
  l.arena = &st->arena;

  size_t with_fm = 0, with_title = 0, with_sections = 0, with_keys = 0;
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    with_fm += d->fm != ES_FM_NONE;
    with_title += d->title != NULL;
    with_sections += d->nsections > 1;
    with_keys += d->nkeyterms > 0;
  }

  for (size_t i = 0; i < c->n; i++) {
    const es_entry *e = &c->entries[i];
    if (e->has_read_finding)
      add(&l, i, e->read_finding.code, 0, e->read_finding.message);
    const es_doc *d = e->doc;
    if (!d)
      continue;
    for (size_t f = 0; f < d->nfindings; f++)
      add(&l, i, d->findings[f].code, d->findings[f].line,
          d->findings[f].message);
    if (d->fm == ES_FM_NONE && most(with_fm, n))
      add(&l, i, ES_CODE_FRONT_MATTER_MISSING, 0,
          "no front matter, which most essays have");
    if (d->counts.words == 0)
      continue; /* an empty essay gets none of the structural notes */
    if (!d->title && most(with_title, n))
      add(&l, i, ES_CODE_NO_TITLE, 0, "no title, which most essays have");
    if (d->nsections <= 1 && most(with_sections, n))
      add(&l, i, ES_CODE_NO_SECTIONS, 0, "no sections, which most essays have");
    if (d->nkeyterms == 0 && most(with_keys, n))
      add(&l, i, ES_CODE_NO_KEY_TERMS, 0,
          "no bold key terms, which most essays have");
  }
  missing_fields_and_parts(st, &l);
  length_outliers(st, &l);
  if (st->best_cos) {
    double thr = c->opts.dup_threshold;
    for (size_t i = 0; i < c->n; i++)
      if (st->best_doc[i] != SIZE_MAX && st->best_cos[i] > 0 &&
          st->best_cos[i] >= thr)
        addf(&l, i, ES_CODE_NEAR_DUPLICATE, 0,
             "near duplicate of %s (cosine %.6f)",
             c->entries[st->best_doc[i]].id, st->best_cos[i]);
  }

  /* Group by essay (a counting sort keeps the order of addition), then
   * sort each essay's findings by line, code, message. */
  st->f_off = es__xcalloc(c->n + 1, sizeof *st->f_off);
  for (size_t k = 0; k < l.n; k++)
    st->f_off[l.doc[k] + 1]++;
  for (size_t i = 0; i < c->n; i++)
    st->f_off[i + 1] += st->f_off[i];
  st->findings = es__xmalloc((l.n ? l.n : 1) * sizeof *st->findings);
  size_t *fill = es__xmalloc((c->n ? c->n : 1) * sizeof *fill);
  memcpy(fill, st->f_off, c->n * sizeof *fill);
  for (size_t k = 0; k < l.n; k++)
    st->findings[fill[l.doc[k]]++] = l.f[k];
  for (size_t i = 0; i < c->n; i++)
    qsort(st->findings + st->f_off[i], st->f_off[i + 1] - st->f_off[i],
          sizeof *st->findings, cmp_finding);
  for (size_t k = 0; k < l.n; k++)
    st->severity_total[es_code_severity(l.f[k].code)]++;
  free(fill);
  free(l.f);
  free(l.doc);
}
