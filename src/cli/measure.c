/*
 * Measuring commits for bisect and bisect-check: the benchmark command
 * run in a work tree (a temporary one for commits other than HEAD), its
 * results read as the commit's and recorded so they are measured once.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* nftw */
#endif
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure.h"
#include "messages.h"
#include "spawn.h"

int cli_measurer_init(cli_measurer *m, cli_repo *r, const char *who,
	const char *const *argv)
{
	memset(m, 0, sizeof(*m));
	m->r = r;
	m->who = who;
	m->argv = argv;
	if (gb_adapter_config_format(&m->format, r->config) < 0 ||
	    (!(argv && argv[0]) &&
	     gb_config_get_name(&m->shell, r->config, "bench.command") < 0) ||
	    (git_repository_workdir(r->repo) &&
	     cli_spawn_export_prefix(git_repository_workdir(r->repo)) < 0) ||
	    gb_machine_this(&m->machine, &m->env, r->config) < 0)
		return cli_error_last();
	return 0;
}

/* A progress line on stderr, escaped: ids and messages can hold data. */
static void say(const cli_measurer *m, const char *fmt, const char *id,
	const char *detail)
{
	gb_buf line = GB_BUF_INIT, esc = GB_BUF_INIT;

	gb_buf_printf(&line, fmt, id, detail);
	gb_escape_text(&esc, line.ptr ? line.ptr : "");
	fflush(stdout);
	fprintf(stderr, "%s: %s\n", m->who, esc.ptr ? esc.ptr : "");
	gb_buf_dispose(&line);
	gb_buf_dispose(&esc);
}

static int remove_entry(const char *path, const struct stat *st, int flag,
	struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

int cli_read_measured(gb_run **out, const char *path, const gb_buf *printed,
	const git_oid *commit, const gb_adapter_run_options *o)
{
	if (strcmp(path, "-") != 0)
		return gb_adapter_read_run(out, path, commit, o);
	return gb_adapter_read_run_buffer(out, printed->ptr ? printed->ptr : "",
		printed->size, "the command's standard output", commit, o);
}

/*
 * The results at `path`, written since `since`, as a run of `commit`; or,
 * with bench.results "-", what the command printed (`out`).
 */
static int read_run(gb_runlist *runs, const cli_measurer *m, const char *path,
	const git_oid *commit, int64_t since, const gb_buf *out)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	gb_run *run = NULL;
	int error;

	o.format = m->format;
	o.machine = m->machine;
	o.env = &m->env;
	o.since = since;
	if ((error = cli_read_measured(&run, path, out, commit, &o)) == 0 &&
	    (error = gb_runlist_add(runs, run)) < 0)
		gb_run_free(run);
	return error;
}

