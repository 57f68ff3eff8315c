/* test_arena.c - the arena and the pool: alignment, reset (keeps the
 * newest chunk), trim (gives a pooled arena's unused tail back), and the
 * debug mode in which every allocation is its own malloc. */
#include "test_util.h"
#include "util/util.h"

static void basics(void **state) {
  (void)state;
  es_arena a = ES_ARENA_INIT;
  for (size_t n = 1; n < 3000; n += 97) {
    unsigned char *p = es_arena_alloc(&a, n);
    assert_int_equal((uintptr_t)p % 8, 0);
    memset(p, 0xab, n);
  }
  char *s = es_arena_strndup(&a, "hello world", 5);
  assert_string_equal(s, "hello");
  assert_string_equal(es_arena_strdup(&a, ""), "");
  unsigned char *z = es_arena_calloc(&a, 64);
  for (size_t i = 0; i < 64; i++)
    assert_int_equal(z[i], 0);
  int v[3] = {1, 2, 3};
  int *m = es_arena_memdup(&a, v, sizeof v);
  assert_int_equal(m[2], 3);
  assert_non_null(es_arena_memdup(&a, NULL, 0));
  es_arena_free(&a);
  assert_null(a.head);
  es_arena_free(&a); /* twice is harmless */
}

static void reset_keeps_newest_chunk(void **state) {
  (void)state;
  es_arena a = ES_ARENA_INIT;
  es_arena_alloc(&a, 100);
  unsigned char *big = es_arena_alloc(&a, 100000); /* a chunk of its own */
  memset(big, 1, 100000);
  es_arena_reset(&a);
  unsigned char *p = es_arena_alloc(&a, 64);
  memset(p, 2, 64);
#ifndef ES_DEBUG_ARENA
  /* The newest chunk is reused from its start; older ones are freed. */
  assert_ptr_equal(p, big);
  assert_true(a.cap >= 100000); /* and the other chunk is gone */
#endif
  es_arena_free(&a);
}

static void pool_alignment(void **state) {
  (void)state;
  es_pool *pool = es_pool_new();
  for (size_t n = 1; n < 5000000; n = n * 3 + 1) {
    unsigned char *p = es_pool_alloc(pool, n);
    assert_int_equal((uintptr_t)p % 16, 0);
    p[0] = p[n - 1] = 7;
  }
  es_pool_free(pool);
  es_pool_free(NULL);
}

static void trim_gives_tail_back(void **state) {
  (void)state;
  es_pool *pool = es_pool_new();
  es_arena a = ES_ARENA_INIT;
  a.pool = pool;
  a.next = 4096;
  unsigned char *p = es_arena_alloc(&a, 100);
  memset(p, 3, 100);
  es_arena_trim(&a);
  unsigned char *q = es_pool_alloc(pool, 16);
  memset(q, 4, 16);
#ifndef ES_DEBUG_ARENA
  /* 100 bytes take 104 (8-aligned); the pool's next block starts at the
   * next 16-byte boundary. */
  assert_ptr_equal(q, p + 112);
  /* Not the pool's newest allocation any more: trim leaves it alone, and
   * the arena still has the 8 bytes of its chunk's tail. */
  es_arena_trim(&a);
  assert_ptr_equal(es_arena_alloc(&a, 8), p + 104);
#endif
  /* Later allocations still work (from new chunks). */
  for (int i = 0; i < 100; i++)
    memset(es_arena_alloc(&a, 200), 5, 200);
  es_arena_reset(&a);
  memset(es_arena_alloc(&a, 50), 6, 50);
  es_arena_free(&a); /* pooled chunks stay with the pool */
  es_pool_free(pool);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(basics),
      cmocka_unit_test(reset_keeps_newest_chunk),
      cmocka_unit_test(pool_alignment),
      cmocka_unit_test(trim_gives_tail_back),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
