/* git bench record / git bench baseline */
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "terminal.h"

static const char *const record_usage[] = {
	"git bench record [<options>] [<path>]",
	NULL,
};

static const char *const baseline_usage[] = {
	"git bench baseline --version <version> [<options>] [<path>]",
	NULL,
};

struct record_opts {
	const char *label;
	const char *commit;
	const char *format;
	const char *output;
	int allow_dirty;
	int all;
	int quiet;
};

static void report(cli_repo *r, const gb_run *run, const char *path)
{
	gb_buf out = GB_BUF_INIT;

	gb_buf_printf(&out, "Read %zu result%s from ", run->nresults,
		run->nresults == 1 ? "" : "s");
	gb_escape_text(&out, strcmp(path, "-") == 0 ? "standard input" : path);
	gb_buf_puts(&out, " (");
	gb_escape_text(&out, run->format);
	gb_buf_puts(&out, ")\nRecorded run ");
	gb_buf_puts(&out, run->id);
	gb_buf_puts(&out, " for ");
	gb_repo_short_id_buf(&out, r->repo, &run->commit);
	gb_buf_puts(&out, " on ");
	gb_escape_text(&out, run->machine);
	if (run->label) {
		gb_buf_puts(&out, " (label ");
		gb_escape_text(&out, run->label);
		gb_buf_puts(&out, ")");
	}
	gb_buf_puts(&out, "\n");
	cli_write(&out);
	gb_buf_dispose(&out);
}

/*
 * A run is one measurement: the same values again are not another. The
 * copy is stored (the store keeps what was recorded, so imports, retried
 * jobs and sync stay simple) and counts once wherever runs are pooled;
 * record says so.
 */
static int warn_copy(bool *copy, cli_repo *r, gb_run *run)
{
	gb_buf id = GB_BUF_INIT;
	size_t n = 0;

	*copy = false;
	if (gb_store_mark_copies(copy, &n, r->store,
		    (const gb_run *const *)&run, 1) < 0)
		return cli_error_last();
	if (!*copy)
		return 0;
	gb_repo_short_id_buf(&id, r->repo, &run->commit);
	cli_warning("these results are those of a run already recorded for "
		    "%s: stored, but a run is one measurement and it counts once; "
		    "run the benchmarks again to add a run", id.ptr);
	gb_buf_dispose(&id);
	return 0;
}

/* What the names of the benchmarks left out may take of a warning. */
#define LISTED_WIDTH 40

typedef struct {
	const bool *left;
	size_t i;
	gb_names names;   /* the benchmarks left out, each once */
} leaving;

static bool keep_measured(const gb_result *r, void *payload)
{
	leaving *l = payload;

	if (!l->left[l->i++])
		return true;
	if (gb_names_add(&l->names, r->name) < 0)
		gb_error_clear();
	return false;
}

/* How many of the first names fit LISTED_WIDTH (one at least). */
static size_t names_fitting(const gb_names *names)
{
	size_t n = 1, width = strlen(names->names[0]);

	while (n < names->n &&
	       (width += 2 + strlen(names->names[n])) < LISTED_WIDTH)
		n++;
	return n;
}

/*
 * A filtered run (cargo bench -- sort) leaves the other benchmarks'
 * folders as an earlier run wrote them: those whose times are the very
 * values of a run recorded for another commit are not this run's
 * (gb_store_mark_left_behind): left out, and said. When all of them are,
 * the run is stored as a copy is, and said to be no new measurement.
 */
