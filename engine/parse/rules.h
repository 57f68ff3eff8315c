/* rules.h - the audit's rules file (--rules FILE): what the corpus owner
 * requires of each essay, read with libyaml into plain C data that the
 * audit reads. Also the recognisers of the value types a field may have.
 *
 * Layout of the file (every key optional; any other key is an error):
 *
 *   fields:                 # front-matter fields, by flattened key
 *     NAME: {required: BOOL, type: TYPE, values: [V, ...]}
 *   parts: [LABEL, ...]     # required parts, in this order
 *   codes:                  # severity per audit code
 *     CODE: error | warning | info | off
 */
#ifndef ES_RULES_H
#define ES_RULES_H

#include "essay_stats.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum es_value_type {
  ES_VALUE_ANY = 0, /* no type given */
  ES_VALUE_STRING,
  ES_VALUE_INTEGER,
  ES_VALUE_NUMBER,
  ES_VALUE_BOOLEAN,
  ES_VALUE_DATE,
  ES_VALUE_URL
} es_value_type;

/* The type's name as written in a rules file ("date"); "" for ANY. */
const char *es_value_type_name(es_value_type t);

/* Does the value (one scalar, or one item of a sequence) have the type?
 *  string   anything
 *  integer  -?[0-9]+
 *  number   strtod reads all of it (C locale)
 *  boolean  true, false, yes, no in any case
 *  date     YYYY-MM-DD, a day that exists, optionally followed by a time
 *           [T ]H:MM[:SS[.f]] (hour 0-23, one or two digits) and then,
 *           optionally and right after it or after one space, a zone:
 *           Z, +H, +HH, +HH:MM or +HHMM (or -)
 *  url      scheme://rest: a scheme [A-Za-z][A-Za-z0-9+.-]*, "://", then
 *           at least one character and no white space */
bool es_value_has_type(es_value_type t, const char *s);

/* Severity a rules file gives a code: ES_RULE_DEFAULT keeps the built-in
 * one, ES_RULE_OFF drops the code's findings; else an es_severity. */
enum { ES_RULE_DEFAULT = -1, ES_RULE_OFF = 3 };

typedef struct es_rule_field {
  char *name;
  unsigned line; /* of its key in the rules file */
  bool required;
  es_value_type type;
  char **values; /* allowed values, exact as written; NULL: any */
  size_t nvalues;
  bool has_values;
} es_rule_field;

typedef struct es_rules {
  bool has_fields; /* a `fields` key: the half-the-corpus rule is off */
  es_rule_field *fields;
  size_t nfields;
  bool any_required;
  bool has_parts; /* a `parts` key: missing_part uses the list */
  char **parts;
  size_t nparts;
  int severity[ES_CODE__COUNT]; /* ES_RULE_DEFAULT, es_severity, or OFF */
} es_rules;

/* Read rules from YAML text. `path` names the file in error messages,
 * which read "PATH:LINE: problem". On success *out belongs to the caller
 * (es_rules_free). ES_ECONFIG for any mistake in the file (err->line set
 * when the mistake has a line). */
es_status es_rules_parse(es_rules **out, const char *text, size_t len,
                         const char *path, es_error *err);
/* Read the rules file at `path`: ES_EIO when it cannot be read, else as
 * es_rules_parse. */
es_status es_rules_load(es_rules **out, const char *path, es_error *err);
void es_rules_free(es_rules *rules);

/* The rule of a field, or NULL. */
const es_rule_field *es_rules_field(const es_rules *rules, const char *name);

#endif
