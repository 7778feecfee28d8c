/*
 * The walk along first parents that visits measured commits: one revwalk,
 * and one note lookup per commit, which gives the note's blob too, so
 * that readers need not look it up again.
 */
#include "store/store_int.h"

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

int gb_store_measured_foreach(gb_store *s, const git_oid *start,
	const gb_walk_options *opts, gb_measured_cb cb, void *payload)
{
	gb_walk_options defaults = GB_WALK_OPTIONS_INIT;
	const gb_walk_options *o = opts ? opts : &defaults;
	gb_measured_commit mc = { NULL, NULL, 0 };
	git_revwalk *w = NULL;
	git_oid id, note;
	int error, found;

	if (o->version == 0 || o->version > GB_WALK_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported walk options version");
	if ((error = walk_open(&w, s, start, o->hide)) < 0)
		goto cleanup;
	mc.commit = &id;
	mc.note = &note;
	for (; mc.distance <= o->max_distance; mc.distance++) {
		if ((error = git_revwalk_next(&id, w)) < 0) {
			error = error == GIT_ITEROVER ? 0
				: gb_error_git(error, "cannot walk the history");
			break;
		}
		if ((found = gb_store_note_blob(&note, s, &id)) == GB_ENOTFOUND)
			continue;
		if ((error = found) < 0 || (error = cb(&mc, payload)) != 0)
			break;
	}
cleanup:
	git_revwalk_free(w);
	return error;
}
