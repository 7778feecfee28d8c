/*
 * The pre-push check: for each branch pushed, and each tag of a commit
 * the remote lacks and no branch of the push sends, the library's
 * judgement of the push (gb_check_push). When the pushed commit has no results, the
 * nearest measured commit of those the push sends is judged in its place;
 * bench.hookMissing says what happens when none of them is measured.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "commands.h"
#include "messages.h"
#include "settings.h"

/* What git sends on standard input: a line per ref, bounded. */
#define MAX_INPUT (16u << 20)
#define MAX_PUSH_LINES 100000

/* Why pushes were refused: each cause is said at the end. */
typedef struct {
	bool budget;     /* a benchmark breaks its budget */
	bool missing;    /* a pushed commit has no results (hookMissing=fail) */
} refusal;

/* The tip has no results: bench.hookMissing says what happens. */
static int missing(const gb_check_push_update *p, const char *policy,
	refusal *refuse)
{
	const char *branch = gb_check_push_name(p);
	char hex[8];

	git_oid_tostr(hex, sizeof(hex), &p->local);
	if (!strcmp(policy, "fail")) {
		fprintf(stderr, "git bench: %s (%s) has no benchmark results; "
				"record them (git bench run --record) or push with "
				"--no-verify\n", hex, branch);
		refuse->missing = true;
	} else if (!strcmp(policy, "warn")) {
		fprintf(stderr, "git bench: %s (%s) has no benchmark results; "
				"pushing unchecked (bench.hookMissing=warn)\n", hex,
			branch);
	} else {
		return cli_error("bench.hookMissing: '%s' is not warn, fail or run",
			policy);
	}
	return 0;
}

/* Measure HEAD with `git bench run --record`, checking on the way. */
static int run_and_check(const gb_check_push_update *p, refusal *refuse)
{
	char base[GIT_OID_HEXSZ + 1];
	const char *argv[] = { "run", "--record", "--fail-on-regression",
			       "--baseline", base, NULL };
	int code;

	if (git_oid_is_zero(&p->remote))
		argv[3] = NULL;
	git_oid_tostr(base, sizeof(base), &p->remote);
	fprintf(stderr, "git bench: measuring %s before the push "
			"(bench.hookMissing=run)\n", gb_check_push_name(p));
	code = cmd_run(argv[3] ? 5 : 3, argv);
	if (code == EXIT_CHECK_FAILED)
		refuse->budget = true;
	return code == EXIT_CHECK_FAILED ? 0 : code;
}

/* A pushed commit without results: run it when it is HEAD and asked to. */
static int unmeasured(cli_repo *r, const gb_check_push_update *p,
	refusal *refuse)
{
	const char *policy = gb_config_get(r->config, "bench.hookMissing", NULL);
	git_oid head;

	if (!strcmp(policy, "run") &&
	    gb_repo_resolve_commit(&head, r->repo, "HEAD") == 0 &&
	    git_oid_equal(&head, &p->local))
		return run_and_check(p, refuse);
	return missing(p, strcmp(policy, "run") ? policy : "warn", refuse);
}

/* Nothing to compare with: a push goes on, saying why. */
static void say_uncompared(const gb_check *c, const char *branch)
{
	gb_buf why = GB_BUF_INIT;

	if (c->base_self) {
		cli_check_say_self(c, "git bench: ");
		fprintf(stderr, "git bench: pushing %s unchecked\n", branch);
	} else {
		gb_escape_text(&why, c->uncompared ? c->uncompared : "");
		fprintf(stderr, "git bench: nothing to compare %s with: %s; "
				"pushing\n", branch, why.ptr ? why.ptr : "");
	}
	gb_buf_dispose(&why);
}

static int walk_error(void)
{
	const git_error *e = git_error_last();

	return gb_error_set(GB_ERROR, "walking the pushed commits: %s",
		e && e->message ? e->message : "unknown error");
}

/*
 * The nearest measured commit of those the push sends, newest first: from
 * the pushed commit back, leaving out what the remote has (its tip, and
 * its remote-tracking branches here), at most GB_BASELINE_MAX_DISTANCE
 * commits. 1 and its id, 0 when none is measured, or an error.
 */
static int nearest_measured(git_oid *out, cli_repo *r,
	const gb_check_push_update *p, const char *remote)
{
	git_revwalk *walk = NULL;
	gb_buf glob = GB_BUF_INIT;
	git_oid id;
	size_t n = 0;
	int found = 0, error;

	if ((error = git_revwalk_new(&walk, r->repo)) < 0 ||
	    (error = git_revwalk_sorting(walk,
		     GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)) < 0 ||
	    (error = git_revwalk_push(walk, &p->local)) < 0) {
		found = walk_error();
		goto done;
	}
	/* A tip the remote has that is not here hides nothing. */
	if (!git_oid_is_zero(&p->remote) &&
	    git_revwalk_hide(walk, &p->remote) < 0)
		git_error_clear();
	if (remote) {
		gb_buf_printf(&glob, "refs/remotes/%s/*", remote);
		if (git_revwalk_hide_glob(walk, glob.ptr) < 0)
			git_error_clear();
	}
	while (!found && n++ < GB_BASELINE_MAX_DISTANCE &&
	       (error = git_revwalk_next(&id, walk)) == 0) {
		if ((found = gb_store_has(r->store, &id)) == 1)
			git_oid_cpy(out, &id);
	}
	if (error < 0 && error != GIT_ITEROVER)
		found = walk_error();
done:
	git_revwalk_free(walk);
	gb_buf_dispose(&glob);
	return found;
}

