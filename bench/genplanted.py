#!/usr/bin/env python3
"""Generate a corpus with planted near-duplicates, for checking the exact
near-duplicate join against brute force (bench/brute_dupes.py).

usage: genplanted.py OUTDIR [N] [--seed S] [--templates T]

N essays (default 2000) in OUTDIR/pNNNNN.md. About half are originals; the
rest are derived from an earlier essay by one or more of: word edits at a
rate from 0 to 40 %, inserted sentences or paragraphs, deleted sentences or
paragraphs, reordered paragraphs, an exact copy; or built from one of T
shared templates (boilerplate paragraphs with the essay's own text between
them, in proportions that put some pairs above 0.8 and many below). A few
essays are empty, hold fewer than 5 words, or are written in Greek or
Cyrillic letters. The format is plain enough that a regular expression
finds the same words as essay-stats: headings, paragraphs, list items and
bold spans, words made of letters with inner apostrophes or hyphens.

With --templates-only, every essay is built from the templates (a
template-heavy corpus for timing, any N). --own LO-HI sets how many of its
own sentences an essay puts between two template paragraphs (default 0-6,
some essays nearly all template; 4-8 keeps the essays apart, below 0.8).
"""
import os
import random
import sys

LATIN = "ka lo mi ne su ra ti vo ze qu an el or is um ph th gr be do".split()
GREEK = "κα λο μι νε συ ρα τι βο ζε θη".split()
CYRIL = "ка ло ми не су ра ти во зе жи".split()
FUNC = ("the of and to a in is that it as for with by this not on its but "
        "are be from an or at into their").split()


class Gen:
    def __init__(self, seed, templates):
        self.rng = random.Random(seed)
        self.vocab = self.make_vocab(LATIN, 20000)
        self.greek = self.make_vocab(GREEK, 3000)
        self.cyril = self.make_vocab(CYRIL, 3000)
        self.templates = [[self.paragraph(self.vocab, 6, 10) for _ in range(4)]
                          for _ in range(templates)]

    def make_vocab(self, syl, n):
        out = set()
        while len(out) < n:
            out.add("".join(self.rng.choice(syl)
                            for _ in range(self.rng.randint(2, 4))))
        out = sorted(out)
        self.rng.shuffle(out)
        return out

    def word(self, vocab):
        rng = self.rng
        if vocab is self.vocab and rng.random() < 0.4:
            return rng.choice(FUNC)
        # Zipf-like: low indexes far more often
        w = vocab[min(int(rng.paretovariate(1.1)) - 1, len(vocab) - 1)]
        if rng.random() < 0.5:
            w = vocab[rng.randrange(len(vocab))]
        r = rng.random()
        if r < 0.02:
            w += "’s"
        elif r < 0.04:
            w += "-" + vocab[rng.randrange(500)]
        return w

    def sentence(self, vocab, lo=5, hi=20):
        rng = self.rng
        ws = [self.word(vocab) for _ in range(rng.randint(lo, hi))]
        if rng.random() < 0.2:
            k = rng.randrange(len(ws))
            ws[k] = "**%s**" % ws[k]
        ws[0] = ws[0][0].upper() + ws[0][1:]
        return " ".join(ws) + rng.choice([".", ".", "?", ";", "!"])

    def paragraph(self, vocab, lo=2, hi=6):
        return " ".join(self.sentence(vocab)
                        for _ in range(self.rng.randint(lo, hi)))

    def essay(self, vocab=None):
        vocab = vocab or self.vocab
        rng = self.rng
        blocks = ["# " + " ".join(self.word(vocab) for _ in range(3))]
        for _ in range(rng.randint(2, 5)):
            blocks.append("## " + " ".join(self.word(vocab)
                                            for _ in range(rng.randint(1, 4))))
            blocks.append(self.paragraph(vocab))
            if rng.random() < 0.4:
                blocks.append("\n".join("- " + self.sentence(vocab, 3, 10)
                                        for _ in range(rng.randint(2, 4))))
        return blocks

    def templated(self, t, own_range=None):
        rng = self.rng
        tpl = self.templates[t]
        own = (rng.randint(*own_range) if own_range
               else rng.choice([0, 1, 1, 2, 3, 6]))
        blocks = ["# " + " ".join(self.word(self.vocab) for _ in range(3))]
        for i, p in enumerate(tpl):
            blocks.append(p)
            for _ in range(own if i < len(tpl) - 1 else 0):
                blocks.append(self.sentence(self.vocab))
        return blocks

    # ---- edits ----
    def edit_words(self, blocks, rate):
        rng = self.rng
        out = []
        for b in blocks:
            ws = b.split(" ")
            for i, w in enumerate(ws):
                if w.startswith(("#", "-", "\n")) or rng.random() >= rate:
                    continue
                ws[i] = self.word(self.vocab)
            out.append(" ".join(ws))
        return out

    def insert(self, blocks):
        b = list(blocks)
        i = self.rng.randrange(1, len(b) + 1)
        b.insert(i, self.paragraph(self.vocab, 1, 3))
        return b

    def delete(self, blocks):
        b = list(blocks)
        if len(b) > 2:
            del b[self.rng.randrange(1, len(b))]
        return b

    def reorder(self, blocks):
        b = list(blocks)
        body = b[1:]
        self.rng.shuffle(body)
        return b[:1] + body

    def derive(self, blocks):
        rng = self.rng
        kind = rng.random()
        if kind < 0.1:
            return list(blocks)
        ops = []
        if kind < 0.6:
            ops.append(("edit", rng.choice([0.0, 0.01, 0.02, 0.05, 0.08, 0.1,
                                            0.15, 0.2, 0.3, 0.4])))
        if rng.random() < 0.35:
            ops.append(("insert", None))
        if rng.random() < 0.35:
            ops.append(("delete", None))
        if rng.random() < 0.25:
            ops.append(("reorder", None))
        if not ops:
            ops.append(("edit", 0.05))
        for op, arg in ops:
            if op == "edit":
                blocks = self.edit_words(blocks, arg)
            else:
                blocks = getattr(self, op)(blocks)
        return blocks


def main():
    a = sys.argv[1:]
    if not a:
        sys.exit(__doc__)
    out = a[0]
    n = int(a[1]) if len(a) > 1 and not a[1].startswith("--") else 2000
    seed = int(a[a.index("--seed") + 1]) if "--seed" in a else 5
    ntpl = int(a[a.index("--templates") + 1]) if "--templates" in a else 3
    only_tpl = "--templates-only" in a
    own = (tuple(int(x) for x in a[a.index("--own") + 1].split("-"))
           if "--own" in a else None)
    g = Gen(seed, ntpl)
    rng = g.rng
    os.makedirs(out, exist_ok=True)
    made = []
    for i in range(n):
        r = rng.random()
        if only_tpl:
            blocks = g.templated(rng.randrange(ntpl), own)
        elif i < 5:
            blocks = [["", "# ", "Hello there", "## Just four words here",
                       "Five words in this one"][i]]
        elif r < 0.02:
            blocks = g.essay(g.greek if rng.random() < 0.5 else g.cyril)
        elif r < 0.12:
            blocks = g.templated(rng.randrange(ntpl))
        elif made and r < 0.55:
            blocks = g.derive(rng.choice(made[-300:]))
        else:
            blocks = g.essay()
        if len(made) < 5000:
            made.append(blocks)
        with open(os.path.join(out, "p%05d.md" % i), "w",
                  encoding="utf-8") as f:
            f.write("\n\n".join(blocks) + "\n")


if __name__ == "__main__":
    main()
