/*
 * Measuring commits for bisect and bisect-check: the benchmark command run
 * in a work tree (a temporary one for commits other than HEAD), its
 * results read as the commit's and recorded so they are measured once.
 */
#ifndef GB_CLI_MEASURE_H
#define GB_CLI_MEASURE_H

#include "repo.h"

typedef struct {
	cli_repo *r;
	const char *who;              /* "bisect": what progress lines start with */
	const char *shell;            /* bench.command */
	const char *format;           /* bench.format */
	const char *const *argv;      /* a command given after "--" instead */
	char *machine;                /* this machine's key: measured runs have it */
	gb_env env;
	char *worktree;               /* the temporary work tree, once made */
	git_oid at;                   /* the commit checked out there */
	size_t measured, skipped;
} cli_measurer;

/*
 * The results of a command that measured, as a new run of `commit`: those
 * at `path` (written since o->since), or with "-" what it printed, kept
 * by cli_spawn_captured in `printed`.
 */
int cli_read_measured(gb_run **out, const char *path, const gb_buf *printed,
	const git_oid *commit, const gb_adapter_run_options *o);

int cli_measurer_init(cli_measurer *m, cli_repo *r, const char *who,
	const char *const *argv);
/* Removes the temporary work tree, if one was made. */
void cli_measurer_dispose(cli_measurer *m);

/*
 * Run the benchmark command in the work tree at `top` and read the results
 * it leaves (bench.results there) into `runs` as commit's. GB_ENOTFOUND,
 * said on stderr, when the command fails or leaves nothing readable;
 * `fresh` removes the results first, so none are left from another commit.
 */
int cli_measure_in(cli_measurer *m, gb_runlist *runs, const char *top,
	const git_oid *commit, bool fresh);

/*
 * A gb_bisect_measure_cb (payload: the measurer): check the commit out in
 * the temporary work tree, measure it and record the results.
 */
int cli_measure_worktree(const git_oid *commit, void *payload);

/*
 * Measure `commit` in the temporary work tree (checked out there unless it
 * is already), its runs added to `runs`, not recorded.
 */
int cli_measure_at(cli_measurer *m, gb_runlist *runs, const git_oid *commit);

#endif
