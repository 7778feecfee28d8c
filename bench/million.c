/*
 * A long history: N measured commits x R runs each (100,000 x 10 is the
 * target), recorded one run at a time as `git bench record` leaves them,
 * and what every command that reads or moves the whole store costs on it.
 *
 * The repository is written straight through libgit2: a first-parent line
 * of N commits, 4 hours apart; R runs of each within the next 100 minutes
 * (60 runs a day when R is 10: a project measured six times a day); the
 * history ref gets one commit per run, whose tree holds every run so far
 * at runs/YYYY/MM/DD/<run id> and whose message is record's; the note of
 * each measured commit is the concatenation of its R records, in the flat
 * notes tree record writes, under one notes commit naming the history tip
 * (readers look only at its tip). Objects go to memory and are written as
 * a pack every --chunk MB; then `git gc` packs them as a user's repository
 * is, with a commit-graph.
 *
 * Then, from a fresh process image, each command runs once as a child,
 * with its wall time and peak RSS (wait4's ru_maxrss): git's own floors
 * (cat-file --batch of the notes, fsck, push and fetch of the same refs),
 * then log, log --commits, compare, report, export, fsck, prune --keep 50
 * (on a copy), push to a bare remote and pull into a fresh clone.
 *
 *   bench-million [--commits N] [--runs R] [--benchmarks M] [--chunk MB]
 *                 [--dir DIR] [--git-bench PATH] [--no-gc] [--only LIST]
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "synth.h"
#include "util.h"

#define PROG "bench-million"
#define T0 1735689600LL /* 2025-01-01 */
#define STEP (4 * 3600)  /* between measured commits */
#define RUN_GAP 600      /* between the runs of one commit */

typedef struct {
	size_t commits, runs, benchmarks, chunk_mb;
	const char *dir, *git_bench, *only;
	int measure_only, remove, no_gc;
} settings;

typedef struct {
	char name[GB_RUN_ID_MAX + 1];
	git_oid id;
} entry;

/* One tree of the history path, its entries in name order. */
typedef struct {
	entry *e;
	size_t n, cap;
} level;

enum { DAY, MONTH, YEAR, RUNS, LEVELS };
static const char *const level_names[LEVELS] = { "runs/Y/M/D", "runs/Y/M",
	"runs/Y", "runs" };

/* An object not yet packed; the name groups similar objects for deltas. */
typedef struct {
	git_oid id;
	const char *name;
} written;

typedef struct {
	git_repository *repo;
	git_odb *odb;
	git_odb_backend *mempack;
	written *written;        /* since the last pack */
	size_t nwritten, cap;
	size_t pending;          /* bytes written since the last pack */
	size_t chunk;
	level lv[LEVELS];
	git_oid tip;             /* of the history */
	int has_tip;
	git_oid *commits, *notes; /* per measured commit */
} synth;

/*
 * The objects written since the last pack, as a pack. Not through
 * git_mempack_dump: it walks the whole tree of every commit, and every
 * history commit's tree holds every run so far.
 */
static int write_pack(synth *y)
{
	git_packbuilder *pb = NULL;
	git_buf pack = GIT_BUF_INIT;
	size_t i;
	int error;

	if ((error = git_packbuilder_new(&pb, y->repo)) < 0)
		return error;
	for (i = 0; i < y->nwritten && !error; i++)
		error = git_packbuilder_insert(pb, &y->written[i].id,
			y->written[i].name);
	if (!error && (error = git_packbuilder_write_buf(&pack, pb)) == 0)
		error = synth_index_pack(y->repo, y->odb, &pack);
	git_buf_dispose(&pack);
	git_packbuilder_free(pb);
	if (error == 0)
		error = git_mempack_reset(y->mempack);
	y->pending = y->nwritten = 0;
	return error;
}

/* Note an object written; the pending ones a pack past the chunk size. */
static int track(synth *y, const git_oid *id, const char *name, size_t len)
{
	if (y->nwritten == y->cap) {
		size_t cap = y->cap ? y->cap * 2 : 4096;
		written *w = realloc(y->written, cap * sizeof(*w));

		if (!w)
			return -1;
		y->written = w;
		y->cap = cap;
	}
	git_oid_cpy(&y->written[y->nwritten].id, id);
	y->written[y->nwritten++].name = name;
	y->pending += len;
	return y->pending >= y->chunk ? write_pack(y) : 0;
}

