/*
 * The report as one HTML page: the data as a JSON document inside a
 * <script type="application/json"> element, read and drawn by the page's
 * own script (src/output/report.js, embedded at build time).
 *
 * The data is compact so that 1,000 commits x 50 benchmarks stay well
 * under 2 MB: commits are listed once and referred to by index (delta
 * encoded along each series), values keep the digits the command line
 * prints of them (gb_units_round: the page shows the very numbers
 * `git bench` does) and spreads 2 significant ones.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <git2.h>

#include "common.h"
#include "output/report_assets.h"
#include "output/output_int.h"
#include "analysis/report_int.h"
#include "gitbench/date.h"
#include "gitbench/escape.h"
#include "gitbench/jsonw.h"
#include "gitbench/units.h"
#include "util/jsonw_int.h"

/* Schema of the embedded data; the page's script checks it. */
#define REPORT_SCHEMA 1

/*
 * `v` to `digits` significant digits, computed so that the double is the
 * one nearest the decimal (an exact power of ten divides), which the JSON
 * writer then prints in as few characters as the decimal has.
 */
static double round_sig(double v, int digits)
{
	double e, p;

	if (!isfinite(v) || v == 0)
		return v;
	e = floor(log10(fabs(v))) - (digits - 1);
	if (e < 0 && e >= -22) {
		p = pow(10, -e);
		return round(v * p) / p;
	}
	if (e >= 0 && e <= 22) {
		p = pow(10, e);
		return round(v / p) * p;
	}
	return v;
}

static void put_number(gb_jsonw *w, const char *key, double v, int digits)
{
	gb_jsonw_number(w, key, round_sig(v, digits));
}

/* A value as the command line prints it in its unit: 113.88 ns. */
static void put_value(gb_jsonw *w, const char *key, double v,
	const char *unit)
{
	gb_jsonw_number(w, key, gb_units_round(v, unit));
}

static void put_percent(gb_jsonw *w, const char *key, double v)
{
	/* Hundredths of a percent, as compare prints them. */
	gb_jsonw_number(w, key, isfinite(v) ? round(v * 100) / 100 : NAN);
}

static void put_oid(gb_jsonw *w, const char *key, const git_oid *id)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), id);
	gb_jsonw_string(w, key, hex);
}

/* The arrays of numbers, one per commit or point, each one item. */
static double commit_time(const void *p, size_t i)
{
	return (double)((const gb_report *)p)->commits[i].time;
}

/* Positions as steps from the one before, which keeps the page short. */
static double point_step(const void *p, size_t i)
{
	const gb_point *pt = ((const gb_series *)p)->points;

	return (double)(pt[i].commit - (i ? pt[i - 1].commit : 0));
}

static double point_value(const void *p, size_t i)
{
	const gb_series *s = p;

	return gb_units_round(s->points[i].value, s->unit);
}

static double point_stddev(const void *p, size_t i)
{
	return round_sig(((const gb_series *)p)->points[i].stddev, 2);
}

typedef struct {
	const gb_series *s;
	const report_series *rs;
} rolling_of;

static double rolling_step(const void *p, size_t i)
{
	const size_t *pos = ((const rolling_of *)p)->rs->rolling_pos;

	return (double)(pos[i] - (i ? pos[i - 1] : 0));
}

static double rolling_value(const void *p, size_t i)
{
	const rolling_of *r = p;

	return gb_units_round(r->rs->rolling[i], r->s->unit);
}

static void write_commits(gb_jsonw *w, const gb_report *r)
{
	size_t i;

	gb_jsonw_object(w, "commits");
	gb_jsonw_array(w, "id");
	for (i = 0; i < r->ncommits; i++)
		put_oid(w, NULL, &r->commits[i].id);
	gb_jsonw_end(w);
	gb_jsonw_numbers(w, "time", r->ncommits, commit_time, r);
	gb_jsonw_array(w, "subject");
	for (i = 0; i < r->ncommits; i++)
		gb_jsonw_string(w, NULL, r->commits[i].subject);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "accepted");
	for (i = 0; i < r->ncommits; i++)
		gb_jsonw_string(w, NULL, r->commits[i].accepts);
	gb_jsonw_end(w);
	gb_jsonw_array(w, "damaged");
	for (i = 0; i < r->ncommits; i++)
		if (r->commits[i].damaged)
			gb_jsonw_number(w, NULL, (double)i);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

