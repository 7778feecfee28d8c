/*
 * Waivers from commit messages and options. Messages are untrusted (a
 * fork's commits are in the range of its pull request): the walk and the
 * waivers kept are bounded, and what they say is escaped where shown.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "gitbench/compare.h"
#include "gitbench/series.h"
#include "gitbench/waiver.h"
#include "git/graph.h"

static char *dup_trimmed(const char *s, size_t n)
{
	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	return n ? gb_strndup(s, n) : NULL;
}

static void waiver_dispose(gb_waiver *w)
{
	free(w->pattern);
	free(w->measure);
	free(w->reason);
	memset(w, 0, sizeof(*w));
}

/* "<pattern> [<measure>]" before " -- ", the reason after. */
static int parse(gb_waiver *out, const char *value)
{
	const char *sep = strstr(value, " -- "), *end, *sp;
	size_t head;

	memset(out, 0, sizeof(*out));
	if (!strncmp(value, "-- ", 3))
		sep = value - 1;
	head = sep ? (size_t)(sep - value) : strlen(value);
	end = value + head;
	while (value < end && isspace((unsigned char)*value))
		value++;
	for (sp = value; sp < end && !isspace((unsigned char)*sp); sp++)
		;
	if (sp == value)
		return gb_error_set(GB_EINVALID, "'%s' names no benchmark pattern "
			"(%s: <pattern> [<measure>] [-- <reason>])", value,
			GB_WAIVER_TRAILER);
	if (!(out->pattern = gb_strndup(value, (size_t)(sp - value))))
		return GB_ERROR;
	out->measure = dup_trimmed(sp, (size_t)(end - sp));
	if (out->measure && strpbrk(out->measure, " \t")) {
		waiver_dispose(out);
		return gb_error_set(GB_EINVALID, "'%.*s': one pattern and one "
			"measure at most, then ' -- ' and the reason", (int)head,
			value);
	}
	if (sep)
		out->reason = dup_trimmed(sep + 4, strlen(sep + 4));
	return 0;
}

int gb_waivers_add(gb_waivers *w, const char *value, const git_oid *commit)
{
	gb_waiver one;
	int error;

	if ((error = parse(&one, value ? value : "")) < 0)
		return error;
	if (commit)
		git_oid_cpy(&one.commit, commit);
	if (w->n >= GB_WAIVER_MAX) {
		w->dropped++;
		waiver_dispose(&one);
		return 0;
	}
	if (GB_ARRAY_GROW(w->v, w->n, w->alloc) < 0) {
		waiver_dispose(&one);
		return GB_ERROR;
	}
	w->v[w->n++] = one;
	return 0;
}

/* One trailer's value; one that names no pattern is not ours to refuse. */
static int add_value(gb_waivers *w, const char *key, const char *value,
	size_t len, const git_oid *commit)
{
	char *v;
	int error;

	if (strcasecmp(key, GB_WAIVER_TRAILER))
		return 0;
	if (!(v = gb_strndup(value, len)))
		return GB_ERROR;
	if ((error = gb_waivers_add(w, v, commit)) == GB_EINVALID) {
		gb_error_clear();
		error = 0;
	}
	free(v);
	return error;
}

/*
 * A value as libgit2 gives it. After a trailer with an empty value it
 * runs on over the next lines, where git reads each "Key: value" line as
 * a trailer of its own: read them so, as git does.
 */
static int add_trailer(gb_waivers *w, const char *key, const char *value,
	const git_oid *commit)
{
	const char *nl, *colon;
	gb_buf k = GB_BUF_INIT;
	int error = 0;

	if (gb_buf_puts(&k, key) < 0)
		return GB_ERROR;
	for (;;) {
		nl = strchr(value, '\n');
		if ((error = add_value(w, k.ptr, value, nl ? (size_t)(nl - value)
			     : strlen(value), commit)) < 0 || !nl)
			break;
		value = nl + 1;
		colon = strchr(value, ':');
		nl = strchr(value, '\n');
		/* A continuation: git joins it to the empty value. */
		if (isspace((unsigned char)*value) || !colon || (nl && nl < colon))
			break;
		gb_buf_clear(&k);
		if (gb_buf_put(&k, value, (size_t)(colon - value)) < 0 || !k.ptr) {
			error = GB_ERROR;
			break;
		}
		value = colon + 1;
	}
	gb_buf_dispose(&k);
	return error;
}

