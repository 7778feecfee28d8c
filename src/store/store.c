/*
 * The store: run records on the history ref and in notes.
 *
 * History: an append-only chain of commits whose tree holds one blob per run
 * at runs/YYYY/MM/DD/<run id>, so a tree walk is chronological. Notes: the
 * note of a measured commit is the concatenation of its run records, written
 * as a blob straight into the notes tree (libgit2's note API only takes NUL-
 * terminated text), at the path git's fanout rules give.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gitbench/escape.h"
#include "store/store_int.h"

static int valid_ref(const char *name)
{
	int valid = 0;

	if (strncmp(name, "refs/", 5) != 0)
		return 0;
	if (git_reference_name_is_valid(&valid, name) < 0)
		return 0;
	return valid;
}

static int pick_ref(char **out, const char *given, git_config *cfg,
	const char *key, const char *def)
{
	git_buf value = GIT_BUF_INIT;
	const char *name = given;
	int error = 0;

	if (!name && cfg && git_config_get_string_buf(&value, cfg, key) == 0)
		name = value.ptr;
	if (!name)
		name = def;
	if (!valid_ref(name))
		error = gb_error_set(GB_EINVALID,
			"%s: '%s' is not a valid ref name under refs/", key, name);
	else if (!(*out = gb_strdup(name)))
		error = GB_ERROR;
	git_buf_dispose(&value);
	return error;
}

/* Whether git's receive-pack accepts the ref: refs/<one>/<more>. */
static bool pushable(const char *name)
{
	return strchr(name + strlen("refs/"), '/') != NULL;
}

int gb_store_open(gb_store **out, git_repository *repo,
	const gb_store_options *opts)
{
	git_config *cfg = NULL;
	gb_store *s;
	int error;

	*out = NULL;
	if (opts && (opts->version == 0 || opts->version > GB_STORE_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported store options version");
	if (!(s = gb_calloc(1, sizeof(*s))))
		return GB_ERROR;
	s->repo = repo;
	if (git_repository_config_snapshot(&cfg, repo) < 0)
		cfg = NULL;
	if ((error = pick_ref(&s->history_ref, opts ? opts->history_ref : NULL,
		     cfg, "bench.historyRef", GB_DEFAULT_HISTORY_REF)) < 0 ||
	    (error = pick_ref(&s->notes_ref, opts ? opts->notes_ref : NULL, cfg,
		     "bench.notesRef", GB_DEFAULT_NOTES_REF)) < 0 ||
	    (error = pick_ref(&s->remote_history_ref, NULL, cfg,
		     "bench.remoteHistoryRef", pushable(s->history_ref)
			     ? s->history_ref : GB_DEFAULT_REMOTE_HISTORY_REF)) < 0) {
		git_config_free(cfg);
		gb_store_free(s);
		return error;
	}
	git_config_free(cfg);
	*out = s;
	return 0;
}

void gb_store_free(gb_store *s)
{
	if (!s)
		return;
	git_tree_free(s->notes_tree);
	free(s->history_ref);
	free(s->notes_ref);
	free(s->remote_history_ref);
	free(s);
}

git_repository *gb_store_repository(const gb_store *s)
{
	return s->repo;
}

const char *gb_store_history_ref(const gb_store *s)
{
	return s->history_ref;
}

const char *gb_store_notes_ref(const gb_store *s)
{
	return s->notes_ref;
}

const char *gb_store_remote_history_ref(const gb_store *s)
{
	return s->remote_history_ref;
}

void gb_store_invalidate(gb_store *s)
{
	git_tree_free(s->notes_tree);
	s->notes_tree = NULL;
	s->notes_state = 0;
}

static void short_hex(char out[8], const git_oid *id)
{
	git_oid_tostr(out, 8, id);
}

/* Decode only a record's head (id, commit): its results are skipped. */
static bool want_none(const char *name, size_t len, void *payload)
{
	GB_UNUSED(name);
	GB_UNUSED(len);
	GB_UNUSED(payload);
	return false;
}

int gb_store_run_path(gb_buf *out, const gb_run *run)
{
	time_t t = (time_t)run->time;
	struct tm tm;

	if (!gb_run_id_valid(run->id))
		return gb_error_set(GB_EINVALID, "invalid run id '%s'", run->id);
	if (!gmtime_r(&t, &tm))
		memset(&tm, 0, sizeof(tm));
	return gb_buf_printf(out, "runs/%04d/%02d/%02d/%s",
		tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, run->id);
}

/* ---- notes paths --------------------------------------------------------- */

int gb_notes_find(gb_buf *path, git_oid *blob, git_repository *repo,
	git_tree *root, const git_oid *commit)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_tree *tree = root, *sub = NULL;
	size_t k = 0;
	int found = 0, error = 0;

	git_oid_tostr(hex, sizeof(hex), commit);
	gb_buf_clear(path);
	/* Git reads a note at any fanout: "abcd...", "ab/cd...", "ab/cd/ef...". */
	while (tree) {
		const git_tree_entry *e = git_tree_entry_byname(tree, hex + k);

		if (e && git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
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
			if (tree != root)
				git_tree_free(tree);
			tree = sub;
			gb_buf_put(path, dir, 2);
			gb_buf_putc(path, '/');
			k += 2;
		}
	}
	if (tree != root)
		git_tree_free(tree);
	if (error < 0)
		return error;
	if (gb_buf_puts(path, hex + k) < 0)
		return GB_ERROR;
	return found;
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
	gb_buf path = GB_BUF_INIT;
	git_tree *tree = NULL;
	int error;

	if ((error = load_notes_tree(&tree, s)) < 0)
		return error;
	if (!tree)
		return GB_ENOTFOUND;
	error = gb_notes_find(&path, out, s->repo, tree, commit);
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

	short_hex(hex, commit);
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
		if ((error = gb_runlist_add(out, list.runs[i])) < 0)
			break;
		list.runs[i] = NULL;
	}
	gb_runlist_dispose(&list);
	return error;
}