static int leave_out_recorded(cli_repo *r, gb_run *run, const char *source)
{
	leaving l = { NULL, 0, { NULL, 0, 0, NULL } };
	gb_left_behind from;
	gb_buf id = GB_BUF_INIT, listed = GB_BUF_INIT;
	bool *left;
	int code = 0;

	if (!(left = calloc(run->nresults + 1, sizeof(bool))))
		return cli_error("out of memory");
	if (gb_store_mark_left_behind(left, &from, r->store, run) < 0) {
		code = cli_error_last();
		goto done;
	}
	if (!from.nleft)
		goto done;
	gb_repo_short_id_buf(&id, r->repo, &from.commit);
	if (from.nruns > 1)
		gb_buf_puts(&id, " and before");
	/* The whole tree again: stored and said, as the same values
	 * recorded for the same commit are; a part of it is left out. */
	if (from.nleft == run->nresults) {
		cli_warning("%s: every result was recorded before, for %s: not a "
			"new measurement", source, id.ptr);
		goto done;
	}
	l.left = left;
	gb_run_keep_results(run, keep_measured, &l);
	if (l.names.n)
		gb_names_list(&listed, &l.names, names_fitting(&l.names));
	cli_warning("%s: %zu benchmark%s recorded before, for %s (left out): %s",
		source, l.names.n, l.names.n == 1 ? " was" : "s were", id.ptr,
		listed.ptr ? listed.ptr : "");
	cli_hint("a filtered run leaves the others' results; --all keeps them");
done:
	free(left);
	gb_names_dispose(&l.names);
	gb_buf_dispose(&listed);
	gb_buf_dispose(&id);
	return code;
}

/*
 * What was recorded, for a script: the run, the commit, the machine, the
 * benchmarks read, and whether it is a copy of a run recorded before.
 */
static int report_json(const gb_run *run, const char *path, bool copy)
{
	char hex[GIT_OID_HEXSZ + 1];
	gb_names names = { NULL, 0, 0, NULL };
	gb_jsonw *w = NULL;
	size_t i;

	/* A benchmark in several measures is one name. */
	for (i = 0; i < run->nresults; i++)
		if (gb_names_add(&names, run->results[i].name) < 0) {
			gb_names_dispose(&names);
			return cli_error_last();
		}
	if (gb_jsonw_new(&w) < 0) {
		gb_names_dispose(&names);
		return cli_error_last();
	}
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "run", run->id);
	gb_jsonw_string(w, "commit", git_oid_tostr(hex, sizeof(hex), &run->commit));
	gb_jsonw_string(w, "machine", run->machine);
	gb_jsonw_string(w, "label", run->label);
	gb_jsonw_number(w, "time", (double)run->time);
	gb_jsonw_string(w, "source", path);
	gb_jsonw_string(w, "format", run->format);
	gb_jsonw_number(w, "results", (double)run->nresults);
	gb_jsonw_bool(w, "copy", copy);
	gb_jsonw_array(w, "names");
	for (i = 0; i < names.n; i++)
		gb_jsonw_string(w, NULL, names.names[i]);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	gb_names_dispose(&names);
	return cli_write_json(w);
}

static int record(int argc, const char **argv, const struct record_opts *o)
{
	gb_adapter_run_options ro = GB_ADAPTER_RUN_OPTIONS_INIT;
	cli_repo r;
	gb_run *run = NULL;
	gb_buf path = GB_BUF_INIT;
	git_oid commit, head;
	bool dirty = false, copy = false, json;
	int code;

	if ((code = cli_text_or_json(&json, o->output)) != 0 ||
	    (code = cli_repo_open(&r)) != 0)
		return code;
	code = EXIT_USAGE;
	if (gb_revision_resolve(&commit, r.store, o->commit ? o->commit : "HEAD") < 0)
		goto fail;
	/* Results on disk were measured on the work tree: they belong to HEAD
	 * only if the work tree is HEAD. */
	if (!o->allow_dirty &&
	    gb_repo_resolve_commit(&head, r.repo, "HEAD") == 0 &&
	    git_oid_equal(&head, &commit)) {
		if (gb_repo_is_dirty(&dirty, r.repo) < 0)
			goto fail;
		if (dirty) {
			cli_error("the work tree has uncommitted changes to tracked "
				  "files, so the results would not match %s; commit "
				  "first or use --allow-dirty",
				o->commit ? o->commit : "HEAD");
			goto done;
		}
	}
	if ((argc > 0 ? gb_buf_puts(&path, argv[0])
		      : gb_adapter_results_path(&path, NULL, r.config,
			      git_repository_workdir(r.repo))) < 0)
		goto fail;
	ro.format = o->format;
	if (!o->format && gb_adapter_config_format(&ro.format, r.config) < 0)
		goto fail;
	ro.label = o->label;
	ro.config = r.config;
	ro.all = o->all;
	if (gb_adapter_read_run(&run, path.ptr, &commit, &ro) < 0)
		goto fail;
	if (!o->all && (code = leave_out_recorded(&r, run,
			  argc > 0 ? argv[0] : path.ptr)) != 0)
		goto done;
	if ((code = warn_copy(&copy, &r, run)) != 0)
		goto done;
	code = EXIT_USAGE;
	if (gb_store_append(r.store, &run, 1) < 0)
		goto fail;
	code = EXIT_CLEAN;
	if (json)
		code = report_json(run, argc > 0 ? argv[0] : path.ptr, copy);
	else if (!o->quiet)
		report(&r, run, argc > 0 ? argv[0] : path.ptr);
	goto done;
fail:
	cli_error_last();
done:
	gb_run_free(run);
	gb_buf_dispose(&path);
	cli_repo_close(&r);
	return code;
}

