/*
 * git bench config: every setting with its effective value and where it
 * came from, like `git config --show-origin -l`, and the typos git cannot
 * see (git takes any bench.* key; only we know which ones mean something).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "settings.h"
#include "terminal.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const config_usage[] = {
	"git bench config [--show-origin] [--format <format>] [<key>]",
	NULL,
};

/* git's keys that change what we print, listed when set. */
static const char *const git_keys[] = {
	"color.bench", "color.pager", "color.ui", "core.pager", "pager.bench",
};

typedef struct {
	char *key;
	const char *value;   /* NULL: unset */
	const char *origin;
} row;

typedef struct {
	row *rows;
	size_t n, alloc;
	const gb_config *cfg;
	char *machine;       /* derived machine key, when bench.machine is unset */
} listing;

static int add_row(listing *l, const char *key, const char *value,
	const char *origin)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->rows[i].key, key))
			return 0;
	if (l->n == l->alloc) {
		size_t na = l->alloc ? l->alloc * 2 : 32;
		row *p = realloc(l->rows, na * sizeof(*p));

		if (!p)
			return -1;
		l->rows = p;
		l->alloc = na;
	}
	if (!(l->rows[l->n].key = strdup(key)))
		return -1;
	l->rows[l->n].value = value;
	l->rows[l->n].origin = origin;
	l->n++;
	return 0;
}

/* The effective value of `key`, the machine key derived when unset. */
static const char *effective(listing *l, const char *key, const char **origin)
{
	gb_config_origin o;
	const char *v = gb_config_get(l->cfg, key, &o);

	*origin = v ? gb_config_origin_name(o) : "unset";
	if (v || strcasecmp(key, "bench.machine"))
		return v;
	if (!l->machine && gb_machine_this(&l->machine, NULL, l->cfg) < 0)
		l->machine = NULL;
	gb_error_clear();
	if (l->machine)
		*origin = "derived";
	return l->machine;
}

/* bench.<pattern>.maxRegression and .maxTime, spelled the one way. */
static int add_budget(const char *key, const char *value,
	gb_config_origin origin, void *payload)
{
	listing *l = payload;
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');
	const char *v, *from, *budget;
	gb_buf name = GB_BUF_INIT;
	int error = 0;

	(void)value;
	(void)origin;
	if (strncasecmp(key, "bench.", 6) || first == last ||
	    !(budget = cli_budget_name(last + 1)))
		return 0;
	gb_buf_printf(&name, "bench.%.*s.%s", (int)(last - first - 1), first + 1,
		budget);
	v = effective(l, name.ptr, &from);
	error = add_row(l, name.ptr, v, from);
	gb_buf_dispose(&name);
	return error;
}

static int collect(listing *l)
{
	const gb_config_key *keys;
	const char *v, *from;
	size_t n, i;

	keys = gb_config_keys(&n);
	for (i = 0; i < n; i++) {
		v = effective(l, keys[i].key, &from);
		if (add_row(l, keys[i].key, v, from) < 0)
			return -1;
	}
	if (gb_config_foreach(l->cfg, add_budget, l) < 0)
		return -1;
	for (i = 0; i < N_OF(git_keys); i++)
		if ((v = effective(l, git_keys[i], &from)) &&
		    add_row(l, git_keys[i], v, from) < 0)
			return -1;
	return 0;
}

static void print_listing(const listing *l, gb_buf *out)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		gb_buf_printf(out, "%-12s  ", l->rows[i].origin);
		gb_escape_text(out, l->rows[i].key);
		if (l->rows[i].value) {
			gb_buf_putc(out, '=');
			gb_escape_text(out, l->rows[i].value);
		}
		gb_buf_putc(out, '\n');
	}
}

/* {"key": ..., "value": ... or null, "origin": ...} */
static void json_row(gb_jsonw *w, const char *key, const char *value,
	const char *origin)
{
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "key", key);
	if (value)
		gb_jsonw_string(w, "value", value);
	else
		gb_jsonw_null(w, "value");
	gb_jsonw_string(w, "origin", origin);
	gb_jsonw_end(w);
}

/* The listing as {"settings": [row...]}, or one row alone. */
static int write_json(const listing *l, const row *one)
{
	gb_jsonw *w = NULL;
	size_t i;

	if (gb_jsonw_new(&w) < 0)
		return cli_error_last();
	if (one) {
		json_row(w, one->key, one->value, one->origin);
		return cli_write_json(w);
	}
	gb_jsonw_object(w, NULL);
	gb_jsonw_array(w, "settings");
	for (i = 0; i < l->n; i++)
		json_row(w, l->rows[i].key, l->rows[i].value, l->rows[i].origin);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	return cli_write_json(w);
}

static void listing_dispose(listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->rows[i].key);
	free(l->rows);
	free(l->machine);
}

/* Measured commits along HEAD whose benchmarks budgets are told against. */
#define BUDGET_COMMITS 20

