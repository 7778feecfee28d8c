/*
 * OpenMetrics text exposition of runs (docs/export.md): one gauge family
 * per measure, a sample per run and benchmark at the run's time.
 *
 * The format wants each family's samples together and each label set's
 * samples oldest first, while an export reads commit after commit: the
 * sample lines gather in one buffer per family and are written at the end.
 * Every name and label comes from harness output or a remote: names only
 * ever reach label values, escaped (gb_escape_openmetrics).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <ctype.h>
#include <stdio.h>

#include "gitbench/escape.h"
#include "gitbench/units.h"
#include "output/output_int.h"

typedef struct {
	const char *family, *unit, *help;
	const char *suffix;   /* what a measure's family name ends with */
} family_def;

struct family {
	char *name;
	const char *unit;
	char *help;
	gb_buf lines;
};

struct gb_metrics {
	gb_metrics_options o;
	char *branch;
	struct family *families;
	size_t nfamilies, afamilies;
	size_t count;
};

static const family_def kinds[] = {
	{ "gitbench_time_seconds", "seconds",
	  "Time of one iteration of a benchmark.", "seconds" },
	{ "gitbench_size_bytes", "bytes",
	  "Size a benchmark reports: memory, output.", "bytes" },
	{ "gitbench_throughput_bytes_per_second", "bytes_per_second",
	  "Bytes a benchmark processes per second.", "bytes_per_second" },
	{ "gitbench_rate_per_second", NULL,
	  "Operations, iterations or elements a benchmark does per second.",
	  "per_second" },
	{ "gitbench_value", NULL,
	  "A count a benchmark reports in its own unit: allocations, instructions.",
	  "" },
};
/* Letters a measure's part of a family name may have, at most. */
#define MEASURE_NAME_MAX 48
enum { TIME, SIZE, BYTE_RATE, RATE, VALUE };

static const struct {
	const char *prefix;
	double scale;
} byte_units[] = {
	{ "B", 1 }, { "bytes", 1 }, { "KB", 1e3 }, { "MB", 1e6 }, { "GB", 1e9 },
	{ "KiB", 1024.0 }, { "MiB", 1048576.0 }, { "GiB", 1073741824.0 },
};

static const struct {
	const char *name;
	double scale;
} rate_units[] = {
	{ "ops", 1 }, { "ips", 1 }, { "fps", 1 }, { "qps", 1 }, { "rps", 1 },
	{ "tps", 1 }, { "Hz", 1 }, { "hz", 1 }, { "kHz", 1e3 }, { "MHz", 1e6 },
	{ "GHz", 1e9 },
};

