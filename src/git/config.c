/*
 * Settings from git config (bench.*), with the command line on top: values
 * given as `git -c key=value bench ...` reach us in the environment
 * (GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT), and the CLI adds its flags.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <git2.h>

#include "common.h"
#include "gitbench/config.h"

static const gb_config_key keys[] = {
	{ "bench.baseline", NULL,
	  "revision whose merge-base with HEAD is the default baseline "
	  "(else HEAD's upstream)" },
	{ "bench.changePointMagnitude", NULL,
	  "smallest change, in percent, that is a change point "
	  "(default: bench.warnRegression)" },
	{ "bench.changePointPValue", GB_STR(GB_DEFAULT_CHANGE_POINT_PVALUE),
	  "p-value below which a step in a series is a change point" },
	{ "bench.changePointWindow", GB_STR(GB_DEFAULT_CHANGE_POINT_WINDOW),
	  "measured commits per window of change point detection" },
	{ "bench.command", GB_DEFAULT_COMMAND,
	  "command that runs the benchmarks (run, bisect --run, hook)" },
	{ "bench.estimator", GB_DEFAULT_ESTIMATOR,
	  "estimate compared: mean or median" },
	{ "bench.format", GB_DEFAULT_FORMAT,
	  "format of results read by record and run" },
	{ "bench.historyRef", GB_DEFAULT_HISTORY_REF,
	  "ref holding the history of run records" },
	{ "bench.hookMissing", GB_DEFAULT_HOOK_MISSING,
	  "pre-push when the pushed commit has no results: warn, fail or run" },
	{ "bench.improvement", GB_STR(GB_DEFAULT_IMPROVEMENT),
	  "percent faster that counts as FASTER" },
	{ "bench.machine", NULL,
	  "machine key (default: derived from host, OS, arch, CPU, cores)" },
	{ "bench.maxMemory", GB_STR(GB_DEFAULT_MAX_MEMORY),
	  "MiB of a range's results one command may hold (log, report, "
	  "bisect)" },
	{ "bench.maxRegression", GB_STR(GB_DEFAULT_MAX_REGRESSION),
	  "percent slower that is a REGRESSION (fails the check)" },
	{ "bench.notesRef", GB_DEFAULT_NOTES_REF,
	  "notes ref indexing run records by commit" },
	{ "bench.onUncertain", GB_DEFAULT_ON_UNCERTAIN,
	  "what an UNCERTAIN verdict does to check, run --fail-on-regression "
	  "and the hook: pass, fail or confirm" },
	{ "bench.remote", GB_DEFAULT_REMOTE,
	  "remote that push, pull and status use when none is named" },
	{ "bench.remoteHistoryRef", NULL,
	  "the history's ref on remotes (default: bench.historyRef when git "
	  "accepts it there, else refs/benchmarks/history)" },
	{ "bench.results", GB_DEFAULT_RESULTS,
	  "where record and run read results when no path is given (-: what run's command prints)" },
	{ "bench.significance", GB_STR(GB_DEFAULT_SIGNIFICANCE),
	  "two-sided p-value below which a change is beyond noise" },
	{ "bench.summaries", "true",
	  "keep summaries of notes beside them for log and report "
	  "(a cache)" },
	{ "bench.warnRegression", GB_STR(GB_DEFAULT_WARN_REGRESSION),
	  "percent slower that is SLOWER (warns)" },
};

typedef struct {
	char *key;
	char *value;
	gb_config_origin origin;
} entry;

struct gb_config {
	entry *entries; /* git config, in the order git reads it */
	size_t n, alloc;
	entry *over;    /* command line, last one wins */
	size_t nover, aover;
};

const gb_config_key *gb_config_keys(size_t *count)
{
	*count = GB_ARRAY_SIZE(keys);
	return keys;
}

