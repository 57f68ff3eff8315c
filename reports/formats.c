/* formats.c - the audit as gcc-style text, SARIF 2.1.0, JUnit XML and
 * GitHub Actions workflow commands.
 *
 * Escaping is the point of this file. Strings come from file names and
 * essays, so any of them may hold a comma, a colon, a quote, '%', '<', '&'
 * or a line end:
 *  - JSON: '"' and '\' escaped, control characters as \n, \r, \t or \u00XX;
 *  - XML: & < > " ' as entities; tab, LF and CR as character references
 *    (so attribute values keep them); other control characters, which XML
 *    1.0 cannot carry at all, and U+FFFE/U+FFFF as U+FFFD;
 *  - GitHub: '%', CR and LF percent-encoded in the message, and ':' and ','
 *    too in the properties (file, title);
 *  - text: a control character in a doc_id written as a C escape, so that
 *    every finding stays on one line (messages already are one line).
 * Every writer also turns a stray ill-formed UTF-8 byte into U+FFFD. */
#include "formats.h"
#include "../engine/util/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const struct {
  const char *code, *text;
} descriptions[] = {
    {"unreadable", "The file could not be read."},
    {"too_large", "The file is larger than --max-file-size and was not read."},
    {"not_utf8", "The file holds invalid UTF-8 or NUL bytes."},
    {"front_matter_invalid", "The front matter is not valid YAML."},
    {"front_matter_unterminated", "The front matter is never closed."},
    {"front_matter_not_mapping", "The front matter is not a YAML mapping."},
    {"empty", "The essay body has no words."},
    {"front_matter_missing", "The essay has no front matter."},
    {"missing_field", "A front-matter field is missing or empty."},
    {"duplicate_key", "A front-matter key is repeated."},
    {"no_sections", "The essay has no sections."},
    {"missing_part", "A part is missing."},
    {"empty_section", "A section has no words."},
    {"length_outlier", "The essay is far shorter or longer than the corpus."},
    {"near_duplicate", "The essay is a near duplicate of another one."},
    {"input_bounded",
     "A bound against hostile input changed what was read of the essay."},
    {"input_bounded", "A bound on hostile input changed what was read."},
    {"no_title", "The essay has no title."},
    {"no_key_terms", "The essay has no bold key terms."},
    {"field_type", "A front-matter value is not of its declared type."},
    {"field_value", "A front-matter value is not one of the allowed values."},
    {"part_order", "A part comes before one it should follow."},
};

const char *es_format_code_description(const char *code) {
  for (size_t i = 0; i < sizeof descriptions / sizeof *descriptions; i++)
    if (strcmp(descriptions[i].code, code) == 0)
      return descriptions[i].text;
  return "An audit finding.";
}

static const char *level_name(int severity) {
  switch (severity) {
  case ES_SEVERITY_ERROR:
    return "error";
  case ES_SEVERITY_WARNING:
    return "warning";
  case ES_SEVERITY_INFO:
    return "note";
  default:
    return "none";
  }
}

/* Call put(out, cp-bytes) for each code point of s, bad bytes as U+FFFD.
 * The callbacks below look at one character at a time. */
typedef void (*put_fn)(FILE *out, int32_t cp, const char *bytes, size_t n);

static void each_char(FILE *out, const char *s, put_fn put) {
  static const char fffd[] = "\xEF\xBF\xBD";
  size_t n = s ? strlen(s) : 0;
  for (size_t i = 0; i < n;) {
    const unsigned char *p = (const unsigned char *)s + i;
    size_t len = es_utf8_valid_len(p, n - i);
    if (!len) {
      put(out, 0xFFFD, fffd, 3);
      i++;
      continue;
    }
    int32_t cp;
    es_utf8_decode(p, len, &cp);
    put(out, cp, (const char *)p, len);
    i += len;
  }
}

/* ---- text ---------------------------------------------------------------- */

