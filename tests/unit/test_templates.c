/* test_templates.c - template markup removed from Markdown bodies. */
#include "test_util.h"
#include "parse/templates.h"

/* The body with template spans removed (a static buffer). */
static const char *strip(const char *s) {
  static es_buf out = ES_BUF_INIT;
  static char copy[1 << 16];
  size_t n;
  const char *r = es_templates_strip(s, strlen(s), &out, &n);
  assert_true(n < sizeof copy);
  memcpy(copy, r, n);
  copy[n] = 0;
  return copy;
}

static size_t lines(const char *s) {
  size_t k = 0;
  for (; *s; s++)
    k += *s == '\n';
  return k;
}

static void test_untouched(void **state) {
  (void)state;
  es_buf out = ES_BUF_INIT;
  const char *s = "Plain text { braces } and %} and }} alone.\n";
  size_t n;
  assert_ptr_equal(es_templates_strip(s, strlen(s), &out, &n), s);
  assert_int_equal(n, strlen(s));
  /* Openers without closers are text, and then nothing changes. */
  s = "An {{ unclosed opener and a {% tag\n";
  assert_ptr_equal(es_templates_strip(s, strlen(s), &out, &n), s);
  es_buf_free(&out);
}

static void test_kinds(void **state) {
  (void)state;
  assert_string_equal(strip("a {{ page.title }} b\n"), "a   b\n");
  assert_string_equal(strip("a {% include x.html %} b\n"), "a   b\n");
  assert_string_equal(strip("a {%- assign x = 1 -%} b\n"), "a   b\n");
  assert_string_equal(strip("a {{< figure src=\"x\" >}} b\n"), "a   b\n");
  assert_string_equal(strip("a {{% notice %}} b\n"), "a   b\n");
  assert_string_equal(strip("x{{y}}z\n"), "x z\n");
  /* A Hugo shortcode ends at its own closer, not at an inner "}}". */
  assert_string_equal(strip("a {{< x y=\"}}\" >}} b\n"), "a   b\n");
  /* The first matching closer ends the span. */
  assert_string_equal(strip("a {{ b }} c }} d\n"), "a   c }} d\n");
  /* Inside a link destination: the link remains, with its text. */
  assert_string_equal(strip("[text]({{ \"/x/\" | url }})\n"), "[text]( )\n");
}

static void test_line_start(void **state) {
  (void)state;
  /* At the start of a line: removed with the white space after it. */
  assert_string_equal(strip("{% if x %}   Hello\n"), "Hello\n");
  /* The author's own indentation stays. */
  assert_string_equal(strip("  {% if x %} Hello\n"), "  Hello\n");
  /* Several tags at the start of a line add no indentation. */
  assert_string_equal(strip("{% a %} {% b %}{{ c }} Hello\n"), "Hello\n");
  assert_string_equal(strip("Text\n{% endif %}\nmore\n"), "Text\n\nmore\n");
  /* Not at the start: one space, even after earlier text on the line. */
  assert_string_equal(strip("Hi {% a %} {% b %}\n"), "Hi    \n");
  /* A tag at the start of a line must not make indented code. */
  assert_string_equal(strip("   {% if x %}  {% if y %} code?\n"), "   code?\n");
}

static void test_across_lines(void **state) {
  (void)state;
  assert_string_equal(strip("a {% include x.html\n   arg=1\n %} b\nc\n"),
                      "a  \n\n b\nc\n");
  assert_string_equal(strip("{%\n  assign x = 1\n%}\nText\n"), "\n\n\nText\n");
  const char *s = "one {{ two\nthree\nfour }} five\nsix\n";
  assert_int_equal(lines(strip(s)), lines(s));
}

static void test_comment_blocks(void **state) {
  (void)state;
  assert_string_equal(
      strip("a {% comment %} hidden {{ x }} words {% endcomment %} b\n"),
      "a   b\n");
  assert_string_equal(strip("{%- comment -%}\nhidden\ntext\n{%- endcomment "
                            "-%}\nshown\n"),
                      "\n\n\n\nshown\n");
  /* Tags broken across lines are recognised by name. */
  assert_string_equal(strip("x {%\ncomment\n%} gone {%\n  endcomment %} y\n"),
                      "x  \n\n\n y\n");
  /* Names, not prefixes. */
  assert_string_equal(strip("x {% commentary %} kept {% endcommentary %} y\n"),
                      "x   kept   y\n");
  /* No endcomment: only the comment tag itself goes. */
  assert_string_equal(strip("x {% comment %} kept\n"), "x   kept\n");
}

