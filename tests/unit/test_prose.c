/* test_prose.c - the v2 text rules through the parser: template markup,
 * autolinks, URLs and e-mail addresses, unresolved reference-link labels,
 * ICU words, bold paragraphs that are not headings, the title fallback. */
#include "test_util.h"

static es_doc *parse_opts(const char *text, const es_options *o) {
  es_doc *d = NULL;
  assert_int_equal(es_doc_parse(&d, text, strlen(text), o, NULL), ES_OK);
  return d;
}

static size_t words(const char *text) {
  es_doc *d = parse_str(text);
  size_t n = es_doc_counts_get(d)->words;
  es_doc_free(d);
  return n;
}

/* Count of term t in the essay (0 if absent). */
static size_t term(const es_doc *d, const char *t) {
  for (size_t i = 0; i < es_doc_term_count(d); i++) {
    size_t c;
    const char *s = es_doc_term(d, i, &c);
    if (strcmp(s, t) == 0)
      return c;
  }
  return 0;
}

static void test_templates_in_body(void **state) {
  (void)state;
  assert_int_equal(words("Intro {{ page.title }} text\n"), 2);
  assert_int_equal(words("{% include note.html text=\"Read this first\" %}\n"
                         "Body words here.\n"),
                   3);
  assert_int_equal(words("{%- comment -%}\nhidden words here\n{%- endcomment "
                         "-%}\nvisible\n"),
                   1);
  /* A link whose destination is a template keeps its text. */
  es_doc *d = parse_str("See [the docs]({{ \"/docs/\" | url }}) now.\n");
  assert_int_equal(es_doc_counts_get(d)->words, 4);
  assert_int_equal(term(d, "url"), 0);
  es_doc_free(d);
  /* Line numbers do not move. */
  d = parse_str("{% comment %}\nx\ny\n{% endcomment %}\n# Title\n\ntext\n\n"
                "## Section {{ n }}\n\nmore\n");
  assert_string_equal(es_doc_title(d), "Title");
  assert_int_equal(es_doc_title_line(d), 5);
  assert_int_equal(es_doc_section_count(d), 2);
  assert_int_equal(es_doc_section(d, 1)->line, 9);
  assert_string_equal(es_doc_section(d, 1)->heading, "Section");
  es_doc_free(d);
  /* A tag at the start of a line makes no indented code block. */
  d = parse_str("Para one.\n\n{% if a %}     Still a paragraph.\n");
  assert_int_equal(es_doc_counts_get(d)->words, 5);
  assert_int_equal(es_doc_counts_get(d)->paragraphs, 2);
  es_doc_free(d);
  /* Fenced code is protected, and gives no words anyway. */
  d = parse_str("```liquid\n{{ x }}\n```\n{{ y }} z\n");
  assert_int_equal(es_doc_counts_get(d)->words, 1);
  es_doc_free(d);
  /* --keep-templates */
  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  o.keep_templates = 1;
  d = parse_opts("Intro {{ page.title }} text\n", &o);
  assert_int_equal(es_doc_counts_get(d)->words, 4);
  assert_int_equal(term(d, "page.title"), 0);
  assert_int_equal(term(d, "page"), 1);
  es_doc_free(d);
}

