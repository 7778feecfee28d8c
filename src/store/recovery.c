/*
 * Recovery from writes interrupted between the history ref and the notes
 * ref: the notes name the history commit they index, and the runs added
 * or removed after it (a record, a pull's merge, a prune, a forget) are
 * completed from the history: the history moves first and is the record
 * of what every write meant.
 */
#include <string.h>

#include "record/codec_int.h"
#include "store/store_int.h"

/* ---- the notes' mark of the history they index ------------------------------ */

/*
 * Every notes commit written here ends with "History: <id>", the history
 * commit it indexes. Runs that history commits after the mark added and the
 * notes lack come from a write that was interrupted between its two refs;
 * the next write completes them (roll forward) and fsck tells them apart
 * from damage.
 */
#define HISTORY_TRAILER "History: "
#define ROLL_FORWARD_DEPTH 64

int gb_store_notes_message(gb_buf *msg, const char *what,
	const git_oid *history)
{
	char hex[GIT_OID_HEXSZ + 1];

	if (!history)
		return gb_buf_puts(msg, what);
	git_oid_tostr(hex, sizeof(hex), history);
	return gb_buf_printf(msg, "%s\n\n" HISTORY_TRAILER "%s\n", what, hex);
}

int gb_store_notes_mark(git_oid *out, gb_store *s)
{
	git_commit *tip = NULL;
	const char *msg, *p;
	int error, found = 0;

	if ((error = gb_ref_peel_commit(&tip, s->repo, s->notes_ref)) < 0 || !tip)
		return error;
	msg = git_commit_message(tip);
	p = msg ? strstr(msg, "\n" HISTORY_TRAILER) : NULL;
	if (p && git_oid_fromstrn(out, p + 1 + strlen(HISTORY_TRAILER),
			 GIT_OID_HEXSZ) == 0)
		found = 1;
	git_commit_free(tip);
	return found;
}

int gb_store_pending(git_oid *chain, size_t *n, gb_store *s)
{
	git_oid mark, id;
	git_commit *c = NULL;
	int error;

	*n = 0;
	if ((error = gb_store_notes_mark(&mark, s)) <= 0)
		return error;
	if (git_reference_name_to_id(&id, s->repo, s->history_ref) < 0)
		return 0;
	while (!git_oid_equal(&id, &mark)) {
		if (*n == ROLL_FORWARD_DEPTH ||
		    git_commit_lookup(&c, s->repo, &id) < 0 ||
		    git_commit_parentcount(c) == 0) {
			git_commit_free(c);
			*n = 0; /* the mark is not behind us: nothing to tell */
			return 0;
		}
		git_oid_cpy(&chain[(*n)++], &id);
		git_oid_cpy(&id, git_commit_parent_id(c, 0));
		git_commit_free(c);
		c = NULL;
	}
	return *n > 0;
}

/* ---- runs added between two history trees --------------------------------- */

/* Runs are at runs/YYYY/MM/DD/<id>: nothing deeper is a run. */
#define RUNS_MAX_DEPTH 8

typedef struct {
	git_repository *repo;
	gb_run_path_cb cb;
	void *payload;
	gb_buf path;
} added_walk;

static int subtree(git_tree **out, git_repository *repo,
	const git_tree_entry *e)
{
	int error;

	*out = NULL;
	if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
		return 0;
	error = git_tree_lookup(out, repo, git_tree_entry_id(e));
	return error < 0 ? gb_error_git(error, "cannot read the history") : 0;
}

/*
 * Every blob under `to` at a path `from` does not have (from may be
 * NULL), as a diff of the two trees lists them as added, holding one
 * tree per level rather than an entry per run: both trees' entries are
 * in git's order, so one pass merges them, and a subtree both share
 * (the same id) is not read.
 */