static int put(git_oid *out, synth *y, const void *data, size_t len,
	git_object_t type, const char *name)
{
	/* Straight to memory: the object database would look each new
	 * object up in the packs first, rereading objects/pack on a miss. */
	if (git_odb_hash(out, data, len, type) < 0 ||
	    y->mempack->write(y->mempack, out, data, len, type) < 0)
		return -1;
	return track(y, out, name, len);
}

static int put_commit(git_oid *out, synth *y, const git_oid *tree,
	const git_oid *parent, int64_t time, const char *message)
{
	gb_buf raw = GB_BUF_INIT;
	int error;

	if ((error = synth_commit_format(&raw, tree, parent, parent != NULL,
		     time, message)) == 0)
		error = put(out, y, raw.ptr, raw.size, GIT_OBJECT_COMMIT, NULL);
	gb_buf_dispose(&raw);
	return error;
}

static int put_tree(git_oid *out, synth *y, const level *l, int blobs,
	const char *name)
{
	gb_buf raw = GB_BUF_INIT;
	size_t i;
	int error;

	for (i = 0; i < l->n; i++) {
		gb_buf_printf(&raw, "%s %s", blobs ? "100644" : "40000", l->e[i].name);
		gb_buf_put(&raw, "", 1);
		gb_buf_put(&raw, l->e[i].id.id, GIT_OID_RAWSZ);
	}
	error = put(out, y, raw.ptr, raw.size, GIT_OBJECT_TREE, name);
	gb_buf_dispose(&raw);
	return error;
}

/* The last entry of `l` named `name`, appended if it is not. */
static entry *last_named(level *l, const char *name, int *added)
{
	*added = 0;
	if (l->n && !strcmp(l->e[l->n - 1].name, name))
		return &l->e[l->n - 1];
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		entry *e = realloc(l->e, cap * sizeof(*e));

		if (!e)
			return NULL;
		l->e = e;
		l->cap = cap;
	}
	memset(&l->e[l->n], 0, sizeof(entry));
	snprintf(l->e[l->n].name, sizeof(l->e[l->n].name), "%s", name);
	*added = 1;
	return &l->e[l->n++];
}

/* The history commit of one run: its blob added at runs/YYYY/MM/DD/<id>. */
static int history_add(synth *y, const gb_run *run, const git_oid *blob)
{
	time_t t = (time_t)run->time;
	struct tm tm;
	char names[LEVELS][GB_RUN_ID_MAX + 1], hex[GIT_OID_HEXSZ + 1], msg[512];
	git_oid id, root;
	level rootl = { NULL, 0, 0 };
	entry runs = { "runs", { { 0 } } };
	int k, added;

	gmtime_r(&t, &tm);
	snprintf(names[RUNS], sizeof(names[RUNS]), "%04d", tm.tm_year + 1900);
	snprintf(names[YEAR], sizeof(names[YEAR]), "%02d", tm.tm_mon + 1);
	snprintf(names[MONTH], sizeof(names[MONTH]), "%02d", tm.tm_mday);
	snprintf(names[DAY], sizeof(names[DAY]), "%s", run->id);
	/* A new year, month or day starts the levels below it empty. */
	for (k = RUNS; k >= DAY; k--) {
		entry *e = last_named(&y->lv[k], names[k], &added);

		if (!e)
			return -1;
		if (added)
			for (int j = k - 1; j >= DAY; j--)
				y->lv[j].n = 0;
	}
	git_oid_cpy(&y->lv[DAY].e[y->lv[DAY].n - 1].id, blob);
	for (k = DAY; k <= RUNS; k++) {
		if (put_tree(&id, y, &y->lv[k], k == DAY, level_names[k]) < 0)
			return -1;
		if (k < RUNS)
			git_oid_cpy(&y->lv[k + 1].e[y->lv[k + 1].n - 1].id, &id);
	}
	git_oid_cpy(&runs.id, &id);
	rootl.e = &runs;
	rootl.n = 1;
	if (put_tree(&root, y, &rootl, 0, "") < 0)
		return -1;
	git_oid_tostr(hex, sizeof(hex), &run->commit);
	snprintf(msg, sizeof(msg), "Record 1 run of %.7s on " SYNTH_MACHINE
		": %zu results from criterion\n\nrun %s commit %s", hex,
		run->nresults, run->id, hex);
	if (put_commit(&id, y, &root, y->has_tip ? &y->tip : NULL, run->time,
		    msg) < 0)
		return -1;
	git_oid_cpy(&y->tip, &id);
	y->has_tip = 1;
	return 0;
}

