/*
 * Copies: runs holding the same values as a run already stored for their
 * commit, or as an earlier one of the same list. A run is one measurement;
 * the same values again (one results directory recorded twice, a command
 * that left old results behind) are not another.
 */
#include "common.h"
#include "gitbench/store.h"

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
