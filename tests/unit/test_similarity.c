/* test_similarity.c - TF-IDF cosine neighbours (SPEC section 3) against an
 * independent all-pairs computation.
 *
 * The reference below recomputes everything from the public API (each
 * essay's term strings and counts), under either weighting: ltc, tf =
 * 1 + ln(count) and idf = ln(N/df); sklearn, tf = count and idf =
 * ln((1+N)/(1+df)) + 1; rows L2-normalized (an all-zero row stays zero),
 * every pair's cosine by a plain merge in double, top-k by sorting. The
 * tests that do not depend on the weighting run under both. Cosines must agree
 * within 1e-9 and neighbours rank by rank; where two reference cosines are
 * within 1e-9 of each other (true ties, such as two copies of an essay,
 * computed in different orders) either order is accepted, provided the reported
 * cosines respect the doc_id rule.
 *
 * Through engine/analytics/similarity.h the blocking can be set small: on
 * a few hundred essays that reaches what only large corpora reach with the
 * defaults (many blocks, many column tiles, an all-dense or all-sparse
 * split, odd sizes). Whatever the blocking, thread count, k or
 * --min-similarity, the result must be the reference's. */
#include "test_util.h"
#include "analytics/similarity.h"

#include <sys/stat.h>
#include <unistd.h>

/* ---- temporary corpora ------------------------------------------------- */

static char root[64];
static es_weighting wt; /* of load() and reference() */

static int setup(void **state) {
  (void)state;
  wt = ES_WEIGHTING_LTC;
  return make_tmpdir(root, sizeof root, "sim");
}

static int setup_sklearn(void **state) {
  int rc = setup(state);
  wt = ES_WEIGHTING_SKLEARN;
  return rc;
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(root);
}

static void put(const char *name, const char *text) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", root, name);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fputs(text, f) >= 0, 1);
  assert_int_equal(fclose(f), 0);
}

typedef struct crun {
  es_corpus *c;
  es_stats *st;
} crun;

static crun load(int jobs, int top_k, double min_sim, const char *stopwords) {
  es_options o = ES_OPTIONS_INIT;
  o.jobs = jobs;
  o.top_k = top_k;
  o.min_similarity = min_sim;
  o.stopwords = stopwords;
  o.weighting = wt;
  crun r = {NULL, NULL};
  assert_int_equal(es_corpus_new(&r.c, &o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(r.c, root, NULL), ES_OK);
  assert_int_equal(es_corpus_load(r.c, NULL), ES_OK);
  assert_int_equal(es_stats_compute(&r.st, r.c, ES_NEED_SIMILARITY, NULL),
                   ES_OK);
  return r;
}

static void unload(crun *r) {
  es_stats_free(r->st);
  es_corpus_free(r->c);
}

/* ---- a deterministic essay generator ----------------------------------- */

static uint64_t rng;

static uint32_t rnd(void) { return es_test_rnd(&rng); }

#define NFUNC 16    /* in nearly every essay */
#define NVOCAB 3000 /* then Zipf-distributed */

/* A word id: a function word 40% of the time, else Zipf(1) over the rest. */
static uint32_t draw(const double *cum) {
  if (rnd() % 10 < 4)
    return rnd() % NFUNC;
  double x = (double)rnd() / 4294967296.0 * cum[NVOCAB - NFUNC - 1];
  size_t lo = 0, hi = NVOCAB - NFUNC - 1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (cum[mid] < x)
      lo = mid + 1;
    else
      hi = mid;
  }
  return NFUNC + (uint32_t)lo;
}

/* `n` essays e0000.md ... into root: mostly random, with exact copies
 * (ties), near copies, one word-less essay and one sharing no term. With
 * `universal`, every essay also holds the term "omnipresent" (ltc idf 0)
 * and none is word-less. */
