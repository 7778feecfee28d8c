/*
 * Time commands against a floor in one alternating run: every round runs
 * each command once (in forward order, then backward the next round), so
 * a change of the machine's load falls on all of them alike; prints the
 * median wall and CPU time of each and its ratio to the floor's median.
 * It judges nothing. The shell scripts of bench/ build and drive it.
 *
 *   alternate [--rounds N] [--prep SHELL] FLOOR COMMAND...
 *
 * FLOOR and each COMMAND are one argument each, split at spaces into the
 * program's arguments (no quoting) and run without a shell, output to
 * /dev/null: a shell would add its own start-up to both sides. --prep is
 * run by /bin/sh, untimed, before each timed command (a new commit to
 * record or push, say). The first round is a warm-up, not counted. A
 * command that fails stops the run: its time would measure nothing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#define MAX_COMMANDS 8
#define MAX_ARGS 32

typedef struct {
	const char *text;
	char *argv[MAX_ARGS + 1];
	double *wall, *cpu;  /* milliseconds, one per counted round */
} command;

__attribute__((format(printf, 1, 2), noreturn))
static void die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "alternate: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(2);
}

static void split(command *c, const char *text)
{
	char *copy = strdup(text), *tok, *save = NULL;
	size_t n = 0;

	if (!copy)
		die("out of memory");
	c->text = text;
	for (tok = strtok_r(copy, " ", &save); tok;
	     tok = strtok_r(NULL, " ", &save)) {
		if (n == MAX_ARGS)
			die("too many arguments in '%s'", text);
		c->argv[n++] = tok;
	}
	if (!n)
		die("an empty command");
	c->argv[n] = NULL;
}

static void prep(const char *shell)
{
	int status;
	pid_t pid;

	if (!shell)
		return;
	if ((pid = fork()) < 0)
		die("cannot fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 1);
		execl("/bin/sh", "sh", "-c", shell, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		die("the preparation failed: %s", shell);
}

/* One timed run: wall and CPU (user + system) milliseconds. */
static void run(const command *c, double *wall, double *cpu)
{
	struct rusage ru;
	int status;
	double t0 = bench_seconds();
	pid_t pid = fork();

	if (pid < 0)
		die("cannot fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
		execvp(c->argv[0], c->argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		die("wait4: %s", strerror(errno));
	*wall = (bench_seconds() - t0) * 1e3;
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		die("this command failed: %s", c->text);
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), by_value);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double load_average(void)
{
	double load = -1;
	FILE *f = fopen("/proc/loadavg", "r");

	if (f) {
		if (fscanf(f, "%lf", &load) != 1)
			load = -1;
		fclose(f);
	}
	return load;
}

int main(int argc, char **argv)
{
	command cmds[MAX_COMMANDS];
	const char *shell = NULL;
	size_t rounds = 41, n = 0, r, i;
	double load0, floor_wall, floor_cpu;
	int a;

	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--rounds") && a + 1 < argc)
			rounds = strtoul(argv[++a], NULL, 10) + 1;
		else if (!strcmp(argv[a], "--prep") && a + 1 < argc)
			shell = argv[++a];
		else if (n < MAX_COMMANDS)
			split(&cmds[n++], argv[a]);
		else
			die("at most %d commands", MAX_COMMANDS);
	}
	if (n < 2 || rounds < 2)
		die("usage: alternate [--rounds N] [--prep SHELL] FLOOR COMMAND...");
	for (i = 0; i < n; i++) {
		cmds[i].wall = calloc(rounds, sizeof(double));
		cmds[i].cpu = calloc(rounds, sizeof(double));
		if (!cmds[i].wall || !cmds[i].cpu)
			die("out of memory");
	}
	load0 = load_average();
	for (r = 0; r < rounds; r++) {
		for (i = 0; i < n; i++) {
			/* Forward, then backward: no command always follows
			 * the same one. */
			size_t k = r % 2 ? n - 1 - i : i;

			prep(shell);
			/* Round 0 is the warm-up: written over by round 1. */
			run(&cmds[k], &cmds[k].wall[r ? r - 1 : 0],
			    &cmds[k].cpu[r ? r - 1 : 0]);
		}
	}
	rounds--;
	printf("%zu rounds, alternated; load average %.2f before, %.2f after "
	       "(%ld CPUs)\n", rounds, load0, load_average(),
	       sysconf(_SC_NPROCESSORS_ONLN));
	printf("%-46s %9s %9s %9s\n", "median of", "wall ms", "cpu ms",
	       "x floor");
	floor_wall = median(cmds[0].wall, rounds);
	floor_cpu = median(cmds[0].cpu, rounds);
	for (i = 0; i < n; i++) {
		double w = i ? median(cmds[i].wall, rounds) : floor_wall;
		double c = i ? median(cmds[i].cpu, rounds) : floor_cpu;
		char label[47];

		snprintf(label, sizeof(label), "%s%s", cmds[i].text,
			 i ? "" : " (floor)");
		printf("%-46s %9.2f %9.2f %9.2f\n", label, w, c,
		       floor_wall > 0 ? w / floor_wall : 0);
	}
	for (i = 0; i < n; i++) {
		free(cmds[i].wall);
		free(cmds[i].cpu);
	}
	return 0;
}
