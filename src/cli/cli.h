/* The git-bench command line: shared declarations. */
#ifndef GB_CLI_H
#define GB_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <git2.h>
#include <gitbench.h>

/* Exit codes, documented in git-bench(1). */
#define EXIT_CLEAN 0
#define EXIT_CHECK_FAILED 1
#define EXIT_USAGE 2

/* ---- options ---- */

enum cli_opt_type {
	CLI_OPT_END = 0,
	CLI_OPT_BOOL,     /* int *, set to 1 (0 with --no-) */
	CLI_OPT_STRING,   /* const char **, the argument */
	CLI_OPT_INT,      /* long * */
	CLI_OPT_DOUBLE,   /* double * */
	CLI_OPT_GROUP,    /* a heading in the usage text */
};

struct cli_option {
	enum cli_opt_type type;
	char short_name;
	const char *long_name;
	void *value;
	const char *argh;   /* "<rev>" */
	const char *help;
};

#define OPT_BOOL(s, l, v, h) { CLI_OPT_BOOL, s, l, v, NULL, h }
#define OPT_STRING(s, l, v, a, h) { CLI_OPT_STRING, s, l, v, a, h }
#define OPT_INT(s, l, v, a, h) { CLI_OPT_INT, s, l, v, a, h }
#define OPT_DOUBLE(s, l, v, a, h) { CLI_OPT_DOUBLE, s, l, v, a, h }
#define OPT_GROUP(h) { CLI_OPT_GROUP, 0, NULL, NULL, NULL, h }
#define OPT_END() { CLI_OPT_END, 0, NULL, NULL, NULL, NULL }

/* Stop at the first argument that is not an option. */
#define CLI_STOP_AT_NON_OPTION 1u
/* Leave "--" in the arguments returned (for commands that run commands). */
#define CLI_KEEP_DASHDASH 2u
/* Exit 128 on bad usage, not 2: for commands 'git bisect run' calls. */
#define CLI_USAGE_FATAL 4u

/*
 * Parse options in argv[1..]; returns how many arguments are left, moved
 * to argv[0..]. -h prints usage to stdout and exits 0; a bad option prints
 * an error and usage to stderr and exits 2.
 */
int cli_parse_options(int argc, const char **argv,
	const struct cli_option *opts, const char *const *usage,
	unsigned flags);
void cli_usage(FILE *out, const char *const *usage,
	const struct cli_option *opts);
/* Print an error and the usage to stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *const *usage, const struct cli_option *opts,
	const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* ---- messages ---- */

/* "error: <msg>" on stderr, escaped; returns EXIT_USAGE. */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "error: <the library's last error>"; returns EXIT_USAGE. */
int cli_error_last(void);

/* ---- repository context ---- */

typedef struct {
	git_repository *repo;
	const gb_config *config;  /* the store's */
	gb_store *store;
} cli_repo;

/* Open the repository of the current directory, its config and store. */
int cli_repo_open(cli_repo *r);
void cli_repo_close(cli_repo *r);
/*
 * Read results at `path` (in bench.format) as a new run of `commit`
 * measured now on `machine`, and add it to `runs`.
 */
int cli_read_results(gb_runlist *runs, cli_repo *r, const char *path,
	const git_oid *commit, const char *machine, const gb_env *env);
/* Where results are read: `given`, else bench.results from the top. */
int cli_results_path(gb_buf *out, cli_repo *r, const char *given);
/*
 * Warn about bench.* keys in git config that mean nothing to us (git takes
 * any key, so a typo such as bench.maxRegresion would pass in silence).
 */
void cli_config_warn_unknown(const gb_config *cfg);
/* The machine key: bench.machine, or derived from this machine. */
int cli_machine_key(char **out, const gb_config *cfg, const gb_env *env);

/* ---- ranges ---- */

typedef struct {
	const char *spec;     /* as given (borrowed) */
	git_oid start;        /* walked from, along first parents */
	git_oid hide;         /* stopped at, excluded, when has_hide */
	bool has_hide;
} cli_range;

