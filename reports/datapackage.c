/* datapackage.c - datapackage.json: a Frictionless Data (tabular) package
 * descriptor for the reports of an --out-dir run, so that notebooks and
 * validators read each CSV with the right column types instead of guessing
 * (a doc_id "0042" or a key term "NA" must stay text). Everything comes
 * from the schema table in schema.c. The JSON is written in a fixed order
 * and carries no timestamp and no absolute path: the same input gives the
 * same bytes. */
#include "report.h"
#include "../engine/util/util.h"
#include "../engine/util/utf8.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

/* A JSON string. The text is UTF-8 already (front-matter keys are repaired
 * on input); es_utf8_decode still turns any stray bad byte into U+FFFD, so
 * the file is valid JSON whatever it is given. */
static void json_str(FILE *out, const char *s) {
  putc('"', out);
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') {
      putc('\\', out);
      putc(c, out);
      i++;
    } else if (c == '\n') {
      fputs("\\n", out);
      i++;
    } else if (c == '\t') {
      fputs("\\t", out);
      i++;
    } else if (c < 0x20 || c == 0x7f) {
      fprintf(out, "\\u%04x", c);
      i++;
    } else if (c < 0x80) {
      putc(c, out);
      i++;
    } else {
      size_t len = es_utf8_valid_len((const unsigned char *)s + i, n - i);
      if (len) {
        fwrite(s + i, 1, len, out);
        i += len;
      } else {
        fputs("\xef\xbf\xbd", out);
        i++;
      }
    }
  }
  putc('"', out);
}

static void indent(FILE *out, int level) {
  for (int i = 0; i < level; i++)
    fputs("  ", out);
}

/* "key": at `level` of indentation. */
static void json_key(FILE *out, int level, const char *key) {
  indent(out, level);
  json_str(out, key);
  fputs(": ", out);
}

static void json_str_member(FILE *out, int level, const char *key,
                            const char *value, bool last) {
  json_key(out, level, key);
  json_str(out, value);
  fputs(last ? "\n" : ",\n", out);
}

/* The allowed values of an enum column, as a one-line JSON array. */
static void write_enum(FILE *out, const es_coldef *d) {
  putc('[', out);
  if (d->values) {
    for (size_t i = 0; d->values[i]; i++) {
      if (i)
        fputs(", ", out);
      json_str(out, d->values[i]);
    }
  } else {
    for (int c = 0; c < ES_CODE__COUNT; c++) {
      if (c)
        fputs(", ", out);
      json_str(out, es_code_name((es_code)c));
    }
  }
  putc(']', out);
}

static void write_field(FILE *out, const es_column *col, const es_coldef *d,
                        bool last) {
  indent(out, 5);
  fputs("{\n", out);
  json_str_member(out, 6, "name", col->name, false);
  json_str_member(out, 6, "type", es_column_type_name(col->type), false);
  /* Table Schema has no unit property; the unit goes into the description,
   * which every Frictionless reader shows. */
  bool has_enum = (d->flags & ES_COLDEF_ENUM) != 0;
  json_key(out, 6, "description");
  if (col->unit[0]) {
    es_buf b = ES_BUF_INIT;
    es_buf_printf(&b, "%s Unit: %s.", col->description, col->unit);
    json_str(out, b.data);
    es_buf_free(&b);
  } else {
    json_str(out, col->description);
  }
  fputs(has_enum ? ",\n" : "\n", out);
  if (has_enum) {
    json_key(out, 6, "constraints");
    fputs("{\"enum\": ", out);
    write_enum(out, d);
    fputs("}\n", out);
  }
  indent(out, 5);
  fputs(last ? "}\n" : "},\n", out);
}

/* "primaryKey" and "foreignKeys" of a schema, each line ending with a
 * comma (missingValues follows them). Foreign keys point at the essays
 * resource, and are written only when it is described too. */
