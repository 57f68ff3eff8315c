/* audit.c - every essay's findings: what reading and parsing found, plus
 * what stands out against the corpus's own norm (missing fields and parts,
 * no title/sections/key terms where most essays have them, length
 * outliers, near duplicates), or against the rules file when there is one
 * (required fields, value types and values, required parts and their
 * order, per-code severity); then, with a baseline, which findings are new,
 * unchanged or fixed.
 *
 * "Most" means at least half: 2 * count >= N, N the analysed essays. */
#include "stats.h"
#include "../parse/rules.h"
#include "../corpus/baseline.h"

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
    "input_bounded",
    "no_title",
    "no_key_terms",
    "field_type",
    "field_value",
    "part_order",
};

static const es_severity code_severity[ES_CODE__COUNT] = {
    [ES_CODE_UNREADABLE] = ES_SEVERITY_ERROR,
    [ES_CODE_TOO_LARGE] = ES_SEVERITY_ERROR,
    [ES_CODE_NOT_UTF8] = ES_SEVERITY_ERROR,
    [ES_CODE_FRONT_MATTER_INVALID] = ES_SEVERITY_ERROR,
    [ES_CODE_FRONT_MATTER_UNTERMINATED] = ES_SEVERITY_ERROR,
    [ES_CODE_FRONT_MATTER_NOT_MAPPING] = ES_SEVERITY_ERROR,
    [ES_CODE_EMPTY] = ES_SEVERITY_WARNING,
    [ES_CODE_FRONT_MATTER_MISSING] = ES_SEVERITY_WARNING,
    [ES_CODE_MISSING_FIELD] = ES_SEVERITY_WARNING,
    [ES_CODE_DUPLICATE_KEY] = ES_SEVERITY_WARNING,
    [ES_CODE_NO_SECTIONS] = ES_SEVERITY_WARNING,
    [ES_CODE_MISSING_PART] = ES_SEVERITY_WARNING,
    [ES_CODE_EMPTY_SECTION] = ES_SEVERITY_WARNING,
    [ES_CODE_LENGTH_OUTLIER] = ES_SEVERITY_WARNING,
    [ES_CODE_NEAR_DUPLICATE] = ES_SEVERITY_WARNING,
    [ES_CODE_INPUT_BOUNDED] = ES_SEVERITY_WARNING,
    [ES_CODE_NO_TITLE] = ES_SEVERITY_INFO,
    [ES_CODE_NO_KEY_TERMS] = ES_SEVERITY_INFO,
    [ES_CODE_FIELD_TYPE] = ES_SEVERITY_WARNING,
    [ES_CODE_FIELD_VALUE] = ES_SEVERITY_WARNING,
    [ES_CODE_PART_ORDER] = ES_SEVERITY_WARNING,
};

const char *es_code_name(es_code code) {
  return (unsigned)code < ES_CODE__COUNT ? code_names[code] : "unknown";
}

es_severity es_code_severity(es_code code) {
  return (unsigned)code < ES_CODE__COUNT ? code_severity[code]
                                         : ES_SEVERITY_WARNING;
}

const char *es_audit_state_name(es_audit_state state) {
  switch (state) {
  case ES_STATE_NEW:
    return "new";
  case ES_STATE_UNCHANGED:
    return "unchanged";
  case ES_STATE_FIXED:
    return "fixed";
  default:
    return "";
  }
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

/* A finding; `key` (NULL: none) says what it is about, the same from run
 * to run (never a figure), and is kept to one line like the message. */
static void add(list *l, size_t doc, es_code code, unsigned line,
                const char *key, const char *message) {
  message = one_line(l, message);
  /* Copied: a key may come from a table freed before the report. */
  key = key ? es_arena_strdup(l->arena, one_line(l, key)) : "";
  ES_GROW(l->f, l->cap, l->n + 1);
  ES_GROW(l->doc, l->doc_cap, l->n + 1);
  es_finding *f = &l->f[l->n];
  memset(f, 0, sizeof *f);
  f->code = code;
  f->line = line;
  f->message = message;
  f->key = key;
  l->doc[l->n++] = doc;
}

static void addf(list *l, size_t doc, es_code code, unsigned line,
                 const char *key, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void addf(list *l, size_t doc, es_code code, unsigned line,
                 const char *key, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  char *msg = es_arena_vprintf(l->arena, fmt, ap);
  va_end(ap);
  add(l, doc, code, line, key, msg);
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
        addf(l, i, ES_CODE_LENGTH_OUTLIER, 0, NULL,
             "essay is unusually %s: %zu content word%s (robust z %.2f; "
             "corpus median %.0f)",
             yi < med ? "short" : "long", d->counts.content_words,
             d->counts.content_words == 1 ? "" : "s", z, expm1(med));
    }
  }
  free(y);
  free(dev);
}

