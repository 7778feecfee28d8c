/*
 * How fast `git bench log --bench <one>` reads a long history, against the
 * floor of reading the same note blobs with `git cat-file --batch`.
 *
 * Builds a synthetic repository: a first-parent line of N commits (10,000
 * by default), each measured once with M benchmarks (50), its run record
 * on the history ref and in the notes as git-bench stores them. Objects
 * are written to memory and packed once (as a repository is after
 * `git gc`); the history and notes refs get one commit each, since reading
 * looks only at their tips. One benchmark steps up 10% at 60% of the way.
 *
 * Then it times, as child processes, `git cat-file --batch` fed the note
 * blob ids (the floor), `git notes list` piped into it (the floor with
 * finding the notes), `git bench log --bench <one>`, the same as CSV,
 * `git bench log` of every benchmark, `export` and `report`: R rounds,
 * each running every command once, forward and backward in turn. It
 * prints the build time, the best and median wall time of each and its
 * median CPU time (user and system, which a loaded machine disturbs
 * less), their ratios to the floor's, the peak RSS, and the load
 * average. It judges nothing.
 *
 *   bench-history [--commits N] [--benchmarks M] [--samples S]
 *                 [--repeat R] [--dir DIR] [--git-bench PATH] [--flat]
 *                 [--log-only]
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <gitbench.h>

#include "synth.h"
#include "util.h"

#define MACHINE SYNTH_MACHINE
#define T0 1735689600LL /* 2025-01-01 */

typedef struct {
	size_t commits, benchmarks, samples, repeat;
	const char *dir;
	const char *git_bench;
	int flat;
	int measure_only;   /* the second stage: the repository exists */
	int remove;         /* remove the repository at the end */
	int log_only;       /* the floors and log, not export and report */
} settings;

typedef struct {
	git_repository *repo;
	git_odb *odb;
	git_odb_backend *mempack;
	git_oid *commits;       /* code commits, oldest first */
	git_oid *notes;         /* the note blob of each */
	char (*ids)[GB_RUN_ID_MAX + 1];
	int64_t *times;
} synth;

/* The run of commit i; one benchmark a step up from 60% of the way. */
static int make_run(gb_run **out, const settings *s, size_t i,
	const git_oid *commit, int64_t time)
{
	return synth_run(out, s->benchmarks, s->samples,
		i >= s->commits * 6 / 10, i, commit, time);
}

static int write_commit(git_oid *out, synth *y, const git_oid *tree,
	const git_oid *parent, int64_t time, const char *message)
{
	return synth_commit(out, y->odb, tree, parent, parent != NULL, time,
		message);
}

/* The code: one file, one commit per step, each measured. */
static int build_line(synth *y, const settings *s)
{
	git_oid blob, tree, *parent = NULL;
	git_treebuilder *tb = NULL;
	gb_buf enc = GB_BUF_INIT;
	char msg[64];
	size_t i;
	int error = -1;

	if (git_blob_create_from_buffer(&blob, y->repo, "code\n", 5) < 0 ||
	    git_treebuilder_new(&tb, y->repo, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, "file", &blob, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tree, tb) < 0)
		goto cleanup;
	for (i = 0; i < s->commits; i++) {
		gb_run *run = NULL;

		y->times[i] = T0 + i * 600;
		snprintf(msg, sizeof(msg), "Change %zu", i + 1);
		if (write_commit(&y->commits[i], y, &tree, parent, y->times[i], msg) < 0 ||
		    make_run(&run, s, i, &y->commits[i], y->times[i] + 60) < 0)
			goto cleanup;
		gb_buf_clear(&enc);
		memcpy(y->ids[i], run->id, sizeof(y->ids[i]));
		error = gb_codec_encode(&enc, run);
		gb_run_free(run);
		if (error < 0 || git_odb_write(&y->notes[i], y->odb, enc.ptr,
					 enc.size, GIT_OBJECT_BLOB) < 0) {
			error = -1;
			goto cleanup;
		}
		parent = &y->commits[i];
	}
	error = 0;
cleanup:
	gb_buf_dispose(&enc);
	git_treebuilder_free(tb);
	return error;
}