/* "A..B", "A.." (to HEAD), "..B" or a revision (NULL: HEAD). */
int cli_parse_range(cli_range *out, git_repository *repo, const char *spec);

/* ---- formatting ---- */

/* Append a short id of `id` (unique in the repository). */
void cli_short_id(gb_buf *out, git_repository *repo, const git_oid *id);
/* Write a buffer to stdout; false when stdout has failed. */
bool cli_write(const gb_buf *buf);

/* One run as a JSON object (shared by show, export, ...). */
void cli_json_run(gb_jsonw *w, const gb_run *run, bool samples);

/* ---- terminal output ---- */

enum cli_color {
	CLI_PLAIN = 0, CLI_RED, CLI_BOLD_RED, CLI_YELLOW, CLI_GREEN, CLI_CYAN,
	CLI_BOLD, CLI_DIM,
};

/*
 * Colours: NO_COLOR, then color.bench, then color.ui; "auto" means fd is a
 * terminal, or fd is standard output going to a pager (ours or git's) and
 * color.pager is not false.
 */
bool cli_use_color(const gb_config *cfg, int fd);
void cli_color_put(gb_buf *out, bool on, enum cli_color c, const char *text);
/* Terminal cells taken by UTF-8 text (emoji count two). */
size_t cli_width(const char *s);
void cli_pad(gb_buf *out, size_t n);
/* Escape `s` for the terminal, cut to `max` cells with an ellipsis. */
void cli_escape_fit(gb_buf *out, const char *s, size_t max);

/* ---- pager ---- */

/*
 * Whether a pager shows our standard output: git's GIT_PAGER_IN_USE, set
 * by git (`git -p bench`, pager.bench) or by cli_pager_start.
 */
bool cli_pager_in_use(void);
/*
 * The pager to run, as git chooses it: GIT_PAGER, pager.bench when it
 * names a command (unless `forced` by --paginate), core.pager, PAGER,
 * less. NULL for none: "cat", "", or pager.bench false.
 */
const char *cli_pager_command(const gb_config *cfg, bool forced);
/*
 * Send standard output (and standard error, when it is a terminal) to
 * `cmd` from now on, with LESS=FRX and LV=-c unless set; the pager is
 * waited for at exit. A pager that cannot start is warned about and
 * output goes on unpaged.
 */
void cli_pager_start(const char *cmd);
/*
 * Start the configured pager when standard output is a terminal and no
 * pager is in use yet; `forced` by --paginate (pager.bench not asked).
 */
void cli_pager_setup(bool forced);

/* ---- progress ---- */

/*
 * Progress of long work on standard error ("Fetching runs:  40% (2/5)"),
 * redrawn in place, and only when standard error is a terminal:
 * cli_progress_start returns NULL otherwise and every call takes NULL,
 * so callers need no test of their own.
 *
 *     cli_progress *p = cli_progress_start("Checking runs", n);
 *     for (i = 0; i < n; i++) {
 *             cli_progress_update(p, i);
 *             ...
 *     }
 *     cli_progress_update(p, n);
 *     cli_progress_stop(&p);      // "Checking runs: 100% (n/n), done."
 *
 * `total` 0 when unknown: the count alone is shown. Before anything else
 * writes to the terminal (a child process, a warning), cli_progress_break
 * ends the line; the next update draws a new one.
 */
typedef struct cli_progress cli_progress;

cli_progress *cli_progress_start(const char *title, uint64_t total);
void cli_progress_update(cli_progress *p, uint64_t n);
void cli_progress_break(cli_progress *p);
void cli_progress_stop(cli_progress **p);

/* ---- comparisons (compare, check, run, the pre-push hook) ---- */