/* "host: Debian GNU/Linux 12, x86_64, AMD EPYC, 2 cores" */
static void machine_about(gb_buf *out, const gb_env *env)
{
	const char *parts[] = { env->os, env->arch, env->cpu, env->toolchain };
	size_t i, n = 0;

	if (env->host)
		gb_buf_printf(out, "%s: ", env->host);
	for (i = 0; i < GB_ARRAY_SIZE(parts); i++)
		if (parts[i])
			gb_buf_printf(out, "%s%s", n++ ? ", " : "", parts[i]);
	if (env->cores)
		gb_buf_printf(out, "%s%u core%s", n++ ? ", " : "", env->cores,
			env->cores == 1 ? "" : "s");
}

static void write_series(gb_jsonw *w, const gb_series *s,
	const report_series *rs)
{
	rolling_of ro = { s, rs };
	size_t i;

	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "name", s->name);
	gb_jsonw_string(w, "measure", s->measure);
	gb_jsonw_string(w, "unit", s->unit);
	gb_jsonw_bool(w, "higher", s->direction == GB_HIGHER_IS_BETTER);
	gb_jsonw_numbers(w, "c", s->n, point_step, s);
	gb_jsonw_numbers(w, "v", s->n, point_value, s);
	gb_jsonw_numbers(w, "sd", s->n, point_stddev, s);
	gb_jsonw_array(w, "cp");
	for (i = 0; i < rs->nchanges; i++) {
		gb_jsonw_array(w, NULL);
		gb_jsonw_number(w, NULL, (double)rs->changes[i].pos);
		put_percent(w, NULL, rs->changes[i].change);
		put_number(w, NULL, rs->changes[i].pvalue, 2);
		gb_jsonw_string(w, NULL, gb_verdict_name(rs->changes[i].verdict));
		gb_jsonw_number(w, NULL, (double)rs->changes[i].unmeasured);
		gb_jsonw_number(w, NULL, (double)rs->changes[i].after);
		gb_jsonw_number(w, NULL, (double)rs->changes[i].through);
		gb_jsonw_number(w, NULL, (double)rs->changes[i].commits);
		gb_jsonw_bool(w, NULL, rs->changes[i].placed);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	/* The rolling values, positions as "c" has them; none: absent. */
	if (rs->nrolling) {
		gb_jsonw_numbers(w, "rc", rs->nrolling, rolling_step, &ro);
		gb_jsonw_numbers(w, "rv", rs->nrolling, rolling_value, &ro);
	}
	gb_jsonw_array(w, "vd");
	for (i = 0; i < rs->nverdicts; i++) {
		gb_jsonw_array(w, NULL);
		gb_jsonw_number(w, NULL, (double)rs->verdicts[i].pos);
		gb_jsonw_string(w, NULL, gb_verdict_name(rs->verdicts[i].verdict));
		put_percent(w, NULL, rs->verdicts[i].change);
		gb_jsonw_string(w, NULL, gb_evidence_name(rs->verdicts[i].evidence));
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

/*
 * With `first_mark`, each benchmark is a mark numbered from it (the page
 * prints each on its own: put_json_by_parts); else written in place.
 */
static void write_machine(gb_jsonw *w, const report_machine *m,
	const size_t *first_mark)
{
	gb_buf about = GB_BUF_INIT;
	size_t i, last = 0;

	machine_about(&about, &m->env);
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "key", m->key);
	gb_jsonw_string(w, "alias", m->alias);
	gb_jsonw_string(w, "about", about.ptr ? about.ptr : "");
	gb_jsonw_number(w, "runs", (double)m->runs);
	gb_jsonw_array(w, "commits");
	for (i = 0; i < m->set.ncommits; last = m->global[i++])
		gb_jsonw_number(w, NULL, (double)(m->global[i] - last));
	gb_jsonw_end(w);
	gb_jsonw_array(w, "labels");
	for (i = 0; i < m->set.ncommits; i++) {
		if (!m->set.commits[i].label)
			continue;
		gb_jsonw_array(w, NULL);
		gb_jsonw_number(w, NULL, (double)i);
		gb_jsonw_string(w, NULL, m->set.commits[i].label);
		gb_jsonw_end(w);
	}
	gb_jsonw_end(w);
	gb_jsonw_array(w, "benchmarks");
	for (i = 0; i < m->set.nseries; i++)
		if (first_mark)
			gb_jsonw_mark(w, NULL, *first_mark + i);
		else
			write_series(w, &m->set.series[i], &m->series[i]);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
	gb_buf_dispose(&about);
}

static void write_side(gb_jsonw *w, const char *key, const git_oid *id,
	const char *subject, int64_t time)
{
	gb_jsonw_object(w, key);
	put_oid(w, "id", id);
	gb_jsonw_string(w, "subject", subject);
	gb_jsonw_number(w, "time", (double)time);
	gb_jsonw_end(w);
}

static void write_row(gb_jsonw *w, const report_row *row)
{
	gb_jsonw_object(w, NULL);
	gb_jsonw_string(w, "name", row->name);
	gb_jsonw_string(w, "measure", row->measure);
	gb_jsonw_string(w, "unit", row->unit);
	gb_jsonw_bool(w, "higher", row->direction == GB_HIGHER_IS_BETTER);
	put_value(w, "base", row->base, row->unit);
	put_value(w, "head", row->head, row->unit);
	put_percent(w, "change", row->change);
	gb_jsonw_string(w, "verdict", gb_verdict_name(row->verdict));
	gb_jsonw_string(w, "evidence", gb_evidence_name(row->evidence));
	put_percent(w, "noise", row->noise);
	gb_jsonw_number(w, "base_runs", (double)row->base_runs);
	gb_jsonw_number(w, "head_runs", (double)row->head_runs);
	gb_jsonw_bool(w, "failed", row->failed);
	gb_jsonw_bool(w, "within_noise", row->within_noise);
	gb_jsonw_end(w);
}

static void write_summary(gb_jsonw *w, const char *key,
	const report_summary *s)
{
	size_t i;

	if (!s->present) {
		gb_jsonw_null(w, key);
		return;
	}
	gb_jsonw_object(w, key);
	gb_jsonw_string(w, "machine", s->machine);
	write_side(w, "base", &s->base, s->base_subject, s->base_time);
	gb_jsonw_string(w, "base_how", s->base_how);
	gb_jsonw_number(w, "base_distance", (double)s->base_distance);
	write_side(w, "head", &s->head, s->head_subject, s->head_time);
	gb_jsonw_number(w, "max_regression", s->max_regression);
	put_percent(w, "geomean", s->geomean);
	gb_jsonw_array(w, "rows");
	for (i = 0; i < s->nrows; i++)
		write_row(w, &s->rows[i]);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

static void write_settings(gb_jsonw *w, const gb_compare_options *o)
{
	gb_jsonw_string(w, "estimator",
		o->estimator == GB_ESTIMATOR_MEDIAN ? "median" : "mean");
	gb_jsonw_object(w, "thresholds");
	gb_jsonw_number(w, "max_regression", o->max_regression);
	gb_jsonw_number(w, "warn_regression", o->warn_regression);
	gb_jsonw_number(w, "improvement", o->improvement);
	gb_jsonw_number(w, "significance", o->significance);
	gb_jsonw_number(w, "within_confidence", o->within_confidence);
	gb_jsonw_end(w);
}

/* "window": "7d mean", what the dashed line of each chart is; or null. */
static void write_window(gb_jsonw *w, const gb_report *r)
{
	gb_buf name = GB_BUF_INIT;

	if (!r->window.seconds && !r->window.commits) {
		gb_jsonw_null(w, "window");
		return;
	}
	gb_window_name(&name, &r->window);
	gb_buf_printf(&name, " %s", r->compare.estimator == GB_ESTIMATOR_MEDIAN
		? "median" : "mean");
	gb_jsonw_string(w, "window", name.ptr);
	gb_buf_dispose(&name);
}

static void write_document(gb_jsonw *w, const gb_report *r, bool marked)
{
	size_t i, mark = 0;

	gb_jsonw_object(w, NULL);
	gb_jsonw_number(w, "schema", REPORT_SCHEMA);
	gb_jsonw_string(w, "title", r->title);
	gb_jsonw_string(w, "range", r->range);
	gb_jsonw_number(w, "generated", (double)(gb_date_now_us() / 1000000));
	gb_jsonw_string(w, "version", gb_version());
	write_settings(w, &r->compare);
	write_window(w, r);
	write_commits(w, r);
	gb_jsonw_array(w, "machines");
	for (i = 0; i < r->nmachines; i++) {
		write_machine(w, &r->machines[i], marked ? &mark : NULL);
		mark += r->machines[i].set.nseries;
	}
	gb_jsonw_end(w);
	write_summary(w, "summary", &r->summary);
	/* Every comparison at the top, the summary first (--baseline). */
	gb_jsonw_array(w, "comparisons");
	if (r->summary.present)
		write_summary(w, NULL, &r->summary);
	for (i = 0; i < r->nmore; i++)
		write_summary(w, NULL, &r->more[i]);
	gb_jsonw_end(w);
	gb_jsonw_end(w);
}

static void write_json(gb_jsonw *w, const void *state)
{
	write_document(w, state, false);
}

static void write_json_marked(gb_jsonw *w, const void *state)
{
	write_document(w, state, true);
}

int gb_report_json(gb_buf *out, const gb_report *r)
{
	return gb_output_json(out, false, write_json, r);
}

/* ---- the page ------------------------------------------------------------- */

/*
 * JSON inside a script element: "<" only ever occurs inside strings there,
 * so writing every one as \u003c means no "</script" or "<!--" can end or
 * bend the element, whatever the names hold.
 */
static int put_script_json(gb_buf *out, const char *json, size_t len)
{
	size_t i, from = 0;
	int error = 0;

	for (i = 0; i < len && !error; i++) {
		const char *esc = json[i] == '<' ? "\\u003c" : json[i] == '>'
			? "\\u003e" : json[i] == '&' ? "\\u0026" : NULL;

		if (!esc)
			continue;
		if ((error = gb_buf_put(out, json + from, i - from)) == 0)
			error = gb_buf_puts(out, esc);
		from = i + 1;
	}
	return error ? error : gb_buf_put(out, json + from, len - from);
}

/* A CSP source for inline text: 'sha256-<base64 of the digest>'. */
static int put_hash_source(gb_buf *out, const char *hex)
{
	unsigned char d[32];
	size_t i;

	for (i = 0; i < sizeof(d); i++) {
		unsigned int byte;

		if (sscanf(hex + 2 * i, "%2x", &byte) != 1)
			return gb_error_set(GB_ERROR, "bad digest of an embedded file");
		d[i] = (unsigned char)byte;
	}
	gb_buf_puts(out, "'sha256-");
	gb_buf_base64(out, d, sizeof(d), false);
	return gb_buf_putc(out, '\'');
}

static int put_head(gb_buf *out, const gb_report *r)
{
	int error;

	gb_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		/* Nothing may be fetched, and only our own script and style
		 * run: a name in the data can never become code. */
		"<meta http-equiv=\"Content-Security-Policy\" content=\""
		"default-src 'none'; base-uri 'none'; form-action 'none'; script-src ");
	if ((error = put_hash_source(out, gb_report_js.sha256)) < 0)
		return error;
	gb_buf_puts(out, "; style-src ");
	if ((error = put_hash_source(out, gb_report_css.sha256)) < 0)
		return error;
	gb_buf_printf(out, "\">\n<meta name=\"generator\" content=\"git-bench %s\">\n"
		"<title>", gb_version());
	gb_escape_html(out, r->title);
	gb_buf_puts(out, "</title>\n<style>");
	gb_buf_put(out, gb_report_css.text, gb_report_css.len);
	return gb_buf_puts(out, "</style>\n</head>\n");
}

/* Where the page goes: `out` whole, or through `put` a part at a time. */
typedef struct {
	gb_buf *out;
	gb_report_put_fn put;
	void *payload;
} page_sink;

#define PAGE_PART (1u << 20)

/* With `put`, what `out` holds goes once it is a part's size (or `all`). */
static int spill(page_sink *p, bool all)
{
	int error;

	if (!p->put || !p->out->size || (!all && p->out->size < PAGE_PART))
		return 0;
	error = p->put(p->out, p->payload);
	gb_buf_clear(p->out);
	return error;
}

typedef struct {
	const gb_series *s;
	const report_series *rs;
} one_series;

static void write_one_series(gb_jsonw *w, const void *state)
{
	const one_series *o = state;

	write_series(w, o->s, o->rs);
}

/* Benchmark `mark` of the report (counted across machines), printed. */
static int put_series(gb_buf *out, const gb_report *r, size_t mark)
{
	gb_buf text = GB_BUF_INIT;
	one_series o = { NULL, NULL };
	size_t i;
	int error;

	for (i = 0; i < r->nmachines && !o.s; i++) {
		const report_machine *m = &r->machines[i];

		if (mark < m->set.nseries) {
			o.s = &m->set.series[mark];
			o.rs = &m->series[mark];
		}
		mark -= m->set.nseries;
	}
	if (!o.s)
		return gb_error_set(GB_ERROR, "a report's benchmark is missing");
	/* Without the newline that ends a document. */
	if ((error = gb_output_json(&text, false, write_one_series, &o)) == 0)
		error = put_script_json(out, text.ptr, text.size ? text.size - 1 : 0);
	gb_buf_dispose(&text);
	return error;
}

/*
 * The report's JSON document, as gb_report_json writes it, into the page:
 * the document without its benchmarks, then each benchmark printed on its
 * own where its mark is. As one cJSON tree, the document (11 MB at
 * 100,000 runs) was held beside its printed text and then a copy of it,
 * with every value of the report: the command's peak.
 */
static int put_json_by_parts(page_sink *sink, const gb_report *r)
{
	gb_buf *out = sink->out;
	gb_buf skeleton = GB_BUF_INIT;
	const char *p, *end, *mark;
	int error;

	if ((error = gb_output_json(&skeleton, false, write_json_marked, r)) < 0)
		goto cleanup;
	p = skeleton.ptr;
	end = skeleton.ptr + skeleton.size;
	while (!error && (mark = memchr(p, GB_JSONW_MARK, (size_t)(end - p)))) {
		char *stop;
		unsigned long long n = strtoull(mark + 1, &stop, 10);

		if (stop == mark + 1 || *stop != GB_JSONW_MARK) {
			error = gb_error_set(GB_ERROR, "a report's JSON has a bad mark");
			break;
		}
		if ((error = put_script_json(out, p, (size_t)(mark - p))) == 0 &&
		    (error = put_series(out, r, (size_t)n)) == 0)
			error = spill(sink, false);
		p = stop + 1;
	}
	if (!error)
		error = put_script_json(out, p, (size_t)(end - p));
cleanup:
	gb_buf_dispose(&skeleton);
	return error;
}

static int put_page(page_sink *sink, const gb_report *r)
{
	gb_buf *out = sink->out;
	int error;

	if ((error = put_head(out, r)) < 0)
		return error;
	gb_buf_puts(out, "<body>\n<header>\n<h1>");
	gb_escape_html(out, r->title);
	gb_buf_puts(out, "</h1>\n<p class=\"range\">");
	gb_escape_html(out, r->range);
	gb_buf_puts(out, "</p>\n</header>\n<noscript><p>The charts of this report "
		"are drawn by its script: allow JavaScript to see them.</p>"
		"</noscript>\n<main id=\"app\"></main>\n"
		"<script type=\"application/json\" id=\"gb-data\">");
	if ((error = put_json_by_parts(sink, r)) < 0)
		return error;
	gb_buf_puts(out, "</script>\n<script>");
	gb_buf_put(out, gb_report_js.text, gb_report_js.len);
	if ((error = gb_buf_puts(out, "</script>\n</body>\n</html>\n")) < 0)
		return error;
	return spill(sink, true);
}

int gb_report_html(gb_buf *out, const gb_report *r)
{
	page_sink sink = { out, NULL, NULL };

	return put_page(&sink, r);
}

int gb_report_html_parts(const gb_report *r, gb_report_put_fn put,
	void *payload)
{
	gb_buf part = GB_BUF_INIT;
	page_sink sink = { &part, put, payload };
	int error;

	if (!put)
		return gb_error_set(GB_EINVALID, "no function to take the page");
	error = put_page(&sink, r);
	gb_buf_dispose(&part);
	return error;
}

int gb_output_report_html(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return gb_report_html(out, data);
}

int gb_output_report_json(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	GB_UNUSED(o);
	return gb_report_json(out, data);
}

int gb_output_report(gb_buf *out, const gb_report *r,
	const gb_output_options *opts)
{
	return gb_output_render(out, GB_OUTPUT_REPORT, r, opts);
}