/* One tree holding `paths` (sorted here) with their blobs. */
static int write_tree(git_oid *out, synth *y, char **paths, git_oid *blobs,
	size_t n)
{
	git_tree_update *up = calloc(n, sizeof(*up));
	git_treebuilder *tb = NULL;
	git_tree *empty = NULL;
	git_oid empty_id;
	size_t i;
	int error = -1;

	if (!up)
		return -1;
	for (i = 0; i < n; i++) {
		up[i].action = GIT_TREE_UPDATE_UPSERT;
		up[i].filemode = GIT_FILEMODE_BLOB;
		up[i].path = paths[i];
		git_oid_cpy(&up[i].id, &blobs[i]);
	}
	if (git_treebuilder_new(&tb, y->repo, NULL) == 0 &&
	    git_treebuilder_write(&empty_id, tb) == 0 &&
	    git_tree_lookup(&empty, y->repo, &empty_id) == 0 &&
	    git_tree_create_updated(out, y->repo, empty, n, up) == 0)
		error = 0;
	git_tree_free(empty);
	git_treebuilder_free(tb);
	free(up);
	return error;
}

typedef struct {
	char *path;
	git_oid blob;
} path_blob;

static int cmp_path(const void *a, const void *b)
{
	return strcmp(((const path_blob *)a)->path, ((const path_blob *)b)->path);
}

/* The history tree (runs/YYYY/MM/DD/<id>) or the notes tree. */
static int store_tree(git_oid *out, synth *y, const settings *s, int notes)
{
	path_blob *pb = calloc(s->commits, sizeof(*pb));
	char **paths = calloc(s->commits, sizeof(char *));
	git_oid *blobs = calloc(s->commits, sizeof(git_oid));
	size_t i;
	int error = -1;

	if (!pb || !paths || !blobs)
		goto cleanup;
	for (i = 0; i < s->commits; i++) {
		char hex[GIT_OID_HEXSZ + 1], buf[256];
		time_t t = (time_t)(y->times[i] + 60);
		struct tm tm;

		git_oid_tostr(hex, sizeof(hex), &y->commits[i]);
		gmtime_r(&t, &tm);
		if (!notes)
			snprintf(buf, sizeof(buf), "runs/%04d/%02d/%02d/%s",
				tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, y->ids[i]);
		else if (s->flat)
			snprintf(buf, sizeof(buf), "%s", hex);
		else
			snprintf(buf, sizeof(buf), "%.2s/%s", hex, hex + 2);
		if (!(pb[i].path = strdup(buf)))
			goto cleanup;
		git_oid_cpy(&pb[i].blob, &y->notes[i]);
	}
	qsort(pb, s->commits, sizeof(*pb), cmp_path);
	for (i = 0; i < s->commits; i++) {
		paths[i] = pb[i].path;
		git_oid_cpy(&blobs[i], &pb[i].blob);
	}
	error = write_tree(out, y, paths, blobs, s->commits);
cleanup:
	for (i = 0; pb && i < s->commits; i++)
		free(pb[i].path);
	free(pb);
	free(paths);
	free(blobs);
	return error;
}

/* The store's two refs, one commit each, and the branch of the code. */
static int build_refs(synth *y, const settings *s)
{
	char msg[256], hex[GIT_OID_HEXSZ + 1];
	git_oid history_tree, notes_tree, history, notes;
	int64_t when = y->times[s->commits - 1] + 600;

	if (store_tree(&history_tree, y, s, 0) < 0 ||
	    store_tree(&notes_tree, y, s, 1) < 0)
		return -1;
	snprintf(msg, sizeof(msg), "Record %zu runs of %zu commits on " MACHINE,
		s->commits, s->commits);
	if (write_commit(&history, y, &history_tree, NULL, when, msg) < 0)
		return -1;
	git_oid_tostr(hex, sizeof(hex), &history);
	snprintf(msg, sizeof(msg), "Notes added by bench-history\n\nHistory: %s", hex);
	if (write_commit(&notes, y, &notes_tree, NULL, when, msg) < 0)
		return -1;
	return synth_set_ref(y->repo, "refs/heads/main",
		    &y->commits[s->commits - 1]) < 0 ||
	       synth_set_ref(y->repo, GB_DEFAULT_HISTORY_REF, &history) < 0 ||
	       synth_set_ref(y->repo, GB_DEFAULT_NOTES_REF, &notes) < 0 ? -1 : 0;
}

