/* test_phrases.c - the two-pass n-gram counter: a hand-counted fixture
 * (block boundaries, repeats inside an essay, first essay, --min-docs) and
 * random corpora against a brute-force count of every n-gram. */
#include "test_util.h"

#include "analytics/phrases.h"

typedef struct corpus {
  uint32_t terms[64][64];
  size_t nterms[64];
  uint32_t block[64][64];
  size_t nblocks[64];
} corpus;

static void get(void *ctx, size_t worker, size_t i, es_phrase_doc *out) {
  (void)worker;
  corpus *c = ctx;
  out->terms = c->terms[i];
  out->nterms = c->nterms[i];
  out->block = c->block[i];
  out->nblocks = c->nblocks[i];
}

static void add_doc(corpus *c, size_t i, const char *blocks) {
  /* "ab|c": letters are term ids (a = 0), '|' starts a new block. */
  c->nterms[i] = 0;
  c->nblocks[i] = 1;
  c->block[i][0] = 0;
  for (const char *p = blocks; *p; p++) {
    if (*p == '|')
      c->block[i][c->nblocks[i]++] = (uint32_t)c->nterms[i];
    else
      c->terms[i][c->nterms[i]++] = (uint32_t)(*p - 'a');
  }
}

static const es_phrase_row *find(const es_phrase_set *s, const char *ph) {
  for (size_t k = 0; k < s->n; k++) {
    const es_phrase_row *r = &s->rows[k];
    if (r->n != strlen(ph))
      continue;
    size_t j = 0;
    while (j < r->n && r->ids[j] == (uint32_t)(ph[j] - 'a'))
      j++;
    if (j == r->n)
      return r;
  }
  return NULL;
}

static void expect(const es_phrase_set *s, const char *ph, uint64_t count,
                   uint64_t docs, size_t first) {
  const es_phrase_row *r = find(s, ph);
  if (!r)
    fail_msg("phrase '%s' missing", ph);
  assert_int_equal(r->count, count);
  assert_int_equal(r->docs, docs);
  assert_int_equal(r->first_doc, first);
}

static void run_jobs(es_phrase_set *out, corpus *c, const size_t *docs,
                     size_t n, unsigned nmin, unsigned nmax, uint64_t min_docs,
                     size_t jobs) {
  size_t nterms = 0;
  for (size_t k = 0; k < n; k++)
    nterms += c->nterms[docs[k]];
  es_phrase_sketch *sk =
      es_phrases__sketch(get, c, docs, n, nterms, nmin, nmax, jobs);
  es_phrases__count(out, sk, get, c, docs, n, min_docs, jobs);
  es_phrases__sketch_free(sk);
}

static void run(es_phrase_set *out, corpus *c, const size_t *docs, size_t n,
                unsigned nmin, unsigned nmax, uint64_t min_docs) {
  run_jobs(out, c, docs, n, nmin, nmax, min_docs, 1);
}

/* Two sets are equal row by row, in order. */
static void assert_same(const es_phrase_set *a, const es_phrase_set *b) {
  assert_int_equal(a->n, b->n);
  for (size_t k = 0; k < a->n; k++) {
    const es_phrase_row *x = &a->rows[k], *y = &b->rows[k];
    assert_int_equal(x->n, y->n);
    assert_memory_equal(x->ids, y->ids, x->n * sizeof *x->ids);
    assert_int_equal(x->count, y->count);
    assert_int_equal(x->docs, y->docs);
    assert_int_equal(x->first_doc, y->first_doc);
  }
}

/* Essays (letters are terms, '|' a block boundary):
 *   0: a b c d | a b c
 *   1: x a b c
 *   2: b c d
 * Trigrams: 0 has abc, bcd, abc (never c d a or d a b, which cross the
 * boundary); 1 has xab, abc; 2 has bcd.
 *   abc: count 3, in essays 0 and 1, first 0
 *   bcd: count 2, in essays 0 and 2, first 0
 *   xab: count 1, in essay 1 only: dropped with --min-docs 2
 * Bigrams: ab 3 (0, 0, 1), bc 4 (0, 0, 1, 2), cd 2 (0, 2), xa 1, da none. */