static bool ends_with(const char *s, const char *suffix, size_t *stem)
{
	size_t n = strlen(s), k = strlen(suffix);

	*stem = n - k;
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The scale of a byte unit: "MB" 1e6; "MB/s" with per_second. 0: none. */
static double byte_scale(const char *unit, bool per_second)
{
	size_t i, stem = strlen(unit);

	if (per_second && !ends_with(unit, "/s", &stem))
		return 0;
	for (i = 0; i < GB_ARRAY_SIZE(byte_units); i++)
		if (strlen(byte_units[i].prefix) == stem &&
		    strncmp(unit, byte_units[i].prefix, stem) == 0)
			return byte_units[i].scale;
	return 0;
}

static double rate_scale(const char *unit)
{
	size_t i, stem;

	for (i = 0; i < GB_ARRAY_SIZE(rate_units); i++)
		if (strcmp(unit, rate_units[i].name) == 0)
			return rate_units[i].scale;
	return ends_with(unit, "/s", &stem) ? 1 : 0;
}

/* The family of a kind of unit, the measure a label of it. */
static void kind_set(gb_metrics_kind *out, size_t k, const char *measure)
{
	snprintf(out->family, sizeof(out->family), "%s", kinds[k].family);
	snprintf(out->help, sizeof(out->help), "%s", kinds[k].help);
	out->unit = kinds[k].unit;
	out->measure = measure;
}

/* The kind of `unit`, and the scale that converts to its unit. */
static size_t unit_kind(const char *unit, double *scale, double *divisor)
{
	*divisor = 1;
	if (gb_units_is_time(unit)) {
		*scale = gb_units_to_ns(1, unit);
		*divisor = 1e9;
		return TIME;
	}
	if ((*scale = byte_scale(unit, false)) != 0)
		return SIZE;
	if ((*scale = byte_scale(unit, true)) != 0)
		return BYTE_RATE;
	if ((*scale = rate_scale(unit)) != 0)
		return RATE;
	*scale = 1;
	return VALUE;
}

/*
 * A measure as part of a metric name: letters (lower case) and digits,
 * every run of anything else one '_', none at either end. 0 when nothing
 * is left or too much.
 */
static size_t measure_part(char *out, const char *measure)
{
	size_t n = 0;
	const char *p;

	for (p = measure; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (n > MEASURE_NAME_MAX)
			return 0;
		if (isalnum(c) && c < 0x80)
			out[n++] = (char)tolower(c);
		else if (n && out[n - 1] != '_')
			out[n++] = '_';
	}
	while (n && out[n - 1] == '_')
		n--;
	out[n] = '\0';
	return n > MEASURE_NAME_MAX ? 0 : n;
}

/*
 * Whether a word of the part is a unit's abbreviation, which metric names
 * spell out (Prometheus's lint refuses "gitbench_mb_s"): go's "B/op" and
 * "MB/s" are measures named by their units.
 */
static bool abbreviates(const char *part)
{
	static const char *const abbreviations[] = { "s", "ms", "us", "ns",
		"sec", "b", "kb", "mb", "gb", "tb", "pb", "m", "h", "d" };
	size_t i, len;

	for (; *part; part += len + (part[len] == '_')) {
		len = strcspn(part, "_");
		for (i = 0; i < GB_ARRAY_SIZE(abbreviations); i++)
			if (strlen(abbreviations[i]) == len &&
			    !strncmp(part, abbreviations[i], len))
				return true;
	}
	return false;
}

static bool ends_in(const char *s, size_t n, const char *suffix)
{
	size_t k = strlen(suffix);

	return n == k ? !strcmp(s, suffix)
		      : n > k && s[n - k - 1] == '_' && !strcmp(s + n - k, suffix);
}

void gb_metrics_kind_of(gb_metrics_kind *out, const gb_result *r)
{
	const char *unit = r->unit ? r->unit : "";
	const char *measure = r->measure ? r->measure : gb_measure_for_unit(unit);
	char part[MEASURE_NAME_MAX + 2];
	size_t k = unit_kind(unit, &out->scale, &out->divisor), n, i;
	const char *suffix = kinds[k].suffix;

	if (!(n = measure_part(part, measure)) || abbreviates(part)) {
		kind_set(out, k, measure);
		return;
	}
	snprintf(out->family, sizeof(out->family), "gitbench_%s%s%s", part,
		*suffix && !ends_in(part, n, suffix) ? "_" : "",
		ends_in(part, n, suffix) ? "" : suffix);
	/* The kinds' own names are theirs: each keeps its one unit. */
	for (i = 0; i < GB_ARRAY_SIZE(kinds); i++)
		if (i != k && !strcmp(out->family, kinds[i].family)) {
			kind_set(out, k, measure);
			return;
		}
	if (!strcmp(measure, GB_MEASURE_TIME) && k == TIME)
		snprintf(out->help, sizeof(out->help), "%s", kinds[k].help);
	else
		snprintf(out->help, sizeof(out->help), "%s Measure: %s.",
			kinds[k].help, part);
	out->unit = kinds[k].unit;
	out->measure = strcmp(part, measure) ? measure : NULL;
}

bool gb_metrics_name_valid(const char *name)
{
	const char *p;

	if (!name || !*name || (*name >= '0' && *name <= '9'))
		return false;
	for (p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == ':'))
			return false;
	return true;
}