static void test_links_urls_labels(void **state) {
  (void)state;
  /* Autolinks give no words; other links keep their text. */
  assert_int_equal(words("Hello <https://x.com/a> and <jo@ex.org> end\n"), 3);
  assert_int_equal(
      words("[https://x.com](https://x.com) [example.com](example.com) "
            "[jo@ex](mailto:jo@ex) [the site](https://x.com) ok\n"),
      3);
  /* URLs and addresses in text; bare domains stay words. */
  assert_int_equal(words("see https://example.com/a?b now, www.foo.org/x or "
                         "mail jo@ex.org. example.com\n"),
                   6);
  /* Made by references and escapes, or split by emphasis: still found. */
  assert_int_equal(words("see https&#58;//x.org/a now\n"), 2);
  assert_int_equal(words("mail jo&#64;ex.org now\n"), 2);
  assert_int_equal(words("see *www*.example.org now\n"), 2);
  assert_int_equal(words("see [a]\\[b] now\n"), 3);
  /* Unresolved reference-link labels. */
  es_doc *d = parse_str("[taproot][topic taproot] and [PR #15558][] merged; "
                        "a topic in prose.\n");
  assert_int_equal(term(d, "topic"), 1);
  assert_int_equal(term(d, "taproot"), 1);
  assert_int_equal(term(d, "15558"), 1);
  assert_int_equal(es_doc_counts_get(d)->words, 9);
  es_doc_free(d);
  /* A resolved reference link is a link: its label is syntax. */
  assert_int_equal(words("[taproot][topic]\n\n[topic]: https://x.org\n"), 1);
  /* Bold URLs are no key terms. */
  d = parse_str("Text **https://x.org/a** and **<https://y.org>** here.\n");
  assert_int_equal(es_doc_keyterm_count(d), 0);
  assert_int_equal(es_doc_counts_get(d)->words, 3);
  es_doc_free(d);
}

static void test_icu_words(void **state) {
  (void)state;
  es_doc *d = parse_str("Bernie sanders\xE3\x81\xAF here.\n");
  assert_int_equal(es_doc_counts_get(d)->words, 4);
  assert_int_equal(term(d, "sanders"), 1);
  assert_int_equal(term(d, "\xE3\x81\xAF"), 1);
  es_doc_free(d);
  /* 東京物語 is two words, 東京 and 物語. */
  d = parse_str("\xE6\x9D\xB1\xE4\xBA\xAC\xE7\x89\xA9\xE8\xAA\x9E\n");
  assert_int_equal(es_doc_counts_get(d)->words, 2);
  assert_int_equal(term(d, "\xE6\x9D\xB1\xE4\xBA\xAC"), 1);
  es_doc_free(d);
  /* Thai: สวัสดีครับ is two words. */
  assert_int_equal(words("\xE0\xB8\xAA\xE0\xB8\xA7\xE0\xB8\xB1\xE0\xB8\xAA"
                         "\xE0\xB8\x94\xE0\xB8\xB5\xE0\xB8\x84\xE0\xB8\xA3"
                         "\xE0\xB8\xB1\xE0\xB8\x9A\n"),
                   2);
  /* Labels count ICU words too: 東京物語: X has a two-word label. */
  d = parse_str("# T\n\n**\xE6\x9D\xB1\xE4\xBA\xAC\xE7\x89\xA9\xE8\xAA\x9E: "
                "X**\n\nwords\n");
  assert_string_equal(es_doc_section(d, 1)->label,
                      "\xE6\x9D\xB1\xE4\xBA\xAC\xE7\x89\xA9\xE8\xAA\x9E");
  es_doc_free(d);
}

static void test_pseudo_headings(void **state) {
  (void)state;
  const char *text = "# Title\n\n"
                     "**Body: The Evidence**\n\n"
                     "Some words.\n\n"
                     "**Last warning for spoilers.**\n\n"
                     "**Is this a question?\"**\n\n"
                     "**One two three four five six seven eight nine ten "
                     "eleven twelve thirteen fourteen fifteen sixteen**\n\n"
                     "**One two three four five six seven eight nine ten "
                     "eleven twelve thirteen fourteen fifteen sixteen "
                     "seventeen**\n\n"
                     "**Detail**\n\nend\n";
  es_doc *d = parse_str(text);
  /* Sections: Body, the 16-word heading, Detail. */
  assert_int_equal(es_doc_section_count(d), 4);
  assert_string_equal(es_doc_section(d, 1)->label, "Body");
  assert_int_equal(es_doc_section(d, 1)->paragraphs, 3);
  assert_int_equal(es_doc_section(d, 1)->key_terms, 2);
  assert_string_equal(es_doc_section(d, 3)->heading, "Detail");
  assert_int_equal(es_doc_section(d, 2)->paragraphs, 1);
  for (size_t i = 0; i < es_doc_keyterm_count(d); i++)
    assert_int_equal(es_doc_keyterm(d, i)->kind, ES_KEYTERM_INLINE);
  assert_int_equal(es_doc_keyterm_count(d), 3);
  assert_string_equal(es_doc_keyterm(d, 0)->text, "Last warning for spoilers");
  es_doc_free(d);

  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  o.max_heading_words = 17;
  d = parse_opts(text, &o);
  assert_int_equal(es_doc_section_count(d), 5);
  es_doc_free(d);
  o.max_heading_words = 1;
  d = parse_opts(text, &o);
  assert_int_equal(es_doc_section_count(d), 2); /* Detail only */
  es_doc_free(d);

  /* The title rule looks at the next block with the same test. */
  d = parse_str("**A Title**\n\n**Not a heading, a sentence.**\n\ntext\n");
  assert_null(es_doc_title(d));
  es_doc_free(d);
  d = parse_str("**A Title**\n\n**Heading**\n\ntext\n");
  assert_string_equal(es_doc_title(d), "A Title");
  es_doc_free(d);
}

