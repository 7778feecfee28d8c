/*
 * Metrics for observability platforms (docs/export.md): runs as OpenMetrics
 * gauges, one family per measure of the benchmarks (time, cpu_time,
 * instructions, ...), and the newest run sent to a Prometheus Pushgateway.
 */
#ifndef GITBENCH_METRICS_H
#define GITBENCH_METRICS_H

#include "output.h"
#include "series.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The longest family name and help a measure makes. */
#define GB_METRICS_FAMILY_MAX 96
#define GB_METRICS_HELP_MAX 160

/* The family a result's value is a sample of. */
typedef struct {
	char family[GB_METRICS_FAMILY_MAX]; /* "gitbench_cpu_time_seconds" */
	const char *unit;     /* its OpenMetrics unit ("seconds"), or NULL */
	char help[GB_METRICS_HELP_MAX];
	double scale;         /* sample = stored value * scale / divisor, */
	double divisor;       /* which rounds 100 ns to 1e-07 s exactly */
	/*
	 * The result's measure as the value of a `measure` label, where the
	 * family name does not spell it as it is ("B/op" in gitbench_b_op);
	 * NULL where it does. Borrowed from the result.
	 */
	const char *measure;
} gb_metrics_kind;

/*
 * The family of result `r`: one per measure, "gitbench_<measure>" in the
 * measure's letters and digits, lower case, with the unit its own unit
 * converts to: "_seconds" for a time, "_bytes", "_bytes_per_second",
 * "_per_second" for other rates, nothing for plain counts
 * (gitbench_time_seconds, gitbench_cpu_time_seconds,
 * gitbench_allocated_bytes, gitbench_instructions). A measure with nothing
 * to spell, too long, or named by an abbreviated unit (go's "B/op", "MB/s")
 * goes to the family of its unit's kind
 * (gitbench_time_seconds, gitbench_size_bytes,
 * gitbench_throughput_bytes_per_second, gitbench_rate_per_second,
 * gitbench_value) with its `measure` label. The one place a result is
 * mapped to a family.
 */
GB_EXTERN(void) gb_metrics_kind_of(gb_metrics_kind *out, const gb_result *r);

/* Whether `name` is a valid metric or label name ([a-zA-Z_:][a-zA-Z0-9_:]*). */
GB_EXTERN(bool) gb_metrics_name_valid(const char *name);

typedef struct {
	unsigned int version;
	gb_estimator estimator;  /* the value of a result */
	const char *branch;      /* the `branch` label (NULL: none) */
	/*
	 * For a Pushgateway: the Prometheus text format (version 0.0.4)
	 * without timestamps, `# UNIT` or `# EOF`, and without the `machine`
	 * label, which the push's grouping key gives.
	 */
	bool push;
} gb_metrics_options;

#define GB_METRICS_OPTIONS_VERSION 1
#define GB_METRICS_OPTIONS_INIT { GB_METRICS_OPTIONS_VERSION, \
	GB_ESTIMATOR_MEAN, NULL, false }

/* Samples gathered by family, to be written once all are in. */
typedef struct gb_metrics gb_metrics;

GB_EXTERN(int) gb_metrics_new(gb_metrics **out, const gb_metrics_options *o);
GB_EXTERN(void) gb_metrics_free(gb_metrics *m);
/*
 * Add the runs of one commit (each commit once, oldest first): one sample
 * per result with a value, labelled benchmark, machine, commit, label and
 * branch, at the run's time.
 */
GB_EXTERN(int) gb_metrics_add(gb_metrics *m, const gb_runlist *runs);
/* The number of samples added. */
GB_EXTERN(size_t) gb_metrics_count(const gb_metrics *m);
/* The exposition of `m`: o->format is GB_OUTPUT_OPENMETRICS. */
GB_EXTERN(int) gb_output_metrics(gb_buf *out, const gb_metrics *m,
	const gb_output_options *o);

typedef struct {
	unsigned int version;
	const char *job;         /* the `job` of the grouping key */
	const char *curl;        /* the program (NULL: "curl" on PATH) */
	gb_estimator estimator;
	const char *branch;
} gb_pushgateway_options;

#define GB_PUSHGATEWAY_OPTIONS_VERSION 1
#define GB_PUSHGATEWAY_OPTIONS_INIT { GB_PUSHGATEWAY_OPTIONS_VERSION, \
	"git-bench", NULL, GB_ESTIMATOR_MEAN, NULL }

/*
 * Append the path of the group of `job` and `machine` to `out`:
 * "/metrics/job/<job>/machine/<machine>", each value URL-safe as it is or
 * base64url after "@base64" (slashes, empty values, anything else).
 */
GB_EXTERN(int) gb_pushgateway_path(gb_buf *out, const char *job,
	const char *machine);

/*
 * Send `run` to the Pushgateway at `url` (http or https) with PUT, which
 * replaces the group of its machine and no other. GB_ENOTFOUND when curl
 * cannot be run; GB_ERROR with the gateway's status and the first line of
 * its answer when it refuses.
 */
GB_EXTERN(int) gb_pushgateway_push(const char *url, const gb_run *run,
	const gb_pushgateway_options *o);

#ifdef __cplusplus
}
#endif
#endif