const char *gb_config_origin_name(gb_config_origin origin)
{
	switch (origin) {
	case GB_ORIGIN_SYSTEM: return "system";
	case GB_ORIGIN_GLOBAL: return "global";
	case GB_ORIGIN_REPOSITORY: return "repository";
	case GB_ORIGIN_COMMAND_LINE: return "command line";
	default: return "default";
	}
}

/*
 * Config names compare like git's: section and name ignore case, the
 * subsection between them does not.
 */
static bool key_equal(const char *a, const char *b)
{
	const char *a1 = strchr(a, '.'), *b1 = strchr(b, '.');
	const char *a2 = strrchr(a, '.'), *b2 = strrchr(b, '.');

	if (!a1 || !b1 || a1 - a != b1 - b || strncasecmp(a, b, (size_t)(a1 - a)))
		return false;
	if (strcasecmp(a2, b2) != 0 || a2 - a1 != b2 - b1)
		return false;
	return strncmp(a1, b1, (size_t)(a2 - a1)) == 0;
}

static int add(entry **list, size_t *n, size_t *alloc, const char *key,
	const char *value, gb_config_origin origin)
{
	entry *e;

	if (gb_array_grow(list, alloc, *n, sizeof(**list)) < 0)
		return GB_ERROR;
	e = &(*list)[*n];
	e->key = gb_strdup(key);
	e->value = value ? gb_strdup(value) : NULL;
	e->origin = origin;
	if (!e->key || (value && !e->value)) {
		free(e->key);
		free(e->value);
		return GB_ERROR;
	}
	(*n)++;
	return 0;
}

int gb_config_override(gb_config *cfg, const char *key, const char *value)
{
	return add(&cfg->over, &cfg->nover, &cfg->aover, key, value,
		GB_ORIGIN_COMMAND_LINE);
}

static gb_config_origin origin_of(git_config_level_t level)
{
	if (level <= GIT_CONFIG_LEVEL_SYSTEM)
		return GB_ORIGIN_SYSTEM;
	if (level <= GIT_CONFIG_LEVEL_GLOBAL)
		return GB_ORIGIN_GLOBAL;
	return GB_ORIGIN_REPOSITORY;
}

/*
 * One shell-quoted word of GIT_CONFIG_PARAMETERS: 'it'\''s'. NULL when p
 * is not at one: git quotes every word, and a parser that took an unquoted
 * byte as an empty word would never move past it.
 */
static const char *sq_word(gb_buf *out, const char *p)
{
	gb_buf_clear(out);
	if (*p != '\'' || gb_buf_put(out, "", 0) < 0)
		return NULL;
	while (*p == '\'') {
		const char *end = strchr(p + 1, '\'');

		if (!end)
			return NULL;
		gb_buf_put(out, p + 1, (size_t)(end - p - 1));
		p = end + 1;
		if (p[0] == '\\' && p[1] == '\'') {
			gb_buf_putc(out, '\'');
			p += 2;
		}
	}
	return p;
}

static int parse_git_parameters(gb_config *cfg, const char *params)
{
	gb_buf key = GB_BUF_INIT, value = GB_BUF_INIT;
	const char *p = params;
	int error = 0;

	while (p && *p && !error) {
		while (*p == ' ')
			p++;
		if (!*p || !(p = sq_word(&key, p)))
			break;
		if (*p == '=') {
			/* git 2.31 and later: 'key'='value' */
			if (!(p = sq_word(&value, p + 1)))
				break;
			error = gb_config_override(cfg, key.ptr, value.ptr);
		} else {
			char *eq = strchr(key.ptr, '=');

			if (eq)
				*eq = '\0';
			error = gb_config_override(cfg, key.ptr, eq ? eq + 1 : "true");
		}
	}
	gb_buf_dispose(&key);
	gb_buf_dispose(&value);
	return error;
}