static void test_fixture(void **state) {
  (void)state;
  static corpus c;
  add_doc(&c, 0, "abcd|abc");
  add_doc(&c, 1, "xabc");
  add_doc(&c, 2, "bcd");
  size_t all[] = {0, 1, 2};
  es_phrase_set s;
  run(&s, &c, all, 3, 3, 3, 2);
  assert_int_equal(s.n, 2);
  expect(&s, "abc", 3, 2, 0);
  expect(&s, "bcd", 2, 2, 0);
  es_phrases__set_free(&s);

  run(&s, &c, all, 3, 2, 3, 1);
  assert_int_equal(s.n, 2 + 1 + 4 + 0);
  expect(&s, "xab", 1, 1, 1);
  expect(&s, "ab", 3, 2, 0);
  expect(&s, "bc", 4, 3, 0);
  expect(&s, "cd", 2, 2, 0);
  expect(&s, "xa", 1, 1, 1);
  assert_null(find(&s, "da"));
  assert_null(find(&s, "cda"));
  es_phrases__set_free(&s);

  /* A subset (a group of essays 1 and 2): abc is now in one essay only,
   * bcd too; with --min-docs 1 the first essay of bcd is 2. */
  size_t sub[] = {1, 2};
  run(&s, &c, sub, 2, 3, 3, 1);
  expect(&s, "bcd", 1, 1, 2);
  expect(&s, "abc", 1, 1, 1);
  es_phrases__set_free(&s);
}

/* Brute force: every n-gram occurrence as (n, ids, doc), sorted. */
typedef struct occ {
  unsigned n;
  uint32_t ids[ES_NGRAM_MAX];
  size_t doc;
} occ;

static int cmp_occ(const void *a, const void *b) {
  const occ *x = a, *y = b;
  if (x->n != y->n)
    return x->n < y->n ? -1 : 1;
  int c = memcmp(x->ids, y->ids, sizeof x->ids);
  if (c)
    return c;
  return (x->doc > y->doc) - (x->doc < y->doc);
}

