/* corpus.h - the corpus's layout, shared by its modules (corpus.c: options
 * and accessors, discover.c, load.c) and read by the analytics. Once
 * es_corpus_load has returned, nothing changes it. */
#ifndef ES_CORPUS_H
#define ES_CORPUS_H

#include "essay_stats.h"
#include "../parse/parse.h"
#include "../parse/rules.h"
#include "baseline.h"
#include "../util/progress.h"

#include <sys/types.h>

typedef enum es_entry_kind {
  ES_ENTRY_REGULAR = 0,
  ES_ENTRY_SPECIAL, /* FIFO, socket, device: never opened */
  ES_ENTRY_DANGLING /* a symbolic link that leads nowhere */
} es_entry_kind;

typedef struct es_entry {
  char *raw_id; /* doc_id bytes as reached (also the path to open) */
  char *id;     /* doc_id for reports: bad bytes as U+FFFD */
  es_entry_kind kind;
  /* The file's identity, taken with fstat from the descriptor that read
   * it (never from a path: a path can name another file by then). Two
   * entries are one file only when all of it is equal and a check with
   * both files open at once agrees (load.c, dedupe_files). */
  bool has_ino; /* the fields below are known */
  dev_t dev;
  ino_t ino;
  int64_t size, mtime_ns, ctime_ns;
  int64_t bytes; /* -1 when unknown */
  es_doc *doc;   /* NULL when not analysed */
  es_finding read_finding;
  bool has_read_finding;
  char *read_message;
} es_entry;

struct es_corpus {
  es_options opts; /* strings below are owned copies */
  char *extensions, *part_labels, *group_by, *stopwords;
  char **exts; /* lower-case, with the leading dot */
  size_t nexts;
  es_parse_cfg cfg;
  es_entry *entries;
  size_t n, cap;
  bool loaded;
  size_t analysed;
  es_vocab *terms, *keys;
  char **stop; /* normalized stop words */
  size_t nstop;
  char **warnings;
  size_t nwarnings, warnings_cap;
  es_pool **pools; /* the documents' memory, one pool per loading thread */
  size_t npools;
  es_rules *rules;                  /* --rules, or NULL */
  es_baseline *baseline;            /* --baseline, or NULL */
  char *rules_path, *baseline_path; /* opts.rules, opts.baseline */
  es_phase finding; /* progress while a folder is walked (add_path) */
};

/* Loading in steps, for a corpus read by several processes (engine/mpi);
 * es_corpus_load is sort, load_range over every entry, finish (load.c).
 * Sort the discovered entries by doc_id, dropping paths met twice: */
void es_corpus__sort(es_corpus *c);
/* Read and parse entries [lo, hi) only (on opts.jobs threads); the others
 * stay unread (doc NULL, no read finding). Once only per corpus. */
void es_corpus__load_range(es_corpus *c, size_t lo, size_t hi);
/* A new pool owned by the corpus, for documents made elsewhere
 * (es_doc_unpack). */
es_pool *es_corpus__new_pool(es_corpus *c);
/* Once every entry holds its result: merge files reached twice, make ids
 * unique, intern key terms; the corpus is then loaded. With `kept` (one
 * byte per entry before), kept[i] tells whether entry i stayed. */
void es_corpus__finish(es_corpus *c, uint8_t *kept);
/* The same for a corpus that holds others' documents (an MPI rank other
 * than 0, whose documents are thin, pack.h): keep the entries that rank
 * 0's es_corpus__finish kept; ids and key terms stay as they are. */
void es_corpus__keep(es_corpus *c, const uint8_t *kept);
/* Free every document (and the pools that held them), read findings and
 * entries staying: a rank other than 0 drops its shard once sent. */
void es_corpus__drop_docs(es_corpus *c);

/* The built-in English stop words (NULL-terminated). */
extern const char *const es_english_stopwords[];

#endif