/* Keys and part labels shared by at least half of the analysed essays
 * (only the ones the rules file does not take over). */
static void missing_fields_and_parts(es_stats *st, list *l, bool fields,
                                     bool parts) {
  const es_corpus *c = st->corpus;
  size_t n = c->analysed;
  es_intern *keys = es_intern_new(), *labels = es_intern_new();
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
      /* kcount grew when the key was added: `added` is true on an id's first
       * appearance, which the analyzer does not know. */
      /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
      kcount[id]++; /* keys are unique within an essay */
    }
    for (size_t s = 1; s < d->nsections; s++) {
      if (d->sections[s].level > 2)
        continue;
      bool added;
      const char *lab = d->sections[s].label;
      uint32_t id = es_intern_add(labels, lab, strlen(lab), &added);
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
  size_t nkeys = es_intern_count(keys), nparts = es_intern_count(labels);
  uint32_t *common_k = es__xmalloc((nkeys ? nkeys : 1) * sizeof *common_k);
  uint32_t *common_p = es__xmalloc((nparts ? nparts : 1) * sizeof *common_p);
  size_t nck = 0, ncp = 0;
  for (size_t k = 0; k < nkeys; k++)
    /* kcount has an entry per key (NULL only when there are no keys). */
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    if (most(kcount[k], n))
      common_k[nck++] = (uint32_t)k;
  for (size_t p = 0; p < nparts; p++)
    /* pcount has an entry per label (NULL only when there are no labels). */
    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
    if (most(pcount[p], n))
      common_p[ncp++] = (uint32_t)p;
  /* Each essay stamps the ids of its keys and part labels (stamp i + 1),
   * then checks the common ones: linear in the essay's own keys and
   * sections plus the common ones (at most twice the corpus's keys / N
   * each), never keys x keys. */
  uint32_t *kstamp = es__xcalloc(nkeys ? nkeys : 1, sizeof *kstamp);
  uint32_t *pstamp = es__xcalloc(nparts ? nparts : 1, sizeof *pstamp);
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d)
      continue;
    uint32_t stamp = (uint32_t)i + 1;
    for (size_t f = 0; f < d->nfields; f++) {
      const char *key = d->fields[f].key;
      kstamp[es_intern_find(keys, key, strlen(key))] = stamp;
    }
    for (size_t s = 1; s < d->nsections; s++)
      if (d->sections[s].level <= 2) {
        const char *lab = d->sections[s].label;
        pstamp[es_intern_find(labels, lab, strlen(lab))] = stamp;
      }
    for (size_t k = 0; fields && k < nck && d->fm == ES_FM_OK; k++) {
      const char *key = es_intern_str(keys, common_k[k], NULL);
      if (kstamp[common_k[k]] != stamp)
        addf(l, i, ES_CODE_MISSING_FIELD, 0, key,
             "front-matter field '%s' is missing (%zu of %zu essays have "
             "it)",
             key, kcount[common_k[k]], n);
    }
    if (d->counts.words == 0)
      continue;
    for (size_t p = 0; parts && p < ncp; p++) {
      const char *lab = es_intern_str(labels, common_p[p], NULL);
      if (pstamp[common_p[p]] != stamp)
        addf(l, i, ES_CODE_MISSING_PART, 0, lab,
             "part '%s' is missing (%zu of %zu essays have it)", lab,
             pcount[common_p[p]], n);
    }
  }
  free(kstamp);
  free(pstamp);
  free(common_k);
  free(common_p);
  free(kcount);
  free(pcount);
  free(mark);
  es_intern_free(keys);
  es_intern_free(labels);
}

/* ---- the rules file ------------------------------------------------------ */

/* Append `s` to b quoted, cut at about 80 bytes (on a character boundary)
 * so that a long value cannot make a long message. */
