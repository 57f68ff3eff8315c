/* install_consumer.c - a program outside the tree, built against the
 * installed library through pkg-config by install_pkgconfig.sh: it parses
 * one essay with the public API and prints its title and word count. */
#include <essay_stats.h>

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s ESSAY\n", argv[0]);
    return 2;
  }
  FILE *f = fopen(argv[1], "rb");
  if (!f)
    return 1;
  char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  es_doc *doc = NULL;
  es_error err;
  if (es_doc_parse(&doc, buf, n, NULL, &err) != ES_OK) {
    fprintf(stderr, "%s: %s\n", es_status_name(err.code), err.message);
    return 1;
  }
  const char *title = es_doc_title(doc);
  printf("title: %s\nwords: %zu\nversion: %s\n", title ? title : "",
         es_doc_counts_get(doc)->words, ES_VERSION);
  es_doc_free(doc);
  return 0;
}
