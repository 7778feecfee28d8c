/*
 * Settings: `git -c key=value bench ...` reaches us as
 * GIT_CONFIG_PARAMETERS (and GIT_CONFIG_COUNT/KEY_n/VALUE_n), text we
 * parse ourselves. The input is that text, then after each NUL a
 * "key=value" pair given the second way. Every value is also read as each
 * kind of setting: number, boolean, whole number, duration; and the
 * settings as the comparison and its budgets per pattern read them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_PAIRS 8

typedef struct {
	size_t seen;
} visit_state;

/* Every `bench.<subsection>.<name>` entry, as the budgets see them. */
static int visit_budget(const char *subsection, const char *name,
	const char *value, void *payload)
{
	visit_state *v = payload;
	gb_buf b = GB_BUF_INIT;
	double ns;

	FUZZ_ASSERT(subsection && name && value);
	v->seen++;
	gb_escape_text(&b, subsection);
	gb_buf_dispose(&b);
	if (gb_units_parse_duration(&ns, value) == 0)
		FUZZ_ASSERT(ns >= 0);
	return 0;
}

static void read_every_key(const gb_config *cfg)
{
	const gb_config_key *keys;
	size_t i, n;

	keys = gb_config_keys(&n);
	for (i = 0; i < n; i++) {
		gb_config_origin origin;
		const char *v = gb_config_get(cfg, keys[i].key, &origin);
		double d, ns;
		bool b;
		long l;

		FUZZ_ASSERT(gb_config_origin_name(origin) != NULL);
		if (gb_config_get_double(&d, cfg, keys[i].key) == 0)
			FUZZ_ASSERT(d == d);
		gb_config_get_bool(&b, cfg, keys[i].key);
		gb_config_get_int(&l, cfg, keys[i].key);
		if (v && gb_units_parse_duration(&ns, v) == 0)
			FUZZ_ASSERT(ns >= 0);
	}
}

/*
 * The comparison's settings and the budgets per pattern, then the budget
 * of a benchmark named like the input (patterns are globs).
 */
static void read_budgets(const gb_config *cfg, const char *name)
{
	gb_compare_options o;
	gb_budget *b = NULL;
	size_t n = 0, i;

	if (gb_compare_options_init(&o, cfg) == 0)
		FUZZ_ASSERT(o.version == GB_COMPARE_OPTIONS_VERSION);
	if (gb_budgets_load(&b, &n, cfg) < 0)
		return;
	for (i = 0; i < n; i++)
		FUZZ_ASSERT(b[i].pattern != NULL);
	gb_budget_for(b, n, name);
	gb_budget_for(b, n, "parse/small");
	gb_budgets_free(b, n);
}

/* The pairs after the first NUL, given as GIT_CONFIG_COUNT would. */
static size_t set_count_pairs(const char *p, const char *end)
{
	char name[32], *pair, *eq;
	size_t n = 0;

	while (p < end && n < MAX_PAIRS) {
		size_t len = strnlen(p, (size_t)(end - p));

		pair = fuzz_strndup((const uint8_t *)p, len);
		eq = strchr(pair, '=');
		if (eq)
			*eq = '\0';
		snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%zu", n);
		setenv(name, pair, 1);
		snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%zu", n);
		setenv(name, eq ? eq + 1 : "", 1);
		free(pair);
		n++;
		p += len + 1;
	}
	snprintf(name, sizeof(name), "%zu", n);
	setenv("GIT_CONFIG_COUNT", name, 1);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size);
	size_t first = strlen(text);
	gb_config *cfg = NULL;
	visit_state v = { 0 };
	double ns;

	fuzz_init();
	setenv("GIT_CONFIG_PARAMETERS", text, 1);
	set_count_pairs(text + first + (first < size), text + size);
	/* The whole text as one duration, as a flag's value would be. */
	if (gb_units_parse_duration(&ns, text) == 0)
		FUZZ_ASSERT(ns >= 0);
	if (gb_config_open(&cfg, NULL) == 0) {
		read_every_key(cfg);
		FUZZ_ASSERT(gb_config_override(cfg, "bench.maxRegression",
				    text) == 0);
		read_every_key(cfg);
		gb_config_foreach_subsection(cfg, visit_budget, &v);
		read_budgets(cfg, text);
		gb_config_free(cfg);
	}
	free(text);
	return 0;
}
