#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
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

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int gb_units_is_rate(const char *unit)
{
	static const char *const rates[] = {
		"ops", "ips", "fps", "qps", "rps", "tps", "Hz", "hz", "kHz",
		"MHz", "GHz",
	};
	static const char *const per_second[] = {
		"/s", "/sec", "/second", " per second", "_per_second",
	};
	size_t i;

	for (i = 0; unit && i < GB_ARRAY_SIZE(rates); i++)
		if (strcmp(unit, rates[i]) == 0)
			return 1;
	for (i = 0; unit && i < GB_ARRAY_SIZE(per_second); i++)
		if (ends_with(unit, per_second[i]))
			return 1;
	return 0;
}

/*
 * How a value is shown: value * mul / div, with `decimals`, then `prefix`
 * and `unit` (the data's unit, of any length, or a time unit's name).
 */
typedef struct {
	double mul, div;     /* powers of ten */
	int decimals;
	const char *prefix;
	const char *unit;
} shown;

/* Two decimals, as people write times; a value of its own below 0.1
 * keeps three significant digits; a whole count, none. */
static int decimals_of(double v, bool time, bool own)
{
	double a = fabs(v);

	if (v == 0 || (a >= 1 && floor(a) == a && !time))
		return 0;
	if (own && a > 0 && a < 0.1)
		return a >= 0.01 ? 3 : 4;
	return 2;
}

static void show_as(shown *s, double value, const char *unit, double ref,
	bool own)
{
	static const char *time_names[] = { "ns", "\xc2\xb5s", "ms", "s" };
	static const char *prefixes[] = { "", "k", "M", "G", "T" };
	double f;
	int i = 0;

	if ((f = time_factor(unit)) != 0) {
		ref *= f;
		for (i = 0; i < 3 && fabs(ref) >= 1000; i++)
			ref /= 1000;
		s->mul = f;
		s->div = pow(1000, i);
		s->prefix = "";
		s->unit = time_names[i];
	} else if (ref != 0 && fabs(ref) < 0.01 &&
		   isalpha((unsigned char)unit[0]) && gb_units_is_rate(unit)) {
		/* A slow rate: 12.10 µops/s, not 0.0000 ops/s. */
		static const char *small[] = { "", "m", "\xc2\xb5", "n" };

		for (i = 0; i < 3 && fabs(ref) < 1; i++)
			ref *= 1000;
		s->mul = pow(1000, i);
		s->div = 1;
		s->prefix = small[i];
		s->unit = unit;
	} else if (fabs(ref) < 1000 || !*unit ||
		   !isalpha((unsigned char)unit[0])) {
		s->mul = s->div = 1;
		s->prefix = "";
		s->unit = unit;
	} else {
		for (i = 0; i < 4 && fabs(ref) >= 1000; i++)
			ref /= 1000;
		s->mul = 1;
		s->div = pow(1000, i);
		s->prefix = prefixes[i];
		s->unit = unit;
	}
	/* A time, or a rate scaled up, is a measurement: never a whole count. */
	s->decimals = decimals_of(value * s->mul / s->div, f != 0 || s->mul > 1,
		own);
}

int gb_units_format_as(gb_buf *out, double value, const char *unit,
	double ref)
{
	bool own = isnan(ref) || ref == value;
	double v;
	shown s;

	if (isnan(value))
		return gb_buf_puts(out, "-");
	if (!unit)
		unit = "";
	show_as(&s, value, unit, isnan(ref) ? value : ref, own);
	/* A count without a unit (a user counter) has no trailing blank; a
	 * figure past 10^15 in its unit is written with an exponent, never
	 * as hundreds of digits. */
	v = value * s.mul / s.div;
	if ((fabs(v) >= 1e15 ? gb_buf_printf(out, "%.2e", v)
			     : gb_buf_printf(out, "%.*f", s.decimals, v)) < 0 ||
	    gb_buf_printf(out, "%s%s", *s.unit ? " " : "", s.prefix) < 0)
		return GB_ERROR;
	/* The unit is data (a results file's, a remote's): escaped. */
	return gb_escape_unit(out, s.unit);
}

double gb_units_round(double value, const char *unit)
{
	shown s;
	int e;
	double p;

	if (!isfinite(value))
		return value;
	show_as(&s, value, unit ? unit : "", value, true);
	/* At a power of ten, divided exactly, so that the double is the one
	 * nearest the decimal that is printed. */
	e = (int)lround(log10(s.div / s.mul)) - s.decimals;
	if (e >= 0) {
		p = pow(10, e);
		return round(value / p) * p;
	}
	p = pow(10, -e);
	return round(value * p) / p;
}

double gb_units_percent(double p, int decimals)
{
	/* Past a billion percent a figure says nothing more, and printed
	 * whole it would be hundreds of digits wide (1e308 over 50 ms). */
	if (fabs(p) > 1e9)
		return copysign(INFINITY, p);
	if (!isfinite(p))
		return p;
	return fabs(p) < 0.5 * pow(10, -decimals) ? 0.0 : p;
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
