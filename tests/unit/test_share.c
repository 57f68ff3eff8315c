/* test_share.c - a run split into P shares (engine/analytics/share.h), as
 * an MPI run splits it, gives es_stats_compute's result byte for byte.
 *
 * In one process: for P = 1..5, rank 0 computes its share, every other
 * rank's share is computed, exported and imported into rank 0's in a
 * shuffled order, then rank 0 finishes; every report (and the audit as
 * text) must equal the single run's. On a generated corpus with exact
 * copies (cosine ties, identical shingle sets), chains of near copies
 * (duplicate clusters), empty essays and essays sharing no term, under
 * two option sets, and on data/. Similarity is also split with a small
 * blocking (many row blocks per share). Malformed buffers, a share from
 * another run and a share merged twice give ES_EINVAL and change nothing.
 */
#include "test_util.h"
#include "analytics/share.h"
#include "analytics/similarity.h"

#include <unistd.h>

static char root[64];

static int setup(void **state) {
  (void)state;
  return make_tmpdir(root, sizeof root, "share");
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(root);
}

/* ---- a generated corpus ------------------------------------------------ */

static uint64_t rng;

static uint32_t rnd(void) { return es_test_rnd(&rng); }

/* A word: one of 12 common ones 40% of the time, else rarer (a skewed
 * draw over 1500). */
static uint32_t draw(void) {
  if (rnd() % 10 < 4)
    return rnd() % 12;
  uint32_t a = rnd() % 1500, b = rnd() % 1500;
  return 12 + (a < b ? a : b);
}

#define TEXT_CAP 16384

/* `n` essays: random ones, exact copies of an earlier one (ties), near
 * copies of the one before (chains: clusters of several), copies with a
 * third of the words changed (below the threshold), an empty one and one
 * with a word no other has. */
static void generate(size_t n, uint64_t seed) {
  rng = seed;
  char **texts = calloc(n, sizeof *texts);
  assert_non_null(texts);
  for (size_t k = 0; k < n; k++) {
    char *t = malloc(TEXT_CAP);
    assert_non_null(t);
    size_t len = 0;
    if (k >= 5 && k % 7 == 3) {
      snprintf(t, TEXT_CAP, "%s", texts[k - 5]);
    } else if (k >= 1 && k % 5 == 1 && strlen(texts[k - 1]) < TEXT_CAP / 2) {
      snprintf(t, TEXT_CAP, "%s\nvoreti kazemi ananel orisum.\n", texts[k - 1]);
    } else if (k == 13) {
      snprintf(t, TEXT_CAP, "---\ntitle: empty\n---\n\n* * *\n");
    } else if (k == 17) {
      snprintf(t, TEXT_CAP, "# Alone\n\nXyzzyplugh.\n");
    } else {
      len += (size_t)snprintf(t, TEXT_CAP, "---\nauthor: a%u\n---\n# E%zu\n\n",
                              rnd() % 4, k);
      size_t words = 20 + rnd() % 200;
      for (size_t w = 0; w < words; w++) {
        char buf[16];
        es_test_word(buf, draw());
        len += (size_t)snprintf(t + len, TEXT_CAP - len, "%s%s", buf,
                                w % 12 == 11 ? ".\n\n" : " ");
      }
      snprintf(t + len, TEXT_CAP - len, "end.\n");
    }
    texts[k] = t;
    char path[256];
    snprintf(path, sizeof path, "%s/e%04zu.md", root, k);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fputs(t, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
  }
  for (size_t k = 0; k < n; k++)
    free(texts[k]);
  free(texts);
}

static es_corpus *load(const char *dir, const es_options *o) {
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, dir, NULL), ES_OK);
  assert_int_equal(es_corpus_load(c, NULL), ES_OK);
  return c;
}

/* ---- reports ------------------------------------------------------------ */

/* Every report that needs no group-by field, and the audit as text, one
 * after another (caller frees). */
