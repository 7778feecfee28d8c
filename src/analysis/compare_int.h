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

#endif
