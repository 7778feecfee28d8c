/*
 * What hyperfine prints, for runs that export no file (`hyperfine CMD |
 * tee out.txt`, or a CI log):
 *
 *   Benchmark 1: sort
 *     Time (mean ± σ):      50.1 ms ±   1.1 ms    [User: 44.8 ms, System: 10.8 ms]
 *     Range (min … max):    48.3 ms …  52.3 ms    15 runs
 *
 *   Benchmark 2: sleep 1
 *     Time (abs ≡):         1.002 s               [User: 1.3 ms, System: 0.1 ms]
 *
 * Named and valued as the JSON export is (hyperfine.c), to the digits
 * printed: the benchmark is the name after "Benchmark N:" (before 1.12,
 * "Benchmark #N:"; the command,
 * or its --command-name), mean, σ, min, max and the runs its estimates,
 * in ns; user and system as "<command> [user]" and "<command> [system]".
 * A single run ("abs ≡") has no σ nor range. A parameter scan's name is the
 * command as run ("gzip -1"), not the JSON's "gzip -1 (level=1)": the
 * console does not print the parameters. Warnings (on stderr, here when
 * both were captured together), the summary and blank lines are passed
 * over, and so are colours (--style color) and what a terminal's capture
 * (script(1)) holds of the progress bar. Between a name and its Time line
 * come what the command printed (--show-output) and, when the command
 * failed, hyperfine's "Error:" line, after which hyperfine stops: that
 * benchmark is left out with a warning quoting it.
 */
#include <string.h>

#include "console.h"
#include "util.h"

#define BENCH "Benchmark "
#define TIME_MEAN "Time (mean \xc2\xb1 \xcf\x83):"
#define TIME_ABS "Time (abs \xe2\x89\xa1):"
#define RANGE "Range (min \xe2\x80\xa6 max):"
#define PLUS_MINUS "\xc2\xb1"
#define ELLIPSIS "\xe2\x80\xa6"

#define EXPECT_TIME "\"Time (mean \xc2\xb1 \xcf\x83): <mean> \xc2\xb1 <\xcf\x83> " \
	"[User: <time>, System: <time>]\""
#define EXPECT_RANGE "\"Range (min \xe2\x80\xa6 max): <min> \xe2\x80\xa6 " \
	"<max> <n> runs\""

/*
 * The name after "Benchmark <n>: ", or NULL when s is not that line.
 * hyperfine before 1.12 printed "Benchmark #<n>: ", the rest alike (and
 * Debian 11 still ships 1.11).
 */
static const char *bench_name(const char *s)
{
	const char *p = s + strlen(BENCH);

	if (strncmp(s, BENCH, strlen(BENCH)) != 0)
		return NULL;
	if (*p == '#')
		p++;
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	if (p[0] != ':' || (p[1] != ' ' && p[1] != '\0'))
		return NULL;
	return gb_adapter_skip_blanks(p + 1);
}

/* s after `mark` and blanks, when s starts with blanks then it. */
static const char *after(const char *s, const char *mark)
{
	s = gb_adapter_skip_blanks(s);
	if (strncmp(s, mark, strlen(mark)) != 0)
		return NULL;
	return gb_adapter_skip_blanks(s + strlen(mark));
}

/* A time, then `sep` (a symbol between two figures) or nothing. */
static bool time_then(double *ns, const char **p, const char *sep)
{
	if (gb_adapter_parse_time(ns, *p, p, false) < 0)
		return false;
	*p = gb_adapter_skip_blanks(*p);
	if (!sep)
		return true;
	if (strncmp(*p, sep, strlen(sep)) != 0)
		return false;
	*p = gb_adapter_skip_blanks(*p + strlen(sep));
	return true;
}

typedef struct {
	gb_run *run;
	const char *source;
	gb_buf name;        /* the benchmark being read, empty when none */
	size_t at;          /* the line that named it */
	bool timed;         /* its "Time (mean ± σ)" came: "Range" next */
	gb_estimates e;
	double user, system;
	gb_buf error;       /* an "Error:" line after its name, before Time */
	gb_buf last;        /* the benchmark read last, whose warnings follow */
	bool warned;        /* its non-zero exit codes were said */
	size_t nfailed;     /* benchmarks stopped by hyperfine's error */
	gb_buf first_failed, first_error;
} hf;

