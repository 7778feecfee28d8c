/*
 * Notes: the note of a measured commit is the concatenation of its run
 * records, written as a blob straight into the notes tree (libgit2's note
 * API only takes NUL-terminated text), at the path git's fanout rules
 * give. Reading one commit's runs, writing many notes as one commit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/codec_int.h"
#include "store/store_int.h"

/*
 * Whether an entry at a note's path is a note: git takes only a regular
 * file (notes.c, load_subtree); a link, a tree or a submodule there is
 * something else, which no reader may take for the commit's results.
 */
static bool is_note_entry(const git_tree_entry *e)
{
	git_filemode_t mode = git_tree_entry_filemode(e);

	return mode == GIT_FILEMODE_BLOB || mode == GIT_FILEMODE_BLOB_EXECUTABLE;
}

/*
 * The note of `hex` from `start`, a tree k hex digits down the fanout
 * (path holds those digits' directories): trees looked up on the way
 * are freed, `start` is the caller's.
 */
static int notes_find_at(gb_buf *path, git_oid *blob, git_repository *repo,
	git_tree *start, const char *hex, size_t k)
{
	git_tree *tree = start, *sub = NULL;
	int found = 0, error = 0;

	/* Git reads a note at any fanout: "abcd...", "ab/cd...", "ab/cd/ef...". */
	while (tree) {
		const git_tree_entry *e = git_tree_entry_byname(tree, hex + k);

		if (e && is_note_entry(e)) {
			git_oid_cpy(blob, git_tree_entry_id(e));
			found = 1;
			break;
		}
		if (k + 2 >= GIT_OID_HEXSZ)
			break;
		{
			char dir[3] = { hex[k], hex[k + 1], '\0' };

			e = git_tree_entry_byname(tree, dir);
			if (!e || git_tree_entry_type(e) != GIT_OBJECT_TREE)
				break;
			if ((error = git_tree_lookup(&sub, repo,
				     git_tree_entry_id(e))) < 0) {
				error = gb_error_git(error, "cannot read the notes tree");
				break;
			}
			if (tree != start)
				git_tree_free(tree);
			tree = sub;
			gb_buf_put(path, dir, 2);
			gb_buf_putc(path, '/');
			k += 2;
		}
	}
	if (tree != start)
		git_tree_free(tree);
	if (error < 0)
		return error;
	if (gb_buf_puts(path, hex + k) < 0)
		return GB_ERROR;
	return found;
}

int gb_notes_find(gb_buf *path, git_oid *blob, git_repository *repo,
	git_tree *root, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), commit);
	gb_buf_clear(path);
	return notes_find_at(path, blob, repo, root, hex, 0);
}

/*
 * The subtree "ab" of the notes tree for a commit "ab...", read once and
 * kept: a walk looks up a note per commit, and git's 2/38 fanout would
 * make that a tree read per commit. NULL when the notes tree has none.
 */
static int fanout_subtree(git_tree **out, gb_store *s, git_tree *root,
	const git_oid *commit, const char *hex)
{
	unsigned char at = commit->id[0];
	const git_tree_entry *e;
	int error;

	if (!s->fanout && !(s->fanout = gb_calloc(1, sizeof(*s->fanout))))
		return GB_ERROR;
	if (!s->fanout->read[at]) {
		char dir[3] = { hex[0], hex[1], '\0' };

		e = git_tree_entry_byname(root, dir);
		if (e && git_tree_entry_type(e) == GIT_OBJECT_TREE &&
		    (error = git_tree_lookup(&s->fanout->sub[at], s->repo,
			     git_tree_entry_id(e))) < 0)
			return gb_error_git(error, "cannot read the notes tree");
		s->fanout->read[at] = true;
	}
	*out = s->fanout->sub[at];
	return 0;
}