static void test_title_fallback(void **state) {
  (void)state;
  es_doc *d = parse_str("---\ntitle: \"  My \\t Title  \"\n---\nJust text.\n");
  assert_string_equal(es_doc_title(d), "My Title");
  assert_int_equal(es_doc_title_source(d), ES_TITLE_FRONT_MATTER);
  assert_int_equal(es_doc_title_line(d), 2);
  assert_string_equal(es_title_source_name(es_doc_title_source(d)),
                      "front_matter");
  es_doc_free(d);
  d = parse_str("---\ntitle: X\n---\n# Real\n\ntext\n");
  assert_string_equal(es_doc_title(d), "Real");
  assert_int_equal(es_doc_title_source(d), ES_TITLE_BODY);
  es_doc_free(d);
  /* A body title whose text is all template markup is no title. */
  d = parse_str("---\ntitle: Real Title\n---\n# {{ title }}\n\ntext\n");
  assert_string_equal(es_doc_title(d), "Real Title");
  assert_int_equal(es_doc_title_source(d), ES_TITLE_FRONT_MATTER);
  assert_int_equal(es_doc_section_count(d), 1); /* the preamble only */
  es_doc_free(d);
  d = parse_str("#\n\ntext\n");
  assert_null(es_doc_title(d));
  assert_int_equal(es_doc_title_source(d), ES_TITLE_NONE);
  es_doc_free(d);
  /* Not a single value, empty, or no front matter: no title. */
  const char *none[] = {
      "---\ntitle: [a, b]\n---\ntext\n",    "---\ntitle: ~\n---\ntext\n",
      "---\ntitle: \"  \"\n---\ntext\n",    "---\ntitle: {a: b}\n---\ntext\n",
      "---\ntitle: X\nbad: [\n---\ntext\n", "text\n"};
  for (size_t i = 0; i < sizeof none / sizeof *none; i++) {
    d = parse_str(none[i]);
    assert_null(es_doc_title(d));
    assert_int_equal(es_doc_title_source(d), ES_TITLE_NONE);
    assert_string_equal(es_title_source_name(ES_TITLE_NONE), "");
    es_doc_free(d);
  }
}

/* Term counts are kept in 4 bytes when each is below 256 (doc.h): a count
 * past that keeps its exact value, and so do the essay's other terms. */
static void test_large_counts(void **state) {
  (void)state;
  static char text[4096];
  strcpy(text, "first words\n\n");
  for (int i = 0; i < 300; i++)
    strcat(text, "film ");
  strcat(text, "end words\n");
  es_doc *d = parse_str(text);
  assert_int_equal(term(d, "film"), 300);
  assert_int_equal(term(d, "words"), 2);
  assert_int_equal(term(d, "first"), 1);
  assert_int_equal(es_doc_term_count(d), 4);
  es_doc_free(d);
  text[0] = 0;
  for (int i = 0; i < 255; i++)
    strcat(text, "film ");
  d = parse_str(text);
  assert_int_equal(term(d, "film"), 255);
  es_doc_free(d);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_large_counts),
      cmocka_unit_test(test_templates_in_body),
      cmocka_unit_test(test_links_urls_labels),
      cmocka_unit_test(test_icu_words),
      cmocka_unit_test(test_pseudo_headings),
      cmocka_unit_test(test_title_fallback),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