static int parse_git_count(gb_config *cfg)
{
	const char *count = getenv("GIT_CONFIG_COUNT");
	long i, n;
	char name[64];

	if (!count || !*count)
		return 0;
	n = strtol(count, NULL, 10);
	for (i = 0; i < n && i < 1000; i++) {
		const char *k, *v;

		snprintf(name, sizeof(name), "GIT_CONFIG_KEY_%ld", i);
		k = getenv(name);
		snprintf(name, sizeof(name), "GIT_CONFIG_VALUE_%ld", i);
		v = getenv(name);
		if (k && v && gb_config_override(cfg, k, v) < 0)
			return GB_ERROR;
	}
	return 0;
}

/* remote.<name>.url: whether a remote is configured. */
static bool remote_url(const char *name)
{
	const char *dot = strrchr(name, '.');

	return strncasecmp(name, "remote.", 7) == 0 && dot > name + 7 &&
	       strcasecmp(dot, ".url") == 0;
}

/*
 * Ours, git's keys for colours and paging that we honour, and the URLs of
 * remotes.
 */
static bool wanted_key(const char *name)
{
	return strncasecmp(name, "bench.", 6) == 0 || remote_url(name) ||
	       strcasecmp(name, "color.ui") == 0 ||
	       strcasecmp(name, "color.bench") == 0 ||
	       strcasecmp(name, "color.pager") == 0 ||
	       strcasecmp(name, "core.pager") == 0 ||
	       strcasecmp(name, "pager.bench") == 0;
}

static int load_git(gb_config *cfg, git_repository *repo)
{
	git_config *gc = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int error;

	error = repo ? git_repository_config_snapshot(&gc, repo)
		     : git_config_open_default(&gc);
	if (error < 0)
		return gb_error_git(error, "cannot read git config");
	/* Not git_config_iterator_glob_new: its regex match data leaks in
	 * libgit2 1.5 with PCRE2. */
	if ((error = git_config_iterator_new(&it, gc)) < 0) {
		git_config_free(gc);
		return gb_error_git(error, "cannot read git config");
	}
	while ((error = git_config_next(&e, it)) == 0) {
		if (!wanted_key(e->name))
			continue;
		if ((error = add(&cfg->entries, &cfg->n, &cfg->alloc, e->name,
			     e->value, origin_of(e->level))) < 0)
			break;
	}
	git_config_iterator_free(it);
	git_config_free(gc);
	if (error == GIT_ITEROVER)
		return 0;
	return error < 0 ? gb_error_git(error, "cannot read git config") : 0;
}

int gb_config_open(gb_config **out, git_repository *repo)
{
	gb_config *cfg = gb_calloc(1, sizeof(*cfg));
	int error;

	*out = NULL;
	if (!cfg)
		return GB_ERROR;
	if ((error = load_git(cfg, repo)) < 0 ||
	    (error = parse_git_parameters(cfg,
		     getenv("GIT_CONFIG_PARAMETERS"))) < 0 ||
	    (error = parse_git_count(cfg)) < 0) {
		gb_config_free(cfg);
		return error;
	}
	*out = cfg;
	return 0;
}

void gb_config_free(gb_config *cfg)
{
	size_t i;

	if (!cfg)
		return;
	for (i = 0; i < cfg->n; i++) {
		free(cfg->entries[i].key);
		free(cfg->entries[i].value);
	}
	for (i = 0; i < cfg->nover; i++) {
		free(cfg->over[i].key);
		free(cfg->over[i].value);
	}
	free(cfg->entries);
	free(cfg->over);
	free(cfg);
}

static const entry *find_last(const entry *list, size_t n, const char *key)
{
	const entry *best = NULL;
	size_t i;

	/* The most specific file wins; within one file, the last value. */
	for (i = 0; i < n; i++)
		if (key_equal(list[i].key, key) &&
		    (!best || list[i].origin >= best->origin))
			best = &list[i];
	return best;
}

