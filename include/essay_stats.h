/*
 * essay_stats.h - statistics over a corpus of annotated essays.
 *
 * The pipeline is: discover files (es_corpus_add_path), read and parse each
 * one into a document model (es_corpus_load, or es_doc_parse for a single
 * buffer), compute corpus analytics (es_stats_compute), write CSV reports
 * (es_report_write).
 *
 * Ownership: an object returned through an `out` parameter belongs to the
 * caller, who releases it with the matching es_*_free function (which accepts
 * NULL). Every other pointer returned by this API is borrowed: it stays valid
 * as long as the object it came from.
 *
 * Errors: functions that can fail return an es_status and fill the es_error
 * passed as their last argument (which may be NULL). Bad input is never an
 * error: a broken essay is parsed as far as possible and the problem is
 * recorded as a finding (es_finding).
 */
#ifndef ESSAY_STATS_H
#define ESSAY_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ES_STATIC_DEFINE)
#define ES_EXTERN
#elif defined(__GNUC__)
#define ES_EXTERN __attribute__((visibility("default")))
#else
#define ES_EXTERN
#endif

#define ES_VERSION "2.0.0"

/* When memory runs out, the library prints a message on stderr and ends
 * the process with this exit status through quick_exit (it never returns
 * NULL to its callers and never aborts): other threads may still be
 * running, so static destructors and atexit handlers are not run. A
 * program using the library can remove its unfinished output in an
 * at_quick_exit handler. From the library's first use of ICU, ICU's
 * allocations fail the same way (u_setMemoryFunctions), because ICU's
 * word breaking spins forever when one returns NULL. */
#define ES_EXIT_OUT_OF_MEMORY 4

/* ---- Errors ------------------------------------------------------------ */

/* Every status a call of this API returns. Allocation failure inside
 * essay-stats is not among them: it aborts (as in cmark). */
typedef enum es_status {
  ES_OK = 0,
  ES_EINVAL,  /* bad argument or option value (es_corpus_new, ...) */
  ES_EIO,     /* a file or stream could not be read or written */
  ES_ECONFIG, /* a rules or baseline file is malformed (err->line says
                 where, when it can) */
  ES_ENOMEM   /* a library we call (libyaml) could not allocate */
} es_status;

/* Filled by a failing call. `message` is one line without a trailing
 * newline; `path` and `line` (1-based) are set when the failure has a
 * location (es_corpus_add_path: path; a rules or baseline file: path and
 * line), else empty and 0. */
typedef struct es_error {
  es_status code;
  char message[512];
  char path[256];
  unsigned line;
  const char *src_file; /* where in essay-stats the error was raised */
  int src_line;
} es_error;

/* The name of a status, e.g. "ES_EINVAL". Static storage. */
ES_EXTERN const char *es_status_name(es_status status);

/* ---- Options ----------------------------------------------------------- */

typedef enum es_fail_on {
  ES_FAIL_NEVER = 0,
  ES_FAIL_WARNING,
  ES_FAIL_ERROR
} es_fail_on;

/* Called from the loading thread with the number of essays read so far and
 * the total; it must be cheap and must not call back into the corpus.
 * Reading only: es_phase_fn below reports every phase. */
typedef void (*es_progress_fn)(size_t done, size_t total, void *payload);

/* v2: progress by phase (es_options.phase_progress). */
typedef enum es_progress_state {
  ES_PROGRESS_BEGIN = 0, /* the phase starts (done is 0) */
  ES_PROGRESS_UPDATE,    /* it goes on: at most ten times a second */
  ES_PROGRESS_END        /* it is over: done is the final count */
} es_progress_state;

/* One progress event. Phases, in the order a run meets them: "finding"
 * (es_corpus_add_path walking a folder: item = the PATH, unit "essay",
 * total 0), "reading" (es_corpus_load: unit "essay"), the analytics of
 * es_stats_compute
 * ("terms", "keyterms", "lengths", "similarity", ... unit "essay"), and
 * "writing" (es_report_write, es_audit_write: item = the report's name,
 * unit "row"). A phase whose work is not needed is not reported. New
 * phases may appear in later versions: show unknown ones by name. */
typedef struct es_progress_event {
  const char *phase; /* what is being done: "reading", "similarity", ... */
  const char *item;  /* what it is done to ("essays" for "writing"); "" */
  const char *unit;  /* what done and total count, singular: "essay" */
  es_progress_state state;
  uint64_t done;  /* units finished so far */
  uint64_t total; /* units in the phase; 0 when not known in advance */
  double seconds; /* since the phase began */
} es_progress_event;