int cli_measure_in(cli_measurer *m, gb_runlist *runs, const char *top,
	const git_oid *commit, bool fresh)
{
	gb_buf path = GB_BUF_INIT, id = GB_BUF_INIT, why = GB_BUF_INIT;
	gb_buf out = GB_BUF_INIT;
	int64_t since;
	bool inside;
	int status, error = 0;

	gb_repo_short_id_buf(&id, m->r->repo, commit);
	if ((error = gb_adapter_results_path(&path, &inside, m->r->config,
		     top)) < 0)
		goto cleanup;
	if (fresh && inside && access(path.ptr, F_OK) == 0)
		nftw(path.ptr, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	since = cli_start_time();
	status = cli_spawn_captured(NULL, top, m->shell, m->argv,
		strcmp(path.ptr, "-") ? NULL : &out);
	if (cli_interrupted()) {
		error = gb_error_set(GB_ERROR, "interrupted");
		goto cleanup;
	}
	if (status != 0) {
		cli_spawn_why(&why, status);
		say(m, status <= CLI_SPAWN_KILLED(0)
			? "the benchmark command failed at %s, %s: skipping it"
			: "the benchmark command failed at %s (%s): skipping it",
			id.ptr, why.ptr);
		error = GB_ENOTFOUND;
	} else if (read_run(runs, m, path.ptr, commit, since, &out) < 0) {
		say(m, "no results for %s: %s: skipping it", id.ptr,
			gb_error_last()->message);
		error = GB_ENOTFOUND;
	}
	m->skipped += error == GB_ENOTFOUND;
cleanup:
	gb_buf_dispose(&path);
	gb_buf_dispose(&id);
	gb_buf_dispose(&why);
	gb_buf_dispose(&out);
	return error;
}

static int git_in(const char *dir, const char *const *argv)
{
	int status = cli_spawn_in(dir, NULL, argv);

	if (cli_interrupted())
		return gb_error_set(GB_ERROR, "interrupted");
	return status == 0 ? 0 : gb_error_set(GB_ERROR,
		"'git %s' failed in the temporary work tree", argv[1]);
}

/* The temporary work tree, made at the first commit, moved to the next. */
static int checkout(cli_measurer *m, const char *hex)
{
	const char *add[] = { "git", "worktree", "add", "--detach", "-q", NULL,
		hex, NULL };
	const char *co[] = { "git", "checkout", "-q", "--detach", "-f", hex, NULL };
	const char *clean[] = { "git", "clean", "-q", "-f", "-d", NULL };
	char tmpl[4096];
	const char *tmp = getenv("TMPDIR");
	int error;

	if (m->worktree)
		return (error = git_in(m->worktree, co)) < 0 ? error
							      : git_in(m->worktree, clean);
	snprintf(tmpl, sizeof(tmpl), "%s/git-bench-%s-XXXXXX",
		tmp && *tmp ? tmp : "/tmp", m->who);
	if (!mkdtemp(tmpl))
		return gb_error_set(GB_ERROR, "cannot make a temporary directory in %s",
			tmp && *tmp ? tmp : "/tmp");
	/* Kept before git fills it, so that it goes whatever happens next. */
	if (!(m->worktree = strdup(tmpl))) {
		rmdir(tmpl);
		return gb_error_set(GB_ERROR, "out of memory");
	}
	add[5] = m->worktree;
	return git_in(NULL, add);
}

int cli_measure_at(cli_measurer *m, gb_runlist *runs, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	if (!m->worktree || !git_oid_equal(&m->at, commit)) {
		git_oid_tostr(hex, sizeof(hex), commit);
		if ((error = checkout(m, hex)) < 0)
			return error;
		git_oid_cpy(&m->at, commit);
	}
	return cli_measure_in(m, runs, m->worktree, commit, true);
}

int cli_measure_worktree(const git_oid *commit, void *payload)
{
	cli_measurer *m = payload;
	gb_runlist runs = { 0 };
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	git_oid_tostr(hex, sizeof(hex), commit);
	if ((error = checkout(m, hex)) < 0)
		goto cleanup;
	git_oid_cpy(&m->at, commit);
	if ((error = cli_measure_in(m, &runs, m->worktree, commit, true)) < 0)
		goto cleanup;
	if ((error = gb_store_append(m->r->store, runs.runs, runs.count)) == 0)
		m->measured++;
cleanup:
	gb_runlist_dispose(&runs);
	return error;
}

void cli_measurer_dispose(cli_measurer *m)
{
	const char *rm[] = { "git", "worktree", "remove", "--force", NULL, NULL };
	const char *prune[] = { "git", "worktree", "prune", NULL };

	if (m->worktree) {
		rm[4] = m->worktree;
		/* A work tree git cannot remove is removed by hand, then forgotten. */
		if (cli_spawn_in(NULL, NULL, rm) != 0) {
			nftw(m->worktree, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
			cli_spawn_in(NULL, NULL, prune);
		}
		free(m->worktree);
	}
	free(m->machine);
	gb_env_dispose(&m->env);
	memset(m, 0, sizeof(*m));
}