typedef struct {
	const gb_comparison *c;
	const gb_compare_options *opts;
	const char *base_label;      /* for the terminal, escaped */
	const char *base_label_md;   /* for markdown, escaped */
	const char *head_label;
	const char *head_label_md;
	const char *machine;
	const char *base_spec;       /* how the baseline was named */
	git_oid base_commit, base_requested, head_commit;
	size_t base_distance;
	bool head_working;
	bool color;
} cli_compare_view;

int cli_print_compare(gb_buf *out, const cli_compare_view *v,
	const char *format);

typedef struct {
	cli_repo r;
	gb_compare_options opts;
	gb_budget *budgets;
	size_t nbudgets;
	char *machine;            /* the key compared on; NULL: any */
	gb_runlist head;
	git_oid head_commit;
	bool head_working;
	gb_buf head_label, head_label_md;
	gb_baseline base;
	bool have_base;
	gb_buf base_spec, base_label, base_label_md;
	gb_series_set history;
	gb_comparison result;
	bool quiet_base;          /* baseline errors: message only, no print */
} cli_cmp;

/* Open the repository and the settings; flags override them after. */
int cli_cmp_open(cli_cmp *c);
void cli_cmp_close(cli_cmp *c);
/* The current side: the runs recorded for `rev`. */
int cli_cmp_head_commit(cli_cmp *c, const char *rev);
/* The same for a commit id, labelled `how` ("refs/heads/main"). */
int cli_cmp_head_oid(cli_cmp *c, const git_oid *id, const char *how);
/* The current side: results on disk, measured on the work tree. */
int cli_cmp_head_working(cli_cmp *c, const char *path);
/* The current side: runs just made (taken over). */
int cli_cmp_head_runs(cli_cmp *c, gb_runlist *runs);
/* Pick the machine (this one if the current side has it). */
int cli_cmp_machine(cli_cmp *c, bool any);
/* The baseline: `rev`, or the default (merge-base with the upstream). */
int cli_cmp_base(cli_cmp *c, const char *rev);
/*
 * The baseline from a commit id: `how` says how it was named; `named`
 * when it is a revision people typed (labels read "rev~2, 2 commits back").
 */
int cli_cmp_base_oid(cli_cmp *c, const git_oid *start, const char *how,
	bool named);
/* Learn noise from history and compare. */
int cli_cmp_run(cli_cmp *c);
/* Print in `format`; returns 0 or an exit code. */
int cli_cmp_print(cli_cmp *c, const char *format);

/*
 * Run a benchmark command: argv when given, else `shell` with sh -c. Its
 * standard output goes to our standard error, so what git bench prints
 * stays clean. Returns the exit status, or -1 when it could not start.
 */
int cli_spawn_benchmark(const char *shell, const char *const *argv);
/* The same, in directory `dir` (NULL: here). */
int cli_spawn_in(const char *dir, const char *shell, const char *const *argv);

/* ---- commands ---- */

typedef int (*cli_command_fn)(int argc, const char **argv);

int cmd_record(int argc, const char **argv);
int cmd_baseline(int argc, const char **argv);
int cmd_show(int argc, const char **argv);
int cmd_log(int argc, const char **argv);
int cmd_forget(int argc, const char **argv);
int cmd_compare(int argc, const char **argv);
int cmd_check(int argc, const char **argv);
int cmd_run(int argc, const char **argv);
int cmd_hook(int argc, const char **argv);
int cmd_config(int argc, const char **argv);
int cmd_names(int argc, const char **argv);
/* The check behind the pre-push hook (git bench hook pre-push). */
int cli_hook_pre_push(int argc, const char **argv);
int cmd_pull(int argc, const char **argv);
int cmd_push(int argc, const char **argv);
int cmd_status(int argc, const char **argv);
int cmd_report(int argc, const char **argv);
int cmd_export(int argc, const char **argv);
int cmd_fsck(int argc, const char **argv);
int cmd_bisect(int argc, const char **argv);
int cmd_bisect_check(int argc, const char **argv);
int cmd_prune(int argc, const char **argv);

#endif