/* Called from the library's threads, never two calls at once, at the
 * begin and end of each phase and a few times a second in between; it
 * must be cheap and must not call back into the library. The event and
 * its strings are valid during the call only. */
typedef void (*es_phase_fn)(const es_progress_event *event, void *payload);

/* TF-IDF weighting of the similarity vectors and the terms report's idf.
 * LTC (SMART ltc): tf = 1 + ln(count), idf = ln(N / df), so a term in
 * every essay weighs 0. SKLEARN (version 1, scikit-learn's TfidfVectorizer
 * defaults): tf = count, idf = ln((1 + N) / (1 + df)) + 1. Either way each
 * essay's vector is L2-normalized. */
typedef enum es_weighting {
  ES_WEIGHTING_LTC = 0,
  ES_WEIGHTING_SKLEARN
} es_weighting;

/* The version of es_options this header describes. */
#define ES_OPTIONS_VERSION 1

/* Options for a corpus run. Initialise with es_options_init (or
 * ES_OPTIONS_INIT, which gives the same values) and change what you need:
 * `version` tells the library which fields the caller knows, so that
 * fields can be added at the end without breaking compiled callers.
 * Strings are borrowed only for the duration of es_corpus_new, which
 * copies them. */
typedef struct es_options {
  unsigned version;        /* ES_OPTIONS_VERSION */
  const char *extensions;  /* comma list of essay file extensions */
  const char *part_labels; /* comma list of part labels */
  uint64_t max_file_size;  /* files larger than this are not read */
  int jobs;                /* worker threads; <= 0 means online CPUs */
  const char *group_by;    /* front-matter field to group by, or NULL */
  int top_k;               /* neighbours per essay */
  double min_similarity;   /* neighbours need cosine >= this (and > 0) */
  double dup_threshold;    /* near-duplicates: shingle Jaccard >= this */
  const char *stopwords;   /* NULL, "english", or a file name */
  uint64_t min_count;      /* terms report: minimum count */
  int bins;                /* histogram bins, 1-100; 0 = Freedman-Diaconis */
  es_progress_fn progress; /* optional progress callback */
  void *progress_payload;
  /* v2, the audit as a job: */
  const char *rules;    /* a rules file (YAML), or NULL; read by
                           es_corpus_new (ES_ECONFIG names the line) */
  const char *baseline; /* a previous audit.csv, or NULL; read by
                           es_corpus_new */
  /* v2, analytics: */
  es_weighting weighting; /* default ES_WEIGHTING_LTC */
  int keep_templates;     /* nonzero: template markup stays in the text */
  int max_heading_words;  /* longest bold-only pseudo-heading, in words */
  /* v2, progress of every phase (NULL: none): */
  es_phase_fn phase_progress;
  void *phase_payload;
  /* v2, near-duplicates: */
  int shingle; /* terms per shingle (>= 1), default 5 */
  /* v2, research reports: */
  int ngram_min, ngram_max; /* phrases: n from 2 to 8, default 3..3 */
  uint64_t min_docs;        /* phrases: in at least this many essays (>= 1),
                               default 2 */
  /* Reliability: nonzero writes a CSV text field that starts with = + - @,
   * a tab or a CR with a leading ' so that spreadsheets do not run it as a
   * formula (it alters the data; default 0). */
  int escape_formulas;
  /* v2, work done while loading: the ES_NEED_* bits that es_stats_compute
   * will be asked for (default ES_NEED_ALL). Loading skips per-essay work that
   * no asked part needs: sentences are counted only for ES_NEED_DIVERSITY,
   * the term sequence is kept only for diversity, phrases, duplicates
   * and the audit, and key terms get their corpus ids only for key terms
   * and similarity (es_stats_compute refuses those parts with ES_EINVAL
   * on a corpus loaded without them). */
  unsigned load_needs;
} es_options;

#define ES_OPTIONS_INIT                                                        \
  {                                                                            \
    ES_OPTIONS_VERSION, ".md,.markdown,.txt", "Introduction,Body,Conclusion",  \
        64ull << 20, 0, NULL, 5, 0.0, 0.8, NULL, 1, 0, NULL, NULL, NULL, NULL, \
        ES_WEIGHTING_LTC, 0, 16, NULL, NULL, 5, 3, 3, 2, 0, ES_NEED_ALL        \
  }

