/* measures.c - lexical diversity, dispersion and keyness (see measures.h).
 *
 * Comparisons against the MTLD threshold are done in integers (100 * types
 * <= 72 * tokens), so a segment whose TTR is exactly 0.72 (18 of 25)
 * closes, whatever the rounding of 18.0 / 25.0. */
#include "measures.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

/* Count distinct terms of seq[0..n); leaves scratch zero. */
static uint64_t count_types(const uint32_t *seq, size_t n, uint32_t *scratch) {
  uint64_t types = 0;
  for (size_t i = 0; i < n; i++)
    if (scratch[seq[i]]++ == 0)
      types++;
  for (size_t i = 0; i < n; i++)
    scratch[seq[i]] = 0;
  return types;
}

/* Mean TTR over every window of W consecutive terms, n >= W. The sum of
 * the windows' type counts is an exact integer; one division at the end. */
static double mattr(const uint32_t *seq, size_t n, uint32_t *scratch) {
  const size_t W = ES_MATTR_WINDOW;
  uint64_t types = 0, sum = 0;
  for (size_t i = 0; i < W; i++)
    if (scratch[seq[i]]++ == 0)
      types++;
  sum = types;
  for (size_t i = W; i < n; i++) {
    if (--scratch[seq[i - W]] == 0)
      types--;
    if (scratch[seq[i]]++ == 0)
      types++;
    sum += types;
  }
  for (size_t i = n - W; i < n; i++)
    scratch[seq[i]] = 0;
  return (double)sum / ((double)W * (double)(n - W + 1));
}

double es_measures__mtld_pass(const uint32_t *seq, size_t n, int step,
                              uint32_t *scratch, double *value) {
  double factors = 0;
  size_t start = 0, len = 0; /* the open segment: positions start.. */
  uint64_t types = 0;
  for (size_t k = 0; k < n; k++) {
    uint32_t t = seq[step > 0 ? k : n - 1 - k];
    if (scratch[t]++ == 0)
      types++;
    len++;
    if (100 * types <= 72 * (uint64_t)len) { /* TTR <= 0.72 */
      factors += 1;
      for (size_t j = start; j <= k; j++)
        scratch[seq[step > 0 ? j : n - 1 - j]] = 0;
      start = k + 1;
      len = 0;
      types = 0;
    }
  }
  if (len > 0) {
    double ttr = (double)types / (double)len;
    factors += (1.0 - ttr) / (1.0 - ES_MTLD_THRESHOLD);
    for (size_t j = start; j < n; j++)
      scratch[seq[step > 0 ? j : n - 1 - j]] = 0;
  }
  if (factors > 0)
    *value = (double)n / factors;
  return factors;
}

void es_measures__lexdiv(es_lexdiv *out, const uint32_t *seq, size_t n,
                         uint32_t *scratch) {
  out->terms = n;
  out->types = 0;
  out->ttr = out->mattr = out->mtld = 0;
  out->has_mtld = false;
  if (n == 0)
    return;
  out->types = count_types(seq, n, scratch);
  out->ttr = (double)out->types / (double)n;
  out->mattr = n < ES_MATTR_WINDOW ? out->ttr : mattr(seq, n, scratch);
  double fwd = 0, bwd = 0;
  double ff = es_measures__mtld_pass(seq, n, +1, scratch, &fwd);
  double fb = es_measures__mtld_pass(seq, n, -1, scratch, &bwd);
  if (ff > 0 && fb > 0) {
    out->mtld = (fwd + bwd) / 2;
    out->has_mtld = true;
  }
}

double es_measures__dp_value(double acc) {
  double dp = (1.0 + acc) / 2;
  /* Rounding can leave a hair outside [0, 1] (and -0 must not print). */
  if (!(dp > 0))
    return 0;
  return dp > 1 ? 1 : dp;
}

/* O * ln(O / E), 0 for an empty cell. */
static double cell(double o, double e) { return o > 0 ? o * log(o / e) : 0; }

void es_measures__keyness(es_keyness_stat *out, uint64_t a, uint64_t A,
                          uint64_t b, uint64_t B) {
  out->g2 = 0;
  out->p = 1;
  out->log_ratio = 0;
  out->has_log_ratio = false;
  if (A == 0 || B == 0)
    return;
  double n = (double)A + (double)B;
  double r1 = (double)a + (double)b, r2 = n - r1;
  double ea = (double)A * r1 / n, eb = (double)B * r1 / n;
  double ec = (double)A * r2 / n, ed = (double)B * r2 / n;
  double g2 = 2 * (cell((double)a, ea) + cell((double)b, eb) +
                   cell((double)(A - a), ec) + cell((double)(B - b), ed));
  if (!(g2 > 0))
    g2 = 0; /* rounding below 0 on a perfectly even term; no -0 */
  out->p = gsl_cdf_chisq_Q(g2, 1.0);
  /* a/A < b/B, compared exactly: the products fit long double's 64-bit
   * mantissa for counts below 2^32. */
  if ((long double)a * (long double)B < (long double)b * (long double)A)
    g2 = -g2;
  out->g2 = g2;
  double fa = a ? (double)a : 0.5, fb = b ? (double)b : 0.5;
  out->log_ratio = log2((fa / (double)A) / (fb / (double)B));
  out->has_log_ratio = true;
}
