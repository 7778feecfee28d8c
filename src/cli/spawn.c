/* Running the user's benchmark command and git; the signals that stop it. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gitbench.h>

#include "spawn.h"

int64_t cli_start_time(void)
{
	return gb_date_now_us() / 1000000 - 1;
}

int cli_spawn_benchmark(const char *shell, const char *const *argv)
{
	return cli_spawn_in(NULL, shell, argv);
}

int cli_spawn_in(const char *dir, const char *shell, const char *const *argv)
{
	int status;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		/* In another work tree, git must find that one's repository. */
		if (dir && (chdir(dir) < 0 || unsetenv("GIT_DIR") < 0 ||
			    unsetenv("GIT_WORK_TREE") < 0 ||
			    unsetenv("GIT_INDEX_FILE") < 0)) {
			fprintf(stderr, "error: cannot enter %s: %s\n", dir,
				strerror(errno));
			_exit(127);
		}
		dup2(STDERR_FILENO, STDOUT_FILENO);
		if (argv && argv[0])
			execvp(argv[0], (char *const *)argv);
		else
			execl("/bin/sh", "sh", "-c", shell, (char *)NULL);
		fprintf(stderr, "error: cannot run %s: %s\n",
			argv && argv[0] ? argv[0] : "/bin/sh", strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
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
