/*
 * One commit across machines: each machine's nearest measured ancestor of
 * the revision against its own baseline, with the check every other
 * comparison uses.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "gitbench/across.h"
#include "gitbench/machine.h"
#include "gitbench/names.h"
#include "gitbench/revision.h"

/* The machines of the runs at `start` and its measured first parents. */
static int near_entry(const gb_measured_commit *m, void *payload)
{
	struct { gb_store *store; gb_names *names; } *p = payload;
	gb_runlist runs = { 0 };
	int error = gb_store_read(&runs, p->store, m->commit, NULL);

	if (error == GB_ENOTFOUND)
		return 0;
	if (error == 0)
		error = gb_names_add_machines(p->names, &runs, NULL);
	gb_runlist_dispose(&runs);
	return error;
}

static int machines_near(gb_names *out, gb_store *store, const git_oid *start)
{
	gb_walk_options o = GB_WALK_OPTIONS_INIT;
	struct { gb_store *store; gb_names *names; } p = { store, out };

	o.max_distance = GB_BASELINE_MAX_DISTANCE;
	return gb_store_measured_foreach(store, start, &o, near_entry, &p);
}

/* 1 to stop: a run of the machine is recorded somewhere. */
static int anywhere_entry(const gb_history_entry *e, void *payload)
{
	return e->run && e->run->machine &&
		strcmp(e->run->machine, payload) == 0;
}

/* Compare `m` at `start` on its machine; what stops it is said in `why`. */
static int across_one(gb_across_machine *m, gb_store *store,
	const gb_across *a, const char *base_rev, const gb_check_options *opts)
{
	gb_check_options o = *opts;
	gb_baseline at = { 0 };
	int error;

	o.machine = m->key;
	o.any_machine = false;
	if ((error = gb_check_init(&m->check, store, &o)) < 0)
		return error;
	if ((error = gb_baseline_find(&at, store, &a->requested, m->key,
		     GB_BASELINE_MAX_DISTANCE)) == GB_ENOTFOUND) {
		gb_error_clear();
		error = gb_store_history_foreach(store, NULL, anywhere_entry,
			m->key);
		if (error == 0) {
			/* A typo, as export and log say it: the nearest keys. */
			gb_names machines = { NULL, 0, 0, NULL };
			char said[512];

			if ((error = gb_names_machines(&machines, store)) == 0)
				error = gb_names_match_machine(&machines, m->key);
			gb_names_dispose(&machines);
			if (error < 0 && error != GB_ENOTFOUND)
				return error;
			snprintf(said, sizeof(said), "%s", error < 0
				? gb_error_last()->message : "unknown machine");
			return gb_error_set(GB_EINVALID, "%s", said);
		}
		return error < 0 ? error : gb_run_set_string(&m->why,
			"no runs at this revision or its ancestors");
	}
	m->measured = error == 0;
	m->distance = at.distance;
	if (error == 0 &&
	    ((error = gb_check_head_commit(&m->check, &at.commit, a->rev)) < 0 ||
	     (error = gb_check_machine(&m->check)) < 0 ||
	     (error = gb_check_base_rev(&m->check, base_rev)) < 0 ||
	     (error = gb_check_compare(&m->check)) < 0) &&
	    error != GB_ERROR) {
		/* This machine cannot be compared: said, and the rest go on. */
		error = gb_run_set_string(&m->why, gb_error_last()->message);
		gb_error_clear();
	}
	gb_baseline_dispose(&at);
	return error;
}

static int across_add(gb_across *a, const gb_config *cfg, const char *name)
{
	gb_across_machine *grown, *m;
	char key[512];
	int error;

	grown = realloc(a->machines, (a->n + 1) * sizeof(*grown));
	if (!grown)
		return gb_error_set(GB_ERROR, "out of memory");
	a->machines = grown;
	m = memset(&a->machines[a->n++], 0, sizeof(*m));
	if ((error = gb_machine_resolve(&m->key, cfg, name)) < 0)
		return error;
	snprintf(key, sizeof(key), "bench.machine.%s.alias", m->key);
	return gb_run_set_string(&m->alias, gb_config_get(cfg, key, NULL));
}

int gb_across_compare(gb_across *out, gb_store *store, const char *rev,
	const char *const *keys, size_t nkeys, const char *base_rev,
	const gb_check_options *opts)
{
	gb_check_options defaults = GB_CHECK_OPTIONS_INIT;
	const gb_config *cfg = gb_store_config(store);
	gb_names near = { 0 };
	size_t i;
	int error;

	memset(out, 0, sizeof(*out));
	if ((error = gb_run_set_string(&out->rev, rev)) < 0 ||
	    (error = gb_revision_resolve(&out->requested, store, rev)) < 0)
		return error;
	if (!nkeys) {
		if ((error = machines_near(&near, store, &out->requested)) < 0)
			goto cleanup;
		if (!near.n) {
			error = gb_error_set(GB_ENOTFOUND, "%s has no results on "
				"any machine, nor its first-parent ancestors", rev);
			goto cleanup;
		}
		keys = (const char *const *)near.names;
		nkeys = near.n;
	}
	for (i = 0; i < nkeys && error == 0; i++)
		error = across_add(out, cfg, keys[i]);
	for (i = 0; i < out->n && error == 0; i++)
		error = across_one(&out->machines[i], store, out, base_rev,
			opts ? opts : &defaults);
cleanup:
	gb_names_dispose(&near);
	return error;
}

void gb_across_dispose(gb_across *a)
{
	size_t i;

	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		gb_check_dispose(&a->machines[i].check);
		free(a->machines[i].key);
		free(a->machines[i].alias);
		free(a->machines[i].why);
	}
	free(a->machines);
	free(a->rev);
	memset(a, 0, sizeof(*a));
}