const char *gb_config_get(const gb_config *cfg, const char *key,
	gb_config_origin *origin)
{
	const entry *e;
	size_t i;

	if (cfg && ((e = find_last(cfg->over, cfg->nover, key)) ||
		    (e = find_last(cfg->entries, cfg->n, key)))) {
		if (origin)
			*origin = e->origin;
		return e->value ? e->value : "true";
	}
	if (origin)
		*origin = GB_ORIGIN_DEFAULT;
	for (i = 0; i < GB_ARRAY_SIZE(keys); i++)
		if (key_equal(keys[i].key, key))
			return keys[i].def;
	return NULL;
}

int gb_config_get_double(double *out, const gb_config *cfg, const char *key)
{
	const char *v = gb_config_get(cfg, key, NULL);
	char *end;
	double d;

	if (!v)
		return GB_ENOTFOUND;
	errno = 0;
	d = strtod(v, &end);
	while (isspace((unsigned char)*end))
		end++;
	if (end == v || *end || errno || !isfinite(d))
		return gb_error_set(GB_EINVALID, "%s: '%s' is not a number", key, v);
	*out = d;
	return 0;
}

int gb_config_get_int(long *out, const gb_config *cfg, const char *key)
{
	const char *v = gb_config_get(cfg, key, NULL);
	char *end;
	long l;

	if (!v)
		return GB_ENOTFOUND;
	errno = 0;
	l = strtol(v, &end, 10);
	if (end == v || *end || errno)
		return gb_error_set(GB_EINVALID, "%s: '%s' is not a whole number",
			key, v);
	*out = l;
	return 0;
}

int gb_config_get_bool(bool *out, const gb_config *cfg, const char *key)
{
	const char *v = gb_config_get(cfg, key, NULL);

	if (!v)
		return GB_ENOTFOUND;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on") || !strcmp(v, "1"))
		*out = true;
	else if (!strcasecmp(v, "false") || !strcasecmp(v, "no") ||
		 !strcasecmp(v, "off") || !strcmp(v, "0") || !*v)
		*out = false;
	else
		return gb_error_set(GB_EINVALID, "%s: '%s' is not a boolean", key, v);
	return 0;
}

int gb_config_get_name(const char **out, const gb_config *cfg, const char *key)
{
	const char *v = gb_config_get(cfg, key, NULL);

	*out = v;
	if (v && !*v)
		return gb_error_set(GB_EINVALID, "%s: the value is empty (unset it "
			"for the default)", key);
	return 0;
}

static int visit_sub(const entry *e, gb_config_sub_cb cb, void *payload)
{
	const char *first = strchr(e->key, '.'), *last = strrchr(e->key, '.');
	char *sub;
	int error;

	if (!first || first == last || strncasecmp(e->key, "bench.", 6) != 0)
		return 0;
	if (!(sub = gb_strndup(first + 1, (size_t)(last - first - 1))))
		return GB_ERROR;
	error = cb(sub, last + 1, e->value ? e->value : "true", payload);
	free(sub);
	return error;
}

int gb_config_foreach_subsection(const gb_config *cfg, gb_config_sub_cb cb,
	void *payload)
{
	size_t i;
	int error = 0;

	for (i = 0; i < cfg->n && !error; i++)
		error = visit_sub(&cfg->entries[i], cb, payload);
	for (i = 0; i < cfg->nover && !error; i++)
		error = visit_sub(&cfg->over[i], cb, payload);
	return error;
}

int gb_config_foreach(const gb_config *cfg, gb_config_entry_cb cb,
	void *payload)
{
	size_t i;
	int error = 0;

	for (i = 0; i < cfg->n && !error; i++)
		error = cb(cfg->entries[i].key, cfg->entries[i].value ?
			cfg->entries[i].value : "true", cfg->entries[i].origin,
			payload);
	for (i = 0; i < cfg->nover && !error; i++)
		error = cb(cfg->over[i].key, cfg->over[i].value ?
			cfg->over[i].value : "true", cfg->over[i].origin, payload);
	return error;
}
