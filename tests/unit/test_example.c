/* test_example.c - the worked example (../shared/example) gives exactly the
 * numbers of its EXPECTED.md. Skipped when ../shared is absent. */
#include "test_util.h"

#include <stdint.h>
#include <unistd.h>

#define ESSAY "000_112ebd03f0e30984.txt"

static char out_dir[256];

static char *slurp(const char *name) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", out_dir, name);
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  static char buf[1 << 16];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = 0;
  fclose(f);
  return buf;
}

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++)
    n += *s == '\n';
  return n;
}

static int setup(void **state) {
  (void)state;
  char dir[512], cmd[2048];
  snprintf(dir, sizeof dir, "%s/example", ES_SHARED_DIR);
  snprintf(out_dir, sizeof out_dir, "/tmp/es_example_%d", (int)getpid());
  snprintf(cmd, sizeof cmd, "cd '%s' && '%s' -q --out-dir '%s' " ESSAY, dir,
           ES_CLI, out_dir);
  return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  return remove_tree(out_dir);
}

/* The essay is the user's document: its words are not copied here. Rows
 * that hold its text (title, headings, key terms, names) are checked
 * through a 64-bit FNV-1a hash of that text; every number is literal. */
static uint64_t fnv1a(const char *s, size_t n) {
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < n; i++) {
    h ^= (unsigned char)s[i];
    h *= 0x100000001b3u;
  }
  return h;
}

/* The end of field k (0-based) of the CSV line at s: its ',' or '\n'. */
static const char *field_end(const char *s, int k) {
  for (;; s++) {
    if (*s == '\n' || *s == 0 || (*s == ',' && k-- == 0))
      return s;
  }
}

static size_t line_len(const char *s) {
  const char *e = strchr(s, '\n');
  return e ? (size_t)(e - s) : strlen(s);
}

/* Whether some data line has fields [0, k) hashing to h followed by tail
 * (the rest of the line, from the ',' after field k-1). */
static int has_row(const char *csv, int k, uint64_t h, const char *tail) {
  for (const char *l = strchr(csv, '\n'); l && l[1]; l = strchr(l, '\n')) {
    l++;
    const char *e = field_end(l, k - 1);
    size_t rest = line_len(e);
    if (fnv1a(l, (size_t)(e - l)) == h && strlen(tail) == rest &&
        strncmp(e, tail, rest) == 0)
      return 1;
  }
  return 0;
}

static void test_essay_row(void **state) {
  (void)state;
  const char *e = slurp("essays.csv");
  const char *head =
      "doc_id,movieId,movieTitle,categoryName,title,title_source,bytes,words,"
      "content_words,sections,parts,subsections,paragraphs,list_items,"
      "key_terms,unique_key_terms,label_terms,inline_terms,"
      "mean_section_words,max_section_words,types,ttr,mattr,mtld,sentences,"
      "words_per_sentence,template_share,nearest_doc,"
      "nearest_cosine,duplicate_cluster,issues\n" ESSAY ",";
  assert_prefix(e, head);
  /* movieId, movieTitle, categoryName and title (with its year). */
  const char *text = e + strlen(head);
  const char *tail = strstr(text, ",body,");
  assert_non_null(tail);
  assert_true(fnv1a(text, (size_t)(tail - text)) == 0xffe2ea88fe8c1ceau);
  assert_string_equal(
      tail, ",body,4886,723,698,6,3,3,5,9,13,13,9,4,"
            "116.333333,189,388,0.536653,0.732388,105.063037,50,14.460000,"
            "0.000000,,,,0\n");
}