/*
 * How the nearest measured commit is named in the table: "main~2" when it
 * is on the first parents of the pushed commit, else "in main".
 */
static void nearest_name(gb_buf *out, cli_repo *r,
	const gb_check_push_update *tip, const git_oid *measured)
{
	const char *branch = gb_check_push_name(tip);
	git_commit *commit = NULL, *parent;
	size_t d = 0;

	if (git_commit_lookup(&commit, r->repo, &tip->local) < 0)
		commit = NULL;
	while (commit && d < GB_BASELINE_MAX_DISTANCE &&
	       !git_oid_equal(git_commit_id(commit), measured)) {
		parent = NULL;
		if (git_commit_parent(&parent, commit, 0) < 0)
			parent = NULL;
		git_commit_free(commit);
		commit = parent;
		d++;
	}
	git_error_clear();
	if (commit)
		gb_buf_printf(out, "%s~%zu", branch, d);
	else
		gb_buf_printf(out, "in %s", branch);
	git_commit_free(commit);
}

static int judge(cli_repo *r, const gb_check_push_update *p,
	const gb_check_push_update *tip, const char *remote, refusal *refuse);

/*
 * The pushed commit of `p` has no results: the nearest measured commit of
 * the push is judged in its place, saying so; with none, bench.hookMissing
 * decides.
 */
static int judge_nearest(cli_repo *r, const gb_check_push_update *p,
	const char *remote, refusal *refuse)
{
	gb_check_push_update nearest;
	char hex[8], near[8];
	const char *policy;
	git_oid head;
	int found, code;

	if ((found = nearest_measured(&nearest.local, r, p, remote)) < 0)
		return cli_error_last();
	if (!found)
		return unmeasured(r, p, refuse);
	git_oid_tostr(hex, sizeof(hex), &p->local);
	git_oid_tostr(near, sizeof(near), &nearest.local);
	fprintf(stderr, "git bench: %s (%s) has no benchmark results;\n"
			"git bench: checking %s, the nearest measured commit "
			"pushed\n", hex, gb_check_push_name(p), near);
	memcpy(nearest.local_ref, p->local_ref, sizeof(p->local_ref));
	memcpy(nearest.remote_ref, p->remote_ref, sizeof(p->remote_ref));
	git_oid_cpy(&nearest.remote, &p->remote);
	if ((code = judge(r, &nearest, p, remote, refuse)) != 0)
		return code;
	/* fail and run ask for the pushed commit itself measured: the one
	 * judged in its place does not answer that. */
	policy = gb_config_get(r->config, "bench.hookMissing", NULL);
	if (refuse->budget)
		return 0;
	if (!strcmp(policy, "fail") || (!strcmp(policy, "run") &&
	    gb_repo_resolve_commit(&head, r->repo, "HEAD") == 0 &&
	    git_oid_equal(&head, &p->local)))
		code = unmeasured(r, p, refuse);
	return code;
}

/*
 * Judge the update `p`; `tip`, when set, is the update pushed, whose
 * commit has no results and for which `p` stands: the nearest measured
 * commit of the push.
 */
static int judge(cli_repo *r, const gb_check_push_update *p,
	const gb_check_push_update *tip, const char *remote, refusal *refuse)
{
	gb_check_push_verdict verdict;
	gb_check c;
	int code = 0;

	memset(&c, 0, sizeof(c));
	if (gb_check_push(&verdict, &c, r->store, p, remote) < 0) {
		code = cli_error_last();
		goto done;
	}
	/* A misspelt threshold would leave the gate at its default. */
	if (verdict != GB_CHECK_PUSH_SKIPPED && !tip)
		cli_config_warn_unknown(r->config);
	if (verdict == GB_CHECK_PUSH_PASSED || verdict == GB_CHECK_PUSH_FAILED)
		cli_check_warn_budgets(&c);
	if (tip && verdict == GB_CHECK_PUSH_FAILED) {
		gb_buf how = GB_BUF_INIT;

		/* The table says which commit it shows. */
		nearest_name(&how, r, tip, &p->local);
		if (gb_run_set_string(&c.head_how, how.ptr) < 0)
			code = cli_error_last();
		gb_buf_dispose(&how);
		if (code)
			goto done;
	}
	switch (verdict) {
	case GB_CHECK_PUSH_UNMEASURED:
		/* Measured, a stand-in is not unmeasured; but never loop. */
		code = tip ? unmeasured(r, tip, refuse)
			: judge_nearest(r, p, remote, refuse);
		break;
	case GB_CHECK_PUSH_UNCOMPARED:
		say_uncompared(&c, gb_check_push_name(p));
		break;
	case GB_CHECK_PUSH_FAILED:
		code = cli_check_print(&c, GB_OUTPUT_TEXT, r->config);
		cli_check_failed(&c);
		refuse->budget = true;
		break;
	default:
		break;
	}
done:
	gb_check_dispose(&c);
	return code;
}

