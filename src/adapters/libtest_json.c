/*
 * libtest's JSON events (cargo bench -- -Z unstable-options --format
 * json, nightly): one JSON object a line, told apart by "type":
 *
 *   { "type": "suite", "event": "started", "test_count": 2 }
 *   { "type": "bench", "name": "fib_10", "median": 125.43,
 *     "deviation": 3.21, "mib_per_second": 830 }
 *   { "type": "suite", "event": "ok", "passed": 0, ... }
 *
 * A bench event is what the text prints as "test fib_10 ... bench: 125
 * ns/iter (+/- 3) = 830 MB/s", and is read as the bencher reader reads
 * that line: the median in ns per iteration, recorded as the median and
 * the mean; the deviation (libtest's max-min spread of the trimmed
 * samples) as the standard deviation; "mib_per_second", which holds the
 * text's MB/s, as "<name> [MB/s]" in B/s. Every suite started must end
 * ("ok" or "failed"): one that does not is a truncated file. Other events
 * (tests, cargo's own lines that are no JSON) are passed over; a bench
 * that failed is said.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "json.h"
#include "util.h"

typedef struct {
	size_t open;      /* line of a suite started and not ended, or 0 */
	size_t failed;    /* bench events that failed */
	char *first_failed;
} reading;

static int read_bench(gb_run *run, const cJSON *ev, const char *source,
	size_t line)
{
	gb_measure m = { "time", "ns", GB_LOWER_IS_BETTER, GB_FIGURE_PRIMARY };
	gb_estimates e = GB_ESTIMATES_INIT;
	const char *name = gb_json_string(ev, "name");
	double mbs;
	gb_result *r;
	int error;

	if (!name || !*name)
		return gb_error_set(GB_EINVALID, "%s: line %zu: a bench event "
			"without a name", source, line);
	if ((error = gb_json_get_number(&e.median, ev, "median", true, source,
		     name)) < 0 ||
	    (error = gb_json_get_number(&e.stddev, ev, "deviation", false,
		     source, name)) < 0 ||
	    (error = gb_json_get_number(&mbs, ev, "mib_per_second", false,
		     source, name)) < 0)
		return error;
	e.mean = e.median;
	if ((error = gb_adapter_figure(run, name, &m, &e)) < 0)
		return error;
	if (isnan(mbs) || mbs == 0)
		return 0;
	if ((error = gb_adapter_add_metric(&r, run, name, "MB/s", "B/s",
		     GB_HIGHER_IS_BETTER)) < 0)
		return error;
	/* The text's "= N MB/s": bytes over the median time, as it is. */
	r->mean = r->median = mbs * 1e6;
	return 0;
}

static int read_event(gb_run *run, reading *rd, const gb_line *l,
	const char *source)
{
	const char *type, *event;
	cJSON *ev;
	int error = 0;

	if ((error = gb_json_parse_line(&ev, l, source)) < 0)
		return error;
	type = gb_json_string(ev, "type");
	event = gb_json_string(ev, "event");
	if (!type)
		error = gb_error_set(GB_EINVALID, "%s: line %zu: an event "
			"without a type", source, l->number);
	else if (!strcmp(type, "bench"))
		error = read_bench(run, ev, source, l->number);
	else if (!strcmp(type, "suite") && event && !strcmp(event, "started"))
		rd->open = l->number;
	else if (!strcmp(type, "suite") && event)
		rd->open = 0;
	/* A #[bench] that panicked is a failed test of its name. */
	else if (!strcmp(type, "test") && event && !strcmp(event, "failed") &&
		 !rd->failed++ && gb_json_string(ev, "name"))
		rd->first_failed = gb_strdup(gb_json_string(ev, "name"));
	cJSON_Delete(ev);
	return error;
}

static int libtest_json_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	gb_line l = GB_LINE_INIT;
	reading rd = { 0, 0, NULL };
	int error = 0;

	/* Lines that are not JSON are cargo's and the benchmarks' own. */
	while (error == 0 && gb_line_next(&l, data, len))
		if (l.len && l.text[0] == '{')
			error = read_event(run, &rd, &l, source);
	if (error == 0 && rd.open)
		error = gb_error_set(GB_EINVALID, "%s: truncated: the suite "
			"started at line %zu has no end event", source, rd.open);
	if (error == 0 && rd.failed)
		gb_adapter_warn("%s: %zu test%s failed ('" GB_NAME_SHOWN "'%s): "
			"a failed benchmark has no figure", source, rd.failed,
			rd.failed == 1 ? "" : "s",
			rd.first_failed ? rd.first_failed : "?",
			rd.failed > 1 ? " and others" : "");
	free(rd.first_failed);
	return error;
}

static int libtest_json_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	size_t lines = 0;
	const char *type, *event;
	cJSON *ev;
	int score = 0;

	/* Its first event, a suite's start, after what cargo printed. */
	while (gb_line_next(&l, data, len) && ++lines <= 64) {
		if (!l.len || l.text[0] != '{')
			continue;
		if ((ev = cJSON_ParseWithLength(l.text, l.len)) &&
		    (type = gb_json_string(ev, "type")) &&
		    (event = gb_json_string(ev, "event")) &&
		    !strcmp(type, "suite") && !strcmp(event, "started"))
			score = 95;
		cJSON_Delete(ev);
		break;
	}
	return score;
}

const gb_adapter gb_adapter_libtest_json = {
	"libtest-json",
	"libtest --format json (cargo bench -- -Z unstable-options "
	"--format json)",
	NULL,
	NULL,
	libtest_json_detect,
	libtest_json_read,
};
