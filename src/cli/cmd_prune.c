/* git bench prune: retention of runs, by count or by age. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "terminal.h"

static const char *const prune_usage[] = {
	"git bench prune (--keep <n> | --older-than <date>) [<options>]",
	NULL,
};

static void list_removed(gb_buf *out, cli_repo *r, const gb_prune_result *p)
{
	size_t i;

	for (i = 0; i < p->nremoved; i++) {
		const gb_prune_entry *e = &p->removed[i];

		gb_buf_printf(out, "  %s ", e->id);
		gb_repo_short_id_buf(out, r->repo, &e->commit);
		gb_buf_putc(out, ' ');
		gb_date_format(out, e->time, GB_DATE_DAY);
		/* "  <run id> <commit> <date> (": 60 columns; the label the
		 * rest of the line. */
		if (e->label) {
			size_t w = cli_terminal_width();

			gb_buf_puts(out, " (");
			gb_output_text_fit(out, e->label, w > 70 ? w - 63 : 8);
			gb_buf_putc(out, ')');
		}
		gb_buf_putc(out, '\n');
	}
}

static void report(gb_buf *out, cli_repo *r, const gb_prune_result *p,
	const gb_prune_options *o)
{
	size_t n = p->nremoved;

	if (o->dry_run && n) {
		gb_buf_printf(out, "Would prune %zu run%s %s; %zu would stay\n", n,
			n == 1 ? "" : "s", p->criteria, p->kept);
		list_removed(out, r, p);
	} else if (!n) {
		gb_buf_printf(out, "Nothing to prune: %zu run%s, none %s\n", p->kept,
			p->kept == 1 ? "" : "s", p->criteria);
	} else {
		gb_buf_printf(out, "Pruned %zu run%s %s; %zu left, %zu note%s "
				   "rewritten\n", n, n == 1 ? "" : "s", p->criteria,
			p->kept, p->notes, p->notes == 1 ? "" : "s");
	}
	if (p->spared)
		gb_buf_printf(out, "Kept %zu older run%s for %s label (--labelled "
				   "prunes them too)\n", p->spared,
			p->spared == 1 ? "" : "s", p->spared == 1 ? "its" : "their");
	if (p->damaged)
		gb_buf_printf(out, "Left %zu record%s that cannot be read\n",
			p->damaged, p->damaged == 1 ? "" : "s");
	if (p->rewritten)
		gb_buf_puts(out, "Rewrote the history and the notes as root commits; "
				 "'git gc --prune=now' drops what they no longer hold\n");
}

static int parse_limits(gb_prune_options *o, long keep, const char *older)
{
	if (keep != LONG_MIN) {
		if (keep < 0)
			return cli_error("--keep must be 0 or more");
		o->by_count = true;
		o->keep = (size_t)keep;
	}
	if (older) {
		if (gb_date_parse(&o->older_than, older,
			    gb_date_now_us() / 1000000) < 0)
			return cli_error("--older-than: %s", gb_error_last()->message);
		o->by_age = true;
	}
	return 0;
}

int cmd_prune(int argc, const char **argv)
{
	gb_prune_options o = GB_PRUNE_OPTIONS_INIT;
	gb_prune_result p;
	const char *older = NULL;
	long keep = LONG_MIN;
	int labelled = 0, rewrite = 0, dry_run = 0, code;
	const struct cli_option opts[] = {
		OPT_INT(0, "keep", &keep, "<n>", "keep the <n> most recent runs"),
		OPT_STRING(0, "older-than", &older, "<date>",
			"remove runs recorded before <date> (2026-01-01, '30 days ago')"),
		OPT_BOOL(0, "labelled", &labelled,
			"remove labelled runs too (kept by default: they are baselines)"),
		OPT_BOOL(0, "rewrite", &rewrite,
			"also drop the old history commits, so git gc can collect them"),
		OPT_BOOL('n', "dry-run", &dry_run, "list what would go, change nothing"),
		OPT_END(),
	};
	gb_buf out = GB_BUF_INIT;
	cli_repo r;

	argc = cli_parse_options(argc, argv, opts, prune_usage, 0);
	if (argc > 0)
		return cli_usage_error(prune_usage, opts, "too many arguments");
	if (keep == LONG_MIN && !older)
		return cli_usage_error(prune_usage, opts,
			"say what to keep: --keep <n> or --older-than <date>");
	if ((code = parse_limits(&o, keep, older)) != 0)
		return code;
	o.labelled = labelled;
	o.rewrite = rewrite;
	o.dry_run = dry_run;
	cli_narrow_pack_windows();
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_store_prune(&p, r.store, &o) < 0) {
		code = cli_error_last();
	} else {
		report(&out, &r, &p, &o);
		cli_write(&out);
		gb_prune_result_dispose(&p);
	}
	gb_buf_dispose(&out);
	cli_repo_close(&r);
	return code;
}
