/* test_dupes.c - the near-duplicate join (engine/analytics/dupes.c) against
 * brute force: every pair's Jaccard of the token sets, in double, compared
 * with the threshold; clusters as connected components named by their
 * smallest index; nearest partner by (Jaccard, index); frequent tokens by
 * counting documents. Random corpora with planted near-copies, identical
 * copies, empty and one-token sets, every threshold edge and several thread
 * counts must give exactly the brute-force answer. */
#include "test_util.h"

#include "analytics/dupes.h"

#include <time.h>

/* ---- a deterministic generator ----------------------------------------- */

static uint64_t rng_state;
static uint64_t rnd(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}
static size_t rnd_below(size_t n) { return (size_t)(rnd() % n); }

static uint64_t mix(uint64_t x) {
  x += 0x9E3779B97F4A7C15u;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9u;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBu;
  return x ^ (x >> 31);
}

static int cmp_u64(const void *a, const void *b) {
  uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
  return x < y ? -1 : x > y;
}

typedef struct corpus {
  size_t n;
  uint64_t **tok;
  uint32_t *len;
} corpus;

/* Sort and deduplicate each set. */
static void normalize(corpus *c) {
  for (size_t d = 0; d < c->n; d++) {
    qsort(c->tok[d], c->len[d], sizeof(uint64_t), cmp_u64);
    uint32_t m = 0;
    for (uint32_t i = 0; i < c->len[d]; i++)
      if (!m || c->tok[d][m - 1] != c->tok[d][i])
        c->tok[d][m++] = c->tok[d][i];
    c->len[d] = m;
  }
}

/* n documents over a universe of `universe` values (hashed when `hashed`,
 * else small integers: one partition); a share of them copies of an
 * earlier one with a random edit rate, some identical, some empty. */
static corpus make_corpus(size_t n, size_t universe, size_t maxlen,
                          bool hashed) {
  corpus c = {n, calloc(n, sizeof(uint64_t *)), calloc(n, sizeof(uint32_t))};
  for (size_t d = 0; d < n; d++) {
    size_t kind = rnd_below(10);
    size_t len = rnd_below(maxlen + 1);
    c.tok[d] = malloc((2 * maxlen + 2) * sizeof(uint64_t));
    if (d > 0 && kind < 4) { /* near-copy: drop, replace, add */
      size_t s = rnd_below(d);
      double rate = (double)rnd_below(41) / 100;
      uint32_t m = 0;
      for (uint32_t i = 0; i < c.len[s]; i++) {
        double u = (double)rnd_below(1000) / 1000;
        if (u < rate / 2)
          continue;
        c.tok[d][m++] = u < rate ? mix(rnd() % universe) : c.tok[s][i];
      }
      for (size_t k = rnd_below(3); k > 0 && m < 2 * maxlen; k--)
        c.tok[d][m++] = hashed ? mix(rnd_below(universe)) : rnd_below(universe);
      c.len[d] = m;
    } else if (d > 0 && kind == 4) { /* identical */
      size_t s = rnd_below(d);
      memcpy(c.tok[d], c.tok[s], c.len[s] * sizeof(uint64_t));
      c.len[d] = c.len[s];
    } else if (kind == 5) { /* empty or tiny */
      c.len[d] = (uint32_t)rnd_below(2);
      if (c.len[d])
        c.tok[d][0] = hashed ? mix(rnd_below(8)) : rnd_below(8);
    } else {
      for (size_t i = 0; i < len; i++)
        c.tok[d][i] = hashed ? mix(rnd_below(universe)) : rnd_below(universe);
      c.len[d] = (uint32_t)len;
    }
  }
  normalize(&c);
  return c;
}

static void free_corpus(corpus *c) {
  for (size_t d = 0; d < c->n; d++)
    free(c->tok[d]);
  free(c->tok);
  free(c->len);
}

/* The join reads token arrays through its callback. */
typedef struct arrays {
  const uint64_t *const *tok;
  const uint32_t *len;
} arrays;

static uint32_t get_tokens(void *ctx, size_t doc, uint64_t **buf, size_t *cap) {
  const arrays *a = ctx;
  uint32_t n = a->len[doc];
  if (*cap < n) {
    *buf = realloc(*buf, n * sizeof **buf);
    *cap = n;
  }
  if (n)
    memcpy(*buf, a->tok[doc], n * sizeof **buf);
  return n;
}