static void write_keys(FILE *out, const es_schema *s, bool with_essays) {
  size_t n = es_schema_column_count(s);
  bool any = false;
  for (size_t i = 0; i < n; i++) {
    if (!(es_schema__coldef(s, i)->flags & ES_COLDEF_KEY))
      continue;
    if (!any) {
      json_key(out, 4, "primaryKey");
      putc('[', out);
    } else {
      fputs(", ", out);
    }
    json_str(out, es_schema_column(s, i)->name);
    any = true;
  }
  if (any)
    fputs("],\n", out);
  if (!with_essays)
    return;
  bool self = strcmp(es_schema__def(s)->name, "essays") == 0;
  any = false;
  for (size_t i = 0; i < n; i++) {
    if (!(es_schema__coldef(s, i)->flags & ES_COLDEF_DOC_REF))
      continue;
    if (!any) {
      json_key(out, 4, "foreignKeys");
      fputs("[\n", out);
    } else {
      fputs(",\n", out);
    }
    indent(out, 5);
    fputs("{\"fields\": ", out);
    json_str(out, es_schema_column(s, i)->name);
    /* An empty resource name refers to the resource itself. */
    fprintf(out,
            ", \"reference\": {\"resource\": \"%s\", \"fields\": "
            "\"doc_id\"}}",
            self ? "" : "essays");
    any = true;
  }
  if (any) {
    putc('\n', out);
    indent(out, 4);
    fputs("],\n", out);
  }
}

static void write_resource(FILE *out, const char *name, const es_schema *s,
                           bool with_essays, bool last) {
  indent(out, 2);
  fputs("{\n", out);
  json_str_member(out, 3, "name", name, false);
  es_buf path = ES_BUF_INIT;
  es_buf_printf(&path, "%s.csv", name);
  json_str_member(out, 3, "path", path.data, false);
  es_buf_free(&path);
  json_str_member(out, 3, "profile", "tabular-data-resource", false);
  json_str_member(out, 3, "description", es_schema_description(s), false);
  json_str_member(out, 3, "format", "csv", false);
  json_str_member(out, 3, "mediatype", "text/csv", false);
  json_str_member(out, 3, "encoding", "utf-8", false);
  /* The dialect reports/csv.c writes (RFC 4180 with LF line ends). */
  json_key(out, 3, "dialect");
  fputs("{\"delimiter\": \",\", \"quoteChar\": \"\\\"\", \"doubleQuote\": "
        "true, \"lineTerminator\": \"\\n\", \"header\": true},\n",
        out);
  json_key(out, 3, "schema");
  fputs("{\n", out);
  json_key(out, 4, "fields");
  fputs("[\n", out);
  size_t n = es_schema_column_count(s);
  for (size_t i = 0; i < n; i++)
    write_field(out, es_schema_column(s, i), es_schema__coldef(s, i),
                i + 1 == n);
  indent(out, 4);
  fputs("],\n", out);
  write_keys(out, s, with_essays);
  json_key(out, 4, "missingValues");
  fputs("[\"\"]\n", out);
  indent(out, 3);
  fputs("}\n", out);
  indent(out, 2);
  fputs(last ? "}\n" : "},\n", out);
}

es_status es_datapackage_write(const es_corpus *corpus,
                               const char *const *names, FILE *out,
                               es_error *err) {
  ES_ASSERT_ARG(out);
  if (!names)
    names = es_report_names();
  /* Check every name before writing a byte, so that a bad call leaves no
   * half descriptor behind. */
  size_t count = 0;
  bool with_essays = false;
  for (; names[count]; count++) {
    if (!es_schema__report(names[count]))
      return ES_FAIL(err, ES_EINVAL, "unknown report '%s'", names[count]);
    with_essays |= strcmp(names[count], "essays") == 0;
  }
  fputs("{\n", out);
  json_str_member(out, 1, "profile", "tabular-data-package", false);
  json_str_member(out, 1, "name", "essay-stats-reports", false);
  json_str_member(out, 1, "title", "essay-stats reports", false);
  json_str_member(out, 1, "description",
                  "Statistics over a corpus of annotated essays, written by "
                  "essay-stats " ES_VERSION ". An empty field is a missing "
                  "value; front-matter columns and ids are text.",
                  false);
  json_key(out, 1, "resources");
  fputs("[\n", out);
  for (size_t i = 0; i < count; i++) {
    es_schema *s = NULL;
    es_status rc = es_report_schema(&s, names[i], corpus, err);
    if (rc != ES_OK)
      return rc;
    write_resource(out, names[i], s, with_essays, i + 1 == count);
    es_schema_free(s);
  }
  indent(out, 1);
  fputs("]\n}\n", out);
  if (fflush(out) != 0 || ferror(out))
    return ES_FAIL(err, ES_EIO, "cannot write datapackage.json: %s",
                   strerror(errno));
  return ES_OK;
}