int gb_waivers_read_message(gb_waivers *w, const char *message,
	const git_oid *commit)
{
	git_message_trailer_array arr = { 0 };
	size_t i;
	int error = 0;

	if (git_message_trailers(&arr, message ? message : "") < 0)
		return 0; /* no trailers to read */
	for (i = 0; i < arr.count && !error; i++)
		error = add_trailer(w, arr.trailers[i].key, arr.trailers[i].value,
			commit);
	git_message_trailer_array_free(&arr);
	return error;
}

int gb_waivers_read_range(gb_waivers *w, git_repository *repo,
	const git_oid *head, const git_oid *base)
{
	gb_oid_list range = { NULL, 0, 0 };
	git_commit *c = NULL;
	size_t i;
	int error;

	if ((error = gb_graph_range(&range, repo, head, base,
		     GB_WAIVER_MAX_COMMITS)) < 0)
		goto cleanup;
	for (i = 0; i < range.n; i++) {
		if (git_commit_lookup(&c, repo, &range.v[i]) < 0) {
			git_error_clear(); /* beyond a shallow clone's end */
			continue;
		}
		error = gb_waivers_read_message(w, git_commit_message(c),
			&range.v[i]);
		git_commit_free(c);
		if (error < 0)
			break;
	}
cleanup:
	gb_oid_list_dispose(&range);
	return error;
}

/* "name [measure]": the length of the name, and the measure. */
static size_t split_measure(const char *name, const char **measure,
	size_t *mlen)
{
	size_t n = strlen(name);
	const char *open;

	*measure = NULL;
	*mlen = 0;
	if (n < 4 || name[n - 1] != ']' || !(open = strrchr(name, '[')) ||
	    open == name || open[-1] != ' ')
		return n;
	*measure = open + 1;
	*mlen = (size_t)(name + n - 1 - *measure);
	return (size_t)(open - 1 - name);
}

const gb_waiver *gb_waivers_find(const gb_waivers *w, const char *name)
{
	const char *measure;
	size_t mlen, blen = split_measure(name, &measure, &mlen), i;
	char *bench;
	const gb_waiver *found = NULL;

	if (!w || !w->n || !(bench = gb_strndup(name, blen))) {
		gb_error_clear();
		return NULL;
	}
	for (i = 0; i < w->n && !found; i++) {
		const gb_waiver *v = &w->v[i];

		if (v->measure && (!measure || strlen(v->measure) != mlen ||
				   strncmp(v->measure, measure, mlen)))
			continue;
		if (gb_series_pattern_match(v->pattern, bench) ||
		    gb_series_pattern_match(v->pattern, name))
			found = v;
	}
	free(bench);
	return found;
}

void gb_waivers_dispose(gb_waivers *w)
{
	size_t i;

	if (!w)
		return;
	for (i = 0; i < w->n; i++)
		waiver_dispose(&w->v[i]);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

size_t gb_comparison_waive(gb_comparison *c, const gb_waivers *w)
{
	const gb_waiver *v;
	size_t i, n = 0;

	for (i = 0; w && i < c->nrows; i++) {
		gb_compare_row *r = &c->rows[i];

		if (r->verdict != GB_VERDICT_REGRESSION &&
		    r->verdict != GB_VERDICT_UNCERTAIN && !r->failed)
			continue;
		if (r->verdict == GB_VERDICT_NEW || r->verdict == GB_VERDICT_REMOVED ||
		    !(v = gb_waivers_find(w, r->name)))
			continue;
		c->count[r->verdict]--;
		c->count[GB_VERDICT_ACCEPTED]++;
		r->verdict = GB_VERDICT_ACCEPTED;
		r->waiver = v;
		if (r->failed) {
			r->failed = false;
			c->failures--;
		}
		n++;
	}
	return n;
}