static void generate(size_t n, uint64_t seed, bool universal) {
  double cum[NVOCAB - NFUNC];
  double sum = 0;
  for (size_t r = 0; r < NVOCAB - NFUNC; r++)
    cum[r] = sum += 1.0 / (double)(r + 1);
  rng = seed;
  char **texts = calloc(n, sizeof *texts);
  assert_non_null(texts);
  for (size_t k = 0; k < n; k++) {
    char *t = malloc(8192);
    assert_non_null(t);
    size_t len = 0;
    if (k % 23 == 5 && k >= 3) {
      snprintf(t, 8192, "%s", texts[k - 3]); /* an exact copy */
    } else if (k % 29 == 7 && k >= 1) {
      snprintf(t, 8192, "%s appendix\n", texts[k - 1]); /* a near copy */
    } else if (k == 11 && !universal) {
      snprintf(t, 8192, "---\ntitle: nothing here\n---\n\n* * *\n");
    } else if (k == 12) {
      /* a term no other essay has */
      snprintf(t, 8192, "Xyzzyplugh%s\n", universal ? " omnipresent" : "");
    } else {
      len += (size_t)snprintf(t, 8192, "# Essay %zu\n\n", k);
      size_t words = 3 + rnd() % 120;
      for (size_t w = 0; w < words; w++) {
        char buf[16];
        es_test_word(buf, draw(cum));
        len += (size_t)snprintf(t + len, 8192 - len, "%s%s", buf,
                                w % 12 == 11 ? ".\n\n" : " ");
      }
      snprintf(t + len, 8192 - len, "%s\n", universal ? " Omnipresent" : "");
    }
    texts[k] = t;
    char name[32];
    snprintf(name, sizeof name, "e%04zu.md", k);
    put(name, t);
  }
  for (size_t k = 0; k < n; k++)
    free(texts[k]);
  free(texts);
}

/* ---- the reference ----------------------------------------------------- */

typedef struct ref {
  size_t n;    /* essays in the corpus */
  double *cos; /* n x n; 0 for pairs sharing no term or not analysed */
} ref;

typedef struct tc {
  size_t id;
  double w;
} tc;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_tc(const void *a, const void *b) {
  const tc *x = a, *y = b;
  return (x->id > y->id) - (x->id < y->id);
}

static bool is_stop(const char *term, const char *const *stop) {
  for (; stop && *stop; stop++)
    if (strcmp(term, *stop) == 0)
      return true;
  return false;
}

/* All-pairs cosines from the essays' term strings and counts. */
static ref reference(const es_corpus *c, const char *const *stop) {
  ref R;
  R.n = es_corpus_count(c);
  size_t total = 0, N = 0;
  for (size_t i = 0; i < R.n; i++)
    if (es_corpus_doc(c, i)) {
      N++;
      total += es_doc_term_count(es_corpus_doc(c, i));
    }
  /* The vocabulary: every term string once, sorted. */
  const char **dict = malloc((total + 1) * sizeof *dict);
  size_t nd = 0;
  for (size_t i = 0; i < R.n; i++) {
    const es_doc *d = es_corpus_doc(c, i);
    for (size_t t = 0; d && t < es_doc_term_count(d); t++) {
      const char *s = es_doc_term(d, t, NULL);
      if (!is_stop(s, stop))
        dict[nd++] = s;
    }
  }
  qsort(dict, nd, sizeof *dict, cmp_str);
  size_t u = 0;
  for (size_t t = 0; t < nd; t++)
    if (u == 0 || strcmp(dict[u - 1], dict[t]) != 0)
      dict[u++] = dict[t];
  size_t *df = calloc(u + 1, sizeof *df);
  tc **rows = calloc(R.n + 1, sizeof *rows);
  size_t *len = calloc(R.n + 1, sizeof *len);
  for (size_t i = 0; i < R.n; i++) {
    const es_doc *d = es_corpus_doc(c, i);
    rows[i] = malloc((d ? es_doc_term_count(d) : 0) * sizeof **rows + 1);
    for (size_t t = 0; d && t < es_doc_term_count(d); t++) {
      size_t count;
      const char *s = es_doc_term(d, t, &count);
      if (is_stop(s, stop))
        continue;
      const char **at = bsearch(&s, dict, u, sizeof *dict, cmp_str);
      assert_non_null(at);
      rows[i][len[i]++] = (tc){(size_t)(at - dict), (double)count};
      df[at - dict]++;
    }
  }
  for (size_t i = 0; i < R.n; i++) {
    double norm = 0;
    for (size_t t = 0; t < len[i]; t++) {
      double dfi = (double)df[rows[i][t].id], n = (double)N;
      double tf = wt == ES_WEIGHTING_LTC ? 1 + log(rows[i][t].w) : rows[i][t].w;
      double idf =
          wt == ES_WEIGHTING_LTC ? log(n / dfi) : log((1 + n) / (1 + dfi)) + 1;
      rows[i][t].w = tf * idf;
      norm += rows[i][t].w * rows[i][t].w;
    }
    for (size_t t = 0; t < len[i] && norm > 0; t++)
      rows[i][t].w /= sqrt(norm);
    qsort(rows[i], len[i], sizeof **rows, cmp_tc);
  }
  R.cos = calloc(R.n * R.n + 1, sizeof *R.cos);
  for (size_t i = 0; i < R.n; i++)
    for (size_t j = 0; j < R.n; j++) {
      double dot = 0;
      for (size_t a = 0, b = 0; a < len[i] && b < len[j];) {
        if (rows[i][a].id < rows[j][b].id)
          a++;
        else if (rows[i][a].id > rows[j][b].id)
          b++;
        else
          dot += rows[i][a++].w * rows[j][b++].w;
      }
      R.cos[i * R.n + j] = dot;
    }
  for (size_t i = 0; i < R.n; i++)
    free(rows[i]);
  free(rows);
  free(len);
  free(df);
  free(dict);
  return R;
}

