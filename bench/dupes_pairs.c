/* dupes_pairs.c - every near-duplicate pair essay-stats finds, one
 * "doc_a<TAB>doc_b" line each (a < b), for comparison with the brute-force
 * pair set of bench/brute_dupes.py. It loads the corpus like the CLI and
 * runs the same shingling and join (engine/analytics/duplicates.c is
 * compiled in, its entry point renamed) with the pair list turned on.
 *
 * usage: dupes_pairs [--shingle K] [--dup-threshold X] PATH... */
#define es_stats__duplicates dupes_pairs__unused
#include "analytics/duplicates.c"
#undef es_stats__duplicates

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv) {
  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  int i = 1;
  for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
    if (strcmp(argv[i], "--shingle") == 0)
      o.shingle = atoi(argv[i + 1]);
    else if (strcmp(argv[i], "--dup-threshold") == 0)
      o.dup_threshold = atof(argv[i + 1]);
    else
      break;
  }
  es_corpus *c = NULL;
  if (es_corpus_new(&c, &o, NULL) != ES_OK)
    return 2;
  for (; i < argc; i++)
    if (es_corpus_add_path(c, argv[i], NULL) != ES_OK)
      return 2;
  es_corpus_load(c, NULL);

  /* As es_stats__duplicates, with want_pairs. */
  size_t n = c->n, m = 0;
  size_t *docs = es__xmalloc((n ? n : 1) * sizeof *docs);
  for (size_t k = 0; k < n; k++)
    if (c->entries[k].doc)
      docs[m++] = k;
  size_t nv = es_vocab_count(c->terms);
  uint64_t *th = es__xmalloc((nv ? nv : 1) * sizeof *th);
  for (size_t t = 0; t < nv; t++) {
    size_t len;
    const char *s = es_vocab_str(c->terms, (uint32_t)t, &len);
    th[t] = es_hash(s, len);
  }
  shingle_ctx x = {c, docs, th, (size_t)c->opts.shingle, 1};
  for (size_t j = 0; j < x.k; j++)
    x.base_k *= SHINGLE_BASE;
  es_dupes_input in = {.n = m,
                       .tokens = shingles,
                       .ctx = &x,
                       .threshold = c->opts.dup_threshold,
                       .jobs = (size_t)c->opts.jobs,
                       .want_pairs = true};
  es_dupes *r = es_dupes_run(&in);
  for (size_t k = 0; k < r->npairs; k++)
    printf("%s\t%s\n", c->entries[docs[r->pairs[k].a]].id,
           c->entries[docs[r->pairs[k].b]].id);
  fprintf(stderr, "%zu pairs; %zu essays kept for the join, %zu candidates "
                  "verified\n",
          r->npairs, r->kept, r->candidates);
  es_dupes_free(r);
  free(th);
  free(docs);
  es_corpus_free(c);
  return 0;
}
