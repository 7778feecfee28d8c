/*
 * Checks: the workflows of `git bench` on top of the modules, for any
 * program to use. A revision (or runs just made) against its baseline, as
 * compare, check and run make it; a push against what the remote has, as
 * the pre-push hook judges it; HEAD against a good commit, as `git bisect
 * run` asks it.
 */
#ifndef GITBENCH_CHECK_H
#define GITBENCH_CHECK_H

#include <math.h>
#include "baseline.h"
#include "bisect.h"
#include "compare.h"
#include "names.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned int version;
	const char *pattern;       /* only benchmarks matching (NULL: all) */
	double max_regression;     /* percent; NAN: bench.maxRegression */
	const char *estimator;     /* "mean" or "median"; NULL: bench.estimator */
	const char *machine;       /* compare on this one (NULL: chosen) */
	bool any_machine;          /* every machine's runs, as one */
	/* Version 2: waivers given (check --accept), as Bench-Accept values. */
	const char *const *accept;
	size_t naccept;
	/* Version 3: only this measure (NULL: all). */
	const char *measure;
} gb_check_options;

#define GB_CHECK_OPTIONS_VERSION 3
#define GB_CHECK_OPTIONS_INIT { GB_CHECK_OPTIONS_VERSION, NULL, NAN, NULL, \
	NULL, false, NULL, 0, NULL }

/* A comparison of a current side with its baseline, and how it was made. */
typedef struct {
	gb_store *store;             /* borrowed */
	gb_compare_options opts;     /* the store's settings, then the options */
	gb_budget *budgets;
	size_t nbudgets;
	gb_check_options options;    /* a copy; its strings stay borrowed */

	gb_runlist head;             /* the current side, on `machine` */
	git_oid head_commit;
	char *head_how;              /* "HEAD", a branch, "this run", a path */
	bool head_working;           /* results of the work tree, not recorded */
	bool head_recorded;          /* the runs recorded for head_commit */
	char *head_why;              /* why it has none, when that is known */

	char *machine;               /* compared on; NULL: any */

	/* Set once the baseline revision is known, with results or not. */
	char *base_how;              /* "v1.0", "merge-base of HEAD and main" */
	bool base_named;             /* named by the user, not a default */
	bool have_base;              /* and its results were found */
	bool base_self;              /* they are the current side's own */
	char *uncompared;            /* why nothing was compared (a push) */
	gb_baseline base;
	gb_names names;              /* of both sides, once compared */

	gb_series_set history;       /* the baseline's first parents */
	gb_series_set between;       /* the current side's, back to the baseline */
	gb_noise *noise;             /* learned from both */
	gb_comparison result;
	/* The options' waivers, then the trailers of the range compared. */
	gb_waivers waivers;
} gb_check;

/* Settings of the store (thresholds, budgets), then `opts` (may be NULL). */
GB_EXTERN(int) gb_check_init(gb_check *c, gb_store *store,
	const gb_check_options *opts);
GB_EXTERN(void) gb_check_dispose(gb_check *c);

/*
 * The current side: the runs recorded for `commit`, said as `how`.
 * GB_ENOTFOUND when it has none, saying why when that is known (head_why:
 * its patch matches a measured commit, a remote has results).
 */
GB_EXTERN(int) gb_check_head_commit(gb_check *c, const git_oid *commit,
	const char *how);
/*
 * The current side: `runs` (taken over, the list left empty) of the commit
 * of its first run, said as `how`; `working` when they were measured on a
 * work tree and are not recorded.
 */
GB_EXTERN(int) gb_check_head_runs(gb_check *c, gb_runlist *runs,
	const char *how, bool working);
/* The machine: the options', none, or gb_machine_choose's; runs kept. */
GB_EXTERN(int) gb_check_machine(gb_check *c);
/*
 * The baseline as `runs` of `commit` measured now (taken over, the list
 * left empty), said as `how`, in place of the stored ones: an interleaved
 * comparison, whose two sides were measured in turns.
 */
GB_EXTERN(int) gb_check_base_runs(gb_check *c, const git_oid *commit,
	gb_runlist *runs, const char *how);
/*
 * The baseline: the results at `start`, or at its nearest measured first-
 * parent ancestor, on the machine; `how` says how it was named, `named`
 * when by the user (a label then counts back from it). base_self is set
 * when they are the recorded runs of the current side's own commit: a
 * comparison of a commit with itself, which tells nothing.
 */
GB_EXTERN(int) gb_check_base(gb_check *c, const git_oid *start,
	const char *how, bool named);
/*
 * The baseline revision `rev` (a label names the commit of its runs), or
 * when NULL the default: the merge-base of the current side with
 * bench.baseline; else with its branch's upstream, unless the upstream
 * holds it already and is not the remote's default branch (a pushed
 * feature branch); else, for a branch with no upstream (or one pushed,
 * or a detached HEAD in CI), with the remote's default branch
 * (refs/remotes/<remote>/HEAD) or the remote-tracking branch it forked
 * from. base_how says which, and why.
 */
