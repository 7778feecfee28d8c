/*
 * Summaries of notes (store/summaries.c): what they give is what decoding
 * the note gives, they are used once kept, and a damaged, torn or old
 * file is read as absent and written afresh.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"
#include "store/summaries.h"

typedef struct {
	char *dir;
	git_repository *repo;
	gb_store *store;
	git_oid commit[2];
	git_oid note[2];
	char path[4096];
} fixture;

static gb_run *run_with_fields(const git_oid *commit, const char *label)
{
	gb_run *run = th_run_make(commit, 3, 10);

	gb_run_set_string(&run->label, label);
	run->usage.wall = 5e6;
	run->usage.user = 4e6;
	run->usage.system = NAN;
	run->usage.maxrss = 1 << 20;
	run->results[0].median = -0.0;
	run->results[0].min = 7;
	run->results[0].count = 12;
	run->results[0].iterations = 1200;
	run->results[1].direction = GB_HIGHER_IS_BETTER;
	free(run->results[1].unit);
	run->results[1].unit = strdup("ops/s");
	free(run->results[1].measure);
	run->results[1].measure = strdup("throughput");
	run->results[2].slope = 31.5;
	run->results[2].stddev = 0.25;
	return run;
}

static void note_of(git_oid *out, git_repository *repo, const git_oid *commit)
{
	git_note *note;

	assert_int_equal(git_note_read(&note, repo, GB_DEFAULT_NOTES_REF,
		commit), 0);
	git_oid_cpy(out, git_note_id(note));
	git_note_free(note);
}

/* Two measured commits: one run, then two runs (the second a copy). */
static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	gb_run *runs[2];

	f->store = th_store_new(&f->repo, &f->dir, &f->commit[0]);
	th_repo_commit(f->repo, "second", &f->commit[1]);
	runs[0] = run_with_fields(&f->commit[0], NULL);
	assert_int_equal(gb_store_append(f->store, runs, 1), 0);
	gb_run_free(runs[0]);
	runs[0] = run_with_fields(&f->commit[1], "v1.0");
	runs[1] = run_with_fields(&f->commit[1], NULL);
	gb_run_id_generate(runs[1]->id, 1700000000000001);
	assert_int_equal(gb_store_append(f->store, runs, 2), 0);
	gb_run_free(runs[0]);
	gb_run_free(runs[1]);
	note_of(&f->note[0], f->repo, &f->commit[0]);
	note_of(&f->note[1], f->repo, &f->commit[1]);
	snprintf(f->path, sizeof(f->path), "%sbench-summaries",
		git_repository_commondir(f->repo));
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	th_store_dispose(f->store, f->repo, f->dir);
	free(f);
	return 0;
}

/* The store again, as the next command opens it. */
static void reopen(fixture *f)
{
	char *path = strdup(git_repository_workdir(f->repo));

	gb_store_free(f->store);
	git_repository_free(f->repo);
	assert_int_equal(git_repository_open(&f->repo, path), 0);
	assert_int_equal(gb_store_open(&f->store, f->repo, NULL), 0);
	free(path);
}

static bool same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || memcmp(&a, &b, sizeof(a)) == 0;
}

static bool same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

/* `got` holds what a reader of series takes from `want`. */
static void assert_same_runs(const gb_runlist *got, const gb_runlist *want)
{
	size_t i, k;

	assert_int_equal(got->count, want->count);
	for (i = 0; i < got->count; i++) {
		const gb_run *a = got->runs[i], *b = want->runs[i];

		assert_true(same_string(a->machine, b->machine));
		assert_true(same_string(a->label, b->label));
		assert_true(same_double(a->usage.wall, b->usage.wall));
		assert_true(same_double(a->usage.user, b->usage.user));
		assert_true(same_double(a->usage.system, b->usage.system));
		assert_true(same_double(a->usage.maxrss, b->usage.maxrss));
		assert_int_equal(a->nresults, b->nresults);
		for (k = 0; k < a->nresults; k++) {
			const gb_result *x = &a->results[k], *y = &b->results[k];

			assert_string_equal(x->name, y->name);
			assert_string_equal(x->measure, y->measure);
			assert_string_equal(x->unit, y->unit);
			assert_int_equal(x->direction, y->direction);
			assert_true(same_double(x->mean, y->mean));
			assert_true(same_double(x->median, y->median));
			assert_true(same_double(x->stddev, y->stddev));
			assert_true(same_double(x->min, y->min));
			assert_true(same_double(x->max, y->max));
			assert_true(same_double(x->slope, y->slope));
			assert_int_equal(x->count, y->count);
			assert_int_equal(x->iterations, y->iterations);
		}
	}
}

static bool want_second(const char *name, size_t len, void *payload)
{
	(void)payload;
	return len == 7 && !memcmp(name, "bench/1", 7);
}

