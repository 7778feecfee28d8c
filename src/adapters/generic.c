/*
 * The generic format, for any harness without an adapter: a JSON array
 * (or {"benchmarks": [...]}) of {"name", "measure", "unit", "value" and/or
 * "samples", "range", "direction", "extra"}. "measure" names what is
 * measured ("time", "peak-memory", "binary-size"); without one, the unit
 * says (gb_measure_for_unit), as it did before items had one. It is the format of
 * github-action-benchmark's customSmallerIsBetter and customBiggerIsBetter
 * tools, read as is. Times are normalised to ns; "range" ("± 12",
 * "+/- 1.5", 12) becomes the standard deviation when it is a plain number;
 * "direction" is "lower" or "higher". Without one, the direction comes
 * from the format named (custom-smaller-is-better, custom-bigger-is-
 * better) or, for generic, from the unit: rates are higher-is-better.
 * docs/formats.md has the full description.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gitbench/units.h"
#include "json.h"
#include "util.h"

typedef enum { BY_UNIT, LOWER, HIGHER } default_direction;

static int direction(gb_direction *out, const cJSON *item, const char *unit,
	default_direction dflt, const char *source, const char *name)
{
	const cJSON *d = cJSON_GetObjectItemCaseSensitive(item, "direction");

	if (d && !cJSON_IsNull(d)) {
		if (cJSON_IsString(d) && strcmp(d->valuestring, "lower") == 0)
			*out = GB_LOWER_IS_BETTER;
		else if (cJSON_IsString(d) && strcmp(d->valuestring, "higher") == 0)
			*out = GB_HIGHER_IS_BETTER;
		else
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': direction is not \"lower\" or "
				"\"higher\"", source, name);
		return 0;
	}
	if (dflt == BY_UNIT)
		*out = gb_adapter_unit_direction(unit);
	else
		*out = dflt == HIGHER ? GB_HIGHER_IS_BETTER : GB_LOWER_IS_BETTER;
	return 0;
}

/* "± 12", "+/- 12", "+- 12", "12" or 12; NAN for anything else. */
static double range(const cJSON *item)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(item, "range");
	const char *p, *end;
	double v;

	if (cJSON_IsNumber(r))
		return isfinite(r->valuedouble) ? fabs(r->valuedouble) : NAN;
	if (!cJSON_IsString(r))
		return NAN;
	p = r->valuestring;
	while (*p == ' ')
		p++;
	if (strncmp(p, "\xc2\xb1", 2) == 0)
		p += 2;
	else if (strncmp(p, "+/-", 3) == 0)
		p += 3;
	else if (strncmp(p, "+-", 2) == 0)
		p += 2;
	while (*p == ' ')
		p++;
	if (gb_adapter_parse_number(&v, p, &end, false) < 0 || v < 0)
		return NAN;
	while (*end == ' ')
		end++;
	return *end ? NAN : v;
}

static int read_values(gb_result *r, const cJSON *item, double f,
	const char *source)
{
	const cJSON *samples = cJSON_GetObjectItemCaseSensitive(item, "samples");
	double *s, v;
	size_t n;
	int error;

	if ((error = gb_json_get_number(&v, item, "value", false, source,
		     r->name)) < 0)
		return error;
	if (isnan(v) && (!samples || cJSON_IsNull(samples)))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': missing value (or samples)", source, r->name);
	r->mean = v * f;
	r->stddev = range(item) * f;
	if (!samples || cJSON_IsNull(samples))
		return 0;
	if ((error = gb_json_get_samples(&s, &n, samples, f, source, r->name,
		     "samples")) < 0)
		return error;
	gb_result_set_samples(r, s, n);
	gb_adapter_finish_result(r);
	return 0;
}

/*
 * Whether a unit says lower is better by itself: a time, a size, a count
 * of work done (a rate says higher: gb_units_is_rate).
 */
static bool unit_says_lower(const char *unit)
{
	static const char *const lower[] = {
		"", "B", "bytes", "byte", "kB", "KB", "MB", "GB", "KiB", "MiB",
		"GiB", "instructions", "instr", "Ir", "cycles", "allocs",
		"allocations", "count", "calls", "misses", "faults", "ns/op",
		"B/op", "allocs/op", "ns/iter", "bytes/op",
	};
	size_t i;

	if (gb_units_is_time(unit) || gb_adapter_time_factor(unit))
		return true;
	for (i = 0; i < GB_ARRAY_SIZE(lower); i++)
		if (!strcasecmp(unit, lower[i]))
			return true;
	return false;
}