/* Everything written so far, as one pack in objects/pack. */
static int build(synth *y, const settings *s)
{
	git_config *cfg = NULL;
	int error;

	if (git_repository_init(&y->repo, s->dir, 0) < 0 ||
	    git_repository_odb(&y->odb, y->repo) < 0 ||
	    git_mempack_new(&y->mempack) < 0 ||
	    git_odb_add_backend(y->odb, y->mempack, 999) < 0)
		return synth_fail("bench-history", "cannot make the repository");
	if (git_repository_config(&cfg, y->repo) < 0 ||
	    git_config_set_string(cfg, "bench.machine", MACHINE) < 0 ||
	    git_repository_set_head(y->repo, "refs/heads/main") < 0) {
		git_config_free(cfg);
		return synth_fail("bench-history", "cannot configure the repository");
	}
	git_config_free(cfg);
	if (build_line(y, s) < 0)
		return synth_fail("bench-history", "cannot write the commits and runs");
	if (build_refs(y, s) < 0)
		return synth_fail("bench-history", "cannot write the store's trees");
	if ((error = synth_write_pack(y->repo, y->odb, y->mempack)) < 0)
		return synth_fail("bench-history", "cannot write the pack");
	return 0;
}

/* As `git gc` leaves a repository: with a commit-graph. */
static int write_commit_graph(const char *dir)
{
	char *argv[] = { "git", "commit-graph", "write", "--reachable", NULL };
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (pid == 0) {
		if (chdir(dir) < 0)
			_exit(127);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0)
		return -1;
	return 0;
}

/*
 * A command measured in rounds: its wall and CPU times (sorted once
 * measured), its peak RSS.
 */
typedef struct {
	const char *what;
	char *const *argv;
	const char *in;
	double *seconds, *cpu;
	long rss_kb;
	int no_summaries;   /* run with bench.summaries=false */
} command;

