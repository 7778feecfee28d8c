/*
 * Waivers: a known, intended slowdown accepted in git's own history, so
 * that the audit trail is the history. A commit in the compared range
 * whose message ends with the trailer (read with git's trailer rules)
 *
 *     Bench-Accept: <pattern> [<measure>] [-- <reason>]
 *
 * or a pattern given to `check --accept`, turns a REGRESSION or UNCERTAIN
 * verdict of the benchmarks the pattern matches into ACCEPTED, shown with
 * the commit and the reason; other benchmarks still gate.
 */
#ifndef GITBENCH_WAIVER_H
#define GITBENCH_WAIVER_H

#include <git2.h>
#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GB_WAIVER_TRAILER "Bench-Accept"
/* Waivers kept from one range, and commits read for them, at most. */
#define GB_WAIVER_MAX 256
#define GB_WAIVER_MAX_COMMITS 10000

typedef struct {
	char *pattern;     /* a benchmark pattern, as --bench takes it */
	char *measure;     /* only the result "<name> [<measure>]"; NULL: all */
	char *reason;      /* NULL when none was given */
	git_oid commit;    /* whose message says it; zero: from an option */
} gb_waiver;

typedef struct {
	gb_waiver *v;
	size_t n, alloc;
	size_t dropped;    /* beyond GB_WAIVER_MAX */
} gb_waivers;

/*
 * Add the waiver `value` says, "<pattern> [<measure>] [-- <reason>]", of
 * `commit` (NULL: an option). GB_EINVALID when it names no pattern.
 */
GB_EXTERN(int) gb_waivers_add(gb_waivers *w, const char *value,
	const git_oid *commit);

/*
 * The Bench-Accept trailers of a commit message (its last paragraph, as
 * git interpret-trailers --parse reads it; the key in any case). A value
 * that names no pattern is skipped.
 */
GB_EXTERN(int) gb_waivers_read_message(gb_waivers *w, const char *message,
	const git_oid *commit);

/*
 * The waivers of the commits reachable from `head` and not from `base`
 * (NULL: all), at most GB_WAIVER_MAX_COMMITS of them, newest first.
 */
GB_EXTERN(int) gb_waivers_read_range(gb_waivers *w, git_repository *repo,
	const git_oid *head, const git_oid *base);

/*
 * The waiver of the result named `name` ("parse", "parse [cpu_time]"):
 * the first whose pattern matches the benchmark and whose measure, if it
 * names one, is the result's. NULL when none does.
 */
GB_EXTERN(const gb_waiver *) gb_waivers_find(const gb_waivers *w,
	const char *name);

GB_EXTERN(void) gb_waivers_dispose(gb_waivers *w);

#ifdef __cplusplus
}
#endif
#endif
