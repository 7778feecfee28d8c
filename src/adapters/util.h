/*
 * Helpers shared by the adapters: the naming of additional metrics, unit
 * normalisation, samples, strict number parsing and line iteration.
 */
#ifndef GB_SRC_ADAPTERS_UTIL_H
#define GB_SRC_ADAPTERS_UTIL_H

#include <math.h>
#include <stdbool.h>
#include "adapter_int.h"
#include "../common.h"
#include "../util/index.h"

/*
 * Benchmark names quoted in error messages are cut to this many bytes: a
 * name can be 64 KiB long, the message is one line.
 */
#define GB_NAME_SHOWN "%.100s"

/*
 * A result of benchmark `name` in measure `metric`, e.g. "BM_memcpy/8" in
 * "bytes_per_second".
 */
int gb_adapter_add_metric(gb_result **out, gb_run *run, const char *name,
	const char *metric, const char *unit, gb_direction direction);

/*
 * What one figure of a benchmark is. A benchmark can give several (a time,
 * a throughput, instructions, allocated bytes), each a measure of it.
 */
typedef enum {
	/*
	 * The benchmark's main figure, in the measure its unit says
	 * (gb_measure_for_unit: "time" for a time): as schema 1 stored it,
	 * under the benchmark's name alone.
	 */
	GB_FIGURE_PRIMARY,
	/* Any other, in the measure the gb_measure names. */
	GB_FIGURE_METRIC,
} gb_figure_role;

typedef struct {
	const char *name;      /* "time", "throughput", "instructions", ... */
	const char *unit;      /* as stored: "ns", "ops/s", "B", ... */
	gb_direction direction;
	gb_figure_role role;
} gb_measure;

/* A figure's estimates, in the measure's unit; NAN or 0 when unknown. */
typedef struct {
	double mean;
	double median;
	double stddev;
	double min;
	double max;
	uint64_t count;
	uint64_t iterations;
	const double *samples; /* copied; may be NULL */
	size_t nsamples;
} gb_estimates;

#define GB_ESTIMATES_INIT { NAN, NAN, NAN, NAN, NAN, 0, 0, NULL, 0 }

/*
 * The one place every figure the newer adapters read goes through: a
 * result of the benchmark in the figure's measure. Estimates not given are
 * filled from the samples.
 */
int gb_adapter_figure(gb_run *run, const char *bench, const gb_measure *m,
	const gb_estimates *e);

/*
 * When the benchmark `name` of the tree being read was written (seconds
 * since the epoch): a tree's folders outlive the run that wrote them, and
 * those of earlier runs are left out (fresh.c).
 */
void gb_adapter_written(const char *name, int64_t time);

/*
 * A warning about input that is read all the same, "<source>: ...": kept
 * until the read ends, given to the caller's callback only if it succeeds.
 */
