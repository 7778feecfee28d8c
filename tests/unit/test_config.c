/* Settings from `git -c` as git passes them in the environment. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static gb_config *open_with(const char *params)
{
	gb_config *cfg = NULL;

	setenv("GIT_CONFIG_PARAMETERS", params, 1);
	assert_int_equal(gb_config_open(&cfg, NULL), 0);
	unsetenv("GIT_CONFIG_PARAMETERS");
	return cfg;
}

static void test_parameters(void **state)
{
	gb_config *cfg;
	gb_config_origin origin;

	(void)state;
	/* Both forms git has written, and a quote inside a value. */
	cfg = open_with("'bench.machine'='ci'\\''s box' 'bench.format=criterion'"
			" 'bench.results'");
	assert_string_equal(gb_config_get(cfg, "bench.machine", &origin),
		"ci's box");
	assert_int_equal(origin, GB_ORIGIN_COMMAND_LINE);
	assert_string_equal(gb_config_get(cfg, "Bench.Format", NULL), "criterion");
	assert_string_equal(gb_config_get(cfg, "bench.results", NULL), "true");
	gb_config_free(cfg);
}

/* What git never writes is not read, and never hangs the reader. */
static void test_bogus_parameters(void **state)
{
	const char *bogus[] = { "'a'\xef", "\xef'a'", "'bench.machine'='x' y",
				"'unterminated", "'k'='", "''", "'k'=''" };
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bogus) / sizeof(bogus[0]); i++) {
		gb_config *cfg = open_with(bogus[i]);

		assert_null(gb_config_get(cfg, "bench.nosuch", NULL));
		gb_config_free(cfg);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parameters),
		cmocka_unit_test(test_bogus_parameters),
	};

	int failed;

	unsetenv("GIT_CONFIG_COUNT");
	gb_init();
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	gb_shutdown();
	return failed;
}
