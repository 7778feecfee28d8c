/*
 * Shared by the adapter tests: reading fixtures and buffers, comparing
 * values, and checking that bad input fails cleanly.
 */
#ifndef GB_TEST_ADAPTER_TEST_H
#define GB_TEST_ADAPTER_TEST_H

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cjson/cJSON.h>

#include "helpers.h"

/* The warnings of the reads since at_warnings_start(), one per line. */
static gb_buf at_warned = GB_BUF_INIT;

static inline void at_warning(const char *message, void *payload)
{
	(void)payload;
	gb_buf_printf(&at_warned, "%s\n", message);
}

static inline void at_warnings_start(void)
{
	gb_buf_clear(&at_warned);
	gb_adapter_set_warning_callback(at_warning, NULL);
}

/* The warnings given since at_warnings_start(); stops collecting. */
static inline const char *at_warnings(void)
{
	gb_adapter_set_warning_callback(NULL, NULL);
	return at_warned.ptr ? at_warned.ptr : "";
}

/* Read a fixture with `format` (NULL: auto); `want` is the format used. */
static inline gb_run *at_read_fixture(const char *rel, const char *format,
	const char *want)
{
	gb_run *run = NULL;
	const char *used = NULL;

	assert_int_equal(gb_run_new(&run), 0);
	if (gb_adapter_read(run, th_fixture(rel), format, &used) < 0)
		fail_msg("%s: %s", rel, gb_error_last()->message);
	assert_non_null(used);
	assert_string_equal(used, want);
	return run;
}

static inline gb_run *at_read_text(const char *text, const char *format,
	const char *want)
{
	gb_run *run = NULL;
	const char *used = NULL;

	assert_int_equal(gb_run_new(&run), 0);
	if (gb_adapter_read_buffer(run, text, strlen(text), "input", format,
		    &used) < 0)
		fail_msg("%s", gb_error_last()->message);
	assert_string_equal(used, want);
	return run;
}

static inline cJSON *at_load_json(const char *rel)
{
	char *text = th_slurp(th_fixture(rel), NULL);
	cJSON *json = cJSON_Parse(text);

	free(text);
	assert_non_null(json);
	return json;
}

/* Equal, or both unknown; values are compared to 1e-12 relative. */
static inline void at_same(double got, double want, const char *what)
{
	if (isnan(got) || isnan(want)) {
		if (!(isnan(got) && isnan(want)))
			fail_msg("%s: got %.17g, want %.17g", what, got, want);
		return;
	}
	if (fabs(got - want) > 1e-12 * fmax(fabs(got), fabs(want)))
		fail_msg("%s: got %.17g, want %.17g", what, got, want);
}

/*
 * The result shown as `label`, which must be there: "name" in time,
 * "name [measure]" in another measure (gb_measure_label).
 */
static inline const gb_result *at_result(const gb_run *run, const char *label)
{
	gb_buf b = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < run->nresults; i++) {
		gb_buf_clear(&b);
		gb_measure_label(&b, run->results[i].name,
			run->results[i].measure);
		if (!strcmp(b.ptr, label)) {
			gb_buf_dispose(&b);
			return &run->results[i];
		}
	}
	gb_buf_dispose(&b);
	fail_msg("no result '%s' among %zu", label, run->nresults);
	return NULL;
}

/* The result of benchmark `name` in `measure`, which must be there. */
static inline const gb_result *at_result_in(const gb_run *run,
	const char *name, const char *measure)
{
	const gb_result *r = gb_run_find_measure(run, name, measure);

	if (!r)
		fail_msg("no result of '%s' in %s among %zu", name, measure,
			run->nresults);
	return r;
}

static inline void at_kind(const gb_result *r, const char *unit,
	gb_direction dir)
{
	if (strcmp(r->unit, unit) != 0)
		fail_msg("%s: unit '%s', want '%s'", r->name, r->unit, unit);
	if (r->direction != dir)
		fail_msg("%s: direction %d, want %d", r->name, r->direction, dir);
}