#define TOL 1e-9

/* The reference top-k of essay i: cosine > 0 and >= min_sim, best first,
 * ties by doc index. Returns how many. */
static size_t ref_top(const ref *R, size_t i, size_t k, double min_sim,
                      size_t *out) {
  size_t n = 0;
  for (size_t j = 0; j < R->n; j++) {
    double c = R->cos[i * R->n + j];
    if (j == i || !(c > 0) || c < min_sim)
      continue;
    size_t at;
    if (n < k)
      at = n++;
    else if (k > 0 && c > R->cos[i * R->n + out[k - 1]])
      at = k - 1; /* j comes after the list's doc_ids: ties stay behind */
    else
      continue;
    while (at > 0 && c > R->cos[i * R->n + out[at - 1]]) {
      out[at] = out[at - 1];
      at--;
    }
    out[at] = j;
  }
  return n;
}

/* The stats' neighbours and best partners equal the reference's. */
static void check(const es_stats *st, const ref *R, size_t k, double min_sim) {
  size_t *top = malloc((k + 1) * sizeof *top);
  for (size_t i = 0; i < R->n; i++) {
    const double *ci = R->cos + i * R->n;
    size_t n = ref_top(R, i, k, min_sim, top);
    size_t got = es_stats_neighbor_count(st, i);
    if (got != n)
      fail_msg("essay %zu: %zu neighbours, expected %zu", i, got, n);
    for (size_t r = 0; r < n; r++) {
      const es_neighbor *nb = es_stats_neighbor(st, i, r);
      es_assert_rel(nb->cosine, ci[nb->doc], TOL);
      if (nb->doc != top[r] && !(fabs(ci[nb->doc] - ci[top[r]]) <= TOL))
        fail_msg("essay %zu rank %zu: neighbour %zu (%.12f), expected %zu "
                 "(%.12f)",
                 i, r + 1, nb->doc, ci[nb->doc], top[r], ci[top[r]]);
      assert_int_not_equal(nb->doc, i);
      assert_true(nb->cosine > 0 && nb->cosine >= min_sim);
      if (r > 0) { /* best first; equal cosines by doc_id */
        const es_neighbor *pr = es_stats_neighbor(st, i, r - 1);
        assert_true(pr->cosine > nb->cosine ||
                    (pr->cosine == nb->cosine && pr->doc < nb->doc));
      }
    }
    /* The best partner, whatever k and min_sim are. */
    size_t best = SIZE_MAX;
    for (size_t j = 0; j < R->n; j++)
      if (j != i && ci[j] > 0 && (best == SIZE_MAX || ci[j] > ci[best]))
        best = j;
    if (best == SIZE_MAX) {
      assert_true(st->best_doc[i] == SIZE_MAX);
      assert_true(st->best_cos[i] == -1);
    } else {
      es_assert_rel(st->best_cos[i], ci[best], TOL);
      assert_true(st->best_doc[i] != SIZE_MAX);
      if (st->best_doc[i] != best)
        es_assert_rel(ci[st->best_doc[i]], ci[best], TOL);
    }
  }
  free(top);
}

