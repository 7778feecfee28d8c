/*
 * One step of `git bisect run`: HEAD judged against a good commit, as
 * `git bench bisect` judges the commits of its path.
 */
#include <stdlib.h>
#include <string.h>
#include <git2.h>

#include "common.h"
#include "gitbench/check.h"

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
	else
		gb_error_set(GB_ENOTFOUND, "no benchmark matches '%s'", pattern);
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
	else if (error == GB_ENOTFOUND && !strcmp(measure, GB_MEASURE_TIME))
		gb_error_set(GB_ENOTFOUND, "no results for a benchmark matching "
			"'%s' at the good commit", pattern);
	else if (error == GB_ENOTFOUND)
		gb_error_set(GB_ENOTFOUND, "no results for a benchmark matching "
			"'%s' in %s at the good commit", pattern, measure);
	names_free(names, n);
	free(measure);
	gb_baseline_dispose(&base);
	return error;
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
	if (known && j.state == GB_BISECT_BAD)
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
