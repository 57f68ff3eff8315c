/* dupes_pairs.c - every near-duplicate pair essay-stats finds, one
 * "doc_a<TAB>doc_b" line each (a < b), for comparison with the brute-force
 * pair set of bench/brute_dupes.py. It loads the corpus like the CLI and
 * runs the same shingling and join (engine/analytics/duplicates.c is
 * compiled in, its external functions renamed) with the pair list turned on.
 *
 * usage: dupes_pairs [--shingle K] [--dup-threshold X] PATH... */
/* Its external functions are the library's too: renamed here, so that
 * linking with the library does not define them twice. */
#define es_stats__duplicates dupes_pairs__duplicates
#define es_stats__duplicates_share dupes_pairs__share
#define es_stats__duplicates_finish dupes_pairs__finish
#define es_stats__dup_part_free dupes_pairs__part_free
#include "analytics/duplicates.c"

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
  shingle_ctx x;
  size_t m;
  size_t *docs = shingle_setup(c, &x, &m);
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
  fprintf(stderr,
          "%zu pairs; %zu essays kept for the join, %zu candidates "
          "verified\n",
          r->npairs, r->kept, r->candidates);
  es_dupes_free(r);
  free(x.th);
  free(docs);
  es_corpus_free(c);
  return 0;
}
