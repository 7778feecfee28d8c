/*
 * The registry of input formats, auto-detection, and reading with the
 * guarantee that a failed read adds nothing to the run.
 */
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "adapter_int.h"
#include "console.h"
#include "util.h"
#include "common.h"

/*
 * Auto-detection asks each in turn; the most confident answer wins, the
 * earlier one on a tie.
 */
static const gb_adapter *const adapters[] = {
	&gb_adapter_criterion,
	&gb_adapter_google_benchmark,
	&gb_adapter_hyperfine,
	&gb_adapter_go,
	&gb_adapter_pytest_benchmark,
	&gb_adapter_catch2,
	&gb_adapter_cargo_criterion,
	&gb_adapter_libtest_json,
	&gb_adapter_bencher,
	&gb_adapter_generic,
	&gb_adapter_baseline_json,
	&gb_adapter_benchmarkjs,
	&gb_adapter_benchmark_ips,
	&gb_adapter_ruby_benchmark,
	&gb_adapter_dart,
	&gb_adapter_vitest,
	&gb_adapter_tinybench,
	&gb_adapter_bmf,
	&gb_adapter_jmh,
	&gb_adapter_benchmarkdotnet,
	&gb_adapter_benchmarktools,
	&gb_adapter_asv,
	&gb_adapter_iai,
	&gb_adapter_iai_callgrind,
	&gb_adapter_cachegrind,
	&gb_adapter_custom_smaller,
	&gb_adapter_custom_bigger,
};

static gb_format_info infos[GB_ARRAY_SIZE(adapters)];

static gb_adapter_warning_cb warning_cb;
static void *warning_payload;
/* The warnings of the read in progress, each ended by a NUL. */
static _Thread_local gb_buf pending;

void gb_adapter_set_warning_callback(gb_adapter_warning_cb cb, void *payload)
{
	warning_cb = cb;
	warning_payload = payload;
}

void gb_adapter_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	if (gb_buf_vprintf(&pending, fmt, ap) == 0)
		gb_buf_putc(&pending, '\0');
	va_end(ap);
}

void gb_adapter_warn_left_out(const char *source, size_t n, const char *noun,
	const char *did, const char *first, const char *message)
{
	gb_adapter_warn("%s: %zu %s%s %s and %s left out ('" GB_NAME_SHOWN
		"'%s%.200s)", source, n, noun, n == 1 ? "" : "s", did,
		n == 1 ? "is" : "are", first, message ? ": " : "",
		message ? message : "");
}

/* Give the warnings of a read that succeeded; forget those of one that failed. */
static void flush_warnings(bool deliver)
{
	size_t at = 0;

	while (deliver && warning_cb && at < pending.size) {
		warning_cb(pending.ptr + at, warning_payload);
		at += strlen(pending.ptr + at) + 1;
	}
	gb_buf_dispose(&pending);
}

const gb_format_info *gb_adapter_formats(size_t *count)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(adapters); i++) {
		infos[i].name = adapters[i]->name;
		infos[i].summary = adapters[i]->summary;
		infos[i].directory = adapters[i]->read_dir != NULL;
	}
	*count = GB_ARRAY_SIZE(adapters);
	return infos;
}

int gb_adapter_score(size_t i, const char *data, size_t len)
{
	if (i >= GB_ARRAY_SIZE(adapters) || !adapters[i]->detect)
		return 0;
	return adapters[i]->detect(data, len);
}

/*
 * Whether `given` names format `name`, ignoring case, '-' and '_', so that
 * github-action-benchmark's spelling "customBiggerIsBetter" works too.
 */
static bool same_name(const char *name, const char *given)
{
	for (;;) {
		while (*name == '-' || *name == '_')
			name++;
		while (*given == '-' || *given == '_')
			given++;
		if (!*name || !*given)
			return !*name && !*given;
		if (tolower((unsigned char)*name) != tolower((unsigned char)*given))
			return false;
		name++;
		given++;
	}
}

static const gb_adapter *by_name(const char *name)
{
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(adapters); i++)
		if (same_name(adapters[i]->name, name))
			return adapters[i];
	return NULL;
}

/* `format` unknown, or `source` of no format known; `key`: the setting
 * that named the format, or NULL. */
static int unknown_format(const char *source, const char *format,
	const char *key)
{
	gb_buf names = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(adapters); i++)
		gb_buf_printf(&names, "%s%s", i ? ", " : "", adapters[i]->name);
	if (format)
		gb_error_set(GB_EINVALID, "%s%sunknown format '%s' (known: %s)",
			key ? key : "", key ? ": " : "", format, names.ptr);
	else
		gb_error_set(GB_EINVALID,
			"%s: cannot tell what format this is (known: %s)", source,
			names.ptr);
	gb_buf_dispose(&names);
	return GB_EINVALID;
}

int gb_adapter_config_format(const char **out, const gb_config *cfg)
{
	int error = gb_config_get_name(out, cfg, "bench.format");

	if (error == 0 && *out && strcmp(*out, "auto") && !by_name(*out))
		error = unknown_format(NULL, *out, "bench.format");
	if (error < 0)
		*out = NULL;
	return error;
}

