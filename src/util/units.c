#include <ctype.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/*
 * Seconds in a time unit written under a rate's "/" (0: not a time), in
 * any case ("ops/Sec"); `exact`: as written ("MS/s" counts mega-samples,
 * not milliseconds).
 */
static double per_seconds_as(const char *t, size_t n, bool exact)
{
	static const struct {
		const char *name;
		double s;
	} units[] = {
		{ "s", 1 }, { "sec", 1 }, { "secs", 1 }, { "second", 1 },
		{ "ms", 1e-3 }, { "us", 1e-6 }, { "\xc2\xb5s", 1e-6 },
		{ "\xce\xbcs", 1e-6 }, { "ns", 1e-9 }, { "min", 60 },
		{ "minute", 60 }, { "h", 3600 }, { "hr", 3600 }, { "hour", 3600 },
		{ "day", 86400 },
	};
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(units); i++)
		if (strlen(units[i].name) == n &&
		    (exact ? strncmp(t, units[i].name, n)
			   : strncasecmp(t, units[i].name, n)) == 0)
			return units[i].s;
	return 0;
}

static double per_seconds(const char *t, size_t n)
{
	return per_seconds_as(t, n, false);
}

int gb_units_is_rate(const char *unit)
{
	/* Counts of something per second, said in one word. */
	static const char *const rates[] = {
		"ops", "ips", "fps", "qps", "rps", "tps", "iops", "hz", "khz",
		"mhz", "ghz", "flops", "kflops", "mflops", "gflops", "tflops",
		"pflops", "bps", "kbps", "mbps", "gbps", "tbps", "throughput",
		"per second",
	};
	static const char *const per_second[] = {
		" per second", "_per_second", " per sec", "-per-second",
	};
	const char *slash;
	size_t i, n;

	if (!unit)
		return 0;
	for (i = 0; i < GB_ARRAY_SIZE(rates); i++)
		if (strcasecmp(unit, rates[i]) == 0)
			return 1;
	n = strlen(unit);
	for (i = 0; i < GB_ARRAY_SIZE(per_second); i++) {
		size_t k = strlen(per_second[i]);

		if (n >= k && strcasecmp(unit + n - k, per_second[i]) == 0)
			return 1;
	}
	/* "<what>/<time>": ops/ms, MB/s, req/min; not ns/op, a time per. */
	slash = strrchr(unit, '/');
	return slash && slash > unit &&
	       per_seconds(slash + 1, strlen(slash + 1)) > 0 &&
	       !per_seconds_as(unit, (size_t)(slash - unit), true);
}

/* Decimal and binary prefixes of a rate's count. */
static double prefix_factor(const char *p, size_t n)
{
	static const struct {
		const char *name;
		double f;
	} prefixes[] = {
		{ "k", 1e3 }, { "K", 1e3 }, { "M", 1e6 }, { "G", 1e9 },
		{ "T", 1e12 }, { "P", 1e15 }, { "Ki", 1024.0 },
		{ "Mi", 1048576.0 }, { "Gi", 1073741824.0 },
		{ "Ti", 1099511627776.0 },
	};
	size_t i;

	if (n == 0)
		return 1;
	for (i = 0; i < GB_ARRAY_SIZE(prefixes); i++)
		if (strlen(prefixes[i].name) == n &&
		    strncmp(p, prefixes[i].name, n) == 0)
			return prefixes[i].f;
	return 0;
}

double gb_units_rate_canonical(gb_buf *out, const char *unit)
{
	/* What is counted, as it is written once the prefix is taken off. */
	static const struct {
		const char *name;
		const char *as;
	} counted[] = {
		{ "B", "B" }, { "byte", "B" }, { "bytes", "B" }, { "b", "b" },
		{ "bit", "b" }, { "bits", "b" }, { "op", "ops" }, { "ops", "ops" },
		{ "elem", "elem" }, { "elements", "elem" }, { "iter", "iter" },
		{ "iters", "iter" }, { "req", "req" }, { "requests", "req" },
		{ "items", "items" }, { "msg", "msg" }, { "messages", "msg" },
		{ "rows", "rows" }, { "events", "events" }, { "records",
		"records" }, { "tx", "tx" }, { "keys", "keys" },
	};
	static const struct {
		const char *name;
		double f;
		const char *as;
	} words[] = {
		{ "kHz", 1e3, "Hz" }, { "MHz", 1e6, "Hz" }, { "GHz", 1e9, "Hz" },
		{ "kbps", 1e3, "b/s" }, { "Mbps", 1e6, "b/s" },
		{ "Gbps", 1e9, "b/s" }, { "bps", 1, "b/s" },
		{ "Kops", 1e3, "ops/s" }, { "Mops", 1e6, "ops/s" },
	};
	const char *slash;
	size_t i, n, k;
	double secs, pf;

	if (!unit)
		return 0;
	for (i = 0; i < GB_ARRAY_SIZE(words); i++)
		if (strcmp(unit, words[i].name) == 0) {
			gb_buf_puts(out, words[i].as);
			return words[i].f;
		}
	if (!(slash = strrchr(unit, '/')) ||
	    !(secs = per_seconds(slash + 1, strlen(slash + 1))))
		return 0;
	n = (size_t)(slash - unit);
	for (i = 0; i < GB_ARRAY_SIZE(counted); i++) {
		k = strlen(counted[i].name);
		if (n < k || strncmp(slash - k, counted[i].name, k) != 0 ||
		    !(pf = prefix_factor(unit, n - k)))
			continue;
		gb_buf_clear(out);
		gb_buf_printf(out, "%s/s", counted[i].as);
		/* Already canonical: nothing to do. */
		if (!strcmp(out->ptr, unit)) {
			gb_buf_clear(out);
			return 0;
		}
		return pf / secs;
	}
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
