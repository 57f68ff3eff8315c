/* nonprose.h - text that is not prose inside a block's joined text.
 *
 * Applied to the text of one leaf block (its inline text joined, breaks as
 * spaces) before words are split. Each span found is overwritten with
 * spaces, byte for byte, so offsets into the text stay valid and the span
 * separates the words around it:
 *
 *  - a URL: a scheme `[A-Za-z][A-Za-z0-9+.-]*://` or `www.`, up to the
 *    next white space or `<` (the scheme starts at the first letter of the
 *    run of scheme characters before `://`);
 *  - an e-mail address: a run of non-white-space characters holding
 *    `x@y.z` (something, `@`, something, `.`, something); the whole run;
 *  - an unresolved reference-link label: a `[...]` directly after a `]`
 *    (`[taproot][topic taproot]`, `[PR #15558][]`), up to the first `]`.
 *
 * All three are found in the text as given, so they may overlap; the
 * union is blanked. Bare domains (`example.com`) are left alone. */
#ifndef ES_NONPROSE_H
#define ES_NONPROSE_H

#include "../util/util.h"

/* Which kinds a document's block texts may hold, from its raw Markdown
 * (a whole body is scanned once, so that blocks of plain prose cost
 * nothing): a block's text is made of the body's characters, entity and
 * numeric references (`&`) aside, so `@`, `/` and `]` must occur in the
 * body for an address, a scheme URL or a label to occur in a block, and
 * "ww" for `www.` (unless emphasis splits the three letters apart, as in
 * `w*w*w.`, which no real text does). */
enum {
  ES_NONPROSE_URL = 1,   /* scheme://... */
  ES_NONPROSE_WWW = 2,   /* www.... */
  ES_NONPROSE_EMAIL = 4, /* x@y.z */
  ES_NONPROSE_LABEL = 8, /* ][...] */
  ES_NONPROSE_ALL = 15
};
unsigned es_nonprose_kinds(const char *body, size_t n);

/* Blank the spans above of the given kinds in s[0..n); s[n] must be a NUL
 * byte and s[0..n) must hold none (as in an es_buf of repaired text).
 * Returns true when anything changed. */
bool es_nonprose_blank_kinds(char *s, size_t n, unsigned kinds);

/* All kinds. */
bool es_nonprose_blank(char *s, size_t n);

/* Does s[0..n) end in sentence punctuation (. ! ? U+2026 U+3002 U+FF01
 * U+FF1F), looking past trailing white space, closing brackets (Pe),
 * quotes (Pi, Pf, ' " U+FF02 U+FF07)? Used for pseudo-headings. */
bool es_nonprose_ends_sentence(const char *s, size_t n);

#endif
