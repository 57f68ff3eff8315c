/* schema.c - what every report column is: name, type, unit and meaning.
 * This one table feeds datapackage.json and the column dictionary of
 * README.md; tests/unit/test_schema.c checks it against the headers
 * that reports.c writes, so that the CSV writers and their description
 * cannot drift apart. */
#include "schema.h"
#include "../engine/util/intern.h"

#include <stdlib.h>
#include <string.h>

/* ---- the table --------------------------------------------------------- */

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

static const char *const section_kinds[] = {"preamble", "heading", "pseudo",
                                            NULL};
static const char *const length_units[] = {"essay", "part", "subsection",
                                           "section", NULL};
static const char *const severities[] = {"error", "warning", "info", NULL};

#define GROUP_COL(what, flags)                                                 \
  {                                                                            \
    "group", STR, "",                                                          \
        "The group of the row: (all) for the whole corpus, else a value of "   \
        "the "                                                                 \
        "--group-by front-matter field, or (none) for essays without "         \
        "it." what,                                                            \
        flags, NULL                                                            \
  }

static const es_coldef essays_cols[] = {
    {"doc_id", STR, "",
     "The essay's path as reached from its command-line argument; rows are "
     "sorted by it (bytewise).",
     ES_COLDEF_KEY, NULL},
    {"KEY", STR, "",
     "One column per front-matter key seen in the corpus, in order of first "
     "appearance: nested keys as parent.child, sequences joined with \"; \". "
     "A key that clashes with another column is written fm.KEY. Always text, "
     "whatever the values look like.",
     ES_COLDEF_FRONT_MATTER, NULL},
    {"title", STR, "",
     "The essay's title (a leading level-1 heading, or a heading-like block "
     "directly followed by another); empty when it has none.",
     0, NULL},
    {"bytes", INT, "bytes",
     "File size; empty when the file could not be examined.", 0, NULL},
    {"words", INT, "words",
     "Words of the whole body, title and headings included.", 0, NULL},
    {"content_words", INT, "words",
     "Words of the sections and the preamble (title and headings excluded).", 0,
     NULL},
    {"sections", INT, "sections",
     "Sections (heading-like blocks other than the title); the preamble is "
     "not counted.",
     0, NULL},
    {"parts", INT, "sections", "Sections of level 1 or 2 (parts).", 0, NULL},
    {"subsections", INT, "sections", "Sections of level 3 or deeper.", 0, NULL},
    {"paragraphs", INT, "paragraphs",
     "Paragraphs outside list items (the title and pseudo-headings are not "
     "paragraphs).",
     0, NULL},
    {"list_items", INT, "items", "List items at any depth.", 0, NULL},
    {"key_terms", INT, "key terms",
     "Bold key terms (strong text outside the title and headings).", 0, NULL},
    {"unique_key_terms", INT, "key terms",
     "Distinct key terms, by normalized form.", 0, NULL},
    {"label_terms", INT, "key terms",
     "Key terms that open their paragraph with words after them "
     "(\"**Color Palette:** The ...\").",
     0, NULL},
    {"inline_terms", INT, "key terms", "The other key terms.", 0, NULL},
    {"mean_section_words", NUM, "words",
     "Mean of the sections' own words (preamble excluded); empty without "
     "sections.",
     0, NULL},
    {"max_section_words", INT, "words",
     "Own words of the longest section; empty without sections.", 0, NULL},
    {"nearest_doc", STR, "",
     "doc_id of the most similar essay (rank 1 in the similarity report); "
     "empty when no essay is similar.",
     ES_COLDEF_DOC_REF, NULL},
    {"nearest_cosine", NUM, "cosine",
     "TF-IDF cosine similarity to nearest_doc, from 0 to 1.", 0, NULL},
    {"issues", INT, "findings",
     "Audit findings about the essay (its rows in the audit report).", 0, NULL},
};