static int load_notes_tree(git_tree **out, gb_store *s)
{
	git_commit *tip = NULL;
	int error;

	if (s->notes_state == 0) {
		if ((error = gb_ref_peel_commit(&tip, s->repo, s->notes_ref)) < 0)
			return error;
		if (!tip) {
			s->notes_state = 2;
		} else {
			git_oid_cpy(&s->notes_tip, git_commit_id(tip));
			error = git_commit_tree(&s->notes_tree, tip);
			git_commit_free(tip);
			if (error < 0)
				return gb_error_git(error, "cannot read %s",
					s->notes_ref);
			s->notes_state = 1;
		}
	}
	*out = s->notes_tree;
	return 0;
}

int gb_store_note_blob(git_oid *out, gb_store *s, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	const git_tree_entry *e;
	gb_buf path = GB_BUF_INIT;
	git_tree *tree = NULL, *sub = NULL;
	int error;

	if ((error = load_notes_tree(&tree, s)) < 0)
		return error;
	if (!tree)
		return GB_ENOTFOUND;
	/* As gb_notes_find, with the first level of the fanout kept. */
	git_oid_tostr(hex, sizeof(hex), commit);
	if ((e = git_tree_entry_byname(tree, hex)) && is_note_entry(e)) {
		git_oid_cpy(out, git_tree_entry_id(e));
		return 0;
	}
	if ((error = fanout_subtree(&sub, s, tree, commit, hex)) < 0)
		return error;
	if (!sub)
		return GB_ENOTFOUND;
	error = notes_find_at(&path, out, s->repo, sub, hex, 2);
	gb_buf_dispose(&path);
	if (error < 0)
		return error;
	return error == 1 ? 0 : GB_ENOTFOUND;
}

int gb_store_has(gb_store *s, const git_oid *commit)
{
	git_oid blob;
	int error = gb_store_note_blob(&blob, s, commit);

	if (error == GB_ENOTFOUND)
		return 0;
	return error < 0 ? error : 1;
}

int gb_store_read(gb_runlist *out, gb_store *s, const git_oid *commit,
	const gb_decode_options *opts)
{
	gb_runlist list = { 0 };
	git_blob *blob = NULL;
	char hex[8];
	git_oid id;
	size_t i;
	int error;

	git_oid_tostr(hex, sizeof(hex), commit);
	if ((error = gb_store_note_blob(&id, s, commit)) < 0) {
		if (error == GB_ENOTFOUND)
			gb_error_set(error, "no results recorded for %s", hex);
		return error;
	}
	if ((error = git_blob_lookup(&blob, s->repo, &id)) < 0)
		return gb_error_git(GB_EDAMAGED,
			"cannot read results for %s: note blob missing", hex);
	error = gb_codec_decode_stream(&list, git_blob_rawcontent(blob),
		(size_t)git_blob_rawsize(blob), opts);
	git_blob_free(blob);
	if (error < 0) {
		gb_error_set(GB_EDAMAGED, "cannot read results for %s: %s", hex,
			gb_error_last()->message);
		gb_runlist_dispose(&list);
		return GB_EDAMAGED;
	}
	for (i = 0; i < list.count; i++) {
		gb_run *run = list.runs[i];

		/* Measured on the commit git rewrote into this one: the same
		 * change, so this one's results. */
		if (!git_oid_equal(&run->commit, commit)) {
			git_oid_cpy(&run->carried_from, &run->commit);
			git_oid_cpy(&run->commit, commit);
		}
		if ((error = gb_runlist_add(out, run)) < 0)
			break;
		list.runs[i] = NULL;
	}
	gb_runlist_dispose(&list);
	return error;
}

/* ---- writing notes -------------------------------------------------------- */

/*
 * Append the records of `data` that `content` does not hold yet: a writer
 * completing an interrupted write and the writer itself may both append
 * the same run.
 */