/* Fill `opts` with the defaults for options version `version` (pass
 * ES_OPTIONS_VERSION). ES_EINVAL for a version this library does not
 * know. */
ES_EXTERN es_status es_options_init(es_options *opts, unsigned version);

/* ---- Findings ---------------------------------------------------------- */

typedef enum es_severity {
  ES_SEVERITY_ERROR = 0,
  ES_SEVERITY_WARNING,
  ES_SEVERITY_INFO
} es_severity;

typedef enum es_code {
  /* errors */
  ES_CODE_UNREADABLE = 0,
  ES_CODE_TOO_LARGE,
  ES_CODE_NOT_UTF8,
  ES_CODE_FRONT_MATTER_INVALID,
  ES_CODE_FRONT_MATTER_UNTERMINATED,
  ES_CODE_FRONT_MATTER_NOT_MAPPING,
  /* warnings */
  ES_CODE_EMPTY,
  ES_CODE_FRONT_MATTER_MISSING,
  ES_CODE_MISSING_FIELD,
  ES_CODE_DUPLICATE_KEY,
  ES_CODE_NO_SECTIONS,
  ES_CODE_MISSING_PART,
  ES_CODE_EMPTY_SECTION,
  ES_CODE_LENGTH_OUTLIER,
  ES_CODE_NEAR_DUPLICATE,
  ES_CODE_INPUT_BOUNDED, /* a bound on hostile input changed what is read */
  /* info */
  ES_CODE_NO_TITLE,
  ES_CODE_NO_KEY_TERMS,
  /* v2, from a rules file (warnings) */
  ES_CODE_FIELD_TYPE,
  ES_CODE_FIELD_VALUE,
  ES_CODE_PART_ORDER,
  ES_CODE__COUNT
} es_code;

/* The code's name as written in the audit report ("not_utf8"). */
ES_EXTERN const char *es_code_name(es_code code);
ES_EXTERN es_severity es_code_severity(es_code code);
/* "error", "warning" or "info". */
ES_EXTERN const char *es_severity_name(es_severity severity);

/* A finding's state against a baseline (--baseline). */
typedef enum es_audit_state {
  ES_STATE_NONE = 0, /* no baseline */
  ES_STATE_NEW,
  ES_STATE_UNCHANGED,
  ES_STATE_FIXED /* in the baseline, no longer found */
} es_audit_state;

/* "new", "unchanged", "fixed"; "" for ES_STATE_NONE. */
ES_EXTERN const char *es_audit_state_name(es_audit_state state);

/* One audit finding. `line` is a 1-based line of the file, 0 when the
 * finding has no line. `key` says what the finding is about (a field, a
 * part label, a heading, a cluster), the same from run to run; NULL or ""
 * when none. `severity` and `state` are filled in the findings of
 * es_stats_finding (the severity a rules file gives the code). */
typedef struct es_finding {
  es_code code;
  unsigned line;
  const char *message;
  const char *key;
  es_severity severity;
  es_audit_state state;
} es_finding;

/* ---- Document model ---------------------------------------------------- */

typedef struct es_doc es_doc;

typedef enum es_section_kind {
  ES_SECTION_PREAMBLE = 0,
  ES_SECTION_HEADING, /* ATX or setext heading */
  ES_SECTION_PSEUDO   /* a paragraph holding only one strong node */
} es_section_kind;

/* A section. Section 0 is always the preamble (the content between the
 * title and the first heading); it has level 0 and NULL strings. */
typedef struct es_section {
  es_section_kind kind;
  int level;           /* 1-6; parts have level <= 2 */
  unsigned parent;     /* index of the enclosing section, 0 if none */
  const char *part;    /* label of the enclosing part, NULL if none */
  const char *label;   /* text before "Label:", else the heading */
  const char *heading; /* heading text, white space collapsed */
  unsigned line;       /* line of the heading (preamble: first block) */
  size_t words;        /* words of its own blocks */
  size_t words_total;  /* words plus those of all subsections */
  size_t paragraphs;
  size_t list_items;
  size_t key_terms;
  size_t children; /* direct subsections */
} es_section;

typedef enum es_keyterm_kind {
  ES_KEYTERM_INLINE = 0,
  ES_KEYTERM_LABEL /* leads its paragraph and words follow it */
} es_keyterm_kind;

/* A bold key term. `text` is the written form (white space collapsed,
 * trailing punctuation stripped), `key` its normalized form. */