/* The commits the push sends to branches (and other refs but tags). */
typedef struct {
	git_oid *ids;
	size_t n, alloc;
} pushed_tips;

/* Tags against branches searched at most: past it, a tag is judged. */
#define MAX_TAG_SEARCH 4096

/* Room for one more of `size` bytes at *v holding n; false: no memory. */
static bool grow(void *v, size_t *alloc, size_t n, size_t size)
{
	void **at = v, *p;
	size_t na;

	if (n < *alloc)
		return true;
	na = *alloc ? *alloc * 2 : 16;
	if (!(p = realloc(*at, na * size)))
		return false;
	*at = p;
	*alloc = na;
	return true;
}

static bool is_tag(const gb_check_push_update *p)
{
	return !strncmp(p->remote_ref, "refs/tags/", 10);
}

/*
 * Whether a branch this push updates holds `commit`: a tag pushed with
 * its branch (git push --follow-tags) is judged with the branch.
 */
static bool sent_with_branch(cli_repo *r, const pushed_tips *tips,
	const git_oid *commit)
{
	size_t i;

	for (i = 0; i < tips->n && i < MAX_TAG_SEARCH; i++)
		if (git_oid_equal(&tips->ids[i], commit) ||
		    git_graph_descendant_of(r->repo, &tips->ids[i], commit) == 1)
			return true;
	git_error_clear();
	return false;
}

static int check_ref(const gb_check_push_update *p, const pushed_tips *tips,
	const char *remote, refusal *refuse)
{
	gb_check_push_update tag;
	cli_repo r;
	int code, judged = 1;

	if ((code = cli_repo_open(&r)) != 0)
		return code;
	/* A tag is judged by its commit, unless the remote has it, or a
	 * branch of this push takes it there. */
	if (is_tag(p)) {
		if ((judged = gb_check_push_tag(&tag, r.store, p, remote)) < 0)
			code = cli_error_last();
		else if (judged && sent_with_branch(&r, tips, &tag.local))
			judged = 0;
		p = &tag;
	}
	if (!code && judged)
		code = judge(&r, p, NULL, remote, refuse);
	cli_repo_close(&r);
	return code;
}

int cli_hook_pre_push(int argc, const char **argv)
{
	gb_buf input = GB_BUF_INIT;
	const char *remote = argc > 1 ? argv[1] : NULL;
	refusal refuse = { false, false };
	pushed_tips tips = { NULL, 0, 0 };
	char *line, *save = NULL, **lines = NULL;
	size_t n = 0, alloc = 0, i;
	int code = 0;

	if (gb_read_fd(&input, STDIN_FILENO, "standard input", MAX_INPUT) < 0) {
		code = cli_error_last();
		goto done;
	}
	/* Every line read first: a tag's check asks what the branches send. */
	for (line = input.ptr ? strtok_r(input.ptr, "\n", &save) : NULL;
	     line && n < MAX_PUSH_LINES; line = strtok_r(NULL, "\n", &save)) {
		gb_check_push_update p;

		if (!*line)
			continue;
		if (gb_check_push_parse(&p, line) < 0) {
			code = cli_error("pre-push: %s", gb_error_last()->message);
			break;
		}
		if (!grow(&lines, &alloc, n, sizeof(*lines)) ||
		    (!is_tag(&p) && !git_oid_is_zero(&p.local) &&
		     !grow(&tips.ids, &tips.alloc, tips.n, sizeof(*tips.ids)))) {
			code = cli_error("out of memory");
			break;
		}
		lines[n++] = line;
		if (!is_tag(&p) && !git_oid_is_zero(&p.local))
			git_oid_cpy(&tips.ids[tips.n++], &p.local);
	}
	for (i = 0; i < n && !code; i++) {
		gb_check_push_update p;

		if (gb_check_push_parse(&p, lines[i]) < 0)
			code = cli_error("pre-push: %s", gb_error_last()->message);
		else
			code = check_ref(&p, &tips, remote, &refuse);
	}
	fflush(stdout);   /* the tables "see above" speaks of come first */
	if (!code && (refuse.budget || refuse.missing)) {
		fprintf(stderr, "git bench: push refused: %s%s%s (see above).\n"
				"To push anyway: git push --no-verify\n",
			refuse.budget ? "a benchmark breaks its budget" : "",
			refuse.budget && refuse.missing ? "; " : "",
			refuse.missing ? "a pushed commit has no results "
					 "(bench.hookMissing=fail)" : "");
		code = EXIT_CHECK_FAILED;
	} else if (code) {
		fprintf(stderr, "git bench: the pre-push check could not run; "
				"to push anyway: git push --no-verify\n");
	}
done:
	free(lines);
	free(tips.ids);
	gb_buf_dispose(&input);
	return code;
}