/*
 * The result of `printed` (what a harness printed) that stands for `j`
 * (read from its file for the same run): same name, measure, unit and
 * direction. Both runs must hold as many results.
 */
static inline const gb_result *at_counterpart(const gb_run *printed,
	const gb_run *file, size_t i)
{
	const gb_result *j = &file->results[i];
	const gb_result *c;

	assert_int_equal(printed->nresults, file->nresults);
	c = at_result_in(printed, j->name, j->measure);
	at_kind(c, j->unit, j->direction);
	return c;
}

/* Samples equal to want[0..n) times factor. */
static inline void at_samples(const gb_result *r, const double *want,
	size_t n, double factor)
{
	size_t i;

	if (r->nsamples != n)
		fail_msg("%s: %zu samples, want %zu", r->name, r->nsamples, n);
	for (i = 0; i < n; i++)
		at_same(r->samples[i], want[i] * factor, r->name);
}

/*
 * Reading `text` as `format` (NULL: auto) fails with one line naming the
 * input and saying `problem`, and adds nothing to a run that had a result.
 */
static inline void at_fails(const char *text, size_t len, const char *format,
	const char *problem)
{
	gb_run *run = NULL;
	gb_result *r;
	const char *msg;

	assert_int_equal(gb_run_new(&run), 0);
	assert_int_equal(gb_run_add_result(&r, run, "kept", "ns",
				 GB_LOWER_IS_BETTER), 0);
	if (gb_adapter_read_buffer(run, text, len, "bad.input", format, NULL) == 0)
		fail_msg("read should fail with '%s'", problem);
	msg = gb_error_last()->message;
	if (strncmp(msg, "bad.input: ", 11) != 0 || !strstr(msg, problem))
		fail_msg("'%s' should name bad.input and say '%s'", msg, problem);
	assert_null(strchr(msg, '\n'));
	assert_int_equal(run->nresults, 1);
	gb_run_free(run);
}

static inline void at_fails_str(const char *text, const char *format,
	const char *problem)
{
	at_fails(text, strlen(text), format, problem);
}

/* The first half of a fixture fails as truncated, auto-detected. */
static inline void at_truncated(const char *rel, const char *problem)
{
	size_t len;
	char *text = th_slurp(th_fixture(rel), &len);

	at_fails(text, len / 2, NULL, problem);
	free(text);
}

/* A fixture's text with the first `from` replaced by `to`; free() it. */
static inline char *at_changed(const char *rel, const char *from,
	const char *to)
{
	char *text = th_slurp(th_fixture(rel), NULL);
	char *at = strstr(text, from);
	gb_buf out = GB_BUF_INIT;

	if (!at)
		fail_msg("'%s' is not in %s", from, rel);
	gb_buf_put(&out, text, (size_t)(at - text));
	gb_buf_puts(&out, to);
	gb_buf_puts(&out, at + strlen(from));
	free(text);
	return gb_buf_detach(&out);
}

/*
 * Reading `text` succeeds, and gives exactly one warning, which names the
 * input and says `warning`.
 */
static inline gb_run *at_read_warned(const char *text, const char *want,
	const char *warning)
{
	gb_run *run;
	const char *w;

	at_warnings_start();
	run = at_read_text(text, NULL, want);
	w = at_warnings();
	if (strncmp(w, "input: ", 7) != 0 || !strstr(w, warning) ||
	    strchr(w, '\n') != w + strlen(w) - 1)
		fail_msg("warnings '%s' should be one line saying '%s'", w,
			warning);
	return run;
}

/* at_read_warned of a fixture. */
static inline gb_run *at_fixture_warned(const char *rel, const char *want,
	const char *warning)
{
	char *text = th_slurp(th_fixture(rel), NULL);
	gb_run *run = at_read_warned(text, want, warning);

	free(text);
	return run;
}

/* A fixture with the first `from` replaced by `to` fails saying `problem`. */
static inline void at_damaged(const char *rel, const char *from,
	const char *to, const char *format, const char *problem)
{
	char *text = at_changed(rel, from, to);

	at_fails(text, strlen(text), format, problem);
	free(text);
}

#endif
