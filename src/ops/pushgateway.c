/*
 * A run sent to a Prometheus Pushgateway through its HTTP API: PUT to
 * /metrics/job/<job>/machine/<key>, so that each machine's push replaces
 * its own group and no other. The request is made by the curl program,
 * run from an argv with the metrics on its standard input.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"
#include "git/proc.h"
#include "gitbench/escape.h"
#include "gitbench/metrics.h"

/* The gateway's answer kept for a message, and the longest line quoted. */
#define ANSWER_MAX 65536
#define QUOTE_MAX 200
/* A gateway that does not answer must not hold a CI job for ever. */
#define MAX_SECONDS "60"

/* Characters a path segment keeps as they are ("." and ".." aside). */
static bool plain_segment(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			     "0123456789-_.~");

	return *s && !s[n] && strcmp(s, ".") && strcmp(s, "..");
}

/*
 * One label of the grouping key. Anything but plain characters is
 * base64url after "@base64", as the Pushgateway documents for slashes;
 * an empty value is "=".
 */
static int put_key(gb_buf *out, const char *name, const char *value)
{
	if (plain_segment(value))
		return gb_buf_printf(out, "/%s/%s", name, value);
	gb_buf_printf(out, "/%s@base64/", name);
	if (!*value)
		return gb_buf_putc(out, '=');
	return gb_buf_base64(out, value, strlen(value), true);
}

int gb_pushgateway_path(gb_buf *out, const char *job, const char *machine)
{
	if (!job || !*job)
		return gb_error_set(GB_EINVALID, "the job of a push cannot be empty");
	if (gb_buf_puts(out, "/metrics") < 0 || put_key(out, "job", job) < 0)
		return GB_ERROR;
	return put_key(out, "machine", machine ? machine : "");
}

/* http(s)://host[:port][/path], without a query, a fragment or spaces. */
static int check_url(const char *url)
{
	gb_buf shown = GB_BUF_INIT;
	const char *p;
	bool ok = !strncasecmp(url, "http://", 7) || !strncasecmp(url, "https://", 8);

	for (p = url; ok && *p; p++)
		if ((unsigned char)*p <= ' ' || *p == '?' || *p == '#' ||
		    (unsigned char)*p >= 0x7f)
			ok = false;
	if (ok)
		return 0;
	gb_escape_text(&shown, url);
	gb_error_set(GB_EINVALID, "'%s': not a Pushgateway URL (http:// or "
		"https://, without a query)", shown.ptr ? shown.ptr : "");
	gb_buf_dispose(&shown);
	return GB_EINVALID;
}

static int request_url(gb_buf *out, const char *url, const char *job,
	const char *machine)
{
	size_t n = strlen(url);
	int error;

	if ((error = check_url(url)) < 0)
		return error;
	while (n && url[n - 1] == '/')
		n--;
	if (gb_buf_put(out, url, n) < 0)
		return GB_ERROR;
	return gb_pushgateway_path(out, job, machine);
}

static int body_of(gb_buf *out, const gb_run *run,
	const gb_pushgateway_options *o)
{
	gb_metrics_options mo = GB_METRICS_OPTIONS_INIT;
	gb_output_options oo = GB_OUTPUT_OPTIONS_INIT;
	gb_run *one = (gb_run *)run;
	gb_runlist list = { &one, 1, 1 };
	gb_metrics *m = NULL;
	int error;

	mo.estimator = o->estimator;
	mo.branch = o->branch;
	mo.push = true;
	oo.format = GB_OUTPUT_OPENMETRICS;
	if ((error = gb_metrics_new(&m, &mo)) < 0 ||
	    (error = gb_metrics_add(m, &list)) < 0)
		goto cleanup;
	if (gb_metrics_count(m) == 0) {
		error = gb_error_set(GB_EINVALID, "run %s has no values to push",
			run->id);
		goto cleanup;
	}
	error = gb_output_metrics(out, m, &oo);
cleanup:
	gb_metrics_free(m);
	return error;
}

/* The first line of `s` that is not empty, escaped and cut for a message. */
static void first_line(gb_buf *out, const char *s, size_t len)
{
	gb_buf line = GB_BUF_INIT;
	size_t n;

	while (len && (*s == '\n' || *s == '\r' || *s == ' ')) {
		s++;
		len--;
	}
	for (n = 0; n < len && s[n] != '\n' && s[n] != '\r'; n++)
		;
	gb_buf_put(&line, s, n < QUOTE_MAX ? n : QUOTE_MAX);
	gb_escape_text(out, line.ptr ? line.ptr : "");
	if (n > QUOTE_MAX)
		gb_buf_puts(out, "...");
	gb_buf_dispose(&line);
}

/* curl ran: its output is the answer's body, a line feed and the status. */
static int judge(int status, const gb_buf *answer, const gb_buf *err)
{
	gb_buf why = GB_BUF_INIT;
	const char *nl;
	long code = 0;
	int error = 0;

	nl = answer->ptr ? strrchr(answer->ptr, '\n') : NULL;
	if (nl)
		code = strtol(nl + 1, NULL, 10);
	if (status != 0 || !nl) {
		gb_buf line = GB_BUF_INIT;

		gb_proc_error_line(&line, err);
		first_line(&why, line.ptr ? line.ptr : "", line.size);
		gb_buf_dispose(&line);
		error = gb_error_set(GB_ERROR, "cannot reach the Pushgateway: %s",
			why.size ? why.ptr : "curl failed");
	} else if (code < 200 || code > 299) {
		first_line(&why, answer->ptr, (size_t)(nl - answer->ptr));
		error = gb_error_set(GB_ERROR, "the Pushgateway refused the push: "
			"HTTP %ld%s%s", code, why.size ? ": " : "",
			why.size ? why.ptr : "");
	}
	gb_buf_dispose(&why);
	return error;
}

static int run_curl(const char *url, const gb_buf *body,
	const gb_pushgateway_options *o)
{
	const char *curl = o->curl ? o->curl : "curl";
	/* -q first: no ~/.curlrc; --globoff: "[::1]" is an address, not a
	 * pattern of URLs. */
	const char *argv[] = { curl, "-q", "--silent", "--show-error",
		"--globoff", "--proto", "=http,https", "--max-time", MAX_SECONDS,
		"--request", "PUT", "--header",
		"Content-Type: text/plain; version=0.0.4; charset=utf-8",
		"--data-binary", "@-", "--write-out", "\n%{http_code}", url, NULL };
	gb_proc_options po = { false, ANSWER_MAX, body->ptr, body->size, NULL, NULL };
	gb_buf answer = GB_BUF_INIT, err = GB_BUF_INIT;
	int status, error;

	error = gb_proc_run(&status, &answer, &err, argv, &po);
	if (error == GB_ENOTFOUND)
		gb_error_set(GB_ENOTFOUND, "curl is needed to push to a "
			"Pushgateway and was not found (install curl)");
	else if (error == 0)
		error = judge(status, &answer, &err);
	gb_buf_dispose(&answer);
	gb_buf_dispose(&err);
	return error;
}

int gb_pushgateway_push(const char *url, const gb_run *run,
	const gb_pushgateway_options *o)
{
	gb_buf full = GB_BUF_INIT, body = GB_BUF_INIT;
	int error;

	if (!o || o->version == 0 || o->version > GB_PUSHGATEWAY_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported push options version");
	if ((error = request_url(&full, url, o->job, run->machine)) < 0 ||
	    (error = body_of(&body, run, o)) < 0)
		goto cleanup;
	error = run_curl(full.ptr, &body, o);
cleanup:
	gb_buf_dispose(&full);
	gb_buf_dispose(&body);
	return error;
}