static const es_coldef sections_cols[] = {
    {"doc_id", STR, "", "The essay (see essays.doc_id).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL},
    {"section", INT, "",
     "Section number within the essay: 0 is the preamble, then 1, 2, ... in "
     "document order.",
     ES_COLDEF_KEY, NULL},
    {"level", INT, "",
     "Nesting level: a heading's level (1-6), 2 for a part and 3 for a "
     "subsection pseudo-heading; levels 1 and 2 are parts. Empty for the "
     "preamble.",
     0, NULL},
    {"kind", STR, "",
     "heading (ATX or setext), pseudo (a paragraph holding only bold text) "
     "or preamble (the words before the first section).",
     ES_COLDEF_ENUM, section_kinds},
    {"parent", INT, "",
     "Section number of the enclosing section; empty at the top level.", 0,
     NULL},
    {"part", STR, "", "Label of the enclosing part (its own label for a part).",
     0, NULL},
    {"label", STR, "",
     "The text before \": \" in a \"Label: Subtitle\" heading, else the whole "
     "heading.",
     0, NULL},
    {"heading", STR, "", "The heading text, white space collapsed.", 0, NULL},
    {"line", INT, "line",
     "Line of the heading in the file (1-based, front matter included); for "
     "the preamble its first block's line.",
     0, NULL},
    {"words", INT, "words",
     "Words of the section's own blocks (not its heading, not its "
     "subsections).",
     0, NULL},
    {"words_total", INT, "words",
     "words plus the words of all its subsections.", 0, NULL},
    {"paragraphs", INT, "paragraphs",
     "Paragraphs in its own blocks, outside list items.", 0, NULL},
    {"list_items", INT, "items", "List items in its own blocks.", 0, NULL},
    {"key_terms", INT, "key terms", "Key terms in its own blocks.", 0, NULL},
};

static const es_coldef terms_cols[] = {
    GROUP_COL(" Present only with --group-by.",
              ES_COLDEF_GROUP_BY | ES_COLDEF_KEY),
    {"term", STR, "",
     "A word normalized (NFKC, case folded, apostrophe and hyphen variants "
     "unified).",
     ES_COLDEF_KEY, NULL},
    {"count", INT, "occurrences", "Occurrences in the body text.", 0, NULL},
    {"docs", INT, "essays", "Essays holding the term.", 0, NULL},
    {"doc_share", NUM, "fraction",
     "docs divided by the number of analysed essays, from 0 to 1.", 0, NULL},
    {"idf", NUM, "",
     "Smoothed inverse document frequency, ln((1 + N) / (1 + docs)) + 1 "
     "with N analysed essays.",
     0, NULL},
};

static const es_coldef keyterms_cols[] = {
    GROUP_COL(" Present only with --group-by.", ES_COLDEF_GROUP_BY),
    {"key", STR, "",
     "The key term normalized as terms are (the whole text at once).", 0, NULL},
    {"term", STR, "",
     "Its most frequent written form (ties: the bytewise smallest).", 0, NULL},
    {"count", INT, "occurrences", "Occurrences as a key term.", 0, NULL},
    {"docs", INT, "essays", "Essays using it.", 0, NULL},
    {"label_count", INT, "occurrences",
     "Occurrences opening a paragraph with words after them.", 0, NULL},
    {"inline_count", INT, "occurrences", "The other occurrences.", 0, NULL},
    {"first_doc", STR, "", "The first essay using it, by doc_id.",
     ES_COLDEF_DOC_REF, NULL},
};

static const es_coldef lengths_cols[] = {
    {"unit", STR, "",
     "What is measured: essay (content_words of each essay), part "
     "(words_total of each part), subsection (words of each section of "
     "level 3 or deeper) or section (words of every section).",
     ES_COLDEF_ENUM, length_units},
    {"label", STR, "", "The part label for unit part; else empty.", 0, NULL},
    GROUP_COL("", 0),
    {"n", INT, "values", "Number of values.", 0, NULL},
    {"mean", NUM, "words", "Mean.", 0, NULL},
    {"sd", NUM, "words", "Sample standard deviation (n - 1); empty when n < 2.",
     0, NULL},
    {"min", NUM, "words", "Smallest value.", 0, NULL},
    {"p10", NUM, "words", "10th percentile (linear interpolation, as GSL).", 0,
     NULL},
    {"q1", NUM, "words", "First quartile.", 0, NULL},
    {"median", NUM, "words", "Median.", 0, NULL},
    {"q3", NUM, "words", "Third quartile.", 0, NULL},
    {"p90", NUM, "words", "90th percentile.", 0, NULL},
    {"max", NUM, "words", "Largest value.", 0, NULL},
    {"skewness", NUM, "", "Skewness; empty when sd is 0 or undefined.", 0,
     NULL},
    {"kurtosis", NUM, "", "Excess kurtosis; empty when sd is 0 or undefined.",
     0, NULL},
};

static const es_coldef histogram_cols[] = {
    {"unit", STR, "", "What is measured (as in the lengths report).",
     ES_COLDEF_ENUM, length_units},
    {"label", STR, "", "The part label for unit part; else empty.", 0, NULL},
    GROUP_COL("", 0),
    {"bin", INT, "", "Bin number, from 0.", 0, NULL},
    {"lo", NUM, "words", "Lower edge of the bin (included).", 0, NULL},
    {"hi", NUM, "words",
     "Upper edge (excluded, except in the last bin, whose hi is the "
     "maximum).",
     0, NULL},
    {"count", INT, "values", "Values in the bin.", 0, NULL},
};

static const es_coldef similarity_cols[] = {
    {"doc_id", STR, "", "The essay (see essays.doc_id).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL},
    {"rank", INT, "", "1 for the most similar neighbour, then 2, ...",
     ES_COLDEF_KEY, NULL},
    {"neighbor", STR, "", "doc_id of the neighbour.", ES_COLDEF_DOC_REF, NULL},
    {"cosine", NUM, "cosine",
     "Cosine similarity of the two essays' TF-IDF vectors, from 0 to 1.", 0,
     NULL},
    {"keyterm_jaccard", NUM, "fraction",
     "Jaccard index of the two essays' key-term sets; empty when both are "
     "empty.",
     0, NULL},
    {"shared_key_terms", INT, "key terms",
     "Distinct key terms the two essays share.", 0, NULL},
};

static const es_coldef audit_cols[] = {
    {"doc_id", STR, "", "The essay (see essays.doc_id).", ES_COLDEF_DOC_REF,
     NULL},
    {"severity", STR, "", "error, warning or info.", ES_COLDEF_ENUM,
     severities},
    /* values NULL: the codes come from es_code_name, so a new code is
     * described without touching this table. */
    {"code", STR, "", "What was found: an audit code.", ES_COLDEF_ENUM, NULL},
    {"line", INT, "line",
     "1-based line in the file; empty when the finding has no line.", 0, NULL},
    {"message", STR, "", "A one-line explanation.", 0, NULL},
};

#define REPORT(name, what, cols)                                               \
  { name, what, cols, sizeof cols / sizeof *cols }

static const es_reportdef reportdefs[] = {
    REPORT("essays",
           "One row per essay file found, analysed or not (unreadable and "
           "too large files keep only doc_id, bytes and issues).",
           essays_cols),
    REPORT("sections",
           "One row per section of each analysed essay, the preamble (section "
           "0) only when it holds words.",
           sections_cols),
    REPORT("terms",
           "One row per normalized term (and group), by count descending then "
           "term; --min-count drops rare terms.",
           terms_cols),
    REPORT("keyterms",
           "One row per key term (and group), by count descending then key.",
           keyterms_cols),
    REPORT("lengths",
           "One row per length distribution (unit, part label, group) with n "
           "> 0.",
           lengths_cols),
    REPORT("histogram",
           "One row per histogram bin of each length "
           "distribution.",
           histogram_cols),
    REPORT("similarity",
           "One row per essay and neighbour (--top-k nearest, cosine > 0).",
           similarity_cols),
    REPORT("audit",
           "One row per finding, sorted by doc_id, line (empty first), code "
           "and message.",
           audit_cols),
};

const es_reportdef *es_schema__report(const char *name) {
  for (size_t i = 0; name && i < sizeof reportdefs / sizeof *reportdefs; i++)
    if (strcmp(reportdefs[i].name, name) == 0)
      return &reportdefs[i];
  return NULL;
}

const char *es_column_type_name(es_column_type type) {
  switch (type) {
  case ES_COLUMN_INTEGER:
    return "integer";
  case ES_COLUMN_NUMBER:
    return "number";
  case ES_COLUMN_STRING:
  default:
    return "string";
  }
}

/* ---- es_schema --------------------------------------------------------- */

typedef struct entry {
  es_column col;
  const es_coldef *def; /* the table entry behind the column */
} entry;

struct es_schema {
  const es_reportdef *def;
  entry *cols;
  size_t n, cap;
  char **owned; /* strings made for front-matter columns */
  size_t nowned, owned_cap;
};

static const char *own(es_schema *s, char *str) {
  ES_GROW(s->owned, s->owned_cap, s->nowned + 1);
  s->owned[s->nowned++] = str;
  return str;
}

static void push(es_schema *s, const es_coldef *d) {
  ES_GROW(s->cols, s->cap, s->n + 1);
  s->cols[s->n].def = d;
  es_column *c = &s->cols[s->n++].col;
  c->name = d->name;
  c->type = d->type;
  c->unit = d->unit;
  c->description = d->description;
  c->key = NULL;
}

/* Is `name` one of the report's own (not front-matter) column names? */
static bool is_fixed(const es_reportdef *def, const char *name) {
  for (size_t i = 0; i < def->ncols; i++)
    if (!(def->cols[i].flags & ES_COLDEF_FRONT_MATTER) &&
        strcmp(def->cols[i].name, name) == 0)
      return true;
  return false;
}

/* The front-matter columns, named as the essays writer names them: keys in
 * order of first appearance over the analysed essays; a key equal to a
 * fixed column gets "fm." prefixes until its name is taken by no fixed
 * column, no unprefixed key and no earlier renamed key. */
static void push_front_matter(es_schema *s, const es_coldef *d,
                              const es_corpus *corpus) {
  es_intern *keys = es_intern_new();
  for (size_t i = 0; i < es_corpus_count(corpus); i++) {
    const es_doc *doc = es_corpus_doc(corpus, i);
    for (size_t f = 0; doc && f < es_doc_field_count(doc); f++) {
      const char *k = es_doc_field(doc, f)->key;
      es_intern_add(keys, k, strlen(k), NULL);
    }
  }
  size_t nkeys = es_intern_count(keys);
  es_intern *used = es_intern_new();
  for (size_t i = 0; i < s->def->ncols; i++)
    if (!(s->def->cols[i].flags & ES_COLDEF_FRONT_MATTER))
      es_intern_add(used, s->def->cols[i].name, strlen(s->def->cols[i].name),
                    NULL);
  for (size_t k = 0; k < nkeys; k++) {
    const char *key = es_intern_str(keys, (uint32_t)k, NULL);
    if (!is_fixed(s->def, key))
      es_intern_add(used, key, strlen(key), NULL);
  }
  es_buf name = ES_BUF_INIT;
  for (size_t k = 0; k < nkeys; k++) {
    size_t klen;
    const char *key = es_intern_str(keys, (uint32_t)k, &klen);
    es_buf_clear(&name);
    es_buf_put(&name, key, klen);
    if (is_fixed(s->def, key)) {
      /* Bounded: each round adds a prefix and `used` is finite. */
      do {
        es_buf tmp = ES_BUF_INIT;
        es_buf_puts(&tmp, "fm.");
        es_buf_put(&tmp, name.data, name.len);
        es_buf_free(&name);
        name = tmp;
      } while (es_intern_find(used, name.data, name.len) != UINT32_MAX);
      es_intern_add(used, name.data, name.len, NULL);
    }
    push(s, d);
    es_column *c = &s->cols[s->n - 1].col;
    c->name = own(s, es__xstrndup(name.data, name.len));
    c->key = own(s, es__xstrndup(key, klen));
    es_buf tmp = ES_BUF_INIT;
    es_buf_printf(&tmp, "The front-matter field \"%s\" as written (text).",
                  key);
    c->description = own(s, es_buf_detach(&tmp));
  }
  es_buf_free(&name);
  es_intern_free(used);
  es_intern_free(keys);
}

es_status es_report_schema(es_schema **out, const char *name,
                           const es_corpus *corpus, es_error *err) {
  ES_ASSERT_ARG(out);
  *out = NULL;
  const es_reportdef *def = es_schema__report(name);
  if (!def)
    return ES_FAIL(err, ES_EINVAL, "unknown report '%s'", name ? name : "");
  es_schema *s = es__xcalloc(1, sizeof *s);
  s->def = def;
  bool grouped = corpus && es_corpus_options(corpus)->group_by;
  for (size_t i = 0; i < def->ncols; i++) {
    const es_coldef *d = &def->cols[i];
    if (d->flags & ES_COLDEF_FRONT_MATTER) {
      if (corpus)
        push_front_matter(s, d, corpus);
    } else if (!(d->flags & ES_COLDEF_GROUP_BY) || grouped) {
      push(s, d);
    }
  }
  *out = s;
  return ES_OK;
}

const char *es_schema_description(const es_schema *schema) {
  return schema ? schema->def->description : NULL;
}

size_t es_schema_column_count(const es_schema *schema) {
  return schema ? schema->n : 0;
}

const es_column *es_schema_column(const es_schema *schema, size_t i) {
  return schema && i < schema->n ? &schema->cols[i].col : NULL;
}

const es_coldef *es_schema__coldef(const es_schema *schema, size_t i) {
  return schema && i < schema->n ? schema->cols[i].def : NULL;
}

const es_reportdef *es_schema__def(const es_schema *schema) {
  return schema ? schema->def : NULL;
}

void es_schema_free(es_schema *schema) {
  if (!schema)
    return;
  for (size_t i = 0; i < schema->nowned; i++)
    free(schema->owned[i]);
  free(schema->owned);
  free(schema->cols);
  free(schema);
}