static void put_text(FILE *out, int32_t cp, const char *b, size_t n) {
  if (cp == '\n')
    fputs("\\n", out);
  else if (cp == '\r')
    fputs("\\r", out);
  else if (cp == '\t')
    fputs("\\t", out);
  else if (cp < 0x20 || cp == 0x7f)
    fprintf(out, "\\x%02X", (unsigned)cp);
  else
    fwrite(b, 1, n, out);
}

static bool current(const es_audit_row *r) {
  return r->state != ES_STATE_FIXED;
}

static const char *sev_name(es_severity s) { return es_severity_name(s); }

static void text_line(FILE *out, const es_audit_row *r) {
  each_char(out, r->doc_id, put_text);
  if (r->line)
    fprintf(out, ":%u", r->line);
  fprintf(out, ": %s: ", sev_name(r->severity));
  each_char(out, r->message, put_text);
  fputs(" [", out);
  each_char(out, r->code, put_text);
  fputc(']', out);
}

void es_format_text(FILE *out, const es_audit_view *v) {
  for (size_t i = 0; i < v->nrows; i++) {
    if (!current(&v->rows[i]))
      continue;
    text_line(out, &v->rows[i]);
    fputc('\n', out);
  }
}

/* ---- SARIF -----------------------------------------------------------------
 */

static void put_json(FILE *out, int32_t cp, const char *b, size_t n) {
  switch (cp) {
  case '"':
    fputs("\\\"", out);
    return;
  case '\\':
    fputs("\\\\", out);
    return;
  case '\n':
    fputs("\\n", out);
    return;
  case '\r':
    fputs("\\r", out);
    return;
  case '\t':
    fputs("\\t", out);
    return;
  default:
    if (cp < 0x20 || cp == 0x7f)
      fprintf(out, "\\u%04x", (unsigned)cp);
    else
      fwrite(b, 1, n, out);
  }
}

static void json_str(FILE *out, const char *s) {
  putc('"', out);
  each_char(out, s, put_json);
  putc('"', out);
}

/* A relative URI reference for a doc_id: every byte but the unreserved
 * characters and '/' percent-encoded, so that a ':' cannot read as a
 * scheme and a space, '%' or '#' as anything but the file name. */
static void uri_str(FILE *out, const char *s) {
  static const char hex[] = "0123456789ABCDEF";
  putc('"', out);
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    unsigned c = *p;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
        c == '~' || c == '/')
      putc((int)c, out);
    else {
      putc('%', out);
      putc(hex[c >> 4], out);
      putc(hex[c & 15], out);
    }
  }
  putc('"', out);
}

static size_t rule_index(const es_audit_view *v, const char *code) {
  for (size_t i = 0; i < v->nrules; i++)
    if (strcmp(v->rules[i].id, code) == 0)
      return i;
  return SIZE_MAX;
}

static const char *baseline_state(es_audit_state s) {
  switch (s) {
  case ES_STATE_NEW:
    return "new";
  case ES_STATE_UNCHANGED:
    return "unchanged";
  case ES_STATE_FIXED:
    return "absent";
  default:
    return NULL;
  }
}

