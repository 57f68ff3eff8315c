/* guard.h - bounds on what reaches cmark and utf8proc, so that no body
 * within --max-file-size takes superlinear time (cmark 0.30.2 as shipped by
 * Debian 12 lacks the fixes of 0.30.3 and 0.31).
 *
 * Three rules, each applied in one linear pass over the body:
 *  - container nesting: on a line, the block quote and list markers that
 *    would open containers deeper than ES_GUARD_MAX_DEPTH are removed, so
 *    the line's content goes into the deepest container kept. (cmark walks
 *    every open container on each following line: 30,000 nested items and
 *    30,000 blank lines cost 9e8 steps.)
 *  - image openers: in a run of non-blank lines, the `!` of each image
 *    opener `![` after the first ES_GUARD_MAX_IMAGES is removed: those
 *    images become links. (Each link closed in a paragraph walks back over
 *    every open image opener.)
 *  - combining marks: of a run of combining marks, at most
 *    ES_GUARD_MAX_MARKS are kept (the UAX #15 stream-safe limit); the rest
 *    are dropped. (Canonical reordering in utf8proc is quadratic in a run.)
 * Line ends are never added or removed: line numbers stay those of the
 * file. Words are unchanged, except that a term loses the marks past the
 * limit and that the text of an image turned link counts. */
#ifndef ES_GUARD_H
#define ES_GUARD_H

#include "../util/util.h"

#include <stddef.h>

enum {
  ES_GUARD_MAX_DEPTH = 32,
  ES_GUARD_MAX_IMAGES = 100,
  ES_GUARD_MAX_MARKS = 30
};

/* What es_guard_body changed: a count and the first line (1-based, in the
 * body) for each rule; 0 when it changed nothing. */
typedef struct es_guard_report {
  size_t nested, images, marks;
  unsigned nested_line, images_line, marks_line;
} es_guard_report;

/* Returns `s` itself when the body is within every bound (the common case:
 * nothing is copied), else the bounded copy, held in `out`. *len is
 * updated to the returned text's length. */
const char *es_guard_body(const char *s, size_t *len, es_buf *out,
                          es_guard_report *rep);

/* The combining-marks rule alone, for text that is not a body (stop words,
 * options): returns `s` itself when no run is too long, else a copy in
 * `out` with the marks past the limit dropped; *len is updated. */
const char *es_guard_marks(const char *s, size_t *len, es_buf *out);

#endif
