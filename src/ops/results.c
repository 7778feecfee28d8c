/*
 * Results read as a new run, the one way record, run, compare --working
 * and bisect's measurements make their runs; and where results are read.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "gitbench/adapter.h"
#include "gitbench/date.h"
#include "gitbench/machine.h"

static int check_options(const gb_adapter_run_options *o)
{
	if (o->version == 0 || o->version > GB_ADAPTER_RUN_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID,
			"unsupported adapter run options version");
	return 0;
}

/* The facts of this machine the file left unset, and its key. */
static int machine_facts(gb_run *run, const gb_adapter_run_options *o)
{
	gb_env given;

	if (!o->env) {
		if (gb_env_detect(&run->env) < 0)
			return GB_ERROR;
	} else {
		if (gb_env_copy(&given, o->env) < 0)
			return GB_ERROR;
		/* What the results file said (a toolchain) stays. */
		if (run->env.toolchain) {
			free(given.toolchain);
			given.toolchain = run->env.toolchain;
			run->env.toolchain = NULL;
		}
		gb_env_dispose(&run->env);
		run->env = given;
	}
	if (o->machine)
		return gb_run_set_string(&run->machine, o->machine);
	return gb_machine_key_for(&run->machine, &run->env, o->config);
}

/*
 * A label names a version ("v0.1.0") and is given as a revision: an
 * empty one names nothing, and is refused before anything is stored.
 * (What it holds is escaped wherever it is shown: a label may come from
 * another clone.)
 */
static int check_label(const char *label)
{
	return *label ? 0 : gb_error_set(GB_EINVALID, "the label is empty");
}

/* What every new run gets besides its results: facts, key, time, id. */
static int finish_run(gb_run *run, const char *format, const git_oid *commit,
	const gb_adapter_run_options *o)
{
	int64_t now = gb_date_now_us();
	int error;

	if ((error = gb_run_set_string(&run->format, format)) < 0 ||
	    (o->label && ((error = check_label(o->label)) < 0 ||
		(error = gb_run_set_string(&run->label, o->label)) < 0)) ||
	    (error = machine_facts(run, o)) < 0)
		return error;
	/* A time the results file gave stays: the run is of then. */
	gb_run_id_generate(run->id, run->time ? run->time * 1000000 : now);
	if (!run->time)
		run->time = now / 1000000;
	git_oid_cpy(&run->commit, commit);
	return 0;
}

/*
 * A file the command did not write is not its result: one left over
 * from an earlier run would be recorded as this commit's.
 */
static int written_since(const char *path, int64_t since)
{
	gb_buf when = GB_BUF_INIT;
	struct stat st;

	if (!since || !strcmp(path, "-") || stat(path, &st) < 0 ||
	    !S_ISREG(st.st_mode) || st.st_mtime >= since)
		return 0;
	gb_date_relative(&when, st.st_mtime, gb_date_now_us() / 1000000);
	gb_error_set(GB_ENOTFOUND, "%s is from before this run (written %s): "
		"the command wrote no results there", path, when.ptr);
	gb_buf_dispose(&when);
	return GB_ENOTFOUND;
}

int gb_adapter_read_run(gb_run **out, const char *path, const git_oid *commit,
	const gb_adapter_run_options *opts)
{
	gb_adapter_run_options defaults = GB_ADAPTER_RUN_OPTIONS_INIT;
	const gb_adapter_run_options *o = opts ? opts : &defaults;
	const char *used = NULL;
	/* Fields of version 2, which a caller of version 1 has not. */
	int64_t since = o->version >= 2 ? o->since : 0;
	bool all = o->version >= 2 && o->all;
	gb_run *run = NULL;
	int error;

	*out = NULL;
	if ((error = check_options(o)) < 0 ||
	    (error = written_since(path, since)) < 0 ||
	    (error = gb_run_new(&run)) < 0 ||
	    (error = gb_adapter_read_fresh(run, path, o->format, &used, since,
		     all)) < 0 ||
	    (error = finish_run(run, used, commit, o)) < 0)
		goto cleanup;
	*out = run;
	run = NULL;
cleanup:
	gb_run_free(run);
	return error;
}

int gb_adapter_read_run_buffer(gb_run **out, const char *data, size_t len,
	const char *source, const git_oid *commit,
	const gb_adapter_run_options *opts)
{
	gb_adapter_run_options defaults = GB_ADAPTER_RUN_OPTIONS_INIT;
	const gb_adapter_run_options *o = opts ? opts : &defaults;
	const char *used = NULL;
	gb_run *run = NULL;
	int error;

	*out = NULL;
	if ((error = check_options(o)) < 0 ||
	    (error = gb_run_new(&run)) < 0 ||
	    (error = gb_adapter_read_buffer(run, data, len, source, o->format,
		     &used)) < 0 ||
	    (error = finish_run(run, used, commit, o)) < 0) {
		gb_run_free(run);
		return error;
	}
	*out = run;
	return 0;
}

int gb_adapter_new_run(gb_run **out, const char *format,
	const git_oid *commit, const gb_adapter_run_options *opts)
{
	gb_adapter_run_options defaults = GB_ADAPTER_RUN_OPTIONS_INIT;
	const gb_adapter_run_options *o = opts ? opts : &defaults;
	gb_run *run = NULL;
	int error;

	*out = NULL;
	if ((error = check_options(o)) < 0 || (error = gb_run_new(&run)) < 0 ||
	    (error = finish_run(run, format, commit, o)) < 0) {
		gb_run_free(run);
		return error;
	}
	*out = run;
	return 0;
}

int gb_adapter_results_path(gb_buf *out, bool *inside, const gb_config *cfg,
	const char *top)
{
	const char *rel;
	size_t n;
	int error;

	if ((error = gb_config_get_name(&rel, cfg, "bench.results")) < 0)
		return error;
	if (!rel)
		rel = GB_DEFAULT_RESULTS;
	if (inside)
		*inside = rel[0] != '/' && strcmp(rel, "-") != 0;
	/* "-": the command's standard output (record: standard input). */
	if (rel[0] == '/' || !strcmp(rel, "-"))
		return gb_buf_puts(out, rel);
	if (!top)
		return gb_error_set(GB_EINVALID,
			"no results path given and no work tree to look in");
	n = strlen(top);
	return gb_buf_printf(out, "%s%s%s", top,
		n && top[n - 1] == '/' ? "" : "/", rel);
}
