#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "util/index.h"
#include "gitbench/run.h"
#include "gitbench/stats.h"
#include "gitbench/units.h"

int gb_run_new(gb_run **out)
{
	gb_run *run = gb_calloc(1, sizeof(*run));

	if (!run)
		return GB_ERROR;
	run->schema = GB_RUN_SCHEMA;
	gb_usage_init(&run->usage);
	*out = run;
	return 0;
}

static void result_dispose(const gb_run *run, gb_result *r)
{
	if (!run->strings) {
		free(r->name);
		free(r->measure);
		free(r->unit);
	}
	free(r->samples);
}

void gb_run_free(gb_run *run)
{
	size_t i;

	if (!run)
		return;
	for (i = 0; i < run->nresults; i++)
		result_dispose(run, &run->results[i]);
	free(run->strings);
	free(run->results);
	free(run->label);
	free(run->machine);
	free(run->format);
	free(run->env.host);
	free(run->env.os);
	free(run->env.arch);
	free(run->env.cpu);
	free(run->env.toolchain);
	free(run);
}

int gb_run_set_string(char **field, const char *value)
{
	char *copy = NULL;

	if (value && !(copy = gb_strdup(value)))
		return GB_ERROR;
	free(*field);
	*field = copy;
	return 0;
}

int gb_result_unit_canonical(gb_result *r)
{
	gb_buf as = GB_BUF_INIT;
	double f = 0;
	size_t i;
	char *unit;

	if (gb_units_is_time(r->unit)) {
		if (!strcmp(r->unit, "ns"))
			return 0;
		f = gb_units_to_ns(1, r->unit);
		gb_buf_puts(&as, "ns");
	} else if (!(f = gb_units_rate_canonical(&as, r->unit))) {
		gb_buf_dispose(&as);
		return 0;
	}
	if (!as.ptr || !(unit = gb_strdup(as.ptr))) {
		gb_buf_dispose(&as);
		return GB_ERROR;
	}
	gb_buf_dispose(&as);
	free(r->unit);
	r->unit = unit;
	r->mean *= f;
	r->median *= f;
	r->stddev *= f;
	r->min *= f;
	r->max *= f;
	r->slope *= f;
	for (i = 0; i < r->nsamples; i++)
		r->samples[i] *= f;
	return 0;
}

const char *gb_measure_for_unit(const char *unit)
{
	if (!unit || gb_units_is_time(unit))
		return GB_MEASURE_TIME;
	if (gb_units_is_rate(unit))
		return "throughput";
	if (!strcmp(unit, "B"))
		return "bytes";
	return *unit ? unit : "value";
}

int gb_measure_label(gb_buf *out, const char *name, const char *measure)
{
	if (!measure || !strcmp(measure, GB_MEASURE_TIME))
		return gb_buf_puts(out, name);
	return gb_buf_printf(out, "%s [%s]", name, measure);
}

bool gb_measure_label_split(size_t *name_len, const char **measure,
	size_t *measure_len, const char *label, size_t len)
{
	size_t i;

	if (len < 4 || label[len - 1] != ']')
		return false;
	for (i = len - 1; i-- > 0;) {
		if (label[i] == ']')
			return false;
		if (label[i] == '[')
			break;
	}
	if (i == (size_t)-1 || i < 2 || label[i - 1] != ' ' || i + 2 == len)
		return false;
	*name_len = i - 1;
	*measure = label + i + 1;
	*measure_len = len - i - 2;
	return true;
}

bool gb_result_is(const gb_result *r, const char *name, const char *measure)
{
	return !strcmp(r->name, name) &&
	       (!measure || !strcmp(r->measure, measure));
}

