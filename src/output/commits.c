/* The listing of measured commits, a line each, as log --commits has it. */
#include <git2.h>

#include "gitbench/date.h"
#include "gitbench/escape.h"
#include "gitbench/names.h"
#include "gitbench/repo.h"
#include "gitbench/waiver.h"
#include "output/output_int.h"

/*
 * Distinct benchmarks over the runs (one in several measures counts
 * once), and the first label.
 */
static size_t count_benchmarks(const gb_runlist *runs, const char **label)
{
	gb_names names = { NULL, 0, 0, NULL };
	size_t i, n;

	*label = NULL;
	for (i = 0; i < runs->count && !*label; i++)
		*label = runs->runs[i]->label;
	if (gb_names_add_runs(&names, runs) < 0)
		gb_error_clear(); /* a listing: as many as were counted */
	n = names.n;
	gb_names_dispose(&names);
	return n;
}

/* What the commit's Bench-Accept trailers accept, a line each under it. */
static void waiver_lines(gb_buf *out, git_commit *c)
{
	gb_waivers w = { 0 };
	size_t i;

	if (gb_waivers_read_message(&w, git_commit_message(c),
		    git_commit_id(c)) < 0)
		gb_error_clear(); /* a listing, not a check: shown as far as read */
	for (i = 0; i < w.n; i++) {
		gb_buf_puts(out, "    accepts ");
		gb_escape_text(out, w.v[i].pattern);
		if (w.v[i].measure) {
			gb_buf_puts(out, " [");
			gb_escape_text(out, w.v[i].measure);
			gb_buf_putc(out, ']');
		}
		if (w.v[i].reason) {
			gb_buf_puts(out, ": ");
			gb_escape_text(out, w.v[i].reason);
		}
		gb_buf_putc(out, '\n');
	}
	gb_waivers_dispose(&w);
}

/* A label takes at most this share of the line, the subject the rest. */
#define LABEL_MAX_CELLS 24

int gb_output_commit_line(gb_buf *out, git_repository *repo,
	const git_oid *commit, const gb_runlist *runs, bool damaged,
	size_t width)
{
	const char *label = NULL;
	git_commit *c = NULL;
	size_t n, start = out->size, used;
	int error;

	if ((error = git_commit_lookup(&c, repo, commit)) < 0)
		return gb_error_git(error, "cannot read a measured commit");
	gb_repo_short_id_buf(out, repo, commit);
	gb_buf_putc(out, ' ');
	gb_date_format(out, git_commit_time(c), GB_DATE_DAY);
	gb_buf_putc(out, ' ');
	if (damaged) {
		gb_buf_puts(out, " damaged results ");
	} else {
		n = count_benchmarks(runs, &label);
		gb_buf_printf(out, "%3zu benchmark%s", n, n == 1 ? " " : "s");
		if (runs->count > 1)
			gb_buf_printf(out, " (%zu runs)", runs->count);
		gb_buf_putc(out, ' ');
	}
	if (!width)
		width = 80;
	if (label) {
		gb_buf_puts(out, " (");
		gb_text_fit(out, label, LABEL_MAX_CELLS);
		gb_buf_puts(out, ")");
	}
	gb_buf_putc(out, ' ');
	used = gb_text_width(out->ptr + start);
	if (used < width)
		gb_text_fit(out, git_commit_summary(c) ? git_commit_summary(c) : "",
			width - used);
	gb_buf_putc(out, '\n');
	waiver_lines(out, c);
	git_commit_free(c);
	return out->ptr ? 0 : GB_ERROR;
}
