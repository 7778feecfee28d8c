/*
 * Benchmark names and the patterns that choose among them: a pattern that
 * matches nothing is a typo to name, with the names it was likely meant
 * to be.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/names.h"
#include "gitbench/series.h"
#include "util/index.h"

/* What a "did you mean" may take of a message line. */
#define SUGGEST_WIDTH 44

static gb_index_key name_at(const void *items, size_t pos)
{
	return gb_index_name(((char *const *)items)[pos]);
}

int gb_names_add(gb_names *s, const char *name)
{
	gb_index *ix = s->index;
	size_t pos;

	if (!ix && !(ix = s->index = gb_calloc(1, sizeof(gb_index))))
		return GB_ERROR;
	if (gb_index_find(&pos, ix, gb_index_name(name), name_at, s->names))
		return 0;
	if (GB_ARRAY_GROW(s->names, s->n, s->alloc) < 0 ||
	    !(s->names[s->n] = gb_strdup(name)))
		return GB_ERROR;
	if (gb_index_add(ix, gb_index_name(s->names[s->n]), s->n, name_at,
		    s->names) < 0) {
		free(s->names[s->n]);
		return GB_ERROR;
	}
	s->n++;
	return 0;
}

/* Every result's name (or measure) of every run of `runs`. */
static int add_results(gb_names *s, const gb_runlist *runs, bool measures)
{
	size_t i, j;
	int error = 0;

	for (i = 0; i < runs->count && !error; i++)
		for (j = 0; j < runs->runs[i]->nresults && !error; j++) {
			const gb_result *r = &runs->runs[i]->results[j];

			error = gb_names_add(s, measures ? r->measure : r->name);
		}
	return error;
}

int gb_names_add_runs(gb_names *s, const gb_runlist *runs)
{
	return add_results(s, runs, false);
}

int gb_names_add_measures(gb_names *s, const gb_runlist *runs)
{
	return add_results(s, runs, true);
}

int gb_names_add_machines(gb_names *s, const gb_runlist *runs,
	const char *except)
{
	size_t i;
	int error = 0;

	for (i = 0; i < runs->count && !error; i++) {
		const char *m = runs->runs[i]->machine;

		if (m && (!except || strcmp(m, except)))
			error = gb_names_add(s, m);
	}
	return error;
}

void gb_names_dispose(gb_names *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->names[i]);
	free(s->names);
	if (s->index)
		gb_index_dispose(s->index);
	free(s->index);
	memset(s, 0, sizeof(*s));
}

typedef struct {
	gb_names *out;
	gb_names *measures;  /* NULL: not wanted */
	gb_store *store;
	size_t left;
} near_job;

static int names_at(const gb_measured_commit *mc, void *payload)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	near_job *j = payload;
	gb_runlist runs = { 0 };
	int error;

	dopts.skip_samples = true;
	if ((error = gb_store_read(&runs, j->store, mc->commit, &dopts)) == 0 &&
	    (error = gb_names_add_runs(j->out, &runs)) == 0 && j->measures)
		error = gb_names_add_measures(j->measures, &runs);
	else if (error == GB_EDAMAGED)
		error = 0; /* others may name them */
	gb_runlist_dispose(&runs);
	gb_error_clear();
	if (error < 0)
		return error;
	return --j->left == 0;
}

int gb_names_near_measures(gb_names *out, gb_names *measures,
	gb_store *store, const git_oid *start, size_t commits)
{
	near_job j = { out, measures, store, commits ? commits : 1 };
	int error = gb_store_measured_foreach(store, start, NULL, names_at, &j);

	return error < 0 ? error : 0;
}

int gb_names_near(gb_names *out, gb_store *store, const git_oid *start,
	size_t commits)
{
	return gb_names_near_measures(out, NULL, store, start, commits);
}

static bool want_none(const char *name, size_t len, void *payload)
{
	GB_UNUSED(name);
	GB_UNUSED(len);
	GB_UNUSED(payload);
	return false;
}

static int machine_of(const gb_history_entry *e, void *payload)
{
	return e->run && e->run->machine ? gb_names_add(payload, e->run->machine)
					 : 0;
}

int gb_names_machines(gb_names *out, gb_store *store)
{
	gb_decode_options dopts = GB_DECODE_OPTIONS_INIT;
	int error;

	/* The machine is in the run's head: no result need be unpacked. */
	dopts.skip_samples = true;
	dopts.want = want_none;
	error = gb_store_history_foreach(store, &dopts, machine_of, out);
	return error < 0 ? error : 0;
}

int gb_names_list(gb_buf *out, const gb_names *s, size_t max)
{
	size_t i;

	for (i = 0; i < s->n && i < max; i++)
		gb_buf_printf(out, "%s%s", i == 0 ? "" : i + 1 == s->n ? " and " : ", ",
			s->names[i]);
	if (s->n > max)
		gb_buf_printf(out, " and %zu more", s->n - max);
	return 0;
}

/* ---- nearness ---------------------------------------------------------------- */

