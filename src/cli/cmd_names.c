/*
 * git bench names: the benchmark names recorded at a commit, one a line,
 * for scripts and for shell completion of --bench. Fast on purpose: one
 * note is read, the nearest measured first-parent ancestor's when the
 * commit itself has none.
 */
#include <string.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "terminal.h"

static const char *const names_usage[] = {
	"git bench names [--format <format>] [<rev>]",
	NULL,
};

/* How far back to look: a completion must answer at once. */
#define NAMES_MAX_DISTANCE 100

static bool seen_before(const gb_runlist *runs, size_t upto, const char *name)
{
	size_t i;

	for (i = 0; i < upto; i++)
		if (gb_run_find(runs->runs[i], name))
			return true;
	return false;
}

/* Each name once, in the order first recorded: one a line, or in `w`. */
static void print_names(gb_buf *out, gb_jsonw *w, const gb_runlist *runs)
{
	size_t i, j;

	for (i = 0; i < runs->count; i++)
		for (j = 0; j < runs->runs[i]->nresults; j++) {
			const char *name = runs->runs[i]->results[j].name;

			if (seen_before(runs, i, name))
				continue;
			if (w) {
				gb_jsonw_string(w, NULL, name);
				continue;
			}
			gb_escape_text(out, name);
			gb_buf_putc(out, '\n');
		}
}

/*
 * {"commit": asked, "measured": whose runs named them (null: none within
 * reach), "distance": first-parent steps between, "names": [...]}.
 */
static int write_json(const gb_baseline *found, const git_oid *start)
{
	char hex[GIT_OID_HEXSZ + 1];
	gb_jsonw *w = NULL;

	if (gb_jsonw_new(&w) < 0)
		return cli_error_last();
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "commit", git_oid_tostr(hex, sizeof(hex), start));
	if (found->runs.count) {
		gb_jsonw_string(w, "measured",
			git_oid_tostr(hex, sizeof(hex), &found->commit));
		gb_jsonw_number(w, "distance", (double)found->distance);
	} else {
		gb_jsonw_null(w, "measured");
		gb_jsonw_null(w, "distance");
	}
	gb_jsonw_array(w, "names");
	print_names(NULL, w, &found->runs);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	return cli_write_json(w);
}

int cmd_names(int argc, const char **argv)
{
	const char *format = NULL;
	const struct cli_option opts[] = {
		OPT_STRING(0, "format", &format, "<format>", CLI_TEXT_JSON_HELP),
		OPT_END(),
	};
	gb_baseline found = { 0 };
	gb_buf out = GB_BUF_INIT;
	cli_repo r;
	git_oid start;
	bool json;
	int code;

	argc = cli_parse_options(argc, argv, opts, names_usage, 0);
	if (argc > 1)
		return cli_usage_error(names_usage, opts, "too many arguments");
	if ((code = cli_text_or_json(&json, format)) != 0)
		return code;
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_revision_resolve(&start, r.store, argc ? argv[0] : "HEAD") < 0) {
		code = cli_error_last();
	} else if (gb_baseline_find(&found, r.store, &start, NULL,
			   NAMES_MAX_DISTANCE) < 0) {
		/* Nothing recorded: nothing to name, as `git config --get`;
		 * a script reading JSON gets a document that says so. */
		if (gb_error_last()->code != GB_ENOTFOUND)
			code = cli_error_last();
		else if (!json || (code = write_json(&found, &start)) == 0)
			code = EXIT_CHECK_FAILED;
	} else if (json) {
		code = write_json(&found, &start);
	} else {
		print_names(&out, NULL, &found.runs);
		cli_write(&out);
	}
	gb_baseline_dispose(&found);
	gb_buf_dispose(&out);
	cli_repo_close(&r);
	return code;
}
