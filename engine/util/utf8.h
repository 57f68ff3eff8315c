/* utf8.h - UTF-8 decoding, repair and character classes. */
#ifndef ES_UTF8_H
#define ES_UTF8_H

#include "util.h"

/* Length of the well-formed sequence at s (1-4), or 0 when the bytes at s
 * do not start one (n = bytes available). */
size_t es_utf8_valid_len(const unsigned char *s, size_t n);

/* Decode the code point at s[0..n): returns its length and stores it in
 * *cp; an ill-formed byte decodes as U+FFFD of length 1. */
size_t es_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Append the UTF-8 form of cp. */
void es_utf8_encode(es_buf *b, int32_t cp);

/* Repair a file's bytes for parsing: drop a leading BOM, turn CRLF and lone
 * CR into LF, replace NUL and each maximal ill-formed subsequence with
 * U+FFFD. Returns the repaired text: `in` itself when it needed nothing
 * (the common case, no copy), else scratch->data. *out_len gets its
 * length, *bad the number of replacements and *first_bad_line the 1-based
 * line of the first one (0 if none). */
const char *es_utf8_repair(const char *in, size_t n, es_buf *scratch,
                           size_t *out_len, size_t *bad,
                           unsigned *first_bad_line);

/* Unicode White_Space property. */
bool es_utf8_is_space(int32_t cp);

/* Replace ill-formed bytes with U+FFFD (for file names). Caller frees. */
char *es_utf8_display(const char *s, size_t n);

#endif