static void quoted(es_buf *b, const char *s) {
  size_t n = strlen(s), cut = n;
  if (n > 80) {
    cut = 80;
    while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
      cut--;
  }
  es_buf_putc(b, '\'');
  es_buf_put(b, s, cut);
  if (cut < n)
    es_buf_puts(b, "\xE2\x80\xA6"); /* … */
  es_buf_putc(b, '\'');
}

/* The items of a front-matter value: a sequence's items (never split
 * from the joined value: an item may hold "; "), else the value itself. */
static const char *const *value_items(const es_field *f, size_t *n) {
  if (f->sequence) {
    *n = f->nitems;
    return f->items;
  }
  *n = 1;
  return &f->value;
}

static const char *type_phrase(es_value_type t) {
  switch (t) {
  case ES_VALUE_INTEGER:
    return "an integer";
  case ES_VALUE_NUMBER:
    return "a number";
  case ES_VALUE_BOOLEAN:
    return "a boolean (true, false, yes, no)";
  case ES_VALUE_DATE:
    return "a date";
  case ES_VALUE_URL:
    return "a URL";
  default:
    return "a string";
  }
}

/* field_type and field_value for one field of one essay: one finding per
 * code, naming every item that fails. Empty items are not checked (an
 * empty value is missing_field's business). */
static void check_field(list *l, size_t doc, const es_rule_field *rf,
                        const es_field *f) {
  size_t n;
  const char *const *items = value_items(f, &n);
  es_buf bad_type = ES_BUF_INIT, bad_value = ES_BUF_INIT;
  size_t ntype = 0, nvalue = 0;
  for (size_t k = 0; k < n; k++) {
    const char *v = items[k];
    if (!v || !*v)
      continue;
    if (rf->type > ES_VALUE_STRING && !es_value_has_type(rf->type, v)) {
      if (ntype++)
        es_buf_puts(&bad_type, ", ");
      quoted(&bad_type, v);
    }
    bool allowed = !rf->has_values;
    for (size_t a = 0; !allowed && a < rf->nvalues; a++)
      allowed = strcmp(rf->values[a], v) == 0;
    if (!allowed) {
      if (nvalue++)
        es_buf_puts(&bad_value, ", ");
      quoted(&bad_value, v);
    }
  }
  bool seq = f->sequence;
  if (ntype)
    addf(l, doc, ES_CODE_FIELD_TYPE, 0, rf->name,
         "front-matter field '%s' should be %s; %s %s", rf->name,
         type_phrase(rf->type),
         seq ? (ntype == 1 ? "this item is not:" : "these items are not:")
             : "this value is not:",
         bad_type.data);
  if (nvalue) {
    es_buf allowed = ES_BUF_INIT;
    for (size_t a = 0; a < rf->nvalues && allowed.len < 200; a++) {
      if (a)
        es_buf_puts(&allowed, ", ");
      es_buf_puts(&allowed, rf->values[a]);
    }
    if (allowed.len >= 200 && rf->nvalues)
      es_buf_puts(&allowed, ", \xE2\x80\xA6");
    addf(l, doc, ES_CODE_FIELD_VALUE, 0, rf->name,
         "front-matter field '%s' has %s %s, not one of the allowed values "
         "(%s)",
         rf->name, nvalue == 1 ? "the value" : "the values", bad_value.data,
         allowed.data ? allowed.data : "none");
    es_buf_free(&allowed);
  }
  es_buf_free(&bad_type);
  es_buf_free(&bad_value);
}

static const es_field *find_field(const es_doc *d, const char *key) {
  for (size_t f = 0; f < d->nfields; f++)
    if (strcmp(d->fields[f].key, key) == 0)
      return &d->fields[f];
  return NULL;
}

/* What the rules' `fields` ask of each essay with front matter. (Essays
 * without it get front_matter_missing in es_stats__audit; broken front
 * matter has its own error.) */
static void rule_fields(const es_corpus *c, const es_rules *r, list *l) {
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d || d->fm != ES_FM_OK)
      continue;
    for (size_t k = 0; k < r->nfields; k++) {
      const es_rule_field *rf = &r->fields[k];
      const es_field *f = find_field(d, rf->name);
      if (!f || !f->value || !*f->value) {
        if (rf->required)
          addf(l, i, ES_CODE_MISSING_FIELD, 0, rf->name,
               "front-matter field '%s' is %s (the rules require it)", rf->name,
               f ? "empty" : "missing");
        continue;
      }
      if (rf->type > ES_VALUE_STRING || rf->has_values)
        check_field(l, i, rf, f);
    }
  }
}

