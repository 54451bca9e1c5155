// COpenBLAS: CBLAS, the few LAPACK routines the project uses, and OpenBLAS's introspection calls.
// This module provides no Swift API of its own; the `LinearAlgebra` module wraps it.
#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>

// LAPACK (Fortran calling convention, exported by libopenblas).
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info);
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dpotrs_(const char *uplo, const int *n, const int *nrhs, const double *a, const int *lda,
             double *b, const int *ldb, int *info);
#endif
