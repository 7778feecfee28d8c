/*
 * One commit across machines: the same revision (or each machine's nearest
 * measured ancestor of it) on every machine key, each compared with its
 * own baseline as compare and check would compare it there.
 */
#ifndef GITBENCH_ACROSS_H
#define GITBENCH_ACROSS_H

#include "check.h"
#include "output.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	char *key;             /* the machine key */
	char *alias;           /* bench.machine.<key>.alias; NULL: none */
	bool measured;         /* it has runs at the revision or an ancestor */
	size_t distance;       /* first-parent steps back to them */
	char *why;             /* why it was not compared, when it was not */
	gb_check check;        /* on this machine, once compared */
} gb_across_machine;

typedef struct {
	git_oid requested;     /* the commit the revision names */
	char *rev;             /* as it was named */
	gb_across_machine *machines;
	size_t n;
} gb_across;

/*
 * `rev` on `keys` (keys or aliases; NULL with nkeys 0: every machine with
 * runs at `rev` or its first-parent ancestors), each against the baseline
 * `base_rev` (NULL: the default, as gb_check_base_rev picks it). A key
 * with no runs near `rev` is kept, unmeasured; GB_EINVALID naming a key
 * with no runs anywhere.
 */
GB_EXTERN(int) gb_across_compare(gb_across *out, gb_store *store,
	const char *rev, const char *const *keys, size_t nkeys,
	const char *base_rev, const gb_check_options *opts);
GB_EXTERN(void) gb_across_dispose(gb_across *a);

/*
 * The machines side by side in opts->format (text, markdown, json, csv):
 * a row per benchmark and measure, each machine's value, its change and
 * verdict against its baseline, and its ratio to the first machine's.
 */
GB_EXTERN(int) gb_output_across(gb_buf *out, const gb_across *a,
	const gb_output_options *opts);

#ifdef __cplusplus
}
#endif
#endif
