/* git bench log: measured commits along first parents. */
#include <string.h>
#include <time.h>

#include "cli.h"

static const char *const log_usage[] = {
	"git bench log [<options>] [<rev>]",
	NULL,
};

/* Distinct benchmark names over the runs, and the first label. */
static size_t count_results(const gb_runlist *runs, const char **label)
{
	size_t i, j, k, n = 0;

	*label = NULL;
	for (i = 0; i < runs->count; i++) {
		const gb_run *run = runs->runs[i];

		if (!*label && run->label)
			*label = run->label;
		for (j = 0; j < run->nresults; j++) {
			const char *name = run->results[j].name;
			bool seen = false;

			for (k = 0; k < i && !seen; k++)
				seen = gb_run_find(runs->runs[k], name) != NULL;
			n += !seen;
		}
	}
	return n;
}

static void log_line(gb_buf *out, cli_repo *r, git_commit *c,
	const gb_runlist *runs, bool damaged)
{
	time_t t = (time_t)git_commit_time(c);
	const char *label = NULL;
	struct tm tm;
	char date[16] = "";
	size_t n;

	localtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%d", &tm);
	cli_short_id(out, r->repo, git_commit_id(c));
	gb_buf_printf(out, " %s ", date);
	if (damaged) {
		gb_buf_puts(out, " damaged results ");
	} else {
		n = count_results(runs, &label);
		gb_buf_printf(out, "%3zu result%s", n, n == 1 ? " " : "s");
		if (runs->count > 1)
			gb_buf_printf(out, " (%zu runs)", runs->count);
		gb_buf_putc(out, ' ');
	}
	if (label) {
		gb_buf_puts(out, " (");
		gb_escape_text(out, label);
		gb_buf_puts(out, ")");
	}
	gb_buf_putc(out, ' ');
	gb_escape_text(out, git_commit_summary(c) ? git_commit_summary(c) : "");
	gb_buf_putc(out, '\n');
}

static int walk(cli_repo *r, const git_oid *start, long max)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	git_revwalk *walk = NULL;
	gb_buf out = GB_BUF_INIT;
	git_oid id;
	long shown = 0;
	int error, code = EXIT_CLEAN;

	dopts.skip_samples = true;
	if ((error = git_revwalk_new(&walk, r->repo)) < 0 ||
	    (error = git_revwalk_push(walk, start)) < 0 ||
	    (error = git_revwalk_simplify_first_parent(walk)) < 0) {
		git_revwalk_free(walk);
		return cli_error("cannot walk history: %s", gb_git_error());
	}
	while ((max < 0 || shown < max) && git_revwalk_next(&id, walk) == 0) {
		gb_runlist runs = { 0 };
		git_commit *c = NULL;
		int has = gb_store_has(r->store, &id);
		bool damaged = false;

		if (has < 0) {
			code = cli_error_last();
			break;
		}
		if (!has)
			continue;
		if (gb_store_read(&runs, r->store, &id, &dopts) < 0) {
			cli_warning("%s", gb_error_last()->message);
			damaged = true;
		}
		if (git_commit_lookup(&c, r->repo, &id) == 0) {
			log_line(&out, r, c, &runs, damaged);
			git_commit_free(c);
		}
		gb_runlist_dispose(&runs);
		shown++;
		/* Stream: a long history shows its first lines at once. */
		if (out.size > 8192) {
			cli_write(&out);
			gb_buf_clear(&out);
		}
	}
	cli_write(&out);
	gb_buf_dispose(&out);
	git_revwalk_free(walk);
	return code;
}

int cmd_log(int argc, const char **argv)
{
	long max = -1;
	const struct cli_option opts[] = {
		OPT_INT('n', "max-count", &max, "<n>",
			"show at most <n> measured commits"),
		OPT_END(),
	};
	cli_repo r;
	git_oid start;
	int code;

	argc = cli_parse_options(argc, argv, opts, log_usage, 0);
	if (argc > 1)
		return cli_usage_error(log_usage, opts, "too many arguments");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_repo_resolve_commit(&start, r.repo, argc ? argv[0] : "HEAD") < 0)
		code = cli_error_last();
	else
		code = walk(&r, &start, max);
	cli_repo_close(&r);
	return code;
}
