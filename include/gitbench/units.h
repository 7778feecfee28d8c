/* Values with units, for people. */
#ifndef GITBENCH_UNITS_H
#define GITBENCH_UNITS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Append `value` in `unit` scaled for reading: 45230 "ns" is "45.23 µs",
 * 1.2e9 "B/s" is "1.20 GB/s". Unknown units get an SI prefix when large.
 */
GB_EXTERN(int) gb_units_format(gb_buf *out, double value, const char *unit);

/*
 * The same, in the scale that suits `ref` rather than `value`, so that a
 * spread reads in the unit of its estimate: "14.74 µs (±0.21 µs)".
 */
GB_EXTERN(int) gb_units_format_as(gb_buf *out, double value,
	const char *unit, double ref);

/*
 * `value` rounded to what gb_units_format prints of it (113.875 "ns" is
 * 113.88), for those who print it otherwise and must say the same.
 */
GB_EXTERN(double) gb_units_round(double value, const char *unit);
/*
 * A percentage as it is shown with `decimals` decimals, without the sign
 * of a zero: a change that rounds to nothing prints "+0.00%", not
 * "-0.00%".
 */
GB_EXTERN(double) gb_units_percent(double p, int decimals);

/* `value` in `unit` as nanoseconds; NAN when the unit is not a time. */
GB_EXTERN(double) gb_units_to_ns(double value, const char *unit);

/* Whether `unit` measures time (ns, us, ms, s). */
GB_EXTERN(int) gb_units_is_time(const char *unit);

/*
 * Whether `unit` is a rate ("/s", "per second", "ops/sec", "ops/ms",
 * "MB/s", "Hz", "GFLOPS", "fps" in any case), which is better higher.
 */
GB_EXTERN(int) gb_units_is_rate(const char *unit);

/*
 * A rate's unit as results are kept and compared: "MB/s", "GiB/s",
 * "bytes/sec" as "B/s", "ops/ms" and "Mops/s" as "ops/s", "GHz" as "Hz",
 * "Mbps" as "b/s". The factor to multiply its figures by, the unit into
 * `out`; 0 when the unit is no rate known here, or already so.
 */
GB_EXTERN(double) gb_units_rate_canonical(gb_buf *out, const char *unit);

/*
 * Parse a duration such as "100ms", "2.5 s", "750us", "40ns" into
 * nanoseconds. GB_EINVALID for anything else.
 */
GB_EXTERN(int) gb_units_parse_duration(double *ns, const char *text);

#ifdef __cplusplus
}
#endif
#endif
