#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2/sys/mempack.h>

#include "synth.h"
#include "util.h"

int synth_fail(const char *prog, const char *what)
{
	const git_error *e = git_error_last();
	const char *why = gb_error_last()->message;

	fprintf(stderr, "%s: %s: %s\n", prog, what,
		*why ? why : e && e->message ? e->message : strerror(errno));
	return -1;
}

void synth_bench_name(char *out, size_t size, size_t k)
{
	snprintf(out, size, "parse/case-%02zu", k);
}

static int add_result(gb_run *run, size_t k, size_t samples, double level)
{
	double *values = NULL;
	gb_result *r;
	char name[64];
	size_t j;

	synth_bench_name(name, sizeof(name), k);
	if (gb_run_add_result(&r, run, name, "ns", GB_LOWER_IS_BETTER) < 0)
		return -1;
	r->mean = level * (1 + 0.01 * bench_gaussian());
	r->median = r->mean * 0.998;
	r->stddev = level * 0.02;
	r->min = r->mean * 0.95;
	r->max = r->mean * 1.08;
	r->count = 100;
	r->iterations = 5050;
	if (samples > 0) {
		if (!(values = malloc(samples * sizeof(double))))
			return -1;
		for (j = 0; j < samples; j++)
			values[j] = r->mean * (1 + 0.02 * bench_gaussian());
		gb_result_set_samples(r, values, samples);
	}
	return 0;
}

int synth_run(gb_run **out, size_t benchmarks, size_t samples, int stepped,
	size_t seq, const git_oid *commit, int64_t time)
{
	gb_run *run = NULL;
	size_t k;

	if (gb_run_new(&run) < 0)
		return -1;
	gb_run_id_generate(run->id, time * 1000000 + (int64_t)(seq % 1000000));
	run->time = time;
	git_oid_cpy(&run->commit, commit);
	if (gb_run_set_string(&run->machine, SYNTH_MACHINE) < 0 ||
	    gb_run_set_string(&run->format, "criterion") < 0 ||
	    gb_run_set_string(&run->env.host, "synthetic") < 0 ||
	    gb_run_set_string(&run->env.os, "Debian GNU/Linux 12 (bookworm)") < 0 ||
	    gb_run_set_string(&run->env.arch, "x86_64") < 0)
		goto fail;
	for (k = 0; k < benchmarks; k++)
		if (add_result(run, k, samples, 1000.0 * (double)(k + 1) *
			       (stepped && k == benchmarks / 3 ? 1.1 : 1)) < 0)
			goto fail;
	*out = run;
	return 0;
fail:
	gb_run_free(run);
	return -1;
}

int synth_commit_format(gb_buf *raw, const git_oid *tree,
	const git_oid *parents, size_t nparents, int64_t time,
	const char *message)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	gb_buf_clear(raw);
	git_oid_tostr(hex, sizeof(hex), tree);
	gb_buf_printf(raw, "tree %s\n", hex);
	for (i = 0; i < nparents; i++) {
		git_oid_tostr(hex, sizeof(hex), &parents[i]);
		gb_buf_printf(raw, "parent %s\n", hex);
	}
	return gb_buf_printf(raw, "author A U Thor <author@example.com> %lld +0000\n"
			    "committer A U Thor <author@example.com> %lld +0000\n\n%s\n",
		(long long)time, (long long)time, message);
}

int synth_commit(git_oid *out, git_odb *odb, const git_oid *tree,
	const git_oid *parents, size_t nparents, int64_t time,
	const char *message)
{
	gb_buf raw = GB_BUF_INIT;
	int error;

	if ((error = synth_commit_format(&raw, tree, parents, nparents, time,
		     message)) == 0)
		error = git_odb_write(out, odb, raw.ptr, raw.size,
			GIT_OBJECT_COMMIT);
	gb_buf_dispose(&raw);
	return error;
}

int synth_index_pack(git_repository *repo, git_odb *odb, const git_buf *pack)
{
	git_indexer *ix = NULL;
	git_indexer_progress stats;
	char dir[PATH_MAX];
	int error;

	snprintf(dir, sizeof(dir), "%sobjects/pack", git_repository_path(repo));
	if ((error = git_indexer_new(&ix, dir, 0, odb, NULL)) == 0 &&
	    (error = git_indexer_append(ix, pack->ptr, pack->size, &stats)) == 0)
		error = git_indexer_commit(ix, &stats);
	git_indexer_free(ix);
	return error;
}