int gb_run_add_measure(gb_result **out, gb_run *run, const char *name,
	const char *measure, const char *unit, gb_direction direction)
{
	gb_result *r;

	if (run->strings)
		return gb_error_set(GB_EINVALID, "a run read as a summary "
			"takes no result");
	if (GB_ARRAY_GROW(run->results, run->nresults, run->aresults) < 0)
		return GB_ERROR;
	r = &run->results[run->nresults];
	memset(r, 0, sizeof(*r));
	r->mean = r->median = r->stddev = NAN;
	r->min = r->max = r->slope = NAN;
	r->direction = direction;
	r->name = gb_strdup(name);
	r->unit = gb_strdup(unit ? unit : "ns");
	r->measure = gb_strdup(measure ? measure : gb_measure_for_unit(r->unit));
	if (!r->name || !r->unit || !r->measure) {
		result_dispose(run, r);
		return GB_ERROR;
	}
	run->nresults++;
	if (out)
		*out = r;
	return 0;
}

int gb_run_add_result(gb_result **out, gb_run *run, const char *name,
	const char *unit, gb_direction direction)
{
	return gb_run_add_measure(out, run, name, NULL, unit, direction);
}

void gb_run_remove_result(gb_run *run, size_t i)
{
	if (i >= run->nresults)
		return;
	result_dispose(run, &run->results[i]);
	memmove(&run->results[i], &run->results[i + 1],
		(run->nresults - i - 1) * sizeof(*run->results));
	run->nresults--;
}

const gb_result *gb_run_find_measure(const gb_run *run, const char *name,
	const char *measure)
{
	size_t i;

	for (i = 0; i < run->nresults; i++)
		if (gb_result_is(&run->results[i], name, measure))
			return &run->results[i];
	return NULL;
}

const gb_result *gb_run_find(const gb_run *run, const char *name)
{
	return gb_run_find_measure(run, name, NULL);
}

/* The unit a result's figures are read in: every time's is ns. */
static const char *unit_read(const gb_result *r)
{
	return gb_units_is_time(r->unit) ? "ns" : r->unit;
}

/* Measure, then the unit it is read in; ties in input order. */
static int cmp_measure_of(const void *x, const void *y)
{
	const gb_result *a = *(const gb_result *const *)x;
	const gb_result *b = *(const gb_result *const *)y;
	int c = strcmp(a->measure, b->measure);

	if (!c)
		c = strcmp(unit_read(a), unit_read(b));
	return c ? c : (a < b ? -1 : a > b);
}

/* The run's results in the order of `cmp`, by pointer; free() it. */
static const gb_result **sorted_results(const gb_run *run,
	int (*cmp)(const void *, const void *))
{
	const gb_result **sorted;
	size_t i;

	if (!(sorted = gb_malloc((run->nresults + 1) * sizeof(*sorted))))
		return NULL;
	for (i = 0; i < run->nresults; i++)
		sorted[i] = &run->results[i];
	qsort(sorted, run->nresults, sizeof(*sorted), cmp);
	return sorted;
}

static int cmp_benchmark(const void *x, const void *y)
{
	const gb_result *a = *(const gb_result *const *)x;
	const gb_result *b = *(const gb_result *const *)y;
	int c = strcmp(a->name, b->name);

	return c ? c : strcmp(a->measure, b->measure);
}

int gb_run_find_twice(const gb_result **out, const gb_run *run)
{
	const gb_result **sorted;
	size_t i;

	*out = NULL;
	if (run->nresults < 2)
		return 0;
	if (!(sorted = sorted_results(run, cmp_benchmark)))
		return GB_ERROR;
	/* A benchmark given twice is twice in each of its measures: said
	 * of its time when that is among them, not of whichever measure
	 * sorts first, which would blame that measure. */
	for (i = 1; i < run->nresults; i++)
		if (!cmp_benchmark(&sorted[i - 1], &sorted[i]) && (!*out ||
		    !strcmp(sorted[i]->measure, GB_MEASURE_TIME))) {
			*out = sorted[i];
			if (!strcmp((*out)->measure, GB_MEASURE_TIME))
				break;
		}
	free(sorted);
	return 0;
}