/* The rules' `parts`: each listed label must be among the essay's parts
 * (missing_part), and they must come in the listed order: part_order at
 * the first part, in document order, that comes before a part it should
 * follow (one finding per essay). */
static void rule_parts(const es_corpus *c, const es_rules *r, list *l) {
  size_t np = r->nparts;
  if (!np)
    return;
  bool *seen = es__xmalloc(np * sizeof *seen);
  size_t *rank = NULL, *sec = NULL, cap = 0, cap2 = 0;
  for (size_t i = 0; i < c->n; i++) {
    const es_doc *d = c->entries[i].doc;
    if (!d || d->counts.words == 0)
      continue;
    memset(seen, 0, np * sizeof *seen);
    size_t m = 0; /* the essay's listed parts, in document order */
    for (size_t s = 1; s < d->nsections; s++) {
      if (d->sections[s].level > 2)
        continue;
      for (size_t p = 0; p < np; p++)
        if (strcmp(d->sections[s].label, r->parts[p]) == 0) {
          seen[p] = true;
          ES_GROW(rank, cap, m + 1);
          ES_GROW(sec, cap2, m + 1);
          rank[m] = p;
          sec[m++] = s;
          break;
        }
    }
    for (size_t p = 0; p < np; p++)
      if (!seen[p])
        addf(l, i, ES_CODE_MISSING_PART, 0, r->parts[p],
             "part '%s' is missing (the rules require it)", r->parts[p]);
    /* Walk from the end keeping the smallest rank seen: the first part
     * whose rank is above a later part's is out of order. */
    size_t first = SIZE_MAX, min_after = SIZE_MAX, follows = 0;
    for (size_t k = m; k-- > 0;) {
      if (min_after != SIZE_MAX && rank[k] > min_after) {
        first = k;
        follows = min_after;
      }
      if (rank[k] < min_after)
        min_after = rank[k];
    }
    if (first != SIZE_MAX) {
      const es_section *s = &d->sections[sec[first]];
      addf(l, i, ES_CODE_PART_ORDER, s->line, r->parts[rank[first]],
           "part '%s' comes before '%s', which it should follow",
           r->parts[rank[first]], r->parts[follows]);
    }
  }
  free(seen);
  free(rank);
  free(sec);
}

/* ---- order, severity and baseline -----------------------------------------
 */

static int cmp_finding(const void *a, const void *b) {
  const es_finding *x = a, *y = b;
  if (x->line != y->line)
    return x->line < y->line ? -1 : 1;
  int c = strcmp(es_code_name(x->code), es_code_name(y->code));
  if (c)
    return c;
  c = strcmp(x->message, y->message);
  if (c)
    return c;
  return strcmp(x->key, y->key);
}

/* Report order of the audit rows: essays in corpus order (a fixed row of
 * an essay that is gone sorts by its doc_id among them: `pos`), then line,
 * code, message, key, state. */
typedef struct row_sort {
  es_audit_row row;
  uint64_t pos; /* 2 * essay + 1; 2 * (essays whose id sorts before) */
} row_sort;

static int cmp_row(const void *a, const void *b) {
  const row_sort *x = a, *y = b;
  if (x->pos != y->pos)
    return x->pos < y->pos ? -1 : 1;
  int c = strcmp(x->row.doc_id, y->row.doc_id);
  if (c)
    return c;
  if (x->row.line != y->row.line)
    return x->row.line < y->row.line ? -1 : 1;
  if ((c = strcmp(x->row.code, y->row.code)) != 0 ||
      (c = strcmp(x->row.message, y->row.message)) != 0 ||
      (c = strcmp(x->row.key, y->row.key)) != 0)
    return c;
  return strcmp(es_audit_state_name(x->row.state),
                es_audit_state_name(y->row.state));
}

/* The identity of a finding across runs, as one string for a dict. */
static void identity(es_buf *b, const char *doc_id, const char *code,
                     const char *key) {
  es_buf_clear(b);
  es_buf_puts(b, doc_id);
  es_buf_putc(b, '\x1f');
  es_buf_puts(b, code);
  es_buf_putc(b, '\x1f');
  es_buf_puts(b, key);
}

