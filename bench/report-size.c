/*
 * Size and time of `git bench report` and `git bench export` on a
 * synthetic history: a repository of COMMITS commits along one line, each
 * measured once with BENCHMARKS benchmarks of SAMPLES samples (gaussian
 * noise of 2%, a 20% step in a few benchmarks every 250 commits), written
 * with the library. Prints figures; judges nothing.
 *
 *   bench-report-size [<git-bench> [<commits> [<benchmarks>]]]
 *
 * <git-bench> defaults to ./git-bench (run it from the build directory).
 * With GB_KEEP set in the environment the repository is kept (and named),
 * to open its report.html in a browser.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <gitbench.h>

#include "util.h"

#define SAMPLES 100
#define BATCH 100

static int fail(const char *what)
{
	const git_error *e = git_error_last();

	fprintf(stderr, "bench-report-size: %s: %s\n", what,
		*gb_error_last()->message ? gb_error_last()->message
					  : e ? e->message : "failed");
	return 1;
}

/* A run of `nbench` results for `commit`; level of benchmark b at i. */
static gb_run *make_run(const git_oid *commit, size_t i, size_t nbench)
{
	gb_run *run = NULL;
	size_t b, k;

	if (gb_run_new(&run) < 0)
		return NULL;
	run->time = 1767225600 + (int64_t)i * 3600;
	gb_run_id_generate(run->id, run->time * 1000000);
	git_oid_cpy(&run->commit, commit);
	if (gb_run_set_string(&run->machine, "bench-machine") < 0 ||
	    gb_run_set_string(&run->format, "criterion") < 0)
		goto fail;
	for (b = 0; b < nbench; b++) {
		double level = 1000.0 * (double)(b + 1), *s;
		gb_result *r;
		char name[64];

		if (b % 10 == 3)
			level *= 1 + 0.2 * (double)((i / 250) % 2);
		snprintf(name, sizeof(name), "group_%zu/bench_%zu/%zu", b / 10, b, b * 64);
		if (gb_run_add_result(&r, run, name, "ns", GB_LOWER_IS_BETTER) < 0 ||
		    !(s = malloc(SAMPLES * sizeof(double))))
			goto fail;
		level *= 1 + 0.02 * bench_gaussian();
		for (k = 0; k < SAMPLES; k++)
			s[k] = level * (1 + 0.03 * bench_gaussian());
		gb_result_set_samples(r, s, SAMPLES);
		gb_result_fill_from_samples(r);
		r->iterations = 1000 * SAMPLES;
	}
	return run;
fail:
	gb_run_free(run);
	return NULL;
}

static int make_history(const char *dir, size_t ncommits, size_t nbench)
{
	git_repository *repo = NULL;
	git_signature *sig = NULL;
	git_treebuilder *tb = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	gb_store *store = NULL;
	gb_run *batch[BATCH];
	git_oid tree_id, id;
	size_t i, n = 0;
	int error = 1;

	if (git_repository_init(&repo, dir, 0) < 0 ||
	    git_treebuilder_new(&tb, repo, NULL) < 0 ||
	    git_treebuilder_write(&tree_id, tb) < 0 ||
	    git_tree_lookup(&tree, repo, &tree_id) < 0 ||
	    gb_store_open(&store, repo, NULL) < 0) {
		error = fail("cannot create the repository");
		goto done;
	}
	for (i = 0; i < ncommits; i++) {
		const git_commit *parents[1] = { parent };
		char msg[96];

		snprintf(msg, sizeof(msg), "Change number %zu of the code under test\n", i + 1);
		git_signature_free(sig);
		sig = NULL;
		if (git_signature_new(&sig, "A U Thor", "author@example.com",
			    1767225600 + (git_time_t)i * 3600, 0) < 0 ||
		    git_commit_create(&id, repo, "HEAD", sig, sig, NULL, msg, tree,
			    parent ? 1 : 0, parents) < 0) {
			error = fail("cannot commit");
			goto done;
		}
		git_commit_free(parent);
		parent = NULL;
		if (git_commit_lookup(&parent, repo, &id) < 0 ||
		    !(batch[n++] = make_run(&id, i, nbench))) {
			error = fail("cannot make a run");
			goto done;
		}
		if (n == BATCH || i + 1 == ncommits) {
			int bad = gb_store_append(store, batch, n) < 0;

			while (n)
				gb_run_free(batch[--n]);
			if (bad) {
				error = fail("cannot record");
				goto done;
			}
		}
	}
	error = 0;
done:
	while (n)
		gb_run_free(batch[--n]);
	gb_store_free(store);
	git_commit_free(parent);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	git_signature_free(sig);
	git_repository_free(repo);
	return error;
}

/* Seconds `command` took in `dir` (the best of three), or -1. */
static double timed(const char *dir, const char *command)
{
	double best = -1;
	char line[PATH_MAX * 2 + 64];
	int i;

	snprintf(line, sizeof(line), "cd '%s' && %s", dir, command);
	for (i = 0; i < 3; i++) {
		double start = bench_seconds(), took;

		if (system(line) != 0)
			return -1;
		took = bench_seconds() - start;
		if (best < 0 || took < best)
			best = took;
	}
	return best;
}

static long file_size(const char *dir, const char *name)
{
	char path[PATH_MAX];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

int main(int argc, char **argv)
{
	const char *tool = argc > 1 ? argv[1] : "./git-bench";
	size_t ncommits = argc > 2 ? strtoul(argv[2], NULL, 10) : 1000;
	size_t nbench = argc > 3 ? strtoul(argv[3], NULL, 10) : 50;
	char dir[] = "/tmp/gb-report-size.XXXXXX", abs[PATH_MAX], cmd[PATH_MAX + 128];
	double made, report, export_csv, export_json;
	int code = 1;

	if (!ncommits || !nbench || !realpath(tool, abs)) {
		fprintf(stderr, "usage: bench-report-size [<git-bench> [<commits> [<benchmarks>]]]\n");
		return 2;
	}
	if (!mkdtemp(dir) || gb_init() < 0)
		return 1;
	made = bench_seconds();
	if (make_history(dir, ncommits, nbench))
		goto done;
	made = bench_seconds() - made;
	snprintf(cmd, sizeof(cmd), "'%s' report -q -o report.html", abs);
	report = timed(dir, cmd);
	snprintf(cmd, sizeof(cmd), "'%s' export >export.csv", abs);
	export_csv = timed(dir, cmd);
	snprintf(cmd, sizeof(cmd), "'%s' export --format json >export.json", abs);
	export_json = timed(dir, cmd);
	if (report < 0 || export_csv < 0 || export_json < 0) {
		fprintf(stderr, "bench-report-size: git bench failed\n");
		goto done;
	}
	printf("history: %zu commits x %zu benchmarks x %d samples, written in %.2f s\n",
		ncommits, nbench, SAMPLES, made);
	printf("report: %.3f s, %ld bytes (%.2f MB)\n", report,
		file_size(dir, "report.html"), file_size(dir, "report.html") / 1e6);
	printf("export csv: %.3f s, %ld bytes\n", export_csv, file_size(dir, "export.csv"));
	printf("export json: %.3f s, %ld bytes\n", export_json, file_size(dir, "export.json"));
	code = 0;
done:
	if (getenv("GB_KEEP")) {
		printf("kept: %s\n", dir);
	} else {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			code = 1;
	}
	gb_shutdown();
	return code;
}