/*
 * The formats known, for -h: a paragraph that fits 80 columns, since there
 * are too many for the option's own line.
 */
static const char *formats_help(gb_buf *out)
{
	const gb_format_info *f;
	size_t n, i, col;

	f = gb_adapter_formats(&n);
	gb_buf_puts(out, "Formats (--format; auto detects the format from the "
		"content):\n   ");
	col = 3;
	for (i = 0; i < n; i++) {
		size_t w = strlen(f[i].name) + (i + 1 < n ? 1 : 0);

		if (col + 1 + w > 78) {
			gb_buf_puts(out, "\n   ");
			col = 3;
		}
		gb_buf_printf(out, " %s%s", f[i].name, i + 1 < n ? "," : "");
		col += 1 + w;
	}
	gb_buf_puts(out, "\nEach one, and what is read from it: docs/formats.md.");
	return out->ptr ? out->ptr : "";
}

#define RECORD_OPTIONS(o)                                                     \
	OPT_STRING(0, "commit", &(o).commit, "<rev>",                         \
		"the commit measured (default: HEAD)"),                       \
	OPT_STRING('f', "format", &(o).format, "<format>",                    \
		"format of the results (default: bench.format, auto)"),       \
	OPT_STRING(0, "output-format", &(o).output, "<format>",               \
		"what was recorded, as " CLI_TEXT_JSON_HELP),                 \
	OPT_BOOL(0, "allow-dirty", &(o).allow_dirty,                          \
		"record even if tracked files are modified"),     \
	OPT_BOOL(0, "all", &(o).all,                                          \
		"keep results of earlier runs (a tree's, ones recorded)"),     \
	OPT_BOOL('q', "quiet", &(o).quiet, "print nothing on success")

int cmd_record(int argc, const char **argv)
{
	struct record_opts o = { 0 };
	gb_buf help = GB_BUF_INIT;
	const struct cli_option opts[] = {
		OPT_STRING('l', "label", &o.label, "<label>",
			"label of the run, e.g. v0.1.0"),
		RECORD_OPTIONS(o),
		OPT_GROUP(formats_help(&help)),
		OPT_END(),
	};
	int code;

	argc = cli_parse_options(argc, argv, opts, record_usage, 0);
	code = argc > 1 ? cli_usage_error(record_usage, opts, "too many arguments")
			: record(argc, argv, &o);
	gb_buf_dispose(&help);
	return code;
}

int cmd_baseline(int argc, const char **argv)
{
	struct record_opts o = { 0 };
	const char *version = NULL;
	gb_buf help = GB_BUF_INIT;
	const struct cli_option opts[] = {
		OPT_STRING(0, "version", &version, "<version>",
			"the version these results are the baseline of"),
		RECORD_OPTIONS(o),
		OPT_GROUP(formats_help(&help)),
		OPT_END(),
	};
	int code;

	argc = cli_parse_options(argc, argv, opts, baseline_usage, 0);
	o.label = version;
	if (!version)
		code = cli_usage_error(baseline_usage, opts,
			"--version is required");
	else if (argc > 1)
		code = cli_usage_error(baseline_usage, opts, "too many arguments");
	else
		code = record(argc, argv, &o);
	gb_buf_dispose(&help);
	return code;
}