static es_severity severity_named(const char *s) {
  return strcmp(s, "error") == 0     ? ES_SEVERITY_ERROR
         : strcmp(s, "warning") == 0 ? ES_SEVERITY_WARNING
                                     : ES_SEVERITY_INFO;
}

/* Give each current finding its state against the baseline (matched one
 * to one per identity, so three findings against two of yesterday's are
 * two unchanged and one new), and list the baseline's findings that no
 * longer occur as fixed rows (*fixed, *nfixed). */
static void compare(es_stats *st, const es_baseline *base, row_sort **fixed,
                    size_t *nfixed) {
  const es_corpus *c = st->corpus;
  es_intern *ids = es_intern_new();
  es_buf key = ES_BUF_INIT;
  size_t nb = base->n;
  uint32_t *bid = es__xmalloc((nb ? nb : 1) * sizeof *bid);
  for (size_t k = 0; k < nb; k++) {
    const es_baseline_row *r = &base->rows[k];
    identity(&key, r->doc_id, r->code, r->key);
    bid[k] = es_intern_add(ids, key.data, key.len, NULL);
  }
  size_t nid = es_intern_count(ids);
  size_t *avail = es__xcalloc(nid ? nid : 1, sizeof *avail);
  size_t *used = es__xcalloc(nid ? nid : 1, sizeof *used);
  for (size_t k = 0; k < nb; k++)
    avail[bid[k]]++;
  for (size_t i = 0; i < c->n; i++)
    for (size_t k = st->f_off[i]; k < st->f_off[i + 1]; k++) {
      es_finding *f = &st->findings[k];
      identity(&key, c->entries[i].id, es_code_name(f->code), f->key);
      uint32_t id = es_intern_find(ids, key.data, key.len);
      if (id != UINT32_MAX && used[id] < avail[id]) {
        used[id]++;
        f->state = ES_STATE_UNCHANGED;
      } else {
        f->state = ES_STATE_NEW;
      }
    }
  /* Fixed: past the matched ones, in the baseline's order. Each is placed
   * among the essays by its doc_id (corpus ids are in bytewise order). */
  es_intern *docs = es_intern_new();
  for (size_t i = 0; i < c->n; i++)
    es_intern_add(docs, c->entries[i].id, strlen(c->entries[i].id), NULL);
  size_t cap = 0;
  *fixed = NULL;
  *nfixed = 0;
  for (size_t k = 0; k < nb; k++) {
    if (used[bid[k]]) {
      used[bid[k]]--;
      continue;
    }
    const es_baseline_row *r = &base->rows[k];
    ES_GROW(*fixed, cap, *nfixed + 1);
    row_sort *o = &(*fixed)[(*nfixed)++];
    uint32_t doc = es_intern_find(docs, r->doc_id, strlen(r->doc_id));
    if (doc != UINT32_MAX && es_intern_count(docs) == c->n) {
      o->row.doc = doc;
      o->pos = 2 * (uint64_t)doc + 1;
    } else {
      size_t lo = 0, hi = c->n; /* first essay whose id sorts after */
      while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(c->entries[mid].id, r->doc_id) < 0)
          lo = mid + 1;
        else
          hi = mid;
      }
      o->row.doc = SIZE_MAX;
      o->pos = 2 * (uint64_t)lo;
    }
    o->row.doc_id = es_arena_strdup(&st->arena, r->doc_id);
    o->row.severity = severity_named(r->severity);
    o->row.code = es_arena_strdup(&st->arena, r->code);
    o->row.key = es_arena_strdup(&st->arena, r->key);
    o->row.line = r->line;
    o->row.message = es_arena_strdup(&st->arena, r->message);
    o->row.state = ES_STATE_FIXED;
  }
  es_intern_free(docs);
  free(avail);
  free(used);
  free(bid);
  es_buf_free(&key);
  es_intern_free(ids);
}

/* The report's rows: every current finding and, with a baseline, the
 * fixed ones, in report order. */
