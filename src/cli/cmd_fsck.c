/* git bench fsck: check the history and the notes against each other. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "progress.h"
#include "repo.h"
#include "terminal.h"

static const char *const fsck_usage[] = {
	"git bench fsck [--repair]",
	NULL,
};

#define FSCK_HELP \
	"Reads every record of the history ref and every note, and prints one\n" \
	"line per problem: its kind, the commit, the run, the path in the\n" \
	"history tree or the note, and what is wrong. Exit 0 when clean, 1 when\n" \
	"damage was found (after --repair: when some is left), 2 on error.\n" \
	"\n" \
	"A run written to the history whose notes a killed or failed write did\n" \
	"not update is reported as interrupted-write, which is not damage: the\n" \
	"next write, or --repair, completes it. A run missing from the notes\n" \
	"for any other reason (a note removed with git notes) is damage.\n" \
	"\n" \
	"--repair writes one history commit that says what it did: runs found\n" \
	"only in a note go back into the history, a record that cannot be\n" \
	"decoded is restored from a note's copy or kept under damaged/ in the\n" \
	"history tree, never thrown away; then the notes are rebuilt from the\n" \
	"history, and notes on commits that no longer exist are removed."

/* Each phase the library reports gets its own line, drawn as git draws
 * it; only on a terminal, so logs stay clean. */
typedef struct {
	cli_progress *line;
	char what[64];
} fsck_progress;

static void progress(const char *what, size_t done, size_t total, void *p)
{
	fsck_progress *fp = p;

	if (!fp->line || strcmp(fp->what, what) != 0) {
		cli_progress_stop(&fp->line);
		snprintf(fp->what, sizeof(fp->what), "%s", what);
		fp->line = cli_progress_start(what, total);
	}
	cli_progress_update(fp->line, done);
}

static void print_issue(gb_buf *out, cli_repo *r, const gb_fsck_issue *is)
{
	gb_buf_printf(out, "%s commit ", gb_fsck_kind_name(is->kind));
	if (is->has_commit)
		gb_repo_short_id_buf(out, r->repo, &is->commit);
	else
		gb_buf_puts(out, "unknown");
	gb_buf_printf(out, " run %s in ", *is->run_id ? is->run_id : "unknown");
	gb_escape_text(out, is->where);
	gb_buf_puts(out, ": ");
	gb_escape_text(out, is->what);
	gb_buf_putc(out, '\n');
	if (is->repair) {
		gb_buf_puts(out, "    repaired: ");
		gb_escape_text(out, is->repair);
		gb_buf_putc(out, '\n');
	}
}

static void print_summary(gb_buf *out, const gb_fsck_report *rep)
{
	size_t interrupted = rep->nissues - rep->damage;

	gb_buf_printf(out, "Checked %zu record%s in the history and %zu note%s "
		"(%zu record%s): ", rep->records, rep->records == 1 ? "" : "s",
		rep->notes, rep->notes == 1 ? "" : "s", rep->note_records,
		rep->note_records == 1 ? "" : "s");
	if (rep->damage)
		gb_buf_printf(out, "%zu problem%s", rep->damage,
			rep->damage == 1 ? "" : "s");
	else
		gb_buf_puts(out, "no problems");
	if (interrupted)
		gb_buf_printf(out, "; %zu run%s of interrupted writes (not damage)",
			interrupted, interrupted == 1 ? "" : "s");
	gb_buf_putc(out, '\n');
	if (rep->carried)
		gb_buf_printf(out, "%zu record%s carried to rewritten commits by "
			"git (notes.rewriteRef)\n", rep->carried,
			rep->carried == 1 ? "" : "s");
	if (rep->kept)
		gb_buf_printf(out, "%zu blob%s kept under damaged/ by earlier "
			"repairs\n", rep->kept, rep->kept == 1 ? " is" : "s are");
}

static void print_repair(gb_buf *out, cli_repo *r, const gb_fsck_report *rep)
{
	gb_buf_puts(out, "Repaired: ");
	if (rep->wrote_history) {
		gb_buf_puts(out, "history commit ");
		gb_repo_short_id_buf(out, r->repo, &rep->history_commit);
		gb_buf_printf(out, " (%zu run%s put back, %zu blob%s kept under "
			"damaged/), ", rep->restored, rep->restored == 1 ? "" : "s",
			rep->quarantined, rep->quarantined == 1 ? "" : "s");
	}
	gb_buf_printf(out, "%zu note%s rebuilt, %zu removed\n",
		rep->notes_rebuilt, rep->notes_rebuilt == 1 ? "" : "s",
		rep->notes_removed);
}

/* One pass: print what it found (and did); the exit code it deserves. */
static int fsck_pass(cli_repo *r, bool repair, bool *found)
{
	gb_fsck_options opts = GB_FSCK_OPTIONS_INIT;
	gb_fsck_report *rep = NULL;
	fsck_progress fp = { NULL, "" };
	gb_buf out = GB_BUF_INIT;
	size_t i;
	int error;

	opts.repair = repair;
	opts.progress = isatty(STDERR_FILENO) ? progress : NULL;
	opts.payload = &fp;
	error = gb_fsck(&rep, r->store, &opts);
	cli_progress_stop(&fp.line);
	if (error < 0)
		return cli_error_last();
	for (i = 0; i < rep->nissues; i++)
		print_issue(&out, r, &rep->issues[i]);
	print_summary(&out, rep);
	if (repair && rep->repaired)
		print_repair(&out, r, rep);
	cli_write(&out);
	*found = rep->nissues > 0;
	error = rep->damage ? EXIT_CHECK_FAILED : EXIT_CLEAN;
	gb_buf_dispose(&out);
	gb_fsck_report_free(rep);
	return error;
}

int cmd_fsck(int argc, const char **argv)
{
	int repair = 0;
	const struct cli_option opts[] = {
		OPT_BOOL(0, "repair", &repair,
			"repair what is found (the history first, then the notes)"),
		OPT_GROUP(FSCK_HELP),
		OPT_END(),
	};
	bool found = false;
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, fsck_usage, 0);
	if (argc > 0)
		return cli_usage_error(fsck_usage, opts, "too many arguments");
	/*
	 * fsck reads every object of the store once: libgit2's object cache
	 * would hold only what is not asked for again, and half the pack
	 * windows of the other commands do as well here. On 100,000 runs:
	 * 91 MB -> 64 MB of peak RSS (docs/performance.md).
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_CACHING, 0);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)16 << 20);
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	code = fsck_pass(&r, repair, &found);
	if (!repair && code == EXIT_CHECK_FAILED)
		cli_hint("git bench fsck --repair mends it from the history");
	if (repair && found && code != EXIT_USAGE) {
		/* Say whether the repair left anything to find. */
		printf("\nChecking again:\n");
		code = fsck_pass(&r, false, &found);
	}
	cli_repo_close(&r);
	return code;
}