static int added_in(added_walk *w, const git_tree *from, const git_tree *to,
	int depth)
{
	size_t i = 0, j = 0, nf = from ? git_tree_entrycount(from) : 0;
	size_t nt = git_tree_entrycount(to), at = w->path.size;
	int error = 0;

	while (j < nt && !error) {
		const git_tree_entry *t = git_tree_entry_byindex(to, j);
		const git_tree_entry *f = i < nf ? git_tree_entry_byindex(from, i)
						: NULL;
		int c = f ? git_tree_entry_cmp(f, t) : 1;
		git_tree *sf = NULL, *st = NULL;

		if (c < 0) {
			i++;
			continue;
		}
		j++;
		if (c == 0)
			i++;
		if (git_tree_entry_type(t) == GIT_OBJECT_BLOB) {
			if (c != 0)
				error = gb_buf_puts(&w->path, git_tree_entry_name(t)) < 0
					? GB_ERROR : w->cb(w->path.ptr,
						git_tree_entry_id(t), w->payload);
		} else if (git_tree_entry_type(t) == GIT_OBJECT_TREE &&
			   depth < RUNS_MAX_DEPTH &&
			   !(c == 0 && git_oid_equal(git_tree_entry_id(f),
					     git_tree_entry_id(t)))) {
			if (gb_buf_puts(&w->path, git_tree_entry_name(t)) < 0 ||
			    gb_buf_putc(&w->path, '/') < 0)
				error = GB_ERROR;
			else if ((error = subtree(&sf, w->repo, c == 0 ? f : NULL)) == 0 &&
				 (error = subtree(&st, w->repo, t)) == 0)
				error = added_in(w, sf, st, depth + 1);
			git_tree_free(sf);
			git_tree_free(st);
		}
		w->path.size = at;
		w->path.ptr[at] = '\0';
	}
	return error;
}

/* The tree at runs/ of a history root tree, or NULL. */
static int runs_tree(git_tree **out, git_repository *repo,
	const git_tree *root)
{
	const git_tree_entry *e = root ? git_tree_entry_byname(root, "runs")
				       : NULL;

	return subtree(out, repo, e);
}

int gb_store_runs_added(git_repository *repo, const git_tree *from,
	const git_tree *to, gb_run_path_cb cb, void *payload)
{
	added_walk w = { repo, cb, payload, GB_BUF_INIT };
	git_tree *rf = NULL, *rt = NULL;
	int error;

	if ((error = runs_tree(&rf, repo, from)) == 0 &&
	    (error = runs_tree(&rt, repo, to)) == 0 && rt &&
	    (error = gb_buf_puts(&w.path, "runs/")) == 0)
		error = added_in(&w, rf, rt, 1);
	gb_buf_dispose(&w.path);
	git_tree_free(rf);
	git_tree_free(rt);
	return error;
}

/*
 * The runs added (or, not `added`, removed: those `to` lacks of `from`)
 * from the history tree of `from` to that of `to`.
 */
static int runs_between(git_repository *repo, git_commit *from,
	git_commit *to, bool added, gb_run_path_cb cb, void *payload)
{
	git_tree *a = NULL, *b = NULL;
	int error;

	if ((error = git_commit_tree(&a, from)) < 0 ||
	    (error = git_commit_tree(&b, to)) < 0)
		error = gb_error_git(error, "cannot read the history");
	else
		error = gb_store_runs_added(repo, added ? a : b, added ? b : a,
			cb, payload);
	git_tree_free(a);
	git_tree_free(b);
	return error;
}

static int changed_runs(git_repository *repo, const git_oid *id,
	bool added, gb_run_path_cb cb, void *payload)
{
	git_commit *c = NULL, *parent = NULL;
	int error;

	if ((error = git_commit_lookup(&c, repo, id)) < 0 ||
	    (error = git_commit_parent(&parent, c, 0)) < 0)
		error = gb_error_git(error, "cannot read the history");
	else
		error = runs_between(repo, parent, c, added, cb, payload);
	git_commit_free(parent);
	git_commit_free(c);
	return error;
}

int gb_store_added_since(git_repository *repo, git_commit *from,
	git_commit *to,
	gb_run_path_cb cb, void *payload)
{
	return runs_between(repo, from, to, true, cb, payload);
}

int gb_store_added_runs(git_repository *repo, const git_oid *id,
	gb_run_path_cb cb, void *payload)
{
	return changed_runs(repo, id, true, cb, payload);
}

/*
 * Only a prune's or a forget's commit says that runs were meant to go: a
 * run that any other commit lost is damage, which fsck reports and its
 * repair puts back.
 */
int gb_store_removed_runs(git_repository *repo, const git_oid *id,
	gb_run_path_cb cb, void *payload)
{
	git_commit *c = NULL;
	const char *msg;
	bool meant;
	int error;

	if ((error = git_commit_lookup(&c, repo, id)) < 0)
		return gb_error_git(error, "cannot read the history");
	msg = git_commit_message(c);
	meant = msg && (strncmp(msg, "Prune ", 6) == 0 ||
			strncmp(msg, "Forget ", 7) == 0);
	git_commit_free(c);
	return meant ? changed_runs(repo, id, false, cb, payload) : 0;
}