typedef struct es_keyterm {
  const char *text;
  const char *key;
  es_keyterm_kind kind;
  unsigned section;
} es_keyterm;

/* A front-matter value; nested mappings appear as "parent.child" keys and
 * sequences as their items joined with "; ". */
/* A front-matter field: a flattened key ("parent.child") and its value as
 * written; a sequence's scalar items are joined with "; ". */
typedef struct es_field {
  const char *key;
  const char *value;
  unsigned line;
  /* For a sequence value: its scalar items in order, nested sequences
   * flattened in place, null items as "", mappings left out (an empty
   * sequence has nitems 0). For any other value: false, NULL, 0. Use
   * the items rather than splitting `value`: an item may hold "; ". */
  bool sequence;
  const char *const *items;
  size_t nitems;
} es_field;

typedef enum es_front_matter {
  ES_FM_NONE = 0,     /* the file does not open with "---" */
  ES_FM_OK,           /* a mapping (possibly empty) */
  ES_FM_INVALID,      /* YAML error or a limit exceeded */
  ES_FM_UNTERMINATED, /* no closing line: the whole file is body */
  ES_FM_NOT_MAPPING   /* valid YAML that is not a mapping */
} es_front_matter;

/* Document-wide counts. */
typedef struct es_doc_counts {
  size_t words;         /* all body words, title and headings included */
  size_t content_words; /* words of sections and preamble */
  size_t paragraphs;    /* outside list items; not title or headings */
  size_t list_items;    /* at any depth */
  size_t key_terms;
  size_t unique_key_terms;
  size_t label_terms;
  size_t inline_terms;
  size_t sentences; /* pieces with a word between ICU sentence boundaries,
                       over every block that counts in words */
} es_doc_counts;

/* Parse one essay from memory (any bytes; invalid UTF-8 is replaced and
 * reported). Only `part_labels` of `opts` is used; `opts` may be NULL for
 * the defaults. On success *out belongs to the caller (es_doc_free). Fails
 * only with ES_EINVAL for bad arguments (an unknown opts->version). */
ES_EXTERN es_status es_doc_parse(es_doc **out, const char *bytes, size_t len,
                                 const es_options *opts, es_error *err);
ES_EXTERN void es_doc_free(es_doc *doc);

ES_EXTERN const char *es_doc_title(const es_doc *doc); /* NULL if none */
ES_EXTERN unsigned es_doc_title_line(const es_doc *doc);

/* Where the title came from: the body, or (when the body has none) the
 * front matter's `title` value. */
typedef enum es_title_source {
  ES_TITLE_NONE = 0,
  ES_TITLE_BODY,
  ES_TITLE_FRONT_MATTER
} es_title_source;

ES_EXTERN es_title_source es_doc_title_source(const es_doc *doc);
/* "body", "front_matter", or "" for ES_TITLE_NONE. */
ES_EXTERN const char *es_title_source_name(es_title_source source);
ES_EXTERN es_front_matter es_doc_front_matter(const es_doc *doc);
ES_EXTERN const es_doc_counts *es_doc_counts_get(const es_doc *doc);

/* Sections, including the preamble at index 0: count >= 1. */
ES_EXTERN size_t es_doc_section_count(const es_doc *doc);
ES_EXTERN const es_section *es_doc_section(const es_doc *doc, size_t i);

ES_EXTERN size_t es_doc_keyterm_count(const es_doc *doc);
ES_EXTERN const es_keyterm *es_doc_keyterm(const es_doc *doc, size_t i);

ES_EXTERN size_t es_doc_field_count(const es_doc *doc);
ES_EXTERN const es_field *es_doc_field(const es_doc *doc, size_t i);
/* The value of a front-matter key, or NULL when absent. */
ES_EXTERN const char *es_doc_field_value(const es_doc *doc, const char *key);

/* Findings that the document shows on its own (not_utf8, front matter,
 * duplicate_key, empty, empty_section). Corpus-relative findings come from
 * the audit (es_stats_finding). */
ES_EXTERN size_t es_doc_finding_count(const es_doc *doc);
ES_EXTERN const es_finding *es_doc_finding(const es_doc *doc, size_t i);

/* Distinct normalized terms of the body, each with its count, in no
 * particular order. */
ES_EXTERN size_t es_doc_term_count(const es_doc *doc);
ES_EXTERN const char *es_doc_term(const es_doc *doc, size_t i, size_t *count);

/* ---- Corpus ------------------------------------------------------------ */

typedef struct es_corpus es_corpus;

