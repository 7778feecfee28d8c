/*
 * The console (text) outputs of harnesses whose files another module
 * reads: each format's adapter reads both, by what the input starts with.
 */
#ifndef GB_SRC_ADAPTERS_CONSOLE_H
#define GB_SRC_ADAPTERS_CONSOLE_H

#include "util.h"

int gb_catch2_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_catch2_console_detect(const char *data, size_t len);

/*
 * Criterion.rs's throughput of benchmark `name`: `per_iter` elements or
 * bytes per iteration over its time `t` (ns), a result in `measure` and
 * `unit` ("elem/s", "B/s"), higher is better; estimates and samples are
 * the time's, turned into rates. A time of zero gives none.
 */
int gb_criterion_rate(gb_run *run, const char *name, const char *measure,
	const char *unit, double per_iter, const gb_result *t);
/*
 * The measure of a benchmark's throughput in bytes or elements after
 * `had` others: "throughput", then "throughput-bytes" or
 * "throughput-elements" (Throughput::ElementsAndBytes gives two).
 */
const char *gb_criterion_rate_measure(bool bytes, int had);
int gb_criterion_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_criterion_console_detect(const char *data, size_t len);

/*
 * `code` with "<dir>: <what>", a directory with no results, saying when
 * cargo-criterion wrote it (CBOR, not read) that its
 * --message-format=json is what to record.
 */
int gb_criterion_none_found(int code, const char *dir, const char *what);

/* The unit and direction of a Google Benchmark counter named `key`. */
void gb_gbench_counter_unit(gb_buf *unit, gb_direction *dir, const char *key);
/*
 * Value v of a row of `r`: a sample (of `iters` iterations) of an
 * iteration row, or the estimate `aggregate` names ("mean", "median",
 * "stddev"), over `repetitions`.
 */
int gb_gbench_take(gb_result *r, double v, const char *aggregate,
	uint64_t iters, uint64_t repetitions);
int gb_gbench_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_gbench_console_detect(const char *data, size_t len);

int gb_hyperfine_text_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_hyperfine_text_detect(const char *data, size_t len);
int gb_hyperfine_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_hyperfine_console_detect(const char *data, size_t len);

int gb_vitest_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_vitest_console_detect(const char *data, size_t len);

int gb_tinybench_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_tinybench_console_detect(const char *data, size_t len);

int gb_pytest_table_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_pytest_table_detect(const char *data, size_t len);

int gb_ips_console_read(gb_run *run, const char *data, size_t len,
	const char *source);
int gb_ips_console_detect(const char *data, size_t len);

/*
 * Catch2, shared by its XML and console readers (catch2.c): benchmarks
 * of one name in several test cases or sections named
 * "<test case>/<section>/.../<name>" (`where` holds each result's path
 * from `first` on, each NUL-terminated); the warning naming the failed
 * test cases whose benchmarks are kept.
 */
int gb_catch2_name_apart(gb_run *run, size_t first, const gb_buf *where);
void gb_catch2_warn_failed_cases(const char *source, size_t n,
	const char *first);

#endif