/* Recompute the stats' similarity blocked as given, with other jobs / k /
 * min_sim. */
static void rerun(es_stats *st, double head_share, size_t block_rows,
                  size_t tile_cols, int jobs, int k, double min_sim) {
  es_sim_params p = {head_share,   block_rows, tile_cols,
                     (size_t)jobs, (size_t)k,  min_sim};
  es_stats__similarity_with(st, &p);
}

/* ---- tests ------------------------------------------------------------- */

/* The formula itself, by hand: "alpha beta" and "alpha gamma", N = 2.
 * idf(alpha) = ln(3/3) + 1 = 1, idf(beta) = idf(gamma) = ln(3/2) + 1 = b,
 * so cos = 1 / (1 + b^2). */
static void test_hand_computed_sklearn(void **state) {
  (void)state;
  wt = ES_WEIGHTING_SKLEARN;
  put("a.md", "alpha beta\n");
  put("b.md", "Alpha gamma\n");
  crun r = load(1, 5, 0, NULL);
  double b = log(1.5) + 1, expect = 1 / (1 + b * b);
  assert_int_equal(es_stats_neighbor_count(r.st, 0), 1);
  assert_int_equal(es_stats_neighbor(r.st, 0, 0)->doc, 1);
  es_assert_rel(es_stats_neighbor(r.st, 0, 0)->cosine, expect, 1e-12);
  es_assert_rel(es_stats_neighbor(r.st, 1, 0)->cosine, expect, 1e-12);
  ref R = reference(r.c, NULL);
  check(r.st, &R, 5, 0);
  free(R.cos);
  unload(&r);
}

/* ltc by hand, N = 4: "the" is in every essay, so idf 0 and no weight;
 * alpha, beta, gamma in two essays: idf ln 2; delta in one: ln 4.
 *   A "alpha alpha beta the": alpha (1 + ln 2) ln 2, beta ln 2; normalized
 *     (1 + ln 2) / s and 1 / s with s = sqrt((1 + ln 2)^2 + 1);
 *   B "alpha beta gamma the": 1/sqrt 3 each;
 *   C "gamma delta the": ln 2 and 2 ln 2, so 1/sqrt 5 and 2/sqrt 5;
 *   D "the": the zero vector.
 * cos(A, B) = (2 + ln 2) / (sqrt 3 s), cos(B, C) = 1 / sqrt 15,
 * cos(A, C) = 0; D has no neighbour and is nobody's. */
static void test_hand_computed_ltc(void **state) {
  (void)state;
  put("a.md", "alpha alpha beta the\n");
  put("b.md", "Alpha beta gamma The\n");
  put("c.md", "gamma delta the\n");
  put("d.md", "The.\n");
  crun r = load(1, 5, 0, NULL);
  double l2 = log(2.0), s = sqrt((1 + l2) * (1 + l2) + 1);
  double ab = (2 + l2) / (sqrt(3.0) * s), bc = 1 / sqrt(15.0);
  assert_int_equal(es_stats_neighbor_count(r.st, 0), 1);
  assert_int_equal(es_stats_neighbor(r.st, 0, 0)->doc, 1);
  es_assert_rel(es_stats_neighbor(r.st, 0, 0)->cosine, ab, 1e-12);
  assert_int_equal(es_stats_neighbor_count(r.st, 1), 2);
  assert_int_equal(es_stats_neighbor(r.st, 1, 0)->doc, 0);
  es_assert_rel(es_stats_neighbor(r.st, 1, 0)->cosine, ab, 1e-12);
  assert_int_equal(es_stats_neighbor(r.st, 1, 1)->doc, 2);
  es_assert_rel(es_stats_neighbor(r.st, 1, 1)->cosine, bc, 1e-12);
  assert_int_equal(es_stats_neighbor_count(r.st, 2), 1);
  es_assert_rel(es_stats_neighbor(r.st, 2, 0)->cosine, bc, 1e-12);
  assert_int_equal(es_stats_neighbor_count(r.st, 3), 0);
  assert_true(r.st->best_doc[3] == SIZE_MAX);
  ref R = reference(r.c, NULL);
  check(r.st, &R, 5, 0);
  free(R.cos);
  unload(&r);
}

