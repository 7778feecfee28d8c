/*
 * git bench export: every run of a range as flat rows, one per run and
 * benchmark, in CSV or JSON (docs/export.md). Rows are written as each
 * commit is read, so a long history never sits in memory.
 */
#include <stdio.h>
#include <stdlib.h>

#include "commands.h"
#include "flags.h"
#include "messages.h"
#include "options.h"
#include "range.h"
#include "repo.h"
#include "terminal.h"

static const char *const export_usage[] = {
	"git bench export [<options>] [<range>]",
	NULL,
};

struct export_ctx {
	gb_output_options o;
	const char *pattern, *machine, *measure;
	gb_selector sel;
	cli_repo *r;
	gb_buf out;
	size_t rows;
};

static bool want_selected(const char *name, size_t len, void *payload)
{
	(void)len;
	return gb_selector_name(payload, name);
}

/* The rows of one commit, then out to stdout when enough have gathered. */
static int export_commit(struct export_ctx *x, const git_oid *id)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	gb_runlist runs = { 0 };
	git_commit *c = NULL;
	int code = 0;

	dopts.skip_samples = true;
	if (x->pattern) {
		dopts.want = want_selected;
		dopts.payload = &x->sel;
	}
	if (gb_store_read(&runs, x->r->store, id, &dopts) < 0) {
		cli_warning("%s", gb_error_last()->message);
		goto done;
	}
	if (git_commit_lookup(&c, x->r->repo, id) < 0) {
		code = cli_error("cannot read a measured commit: %s",
			gb_repo_git_error());
		goto done;
	}
	gb_runlist_keep_machine(&runs, x->machine);
	gb_selector_keep(&x->sel, &runs);
	if (gb_output_export_runs(&x->out, &x->rows, &runs, git_commit_time(c),
		    &x->o) < 0)
		code = cli_error_last();
	if (!code && x->out.size > 65536) {
		if (!cli_write(&x->out))
			code = cli_error("cannot write output");
		gb_buf_clear(&x->out);
	}
done:
	git_commit_free(c);
	gb_runlist_dispose(&runs);
	return code;
}

typedef struct {
	git_oid *ids;
	size_t n, alloc;
} id_list;

static int add_id(const gb_measured_commit *mc, void *payload)
{
	id_list *l = payload;

	if (l->n == l->alloc) {
		size_t alloc = l->alloc ? l->alloc * 2 : 256;
		git_oid *p = realloc(l->ids, alloc * sizeof(*p));

		if (!p)
			return gb_error_set(GB_ERROR, "out of memory");
		l->ids = p;
		l->alloc = alloc;
	}
	git_oid_cpy(&l->ids[l->n++], mc->commit);
	return 0;
}

static int export_range(struct export_ctx *x, const char *spec)
{
	gb_walk_options wo;
	id_list l = { NULL, 0, 0 };
	cli_range range;
	size_t i;
	int code;

	if ((code = cli_parse_range(&range, x->r->store, spec)) != 0)
		return code;
	cli_range_walk(&wo, &range);
	/* The walk goes newest first; a spreadsheet reads a history oldest
	 * first: the ids alone are kept, then read back in turn. */
	if (gb_store_measured_foreach(x->r->store, &range.start, &wo, add_id,
		    &l) < 0 ||
	    gb_output_export_begin(&x->out, &x->o) < 0)
		code = cli_error_last();
	for (i = l.n; i > 0 && !code; i--)
		code = export_commit(x, &l.ids[i - 1]);
	if (!code && gb_output_export_end(&x->out, x->rows, &x->o) < 0)
		code = cli_error_last();
	if (!code && !cli_write(&x->out))
		code = cli_error("cannot write output");
	free(l.ids);
	return code;
}

int cmd_export(int argc, const char **argv)
{
	const char *format = NULL;
	struct export_ctx x = { GB_OUTPUT_OPTIONS_INIT, NULL, NULL, NULL,
				GB_SELECTOR_INIT, NULL, GB_BUF_INIT, 0 };
	const struct cli_option opts[] = {
		OPT_STRING(0, "format", &format, "<format>",
			cli_format_help(GB_OUTPUT_EXPORT)),
		CLI_BENCH_FLAG(x.pattern),
		CLI_MEASURE_FLAG(x.measure),
		OPT_STRING(0, "machine", &x.machine, "<key>",
			"only runs of this machine"),
		OPT_END(),
	};
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, export_usage, 0);
	if (argc > 1)
		return cli_usage_error(export_usage, opts, "too many arguments");
	if (gb_output_format_parse(&x.o.format, GB_OUTPUT_EXPORT, format) < 0)
		return cli_usage_error(export_usage, opts, "%s",
			gb_error_last()->message);
	if (gb_selector_init(&x.sel, x.pattern, x.measure) < 0)
		return cli_error_last();
	if ((code = cli_repo_open(&r)) != 0) {
		gb_selector_dispose(&x.sel);
		return code;
	}
	x.r = &r;
	code = export_range(&x, argc ? argv[0] : NULL);
	gb_selector_dispose(&x.sel);
	gb_buf_dispose(&x.out);
	cli_repo_close(&r);
	return code;
}
