/* What log, bisect and prune share in the command line. */
#ifndef GB_CLI_HISTORY_H
#define GB_CLI_HISTORY_H

#include "cli.h"

/* This machine's key unless `any` (NULL) or `given` names one. */
int cli_pick_machine(char **out, cli_repo *r, bool any, const char *given);

/* Unicode blocks from ▁ to █, scaled to the least and greatest value. */
void cli_sparkline(gb_buf *out, const double *values, size_t n);

/* Columns of the terminal: COLUMNS, else the tty's, else 80. */
size_t cli_terminal_width(void);

/* "2026-11-23", local time, as the listing of measured commits has it. */
void cli_date(gb_buf *out, int64_t when);
/* "2026-11-23T20:19:44Z", for JSON and CSV. */
void cli_iso_time(gb_buf *out, int64_t when);

/* A benchmark's trend, what log prints for it. */
typedef struct {
	const gb_series *series;
	gb_trend trend;
} cli_log_row;

typedef struct {
	cli_repo *r;
	const gb_series_set *set;
	const cli_log_row *rows;
	size_t nrows;
	const char *machine;       /* NULL: any */
	gb_estimator estimator;
	const gb_changepoint_options *cp;
	bool color;
	size_t width;              /* terminal columns */
} cli_log_view;

/* Print the trends in `format`: table, markdown, json or csv. */
int cli_log_print(gb_buf *out, const cli_log_view *v, const char *format);

#endif
