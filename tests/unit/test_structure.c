/* test_structure.c - the document model: title, sections (parts,
 * subsections, preamble), labels, counts, key terms, lines. Each case is a
 * rule of SPEC section 2 or 6. */
#include "test_util.h"

#include "doc/doc.h"

static const es_section *sec(const es_doc *d, size_t i) {
  assert_true(i < es_doc_section_count(d));
  return es_doc_section(d, i);
}

static void check_section(const es_doc *d, size_t i, int level,
                          es_section_kind kind, unsigned parent,
                          const char *part, const char *label,
                          const char *heading) {
  const es_section *s = sec(d, i);
  assert_int_equal(s->level, level);
  assert_int_equal(s->kind, kind);
  assert_int_equal(s->parent, parent);
  if (part)
    assert_string_equal(s->part, part);
  else
    assert_null(s->part);
  assert_string_equal(s->label, label);
  assert_string_equal(s->heading, heading);
}

static void test_bold_title_and_parts(void **state) {
  (void)state;
  es_doc *d = parse_str("---\nmovieId: 1\n---\n\n"
                        "**Analysis of *Film* (2017)**\n\n"
                        "**Introduction: The Start**\n\nOne two three.\n\n"
                        "**Body: The Middle**\n\n"
                        "**The First Point**\n\nFour five.\n\n"
                        "**The Second Point**\n\nSix.\n\n"
                        "**Conclusion: The End**\n\nSeven eight.\n");
  assert_string_equal(es_doc_title(d), "Analysis of Film (2017)");
  assert_int_equal(es_doc_title_line(d), 5);
  assert_int_equal(es_doc_section_count(d), 6);
  check_section(d, 1, 2, ES_SECTION_PSEUDO, 0, "Introduction", "Introduction",
                "Introduction: The Start");
  check_section(d, 2, 2, ES_SECTION_PSEUDO, 0, "Body", "Body",
                "Body: The Middle");
  check_section(d, 3, 3, ES_SECTION_PSEUDO, 2, "Body", "The First Point",
                "The First Point");
  check_section(d, 4, 3, ES_SECTION_PSEUDO, 2, "Body", "The Second Point",
                "The Second Point");
  check_section(d, 5, 2, ES_SECTION_PSEUDO, 0, "Conclusion", "Conclusion",
                "Conclusion: The End");
  assert_int_equal(sec(d, 1)->line, 7);
  assert_int_equal(sec(d, 1)->words, 3);
  assert_int_equal(sec(d, 2)->words, 0);
  assert_int_equal(sec(d, 2)->words_total, 3);
  assert_int_equal(sec(d, 2)->children, 2);
  assert_int_equal(sec(d, 0)->words, 0);
  const es_doc_counts *c = es_doc_counts_get(d);
  /* 4 title + 3+3+3+3+3 headings + 8 content */
  assert_int_equal(c->words, 4 + 15 + 8);
  assert_int_equal(c->content_words, 8);
  assert_int_equal(c->paragraphs, 4);
  /* Body has subsections, so it is not an empty section. */
  assert_false(has_finding(d, ES_CODE_EMPTY_SECTION, 0));
  es_doc_free(d);
}

static void test_title_rules(void **state) {
  (void)state;
  /* A level-1 heading is the title even when a paragraph follows. */
  es_doc *d = parse_str("# My Title\n\nSome preamble words.\n\n## Part\n\nx\n");
  assert_string_equal(es_doc_title(d), "My Title");
  assert_int_equal(sec(d, 0)->words, 3);
  assert_int_equal(sec(d, 0)->line, 3);
  check_section(d, 1, 2, ES_SECTION_HEADING, 0, "Part", "Part", "Part");
  es_doc_free(d);
  /* A setext level-1 heading too. */
  d = parse_str("My Title\n========\n\ntext\n");
  assert_string_equal(es_doc_title(d), "My Title");
  assert_int_equal(es_doc_section_count(d), 1);
  es_doc_free(d);
  /* A level-2 heading followed by a paragraph is a section, not a title. */
  d = parse_str("## Opening\n\ntext here\n");
  assert_null(es_doc_title(d));
  check_section(d, 1, 2, ES_SECTION_HEADING, 0, "Opening", "Opening",
                "Opening");
  es_doc_free(d);
  /* A part label (as text or as label) is never the title. */
  d = parse_str("**Introduction: The Premise**\n\n**Body**\n\nx\n");
  assert_null(es_doc_title(d));
  assert_int_equal(es_doc_section_count(d), 3);
  es_doc_free(d);
  d = parse_str("**introduction**\n\n**Other**\n\nx\n");
  assert_null(es_doc_title(d));
  check_section(d, 1, 2, ES_SECTION_PSEUDO, 0, "introduction", "introduction",
                "introduction");
  es_doc_free(d);
  /* A label that is not a part label does not stop the title. */
  d = parse_str("**Stillwater: A Study**\n\n**Introduction**\n\nx\n");
  assert_string_equal(es_doc_title(d), "Stillwater: A Study");
  es_doc_free(d);
  /* A bold first block followed by a paragraph opens a section. */
  d = parse_str("**Just Bold**\n\ntext\n");
  assert_null(es_doc_title(d));
  check_section(d, 1, 2, ES_SECTION_PSEUDO, 0, "Just Bold", "Just Bold",
                "Just Bold");
  es_doc_free(d);
  /* No heading-like block at all: everything is preamble. */
  d = parse_str("Just a paragraph.\n\nAnd another.\n");
  assert_null(es_doc_title(d));
  assert_int_equal(es_doc_section_count(d), 1);
  assert_int_equal(sec(d, 0)->words, 5);
  assert_int_equal(sec(d, 0)->paragraphs, 2);
  es_doc_free(d);
}

