/*
 * The walk along first parents that visits measured commits: by hand, or
 * a revwalk when a range hides commits, and one note lookup per commit,
 * which gives the note's blob too, so that readers need not look it up
 * again.
 *
 * Where history stops short, the walk stops there as at a root: in a
 * shallow clone (libgit2 does not read .git/shallow, so its revwalk fails
 * at the edge) the first parents are followed by hand, and a revwalk that
 * meets a missing parent elsewhere (a partial or damaged clone) goes on by
 * hand from where it was. The store keeps where a walk stopped short
 * (gb_store_history_cut), for callers to say why.
 */
#include <stdlib.h>
#include <string.h>

#include "store/store_int.h"
#include "gitbench/repo.h"
#include "util/index.h"

static int walk_open(git_revwalk **w, gb_store *s, const git_oid *start,
	const git_oid *hide)
{
	int error;

	if ((error = git_revwalk_new(w, s->repo)) < 0 ||
	    (error = git_revwalk_push(*w, start)) < 0 ||
	    (error = git_revwalk_simplify_first_parent(*w)) < 0 ||
	    (hide && (error = git_revwalk_hide(*w, hide)) < 0))
		return gb_error_git(error, "cannot walk the history");
	return 0;
}

/* ---- the commits a hidden commit reaches, in a shallow clone ------------ */

typedef struct {
	char (*hex)[GIT_OID_HEXSZ + 1];
	size_t n, alloc;
	gb_index ix;
} commit_set;

static gb_index_key hex_at(const void *items, size_t pos)
{
	return gb_index_name(((const char (*)[GIT_OID_HEXSZ + 1])items)[pos]);
}

static bool set_has(const commit_set *set, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];
	size_t pos;

	git_oid_tostr(hex, sizeof(hex), id);
	return gb_index_find(&pos, &set->ix, gb_index_name(hex), hex_at,
		       set->hex) == 1;
}

/* 1 when added, 0 when there already, < 0 on error. */
static int set_add(commit_set *set, const git_oid *id)
{
	if (set_has(set, id))
		return 0;
	if (GB_ARRAY_GROW(set->hex, set->n, set->alloc) < 0)
		return GB_ERROR;
	git_oid_tostr(set->hex[set->n], GIT_OID_HEXSZ + 1, id);
	if (gb_index_add(&set->ix, gb_index_name(set->hex[set->n]), set->n,
		    hex_at, set->hex) < 0)
		return GB_ERROR;
	set->n++;
	return 1;
}

static void set_dispose(commit_set *set)
{
	free(set->hex);
	gb_index_dispose(&set->ix);
}

/*
 * Every commit `hide` reaches through any parent, as far as the clone
 * has them: what a revwalk hides. The set doubles as the queue.
 */
static int reach(commit_set *set, git_repository *repo, const git_oid *hide)
{
	git_commit *c = NULL;
	size_t next = 0, i;
	git_oid id;
	int error;

	if ((error = set_add(set, hide)) < 0)
		return error;
	for (; next < set->n; next++) {
		if (git_oid_fromstr(&id, set->hex[next]) < 0 ||
		    git_commit_lookup(&c, repo, &id) < 0)
			continue; /* past the edge of the clone */
		for (i = 0; i < git_commit_parentcount(c) && error >= 0; i++)
			error = set_add(set, git_commit_parent_id(c, i));
		git_commit_free(c);
		if (error < 0)
			return error;
	}
	return 0;
}

/* ---- the walk ------------------------------------------------------------- */

typedef struct {
	gb_store *s;
	const gb_walk_options *o;
	gb_measured_cb cb;
	void *payload;
	gb_measured_commit mc;
	git_oid id, note;
	commit_set hidden;
} walk;

/* The commit at w->id: its note looked up, the callback called. */
static int visit(walk *w)
{
	int found = gb_store_note_blob(&w->note, w->s, &w->id);

	if (found == GB_ENOTFOUND)
		return 0;
	return found < 0 ? found : w->cb(&w->mc, w->payload);
}

/*
 * Along first parents by hand from w->id at w->mc.distance, up to the
 * first commit the clone does not have.
 */
/*
 * Steps after which a walk opens the summaries of its own (a reader of a
 * whole history opens them before): opening reads every entry's head,
 * more than the few commits of a check or the hook cost to read.
 */
#define WALK_SUMMARIES_AFTER 256

/*
 * The first parent and time of commit w->id, as the summaries beside the
 * notes keep them (when the commit is still there: a clone made shallower
 * and pruned may have lost it), else read and kept: 1, 0 when the
 * commit is not in the repository, < 0 on an error.
 */
