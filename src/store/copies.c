/*
 * Copies: runs holding the same values as a run already stored for their
 * commit, or as an earlier one of the same list. A run is one measurement;
 * the same values again (one results directory recorded twice, a command
 * that left old results behind) are not another.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/store.h"
#include "gitbench/units.h"
#include "store/store_int.h"

int gb_store_mark_copies(bool *copy, size_t *ncopies, gb_store *store,
	const gb_run *const *runs, size_t n)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	gb_runlist stored = { 0 };
	size_t i, k;
	int error = 0;

	*ncopies = 0;
	if ((error = gb_runs_mark_copies(copy, runs, n)) < 0)
		return error;
	dopts.skip_samples = true;
	for (i = 0; i < n; i++) {
		gb_runlist_dispose(&stored);
		if ((error = gb_store_read(&stored, store, &runs[i]->commit,
			     &dopts)) < 0 && error != GB_ENOTFOUND)
			goto cleanup;
		error = 0;
		for (k = 0; !copy[i] && k < stored.count; k++)
			copy[i] = gb_run_same_values(runs[i], stored.runs[k]);
		*ncopies += copy[i];
	}
	gb_error_clear();
cleanup:
	gb_runlist_dispose(&stored);
	return error;
}

/* ---- results a tree left behind ------------------------------------------ */

typedef struct {
	const gb_run *run;
	size_t *cand;       /* indices of the results compared, by name */
	size_t ncand;
	bool *matched;      /* per candidate */
	size_t nmatched;
	gb_left_behind *from;
} left_scan;

/* A time summarising samples that vary: two measurements never agree. */
static bool comparable(const gb_result *r)
{
	return r->count >= 2 && isfinite(r->stddev) && r->stddev > 0 &&
	       gb_units_is_time(r->unit) == 1;
}

static int cmp_result(const gb_result *a, const gb_result *b)
{
	int c = strcmp(a->name, b->name);

	return c ? c : strcmp(a->measure, b->measure);
}

static _Thread_local const gb_run *sort_run;

static int cmp_cand(const void *a, const void *b)
{
	return cmp_result(&sort_run->results[*(const size_t *)a],
		&sort_run->results[*(const size_t *)b]);
}

/* The candidate of r's benchmark and measure, or ncand. */
static size_t find_cand(const left_scan *ls, const gb_result *r)
{
	size_t lo = 0, hi = ls->ncand;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_result(&ls->run->results[ls->cand[mid]], r);

		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return ls->ncand;
}

/* Whether a time of benchmark `name` was matched (candidates by name). */
static bool name_matched(const left_scan *ls, const char *name)
{
	size_t lo = 0, hi = ls->ncand;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ls->run->results[ls->cand[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < ls->ncand &&
	       !strcmp(ls->run->results[ls->cand[lo]].name, name); lo++)
		if (ls->matched[lo])
			return true;
	return false;
}

static int scan_entry(const gb_history_entry *e, void *payload)
{
	left_scan *ls = payload;
	const gb_run *old = e->run;
	size_t i, k, before = ls->nmatched;

	if (!old || !old->machine || strcmp(old->machine, ls->run->machine) ||
	    git_oid_equal(&old->commit, &ls->run->commit))
		return 0;
	for (i = 0; i < old->nresults; i++) {
		if (!comparable(&old->results[i]) ||
		    (k = find_cand(ls, &old->results[i])) == ls->ncand ||
		    ls->matched[k] ||
		    !gb_result_same_values(&ls->run->results[ls->cand[k]],
			    &old->results[i]))
			continue;
		ls->matched[k] = true;
		if (!ls->nmatched++) {
			snprintf(ls->from->id, sizeof(ls->from->id), "%s", old->id);
			git_oid_cpy(&ls->from->commit, &old->commit);
		}
	}
	ls->from->nruns += ls->nmatched > before;
	/* Every candidate placed: nothing older can add one. */
	return ls->nmatched == ls->ncand;
}

int gb_store_mark_left_behind(bool *left, gb_left_behind *from,
	gb_store *store, const gb_run *run)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	left_scan ls = { run, NULL, 0, NULL, 0, from };
	size_t i;
	int error = 0;

	memset(from, 0, sizeof(*from));
	memset(left, 0, run->nresults * sizeof(*left));
	if (!run->machine || !run->nresults)
		return 0;
	if (!(ls.cand = gb_calloc(run->nresults, sizeof(size_t))))
		return GB_ERROR;
	for (i = 0; i < run->nresults; i++)
		if (comparable(&run->results[i]))
			ls.cand[ls.ncand++] = i;
	if (!ls.ncand)
		goto cleanup;
	if (!(ls.matched = gb_calloc(ls.ncand, sizeof(bool)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	sort_run = run;
	qsort(ls.cand, ls.ncand, sizeof(size_t), cmp_cand);
	sort_run = NULL;
	dopts.skip_samples = true;
	if ((error = gb_store_history_newest(store, &dopts,
		     GB_STORE_LEFT_LOOKBACK, scan_entry, &ls)) < 0)
		goto cleanup;
	error = 0;
	/* A benchmark left behind goes whole: its rates with its time. */
	for (i = 0; ls.nmatched && i < run->nresults; i++)
		from->nleft += left[i] = name_matched(&ls, run->results[i].name);
cleanup:
	free(ls.cand);
	free(ls.matched);
	return error;
}