static es_dupes_input input(size_t n, uint64_t **tok, uint32_t *len, double t,
                            uint32_t freq_docs, size_t jobs, bool pairs,
                            arrays *a) {
  a->tok = (const uint64_t *const *)tok;
  a->len = len;
  /* A hint that asks for many waves, so that they are tested too. */
  return (es_dupes_input){.n = n,
                          .tokens = get_tokens,
                          .ctx = a,
                          .threshold = t,
                          .frequent_docs = freq_docs,
                          .jobs = jobs,
                          .want_pairs = pairs,
                          .tokens_hint = (size_t)100 << 20};
}

/* ---- brute force -------------------------------------------------------- */

static uint32_t bf_overlap(const uint64_t *a, size_t na, const uint64_t *b,
                           size_t nb) {
  size_t i = 0, j = 0;
  uint32_t o = 0;
  while (i < na && j < nb) {
    if (a[i] < b[j])
      i++;
    else if (a[i] > b[j])
      j++;
    else
      o++, i++, j++;
  }
  return o;
}

static uint32_t bf_find(uint32_t *p, uint32_t x) {
  while (p[x] != x)
    x = p[x];
  return x;
}

static void check(const corpus *c, double t, uint32_t freq_docs, size_t jobs) {
  arrays ar;
  es_dupes_input in =
      input(c->n, c->tok, c->len, t, freq_docs, jobs, true, &ar);
  es_dupes *r = es_dupes_run(&in);
  size_t n = c->n;
  uint32_t *par = malloc(n * sizeof *par), *near = malloc(n * sizeof *near);
  double *best = malloc(n * sizeof *best);
  for (size_t d = 0; d < n; d++)
    par[d] = (uint32_t)d, near[d] = ES_DUPES_NONE, best[d] = -1;
  size_t np = 0;
  for (uint32_t a = 0; a < n; a++)
    for (uint32_t b = a + 1; b < n; b++) {
      if (!c->len[a] || !c->len[b])
        continue;
      uint32_t o = bf_overlap(c->tok[a], c->len[a], c->tok[b], c->len[b]);
      double j = (double)o / (double)(c->len[a] + c->len[b] - o);
      if (!(j >= t))
        continue;
      if (t > 0) { /* at t = 0 the pair list holds only overlapping pairs */
        if (np >= r->npairs)
          fail_msg("pair %u %u (J %.6f) missing", a, b, j);
        const es_dupes_pair *p = &r->pairs[np++];
        if (p->a != a || p->b != b)
          fail_msg("pair %u %u (J %.6f) expected, got %u %u", a, b, j, p->a,
                   p->b);
        assert_int_equal(p->overlap, o);
        assert_true(p->jaccard == j);
      }
      uint32_t ra = bf_find(par, a), rb = bf_find(par, b);
      if (ra < rb)
        par[rb] = ra;
      else if (rb < ra)
        par[ra] = rb;
      if (j > best[a] || (j == best[a] && b < near[a]))
        best[a] = j, near[a] = b;
      if (j > best[b] || (j == best[b] && a < near[b]))
        best[b] = j, near[b] = a;
    }
  if (t > 0)
    assert_int_equal(np, r->npairs);
  /* Document frequencies: every document's tokens, sorted. */
  size_t nall = 0;
  for (size_t d = 0; d < n; d++)
    nall += c->len[d];
  uint64_t *all = malloc((nall ? nall : 1) * sizeof *all);
  for (size_t d = 0, at = 0; d < n; d++)
    for (uint32_t i = 0; i < c->len[d]; i++)
      all[at++] = c->tok[d][i];
  qsort(all, nall, sizeof *all, cmp_u64);
  uint32_t *size = calloc(n, sizeof *size);
  for (size_t d = 0; d < n; d++)
    size[bf_find(par, (uint32_t)d)]++;
  for (size_t d = 0; d < n; d++) {
    uint32_t root = bf_find(par, (uint32_t)d);
    uint32_t cl = size[root] >= 2 ? root : ES_DUPES_NONE;
    if (r->cluster[d] != cl)
      fail_msg("doc %zu: cluster %u, expected %u", d, r->cluster[d], cl);
    assert_int_equal(r->size[d], cl == ES_DUPES_NONE ? 0 : size[root]);
    if (r->nearest[d] != near[d])
      fail_msg("doc %zu: nearest %u, expected %u", d, r->nearest[d], near[d]);
    if (near[d] != ES_DUPES_NONE)
      assert_true(r->jaccard[d] == best[d]);
    uint32_t f = 0;
    for (uint32_t i = 0; freq_docs && i < c->len[d]; i++) {
      uint64_t v = c->tok[d][i];
      size_t lo = 0, hi = nall;
      while (lo < hi) { /* first occurrence of v in all[] */
        size_t m = lo + (hi - lo) / 2;
        if (all[m] < v)
          lo = m + 1;
        else
          hi = m;
      }
      size_t df = 0;
      while (lo + df < nall && all[lo + df] == v)
        df++;
      f += df >= freq_docs;
    }
    assert_int_equal(r->frequent[d], f);
  }
  free(all);
  free(size);
  free(best);
  free(near);
  free(par);
  es_dupes_free(r);
}