int gb_run_check_measures(const gb_run *run)
{
	const gb_result **sorted;
	size_t i;
	int error = 0;

	if (run->nresults < 2)
		return 0;
	if (!(sorted = sorted_results(run, cmp_measure_of)))
		return GB_ERROR;
	for (i = 1; i < run->nresults && !error; i++) {
		const gb_result *a = sorted[i - 1], *b = sorted[i];

		if (!strcmp(a->measure, b->measure) &&
		    !strcmp(unit_read(a), unit_read(b)) &&
		    strcmp(a->unit, b->unit))
			error = gb_error_set(GB_EINVALID, "measure '%.64s' is "
				"in %.16s for '%.100s' and in %.16s for "
				"'%.100s'", a->measure, a->unit, a->name,
				b->unit, b->name);
	}
	free(sorted);
	return error;
}

void gb_usage_init(gb_usage *u)
{
	u->wall = u->user = u->system = u->maxrss = NAN;
}

bool gb_usage_known(const gb_usage *u)
{
	return !isnan(u->wall) || !isnan(u->user) || !isnan(u->system) ||
	       !isnan(u->maxrss);
}

/* Equal as stored: NaN (not given) equals NaN. */
static bool same_double(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

static bool same_string(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Equal where both give it: NaN (not given) on either side agrees. */
static bool agree_double(double a, double b)
{
	return a == b || isnan(a) || isnan(b);
}

static bool agree_count(uint64_t a, uint64_t b)
{
	return a == b || !a || !b;
}

/*
 * The same measurement: names and means equal, the rest agreeing where
 * both give it, so that one run exported twice in more or less detail
 * counts once (both exports of a hyperfine run made two runs of no
 * spread, and a false REGRESSION).
 */
static bool same_result(const gb_result *a, const gb_result *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->measure, b->measure) &&
	       !strcmp(a->unit, b->unit) &&
	       a->direction == b->direction && same_double(a->mean, b->mean) &&
	       agree_double(a->median, b->median) &&
	       agree_double(a->stddev, b->stddev) && agree_double(a->min, b->min) &&
	       agree_double(a->max, b->max) && agree_double(a->slope, b->slope) &&
	       agree_count(a->count, b->count) &&
	       agree_count(a->iterations, b->iterations);
}

bool gb_result_same_values(const gb_result *a, const gb_result *b)
{
	return same_result(a, b);
}

bool gb_run_same_values(const gb_run *a, const gb_run *b)
{
	size_t i;

	if (a->nresults != b->nresults || !same_string(a->machine, b->machine))
		return false;
	for (i = 0; i < a->nresults; i++)
		if (!same_result(&a->results[i], &b->results[i]))
			return false;
	return true;
}

/* A hash of what gb_run_same_values compares: equal runs, equal hashes. */
static uint64_t fingerprint(const gb_run *run)
{
	uint64_t h = gb_fnv1a64(GB_FNV64_BASIS, &run->nresults,
		sizeof(run->nresults));
	size_t i;

	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];
		/* Only what same_result requires equal: the name and the mean.
		 * All NaNs hash alike, as they compare alike; so do 0 and -0. */
		double x = isnan(r->mean) ? 0 : r->mean + 0.0;

		h = gb_fnv1a64(h, r->name, strlen(r->name) + 1);
		h = gb_fnv1a64(h, r->measure, strlen(r->measure));
		h = gb_fnv1a64(h, &x, sizeof(x));
	}
	return h;
}

typedef struct {
	uint64_t hash;
	size_t index;
} run_key;