static void test_pseudo_heading_shapes(void **state) {
  (void)state;
  /* Emphasis around strong, two strongs, text beside strong: not headings. */
  es_doc *d = parse_str("***x y***\n\n**a** **b**\n\n**c** d\n");
  assert_int_equal(es_doc_section_count(d), 1);
  assert_int_equal(es_doc_keyterm_count(d), 4);
  es_doc_free(d);
  /* White space and a hard break around the strong node are ignored. */
  d = parse_str("T\n=\n\n**Spaced Out**  \n\nx\n");
  assert_int_equal(es_doc_section_count(d), 2);
  assert_string_equal(sec(d, 1)->heading, "Spaced Out");
  es_doc_free(d);
  /* Headings inside quotes and lists open no section but their words
   * count. */
  d = parse_str(
      "# T\n\n## A\n\n> ## Quoted heading\n> text\n\n- ## Item heading\n");
  assert_int_equal(es_doc_section_count(d), 2);
  assert_int_equal(sec(d, 1)->words, 5);
  assert_int_equal(sec(d, 1)->paragraphs, 1);
  assert_int_equal(sec(d, 1)->list_items, 1);
  es_doc_free(d);
}

static void test_labels_and_levels(void **state) {
  (void)state;
  es_doc *d = parse_str("# T\n\n"
                        "**Setting the Scene**\n\na\n\n"        /* 1: part */
                        "**Detail**\n\nb\n\n"                   /* 2: sub */
                        "**16:9 Frame**\n\nc\n\n"               /* 3: sub */
                        "**One Two Three Four: Five**\n\nd\n\n" /* 4: sub */
                        "**Themes:**\n\ne\n\n"                  /* 5: part */
                        "**Motif: Doors and Windows**\n\nf\n"); /* 6: part */
  check_section(d, 1, 2, ES_SECTION_PSEUDO, 0, "Setting the Scene",
                "Setting the Scene", "Setting the Scene");
  check_section(d, 2, 3, ES_SECTION_PSEUDO, 1, "Setting the Scene", "Detail",
                "Detail");
  check_section(d, 3, 3, ES_SECTION_PSEUDO, 1, "Setting the Scene",
                "16:9 Frame", "16:9 Frame");
  check_section(d, 4, 3, ES_SECTION_PSEUDO, 1, "Setting the Scene",
                "One Two Three Four: Five", "One Two Three Four: Five");
  check_section(d, 5, 2, ES_SECTION_PSEUDO, 0, "Themes", "Themes", "Themes:");
  check_section(d, 6, 2, ES_SECTION_PSEUDO, 0, "Motif", "Motif",
                "Motif: Doors and Windows");
  es_doc_free(d);
  /* ATX levels nest; the label rule applies to them too. */
  d = parse_str("# T\n\n## Intro: Why\n\n### B\n\n#### C\n\nx\n\n### D\n\ny\n\n"
                "# Second Top\n\n**Loose Bold**\n\nz\n");
  check_section(d, 1, 2, ES_SECTION_HEADING, 0, "Intro", "Intro", "Intro: Why");
  check_section(d, 2, 3, ES_SECTION_HEADING, 1, "Intro", "B", "B");
  check_section(d, 3, 4, ES_SECTION_HEADING, 2, "Intro", "C", "C");
  check_section(d, 4, 3, ES_SECTION_HEADING, 1, "Intro", "D", "D");
  check_section(d, 5, 1, ES_SECTION_HEADING, 0, "Second Top", "Second Top",
                "Second Top");
  check_section(d, 6, 3, ES_SECTION_PSEUDO, 5, "Second Top", "Loose Bold",
                "Loose Bold");
  assert_int_equal(sec(d, 1)->words_total, 2);
  assert_int_equal(sec(d, 2)->words_total, 1);
  es_doc_free(d);
  /* A level-3 heading with no part open has no part. */
  d = parse_str("### Lonely\n\nx\n");
  check_section(d, 1, 3, ES_SECTION_HEADING, 0, NULL, "Lonely", "Lonely");
  es_doc_free(d);
}

