/* run.h - essay-stats over MPI: the steps the command line takes in place
 * of es_corpus_load and es_stats_compute when built with ES_MPI, so that
 * `mpirun -np P essay-stats ...` writes the reports of a single process,
 * byte for byte.
 *
 * Every rank discovers the same essays (es_corpus_add_path on the same
 * arguments); rank r reads and parses a contiguous shard of them, balanced
 * by file bytes, and sends the documents to rank 0, the writer, whose
 * corpus then equals a single-process load. Rank 0 computes and writes;
 * other ranks write nothing. Every call below is collective: all ranks
 * make it, in the same order.
 *
 * The layer sits above analytics and below the program; only this module
 * includes <mpi.h>. */
#ifndef ES_MPI_RUN_H
#define ES_MPI_RUN_H

#include "essay_stats.h"

/* MPI_Init; returns this process's rank. A rank that exits without
 * es_mpi_end (out of memory: the library exits) aborts the whole job with
 * its exit status, so no rank waits forever for it. */
int es_mpi_start(int *argc, char ***argv);

/* Every rank passes its outcome of a step (0: went on). Returns rank 0's
 * code when it is not 0, else the first other nonzero code (*who gets the
 * rank that gave the result, -1 when all are 0), else 0: the whole job
 * stops at the same step with the same exit code. */
int es_mpi_agree(int code, int *who);

/* After discovery: sort the entries and check that every rank found the
 * same ones (ES_EIO on every rank when not, with a message) and was asked
 * for the same reports (opts.load_needs; ES_EINVAL when not). */
es_status es_mpi_discovered(es_corpus *c, es_error *err);

/* In place of es_corpus_load: each rank reads its shard; rank 0 gets every
 * document and finishes the corpus. Other ranks' corpora end with the
 * thin documents of every essay rank 0 kept (when similarity, duplicates
 * or the audit is needed; else none). Every document received belongs to
 * the corpus (es_corpus_free frees it). ES_OK unless c is NULL: a file
 * that cannot be read is a finding, as in one process; corrupt data
 * aborts the job. */
es_status es_mpi_load(es_corpus *c, es_error *err);

/* In place of es_stats_compute: rank 0 gets the statistics in *out (the
 * caller frees them with es_stats_free), other ranks NULL (they help and
 * return). Same status on every rank; on failure *out is NULL and rank 0's
 * err holds the message. */
es_status es_mpi_compute(es_stats **out, const es_corpus *c, unsigned needs,
                         es_error *err);

/* The end: every rank returns rank 0's `code`. With ES_MPI_STATS=1 in the
 * environment rank 0 prints one line per rank on stderr (its time per
 * step, bytes sent and received, peak memory). Then MPI_Finalize. */
int es_mpi_end(int code);

#endif
