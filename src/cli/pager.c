/*
 * The pager, run the way git runs one, so that `git bench log` behaves like
 * `git log`: only when standard output is a terminal, chosen by
 * GIT_PAGER, core.pager (or pager.bench), PAGER, else less; "cat" or ""
 * means none. When git has started a pager already (`git -p bench`,
 * pager.bench=true), GIT_PAGER_IN_USE says so and we leave it alone.
 */
#include <stdio.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "messages.h"
#include "pager.h"

static pid_t pager_pid = -1;

static bool is_true(const char *v)
{
	return !strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	       !strcasecmp(v, "on") || !strcmp(v, "1");
}

static bool is_false(const char *v)
{
	return !strcasecmp(v, "false") || !strcasecmp(v, "no") ||
	       !strcasecmp(v, "off") || !strcmp(v, "0");
}

bool cli_pager_in_use(void)
{
	const char *v = getenv("GIT_PAGER_IN_USE");

	return v && is_true(v);
}

const char *cli_pager_command(const gb_config *cfg, bool forced)
{
	const char *per = NULL, *pager = getenv("GIT_PAGER");

	/* git's rule for `pager.<cmd>`: false turns it off, true on, anything
	 * else is the pager to use; `git -p` does not ask. */
	if (cfg && !forced && (per = gb_config_get(cfg, "pager.bench", NULL))) {
		if (is_false(per))
			return NULL;
		if (is_true(per))
			per = NULL;
	}
	if (!pager)
		pager = per;
	if (!pager && cfg)
		pager = gb_config_get(cfg, "core.pager", NULL);
	if (!pager)
		pager = getenv("PAGER");
	if (!pager)
		pager = "less";
	if (!*pager || !strcmp(pager, "cat"))
		return NULL;
	return pager;
}

static void wait_for_pager(void)
{
	int status;

	if (pager_pid < 0)
		return;
	fflush(stdout);
	fflush(stderr);
	/* The pager sees end of input only when every copy of the pipe is
	 * closed. */
	close(STDOUT_FILENO);
	close(STDERR_FILENO);
	while (waitpid(pager_pid, &status, 0) < 0 && errno == EINTR)
		;
	pager_pid = -1;
}

static void wait_for_pager_signal(int sig)
{
	/* Interrupted while the pager shows our output: let it finish (less
	 * ignores ^C), then die of the same signal. */
	if (pager_pid > 0) {
		close(STDOUT_FILENO);
		close(STDERR_FILENO);
		waitpid(pager_pid, NULL, 0);
		pager_pid = -1;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* A command git would run without a shell: no metacharacters at all. */
static bool needs_shell(const char *cmd)
{
	return strpbrk(cmd, "|&;<>()$`\\\"' \t\n*?[#~=%") != NULL;
}

static void pager_child(const char *cmd, int in, int report)
{
	int e;

	dup2(in, STDIN_FILENO);
	close(in);
	/* What git sets for the pager: less quits on one screen, keeps
	 * colours and does not clear the screen; lv keeps colours. */
	setenv("LESS", getenv("LESS") ? getenv("LESS") : "FRX", 1);
	setenv("LV", getenv("LV") ? getenv("LV") : "-c", 1);
	if (needs_shell(cmd))
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	else
		execlp(cmd, cmd, (char *)NULL);
	e = errno;
	if (write(report, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

/* 0 once the pager runs; -1 (with a warning) when it could not start. */
static int spawn(const char *cmd, int *to_pager)
{
	int data[2], report[2], e = 0;
	ssize_t n = 0;
	pid_t pid;

	if (pipe(data) < 0)
		return -1;
	/* A close-on-exec pipe tells a failed exec from a pager that ran. */
	if (pipe(report) < 0) {
		close(data[0]);
		close(data[1]);
		return -1;
	}
	fcntl(report[1], F_SETFD, FD_CLOEXEC);
	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) == 0) {
		close(data[1]);
		close(report[0]);
		pager_child(cmd, data[0], report[1]);
	}
	if (pid < 0)
		e = errno;
	close(data[0]);
	close(report[1]);
	while (pid > 0 && (n = read(report[0], &e, sizeof(e))) < 0 &&
	       errno == EINTR)
		;
	close(report[0]);
	if (pid < 0 || n > 0) {
		close(data[1]);
		if (pid > 0)
			waitpid(pid, NULL, 0);
		cli_warning("cannot run the pager '%s': %s", cmd, strerror(e));
		return -1;
	}
	pager_pid = pid;
	*to_pager = data[1];
	return 0;
}

void cli_pager_start(const char *cmd)
{
	struct winsize ws;
	int fd, sigs[] = { SIGINT, SIGHUP, SIGTERM, SIGQUIT, SIGPIPE };
	size_t i;

	if (!cmd || pager_pid > 0)
		return;
	/* The width of the terminal cannot be asked of a pipe: pass it on. */
	if (!getenv("COLUMNS") && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col > 0) {
		char cols[16];

		snprintf(cols, sizeof(cols), "%u", (unsigned)ws.ws_col);
		setenv("COLUMNS", cols, 1);
	}
	if (spawn(cmd, &fd) < 0)
		return;
	dup2(fd, STDOUT_FILENO);
	if (isatty(STDERR_FILENO))
		dup2(fd, STDERR_FILENO);
	close(fd);
	setenv("GIT_PAGER_IN_USE", "true", 1);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], wait_for_pager_signal);
	atexit(wait_for_pager);
}

void cli_pager_setup(bool forced)
{
	git_repository *repo = NULL;
	gb_config *cfg = NULL;

	if (!isatty(STDOUT_FILENO) || cli_pager_in_use())
		return;
	/* Settings are read again by the command; outside a repository only
	 * the user's and the system's apply. Errors are the command's to
	 * report. */
	if (gb_repo_open(&repo, NULL) < 0)
		repo = NULL;
	if (gb_config_open(&cfg, repo) == 0)
		cli_pager_start(cli_pager_command(cfg, forced));
	gb_error_clear();
	gb_config_free(cfg);
	git_repository_free(repo);
}