void gb_adapter_warn(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/*
 * `n` benchmarks the harness reported but did not measure (an error, a
 * skip, a task that threw), left out of the run: one warning, "<source>:
 * <n> <noun>s <did> and are left out ('<first>': <message>)", `message`
 * NULL for none. A benchmark that stopped measuring must not vanish from
 * a comparison in silence.
 */
void gb_adapter_warn_left_out(const char *source, size_t n, const char *noun,
	const char *did, const char *first, const char *message);

/*
 * An index of a run's results by name and measure, for harnesses that write several
 * lines per benchmark (repetitions), not always next to each other.
 */
typedef gb_index gb_name_index;

#define GB_NAME_INDEX_INIT GB_INDEX_INIT

/*
 * The result of benchmark `name` in measure `metric` (NULL: the measure of
 * `unit`), added with `unit` and `direction` if the run does not have it yet. The
 * pointer is valid until the next result is added. All results of the run
 * must have been added through this index.
 */
int gb_adapter_find_or_add(gb_result **out, gb_name_index *index,
	gb_run *run, const char *name, const char *metric, const char *unit,
	gb_direction direction);

void gb_name_index_dispose(gb_name_index *index);

/* Whether the run has benchmark `name` in `measure`, by the index. */
bool gb_adapter_has(const gb_name_index *index, const gb_run *run,
	const char *name, const char *measure);

/*
 * For a reader that adds results with gb_adapter_figure and must look
 * them up as it goes: index the results added since the last call
 * (`*done` of them were), then find benchmark `name` in `measure` (NULL
 * when the run has none). A look-up per row costs no more as the run
 * grows.
 */
int gb_adapter_index_new(gb_name_index *index, const gb_run *run,
	size_t *done);
gb_result *gb_adapter_lookup(const gb_name_index *index, const gb_run *run,
	const char *name, const char *measure);

/*
 * For each of `n` items of a file, named `names[i]` (NULL: none) and run
 * in `variants[i]` (a mode, a job; NULL: none), whether another item has
 * the same name in another variant, so that its name must say which:
 * `*out` an array of `n`, the caller's to free. Linear in `n`, whatever
 * the file holds.
 */
int gb_adapter_variants(bool **out, const char *const *names,
	const char *const *variants, size_t n);

/*
 * The factor that turns a value in time unit `unit` into nanoseconds
 * ("ps", "ns", "us", "µs", "ms", "s" and spelled-out forms), or 0 when
 * `unit` is not a time.
 */
double gb_adapter_time_factor(const char *unit);

/* Rates ("/s", "per second", "ops/sec", "Hz", "ips") are higher-is-better. */
gb_direction gb_adapter_unit_direction(const char *unit);

/*
 * Append one sample (already in the result's unit) to a result whose
 * samples, if any, all came from this function.
 */
int gb_adapter_push_sample(gb_result *r, double value);

/*
 * Fill the estimates the harness did not give from the samples. With a
 * single sample the spread stays unknown rather than a made-up zero.
 */
void gb_adapter_finish_result(gb_result *r);

/* A count from a double: 0 for NAN or negative, clamped to UINT64_MAX. */
uint64_t gb_adapter_count(double v);

/* *total += n, stopping at UINT64_MAX. */
void gb_adapter_add_count(uint64_t *total, uint64_t n);

/*
 * Parse a plain decimal number at `s` ([+-]digits[.digits][e[+-]digits],
 * with `commas` also "1,234,567"), no "inf", "nan" or hex. *end gets the
 * first byte after it. GB_EINVALID (no message) when there is none.
 */
int gb_adapter_parse_number(double *out, const char *s, const char **end,
	bool commas);

/* How far into a text input detection looks. */
#define GB_DETECT_SPAN (1024u * 1024u)

/* One line of a text input; `text` is not NUL-terminated. */
typedef struct {
	const char *text;
	size_t len;
	size_t number;     /* 1-based */
	bool terminated;   /* ended by a newline, not by the end of input */
	size_t pos;        /* where the next line starts */
} gb_line;

#define GB_LINE_INIT { NULL, 0, 0, false, 0 }

/* The next line of data (a trailing \r dropped); false at the end. */
bool gb_line_next(gb_line *line, const char *data, size_t len);

/* Whether the line starts with `prefix`. */
bool gb_line_starts(const gb_line *line, const char *prefix);

/* The line as a NUL-terminated string in `copy` (a NUL in it ends it). */
int gb_line_dup(gb_buf *copy, const gb_line *line);

/*
 * GB_EINVALID: "<source>: line <n>: expected <expected>, found "<line>"",
 * saying also when the file ends inside that line.
 */
int gb_adapter_bad_line(const char *source, const gb_line *line,
	const char *expected);

/*
 * GB_EINVALID: the input ends inside its last line `line`, which was not
 * read as a result. Every harness here ends what it prints with a
 * newline: a last line without one is where the file was cut.
 */
int gb_adapter_cut(const char *source, const gb_line *line);

/* Reads one line of a text input; `s` is a NUL-terminated copy of it. */
typedef int (*gb_line_fn)(void *ctx, const gb_line *line, char *s);

/*
 * Call `each` on every line of `data` in order, until one fails. A last
 * line without a newline that added no result to `run` is where the file
 * was cut: then GB_EINVALID (gb_adapter_cut).
 */
int gb_adapter_read_lines(gb_run *run, const char *data, size_t len,
	const char *source, gb_line_fn each, void *ctx);

/* Drops terminal colours (ESC [ ... final letter) from s, in place. */
void gb_adapter_strip_colours(char *s);

/* Past spaces and tabs. */
const char *gb_adapter_skip_blanks(const char *p);

/*
 * A figure printed with a few digits, scaled to the stored unit
 * (1.5958 us times 1000), as the decimal it is: the product rounded to
 * 15 significant digits, so 1595.8 and not 1595.8000000000002.
 */
double gb_adapter_scaled(double printed, double factor);

/*
 * A time "<number> <unit>" (or "<number><unit>") at `p` in ns, with the
 * unit one of gb_adapter_time_factor's; *end after the unit.
 */
int gb_adapter_parse_time(double *ns, const char *p, const char **end,
	bool commas);

/* Whether `needle` occurs in the first `limit` bytes of data. */
bool gb_text_contains(const char *data, size_t len, const char *needle,
	size_t limit);

#endif