typedef struct {
	gb_store *store;
	git_tree *head;
	gb_note_groups groups;
	git_oid *removed;   /* commits whose runs a prune or forget removed */
	size_t nremoved, aremoved;
} roll_job;

/* The commit a removed run was measured on: its note is rebuilt. */
static int roll_removed(const char *path, const git_oid *blob, void *payload)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	roll_job *r = payload;
	git_blob *b = NULL;
	gb_run *run = NULL;
	int error = 0;

	GB_UNUSED(path);
	opts.want = gb_codec_want_none;
	if (git_blob_lookup(&b, r->store->repo, blob) < 0 ||
	    gb_codec_decode(&run, NULL, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), &opts) < 0) {
		gb_error_clear(); /* damage is fsck's to report */
		goto cleanup;
	}
	if ((error = gb_array_grow(&r->removed, &r->aremoved, r->nremoved,
		     sizeof(*r->removed))) == 0)
		git_oid_cpy(&r->removed[r->nremoved++], &run->commit);
cleanup:
	gb_run_free(run);
	git_blob_free(b);
	return error;
}

static int roll_collect(const char *path, const git_oid *blob, void *payload)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	roll_job *r = payload;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	gb_run *run = NULL;
	gb_note_group *g;
	int error = 0;

	/* Runs forgotten since are not put back. */
	if (git_tree_entry_bypath(&e, r->head, path) < 0 ||
	    !git_oid_equal(git_tree_entry_id(e), blob))
		goto cleanup;
	opts.want = gb_codec_want_none;
	if (git_blob_lookup(&b, r->store->repo, blob) < 0 ||
	    gb_codec_decode(&run, NULL, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), &opts) < 0)
		goto cleanup; /* damage is fsck's to report */
	if (!(g = gb_note_groups_for(&r->groups, &run->commit)))
		error = GB_ERROR;
	else
		error = gb_buf_put(&g->bytes, git_blob_rawcontent(b),
			(size_t)git_blob_rawsize(b));
cleanup:
	gb_run_free(run);
	git_blob_free(b);
	git_tree_entry_free(e);
	return error;
}

/*
 * The notes of the commits whose runs an interrupted prune or forget took
 * out of the history are rebuilt from it: the history is the record of
 * what was meant, so the removal is completed, never undone.
 */
static int roll_removals(gb_store *s, roll_job *r)
{
	int error;

	if (!r->nremoved)
		return 0;
	s->rolling = true;
	error = gb_store_notes_rebuild(s, r->removed, r->nremoved,
		"Notes completed after an interrupted removal", NULL);
	s->rolling = false;
	return error;
}

/* Complete the notes of writes interrupted between their two refs. */
int gb_store_roll_forward(gb_store *s)
{
	git_oid chain[ROLL_FORWARD_DEPTH], head;
	roll_job r = { s, NULL, { NULL, 0, 0 }, NULL, 0, 0 };
	gb_note_change *changes = NULL;
	git_commit *c = NULL;
	gb_buf msg = GB_BUF_INIT;
	size_t n = 0, i;
	int error;

	if (s->rolling || (error = gb_store_pending(chain, &n, s)) <= 0)
		return 0;
	git_oid_cpy(&head, &chain[0]);
	if ((error = git_commit_lookup(&c, s->repo, &head)) < 0 ||
	    (error = git_commit_tree(&r.head, c)) < 0) {
		error = gb_error_git(error, "cannot read the history");
		goto cleanup;
	}
	for (i = n; i-- > 0 && !error;)
		if ((error = gb_store_added_runs(s->repo, &chain[i],
			     roll_collect, &r)) == 0)
			error = gb_store_removed_runs(s->repo, &chain[i],
				roll_removed, &r);
	if (error < 0)
		goto cleanup;
	if (r.groups.n) {
		if ((error = gb_note_groups_changes(&changes, &r.groups,
			     GB_NOTE_APPEND)) < 0)
			goto cleanup;
		gb_store_notes_message(&msg,
			"Notes completed after an interrupted write", &head);
		if ((error = gb_store_notes_write(s, changes, r.groups.n,
			     msg.ptr)) < 0)
			goto cleanup;
	}
	error = roll_removals(s, &r);
cleanup:
	free(r.removed);
	gb_note_groups_dispose(&r.groups);
	free(changes);
	gb_buf_dispose(&msg);
	git_tree_free(r.head);
	git_commit_free(c);
	return error;
}
