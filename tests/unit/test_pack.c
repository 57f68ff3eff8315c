/* test_pack.c - documents packed and unpacked (engine/doc/pack.h), as the
 * MPI run moves them: a corpus whose every document went through
 * pack -> unpack, with its terms interned into a vocabulary whose ids all
 * differ from the original's, writes every report byte for byte as the
 * corpus it came from; the thin form keeps terms, sequence and blocks;
 * corrupt input is refused. */
#include "test_util.h"
#include "corpus/corpus.h"
#include "doc/pack.h"

static char *report_text(const char *name, const es_corpus *c,
                         const es_stats *st, int format) {
  char *buf = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&buf, &len);
  assert_non_null(f);
  es_status rc = format
                     ? es_audit_write((es_audit_format)format, c, st, f, NULL)
                     : es_report_write(name, c, st, f, NULL);
  assert_int_equal(rc, ES_OK);
  assert_int_equal(fclose(f), 0);
  return buf;
}

static es_corpus *discover(const es_options *o) {
  es_corpus *c = NULL;
  assert_int_equal(es_corpus_new(&c, o, NULL), ES_OK);
  assert_int_equal(es_corpus_add_path(c, ES_SOURCE_DIR "/data", NULL), ES_OK);
  assert_int_equal(
      es_corpus_add_path(c, ES_SOURCE_DIR "/tests/fixtures/dupes", NULL),
      ES_OK);
  assert_int_equal(
      es_corpus_add_path(c, ES_SOURCE_DIR "/tests/fixtures/text", NULL), ES_OK);
  return c;
}

/* A copy of `a` made only of packed documents, as rank 0 builds it. */
static es_corpus *copy_packed(const es_options *o, const es_corpus *a) {
  es_corpus *b = discover(o);
  es_corpus__sort(b);
  assert_int_equal(b->n, a->n);
  /* Other strings first, in another order: every term id differs. */
  for (size_t i = 0; i < 50; i++) {
    char w[32];
    snprintf(w, sizeof w, "zz%zu", i);
    es_intern_add(b->terms->strings, w, strlen(w), NULL);
  }
  size_t nt = es_intern_count(a->terms->strings);
  for (size_t k = nt; k-- > 0;) {
    size_t n;
    const char *s = es_intern_str(a->terms->strings, (uint32_t)k, &n);
    if (k % 3 == 0)
      es_intern_add(b->terms->strings, s, n, NULL);
  }
  es_pool *pool = es_corpus__new_pool(b);
  es_buf buf = ES_BUF_INIT;
  /* One stream: each term's string travels once. */
  es_pack_dict out = {0}, in = {0};
  for (size_t i = 0; i < a->n; i++) {
    const es_entry *x = &a->entries[i];
    es_entry *y = &b->entries[i];
    assert_string_equal(x->raw_id, y->raw_id);
    y->bytes = x->bytes;
    y->has_ino = x->has_ino;
    y->dev = x->dev;
    y->ino = x->ino;
    y->size = x->size;
    y->mtime_ns = x->mtime_ns;
    y->ctime_ns = x->ctime_ns;
    if (x->has_read_finding) {
      y->read_message = es__xstrdup(x->read_message);
      y->read_finding = x->read_finding;
      y->read_finding.message = y->read_message;
      y->has_read_finding = true;
    }
    if (!x->doc)
      continue;
    es_buf_clear(&buf);
    es_doc_pack(x->doc, ES_PACK_FULL, &out, &buf);
    size_t pos = 0;
    /* Alternately pooled and owned documents. */
    y->doc = es_doc_unpack((const uint8_t *)buf.data, buf.len, &pos,
                           b->terms->strings, i % 2 ? pool : NULL, &in);
    assert_non_null(y->doc);
    assert_int_equal(pos, buf.len);
  }
  es_buf_free(&buf);
  assert_int_equal(out.n, in.n);
  assert_true(in.n < es_intern_count(b->terms->strings));
  es_pack_dict_free(&out);
  es_pack_dict_free(&in);
  es_corpus__finish(b, NULL);
  return b;
}

