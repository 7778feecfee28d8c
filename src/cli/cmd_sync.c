/*
 * git bench push / pull / fetch / compact / status: sharing results
 * through remotes.
 */
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "progress.h"
#include "repo.h"
#include "terminal.h"

static const char *const push_usage[] = {
	"git bench push [<options>] [<remote>]",
	NULL,
};

static const char *const compact_usage[] = {
	"git bench compact [<options>] [<remote>]",
	NULL,
};

static const char *const pull_usage[] = {
	"git bench pull [<options>] [<remote> | <bundle>]",
	"git bench pull [<options>] --bundle <file>",
	"git bench fetch [<options>] [<remote>]",
	NULL,
};

static const char *const status_usage[] = {
	"git bench status [--fetch] [--format <format>] [<remote>]",
	NULL,
};

/* The remote named, else bench.remote, else origin. */
static const char *pick_remote(int argc, const char **argv, cli_repo *r)
{
	const char *name = argc ? argv[0] : gb_config_get(r->config,
		"bench.remote", NULL);

	return name && *name ? name : GB_DEFAULT_REMOTE;
}

static void plural(gb_buf *out, size_t n, const char *what)
{
	gb_buf_printf(out, "%zu %s%s", n, what, n == 1 ? "" : "s");
}

/* Notes git carried to rewritten commits, which the history cannot make. */
static void carried_line(gb_buf *out, const gb_sync_report *rep)
{
	size_t n = rep->notes_carried;

	if (n)
		gb_buf_printf(out, "Took the notes of %zu commit%s that git "
			"rewrote (amend or rebase)\n", n, n == 1 ? "" : "s");
}

/* What a pull did, in one line, and its side notes in a second. */
static void pull_lines(gb_buf *out, const gb_sync_report *rep,
	const char *remote)
{
	if (rep->outcome == GB_SYNC_NO_REMOTE) {
		gb_escape_text(out, remote);
		gb_buf_puts(out, " has no benchmark results yet\n");
		return;
	}
	gb_buf_puts(out, "Fetched ");
	plural(out, rep->remote_runs, "run");
	gb_buf_puts(out, " from ");
	gb_escape_text(out, remote);
	if (rep->outcome == GB_SYNC_UP_TO_DATE) {
		if (rep->nrejected)
			gb_buf_printf(out, " (%zu left out)", rep->nrejected);
		gb_buf_puts(out, ": up to date\n");
		carried_line(out, rep);
		return;
	}
	/* Entries left out are not runs: the warnings say what they were. */
	gb_buf_printf(out, " (%zu new", rep->remote_new);
	if (rep->nrejected)
		gb_buf_printf(out, ", %zu left out", rep->nrejected);
	gb_buf_puts(out, "); ");
	if (rep->added.count) {
		gb_buf_puts(out, "merged ");
		plural(out, rep->added.count, "run");
		if (rep->notes_rebuilt) {
			gb_buf_puts(out, "; notes of ");
			plural(out, rep->notes_rebuilt, "commit");
			gb_buf_puts(out, " rebuilt\n");
		} else {
			gb_buf_puts(out, "; no note changed\n");
		}
	} else {
		gb_buf_puts(out, "nothing to merge\n");
	}
	carried_line(out, rep);
	if (rep->kept) {
		gb_buf_puts(out, "Kept ");
		plural(out, rep->kept, "run");
		gb_buf_puts(out, rep->not_restored ? " the remote forgot; " : " the remote forgot\n");
	}
	if (rep->not_restored) {
		gb_buf_puts(out, rep->kept ? "left out " : "Left out ");
		plural(out, rep->not_restored, "run");
		gb_buf_puts(out, " forgotten here\n");
	}
}

