/*
 * One step of `git bisect run`: HEAD judged against a good commit, as
 * `git bench bisect` judges the commits of its path.
 */
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/check.h"
#include "gitbench/names.h"

struct gb_check_bisect {
	gb_store *store;
	char *name;
	gb_bisect_hunt hunt;
	gb_bisect_judge *judge;
};

int gb_check_bisect_name(const char **out, const char *const *names,
	size_t n, const char *pattern)
{
	gb_buf list = GB_BUF_INIT;
	gb_names all = { NULL, 0, 0, NULL };
	size_t i, found = 0, matches = 0;

	*out = NULL;
	for (i = 0; i < n; i++) {
		if (!strcmp(names[i], pattern)) {
			*out = names[i];
			return 0;
		}
		if (gb_series_pattern_match(pattern, names[i])) {
			gb_buf_printf(&list, "%s%s", matches ? ", " : "", names[i]);
			found = i;
			matches++;
		}
	}
	if (matches == 1)
		*out = names[found];
	else if (matches)
		gb_error_set(GB_EINVALID, "'%s' matches %zu benchmarks (%s): name one",
			pattern, matches, list.ptr);
	else {
		/* None: the error names the nearest, as --bench does. */
		for (i = 0; i < n && gb_names_add(&all, names[i]) == 0; i++)
			;
		gb_names_match(&all, pattern);
		gb_names_dispose(&all);
	}
	gb_buf_dispose(&list);
	return *out ? 0 : gb_error_last()->code;
}

static void names_free(char **names, size_t n)
{
	while (n)
		free(names[--n]);
	free(names);
}

/*
 * The distinct labels ("name", "name [measure]") of the results of `runs`
 * in `measure`, in order.
 */
static int run_names(char ***out, size_t *n, const gb_runlist *runs,
	const char *measure)
{
	gb_buf label = GB_BUF_INIT;
	size_t i, j, k, total = 0;

	for (i = 0; i < runs->count; i++)
		total += runs->runs[i]->nresults;
	*n = 0;
	if (!(*out = gb_calloc(total ? total : 1, sizeof(**out))))
		return GB_ERROR;
	for (i = 0; i < runs->count; i++)
		for (j = 0; j < runs->runs[i]->nresults; j++) {
			const gb_result *r = &runs->runs[i]->results[j];

			if (strcmp(r->measure, measure))
				continue;
			gb_buf_clear(&label);
			if (gb_measure_label(&label, r->name, r->measure) < 0)
				goto oom;
			for (k = 0; k < *n && strcmp((*out)[k], label.ptr); k++)
				;
			if (k == *n && !((*out)[(*n)++] = gb_strdup(label.ptr)))
				goto oom;
		}
	gb_buf_dispose(&label);
	return 0;
oom:
	gb_buf_dispose(&label);
	names_free(*out, *n);
	*out = NULL;
	return GB_ERROR;
}

/* The measure a bisection is in: the pattern's label's, else `measure`. */
static char *measure_of(const char *pattern, const char *measure)
{
	size_t name_len, len;
	const char *in;

	if (gb_measure_label_split(&name_len, &in, &len, pattern,
		    strlen(pattern)))
		return gb_strndup(in, len);
	return gb_strdup(measure ? measure : GB_MEASURE_TIME);
}

/*
 * Whether no result of `runs` is in `measure`: a typo of the measure, said
 * as such ("no results in measure 'x'; did you mean ...") in the error.
 */
static bool measure_unknown(const gb_runlist *runs, const char *measure)
{
	gb_names measures = { NULL, 0, 0, NULL };
	bool unknown = gb_names_add_measures(&measures, runs) == 0 &&
		       measures.n &&
		       gb_names_match_measure(&measures, measure) < 0;

	gb_names_dispose(&measures);
	return unknown;
}

