/* What log, bisect and prune share in the command line. */
#ifndef GB_CLI_HISTORY_H
#define GB_CLI_HISTORY_H

#include "cli.h"

/* This machine's key unless `any` (NULL) or `given` names one. */
int cli_pick_machine(char **out, cli_repo *r, bool any, const char *given);

/* Unicode blocks from ▁ to █, scaled to the least and greatest value. */
void cli_sparkline(gb_buf *out, const double *values, size_t n);

/* Columns of the terminal: COLUMNS, else the tty's, else 80. */
size_t cli_terminal_width(void);


/* A benchmark's trend, what log prints for it. */
typedef struct {
	const gb_series *series;
	gb_trend trend;
} cli_log_row;

typedef struct {
	cli_repo *r;
	const gb_series_set *set;
	const cli_log_row *rows;
	size_t nrows;
	const char *machine;       /* NULL: any */
	gb_estimator estimator;
	const gb_changepoint_options *cp;
	bool color;
	size_t width;              /* terminal columns */
} cli_log_view;

/* Print the trends in `format`: table, markdown, json or csv. */
int cli_log_print(gb_buf *out, const cli_log_view *v, const char *format);

/* ---- measuring commits for bisect and bisect-check ---- */

typedef struct {
	cli_repo *r;
	const char *who;              /* "bisect": what progress lines start with */
	const char *shell;            /* bench.command */
	const char *const *argv;      /* a command given after "--" instead */
	char *machine;                /* this machine's key: measured runs have it */
	gb_env env;
	char *worktree;               /* the temporary work tree, once made */
	size_t measured, skipped;
} cli_measurer;

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

/* A bisection as JSON. */
int cli_bisect_print_json(gb_buf *out, const gb_bisect_result *r,
	git_repository *repo, const char *name, const char *machine);

/* Catch SIGINT, SIGTERM and SIGHUP so a work tree can be removed first. */
void cli_catch_signals(void);
/* The signal caught, or 0. */
int cli_interrupted(void);

#endif