static void test_reach(void **state) {
  (void)state;
  static char buf[1 << 14];
  /* The closer 200 lines below the opener's line: a span. */
  size_t k = (size_t)sprintf(buf, "a {{ x");
  for (int i = 0; i < 200; i++)
    k += (size_t)sprintf(buf + k, "\n");
  sprintf(buf + k, "}} b\n");
  const char *r = strip(buf);
  assert_int_equal(lines(r), 201);
  assert_null(strchr(r, '{'));
  /* 201 lines below: out of reach, the opener is text. */
  k = (size_t)sprintf(buf, "a {{ x");
  for (int i = 0; i < 201; i++)
    k += (size_t)sprintf(buf + k, "\n");
  sprintf(buf + k, "}} b\n");
  assert_string_equal(strip(buf), buf);
  /* The same reach for comment blocks. */
  k = (size_t)sprintf(buf, "{%% comment %%}");
  for (int i = 0; i < 201; i++)
    k += (size_t)sprintf(buf + k, "\n");
  sprintf(buf + k, "{%% endcomment %%} tail\n");
  r = strip(buf);
  assert_non_null(strstr(r, "tail"));
  assert_null(strstr(r, "{% comment"));
  assert_int_equal(lines(r), 202);
}

static void test_fences(void **state) {
  (void)state;
  /* No span opens inside a fenced code block. */
  assert_string_equal(strip("```liquid\n{{ x }}\n```\n{{ y }} z\n"),
                      "```liquid\n{{ x }}\n```\nz\n");
  assert_string_equal(strip("~~~\n{% raw %}\n~~~\n"), "~~~\n{% raw %}\n~~~\n");
  /* Fences in lists and quotes, as cmark finds them. */
  assert_string_equal(strip("- item\n\n  ```\n  {{ x }}\n  ```\n"),
                      "- item\n\n  ```\n  {{ x }}\n  ```\n");
  assert_string_equal(strip("> ```\n> {{ x }}\n{{ y }} z\n"),
                      "> ```\n> {{ x }}\nz\n");
  /* An unclosed fence runs to the end of the body. */
  assert_string_equal(strip("```\n{{ x }}\n"), "```\n{{ x }}\n");
  /* Indented code and code spans are not protected. */
  assert_string_equal(strip("    {{ x }} code\n"), "    code\n");
  assert_string_equal(strip("    ```\n    {{ x }}\n"), "    ```\n    \n");
  assert_string_equal(strip("`{{ x }}`\n"), "` `\n");
  /* A span opened before a fence may run through it. */
  assert_string_equal(strip("{% comment %}\n```\n{% endcomment %}\n```\n"),
                      "\n\n\n```\n");
}

static void test_hostile(void **state) {
  (void)state;
  /* Many unclosed openers on one long line: linear, all text. */
  size_t n = 1 << 20;
  char *s = malloc(n + 1);
  for (size_t i = 0; i < n; i += 2)
    memcpy(s + i, i % 4 ? "{%" : "{{", 2);
  s[n] = 0;
  es_buf out = ES_BUF_INIT;
  size_t m;
  assert_ptr_equal(es_templates_strip(s, n, &out, &m), s);
  /* Many spans. */
  for (size_t i = 0; i + 6 <= n; i += 6)
    memcpy(s + i, "{{x}}\n", 6);
  const char *r = es_templates_strip(s, n - n % 6, &out, &m);
  assert_int_equal(m, (n - n % 6) / 6);
  assert_int_equal(r[0], '\n');
  es_buf_free(&out);
  free(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_untouched),
      cmocka_unit_test(test_kinds),
      cmocka_unit_test(test_line_start),
      cmocka_unit_test(test_across_lines),
      cmocka_unit_test(test_comment_blocks),
      cmocka_unit_test(test_reach),
      cmocka_unit_test(test_fences),
      cmocka_unit_test(test_hostile),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
