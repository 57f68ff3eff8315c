/* blas.h - the single-precision matrix product of the similarity's dense
 * block, on OpenBLAS when it is safe to load, else on GSL's reference
 * CBLAS. Which one runs changes the speed, never a result (similarity.c
 * bounds the rounding of any BLAS that sums products). */
#ifndef ES_BLAS_H
#define ES_BLAS_H

#include <stddef.h>

/* Choose the backend (once per process; call it before starting threads
 * that multiply). OpenBLAS is loaded (dlopen) only when
 *  - the build found it (ES_HAVE_OPENBLAS),
 *  - the address space is not limited (RLIMIT_AS unlimited): under a limit
 *    OpenBLAS can retry a failed buffer allocation forever, and
 *  - ES_BLAS is not "reference" in the environment.
 * It is never linked at start-up: its constructor alone dies under a small
 * address-space limit. Returns the backend's name ("openblas" or
 * "reference"). */
const char *es_blas__init(void);

/* The share of essays from which a term goes to the dense block (see
 * similarity.c): the faster the product, the more terms it takes. */
double es_blas__head_share(void);

/* C = A (rows x k, row-major) times B (cols x k, row-major) transposed:
 * C is rows x cols, row-major. */
void es_blas__sgemm_nt(size_t rows, size_t cols, size_t k, const float *a,
                       const float *b, float *c);

#endif