static int add(hf *h)
{
	static const char *const metric[] = { NULL, "user", "system" };
	double cpu[] = { 0, h->user, h->system };
	gb_buf last;
	int i, error = 0;

	for (i = 0; i < 3 && error == 0; i++) {
		gb_measure m = { metric[i] ? metric[i] : "time", "ns",
			GB_LOWER_IS_BETTER,
			metric[i] ? GB_FIGURE_METRIC : GB_FIGURE_PRIMARY };
		gb_estimates e = GB_ESTIMATES_INIT;

		if (!metric[i])
			e = h->e;
		else
			e.mean = cpu[i];
		error = gb_adapter_figure(h->run, h->name.ptr, &m, &e);
	}
	/* hyperfine prints a benchmark's warnings after its figures. */
	last = h->last;
	h->last = h->name;
	h->name = last;
	gb_buf_clear(&h->name);
	h->timed = false;
	h->warned = false;
	return error;
}

/*
 * The benchmark being read, stopped by hyperfine's "Error:" line before
 * its Time line (a command that exited non-zero, without -i): nothing of
 * it was measured. Left out; the first is named in the warning.
 */
static int fail(hf *h)
{
	if (h->nfailed++ == 0 &&
	    (gb_buf_puts(&h->first_failed, h->name.ptr) < 0 ||
	     gb_buf_puts(&h->first_error, h->error.ptr) < 0))
		return GB_ERROR;
	gb_buf_clear(&h->name);
	gb_buf_clear(&h->error);
	return 0;
}

/*
 * "Warning: Ignoring non-zero exit code." under a benchmark run with -i:
 * its times are of a command that failed, which the comparison must not
 * take for a speed-up in silence (as the JSON's exit codes say it,
 * hyperfine.c). Said once, and read all the same.
 */
static void warn_failures(hf *h)
{
	if (!h->last.size || h->warned)
		return;
	h->warned = true;
	gb_adapter_warn("%s: '" GB_NAME_SHOWN "' exited non-zero (hyperfine "
		"-i): its times are of a failing command", h->source,
		h->last.ptr);
}

/* "... [User: <time>, System: <time>]" at p. */
static bool cpu_times(hf *h, const char *p)
{
	if (strncmp(p, "[User:", 6) != 0)
		return false;
	p = gb_adapter_skip_blanks(p + 6);
	if (!time_then(&h->user, &p, ",") || strncmp(p, "System:", 7) != 0)
		return false;
	p = gb_adapter_skip_blanks(p + 7);
	return time_then(&h->system, &p, "]") && !*p;
}

static int read_time(hf *h, const gb_line *l, const char *p, bool abs)
{
	/* An "Error:" before it was what the command printed. */
	gb_buf_clear(&h->error);
	h->e = (gb_estimates)GB_ESTIMATES_INIT;
	if (abs) {
		h->e.count = 1;
		if (!time_then(&h->e.mean, &p, NULL) || !cpu_times(h, p))
			return gb_adapter_bad_line(h->source, l,
				"\"Time (abs \xe2\x89\xa1): <time> "
				"[User: <time>, System: <time>]\"");
		return add(h);
	}
	if (!time_then(&h->e.mean, &p, PLUS_MINUS) ||
	    !time_then(&h->e.stddev, &p, NULL) || !cpu_times(h, p))
		return gb_adapter_bad_line(h->source, l, EXPECT_TIME);
	h->timed = true;
	return 0;
}

static int read_range(hf *h, const gb_line *l, const char *p)
{
	double runs;

	if (!time_then(&h->e.min, &p, ELLIPSIS) ||
	    !time_then(&h->e.max, &p, NULL) ||
	    gb_adapter_parse_number(&runs, p, &p, false) < 0 ||
	    !(runs >= 2 && runs <= 1e15 && runs == (double)(uint64_t)runs) ||
	    strcmp(gb_adapter_skip_blanks(p), "runs") != 0)
		return gb_adapter_bad_line(h->source, l, EXPECT_RANGE);
	h->e.count = (uint64_t)runs;
	return add(h);
}

/* The line due after the benchmark being read, said where it was not. */
static int missing(hf *h, const gb_line *l)
{
	return gb_error_set(GB_EINVALID, "%s: line %zu: expected %s for "
		"benchmark '%s' (named on line %zu)", h->source, l->number,
		h->timed ? EXPECT_RANGE : EXPECT_TIME, h->name.ptr, h->at);
}

/*
 * What is left on screen of a line: a terminal's capture holds the
 * progress bar's states, each ended by "\r" (and "ESC[2K", a colour
 * code to strip), then the text. A CRLF's "\r" was dropped already.
 */
static char *shown(char *s)
{
	char *cr = strrchr(s, '\r');

	s = cr ? cr + 1 : s;
	gb_adapter_strip_colours(s);
	return s;
}