/* Create an empty corpus. `opts` may be NULL for the defaults.
 * ES_EINVAL for an invalid option (the message names the es_options
 * field) or an unknown opts->version; ES_EIO when the stop-word file
 * cannot be read. */
ES_EXTERN es_status es_corpus_new(es_corpus **out, const es_options *opts,
                                  es_error *err);
ES_EXTERN void es_corpus_free(es_corpus *corpus);

/* Add a file or a directory (walked recursively). ES_EINVAL when the path
 * does not exist (err->path names it), or after es_corpus_load. A dangling
 * symbolic link is not an error: it becomes an essay that is not
 * analysed. Directories that cannot be listed are reported through
 * es_corpus_warning_count/es_corpus_warning. */
ES_EXTERN es_status es_corpus_add_path(es_corpus *corpus, const char *path,
                                       es_error *err);

/* Read and parse every discovered essay, with opts->jobs threads, and
 * finish the corpus: after this call nothing changes it, so any number of
 * threads may read it (and compute stats from it) at once. Unreadable
 * essays are findings, not errors: the call fails only with ES_EINVAL for
 * a NULL corpus. A second call does nothing. */
ES_EXTERN es_status es_corpus_load(es_corpus *corpus, es_error *err);

/* Essays in doc_id order (bytewise). The accessors below take an essay
 * index i < es_corpus_count; past the end they return NULL (es_corpus_bytes
 * -1, es_corpus_read_finding_count 0). */
ES_EXTERN size_t es_corpus_count(const es_corpus *corpus);
/* The doc_id as written in reports (bad bytes shown as U+FFFD). */
ES_EXTERN const char *es_corpus_doc_id(const es_corpus *corpus, size_t i);
/* File size in bytes, or -1 when the file could not be examined. */
ES_EXTERN int64_t es_corpus_bytes(const es_corpus *corpus, size_t i);
/* The parsed document, or NULL when the essay was not analysed
 * (unreadable or too large). */
ES_EXTERN const es_doc *es_corpus_doc(const es_corpus *corpus, size_t i);
/* Number of essays that were analysed. */
ES_EXTERN size_t es_corpus_analysed(const es_corpus *corpus);
/* Findings about reading the file (unreadable, too_large). */
ES_EXTERN size_t es_corpus_read_finding_count(const es_corpus *corpus,
                                              size_t i);
ES_EXTERN const es_finding *es_corpus_read_finding(const es_corpus *corpus,
                                                   size_t i, size_t k);
/* Problems met while walking directories, one line each. */
ES_EXTERN size_t es_corpus_warning_count(const es_corpus *corpus);
ES_EXTERN const char *es_corpus_warning(const es_corpus *corpus, size_t i);
ES_EXTERN const es_options *es_corpus_options(const es_corpus *corpus);
/* After es_corpus_load: ES_OK when some analysed essay has the
 * front-matter field `key` (with any value, an empty one included); else
 * ES_EINVAL, with a message naming it and listing the fields the analysed
 * essays have, in order of first appearance (the essays report's order).
 * A --group-by field must pass this check. */
ES_EXTERN es_status es_corpus_check_field(const es_corpus *corpus,
                                          const char *key, es_error *err);

/* ---- Analytics --------------------------------------------------------- */

typedef struct es_stats es_stats;

/* What to compute; reports need different parts (es_report_needs). */
enum {
  ES_NEED_TERMS = 1u << 0,
  ES_NEED_KEYTERMS = 1u << 1,
  ES_NEED_LENGTHS = 1u << 2,
  ES_NEED_SIMILARITY = 1u << 3,
  ES_NEED_AUDIT = 1u << 4, /* implies duplicates */
  ES_NEED_KEYNESS = 1u << 5,
  ES_NEED_DOCTERMS = 1u << 6,
  ES_NEED_DUPLICATES = 1u << 7,
  ES_NEED_DIVERSITY = 1u << 8,
  ES_NEED_PHRASES = 1u << 9,
  ES_NEED_ALL = 0x7fffffff /* every part, present and future */
};

/* Compute corpus statistics for a loaded corpus, which must outlive the
 * result. Only the parts in `needs` (ES_NEED_*) are computed; the
 * accessors of the others return no rows. *out belongs to the caller
 * (es_stats_free). ES_EINVAL when the corpus is not loaded.
 *
 * Process-wide settings: while it runs, this call turns GSL's error
 * handler off (GSL's default aborts; every GSL status is checked) and, when
 * built with OpenBLAS, sets OpenBLAS to one thread (its own threads each
 * call BLAS). It restores both before returning. Because they are the
 * process's, do not use GSL or OpenBLAS from another thread meanwhile. */