static void test_random(void **state) {
  (void)state;
  static corpus c;
  static occ o[64 * 64 * 8];
  uint64_t x = 0x2545F4914F6CDD1Du;
#define RND() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
  for (int round = 0; round < 300; round++) {
    size_t ndocs = 1 + RND() % 64;
    uint32_t vocab = 2 + (uint32_t)(RND() % 12);
    for (size_t i = 0; i < ndocs; i++) {
      c.nterms[i] = RND() % 64;
      c.nblocks[i] = 1;
      c.block[i][0] = 0;
      for (size_t t = 0; t < c.nterms[i]; t++) {
        c.terms[i][t] = (uint32_t)(RND() % vocab);
        if (t > 0 && RND() % 7 == 0)
          c.block[i][c.nblocks[i]++] = (uint32_t)t;
      }
    }
    unsigned nmin = 2 + (unsigned)(RND() % 7);
    unsigned nmax = nmin + (unsigned)(RND() % (9 - nmin));
    uint64_t min_docs = 1 + RND() % 4;
    size_t docs[64], nsel = 0;
    for (size_t i = 0; i < ndocs; i++)
      if (RND() % 4)
        docs[nsel++] = i;
    es_phrase_set s;
    run(&s, &c, docs, nsel, nmin, nmax, min_docs);

    size_t no = 0;
    for (size_t k = 0; k < nsel; k++) {
      size_t i = docs[k];
      for (size_t b = 0; b < c.nblocks[i]; b++) {
        size_t b0 = c.block[i][b];
        size_t b1 = b + 1 < c.nblocks[i] ? c.block[i][b + 1] : c.nterms[i];
        for (size_t st = b0; st < b1; st++)
          for (unsigned n = nmin; n <= nmax && st + n <= b1; n++) {
            memset(&o[no], 0, sizeof o[no]);
            o[no].n = n;
            memcpy(o[no].ids, &c.terms[i][st], n * sizeof(uint32_t));
            o[no++].doc = i;
          }
      }
    }
    qsort(o, no, sizeof *o, cmp_occ);
    size_t expected = 0;
    for (size_t a = 0; a < no;) {
      size_t b = a, docs_n = 0;
      while (b < no && o[b].n == o[a].n &&
             memcmp(o[b].ids, o[a].ids, sizeof o[a].ids) == 0) {
        if (b == a || o[b].doc != o[b - 1].doc)
          docs_n++;
        b++;
      }
      if (docs_n >= min_docs) {
        expected++;
        const es_phrase_row *r = NULL;
        for (size_t k = 0; k < s.n && !r; k++)
          if (s.rows[k].n == o[a].n &&
              memcmp(s.rows[k].ids, o[a].ids, o[a].n * sizeof(uint32_t)) == 0)
            r = &s.rows[k];
        if (!r)
          fail_msg("round %d: a phrase in %zu essays is missing", round,
                   docs_n);
        assert_int_equal(r->count, b - a);
        assert_int_equal(r->docs, docs_n);
        assert_int_equal(r->first_doc, o[a].doc);
      }
      a = b;
    }
    assert_int_equal(s.n, expected);
    /* Any number of threads: the same rows in the same order. */
    es_phrase_set s3;
    run_jobs(&s3, &c, docs, nsel, nmin, nmax, min_docs, 3);
    assert_same(&s, &s3);
    es_phrases__set_free(&s3);
    es_phrases__set_free(&s);
  }
#undef RND
}

/* Essay i of a big corpus, made up from i: 0-40 terms of 24, blocks. */
static void get_big(void *ctx, size_t worker, size_t i, es_phrase_doc *out) {
  static uint32_t terms[4][40], block[4][40];
  (void)ctx;
  uint64_t x = 0x9E3779B97F4A7C15u * (i + 1);
#define RND() (x ^= x << 13, x ^= x >> 7, x ^= x << 17, x)
  size_t n = RND() % 41, nb = 1;
  block[worker][0] = 0;
  for (size_t t = 0; t < n; t++) {
    terms[worker][t] = (uint32_t)(RND() % 24);
    if (t > 0 && RND() % 9 == 0)
      block[worker][nb++] = (uint32_t)t;
  }
#undef RND
  out->terms = terms[worker];
  out->nterms = n;
  out->block = block[worker];
  out->nblocks = nb;
}

/* Several blocks of essays, threads and tables: the rows do not depend
 * on the number of threads, in content or order. */
static void test_jobs(void **state) {
  (void)state;
  enum { N = 7000 };
  static size_t docs[N];
  size_t n = 0, nterms = 0;
  for (size_t i = 0; i < N; i++)
    if (i % 5) { /* a subset, as a group is */
      docs[n++] = i;
      nterms += 40;
    }
  es_phrase_set ref;
  memset(&ref, 0, sizeof ref);
  for (size_t jobs = 1; jobs <= 4; jobs++) {
    es_phrase_sketch *sk =
        es_phrases__sketch(get_big, NULL, docs, n, nterms, 2, 4, jobs);
    es_phrase_set s;
    es_phrases__count(&s, sk, get_big, NULL, docs, n, 2, jobs);
    es_phrases__sketch_free(sk);
    if (jobs == 1) {
      assert_true(s.n > 1000);
      ref = s;
      continue;
    }
    assert_same(&ref, &s);
    es_phrases__set_free(&s);
  }
  es_phrases__set_free(&ref);
}

int main(void) {
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_fixture),
                                     cmocka_unit_test(test_random),
                                     cmocka_unit_test(test_jobs)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