static int cmp_key(const void *a, const void *b)
{
	const run_key *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

int gb_runs_mark_copies(bool *copy, const gb_run *const *runs, size_t n)
{
	run_key *keys;
	size_t i, j;

	memset(copy, 0, n * sizeof(*copy));
	if (n < 2)
		return 0;
	if (!(keys = gb_calloc(n, sizeof(*keys))))
		return GB_ERROR;
	for (i = 0; i < n; i++) {
		keys[i].hash = fingerprint(runs[i]);
		keys[i].index = i;
	}
	qsort(keys, n, sizeof(*keys), cmp_key);
	/* Within a group of equal hashes, earlier runs come first. */
	for (i = 0; i < n; i = j) {
		size_t a, b;

		for (j = i + 1; j < n && keys[j].hash == keys[i].hash; j++)
			;
		for (b = i + 1; b < j; b++)
			for (a = i; a < b && !copy[keys[b].index]; a++)
				if (!copy[keys[a].index] &&
				    gb_run_same_values(runs[keys[a].index],
					    runs[keys[b].index]))
					copy[keys[b].index] = true;
	}
	free(keys);
	return 0;
}

void gb_result_set_samples(gb_result *r, double *samples, size_t n)
{
	free(r->samples);
	r->samples = samples;
	r->nsamples = samples ? n : 0;
}

void gb_result_fill_from_samples(gb_result *r)
{
	double sum = 0, ss = 0, mean, *sorted;
	size_t i, n = r->nsamples;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		sum += r->samples[i];
	mean = sum / (double)n;
	for (i = 0; i < n; i++)
		ss += (r->samples[i] - mean) * (r->samples[i] - mean);
	if (isnan(r->mean))
		r->mean = mean;
	if (isnan(r->stddev))
		r->stddev = n > 1 ? sqrt(ss / (double)(n - 1)) : 0;
	if (!r->count)
		r->count = n;
	sorted = malloc(n * sizeof(double));
	if (!sorted)
		return; /* the median, min and max stay unknown */
	memcpy(sorted, r->samples, n * sizeof(double));
	gb_stats_sort(sorted, n);
	if (isnan(r->median))
		r->median = n % 2 ? sorted[n / 2]
				  : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	if (isnan(r->min))
		r->min = sorted[0];
	if (isnan(r->max))
		r->max = sorted[n - 1];
	free(sorted);
}

void gb_run_id_generate(char *out, int64_t time_us)
{
	uint32_t rnd;
	time_t secs = (time_t)(time_us / 1000000);
	struct tm tm;

	if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		rnd = (uint32_t)getpid() * 2654435761u ^ (uint32_t)time_us;
	gmtime_r(&secs, &tm);
	snprintf(out, GB_RUN_ID_MAX + 1,
		"%04d%02d%02dT%02d%02d%02d.%06dZ-%08x", tm.tm_year + 1900,
		tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
		(int)(time_us % 1000000), rnd);
}

bool gb_run_id_valid(const char *id)
{
	size_t i, n = strlen(id);

	if (n == 0 || n > GB_RUN_ID_MAX || id[0] == '.')
		return false;
	for (i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
		      c == '.'))
			return false;
	}
	return strstr(id, "..") == NULL;
}

int gb_runlist_add(gb_runlist *list, gb_run *run)
{
	if (GB_ARRAY_GROW(list->runs, list->count, list->alloc) < 0)
		return GB_ERROR;
	list->runs[list->count++] = run;
	return 0;
}

void gb_runlist_dispose(gb_runlist *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		gb_run_free(list->runs[i]);
	free(list->runs);
	list->runs = NULL;
	list->count = list->alloc = 0;
}

void gb_run_keep_results(gb_run *run,
	bool (*keep)(const gb_result *r, void *payload), void *payload)
{
	size_t i, k = 0;

	for (i = 0; i < run->nresults; i++) {
		if (keep(&run->results[i], payload))
			run->results[k++] = run->results[i];
		else
			result_dispose(run, &run->results[i]);
	}
	run->nresults = k;
}

void gb_runlist_keep_machine(gb_runlist *list, const char *key)
{
	size_t i, k = 0;

	if (!key)
		return;
	for (i = 0; i < list->count; i++) {
		gb_run *run = list->runs[i];

		if (run->machine && strcmp(run->machine, key) == 0)
			list->runs[k++] = run;
		else
			gb_run_free(run);
	}
	list->count = k;
}
