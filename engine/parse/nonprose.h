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

/* Blank the spans above in s[0..n). Returns true when anything changed. */
bool es_nonprose_blank(char *s, size_t n);

/* Does s[0..n) end in sentence punctuation (. ! ? U+2026 U+3002 U+FF01
 * U+FF1F), looking past trailing white space, closing brackets (Pe),
 * quotes (Pi, Pf, ' " U+FF02 U+FF07)? Used for pseudo-headings. */
bool es_nonprose_ends_sentence(const char *s, size_t n);

#endif