/* Units whose direction was taken for lower is better, unsaid. */
typedef struct {
	size_t n;
	const char *unit, *name;
} guessed;

static int read_one(gb_run *run, const cJSON *item, size_t index,
	default_direction dflt, const char *source, guessed *g)
{
	const char *name = gb_json_string(item, "name");
	const char *unit = gb_json_string(item, "unit");
	const cJSON *measure = cJSON_GetObjectItemCaseSensitive(item, "measure");
	gb_direction dir = GB_LOWER_IS_BETTER;
	gb_result *r;
	double f;
	int error;

	if (!cJSON_IsObject(item) || !name)
		return gb_error_set(GB_EINVALID, "%s: item %zu has no name",
			source, index + 1);
	if (!unit)
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': missing unit", source, name);
	if (measure && !cJSON_IsNull(measure) &&
	    (!cJSON_IsString(measure) || !*measure->valuestring))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': measure is not a name", source, name);
	if ((error = direction(&dir, item, unit, dflt, source, name)) < 0)
		return error;
	if (dflt == BY_UNIT && !gb_units_is_rate(unit) &&
	    !unit_says_lower(unit) &&
	    !cJSON_GetObjectItemCaseSensitive(item, "direction") && !g->n++) {
		g->unit = unit;
		g->name = name;
	}
	f = gb_adapter_time_factor(unit);
	if ((error = gb_run_add_measure(&r, run, name,
		     cJSON_IsString(measure) ? measure->valuestring : NULL,
		     f ? "ns" : unit, dir)) < 0)
		return error;
	return read_values(r, item, f ? f : 1, source);
}

static int read_list(gb_run *run, const char *data, size_t len,
	const char *source, default_direction dflt)
{
	const cJSON *list, *item;
	cJSON *json = NULL;
	guessed g = { 0, NULL, NULL };
	size_t i = 0;
	int error;

	if ((error = gb_json_parse(&json, data, len, source)) < 0)
		return error;
	list = cJSON_IsObject(json)
		       ? cJSON_GetObjectItemCaseSensitive(json, "benchmarks") : json;
	if (!cJSON_IsArray(list)) {
		error = gb_error_set(GB_EINVALID, "%s: not a list of benchmarks "
			"(a JSON array, or an object with a \"benchmarks\" array)",
			source);
		goto cleanup;
	}
	cJSON_ArrayForEach(item, list)
		if ((error = read_one(run, item, i++, dflt, source, &g)) < 0)
			goto cleanup;
	/* Said, not guessed in silence: a score read the wrong way round
	 * calls every improvement a regression. */
	if (g.n)
		gb_adapter_warn("%s: benchmark '" GB_NAME_SHOWN "'%s: unit "
			"'%.40s' does not say whether higher is better; read as "
			"lower is better (give \"direction\": \"higher\" or "
			"\"lower\")", source, g.name, g.n > 1 ? " and others" : "",
			g.unit);
cleanup:
	cJSON_Delete(json);
	return error;
}

static int generic_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	return read_list(run, data, len, source, BY_UNIT);
}

static int smaller_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	return read_list(run, data, len, source, LOWER);
}

static int bigger_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	return read_list(run, data, len, source, HIGHER);
}

static int generic_detect(const char *data, size_t len)
{
	static const char *const required[] = { "name", "unit", NULL };
	static const char *const typical[] = { "value", "range", "extra",
		"samples", "direction", "measure", NULL };
	int score;

	if (!gb_json_starts_with(data, len, '[') &&
	    !gb_json_starts_with(data, len, '{'))
		return 0;
	/* The format anything can be written in yields to the specific ones. */
	score = gb_json_key_score(data, len, required, typical);
	return score ? score - 20 : 0;
}

const gb_adapter gb_adapter_generic = {
	"generic",
	"a JSON list of {name, measure, unit, value or samples, range, direction} (docs/formats.md)",
	NULL,
	NULL,
	generic_detect,
	generic_read,
};

const gb_adapter gb_adapter_custom_smaller = {
	"custom-smaller-is-better",
	"generic, lower is better unless an item says otherwise (github-action-benchmark customSmallerIsBetter)",
	NULL,
	NULL,
	NULL,
	smaller_read,
};

const gb_adapter gb_adapter_custom_bigger = {
	"custom-bigger-is-better",
	"generic, higher is better unless an item says otherwise (github-action-benchmark customBiggerIsBetter)",
	NULL,
	NULL,
	NULL,
	bigger_read,
};