int gb_metrics_new(gb_metrics **out, const gb_metrics_options *o)
{
	gb_metrics *m;

	*out = NULL;
	if (!o || o->version == 0 || o->version > GB_METRICS_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported metrics options version");
	if (!(m = gb_calloc(1, sizeof(*m))))
		return GB_ERROR;
	m->o = *o;
	if (o->branch && *o->branch && !(m->branch = gb_strdup(o->branch))) {
		free(m);
		return GB_ERROR;
	}
	m->o.branch = m->branch;
	*out = m;
	return 0;
}

void gb_metrics_free(gb_metrics *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nfamilies; i++) {
		gb_buf_dispose(&m->families[i].lines);
		free(m->families[i].name);
		free(m->families[i].help);
	}
	free(m->families);
	free(m->branch);
	free(m);
}

size_t gb_metrics_count(const gb_metrics *m)
{
	return m ? m->count : 0;
}

static bool same_unit(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/*
 * The family named by `kind`, added at its first sample. A name that is
 * not a valid metric name never becomes one, and a name that a measure of
 * another unit took stays that measure's: such samples go to the family
 * of their unit's kind, their measure a label (`moved`).
 */
static struct family *family_for(gb_metrics *m, gb_metrics_kind *kind,
	const gb_result *r, bool moved)
{
	struct family *f;
	size_t i;

	if (!gb_metrics_name_valid(kind->family))
		kind_set(kind, VALUE, r->measure);
	for (i = 0; i < m->nfamilies; i++) {
		f = &m->families[i];
		if (strcmp(f->name, kind->family))
			continue;
		/* The kinds' own families each keep one unit (kind_of). */
		if (same_unit(f->unit, kind->unit) || moved)
			return f;
		kind_set(kind, unit_kind(r->unit ? r->unit : "", &kind->scale,
				       &kind->divisor), r->measure);
		return family_for(m, kind, r, true);
	}
	if (GB_ARRAY_GROW(m->families, m->nfamilies, m->afamilies) < 0)
		return NULL;
	f = &m->families[m->nfamilies];
	memset(f, 0, sizeof(*f));
	f->unit = kind->unit;
	if (!(f->name = gb_strdup(kind->family)) ||
	    !(f->help = gb_strdup(kind->help))) {
		free(f->name);
		return NULL;
	}
	return &m->families[m->nfamilies++];
}

typedef struct {
	size_t family;       /* index in m->families */
	char *labels;        /* benchmark="...",machine="...",... */
	int64_t time;
	double value;
	size_t seq;          /* the order added, the last run winning a tie */
} sample;

static int put_label(gb_buf *out, const char *name, const char *value)
{
	if (!value || !*value)
		return 0;
	if (gb_buf_printf(out, "%s%s=\"", out->size ? "," : "", name) < 0 ||
	    gb_escape_openmetrics(out, value) < 0)
		return GB_ERROR;
	return gb_buf_putc(out, '"');
}

static int sample_of(sample *s, gb_metrics *m, const gb_run *run,
	const gb_result *r)
{
	char commit[GIT_OID_HEXSZ + 1];
	gb_buf labels = GB_BUF_INIT;
	gb_metrics_kind kind;
	struct family *f;

	gb_metrics_kind_of(&kind, r);
	if (!(f = family_for(m, &kind, r, false)))
		return GB_ERROR;
	git_oid_tostr(commit, sizeof(commit), &run->commit);
	if (put_label(&labels, "benchmark", r->name) < 0 ||
	    put_label(&labels, "measure", kind.measure) < 0 ||
	    (!m->o.push && put_label(&labels, "machine", run->machine) < 0) ||
	    put_label(&labels, "commit", commit) < 0 ||
	    put_label(&labels, "label", run->label) < 0 ||
	    put_label(&labels, "branch", m->o.branch) < 0) {
		gb_buf_dispose(&labels);
		return GB_ERROR;
	}
	s->family = (size_t)(f - m->families);
	s->labels = gb_buf_detach(&labels);
	s->time = run->time;
	s->value = gb_series_estimate(r, m->o.estimator) * kind.scale /
		   kind.divisor;
	return 0;
}

static int sample_cmp(const void *a, const void *b)
{
	const sample *x = a, *y = b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if ((c = strcmp(x->labels, y->labels)) != 0)
		return c;
	if (x->time != y->time)
		return x->time < y->time ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static bool same_point(const sample *x, const sample *y)
{
	return x->family == y->family && x->time == y->time &&
	       strcmp(x->labels, y->labels) == 0;
}

/*
 * One line per label set and time: two runs of a commit recorded in the
 * same second would be two values at one instant, which a time series
 * cannot hold; the one recorded last is kept.
 */
static int put_samples(gb_metrics *m, sample *s, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	qsort(s, n, sizeof(*s), sample_cmp);
	for (i = 0; i < n; i++) {
		struct family *f = &m->families[s[i].family];

		if (i + 1 < n && same_point(&s[i], &s[i + 1]))
			continue;
		if (gb_buf_printf(&f->lines, "%s{%s} ", f->name,
			    s[i].labels) < 0 ||
		    gb_output_number(&f->lines, s[i].value) < 0 ||
		    (!m->o.push && gb_buf_printf(&f->lines, " %lld",
				 (long long)s[i].time) < 0) ||
		    gb_buf_putc(&f->lines, '\n') < 0)
			return GB_ERROR;
		m->count++;
	}
	return 0;
}

static size_t results_of(const gb_runlist *runs)
{
	size_t i, n = 0;

	for (i = 0; i < runs->count; i++)
		n += runs->runs[i]->nresults;
	return n;
}

int gb_metrics_add(gb_metrics *m, const gb_runlist *runs)
{
	size_t i, k, n = 0, total = results_of(runs);
	sample *s = NULL;
	int error = 0;

	if (total && !(s = gb_calloc(total, sizeof(*s))))
		return GB_ERROR;
	for (i = 0; i < runs->count && !error; i++)
		for (k = 0; k < runs->runs[i]->nresults && !error; k++) {
			const gb_result *r = &runs->runs[i]->results[k];

			s[n].seq = n;
			if ((error = sample_of(&s[n], m, runs->runs[i], r)) < 0)
				break;
			if (isfinite(s[n].value))
				n++;
			else /* no value: no sample */
				free(s[n].labels);
		}
	if (!error)
		error = put_samples(m, s, n);
	for (i = 0; i < n; i++)
		free(s[i].labels);
	free(s);
	return error;
}

static int put_family(gb_buf *out, const struct family *f, bool push)
{
	if (gb_buf_printf(out, "# TYPE %s gauge\n", f->name) < 0 ||
	    (f->unit && !push &&
	     gb_buf_printf(out, "# UNIT %s %s\n", f->name, f->unit) < 0) ||
	    gb_buf_printf(out, "# HELP %s %s\n", f->name, f->help) < 0)
		return GB_ERROR;
	return gb_buf_put(out, f->lines.ptr, f->lines.size);
}

int gb_output_export_openmetrics(gb_buf *out, const void *data,
	const gb_output_options *o)
{
	const gb_metrics *m = ((const gb_output_export_data *)data)->metrics;
	size_t i;

	GB_UNUSED(o);
	if (!m)
		return gb_error_set(GB_EINVALID, "OpenMetrics gathers the runs of "
			"an export with gb_metrics_add: write it with gb_output_metrics");
	for (i = 0; i < m->nfamilies; i++)
		if (m->families[i].lines.size &&
		    put_family(out, &m->families[i], m->o.push) < 0)
			return GB_ERROR;
	return m->o.push ? 0 : gb_buf_puts(out, "# EOF\n");
}

int gb_output_metrics(gb_buf *out, const gb_metrics *m,
	const gb_output_options *o)
{
	gb_output_export_data d = { NULL, 0, NULL, m };

	return gb_output_render(out, GB_OUTPUT_EXPORT, &d, o);
}