static void test_custom_part_labels(void **state) {
  (void)state;
  es_options o = ES_OPTIONS_INIT;
  o.part_labels = "Setup, Payoff";
  const char *text =
      "**Setup**\n\nx\n\n**Middle Bit**\n\ny\n\n**payoff**\n\nz\n";
  es_doc *d = NULL;
  assert_int_equal(es_doc_parse(&d, text, strlen(text), &o, NULL), ES_OK);
  check_section(d, 1, 2, ES_SECTION_PSEUDO, 0, "Setup", "Setup", "Setup");
  check_section(d, 2, 3, ES_SECTION_PSEUDO, 1, "Setup", "Middle Bit",
                "Middle Bit");
  check_section(d, 3, 2, ES_SECTION_PSEUDO, 0, "payoff", "payoff", "payoff");
  es_doc_free(d);
}

static void test_key_terms(void **state) {
  (void)state;
  es_doc *d =
      parse_str("# T\n\n## S\n\n"
                "We look at **Marta\xE2\x80\x99s  folded letter** as the "
                "**Harbour Memory.** of it.\n\n"
                "* **The Tide Table:** By reading the chart.\n"
                "* **Note**.\n"
                "* **Note**\xE2\x80\x99s role\n"
                "* **Outer **inner** part** text\n"
                "* **...**\n\n"
                "```\n**not a term**\n```\n\n"
                "<div>**html block**</div>\n\n"
                "[**linked term**](http://x) ![**alt**](y.png) end\n");
  assert_int_equal(es_doc_keyterm_count(d), 8);
  const es_keyterm *k = es_doc_keyterm(d, 0);
  assert_string_equal(k->text, "Marta\xE2\x80\x99s folded letter");
  assert_string_equal(k->key, "marta's folded letter");
  assert_int_equal(k->kind, ES_KEYTERM_INLINE);
  assert_int_equal(k->section, 1);
  k = es_doc_keyterm(d, 1);
  assert_string_equal(k->text, "Harbour Memory");
  k = es_doc_keyterm(d, 2);
  assert_string_equal(k->text, "The Tide Table");
  assert_int_equal(k->kind, ES_KEYTERM_LABEL);
  k = es_doc_keyterm(d, 3); /* **Note**. : no word follows */
  assert_string_equal(k->text, "Note");
  assert_int_equal(k->kind, ES_KEYTERM_INLINE);
  k = es_doc_keyterm(d, 4); /* **Note**'s : the word starts inside */
  assert_int_equal(k->kind, ES_KEYTERM_LABEL); /* "role" follows */
  /* Nested strong nodes are each a key term; the inner one closes first. */
  assert_string_equal(es_doc_keyterm(d, 5)->text, "inner");
  assert_int_equal(es_doc_keyterm(d, 5)->kind, ES_KEYTERM_INLINE);
  assert_string_equal(es_doc_keyterm(d, 6)->text, "Outer inner part");
  assert_int_equal(es_doc_keyterm(d, 6)->kind, ES_KEYTERM_LABEL);
  assert_string_equal(es_doc_keyterm(d, 7)->text, "linked term");
  const es_doc_counts *c = es_doc_counts_get(d);
  assert_int_equal(c->key_terms, 8);
  assert_int_equal(c->unique_key_terms, 7);
  assert_int_equal(c->label_terms, 3);
  assert_int_equal(c->inline_terms, 5);
  assert_int_equal(c->list_items, 5);
  assert_int_equal(c->paragraphs, 2);
  es_doc_free(d);
  /* Only "Note's" itself: the word starts inside the strong node. */
  d = parse_str("**Note**\xE2\x80\x99s\n\nx\n");
  assert_int_equal(es_doc_keyterm_count(d), 1);
  assert_int_equal(es_doc_keyterm(d, 0)->kind, ES_KEYTERM_INLINE);
  es_doc_free(d);
}

