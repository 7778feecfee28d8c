/* Running the user's benchmark command and git; the signals that stop it. */
#include <errno.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <gitbench.h>

#include "spawn.h"

int64_t cli_start_time(void)
{
	return gb_date_now_us() / 1000000 - 1;
}

int cli_spawn_benchmark(const char *shell, const char *const *argv)
{
	return cli_spawn_measured(NULL, NULL, shell, argv);
}

int cli_spawn_in(const char *dir, const char *shell, const char *const *argv)
{
	return cli_spawn_measured(NULL, dir, shell, argv);
}

static double since_ns(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e9 +
	       (double)(t1.tv_nsec - t0->tv_nsec);
}

static double timeval_ns(const struct timeval *tv)
{
	return (double)tv->tv_sec * 1e9 + (double)tv->tv_usec * 1e3;
}

/*
 * What wait4 says the child cost: its own CPU time and that of every
 * descendant it waited for, and the peak resident memory of the largest
 * of them (ru_maxrss, in KiB on Linux).
 */
static void take_usage(gb_usage *u, const struct rusage *ru,
	const struct timespec *t0)
{
	u->wall = since_ns(t0);
	u->user = timeval_ns(&ru->ru_utime);
	u->system = timeval_ns(&ru->ru_stime);
	u->maxrss = (double)ru->ru_maxrss * 1024;
}

/*
 * What the child writes to the pipe `fd`, to our standard error as it
 * comes and into `out`, up to GB_INPUT_MAX_BYTES (past it, only to
 * standard error, and *over is set). Until the child closes it.
 */
static void tee(int fd, gb_buf *out, bool *over)
{
	char chunk[65536];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		gb_write_all(STDERR_FILENO, chunk, (size_t)n);
		if (*over || out->size + (size_t)n > GB_INPUT_MAX_BYTES ||
		    gb_buf_put(out, chunk, (size_t)n) < 0)
			*over = true;
	}
}

int cli_spawn_measured(gb_usage *usage, const char *dir, const char *shell,
	const char *const *argv)
{
	return cli_spawn_captured(usage, dir, shell, argv, NULL);
}

int cli_spawn_captured(gb_usage *usage, const char *dir, const char *shell,
	const char *const *argv, gb_buf *out)
{
	struct timespec t0;
	struct rusage ru;
	int status, fds[2] = { -1, -1 };
	bool over = false;
	pid_t pid;

	if (usage)
		gb_usage_init(usage);
	if (out && pipe(fds) < 0)
		return -1;
	fflush(stdout);
	fflush(stderr);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		if (out) {
			close(fds[0]);
			close(fds[1]);
		}
		return -1;
	}
	if (pid == 0) {
		/* In another work tree, git must find that one's repository. */
		if (dir && (chdir(dir) < 0 || unsetenv("GIT_DIR") < 0 ||
			    unsetenv("GIT_WORK_TREE") < 0 ||
			    unsetenv("GIT_INDEX_FILE") < 0)) {
			fprintf(stderr, "error: cannot enter %s: %s\n", dir,
				strerror(errno));
			_exit(127);
		}
		if (out) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[0]);
			close(fds[1]);
		} else {
			dup2(STDERR_FILENO, STDOUT_FILENO);
		}
		if (argv && argv[0])
			execvp(argv[0], (char *const *)argv);
		else
			execl("/bin/sh", "sh", "-c", shell, (char *)NULL);
		fprintf(stderr, "error: cannot run %s: %s\n",
			argv && argv[0] ? argv[0] : "/bin/sh", strerror(errno));
		_exit(127);
	}
	if (out) {
		close(fds[1]);
		tee(fds[0], out, &over);
		close(fds[0]);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	if (usage)
		take_usage(usage, &ru, &t0);
	if (over) {
		gb_error_set(GB_EINVALID, "its standard output is over %u MiB "
			"(or memory ran out)", GB_INPUT_MAX_BYTES >> 20);
		return CLI_SPAWN_TOO_MUCH;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

void cli_catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int cli_interrupted(void)
{
	return caught;
}
