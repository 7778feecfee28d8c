/*
 * git bench config: every setting with its effective value and where it
 * came from, like `git config --show-origin -l`, and the typos git cannot
 * see (git takes any bench.* key; only we know which ones mean something).
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static const char *const config_usage[] = {
	"git bench config [--show-origin] [<key>]",
	NULL,
};

/* The names a budget subsection takes: bench.<pattern>.<name>. */
static const char *const budget_names[] = { "maxRegression", "maxTime" };

/* git's keys that change what we print, listed when set. */
static const char *const git_keys[] = {
	"color.bench", "color.pager", "color.ui", "core.pager", "pager.bench",
};

/* Edit distance, case-insensitive, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, d;

	if (!(row = calloc(lb + 1, sizeof(*row))))
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag +
				(strncasecmp(a + i - 1, b + j - 1, 1) != 0);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	free(row);
	return d;
}

/* The closest of `names` to `name`, when close enough to be a typo: at
 * most two edits. */
static const char *closest(const char *name, const char *const *names,
	size_t n)
{
	const char *best = NULL;
	size_t i, d, best_d = 3;

	for (i = 0; i < n; i++)
		if ((d = distance(name, names[i])) < best_d) {
			best = names[i];
			best_d = d;
		}
	return best;
}

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

static bool budget_name(const char *name)
{
	size_t i;

	for (i = 0; i < N_OF(budget_names); i++)
		if (!strcasecmp(budget_names[i], name))
			return true;
	return false;
}

/* "did you mean bench.maxRegression?" for a two-level key. */
static void suggest_key(const char *key, gb_config_origin origin)
{
	const gb_config_key *keys;
	const char *hit = NULL;
	size_t n, i, d, best = 3;

	keys = gb_config_keys(&n);
	for (i = 0; i < n; i++)
		if ((d = distance(key, keys[i].key)) < best) {
			hit = keys[i].key;
			best = d;
		}
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
	if (budget_name(last + 1))
		return 0;
	hit = closest(last + 1, budget_names, N_OF(budget_names));
	cli_warning("%s (%s): a budget takes maxRegression or maxTime%s%s%s", key,
		gb_config_origin_name(origin), hit ? "; did you mean " : "",
		hit ? hit : "", hit ? "?" : "");
	return 0;
}

void cli_config_warn_unknown(const gb_config *cfg)
{
	gb_config_foreach(cfg, warn_unknown, NULL);
}

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
	gb_env env = { 0 };

	*origin = v ? gb_config_origin_name(o) : "unset";
	if (v || strcasecmp(key, "bench.machine"))
		return v;
	if (!l->machine && gb_env_detect(&env) == 0)
		cli_machine_key(&l->machine, l->cfg, &env);
	gb_env_dispose(&env);
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
	const char *v, *from;
	gb_buf name = GB_BUF_INIT;
	size_t i;
	int error = 0;

	(void)value;
	(void)origin;
	if (strncasecmp(key, "bench.", 6) || first == last ||
	    !budget_name(last + 1))
		return 0;
	for (i = 0; strcasecmp(budget_names[i], last + 1); i++)
		;
	gb_buf_printf(&name, "bench.%.*s.%s", (int)(last - first - 1), first + 1,
		budget_names[i]);
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

static void listing_dispose(listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->rows[i].key);
	free(l->rows);
	free(l->machine);
}

/* One key, as `git config --get` gives it: 1 when it has no value. */
static int get_one(listing *l, const char *key, bool show_origin)
{
	const char *first = strchr(key, '.'), *last = strrchr(key, '.');
	const char *v, *from;

	if (!strncasecmp(key, "bench.", 6) &&
	    (first == last ? !known_key(key) : !budget_name(last + 1)))
		cli_warning("%s is not a git bench setting; 'git bench config' "
			    "lists them", key);
	if (!(v = effective(l, key, &from)))
		return EXIT_CHECK_FAILED;
	if (show_origin)
		printf("%s\t", from);
	printf("%s\n", v);
	return EXIT_CLEAN;
}

int cmd_config(int argc, const char **argv)
{
	int show_origin = 0, code = EXIT_CLEAN;
	const struct cli_option opts[] = {
		OPT_BOOL(0, "show-origin", &show_origin,
			"with <key>: print where the value comes from first"),
		OPT_END(),
	};
	git_repository *repo = NULL;
	gb_config *cfg = NULL;
	gb_buf out = GB_BUF_INIT;
	listing l = { 0 };

	argc = cli_parse_options(argc, argv, opts, config_usage, 0);
	if (argc > 1)
		return cli_usage_error(config_usage, opts, "too many arguments");
	/* Outside a repository, the user's and the system's settings. */
	if (gb_repo_open(&repo, NULL) < 0)
		repo = NULL;
	if (gb_config_open(&cfg, repo) < 0) {
		code = cli_error_last();
		goto done;
	}
	l.cfg = cfg;
	if (argc == 1) {
		code = get_one(&l, argv[0], show_origin);
		goto done;
	}
	cli_config_warn_unknown(cfg);
	if (collect(&l) < 0) {
		code = cli_error("out of memory");
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
