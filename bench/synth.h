/*
 * What the bench programs that build synthetic repositories share: the
 * run records, raw commits, and timing a command as a child process.
 */
#ifndef GB_BENCH_SYNTH_H
#define GB_BENCH_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>
#include <gitbench.h>

#define SYNTH_MACHINE "synthetic"

/* Print "<prog>: <what>: <why>" with libgit2's or git-bench's reason. */
int synth_fail(const char *prog, const char *what);

/*
 * 0 when `dir` is missing or empty, else -1 said on stderr: a history
 * built into an old repository would be packed with the old one's
 * objects, and every figure measured on the two.
 */
int synth_fresh_dir(const char *prog, const char *dir);

/* "parse/case-NN", the name of benchmark k. */
void synth_bench_name(char *out, size_t size, size_t k);

/*
 * A run of `benchmarks` results (benchmark k near 1000 * (k + 1) ns, 1%
 * noise), `samples` samples each, at `time` on `commit`; benchmark
 * benchmarks / 3 10% slower when `stepped`. `seq` makes the id unique.
 */
int synth_run(gb_run **out, size_t benchmarks, size_t samples, int stepped,
	size_t seq, const git_oid *commit, int64_t time);

/* The raw commit of `tree` with `nparents` parents, both dates `time`. */
int synth_commit_format(gb_buf *raw, const git_oid *tree,
	const git_oid *parents, size_t nparents, int64_t time,
	const char *message);

/* The same, written to odb. */
int synth_commit(git_oid *out, git_odb *odb, const git_oid *tree,
	const git_oid *parents, size_t nparents, int64_t time,
	const char *message);

/* A pack in memory, indexed into objects/pack. */
int synth_index_pack(git_repository *repo, git_odb *odb, const git_buf *pack);

/* Everything in the mempack, written as one pack into objects/pack. */
int synth_write_pack(git_repository *repo, git_odb *odb,
	git_odb_backend *mempack);

/* The ids of notes[0..n), newest (last) first, one a line, at path. */
int synth_write_ids(const char *path, const git_oid *notes, size_t n);

typedef struct {
	double seconds;
	double cpu;          /* user + system, its and its children's */
	long rss_kb;         /* the peak of it and every process it waited for */
	long own_kb;         /* its own peak, sampled */
	int status;
} synth_timing;

/*
 * Run argv in `dir`, stdin from `in` (NULL: /dev/null), stdout dropped
 * (stderr too when `quiet`): wall time, peak RSS from wait4 (the largest
 * of it and its children) and its own, sampled from /proc.
 */
int synth_timed(synth_timing *t, const char *dir, const char *in,
	char *const *argv, int quiet);

/* git-bench next to the program at argv0, as the build leaves them. */
void synth_default_git_bench(char *out, size_t size, const char *argv0);

/* One option: a flag (set to 1), a number or a string, by its name. */
typedef struct {
	const char *name;    /* "--commits" */
	int *flag;
	size_t *number;
	const char **string;
} synth_option;

/* Parse argv against opts (ended by a NULL name); -1 on anything else. */
int synth_parse(const synth_option *opts, int argc, char **argv);

/* Point ref `name` at `id`, forcibly. */
int synth_set_ref(git_repository *repo, const char *name, const git_oid *id);

/* rm -rf dir. */
void synth_remove_dir(const char *dir);

#endif