static int cmp_seconds(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median_of(const double *sorted, size_t n)
{
	return n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
}

static void print_command(const command *c, size_t repeat, const command *floor)
{
	double median = median_of(c->seconds, repeat);
	double cpu = median_of(c->cpu, repeat);

	printf("%-34s %6.3f %6.3f %6.3f %6.1f", c->what, c->seconds[0], median,
		cpu, (double)c->rss_kb / 1024);
	if (floor)
		printf(" %5.2fx %5.2fx %5.2fx", c->seconds[0] / floor->seconds[0],
			median / median_of(floor->seconds, repeat),
			cpu / median_of(floor->cpu, repeat));
	printf("\n");
}

static void print_load(const char *when)
{
	double load[3];

	if (getloadavg(load, 3) == 3)
		printf("load average %s: %.2f %.2f %.2f\n", when, load[0],
			load[1], load[2]);
}

/*
 * Every command once a round, forward one round and backward the next,
 * so that a change of the machine's load falls on all of them alike.
 */
static int run_rounds(command *cmds, size_t n, size_t repeat, const char *dir)
{
	synth_timing t;
	size_t r, i, k;

	for (r = 0; r < repeat; r++)
		for (k = 0; k < n; k++) {
			command *c = &cmds[r % 2 ? n - 1 - k : k];
			int failed;

			if (c->no_summaries)
				setenv("GIT_CONFIG_PARAMETERS",
					"'bench.summaries=false'", 1);
			failed = synth_timed(&t, dir, c->in, c->argv, 0) < 0 ||
				 t.status != 0;
			unsetenv("GIT_CONFIG_PARAMETERS");
			if (failed) {
				fprintf(stderr, "bench-history: %s failed (exit %d)\n",
					c->what, t.status);
				return -1;
			}
			c->seconds[r] = t.seconds;
			c->cpu[r] = t.cpu;
			if (t.rss_kb > c->rss_kb)
				c->rss_kb = t.rss_kb;
		}
	for (i = 0; i < n; i++) {
		qsort(cmds[i].seconds, repeat, sizeof(double), cmp_seconds);
		qsort(cmds[i].cpu, repeat, sizeof(double), cmp_seconds);
	}
	return 0;
}

static int measure(const settings *s)
{
	char ids[PATH_MAX], name[64];
	char *floor_argv[] = { "git", "cat-file", "--batch", NULL };
	char *one[] = { (char *)s->git_bench, "log", "--bench", name, NULL };
	char *all[] = { (char *)s->git_bench, "log", NULL };
	char *csv[] = { (char *)s->git_bench, "log", "--bench", name, "--format",
		"csv", NULL };
	char *export[] = { (char *)s->git_bench, "export", NULL };
	char *report[] = { (char *)s->git_bench, "report", "-o", "-", NULL };
	char *list_sh[] = { "sh", "-c", "git notes --ref=" GB_DEFAULT_NOTES_REF
		" list | cut -d' ' -f1 | git cat-file --batch", NULL };
	command cmds[] = {
		{ "git cat-file --batch (floor)", floor_argv, ids, NULL, NULL, 0, 0 },
		{ "git notes list | cat-file", list_sh, NULL, NULL, NULL, 0, 0 },
		{ "git bench log --bench <one>", one, NULL, NULL, NULL, 0, 0 },
		{ "log --bench <one> --format csv", csv, NULL, NULL, NULL, 0, 0 },
		{ "git bench log (all benchmarks)", all, NULL, NULL, NULL, 0, 0 },
		{ "log --bench <one>, no summaries", one, NULL, NULL, NULL, 0, 1 },
		{ "log (all), no summaries", all, NULL, NULL, NULL, 0, 1 },
		{ "git bench export (csv)", export, NULL, NULL, NULL, 0, 0 },
		{ "git bench report -o -", report, NULL, NULL, NULL, 0, 0 },
	};
	command first = { "first log (writes the summaries)", all, NULL, NULL,
		NULL, 0, 0 };
	char summaries[PATH_MAX];
	synth_timing t;
	/* export and report last: --log-only leaves them out. */
	size_t n = sizeof(cmds) / sizeof(cmds[0]) - (s->log_only ? 2 : 0), i;
	int error = -1;

	synth_bench_name(name, sizeof(name), s->benchmarks / 3);
	snprintf(ids, sizeof(ids), "%s/.git/note-blobs", s->dir);
	for (i = 0; i < n; i++)
		if (!(cmds[i].seconds = calloc(s->repeat, sizeof(double))) ||
		    !(cmds[i].cpu = calloc(s->repeat, sizeof(double))))
			goto cleanup;
	print_load("before");
	/*
	 * The first `log` after the notes came (record keeps no summary;
	 * pull and fetch bring notes without them) decodes every note whole
	 * and writes their summaries: timed once, alone. The rounds then
	 * read them, as every later command does.
	 */
	snprintf(summaries, sizeof(summaries), "%s/.git/bench-summaries", s->dir);
	unlink(summaries);
	if (synth_timed(&t, s->dir, NULL, all, 0) < 0 || t.status != 0) {
		fprintf(stderr, "bench-history: the first log failed\n");
		goto cleanup;
	}
	if (!(first.seconds = calloc(1, sizeof(double))) ||
	    !(first.cpu = calloc(1, sizeof(double))))
		goto cleanup;
	first.seconds[0] = t.seconds;
	first.cpu[0] = t.cpu;
	first.rss_kb = t.rss_kb;
	if (run_rounds(cmds, n, s->repeat, s->dir) < 0)
		goto cleanup;
	print_load("after");
	printf("%-34s %6s %6s %6s %6s %6s %6s %6s\n", "", "best", "median",
		"CPU", "MB", "best", "median", "CPU");
	print_command(&cmds[0], s->repeat, NULL);
	for (i = 1; i < n; i++)
		print_command(&cmds[i], s->repeat, &cmds[0]);
	printf("%-34s %6.3f %6s %6.3f %6.1f %5.2fx %6s %5.2fx\n", first.what,
		first.seconds[0], "", first.cpu[0], (double)first.rss_kb / 1024,
		first.seconds[0] / cmds[0].seconds[0], "",
		first.cpu[0] / median_of(cmds[0].cpu, s->repeat));
	error = 0;
cleanup:
	free(first.seconds);
	free(first.cpu);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		free(cmds[i].seconds);
		free(cmds[i].cpu);
	}
	return error;
}