void es_format_sarif(FILE *out, const es_audit_view *v) {
  fputs("{\n"
        "  \"$schema\": "
        "\"https://json.schemastore.org/sarif-2.1.0.json\",\n"
        "  \"version\": \"2.1.0\",\n"
        "  \"runs\": [\n"
        "    {\n"
        "      \"tool\": {\n"
        "        \"driver\": {\n"
        "          \"name\": \"essay-stats\",\n"
        "          \"version\": ",
        out);
  json_str(out, v->version ? v->version : "");
  fputs(",\n          \"rules\": [", out);
  for (size_t i = 0; i < v->nrules; i++) {
    const es_audit_rule *r = &v->rules[i];
    fputs(i ? ",\n" : "\n", out);
    fputs("            {\"id\": ", out);
    json_str(out, r->id);
    fputs(", \"name\": ", out);
    json_str(out, r->id);
    fputs(", \"shortDescription\": {\"text\": ", out);
    json_str(out, r->description ? r->description
                                 : es_format_code_description(r->id));
    fprintf(out, "}, \"defaultConfiguration\": {\"level\": \"%s\"%s}}",
            level_name(r->level),
            r->level == ES_AUDIT_OFF ? ", \"enabled\": false" : "");
  }
  fputs(v->nrules ? "\n          ]\n" : "]\n", out);
  fputs("        }\n"
        "      },\n"
        "      \"results\": [",
        out);
  for (size_t i = 0; i < v->nrows; i++) {
    const es_audit_row *r = &v->rows[i];
    fputs(i ? ",\n" : "\n", out);
    fputs("        {\"ruleId\": ", out);
    json_str(out, r->code);
    size_t ri = rule_index(v, r->code);
    if (ri != SIZE_MAX)
      fprintf(out, ", \"ruleIndex\": %zu", ri);
    fprintf(out, ", \"level\": \"%s\", \"message\": {\"text\": ",
            level_name((int)r->severity));
    json_str(out, r->message);
    fputs("}, \"locations\": [{\"physicalLocation\": {\"artifactLocation\": "
          "{\"uri\": ",
          out);
    uri_str(out, r->doc_id);
    fputs("}", out);
    if (r->line)
      fprintf(out, ", \"region\": {\"startLine\": %u}", r->line);
    fputs("}}]", out);
    const char *bs = v->baseline ? baseline_state(r->state) : NULL;
    if (bs)
      fprintf(out, ", \"baselineState\": \"%s\"", bs);
    /* The finding's identity across runs, for tools that track results
     * (GitHub code scanning matches alerts by it). */
    fputs(", \"partialFingerprints\": {\"essayStatsFinding/v1\": ", out);
    fputs("\"", out);
    each_char(out, r->doc_id, put_json);
    fputc('|', out);
    each_char(out, r->code, put_json);
    fputc('|', out);
    each_char(out, r->key ? r->key : "", put_json);
    fputs("\"}", out);
    fputs(", \"properties\": {\"docId\": ", out);
    json_str(out, r->doc_id);
    fputs(", \"key\": ", out);
    json_str(out, r->key ? r->key : "");
    fputs("}}", out);
  }
  fputs(v->nrows ? "\n      ]\n" : "]\n", out);
  fputs("    }\n"
        "  ]\n"
        "}\n",
        out);
}

/* ---- JUnit XML ------------------------------------------------------------
 */

static void put_xml(FILE *out, int32_t cp, const char *b, size_t n) {
  switch (cp) {
  case '&':
    fputs("&amp;", out);
    return;
  case '<':
    fputs("&lt;", out);
    return;
  case '>':
    fputs("&gt;", out);
    return;
  case '"':
    fputs("&quot;", out);
    return;
  case '\'':
    fputs("&apos;", out);
    return;
  case '\t':
    fputs("&#9;", out);
    return;
  case '\n':
    fputs("&#10;", out);
    return;
  case '\r':
    fputs("&#13;", out);
    return;
  default:
    if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF)
      fputs("\xEF\xBF\xBD", out); /* not a character XML can carry */
    else
      fwrite(b, 1, n, out);
  }
}

static void xml_str(FILE *out, const char *s) { each_char(out, s, put_xml); }

/* The text of a text-format line, XML-escaped. */
static void xml_line(FILE *out, const es_audit_row *r) {
  xml_str(out, r->doc_id);
  if (r->line)
    fprintf(out, ":%u", r->line);
  fprintf(out, ": %s: ", sev_name(r->severity));
  xml_str(out, r->message);
  fputs(" [", out);
  xml_str(out, r->code);
  fputc(']', out);
}