/* ---- writing notes -------------------------------------------------------- */

typedef struct {
	gb_store *store;
	const gb_note_change *changes;
	size_t n;
	const char *message;
} notes_job;

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

	opts.want = want_none;
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

static int note_content(git_oid *out, gb_store *s, const gb_note_change *c,
	int found, const git_oid *old)
{
	gb_buf content = GB_BUF_INIT;
	git_blob *blob = NULL;
	int error;

	if (c->action == GB_NOTE_APPEND && found) {
		if ((error = git_blob_lookup(&blob, s->repo, old)) < 0)
			return gb_error_git(error, "cannot read a note");
		error = gb_buf_put(&content, git_blob_rawcontent(blob),
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
	if ((error = git_blob_create_from_buffer(out, s->repo, content.ptr,
		     content.size)) < 0)
		error = gb_error_git(error, "cannot write a note");
cleanup:
	gb_buf_dispose(&content);
	return error;
}

static int build_notes(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	notes_job *job = payload;
	gb_store *s = job->store;
	git_tree_update *updates = NULL;
	gb_buf *paths = NULL;
	git_tree *tree = NULL;
	git_oid tree_id;
	size_t i, nup = 0;
	int error;

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
	if ((error = git_tree_create_updated(&tree_id, s->repo, tree, nup,
		     updates)) < 0) {
		error = gb_error_git(error, "cannot write the notes tree");
		goto cleanup;
	}
	if (old && git_oid_equal(&tree_id, git_tree_id(tree))) {
		*changed = 0; /* the notes already say this */
		goto cleanup;
	}
	error = gb_commit_write(new_tip, s->repo, &tree_id, job->message, &old,
		old ? 1 : 0);
cleanup:
	if (paths)
		for (i = 0; i < job->n; i++)
			gb_buf_dispose(&paths[i]);
	free(paths);
	free(updates);
	git_tree_free(tree);
	return error;
}

int gb_store_notes_write(gb_store *s, const gb_note_change *changes,
	size_t n, const char *message)
{
	notes_job job = { s, changes, n, message };
	int error;

	error = gb_ref_cas_update(s->repo, s->notes_ref, build_notes, &job,
		message, NULL);
	gb_store_invalidate(s);
	return error;
}

/* Concatenated encodings of the runs of one commit. */
typedef struct {
	git_oid commit;
	gb_buf bytes;
} commit_bytes;

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

int gb_store_added_runs(git_repository *repo, const git_oid *id,
	int (*cb)(const char *path, const git_oid *blob, void *), void *payload)
{
	git_commit *c = NULL, *parent = NULL;
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	size_t i;
	int error;

	if ((error = git_commit_lookup(&c, repo, id)) < 0 ||
	    (error = git_commit_parent(&parent, c, 0)) < 0 ||
	    (error = git_commit_tree(&a, parent)) < 0 ||
	    (error = git_commit_tree(&b, c)) < 0 ||
	    (error = git_diff_tree_to_tree(&diff, repo, a, b, NULL)) < 0) {
		error = gb_error_git(error, "cannot read the history");
		goto cleanup;
	}
	for (i = 0; i < git_diff_num_deltas(diff) && !error; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->status == GIT_DELTA_ADDED &&
		    strncmp(d->new_file.path, "runs/", 5) == 0)
			error = cb(d->new_file.path, &d->new_file.id, payload);
	}
cleanup:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	git_commit_free(parent);
	git_commit_free(c);
	return error;
}

typedef struct {
	gb_store *store;
	git_tree *head;
	commit_bytes *groups;
	size_t n, alloc;
} roll_job;

static int roll_collect(const char *path, const git_oid *blob, void *payload)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	roll_job *r = payload;
	git_tree_entry *e = NULL;
	git_blob *b = NULL;
	gb_run *run = NULL;
	size_t i;
	int error = 0;

	/* Runs forgotten since are not put back. */
	if (git_tree_entry_bypath(&e, r->head, path) < 0 ||
	    !git_oid_equal(git_tree_entry_id(e), blob))
		goto cleanup;
	opts.want = want_none;
	if (git_blob_lookup(&b, r->store->repo, blob) < 0 ||
	    gb_codec_decode(&run, NULL, git_blob_rawcontent(b),
		    (size_t)git_blob_rawsize(b), &opts) < 0)
		goto cleanup; /* damage is fsck's to report */
	for (i = 0; i < r->n; i++)
		if (git_oid_equal(&r->groups[i].commit, &run->commit))
			break;
	if (i == r->n) {
		if (r->n == r->alloc) {
			size_t alloc = r->alloc ? r->alloc * 2 : 4;
			commit_bytes *p = gb_realloc(r->groups, alloc * sizeof(*p));

			if (!p) {
				error = GB_ERROR;
				goto cleanup;
			}
			r->groups = p;
			r->alloc = alloc;
		}
		memset(&r->groups[i], 0, sizeof(commit_bytes));
		git_oid_cpy(&r->groups[i].commit, &run->commit);
		r->n++;
	}
	error = gb_buf_put(&r->groups[i].bytes, git_blob_rawcontent(b),
		(size_t)git_blob_rawsize(b));
cleanup:
	gb_run_free(run);
	git_blob_free(b);
	git_tree_entry_free(e);
	return error;
}

