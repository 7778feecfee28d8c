/*
 * Which results of a tree are of the measurement that wrote it. A harness
 * that keeps a folder per benchmark (Criterion.rs's target/criterion)
 * leaves the folders of earlier runs in place: `cargo bench -- sort`
 * rewrites two and leaves six from three days ago. Read as one run, those
 * six would be recorded as the new commit's.
 *
 * The tree's adapter says when each benchmark was written; a benchmark is
 * of the newest measurement while no more than GB_ADAPTER_STALE_GAP lies
 * between it and the next newer one (a suite that runs for an hour is one
 * measurement), or, given the time the measurement started, when it was
 * written since.
 */
#include <stdlib.h>
#include <string.h>

#include "adapter_int.h"
#include "util.h"
#include "common.h"
#include "gitbench/date.h"
#include "gitbench/names.h"

/* What the names of the benchmarks left out may take of a warning. */
#define LISTED_WIDTH 40

typedef struct {
	char *name;
	int64_t time;
} written;

/* When each benchmark of the read in progress was written. */
static _Thread_local written *times;
static _Thread_local size_t ntimes, atimes;

void gb_adapter_written(const char *name, int64_t time)
{
	if (GB_ARRAY_GROW(times, ntimes, atimes) < 0 ||
	    !(times[ntimes].name = gb_strdup(name))) {
		gb_error_clear(); /* without a time, a result is kept */
		return;
	}
	times[ntimes++].time = time;
}

void gb_adapter_written_clear(void)
{
	size_t i;

	for (i = 0; i < ntimes; i++)
		free(times[i].name);
	free(times);
	times = NULL;
	ntimes = atimes = 0;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(((const written *)a)->name, ((const written *)b)->name);
}

/* When `name` was written, 0 if unknown; `times` sorted by name. */
static int64_t time_of(const char *name)
{
	written key = { (char *)name, 0 };
	const written *w = bsearch(&key, times, ntimes, sizeof(*times),
		cmp_name);

	return w ? w->time : 0;
}

static int cmp_newest_first(const void *a, const void *b)
{
	int64_t x = ((const written *)a)->time, y = ((const written *)b)->time;

	return (x < y) - (x > y);
}

/* The oldest time still of the newest measurement. */
static int64_t newest_floor(void)
{
	int64_t floor;
	size_t i;

	qsort(times, ntimes, sizeof(*times), cmp_newest_first);
	floor = times[0].time;
	for (i = 1; i < ntimes && floor - times[i].time <= GB_ADAPTER_STALE_GAP;
	     i++)
		floor = times[i].time;
	return floor;
}

/* "7 benchmarks are 3 days older (left out; --all keeps them): a, b". */
static void warn_left(const char *source, const gb_buf *names, size_t n,
	int64_t oldest, int64_t floor, int64_t since)
{
	gb_buf age = GB_BUF_INIT;

	gb_date_duration(&age, (since ? since : floor) - oldest);
	gb_adapter_warn("%s: %zu benchmark%s %s %s older%s (left out%s): %s",
		source, n, n == 1 ? "" : "s", n == 1 ? "is" : "are", age.ptr,
		since ? " than this run" : "", since ? "" : "; --all keeps them",
		names->ptr);
	gb_buf_dispose(&age);
}

/* The results being sorted out, and what was left out of them. */
typedef struct {
	int64_t floor, oldest, newest;
	gb_names left;  /* the benchmarks left out, each once */
	gb_buf listed;  /* the first of them, for the warning */
	size_t nlisted;
} sorting;

static bool keep_fresh(const gb_result *r, void *payload)
{
	sorting *s = payload;
	int64_t t = time_of(r->name);
	size_t before = s->left.n;

	s->newest = t > s->newest ? t : s->newest;
	if (t == 0 || t >= s->floor)
		return true;
	s->oldest = t < s->oldest ? t : s->oldest;
	/* A benchmark in several measures is one benchmark left out. */
	if (gb_names_add(&s->left, r->name) < 0)
		gb_error_clear();
	if (s->left.n > before &&
	    (!s->nlisted || (s->nlisted == before &&
		s->listed.size + strlen(r->name) < LISTED_WIDTH))) {
		gb_buf_printf(&s->listed, "%s%s", s->nlisted ? ", " : "",
			r->name);
		s->nlisted++;
	}
	return false;
}

int gb_adapter_fresh(gb_run *scratch, const char *source, int64_t since,
	bool all)
{
	sorting st = { 0, INT64_MAX, 0, { NULL, 0, 0, NULL }, GB_BUF_INIT, 0 };
	gb_buf age = GB_BUF_INIT;
	size_t left;
	int error = 0;

	if (all || !ntimes)
		goto done;
	st.floor = since ? since : newest_floor();
	qsort(times, ntimes, sizeof(*times), cmp_name);
	gb_run_keep_results(scratch, keep_fresh, &st);
	left = st.left.n;
	if (left > st.nlisted)
		gb_buf_printf(&st.listed, " and %zu more", left - st.nlisted);
	if (left && !scratch->nresults) {
		gb_date_relative(&age, st.newest, gb_date_now_us() / 1000000);
		error = gb_error_set(GB_ENOTFOUND, "%s: no results written by this "
			"run (the newest are from %s)", source, age.ptr);
	} else if (left) {
		warn_left(source, &st.listed, left, st.oldest, st.floor, since);
	}
done:
	gb_adapter_written_clear();
	gb_names_dispose(&st.left);
	gb_buf_dispose(&st.listed);
	gb_buf_dispose(&age);
	return error;
}
