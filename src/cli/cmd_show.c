/* git bench show: the results recorded for one commit. */
#include <math.h>
#include <string.h>

#include "cli.h"

static const char *const show_usage[] = {
	"git bench show [--format <format>] [<rev>]",
	NULL,
};

void cli_json_run(gb_jsonw *w, const gb_run *run, bool samples)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, k;

	git_oid_tostr(hex, sizeof(hex), &run->commit);
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "id", run->id);
	gb_jsonw_string(w, "commit", hex);
	gb_jsonw_number(w, "time", (double)run->time);
	gb_jsonw_string(w, "label", run->label);
	gb_jsonw_string(w, "machine", run->machine);
	gb_jsonw_string(w, "format", run->format);
	gb_jsonw_object(w, "env");
	gb_jsonw_string(w, "host", run->env.host);
	gb_jsonw_string(w, "os", run->env.os);
	gb_jsonw_string(w, "arch", run->env.arch);
	gb_jsonw_string(w, "cpu", run->env.cpu);
	gb_jsonw_number(w, "cores", run->env.cores ? run->env.cores : NAN);
	gb_jsonw_string(w, "toolchain", run->env.toolchain);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "results");
	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];

		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "name", r->name);
		gb_jsonw_string(w, "unit", r->unit);
		gb_jsonw_string(w, "direction",
			r->direction == GB_HIGHER_IS_BETTER ? "higher" : "lower");
		gb_jsonw_number(w, "mean", r->mean);
		gb_jsonw_number(w, "median", r->median);
		gb_jsonw_number(w, "stddev", r->stddev);
		gb_jsonw_number(w, "min", r->min);
		gb_jsonw_number(w, "max", r->max);
		gb_jsonw_number(w, "slope", r->slope);
		gb_jsonw_number(w, "count", r->count ? (double)r->count : NAN);
		gb_jsonw_number(w, "iterations",
			r->iterations ? (double)r->iterations : NAN);
		if (samples) {
			gb_jsonw_array(w, "samples");
			for (k = 0; k < r->nsamples; k++)
				gb_jsonw_number(w, NULL, r->samples[k]);
			gb_jsonw_end(w);
		}
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

static void env_line(gb_buf *out, const gb_run *run)
{
	const char *parts[] = { run->env.os, run->env.arch, run->env.cpu };
	size_t i, n = 0;

	gb_escape_text(out, run->machine);
	for (i = 0; i < 3; i++) {
		if (!parts[i])
			continue;
		gb_buf_puts(out, n++ ? ", " : " (");
		gb_escape_text(out, parts[i]);
	}
	if (run->env.cores)
		gb_buf_printf(out, "%s%u core%s", n++ ? ", " : " (", run->env.cores,
			run->env.cores == 1 ? "" : "s");
	if (n)
		gb_buf_putc(out, ')');
}

static void show_run(gb_buf *out, const gb_run *run, int64_t now)
{
	size_t i;

	if (run->label) {
		gb_buf_puts(out, "Label:    ");
		gb_escape_text(out, run->label);
		gb_buf_putc(out, '\n');
	}
	gb_buf_puts(out, "Date:     ");
	gb_date_relative(out, run->time, now);
	gb_buf_puts(out, " (");
	gb_date_format(out, run->time, GB_DATE_LOCAL);
	gb_buf_puts(out, ")\nMachine:  ");
	env_line(out, run);
	gb_buf_printf(out, "\nRun:      %s (", run->id);
	gb_escape_text(out, run->format ? run->format : "unknown");
	gb_buf_printf(out, ")\n\nBenchmarks (%zu):\n", run->nresults);
	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];

		gb_buf_puts(out, "  \xe2\x80\xa2 ");
		gb_escape_text(out, r->name);
		gb_buf_puts(out, " - ");
		gb_units_format(out, r->mean, r->unit);
		if (!isnan(r->stddev)) {
			gb_buf_puts(out, " (\xc2\xb1");
			gb_units_format_as(out, r->stddev, r->unit, r->mean);
			gb_buf_putc(out, ')');
		}
		gb_buf_putc(out, '\n');
	}
}

static int show_json(gb_buf *out, const gb_runlist *runs, const char *hex,
	bool samples)
{
	gb_jsonw *w = NULL;
	size_t i;
	int error;

	if ((error = gb_jsonw_new(&w)) < 0)
		return error;
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "commit", hex);
	gb_jsonw_array(w, "runs");
	for (i = 0; i < runs->count; i++)
		cli_json_run(w, runs->runs[i], samples);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	error = gb_jsonw_finish(w, out, true);
	gb_jsonw_free(w);
	return error;
}

int cmd_show(int argc, const char **argv)
{
	const char *format = "text";
	int samples = 0;
	const struct cli_option opts[] = {
		OPT_STRING(0, "format", &format, "<format>",
			"text (default) or json"),
		OPT_BOOL(0, "samples", &samples,
			"with --format json, include the raw samples"),
		OPT_END(),
	};
	gb_runlist runs = { 0 };
	gb_buf out = GB_BUF_INIT;
	cli_repo r;
	git_oid commit;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int code;

	argc = cli_parse_options(argc, argv, opts, show_usage, 0);
	if (argc > 1)
		return cli_usage_error(show_usage, opts, "too many arguments");
	if (strcmp(format, "text") && strcmp(format, "json"))
		return cli_usage_error(show_usage, opts,
			"unknown format '%s' (text or json)", format);
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_repo_resolve_commit(&commit, r.repo, argc ? argv[0] : "HEAD") < 0 ||
	    gb_store_read(&runs, r.store, &commit, NULL) < 0) {
		code = cli_error_last();
		goto done;
	}
	git_oid_tostr(hex, sizeof(hex), &commit);
	if (!strcmp(format, "json")) {
		if (show_json(&out, &runs, hex, samples) < 0)
			code = cli_error_last();
		else
			cli_write(&out);
		goto done;
	}
	for (i = 0; i < runs.count; i++) {
		if (i)
			gb_buf_putc(&out, '\n');
		gb_buf_printf(&out, "commit %s\n", hex);
		show_run(&out, runs.runs[i], gb_date_now_us() / 1000000);
	}
	cli_write(&out);
done:
	gb_buf_dispose(&out);
	gb_runlist_dispose(&runs);
	cli_repo_close(&r);
	return code;
}