ES_EXTERN es_status es_stats_compute(es_stats **out, const es_corpus *corpus,
                                     unsigned needs, es_error *err);
ES_EXTERN void es_stats_free(es_stats *stats);

/* Group names: index 0 is "(all)"; then the values of the group-by field
 * bytewise; then "(none)" when some essay lacks the field. */
ES_EXTERN size_t es_stats_group_count(const es_stats *stats);
ES_EXTERN const char *es_stats_group_name(const es_stats *stats, size_t g);

/* Term frequencies of a group, sorted by count desc, then term. */
typedef struct es_term_row {
  const char *term;
  uint64_t count;
  uint64_t docs;
  double doc_share;
  double idf;
  double per_1000; /* count per 1,000 terms of the group */
  double dp;       /* Gries' deviation of proportions over the group */
} es_term_row;
ES_EXTERN size_t es_stats_term_count(const es_stats *stats, size_t group);
ES_EXTERN const es_term_row *es_stats_term(const es_stats *stats, size_t group,
                                           size_t i);

/* Key terms of a group, sorted by count desc, then key. */
typedef struct es_keyterm_row {
  const char *key;
  const char *term; /* most frequent written form, ties bytewise smallest */
  uint64_t count;
  uint64_t docs;
  uint64_t label_count;
  uint64_t inline_count;
  const char *first_doc;
} es_keyterm_row;
ES_EXTERN size_t es_stats_keyterm_count(const es_stats *stats, size_t group);
ES_EXTERN const es_keyterm_row *es_stats_keyterm(const es_stats *stats,
                                                 size_t group, size_t i);

/* Keyness of a term in a group (other than "(all)") against every
 * analysed essay outside it, sorted by G2 descending, then term. The
 * terms: those of the group with a corpus count >= min_count, and those
 * absent from it with p < 0.05. Undefined values are NaN (per_1000_rest
 * and log_ratio of a group holding every essay). */
typedef struct es_keyness_row {
  const char *term;
  uint64_t count;      /* in the group */
  uint64_t count_rest; /* in the other analysed essays */
  double per_1000;     /* per 1,000 terms of the group */
  double per_1000_rest;
  double g2;        /* log-likelihood, + when relatively more frequent */
  double p;         /* chi-squared (1 df) upper tail of |g2| */
  double log_ratio; /* log2 of the ratio of relative frequencies */
  uint64_t docs;    /* essays of the group holding it */
} es_keyness_row;
ES_EXTERN size_t es_stats_keyness_count(const es_stats *stats, size_t group);
ES_EXTERN const es_keyness_row *es_stats_keyness(const es_stats *stats,
                                                 size_t group, size_t i);

/* Lexical diversity of an essay over its terms in document order, stop
 * words kept. Ratios are NaN for an essay without terms; mtld is NaN also
 * when its forward or backward pass has no factor. */
typedef struct es_diversity {
  uint64_t terms; /* tokens */
  uint64_t types; /* distinct terms */
  double ttr;     /* types / terms */
  double mattr;   /* mean TTR of every 100-term window (ttr if shorter) */
  double mtld;    /* McCarthy & Jarvis, threshold 0.72, both directions */
} es_diversity;
/* NULL for an essay not analysed or when ES_NEED_DIVERSITY was not
 * computed. */
ES_EXTERN const es_diversity *es_stats_diversity(const es_stats *stats,
                                                 size_t doc);

/* Word n-grams inside blocks (stop words kept) held by at least
 * opts->min_docs essays of a group, sorted by docs desc, count desc, then
 * phrase bytewise. */
typedef struct es_phrase {
  unsigned n;
  const char *phrase; /* terms joined by one space */
  uint64_t count;     /* occurrences in the group's essays */
  uint64_t docs;      /* essays of the group holding it */
  double doc_share;   /* docs / essays of the group */
  const char *first_doc;
} es_phrase;
ES_EXTERN size_t es_stats_phrase_count(const es_stats *stats, size_t group);
ES_EXTERN const es_phrase *es_stats_phrase(const es_stats *stats, size_t group,
                                           size_t i);