/* Complete the notes of writes interrupted between their two refs. */
int gb_store_roll_forward(gb_store *s)
{
	git_oid chain[ROLL_FORWARD_DEPTH], head;
	roll_job r = { s, NULL, NULL, 0, 0 };
	gb_note_change *changes = NULL;
	git_commit *c = NULL;
	gb_buf msg = GB_BUF_INIT;
	size_t n = 0, i;
	int error;

	if ((error = gb_store_pending(chain, &n, s)) <= 0)
		return error;
	git_oid_cpy(&head, &chain[0]);
	if ((error = git_commit_lookup(&c, s->repo, &head)) < 0 ||
	    (error = git_commit_tree(&r.head, c)) < 0) {
		error = gb_error_git(error, "cannot read the history");
		goto cleanup;
	}
	for (i = n; i-- > 0 && !error;)
		error = gb_store_added_runs(s->repo, &chain[i], roll_collect, &r);
	if (error < 0 || r.n == 0)
		goto cleanup;
	if (!(changes = gb_calloc(r.n, sizeof(*changes)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < r.n; i++) {
		git_oid_cpy(&changes[i].commit, &r.groups[i].commit);
		changes[i].action = GB_NOTE_APPEND;
		changes[i].data = r.groups[i].bytes.ptr;
		changes[i].len = r.groups[i].bytes.size;
	}
	gb_store_notes_message(&msg, "Notes completed after an interrupted write",
		&head);
	error = gb_store_notes_write(s, changes, r.n, msg.ptr);
cleanup:
	for (i = 0; i < r.n; i++)
		gb_buf_dispose(&r.groups[i].bytes);
	free(r.groups);
	free(changes);
	gb_buf_dispose(&msg);
	git_tree_free(r.head);
	git_commit_free(c);
	return error;
}

/* ---- writing history ------------------------------------------------------ */

typedef struct {
	gb_store *store;
	const git_tree_update *updates;
	size_t n;
	const char *message;
	const git_oid *extra;
	size_t nextra;
} history_job;

/* The commit of a history write: the old tip first, then extra parents. */
static int history_commit(git_oid *out, gb_store *s, const git_oid *tree,
	const history_job *job, git_commit *old)
{
	git_commit **parents;
	size_t i, n = 0;
	int error = 0;

	if (!(parents = gb_calloc(job->nextra + 1, sizeof(*parents))))
		return GB_ERROR;
	if (old)
		parents[n++] = old;
	for (i = 0; i < job->nextra && !error; i++) {
		if ((error = git_commit_lookup(&parents[n], s->repo,
			     &job->extra[i])) < 0)
			error = gb_error_git(error, "cannot read a history commit");
		else
			n++;
	}
	if (!error)
		error = gb_commit_write(out, s->repo, tree, job->message,
			parents, n);
	for (i = old ? 1 : 0; i < n; i++)
		git_commit_free(parents[i]);
	free(parents);
	return error;
}

static int build_history(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	history_job *job = payload;
	gb_store *s = job->store;
	git_tree *tree = NULL;
	git_tree_update *live = NULL;
	git_oid tree_id;
	size_t i, n = 0;
	int error;

	if ((error = gb_tree_of_tip(&tree, s->repo, old, s->history_ref)) < 0)
		return error;
	if (!(live = gb_calloc(job->n, sizeof(*live)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	/* A removal of what a concurrent writer already removed is moot. */
	for (i = 0; i < job->n; i++) {
		git_tree_entry *e = NULL;

		if (job->updates[i].action == GIT_TREE_UPDATE_REMOVE) {
			if (git_tree_entry_bypath(&e, tree, job->updates[i].path) < 0)
				continue;
			git_tree_entry_free(e);
		}
		live[n++] = job->updates[i];
	}
	if (n == 0 && job->nextra == 0) {
		*changed = 0;
		goto cleanup;
	}
	if ((error = git_tree_create_updated(&tree_id, s->repo, tree, n,
		     live)) < 0) {
		error = gb_error_git(error, "cannot write the history tree");
		goto cleanup;
	}
	if (old && job->nextra == 0 && git_oid_equal(&tree_id, git_tree_id(tree))) {
		*changed = 0;
		goto cleanup;
	}
	error = history_commit(new_tip, s, &tree_id, job, old);
cleanup:
	free(live);
	git_tree_free(tree);
	return error;
}

int gb_store_history_write(gb_store *s, const git_tree_update *updates,
	size_t n, const char *message, const git_oid *extra_parents,
	size_t nextra, git_oid *tip)
{
	history_job job = { s, updates, n, message, extra_parents, nextra };

	return gb_ref_cas_update(s->repo, s->history_ref, build_history, &job,
		message, tip);
}

static int history_write(gb_store *s, const git_tree_update *updates,
	size_t n, const char *message, git_oid *tip)
{
	return gb_store_history_write(s, updates, n, message, NULL, 0, tip);
}

static void describe_runs(gb_buf *msg, gb_run *const *runs, size_t n)
{
	size_t i, results = 0, commits = 1;
	char hex[8];

	for (i = 0; i < n; i++)
		results += runs[i]->nresults;
	for (i = 1; i < n; i++)
		if (!git_oid_equal(&runs[i]->commit, &runs[0]->commit))
			commits++;
	short_hex(hex, &runs[0]->commit);
	if (commits == 1)
		gb_buf_printf(msg, "Record %zu run%s of %s on ", n,
			n == 1 ? "" : "s", hex);
	else
		gb_buf_printf(msg, "Record %zu runs of %zu commits on ", n,
			commits);
	gb_escape_text(msg, runs[0]->machine);
	gb_buf_printf(msg, ": %zu result%s from ", results,
		results == 1 ? "" : "s");
	gb_escape_text(msg, runs[0]->format ? runs[0]->format : "unknown");
	if (runs[0]->label) {
		gb_buf_puts(msg, ", label ");
		gb_escape_text(msg, runs[0]->label);
	}
	gb_buf_puts(msg, "\n\n");
	for (i = 0; i < n; i++) {
		char full[GIT_OID_HEXSZ + 1];

		git_oid_tostr(full, sizeof(full), &runs[i]->commit);
		gb_buf_printf(msg, "run %s commit %s\n", runs[i]->id, full);
	}
}

/*
 * A ref's next tip, built before the ref is moved: used as is when the ref
 * has not moved since, else built again from where it is.
 */
typedef struct {
	gb_ref_build_fn build;
	void *payload;
	bool ready;
	bool root;          /* built while the ref did not exist */
	git_oid parent;
	git_oid tip;
	int changed;
} prebuilt;

static int prebuild(prebuilt *p, gb_store *s, const char *ref,
	gb_ref_build_fn build, void *payload)
{
	git_commit *old = NULL;
	int error;

	memset(p, 0, sizeof(*p));
	p->build = build;
	p->payload = payload;
	p->changed = 1;
	if ((error = gb_ref_peel_commit(&old, s->repo, ref)) < 0)
		return error;
	if (!(p->root = old == NULL))
		git_oid_cpy(&p->parent, git_commit_id(old));
	error = build(&p->tip, &p->changed, old, payload);
	git_commit_free(old);
	p->ready = error == 0;
	return error;
}

static int build_prebuilt(git_oid *new_tip, int *changed, git_commit *old,
	void *payload)
{
	prebuilt *p = payload;

	if (p->ready && (old ? !p->root && git_oid_equal(git_commit_id(old),
					      &p->parent)
			     : p->root)) {
		*changed = p->changed;
		git_oid_cpy(new_tip, &p->tip);
		return 0;
	}
	return p->build(new_tip, changed, old, p->payload);
}

/*
 * The two writes of a record: history first, it is the source of truth.
 * Every object of both is written before either ref moves, so that a full
 * disk or an object store we cannot write fails the record with no ref
 * moved rather than between the two (which the next write would mend).
 */
static int append_write(gb_store *s, const git_tree_update *updates,
	size_t n, const char *message, const gb_note_change *changes,
	size_t nchanges)
{
	history_job hj = { s, updates, n, message, NULL, 0 };
	notes_job nj = { s, changes, nchanges, NULL };
	prebuilt ph, pn;
	gb_buf msg = GB_BUF_INIT;
	git_oid tip;
	int error;

	if ((error = prebuild(&ph, s, s->history_ref, build_history, &hj)) < 0 ||
	    (error = gb_store_notes_message(&msg,
		     "Notes added by 'git bench record'", &ph.tip)) < 0)
		goto cleanup;
	nj.message = msg.ptr;
	if ((error = prebuild(&pn, s, s->notes_ref, build_notes, &nj)) < 0 ||
	    (error = gb_ref_cas_update(s->repo, s->history_ref, build_prebuilt,
		     &ph, message, &tip)) < 0)
		goto cleanup;
	if (!git_oid_equal(&tip, &ph.tip)) {
		/* Another writer came first: the mark names our commit. */
		gb_buf_clear(&msg);
		if ((error = gb_store_notes_message(&msg,
			     "Notes added by 'git bench record'", &tip)) < 0)
			goto cleanup;
		nj.message = msg.ptr;
		pn.ready = false;
	}
	error = gb_ref_cas_update(s->repo, s->notes_ref, build_prebuilt, &pn,
		nj.message, NULL);
cleanup:
	gb_store_invalidate(s);
	gb_buf_dispose(&msg);
	return error;
}

int gb_store_append(gb_store *s, gb_run *const *runs, size_t n)
{
	git_tree_update *updates = NULL;
	gb_buf *paths = NULL, msg = GB_BUF_INIT, enc = GB_BUF_INIT;
	commit_bytes *groups = NULL;
	gb_note_change *changes = NULL;
	size_t i, j, ngroups = 0;
	int error = 0;

	if (n == 0)
		return 0;
	updates = gb_calloc(n, sizeof(*updates));
	paths = gb_calloc(n, sizeof(*paths));
	groups = gb_calloc(n, sizeof(*groups));
	changes = gb_calloc(n, sizeof(*changes));
	if (!updates || !paths || !groups || !changes) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		gb_buf_clear(&enc);
		if ((error = gb_codec_encode(&enc, runs[i])) < 0 ||
		    (error = gb_store_run_path(&paths[i], runs[i])) < 0)
			goto cleanup;
		if ((error = git_blob_create_from_buffer(&updates[i].id, s->repo,
			     enc.ptr, enc.size)) < 0) {
			error = gb_error_git(error, "cannot write a run record");
			goto cleanup;
		}
		updates[i].action = GIT_TREE_UPDATE_UPSERT;
		updates[i].filemode = GIT_FILEMODE_BLOB;
		updates[i].path = paths[i].ptr;
		for (j = 0; j < ngroups; j++)
			if (git_oid_equal(&groups[j].commit, &runs[i]->commit))
				break;
		if (j == ngroups)
			git_oid_cpy(&groups[ngroups++].commit, &runs[i]->commit);
		if ((error = gb_buf_put(&groups[j].bytes, enc.ptr, enc.size)) < 0)
			goto cleanup;
	}
	describe_runs(&msg, runs, n);
	for (j = 0; j < ngroups; j++) {
		git_oid_cpy(&changes[j].commit, &groups[j].commit);
		changes[j].action = GB_NOTE_APPEND;
		changes[j].data = groups[j].bytes.ptr;
		changes[j].len = groups[j].bytes.size;
	}
	/* Best effort: our own write must not fail for an older one. */
	if (gb_store_roll_forward(s) < 0)
		gb_error_clear();
	error = append_write(s, updates, n, msg.ptr, changes, ngroups);
cleanup:
	if (paths)
		for (i = 0; i < n; i++)
			gb_buf_dispose(&paths[i]);
	if (groups)
		for (i = 0; i < n; i++)
			gb_buf_dispose(&groups[i].bytes);
	free(paths);
	free(groups);
	free(updates);
	free(changes);
	gb_buf_dispose(&msg);
	gb_buf_dispose(&enc);
	return error;
}

/* ---- reading history ------------------------------------------------------ */

typedef struct {
	gb_store *store;
	const gb_decode_options *opts;
	gb_history_cb cb;
	void *payload;
	gb_buf path;
} history_walk;

static int visit_blob(history_walk *w, const git_oid *id)
{
	gb_history_entry entry = { w->path.ptr, id, NULL, NULL };
	char why[1024];
	git_blob *blob = NULL;
	gb_run *run = NULL;
	size_t used = 0;
	int error;

	if ((error = git_blob_lookup(&blob, w->store->repo, id)) < 0) {
		entry.error = "the blob is missing from the repository";
	} else if (gb_codec_decode(&run, &used, git_blob_rawcontent(blob),
			   (size_t)git_blob_rawsize(blob), w->opts) < 0) {
		snprintf(why, sizeof(why), "%s", gb_error_last()->message);
		entry.error = why;
	} else if (used != (size_t)git_blob_rawsize(blob)) {
		entry.error = "trailing bytes after the record";
		gb_run_free(run);
		run = NULL;
	}
	entry.run = run;
	error = w->cb(&entry, w->payload);
	gb_run_free(run);
	git_blob_free(blob);
	return error;
}

static int walk_history(history_walk *w, git_tree *tree)
{
	size_t i, n = git_tree_entrycount(tree), base = w->path.size;
	int error = 0;

	for (i = 0; i < n && !error; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		git_tree *sub = NULL;

		w->path.size = base;
		gb_buf_printf(&w->path, "/%s", git_tree_entry_name(e));
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			if ((error = git_tree_lookup(&sub, w->store->repo,
				     git_tree_entry_id(e))) < 0)
				return gb_error_git(error, "cannot read %s",
					w->path.ptr);
			error = walk_history(w, sub);
			git_tree_free(sub);
		} else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB) {
			error = visit_blob(w, git_tree_entry_id(e));
		}
	}
	w->path.size = base;
	w->path.ptr[base] = '\0';
	return error;
}

int gb_store_history_foreach(gb_store *s, const gb_decode_options *opts,
	gb_history_cb cb, void *payload)
{
	history_walk w = { s, opts, cb, payload, GB_BUF_INIT };
	git_commit *tip = NULL;
	git_tree *root = NULL, *runs = NULL;
	git_tree_entry *e = NULL;
	int error;

	if ((error = gb_ref_peel_commit(&tip, s->repo, s->history_ref)) < 0 ||
	    !tip)
		return error;
	if ((error = git_commit_tree(&root, tip)) < 0) {
		error = gb_error_git(error, "cannot read %s", s->history_ref);
		goto cleanup;
	}
	if (git_tree_entry_bypath(&e, root, "runs") < 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE)
		goto cleanup;
	if ((error = git_tree_lookup(&runs, s->repo, git_tree_entry_id(e))) < 0) {
		error = gb_error_git(error, "cannot read %s", s->history_ref);
		goto cleanup;
	}
	gb_buf_puts(&w.path, "runs");
	error = walk_history(&w, runs);
cleanup:
	gb_buf_dispose(&w.path);
	git_tree_entry_free(e);
	git_tree_free(runs);
	git_tree_free(root);
	git_commit_free(tip);
	return error;
}

/* ---- notes iteration ------------------------------------------------------ */

typedef struct {
	gb_note_cb cb;
	void *payload;
} notes_walk;

static int visit_note(const git_oid *blob, const git_oid *commit, void *p)
{
	notes_walk *w = p;

	return w->cb(commit, blob, w->payload);
}

int gb_store_notes_foreach(gb_store *s, gb_note_cb cb, void *payload)
{
	notes_walk w = { cb, payload };
	int error = git_note_foreach(s->repo, s->notes_ref, visit_note, &w);

	if (error == GIT_ENOTFOUND)
		return 0;
	if (error < 0 && git_error_last() && git_error_last()->klass != GIT_ERROR_CALLBACK)
		return gb_error_git(error, "cannot read %s", s->notes_ref);
	return error;
}

/* ---- forget --------------------------------------------------------------- */

typedef struct {
	git_oid commit;
	gb_buf *paths;
	size_t n, alloc;
	gb_buf ids;
} forget_scan;

static int collect_commit_runs(const gb_history_entry *e, void *payload)
{
	forget_scan *f = payload;

	if (!e->run || !git_oid_equal(&e->run->commit, &f->commit))
		return 0;
	if (f->n == f->alloc) {
		size_t alloc = f->alloc ? f->alloc * 2 : 8;
		gb_buf *p = gb_realloc(f->paths, alloc * sizeof(*p));

		if (!p)
			return GB_ERROR;
		memset(p + f->alloc, 0, (alloc - f->alloc) * sizeof(*p));
		f->paths = p;
		f->alloc = alloc;
	}
	gb_buf_puts(&f->paths[f->n++], e->path);
	return gb_buf_printf(&f->ids, "run %s\n", e->run->id);
}

int gb_store_forget(gb_store *s, const git_oid *commit, size_t *removed)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	forget_scan f = { .paths = NULL };
	git_tree_update *updates = NULL;
	gb_note_change change = { .action = GB_NOTE_REMOVE };
	gb_buf msg = GB_BUF_INIT;
	char hex[8];
	size_t i;
	int has_note, error;

	short_hex(hex, commit);
	git_oid_cpy(&f.commit, commit);
	opts.want = want_none;
	if ((has_note = gb_store_has(s, commit)) < 0)
		return has_note;
	if ((error = gb_store_history_foreach(s, &opts, collect_commit_runs,
		     &f)) < 0)
		goto cleanup;
	if (!has_note && f.n == 0) {
		error = gb_error_set(GB_ENOTFOUND, "no results recorded for %s",
			hex);
		goto cleanup;
	}
	/* Notes first: if we stop half-way the history still has the runs and
	 * the state is the one from before, which fsck --repair restores. */
	if (has_note) {
		git_oid head;
		int has_head = git_reference_name_to_id(&head, s->repo,
			s->history_ref) == 0;

		git_oid_cpy(&change.commit, commit);
		gb_store_notes_message(&msg, "Notes removed by 'git bench forget'",
			has_head ? &head : NULL);
		error = gb_store_notes_write(s, &change, 1, msg.ptr);
		gb_buf_clear(&msg);
		if (error < 0)
			goto cleanup;
	}
	if (f.n) {
		if (!(updates = gb_calloc(f.n, sizeof(*updates)))) {
			error = GB_ERROR;
			goto cleanup;
		}
		for (i = 0; i < f.n; i++) {
			updates[i].action = GIT_TREE_UPDATE_REMOVE;
			updates[i].path = f.paths[i].ptr;
		}
		gb_buf_printf(&msg, "Forget %zu run%s of %s\n\n%s", f.n,
			f.n == 1 ? "" : "s", hex, f.ids.ptr);
		if ((error = history_write(s, updates, f.n, msg.ptr, NULL)) < 0)
			goto cleanup;
	}
	if (removed)
		*removed = f.n;
cleanup:
	for (i = 0; i < f.n; i++)
		gb_buf_dispose(&f.paths[i]);
	free(f.paths);
	free(updates);
	gb_buf_dispose(&f.ids);
	gb_buf_dispose(&msg);
	return error;
}

/* ---- rebuilding notes from the history ------------------------------------ */

typedef struct {
	git_oid commit;
	gb_buf bytes;
} note_group;

typedef struct {
	gb_store *store;
	const git_oid *only;
	size_t nonly;
	note_group *groups;
	size_t n, alloc;
} rebuild_scan;

static note_group *group_for(rebuild_scan *r, const git_oid *commit)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (git_oid_equal(&r->groups[i].commit, commit))
			return &r->groups[i];
	if (r->n == r->alloc) {
		size_t alloc = r->alloc ? r->alloc * 2 : 16;
		note_group *p = gb_realloc(r->groups, alloc * sizeof(*p));

		if (!p)
			return NULL;
		r->groups = p;
		r->alloc = alloc;
	}
	memset(&r->groups[r->n], 0, sizeof(note_group));
	git_oid_cpy(&r->groups[r->n].commit, commit);
	return &r->groups[r->n++];
}

