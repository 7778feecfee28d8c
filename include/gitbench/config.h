/*
 * Settings: git config keys under `bench.` (and git's color.ui, color.bench,
 * color.pager, core.pager, pager.bench, remote.<name>.url), overridden by
 * the command line. Every setting the library follows is read here, so
 * that `git -c` reaches each of them.
 */
#ifndef GITBENCH_CONFIG_H
#define GITBENCH_CONFIG_H

#include <stdbool.h>
#include <git2/repository.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The defaults of the settings, in one place: gb_config_get() gives them
 * for a key that is not set, and the modules that read the settings start
 * from them.
 */
#define GB_DEFAULT_COMMAND "cargo bench"
#define GB_DEFAULT_ESTIMATOR "mean"
#define GB_DEFAULT_FORMAT "auto"
#define GB_DEFAULT_HISTORY_REF "refs/benchmark-history"
#define GB_DEFAULT_NOTES_REF "refs/notes/benchmarks"
/*
 * Where remotes keep the history when bench.remoteHistoryRef is unset and
 * the local name cannot be pushed: git's receive-pack refuses a ref
 * directly under refs/ ("funny refname"), as refs/benchmark-history is.
 */
#define GB_DEFAULT_REMOTE_HISTORY_REF "refs/benchmarks/history"
#define GB_DEFAULT_HOOK_MISSING "warn"
#define GB_DEFAULT_REMOTE "origin"
#define GB_DEFAULT_RESULTS "target/criterion"
/* Percentages and p-values, as numbers; GB_STR() makes them text. */
#define GB_DEFAULT_MAX_REGRESSION 10
#define GB_DEFAULT_WARN_REGRESSION 5
#define GB_DEFAULT_IMPROVEMENT 5
#define GB_DEFAULT_SIGNIFICANCE 0.01
#define GB_DEFAULT_WITHIN_CONFIDENCE 0.84
#define GB_DEFAULT_ON_UNCERTAIN "pass"
#define GB_DEFAULT_CHANGE_POINT_PVALUE 0.001
#define GB_DEFAULT_CHANGE_POINT_WINDOW 50
/*
 * Runs of the current side `run --confirm` takes at most (--max-runs),
 * and the most runs `run --repeat` and --max-runs take.
 */
#define GB_DEFAULT_CONFIRM_MAX_RUNS 10
#define GB_MAX_REPEAT 1000
/* MiB of a range's values and names one command may hold. */
#define GB_DEFAULT_MAX_MEMORY 1024

#define GB_STR_(x) #x
#define GB_STR(x) GB_STR_(x)

typedef enum {
	GB_ORIGIN_DEFAULT = 0,
	GB_ORIGIN_SYSTEM,
	GB_ORIGIN_GLOBAL,
	GB_ORIGIN_REPOSITORY,
	GB_ORIGIN_COMMAND_LINE,
} gb_config_origin;

typedef struct {
	const char *key;      /* "bench.maxRegression" */
	const char *def;      /* default value, NULL when unset by default */
	const char *help;     /* one line */
} gb_config_key;

typedef struct gb_config gb_config;

/* Known keys, sorted by name. */
GB_EXTERN(const gb_config_key *) gb_config_keys(size_t *count);
GB_EXTERN(const char *) gb_config_origin_name(gb_config_origin origin);

/*
 * Load the configuration of `repo` (NULL: only system and global files).
 * Values given to git with `git -c key=value bench ...` count as command
 * line, as do gb_config_override() calls.
 */
GB_EXTERN(int) gb_config_open(gb_config **out, git_repository *repo);
GB_EXTERN(void) gb_config_free(gb_config *cfg);
GB_EXTERN(int) gb_config_override(gb_config *cfg, const char *key,
	const char *value);

/*
 * The effective value of `key` (case-insensitive section and name), or
 * NULL when unset with no default. `origin` may be NULL. With `cfg` NULL,
 * the default.
 */
GB_EXTERN(const char *) gb_config_get(const gb_config *cfg, const char *key,
	gb_config_origin *origin);
/* Typed getters; GB_EINVALID naming the key when the value is malformed. */
GB_EXTERN(int) gb_config_get_double(double *out, const gb_config *cfg,
	const char *key);
GB_EXTERN(int) gb_config_get_bool(bool *out, const gb_config *cfg,
	const char *key);
GB_EXTERN(int) gb_config_get_int(long *out, const gb_config *cfg,
	const char *key);
/*
 * The value of a key that names something (a machine, a command, a path),
 * or NULL: GB_EINVALID naming the key when it is set to an empty string,
 * which names nothing (an unset variable of a CI script, say).
 */
GB_EXTERN(int) gb_config_get_name(const char **out, const gb_config *cfg,
	const char *key);

/*
 * Visit every setting read (bench.* and the git keys above), in the order
 * they were read: git's files from system to repository, then the command
 * line. A key set twice is visited twice; gb_config_get says which wins.
 * A non-zero return from `cb` stops the walk and is returned.
 */
typedef int (*gb_config_entry_cb)(const char *key, const char *value,
	gb_config_origin origin, void *payload);
GB_EXTERN(int) gb_config_foreach(const gb_config *cfg, gb_config_entry_cb cb,
	void *payload);

/* Visit every `bench.<subsection>.<name>` entry (budgets per pattern). */
typedef int (*gb_config_sub_cb)(const char *subsection, const char *name,
	const char *value, void *payload);
GB_EXTERN(int) gb_config_foreach_subsection(const gb_config *cfg,
	gb_config_sub_cb cb, void *payload);

#ifdef __cplusplus
}
#endif
#endif
