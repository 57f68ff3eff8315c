#!/usr/bin/env python3
"""Write a hostile essay body to stdout: gen.py SHAPE N.

Each shape is a short unit repeated N times; shapes known to drive cmark
0.30.2, utf8proc or the front-matter reader into superlinear time are here
so that tests and measurements can generate them instead of storing large
files. `gen.py --list` prints the shape names."""
import sys

SHAPES = {
    # cmark 0.30.2 (fixed in cmark 0.30.3 / 0.31, not in Debian 12)
    "image_brackets": lambda n: "![[]()" * n + "\n",
    "nested_lists_blank": lambda n: "- " * n + "a" + "\n" * n,
    "nested_quotes_blank": lambda n: "> " * n + "a" + "\n" * n,
    "nested_ordered_blank": lambda n: "1. " * n + "a" + "\n" * n,
    "emph_mismatch": lambda n: "*a_ " * n + "\n",
    "emph_openers": lambda n: "_a " * n + "\n",
    "emph_closers": lambda n: "a_ " * n + "\n",
    "emph_mult3": lambda n: "a**b" + "c* " * n + "\n",
    "nested_strong_emph": lambda n: "*a **a " * n + "b" + " a** a*" * n + "\n",
    "link_openers": lambda n: "[a" * n + "\n",
    "link_closers": lambda n: "a]" * n + "\n",
    "link_open_emph_close": lambda n: "[ a_" * n + "\n",
    "nested_brackets": lambda n: "[" * n + "a" + "]" * n + "\n",
    "nested_links": lambda n: "[" * n + "foo" + "](bar)" * n + "\n",
    "unclosed_links_a": lambda n: "[a](<b" * n + "\n",
    "unclosed_links_b": lambda n: "[a](b" * n + "\n",
    "backticks": lambda n: "".join("e" + "`" * k for k in range(1, n)) + "\n",
    "html_comments": lambda n: "a <!-- " * n + "\n",
    "html_pi": lambda n: "a <? " * n + "\n",
    "html_cdata": lambda n: "a <![CDATA[ " * n + "\n",
    "html_decl": lambda n: "a <!A " * n + "\n",
    "html_open_tags": lambda n: "a <x " * n + "\n",
    "references": lambda n: "".join("[%d]: u\n" % i for i in range(1, n))
    + "[0] " * n + "\n",
    "ref_label_backslash": lambda n: "[" + "\\" * n + "\n",
    "quote_lines": lambda n: "> " * 100 + "\n" + ">\n" * n,
    "list_tabs": lambda n: "-\t" * n + "a\n" + "\n" * n,
    "setext_lines": lambda n: "a\n" * n + "=\n",
    "entities": lambda n: "&#" * n + "\n",
    "stars": lambda n: "*" * n + "a" + "*" * n + "\n",
    # utf8proc: a letter with marks of alternating combining classes
    # (U+0316 ccc 220, U+0301 ccc 230): canonical reordering is quadratic.
    "combining_marks": lambda n: "a" + "\u0316\u0301" * n + "\n",
}


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--list":
        print("\n".join(SHAPES))
        return
    if len(sys.argv) != 3 or sys.argv[1] not in SHAPES:
        sys.exit("usage: gen.py SHAPE N | --list")
    text = SHAPES[sys.argv[1]](int(sys.argv[2]))
    sys.stdout.buffer.write(text.encode("utf-8"))


if __name__ == "__main__":
    main()