static void pull_warnings(const gb_sync_report *rep, const char *remote,
	bool bundle)
{
	size_t i;

	for (i = 0; i < rep->nlisted; i++)
		cli_warning("left out %s from %s: %s", rep->rejected[i].path,
			remote, rep->rejected[i].reason);
	if (rep->nrejected > rep->nlisted)
		cli_warning("left out %zu more entries from %s",
			rep->nrejected - rep->nlisted, remote);
	for (i = 0; i < rep->conflicts.count; i++)
		cli_warning("run %s differs on %s; kept the local record",
			rep->conflicts.runs[i].id, remote);
	if (rep->pending_left) {
		cli_warning("%zu more pending pushes on %s not read (%d at a "
			"time)", rep->pending_left, remote, GB_SYNC_MAX_PENDING);
		/* Nothing folds a bundle's: it must be made again. */
		if (bundle)
			cli_hint("'git bench compact' where the bundle was made "
				"folds them in for a new bundle");
		else
			cli_hint("a push or 'git bench compact' folds them in "
				"for the next pull");
	}
}

/* Runs of commits this clone lacks wait for them: said once. */
static void pull_absent(const gb_sync_report *rep, cli_repo *r)
{
	size_t n;

	if (!(n = gb_revision_count_absent(r->store, &rep->added)))
		return;
	if (gb_repo_is_shallow(r->repo))
		cli_warning("%zu run%s wait%s for commits: git fetch "
			    "--unshallow, then git bench pull", n,
			    n == 1 ? "" : "s", n == 1 ? "s" : "");
	else {
		cli_warning("%zu run%s wait%s for commits not fetched here", n,
			    n == 1 ? "" : "s", n == 1 ? "s" : "");
		cli_hint("the pull after a fetch that brings them writes "
			 "their notes");
	}
}

struct sync_opts {
	int verbose;
	long attempts;
	int fetch;
	int quiet;
	int progress;   /* -1: on a terminal */
};

#define SYNC_PROGRESS_FLAGS(o)                                                \
	OPT_BOOL('q', "quiet", &(o).quiet,                                    \
		"print no summary and no progress"),                         \
	OPT_BOOL_F(0, "progress", &(o).progress,                              \
		"git's progress on stderr (default: if a terminal)",          \
		CLI_OPT_SHOW_NEG)

/* The sync's options from the command's; `relay` shows git's progress. */
static void sync_options(gb_sync_options *so, const struct sync_opts *o,
	cli_relay *relay)
{
	so->verbose = o->verbose;
	if (cli_progress_wanted(o->progress, o->quiet)) {
		so->progress = cli_relay_progress;
		so->payload = relay;
	}
}

static int open_remote(cli_repo *r, const char **remote, int argc,
	const char **argv)
{
	int code;

	cli_narrow_pack_windows();
	if ((code = cli_repo_open(r)) != 0)
		return code;
	/* The library checks the name before anything reaches git. */
	*remote = pick_remote(argc, argv, r);
	return 0;
}

/* Whether `name` is a remote of the settings (git -c counts). */
static bool configured(cli_repo *r, const char *name)
{
	gb_buf key = GB_BUF_INIT;
	bool yes;

	gb_buf_printf(&key, "remote.%s.url", name);
	yes = key.ptr && gb_sync_remote_name_valid(name) &&
	      gb_config_get(r->config, key.ptr, NULL);
	gb_buf_dispose(&key);
	return yes;
}

/*
 * One wording for a remote that is not there, before git is asked (which
 * would say "does not appear to be a git repository"): exit 2.
 */
static int require_remote(cli_repo *r, const char *remote, bool bundle)
{
	/* A URL: what git fetch takes, and pull does not. */
	if (bundle && strstr(remote, "://"))
		return cli_error("'%s' is a URL; pull takes a remote's name or a "
				 "bundle file", remote);
	/* A path: the bundle file it names is not there. */
	if (bundle && strchr(remote, '/'))
		return cli_error("no bundle file '%s'", remote);
	/* A name no remote can have: the library says why. */
	if (configured(r, remote) || !gb_sync_remote_name_valid(remote))
		return 0;
	cli_error(bundle ? "no remote or bundle file named '%s' ('git remote -v' "
			   "lists the remotes)"
			 : "no remote named '%s' ('git remote -v' lists the remotes)",
		remote);
	return EXIT_USAGE;
}

/*
 * A bundle's path rather than a remote, as git fetch takes either: a
 * remote of that name wins, then a file that is there.
 */
