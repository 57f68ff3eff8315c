/* test_pack.c - documents packed and unpacked (engine/doc/pack.h), as the
 * MPI run moves them: a corpus whose every document went through
 * pack -> unpack, with its terms interned into a vocabulary whose ids all
 * differ from the original's, writes every report byte for byte as the
 * corpus it came from; the thin form keeps terms, sequence and blocks;
 * corrupt input is refused, and altered input never crashes. */
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

/* Whatever unpack returns from altered bytes, its indexes stay in range:
 * sections, key terms, findings, the sequence and its blocks. */
static void check_in_range(const es_doc *d) {
  for (size_t i = 0; i < d->nsections; i++)
    assert_true(d->sections[i].parent < (i ? i : 1));
  for (size_t i = 0; i < d->nkeyterms; i++)
    assert_true(d->keyterms[i].section < d->nsections);
  for (size_t i = 0; i < d->nfindings; i++)
    assert_true((unsigned)d->findings[i].code < ES_CODE__COUNT);
  size_t nt = es_intern_count(d->term_strings);
  for (size_t i = 0; i < d->nterms; i++)
    assert_true(es_doc__term(d, i).id < nt);
  uint32_t *seq = malloc((d->nseq ? d->nseq : 1) * sizeof *seq);
  if (d->seq)
    es_doc__seq_decode(d, seq);
  for (size_t i = 0; d->seq && i < d->nseq; i++)
    assert_true(seq[i] < nt);
  free(seq);
  for (size_t i = 0; i < d->nblocks; i++)
    assert_true(d->blocks[i] <= d->nseq &&
                (i == 0 || d->blocks[i] >= d->blocks[i - 1]));
}

/* Every byte of a stream of two packed documents (the second naming its
 * terms by number) set in turn to a few values: unpack gives NULL or a
 * document within range, never reads past the input (the copy is exact,
 * for ASan) and never crashes. */
static void altered_never_crash(void **state) {
  (void)state;
  es_doc *d = parse_str("---\ntitle: T\ntags: [a, b]\n---\n# Part one\n\n"
                        "**Label.** Some **key** words here.\n\n## Sub\n\n"
                        "- item **two** words\n\n**Pseudo**\n\nMore.\n");
  static const uint8_t values[] = {0x00, 0x01, 0x02, 0x7f, 0x80, 0xff};
  for (int form = ES_PACK_FULL; form <= ES_PACK_THIN; form++) {
    es_buf buf = ES_BUF_INIT;
    es_pack_dict out = {0};
    es_doc_pack(d, (es_pack_form)form, &out, &buf);
    es_doc_pack(d, (es_pack_form)form, &out, &buf);
    es_pack_dict_free(&out);
    for (size_t at = 0; at < buf.len; at++) {
      for (size_t v = 0; v < sizeof values; v++) {
        uint8_t *p = malloc(buf.len);
        memcpy(p, buf.data, buf.len);
        p[at] = values[v];
        es_intern *terms = es_intern_new();
        es_pack_dict in = {0};
        size_t pos = 0;
        for (int k = 0; k < 2 && pos < buf.len; k++) {
          size_t before = pos;
          es_doc *t = es_doc_unpack(p, buf.len, &pos, terms, NULL, &in);
          if (!t) {
            assert_int_equal(pos, before);
            break;
          }
          assert_true(pos > before && pos <= buf.len);
          check_in_range(t);
          es_doc_free(t);
        }
        es_pack_dict_free(&in);
        es_intern_free(terms);
        free(p);
      }
    }
    es_buf_free(&buf);
  }
  es_doc_free(d);
}

/* Varints: UINT64_MAX round-trips; one more bit, a truncated one or an
 * 11-byte one is refused and reads as 0. */
static void varint_bounds(void **state) {
  (void)state;
  es_buf buf = ES_BUF_INIT;
  es_pack_uint(&buf, UINT64_MAX);
  assert_int_equal(buf.len, 10);
  es_unpacker u = {(const uint8_t *)buf.data, buf.len, 0, false};
  assert_true(es_unpack_uint(&u) == UINT64_MAX && !u.bad);
  static const uint8_t over[] = {0xff, 0xff, 0xff, 0xff, 0xff,
                                 0xff, 0xff, 0xff, 0xff, 0x03};
  static const uint8_t eleven[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                   0x80, 0x80, 0x80, 0x80, 0x00};
  es_unpacker a = {over, sizeof over, 0, false};
  es_unpacker b = {over, 3, 0, false};
  es_unpacker c = {eleven, sizeof eleven, 0, false};
  assert_true(es_unpack_uint(&a) == 0 && a.bad);
  assert_true(es_unpack_uint(&b) == 0 && b.bad);
  assert_true(es_unpack_uint(&c) == 0 && c.bad);
  es_buf_free(&buf);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(full_reports_identical),
      cmocka_unit_test(thin_keeps_terms),
      cmocka_unit_test(corrupt_refused),
      cmocka_unit_test(altered_never_crash),
      cmocka_unit_test(varint_bounds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
