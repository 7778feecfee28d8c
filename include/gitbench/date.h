/*
 * Dates: the clock, what people type for a date, and dates written for
 * people and for programs. Times are seconds since the epoch, UTC.
 */
#ifndef GITBENCH_DATE_H
#define GITBENCH_DATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Now, in microseconds since the epoch: the library's one clock. */
GB_EXTERN(int64_t) gb_date_now_us(void);

/*
 * A date as `--older-than` takes it: "2026-01-01" (midnight UTC),
 * "2026-01-01 12:30[:00]", "@<seconds>", or relative to `now`: "30 days
 * ago", "2.weeks", "3 months" (a month is 30 days, a year 365), "now",
 * "yesterday". GB_EINVALID naming the text for anything else.
 */
GB_EXTERN(int) gb_date_parse(int64_t *out, const char *text, int64_t now);

typedef enum {
	GB_DATE_ISO,      /* "2026-11-23T20:19:44Z", for JSON and CSV */
	GB_DATE_DAY,      /* "2026-11-23", local time, for listings */
	GB_DATE_LOCAL,    /* "2026-11-23 20:01:02 +0100", local time */
	GB_DATE_UTC,      /* "2026-01-01", or "2026-01-01 12:30:00 UTC" */
} gb_date_style;

/* Append `when` in `style` (a time the system cannot convert: its number). */
GB_EXTERN(int) gb_date_format(gb_buf *out, int64_t when, gb_date_style style);
/* Append a length of time, in its largest unit: "3 days", "1 second". */
GB_EXTERN(int) gb_date_duration(gb_buf *out, int64_t seconds);
/* Append how long before `now` it was: "2 hours ago", "just now". */
GB_EXTERN(int) gb_date_relative(gb_buf *out, int64_t when, int64_t now);

#ifdef __cplusplus
}
#endif
#endif