static int append_new_records(gb_buf *content, const char *data, size_t len)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	size_t off = 0, used;
	gb_run *run;

	opts.want = gb_codec_want_none;
	while (off < len) {
		if (gb_codec_decode(&run, &used, data + off, len - off, &opts) < 0)
			used = len - off; /* not ours to judge: keep the rest */
		else
			gb_run_free(run);
		if (!content->ptr ||
		    !memmem(content->ptr, content->size, data + off, used))
			if (gb_buf_put(content, data + off, used) < 0)
				return GB_ERROR;
		off += used;
	}
	return 0;
}

/*
 * The tree of commit `id` into *tree; false when the commit is not here
 * (a rewritten commit pruned, or never fetched).
 */
static bool tree_of(git_oid *tree, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;

	if (git_commit_lookup(&c, repo, id) < 0) {
		git_error_clear();
		return false;
	}
	git_oid_cpy(tree, git_commit_tree_id(c));
	git_commit_free(c);
	return true;
}

/*
 * The records of note blob `data` to keep when runs measured on `commit`
 * itself are added: its own, and those git carried from a commit it
 * rewrote into this one (notes.rewriteRef) only when that commit had the
 * same tree (an amend of the message: the same code). Carried runs of
 * other code stood in until this commit was measured; pooled with its
 * own they would average the old code into the new (an amend that made
 * it 19% slower read as 9.5%). They stay in the history, under the
 * commit they measured. Into `content`.
 */
static int keep_measured_here(gb_buf *content, gb_store *s,
	const git_oid *commit, const char *data, size_t len)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	git_oid here, there;
	bool have_here = tree_of(&here, s->repo, commit);
	size_t off = 0, used;
	gb_run *run;
	bool keep;

	opts.want = gb_codec_want_none;
	while (off < len) {
		keep = true;
		if (gb_codec_decode(&run, &used, data + off, len - off, &opts) < 0) {
			gb_error_clear();
			used = len - off; /* not ours to judge: keep the rest */
		} else {
			keep = git_oid_equal(&run->commit, commit) ||
				(have_here && tree_of(&there, s->repo, &run->commit) &&
				 git_oid_equal(&there, &here));
			gb_run_free(run);
		}
		if (keep && gb_buf_put(content, data + off, used) < 0)
			return GB_ERROR;
		off += used;
	}
	return 0;
}

/* Whether record data `data` holds a run measured on `commit`. */
static bool measured_here(const git_oid *commit, const char *data,
	size_t len)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	size_t off = 0, used;
	gb_run *run;
	bool here = false;

	opts.want = gb_codec_want_none;
	while (!here && off < len &&
	       gb_codec_decode(&run, &used, data + off, len - off, &opts) == 0) {
		here = git_oid_equal(&run->commit, commit);
		gb_run_free(run);
		off += used;
	}
	gb_error_clear();
	return here;
}