/* A hand-made corpus: shared words, a copy, an unrelated essay. */
static void test_small_corpus(void **state) {
  (void)state;
  put("1.md", "---\ntitle: One\n---\n# The Light\n\nThe **light** falls on "
              "the water; the water holds the light.\n");
  put("2.md", "The light and the dark: a study of the water.\n");
  put("3.md", "Montage cuts time. Montage cuts space.\n");
  put("4.md", "The light and the dark: a study of the water.\n");
  put("5.md", "Sound, silence, and the water.\n");
  crun r = load(2, 5, 0, NULL);
  ref R = reference(r.c, NULL);
  check(r.st, &R, 5, 0);
  /* 2 and 4 are copies: each is the other's first neighbour, cosine 1. */
  assert_int_equal(es_stats_neighbor(r.st, 1, 0)->doc, 3);
  es_assert_rel(es_stats_neighbor(r.st, 1, 0)->cosine, 1.0, 1e-12);
  assert_int_equal(es_stats_neighbor(r.st, 3, 0)->doc, 1);
  /* 3 shares no term with the others. */
  assert_int_equal(es_stats_neighbor_count(r.st, 2), 0);
  assert_true(r.st->best_doc[2] == SIZE_MAX);
  free(R.cos);
  unload(&r);
}

/* A few hundred generated essays, default blocking, then every path of the
 * blocked product on the same corpus. */
static void generated_checks(size_t n, uint64_t seed, bool universal) {
  generate(n, seed, universal);
  crun r = load(2, 5, 0, NULL);
  ref R = reference(r.c, NULL);
  check(r.st, &R, 5, 0);

  static const struct {
    double share;
    size_t rows, cols;
  } cuts[] = {
      {0.15, 128, 16384}, /* the defaults */
      {0.0, 128, 16384},  /* every term dense: no tail */
      {2.0, 128, 16384},  /* no head: everything from postings */
      {0.3, 16, 64},      /* many blocks, many column tiles */
      {0.05, 7, 5},       /* odd sizes; tiles narrower than blocks */
      {1.0, 1, 1},        /* one row, one column at a time */
  };
  static const struct {
    int jobs, k;
    double min_sim;
  } opts[] = {{1, 5, 0},    {3, 5, 0},   {2, 1, 0},   {4, 0, 0},
              {2, 10, 0.3}, {3, 400, 0}, {1, 7, 0.55}};
  for (size_t a = 0; a < sizeof cuts / sizeof *cuts; a++)
    for (size_t b = 0; b < sizeof opts / sizeof *opts; b++) {
      rerun(r.st, cuts[a].share, cuts[a].rows, cuts[a].cols, opts[b].jobs,
            opts[b].k, opts[b].min_sim);
      check(r.st, &R, (size_t)opts[b].k, opts[b].min_sim);
    }
  free(R.cos);
  unload(&r);
}

static void test_generated(void **state) {
  (void)state;
  generated_checks(300, 7, false);
}

/* A term in every essay: under ltc it is left out of the head, so the
 * head and the postings start at the next rank. */
static void test_generated_universal(void **state) {
  (void)state;
  generated_checks(250, 3, true);
}

/* The similarity CSV is byte-identical for --jobs 1, 2 and 4. */
static char *cli_report(const char *args) {
  char cmd[512], path[128];
  snprintf(path, sizeof path, "%s.out", root);
  snprintf(cmd, sizeof cmd, "'%s' -q --no-progress %s '%s' > '%s'", ES_CLI,
           args, root, path);
  assert_int_equal(system(cmd), 0);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
  buf[n] = 0;
  fclose(f);
  remove(path);
  return buf;
}

