/* What a check asks of baseline.c beyond its public header. */
#ifndef GB_SRC_ANALYSIS_BASELINE_INT_H
#define GB_SRC_ANALYSIS_BASELINE_INT_H

#include "gitbench/baseline.h"

/*
 * gb_baseline_find, its message naming `start` as the baseline and why
 * it is (`how`: "merge-base of HEAD and origin/main"), as the table's
 * heading does: a hash alone, which the user never typed, says nothing.
 */
int gb_baseline_find_as(gb_baseline *out, gb_store *store,
	const git_oid *start, const char *how, const char *machine,
	size_t max_distance);

#endif