static int parse(settings *s, int argc, char **argv)
{
	const synth_option opts[] = {
		{ "--flat", &s->flat, NULL, NULL },
		{ "--measure-only", &s->measure_only, NULL, NULL },
		{ "--remove", &s->remove, NULL, NULL },
		{ "--log-only", &s->log_only, NULL, NULL },
		{ "--commits", NULL, &s->commits, NULL },
		{ "--benchmarks", NULL, &s->benchmarks, NULL },
		{ "--samples", NULL, &s->samples, NULL },
		{ "--repeat", NULL, &s->repeat, NULL },
		{ "--dir", NULL, NULL, &s->dir },
		{ "--git-bench", NULL, NULL, &s->git_bench },
		{ NULL, NULL, NULL, NULL },
	};

	if (synth_parse(opts, argc, argv) < 0)
		return -1;
	return s->commits >= 2 && s->commits <= 10000000 && s->benchmarks >= 1 &&
	       s->benchmarks <= 100000 && s->samples <= 100000 &&
	       s->repeat >= 1 ? 0 : -1;
}

static int build_stage(settings *s)
{
	char ids[PATH_MAX];
	synth y = { 0 };
	double start = bench_seconds();
	int error = -1;

	y.commits = calloc(s->commits, sizeof(git_oid));
	y.notes = calloc(s->commits, sizeof(git_oid));
	y.ids = calloc(s->commits, sizeof(*y.ids));
	y.times = calloc(s->commits, sizeof(int64_t));
	printf("%zu commits x %zu benchmarks, %zu samples each, in %s\n",
		s->commits, s->benchmarks, s->samples, s->dir);
	snprintf(ids, sizeof(ids), "%s/.git/note-blobs", s->dir);
	if (!y.commits || !y.notes || !y.ids || !y.times)
		synth_fail("bench-history", "out of memory");
	else if (build(&y, s) == 0 &&
		 synth_write_ids(ids, y.notes, s->commits) == 0 &&
		 write_commit_graph(s->dir) == 0)
		error = 0;
	if (!error)
		printf("%-34s %8.3f s\n", "build (write and pack)", bench_seconds() - start);
	git_odb_free(y.odb);
	git_repository_free(y.repo);
	free(y.commits);
	free(y.notes);
	free(y.ids);
	free(y.times);
	return error;
}

/*
 * Measure from a fresh process image: a child's peak RSS counts what it
 * inherited at fork, and this one holds every object it wrote.
 */
static int reexec(const settings *s, int remove)
{
	char n[32], r[32];
	char *argv[] = { "bench-history", "--measure-only", "--dir",
		(char *)s->dir, "--benchmarks", n, "--repeat", r, "--git-bench",
		(char *)s->git_bench, NULL, NULL, NULL };
	size_t k = 10;

	if (s->log_only)
		argv[k++] = "--log-only";
	if (remove)
		argv[k++] = "--remove";

	snprintf(n, sizeof(n), "%zu", s->benchmarks);
	snprintf(r, sizeof(r), "%zu", s->repeat);
	fflush(stdout);
	execv("/proc/self/exe", argv);
	return synth_fail("bench-history", "cannot run the measuring stage");
}

int main(int argc, char **argv)
{
	settings s = { 10000, 50, 0, 5, NULL, NULL, 0, 0, 0, 0 };
	char tmp[PATH_MAX], exe[PATH_MAX];
	int code, made = 0;

	if (parse(&s, argc, argv) < 0 || (s.measure_only && !s.dir)) {
		fprintf(stderr, "usage: bench-history [--commits N] [--benchmarks M] "
				"[--samples S] [--repeat R] [--dir DIR] "
				"[--git-bench PATH] [--flat] [--log-only]\n");
		return 2;
	}
	synth_default_git_bench(exe, sizeof(exe), argv[0]);
	if (!s.git_bench)
		s.git_bench = exe;
	if (s.measure_only) {
		code = measure(&s) < 0;
		if (s.remove)
			synth_remove_dir(s.dir);
		return code;
	}
	if (s.dir && synth_fresh_dir("bench-history", s.dir) < 0)
		return 1;
	if (!s.dir) {
		snprintf(tmp, sizeof(tmp), "%s/gb-history-XXXXXX",
			getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!(s.dir = mkdtemp(tmp)))
			return synth_fail("bench-history", "cannot make a directory");
		made = 1;
	}
	if (gb_init() < 0 || build_stage(&s) < 0)
		return 1;
	gb_shutdown();
	return reexec(&s, made);
}