/*
 * A budget whose pattern matches no benchmark recorded lately holds
 * nothing: a typo, or a benchmark renamed since.
 */
static void warn_idle_budgets(git_repository *repo, const gb_config *cfg)
{
	gb_names names = { NULL, 0, 0, NULL };
	gb_store *store = NULL;
	gb_budget *budgets = NULL;
	size_t n = 0, i;
	git_oid head;

	if (!repo || gb_store_open(&store, repo, NULL) < 0 ||
	    gb_repo_resolve_commit(&head, repo, "HEAD") < 0 ||
	    gb_names_near(&names, store, &head, BUDGET_COMMITS) < 0 ||
	    !names.n || gb_budgets_load(&budgets, &n, cfg) < 0)
		goto done;
	for (i = 0; i < n; i++)
		if (gb_names_match_budget(&names, budgets[i].pattern) < 0)
			cli_warning("bench.%s.*: %s", budgets[i].pattern,
				gb_error_last()->message);
done:
	gb_error_clear();
	gb_budgets_free(budgets, n);
	gb_names_dispose(&names);
	gb_store_free(store);
}

/*
 * The values in force that a command would refuse, each warned about
 * here as that command would say it: the listing shows settings "in
 * force", and one that stops every compare should not look fine.
 */
static void warn_invalid(const gb_config *cfg)
{
	gb_compare_options co;
	gb_budget *budgets = NULL;
	size_t n = 0;
	const char *policy;
	bool on;
	long mib;

	if (gb_compare_options_init(&co, cfg) < 0)
		cli_warning("%s", gb_error_last()->message);
	if (gb_budgets_load(&budgets, &n, cfg) < 0)
		cli_warning("%s", gb_error_last()->message);
	gb_budgets_free(budgets, n);
	if (gb_config_get_bool(&on, cfg, "bench.summaries") < 0 &&
	    gb_error_last()->code != GB_ENOTFOUND)
		cli_warning("%s", gb_error_last()->message);
	if (gb_config_get_int(&mib, cfg, "bench.maxMemory") < 0 &&
	    gb_error_last()->code != GB_ENOTFOUND)
		cli_warning("%s", gb_error_last()->message);
	policy = gb_config_get(cfg, "bench.hookMissing", NULL);
	if (policy && strcmp(policy, "warn") && strcmp(policy, "fail") &&
	    strcmp(policy, "run"))
		cli_warning("bench.hookMissing: '%s' is not warn, fail or run",
			policy);
	gb_error_clear();
}

/* One key, as `git config --get` gives it: 1 when it has no value. */
static int get_one(listing *l, const char *key, bool show_origin, bool json)
{
	const char *v, *from;
	int code;

	if (!cli_setting_known(key))
		cli_warning("%s is not a git bench setting; 'git bench config' "
			    "lists them", key);
	v = effective(l, key, &from);
	if (json) {
		row one = { (char *)key, v, from };

		if ((code = write_json(l, &one)) != 0)
			return code;
	}
	if (!v)
		return EXIT_CHECK_FAILED;
	if (json)
		return EXIT_CLEAN;
	if (show_origin)
		printf("%s\t", from);
	printf("%s\n", v);
	return EXIT_CLEAN;
}

int cmd_config(int argc, const char **argv)
{
	int show_origin = 0, code = EXIT_CLEAN;
	const char *format = NULL;
	const struct cli_option opts[] = {
		OPT_BOOL(0, "show-origin", &show_origin,
			"with <key>: print where the value comes from first"),
		OPT_STRING(0, "format", &format, "<format>", CLI_TEXT_JSON_HELP),
		OPT_END(),
	};
	bool json;
	git_repository *repo = NULL;
	gb_config *cfg = NULL;
	gb_buf out = GB_BUF_INIT;
	listing l = { 0 };

	argc = cli_parse_options(argc, argv, opts, config_usage, 0);
	if (argc > 1)
		return cli_usage_error(config_usage, opts, "too many arguments");
	if ((code = cli_text_or_json(&json, format)) != 0)
		return code;
	/* Outside a repository, the user's and the system's settings. */
	if (gb_repo_open(&repo, NULL) < 0)
		repo = NULL;
	if (gb_config_open(&cfg, repo) < 0) {
		code = cli_error_last();
		goto done;
	}
	l.cfg = cfg;
	if (argc == 1) {
		code = get_one(&l, argv[0], show_origin, json);
		goto done;
	}
	cli_config_warn_unknown(cfg);
	warn_invalid(cfg);
	warn_idle_budgets(repo, cfg);
	if (collect(&l) < 0) {
		code = cli_error("out of memory");
		goto done;
	}
	if (json) {
		code = write_json(&l, NULL);
		goto done;
	}
	print_listing(&l, &out);
	cli_write(&out);
done:
	listing_dispose(&l);
	gb_buf_dispose(&out);
	gb_config_free(cfg);
	git_repository_free(repo);
	return code;
}