static char *reports(const es_corpus *c, const es_stats *st) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  for (const char *const *name = es_report_names(); *name; name++) {
    if (es_report_needs_group_by(*name))
      continue;
    fprintf(f, "== %s\n", *name);
    assert_int_equal(es_report_write(*name, c, st, f, NULL), ES_OK);
  }
  fprintf(f, "== audit text\n");
  assert_int_equal(es_audit_write(ES_AUDIT_TEXT, c, st, f, NULL), ES_OK);
  assert_int_equal(fclose(f), 0);
  return buf;
}

static void assert_same(const char *got, const char *want, const char *what,
                        unsigned P) {
  if (strcmp(got, want) == 0)
    return;
  size_t i = 0;
  while (got[i] && got[i] == want[i])
    i++;
  size_t from = i > 200 ? i - 200 : 0;
  fail_msg("%s, P = %u: differs at byte %zu\nwant: %.300s\ngot:  %.300s", what,
           P, i, want + from, got + from);
}

/* Rank r's share as bytes. */
static uint8_t *share_bytes(const es_corpus *c, unsigned r, unsigned P,
                            size_t *len) {
  es_stats *st = NULL;
  assert_int_equal(
      es_stats__compute_share(&st, c, ES_NEED_SIMILARITY | ES_NEED_DUPLICATES,
                              r, P, NULL),
      ES_OK);
  uint8_t *buf = NULL;
  es_stats__share_export(st, &buf, len);
  es_stats_free(st);
  return buf;
}

/* Malformed and foreign buffers are refused and change nothing: the
 * caller goes on to merge the real ones into st. */
static void refuse(es_stats *st, const uint8_t *good, size_t len) {
  uint8_t *bad = malloc(len + 16);
  assert_non_null(bad);
  for (size_t cut = 0; cut < len; cut += cut < 64 ? 1 : 1 + len / 97) {
    memcpy(bad, good, cut);
    assert_int_equal(es_stats__share_import(st, bad, cut, NULL), ES_EINVAL);
  }
  memcpy(bad, good, len); /* trailing bytes */
  memset(bad + len, 0, 16);
  assert_int_equal(es_stats__share_import(st, bad, len + 16, NULL), ES_EINVAL);
  /* The header: magic, rank (0: rank 0's own), nranks, parts, essays. */
  size_t fields[] = {0, 7, 8, 12, 16, 20};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    memcpy(bad, good, len);
    bad[fields[i]] ^= fields[i] == 8 ? bad[8] : 0x40;
    assert_int_equal(es_stats__share_import(st, bad, len, NULL), ES_EINVAL);
  }
  assert_int_equal(es_stats__share_import(st, NULL, 0, NULL), ES_EINVAL);
  free(bad);
}

/* Split the run of `c` P ways and compare it with es_stats_compute's. */
static void check_split(const es_corpus *c, const char *want, unsigned P,
                        bool hostile) {
  es_stats *st = NULL;
  assert_int_equal(es_stats__compute_share(&st, c, ES_NEED_ALL, 0, P, NULL),
                   ES_OK);
  uint8_t **bufs = calloc(P, sizeof *bufs);
  size_t *lens = calloc(P, sizeof *lens);
  unsigned *order = calloc(P, sizeof *order);
  assert_true(bufs && lens && order);
  for (unsigned r = 1; r < P; r++) {
    bufs[r] = share_bytes(c, r, P, &lens[r]);
    order[r - 1] = r;
  }
  for (unsigned i = P - 1; i > 1; i--) { /* shuffle */
    unsigned j = rnd() % i;
    unsigned t = order[i - 1];
    order[i - 1] = order[j];
    order[j] = t;
  }
  if (hostile && P > 1)
    refuse(st, bufs[order[0]], lens[order[0]]);
  for (unsigned i = 0; i + 1 < P; i++) {
    unsigned r = order[i];
    assert_int_equal(es_stats__share_import(st, bufs[r], lens[r], NULL), ES_OK);
    if (hostile) /* merged twice */
      assert_int_equal(es_stats__share_import(st, bufs[r], lens[r], NULL),
                       ES_EINVAL);
  }
  es_stats__share_finish(st);
  if (P > 1) /* finished: nothing more to merge */
    assert_int_equal(es_stats__share_import(st, bufs[1], lens[1], NULL),
                     ES_EINVAL);
  char *got = reports(c, st);
  assert_same(got, want, "reports", P);
  free(got);
  es_stats_free(st);
  for (unsigned r = 1; r < P; r++)
    free(bufs[r]);
  free(bufs);
  free(lens);
  free(order);
}