static void test_jobs_identical(void **state) {
  (void)state;
  generate(400, 11, false);
  static const char *const variants[] = {
      "--top-k 5", "--top-k 3", "--min-similarity 0.4", "--weighting sklearn",
      "--weighting sklearn --min-similarity 0.4"};
  for (size_t v = 0; v < 5; v++) {
    char args[128];
    snprintf(args, sizeof args, "-r similarity -j 1 %s", variants[v]);
    char *one = cli_report(args);
    assert_true(strlen(one) > 100);
    for (int j = 2; j <= 4; j += 2) {
      snprintf(args, sizeof args, "-r similarity -j %d %s", j, variants[v]);
      char *other = cli_report(args);
      assert_string_equal(one, other);
      free(other);
    }
    free(one);
  }
}

static void test_one_essay(void **state) {
  (void)state;
  put("only.md", "A single essay about light and water.\n");
  crun r = load(2, 5, 0, NULL);
  assert_int_equal(es_stats_neighbor_count(r.st, 0), 0);
  assert_true(r.st->best_doc[0] == SIZE_MAX);
  assert_true(r.st->best_cos[0] == -1);
  unload(&r);
}

/* Two copies, under sklearn: each the other's neighbour at cosine 1. Under
 * ltc every term is in both essays, so both vectors are zero and neither
 * has a neighbour. */
static void test_identical_pair_ltc(void **state) {
  (void)state;
  const char *text = "# Twins\n\nThe **same** words, twice: the same words.\n";
  put("a.md", text);
  put("b.md", text);
  crun r = load(1, 5, 0, NULL);
  for (size_t i = 0; i < 2; i++) {
    assert_int_equal(es_stats_neighbor_count(r.st, i), 0);
    assert_true(r.st->best_doc[i] == SIZE_MAX);
  }
  unload(&r);
}

static void test_identical_pair(void **state) {
  (void)state;
  wt = ES_WEIGHTING_SKLEARN;
  const char *text = "# Twins\n\nThe **same** words, twice: the same words.\n";
  put("a.md", text);
  put("b.md", text);
  crun r = load(1, 5, 0, NULL);
  for (size_t i = 0; i < 2; i++) {
    assert_int_equal(es_stats_neighbor_count(r.st, i), 1);
    assert_int_equal(es_stats_neighbor(r.st, i, 0)->doc, 1 - i);
    es_assert_rel(es_stats_neighbor(r.st, i, 0)->cosine, 1.0, 1e-12);
    es_assert_rel(r.st->best_cos[i], 1.0, 1e-12);
    assert_int_equal(es_stats_neighbor(r.st, i, 0)->shared_key_terms, 1);
    es_assert_rel(es_stats_neighbor(r.st, i, 0)->keyterm_jaccard, 1.0, 0);
  }
  unload(&r);
}

/* An essay with no words is analysed (it counts in N) but has no
 * neighbours and is nobody's neighbour. */
static void test_empty_essay(void **state) {
  (void)state;
  put("a.md", "light water stone\n");
  put("b.md", "---\ntitle: empty\n---\n");
  put("c.md", "light water glass\n");
  crun r = load(2, 5, 0, NULL);
  assert_int_equal(es_corpus_analysed(r.c), 3);
  assert_int_equal(es_stats_neighbor_count(r.st, 1), 0);
  assert_true(r.st->best_doc[1] == SIZE_MAX);
  assert_int_equal(es_stats_neighbor_count(r.st, 0), 1);
  assert_int_equal(es_stats_neighbor(r.st, 0, 0)->doc, 2);
  ref R = reference(r.c, NULL); /* N = 3 in the idf */
  check(r.st, &R, 5, 0);
  free(R.cos);
  unload(&r);
}

/* k larger than N - 1: every other essay sharing a term, no more. */
static void test_k_larger_than_corpus(void **state) {
  (void)state;
  put("a.md", "light water stone\n");
  put("b.md", "light water\n");
  put("c.md", "light\n");
  put("d.md", "montage\n");
  crun r = load(3, 50, 0, NULL);
  assert_int_equal(es_stats_neighbor_count(r.st, 0), 2);
  assert_int_equal(es_stats_neighbor_count(r.st, 2), 2);
  assert_int_equal(es_stats_neighbor_count(r.st, 3), 0);
  ref R = reference(r.c, NULL);
  check(r.st, &R, 50, 0);
  free(R.cos);
  unload(&r);
}