/* One distinct term of an essay (after --stopwords). */
typedef struct es_docterm {
  const char *term;
  uint64_t count;
  double tf_idf; /* the essay's L2-normalized TF-IDF weight */
} es_docterm;
/* The terms of essay `doc` sorted bytewise, into rows[0..cap). Returns the
 * number of terms, which may exceed cap: call again with a larger array
 * (rows may be NULL with cap 0 to ask). 0 for an essay not analysed or
 * when ES_NEED_DOCTERMS was not computed. */
ES_EXTERN size_t es_stats_docterms(const es_stats *stats, size_t doc,
                                   es_docterm *rows, size_t cap);

/* A distribution of lengths. Undefined statistics are NaN. */
typedef struct es_distribution {
  const char *unit;  /* "essay", "part", "subsection", "section" */
  const char *label; /* the part label for unit "part", else "" */
  const char *group;
  size_t n;
  double mean, sd, min, p10, q1, median, q3, p90, max, skewness, kurtosis;
  size_t bins;         /* histogram bins */
  const double *lo;    /* bins lower edges */
  const double *hi;    /* bins upper edges */
  const size_t *count; /* bins counts */
} es_distribution;
/* Distributions in report order (unit, label, group). */
ES_EXTERN size_t es_stats_distribution_count(const es_stats *stats);
ES_EXTERN const es_distribution *es_stats_distribution(const es_stats *stats,
                                                       size_t i);

/* Neighbours of essay `doc` (an index into the corpus), best first. */
typedef struct es_neighbor {
  size_t doc;
  double cosine;
  double keyterm_jaccard; /* NaN when both key sets are empty */
  size_t shared_key_terms;
} es_neighbor;
ES_EXTERN size_t es_stats_neighbor_count(const es_stats *stats, size_t doc);
ES_EXTERN const es_neighbor *es_stats_neighbor(const es_stats *stats,
                                               size_t doc, size_t rank);

/* Near-duplicates (ES_NEED_DUPLICATES). An essay's shingles are the
 * distinct runs of opts->shingle consecutive terms of its body in document
 * order, stop words kept, across blocks (one shingle of all its terms when
 * it has fewer; none without terms). Two analysed essays are
 * near-duplicates when the Jaccard index of their shingle sets is >=
 * opts->dup_threshold; a cluster is a connected component of that
 * relation, named by its first essay in doc_id order. */
typedef struct es_duplicate {
  size_t cluster; /* the essay that names the cluster */
  size_t size;    /* essays in the cluster, >= 2 */
  size_t nearest; /* the partner with the highest Jaccard (ties: first) */
  double jaccard; /* with nearest */
} es_duplicate;
/* The essay's cluster, or NULL when it is in none (or when duplicates
 * were not computed). */
ES_EXTERN const es_duplicate *es_stats_duplicate(const es_stats *stats,
                                                 size_t doc);
/* The share of the essay's shingles that occur in at least max(3,
 * ceil(N / 100)) analysed essays (N of them); NaN when it has no shingles
 * or was not analysed. */
ES_EXTERN double es_stats_template_share(const es_stats *stats, size_t doc);

/* Audit findings of an essay (read, document and corpus findings), sorted
 * by line, code, message. */
ES_EXTERN size_t es_stats_finding_count(const es_stats *stats, size_t doc);
ES_EXTERN const es_finding *es_stats_finding(const es_stats *stats, size_t doc,
                                             size_t i);
/* Findings of the whole corpus with the given severity. */
ES_EXTERN size_t es_stats_severity_total(const es_stats *stats,
                                         es_severity severity);

/* The severity the run gives a code: the rules file's (--rules), else the
 * built-in one; -1 when the rules file turns the code off. */
ES_EXTERN int es_stats_code_severity(const es_stats *stats, es_code code);

/* One row of the audit report: a current finding, or (with a baseline) a
 * baseline finding that no longer occurs (state ES_STATE_FIXED, with the
 * baseline's severity, line and message). */
typedef struct es_audit_row {
  size_t doc; /* the essay; SIZE_MAX for a fixed row of an essay now gone */
  const char *doc_id;
  es_severity severity;
  const char *code;
  const char *key; /* "" when none */
  unsigned line;   /* 0: none */
  const char *message;
  es_audit_state state;
} es_audit_row;
/* The audit's rows in report order: doc_id (corpus order; a gone essay's
 * fixed rows by doc_id among them), line, code, message, key, state. */
ES_EXTERN size_t es_stats_audit_row_count(const es_stats *stats);
ES_EXTERN const es_audit_row *es_stats_audit_row(const es_stats *stats,
                                                 size_t i);

