/* sections.c - the sections report: one row per section of each analysed
 * essay; the preamble (section 0) only when it holds words, and then with
 * no level, parent, part, label or heading. */
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define STR ES_COLUMN_STRING
#define INT ES_COLUMN_INTEGER
#define NUM ES_COLUMN_NUMBER

static const char *const section_kinds[] = {"preamble", "heading", "pseudo",
                                            NULL};

#define SEC(r) ((const es_section *)(r)->item)

static void cell_section(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_uint(w, r->k);
}
static void cell_level(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (r->k)
    es_csv_int(w, SEC(r)->level);
  else
    es_csv_empty(w);
}
static void cell_kind(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  es_csv_str(w, section_kinds[SEC(r)->kind]);
}
static void cell_parent(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (r->k && SEC(r)->parent)
    es_csv_uint(w, SEC(r)->parent);
  else
    es_csv_empty(w);
}
#define STR_CELL(field)                                                        \
  static void cell_##field(es_csv *w, const es_row *r, size_t col) {           \
    (void)col;                                                                 \
    es_csv_str(w, r->k ? SEC(r)->field : NULL);                                \
  }
STR_CELL(part)
STR_CELL(label)
STR_CELL(heading)
static void cell_line(es_csv *w, const es_row *r, size_t col) {
  (void)col;
  if (SEC(r)->line)
    es_csv_uint(w, SEC(r)->line);
  else
    es_csv_empty(w);
}
#define UINT_CELL(field)                                                       \
  static void cell_##field(es_csv *w, const es_row *r, size_t col) {           \
    (void)col;                                                                 \
    es_csv_uint(w, SEC(r)->field);                                             \
  }
UINT_CELL(words)
UINT_CELL(words_total)
UINT_CELL(paragraphs)
UINT_CELL(list_items)
UINT_CELL(key_terms)

const es_coldef es_cols__sections[] = {
    {"doc_id", STR, "", "The essay (see essays.doc_id).",
     ES_COLDEF_KEY | ES_COLDEF_DOC_REF, NULL, es_cell__doc_id},
    {"section", INT, "",
     "Section number within the essay: 0 is the preamble, then 1, 2, ... in "
     "document order.",
     ES_COLDEF_KEY, NULL, cell_section},
    {"level", INT, "",
     "Nesting level: a heading's level (1-6), 2 for a part and 3 for a "
     "subsection pseudo-heading; levels 1 and 2 are parts. Empty for the "
     "preamble.",
     0, NULL, cell_level},
    {"kind", STR, "",
     "heading (ATX or setext), pseudo (a paragraph holding only bold text) "
     "or preamble (the words before the first section).",
     ES_COLDEF_ENUM, section_kinds, cell_kind},
    {"parent", INT, "",
     "Section number of the enclosing section; empty at the top level.", 0,
     NULL, cell_parent},
    {"part", STR, "", "Label of the enclosing part (its own label for a part).",
     0, NULL, cell_part},
    {"label", STR, "",
     "The text before \": \" in a \"Label: Subtitle\" heading, else the whole "
     "heading.",
     0, NULL, cell_label},
    {"heading", STR, "", "The heading text, white space collapsed.", 0, NULL,
     cell_heading},
    {"line", INT, "line",
     "Line of the heading in the file (1-based, front matter included); for "
     "the preamble its first block's line.",
     0, NULL, cell_line},
    {"words", INT, "words",
     "Words of the section's own blocks (not its heading, not its "
     "subsections).",
     0, NULL, cell_words},
    {"words_total", INT, "words",
     "words plus the words of all its subsections.", 0, NULL, cell_words_total},
    {"paragraphs", INT, "paragraphs",
     "Paragraphs in its own blocks, outside list items.", 0, NULL,
     cell_paragraphs},
    {"list_items", INT, "items", "List items in its own blocks.", 0, NULL,
     cell_list_items},
    {"key_terms", INT, "key terms", "Key terms in its own blocks.", 0, NULL,
     cell_key_terms},
    ES_COLDEF_END,
};

void es_write__sections(es_csv *w, const es_schema *schema, const es_corpus *c,
                        const es_stats *st) {
  es_row r;
  memset(&r, 0, sizeof r);
  r.corpus = c;
  r.stats = st;
  for (size_t i = 0; i < es_corpus_count(c); i++) {
    const es_doc *d = es_corpus_doc(c, i);
    if (!d)
      continue;
    r.doc = i;
    r.d = d;
    for (size_t s = 0; s < es_doc_section_count(d); s++) {
      const es_section *sec = es_doc_section(d, s);
      if (s == 0 && sec->words == 0)
        continue; /* the preamble appears only when it holds words */
      r.k = s;
      r.item = sec;
      es_report__row(w, schema, &r);
    }
  }
}