/* What the reader gets from note i, checked against decoding it. */
static void check_note(fixture *f, int i, bool filtered)
{
	gb_decode_options o = GB_DECODE_OPTIONS_INIT;
	gb_runlist got = { 0 }, want = { 0 };
	git_blob *blob;

	o.skip_samples = true;
	if (filtered)
		o.want = want_second;
	assert_int_equal(git_blob_lookup(&blob, f->repo, &f->note[i]), 0);
	assert_int_equal(gb_codec_decode_stream(&want,
		git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob), &o), 0);
	git_blob_free(blob);
	assert_int_equal(gb_store_read_summary(&got, f->store, &f->note[i], &o),
		0);
	assert_same_runs(&got, &want);
	if (filtered)
		assert_int_equal(got.runs[0]->nresults, 1);
	gb_runlist_dispose(&got);
	gb_runlist_dispose(&want);
}

/* Reading note i must take its summary: its blob is gone. */
static void check_kept(fixture *f, int i)
{
	gb_runlist got = { 0 };
	char hex[GIT_OID_HEXSZ + 1], path[4200];

	git_oid_tostr(hex, sizeof(hex), &f->note[i]);
	snprintf(path, sizeof(path), "%sobjects/%.2s/%s",
		git_repository_commondir(f->repo), hex, hex + 2);
	if (access(path, F_OK) == 0) {
		char keep[4300];

		snprintf(keep, sizeof(keep), "%s.kept", path);
		assert_int_equal(rename(path, keep), 0);
		reopen(f);
		assert_int_equal(gb_store_read_summary(&got, f->store,
			&f->note[i], NULL), 0);
		assert_int_equal(got.count, i == 0 ? 1 : 2);
		assert_int_equal(got.runs[0]->nresults, 3);
		gb_runlist_dispose(&got);
		assert_int_equal(rename(keep, path), 0);
		return;
	}
	fail_msg("note %d is not a loose object", i);
}

static void test_same_as_decoding(void **state)
{
	fixture *f = *state;
	int i;

	assert_int_equal(access(f->path, F_OK), -1);
	for (i = 0; i < 2; i++) {
		check_note(f, i, false);
		check_note(f, i, true);
	}
	/* Kept when the store lets go, then read from the file. */
	reopen(f);
	assert_int_equal(access(f->path, F_OK), 0);
	for (i = 0; i < 2; i++) {
		check_note(f, i, false);
		check_note(f, i, true);
		check_kept(f, i);
	}
}

/* A note whose blob is gone and not summed up reads as damaged. */
static void test_missing_note_is_damaged(void **state)
{
	fixture *f = *state;
	gb_runlist got = { 0 };
	git_oid none;

	memset(&none, 0x5a, sizeof(none));
	assert_int_equal(gb_store_read_summary(&got, f->store, &none, NULL),
		GB_EDAMAGED);
	assert_int_equal(got.count, 0);
}

static void file_edit(const char *path, long at, const char *bytes, size_t n)
{
	FILE *fp = fopen(path, "r+b");

	assert_non_null(fp);
	assert_int_equal(fseek(fp, at, at < 0 ? SEEK_END : SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, n, fp), n);
	fclose(fp);
}

static long file_size(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return (long)st.st_size;
}

/* The file damaged as `how` says: read as the notes say, then mended. */
static void check_mended(fixture *f, int how)
{
	int i;

	for (i = 0; i < 2; i++)
		check_note(f, i, false);
	reopen(f);
	switch (how) {
	case 0: /* a byte of the last entry's payload */
		file_edit(f->path, -3, "\x7f", 1);
		break;
	case 1: /* torn: the end of the last entry lost */
		assert_int_equal(truncate(f->path, file_size(f->path) - 5), 0);
		break;
	case 2: /* written by another version of the decoder */
		file_edit(f->path, 16, "\xff", 1);
		break;
	default: /* the size of the first entry */
		file_edit(f->path, 64, "\xff\xff\xff", 3);
		break;
	}
	for (i = 0; i < 2; i++) {
		check_note(f, i, false);
		check_note(f, i, true);
	}
	reopen(f);
	for (i = 0; i < 2; i++)
		check_kept(f, i);
}

static void test_damaged_byte(void **state)
{
	check_mended(*state, 0);
}

static void test_torn(void **state)
{
	check_mended(*state, 1);
}

static void test_other_decoder(void **state)
{
	check_mended(*state, 2);
}

static void test_damaged_size(void **state)
{
	check_mended(*state, 3);
}

/* bench.summaries=false: nothing written, the notes read as they are. */
static void test_off(void **state)
{
	fixture *f = *state;

	assert_int_equal(th_sh(git_repository_workdir(f->repo),
		"git config bench.summaries false"), 0);
	reopen(f);
	check_note(f, 0, false);
	check_note(f, 1, true);
	reopen(f);
	assert_int_equal(access(f->path, F_OK), -1);
}