static void test_sections(void **state) {
  (void)state;
  const char *s = slurp("sections.csv");
  assert_prefix(s, "doc_id,section,level,kind,parent,part,label,heading,line,"
                   "words,words_total,paragraphs,list_items,key_terms\n");
  assert_int_equal(count_lines(s), 1 + 6);
  /* doc_id..part literal, label and heading hashed, line.. literal. */
  static const struct {
    const char *head;
    uint64_t text;
    const char *tail;
  } rows[] = {
      {"1,2,pseudo,,Introduction", 0x5daea38e9bc3d921u, "9,109,109,1,0,2"},
      {"2,2,pseudo,,Body", 0x62a8fca6c0bec745u, "13,0,515,0,0,0"},
      {"3,3,pseudo,2,Body", 0x8e8ac3ce7928b4abu, "15,170,170,1,3,3"},
      {"4,3,pseudo,2,Body", 0x5e055986997a2afbu, "22,189,189,1,3,3"},
      {"5,3,pseudo,2,Body", 0xdfe8e016d1ad20b3u, "29,156,156,1,3,3"},
      {"6,2,pseudo,,Conclusion", 0xa2dede127ed4e140u, "36,74,74,1,0,2"},
  };
  const char *l = strchr(s, '\n') + 1;
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char want[128];
    snprintf(want, sizeof want, "%s,%s,", ESSAY, rows[i].head);
    assert_prefix(l, want);
    const char *text = l + strlen(want);
    const char *end = field_end(text, 1);
    assert_true(fnv1a(text, (size_t)(end - text)) == rows[i].text);
    snprintf(want, sizeof want, ",%s\n", rows[i].tail);
    assert_prefix(end, want);
    l = end + strlen(want);
  }
}

