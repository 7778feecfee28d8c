/*
 * The settings git takes and we do not know, with a "did you mean" when a
 * known one is near.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "messages.h"
#include "settings.h"

const char *const cli_budget_names[CLI_BUDGET_NAMES] = {
	"maxRegression", "maxTime",
};

static bool known_key(const char *key)
{
	const gb_config_key *keys;
	size_t n, i;

	keys = gb_config_keys(&n);
	for (i = 0; i < n; i++)
		if (!strcasecmp(keys[i].key, key))
			return true;
	return false;
}

/*
 * The settings of a named thing, bench.<prefix><name>.<key>, that are not
 * budgets: git keeps a subsection's case, as their readers match it.
 */
static const struct family {
	const char *prefix, *key;
} families[] = {
	{ "machine.", "alias" },   /* bench.machine.<key>.alias */
	{ "measure.", "command" }, /* bench.measure.<name>.command */
};

/* The family of the three-level or deeper `key`, bench.<sub>.<name>, by
 * its subsection: a prefix and a name after it. */
static const struct family *family_of(const char *key)
{
	const char *sub = strchr(key, '.') + 1, *last = strrchr(key, '.');
	size_t i, n;

	for (i = 0; i < sizeof(families) / sizeof(families[0]); i++) {
		n = strlen(families[i].prefix);
		if ((size_t)(last - sub) > n && !strncmp(sub, families[i].prefix, n))
			return &families[i];
	}
	return NULL;
}

/* Whether the three-level or deeper `key` is one of a family's. */
static bool family_key(const char *key)
{
	const struct family *f = family_of(key);

	return f && !strcasecmp(strrchr(key, '.') + 1, f->key);
}

const char *cli_budget_name(const char *name)
{
	size_t i;

	for (i = 0; i < CLI_BUDGET_NAMES; i++)
		if (!strcasecmp(cli_budget_names[i], name))
			return cli_budget_names[i];
	return NULL;
}

bool cli_setting_known(const char *key)
{
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');

	if (strncasecmp(key, "bench.", 6))
		return true;
	if (first == last)
		return known_key(key);
	return cli_budget_name(last + 1) != NULL || family_key(key);
}

/* "did you mean bench.maxRegression?" for a two-level key. */
static void suggest_key(const char *key, gb_config_origin origin)
{
	const char *names[64], *hit = NULL;
	const gb_config_key *keys = NULL;
	size_t n, i;

	keys = gb_config_keys(&n);
	for (i = 0; i < n && i < 64; i++)
		names[i] = keys[i].key;
	hit = cli_nearest(key, names, i);
	if (hit)
		cli_warning("%s (%s) is not a git bench setting; did you mean "
			    "%s?", key, gb_config_origin_name(origin), hit);
	else
		cli_warning("%s (%s) is not a git bench setting; 'git help bench' "
			    "lists them", key, gb_config_origin_name(origin));
}

static int warn_unknown(const char *key, const char *value,
	gb_config_origin origin, void *payload)
{
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');
	const struct family *f;
	const char *hit;

	(void)value;
	(void)payload;
	if (strncasecmp(key, "bench.", 6) != 0)
		return 0;
	if (first == last) {
		if (!known_key(key))
			suggest_key(key, origin);
		return 0;
	}
	if (cli_budget_name(last + 1) || family_key(key))
		return 0;
	/* A machine's or a measure's setting: the key it likely meant. */
	if ((f = family_of(key)) != NULL) {
		if (cli_nearest(last + 1, &f->key, 1))
			cli_warning("%s (%s) is not a git bench setting; did you "
				    "mean %.*s%s?", key, gb_config_origin_name(origin),
				(int)(last + 1 - key), key, f->key);
		else
			cli_warning("%s (%s) is not a git bench setting; 'git help "
				    "bench' lists them", key,
				gb_config_origin_name(origin));
		return 0;
	}
	hit = cli_nearest(last + 1, cli_budget_names, CLI_BUDGET_NAMES);
	cli_warning("%s (%s): a budget takes maxRegression or maxTime%s%s%s", key,
		gb_config_origin_name(origin), hit ? "; did you mean " : "",
		hit ? hit : "", hit ? "?" : "");
	return 0;
}

void cli_config_warn_unknown(const gb_config *cfg)
{
	gb_config_foreach(cfg, warn_unknown, NULL);
}

