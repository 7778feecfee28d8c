/* What compare.c, which measures the rows, asks of verdict.c. */
#ifndef GB_SRC_ANALYSIS_COMPARE_INT_H
#define GB_SRC_ANALYSIS_COMPARE_INT_H

#include "gitbench/compare.h"

/*
 * The verdict of every row of `c` (changes and errors measured), with the
 * checks a whole comparison allows: a run that moved as a whole, a pair of
 * runs noisier than its evidence.
 */
int gb_compare_judge_rows(gb_comparison *c, const gb_compare_options *o);

/*
 * A judged row whose baseline is one run, against the level of the
 * `level_commits` measured commits before it: `base_off` how far that run
 * reads off the level (a log-ratio oriented like the row's change),
 * `level_se` the level's standard error, `sigma` one run's spread on `df`
 * degrees of freedom. Where the baseline is off beyond noise the way
 * that makes the row's call, and the current side set against the level
 * does not bear the call out, the call is held back (GB_WHY_BASE_OFF_LEVEL):
 * UNCERTAIN where either call is or may be a REGRESSION, else the milder.
 * Only ever takes claims away. Returns whether it did.
 */
bool gb_compare_doubt_base(gb_compare_row *r, double base_off,
	double level_se, size_t level_commits, double sigma, double df,
	const gb_compare_options *o);

#endif