/* The first byte that is not blank: len when there is none. */
static size_t first_byte(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
			   data[i] == '\n' || data[i] == '\r'))
		i++;
	return i;
}

static int empty(const char *source)
{
	return gb_error_set(GB_EINVALID, "%s: empty, no benchmark results",
		source);
}

/*
 * Content no adapter claims. JSON that does not parse is most likely a
 * known format cut short: say where it breaks rather than guess.
 */
static int unrecognised(const char *data, size_t len, const char *source)
{
	size_t i = first_byte(data, len);

	if (i == len)
		return empty(source);
	if ((data[i] == '{' || data[i] == '[') &&
	    gb_adapter_json_error(data, len, source) < 0)
		return GB_EINVALID;
	return unknown_format(source, NULL, NULL);
}

/* Move the results of `from` to the end of `to`. */
static int take_results(gb_run *to, gb_run *from)
{
	size_t need = to->nresults + from->nresults;

	if (need > to->aresults) {
		gb_result *p = gb_realloc(to->results, need * sizeof(*p));

		if (!p)
			return GB_ERROR;
		to->results = p;
		to->aresults = need;
	}
	memcpy(to->results + to->nresults, from->results,
		from->nresults * sizeof(gb_result));
	to->nresults = need;
	from->nresults = 0;
	/* What the file itself says of the run (a toolchain, a label and
	 * time of a baseline file) fills what the caller left unset. */
	if (!to->env.toolchain && from->env.toolchain) {
		to->env.toolchain = from->env.toolchain;
		from->env.toolchain = NULL;
	}
	if (!to->label && from->label) {
		to->label = from->label;
		from->label = NULL;
	}
	if (!to->time && from->time)
		to->time = from->time;
	return 0;
}

static int check_values(const gb_result *r, const char *source)
{
	const double v[] = { r->mean, r->median, r->stddev, r->min, r->max,
		r->slope };
	const char *const what[] = { "mean", "median", "stddev", "min", "max",
		"slope" };
	bool time = strcmp(r->unit, "ns") == 0;
	size_t i;

	/* A result is its mean: without one, readers took it for removed. */
	if (isnan(r->mean))
		return gb_error_set(GB_EINVALID, "%s: benchmark '" GB_NAME_SHOWN
			"': it has no mean", source, r->name);
	for (i = 0; i < GB_ARRAY_SIZE(v); i++) {
		/* What a record may hold, that every reader can compute on. */
		if (isinf(v[i]) || fabs(v[i]) > GB_VALUE_MAX)
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': its %s is out of range", source,
				r->name, what[i]);
		if (v[i] < 0 && (time || i == 2))
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': its %s is negative", source,
				r->name, what[i]);
	}
	for (i = 0; i < r->nsamples; i++) {
		/* Records keep samples as float32. */
		if (!isfinite(r->samples[i]) || fabs(r->samples[i]) > FLT_MAX)
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': sample %zu is out of range",
				source, r->name, i + 1);
		if (time && r->samples[i] < 0)
			return gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': sample %zu is negative", source,
				r->name, i + 1);
	}
	return 0;
}

/*
 * What any file must give, whatever its format: named results, each
 * benchmark once in each measure (comparisons go by both), and numbers
 * that make sense.
 */
static int check_results(const gb_run *run, const char *source)
{
	const gb_result *r, *twice;
	int error = 0;
	size_t i;

	for (i = 0; i < run->nresults && error == 0; i++) {
		r = &run->results[i];
		if (!*r->name)
			error = gb_error_set(GB_EINVALID,
				"%s: a benchmark has an empty name", source);
		else if (!*r->measure)
			error = gb_error_set(GB_EINVALID, "%s: benchmark '"
				GB_NAME_SHOWN "': a measure has an empty name",
				source, r->name);
		else
			error = check_values(r, source);
	}
	if (error == 0 && (error = gb_run_find_twice(&twice, run)) == 0 &&
	    twice)
		error = gb_error_set(GB_EINVALID, "%s: benchmark '"
			GB_NAME_SHOWN "' appears more than once%s%.100s (a "
			"file of several runs? record each run on its own)",
			source, twice->name,
			strcmp(twice->measure, GB_MEASURE_TIME) ?
				" in measure " : "",
			strcmp(twice->measure, GB_MEASURE_TIME) ?
				twice->measure : "");
	if (error == 0 &&
	    (error = gb_run_check_measures(run)) == GB_EINVALID) {
		char what[512];

		snprintf(what, sizeof(what), "%s", gb_error_last()->message);
		error = gb_error_set(GB_EINVALID, "%s: %s", source, what);
	}
	return error;
}

/* What a read takes of a tree: see gb_adapter_read_fresh. */
typedef struct {
	int64_t since;
	bool all;
} freshness;

static const freshness newest = { 0, false };

