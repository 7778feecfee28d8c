/* git bench report: the history as one self-contained HTML page. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *const report_usage[] = {
	"git bench report [<options>] [<range>]",
	NULL,
};

struct report_flags {
	const char *output, *pattern, *machine, *estimator, *title;
	int any_machine, quiet;
};

/* The current side of the comparison: the newest measured commit. */
static int summary_head(cli_cmp *c, const git_oid *newest,
	const struct report_flags *f)
{
	if (gb_store_read(&c->head, c->r.store, newest, NULL) < 0)
		return GB_ERROR;
	git_oid_cpy(&c->head_commit, newest);
	if (f->machine) {
		if (!(c->machine = strdup(f->machine)))
			return gb_error_set(GB_ERROR, "out of memory");
		gb_runlist_keep_machine(&c->head, c->machine);
	} else if (cli_cmp_machine(c, f->any_machine) != 0) {
		return GB_ERROR;
	}
	return c->head.count ? 0 : GB_ENOTFOUND;
}

/*
 * The baseline `git bench compare` would take (the merge-base with the
 * upstream, or bench.baseline), else, when there is none or it is the
 * newest commit itself, the measured commit before it.
 */
static int summary_base(cli_cmp *c, gb_buf *how)
{
	git_commit *head = NULL;
	git_oid start;
	int error;

	if (gb_baseline_default(&start, how, c->r.repo, &c->head_commit,
		    gb_config_get(c->r.config, "bench.baseline", NULL)) == 0 &&
	    gb_baseline_find(&c->base, c->r.store, &start, c->machine,
		    GB_BASELINE_MAX_DISTANCE) == 0) {
		if (!git_oid_equal(&c->base.commit, &c->head_commit))
			return 0;
		gb_baseline_dispose(&c->base);
	}
	gb_buf_clear(how);
	if (git_commit_lookup(&head, c->r.repo, &c->head_commit) < 0 ||
	    git_commit_parentcount(head) == 0) {
		git_commit_free(head);
		return GB_ENOTFOUND;
	}
	git_oid_cpy(&start, git_commit_parent_id(head, 0));
	git_commit_free(head);
	error = gb_baseline_find(&c->base, c->r.store, &start, c->machine,
		GB_BASELINE_MAX_DISTANCE);
	if (error == 0) {
		gb_buf_puts(how, "the measured commit before");
		c->base.distance++; /* counted from the newest commit */
	}
	return error;
}

/* The comparison at the top of the page; the page goes without it. */
static void summarize(gb_report *rep, cli_cmp *c, const struct report_flags *f)
{
	gb_report_stats st;
	gb_report_summary s;
	gb_buf how = GB_BUF_INIT;

	gb_report_get_stats(&st, rep);
	if (!st.newest || summary_head(c, st.newest, f) < 0 ||
	    summary_base(c, &how) < 0) {
		gb_error_clear();
		goto done;
	}
	c->have_base = true;
	if (cli_cmp_run(c) != 0)
		goto done;
	memset(&s, 0, sizeof(s));
	s.comparison = &c->result;
	s.opts = &c->opts;
	git_oid_cpy(&s.base, &c->base.commit);
	git_oid_cpy(&s.head, &c->head_commit);
	s.base_how = how.ptr;
	s.base_distance = c->base.distance;
	s.machine = c->machine;
	if (gb_report_set_summary(rep, &s) < 0)
		cli_warning("no comparison at the top: %s", gb_error_last()->message);
done:
	gb_buf_dispose(&how);
}