/* ---- tests -------------------------------------------------------------- */

static void random_corpora(void **state) {
  (void)state;
  const double ts[] = {0.8, 0.5, 0.9, 1.0, 0.3, 0.75, 0.0};
  rng_state = 42;
  for (int round = 0; round < 14; round++) {
    bool hashed = round % 2 == 0;
    size_t n = 50 + rnd_below(250);
    corpus c = make_corpus(n, 30 + rnd_below(3000), 5 + rnd_below(120), hashed);
    for (size_t k = 0; k < sizeof ts / sizeof *ts; k++)
      check(&c, ts[k], (uint32_t)(k % 3 ? 3 : 0), 1 + (k + (size_t)round) % 4);
    free_corpus(&c);
  }
}

/* Thresholds that land exactly on a ratio: 4/5 = 0.8 is a pair. */
static void exact_ratio(void **state) {
  (void)state;
  uint64_t a[5] = {1, 2, 3, 4, 5}, b[4] = {1, 2, 3, 4}, e[1] = {9};
  corpus c = {3, (uint64_t *[]){a, b, e}, (uint32_t[]){5, 4, 1}};
  check(&c, 0.8, 2, 1);
  check(&c, 0.8000001, 2, 2);
  arrays ar;
  es_dupes_input in = input(3, c.tok, c.len, 0.8, 0, 1, false, &ar);
  es_dupes *r = es_dupes_run(&in);
  assert_int_equal(r->cluster[0], 0);
  assert_int_equal(r->cluster[1], 0);
  assert_int_equal(r->cluster[2], ES_DUPES_NONE);
  assert_true(r->jaccard[1] == 0.8);
  es_dupes_free(r);
}

/* No documents; only empty documents: no clusters. */
static void empty_input(void **state) {
  (void)state;
  arrays ar;
  es_dupes_input in = input(0, NULL, NULL, 0.8, 3, 2, true, &ar);
  es_dupes *r = es_dupes_run(&in);
  assert_int_equal(r->npairs, 0);
  es_dupes_free(r);
  uint32_t len[3] = {0, 0, 0};
  uint64_t *tok[3] = {NULL, NULL, NULL};
  es_dupes_input in2 = input(3, tok, len, 0.0, 3, 2, true, &ar);
  r = es_dupes_run(&in2);
  for (int d = 0; d < 3; d++)
    assert_int_equal(r->cluster[d], ES_DUPES_NONE);
  es_dupes_free(r);
}

/* The join split into P shares (es_dupes_join_share; share.h): every
 * share prepares, joins its probing documents, and share 0 adds the
 * others' pairs, in reverse order; the result is es_dupes_run's. */