/*
 * Edit distance of `a` against `b`, ignoring case; with `within`, `a`
 * may sit anywhere inside `b` for free (Sellers), as a substring pattern
 * does.
 */
static size_t edits(const char *a, const char *b, bool within)
{
	size_t la = strlen(a), lb = strlen(b), i, j, *row, d;

	if (!(row = calloc(lb + 1, sizeof(*row))))
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = within ? 0 : j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag +
				(tolower((unsigned char)a[i - 1]) !=
				 tolower((unsigned char)b[j - 1]));

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	d = row[lb];
	for (j = 0; within && j < lb; j++)
		if (row[j] < d)
			d = row[j];
	free(row);
	return d;
}

size_t gb_names_distance(const char *a, const char *b)
{
	return edits(a, b, false);
}

typedef struct {
	const char *name;
	size_t within, whole;
} scored;

static int cmp_scored(const void *x, const void *y)
{
	const scored *a = x, *b = y;

	if (a->within != b->within)
		return a->within < b->within ? -1 : 1;
	if (a->whole != b->whole)
		return a->whole < b->whole ? -1 : 1;
	return strcmp(a->name, b->name);
}

int gb_names_suggest(gb_buf *out, const gb_names *s, const char *pattern,
	size_t max)
{
	gb_buf core = GB_BUF_INIT;
	scored *v;
	size_t i, shown = 0, width = 0;

	if (!s->n || !max)
		return 0;
	if (!(v = gb_calloc(s->n, sizeof(*v))))
		return GB_ERROR;
	/* A glob's wildcards say nothing of the name it was meant to be. */
	for (i = 0; pattern[i]; i++)
		if (!strchr("*?[]", pattern[i]))
			gb_buf_putc(&core, pattern[i]);
	for (i = 0; i < s->n; i++) {
		v[i].name = s->names[i];
		v[i].within = edits(core.ptr ? core.ptr : "", v[i].name, true);
		v[i].whole = edits(core.ptr ? core.ptr : "", v[i].name, false);
	}
	qsort(v, s->n, sizeof(*v), cmp_scored);
	/* As many as the line has room for, one at least. */
	for (i = 0; i < s->n && shown < max; i++) {
		width += strlen(v[i].name) + 4;
		if (shown && width > SUGGEST_WIDTH)
			break;
		shown++;
	}
	for (i = 0; i < shown; i++)
		gb_buf_printf(out, "%s%s", i == 0 ? "" : i + 1 == shown ? " or " : ", ",
			v[i].name);
	free(v);
	gb_buf_dispose(&core);
	return 0;
}

/*
 * GB_ENOTFOUND "<lead> 'x'; did you mean a, b or c?", naming the nearest
 * of `s`, or "(none is recorded)".
 */
static int not_found(const gb_names *s, const char *lead, const char *given)
{
	gb_buf near = GB_BUF_INIT;

	gb_names_suggest(&near, s, given, 3);
	gb_error_set(GB_ENOTFOUND, "%s '%s'%s%s%s", lead, given,
		near.size ? "; did you mean " : " (none is recorded)",
		near.size ? near.ptr : "", near.size ? "?" : "");
	gb_buf_dispose(&near);
	return GB_ENOTFOUND;
}

/* Whether `pattern`'s first `len` bytes match one of the names. */
static bool any_matches(const gb_names *s, const char *pattern, size_t len)
{
	char *part = gb_strndup(pattern, len);
	bool yes = false;
	size_t i;

	for (i = 0; part && i < s->n && !yes; i++)
		yes = gb_series_pattern_match(part, s->names[i]);
	free(part);
	return yes;
}

int gb_names_match(const gb_names *s, const char *pattern)
{
	const char *measure;
	size_t len, name_len, measure_len;

	if (!pattern || !*pattern)
		return 0;
	len = strlen(pattern);
	if (any_matches(s, pattern, len) ||
	    (gb_measure_label_split(&name_len, &measure, &measure_len, pattern,
		     len) && any_matches(s, pattern, name_len)))
		return 0;
	return not_found(s, "no benchmark matches", pattern);
}

int gb_names_match_measure(const gb_names *s, const char *measure)
{
	size_t i;

	if (!measure)
		return 0;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], measure))
			return 0;
	/* A typo of a measure filters out everything: say so, not "none". */
	return not_found(s, "no results in measure", measure);
}

int gb_names_match_machine(const gb_names *s, const char *key)
{
	size_t i;

	if (!key)
		return 0;
	for (i = 0; i < s->n; i++)
		if (!strcmp(s->names[i], key))
			return 0;
	return not_found(s, "unknown machine", key);
}

int gb_names_match_budget(const gb_names *s, const char *pattern)
{
	const char *dot = pattern ? strrchr(pattern, '.') : NULL;

	if (gb_names_match(s, pattern) == 0)
		return 0;
	if (!dot || dot == pattern || !any_matches(s, pattern,
						  (size_t)(dot - pattern)))
		return GB_ENOTFOUND;
	gb_error_clear();
	return 0;
}
