/* git bench report: the history as one self-contained HTML page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "range.h"
#include "terminal.h"

static const char *const report_usage[] = {
	"git bench report [<options>] [<range>]",
	NULL,
};

struct report_flags {
	const char *output, *pattern, *machine, *estimator, *title;
	int any_machine, quiet;
	const char *measure;
	const char *window;
	const char *baselines;
};

/* "Benchmarks of <the work tree's directory>" */
static void default_title(gb_buf *out, git_repository *repo)
{
	const char *dir = git_repository_workdir(repo);
	const char *end, *start;

	if (!dir)
		dir = git_repository_commondir(repo);
	end = dir + strlen(dir);
	while (end > dir && end[-1] == '/')
		end--;
	for (start = end; start > dir && start[-1] != '/'; start--)
		;
	gb_buf_puts(out, "Benchmarks of ");
	gb_buf_put(out, start, (size_t)(end - start));
}

static void say_written(const char *path, gb_report *rep, size_t size)
{
	gb_report_stats st;
	gb_buf out = GB_BUF_INIT;

	gb_report_get_stats(&st, rep);
	gb_buf_puts(&out, "Wrote ");
	gb_escape_text(&out, path);
	gb_buf_printf(&out, " (%zu KiB): %zu benchmark%s", (size + 1023) / 1024,
		st.benchmarks, st.benchmarks == 1 ? "" : "s");
	if (st.series != st.benchmarks)
		gb_buf_printf(&out, " (%zu series in all measures)", st.series);
	gb_buf_printf(&out, ", %zu measured commit%s, "
		"%zu machine%s, %zu change point%s, %zu regression%s\n",
		st.commits, st.commits == 1 ? "" : "s", st.machines,
		st.machines == 1 ? "" : "s", st.changepoints,
		st.changepoints == 1 ? "" : "s", st.regressions,
		st.regressions == 1 ? "" : "s");
	if (st.damaged)
		cli_warning("%zu measured commit%s had damaged results", st.damaged,
			st.damaged == 1 ? "" : "s");
	cli_write(&out);
	gb_buf_dispose(&out);
}

/* The comparison at the top of the page; the page goes without it. */
static int summarize(gb_report *rep, const gb_check *c,
	const struct report_flags *f)
{
	gb_check_options co = c->options;
	char **revs = NULL, *storage = NULL;
	size_t i, n = 0;
	int code;

	co.machine = f->machine;
	co.any_machine = f->any_machine;
	if (!f->baselines) {
		if (gb_report_summarize(rep, c->store, &co) < 0)
			cli_warning("no comparison at the top: %s",
				gb_error_last()->message);
		return 0;
	}
	/* The baselines asked for, each its comparison, in their order. */
	code = cli_split_list(&revs, &n, &storage, "--baseline", "revision",
		f->baselines);
	for (i = 0; !code && i < n; i++)
		if (gb_report_summarize_against(rep, c->store, &co, revs[i]) < 0)
			code = cli_error_last();
	free(revs);
	free(storage);
	return code;
}

/* A part of the page, to its file; a failure is the file's to say. */
static int put_part(const gb_buf *part, void *payload)
{
	return cli_file_put(payload, part) ? 0 : GB_ERROR;
}