static void test_key_terms(void **state) {
  (void)state;
  const char *k = slurp("keyterms.csv");
  assert_prefix(k, "key,term,count,docs,label_count,inline_count,first_doc\n");
  assert_int_equal(count_lines(k), 14);
  /* key,term hashed; count,docs,label_count,inline_count literal. */
  static const struct {
    uint64_t text;
    const char *counts;
  } rows[] = {
      {0x5efb0ee020dace8bu, "1,1,1,0"}, {0x90ad113605dc62abu, "1,1,1,0"},
      {0x3a8ccd3aa10a6e0bu, "1,1,0,1"}, {0x4ebfc141ca5e1ec7u, "1,1,0,1"},
      {0xac0d7afde7ab99fdu, "1,1,0,1"}, {0xb6966f4ac538a6e7u, "1,1,0,1"},
      {0xc1318afa1e2177a3u, "1,1,1,0"}, {0x81f138a47e9c49dbu, "1,1,1,0"},
      {0xcdde711ea623948bu, "1,1,1,0"}, {0x2f6a3567d39b3d13u, "1,1,1,0"},
      {0x83007e591654dc03u, "1,1,1,0"}, {0xbdc0e7954967ff8bu, "1,1,1,0"},
      {0x749ccbb1d7f8e52du, "1,1,1,0"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char tail[128];
    snprintf(tail, sizeof tail, ",%s,%s", rows[i].counts, ESSAY);
    if (!has_row(k, 2, rows[i].text, tail))
      fail_msg("missing key term row %zu (%s)", i, rows[i].counts);
  }
}

static void test_terms(void **state) {
  (void)state;
  const char *t = slurp("terms.csv");
  assert_int_equal(count_lines(t), 1 + 388);
  /* N = 1: every idf is ln(1/1) = 0 (ltc), every dp 0; the per_1000
   * column is checked by test_terms. */
  assert_non_null(strstr(t, "term,count,docs,doc_share,idf,per_1000,dp\n"));
  static const char *const top[] = {"the,83", "of,39",  "a,25", "is,18",
                                    "to,11",  "as,10",  "in,9", "her,8",
                                    "not,8",  "body,7", "by,7"};
  const char *at = strchr(t, '\n') + 1;
  for (size_t i = 0; i < sizeof top / sizeof *top; i++) {
    char want[64];
    snprintf(want, sizeof want, "%s,1,1.000000,0.000000,", top[i]);
    assert_prefix(at, want);
    assert_non_null(strstr(at, ",0.000000\n"));
    at = strchr(at, '\n') + 1;
  }
  /* The essay's own words, hashed: a name (4), that name with an
   * apostrophe-s (3), the film's title (3), a hyphenated word with a
   * capital after the hyphen (1), a hyphenated word with an accent (1). */
  static const struct {
    uint64_t term;
    const char *count;
  } rows[] = {
      {0x459a727dc34eb56au, "4"}, {0x7a60dbf07cf7f9acu, "3"},
      {0xc4107c2bc7d69a04u, "3"}, {0xb075e22b03872fb0u, "1"},
      {0x4b10ead09064168cu, "1"},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char tail[32];
    snprintf(tail, sizeof tail, ",%s,1,1.000000,0.000000,", rows[i].count);
    int found = 0;
    for (const char *l = strchr(t, '\n'); l && l[1] && !found;
         l = strchr(l, '\n')) {
      l++;
      const char *e = field_end(l, 0);
      found = fnv1a(l, (size_t)(e - l)) == rows[i].term &&
              strncmp(e, tail, strlen(tail)) == 0;
    }
    if (!found)
      fail_msg("missing term row %zu (count %s)", i, rows[i].count);
  }
  /* "4:3" is two words. */
  assert_non_null(strstr(t, "\n4,1,"));
  assert_non_null(strstr(t, "\n3,1,"));
}

static void test_lengths_and_histogram(void **state) {
  (void)state;
  const char *l = slurp("lengths.csv");
  assert_non_null(strstr(
      l, "\nsection,,(all),6,116.333333,70.870774,0.000000,37.000000,"
         "82.750000,132.500000,166.500000,179.500000,189.000000,-0.491609,"
         "-1.513359\n"));
  assert_non_null(strstr(l, "\nessay,,(all),1,698.000000,,698.000000,"));
  assert_non_null(strstr(l, "\npart,Body,(all),1,515.000000,,"));
  assert_non_null(strstr(l, "\npart,Conclusion,(all),1,74.000000,,"));
  assert_non_null(strstr(l, "\npart,Introduction,(all),1,109.000000,,"));
  assert_non_null(strstr(l, "\nsubsection,,(all),3,"));
  const char *h = slurp("histogram.csv");
  assert_non_null(strstr(h, "section,,(all),0,0.000000,63.000000,1\n"
                            "section,,(all),1,63.000000,126.000000,2\n"
                            "section,,(all),2,126.000000,189.000000,3\n"));
  assert_non_null(strstr(h, "subsection,,(all),0,156.000000,172.500000,2\n"
                            "subsection,,(all),1,172.500000,189.000000,1\n"));
  assert_non_null(strstr(h, "essay,,(all),0,698.000000,698.000000,1\n"));
}

static void test_empty_reports(void **state) {
  (void)state;
  assert_string_equal(slurp("audit.csv"),
                      "doc_id,severity,code,key,line,message\n");
  assert_string_equal(slurp("duplicates.csv"),
                      "cluster,doc_id,size,nearest,jaccard\n");
  assert_string_equal(slurp("similarity.csv"),
                      "doc_id,rank,neighbor,cosine,keyterm_jaccard,"
                      "shared_key_terms\n");
}

int main(void) {
  char path[512];
  snprintf(path, sizeof path, "%s/example/" ESSAY, ES_SHARED_DIR);
  if (access(path, R_OK) != 0) {
    printf("skipped: the worked example essay is not part of this "
           "repository (looked for %s; cmake -DES_SHARED_DIR=DIR names "
           "the folder holding example/)\n",
           path);
    return 77;
  }
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_essay_row),
      cmocka_unit_test(test_sections),
      cmocka_unit_test(test_key_terms),
      cmocka_unit_test(test_terms),
      cmocka_unit_test(test_lengths_and_histogram),
      cmocka_unit_test(test_empty_reports),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