static void test_text_of_inlines(void **state) {
  (void)state;
  /* Code spans are text; raw HTML and images separate words. */
  es_doc *d = parse_str("foo<br>bar `code span` ![alt text](x.png)baz "
                        "**Marta**\xE2\x80\x99s\n\n<p>block html</p>\n\n"
                        "    indented code\n");
  const es_doc_counts *c = es_doc_counts_get(d);
  /* foo bar code span baz Marta's */
  assert_int_equal(c->words, 6);
  size_t n;
  int found = 0;
  for (size_t i = 0; i < es_doc_term_count(d); i++)
    if (strcmp(es_doc_term(d, i, &n), "marta's") == 0)
      found = (int)n;
  assert_int_equal(found, 1);
  es_doc_free(d);
}

static void test_findings_and_lines(void **state) {
  (void)state;
  /* CRLF line ends; the front matter counts in line numbers. */
  es_doc *d = parse_str("---\r\na: 1\r\n---\r\n\r\n# T\r\n\r\n## Empty\r\n\r\n"
                        "## Full\r\n\r\nwords here\r\n");
  assert_string_equal(es_doc_title(d), "T");
  assert_int_equal(es_doc_title_line(d), 5);
  assert_int_equal(sec(d, 1)->line, 7);
  assert_true(has_finding(d, ES_CODE_EMPTY_SECTION, 7));
  assert_false(has_finding(d, ES_CODE_EMPTY_SECTION, 9));
  assert_false(has_finding(d, ES_CODE_EMPTY, 0));
  es_doc_free(d);
  d = parse_str("---\na: 1\n---\n\n<!-- nothing -->\n");
  assert_true(has_finding(d, ES_CODE_EMPTY, 0));
  assert_int_equal(es_doc_counts_get(d)->words, 0);
  es_doc_free(d);
  d = parse_str("");
  assert_true(has_finding(d, ES_CODE_EMPTY, 0));
  assert_int_equal(es_doc_section_count(d), 1);
  es_doc_free(d);
}

/* The term sequence: every term in document order (stop words kept, case
 * folded), across blocks, with the offset where each block with terms
 * starts; code blocks and empty blocks add nothing. */
static void test_term_sequence(void **state) {
  (void)state;
  es_doc *d = parse_str("# Title here\n\nFirst para, with THE words.\n\n"
                        "```\ncode not text\n```\n\n- item one\n- item "
                        "two\n\n## Heading\n\n**Last** 200\n");
  const char *want[] = {"title", "here",    "first", "para", "with",
                        "the",   "words",   "item",  "one",  "item",
                        "two",   "heading", "last",  "200"};
  const uint32_t blocks[] = {0, 2, 7, 9, 11, 12};
  size_t n = sizeof want / sizeof *want;
  assert_int_equal(d->nseq, n);
  uint32_t ids[16];
  assert_int_equal(es_doc__seq_decode(d, ids), n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(es_intern_str(d->term_strings, ids[i], NULL), want[i]);
  assert_int_equal(d->nblocks, sizeof blocks / sizeof *blocks);
  assert_memory_equal(d->blocks, blocks, sizeof blocks);
  es_doc_free(d);
  /* No words: an empty sequence. */
  d = parse_str("```\ncode\n```\n");
  assert_int_equal(d->nseq, 0);
  assert_int_equal(d->nblocks, 0);
  es_doc_free(d);
  /* Ids of 7, 14, 21 bits round-trip through the varints: a document
   * with more than 128 distinct terms. */
  es_buf b = ES_BUF_INIT;
  for (int i = 0; i < 300; i++)
    es_buf_printf(&b, "w%d ", i);
  d = parse_str(b.data);
  uint32_t *all = malloc(d->nseq * sizeof *all);
  assert_int_equal(es_doc__seq_decode(d, all), 300);
  for (int i = 0; i < 300; i++) {
    char w[16];
    snprintf(w, sizeof w, "w%d", i);
    assert_string_equal(es_intern_str(d->term_strings, all[i], NULL), w);
  }
  free(all);
  es_buf_free(&b);
  es_doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_bold_title_and_parts),
      cmocka_unit_test(test_title_rules),
      cmocka_unit_test(test_pseudo_heading_shapes),
      cmocka_unit_test(test_labels_and_levels),
      cmocka_unit_test(test_custom_part_labels),
      cmocka_unit_test(test_key_terms),
      cmocka_unit_test(test_text_of_inlines),
      cmocka_unit_test(test_findings_and_lines),
      cmocka_unit_test(test_term_sequence),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