static int build(gb_check *c, cli_repo *r, const char *spec,
	const struct report_flags *f)
{
	gb_report_options ro = GB_REPORT_OPTIONS_INIT;
	gb_changepoint_options cp;
	gb_buf title = GB_BUF_INIT;
	cli_out_file out;
	size_t written;
	gb_report *rep = NULL;
	cli_range range;
	char *key = NULL;
	int code;

	if ((code = cli_parse_range(&range, r->store, spec)) != 0)
		return code;
	/* The change points log shows, with the same settings. */
	if (gb_changepoint_options_load(&cp, r->config) < 0)
		return cli_error_last();
	ro.changepoint = &cp;
	if (f->title)
		gb_buf_puts(&title, f->title);
	else
		default_title(&title, r->repo);
	ro.title = title.ptr;
	ro.range = range.spec;
	ro.pattern = f->pattern;
	ro.measure = f->measure;
	ro.window = f->window;
	/* An alias (bench.machine.<key>.alias) stands for its key. */
	if (f->machine && gb_machine_resolve(&key, r->config, f->machine) < 0) {
		code = cli_error_last();
		goto done;
	}
	ro.machine = key ? key : f->machine;
	ro.any_machine = f->any_machine;
	ro.hide = range.has_hide ? &range.hide : NULL;
	ro.compare = &c->opts;
	/*
	 * The report reads every note twice (machines, then series): libgit2
	 * may keep the blobs it inflates for the second reading, within 4 MB
	 * of cache in all. On 100,000 runs, 16 MB of them made the report's
	 * peak (72 MB against 58 MB) and no faster: 5.44 s of CPU against
	 * 5.43 s, alternated four times (docs/performance.md).
	 */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB,
		(size_t)4 << 20);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)4 << 20);
	if (gb_report_collect(&rep, r->store, &range.start, &ro) < 0) {
		code = cli_error_last();
		goto done;
	}
	/* The history ends where the clone does. */
	cli_warn_history_cut(r);
	if ((code = summarize(rep, c, f)) != 0)
		goto done;
	/* Written as it is made: the page is never whole in memory. */
	if ((code = cli_file_open(&out, f->output)) != 0)
		goto done;
	if (gb_report_html_parts(rep, put_part, &out) < 0 && !out.failed) {
		code = cli_error_last();
		cli_file_close(&out, false);
		goto done;
	}
	written = out.bytes;
	if ((code = cli_file_close(&out, true)) == 0 && !f->quiet &&
	    strcmp(f->output, "-"))
		say_written(f->output, rep, written);
done:
	gb_report_free(rep);
	gb_buf_dispose(&title);
	free(key);
	return code;
}

int cmd_report(int argc, const char **argv)
{
	struct report_flags f = { "bench-report.html", NULL, NULL, NULL, NULL, 0, 0,
		NULL, NULL, NULL };
	const struct cli_option opts[] = {
		OPT_STRING('o', "output", &f.output, "<file>",
			"write the page here (default bench-report.html; - for standard output)"),
		CLI_BENCH_FLAG(f.pattern),
		CLI_MEASURE_FLAG(f.measure),
		OPT_STRING(0, "machine", &f.machine, "<key>",
			"only results of this machine (default: each machine, selectable)"),
		OPT_BOOL(0, "any-machine", &f.any_machine,
			"every machine's results in one series"),
		OPT_STRING(0, "estimator", &f.estimator, "<mean|median>",
			"estimate charted (default: bench.estimator, mean)"),
		OPT_STRING(0, "baseline", &f.baselines, "<revs>",
			"compare the newest measured commit with each of these "
			"revisions, comma-separated, at the top (default: its "
			"baseline)"),
		OPT_STRING(0, "window", &f.window, "<7d|30d|n>",
			"also chart a rolling mean (or median) over a time "
			"window or the last <n> measured commits"),
		OPT_STRING(0, "title", &f.title, "<text>",
			"the page's title (default: Benchmarks of <directory>)"),
		OPT_BOOL('q', "quiet", &f.quiet, "say nothing when the page is written"),
		OPT_END(),
	};
	gb_check_options co = GB_CHECK_OPTIONS_INIT;
	gb_window window;
	cli_repo r;
	gb_check c;
	int code;

	argc = cli_parse_options(argc, argv, opts, report_usage, 0);
	if (argc > 1)
		return cli_usage_error(report_usage, opts, "too many arguments");
	if (f.machine && f.any_machine)
		return cli_usage_error(report_usage, opts,
			"--machine and --any-machine exclude each other");
	if (!*f.output)
		return cli_usage_error(report_usage, opts, "--output needs a file name");
	if (f.window && gb_window_parse(&window, f.window) < 0)
		return cli_error_last();
	co.pattern = f.pattern;
	co.measure = f.measure;
	co.estimator = f.estimator;
	if ((code = cli_check_open(&c, &r, &co)) == 0)
		code = build(&c, &r, argc ? argv[0] : NULL, &f);
	cli_check_close(&c, &r);
	return code;
}