/* Measured commit i and its R runs: records, history commits, note. */
static int measured_commit(synth *y, const settings *s, size_t i,
	const git_oid *tree, gb_buf *note)
{
	int64_t when = T0 + (int64_t)i * STEP;
	gb_buf enc = GB_BUF_INIT;
	char msg[64];
	size_t r;
	int error = -1;

	snprintf(msg, sizeof(msg), "Change %zu", i + 1);
	if (put_commit(&y->commits[i], y, tree, i ? &y->commits[i - 1] : NULL,
		    when, msg) < 0)
		return -1;
	gb_buf_clear(note);
	for (r = 0; r < s->runs; r++) {
		gb_run *run = NULL;
		git_oid blob;

		if (synth_run(&run, s->benchmarks, 0, i >= s->commits * 6 / 10,
			    i * s->runs + r, &y->commits[i],
			    when + 60 + (int64_t)r * RUN_GAP) < 0)
			goto cleanup;
		gb_buf_clear(&enc);
		error = gb_codec_encode(&enc, run) < 0 ||
			put(&blob, y, enc.ptr, enc.size, GIT_OBJECT_BLOB, "run") < 0 ||
			gb_buf_put(note, enc.ptr, enc.size) < 0 ||
			history_add(y, run, &blob) < 0 ? -1 : 0;
		gb_run_free(run);
		if (error < 0)
			goto cleanup;
	}
	error = put(&y->notes[i], y, note->ptr, note->size, GIT_OBJECT_BLOB,
		"note");
cleanup:
	gb_buf_dispose(&enc);
	return error;
}

static const git_oid *sort_base;

static int cmp_commit(const void *a, const void *b)
{
	return git_oid_cmp(&sort_base[*(const size_t *)a],
		&sort_base[*(const size_t *)b]);
}

/* The notes: a flat tree, as record writes it, and one commit. */
static int write_notes(git_oid *out, synth *y, const settings *s)
{
	size_t *order = calloc(s->commits, sizeof(size_t)), i;
	gb_buf raw = GB_BUF_INIT;
	char hex[GIT_OID_HEXSZ + 1], msg[256];
	git_oid tree;
	int error = -1;

	if (!order)
		return -1;
	for (i = 0; i < s->commits; i++)
		order[i] = i;
	sort_base = y->commits;
	qsort(order, s->commits, sizeof(size_t), cmp_commit);
	for (i = 0; i < s->commits; i++) {
		git_oid_tostr(hex, sizeof(hex), &y->commits[order[i]]);
		gb_buf_printf(&raw, "100644 %s", hex);
		gb_buf_put(&raw, "", 1);
		gb_buf_put(&raw, y->notes[order[i]].id, GIT_OID_RAWSZ);
	}
	git_oid_tostr(hex, sizeof(hex), &y->tip);
	snprintf(msg, sizeof(msg), "Notes added by 'git bench record'\n\nHistory: %s",
		hex);
	if (put(&tree, y, raw.ptr, raw.size, GIT_OBJECT_TREE, "notes") == 0 &&
	    put_commit(out, y, &tree, NULL, T0 + (int64_t)s->commits * STEP,
		    msg) == 0)
		error = 0;
	gb_buf_dispose(&raw);
	free(order);
	return error;
}

static int build_all(synth *y, const settings *s)
{
	git_treebuilder *tb = NULL;
	git_oid blob, tree, notes;
	gb_buf note = GB_BUF_INIT;
	size_t i;
	int error = -1;

	if (put(&blob, y, "code\n", 5, GIT_OBJECT_BLOB, "file") < 0 ||
	    git_treebuilder_new(&tb, y->repo, NULL) < 0 ||
	    git_treebuilder_insert(NULL, tb, "file", &blob, GIT_FILEMODE_BLOB) < 0 ||
	    git_treebuilder_write(&tree, tb) < 0 || track(y, &tree, "", 40) < 0)
		goto cleanup;
	for (i = 0; i < s->commits; i++)
		if (measured_commit(y, s, i, &tree, &note) < 0)
			goto cleanup;
	if (write_notes(&notes, y, s) < 0 || write_pack(y) < 0 ||
	    synth_set_ref(y->repo, "refs/heads/main",
		    &y->commits[s->commits - 1]) < 0 ||
	    synth_set_ref(y->repo, GB_DEFAULT_HISTORY_REF, &y->tip) < 0 ||
	    synth_set_ref(y->repo, GB_DEFAULT_NOTES_REF, &notes) < 0)
		goto cleanup;
	error = 0;
cleanup:
	gb_buf_dispose(&note);
	git_treebuilder_free(tb);
	return error;
}

