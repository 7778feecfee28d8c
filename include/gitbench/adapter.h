/*
 * Input adapters: turn a harness's native output into results of a run.
 */
#ifndef GITBENCH_ADAPTER_H
#define GITBENCH_ADAPTER_H

#include "config.h"
#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Upper bound on one input file; larger files are refused. */
#define GB_INPUT_MAX_BYTES (256u * 1024u * 1024u)

typedef struct {
	const char *name;      /* as given to --format */
	const char *summary;   /* one line for help */
	bool directory;        /* reads a directory rather than a file */
} gb_format_info;

/* The formats this library reads, in the order auto-detection tries them. */
GB_EXTERN(const gb_format_info *) gb_adapter_formats(size_t *count);

/*
 * bench.format of `cfg`: a format's name, "auto" or NULL (unset).
 * GB_EINVALID naming the setting when no format has that name.
 */
GB_EXTERN(int) gb_adapter_config_format(const char **out,
	const gb_config *cfg);

/*
 * Read `path` (a file, a directory, or "-" for standard input) in `format`
 * (NULL or "auto": detect from the content) and append its results to
 * `run`. `used` (may be NULL) gets the name of the format read. On error
 * nothing is appended and the message names the file and the problem.
 */
GB_EXTERN(int) gb_adapter_read(gb_run *run, const char *path,
	const char *format, const char **used);

/*
 * A tree of results (Criterion.rs's) keeps the folders of earlier runs:
 * a benchmark written more than this many seconds before the next newer
 * one is of an earlier run than the newest.
 */
#define GB_ADAPTER_STALE_GAP (10 * 60)

/*
 * gb_adapter_read, taking of a tree only the results of one measurement:
 * those written since `since` (seconds since the epoch: when the command
 * that wrote them started), or when 0 those of the newest measurement
 * (GB_ADAPTER_STALE_GAP). The others are left out with a warning naming
 * them (GB_ENOTFOUND when none is left); `all` keeps every one. A read
 * through gb_adapter_read is this with 0 and false.
 */
GB_EXTERN(int) gb_adapter_read_fresh(gb_run *run, const char *path,
	const char *format, const char **used, int64_t since, bool all);

/* Same, from bytes already in memory; `source` names them in errors. */
GB_EXTERN(int) gb_adapter_read_buffer(gb_run *run, const char *data,
	size_t len, const char *source, const char *format, const char **used);

/*
 * Where warnings about input read all the same go (a benchmark whose
 * sample list holds junk but whose statistics are whole, read from them):
 * one call per warning, "<file>: benchmark '<name>': ...", after a read
 * that succeeded; a failed read has only its error. NULL (the default)
 * drops them. Process-wide; set it once, before reading.
 */
typedef void (*gb_adapter_warning_cb)(const char *message, void *payload);

GB_EXTERN(void) gb_adapter_set_warning_callback(gb_adapter_warning_cb cb,
	void *payload);

/* What a run read from results gets besides them. */
typedef struct {
	unsigned int version;
	const char *format;        /* NULL or "auto": detect from the content */
	const char *label;         /* NULL: the file's, if it names one */
	const char *machine;       /* NULL: this machine's key */
	const gb_env *env;         /* this machine's facts (NULL: detected) */
	const gb_config *config;   /* bench.machine; may be NULL */
	/*
	 * Version 2. When the command that measured started (seconds since
	 * the epoch; 0: not known): a file written before is not a result of
	 * it (GB_ENOTFOUND), nor a tree's folder (gb_adapter_read_fresh).
	 */
	int64_t since;
	bool all;                  /* keep a tree's results of earlier runs */
} gb_adapter_run_options;

#define GB_ADAPTER_RUN_OPTIONS_VERSION 2
#define GB_ADAPTER_RUN_OPTIONS_INIT { GB_ADAPTER_RUN_OPTIONS_VERSION, NULL, \
	NULL, NULL, NULL, NULL, 0, false }

/*
 * Read `path` as a new run of `commit`, ready to record: its format, this
 * machine's facts (what the file says of them, such as a toolchain,
 * stays), its machine key, and the time the file gives, else now, with a
 * new run id of that time. *out is the caller's to gb_run_free().
 */
GB_EXTERN(int) gb_adapter_read_run(gb_run **out, const char *path,
	const git_oid *commit, const gb_adapter_run_options *opts);

/*
 * The same from bytes in memory (a command's standard output); `source`
 * names them in errors. Nothing is left out as older than opts->since.
 */
GB_EXTERN(int) gb_adapter_read_run_buffer(gb_run **out, const char *data,
	size_t len, const char *source, const git_oid *commit,
	const gb_adapter_run_options *opts);

/*
 * A new run of `commit` without results, as gb_adapter_read_run makes one
 * (this machine, now, a new id), of format `format`: for results measured
 * by other means than a harness (git bench measure).
 */
GB_EXTERN(int) gb_adapter_new_run(gb_run **out, const char *format,
	const git_oid *commit, const gb_adapter_run_options *opts);

/*
 * Where results are read when no path is given: bench.results of `cfg`,
 * relative to the work tree at `top` unless it is absolute or "-" (the
 * standard output of the command that measures). `inside` (may be NULL)
 * says whether it is in that work tree. GB_EINVALID when it is relative
 * and `top` is NULL (a bare repository), or when bench.results is empty.
 */
GB_EXTERN(int) gb_adapter_results_path(gb_buf *out, bool *inside,
	const gb_config *cfg, const char *top);

#ifdef __cplusplus
}
#endif
#endif
