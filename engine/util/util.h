/* util.h - memory helpers, error reporting and small containers shared by
 * every engine module. */
#ifndef ES_UTIL_H
#define ES_UTIL_H

#include "essay_stats.h"
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Allocation. Out of memory is the one condition essay-stats does not
 * recover from: these print a message and end the process with exit
 * status ES_EXIT_OUT_OF_MEMORY (essay_stats.h), so callers never see
 * NULL. */
void *es__xmalloc(size_t n);
/* Print the message and exit: for allocators outside ours (cmark's). */
void es__out_of_memory(size_t n) __attribute__((noreturn));
void *es__xcalloc(size_t n, size_t size);
void *es__xrealloc(void *p, size_t n);
char *es__xstrdup(const char *s);
char *es__xstrndup(const char *s, size_t n);

/* Grow *p (an array of `size`-byte elements with capacity *cap) so that it
 * holds at least `need` elements. */
void es__grow(void **p, size_t *cap, size_t need, size_t size);
#define ES_GROW(p, cap, need)                                                  \
  es__grow((void **)&(p), &(cap), (need), sizeof *(p))

/* Fill `err` (may be NULL) and return `code`. */
es_status es__fail(es_error *err, es_status code, const char *src_file,
                   int src_line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define ES_FAIL(err, code, ...)                                                \
  es__fail((err), (code), __FILE__, __LINE__, __VA_ARGS__)

/* Programmer errors in release builds become ES_EINVAL. */
#define ES_ASSERT_ARG(expr)                                                    \
  do {                                                                         \
    if (!(expr))                                                               \
      return ES_FAIL(err, ES_EINVAL, "invalid argument: %s", #expr);           \
  } while (0)

/* ---- es_buf: a growable byte string, always NUL-terminated ------------- */
typedef struct es_buf {
  char *data;
  size_t len;
  size_t cap;
} es_buf;

#define ES_BUF_INIT                                                            \
  { NULL, 0, 0 }
void es_buf_reserve(es_buf *b, size_t extra);
void es_buf_put(es_buf *b, const void *data, size_t n);
void es_buf_putc(es_buf *b, char c);
void es_buf_puts(es_buf *b, const char *s);
void es_buf_printf(es_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void es_buf_vprintf(es_buf *b, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void es_buf_clear(es_buf *b);
void es_buf_free(es_buf *b);
/* Hand the bytes to the caller (free with free()); b becomes empty. */
char *es_buf_detach(es_buf *b);

/* ---- es_pool: big blocks that many arenas carve their chunks from -------
 * For objects that all die together (a corpus's documents): one malloc per
 * few MiB instead of several per document, which also spares the thread
 * heaps' page-by-page growth. Not thread-safe: one pool per thread. */
typedef struct es_pool es_pool;
es_pool *es_pool_new(void);
void es_pool_free(es_pool *p);
void *es_pool_alloc(es_pool *p, size_t n); /* 16-byte aligned */

/* ---- es_arena: chunked bump allocator, freed all at once ---------------
 * An arena with a pool takes its chunks from the pool, and es_arena_free
 * then leaves them to the pool. With ES_DEBUG_ARENA defined every
 * allocation is its own malloc and pools are bypassed (an arena with a
 * pool owns its allocations, and the parser pools no documents), so that
 * AddressSanitizer sees every overflow. */
typedef struct es_arena_chunk es_arena_chunk;
typedef struct es_arena {
  es_arena_chunk *head;
  size_t used, cap;
  size_t next;   /* size of the next chunk */
  es_pool *pool; /* optional source of chunks */
} es_arena;

#define ES_ARENA_INIT                                                          \
  { NULL, 0, 0, 0, NULL }
void *es_arena_alloc(es_arena *a, size_t n); /* 8-byte aligned */
void *es_arena_calloc(es_arena *a, size_t n);
char *es_arena_strndup(es_arena *a, const char *s, size_t n);
char *es_arena_strdup(es_arena *a, const char *s);
/* A formatted string in the arena. */
char *es_arena_vprintf(es_arena *a, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));
void *es_arena_memdup(es_arena *a, const void *p, size_t n);
/* Give a pooled arena's unused tail back to its pool, when its newest chunk
 * is the pool's newest allocation (a document just built). */
void es_arena_trim(es_arena *a);
/* Forget every allocation but keep the newest chunk for reuse. */
void es_arena_reset(es_arena *a);
void es_arena_free(es_arena *a);

/* ---- es_parallel_for: work shared among threads -----------------------
 * Runs fn(arg, worker, lo, hi) over consecutive chunks [lo, hi) of [0, n),
 * `grain` items each (the last may be shorter), handed out in order to at
 * most `jobs` workers. Worker 0 is the calling thread; the others are
 * threads started for the call and joined before it returns. Each item is
 * handled exactly once, and a worker's chunks run one after another on one
 * thread, so `worker` (< jobs) can index per-worker state. Which worker
 * gets which chunk depends on timing: for deterministic results, store
 * each item's result by its index, never in worker order. A thread that
 * cannot be started leaves its share to the others. */
typedef void (*es_task_fn)(void *arg, size_t worker, size_t lo, size_t hi);
void es_parallel_for(size_t n, size_t grain, size_t jobs, es_task_fn fn,
                     void *arg);

/* ---- hashing ----------------------------------------------------------- */
uint64_t es_hash(const void *data, size_t n);

#endif