static int read_line(void *ctx, const gb_line *l, char *s)
{
	hf *h = ctx;
	const char *p, *name;
	int error;

	s = shown(s);
	if ((name = bench_name(s))) {
		if (h->name.size && !h->timed && h->error.size) {
			if ((error = fail(h)) < 0)
				return error;
		} else if (h->name.size) {
			return missing(h, l);
		}
		if (!*name)
			return gb_adapter_bad_line(h->source, l,
				"\"Benchmark <n>: <command>\"");
		if (gb_buf_puts(&h->name, name) < 0)
			return GB_ERROR;
		while (h->name.size && (h->name.ptr[h->name.size - 1] == ' ' ||
			       h->name.ptr[h->name.size - 1] == '\t'))
			h->name.ptr[--h->name.size] = '\0';
		h->at = l->number;
		return 0;
	}
	if (!h->name.size) {
		if (after(s, "Warning: Ignoring non-zero exit code"))
			warn_failures(h);
		return 0; /* other warnings, the summary */
	}
	if (!h->timed && (p = after(s, TIME_MEAN)))
		return read_time(h, l, p, false);
	if (!h->timed && (p = after(s, TIME_ABS)))
		return read_time(h, l, p, true);
	if (h->timed && (p = after(s, RANGE)))
		return read_range(h, l, p);
	if (!h->timed) {
		/* What the command printed (--show-output), or hyperfine's
		 * error, the last it says; the Time line is due before the
		 * next benchmark or the end all the same. */
		if ((p = after(s, "Error:"))) {
			size_t n = strlen(p);

			while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
				n--;
			gb_buf_clear(&h->error);
			if (gb_buf_puts(&h->error, "Error: ") < 0 ||
			    gb_buf_put(&h->error, p, n) < 0)
				return GB_ERROR;
		}
		return 0;
	}
	/* hyperfine prints the Range right after the Time; only a warning
	 * (stderr and stdout captured together) may come between. */
	if (!*gb_adapter_skip_blanks(s) || after(s, "Warning:"))
		return 0;
	return missing(h, l);
}

int gb_hyperfine_console_read(gb_run *run, const char *data, size_t len,
	const char *source)
{
	hf h = { run, source, GB_BUF_INIT, 0, false, GB_ESTIMATES_INIT, 0, 0,
		GB_BUF_INIT, GB_BUF_INIT, false, 0, GB_BUF_INIT, GB_BUF_INIT };
	int error = gb_adapter_read_lines(run, data, len, source, read_line, &h);

	if (error == 0 && h.name.size && !h.timed && h.error.size)
		error = fail(&h);
	if (error == 0 && h.name.size && h.timed)
		error = gb_error_set(GB_EINVALID, "%s: truncated: it ends before "
			"the Range line of benchmark '%s' (named on line %zu)",
			source, h.name.ptr, h.at);
	else if (error == 0 && h.name.size)
		/* hyperfine's error, when there was one, went to stderr. */
		error = gb_error_set(GB_EINVALID, "%s: the run ended before the "
			"Time line of benchmark '" GB_NAME_SHOWN "' (named on line "
			"%zu): hyperfine stopped (a command failed) or the output "
			"was cut", source, h.name.ptr, h.at);
	if (error == 0 && h.nfailed && run->nresults == 0)
		error = gb_error_set(GB_EINVALID, "%s: every benchmark failed ('"
			GB_NAME_SHOWN "': %.200s)", source, h.first_failed.ptr,
			h.first_error.ptr);
	else if (error == 0 && h.nfailed)
		gb_adapter_warn_left_out(source, h.nfailed, "benchmark", "failed",
			h.first_failed.ptr, h.first_error.ptr);
	gb_buf_dispose(&h.name);
	gb_buf_dispose(&h.error);
	gb_buf_dispose(&h.last);
	gb_buf_dispose(&h.first_failed);
	gb_buf_dispose(&h.first_error);
	return error;
}

int gb_hyperfine_console_detect(const char *data, size_t len)
{
	gb_line l = GB_LINE_INIT;
	gb_buf copy = GB_BUF_INIT;
	bool named = false;
	int score = 0;

	while (!score && l.pos < GB_DETECT_SPAN && gb_line_next(&l, data, len)) {
		const char *s;

		if (gb_line_dup(&copy, &l) < 0)
			break;
		s = shown(copy.ptr);
		if (bench_name(s))
			named = true;
		else if (named && (after(s, TIME_MEAN) || after(s, TIME_ABS)))
			score = 90;
	}
	gb_buf_dispose(&copy);
	return score;
}
