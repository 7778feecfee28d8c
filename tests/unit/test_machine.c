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
	/* The host part keeps only safe characters; 8 hex digits follow. */
	assert_int_equal(strncmp(ka, "cirunner131m-", 13), 0);
	assert_int_equal(strlen(ka), 13 + 8);
	b.cores = 4;
	assert_int_equal(gb_machine_key(&kc, &b), 0);
	assert_string_not_equal(ka, kc);
	free(ka);
	free(kb);
	free(kc);
	gb_env_dispose(&a);
	gb_env_dispose(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detect_keeps_what_is_set),
		cmocka_unit_test(test_key_is_stable_and_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
