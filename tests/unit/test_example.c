/* test_example.c - the worked example (../shared/example) gives exactly the
 * numbers of its EXPECTED.md. Skipped when ../shared is absent. */
#include "test_util.h"

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

static void test_essay_row(void **state) {
  (void)state;
  assert_string_equal(
      slurp("essays.csv"),
      "doc_id,movieId,movieTitle,categoryName,title,title_source,bytes,words,"
      "content_words,sections,parts,subsections,paragraphs,list_items,"
      "key_terms,unique_key_terms,label_terms,inline_terms,"
      "mean_section_words,max_section_words,types,ttr,mattr,mtld,sentences,"
      "words_per_sentence,template_share,nearest_doc,"
      "nearest_cosine,duplicate_cluster,issues\n" ESSAY
      ",452008,Closeness,SIGNIFIER,"
      "Analysis of Closeness (2017),body,4886,723,698,6,3,3,5,9,13,13,9,4,"
      "116.333333,189,388,0.536653,0.732388,105.063037,50,14.460000,0.000000,"
      ",,,0\n");
}

static void test_sections(void **state) {
  (void)state;
  assert_string_equal(
      slurp("sections.csv"),
      "doc_id,section,level,kind,parent,part,label,heading,line,words,"
      "words_total,paragraphs,list_items,key_terms\n" ESSAY
      ",1,2,pseudo,,Introduction,Introduction,Introduction: The "
      "Revelation,9,109,109,1,0,2\n" ESSAY
      ",2,2,pseudo,,Body,Body,Body: The Evidence,13,0,515,0,0,0\n" ESSAY
      ",3,3,pseudo,2,Body,The Architecture of Suffocation,The Architecture "
      "of Suffocation,15,170,170,1,3,3\n" ESSAY
      ",4,3,pseudo,2,Body,Visceral Consumption of Death,Visceral "
      "Consumption of Death,22,189,189,1,3,3\n" ESSAY
      ",5,3,pseudo,2,Body,Sex as Violent Exorcism,Sex as Violent "
      "Exorcism,29,156,156,1,3,3\n" ESSAY
      ",6,2,pseudo,,Conclusion,Conclusion,Conclusion: The "
      "Impact,36,74,74,1,0,2\n");
}

static void test_key_terms(void **state) {
  (void)state;
  const char *k = slurp("keyterms.csv");
  assert_int_equal(count_lines(k), 14);
  static const char *const rows[] = {
      "ilana's physical body,Ilana\xE2\x80\x99s physical body,1,1,0,1,",
      "geopolitical conscience of the north caucasus,Geopolitical Conscience "
      "of the North Caucasus,1,1,0,1,",
      "the aspect ratio,The Aspect Ratio,1,1,1,0,",
      "mise-en-sc\xC3\xA8ne of enclosure,Mise-en-sc\xC3\xA8ne of "
      "Enclosure,1,1,1,0,",
      "color palette,Color Palette,1,1,1,0,",
      "the snuff film,The Snuff Film,1,1,1,0,",
      "silence as complicity,Silence as Complicity,1,1,1,0,",
      "the ingestion of trauma,The Ingestion of Trauma,1,1,1,0,",
      "the kabardian lover,The Kabardian Lover,1,1,1,0,",
      "somatic release,Somatic Release,1,1,1,0,",
      "blood and soil,Blood and Soil,1,1,1,0,",
      "ilana's body,Ilana\xE2\x80\x99s body,1,1,0,1,",
      "geopolitical conscience,Geopolitical Conscience,1,1,0,1,",
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    char line[512];
    snprintf(line, sizeof line, "\n%s" ESSAY "\n", rows[i]);
    if (!strstr(k, line))
      fail_msg("missing key term row: %s", rows[i]);
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
  static const char *const rows[] = {"\nilana,4,",
                                     "\nilana's,3,",
                                     "\ncloseness,3,",
                                     "\npost-soviet,1,",
                                     "\nmise-en-sc\xC3\xA8ne,1,",
                                     "\n4,1,",
                                     "\n3,1,"};
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
    if (!strstr(t, rows[i]))
      fail_msg("missing term row starting %s", rows[i] + 1);
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
