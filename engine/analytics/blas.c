/* blas.c - see blas.h. */
#include "blas.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix_float.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#ifdef ES_HAVE_OPENBLAS
#include <dlfcn.h>
#endif

/* The CBLAS sgemm signature; the enum values are the standard ones, the
 * same in GSL's header and OpenBLAS's. */
typedef void (*sgemm_fn)(int order, int transa, int transb, int m, int n, int k,
                         float alpha, const float *a, int lda, const float *b,
                         int ldb, float beta, float *c, int ldc);

static pthread_once_t once = PTHREAD_ONCE_INIT;
static sgemm_fn openblas_sgemm;

/* Head shares (similarity.c): OpenBLAS ~0.035 ns a multiply-add against
 * ~1.7 ns a scattered add gives ~0.15; the reference CBLAS is ~30 times
 * slower and takes only the near-universal terms. */
#define SHARE_OPENBLAS 0.15
#define SHARE_REFERENCE 0.8

static void choose(void) {
#ifdef ES_HAVE_OPENBLAS
  const char *want = getenv("ES_BLAS");
  if (want && strcmp(want, "reference") == 0)
    return;
  struct rlimit rl;
  if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur != RLIM_INFINITY)
    return;
  /* Our own threads each call sgemm: OpenBLAS must not start a thread
   * pool of its own (the variable is read by its constructor; a value the
   * user set is kept, and the call below still asks for one thread). */
  setenv("OPENBLAS_NUM_THREADS", "1", 0);
  /* OpenBLAS 0.3.21 takes a CPU model it does not know (a Sapphire Rapids
   * guest names itself "Intel(R) Xeon(R) Processor") for a Prescott and
   * runs its SSE3 kernels, 1.6 times slower here. Name the kernels the CPU
   * and the OS support (a user's choice is kept). */
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
    setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
  else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    setenv("OPENBLAS_CORETYPE", "Haswell", 0);
  void *h = dlopen(ES_OPENBLAS_SONAME, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return;
  void (*set_threads)(int) =
      (void (*)(int))(uintptr_t)dlsym(h, "openblas_set_num_threads");
  sgemm_fn f = (sgemm_fn)(uintptr_t)dlsym(h, "cblas_sgemm");
  if (!f)
    return;
  if (set_threads)
    set_threads(1);
  openblas_sgemm = f;
#endif
}

const char *es_blas__init(void) {
  pthread_once(&once, choose);
  return openblas_sgemm ? "openblas" : "reference";
}

double es_blas__head_share(void) {
  pthread_once(&once, choose);
  return openblas_sgemm ? SHARE_OPENBLAS : SHARE_REFERENCE;
}

void es_blas__sgemm_nt(size_t rows, size_t cols, size_t k, const float *a,
                       const float *b, float *c) {
  pthread_once(&once, choose);
  if (openblas_sgemm) {
    openblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows,
                   (int)cols, (int)k, 1.0f, a, (int)k, b, (int)k, 0.0f, c,
                   (int)cols);
    return;
  }
  gsl_matrix_float_const_view av =
      gsl_matrix_float_const_view_array(a, rows, k);
  gsl_matrix_float_const_view bv =
      gsl_matrix_float_const_view_array(b, cols, k);
  gsl_matrix_float_view cv = gsl_matrix_float_view_array(c, rows, cols);
  int rc = gsl_blas_sgemm(CblasNoTrans, CblasTrans, 1.0f, &av.matrix,
                          &bv.matrix, 0.0f, &cv.matrix);
  (void)rc; /* fails only on mismatched dimensions */
}