static void make_rows(es_stats *st, row_sort *fixed, size_t nfixed) {
  const es_corpus *c = st->corpus;
  size_t cur = st->f_off[c->n], n = cur + nfixed;
  row_sort *all = es__xmalloc((n ? n : 1) * sizeof *all);
  for (size_t i = 0, q = 0; i < c->n; i++)
    for (size_t k = st->f_off[i]; k < st->f_off[i + 1]; k++, q++) {
      const es_finding *f = &st->findings[k];
      all[q].pos = 2 * (uint64_t)i + 1;
      all[q].row = (es_audit_row){
          i,      c->entries[i].id, f->severity, es_code_name(f->code),
          f->key, f->line,          f->message,  f->state};
    }
  if (nfixed)
    memcpy(all + cur, fixed, nfixed * sizeof *fixed);
  qsort(all, n, sizeof *all, cmp_row);
  st->rows = es_arena_alloc(&st->arena, (n ? n : 1) * sizeof *st->rows);
  for (size_t k = 0; k < n; k++)
    st->rows[k] = all[k].row;
  st->nrows = n;
  free(all);
}

void es_stats__audit(es_stats *st) {
  const es_corpus *c = st->corpus;
  const es_rules *rules = c->rules;
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
  /* With required fields, every essay without front matter lacks them:
   * front_matter_missing stands for all of them. */
  bool required = rules && rules->any_required;

  for (size_t i = 0; i < c->n; i++) {
    const es_entry *e = &c->entries[i];
    if (e->has_read_finding)
      add(&l, i, e->read_finding.code, 0, NULL, e->read_finding.message);
    const es_doc *d = e->doc;
    if (!d)
      continue;
    for (size_t f = 0; f < d->nfindings; f++)
      add(&l, i, d->findings[f].code, d->findings[f].line, d->findings[f].key,
          d->findings[f].message);
    if (d->fm == ES_FM_NONE && required)
      add(&l, i, ES_CODE_FRONT_MATTER_MISSING, 0, NULL,
          "no front matter, which the rules require");
    else if (d->fm == ES_FM_NONE && most(with_fm, n))
      add(&l, i, ES_CODE_FRONT_MATTER_MISSING, 0, NULL,
          "no front matter, which most essays have");
    if (d->counts.words == 0)
      continue; /* an empty essay gets none of the structural notes */
    if (!d->title && most(with_title, n))
      add(&l, i, ES_CODE_NO_TITLE, 0, NULL, "no title, which most essays have");
    if (d->nsections <= 1 && most(with_sections, n))
      add(&l, i, ES_CODE_NO_SECTIONS, 0, NULL,
          "no sections, which most essays have");
    if (d->nkeyterms == 0 && most(with_keys, n))
      add(&l, i, ES_CODE_NO_KEY_TERMS, 0, NULL,
          "no bold key terms, which most essays have");
  }
  missing_fields_and_parts(st, &l, !(rules && rules->has_fields),
                           !(rules && rules->has_parts));
  if (rules && rules->has_fields)
    rule_fields(c, rules, &l);
  if (rules && rules->has_parts)
    rule_parts(c, rules, &l);
  length_outliers(st, &l);
  if (st->dups)
    for (size_t i = 0; i < c->n; i++) {
      const es_duplicate *dp = &st->dups[i];
      if (dp->size && dp->cluster != i)
        addf(&l, i, ES_CODE_NEAR_DUPLICATE, 0, c->entries[dp->cluster].id,
             "near duplicate of %s (shingle Jaccard %.6f; a cluster of %zu "
             "essays)",
             c->entries[dp->nearest].id, dp->jaccard, dp->size);
    }

  /* The rules' severities; `off` drops the finding. */
  size_t kept = 0;
  for (size_t k = 0; k < l.n; k++) {
    es_finding *f = &l.f[k];
    int sev = rules ? rules->severity[f->code] : ES_RULE_DEFAULT;
    if (sev == ES_RULE_OFF)
      continue;
    f->severity =
        sev == ES_RULE_DEFAULT ? es_code_severity(f->code) : (es_severity)sev;
    l.f[kept] = *f;
    l.doc[kept++] = l.doc[k];
  }
  l.n = kept;

  /* Group by essay (a counting sort keeps the order of addition), then
   * sort each essay's findings by line, code, message, key. */
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
    st->severity_total[l.f[k].severity]++;
  free(fill);
  free(l.f);
  free(l.doc);

  row_sort *fixed = NULL;
  size_t nfixed = 0;
  if (c->baseline)
    compare(st, c->baseline, &fixed, &nfixed);
  make_rows(st, fixed, nfixed);
  free(fixed);
}