GB_EXTERN(int) gb_check_base_rev(gb_check *c, const char *rev);
/*
 * Learn run-to-run noise along the baseline's history, compare, then
 * apply the waivers: the options', and the Bench-Accept trailers of the
 * commits reachable from the current side and not from the baseline.
 * GB_ENOTFOUND "no benchmark matches 'x'; did you mean ..." when the
 * pattern of the options matches no benchmark of either side; `names`
 * then holds them all (for budgets that match none).
 */
GB_EXTERN(int) gb_check_compare(gb_check *c);

/*
 * All of it, as `git bench compare <base_rev> <rev>` does: the runs of
 * `rev` against those of `base_rev` (NULL: the default baseline).
 */
GB_EXTERN(int) gb_check_revision(gb_check *c, gb_store *store,
	const char *rev, const char *base_rev, const gb_check_options *opts);

/* ---- a push --------------------------------------------------------------- */

/* One line git gives a pre-push hook. */
typedef struct {
	char local_ref[1024];
	git_oid local;
	char remote_ref[1024];
	git_oid remote;
} gb_check_push_update;

typedef enum {
	GB_CHECK_PUSH_SKIPPED,     /* a deletion, notes, a tag of a commit the
	                            * remote has: no code measured */
	GB_CHECK_PUSH_UNMEASURED,  /* the pushed commit has no results */
	GB_CHECK_PUSH_UNCOMPARED,  /* nothing to compare with: `uncompared` */
	GB_CHECK_PUSH_PASSED,
	GB_CHECK_PUSH_FAILED,      /* a benchmark breaks its budget */
} gb_check_push_verdict;

/* "<local ref> <local id> <remote ref> <remote id>"; GB_EINVALID else. */
GB_EXTERN(int) gb_check_push_parse(gb_check_push_update *out,
	const char *line);
/* The branch of a ref: "main" for refs/heads/main, else the ref. */
GB_EXTERN(const char *) gb_check_push_branch(const char *ref);
/*
 * What the update is called in messages: the local branch pushed, else
 * (`git push origin HEAD`, an object id) the branch it updates there.
 */
GB_EXTERN(const char *) gb_check_push_name(const gb_check_push_update *u);
/*
 * A tag pushed, as gb_check_push judges it: 1 with `out` the update of
 * the commit it names (a tag object peeled), as new on the remote; 0 when
 * there is nothing to judge: it names no commit, or one the remote
 * already has (a remote-tracking branch of `remote` holds it, so it was
 * judged when it went there). A tag of a commit no branch took out is
 * judged, so that a commit a check refused cannot leave by a tag.
 */
GB_EXTERN(int) gb_check_push_tag(gb_check_push_update *out, gb_store *store,
	const gb_check_push_update *u, const char *remote);
/*
 * Judge one update pushed to `remote` (SKIPPED: a deletion, an update of
 * notes or of git-bench's own refs, or a tag gb_check_push_tag passes
 * over; any other ref, whatever the local side was named, is judged): the
 * pushed commit's results against
 * the remote's commit's (or their nearest measured ancestor's) when this
 * repository has it; for a branch new on the remote (or whose tip there
 * is not here), against the merge-base with bench.baseline when set,
 * else with the remote's default branch or the branch it forked from
 * (gb_baseline_remote_branch); else against the default baseline. `c`
 * holds the comparison for PASSED and FAILED, and why for UNCOMPARED;
 * dispose of it in every case.
 */
GB_EXTERN(int) gb_check_push(gb_check_push_verdict *out, gb_check *c,
	gb_store *store, const gb_check_push_update *u, const char *remote);

/* ---- a bisection ---------------------------------------------------------- */

/*
 * The benchmark a pattern names among `names`: the one named exactly,
 * else the only one matching. GB_EINVALID "'p' matches N benchmarks (a,
 * b): name one", GB_ENOTFOUND "no benchmark matches 'p'; did you mean
 * ..." when none matches. *out is borrowed.
 */
GB_EXTERN(int) gb_check_bisect_name(const char **out,
	const char *const *names, size_t n, const char *pattern);

typedef struct gb_check_bisect gb_check_bisect;

/*
 * Judging HEAD (`head`) for `git bisect run`: the benchmark `pattern` names
 * at the good commit's results, on `machine` (NULL: any), against them,
 * with noise learned along the bad side of the bisection under way
 * (refs/bisect/bad) when there is one, else along `head`.
 */
GB_EXTERN(int) gb_check_bisect_open(gb_check_bisect **out, gb_store *store,
	const git_oid *good, const git_oid *head, const char *pattern,
	const char *machine, gb_bisect_hunt hunt, const gb_compare_options *opts);
GB_EXTERN(void) gb_check_bisect_free(gb_check_bisect *b);
/* The benchmark judged, and the judge (its good side and unit). */
GB_EXTERN(const char *) gb_check_bisect_benchmark(const gb_check_bisect *b);
GB_EXTERN(const gb_bisect_judge *) gb_check_bisect_judge(
	const gb_check_bisect *b);
/* Judge runs of HEAD: recorded, or just measured. */
GB_EXTERN(int) gb_check_bisect_judge_runs(gb_bisect_judgement *out,
	gb_check_bisect *b, const gb_runlist *runs);

#ifdef __cplusplus
}
#endif
#endif