/* --min-similarity drops weaker neighbours but never the best partner. */
static void test_min_similarity(void **state) {
  (void)state;
  put("a.md", "light water stone glass\n");
  put("b.md", "light water stone sand\n");
  put("c.md", "light dust ash smoke\n");
  put("d.md", "pebble\n"); /* so that light is not in every essay */
  crun all = load(1, 5, 0, NULL);
  ref R = reference(all.c, NULL);
  double strong = R.cos[0 * 4 + 1], weak = R.cos[0 * 4 + 2];
  assert_true(weak > 0 && weak < strong);
  double mid = (strong + weak) / 2;
  crun some = load(2, 5, mid, NULL);
  check(all.st, &R, 5, 0);
  check(some.st, &R, 5, mid);
  assert_int_equal(es_stats_neighbor_count(all.st, 0), 2);
  assert_int_equal(es_stats_neighbor_count(some.st, 0), 1);
  assert_int_equal(es_stats_neighbor_count(some.st, 2), 0);
  /* c's best partner stays known for the near_duplicate audit. */
  assert_true(some.st->best_doc[2] != SIZE_MAX);
  es_assert_rel(some.st->best_cos[2], all.st->best_cos[2], 0);
  free(R.cos);
  unload(&all);
  unload(&some);
}

/* Stop words are left out of the vectors: essays sharing only stop words
 * are not similar, and the others' cosines change accordingly. */
static void test_stopwords(void **state) {
  (void)state;
  put("a.md", "the of and light\n");
  put("b.md", "the of and water\n");
  put("c.md", "the light stone\n");
  char stop[128];
  snprintf(stop, sizeof stop, "%s.stop", root);
  FILE *f = fopen(stop, "w");
  assert_non_null(f);
  fputs("the\nof\n\nand\n", f);
  fclose(f);
  crun plain = load(2, 5, 0, NULL), stopped = load(2, 5, 0, stop);
  static const char *const words[] = {"the", "of", "and", NULL};
  ref R0 = reference(plain.c, NULL), R1 = reference(stopped.c, words);
  check(plain.st, &R0, 5, 0);
  check(stopped.st, &R1, 5, 0);
  /* b shares "the" with c: weightless under ltc. */
  assert_int_equal(es_stats_neighbor_count(plain.st, 1),
                   wt == ES_WEIGHTING_LTC ? 1 : 2);
  assert_int_equal(es_stats_neighbor_count(stopped.st, 1), 0);
  assert_int_equal(es_stats_neighbor_count(stopped.st, 0), 1);
  assert_int_equal(es_stats_neighbor(stopped.st, 0, 0)->doc, 2);
  remove(stop);
  free(R0.cos);
  free(R1.cos);
  unload(&plain);
  unload(&stopped);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_hand_computed_sklearn, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_hand_computed_ltc, setup, teardown),
      cmocka_unit_test_setup_teardown(test_identical_pair, setup, teardown),
      cmocka_unit_test_setup_teardown(test_identical_pair_ltc, setup, teardown),
      cmocka_unit_test_setup_teardown(test_jobs_identical, setup, teardown),
      /* Under ltc (the default), then sklearn. */
      cmocka_unit_test_setup_teardown(test_small_corpus, setup, teardown),
      cmocka_unit_test_setup_teardown(test_generated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_generated_universal, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_one_essay, setup, teardown),
      cmocka_unit_test_setup_teardown(test_empty_essay, setup, teardown),
      cmocka_unit_test_setup_teardown(test_k_larger_than_corpus, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_min_similarity, setup, teardown),
      cmocka_unit_test_setup_teardown(test_stopwords, setup, teardown),
      cmocka_unit_test_setup_teardown(test_small_corpus, setup_sklearn,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_generated, setup_sklearn, teardown),
      cmocka_unit_test_setup_teardown(test_generated_universal, setup_sklearn,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_one_essay, setup_sklearn, teardown),
      cmocka_unit_test_setup_teardown(test_empty_essay, setup_sklearn,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_k_larger_than_corpus, setup_sklearn,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_min_similarity, setup_sklearn,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_stopwords, setup_sklearn, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
