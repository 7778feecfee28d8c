#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "helpers.h"

char *th_tmpdir(void)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	char *dir;

	snprintf(tmpl, sizeof(tmpl), "%s/gb-unit-XXXXXX", base ? base : "/tmp");
	dir = mkdtemp(tmpl);
	assert_non_null(dir);
	return strdup(dir);
}

void th_tmpdir_remove(char *dir)
{
	if (!dir)
		return;
	th_sh("/", "rm -rf '%s'", dir);
	free(dir);
}

char *th_tmpdir_copy(const char *from)
{
	char *dir = th_tmpdir();

	assert_int_equal(th_sh(dir, "cp -R '%s'/. .", from), 0);
	return dir;
}

int th_sh(const char *dir, const char *fmt, ...)
{
	char cmd[8192], full[8400];
	va_list ap;
	int status;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	/* git's own environment (as under git rebase -x) must not leak in. */
	snprintf(full, sizeof(full),
		"unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_CONFIG_PARAMETERS; "
		"cd '%s' && { %s ; }", dir, cmd);
	status = system(full);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void commit_tree(git_repository *repo, const char *message,
	git_oid *out)
{
	git_signature *sig = NULL;
	git_treebuilder *tb = NULL;
	git_tree *tree = NULL;
	git_commit *parent = NULL;
	git_object *head = NULL;
	git_oid tree_id, blob;
	char content[64];

	snprintf(content, sizeof(content), "%s\n", message);
	assert_int_equal(git_blob_create_from_buffer(&blob, repo, content,
				 strlen(content)), 0);
	assert_int_equal(git_treebuilder_new(&tb, repo, NULL), 0);
	assert_int_equal(git_treebuilder_insert(NULL, tb, "file", &blob,
				 GIT_FILEMODE_BLOB), 0);
	assert_int_equal(git_treebuilder_write(&tree_id, tb), 0);
	assert_int_equal(git_tree_lookup(&tree, repo, &tree_id), 0);
	assert_int_equal(git_signature_now(&sig, "T", "t@example.com"), 0);
	if (git_revparse_single(&head, repo, "HEAD") == 0)
		assert_int_equal(git_commit_lookup(&parent, repo,
					 git_object_id(head)), 0);
	assert_int_equal(git_commit_create_v(out, repo, "HEAD", sig, sig, NULL,
				 message, tree, parent ? 1 : 0, parent), 0);
	git_object_free(head);
	git_commit_free(parent);
	git_tree_free(tree);
	git_treebuilder_free(tb);
	git_signature_free(sig);
}

git_repository *th_repo_new(char **dir, git_oid *head)
{
	git_repository *repo = NULL;

	*dir = th_tmpdir();
	assert_int_equal(git_repository_init(&repo, *dir, 0), 0);
	commit_tree(repo, "initial", head);
	return repo;
}

gb_store *th_store_new(git_repository **repo, char **dir, git_oid *head)
{
	gb_store *store = NULL;

	*repo = th_repo_new(dir, head);
	assert_int_equal(gb_store_open(&store, *repo, NULL), 0);
	return store;
}

void th_store_dispose(gb_store *store, git_repository *repo, char *dir)
{
	gb_store_free(store);
	git_repository_free(repo);
	th_tmpdir_remove(dir);
}

int th_store_setup(void **state)
{
	th_store_fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->store = th_store_new(&f->repo, &f->dir, &f->head);
	*state = f;
	return 0;
}

int th_line_setup(void **state)
{
	th_store_fixture *f;
	int i;

	th_store_setup(state);
	f = *state;
	git_oid_cpy(&f->c[0], &f->head);
	for (i = 1; i < 4; i++)
		th_repo_commit(f->repo, "next", &f->c[i]);
	git_oid_cpy(&f->head, &f->c[3]);
	return 0;
}

int th_store_teardown(void **state)
{
	th_store_fixture *f = *state;

	th_store_dispose(f->store, f->repo, f->dir);
	free(f);
	return 0;
}

void th_repo_commit(git_repository *repo, const char *message, git_oid *out)
{
	commit_tree(repo, message, out);
}

const char *th_fixture(const char *rel)
{
	static char path[4096];

	snprintf(path, sizeof(path), "%s/%s", GB_FIXTURES, rel);
	return path;
}

gb_run *th_run_make(const git_oid *commit, size_t n, double base)
{
	static int64_t clock_us = 1763900000000000LL;
	gb_run *run = NULL;
	size_t i;

	assert_int_equal(gb_run_new(&run), 0);
	clock_us += 1000;
	gb_run_id_generate(run->id, clock_us);
	run->time = clock_us / 1000000;
	git_oid_cpy(&run->commit, commit);
	assert_int_equal(gb_run_set_string(&run->machine, "test-machine"), 0);
	assert_int_equal(gb_run_set_string(&run->format, "test"), 0);
	for (i = 0; i < n; i++) {
		gb_result *r;
		char name[32];

		snprintf(name, sizeof(name), "bench/%zu", i);
		assert_int_equal(gb_run_add_result(&r, run, name, "ns",
					 GB_LOWER_IS_BETTER), 0);
		r->mean = base * (double)(i + 1);
		r->stddev = r->mean / 100;
		r->count = 10;
	}
	return run;
}

char *th_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return data;
}