static const char *bundle_named(cli_repo *r, int argc, const char **argv)
{
	struct stat st;

	if (!argc || stat(argv[0], &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	return configured(r, argv[0]) ? NULL : argv[0];
}

int cmd_pull(int argc, const char **argv)
{
	struct sync_opts o = { 0, 0, 0, 0, -1 };
	const char *bundle = NULL;
	const struct cli_option opts[] = {
		OPT_BOOL('v', "verbose", &o.verbose, "show git's own messages"),
		SYNC_PROGRESS_FLAGS(o),
		OPT_STRING(0, "bundle", &bundle, "<file>",
			"merge the results of a bundle (git bench bundle create)"),
		OPT_END(),
	};
	cli_relay relay = { GB_BUF_INIT };
	gb_sync_options so = GB_SYNC_OPTIONS_INIT;
	gb_sync_report rep = { 0 };
	gb_buf out = GB_BUF_INIT;
	const char *remote;
	cli_repo r;
	int code, error;

	argc = cli_parse_options(argc, argv, opts, pull_usage, 0);
	if (argc > (bundle ? 0 : 1))
		return cli_usage_error(pull_usage, opts, "too many arguments");
	if ((code = open_remote(&r, &remote, argc, argv)) != 0)
		return code;
	if (bundle || (bundle = bundle_named(&r, argc, argv)))
		remote = bundle;
	else if ((code = require_remote(&r, remote, true)) != 0)
		goto done;
	sync_options(&so, &o, &relay);
	error = bundle ? gb_sync_pull_bundle(&rep, r.store, bundle, &so)
		       : gb_sync_pull(&rep, r.store, remote, &so);
	cli_relay_end(&relay);
	if (error < 0) {
		code = cli_error_last();
	} else {
		pull_warnings(&rep, remote, bundle != NULL);
		pull_absent(&rep, &r);
		pull_lines(&out, &rep, remote);
		if (!o.quiet)
			cli_write(&out);
	}
done:
	gb_buf_dispose(&out);
	gb_sync_report_dispose(&rep);
	cli_repo_close(&r);
	return code;
}

static void push_line(gb_buf *out, const gb_sync_report *rep,
	const char *remote, bool have_history)
{
	if (!rep->pushed) {
		if (!have_history)
			gb_buf_puts(out, "Nothing to push: no results recorded here\n");
		else {
			gb_escape_text(out, remote);
			gb_buf_puts(out, " is up to date\n");
		}
		return;
	}
	if (rep->pushed_runs) {
		gb_buf_puts(out, "Pushed ");
		plural(out, rep->pushed_runs, "run");
		gb_buf_puts(out, " to ");
	} else {
		gb_buf_puts(out, "Pushed no new runs, only history and notes, to ");
	}
	gb_escape_text(out, remote);
	if (rep->pending)
		gb_buf_puts(out, " beside other pushes (the next push folds it in)");
	else if (rep->attempts > 1)
		gb_buf_printf(out, " (attempt %u: it moved in between)", rep->attempts);
	gb_buf_putc(out, '\n');
	if (rep->notes_kept)
		gb_buf_printf(out, "Kept the remote's notes of %zu commit%s not "
			"in this clone\n", rep->notes_kept,
			rep->notes_kept == 1 ? "" : "s");
}

static void compact_line(gb_buf *out, const gb_sync_report *rep,
	const char *remote)
{
	if (!rep->pushed) {
		gb_escape_text(out, remote);
		gb_buf_puts(out, " is up to date: no pending pushes\n");
		return;
	}
	gb_buf_printf(out, "Folded %zu pending push%s", rep->folded,
		rep->folded == 1 ? "" : "es");
	gb_buf_puts(out, " into the history of ");
	gb_escape_text(out, remote);
	if (rep->attempts > 1)
		gb_buf_printf(out, " (attempt %u: it moved in between)", rep->attempts);
	gb_buf_putc(out, '\n');
}

/* push and compact: the same options, a different end. */
static int push_or_compact(int argc, const char **argv, bool compact)
{
	struct sync_opts o = { 0, GB_SYNC_MAX_ATTEMPTS, 0, 0, -1 };
	const char *const *usage = compact ? compact_usage : push_usage;
	const struct cli_option opts[] = {
		OPT_BOOL('v', "verbose", &o.verbose, "show git's own messages"),
		OPT_INT(0, "max-attempts", &o.attempts, "<n>",
			"tries before giving up on a remote that moves (default 10)"),
		SYNC_PROGRESS_FLAGS(o),
		OPT_END(),
	};
	cli_relay relay = { GB_BUF_INIT };
	gb_sync_options so = GB_SYNC_OPTIONS_INIT;
	gb_sync_report rep = { 0 };
	gb_buf out = GB_BUF_INIT;
	const char *remote;
	git_oid tip;
	cli_repo r;
	int code, error;

	argc = cli_parse_options(argc, argv, opts, usage, 0);
	if (argc > 1)
		return cli_usage_error(usage, opts, "too many arguments");
	if (o.attempts < 1 || o.attempts > 1000)
		return cli_usage_error(usage, opts,
			"--max-attempts must be between 1 and 1000");
	if ((code = open_remote(&r, &remote, argc, argv)) != 0)
		return code;
	if ((code = require_remote(&r, remote, false)) != 0) {
		cli_repo_close(&r);
		return code;
	}
	sync_options(&so, &o, &relay);
	so.max_attempts = (unsigned)o.attempts;
	error = (compact ? gb_sync_compact : gb_sync_push)(&rep, r.store, remote,
		&so);
	cli_relay_end(&relay);
	if (error < 0) {
		code = cli_error_last();
	} else if (o.quiet) {
		pull_warnings(&rep, remote, false);
	} else {
		pull_warnings(&rep, remote, false);
		if (rep.added.count || rep.kept)
			pull_lines(&out, &rep, remote);
		if (compact)
			compact_line(&out, &rep, remote);
		else
			push_line(&out, &rep, remote, git_reference_name_to_id(&tip,
				r.repo, gb_store_history_ref(r.store)) == 0);
		cli_write(&out);
	}
	gb_buf_dispose(&out);
	gb_sync_report_dispose(&rep);
	cli_repo_close(&r);
	return code;
}

int cmd_push(int argc, const char **argv)
{
	return push_or_compact(argc, argv, false);
}

int cmd_compact(int argc, const char **argv)
{
	return push_or_compact(argc, argv, true);
}

/* ---- status --------------------------------------------------------------- */

static void list_runs(gb_buf *out, cli_repo *r, const gb_sync_runs *runs)
{
	size_t i;

	for (i = 0; i < runs->count; i++) {
		gb_buf_printf(out, "  %s  ", runs->runs[i].id);
		if (git_oid_is_zero(&runs->runs[i].commit))
			gb_buf_puts(out, "(unreadable)");
		else
			gb_repo_short_id_buf(out, r->repo, &runs->runs[i].commit);
		gb_buf_putc(out, '\n');
	}
}

static void fetched_when(gb_buf *out, const gb_sync_status *st)
{
	if (!st->fetched_at) {
		gb_buf_puts(out, "fetched at an unknown time");
		return;
	}
	gb_buf_puts(out, "fetched ");
	gb_date_relative(out, st->fetched_at, gb_date_now_us() / 1000000);
	gb_buf_puts(out, ", ");
	gb_date_format(out, st->fetched_at, GB_DATE_LOCAL);
}

static void status_text(gb_buf *out, cli_repo *r, const gb_sync_status *st,
	const char *remote)
{
	if (!st->fetched) {
		gb_buf_puts(out, "No results fetched from ");
		gb_escape_text(out, remote);
		gb_buf_puts(out, " ('git bench status --fetch' looks)\n");
	} else if (!st->local_only.count && !st->remote_only.count) {
		gb_buf_puts(out, "Up to date with ");
		gb_escape_text(out, remote);
		gb_buf_printf(out, ": %zu run%s (", st->local_runs,
			st->local_runs == 1 ? "" : "s");
		fetched_when(out, st);
		gb_buf_puts(out, ")\n");
	} else {
		gb_buf_printf(out, "%zu run%s here, %zu on ", st->local_runs,
			st->local_runs == 1 ? "" : "s", st->remote_runs);
		gb_escape_text(out, remote);
		gb_buf_puts(out, " (");
		fetched_when(out, st);
		gb_buf_puts(out, ")\n");
	}
	if (st->local_only.count) {
		plural(out, st->local_only.count, "run");
		gb_buf_puts(out, " only here ('git bench push' sends them):\n");
		list_runs(out, r, &st->local_only);
	}
	if (st->remote_only.count) {
		plural(out, st->remote_only.count, "run");
		gb_buf_puts(out, " only on ");
		gb_escape_text(out, remote);
		gb_buf_puts(out, " ('git bench pull' merges them):\n");
		list_runs(out, r, &st->remote_only);
	}
	if (st->forgotten) {
		plural(out, st->forgotten, "run");
		gb_buf_puts(out, " forgotten here still on ");
		gb_escape_text(out, remote);
		gb_buf_puts(out, " (pull leaves them out)\n");
	}
	if (st->refused) {
		bool one = st->refused == 1;

		gb_buf_printf(out, "%zu %s on ", st->refused,
			one ? "entry" : "entries");
		gb_escape_text(out, remote);
		gb_buf_puts(out, one ? " is not a record of its path (pull "
				       "refuses it)\n"
				     : " are not records of their paths (pull "
				       "refuses them)\n");
	}
}

static void json_runs(gb_jsonw *w, const char *key, const gb_sync_runs *runs)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	gb_jsonw_array(w, key);
	for (i = 0; i < runs->count; i++) {
		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "id", runs->runs[i].id);
		if (git_oid_is_zero(&runs->runs[i].commit))
			gb_jsonw_null(w, "commit"); /* its record is unreadable */
		else
			gb_jsonw_string(w, "commit", git_oid_tostr(hex, sizeof(hex),
				&runs->runs[i].commit));
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

static int status_json(const gb_sync_status *st, const char *remote)
{
	gb_jsonw *w = NULL;

	if (gb_jsonw_new(&w) < 0)
		return cli_error_last();
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "remote", remote);
	gb_jsonw_bool(w, "fetched", st->fetched);
	if (st->fetched_at)
		gb_jsonw_number(w, "fetched_at", (double)st->fetched_at);
	else
		gb_jsonw_null(w, "fetched_at");
	gb_jsonw_bool(w, "up_to_date", st->fetched && !st->local_only.count &&
		!st->remote_only.count);
	gb_jsonw_number(w, "local_runs", (double)st->local_runs);
	gb_jsonw_number(w, "remote_runs", (double)st->remote_runs);
	json_runs(w, "local_only", &st->local_only);
	json_runs(w, "remote_only", &st->remote_only);
	gb_jsonw_number(w, "forgotten", (double)st->forgotten);
	gb_jsonw_number(w, "refused", (double)st->refused);
	gb_jsonw_end(w);
	return cli_write_json(w);
}

int cmd_status(int argc, const char **argv)
{
	struct sync_opts o = { 0, 0, 0, 0, 0 };
	const char *format = NULL;
	const struct cli_option opts[] = {
		OPT_BOOL(0, "fetch", &o.fetch,
			"fetch the remote's results first (nothing is merged)"),
		OPT_STRING(0, "format", &format, "<format>", CLI_TEXT_JSON_HELP),
		OPT_BOOL('v', "verbose", &o.verbose, "show git's own messages"),
		OPT_END(),
	};
	gb_sync_options so = GB_SYNC_OPTIONS_INIT;
	gb_sync_status st;
	gb_buf out = GB_BUF_INIT;
	const char *remote;
	cli_repo r;
	bool json;
	int code;

	argc = cli_parse_options(argc, argv, opts, status_usage, 0);
	if (argc > 1)
		return cli_usage_error(status_usage, opts, "too many arguments");
	if ((code = cli_text_or_json(&json, format)) != 0)
		return code;
	if ((code = open_remote(&r, &remote, argc, argv)) != 0)
		return code;
	if (o.fetch && (code = require_remote(&r, remote, false)) != 0) {
		cli_repo_close(&r);
		return code;
	}
	so.verbose = o.verbose;
	if ((o.fetch && gb_sync_fetch(r.store, remote, &so) < 0) ||
	    gb_sync_status_read(&st, r.store, remote) < 0) {
		code = cli_error_last();
	} else {
		if (json) {
			code = status_json(&st, remote);
		} else {
			status_text(&out, &r, &st, remote);
			cli_write(&out);
		}
		gb_sync_status_dispose(&st);
	}
	gb_buf_dispose(&out);
	cli_repo_close(&r);
	return code;
}