static void shares(void **state) {
  (void)state;
  rng_state = 99;
  corpus c = make_corpus(3000, 4000, 60, true);
  for (int t = 0; t < 2; t++) {
    arrays ar;
    es_dupes_input in = input(c.n, c.tok, c.len, t ? 0.5 : 0.8, 3,
                              (size_t)1 + (size_t)t, true, &ar);
    es_dupes *want = es_dupes_run(&in);
    assert_true(want->kept > 64 * 5); /* several chunks for every share */
    for (unsigned P = 1; P <= 5; P++) {
      es_dupes_join *j0 = es_dupes_prepare(&in);
      es_dupes_join_share(j0, 0, P);
      for (unsigned r = P; r-- > 1;) {
        es_dupes_join *j = es_dupes_prepare(&in);
        es_dupes_join_share(j, r, P);
        size_t np;
        const es_dupes_pair *p = es_dupes_join_pairs(j, &np);
        for (size_t k = 0; k < np; k++) {
          assert_true(es_dupes_join_valid(j0, p[k].a, p[k].b, p[k].overlap));
          assert_true(es_dupes_join_add(j0, p[k].a, p[k].b, p[k].overlap));
        }
        if (np) /* added twice counts once; a wrong overlap is refused */
          assert_true(es_dupes_join_add(j0, p[0].a, p[0].b, p[0].overlap));
        if (np && p[0].overlap > 1)
          assert_false(es_dupes_join_add(j0, p[0].a, p[0].b, 1));
        assert_false(es_dupes_join_add(j0, 5, 5, 1));
        assert_false(es_dupes_join_add(j0, 1, (uint32_t)c.n, 1));
        es_dupes_join_free(j);
      }
      es_dupes *got = es_dupes_finish(j0);
      assert_int_equal(got->npairs, want->npairs);
      for (size_t k = 0; k < want->npairs; k++) { /* not the padding */
        assert_int_equal(got->pairs[k].a, want->pairs[k].a);
        assert_int_equal(got->pairs[k].b, want->pairs[k].b);
        assert_int_equal(got->pairs[k].overlap, want->pairs[k].overlap);
        assert_true(got->pairs[k].jaccard == want->pairs[k].jaccard);
      }
      size_t n = c.n;
      assert_memory_equal(got->cluster, want->cluster, n * sizeof(uint32_t));
      assert_memory_equal(got->size, want->size, n * sizeof(uint32_t));
      assert_memory_equal(got->nearest, want->nearest, n * sizeof(uint32_t));
      assert_memory_equal(got->jaccard, want->jaccard, n * sizeof(double));
      assert_memory_equal(got->distinct, want->distinct, n * sizeof(uint32_t));
      assert_memory_equal(got->frequent, want->frequent, n * sizeof(uint32_t));
      es_dupes_free(got);
    }
    es_dupes_free(want);
  }
  free_corpus(&c);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* g identical documents of 500 tokens plus as many different ones: one
 * cluster of g named by its first document, every member's nearest is the
 * smallest other member; time grows linearly (5,000 copies must not be
 * 12.5 million pairs). */
static double identical_run(size_t g) {
  size_t n = 2 * g;
  uint64_t **tok = malloc(n * sizeof *tok);
  uint32_t *len = malloc(n * sizeof *len);
  uint64_t *same = malloc(500 * sizeof *same);
  for (size_t i = 0; i < 500; i++)
    same[i] = mix(i);
  qsort(same, 500, sizeof *same, cmp_u64);
  for (size_t d = 0; d < n; d++) {
    len[d] = 500;
    if (d % 2 == 1) {
      tok[d] = same;
    } else {
      tok[d] = malloc(500 * sizeof(uint64_t));
      for (size_t i = 0; i < 500; i++)
        tok[d][i] = mix(1000 + d * 1000 + i);
      qsort(tok[d], 500, sizeof(uint64_t), cmp_u64);
    }
  }
  arrays ar;
  es_dupes_input in = input(n, tok, len, 0.8, 3, 2, false, &ar);
  double t0 = now();
  es_dupes *r = es_dupes_run(&in);
  double el = now() - t0;
  size_t members = 0;
  for (size_t d = 0; d < n; d++) {
    if (d % 2 == 1) {
      assert_int_equal(r->cluster[d], 1);
      assert_int_equal(r->size[d], g);
      assert_int_equal(r->nearest[d], d == 1 ? 3 : 1);
      assert_true(r->jaccard[d] == 1.0);
      assert_int_equal(r->frequent[d], 500);
      members += d != 1;
    } else {
      assert_int_equal(r->cluster[d], ES_DUPES_NONE);
      assert_int_equal(r->frequent[d], 0);
    }
  }
  assert_int_equal(members, g - 1);
  /* The copies join as one set: no candidate pair is ever verified (a
   * quadratic join would verify g (g - 1) / 2). */
  assert_int_equal(r->candidates, 0);
  es_dupes_free(r);
  for (size_t d = 0; d < n; d += 2)
    free(tok[d]);
  free(same);
  free(len);
  free(tok);
  return el;
}

static void identical_copies(void **state) {
  (void)state;
  double small = identical_run(1000), big = identical_run(5000);
  print_message("1000 copies: %.3f s, 5000 copies: %.3f s\n", small, big);
}

/* Template-heavy: every document = a shared template of 400 tokens plus
 * 200 of its own. No pair reaches 0.8, and the frequent tokens never
 * make candidates (they are at the end of each set, out of the prefix). */
static void template_heavy(void **state) {
  (void)state;
  size_t n = 4000;
  uint64_t **tok = malloc(n * sizeof *tok);
  uint32_t *len = malloc(n * sizeof *len);
  for (size_t d = 0; d < n; d++) {
    tok[d] = malloc(600 * sizeof(uint64_t));
    for (size_t i = 0; i < 400; i++)
      tok[d][i] = mix((d % 3) * 100000 + i);
    for (size_t i = 0; i < 200; i++)
      tok[d][400 + i] = mix(1000000 + d * 1000 + i);
    qsort(tok[d], 600, sizeof(uint64_t), cmp_u64);
    len[d] = 600;
  }
  arrays ar;
  es_dupes_input in = input(n, tok, len, 0.8, 40, 2, true, &ar);
  es_dupes *r = es_dupes_run(&in);
  assert_int_equal(r->npairs, 0);
  assert_int_equal(r->kept, 0);
  assert_int_equal(r->candidates, 0);
  for (size_t d = 0; d < n; d++) {
    assert_int_equal(r->cluster[d], ES_DUPES_NONE);
    assert_int_equal(r->frequent[d], 400);
  }
  es_dupes_free(r);
  /* At 0.5 every document of one template is a near-duplicate of the
   * others (J = 400 / 800): three clusters. */
  in.threshold = 0.5;
  in.want_pairs = false;
  r = es_dupes_run(&in);
  for (size_t d = 0; d < n; d++) {
    assert_int_equal(r->cluster[d], d % 3);
    assert_true(r->jaccard[d] == 0.5);
  }
  es_dupes_free(r);
  for (size_t d = 0; d < n; d++)
    free(tok[d]);
  free(tok);
  free(len);
}

/* The same answer for any thread count (the pair list included). */
static void jobs_invariant(void **state) {
  (void)state;
  rng_state = 7;
  corpus c = make_corpus(400, 500, 60, true);
  arrays ar;
  es_dupes_input in = input(c.n, c.tok, c.len, 0.6, 3, 1, true, &ar);
  es_dupes *r1 = es_dupes_run(&in);
  for (size_t jobs = 2; jobs <= 9; jobs += 7) {
    in.jobs = jobs;
    es_dupes *r2 = es_dupes_run(&in);
    assert_int_equal(r1->npairs, r2->npairs);
    for (size_t k = 0; k < r1->npairs; k++) {
      assert_int_equal(r1->pairs[k].a, r2->pairs[k].a);
      assert_int_equal(r1->pairs[k].b, r2->pairs[k].b);
      assert_int_equal(r1->pairs[k].overlap, r2->pairs[k].overlap);
    }
    assert_memory_equal(r1->cluster, r2->cluster, c.n * sizeof(uint32_t));
    assert_memory_equal(r1->nearest, r2->nearest, c.n * sizeof(uint32_t));
    assert_memory_equal(r1->frequent, r2->frequent, c.n * sizeof(uint32_t));
    es_dupes_free(r2);
  }
  es_dupes_free(r1);
  free_corpus(&c);
}

/* Tokens of distinct runs of terms do not collide: 4 million runs of 5
 * random term hashes, and 1 million runs of 1 to 4 terms over a small
 * vocabulary (short essays), all distinct. (The chance of any collision
 * among D distinct shingles is about D^2 / 2^65; this checks the hash is
 * not far worse than random on the inputs it gets.) */
static void token_collisions(void **state) {
  (void)state;
  rng_state = 99;
  size_t n = 4000000, m = 0;
  uint64_t *tok = malloc((n + 1100000) * sizeof *tok);
  uint64_t vocab[1000];
  for (size_t v = 0; v < 1000; v++)
    vocab[v] = rnd();
  for (size_t i = 0; i < n; i++) {
    uint64_t sum = 0;
    for (int j = 0; j < 5; j++)
      sum = sum * ES_DUPES_BASE + vocab[rnd_below(1000)];
    tok[m++] = es_dupes_token(sum, 5);
  }
  /* Every run of 1 and 2 terms over the first 1000 terms (1,001,000). */
  for (size_t a = 0; a < 1000; a++) {
    tok[m++] = es_dupes_token(vocab[a], 1);
    for (size_t b = 0; b < 1000; b++)
      tok[m++] = es_dupes_token(vocab[a] * ES_DUPES_BASE + vocab[b], 2);
  }
  qsort(tok, m, sizeof *tok, cmp_u64);
  size_t same = 0;
  for (size_t i = 1; i < m; i++)
    same += tok[i] == tok[i - 1];
  /* Runs of 5 drawn at random repeat (1e3^5 = 1e15 choices: expect about
   * n^2 / 2e15 = 0.008 repeats); anything more is a collision. */
  assert_true(same <= 1);
  free(tok);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(random_corpora),   cmocka_unit_test(exact_ratio),
      cmocka_unit_test(empty_input),      cmocka_unit_test(identical_copies),
      cmocka_unit_test(template_heavy),   cmocka_unit_test(jobs_invariant),
      cmocka_unit_test(token_collisions), cmocka_unit_test(shares),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
