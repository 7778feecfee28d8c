/*
 * The store: run records on the history ref (history.c) and in the notes
 * of the measured commits (notes.c). Here: opening it, its refs, and where
 * a run's record goes. Recording is append.c, forgetting forget.c, the
 * mending of interrupted writes recovery.c, notes rebuilt from the history
 * unindexed.c.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/*
 * Refs git-bench writes must not be the user's: a notes ref set to
 * refs/heads/main made record move the branch to a notes commit, as
 * git, which keeps notes under refs/notes/ alone, never would.
 */
static const char *const users_refs[] = {
	"refs/heads/", "refs/tags/", "refs/remotes/", "refs/stash",
	"refs/bisect/", "refs/replace/", "refs/notes/",
};

/*
 * The ref `given`, else the setting `key`, else `def`; `notes`: a notes
 * ref. A setting must name a ref of git-bench's kind; a program using the
 * library may give any (a remote's tracking refs).
 */
static int pick_ref(char **out, const char *given, const gb_config *cfg,
	const char *key, const char *def, bool notes)
{
	const char *name = given ? given : gb_config_get(cfg, key, NULL);
	size_t i;

	if (!name)
		name = def;
	if (!valid_ref(name))
		return gb_error_set(GB_EINVALID,
			"%s: '%s' is not a valid ref name under refs/", key, name);
	if (given)
		return (*out = gb_strdup(name)) ? 0 : GB_ERROR;
	if (notes && strncmp(name, "refs/notes/", 11) != 0)
		return gb_error_set(GB_EINVALID, "%s: '%s' is not under "
			"refs/notes/, where git keeps notes", key, name);
	for (i = 0; !notes && i < GB_ARRAY_SIZE(users_refs); i++)
		if (!strncmp(name, users_refs[i], strlen(users_refs[i])))
			return gb_error_set(GB_EINVALID, "%s: '%s' is a ref of "
				"%s, not one for the history (default %s)", key,
				name, strcmp(users_refs[i], "refs/notes/") ?
				"yours" : "notes", GB_DEFAULT_HISTORY_REF);
	return (*out = gb_strdup(name)) ? 0 : GB_ERROR;
}

/* Whether git's receive-pack accepts the ref: refs/<one>/<more>. */
static bool pushable(const char *name)
{
	return strchr(name + strlen("refs/"), '/') != NULL;
}

int gb_store_open(gb_store **out, git_repository *repo,
	const gb_store_options *opts)
{
	gb_store *s;
	int error;

	*out = NULL;
	if (opts && (opts->version == 0 || opts->version > GB_STORE_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported store options version");
	if (!(s = gb_calloc(1, sizeof(*s))))
		return GB_ERROR;
	s->repo = repo;
	/* Settings as gb_config reads them: `git -c` included. */
	if ((error = gb_config_open(&s->config, repo)) < 0 ||
	    (error = pick_ref(&s->history_ref, opts ? opts->history_ref : NULL,
		     s->config, "bench.historyRef", GB_DEFAULT_HISTORY_REF,
		     false)) < 0 ||
	    (error = pick_ref(&s->notes_ref, opts ? opts->notes_ref : NULL,
		     s->config, "bench.notesRef", GB_DEFAULT_NOTES_REF,
		     true)) < 0 ||
	    (error = pick_ref(&s->remote_history_ref, NULL, s->config,
		     "bench.remoteHistoryRef", pushable(s->history_ref)
			     ? s->history_ref : GB_DEFAULT_REMOTE_HISTORY_REF,
		     false)) < 0) {
		gb_store_free(s);
		return error;
	}
	*out = s;
	return 0;
}

static void fanout_free(gb_store *s)
{
	size_t i;

	for (i = 0; s->fanout && i < GB_ARRAY_SIZE(s->fanout->sub); i++)
		git_tree_free(s->fanout->sub[i]);
	free(s->fanout);
	s->fanout = NULL;
}

void gb_store_free(gb_store *s)
{
	if (!s)
		return;
	fanout_free(s);
	git_tree_free(s->notes_tree);
	gb_summaries_free(s->summaries);
	gb_config_free(s->config);
	free(s->history_ref);
	free(s->notes_ref);
	free(s->remote_history_ref);
	free(s);
}

git_repository *gb_store_repository(const gb_store *s)
{
	return s->repo;
}

const gb_config *gb_store_config(const gb_store *s)
{
	return s->config;
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
	fanout_free(s);
	git_tree_free(s->notes_tree);
	s->notes_tree = NULL;
	s->notes_state = 0;
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

bool gb_store_commit_present(gb_store *s, const git_oid *commit)
{
	git_odb *odb = NULL;
	bool present = false;

	if (git_repository_odb(&odb, s->repo) == 0)
		present = git_odb_exists(odb, commit) != 0;
	git_odb_free(odb);
	return present;
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

size_t gb_oids_sort_unique(git_oid *v, size_t n)
{
	size_t i, m;

	if (n)
		qsort(v, n, sizeof(*v), cmp_oid);
	for (i = m = 0; i < n; i++)
		if (!m || !git_oid_equal(&v[m - 1], &v[i]))
			git_oid_cpy(&v[m++], &v[i]);
	return m;
}