/* a/b, which must fit a path. */
static void join(char *out, const char *a, const char *b)
{
	if (snprintf(out, PATH_MAX, "%s/%s", a, b) >= PATH_MAX) {
		fprintf(stderr, PROG ": %s: path too long\n", a);
		exit(2);
	}
}

/* argv in dir, untimed; -1 unless it exits 0. */
static int run_in(const char *dir, char *const *argv)
{
	synth_timing t;

	if (synth_timed(&t, dir, NULL, argv, 1) < 0 || t.status != 0) {
		fprintf(stderr, PROG ": %s %s failed in %s\n", argv[0], argv[1], dir);
		return -1;
	}
	return 0;
}

static int build_stage(const settings *s)
{
	char ids[PATH_MAX];
	char *gc[] = { "git", "gc", "--quiet", NULL };
	char *graph[] = { "git", "commit-graph", "write", "--reachable", NULL };
	synth y = { 0 };
	git_config *cfg = NULL;
	double start = bench_seconds();
	int error = -1, k;

	y.chunk = s->chunk_mb << 20;
	y.commits = calloc(s->commits, sizeof(git_oid));
	y.notes = calloc(s->commits, sizeof(git_oid));
	printf("%zu commits x %zu runs = %zu runs of %zu benchmarks, in %s\n",
		s->commits, s->runs, s->commits * s->runs, s->benchmarks, s->dir);
	fflush(stdout);
	join(ids, s->dir, ".git/note-blobs");
	if (!y.commits || !y.notes)
		synth_fail(PROG, "out of memory");
	else if (git_repository_init(&y.repo, s->dir, 0) < 0 ||
		 git_repository_odb(&y.odb, y.repo) < 0 ||
		 git_mempack_new(&y.mempack) < 0 ||
		 git_odb_add_backend(y.odb, y.mempack, 999) < 0 ||
		 git_repository_config(&cfg, y.repo) < 0 ||
		 git_config_set_string(cfg, "bench.machine", SYNTH_MACHINE) < 0 ||
		 git_repository_set_head(y.repo, "refs/heads/main") < 0)
		synth_fail(PROG, "cannot make the repository");
	else if (build_all(&y, s) < 0 ||
		 synth_write_ids(ids, y.notes, s->commits) < 0)
		synth_fail(PROG, "cannot write the history");
	else
		error = 0;
	git_config_free(cfg);
	git_odb_free(y.odb);
	git_repository_free(y.repo);
	for (k = 0; k < LEVELS; k++)
		free(y.lv[k].e);
	free(y.commits);
	free(y.notes);
	free(y.written);
	if (error)
		return -1;
	printf("%-36s %8.1f s\n", "build (write, in packs)", bench_seconds() - start);
	start = bench_seconds();
	if (run_in(s->dir, s->no_gc ? graph : gc) < 0)
		return -1;
	printf("%-36s %8.1f s\n", s->no_gc ? "git commit-graph write" : "git gc",
		bench_seconds() - start);
	return 0;
}

static void load(const char *when)
{
	char buf[128] = "";
	FILE *f = fopen("/proc/loadavg", "r");

	if (f && fgets(buf, sizeof(buf), f))
		printf("load average %s: %s", when, buf);
	if (f)
		fclose(f);
}

typedef struct {
	const char *key;     /* for --only */
	const char *label;
	int in_work;         /* runs in <work>/<dir>, else the repository */
	const char *dir;
	char *argv[12];
} command;

