/* Dates for people and programs, and the dates people type. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common.h"
#include "gitbench/date.h"

static const struct {
	const char *unit;
	int64_t seconds;
} units[] = {
	{ "second", 1 }, { "minute", 60 }, { "hour", 3600 }, { "day", 86400 },
	{ "week", 7 * 86400 }, { "month", 30 * 86400 }, { "year", 365 * 86400 },
};

/* "30 days ago", "2.weeks", "1 year": 1 and *out when it is one. */
static int relative_date(int64_t *out, const char *text, int64_t now)
{
	char unit[16], rest[8] = "";
	long long n;
	size_t i, len;
	int used = 0;

	if (sscanf(text, "%lld%*[ .]%15[a-z]%n", &n, unit, &used) < 2 || n < 0)
		return 0;
	if (text[used] && (sscanf(text + used, "%*[ .]%7s", rest) != 1 ||
			   strcmp(rest, "ago")))
		return 0;
	len = strlen(unit);
	if (len > 1 && unit[len - 1] == 's')
		unit[--len] = '\0';
	for (i = 0; i < GB_ARRAY_SIZE(units); i++)
		if (!strcmp(unit, units[i].unit) &&
		    n <= INT64_MAX / 4 / units[i].seconds) {
			*out = now - n * units[i].seconds;
			return 1;
		}
	return 0;
}

/* "2026-01-01" or "2026-01-01 12:30[:00]" (also with a T), in UTC. */
static int absolute_date(int64_t *out, const char *text)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, s = 0, used = 0, n;

	n = sscanf(text, "%4d-%2d-%2d%n", &y, &mo, &d, &used);
	if (n != 3)
		return 0;
	if (text[used] == ' ' || text[used] == 'T') {
		int more = 0;

		if (sscanf(text + used + 1, "%2d:%2d%n:%2d%n", &h, &mi, &more, &s,
			    &more) < 2)
			return 0;
		used += 1 + more;
		if (text[used] == 'Z')
			used++;
	}
	if (text[used] || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 ||
	    mi > 59 || s > 60 || y < 1970)
		return 0;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = s;
	*out = (int64_t)timegm(&tm);
	return 1;
}

int gb_date_parse(int64_t *out, const char *text, int64_t now)
{
	char *end;
	long long at;

	if (!text)
		text = "";
	if (!strcmp(text, "now")) {
		*out = now;
		return 0;
	}
	if (!strcmp(text, "yesterday")) {
		*out = now - 86400;
		return 0;
	}
	if (text[0] == '@' && isdigit((unsigned char)text[1])) {
		at = strtoll(text + 1, &end, 10);
		if (!*end) {
			*out = at;
			return 0;
		}
	}
	if (absolute_date(out, text) || relative_date(out, text, now))
		return 0;
	return gb_error_set(GB_EINVALID,
		"'%s' is not a date (2026-01-01, '30 days ago', '2.weeks')", text);
}

int gb_date_format(gb_buf *out, int64_t when, gb_date_style style)
{
	time_t t = (time_t)when;
	struct tm tm;
	char s[64];
	bool ok;

	if (style == GB_DATE_ISO || style == GB_DATE_UTC)
		ok = gmtime_r(&t, &tm) != NULL;
	else
		ok = localtime_r(&t, &tm) != NULL;
	if (ok && style == GB_DATE_ISO)
		ok = strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm) > 0;
	else if (ok && style == GB_DATE_DAY)
		ok = strftime(s, sizeof(s), "%Y-%m-%d", &tm) > 0;
	else if (ok && style == GB_DATE_LOCAL)
		ok = strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S %z", &tm) > 0;
	else if (ok)
		ok = strftime(s, sizeof(s), tm.tm_hour || tm.tm_min || tm.tm_sec
			? "%Y-%m-%d %H:%M:%S UTC" : "%Y-%m-%d", &tm) > 0;
	if (!ok)
		snprintf(s, sizeof(s), "@%lld", (long long)when);
	return gb_buf_puts(out, s);
}

int gb_date_duration(gb_buf *out, int64_t d)
{
	static const struct {
		int64_t secs;
		const char *unit;
	} steps[] = {
		{ 365 * 86400, "year" }, { 30 * 86400, "month" },
		{ 7 * 86400, "week" }, { 86400, "day" }, { 3600, "hour" },
		{ 60, "minute" }, { 1, "second" },
	};
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(steps); i++) {
		int64_t n = d / steps[i].secs;

		if (n >= 1 || i + 1 == GB_ARRAY_SIZE(steps))
			return gb_buf_printf(out, "%lld %s%s", (long long)n,
				steps[i].unit, n == 1 ? "" : "s");
	}
	return 0;
}

int gb_date_relative(gb_buf *out, int64_t when, int64_t now)
{
	int64_t d;

	if (when > now)
		return gb_buf_puts(out, "in the future");
	/* now - when, which a time far in the past would overflow. */
	d = when < 0 && now > INT64_MAX + when ? INT64_MAX : now - when;
	if (d < 2)
		return gb_buf_puts(out, "just now");
	if (gb_date_duration(out, d) < 0)
		return GB_ERROR;
	return gb_buf_puts(out, " ago");
}
