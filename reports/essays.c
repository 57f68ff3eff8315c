/* essays.c - the essays report: one row per essay file found, analysed
 * or not. An essay that was not analysed (unreadable, too large) fills
 * only the columns marked ES_COLDEF_ALL_ROWS. */
#include "report.h"
#include "../engine/util/intern.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

/* Per row: the front-matter values by column, and the section figures. */
typedef struct essay_row {
  const char **vals; /* value of each front-matter column, or NULL */
  size_t fm_first;   /* schema index of the first front-matter column */
  size_t sections, parts, max_words, sum_words;
  const es_neighbor *nearest;
} essay_row;

#define X(r) ((const essay_row *)(r)->extra)
#define COUNT(r) es_doc_counts_get((r)->d)

static void cell_fm(es_csv *w, const es_row *r, size_t col) {
  es_csv_str(w, X(r)->vals[col - X(r)->fm_first]);
}
static void cell_title(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_doc_title(r->d));
}
static void cell_title_source(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, es_title_source_name(es_doc_title_source(r->d)));
}
static void cell_bytes(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  int64_t bytes = es_corpus_bytes(r->corpus, r->doc);
  if (bytes >= 0)
    es_csv_int(w, bytes);
  else
    es_csv_empty(w);
}
#define COUNT_CELL(field)                                                      \
  static void cell_##field(es_csv *w, const es_row *r, size_t col) {           \
    (void)col;                                                                 \
    es_csv_uint(w, COUNT(r)->field);                                           \
  }
COUNT_CELL(words)
COUNT_CELL(content_words)
COUNT_CELL(paragraphs)
COUNT_CELL(list_items)
COUNT_CELL(key_terms)
COUNT_CELL(unique_key_terms)
COUNT_CELL(label_terms)
COUNT_CELL(inline_terms)
static void cell_sections(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, X(r)->sections);
}
static void cell_parts(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, X(r)->parts);
}
static void cell_subsections(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, X(r)->sections - X(r)->parts);
}
static void cell_mean_section_words(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (X(r)->sections)
    es_csv_real(w, (double)X(r)->sum_words / (double)X(r)->sections);
  else
    es_csv_empty(w);
}
static void cell_max_section_words(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (X(r)->sections)
    es_csv_uint(w, X(r)->max_words);
  else
    es_csv_empty(w);
}
static void cell_types(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  const es_diversity *dv = es_stats_diversity(r->stats, r->doc);
  if (dv)
    es_csv_uint(w, dv->types);
  else
    es_csv_empty(w);
}
#define DIVERSITY_CELL(field)                                                  \
  static void cell_##field(es_csv *w, const es_row *r, size_t col) {           \
    (void)col;                                                                 \
    const es_diversity *dv = es_stats_diversity(r->stats, r->doc);             \
    es_csv_real(w, dv ? dv->field : NAN);                                      \
  }
DIVERSITY_CELL(ttr)
DIVERSITY_CELL(mattr)
DIVERSITY_CELL(mtld)
COUNT_CELL(sentences)
static void cell_words_per_sentence(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (COUNT(r)->sentences)
    es_csv_real(w, (double)COUNT(r)->words / (double)COUNT(r)->sentences);
  else
    es_csv_empty(w);
}
static void cell_nearest_doc(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  const es_neighbor *nb = X(r)->nearest;
  es_csv_str(w, nb ? es_corpus_doc_id(r->corpus, nb->doc) : NULL);
}
static void cell_nearest_cosine(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (X(r)->nearest)
    es_csv_real(w, X(r)->nearest->cosine);
  else
    es_csv_empty(w);
}
static void cell_template_share(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_real(w, es_stats_template_share(r->stats, r->doc));
}
static void cell_duplicate_cluster(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  const es_duplicate *dp = es_stats_duplicate(r->stats, r->doc);
  es_csv_str(w, dp ? es_corpus_doc_id(r->corpus, dp->cluster) : NULL);
}
static void cell_issues(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, es_stats_finding_count(r->stats, r->doc));
}

