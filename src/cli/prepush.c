/*
 * The pre-push check: for each branch pushed, the library's judgement of
 * the push (gb_check_push), and what bench.hookMissing says when the
 * pushed commit has no results.
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

static int check_ref(const gb_check_push_update *p, const char *remote,
	refusal *refuse)
{
	gb_check_push_verdict verdict;
	cli_repo r;
	gb_check c;
	int code;

	memset(&c, 0, sizeof(c));
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	if (gb_check_push(&verdict, &c, r.store, p, remote) < 0) {
		code = cli_error_last();
		goto done;
	}
	/* A misspelt threshold would leave the gate at its default. */
	if (verdict != GB_CHECK_PUSH_SKIPPED)
		cli_config_warn_unknown(r.config);
	if (verdict == GB_CHECK_PUSH_PASSED || verdict == GB_CHECK_PUSH_FAILED)
		cli_check_warn_budgets(&c);
	switch (verdict) {
	case GB_CHECK_PUSH_UNMEASURED:
		code = unmeasured(&r, p, refuse);
		break;
	case GB_CHECK_PUSH_UNCOMPARED:
		say_uncompared(&c, gb_check_push_name(p));
		break;
	case GB_CHECK_PUSH_FAILED:
		code = cli_check_print(&c, GB_OUTPUT_TEXT, r.config);
		cli_check_failed(&c);
		refuse->budget = true;
		break;
	default:
		break;
	}
done:
	cli_check_close(&c, &r);
	return code;
}

int cli_hook_pre_push(int argc, const char **argv)
{
	gb_buf input = GB_BUF_INIT;
	const char *remote = argc > 1 ? argv[1] : NULL;
	refusal refuse = { false, false };
	char *line, *save = NULL;
	size_t n = 0;
	int code = 0;

	if (gb_read_fd(&input, STDIN_FILENO, "standard input", MAX_INPUT) < 0) {
		code = cli_error_last();
		goto done;
	}
	for (line = input.ptr ? strtok_r(input.ptr, "\n", &save) : NULL;
	     line && !code; line = strtok_r(NULL, "\n", &save)) {
		gb_check_push_update p;

		if (!*line || ++n > MAX_PUSH_LINES)
			continue;
		if (gb_check_push_parse(&p, line) < 0) {
			code = cli_error("pre-push: %s", gb_error_last()->message);
			break;
		}
		code = check_ref(&p, remote, &refuse);
	}
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
	gb_buf_dispose(&input);
	return code;
}
