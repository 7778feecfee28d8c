/* Machine facts and the key that says which runs compare. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static void test_detect_keeps_what_is_set(void **state)
{
	gb_env env;

	(void)state;
	memset(&env, 0, sizeof(env));
	assert_int_equal(gb_run_set_string(&env.toolchain, "rustc 1.63.0"), 0);
	assert_int_equal(gb_run_set_string(&env.cpu, "given"), 0);
	assert_int_equal(gb_env_detect(&env), 0);
	assert_string_equal(env.toolchain, "rustc 1.63.0");
	assert_string_equal(env.cpu, "given");
	assert_non_null(env.host);
	assert_non_null(env.arch);
	assert_non_null(env.os);
	assert_true(env.cores >= 1);
	gb_env_dispose(&env);
}

static void test_key_is_stable_and_safe(void **state)
{
	gb_env a = { 0 }, b = { 0 };
	char *ka = NULL, *kb = NULL, *kc = NULL;

	(void)state;
	a.host = strdup("ci runner/1\x1b[31m");
	a.os = strdup("Debian GNU/Linux 12 (bookworm)");
	a.arch = strdup("x86_64");
	a.cpu = strdup("AMD EPYC");
	a.cores = 2;
	assert_int_equal(gb_env_copy(&b, &a), 0);
	assert_int_equal(gb_machine_key(&ka, &a), 0);
	assert_int_equal(gb_machine_key(&kb, &b), 0);
	assert_string_equal(ka, kb);
	/* The host part keeps only safe characters; 8 hex digits follow,
	 * the same for the same facts in every release: stored runs say it. */
	assert_string_equal(ka, "cirunner131m-0e8387f4");
	b.cores = 4;
	assert_int_equal(gb_machine_key(&kc, &b), 0);
	assert_string_not_equal(ka, kc);
	free(ka);
	free(kb);
	free(kc);
	gb_env_dispose(&a);
	gb_env_dispose(&b);
}

/* bench.machine names the key; else it is derived. */
static void test_key_for_and_pick(void **state)
{
	gb_env env = { 0 };
	gb_config *cfg = NULL;
	char *key = NULL, *derived = NULL;

	(void)state;
	env.host = strdup("box");
	assert_int_equal(gb_machine_key(&derived, &env), 0);
	assert_int_equal(gb_machine_key_for(&key, &env, NULL), 0);
	assert_string_equal(key, derived);
	free(key);
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, "bench.machine", "ci-large"), 0);
	assert_int_equal(gb_machine_key_for(&key, &env, cfg), 0);
	assert_string_equal(key, "ci-large");
	free(key);
	assert_int_equal(gb_machine_this(&key, NULL, cfg), 0);
	assert_string_equal(key, "ci-large");
	free(key);
	/* A history view: every machine, the one named, or this one. */
	assert_int_equal(gb_machine_pick(&key, "named", true, cfg), 0);
	assert_null(key);
	assert_int_equal(gb_machine_pick(&key, "named", false, cfg), 0);
	assert_string_equal(key, "named");
	free(key);
	assert_int_equal(gb_machine_pick(&key, NULL, false, cfg), 0);
	assert_string_equal(key, "ci-large");
	free(key);
	gb_config_free(cfg);
	free(derived);
	gb_env_dispose(&env);
}

/* A comparison: this machine when the runs have it, else theirs. */
static void test_choose(void **state)
{
	gb_runlist runs = { 0 };
	gb_config *cfg = NULL;
	git_oid commit;
	char *key = NULL;
	const char *machines[] = { "laptop", "ci" };
	size_t i;

	(void)state;
	memset(&commit, 1, sizeof(commit));
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	assert_int_equal(gb_config_override(cfg, "bench.machine", "laptop"), 0);
	assert_int_equal(gb_machine_choose(&key, &runs, cfg), 0);
	assert_string_equal(key, "laptop");
	free(key);
	for (i = 0; i < 2; i++) {
		gb_run *run = th_run_make(&commit, 1, 1);

		assert_int_equal(gb_run_set_string(&run->machine, machines[i]), 0);
		assert_int_equal(gb_runlist_add(&runs, run), 0);
	}
	assert_int_equal(gb_machine_choose(&key, &runs, cfg), 0);
	assert_string_equal(key, "laptop");
	free(key);
	assert_int_equal(gb_config_override(cfg, "bench.machine", "desk"), 0);
	assert_int_equal(gb_machine_choose(&key, &runs, cfg), 0);
	assert_string_equal(key, "ci");
	free(key);
	gb_runlist_dispose(&runs);
	gb_config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_keeps_what_is_set),
		cmocka_unit_test(test_key_is_stable_and_safe),
		cmocka_unit_test(test_key_for_and_pick),
		cmocka_unit_test(test_choose),
	};
	int failed;

	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
