/* The runs recorded for a commit: for people, or as JSON. */
#include <math.h>
#include <string.h>

#include "gitbench/date.h"
#include "gitbench/escape.h"
#include "gitbench/units.h"
#include "output/output_int.h"
#include "util/index.h"

static void json_run(gb_jsonw *w, const gb_run *run, bool samples)
{
	size_t i, k;

	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "id", run->id);
	gb_json_oid(w, "commit", &run->commit);
	if (!git_oid_is_zero(&run->carried_from))
		gb_json_oid(w, "carried_from", &run->carried_from);
	gb_jsonw_number(w, "time", (double)run->time);
	gb_jsonw_string(w, "label", run->label);
	gb_jsonw_string(w, "machine", run->machine);
	gb_jsonw_string(w, "format", run->format);
	gb_jsonw_object(w, "env");
	gb_jsonw_string(w, "host", run->env.host);
	gb_jsonw_string(w, "os", run->env.os);
	gb_jsonw_string(w, "arch", run->env.arch);
	gb_jsonw_string(w, "cpu", run->env.cpu);
	gb_jsonw_number(w, "cores", run->env.cores ? run->env.cores : NAN);
	gb_jsonw_string(w, "toolchain", run->env.toolchain);
	gb_jsonw_end(w);
	if (gb_usage_known(&run->usage)) {
		gb_jsonw_object(w, "usage");
		gb_jsonw_number(w, "wall", run->usage.wall);
		gb_jsonw_number(w, "user", run->usage.user);
		gb_jsonw_number(w, "system", run->usage.system);
		gb_jsonw_number(w, "maxrss", run->usage.maxrss);
		gb_jsonw_end(w);
	}
	gb_jsonw_array(w, "results");
	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];

		gb_jsonw_object(w, NULL);
		gb_jsonw_string(w, "name", r->name);
		gb_jsonw_string(w, "measure", r->measure);
		gb_jsonw_string(w, "unit", r->unit);
		gb_jsonw_string(w, "direction", gb_text_direction(r->direction));
		gb_jsonw_number(w, "mean", r->mean);
		gb_jsonw_number(w, "median", r->median);
		gb_jsonw_number(w, "stddev", r->stddev);
		gb_jsonw_number(w, "min", r->min);
		gb_jsonw_number(w, "max", r->max);
		gb_jsonw_number(w, "slope", r->slope);
		gb_jsonw_number(w, "count", r->count ? (double)r->count : NAN);
		gb_jsonw_number(w, "iterations",
			r->iterations ? (double)r->iterations : NAN);
		if (samples) {
			gb_jsonw_array(w, "samples");
			for (k = 0; k < r->nsamples; k++)
				gb_jsonw_number(w, NULL, r->samples[k]);
			gb_jsonw_end(w);
		}
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

static void env_line(gb_buf *out, const gb_run *run)
{
	const char *parts[] = { run->env.os, run->env.arch, run->env.cpu };
	size_t i, n = 0;

	gb_escape_text(out, run->machine);
	for (i = 0; i < 3; i++) {
		if (!parts[i])
			continue;
		gb_buf_puts(out, n++ ? ", " : " (");
		gb_escape_text(out, parts[i]);
	}
	if (run->env.cores)
		gb_buf_printf(out, "%s%u core%s", n++ ? ", " : " (", run->env.cores,
			run->env.cores == 1 ? "" : "s");
	if (n)
		gb_buf_putc(out, ')');
}

static void show_value(gb_buf *out, const gb_result *r)
{
	gb_units_format(out, r->mean, r->unit);
	if (!isnan(r->stddev)) {
		gb_buf_puts(out, " (\xc2\xb1");
		gb_units_format_as(out, r->stddev, r->unit, r->mean);
		gb_buf_putc(out, ')');
	}
	gb_buf_putc(out, '\n');
}

/* What the suite's command cost: "1.20 s user, 34.50 MB peak memory". */
static void show_usage(gb_buf *out, const gb_usage *u)
{
	const double v[] = { u->wall, u->user, u->system, u->maxrss };
	const char *what[] = { " wall", " user", " system", " peak memory" };
	size_t i, n = 0;

	if (!gb_usage_known(u))
		return;
	gb_buf_puts(out, "Command:  ");
	for (i = 0; i < 4; i++) {
		if (isnan(v[i]))
			continue;
		gb_buf_puts(out, n++ ? ", " : "");
		gb_units_format(out, v[i], i == 3 ? "B" : "ns");
		gb_buf_puts(out, what[i]);
	}
	gb_buf_putc(out, '\n');
}

static gb_index_key result_key(const void *items, size_t pos)
{
	gb_index_key k = { ((const gb_result *)items)[pos].name, NULL };

	return k;
}

/*
 * The results in the order shown: each benchmark once, where it first
 * appears, with all its measures, time first. order[i] is a result;
 * *nbench counts the benchmarks. NULL when out of memory.
 */