static void check_corpus(const es_corpus *c, bool hostile) {
  es_stats *st = NULL;
  assert_int_equal(es_stats_compute(&st, c, ES_NEED_ALL, NULL), ES_OK);
  char *want = reports(c, st);
  es_stats_free(st);
  for (unsigned P = 1; P <= 5; P++)
    check_split(c, want, P, hostile);
  free(want);
}

/* ---- tests --------------------------------------------------------------- */

static void test_generated(void **state) {
  (void)state;
  generate(420, 7);
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  es_corpus *c = load(root, &o);
  check_corpus(c, true);
  es_corpus_free(c);
  /* Other options: more neighbours, a floor, sklearn, a lower threshold,
   * one thread. */
  o.jobs = 1;
  o.top_k = 9;
  o.min_similarity = 0.05;
  o.weighting = ES_WEIGHTING_SKLEARN;
  o.dup_threshold = 0.5;
  o.shingle = 3;
  c = load(root, &o);
  check_corpus(c, false);
  es_corpus_free(c);
}

static void test_data(void **state) {
  (void)state;
  es_options o = ES_OPTIONS_INIT;
  o.jobs = 2;
  es_corpus *c = load(ES_SOURCE_DIR "/data", &o);
  check_corpus(c, true);
  es_corpus_free(c);
}

/* Similarity alone with a small blocking: 420 rows make 53 blocks, dealt
 * to up to 5 shares, each with several column tiles. */
static void test_similarity_blocks(void **state) {
  (void)state;
  generate(420, 11);
  es_options o = ES_OPTIONS_INIT;
  o.top_k = 4;
  es_corpus *c = load(root, &o);
  es_stats *st = NULL;
  assert_int_equal(es_stats_compute(&st, c, ES_NEED_SIMILARITY, NULL), ES_OK);
  es_sim_params p;
  es_sim_params_default(&p, c);
  p.block_rows = 8;
  p.tile_cols = 40;
  p.jobs = 2;
  es_stats__similarity_with(st, &p);
  char *want = reports(c, st);
  for (unsigned P = 1; P <= 5; P++) {
    es_sim_part *sp = es_sim__share(st, &st->phase, &p, 0, P);
    for (unsigned r = P; r-- > 1;) {
      es_sim_part *o2 = es_sim__share(st, &st->phase, &p, r, P);
      assert_int_equal(o2->n, sp->n);
      for (int twice = 0; twice < (r == 1 ? 2 : 1); twice++) /* once */
        for (size_t i = 0; i < o2->n; i++)
          assert_true(es_sim__merge(sp, i, o2->ecos + i * o2->kk,
                                    o2->erow + i * o2->kk, o2->ecount[i]));
      es_sim__part_free(o2);
    }
    es_sim__finish(st, sp);
    char *got = reports(c, st);
    assert_same(got, want, "similarity, small blocks", P);
    free(got);
  }
  free(want);
  es_stats_free(st);
  es_corpus_free(c);
}

/* Other ranks computed both shared parts, rank 0 needs one: the other is
 * skipped. A share that lacks a part rank 0 needs is refused. */
