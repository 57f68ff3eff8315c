/* dictionary.c - prints the column dictionary of README.md (the part
 * between its "generated" markers) from the schema table in
 * reports/table.c, so that the documentation, datapackage.json and the
 * CSV headers share one source. The docs_dictionary test compares this
 * output with the file; `ES_UPDATE_DOCS=1 ctest -R docs_dictionary`
 * rewrites the file's block instead. Built with the tests, never
 * installed. */
#include "report.h"

#include <stdio.h>
#include <string.h>

/* Markdown table cell text: a '|' would end the cell. */
static void cell(const char *s) {
  for (; *s; s++) {
    if (*s == '|')
      fputs("\\|", stdout);
    else
      putchar(*s);
  }
}

static void values(const es_coldef *d) {
  fputs(" Values: ", stdout);
  if (d->values) {
    for (size_t i = 0; d->values[i]; i++)
      printf("%s`%s`", i ? ", " : "", d->values[i]);
  } else {
    fputs("the audit codes below", stdout);
  }
  putchar('.');
}

static void report(const char *name) {
  const es_reportdef *r = es_schema__report(name);
  printf("#### `%s`\n\n%s\n\n", name, r->description);
  printf("| column | type | unit | meaning |\n");
  printf("|---|---|---|---|\n");
  for (const es_coldef *d = r->cols; d->name; d++) {
    if (d->flags & ES_COLDEF_FRONT_MATTER)
      fputs("| *KEY* (front matter) ", stdout);
    else
      printf("| `%s` ", d->name);
    printf("| %s | %s | ", es_column_type_name(d->type), d->unit);
    cell(d->description);
    if (d->flags & ES_COLDEF_ENUM)
      values(d);
    fputs(" |\n", stdout);
  }
  putchar('\n');
}

/* What each audit code means, for the table that closes the dictionary.
 * Codes come from es_code_name, so a code added to the engine without a
 * line here makes the generator (and so the docs_dictionary test) fail. */
static const char *const code_meanings[][2] = {
    {"unreadable", "The file could not be read, or is not a regular file."},
    {"too_large", "The file is larger than --max-file-size; not read."},
    {"not_utf8", "Invalid UTF-8 or NUL bytes, replaced by U+FFFD; line of the "
                 "first one."},
    {"front_matter_invalid", "A YAML error (or a nesting or alias limit) in "
                             "the front matter, at libyaml's line."},
    {"front_matter_unterminated", "No closing --- line: the whole file is "
                                  "read as body."},
    {"front_matter_not_mapping", "The front matter is valid YAML but not a "
                                 "mapping."},
    {"empty", "The body has no words."},
    {"front_matter_missing", "No front matter, while at least half the "
                             "essays have one (with required fields in "
                             "the rules file: always)."},
    {"missing_field", "A front-matter key that at least half the essays "
                      "have is absent (with a rules file's fields: a "
                      "required field is absent or empty); key: the field."},
    {"duplicate_key", "A front-matter key is repeated (the last value wins)."},
    {"no_sections", "No sections, while at least half the essays have "
                    "some."},
    {"missing_part", "A part label that at least half the essays have (or "
                     "that the rules file lists) is absent; key: the "
                     "label."},
    {"empty_section", "A section with no words and no subsections, at its "
                      "heading's line."},
    {"length_outlier", "Far shorter or longer than the corpus norm (robust "
                       "z of ln(1 + content_words) above 3.5)."},
    {"near_duplicate", "In a near-duplicate cluster (shingle Jaccard >= "
                       "--dup-threshold) that another essay names; the "
                       "message names its nearest partner; key: the "
                       "cluster."},
    {"input_bounded", "A bound against hostile input (docs/reliability.md) "
                      "changed what was read: nesting, image openers or "
                      "combining marks past their limit."},
    {"no_title", "No title, while at least half the essays have one."},
    {"no_key_terms", "No bold key terms, while at least half the essays "
                     "have some."},
    {"field_type", "A front-matter value (or list item) is not of the type "
                   "the rules file declares; key: the field."},
    {"field_value", "A front-matter value (or list item) is not one of the "
                    "rules file's allowed values; key: the field."},
    {"part_order", "A part comes before one it should follow in the rules "
                   "file's parts list; at its heading's line."},
};

static const char *code_meaning(const char *code) {
  for (size_t i = 0; i < sizeof code_meanings / sizeof *code_meanings; i++)
    if (strcmp(code_meanings[i][0], code) == 0)
      return code_meanings[i][1];
  return NULL;
}

int main(void) {
  puts("<!-- generated from reports/table.c by docs/dictionary.c: edit the "
       "table there, then run `ES_UPDATE_DOCS=1 ctest -R docs_dictionary` "
       "-->\n");
  for (const char *const *n = es_report_names(); *n; n++)
    report(*n);
  puts("#### Audit codes\n");
  puts("| code | severity | meaning |");
  puts("|---|---|---|");
  for (int c = 0; c < ES_CODE__COUNT; c++) {
    const char *name = es_code_name((es_code)c);
    const char *meaning = code_meaning(name);
    if (!meaning) {
      fprintf(stderr, "dictionary: no meaning for audit code '%s'\n", name);
      return 1;
    }
    printf("| `%s` | %s | %s |\n", name,
           es_severity_name(es_code_severity((es_code)c)), meaning);
  }
  return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}