static int wanted(const settings *s, const char *key)
{
	const char *p = s->only;
	size_t n = strlen(key);

	if (!p)
		return 1;
	while ((p = strstr(p, key))) {
		if ((p == s->only || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return 1;
		p += n;
	}
	return 0;
}

static void print_timing(const char *label, const synth_timing *t)
{
	printf("%-34s %7.2f s %7.2f s %7.1f MB %7.1f MB", label, t->seconds,
		t->cpu, (double)t->rss_kb / 1024, (double)t->own_kb / 1024);
	if (t->status != 0)
		printf("  (exit %d)", t->status);
	printf("\n");
	fflush(stdout);
}

/* Untimed preparation of the commands that write: remotes and copies. */
static int prepare(const settings *s, const char *work)
{
	char remote[PATH_MAX], floor[PATH_MAX], copy[PATH_MAX];
	char *mk[] = { "mkdir", "-p", (char *)work, NULL };
	char *bare1[] = { "git", "init", "-q", "--bare", remote, NULL };
	char *bare2[] = { "git", "init", "-q", "--bare", floor, NULL };
	char *add[] = { "git", "config", "remote.origin.url", remote, NULL };
	char *push1[] = { "git", "push", "-q", "origin", "main", NULL };
	char *push2[] = { "git", "push", "-q", floor, "main", NULL };
	char *cp[] = { "cp", "-a", (char *)s->dir, copy, NULL };

	join(remote, work, "remote.git");
	join(floor, work, "floor.git");
	join(copy, work, "copy");
	synth_remove_dir(work);
	return run_in("/", mk) < 0 || run_in("/", bare1) < 0 ||
	       run_in("/", bare2) < 0 || run_in(s->dir, add) < 0 ||
	       run_in(s->dir, push1) < 0 || run_in(s->dir, push2) < 0 ||
	       (wanted(s, "prune") && run_in("/", cp) < 0) ? -1 : 0;
}

/* Fresh clones of the remote, after the push, to pull into. */
static int clones(const char *work)
{
	char remote[PATH_MAX], c1[PATH_MAX], c2[PATH_MAX];
	char *clone1[] = { "git", "clone", "-q", remote, c1, NULL };
	char *clone2[] = { "git", "clone", "-q", remote, c2, NULL };

	join(remote, work, "remote.git");
	join(c1, work, "clone");
	join(c2, work, "floor-clone");
	return run_in("/", clone1) < 0 || run_in("/", clone2) < 0 ? -1 : 0;
}

static int measure(const settings *s)
{
	char work[PATH_MAX], ids[PATH_MAX], html[PATH_MAX], floor[PATH_MAX];
	char *gb = (char *)s->git_bench;
	command cmds[] = {
		{ "cat-file", "git cat-file --batch of the notes", 0, NULL,
		  { "git", "cat-file", "--batch", NULL } },
		{ "log", "git bench log", 0, NULL, { gb, "log", NULL } },
		{ "log-commits", "git bench log --commits", 0, NULL,
		  { gb, "log", "--commits", NULL } },
		{ "compare", "git bench compare HEAD~1 HEAD", 0, NULL,
		  { gb, "compare", "HEAD~1", "HEAD", NULL } },
		{ "report", "git bench report", 0, NULL,
		  { gb, "report", "-q", "-o", html, NULL } },
		{ "export", "git bench export --format csv", 0, NULL,
		  { gb, "export", "--format", "csv", NULL } },
		{ "git-fsck", "git fsck", 0, NULL, { "git", "fsck", NULL } },
		{ "fsck", "git bench fsck", 0, NULL, { gb, "fsck", NULL } },
		{ "prune", "git bench prune --keep 50", 1, "copy",
		  { gb, "prune", "--keep", "50", NULL } },
		{ "git-push", "git push of the same refs", 0, NULL,
		  { "git", "push", "-q", floor,
		    "refs/benchmark-history:refs/benchmarks/history",
		    "refs/notes/benchmarks:refs/notes/benchmarks", NULL } },
		{ "push", "git bench push", 0, NULL,
		  { gb, "push", "-q", "origin", NULL } },
		{ "git-fetch", "git fetch of the same refs", 1, "floor-clone",
		  { "git", "fetch", "-q", "origin",
		    "+refs/benchmarks/*:refs/benchmarks/*",
		    "+refs/notes/benchmarks:refs/notes/benchmarks", NULL } },
		{ "pull", "git bench pull", 1, "clone", { gb, "pull", "-q", NULL } },
	};
	size_t i;
	int failed = 0;

	if (snprintf(work, sizeof(work) - 64, "%s.work", s->dir) >=
	    (int)sizeof(work) - 64)
		return synth_fail(PROG, "the directory's path is too long");
	join(ids, s->dir, ".git/note-blobs");
	join(html, work, "r.html");
	join(floor, work, "floor.git");
	if (prepare(s, work) < 0)
		return -1;
	load("before");
	printf("%-34s %9s %9s %10s %10s\n", "", "wall", "CPU", "peak RSS",
		"own peak");
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		char dir[PATH_MAX];
		synth_timing t;

		if (!wanted(s, cmds[i].key))
			continue;
		if (!strcmp(cmds[i].key, "git-fetch") && clones(work) < 0)
			return -1;
		join(dir, work, cmds[i].in_work ? cmds[i].dir : "");
		if (synth_timed(&t, cmds[i].in_work ? dir : s->dir,
			    i == 0 ? ids : NULL, cmds[i].argv, 1) < 0)
			return -1;
		/* compare exits 1 for the regression the history holds. */
		if (t.status == 1 && !strcmp(cmds[i].key, "compare"))
			t.status = 0;
		failed |= t.status != 0;
		print_timing(cmds[i].label, &t);
	}
	load("after");
	if (s->remove) {
		synth_remove_dir(work);
		synth_remove_dir(s->dir);
	}
	return failed ? -1 : 0;
}

static int parse(settings *s, int argc, char **argv)
{
	const synth_option opts[] = {
		{ "--measure-only", &s->measure_only, NULL, NULL },
		{ "--remove", &s->remove, NULL, NULL },
		{ "--no-gc", &s->no_gc, NULL, NULL },
		{ "--commits", NULL, &s->commits, NULL },
		{ "--runs", NULL, &s->runs, NULL },
		{ "--benchmarks", NULL, &s->benchmarks, NULL },
		{ "--chunk", NULL, &s->chunk_mb, NULL },
		{ "--dir", NULL, NULL, &s->dir },
		{ "--git-bench", NULL, NULL, &s->git_bench },
		{ "--only", NULL, NULL, &s->only },
		{ NULL, NULL, NULL, NULL },
	};

	if (synth_parse(opts, argc, argv) < 0)
		return -1;
	return s->commits >= 2 && s->commits <= 10000000 && s->runs >= 1 &&
	       s->runs <= 1000 && s->benchmarks >= 1 && s->benchmarks <= 10000 &&
	       s->chunk_mb >= 1 ? 0 : -1;
}

/* Measure from a fresh process image, which holds no object written. */
static int reexec(const settings *s, int remove)
{
	char *argv[] = { PROG, "--measure-only", "--dir", (char *)s->dir,
		"--git-bench", (char *)s->git_bench, "--only",
		(char *)(s->only ? s->only : ""), remove ? "--remove" : NULL, NULL };

	if (!s->only)
		argv[6] = NULL;
	fflush(stdout);
	execv("/proc/self/exe", argv);
	return synth_fail(PROG, "cannot run the measuring stage");
}

int main(int argc, char **argv)
{
	settings s = { 10000, 10, 10, 256, NULL, NULL, NULL, 0, 0, 0 };
	char tmp[PATH_MAX], exe[PATH_MAX];
	int made = 0;

	if (parse(&s, argc, argv) < 0 || (s.measure_only && !s.dir)) {
		fprintf(stderr, "usage: " PROG " [--commits N] [--runs R] "
				"[--benchmarks M] [--chunk MB] [--dir DIR] "
				"[--git-bench PATH] [--no-gc] [--only LIST]\n");
		return 2;
	}
	synth_default_git_bench(exe, sizeof(exe), argv[0]);
	if (!s.git_bench)
		s.git_bench = exe;
	if (s.measure_only)
		return measure(&s) < 0;
	if (s.dir && synth_fresh_dir(PROG, s.dir) < 0)
		return 1;
	if (!s.dir) {
		snprintf(tmp, sizeof(tmp), "%s/gb-million-XXXXXX",
			getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
		if (!(s.dir = mkdtemp(tmp)))
			return synth_fail(PROG, "cannot make a directory");
		made = 1;
	}
	if (gb_init() < 0 || build_stage(&s) < 0)
		return 1;
	gb_shutdown();
	return reexec(&s, made);
}
