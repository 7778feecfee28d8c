/*
 * Settings as `git bench config` lists them: every entry read, in order,
 * with where it came from, and the effective value's origin.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "helpers.h"

typedef struct {
	char seen[8][128];
	gb_config_origin origin[8];
	size_t n;
	size_t stop_after;   /* 0: never */
} visits;

static int visit(const char *key, const char *value, gb_config_origin origin,
	void *payload)
{
	visits *v = payload;

	if (strncmp(key, "bench.", 6) != 0)
		return 0;
	assert_true(v->n < 8);
	snprintf(v->seen[v->n], sizeof(v->seen[0]), "%s=%s", key, value);
	v->origin[v->n++] = origin;
	return v->stop_after && v->n == v->stop_after ? 42 : 0;
}

static void set(git_repository *repo, const char *key, const char *value)
{
	git_config *cfg = NULL;

	assert_int_equal(git_repository_config(&cfg, repo), 0);
	assert_int_equal(git_config_set_string(cfg, key, value), 0);
	git_config_free(cfg);
}

static void test_origins(void **state)
{
	char *dir = NULL;
	git_oid head;
	git_repository *repo = th_repo_new(&dir, &head);
	gb_config *cfg = NULL;
	gb_config_origin o;
	visits v = { 0 };

	(void)state;
	set(repo, "bench.maxRegression", "5");
	set(repo, "bench.parse*.maxTime", "1ms");
	set(repo, "bench.maxRegresion", "7");
	assert_int_equal(gb_config_open(&cfg, repo), 0);
	assert_int_equal(gb_config_override(cfg, "bench.estimator", "median"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.maxregression", "3"), 0);

	assert_int_equal(gb_config_foreach(cfg, visit, &v), 0);
	assert_int_equal(v.n, 5);
	/* Files first, in the order git reads them (the [bench] section,
	 * then [bench "parse*"]), then the command line. */
	assert_string_equal(v.seen[0], "bench.maxregression=5");
	assert_string_equal(v.seen[1], "bench.maxregresion=7");
	assert_int_equal(v.origin[1], GB_ORIGIN_REPOSITORY);
	assert_string_equal(v.seen[2], "bench.parse*.maxtime=1ms");
	assert_string_equal(v.seen[3], "bench.estimator=median");
	assert_int_equal(v.origin[3], GB_ORIGIN_COMMAND_LINE);

	/* The command line wins over the repository, whatever the case. */
	assert_string_equal(gb_config_get(cfg, "bench.maxRegression", &o), "3");
	assert_int_equal(o, GB_ORIGIN_COMMAND_LINE);
	assert_string_equal(gb_config_get(cfg, "bench.parse*.maxTime", &o), "1ms");
	assert_int_equal(o, GB_ORIGIN_REPOSITORY);
	assert_string_equal(gb_config_get(cfg, "bench.improvement", &o), "5");
	assert_int_equal(o, GB_ORIGIN_DEFAULT);
	assert_null(gb_config_get(cfg, "bench.baseline", &o));
	assert_string_equal(gb_config_origin_name(GB_ORIGIN_COMMAND_LINE),
		"command line");

	gb_config_free(cfg);
	git_repository_free(repo);
	th_tmpdir_remove(dir);
}

static void test_stop(void **state)
{
	gb_config *cfg = NULL;
	visits v = { 0 };

	(void)state;
	v.stop_after = 1;
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, "bench.format", "json"), 0);
	assert_int_equal(gb_config_override(cfg, "bench.command", "make bench"), 0);
	/* The callback's value comes back and the walk goes no further. */
	assert_int_equal(gb_config_foreach(cfg, visit, &v), 42);
	assert_int_equal(v.n, 1);
	gb_config_free(cfg);
}

static void test_keys_sorted_with_help(void **state)
{
	const gb_config_key *keys;
	size_t n, i;

	(void)state;
	keys = gb_config_keys(&n);
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(strncmp(keys[i].key, "bench.", 6), 0);
		assert_non_null(keys[i].help);
		if (i)
			assert_true(strcasecmp(keys[i - 1].key, keys[i].key) < 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_origins),
		cmocka_unit_test(test_stop),
		cmocka_unit_test(test_keys_sorted_with_help),
	};
	int failed;

	/* Only the repository's file and the command line: no user config. */
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	unsetenv("GIT_CONFIG_PARAMETERS");
	unsetenv("GIT_CONFIG_COUNT");
	gb_init();
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_GLOBAL, "/nonexistent");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_XDG, "/nonexistent");
	git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, GIT_CONFIG_LEVEL_SYSTEM, "/nonexistent");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
