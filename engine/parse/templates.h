/* templates.h - removing template markup from a Markdown body.
 *
 * Static-site generators leave their template language in the Markdown:
 * Liquid/Jinja/Nunjucks tags `{% ... %}` and output `{{ ... }}`, Hugo
 * shortcodes `{{< ... >}}` and `{{% ... %}}`. None of it is prose. These
 * spans are removed from the body before cmark parses it:
 *
 *  - a span runs from its opener to the first matching closer (`%}`, `}}`,
 *    `>}}`, `%}}`), across lines, and must end at most 200 lines below the
 *    opener's line; an opener with no closer in reach stays text;
 *  - a `comment` tag (recognised by its name: `{%- comment -%}`, or broken
 *    across lines) extends its span to the end of the next `endcomment` tag
 *    within the same reach; with none in reach only the tag itself goes;
 *  - no span opens on a line of a fenced code block, as cmark finds the
 *    fences in the body as written;
 *  - every line end inside a span is kept, so line numbers do not move;
 *  - a span with only white space before it on its line (after earlier
 *    removals) is removed with the white space that follows it on its last
 *    line, so a tag at the start of a line adds no indentation; any other
 *    span becomes one space (before its kept line ends). */
#ifndef ES_TEMPLATES_H
#define ES_TEMPLATES_H

#include "../util/util.h"

/* How many lines below the opener's line a span may end. */
enum { ES_TEMPLATE_REACH = 200 };

/* Remove template spans from s[0..n) (LF line ends). Returns s itself when
 * nothing was removed (the usual case, no copy), else out->data; *out_n
 * gets the length. `out` is scratch owned by the caller. */
const char *es_templates_strip(const char *s, size_t n, es_buf *out,
                               size_t *out_n);

#endif