/* Change points kept under their key, beside the notes' summaries, while
 * those are open (a reader of a whole history opens them). */
static void test_changepoints_kept(void **state)
{
	fixture *f = *state;
	gb_changepoint cps[2] = {
		{ 10, 100, 130, 30, 1e-6 },
		{ 40, 130, -0.0, -100, 0.0009 },
	}, *got = NULL;
	gb_changepoint_cache cache;
	git_oid key, other;
	size_t n = 9;

	memset(&key, 0x11, sizeof(key));
	memset(&other, 0x22, sizeof(other));
	gb_store_changepoint_cache(&cache, f->store);
	assert_int_equal(gb_store_summaries_open(f->store), 0);
	assert_int_equal(cache.get(&got, &n, &key, cache.payload), 0);
	cache.put(&key, cps, 2, cache.payload);
	cache.put(&other, cps, 0, cache.payload);
	reopen(f);
	gb_store_changepoint_cache(&cache, f->store);
	assert_int_equal(gb_store_summaries_open(f->store), 0);
	assert_int_equal(cache.get(&got, &n, &key, cache.payload), 1);
	assert_int_equal(n, 2);
	assert_memory_equal(got, cps, sizeof(cps));
	free(got);
	assert_int_equal(cache.get(&got, &n, &other, cache.payload), 1);
	assert_int_equal(n, 0);
	assert_null(got);
	/* A note's id is not a key of change points, nor the reverse. */
	assert_int_equal(cache.get(&got, &n, &f->note[0], cache.payload), 0);
	check_note(f, 0, false);
	/* Damaged: not given. */
	reopen(f);
	file_edit(f->path, 64 + 16 + 20 + 4 + 8, "\x01", 1);
	gb_store_changepoint_cache(&cache, f->store);
	assert_int_equal(gb_store_summaries_open(f->store), 0);
	assert_int_equal(cache.get(&got, &n, &key, cache.payload), 0);
}

static void loose_path(char *out, size_t size, fixture *f, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	snprintf(out, size, "%sobjects/%.2s/%s",
		git_repository_commondir(f->repo), hex, hex + 2);
}

/* The two measured commits, their times, as a series sees them. */
static int collect(fixture *f, gb_series_set *set)
{
	return gb_series_collect(set, f->store, &f->commit[1], NULL);
}

/*
 * The walk takes a commit's first parent and time from the summaries:
 * a commit whose object is damaged is still walked, as it was read
 * before; one no longer in the repository is not (the walk stops there).
 */
static void test_commits_kept(void **state)
{
	fixture *f = *state;
	gb_series_set set;
	int64_t t0, t1;
	char path[4200];
	FILE *fp;

	assert_int_equal(collect(f, &set), 0);
	assert_int_equal(set.ncommits, 2);
	t0 = set.commits[0].time;
	t1 = set.commits[1].time;
	gb_series_set_dispose(&set);
	reopen(f);
	/* Damaged, but there: read from the summaries. */
	loose_path(path, sizeof(path), f, &f->commit[1]);
	assert_int_equal(chmod(path, 0644), 0);
	assert_non_null(fp = fopen(path, "wb"));
	fputs("damaged", fp);
	fclose(fp);
	if (collect(f, &set) < 0)
		fail_msg("%s", gb_error_last()->message);
	assert_int_equal(set.ncommits, 2);
	assert_true(set.commits[0].time == t0 && set.commits[1].time == t1);
	assert_true(git_oid_equal(&set.commits[0].id, &f->commit[0]));
	gb_series_set_dispose(&set);
	assert_false(gb_store_history_cut(NULL, f->store));
	/* Without the summaries, the damage is met. */
	assert_int_equal(th_sh(git_repository_workdir(f->repo),
		"git config bench.summaries false"), 0);
	reopen(f);
	assert_true(collect(f, &set) < 0);
	assert_int_equal(th_sh(git_repository_workdir(f->repo),
		"git config bench.summaries true"), 0);
	/* Gone: the walk stops before it, kept or not. */
	loose_path(path, sizeof(path), f, &f->commit[0]);
	assert_int_equal(unlink(path), 0);
	reopen(f);
	assert_int_equal(collect(f, &set), 0);
	assert_int_equal(set.ncommits, 1);
	assert_true(gb_store_history_cut(NULL, f->store));
	gb_series_set_dispose(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_as_decoding, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_missing_note_is_damaged,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged_byte, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_torn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_decoder, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_damaged_size, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_off, setup, teardown),
		cmocka_unit_test_setup_teardown(test_changepoints_kept, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_commits_kept, setup,
			teardown),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
