/*
 * Results as a git bundle, for a job that may not push: a fork's pull
 * request measures, bundles, and a trusted job pulls the bundle as it
 * would pull a remote.
 *
 * The bundle is git's own format (v2: a header naming the refs, then a
 * pack), so `git bundle verify` and `git fetch` read it. Its refs are the
 * names a remote's results have (the remote history ref and the notes
 * ref); a range's runs get a history commit and a notes commit of their
 * own, without parents, so that nothing else of this repository goes
 * with them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "record/codec_int.h"
#include "sync/sync_int.h"

typedef struct {
	git_oid commit, note;
} measured;

typedef struct {
	measured *v;
	size_t n, alloc;
} measured_list;

static int add_measured(const gb_measured_commit *c, void *payload)
{
	measured_list *l = payload;

	if (GB_ARRAY_GROW(l->v, l->n, l->alloc) < 0)
		return GB_ERROR;
	git_oid_cpy(&l->v[l->n].commit, c->commit);
	git_oid_cpy(&l->v[l->n].note, c->note);
	l->n++;
	return 0;
}

static int measured_cmp(const void *a, const void *b)
{
	return git_oid_cmp(&((const measured *)a)->commit,
		&((const measured *)b)->commit);
}

/* A parentless commit of the tree `ups` make of an empty one. */
static int commit_of(git_oid *out, git_repository *repo,
	const git_tree_update *ups, size_t n, const char *message)
{
	git_treebuilder *tb = NULL;
	git_tree *empty = NULL, *tree = NULL;
	git_signature *sig = NULL;
	git_oid id;
	int error;

	if ((error = git_treebuilder_new(&tb, repo, NULL)) < 0 ||
	    (error = git_treebuilder_write(&id, tb)) < 0 ||
	    (error = git_tree_lookup(&empty, repo, &id)) < 0 ||
	    (error = git_tree_create_updated(&id, repo, empty, n, ups)) < 0 ||
	    (error = git_tree_lookup(&tree, repo, &id)) < 0) {
		error = gb_error_git(error, "cannot build the bundle's tree");
		goto cleanup;
	}
	if ((error = gb_signature(&sig, repo)) < 0)
		goto cleanup;
	if ((error = git_commit_create(out, repo, NULL, sig, sig, NULL, message,
		     tree, 0, NULL)) < 0)
		error = gb_error_git(error, "cannot write the bundle's commit");
cleanup:
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(empty);
	git_treebuilder_free(tb);
	return error;
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

/* The commits the records of note `blob` name, added to `v`. */
static int named_by(git_oid **v, size_t *n, size_t *alloc,
	git_repository *repo, const git_oid *blob)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	git_blob *b = NULL;
	const char *data;
	size_t len, off = 0, used;
	int error;

	if ((error = git_blob_lookup(&b, repo, blob)) < 0)
		return gb_error_git(error, "cannot read a note");
	opts.want = gb_codec_want_none;
	data = git_blob_rawcontent(b);
	len = (size_t)git_blob_rawsize(b);
	for (error = 0; off < len && error == 0; off += used) {
		gb_run *run = NULL;

		/* A damaged note is fsck's: what it names before stays. */
		if (gb_codec_decode(&run, &used, data + off, len - off, &opts) < 0) {
			gb_error_clear();
			break;
		}
		if ((error = gb_array_grow(v, alloc, *n, sizeof(**v))) == 0)
			git_oid_cpy(&(*v)[(*n)++], &run->commit);
		gb_run_free(run);
	}
	git_blob_free(b);
	return error;
}

/*
 * The commits whose runs go with the measured commits `m`: those
 * themselves and, for a note git carried across a rewrite (its records
 * name the commit measured before), the commits its records name; sorted.
 */
