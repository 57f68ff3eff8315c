/* rules.c - the audit's rules file, read with libyaml's document API, and
 * the recognisers of the field value types.
 *
 * Every mistake (a YAML error, an unknown key, a value of the wrong kind, an
 * unknown type, code or severity, a repeated key) fails the whole file with
 * a message naming its line: a rules file is configuration, and a run that
 * silently ignored half of it would report a clean corpus that is not. The
 * file is small and trusted to be a rules file, but it is still bounded:
 * at most 1 MiB, and only the three known levels of keys are walked. */
#include "rules.h"
#include "../util/util.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

enum { MAX_RULES_BYTES = 1 << 20 };

/* ---- value types -------------------------------------------------------- */

static const char *const type_names[] = {
    "", "string", "integer", "number", "boolean", "date", "url"};

const char *es_value_type_name(es_value_type t) {
  return (unsigned)t < sizeof type_names / sizeof *type_names ? type_names[t]
                                                              : "";
}

static bool ieq(const char *a, const char *b) {
  for (; *a && *b; a++, b++)
    if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
      return false;
  return *a == *b;
}

static bool is_boolean(const char *s) {
  return ieq(s, "true") || ieq(s, "false") || ieq(s, "yes") || ieq(s, "no");
}

static bool is_integer(const char *s) {
  if (*s == '-')
    s++;
  if (!*s)
    return false;
  for (; *s; s++)
    if (*s < '0' || *s > '9')
      return false;
  return true;
}

static bool is_number(const char *s) {
  char *end;
  errno = 0;
  (void)strtod(s, &end);
  return end != s && *end == 0;
}

/* n digits at *p, their value in *v; advances *p. */
static bool digits(const char **p, int n, int *v) {
  int x = 0;
  for (int i = 0; i < n; i++) {
    char c = (*p)[i];
    if (c < '0' || c > '9')
      return false;
    x = x * 10 + (c - '0');
  }
  *p += n;
  *v = x;
  return true;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Z, +H, +HH, +HH:MM, +HHMM (or -), and nothing after it. */
static bool is_zone(const char *p) {
  if (*p == 'Z')
    return p[1] == 0;
  if (*p != '+' && *p != '-')
    return false;
  p++;
  int h, m;
  if (is_digit(p[0]) && is_digit(p[1])) {
    digits(&p, 2, &h);
  } else if (is_digit(p[0])) {
    digits(&p, 1, &h);
    return *p == 0 && h <= 23;
  } else {
    return false;
  }
  if (h > 23)
    return false;
  if (*p == 0)
    return true;
  if (*p == ':')
    p++;
  return digits(&p, 2, &m) && m <= 59 && *p == 0;
}

static bool is_date(const char *p) {
  int y, mo, d;
  if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
      !digits(&p, 2, &d))
    return false;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (mo < 1 || mo > 12 || d < 1)
    return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > mdays[mo - 1] + (mo == 2 && leap))
    return false;
  if (*p == 0)
    return true;
  /* a time: [T ]H:MM[:SS[.f]] */
  if (*p != 'T' && *p != ' ')
    return false;
  p++;
  int h, mi, s;
  if (is_digit(p[0]) && is_digit(p[1]))
    digits(&p, 2, &h);
  else if (!digits(&p, 1, &h))
    return false;
  if (h > 23 || *p++ != ':' || !digits(&p, 2, &mi) || mi > 59)
    return false;
  if (*p == ':') {
    p++;
    if (!digits(&p, 2, &s) || s > 59)
      return false;
    if (*p == '.') {
      p++;
      if (!is_digit(*p))
        return false;
      while (is_digit(*p))
        p++;
    }
  }
  if (*p == 0)
    return true;
  if (*p == ' ')
    p++;
  return is_zone(p);
}

static bool is_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static bool is_url(const char *s) {
  const char *p = s;
  if (!isalpha((unsigned char)*p))
    return false;
  while (isalnum((unsigned char)*p) || *p == '+' || *p == '.' || *p == '-')
    p++;
  if (strncmp(p, "://", 3) != 0)
    return false;
  p += 3;
  if (!*p)
    return false;
  for (; *p; p++)
    if (is_space((unsigned char)*p))
      return false;
  return true;
}

bool es_value_has_type(es_value_type t, const char *s) {
  if (!s)
    return false;
  switch (t) {
  case ES_VALUE_INTEGER:
    return is_integer(s);
  case ES_VALUE_NUMBER:
    return is_number(s);
  case ES_VALUE_BOOLEAN:
    return is_boolean(s);
  case ES_VALUE_DATE:
    return is_date(s);
  case ES_VALUE_URL:
    return is_url(s);
  default:
    return true;
  }
}