static int step(walk *w, git_odb *odb, git_oid *parent, unsigned int *parents)
{
	git_commit *c = NULL;
	int error;

	if ((error = gb_summaries_commit(w->s, &w->id, parent, parents,
		     &w->mc.time, w->mc.distance >= WALK_SUMMARIES_AFTER)) < 0)
		return error;
	if (error == 1 && git_odb_exists(odb, &w->id))
		return 1;
	if ((error = git_commit_lookup(&c, w->s->repo, &w->id)) < 0) {
		/* A damaged commit is an error, as the revwalk says. */
		if (error != GIT_ENOTFOUND)
			return gb_error_git(error, "cannot walk the history");
		git_error_clear();
		return 0;
	}
	w->mc.time = git_commit_time(c);
	if ((*parents = git_commit_parentcount(c)) > 0)
		git_oid_cpy(parent, git_commit_parent_id(c, 0));
	gb_summaries_commit_keep(w->s, c);
	git_commit_free(c);
	return 1;
}

static int walk_by_hand(walk *w)
{
	git_odb *odb = NULL;
	unsigned int parents;
	git_oid parent;
	bool more = true;
	int error = 0;

	if (w->o->hide && (error = reach(&w->hidden, w->s->repo,
				   w->o->hide)) < 0)
		return error;
	if (git_repository_odb(&odb, w->s->repo) < 0)
		return gb_error_git(-1, "cannot open the object database");
	while (more && w->mc.distance <= w->o->max_distance) {
		if (set_has(&w->hidden, &w->id))
			break;
		if ((error = step(w, odb, &parent, &parents)) <= 0) {
			if (error < 0)
				break;
			if (!w->s->cut)
				git_oid_cpy(&w->s->cut_at, &w->id);
			w->s->cut = true;
			break;
		}
		if ((error = visit(w)) != 0)
			more = false;
		else if ((more = parents > 0)) {
			git_oid_cpy(&w->id, &parent);
			w->mc.distance++;
		}
	}
	git_odb_free(odb);
	return error;
}

/*
 * A revwalk, which reads the commit-graph. It meets a missing parent as
 * it reaches the commit before one: the walk goes on by hand from the
 * first parent of the commit it gave last, which it could not give.
 */
static int walk_revwalk(walk *w, const git_oid *start)
{
	git_revwalk *rw = NULL;
	git_commit *last = NULL;
	bool any = false;
	int error;

	if ((error = walk_open(&rw, w->s, start, w->o->hide)) < 0)
		goto cleanup;
	for (; w->mc.distance <= w->o->max_distance; w->mc.distance++) {
		if ((error = git_revwalk_next(&w->id, rw)) == GIT_ITEROVER) {
			error = 0;
			break;
		}
		if (error == GIT_ENOTFOUND && !w->o->hide) {
			if (!any)
				git_oid_cpy(&w->id, start);
			else if (git_commit_lookup(&last, w->s->repo, &w->id) < 0 ||
				 git_commit_parentcount(last) == 0)
				break;
			else
				git_oid_cpy(&w->id, git_commit_parent_id(last, 0));
			error = walk_by_hand(w);
			break;
		}
		if (error < 0) {
			error = gb_error_git(error, "cannot walk the history");
			break;
		}
		any = true;
		w->mc.time = GB_TIME_UNKNOWN;
		if ((error = visit(w)) != 0)
			break;
	}
cleanup:
	git_commit_free(last);
	git_revwalk_free(rw);
	return error;
}

bool gb_store_history_cut(git_oid *at, const gb_store *s)
{
	if (s->cut && at)
		git_oid_cpy(at, &s->cut_at);
	return s->cut;
}

int gb_store_measured_foreach(gb_store *s, const git_oid *start,
	const gb_walk_options *opts, gb_measured_cb cb, void *payload)
{
	gb_walk_options defaults = GB_WALK_OPTIONS_INIT;
	walk w;
	int error;

	memset(&w, 0, sizeof(w));
	w.s = s;
	w.o = opts ? opts : &defaults;
	w.cb = cb;
	w.payload = payload;
	w.mc.commit = &w.id;
	w.mc.note = &w.note;
	w.mc.time = GB_TIME_UNKNOWN;
	if (w.o->version == 0 || w.o->version > GB_WALK_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported walk options version");
	/*
	 * Without a commit to hide, first parents are followed by hand: each
	 * commit is read once, and stays in libgit2's cache for the caller's
	 * lookup of its date. A revwalk reads it too (libgit2 1.5 refuses the
	 * commit-graph git 2.36 and later write, whose generation data chunk
	 * it does not know), then the caller again: two reads.
	 */
	if (gb_repo_is_shallow(s->repo) || !w.o->hide) {
		git_oid_cpy(&w.id, start);
		error = walk_by_hand(&w);
	} else {
		error = walk_revwalk(&w, start);
	}
	set_dispose(&w.hidden);
	return error;
}
