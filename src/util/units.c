#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "gitbench/escape.h"
#include "gitbench/units.h"

static const struct {
	const char *name;
	double ns;
} time_units[] = {
	{ "ns", 1 }, { "us", 1e3 }, { "\xc2\xb5s", 1e3 }, { "\xce\xbcs", 1e3 },
	{ "ms", 1e6 }, { "s", 1e9 },
};

static double time_factor(const char *unit)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(time_units); i++)
		if (strcmp(unit, time_units[i].name) == 0)
			return time_units[i].ns;
	return 0;
}

double gb_units_to_ns(double value, const char *unit)
{
	double f = unit ? time_factor(unit) : 0;

	return f ? value * f : NAN;
}

int gb_units_is_time(const char *unit)
{
	return unit && time_factor(unit) != 0;
}

static int put_number(gb_buf *out, double v, const char *unit, bool own)
{
	/* Two decimals, as people write times; a value of its own below 0.1
	 * keeps three significant digits. */
	double a = fabs(v);
	int decimals = 2;

	if (own && a > 0 && a < 0.1)
		decimals = a >= 0.01 ? 3 : 4;
	if (v == 0 || (a >= 1 && floor(a) == a && !gb_units_is_time(unit)))
		decimals = 0;
	/* A count without a unit (a user counter) has no trailing blank. */
	if (gb_buf_printf(out, "%.*f%s", decimals, v, *unit ? " " : "") < 0)
		return GB_ERROR;
	/* The unit is data (a results file's, a remote's): escaped. */
	return gb_escape_unit(out, unit);
}

int gb_units_format_as(gb_buf *out, double value, const char *unit,
	double ref)
{
	static const char *time_names[] = { "ns", "\xc2\xb5s", "ms", "s" };
	static const char *prefixes[] = { "", "k", "M", "G", "T" };
	bool own = isnan(ref) || ref == value;
	double f, v;
	int i = 0;

	if (isnan(value))
		return gb_buf_puts(out, "-");
	if (!unit)
		unit = "";
	if (isnan(ref))
		ref = value;
	if ((f = time_factor(unit)) != 0) {
		ref *= f;
		for (i = 0; i < 3 && fabs(ref) >= 1000; i++)
			ref /= 1000;
		return put_number(out, value * f / pow(1000, i), time_names[i],
			own);
	}
	if (fabs(ref) < 1000 || !*unit || !isalpha((unsigned char)unit[0]))
		return put_number(out, value, unit, own);
	for (i = 0; i < 4 && fabs(ref) >= 1000; i++)
		ref /= 1000;
	v = value / pow(1000, i);
	{
		gb_buf u = GB_BUF_INIT;
		int error;

		gb_buf_printf(&u, "%s%s", prefixes[i], unit);
		error = put_number(out, v, u.ptr, own);
		gb_buf_dispose(&u);
		return error;
	}
}

int gb_units_format(gb_buf *out, double value, const char *unit)
{
	return gb_units_format_as(out, value, unit, value);
}

int gb_units_parse_duration(double *ns, const char *text)
{
	char *end;
	double v, f;

	if (!text || !*text)
		return gb_error_set(GB_EINVALID, "empty duration");
	v = strtod(text, &end);
	if (end == text || !isfinite(v) || v < 0)
		return gb_error_set(GB_EINVALID, "'%s' is not a duration", text);
	while (*end == ' ')
		end++;
	if (!*end)
		return gb_error_set(GB_EINVALID,
			"'%s' has no unit (ns, us, ms or s)", text);
	if ((f = time_factor(end)) == 0)
		return gb_error_set(GB_EINVALID,
			"'%s': unknown unit '%s' (ns, us, ms or s)", text, end);
	*ns = v * f;
	return 0;
}
