/* A bisection as JSON, for scripts. */
#include <math.h>
#include <string.h>

#include "history.h"

static const char *state_name(gb_bisect_state s)
{
	static const char *names[] = { "untested", "good", "bad", "skipped" };

	return (unsigned)s < 4 ? names[s] : "?";
}

static void id_member(gb_jsonw *w, const char *key, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	gb_jsonw_string(w, key, hex);
}

static void judgement(gb_jsonw *w, const gb_bisect_judgement *j)
{
	gb_jsonw_number(w, "value", j->value);
	gb_jsonw_number(w, "change_percent", j->change);
	gb_jsonw_string(w, "verdict", gb_verdict_name(j->verdict));
	gb_jsonw_string(w, "evidence", gb_evidence_name(j->evidence));
	gb_jsonw_number(w, "pvalue", j->p);
}

/* The commit's subject, author and time. */
static void commit_facts(gb_jsonw *w, git_repository *repo, const git_oid *id)
{
	git_commit *c = NULL;
	gb_buf when = GB_BUF_INIT;

	if (git_commit_lookup(&c, repo, id) < 0)
		return;
	gb_jsonw_string(w, "subject", git_commit_summary(c) ? git_commit_summary(c) : "");
	gb_jsonw_string(w, "author", git_commit_author(c)->name);
	gb_jsonw_string(w, "email", git_commit_author(c)->email);
	gb_date_format(&when, git_commit_author(c)->when.time, GB_DATE_ISO);
	gb_jsonw_string(w, "time", when.ptr);
	gb_buf_dispose(&when);
	git_commit_free(c);
}

static void ends(gb_jsonw *w, const gb_bisect_result *r)
{
	gb_jsonw_object(w, "good");
	id_member(w, "commit", &r->path[0].id);
	id_member(w, "results_commit", &r->good_results);
	gb_jsonw_number(w, "value", r->bad.good);
	gb_jsonw_end(w);
	gb_jsonw_object(w, "bad");
	id_member(w, "commit", &r->path[r->n - 1].id);
	judgement(w, &r->bad);
	gb_jsonw_end(w);
}

static void first_bad(gb_jsonw *w, const gb_bisect_result *r,
	git_repository *repo)
{
	const gb_bisect_commit *c = &r->path[r->first_bad];

	if (r->bad.state != GB_BISECT_BAD) {
		gb_jsonw_null(w, "first_bad");
		gb_jsonw_null(w, "last_good");
		return;
	}
	gb_jsonw_object(w, "first_bad");
	id_member(w, "commit", &c->id);
	commit_facts(w, repo, &c->id);
	judgement(w, &c->judgement);
	gb_jsonw_end(w);
	gb_jsonw_object(w, "last_good");
	id_member(w, "commit", &r->path[r->last_good].id);
	gb_jsonw_number(w, "value", r->last_good ? r->path[r->last_good].judgement.value
						 : r->bad.good);
	gb_jsonw_end(w);
}

static void lists(gb_jsonw *w, const gb_bisect_result *r)
{
	size_t i;

	gb_jsonw_array(w, "candidates");
	for (i = r->last_good + 1; r->bad.state == GB_BISECT_BAD && i <= r->first_bad; i++)
		id_member(w, NULL, &r->path[i].id);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "commits");
	for (i = 0; i < r->n; i++) {
		const gb_bisect_commit *c = &r->path[i];

		if (c->judgement.state == GB_BISECT_UNTESTED || (i == 0 && !c->measured))
			continue;
		gb_jsonw_object(w, NULL);
		id_member(w, "commit", &c->id);
		gb_jsonw_string(w, "state", state_name(c->judgement.state));
		gb_jsonw_bool(w, "measured", c->measured);
		judgement(w, &c->judgement);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
}

int cli_bisect_print_json(gb_buf *out, const gb_bisect_result *r,
	git_repository *repo, const char *name, const char *machine)
{
	gb_jsonw *w = NULL;
	int error;

	if ((error = gb_jsonw_new(&w)) < 0)
		return error;
	gb_jsonw_object(w, NULL);
	gb_jsonw_number(w, "schema", 1);
	gb_jsonw_string(w, "benchmark", name);
	gb_jsonw_string(w, "unit", r->unit ? r->unit : "");
	if (machine)
		gb_jsonw_string(w, "machine", machine);
	else
		gb_jsonw_null(w, "machine");
	gb_jsonw_string(w, "hunt", r->hunt == GB_BISECT_BETTER ? "better" : "worse");
	gb_jsonw_bool(w, "found", r->found);
	gb_jsonw_number(w, "path_length", (double)r->n);
	ends(w, r);
	first_bad(w, r, repo);
	lists(w, r);
	gb_jsonw_end(w);
	error = gb_jsonw_finish(w, out, true);
	gb_jsonw_free(w);
	return error;
}
