/*
 * The adapter interface. Each adapter reads one harness's native output
 * into a run's results. Adapters may append results freely and fail at any
 * point: gb_adapter_read() reads into a scratch run and keeps nothing of a
 * failed read. Error messages start with the file (`source`) they are
 * about. `data` always has a NUL at data[len] (it may hold other NULs).
 * An adapter may set the scratch run's label, time and env.toolchain when
 * the file says them; they fill what the caller left unset.
 */
#ifndef GB_SRC_ADAPTER_INT_H
#define GB_SRC_ADAPTER_INT_H

#include "gitbench/adapter.h"
/* Adapters may still use the first release's names. */
#include "gitbench/deprecated.h"

typedef struct {
	const char *name;
	const char *summary;
	/* Formats that are a directory tree; NULL otherwise. */
	int (*detect_dir)(const char *dir);     /* 0 (no) to 100 (sure) */
	int (*read_dir)(gb_run *run, const char *dir);
	/* Formats that are one file or stream; NULL otherwise. */
	int (*detect)(const char *data, size_t len);
	int (*read)(gb_run *run, const char *data, size_t len,
		const char *source);
} gb_adapter;

extern const gb_adapter gb_adapter_criterion;
extern const gb_adapter gb_adapter_google_benchmark;
extern const gb_adapter gb_adapter_hyperfine;
extern const gb_adapter gb_adapter_go;
extern const gb_adapter gb_adapter_pytest_benchmark;
extern const gb_adapter gb_adapter_catch2;
extern const gb_adapter gb_adapter_cargo_criterion;
extern const gb_adapter gb_adapter_libtest_json;
extern const gb_adapter gb_adapter_bencher;
extern const gb_adapter gb_adapter_generic;
extern const gb_adapter gb_adapter_baseline_json;
extern const gb_adapter gb_adapter_benchmarkjs;
extern const gb_adapter gb_adapter_benchmark_ips;
extern const gb_adapter gb_adapter_ruby_benchmark;
extern const gb_adapter gb_adapter_dart;
extern const gb_adapter gb_adapter_vitest;
extern const gb_adapter gb_adapter_tinybench;
extern const gb_adapter gb_adapter_bmf;
extern const gb_adapter gb_adapter_jmh;
extern const gb_adapter gb_adapter_benchmarkdotnet;
extern const gb_adapter gb_adapter_benchmarktools;
extern const gb_adapter gb_adapter_asv;
extern const gb_adapter gb_adapter_iai;
extern const gb_adapter gb_adapter_iai_callgrind;
extern const gb_adapter gb_adapter_cachegrind;
extern const gb_adapter gb_adapter_custom_smaller;
extern const gb_adapter gb_adapter_custom_bigger;

/*
 * How sure the i-th format of gb_adapter_formats() is that `data` (a file's bytes,
 * NUL at data[len]) is its own: 0 to 100. For tests that check that no
 * two formats claim one file alike.
 */
int gb_adapter_score(size_t i, const char *data, size_t len);

/*
 * Leave out of `scratch` the results gb_adapter_written said were written
 * by an earlier run (before `since`, or apart from the newest; nothing
 * when `all`), with a warning naming them; GB_ENOTFOUND when none is
 * left. Forgets the times either way.
 */
int gb_adapter_fresh(gb_run *scratch, const char *source, int64_t since,
	bool all);
void gb_adapter_written_clear(void);

/*
 * 0 if data is valid JSON, else GB_EINVALID saying where it breaks: what
 * to tell of JSON that no adapter recognised.
 */
int gb_adapter_json_error(const char *data, size_t len, const char *source);

#endif