static int note_content(git_oid *out, gb_store *s, const gb_note_change *c,
	int found, const git_oid *old)
{
	gb_buf content = GB_BUF_INIT;
	git_blob *blob = NULL;
	int error;

	/* Not written again: that would only touch the file (a write of
	 * its metadata to the disk) to say it is still wanted. */
	if (c->written && (c->action == GB_NOTE_REPLACE ||
			   (c->action == GB_NOTE_APPEND && !found))) {
		git_oid_cpy(out, &c->blob);
		return 0;
	}
	if (c->action == GB_NOTE_APPEND && found) {
		if ((error = git_blob_lookup(&blob, s->repo, old)) < 0)
			return gb_error_git(error, "cannot read a note");
		error = measured_here(&c->commit, c->data, c->len)
			? keep_measured_here(&content, s, &c->commit,
				  git_blob_rawcontent(blob),
				  (size_t)git_blob_rawsize(blob))
			: gb_buf_put(&content, git_blob_rawcontent(blob),
				  (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		if (error < 0)
			goto cleanup;
		error = append_new_records(&content, c->data, c->len);
	} else {
		error = gb_buf_put(&content, c->data, c->len);
	}
	if (error < 0)
		goto cleanup;
	gb_error_git_clear();
	if ((error = git_blob_create_from_buffer(out, s->repo, content.ptr,
		     content.size)) < 0)
		error = gb_error_git(error, "cannot write a note");
cleanup:
	gb_buf_dispose(&content);
	return error;
}

int gb_notes_build(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	gb_notes_job *job = payload;
	gb_store *s = job->store;
	git_tree_update *updates = NULL;
	gb_buf *paths = NULL;
	git_tree *tree = NULL;
	git_oid tree_id;
	size_t i, nup = 0;
	int error;

	job->applied = 0;
	if ((error = gb_tree_of_tip(&tree, s->repo, old, s->notes_ref)) < 0)
		return error;
	updates = gb_calloc(job->n, sizeof(*updates));
	paths = gb_calloc(job->n, sizeof(*paths));
	if (!updates || !paths) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < job->n; i++) {
		const gb_note_change *c = &job->changes[i];
		git_oid blob;
		int found;

		if (c->action == GB_NOTE_REMOVE && c->path) {
			git_tree_entry *e = NULL;

			/* Gone already, by a concurrent repair: moot. */
			if (git_tree_entry_bypath(&e, tree, c->path) < 0)
				continue;
			git_tree_entry_free(e);
			gb_buf_clear(&paths[nup]);
			if (gb_buf_puts(&paths[nup], c->path) < 0) {
				error = GB_ERROR;
				goto cleanup;
			}
			updates[nup].action = GIT_TREE_UPDATE_REMOVE;
			updates[nup].path = paths[nup].ptr;
			nup++;
			continue;
		}
		if ((found = gb_notes_find(&paths[nup], &blob, s->repo, tree,
			     &c->commit)) < 0) {
			error = found;
			goto cleanup;
		}
		if (c->action == GB_NOTE_REMOVE) {
			if (!found)
				continue;
			updates[nup].action = GIT_TREE_UPDATE_REMOVE;
		} else {
			if ((error = note_content(&updates[nup].id, s, c, found,
				     &blob)) < 0)
				goto cleanup;
			updates[nup].action = GIT_TREE_UPDATE_UPSERT;
			updates[nup].filemode = GIT_FILEMODE_BLOB;
		}
		updates[nup].path = paths[nup].ptr;
		nup++;
	}
	if (nup == 0) {
		*changed = 0;
		goto cleanup;
	}
	gb_error_git_clear();
	if ((error = git_tree_create_updated(&tree_id, s->repo, tree, nup,
		     updates)) < 0) {
		error = gb_error_git(error, "cannot write the notes tree");
		goto cleanup;
	}
	if (old && git_oid_equal(&tree_id, git_tree_id(tree))) {
		*changed = 0; /* the notes already say this */
		goto cleanup;
	}
	if ((error = gb_commit_write(new_tip, s->repo, &tree_id, job->message,
		     &old, old ? 1 : 0)) == 0)
		job->applied = nup;
cleanup:
	if (paths)
		for (i = 0; i < job->n; i++)
			gb_buf_dispose(&paths[i]);
	free(paths);
	free(updates);
	git_tree_free(tree);
	return error;
}

gb_note_change *gb_note_change_add(gb_note_change **v, size_t *n,
	size_t *alloc, const git_oid *commit, gb_note_action action)
{
	gb_note_change *c;

	if (GB_ARRAY_GROW(*v, *n, *alloc) < 0)
		return NULL;
	c = &(*v)[(*n)++];
	memset(c, 0, sizeof(*c));
	git_oid_cpy(&c->commit, commit);
	c->action = action;
	return c;
}

int gb_store_notes_write(gb_store *s, const gb_note_change *changes,
	size_t n, const char *message)
{
	return gb_store_notes_write_counted(s, changes, n, message, NULL);
}

int gb_store_notes_write_counted(gb_store *s, const gb_note_change *changes,
	size_t n, const char *message, size_t *applied)
{
	gb_notes_job job = { s, changes, n, message, 0 };
	int error;

	error = gb_ref_cas_update(s->repo, s->notes_ref, gb_notes_build, &job,
		message, NULL);
	gb_store_invalidate(s);
	if (applied)
		*applied = error < 0 ? 0 : job.applied;
	return error;
}

/* ---- notes grouped by commit ---------------------------------------------- */

gb_note_group *gb_note_groups_for(gb_note_groups *g, const git_oid *commit)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		if (git_oid_equal(&g->v[i].commit, commit))
			return &g->v[i];
	if (GB_ARRAY_GROW(g->v, g->n, g->alloc) < 0)
		return NULL;
	memset(&g->v[g->n], 0, sizeof(g->v[0]));
	git_oid_cpy(&g->v[g->n].commit, commit);
	return &g->v[g->n++];
}