int synth_write_pack(git_repository *repo, git_odb *odb,
	git_odb_backend *mempack)
{
	git_buf pack = GIT_BUF_INIT;
	int error;

	if ((error = git_mempack_dump(&pack, repo, mempack)) == 0)
		error = synth_index_pack(repo, odb, &pack);
	git_buf_dispose(&pack);
	return error;
}

int synth_write_ids(const char *path, const git_oid *notes, size_t n)
{
	FILE *f = fopen(path, "w");
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	if (!f)
		return -1;
	for (i = n; i-- > 0;) {
		git_oid_tostr(hex, sizeof(hex), &notes[i]);
		fprintf(f, "%s\n", hex);
	}
	return fclose(f);
}

/* VmHWM of a running process, in KiB; 0 when it cannot be read. */
static long own_peak_kb(pid_t pid)
{
	char path[64], line[256];
	long kb = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

int synth_timed(synth_timing *t, const char *dir, const char *in,
	char *const *argv, int quiet)
{
	struct rusage ru;
	double start = bench_seconds();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd0 = open(in ? in : "/dev/null", O_RDONLY);
		int fd1 = open("/dev/null", O_WRONLY);

		if (fd0 < 0 || fd1 < 0 || chdir(dir) < 0)
			_exit(127);
		dup2(fd0, 0);
		dup2(fd1, 1);
		if (quiet)
			dup2(fd1, 2);
		execvp(argv[0], argv);
		_exit(127);
	}
	/* Its own peak, without the processes it starts: sampled until it
	 * exits (the kernel's VmHWM only grows, so the last sample is near). */
	t->own_kb = 0;
	for (;;) {
		struct timespec pause = { 0, 2000000 };
		pid_t done = wait4(pid, &status, WNOHANG, &ru);
		long kb = own_peak_kb(pid);

		if (done < 0)
			return -1;
		if (done == pid)
			break;
		if (kb > t->own_kb)
			t->own_kb = kb;
		nanosleep(&pause, NULL);
	}
	t->seconds = bench_seconds() - start;
	t->cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
		 (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
	t->rss_kb = ru.ru_maxrss;
	t->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
	return 0;
}

void synth_default_git_bench(char *out, size_t size, const char *argv0)
{
	char self[PATH_MAX];
	const char *slash;

	/* The children run in the repository: the path must be absolute. */
	if (!realpath(argv0, self) || !(slash = strrchr(self, '/'))) {
		snprintf(out, size, "git-bench");
		return;
	}
	snprintf(out, size, "%.*s/git-bench", (int)(slash - self), self);
}

int synth_parse(const synth_option *opts, int argc, char **argv)
{
	const synth_option *o;
	int i;

	for (i = 1; i < argc; i++) {
		for (o = opts; o->name && strcmp(o->name, argv[i]); o++)
			;
		if (!o->name)
			return -1;
		if (o->flag) {
			*o->flag = 1;
			continue;
		}
		if (++i == argc)
			return -1;
		if (o->number)
			*o->number = strtoul(argv[i], NULL, 10);
		else
			*o->string = argv[i];
	}
	return 0;
}

int synth_set_ref(git_repository *repo, const char *name, const git_oid *id)
{
	git_reference *ref = NULL;
	int error = git_reference_create(&ref, repo, name, id, 1, NULL);

	git_reference_free(ref);
	return error;
}

int synth_fresh_dir(const char *prog, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int used = 0;

	if (!d)
		return errno == ENOENT ? 0 : synth_fail(prog, "cannot read --dir");
	while (!used && (e = readdir(d)))
		used = strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	if (!used)
		return 0;
	fprintf(stderr, "%s: %s is not empty: a new history needs a new or "
			"empty --dir (--measure-only reuses one)\n", prog, dir);
	return -1;
}

void synth_remove_dir(const char *dir)
{
	char *argv[] = { "rm", "-rf", (char *)dir, NULL };
	synth_timing t;

	synth_timed(&t, "/", NULL, argv, 0);
}