static size_t *show_order(const gb_run *run, size_t *nbench)
{
	size_t *group = gb_calloc(run->nresults + 1, sizeof(size_t));
	size_t *count = gb_calloc(run->nresults + 1, sizeof(size_t));
	size_t *order = gb_calloc(run->nresults + 1, sizeof(size_t));
	gb_index ix = GB_INDEX_INIT;
	size_t i, pos, g, n = 0;

	if (!group || !count || !order)
		goto fail;
	for (i = 0; i < run->nresults; i++) {
		if (!gb_index_find(&g, &ix, result_key(run->results, i),
			    result_key, run->results)) {
			g = n++;
			if (gb_index_add(&ix, result_key(run->results, i), i,
				    result_key, run->results) < 0)
				goto fail;
			group[i] = g;
		} else {
			group[i] = group[g];
		}
		count[group[i] + 1]++;
	}
	/* Where each benchmark's results start, then place them. */
	for (g = 1; g <= n; g++)
		count[g] += count[g - 1];
	for (i = 0; i < run->nresults; i++) {
		pos = count[group[i]]++;
		order[pos] = i;
		/* Time first among a benchmark's measures. */
		if (!strcmp(run->results[i].measure, GB_MEASURE_TIME)) {
			size_t first = pos;

			while (first > 0 && group[order[first - 1]] == group[i])
				first--;
			order[pos] = order[first];
			order[first] = i;
		}
	}
	free(group);
	free(count);
	gb_index_dispose(&ix);
	*nbench = n;
	return order;
fail:
	free(group);
	free(count);
	free(order);
	gb_index_dispose(&ix);
	return NULL;
}

/*
 * "  • name - value", or, when that passes `width`, the name alone (cut
 * onto more lines when no line holds it) and its time below it as its
 * other measures are.
 */
static void show_results(gb_buf *out, const gb_run *run, size_t width)
{
	size_t i, nbench = 0, *order = show_order(run, &nbench);
	gb_buf name = GB_BUF_INIT, value = GB_BUF_INIT;
	const char *last = NULL;
	bool own_line = false;

	if (!order)
		return;
	gb_buf_printf(out, "Benchmarks (%zu):\n", nbench);
	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[order[i]];
		bool time = !strcmp(r->measure, GB_MEASURE_TIME);

		gb_buf_clear(&value);
		show_value(&value, r);
		if (!last || strcmp(last, r->name)) {
			gb_buf_clear(&name);
			gb_escape_text(&name, r->name);
			/* "  • " and " - " take 7 cells; the value ends in \n. */
			own_line = !time || 7 + gb_text_width(name.ptr ? name.ptr :
				"") + gb_text_width(value.ptr) - 1 > width;
			gb_buf_puts(out, "  \xe2\x80\xa2 ");
			gb_text_fold(out, name.ptr ? name.ptr : "", 4, 4, width);
			gb_buf_puts(out, own_line ? "\n" : " - ");
		}
		if (own_line || !time) {
			gb_buf_puts(out, "      ");
			gb_escape_text(out, r->measure);
			gb_buf_puts(out, ": ");
		}
		gb_buf_puts(out, value.ptr);
		last = r->name;
	}
	gb_buf_dispose(&name);
	gb_buf_dispose(&value);
	free(order);
}

static void show_run(gb_buf *out, const gb_run *run, int64_t now,
	size_t width)
{
	gb_buf env = GB_BUF_INIT;

	if (run->label) {
		gb_buf_puts(out, "Label:    ");
		gb_escape_text(out, run->label);
		gb_buf_putc(out, '\n');
	}
	gb_buf_puts(out, "Date:     ");
	gb_date_relative(out, run->time, now);
	gb_buf_puts(out, " (");
	gb_date_format(out, run->time, GB_DATE_LOCAL);
	gb_buf_puts(out, ")\nMachine:  ");
	env_line(&env, run);
	/* Folded under itself: the machine key, then what the machine is. */
	gb_text_wrap(out, env.ptr ? env.ptr : "", 10, 10, width);
	gb_buf_dispose(&env);
	gb_buf_printf(out, "\nRun:      %s (", run->id);
	gb_escape_text(out, run->format ? run->format : "unknown");
	gb_buf_putc(out, ')');
	if (!git_oid_is_zero(&run->carried_from))
		gb_buf_printf(out, "\nMeasured: on %.7s, which git rewrote into "
			"this commit", git_oid_tostr_s(&run->carried_from));
	gb_buf_putc(out, '\n');
	show_usage(out, &run->usage);
	gb_buf_putc(out, '\n');
	show_results(out, run, width);
}

static void write_json(gb_jsonw *w, const void *state)
{
	const gb_output_runs_data *d = state;
	size_t i;

	gb_jsonw_object(w, NULL);
	gb_json_oid(w, "commit", d->commit);
	gb_jsonw_array(w, "runs");
	for (i = 0; i < d->runs->count; i++)
		json_run(w, d->runs->runs[i], d->samples);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

int gb_output_runs_text(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	const gb_output_runs_data *d = data;
	int64_t now = o->now ? o->now : gb_date_now_us() / 1000000;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	git_oid_tostr(hex, sizeof(hex), d->commit);
	for (i = 0; i < d->runs->count; i++) {
		if (i)
			gb_buf_putc(out, '\n');
		gb_buf_printf(out, "commit %s\n", hex);
		show_run(out, d->runs->runs[i], now, o->width ? o->width : 80);
	}
	return out->ptr || !d->runs->count ? 0 : GB_ERROR;
}

int gb_output_runs_json(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return gb_output_json(out, true, write_json, data);
}

int gb_output_runs(gb_buf *out, const gb_runlist *runs, const git_oid *commit,
	bool samples, const gb_output_options *opts)
{
	gb_output_runs_data d = { runs, commit, samples };

	return gb_output_render(out, GB_OUTPUT_RUNS, &d, opts);
}