static bool listed(const rebuild_scan *r, const git_oid *commit)
{
	size_t i;

	if (r->nonly == 0)
		return true;
	for (i = 0; i < r->nonly; i++)
		if (git_oid_equal(&r->only[i], commit))
			return true;
	return false;
}

bool gb_store_commit_present(gb_store *s, const git_oid *commit)
{
	git_odb *odb = NULL;
	bool present = false;

	if (git_repository_odb(&odb, s->repo) == 0)
		present = git_odb_exists(odb, commit) != 0;
	git_odb_free(odb);
	return present;
}

typedef struct {
	gb_store *store;
	git_oid *commits;
	size_t n, alloc;
} unindexed_scan;

static int find_unindexed(const gb_history_entry *e, void *payload)
{
	unindexed_scan *u = payload;
	size_t i;

	if (!e->run || !gb_store_commit_present(u->store, &e->run->commit) ||
	    gb_store_has(u->store, &e->run->commit) != 0)
		return 0;
	for (i = 0; i < u->n; i++)
		if (git_oid_equal(&u->commits[i], &e->run->commit))
			return 0;
	if (u->n == u->alloc) {
		size_t alloc = u->alloc ? u->alloc * 2 : 16;
		git_oid *p = gb_realloc(u->commits, alloc * sizeof(*p));

		if (!p)
			return GB_ERROR;
		u->commits = p;
		u->alloc = alloc;
	}
	git_oid_cpy(&u->commits[u->n++], &e->run->commit);
	return 0;
}