static void reports_identical(const char *group_by, const char *stopwords) {
  es_options o;
  es_options_init(&o, ES_OPTIONS_VERSION);
  o.group_by = group_by;
  o.stopwords = stopwords;
  o.jobs = 2;
  es_corpus *a = discover(&o);
  assert_int_equal(es_corpus_load(a, NULL), ES_OK);
  es_corpus *b = copy_packed(&o, a);
  es_stats *sa = NULL, *sb = NULL;
  assert_int_equal(es_stats_compute(&sa, a, ES_NEED_ALL, NULL), ES_OK);
  assert_int_equal(es_stats_compute(&sb, b, ES_NEED_ALL, NULL), ES_OK);
  size_t nreports = 0;
  for (const char *const *n = es_report_names(); *n; n++) {
    if (es_report_needs_group_by(*n) && !group_by)
      continue;
    char *x = report_text(*n, a, sa, 0), *y = report_text(*n, b, sb, 0);
    if (strcmp(x, y) != 0)
      fail_msg("report %s differs after pack/unpack (group_by %s)", *n,
               group_by ? group_by : "none");
    free(x);
    free(y);
    nreports++;
  }
  assert_true(nreports >= 8);
  for (int f = ES_AUDIT_TEXT; f <= ES_AUDIT_GITHUB; f++) {
    char *x = report_text("audit", a, sa, f),
         *y = report_text("audit", b, sb, f);
    assert_string_equal(x, y);
    free(x);
    free(y);
  }
  es_stats_free(sa);
  es_stats_free(sb);
  es_corpus_free(a);
  es_corpus_free(b);
}

static void full_reports_identical(void **state) {
  (void)state;
  reports_identical(NULL, NULL);
  reports_identical("categoryName", "english");
}

/* The thin form: the same terms (as strings), counts, sequence, blocks. */
static void thin_keeps_terms(void **state) {
  (void)state;
  es_doc *d = parse_str("---\ntitle: T\n---\n**A title**\n\n"
                        "One two three two one.\n\n- four **five** six\n");
  es_buf buf = ES_BUF_INIT;
  es_doc_pack(d, ES_PACK_THIN, NULL, &buf);
  es_intern *terms = es_intern_new();
  es_intern_add(terms, "padding", 7, NULL);
  size_t pos = 0;
  es_doc *t = es_doc_unpack((const uint8_t *)buf.data, buf.len, &pos, terms,
                            NULL, NULL);
  assert_non_null(t);
  assert_int_equal(pos, buf.len);
  assert_int_equal(t->nterms, d->nterms);
  for (size_t i = 0; i < d->nterms; i++) {
    size_t c1, c2;
    assert_string_equal(es_doc_term(t, i, &c1), es_doc_term(d, i, &c2));
    assert_int_equal(c1, c2);
  }
  assert_int_equal(t->nseq, d->nseq);
  assert_true(d->nseq > 0);
  uint32_t *s1 = malloc(d->nseq * sizeof *s1),
           *s2 = malloc(d->nseq * sizeof *s2);
  es_doc__seq_decode(d, s1);
  es_doc__seq_decode(t, s2);
  for (size_t i = 0; i < d->nseq; i++)
    assert_string_equal(es_intern_str(d->term_strings, s1[i], NULL),
                        es_intern_str(t->term_strings, s2[i], NULL));
  assert_int_equal(t->nblocks, d->nblocks);
  for (size_t i = 0; i < d->nblocks; i++)
    assert_int_equal(t->blocks[i], d->blocks[i]);
  assert_memory_equal(&t->counts, &d->counts, sizeof d->counts);
  assert_int_equal(t->nsections, 0);
  free(s1);
  free(s2);
  es_doc_free(t);
  es_doc_free(d);
  es_intern_free(terms);
  es_buf_free(&buf);
}

/* Truncated or altered bytes give NULL, never a half-made document. */
static void corrupt_refused(void **state) {
  (void)state;
  es_doc *d = parse_str("---\ntitle: T\n---\n# Heading\n\nSome **key** words "
                        "here.\n");
  es_buf buf = ES_BUF_INIT;
  es_doc_pack(d, ES_PACK_FULL, NULL, &buf);
  es_intern *terms = es_intern_new();
  for (size_t cut = 0; cut < buf.len; cut++) {
    size_t pos = 0;
    assert_null(
        es_doc_unpack((const uint8_t *)buf.data, cut, &pos, terms, NULL, NULL));
    assert_int_equal(pos, 0);
  }
  buf.data[0] ^= 0x10; /* the magic */
  size_t pos = 0;
  assert_null(es_doc_unpack((const uint8_t *)buf.data, buf.len, &pos, terms,
                            NULL, NULL));
  /* A stream's later document names terms by number: without the
   * stream's dictionary it cannot be read. */
  es_pack_dict dict = {0};
  es_buf_clear(&buf);
  es_doc_pack(d, ES_PACK_THIN, &dict, &buf);
  size_t first = buf.len;
  es_doc_pack(d, ES_PACK_THIN, &dict, &buf);
  assert_true(buf.len - first < first);
  pos = first;
  assert_null(es_doc_unpack((const uint8_t *)buf.data, buf.len, &pos, terms,
                            NULL, NULL));
  es_pack_dict_free(&dict);
  es_doc_free(d);
  es_intern_free(terms);
  es_buf_free(&buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(full_reports_identical),
      cmocka_unit_test(thin_keeps_terms),
      cmocka_unit_test(corrupt_refused),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
