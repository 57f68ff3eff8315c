/* table.c - the report table: every report, one entry each, in the order
 * --out-dir writes them. An entry gives the report's name, the analytics
 * it needs (ES_NEED_*), when --out-dir writes it by default (ES_REPORT_*),
 * its writer, what one row is, and its columns (defined beside the
 * writer, in reports/<name>.c). */
#include "report.h"

const es_reportdef es_report__table[] = {
    {"essays",
     ES_NEED_AUDIT | ES_NEED_SIMILARITY | ES_NEED_DUPLICATES |
         ES_NEED_DIVERSITY,
     0, es_write__essays,
     "One row per essay file found, analysed or not (unreadable and "
     "too large files keep only doc_id, bytes and issues).",
     es_cols__essays},
    {"sections", 0, 0, es_write__sections,
     "One row per section of each analysed essay, the preamble (section "
     "0) only when it holds words.",
     es_cols__sections},
    {"terms", ES_NEED_TERMS, 0, es_write__terms,
     "One row per normalized term (and group), by count descending then "
     "term; --min-count drops rare terms.",
     es_cols__terms},
    {"keyterms", ES_NEED_KEYTERMS, 0, es_write__keyterms,
     "One row per key term (and group), by count descending then key.",
     es_cols__keyterms},
    {"lengths", ES_NEED_LENGTHS, 0, es_write__lengths,
     "One row per length distribution (unit, part label, group) with n "
     "> 0.",
     es_cols__lengths},
    {"histogram", ES_NEED_LENGTHS, 0, es_write__histogram,
     "One row per histogram bin of each length "
     "distribution; group rows use the bins of the (all) row of the same "
     "unit and label.",
     es_cols__histogram},
    {"similarity", ES_NEED_SIMILARITY, 0, es_write__similarity,
     "One row per essay and neighbour (--top-k nearest, cosine > 0).",
     es_cols__similarity},
    {"duplicates", ES_NEED_DUPLICATES, 0, es_write__duplicates,
     "One row per essay in a near-duplicate cluster (shingle Jaccard >= "
     "--dup-threshold), sorted by cluster, then doc_id.",
     es_cols__duplicates},
    {"docterms", ES_NEED_DOCTERMS, ES_REPORT_OPTIONAL, es_write__docterms,
     "One row per analysed essay and distinct term (after --stopwords), "
     "sorted by doc_id then term bytewise; written only when chosen (it is "
     "as large as the corpus).",
     es_cols__docterms},
    {"keyness", ES_NEED_KEYNESS, ES_REPORT_GROUPED, es_write__keyness,
     "One row per group other than (all) and term that the group holds "
     "(corpus count >= --min-count) or significantly avoids (p < 0.05), "
     "by group, G2 descending, then term. Needs --group-by.",
     es_cols__keyness},
    {"phrases", ES_NEED_PHRASES, 0, es_write__phrases,
     "One row per word n-gram inside a block (--ngrams, stop words kept) "
     "held by at least --min-docs essays (and group), by docs descending, "
     "count descending, then phrase.",
     es_cols__phrases},
    {"audit", ES_NEED_AUDIT, 0, es_write__audit,
     "One row per finding, sorted by doc_id, line (empty first), code "
     "and message.",
     es_cols__audit},
    {NULL, 0, 0, NULL, NULL, NULL},
};