static void test_extra_parts(void **state) {
  (void)state;
  generate(200, 5);
  es_options o = ES_OPTIONS_INIT;
  es_corpus *c = load(root, &o);
  const unsigned P = 3;
  const unsigned parts[2] = {ES_NEED_SIMILARITY, ES_NEED_DUPLICATES};
  const char *names[2] = {"similarity", "duplicates"};
  size_t len[3];
  uint8_t *buf[3] = {NULL, share_bytes(c, 1, P, &len[1]),
                     share_bytes(c, 2, P, &len[2])};
  for (int k = 0; k < 2; k++) {
    es_stats *st = NULL;
    assert_int_equal(es_stats_compute(&st, c, parts[k], NULL), ES_OK);
    char *want = NULL, *got = NULL;
    size_t wl, gl;
    FILE *f = open_memstream(&want, &wl);
    assert_int_equal(es_report_write(names[k], c, st, f, NULL), ES_OK);
    fclose(f);
    es_stats_free(st);
    assert_int_equal(es_stats__compute_share(&st, c, parts[k], 0, P, NULL),
                     ES_OK);
    assert_int_equal(es_stats__share_import(st, buf[2], len[2], NULL), ES_OK);
    assert_int_equal(es_stats__share_import(st, buf[1], len[1], NULL), ES_OK);
    es_stats__share_finish(st);
    f = open_memstream(&got, &gl);
    assert_int_equal(es_report_write(names[k], c, st, f, NULL), ES_OK);
    fclose(f);
    assert_same(got, want, names[k], P);
    free(want);
    free(got);
    es_stats_free(st);
  }
  /* Rank 1 shares similarity only; rank 0 needs both. */
  es_stats *r1 = NULL, *st = NULL;
  assert_int_equal(
      es_stats__compute_share(&r1, c, ES_NEED_SIMILARITY, 1, P, NULL), ES_OK);
  uint8_t *only;
  size_t olen;
  es_stats__share_export(r1, &only, &olen);
  es_stats_free(r1);
  assert_int_equal(
      es_stats__compute_share(&st, c, ES_NEED_SIMILARITY | ES_NEED_DUPLICATES,
                              0, P, NULL),
      ES_OK);
  assert_int_equal(es_stats__share_import(st, only, olen, NULL), ES_EINVAL);
  es_stats_free(st);
  free(only);
  free(buf[1]);
  free(buf[2]);
  es_corpus_free(c);
}

/* A share of another run (other essays) is refused. */
static void test_foreign(void **state) {
  (void)state;
  generate(60, 3);
  es_options o = ES_OPTIONS_INIT;
  es_corpus *c = load(root, &o);
  size_t len;
  uint8_t *buf = share_bytes(c, 1, 2, &len);
  char path[256];
  snprintf(path, sizeof path, "%s/e0060.md", root);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs("# One more\n\nkazemi voreti.\n", f);
  fclose(f);
  es_corpus *c2 = load(root, &o);
  es_stats *st = NULL;
  assert_int_equal(es_stats__compute_share(&st, c2, ES_NEED_ALL, 0, 2, NULL),
                   ES_OK);
  assert_int_equal(es_stats__share_import(st, buf, len, NULL), ES_EINVAL);
  es_stats_free(st);
  /* Another share count, and a share that does not exist. */
  assert_int_equal(es_stats__compute_share(&st, c, ES_NEED_ALL, 0, 3, NULL),
                   ES_OK);
  assert_int_equal(es_stats__share_import(st, buf, len, NULL), ES_EINVAL);
  es_stats_free(st);
  st = NULL;
  assert_int_equal(es_stats__compute_share(&st, c, ES_NEED_ALL, 2, 2, NULL),
                   ES_EINVAL);
  assert_null(st);
  free(buf);
  es_corpus_free(c2);
  es_corpus_free(c);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_generated, setup, teardown),
      cmocka_unit_test(test_data),
      cmocka_unit_test_setup_teardown(test_similarity_blocks, setup, teardown),
      cmocka_unit_test_setup_teardown(test_foreign, setup, teardown),
      cmocka_unit_test_setup_teardown(test_extra_parts, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
