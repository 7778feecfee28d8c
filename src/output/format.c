/*
 * The registry of output formats: for each view, the formats it takes
 * (the first is its default) and the renderer of each. Parsing a --format,
 * describing the formats in help and errors, and dispatching all read it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/output_int.h"

static const struct {
	gb_output_view view;
	gb_output_format format;
	gb_output_fn render;
} registry[] = {
	{ GB_OUTPUT_COMPARE, GB_OUTPUT_TEXT, gb_output_compare_text },
	{ GB_OUTPUT_COMPARE, GB_OUTPUT_MARKDOWN, gb_output_compare_markdown },
	{ GB_OUTPUT_COMPARE, GB_OUTPUT_JSON, gb_output_compare_json },
	{ GB_OUTPUT_COMPARE, GB_OUTPUT_CSV, gb_output_compare_csv },
	{ GB_OUTPUT_TRENDS, GB_OUTPUT_TEXT, gb_output_trends_text },
	{ GB_OUTPUT_TRENDS, GB_OUTPUT_MARKDOWN, gb_output_trends_markdown },
	{ GB_OUTPUT_TRENDS, GB_OUTPUT_JSON, gb_output_trends_json },
	{ GB_OUTPUT_TRENDS, GB_OUTPUT_CSV, gb_output_trends_csv },
	{ GB_OUTPUT_RUNS, GB_OUTPUT_TEXT, gb_output_runs_text },
	{ GB_OUTPUT_RUNS, GB_OUTPUT_JSON, gb_output_runs_json },
	{ GB_OUTPUT_EXPORT, GB_OUTPUT_CSV, gb_output_export_csv },
	{ GB_OUTPUT_EXPORT, GB_OUTPUT_JSON, gb_output_export_json },
	{ GB_OUTPUT_EXPORT, GB_OUTPUT_OPENMETRICS, gb_output_export_openmetrics },
	{ GB_OUTPUT_BISECT, GB_OUTPUT_TEXT, gb_output_bisect_text },
	{ GB_OUTPUT_BISECT, GB_OUTPUT_JSON, gb_output_bisect_json },
	{ GB_OUTPUT_REPORT, GB_OUTPUT_HTML, gb_output_report_html },
	{ GB_OUTPUT_REPORT, GB_OUTPUT_JSON, gb_output_report_json },
	{ GB_OUTPUT_BASELINES, GB_OUTPUT_TEXT, gb_output_baselines_text },
	{ GB_OUTPUT_BASELINES, GB_OUTPUT_MARKDOWN, gb_output_baselines_markdown },
	{ GB_OUTPUT_BASELINES, GB_OUTPUT_JSON, gb_output_baselines_json },
	{ GB_OUTPUT_BASELINES, GB_OUTPUT_CSV, gb_output_baselines_csv },
	{ GB_OUTPUT_ACROSS, GB_OUTPUT_TEXT, gb_output_across_text },
	{ GB_OUTPUT_ACROSS, GB_OUTPUT_MARKDOWN, gb_output_across_markdown },
	{ GB_OUTPUT_ACROSS, GB_OUTPUT_JSON, gb_output_across_json },
	{ GB_OUTPUT_ACROSS, GB_OUTPUT_CSV, gb_output_across_csv },
};

/* The views whose renderers start from a prepared state. */
static const struct {
	gb_output_view view;
	const gb_output_prep *prep;
} preps[] = {
	{ GB_OUTPUT_COMPARE, &gb_output_compare_prep },
	{ GB_OUTPUT_TRENDS, &gb_output_trends_prep },
	{ GB_OUTPUT_BASELINES, &gb_output_baselines_prep },
	{ GB_OUTPUT_ACROSS, &gb_output_across_prep },
};

/* Names as --format takes them; "table" is what compare and log said. */
static const struct {
	const char *name;
	gb_output_format format;
} names[] = {
	{ "text", GB_OUTPUT_TEXT }, { "markdown", GB_OUTPUT_MARKDOWN },
	{ "json", GB_OUTPUT_JSON }, { "csv", GB_OUTPUT_CSV },
	{ "html", GB_OUTPUT_HTML }, { "openmetrics", GB_OUTPUT_OPENMETRICS },
	{ "table", GB_OUTPUT_TEXT },
};

const char *gb_output_format_name(gb_output_format format)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(names); i++)
		if (names[i].format == format)
			return names[i].name;
	return "?";
}

static gb_output_fn renderer(gb_output_view view, gb_output_format format)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(registry); i++)
		if (registry[i].view == view && registry[i].format == format)
			return registry[i].render;
	return NULL;
}

/* "text, markdown, json or csv", with " (default)" after the first. */
static int describe(gb_buf *out, gb_output_view view, bool mark_default)
{
	size_t i, n = 0, total = 0;

	for (i = 0; i < GB_ARRAY_SIZE(registry); i++)
		total += registry[i].view == view;
	for (i = 0; i < GB_ARRAY_SIZE(registry); i++) {
		if (registry[i].view != view)
			continue;
		gb_buf_printf(out, "%s%s%s", n == 0 ? "" : n + 1 == total
				      ? " or " : ", ",
			gb_output_format_name(registry[i].format),
			n == 0 && mark_default ? " (default)" : "");
		n++;
	}
	return out->ptr ? 0 : GB_ERROR;
}

int gb_output_formats_describe(gb_buf *out, gb_output_view view)
{
	return describe(out, view, true);
}

int gb_output_format_parse(gb_output_format *out, gb_output_view view,
	const char *name)
{
	gb_buf known = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(registry); i++)
		if (registry[i].view == view) {
			*out = registry[i].format;
			break;
		}
	if (!name)
		return 0;
	for (i = 0; i < GB_ARRAY_SIZE(names); i++)
		if (!strcmp(names[i].name, name) &&
		    renderer(view, names[i].format)) {
			*out = names[i].format;
			return 0;
		}
	describe(&known, view, false);
	gb_error_set(GB_EINVALID, "unknown format '%s' (%s)", name,
		known.ptr ? known.ptr : "");
	gb_buf_dispose(&known);
	return GB_EINVALID;
}

static const gb_output_prep *prep_of(gb_output_view view)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(preps); i++)
		if (preps[i].view == view)
			return preps[i].prep;
	return NULL;
}

int gb_output_render(gb_buf *out, gb_output_view view, const void *data,
	const gb_output_options *o)
{
	const gb_output_prep *prep = prep_of(view);
	gb_output_fn fn;
	void *state;
	int error;

	if (!o || o->version == 0 || o->version > GB_OUTPUT_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported output options version");
	if (!(fn = renderer(view, o->format)))
		return gb_error_set(GB_EINVALID, "a view cannot be shown as %s",
			gb_output_format_name(o->format));
	if (!prep)
		return fn(out, data, o);
	if (!(state = gb_calloc(1, prep->size)))
		return GB_ERROR;
	prep->prepare(state, data, o);
	error = fn(out, state, o);
	prep->dispose(state);
	free(state);
	return error;
}

int gb_output_number(gb_buf *out, double v)
{
	char text[32];

	if (!isfinite(v))
		return 0;
	gb_number_text(text, v);
	return gb_buf_puts(out, text);
}

int gb_output_json(gb_buf *out, bool pretty,
	void (*write)(gb_jsonw *w, const void *state), const void *state)
{
	gb_jsonw *w = NULL;
	int error;

	if ((error = gb_jsonw_new(&w)) < 0)
		return error;
	write(w, state);
	error = gb_jsonw_finish(w, out, pretty);
	gb_jsonw_free(w);
	return error;
}