const es_coldef es_cols__essays[] = {
    {"doc_id", STR, "",
     "The essay's path as reached from its command-line argument; rows are "
     "sorted by it (bytewise).",
     ES_COLDEF_KEY | ES_COLDEF_ALL_ROWS, NULL, es_cell__doc_id},
    {"KEY", STR, "",
     "One column per front-matter key seen in the corpus, in order of first "
     "appearance: nested keys as parent.child, sequences joined with \"; \". "
     "A key that clashes with another column is written fm.KEY. Always text, "
     "whatever the values look like.",
     ES_COLDEF_FRONT_MATTER | ES_COLDEF_ALL_ROWS, NULL, cell_fm},
    {"title", STR, "",
     "The essay's title (a leading level-1 heading, or a heading-like block "
     "directly followed by another; else the front matter's single-valued "
     "title, white space collapsed); empty when it has none.",
     0, NULL, cell_title},
    {"title_source", STR, "",
     "Where the title comes from: body, front_matter, or empty when there "
     "is no title.",
     0, NULL, cell_title_source},
    {"bytes", INT, "bytes",
     "File size; empty when the file could not be examined.",
     ES_COLDEF_ALL_ROWS, NULL, cell_bytes},
    {"words", INT, "words",
     "Words of the whole body, title and headings included.", 0, NULL,
     cell_words},
    {"content_words", INT, "words",
     "Words of the sections and the preamble (title and headings excluded).", 0,
     NULL, cell_content_words},
    {"sections", INT, "sections",
     "Sections (heading-like blocks other than the title); the preamble is "
     "not counted.",
     0, NULL, cell_sections},
    {"parts", INT, "sections", "Sections of level 1 or 2 (parts).", 0, NULL,
     cell_parts},
    {"subsections", INT, "sections", "Sections of level 3 or deeper.", 0, NULL,
     cell_subsections},
    {"paragraphs", INT, "paragraphs",
     "Paragraphs outside list items (the title and pseudo-headings are not "
     "paragraphs).",
     0, NULL, cell_paragraphs},
    {"list_items", INT, "items", "List items at any depth.", 0, NULL,
     cell_list_items},
    {"key_terms", INT, "key terms",
     "Bold key terms (strong text outside the title and headings).", 0, NULL,
     cell_key_terms},
    {"unique_key_terms", INT, "key terms",
     "Distinct key terms, by normalized form.", 0, NULL, cell_unique_key_terms},
    {"label_terms", INT, "key terms",
     "Key terms that open their paragraph with words after them "
     "(\"**Harbour Light:** The ...\").",
     0, NULL, cell_label_terms},
    {"inline_terms", INT, "key terms", "The other key terms.", 0, NULL,
     cell_inline_terms},
    {"mean_section_words", NUM, "words",
     "Mean of the sections' own words (preamble excluded); empty without "
     "sections.",
     0, NULL, cell_mean_section_words},
    {"max_section_words", INT, "words",
     "Own words of the longest section; empty without sections.", 0, NULL,
     cell_max_section_words},
    {"types", INT, "terms",
     "Distinct terms of the body (stop words kept, as every diversity "
     "column); 0 without terms.",
     0, NULL, cell_types},
    {"ttr", NUM, "ratio",
     "Type-token ratio: types divided by the body's terms; empty without "
     "terms.",
     0, NULL, cell_ttr},
    {"mattr", NUM, "ratio",
     "Moving-average TTR (Covington & McFall 2010): the mean TTR of every "
     "window of 100 consecutive terms; the TTR when there are fewer.",
     0, NULL, cell_mattr},
    {"mtld", NUM, "terms",
     "MTLD (McCarthy & Jarvis 2010, threshold 0.72): the mean of a forward "
     "and a backward pass, each terms divided by factors (segments whose "
     "running TTR fell to 0.72, plus a partial last one); empty without "
     "terms or when a pass has no factor.",
     0, NULL, cell_mtld},
    {"sentences", INT, "sentences",
     "Sentences: pieces holding a word between ICU sentence boundaries, over "
     "each paragraph, heading and list-item paragraph.",
     0, NULL, cell_sentences},
    {"words_per_sentence", NUM, "words",
     "words divided by sentences; empty without sentences.", 0, NULL,
     cell_words_per_sentence},
    {"template_share", NUM, "fraction",
     "Share of the essay's shingles (runs of --shingle terms) that occur in "
     "at least max(3, ceil(N/100)) of the N analysed essays: formulaic "
     "text shared across the corpus. Empty without shingles.",
     0, NULL, cell_template_share},
    {"nearest_doc", STR, "",
     "doc_id of the most similar essay (rank 1 in the similarity report); "
     "empty when no essay is similar.",
     ES_COLDEF_DOC_REF, NULL, cell_nearest_doc},
    {"nearest_cosine", NUM, "cosine",
     "TF-IDF cosine similarity to nearest_doc, from 0 to 1.", 0, NULL,
     cell_nearest_cosine},
    {"duplicate_cluster", STR, "",
     "doc_id naming the essay's near-duplicate cluster (its first essay; "
     "see the duplicates report); empty when the essay is in none.",
     ES_COLDEF_DOC_REF, NULL, cell_duplicate_cluster},
    {"issues", INT, "findings",
     "Audit findings about the essay (its rows in the audit report).",
     ES_COLDEF_ALL_ROWS, NULL, cell_issues},
    ES_COLDEF_END,
};

void es_write__essays(es_csv *w, const es_schema *schema, const es_corpus *c,
                      const es_stats *st) {
  /* Front-matter columns: the schema's columns with a key, side by side;
   * an interner finds each field's column, so a row costs its own
   * fields. */
  es_intern *cols = es_intern_new();
  essay_row x;
  memset(&x, 0, sizeof x);
  x.fm_first = SIZE_MAX;
  for (size_t k = 0; k < es_schema_column_count(schema); k++) {
    const char *key = es_schema_column(schema, k)->key;
    if (!key)
      continue;
    if (x.fm_first == SIZE_MAX)
      x.fm_first = k;
    es_intern_add(cols, key, strlen(key), NULL);
  }
  size_t nfm = es_intern_count(cols);
  const char **vals = es__xcalloc(nfm ? nfm : 1, sizeof *vals);
  x.vals = vals;
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  r.extra = &x;
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    const es_doc *d = es_corpus_doc(c, i);
    r.doc = i;
    r.d = d;
    r.not_analysed = d == NULL;
    memset(vals, 0, nfm * sizeof *vals);
    x.sections = x.parts = x.max_words = x.sum_words = 0;
    x.nearest = es_stats_neighbor(st, i, 0);
    for (size_t f = 0; d && f < es_doc_field_count(d); f++) {
      const es_field *fl = es_doc_field(d, f);
      vals[es_intern_find(cols, fl->key, strlen(fl->key))] = fl->value;
    }
    if (d) {
      x.sections = es_doc_section_count(d) - 1;
      for (size_t s = 1; s <= x.sections; s++) {
        const es_section *sec = es_doc_section(d, s);
        x.parts += sec->level <= 2;
        x.sum_words += sec->words;
        if (sec->words > x.max_words)
          x.max_words = sec->words;
      }
    }
    es_report__row(w, schema, &r);
  }
  free(vals);
  es_intern_free(cols);
}