static int runs_wanted(git_oid **out, size_t *n, git_repository *repo,
	const measured_list *m)
{
	size_t i, alloc = 0;
	int error = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < m->n && error == 0; i++) {
		if ((error = gb_array_grow(out, &alloc, *n, sizeof(**out))) == 0)
			git_oid_cpy(&(*out)[(*n)++], &m->v[i].commit);
		if (error == 0)
			error = named_by(out, n, &alloc, repo, &m->v[i].note);
	}
	*n = gb_oids_sort_unique(*out, *n);
	return error;
}

/*
 * The runs of the measured commits `m` (sorted) from the local history,
 * with those their notes carry from commits git rewrote.
 */
static int history_of(git_oid *out, gb_sync_bundle_info *info,
	git_repository *repo, const git_oid *tip, const measured_list *m)
{
	gb_sync_set set = { 0 };
	git_tree_update *ups = NULL;
	git_oid key, *wanted = NULL;
	size_t i, nwanted = 0;
	int error;

	if ((error = runs_wanted(&wanted, &nwanted, repo, m)) < 0)
		goto cleanup;

	if ((error = gb_sync_scan(&set, NULL, repo, tip)) < 0)
		goto cleanup;
	if (set.n && !(ups = gb_calloc(set.n, sizeof(*ups)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < set.n; i++) {
		if (gb_sync_entry_commit(&key, &set.v[i], repo) <= 0 ||
		    !bsearch(&key, wanted, nwanted, sizeof(*wanted), cmp_oid))
			continue;
		ups[info->runs].action = GIT_TREE_UPDATE_UPSERT;
		ups[info->runs].filemode = GIT_FILEMODE_BLOB;
		ups[info->runs].path = set.v[i].path;
		git_oid_cpy(&ups[info->runs].id, &set.v[i].blob);
		info->runs++;
	}
	error = commit_of(out, repo, ups, info->runs,
		"Runs bundled by 'git bench bundle create'\n");
cleanup:
	free(ups);
	free(wanted);
	gb_sync_set_dispose(&set);
	return error;
}

/* The notes of the commits `m`, at the top of a tree of their own. */
static int notes_of(git_oid *out, git_repository *repo,
	const measured_list *m, const git_oid *history)
{
	git_tree_update *ups = NULL;
	char (*paths)[GIT_OID_HEXSZ + 1] = NULL;
	gb_buf msg = GB_BUF_INIT;
	size_t i;
	int error = GB_ERROR;

	if (m->n && (!(ups = gb_calloc(m->n, sizeof(*ups))) ||
		     !(paths = gb_calloc(m->n, sizeof(*paths)))))
		goto cleanup;
	for (i = 0; i < m->n; i++) {
		git_oid_tostr(paths[i], sizeof(paths[i]), &m->v[i].commit);
		ups[i].action = GIT_TREE_UPDATE_UPSERT;
		ups[i].filemode = GIT_FILEMODE_BLOB;
		ups[i].path = paths[i];
		git_oid_cpy(&ups[i].id, &m->v[i].note);
	}
	if (gb_store_notes_message(&msg, "Notes bundled by 'git bench bundle "
		    "create'", history) < 0)
		goto cleanup;
	error = commit_of(out, repo, ups, m->n, msg.ptr);
cleanup:
	gb_buf_dispose(&msg);
	free(paths);
	free(ups);
	return error;
}

typedef struct {
	gb_sync_progress_cb cb;
	void *payload;
	gb_buf line;
} progress;

/* A line of progress as git draws it: redrawn with '\r', ended with '\n'. */
static void say(progress *p, const char *title, size_t cur, size_t total,
	const char *end)
{
	if (!p->cb)
		return;
	gb_buf_clear(&p->line);
	if (total)
		gb_buf_printf(&p->line, "%s: %3u%% (%zu/%zu)%s", title,
			(unsigned)(cur >= total ? 100 : cur * 100 / total), cur,
			total, end);
	else
		gb_buf_printf(&p->line, "%s: %zu%s", title, cur, end);
	if (p->line.ptr)
		p->cb(p->line.ptr, p->line.size, p->payload);
}

static int pack_progress(int stage, uint32_t cur, uint32_t total, void *payload)
{
	if (stage == GIT_PACKBUILDER_ADDING_OBJECTS)
		say(payload, "Enumerating objects", cur, 0, "\r");
	else
		say(payload, "Compressing objects", cur, total, "\r");
	return 0;
}

/* The pack of what `tips` reach (with their ancestors when `walk`). */
static int pack(git_buf *out, size_t *objects, git_repository *repo,
	const git_oid *tips, size_t n, bool walk, progress *p)
{
	git_packbuilder *pb = NULL;
	git_revwalk *rw = NULL;
	size_t i;
	int error;

	if ((error = git_packbuilder_new(&pb, repo)) < 0 ||
	    (error = git_packbuilder_set_callbacks(pb, pack_progress, p)) < 0)
		goto cleanup;
	if (walk) {
		if ((error = git_revwalk_new(&rw, repo)) < 0)
			goto cleanup;
		for (i = 0; i < n && !error; i++)
			error = git_revwalk_push(rw, &tips[i]);
		if (error < 0 || (error = git_packbuilder_insert_walk(pb, rw)) < 0)
			goto cleanup;
	}
	for (i = 0; i < n && !walk && !error; i++)
		error = git_packbuilder_insert_commit(pb, &tips[i]);
	if (error < 0)
		goto cleanup;
	*objects = git_packbuilder_object_count(pb);
	say(p, "Enumerating objects", *objects, 0, ", done.\n");
	if ((error = git_packbuilder_write_buf(out, pb)) == 0)
		say(p, "Writing objects", *objects, *objects, ", done.\n");
cleanup:
	if (error < 0)
		error = gb_error_git(error, "cannot pack the bundle");
	git_revwalk_free(rw);
	git_packbuilder_free(pb);
	return error;
}

/* A range's runs: the measured commits, then their history and notes. */
static int range_tips(git_oid tips[2], gb_sync_bundle_info *info,
	gb_store *s, const git_oid *history, const git_oid *start,
	const gb_walk_options *walk)
{
	git_repository *repo = gb_store_repository(s);
	measured_list m = { 0 };
	int error;

	if ((error = gb_store_measured_foreach(s, start, walk, add_measured,
		     &m)) < 0)
		goto cleanup;
	if (!m.n) {
		error = gb_error_set(GB_ENOTFOUND, "no results recorded in the "
			"range: nothing to bundle");
		goto cleanup;
	}
	qsort(m.v, m.n, sizeof(*m.v), measured_cmp);
	info->commits = m.n;
	if ((error = history_of(&tips[0], info, repo, history, &m)) == 0)
		error = notes_of(&tips[1], repo, &m, &tips[0]);
cleanup:
	free(m.v);
	return error;
}

static int count_note(const git_oid *commit, const git_oid *blob, void *payload)
{
	(void)commit;
	(void)blob;
	(*(size_t *)payload)++;
	return 0;
}

/* All of it: the refs' tips, what they hold counted. */
static int whole_tips(git_oid tips[2], gb_sync_bundle_info *info,
	gb_store *s)
{
	git_repository *repo = gb_store_repository(s);
	gb_sync_set set = { 0 };
	int error;

	if ((error = gb_sync_ref_tip(&tips[1], repo, gb_store_notes_ref(s))) < 0)
		return error;
	if (error == 0)
		return gb_error_set(GB_ENOTFOUND, "no notes of results here: "
			"'git bench fsck --repair' rebuilds them");
	if ((error = gb_sync_scan(&set, NULL, repo, &tips[0])) == 0 &&
	    (error = gb_store_notes_foreach(s, count_note, &info->commits)) == 0)
		info->runs = set.n;
	gb_sync_set_dispose(&set);
	return error;
}

int gb_sync_bundle_create(gb_buf *out, gb_sync_bundle_info *info,
	gb_store *s, const git_oid *start, const gb_walk_options *walk,
	const gb_sync_options *opts)
{
	git_repository *repo = gb_store_repository(s);
	progress p = { NULL, NULL, GB_BUF_INIT };
	git_buf packed = GIT_BUF_INIT;
	git_oid history, tips[2];
	char hex[GIT_OID_HEXSZ + 1];
	int error;

	memset(info, 0, sizeof(*info));
	if (opts && (opts->version == 0 || opts->version > GB_SYNC_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported sync options version");
	if (opts && opts->version >= 2) {
		p.cb = opts->progress;
		p.payload = opts->payload;
	}
	if ((error = gb_sync_ref_tip(&history, repo, gb_store_history_ref(s))) <= 0)
		return error < 0 ? error : gb_error_set(GB_ENOTFOUND,
			"no results recorded here: nothing to bundle");
	git_oid_cpy(&tips[0], &history);
	if ((error = start ? range_tips(tips, info, s, &history, start, walk)
			   : whole_tips(tips, info, s)) < 0 ||
	    (error = pack(&packed, &info->objects, repo, tips, 2, !start, &p)) < 0)
		goto cleanup;
	gb_buf_puts(out, "# v2 git bundle\n");
	gb_buf_printf(out, "%s %s\n", git_oid_tostr(hex, sizeof(hex), &tips[0]),
		gb_store_remote_history_ref(s));
	gb_buf_printf(out, "%s %s\n\n", git_oid_tostr(hex, sizeof(hex), &tips[1]),
		gb_store_notes_ref(s));
	if (gb_buf_put(out, packed.ptr, packed.size) < 0)
		error = GB_ERROR;
	info->bytes = out->size;
cleanup:
	git_buf_dispose(&packed);
	gb_buf_dispose(&p.line);
	return error;
}

/* A file that starts as git's bundles do ("# v2 git bundle", or v3). */
static int check_bundle(const char *path)
{
	char head[17] = { 0 };
	FILE *fp = fopen(path, "rb");
	size_t n;

	if (!fp)
		return gb_error_set(GB_EINVALID, "cannot read bundle %s: %s", path,
			strerror(errno));
	n = fread(head, 1, sizeof(head) - 1, fp);
	fclose(fp);
	if (n < 16 || (strcmp(head, "# v2 git bundle\n") &&
		       strcmp(head, "# v3 git bundle\n")))
		return gb_error_set(GB_EINVALID, "%s is not a git bundle", path);
	return 0;
}

int gb_sync_pull_bundle(gb_sync_report *report, gb_store *s, const char *path,
	const gb_sync_options *opts)
{
	char *full = NULL;
	const char *base;
	gb_buf label = GB_BUF_INIT;
	size_t left = 0;
	int error;

	gb_sync_report_dispose(report);
	if ((error = check_bundle(path)) < 0)
		return error;
	/* git runs at the top of the work tree: the path must not depend on
	 * where we are. */
	if (!(full = realpath(path, NULL)))
		return gb_error_set(GB_EINVALID, "cannot read bundle %s: %s", path,
			strerror(errno));
	base = strrchr(full, '/') ? strrchr(full, '/') + 1 : full;
	gb_buf_printf(&label, "bundle %s", base);
	if (!label.ptr)
		error = GB_ERROR;
	/*
	 * A bundle's pending pushes are read GB_SYNC_MAX_PENDING at a time
	 * too, though nothing ever folds them: each is a history scanned in
	 * full and a parent of the merge commit, and a header line of some
	 * 80 bytes can name the same large history again, so reading them
	 * all would let a small file cost without bound. The rest are said.
	 */
	else if ((error = gb_sync_fetch_from(s, GB_SYNC_BUNDLE_NAME, full,
			  opts, &left)) == 0 &&
		 (error = gb_sync_merge_as(report, s, GB_SYNC_BUNDLE_NAME,
			  label.ptr)) == 0)
		report->pending_left = left;
	gb_buf_dispose(&label);
	free(full);
	return error;
}
