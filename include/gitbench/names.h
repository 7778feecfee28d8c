/*
 * Benchmark names: whether a --bench pattern (or a budget's) matches any
 * recorded one, and the nearest names when it does not, so that a typo
 * is an error rather than an empty answer.
 */
#ifndef GITBENCH_NAMES_H
#define GITBENCH_NAMES_H

#include "store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A set of names, in the order first added; owns them. */
typedef struct {
	char **names;
	size_t n, alloc;
	void *index;         /* internal */
} gb_names;

/* Add a copy of `name` unless it is there. */
GB_EXTERN(int) gb_names_add(gb_names *names, const char *name);
/* Add the names of the results of every run of `runs`. */
GB_EXTERN(int) gb_names_add_runs(gb_names *names, const gb_runlist *runs);
/* Add the measures of the results of every run of `runs`. */
GB_EXTERN(int) gb_names_add_measures(gb_names *measures,
	const gb_runlist *runs);
/* Add the machine of every run of `runs` but `except`'s (NULL: none). */
GB_EXTERN(int) gb_names_add_machines(gb_names *machines, const gb_runlist *runs,
	const char *except);
GB_EXTERN(void) gb_names_dispose(gb_names *names);

/*
 * The names recorded at `start` and at measured commits along its first
 * parents, `commits` of them at most, whatever the machine.
 */
GB_EXTERN(int) gb_names_near(gb_names *out, gb_store *store,
	const git_oid *start, size_t commits);
/* gb_names_near(), and the measures of those results into `measures`. */
GB_EXTERN(int) gb_names_near_measures(gb_names *out, gb_names *measures,
	gb_store *store, const git_oid *start, size_t commits);

/* Every machine with a run in the history, whatever its commit. */
GB_EXTERN(int) gb_names_machines(gb_names *out, gb_store *store);

/* "a, b, c and 2 more": the first `max` names, and how many others. */
GB_EXTERN(int) gb_names_list(gb_buf *out, const gb_names *names, size_t max);

/* Edit distance of `a` and `b`, ignoring case: for "did you mean". */
GB_EXTERN(size_t) gb_names_distance(const char *a, const char *b);

/*
 * Up to `max` of `names` nearest to `pattern` (its wildcards left out),
 * as "a, b or c", appended to `out`: the names that hold something like
 * it first, then the nearest whole.
 */
GB_EXTERN(int) gb_names_suggest(gb_buf *out, const gb_names *names,
	const char *pattern, size_t max);

/*
 * 0 when `pattern` (NULL or "": every name) matches one of `names` as
 * --bench matches (gb_series_pattern_match; a label "name [measure]" by
 * its name). GB_ENOTFOUND "no benchmark matches 'x'; did you mean a, b or
 * c?" when none does, and when there are no names at all.
 */
GB_EXTERN(int) gb_names_match(const gb_names *names, const char *pattern);
/*
 * 0 when `measure` (NULL: every measure) is one of `measures`, as
 * --measure takes it (whole); GB_ENOTFOUND "no results in measure 'x';
 * did you mean ...?" (or "the measures recorded are ...") when not.
 */
GB_EXTERN(int) gb_names_match_measure(const gb_names *measures,
	const char *measure);
/*
 * 0 when the machine `key` (NULL: every machine) is one of `machines`;
 * GB_ENOTFOUND "unknown machine 'x'; did you mean a or b?" (or "(none is
 * recorded)") when not.
 */
GB_EXTERN(int) gb_names_match_machine(const gb_names *machines,
	const char *key);
/*
 * gb_names_match() for a budget's pattern, which may end in the measure
 * it is for: "<pattern>.<measure>" matches as <pattern> does.
 */
GB_EXTERN(int) gb_names_match_budget(const gb_names *names,
	const char *pattern);

#ifdef __cplusplus
}
#endif
#endif