/* Through a temporary file, so a failed write leaves no half page. */
static int write_page(const char *path, const gb_buf *page)
{
	gb_buf tmp = GB_BUF_INIT;
	FILE *fp;
	int code = 0;

	if (!strcmp(path, "-"))
		return cli_write(page) ? 0 : cli_error("cannot write output");
	gb_buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if (!(fp = fopen(tmp.ptr, "wb"))) {
		code = cli_error("cannot write %s: %s", path, strerror(errno));
		goto done;
	}
	if (fwrite(page->ptr, 1, page->size, fp) != page->size || fflush(fp) != 0 ||
	    ferror(fp)) {
		code = cli_error("cannot write %s: %s", path, strerror(errno));
		fclose(fp);
		unlink(tmp.ptr);
		goto done;
	}
	if (fclose(fp) != 0 || rename(tmp.ptr, path) != 0) {
		code = cli_error("cannot write %s: %s", path, strerror(errno));
		unlink(tmp.ptr);
	}
done:
	gb_buf_dispose(&tmp);
	return code;
}

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
	gb_buf_printf(&out, " (%zu KiB): %zu benchmark%s, %zu measured commit%s, "
		"%zu machine%s, %zu change point%s, %zu regression%s\n",
		(size + 1023) / 1024, st.benchmarks, st.benchmarks == 1 ? "" : "s",
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

static int build(cli_cmp *c, const char *spec, const struct report_flags *f)
{
	gb_report_options ro = GB_REPORT_OPTIONS_INIT;
	gb_changepoint_options cp;
	gb_buf title = GB_BUF_INIT, page = GB_BUF_INIT;
	gb_report *rep = NULL;
	cli_range range;
	int code;

	if ((code = cli_parse_range(&range, c->r.repo, spec)) != 0)
		return code;
	/* The change points log shows, with the same settings. */
	if (gb_changepoint_options_load(&cp, c->r.config) < 0)
		return cli_error_last();
	ro.changepoint = &cp;
	if (f->title)
		gb_buf_puts(&title, f->title);
	else
		default_title(&title, c->r.repo);
	ro.title = title.ptr;
	ro.range = range.spec;
	ro.pattern = f->pattern;
	ro.machine = f->machine;
	ro.any_machine = f->any_machine;
	ro.hide = range.has_hide ? &range.hide : NULL;
	ro.compare = &c->opts;
	/* The report reads every note twice (machines, then series): keep the
	 * blobs libgit2 inflates so the second read costs nothing. */
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB,
		(size_t)4 << 20);
	if (gb_report_collect(&rep, c->r.store, &range.start, &ro) < 0) {
		code = cli_error_last();
		goto done;
	}
	summarize(rep, c, f);
	if (gb_report_html(&page, rep) < 0) {
		code = cli_error_last();
		goto done;
	}
	if ((code = write_page(f->output, &page)) == 0 && !f->quiet &&
	    strcmp(f->output, "-"))
		say_written(f->output, rep, page.size);
done:
	gb_report_free(rep);
	gb_buf_dispose(&page);
	gb_buf_dispose(&title);
	return code;
}

int cmd_report(int argc, const char **argv)
{
	struct report_flags f = { "bench-report.html", NULL, NULL, NULL, NULL, 0, 0 };
	const struct cli_option opts[] = {
		OPT_STRING('o', "output", &f.output, "<file>",
			"write the page here (default bench-report.html; - for standard output)"),
		OPT_STRING(0, "bench", &f.pattern, "<pattern>",
			"only benchmarks matching (substring, or glob with * ? [)"),
		OPT_STRING(0, "machine", &f.machine, "<key>",
			"only results of this machine (default: each machine, selectable)"),
		OPT_BOOL(0, "any-machine", &f.any_machine,
			"every machine's results in one series"),
		OPT_STRING(0, "estimator", &f.estimator, "<mean|median>",
			"estimate charted (default: bench.estimator, mean)"),
		OPT_STRING(0, "title", &f.title, "<text>",
			"the page's title (default: Benchmarks of <directory>)"),
		OPT_BOOL('q', "quiet", &f.quiet, "say nothing when the page is written"),
		OPT_END(),
	};
	cli_cmp c;
	int code;

	argc = cli_parse_options(argc, argv, opts, report_usage, 0);
	if (argc > 1)
		return cli_usage_error(report_usage, opts, "too many arguments");
	if (f.machine && f.any_machine)
		return cli_usage_error(report_usage, opts,
			"--machine and --any-machine exclude each other");
	if (!*f.output)
		return cli_usage_error(report_usage, opts, "--output needs a file name");
	if ((code = cli_cmp_open(&c)) == 0) {
		c.opts.pattern = f.pattern;
		if (f.estimator && gb_estimator_parse(&c.opts.estimator, f.estimator) < 0)
			code = cli_error_last();
		else
			code = build(&c, argc ? argv[0] : NULL, &f);
	}
	cli_cmp_close(&c);
	return code;
}