/* ---- Reports ----------------------------------------------------------- */

/* The report names, in the order --out-dir writes them; NULL-terminated,
 * static storage. */
ES_EXTERN const char *const *es_report_names(void);
/* 1 when the report is among those written when no list is chosen: every
 * report except those as large as the corpus, and except those that need
 * a group-by field when opts->group_by is NULL. 0 for an unknown name. */
ES_EXTERN int es_report_by_default(const char *name, const es_options *opts);
/* ES_NEED_* bits a report needs (0 for an unknown name, or for a report
 * that needs no analytics). */
ES_EXTERN unsigned es_report_needs(const char *name);
/* 1 when the report needs a group-by field (opts->group_by), else 0. */
ES_EXTERN int es_report_needs_group_by(const char *name);

/* Write one report as CSV to `out`. ES_EINVAL for an unknown name; ES_EIO
 * when writing failed (errno is kept). */
ES_EXTERN es_status es_report_write(const char *name, const es_corpus *corpus,
                                    const es_stats *stats, FILE *out,
                                    es_error *err);

/* How es_audit_write writes the audit. */
typedef enum es_audit_format {
  ES_AUDIT_CSV = 0, /* as es_report_write("audit") */
  ES_AUDIT_TEXT,    /* doc_id:line: severity: message [code] */
  ES_AUDIT_SARIF,   /* SARIF 2.1.0 */
  ES_AUDIT_JUNIT,   /* JUnit XML */
  ES_AUDIT_GITHUB   /* GitHub Actions workflow commands */
} es_audit_format;

/* Write the audit in `format` to `out`. ES_EINVAL for an unknown format;
 * ES_EIO when writing failed (errno is kept). */
ES_EXTERN es_status es_audit_write(es_audit_format format,
                                   const es_corpus *corpus,
                                   const es_stats *stats, FILE *out,
                                   es_error *err);

/* ---- Report schemas ----------------------------------------------------
 * Every report's columns, with their types, units and meanings: the same
 * table describes the CSV headers, datapackage.json and the column
 * dictionary of README.md, so the three cannot disagree. */

/* A column type, named as in Frictionless Table Schema. An empty field is
 * missing whatever the type. */
typedef enum es_column_type {
  ES_COLUMN_STRING = 0,
  ES_COLUMN_INTEGER, /* a plain decimal integer (may exceed 32 bits) */
  ES_COLUMN_NUMBER   /* a real written "%.6f" */
} es_column_type;

/* "string", "integer" or "number". Static storage. */
ES_EXTERN const char *es_column_type_name(es_column_type type);

/* One column of a report. For a front-matter column of the essays report,
 * `key` is the front-matter key (the name may be "fm.KEY"); else NULL. */
typedef struct es_column {
  const char *name; /* header as written */
  es_column_type type;
  const char *unit;        /* "words", "bytes", ...; "" when unitless */
  const char *description; /* one or two sentences */
  const char *key;
} es_column;

typedef struct es_schema es_schema;

/* The columns of report `name`, in the order es_report_write writes them
 * for `corpus` (a loaded corpus: its front-matter keys and its group_by
 * option shape the header). `corpus` may be NULL for the fixed columns
 * only (no front-matter columns, no group column). ES_EINVAL for an
 * unknown report. *out belongs to the caller (es_schema_free); columns and
 * their strings are borrowed from it. */
ES_EXTERN es_status es_report_schema(es_schema **out, const char *name,
                                     const es_corpus *corpus, es_error *err);
/* A one-line description of the report's rows (static storage). */
ES_EXTERN const char *es_schema_description(const es_schema *schema);
ES_EXTERN size_t es_schema_column_count(const es_schema *schema);
ES_EXTERN const es_column *es_schema_column(const es_schema *schema, size_t i);
ES_EXTERN void es_schema_free(es_schema *schema);

/* Write a Frictionless Data package descriptor (datapackage.json) that
 * describes the reports `names` (NULL-terminated; NULL for every report),
 * each as the file NAME.csv next to it, with the header es_report_write
 * writes for `corpus`. The output is deterministic: no timestamps, no
 * absolute paths. ES_EINVAL for an unknown report; ES_EIO when writing
 * failed (errno is kept). */
ES_EXTERN es_status es_datapackage_write(const es_corpus *corpus,
                                         const char *const *names, FILE *out,
                                         es_error *err);

#ifdef __cplusplus
}
#endif

#endif