static void testcase(FILE *out, const es_audit_view *v, const es_audit_row *r) {
  fputs("    <testcase classname=\"", out);
  xml_str(out, r->doc_id);
  fputs("\" name=\"", out);
  xml_str(out, r->code);
  if (r->key && *r->key) {
    fputc(' ', out);
    xml_str(out, r->key);
  }
  fputs("\" file=\"", out);
  xml_str(out, r->doc_id);
  fputs("\">\n", out);
  if (r->severity == ES_SEVERITY_INFO) {
    fputs("      <system-out>", out);
    xml_line(out, r);
    fputs("</system-out>\n", out);
  } else {
    fprintf(out, "      <failure type=\"%s\" message=\"",
            sev_name(r->severity));
    xml_str(out, r->message);
    fputs("\">", out);
    xml_line(out, r);
    if (v->baseline && r->state != ES_STATE_NONE) {
      fputs("&#10;state: ", out);
      fputs(es_audit_state_name(r->state), out);
    }
    fputs("</failure>\n", out);
  }
  fputs("    </testcase>\n", out);
}

void es_format_junit(FILE *out, const es_audit_view *v) {
  /* Count the testcases first: the testsuite element carries the totals. */
  size_t tests = 0, failures = 0;
  size_t nessays = v->nessays;
  unsigned char *has = calloc(nessays ? nessays : 1, 1);
  for (size_t i = 0; i < v->nrows; i++) {
    const es_audit_row *r = &v->rows[i];
    if (!current(r))
      continue;
    tests++;
    failures += r->severity != ES_SEVERITY_INFO;
    if (has && r->doc < nessays)
      has[r->doc] = 1;
  }
  for (size_t e = 0; e < nessays; e++)
    tests += !(has && has[e]);
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", out);
  fprintf(out,
          "<testsuites name=\"essay-stats audit\" tests=\"%zu\" "
          "failures=\"%zu\" errors=\"0\">\n",
          tests, failures);
  fprintf(out,
          "  <testsuite name=\"essay-stats audit\" tests=\"%zu\" "
          "failures=\"%zu\" errors=\"0\" skipped=\"0\">\n",
          tests, failures);
  /* Essays in corpus order, each with its findings (report order is
   * doc_id order, as the corpus is; fixed rows are left out). */
  size_t i = 0;
  for (size_t e = 0; e < nessays; e++) {
    bool any = false;
    for (; i < v->nrows; i++) {
      const es_audit_row *r = &v->rows[i];
      if (!current(r))
        continue;
      if (r->doc > e)
        break;
      any = true;
      testcase(out, v, r);
    }
    if (!any) {
      fputs("    <testcase classname=\"", out);
      xml_str(out, v->essays[e]);
      fputs("\" name=\"no findings\" file=\"", out);
      xml_str(out, v->essays[e]);
      fputs("\"/>\n", out);
    }
  }
  fputs("  </testsuite>\n</testsuites>\n", out);
  free(has);
}

/* ---- GitHub Actions -------------------------------------------------------
 */

static void put_gh_data(FILE *out, int32_t cp, const char *b, size_t n) {
  if (cp == '%')
    fputs("%25", out);
  else if (cp == '\r')
    fputs("%0D", out);
  else if (cp == '\n')
    fputs("%0A", out);
  else
    fwrite(b, 1, n, out);
}

static void put_gh_prop(FILE *out, int32_t cp, const char *b, size_t n) {
  if (cp == ':')
    fputs("%3A", out);
  else if (cp == ',')
    fputs("%2C", out);
  else
    put_gh_data(out, cp, b, n);
}

void es_format_github(FILE *out, const es_audit_view *v) {
  for (size_t i = 0; i < v->nrows; i++) {
    const es_audit_row *r = &v->rows[i];
    if (!current(r))
      continue;
    const char *cmd = r->severity == ES_SEVERITY_ERROR     ? "error"
                      : r->severity == ES_SEVERITY_WARNING ? "warning"
                                                           : "notice";
    fprintf(out, "::%s file=", cmd);
    each_char(out, r->doc_id, put_gh_prop);
    if (r->line)
      fprintf(out, ",line=%u", r->line);
    fputs(",title=", out);
    each_char(out, r->code, put_gh_prop);
    fputs("::", out);
    each_char(out, r->message, put_gh_data);
    fputc('\n', out);
  }
}
