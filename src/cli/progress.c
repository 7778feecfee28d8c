/*
 * Progress on long work, drawn on standard error the way git draws it
 * ("Running benchmarks:  40% (2/5)"), and only when standard error is a
 * terminal: logs and pipes get no carriage returns.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "progress.h"

/* Redraws of a count with no total, at most this often. */
#define REDRAW_NS 100000000LL

struct cli_progress {
	char *title;
	uint64_t total;
	uint64_t current;      /* the count last given */
	uint64_t shown;        /* the count last drawn */
	int percent;           /* the percentage last drawn, -1: none */
	int64_t drawn_at;      /* monotonic ns of the last draw */
	size_t width;          /* length of the line last drawn */
	bool open;             /* a line is drawn and not ended */
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

cli_progress *cli_progress_start(const char *title, uint64_t total)
{
	cli_progress *p;

	if (!isatty(STDERR_FILENO) || !(p = calloc(1, sizeof(*p))))
		return NULL;
	if (!(p->title = strdup(title))) {
		free(p);
		return NULL;
	}
	p->total = total;
	p->percent = -1;
	cli_progress_update(p, 0);
	return p;
}

static int percent_of(const cli_progress *p, uint64_t n)
{
	if (!p->total)
		return -1;
	return (int)(n >= p->total ? 100 : n * 100 / p->total);
}

static void draw(cli_progress *p, uint64_t n, const char *end)
{
	char line[256];
	int len;

	p->percent = percent_of(p, n);
	if (p->total)
		len = snprintf(line, sizeof(line), "%s: %3d%% (%llu/%llu)%s",
			p->title, p->percent, (unsigned long long)n,
			(unsigned long long)p->total, end);
	else
		len = snprintf(line, sizeof(line), "%s: %llu%s", p->title,
			(unsigned long long)n, end);
	if (len < 0)
		return;
	/* Blank what a longer line before left behind. */
	fflush(stdout);
	fprintf(stderr, "\r%s%*s", line,
		p->width > (size_t)len ? (int)(p->width - (size_t)len) : 0, "");
	fflush(stderr);
	p->width = (size_t)len;
	p->shown = n;
	p->drawn_at = now_ns();
	p->open = true;
}

void cli_progress_update(cli_progress *p, uint64_t n)
{
	if (!p)
		return;
	p->current = n;
	/* Redraw on a new percentage, or a new count now and then. */
	if (p->open && (p->total ? percent_of(p, n) == p->percent
				 : n == p->shown ||
				   now_ns() - p->drawn_at < REDRAW_NS))
		return;
	draw(p, n, "");
}

void cli_progress_break(cli_progress *p)
{
	if (!p || !p->open)
		return;
	fputc('\n', stderr);
	p->open = false;
	p->width = 0;
}

void cli_progress_stop(cli_progress **pp)
{
	cli_progress *p = *pp;

	if (!p)
		return;
	/* Work that stopped short was not done: end the line, no more. */
	if (p->total && p->current < p->total)
		cli_progress_break(p);
	else
		draw(p, p->current, ", done.\n");
	free(p->title);
	free(p);
	*pp = NULL;
}

bool cli_progress_wanted(int flag, bool quiet)
{
	if (flag >= 0)
		return flag != 0;
	return !quiet && isatty(STDERR_FILENO);
}

void cli_relay_progress(const char *text, size_t len, void *payload)
{
	cli_relay *r = payload;

	fflush(stdout);
	gb_escape_relay(&r->line, stderr, true, text, len);
	fflush(stderr);
}

void cli_relay_end(cli_relay *r)
{
	gb_escape_relay_end(&r->line, stderr);
}