int gb_note_groups_changes(gb_note_change **out, const gb_note_groups *g,
	gb_note_action action)
{
	size_t i;

	if (!(*out = gb_calloc(g->n, sizeof(**out))))
		return GB_ERROR;
	for (i = 0; i < g->n; i++) {
		git_oid_cpy(&(*out)[i].commit, &g->v[i].commit);
		(*out)[i].action = action == GB_NOTE_REPLACE && !g->v[i].bytes.size
			? GB_NOTE_REMOVE : action;
		(*out)[i].data = g->v[i].bytes.ptr;
		(*out)[i].len = g->v[i].bytes.size;
		/* One run's bytes are its history blob, written already. */
		if (action == GB_NOTE_APPEND && g->v[i].nruns == 1) {
			(*out)[i].written = true;
			git_oid_cpy(&(*out)[i].blob, &g->v[i].blob);
		}
	}
	return 0;
}

void gb_note_groups_dispose(gb_note_groups *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		gb_buf_dispose(&g->v[i].bytes);
	free(g->v);
	memset(g, 0, sizeof(*g));
}

/* ---- notes iteration ------------------------------------------------------ */

/*
 * The notes tree is walked here, not with git_note_foreach: libgit2 visits
 * an entry whose path is not an object id (a README, a link, a name of 39
 * digits) with the id of the note before it, or a zero one, and so would
 * make a healthy commit's note look damaged or hide a stray entry. The
 * rules are git's: directories of 2 hex digits, then a regular file whose
 * name ends the id; we take lowercase only, as git writes and as the
 * lookups by name above find.
 */
typedef struct {
	git_repository *repo;
	gb_note_cb cb;
	gb_note_stray_cb stray;
	void *payload;
	gb_buf path;
	char hex[GIT_OID_HEXSZ + 1];
} notes_walk;

/*
 * The entry `e` of a tree has at the same place of `except` (may be
 * NULL): 1 when it is the very same (name, mode and object), so that what
 * both hold is passed over; else its subtree there, if any, in *sub.
 */
static int same_in(git_tree **sub, notes_walk *w, const git_tree *except,
	const git_tree_entry *e)
{
	const git_tree_entry *x;
	int error;

	*sub = NULL;
	if (!except ||
	    !(x = git_tree_entry_byname(except, git_tree_entry_name(e))))
		return 0;
	if (git_tree_entry_filemode(x) == git_tree_entry_filemode(e) &&
	    git_oid_equal(git_tree_entry_id(x), git_tree_entry_id(e)))
		return 1;
	if (git_tree_entry_type(x) == GIT_OBJECT_TREE &&
	    (error = git_tree_lookup(sub, w->repo, git_tree_entry_id(x))) < 0)
		return gb_error_git(error, "cannot read the notes tree");
	return 0;
}

static bool all_hex(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!(s[i] >= '0' && s[i] <= '9') &&
		    !(s[i] >= 'a' && s[i] <= 'f'))
			return false;
	return true;
}

static int walk_entry(notes_walk *w, const git_tree_entry *e, size_t k,
	const git_tree *except);

