/*
 * The pre-push check: for each branch pushed, the pushed commit's results
 * against the remote's (or their nearest measured ancestor, or the default
 * baseline), with the verdicts and budgets of `git bench check`.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* What git sends on standard input: a line per ref, bounded. */
#define MAX_INPUT (16u << 20)
#define MAX_PUSH_LINES 100000

typedef struct {
	char local_ref[1024];
	git_oid local;
	char remote_ref[1024];
	git_oid remote;
} push_line;

static bool is_zero(const git_oid *id)
{
	static const git_oid zero;

	return git_oid_equal(id, &zero);
}

/* "<local ref> <local oid> <remote ref> <remote oid>" */
static int parse_line(push_line *p, const char *line)
{
	char lo[64], ro[64];

	if (sscanf(line, "%1023s %63s %1023s %63s", p->local_ref, lo,
		    p->remote_ref, ro) != 4 ||
	    git_oid_fromstr(&p->local, lo) < 0 || git_oid_fromstr(&p->remote, ro) < 0)
		return cli_error("pre-push: cannot read git's line '%s'", line);
	return 0;
}

/* "origin/main" for refs/heads/main pushed to origin. */
static void remote_name(gb_buf *out, const char *remote, const char *ref)
{
	const char *branch = strncmp(ref, "refs/heads/", 11) ? ref : ref + 11;

	gb_buf_printf(out, "%s/%s", remote ? remote : "remote", branch);
}

static const char *branch_of(const char *ref)
{
	return strncmp(ref, "refs/heads/", 11) ? ref : ref + 11;
}

/* The tip has no results: bench.hookMissing says what happens. */
static int missing(const push_line *p, const char *policy, bool *refuse)
{
	char hex[8];

	git_oid_tostr(hex, sizeof(hex), &p->local);
	if (!strcmp(policy, "fail")) {
		fprintf(stderr, "git bench: %s (%s) has no benchmark results; "
				"record them (git bench run --record) or push with "
				"--no-verify\n", hex, branch_of(p->local_ref));
		*refuse = true;
	} else if (!strcmp(policy, "warn")) {
		fprintf(stderr, "git bench: %s (%s) has no benchmark results; "
				"pushing unchecked (bench.hookMissing=warn)\n", hex,
			branch_of(p->local_ref));
	} else {
		return cli_error("bench.hookMissing: '%s' is not warn, fail or run",
			policy);
	}
	return 0;
}

/* Measure HEAD with `git bench run --record`, checking on the way. */
static int run_and_check(const push_line *p, bool *refuse)
{
	char base[GIT_OID_HEXSZ + 1];
	const char *argv[] = { "run", "--record", "--fail-on-regression",
			       "--baseline", base, NULL };
	int code;

	if (is_zero(&p->remote))
		argv[3] = NULL;
	git_oid_tostr(base, sizeof(base), &p->remote);
	fprintf(stderr, "git bench: measuring %s before the push "
			"(bench.hookMissing=run)\n", branch_of(p->local_ref));
	code = cmd_run(argv[3] ? 5 : 3, argv);
	if (code == EXIT_CHECK_FAILED)
		*refuse = true;
	return code == EXIT_CHECK_FAILED ? 0 : code;
}

/* Where to compare from: the remote's commit if we have it, else default. */
static int pick_base(cli_cmp *c, const push_line *p, const char *remote,
	bool *found)
{
	git_commit *commit = NULL;
	gb_buf how = GB_BUF_INIT;
	git_oid start;
	bool named = true;
	int code = 0;

	*found = false;
	if (!is_zero(&p->remote) &&
	    git_commit_lookup(&commit, c->r.repo, &p->remote) == 0) {
		git_oid_cpy(&start, &p->remote);
		remote_name(&how, remote, p->remote_ref);
	} else if (gb_baseline_default(&start, &how, c->r.repo, &c->head_commit,
			   gb_config_get(c->r.config, "bench.baseline", NULL)) < 0) {
		gb_error_clear();
		goto done;
	} else {
		named = false;
	}
	/* Quietly: a push with nothing measured before it is not an error. */
	c->quiet_base = true;
	if ((code = cli_cmp_base_oid(c, &start, how.ptr, named)) == 0)
		*found = true;
	else if (gb_error_last()->code == GB_ENOTFOUND)
		code = 0;
	else
		code = cli_error_last();
done:
	git_commit_free(commit);
	gb_buf_dispose(&how);
	return code;
}

static int check_ref(const push_line *p, const char *remote, bool *refuse)
{
	cli_cmp c;
	const char *policy;
	bool found = false;
	git_oid head;
	int has, code;

	if ((code = cli_cmp_open(&c)) != 0)
		goto done;
	policy = gb_config_get(c.r.config, "bench.hookMissing", NULL);
	if ((has = gb_store_has(c.r.store, &p->local)) < 0) {
		code = cli_error_last();
		goto done;
	}
	if (!has) {
		if (!strcmp(policy, "run") &&
		    gb_repo_resolve_commit(&head, c.r.repo, "HEAD") == 0 &&
		    git_oid_equal(&head, &p->local))
			code = run_and_check(p, refuse);
		else
			code = missing(p, strcmp(policy, "run") ? policy : "warn",
				refuse);
		goto done;
	}
	if ((code = cli_cmp_head_oid(&c, &p->local, branch_of(p->local_ref))) ||
	    (code = cli_cmp_machine(&c, false)) ||
	    (code = pick_base(&c, p, remote, &found)))
		goto done;
	if (!found) {
		fprintf(stderr, "git bench: nothing measured before %s to compare "
				"with; pushing\n", branch_of(p->local_ref));
		goto done;
	}
	if ((code = cli_cmp_run(&c)) != 0)
		goto done;
	if (c.result.failures) {
		code = cli_cmp_print(&c, "table");
		*refuse = true;
	}
done:
	cli_cmp_close(&c);
	return code;
}

int cli_hook_pre_push(int argc, const char **argv)
{
	gb_buf input = GB_BUF_INIT;
	const char *remote = argc > 1 ? argv[1] : NULL;
	bool refuse = false;
	char *line, *save = NULL;
	size_t n = 0;
	int code = 0;

	if (gb_read_fd(&input, STDIN_FILENO, "standard input", MAX_INPUT) < 0) {
		code = cli_error_last();
		goto done;
	}
	for (line = input.ptr ? strtok_r(input.ptr, "\n", &save) : NULL;
	     line && !code; line = strtok_r(NULL, "\n", &save)) {
		push_line p;

		if (!*line || ++n > MAX_PUSH_LINES)
			continue;
		if ((code = parse_line(&p, line)) != 0)
			break;
		/* Deletions and tags change no code that was measured. */
		if (is_zero(&p.local) || strncmp(p.local_ref, "refs/heads/", 11))
			continue;
		code = check_ref(&p, remote, &refuse);
	}
	if (!code && refuse) {
		fprintf(stderr, "git bench: push refused: a benchmark breaks its "
				"budget (see above).\n"
				"To push anyway: git push --no-verify\n");
		code = EXIT_CHECK_FAILED;
	} else if (code) {
		fprintf(stderr, "git bench: the pre-push check could not run; "
				"to push anyway: git push --no-verify\n");
	}
done:
	gb_buf_dispose(&input);
	return code;
}