/* The benchmark the pattern names at the good commit's results. */
static int name_at_good(gb_check_bisect *b, const git_oid *good,
	const char *pattern, const char *machine, const char *in)
{
	gb_baseline base;
	char **names = NULL, *measure = measure_of(pattern, in);
	const char *name = NULL;
	size_t n = 0;
	int error;

	if (!measure)
		return GB_ERROR;
	if ((error = gb_baseline_find(&base, b->store, good, machine,
		     GB_BASELINE_MAX_DISTANCE)) < 0) {
		free(measure);
		return error;
	}
	if ((error = run_names(&names, &n, &base.runs, measure)) == 0 &&
	    (error = gb_check_bisect_name(&name, (const char *const *)names,
		     n, pattern)) == 0)
		error = (b->name = gb_strdup(name)) ? 0 : GB_ERROR;
	else if (error == GB_ENOTFOUND && measure_unknown(&base.runs, measure))
		gb_error_set(GB_ENOTFOUND, "at the good commit: %s",
			gb_error_last()->message);
	else if (error == GB_ENOTFOUND && !strcmp(measure, GB_MEASURE_TIME))
		gb_error_set(GB_ENOTFOUND, "at the good commit: %s",
			gb_error_last()->message);
	else if (error == GB_ENOTFOUND)
		gb_error_set(GB_ENOTFOUND, "in %s at the good commit: %s",
			measure, gb_error_last()->message);
	names_free(names, n);
	free(measure);
	gb_baseline_dispose(&base);
	return error;
}

/*
 * The step that `bisect` finds in the stored results between the good
 * and the bad commit: HEAD is then on the side of the level it is nearer,
 * so `git bisect run` gives the same answer. 1 when there is one.
 */
static int series_levels(gb_check_bisect *b, const git_oid *good,
	const git_oid *bad, const char *machine, const gb_compare_options *opts)
{
	gb_bisect_options o = GB_BISECT_OPTIONS_INIT;
	gb_bisect_result r;
	bool better = b->hunt == GB_BISECT_BETTER;
	size_t i;
	int found = 0;

	o.name = b->name;
	o.machine = machine;
	o.compare = opts;
	if (gb_bisect(&r, b->store, good, bad, &o) < 0) {
		gb_error_clear();
		return 0;
	}
	for (i = 0; i < r.nsteps && !found; i++)
		if ((r.steps[i].verdict == GB_VERDICT_FASTER ||
		     r.steps[i].verdict == GB_VERDICT_IMPROVED) == better) {
			gb_bisect_judge_set_levels(b->judge, r.steps[i].level_before,
				r.steps[i].level_after);
			found = 1;
		}
	gb_bisect_result_dispose(&r);
	return found;
}

int gb_check_bisect_open(gb_check_bisect **out, gb_store *store,
	const git_oid *good, const git_oid *head, const char *pattern,
	const char *machine, gb_bisect_hunt hunt, const gb_compare_options *opts)
{
	gb_check_bisect *b = gb_calloc(1, sizeof(*b));
	gb_bisect_judgement j;
	git_oid bad;
	bool known;
	int error;

	*out = NULL;
	if (!b)
		return GB_ERROR;
	b->store = store;
	b->hunt = hunt;
	/* The bad side of a bisection under way teaches the noise, and a
	 * commit is bad only when also nearer its value than the good's. */
	known = git_reference_name_to_id(&bad, gb_store_repository(store),
		"refs/bisect/bad") == 0;
	if ((error = name_at_good(b, good, pattern, machine, opts->measure)) < 0 ||
	    (error = gb_bisect_judge_new(&b->judge, store, good,
		     known ? &bad : head, b->name, machine, opts)) < 0 ||
	    (known && (error = gb_bisect_judge_commit(&j, b->judge, &bad,
			       hunt)) < 0)) {
		gb_check_bisect_free(b);
		return error;
	}
	/* Judged by the step the stored series shows, when it shows one. */
	if (known && !series_levels(b, good, &bad, machine, opts) &&
	    j.state == GB_BISECT_BAD)
		gb_bisect_judge_set_bad(b->judge, j.value);
	*out = b;
	return 0;
}

void gb_check_bisect_free(gb_check_bisect *b)
{
	if (!b)
		return;
	gb_bisect_judge_free(b->judge);
	free(b->name);
	free(b);
}

const char *gb_check_bisect_benchmark(const gb_check_bisect *b)
{
	return b->name;
}

const gb_bisect_judge *gb_check_bisect_judge(const gb_check_bisect *b)
{
	return b->judge;
}

int gb_check_bisect_judge_runs(gb_bisect_judgement *out, gb_check_bisect *b,
	const gb_runlist *runs)
{
	return gb_bisect_judge_runs(out, b->judge, runs, b->hunt);
}