int gb_store_unindexed(git_oid **out, size_t *n, gb_store *s)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	unindexed_scan u = { s, NULL, 0, 0 };
	int error;

	opts.want = want_none;
	error = gb_store_history_foreach(s, &opts, find_unindexed, &u);
	if (error < 0) {
		free(u.commits);
		return error;
	}
	*out = u.commits;
	*n = u.n;
	return 0;
}

static int gather_record(const gb_history_entry *e, void *payload)
{
	rebuild_scan *r = payload;
	note_group *g;
	git_blob *blob = NULL;
	int error;

	if (!e->run || !listed(r, &e->run->commit))
		return 0;
	if (!(g = group_for(r, &e->run->commit)))
		return GB_ERROR;
	/* A note goes only on a commit this repository has (git notes prune
	 * would drop the others): runs merged from a remote for commits not
	 * fetched wait in the history until they are. */
	if (!gb_store_commit_present(r->store, &e->run->commit))
		return 0;
	/* The note holds the very bytes of the history blob. */
	if ((error = git_blob_lookup(&blob, r->store->repo, e->blob)) < 0)
		return gb_error_git(error, "cannot read %s", e->path);
	error = gb_buf_put(&g->bytes, git_blob_rawcontent(blob),
		(size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return error;
}

int gb_store_notes_rebuild(gb_store *s, const git_oid *commits, size_t n,
	const char *message, size_t *rebuilt)
{
	gb_decode_options opts = GB_DECODE_OPTIONS_INIT;
	rebuild_scan r = { s, commits, n, NULL, 0, 0 };
	gb_note_change *changes = NULL;
	gb_buf msg = GB_BUF_INIT;
	size_t i, nchanges = 0;
	git_oid head;
	int has_head, error;

	opts.want = want_none;
	/* The new notes commit moves the mark past runs of interrupted writes
	 * that may belong to commits not listed: complete them first. */
	if (n > 0 && gb_store_roll_forward(s) < 0)
		gb_error_clear();
	has_head = git_reference_name_to_id(&head, s->repo, s->history_ref) == 0;
	if ((error = gb_store_history_foreach(s, &opts, gather_record, &r)) < 0)
		goto cleanup;
	/* Listed commits without runs lose their note. */
	for (i = 0; i < n; i++)
		if (!group_for(&r, &commits[i])) {
			error = GB_ERROR;
			goto cleanup;
		}
	if (!(changes = gb_calloc(r.n, sizeof(*changes)))) {
		error = GB_ERROR;
		goto cleanup;
	}
	for (i = 0; i < r.n; i++) {
		git_oid_cpy(&changes[nchanges].commit, &r.groups[i].commit);
		changes[nchanges].action = r.groups[i].bytes.size ? GB_NOTE_REPLACE
								  : GB_NOTE_REMOVE;
		changes[nchanges].data = r.groups[i].bytes.ptr;
		changes[nchanges].len = r.groups[i].bytes.size;
		nchanges++;
	}
	gb_store_notes_message(&msg, message, has_head ? &head : NULL);
	error = nchanges ? gb_store_notes_write(s, changes, nchanges, msg.ptr) : 0;
	if (!error && rebuilt)
		*rebuilt = nchanges;
cleanup:
	for (i = 0; i < r.n; i++)
		gb_buf_dispose(&r.groups[i].bytes);
	free(r.groups);
	free(changes);
	gb_buf_dispose(&msg);
	return error;
}