/* ---- the rules file ----------------------------------------------------- */

typedef struct rparse {
  yaml_document_t *doc;
  const char *path;
  es_error *err;
  es_rules *r;
  size_t fields_cap;
  bool failed;
} rparse;

static es_status fail_at(rparse *p, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static es_status fail_at(rparse *p, const yaml_node_t *n, const char *fmt,
                         ...) {
  if (p->failed)
    return ES_ECONFIG;
  p->failed = true;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  /* false positive: the analyzer of clang 14 reports the va_list as
   * uninitialized right after va_start. */
  /* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  unsigned line = n ? (unsigned)n->start_mark.line + 1 : 0;
  if (p->err) {
    if (line)
      ES_FAIL(p->err, ES_ECONFIG, "%s:%u: %s", p->path, line, msg);
    else
      ES_FAIL(p->err, ES_ECONFIG, "%s: %s", p->path, msg);
    p->err->line = line;
    snprintf(p->err->path, sizeof p->err->path, "%s", p->path);
  }
  return ES_ECONFIG;
}

static const char *scalar(const yaml_node_t *n) {
  return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                          : NULL;
}

/* A null node: an empty value, ~ or null as a plain scalar. */
static bool is_null(const yaml_node_t *n) {
  if (!n || n->type != YAML_SCALAR_NODE)
    return false;
  if (n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return false;
  const char *s = scalar(n);
  return !*s || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
         strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0;
}

static const char *kind_name(const yaml_node_t *n) {
  switch (n->type) {
  case YAML_SCALAR_NODE:
    return "a scalar";
  case YAML_SEQUENCE_NODE:
    return "a sequence";
  case YAML_MAPPING_NODE:
    return "a mapping";
  default:
    return "nothing";
  }
}

static yaml_node_t *node(rparse *p, int id) {
  return yaml_document_get_node(p->doc, id);
}

/* Check that no key of mapping `m` is repeated and every key is a scalar. */
static bool check_keys(rparse *p, const yaml_node_t *m) {
  for (yaml_node_pair_t *a = m->data.mapping.pairs.start;
       a < m->data.mapping.pairs.top; a++) {
    const yaml_node_t *k = node(p, a->key);
    if (!scalar(k)) {
      fail_at(p, k, "a key must be a plain name, not %s", kind_name(k));
      return false;
    }
    for (yaml_node_pair_t *b = m->data.mapping.pairs.start; b < a; b++)
      if (strcmp(scalar(node(p, b->key)), scalar(k)) == 0) {
        fail_at(p, k, "key '%s' is repeated", scalar(k));
        return false;
      }
  }
  return true;
}

/* A sequence of scalars into a fresh array of strings. */
static bool string_list(rparse *p, const yaml_node_t *n, const char *what,
                        char ***out, size_t *nout) {
  if (n->type != YAML_SEQUENCE_NODE) {
    fail_at(p, n, "%s must be a list such as [a, b], not %s", what,
            kind_name(n));
    return false;
  }
  size_t cnt =
      (size_t)(n->data.sequence.items.top - n->data.sequence.items.start);
  char **v = es__xcalloc(cnt ? cnt : 1, sizeof *v);
  *out = v;
  *nout = 0;
  for (yaml_node_item_t *it = n->data.sequence.items.start;
       it < n->data.sequence.items.top; it++) {
    const yaml_node_t *item = node(p, *it);
    if (!scalar(item)) {
      fail_at(p, item, "each item of %s must be a plain value, not %s", what,
              kind_name(item));
      return false;
    }
    v[(*nout)++] = es__xstrdup(is_null(item) ? "" : scalar(item));
  }
  return true;
}

static bool parse_bool(const char *s, bool *out) {
  if (ieq(s, "true") || ieq(s, "yes")) {
    *out = true;
    return true;
  }
  if (ieq(s, "false") || ieq(s, "no")) {
    *out = false;
    return true;
  }
  return false;
}

static bool parse_field(rparse *p, const yaml_node_t *key,
                        const yaml_node_t *val) {
  es_rules *r = p->r;
  const char *name = scalar(key);
  if (!*name) {
    fail_at(p, key, "a field needs a name");
    return false;
  }
  ES_GROW(r->fields, p->fields_cap, r->nfields + 1);
  es_rule_field *f = &r->fields[r->nfields++];
  memset(f, 0, sizeof *f);
  f->name = es__xstrdup(name);
  f->line = (unsigned)key->start_mark.line + 1;
  if (is_null(val))
    return true; /* `NAME:` alone: a known field with no constraint */
  if (val->type != YAML_MAPPING_NODE) {
    fail_at(p, val,
            "field '%s' wants a mapping such as {required: true, type: "
            "string}, not %s",
            name, kind_name(val));
    return false;
  }
  if (!check_keys(p, val))
    return false;
  for (yaml_node_pair_t *a = val->data.mapping.pairs.start;
       a < val->data.mapping.pairs.top; a++) {
    const yaml_node_t *k = node(p, a->key), *v = node(p, a->value);
    const char *ks = scalar(k), *vs = scalar(v);
    if (strcmp(ks, "required") == 0) {
      if (!vs || !parse_bool(vs, &f->required)) {
        fail_at(p, v, "'required' of field '%s' wants true or false", name);
        return false;
      }
      r->any_required |= f->required;
    } else if (strcmp(ks, "type") == 0) {
      size_t t = 1, nt = sizeof type_names / sizeof *type_names;
      while (vs && t < nt && strcmp(vs, type_names[t]) != 0)
        t++;
      if (!vs || t == nt) {
        fail_at(p, v,
                "unknown type '%s' for field '%s' (types: string, integer, "
                "number, boolean, date, url)",
                vs ? vs : kind_name(v), name);
        return false;
      }
      f->type = (es_value_type)t;
    } else if (strcmp(ks, "values") == 0) {
      char what[300];
      snprintf(what, sizeof what, "'values' of field '%s'", name);
      if (!string_list(p, v, what, &f->values, &f->nvalues))
        return false;
      f->has_values = true;
    } else {
      fail_at(p, k,
              "unknown key '%s' for field '%s' (keys: required, type, "
              "values)",
              ks, name);
      return false;
    }
  }
  return true;
}

static bool parse_fields(rparse *p, const yaml_node_t *n) {
  p->r->has_fields = true;
  if (is_null(n))
    return true;
  if (n->type != YAML_MAPPING_NODE) {
    fail_at(p, n, "'fields' must be a mapping of field names, not %s",
            kind_name(n));
    return false;
  }
  if (!check_keys(p, n))
    return false;
  for (yaml_node_pair_t *a = n->data.mapping.pairs.start;
       a < n->data.mapping.pairs.top; a++)
    if (!parse_field(p, node(p, a->key), node(p, a->value)))
      return false;
  return true;
}

static bool parse_codes(rparse *p, const yaml_node_t *n) {
  if (is_null(n))
    return true;
  if (n->type != YAML_MAPPING_NODE) {
    fail_at(p, n, "'codes' must be a mapping of code: severity, not %s",
            kind_name(n));
    return false;
  }
  if (!check_keys(p, n))
    return false;
  for (yaml_node_pair_t *a = n->data.mapping.pairs.start;
       a < n->data.mapping.pairs.top; a++) {
    const yaml_node_t *k = node(p, a->key), *v = node(p, a->value);
    const char *code = scalar(k), *sev = scalar(v);
    int c = 0;
    while (c < ES_CODE__COUNT && strcmp(es_code_name((es_code)c), code) != 0)
      c++;
    if (c == ES_CODE__COUNT) {
      fail_at(p, k, "unknown audit code '%s'", code);
      return false;
    }
    int s;
    if (sev && strcmp(sev, "error") == 0)
      s = ES_SEVERITY_ERROR;
    else if (sev && strcmp(sev, "warning") == 0)
      s = ES_SEVERITY_WARNING;
    else if (sev && strcmp(sev, "info") == 0)
      s = ES_SEVERITY_INFO;
    else if (sev && strcmp(sev, "off") == 0)
      s = ES_RULE_OFF;
    else {
      fail_at(p, v,
              "code '%s' wants a severity: error, warning, info or off, not "
              "'%s'",
              code, sev ? sev : kind_name(v));
      return false;
    }
    p->r->severity[c] = s;
  }
  return true;
}

static bool parse_root(rparse *p, const yaml_node_t *root) {
  if (!root || is_null(root))
    return true; /* an empty file: no rules */
  if (root->type != YAML_MAPPING_NODE) {
    fail_at(p, root,
            "the rules file must be a mapping with fields, parts or codes, "
            "not %s",
            kind_name(root));
    return false;
  }
  if (!check_keys(p, root))
    return false;
  for (yaml_node_pair_t *a = root->data.mapping.pairs.start;
       a < root->data.mapping.pairs.top; a++) {
    const yaml_node_t *k = node(p, a->key), *v = node(p, a->value);
    const char *ks = scalar(k);
    bool ok;
    if (strcmp(ks, "fields") == 0) {
      ok = parse_fields(p, v);
    } else if (strcmp(ks, "parts") == 0) {
      p->r->has_parts = true;
      ok = is_null(v) ||
           string_list(p, v, "'parts'", &p->r->parts, &p->r->nparts);
    } else if (strcmp(ks, "codes") == 0) {
      ok = parse_codes(p, v);
    } else {
      fail_at(p, k, "unknown key '%s' (keys: fields, parts, codes)", ks);
      ok = false;
    }
    if (!ok)
      return false;
  }
  return true;
}

es_status es_rules_parse(es_rules **out, const char *text, size_t len,
                         const char *path, es_error *err) {
  ES_ASSERT_ARG(out && (text || !len));
  *out = NULL;
  if (!path)
    path = "rules";
  es_rules *r = es__xcalloc(1, sizeof *r);
  for (int c = 0; c < ES_CODE__COUNT; c++)
    r->severity[c] = ES_RULE_DEFAULT;
  rparse p = {NULL, path, err, r, 0, false};
  yaml_parser_t parser;
  yaml_document_t doc, extra;
  if (!yaml_parser_initialize(&parser)) {
    es_rules_free(r);
    return ES_FAIL(err, ES_ENOMEM, "%s: cannot start the YAML parser", path);
  }
  yaml_parser_set_input_string(&parser,
                               (const unsigned char *)(text ? text : ""), len);
  bool have_doc = false;
  if (!yaml_parser_load(&parser, &doc)) {
    yaml_node_t at;
    memset(&at, 0, sizeof at);
    at.start_mark = parser.problem_mark;
    fail_at(&p, &at, "YAML error: %s",
            parser.problem ? parser.problem : "cannot parse");
  } else {
    have_doc = true;
    p.doc = &doc;
    if (parse_root(&p, yaml_document_get_root_node(&doc))) {
      /* A second document would be ignored silently: refuse it. */
      if (!yaml_parser_load(&parser, &extra)) {
        yaml_node_t at;
        memset(&at, 0, sizeof at);
        at.start_mark = parser.problem_mark;
        fail_at(&p, &at, "YAML error: %s",
                parser.problem ? parser.problem : "cannot parse");
      } else {
        yaml_node_t *root2 = yaml_document_get_root_node(&extra);
        if (root2)
          fail_at(&p, root2, "a second YAML document in the rules file");
        yaml_document_delete(&extra);
      }
    }
  }
  if (have_doc)
    yaml_document_delete(&doc);
  yaml_parser_delete(&parser);
  if (p.failed) {
    es_rules_free(r);
    return ES_ECONFIG;
  }
  *out = r;
  return ES_OK;
}

es_status es_rules_load(es_rules **out, const char *path, es_error *err) {
  ES_ASSERT_ARG(out && path);
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f)
    return ES_FAIL(err, ES_EIO, "cannot read the rules file '%s': %s", path,
                   strerror(errno));
  es_buf b = ES_BUF_INIT;
  char chunk[8192];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    es_buf_put(&b, chunk, n);
    if (b.len > MAX_RULES_BYTES)
      break;
  }
  bool bad = ferror(f) != 0;
  int saved = errno;
  fclose(f);
  if (bad || b.len > MAX_RULES_BYTES) {
    es_buf_free(&b);
    if (bad)
      return ES_FAIL(err, ES_EIO, "cannot read the rules file '%s': %s", path,
                     strerror(saved));
    return ES_FAIL(err, ES_ECONFIG, "%s: the rules file is larger than 1 MiB",
                   path);
  }
  es_status rc = es_rules_parse(out, b.data, b.len, path, err);
  es_buf_free(&b);
  return rc;
}

void es_rules_free(es_rules *r) {
  if (!r)
    return;
  for (size_t i = 0; i < r->nfields; i++) {
    free(r->fields[i].name);
    for (size_t k = 0; k < r->fields[i].nvalues; k++)
      free(r->fields[i].values[k]);
    free(r->fields[i].values);
  }
  free(r->fields);
  for (size_t i = 0; i < r->nparts; i++)
    free(r->parts[i]);
  free(r->parts);
  free(r);
}

const es_rule_field *es_rules_field(const es_rules *r, const char *name) {
  for (size_t i = 0; r && i < r->nfields; i++)
    if (strcmp(r->fields[i].name, name) == 0)
      return &r->fields[i];
  return NULL;
}
