/* Running the user's benchmark command and git; the signals that stop it. */
#include <errno.h>
#include <fcntl.h>
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

/* What the child could not do before it ran the command: its errno. */
struct not_run {
	int entering;  /* 1: chdir to the directory, 0: exec */
	int error;
};

/* In the child: tell the parent through `fd` why, and give up. */
static void child_failed(int fd, int entering)
{
	struct not_run why = { entering, errno };

	while (write(fd, &why, sizeof(why)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/*
 * Whether the child said it could not run the command (then the error is
 * set): `fd` closes on exec, so a command that ran says nothing.
 */
static bool not_run(int fd, const char *dir, const char *prog)
{
	struct not_run why;
	ssize_t n;

	while ((n = read(fd, &why, sizeof(why))) < 0 && errno == EINTR)
		;
	if (n != (ssize_t)sizeof(why))
		return false;
	if (why.entering)
		gb_error_set(GB_ERROR, "cannot enter %s: %s", dir,
			strerror(why.error));
	else
		gb_error_set(GB_ERROR, "cannot run %s: %s", prog,
			strerror(why.error));
	return true;
}

/* The pipe the child tells of a failed start on, closed at exec. */
static int start_pipe(int fds[2])
{
	if (pipe(fds) < 0)
		return -1;
	if (fcntl(fds[0], F_SETFD, FD_CLOEXEC) < 0 ||
	    fcntl(fds[1], F_SETFD, FD_CLOEXEC) < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	return 0;
}

int cli_spawn_captured(gb_usage *usage, const char *dir, const char *shell,
	const char *const *argv, gb_buf *out)
{
	const char *prog = argv && argv[0] ? argv[0] : "/bin/sh";
	struct timespec t0;
	struct rusage ru;
	int status, fds[2] = { -1, -1 }, err[2];
	bool over = false, failed;
	pid_t pid;

	if (usage)
		gb_usage_init(usage);
	if (start_pipe(err) < 0) {
		gb_error_set(GB_ERROR, "cannot run %s: %s", prog, strerror(errno));
		return CLI_SPAWN_NOT_RUN;
	}
	if (out && pipe(fds) < 0) {
		gb_error_set(GB_ERROR, "cannot run %s: %s", prog, strerror(errno));
		close(err[0]);
		close(err[1]);
		return CLI_SPAWN_NOT_RUN;
	}
	fflush(stdout);
	fflush(stderr);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		gb_error_set(GB_ERROR, "cannot run %s: %s", prog, strerror(errno));
		if (out) {
			close(fds[0]);
			close(fds[1]);
		}
		close(err[0]);
		close(err[1]);
		return CLI_SPAWN_NOT_RUN;
	}
	if (pid == 0) {
		close(err[0]);
		/* In another work tree, git must find that one's repository. */
		if (dir && (chdir(dir) < 0 || unsetenv("GIT_DIR") < 0 ||
			    unsetenv("GIT_WORK_TREE") < 0 ||
			    unsetenv("GIT_INDEX_FILE") < 0))
			child_failed(err[1], 1);
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
		child_failed(err[1], 0);
	}
	close(err[1]);
	failed = not_run(err[0], dir, prog);
	close(err[0]);
	if (out) {
		close(fds[1]);
		tee(fds[0], out, &over);
		close(fds[0]);
	}
	while (wait4(pid, &status, 0, &ru) < 0)
		if (errno != EINTR) {
			gb_error_set(GB_ERROR, "cannot wait for %s: %s", prog,
				strerror(errno));
			return CLI_SPAWN_NOT_RUN;
		}
	if (failed)
		return CLI_SPAWN_NOT_RUN;
	if (usage)
		take_usage(usage, &ru, &t0);
	if (over) {
		gb_error_set(GB_EINVALID, "its standard output is over %u MiB "
			"(or memory ran out)", GB_INPUT_MAX_BYTES >> 20);
		return CLI_SPAWN_TOO_MUCH;
	}
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return CLI_SPAWN_KILLED(WTERMSIG(status));
	return 128;
}

/* The names of the signals that end a program, as kill -l gives them. */
static const char *signal_name(int sig)
{
	static const struct { int sig; const char *name; } names[] = {
		{ SIGHUP, "SIGHUP" }, { SIGINT, "SIGINT" },
		{ SIGQUIT, "SIGQUIT" }, { SIGILL, "SIGILL" },
		{ SIGTRAP, "SIGTRAP" }, { SIGABRT, "SIGABRT" },
		{ SIGBUS, "SIGBUS" }, { SIGFPE, "SIGFPE" },
		{ SIGKILL, "SIGKILL" }, { SIGUSR1, "SIGUSR1" },
		{ SIGSEGV, "SIGSEGV" }, { SIGUSR2, "SIGUSR2" },
		{ SIGPIPE, "SIGPIPE" }, { SIGALRM, "SIGALRM" },
		{ SIGTERM, "SIGTERM" }, { SIGXCPU, "SIGXCPU" },
		{ SIGXFSZ, "SIGXFSZ" }, { SIGSYS, "SIGSYS" },
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].sig == sig)
			return names[i].name;
	return NULL;
}

void cli_spawn_why(gb_buf *out, int status)
{
	const char *name;
	int sig;

	if (status == CLI_SPAWN_NOT_RUN || status == CLI_SPAWN_TOO_MUCH) {
		gb_buf_puts(out, gb_error_last()->message);
	} else if (status <= CLI_SPAWN_KILLED(0)) {
		sig = CLI_SPAWN_KILLED(0) - status;
		gb_buf_printf(out, "killed by signal %d", sig);
		if ((name = signal_name(sig)) != NULL)
			gb_buf_printf(out, " (%s)", name);
	} else {
		gb_buf_printf(out, "exit %d", status);
	}
}

void cli_spawn_failure(gb_buf *out, const char *what, int status)
{
	if (status == CLI_SPAWN_NOT_RUN) {
		cli_spawn_why(out, status);
	} else if (status == CLI_SPAWN_TOO_MUCH) {
		gb_buf_printf(out, "%s: ", what);
		cli_spawn_why(out, status);
	} else if (status <= CLI_SPAWN_KILLED(0)) {
		gb_buf_printf(out, "%s was ", what);
		cli_spawn_why(out, status);
	} else {
		gb_buf_printf(out, "%s failed (", what);
		cli_spawn_why(out, status);
		gb_buf_putc(out, ')');
	}
}

int cli_spawn_export_prefix(const char *top)
{
	char *here = realpath(".", NULL), *root = realpath(top, NULL);
	const char *inherited = getenv("GIT_PREFIX");
	gb_buf prefix = GB_BUF_INIT;
	size_t n = root ? strlen(root) : 0;
	int error = 0;

	if (!here || !root) {
		error = gb_error_set(GB_ERROR, "cannot resolve %s: %s",
			here ? top : ".", strerror(errno));
		goto done;
	}
	/* Outside the work tree (GIT_WORK_TREE elsewhere): from the top. */
	if (!strncmp(here, root, n) && here[n] == '/' && here[n + 1])
		gb_buf_printf(&prefix, "%s/", here + n + 1);
	else if (!strcmp(here, root) && inherited)
		goto done;
	if (setenv("GIT_PREFIX", prefix.ptr ? prefix.ptr : "", 1) < 0)
		error = gb_error_set(GB_ERROR, "cannot set GIT_PREFIX: %s",
			strerror(errno));
done:
	free(here);
	free(root);
	gb_buf_dispose(&prefix);
	return error;
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