static int finish(gb_run *run, gb_run *scratch, int error, const char *source,
	const freshness *f)
{
	size_t i;

	if (error == 0 && scratch->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: no benchmark results in it",
			source);
	/* Times in ns, rates per second: "GB/s" compares with "MB/s". */
	for (i = 0; error == 0 && i < scratch->nresults; i++)
		error = gb_result_unit_canonical(&scratch->results[i]);
	if (error == 0)
		error = check_results(scratch, source);
	if (error == 0)
		error = gb_adapter_fresh(scratch, source, f->since, f->all);
	else
		gb_adapter_written_clear();
	if (error == 0)
		error = take_results(run, scratch);
	gb_run_free(scratch);
	flush_warnings(error == 0);
	return error;
}

static int read_text(gb_run *run, const char *data, size_t len,
	const char *source, const char *format, const char **used,
	const freshness *f);

int gb_adapter_read_buffer(gb_run *run, const char *data, size_t len,
	const char *source, const char *format, const char **used)
{
	gb_buf copy = GB_BUF_INIT;
	int error;

	/* Adapters may rely on data[len] being a NUL. */
	if ((error = gb_buf_put(&copy, data, len)) < 0)
		return error;
	error = read_text(run, copy.ptr, len, source, format, used, &newest);
	gb_buf_dispose(&copy);
	return error;
}

/*
 * The adapter that reads `source`: the one named by `format`, or the one
 * most sure of the content (a directory when `data` is NULL).
 */
static int pick(const gb_adapter **out, const char *format,
	const char *source, const char *data, size_t len)
{
	bool dir = data == NULL;
	int best = 0;
	size_t i;

	*out = NULL;
	if (format && strcmp(format, "auto") != 0) {
		if (!(*out = by_name(format)))
			return unknown_format(source, format, NULL);
		if (dir && !(*out)->read_dir)
			return gb_error_set(GB_EINVALID,
				"%s: is a directory; the %s format is a file",
				source, (*out)->name);
		if (!dir && !(*out)->read)
			return gb_error_set(GB_EINVALID,
				"%s: the %s format is a directory, not a file",
				source, (*out)->name);
		return 0;
	}
	for (i = 0; i < GB_ARRAY_SIZE(adapters); i++) {
		int score = dir ? (adapters[i]->detect_dir
					   ? adapters[i]->detect_dir(source) : 0)
				: (adapters[i]->detect
					   ? adapters[i]->detect(data, len) : 0);

		if (score > best) {
			best = score;
			*out = adapters[i];
		}
	}
	if (*out)
		return 0;
	if (!dir)
		return unrecognised(data, len, source);
	return gb_criterion_none_found(GB_EINVALID, source, "no benchmark "
		"results found in this directory");
}

/* Read `source` (a directory when `data` is NULL) into `run`. */
static int read_with(gb_run *run, const char *source, const char *data,
	size_t len, const char *format, const char **used, const freshness *f)
{
	const gb_adapter *a;
	gb_run *scratch = NULL;
	int error;

	flush_warnings(false);
	gb_adapter_written_clear();
	if ((error = pick(&a, format, source, data, len)) < 0)
		return error;
	/* Whatever the format named, nothing to read is said the same way. */
	if (data && first_byte(data, len) == len)
		return empty(source);
	if ((error = gb_run_new(&scratch)) < 0)
		return error;
	error = data ? a->read(scratch, data, len, source)
		     : a->read_dir(scratch, source);
	if (used)
		*used = a->name;
	return finish(run, scratch, error, source, f);
}

static int read_text(gb_run *run, const char *data, size_t len,
	const char *source, const char *format, const char **used,
	const freshness *f)
{
	return read_with(run, source, data, len, format, used, f);
}

static int read_dir(gb_run *run, const char *path, const char *format,
	const char **used, const freshness *f)
{
	return read_with(run, path, NULL, 0, format, used, f);
}

int gb_adapter_read(gb_run *run, const char *path, const char *format,
	const char **used)
{
	return gb_adapter_read_fresh(run, path, format, used, 0, false);
}

int gb_adapter_read_fresh(gb_run *run, const char *path, const char *format,
	const char **used, int64_t since, bool all)
{
	const freshness f = { since, all };
	gb_buf data = GB_BUF_INIT;
	struct stat st;
	int error;

	if (strcmp(path, "-") == 0) {
		error = gb_read_fd(&data, STDIN_FILENO, "standard input",
			GB_INPUT_MAX_BYTES);
		if (error == 0 && (error = gb_buf_put(&data, "", 0)) == 0)
			error = read_text(run, data.ptr, data.size,
				"standard input", format, used, &f);
		gb_buf_dispose(&data);
		return error;
	}
	if (stat(path, &st) < 0)
		return gb_error_set(errno == ENOENT ? GB_ENOTFOUND : GB_ERROR,
			"cannot read %s: %s", path, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return read_dir(run, path, format, used, &f);
	if ((error = gb_read_file(&data, path, GB_INPUT_MAX_BYTES)) == 0 &&
	    (error = gb_buf_put(&data, "", 0)) == 0)
		error = read_text(run, data.ptr, data.size, path, format, used, &f);
	gb_buf_dispose(&data);
	return error;
}