/*
 * The entries of `tree`, k hex digits down the fanout, but those `except`
 * (may be NULL: none) has the same at the same place.
 */
static int walk_notes_tree(notes_walk *w, const git_tree *tree, size_t k,
	const git_tree *except)
{
	size_t i, n = git_tree_entrycount(tree);
	int error = 0;

	for (i = 0; i < n && !error; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_tree *sub = NULL;

		if ((error = same_in(&sub, w, except, e)) == 0)
			error = walk_entry(w, e, k, sub);
		else if (error > 0)
			error = 0;
		git_tree_free(sub);
	}
	return error;
}

static int visit_stray(notes_walk *w, const git_tree_entry *e,
	const git_oid *id)
{
	gb_note_stray stray;

	if (!w->stray)
		return 0;
	stray.path = w->path.ptr;
	stray.id = git_tree_entry_id(e);
	stray.mode = git_tree_entry_filemode(e);
	stray.object = id;
	return w->stray(&stray, w->payload);
}

static int walk_entry(notes_walk *w, const git_tree_entry *e, size_t k,
	const git_tree *except)
{
	const char *name = git_tree_entry_name(e);
	size_t len = strlen(name), at = w->path.size;
	bool hex = all_hex(name, len);
	git_tree *sub = NULL;
	git_oid id;
	int error;

	if ((at && gb_buf_putc(&w->path, '/') < 0) ||
	    gb_buf_put(&w->path, name, len) < 0)
		return GB_ERROR;
	if (hex && k + len == GIT_OID_HEXSZ) {
		memcpy(w->hex + k, name, len);
		if (git_oid_fromstr(&id, w->hex) < 0)
			error = gb_error_git(-1, "cannot read the notes tree");
		else if (is_note_entry(e))
			error = w->cb(&id, git_tree_entry_id(e), w->payload);
		else
			error = visit_stray(w, e, &id);
	} else if (hex && len == 2 && k + 2 < GIT_OID_HEXSZ &&
		   git_tree_entry_filemode(e) == GIT_FILEMODE_TREE) {
		memcpy(w->hex + k, name, 2);
		if ((error = git_tree_lookup(&sub, w->repo,
			     git_tree_entry_id(e))) < 0)
			error = gb_error_git(error,
				"cannot read the notes tree");
		else
			error = walk_notes_tree(w, sub, k + 2, except);
		git_tree_free(sub);
	} else {
		error = visit_stray(w, e, NULL);
	}
	w->path.size = at;
	w->path.ptr[at] = '\0';
	return error;
}

int gb_store_notes_walk(gb_store *s, gb_note_cb cb, gb_note_stray_cb stray,
	void *payload)
{
	notes_walk w = { s->repo, cb, stray, payload, GB_BUF_INIT, { 0 } };
	git_commit *tip = NULL;
	git_tree *tree = NULL;
	int error;

	if ((error = gb_ref_peel_commit(&tip, s->repo, s->notes_ref)) < 0 ||
	    !tip)
		return error;
	if ((error = git_commit_tree(&tree, tip)) < 0)
		error = gb_error_git(error, "cannot read %s", s->notes_ref);
	else
		error = walk_notes_tree(&w, tree, 0, NULL);
	git_tree_free(tree);
	git_commit_free(tip);
	gb_buf_dispose(&w.path);
	return error;
}

int gb_notes_tree_walk(git_repository *repo, const git_tree *tree,
	const git_tree *except, gb_note_cb cb, void *payload)
{
	notes_walk w = { repo, cb, NULL, payload, GB_BUF_INIT, { 0 } };
	int error = 0;

	if (!except || !git_oid_equal(git_tree_id(tree), git_tree_id(except)))
		error = walk_notes_tree(&w, tree, 0, except);
	gb_buf_dispose(&w.path);
	return error;
}

int gb_store_notes_foreach(gb_store *s, gb_note_cb cb, void *payload)
{
	return gb_store_notes_walk(s, cb, NULL, payload);
}
