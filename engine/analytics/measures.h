/* measures.h - corpus-linguistic measures as pure functions: lexical
 * diversity (types, TTR, MATTR, MTLD), Gries' deviation of proportions and
 * the keyness statistics of a 2x2 table (signed log-likelihood G2, its
 * chi-squared tail, Hardie's Log Ratio).
 *
 * No allocation, no I/O: callers hand in term-id sequences and counts. The
 * only dependency is GSL (for the chi-squared tail), which is why these
 * live in analytics. */
#ifndef ES_MEASURES_H
#define ES_MEASURES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* MATTR's moving window (Covington & McFall 2010). */
#define ES_MATTR_WINDOW 100
/* MTLD's TTR threshold (McCarthy & Jarvis 2010). */
#define ES_MTLD_THRESHOLD 0.72

/* Lexical diversity of one essay's terms in document order. */
typedef struct es_lexdiv {
  uint64_t terms; /* tokens */
  uint64_t types; /* distinct terms */
  double ttr;     /* types / terms; valid when terms > 0 */
  double mattr;   /* valid when terms > 0 */
  double mtld;    /* valid when has_mtld */
  bool has_mtld;  /* false with no terms or when a pass has zero factors */
} es_lexdiv;

/* Fill `out` from seq[0..n) (term ids). `scratch` is a counter per term id
 * (at least 1 + the largest id in seq), all zero on entry; it is all zero
 * again on return. O(n). */
void es_measures__lexdiv(es_lexdiv *out, const uint32_t *seq, size_t n,
                         uint32_t *scratch);

/* One MTLD pass over seq[0..n), forward (step +1) or backward (step -1).
 * Returns the number of factors (full segments plus the partial factor of
 * the last segment) and sets *value to n / factors when factors > 0.
 * `scratch` as above. */
double es_measures__mtld_pass(const uint32_t *seq, size_t n, int step,
                              uint32_t *scratch, double *value);

/* Gries' DP, accumulated one essay at a time. For a term with `total`
 * occurrences in a part of the corpus holding `part_terms` terms:
 *   DP = 1/2 * sum over the part's essays |v_i - s_i|
 * with s_i = essay i's terms / part_terms and v_i = the term's count in
 * essay i / total. Essays without the term add s_i, and those s_i sum to
 * 1 - (the s_i of the essays holding it), so
 *   DP = 1/2 * (1 + sum over essays holding it (|v_i - s_i| - s_i)),
 * which needs only the essays holding the term: start `acc` at 0, call
 * es_measures__dp_add for each of them, then es_measures__dp_value. */
static inline double es_measures__dp_add(double acc, uint64_t count,
                                         uint64_t total, uint64_t doc_terms,
                                         uint64_t part_terms) {
  double v = (double)count / (double)total;
  double s = (double)doc_terms / (double)part_terms;
  double d = v - s;
  return acc + (d < 0 ? -d : d) - s;
}
double es_measures__dp_value(double acc);

/* Keyness of a term in a group against the rest of the corpus. */
typedef struct es_keyness_stat {
  double g2;          /* signed: + more frequent in the group */
  double p;           /* chi-squared (1 df) upper tail of |g2| */
  double log_ratio;   /* valid when has_log_ratio */
  bool has_log_ratio; /* false when A or B is 0 */
} es_keyness_stat;

/* a: the term's count in the group, A: the group's terms; b, B: the same in
 * the rest. G2 = 2 * sum O ln(O/E) over the four cells of
 *   [a, b; A-a, B-b], E = row total * column total / (A+B),
 * a cell with O = 0 adding 0. With B = 0 (or A = 0) there is no contrast:
 * g2 0, p 1 and no Log Ratio. Log Ratio = log2((a/A)/(b/B)), a zero count
 * replaced by 0.5 (Hardie 2014). Requires a <= A and b <= B. */
void es_measures__keyness(es_keyness_stat *out, uint64_t a, uint64_t A,
                          uint64_t b, uint64_t B);

#endif
