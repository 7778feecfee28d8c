/*
 * Run records from msgpack. Only bytes that passed the bounded walk
 * (codec_walk.c) reach msgpack_unpack_next(), so its allocations are
 * bounded by a small multiple of the input size. The object tree is then
 * mapped onto gb_run, skipping keys it does not know.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <msgpack.h>

#include "common.h"
#include "gitbench/units.h"
#include "record/codec_int.h"

/* ---- mapping the object tree -------------------------------------------- */

/* An entry of a record's measures (schema 2), borrowed from the objects. */
typedef struct {
	char *name;
	char *unit;
	gb_direction direction;
} measure_entry;

typedef struct {
	const gb_decode_options *opts;
	char where[96]; /* what was being read, for the message */
	uint32_t schema;
	const char *format;     /* schema 1: how its names carry measures */
	measure_entry *measures;
	uint32_t nmeasures;
	bool split;             /* a measure and unit in both directions */
} mapper;

static int bad(mapper *m, const char *what)
{
	return gb_error_set(GB_EINVALID, "malformed record: %s%s%s", m->where,
		*m->where ? " " : "", what);
}

/* msgpack-c gives an empty string a NULL pointer, which mem* must not see. */
static const char *str_ptr(const msgpack_object *o)
{
	return o->via.str.size ? o->via.str.ptr : "";
}

static bool key_is(const msgpack_object *k, const char *name)
{
	size_t n = strlen(name);

	return k->type == MSGPACK_OBJECT_STR && k->via.str.size == n &&
	       memcmp(k->via.str.ptr, name, n) == 0;
}

static int get_str(char **out, mapper *m, const msgpack_object *o,
	const char *field)
{
	char *s;

	if (o->type == MSGPACK_OBJECT_NIL) {
		free(*out);
		*out = NULL;
		return 0;
	}
	if (o->type != MSGPACK_OBJECT_STR) {
		return gb_error_set(GB_EINVALID,
			"malformed record: %s%s'%s' is not a string", m->where,
			*m->where ? " " : "", field);
	}
	if (o->via.str.size > (strcmp(field, "name") == 0
		    ? GB_RECORD_MAX_NAME : GB_RECORD_MAX_STRING))
		return gb_error_set(GB_EINVALID,
			"over the limits: %s%s'%s' has %u bytes, more than %u",
			m->where, *m->where ? " " : "", field,
			(unsigned)o->via.str.size, strcmp(field, "name") == 0
			? GB_RECORD_MAX_NAME : GB_RECORD_MAX_STRING);
	if (memchr(str_ptr(o), '\0', o->via.str.size))
		return gb_error_set(GB_EINVALID,
			"malformed record: %s%s'%s' contains a NUL byte",
			m->where, *m->where ? " " : "", field);
	if (!(s = gb_strndup(str_ptr(o), o->via.str.size)))
		return GB_ERROR;
	free(*out);
	*out = s;
	return 0;
}

static int get_num(double *out, mapper *m, const msgpack_object *o,
	const char *field)
{
	switch (o->type) {
	case MSGPACK_OBJECT_POSITIVE_INTEGER:
		*out = (double)o->via.u64;
		return 0;
	case MSGPACK_OBJECT_NEGATIVE_INTEGER:
		*out = (double)o->via.i64;
		return 0;
	case MSGPACK_OBJECT_FLOAT32:
	case MSGPACK_OBJECT_FLOAT64:
		*out = o->via.f64;
		return 0;
	case MSGPACK_OBJECT_NIL:
		*out = NAN;
		return 0;
	default:
		return gb_error_set(GB_EINVALID,
			"malformed record: %s%s'%s' is not a number", m->where,
			*m->where ? " " : "", field);
	}
}

static int get_uint(uint64_t *out, mapper *m, const msgpack_object *o,
	const char *field)
{
	if (o->type != MSGPACK_OBJECT_POSITIVE_INTEGER)
		return gb_error_set(GB_EINVALID,
			"malformed record: %s%s'%s' is not a count", m->where,
			*m->where ? " " : "", field);
	*out = o->via.u64;
	return 0;
}

static int str_cmp(const msgpack_object *a, const msgpack_object *b)
{
	uint32_t n = a->via.str.size < b->via.str.size ? a->via.str.size
						       : b->via.str.size;
	int c = memcmp(str_ptr(a), str_ptr(b), n);

	if (c)
		return c;
	return (a->via.str.size > b->via.str.size) -
	       (a->via.str.size < b->via.str.size);
}

static int cmp_keys(const void *x, const void *y)
{
	return str_cmp(*(const msgpack_object *const *)x,
		*(const msgpack_object *const *)y);
}

static bool str_eq(const msgpack_object *a, const msgpack_object *b)
{
	return a->via.str.size == b->via.str.size &&
	       memcmp(str_ptr(a), str_ptr(b), a->via.str.size) == 0;
}

/*
 * Whether a small map (a result's, read for every result of a history)
 * has a key twice: pairs compared, cheaper than sorting so few.
 */
static bool small_map_unique(const msgpack_object *map)
{
	const msgpack_object_kv *kv = map->via.map.ptr;
	uint32_t i, j, size = map->via.map.size;

	for (i = 1; i < size; i++)
		for (j = 0; j < i; j++)
			if (kv[i].key.type == MSGPACK_OBJECT_STR &&
			    kv[j].key.type == MSGPACK_OBJECT_STR &&
			    str_eq(&kv[i].key, &kv[j].key))
				return false;
	return true;
}

/*
 * A key given twice is ambiguous: refuse rather than pick one. The keys
 * are sorted, so that a hostile map of a million keys costs n log n, and
 * so that the key named is the same whatever their order.
 */
static int check_duplicates(mapper *m, const msgpack_object *map)
{
	const msgpack_object *few[32], **keys = few;
	uint32_t i, n = 0, size = map->via.map.size;
	int error = 0;

	if (size < 2 || (size <= 16 && small_map_unique(map)))
		return 0;
	if (size > GB_ARRAY_SIZE(few) &&
	    !(keys = gb_malloc(size * sizeof(*keys))))
		return GB_ERROR;
	for (i = 0; i < size; i++)
		if (map->via.map.ptr[i].key.type == MSGPACK_OBJECT_STR)
			keys[n++] = &map->via.map.ptr[i].key;
	qsort(keys, n, sizeof(*keys), cmp_keys);
	for (i = 1; i < n && !error; i++)
		if (str_cmp(keys[i - 1], keys[i]) == 0)
			error = gb_error_set(GB_EINVALID,
				"malformed record: %s%skey '%.*s' appears twice",
				m->where, *m->where ? " " : "",
				(int)(keys[i]->via.str.size > 64 ? 64
							 : keys[i]->via.str.size),
				str_ptr(keys[i]));
	if (keys != few)
		free(keys);
	return error;
}

static int map_env(gb_env *env, mapper *m, const msgpack_object *o)
{
	uint32_t i;

	if (o->type != MSGPACK_OBJECT_MAP)
		return bad(m, "'env' is not a map");
	if (check_duplicates(m, o) < 0)
		return GB_EINVALID;
	for (i = 0; i < o->via.map.size; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;
		const msgpack_object *v = &o->via.map.ptr[i].val;
		uint64_t cores = 0;
		int error = 0;

		if (key_is(k, "host"))
			error = get_str(&env->host, m, v, "env.host");
		else if (key_is(k, "os"))
			error = get_str(&env->os, m, v, "env.os");
		else if (key_is(k, "arch"))
			error = get_str(&env->arch, m, v, "env.arch");
		else if (key_is(k, "cpu"))
			error = get_str(&env->cpu, m, v, "env.cpu");
		else if (key_is(k, "toolchain"))
			error = get_str(&env->toolchain, m, v, "env.toolchain");
		else if (key_is(k, "cores")) {
			if ((error = get_uint(&cores, m, v, "env.cores")) == 0)
				env->cores = cores > UINT32_MAX ? UINT32_MAX
								: (uint32_t)cores;
		}
		if (error)
			return error;
	}
	return 0;
}

static int map_usage(gb_usage *u, mapper *m, const msgpack_object *o)
{
	uint32_t i;
	int error = 0;

	if (o->type != MSGPACK_OBJECT_MAP)
		return bad(m, "'usage' is not a map");
	if (check_duplicates(m, o) < 0)
		return GB_EINVALID;
	for (i = 0; i < o->via.map.size && !error; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;
		const msgpack_object *v = &o->via.map.ptr[i].val;

		if (key_is(k, "wall"))
			error = get_num(&u->wall, m, v, "usage.wall");
		else if (key_is(k, "user"))
			error = get_num(&u->user, m, v, "usage.user");
		else if (key_is(k, "sys"))
			error = get_num(&u->system, m, v, "usage.sys");
		else if (key_is(k, "maxrss"))
			error = get_num(&u->maxrss, m, v, "usage.maxrss");
	}
	return error;
}

static int map_measure(measure_entry *e, mapper *m, const msgpack_object *o)
{
	uint32_t i;
	int error = 0;

	if (o->type != MSGPACK_OBJECT_MAP)
		return bad(m, "a measure is not a map");
	if (check_duplicates(m, o) < 0)
		return GB_EINVALID;
	e->direction = GB_LOWER_IS_BETTER;
	for (i = 0; i < o->via.map.size && !error; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;
		const msgpack_object *v = &o->via.map.ptr[i].val;

		if (key_is(k, "name"))
			error = get_str(&e->name, m, v, "measures.name");
		else if (key_is(k, "unit"))
			error = get_str(&e->unit, m, v, "measures.unit");
		else if (key_is(k, "dir") && v->type == MSGPACK_OBJECT_STR &&
			 key_is(v, "higher"))
			e->direction = GB_HIGHER_IS_BETTER;
		else if (key_is(k, "dir") && !(v->type == MSGPACK_OBJECT_STR &&
						key_is(v, "lower")))
			error = bad(m, "a measure's 'dir' is neither lower nor higher");
	}
	if (!error && (!e->name || !*e->name))
		error = bad(m, "a measure has no name");
	if (!error && !e->unit)
		error = bad(m, "a measure has no unit");
	return error;
}

static void measures_dispose(mapper *m)
{
	uint32_t i;

	for (i = 0; i < m->nmeasures; i++) {
		free(m->measures[i].name);
		free(m->measures[i].unit);
	}
	free(m->measures);
	m->measures = NULL;
	m->nmeasures = 0;
}

/* The unit a measure's figures are read in: every time's is ns. */
static const char *unit_read(const measure_entry *e)
{
	return gb_units_is_time(e->unit) ? "ns" : e->unit;
}

static int cmp_measures(const void *x, const void *y)
{
	const measure_entry *a = x, *b = y;
	int c = strcmp(a->name, b->name);

	if (!c)
		c = strcmp(unit_read(a), unit_read(b));
	return c ? c : (int)a->direction - (int)b->direction;
}

/*
 * One measure in one unit and direction once: a table with 'time' in ns
 * and again in us made one benchmark two results of it that every reader
 * pooled. A name in two units of different kinds (Criterion's throughput
 * in elem/s and in B/s) is two measures. One measure and unit in both
 * directions (a count better higher for one benchmark of a generic file,
 * lower for another) is two entries, and then no benchmark may be in
 * both (benchmarks_unique).
 */
static int measures_unique(mapper *m)
{
	measure_entry *sorted;
	uint32_t i;
	int error = 0;

	if (!(sorted = gb_malloc(m->nmeasures * sizeof(*sorted))))
		return GB_ERROR;
	memcpy(sorted, m->measures, m->nmeasures * sizeof(*sorted));
	qsort(sorted, m->nmeasures, sizeof(*sorted), cmp_measures);
	for (i = 1; i < m->nmeasures && !error; i++) {
		const measure_entry *a = &sorted[i - 1], *b = &sorted[i];

		if (strcmp(a->name, b->name) ||
		    strcmp(unit_read(a), unit_read(b)))
			continue;
		if (a->direction != b->direction && !strcmp(a->unit, b->unit))
			m->split = true;
		else
			error = gb_error_set(GB_EINVALID, "malformed record: "
				"measure '%.64s' in %.64s appears twice in "
				"'measures'", b->name, unit_read(b));
	}
	free(sorted);
	return error;
}

/* No benchmark in a measure twice, when the measures allow it. */
static int benchmarks_unique(const gb_run *run, mapper *m)
{
	const gb_result *twice;
	char what[256];
	int error;

	if ((error = gb_run_find_twice(&twice, run)) < 0 || !twice)
		return error;
	snprintf(what, sizeof(what), "benchmark '%.100s' is twice in measure "
		"'%.64s'", twice->name, twice->measure);
	return bad(m, what);
}

static int map_measures(mapper *m, const msgpack_object *o)
{
	uint32_t i;
	int error = 0;

	if (o->type != MSGPACK_OBJECT_ARRAY)
		return bad(m, "'measures' is not an array");
	if (o->via.array.size && !(m->measures = gb_calloc(o->via.array.size,
					   sizeof(*m->measures))))
		return GB_ERROR;
	for (i = 0; i < o->via.array.size && !error; i++) {
		m->nmeasures++;
		error = map_measure(&m->measures[i], m, &o->via.array.ptr[i]);
	}
	/* A measure named twice would make one benchmark two results of it,
	 * in two units or directions. Sorted, so that many cost n log n. */
	if (!error && m->nmeasures > 1)
		error = measures_unique(m);
	return error;
}

static int map_samples(gb_result *r, mapper *m, const msgpack_object *o)
{
	double *samples;
	uint32_t i;
	int error;

	if (o->type != MSGPACK_OBJECT_ARRAY)
		return bad(m, "'samples' is not an array");
	if (o->via.array.size == 0 || (m->opts && m->opts->skip_samples))
		return 0;
	if (!(samples = gb_malloc(o->via.array.size * sizeof(double))))
		return GB_ERROR;
	for (i = 0; i < o->via.array.size; i++) {
		if ((error = get_num(&samples[i], m, &o->via.array.ptr[i],
			     "samples")) < 0) {
			free(samples);
			return error;
		}
	}
	gb_result_set_samples(r, samples, o->via.array.size);
	return 0;
}

static const msgpack_object *find_key(const msgpack_object *map,
	const char *name)
{
	uint32_t i;

	for (i = 0; i < map->via.map.size; i++)
		if (key_is(&map->via.map.ptr[i].key, name))
			return &map->via.map.ptr[i].val;
	return NULL;
}

/*
 * Schema 1: the measure is in the name (cut off `nm` here), else follows
 * from the unit.
 */
static int add_v1_result(gb_result **out, gb_run *run, mapper *m, char *nm,
	const char *measure, const msgpack_object *unit)
{
	char *un = NULL;
	int error;

	if (unit && (error = get_str(&un, m, unit, "unit")) < 0)
		return error;
	error = gb_run_add_measure(out, run, nm, measure, un ? un : "ns",
		GB_LOWER_IS_BETTER);
	free(un);
	return error;
}

/* Schema 2: the measure, unit and direction are the record's entry "m". */
static int add_v2_result(gb_result **out, gb_run *run, mapper *m,
	const char *nm, const msgpack_object *index)
{
	uint64_t k = 0;
	int error;

	if (index && (error = get_uint(&k, m, index, "m")) < 0)
		return error;
	if (k >= m->nmeasures)
		return gb_error_set(GB_EINVALID, "malformed record: %s measure "
			"%llu is not in 'measures'", m->where,
			(unsigned long long)k);
	return gb_run_add_measure(out, run, nm, m->measures[k].name,
		m->measures[k].unit, m->measures[k].direction);
}

/* The benchmark's name of a result; for schema 1, its measure cut off. */
static int result_name(char **nm, char **measure, mapper *m,
	const msgpack_object *o)
{
	const msgpack_object *name = find_key(o, "name");
	size_t name_len, measure_len;
	const char *mp;
	int error;

	if (!name)
		return bad(m, "has no 'name'");
	if ((error = get_str(nm, m, name, "name")) < 0)
		return error;
	if (!*nm)
		return bad(m, "'name' is nil");
	if (m->schema < 2 && gb_codec_v1_split(&name_len, &mp, &measure_len,
				     *nm, strlen(*nm), m->format)) {
		if (!(*measure = gb_strndup(mp, measure_len)))
			return GB_ERROR;
		(*nm)[name_len] = '\0';
	}
	return 0;
}

/* No measurement gives a negative spread: it is not given. */
static void figures_known(gb_result *r)
{
	if (r->stddev < 0)
		r->stddev = NAN;
}

/*
 * Every figure within GB_VALUE_MAX, as record writes them; NaN is a
 * figure not known. Checked in the unit results are compared in
 * (gb_result_unit_canonical: every time in ns, every rate per second, so
 * that a record from elsewhere giving a time in ms, or a throughput in
 * GB/s where others said MB/s, does not join the same benchmark's figures
 * as plain numbers).
 */
static int figures_in_range(const gb_result *r, mapper *m)
{
	const double v[] = { r->mean, r->median, r->stddev, r->min, r->max,
		r->slope };
	static const char *const what[] = { "'mean' is out of range",
		"'median' is out of range", "'stddev' is out of range",
		"'min' is out of range", "'max' is out of range",
		"'slope' is out of range" };
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(v); i++)
		if (!isnan(v[i]) && !(fabs(v[i]) <= GB_VALUE_MAX))
			return bad(m, what[i]);
	for (i = 0; i < r->nsamples; i++)
		if (!(fabs(r->samples[i]) <= GB_VALUE_MAX))
			return bad(m, "a sample is out of range");
	return 0;
}

static int map_result(gb_run *run, mapper *m, const msgpack_object *o)
{
	char *nm = NULL, *measure = NULL;
	gb_result *r;
	uint32_t i;
	int error;

	if ((error = check_duplicates(m, o)) < 0 ||
	    (error = result_name(&nm, &measure, m, o)) < 0)
		goto cleanup;
	if (m->opts && m->opts->want &&
	    !m->opts->want(nm, strlen(nm), m->opts->payload))
		goto cleanup;
	if (m->schema < 2)
		error = add_v1_result(&r, run, m, nm, measure, find_key(o, "unit"));
	else
		error = add_v2_result(&r, run, m, nm, find_key(o, "m"));
	if (error)
		goto cleanup;
	for (i = 0; i < o->via.map.size && !error; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;
		const msgpack_object *v = &o->via.map.ptr[i].val;

		if (key_is(k, "dir") && m->schema < 2) {
			if (v->type != MSGPACK_OBJECT_STR)
				error = bad(m, "'dir' is not a string");
			else if (key_is(v, "higher"))
				r->direction = GB_HIGHER_IS_BETTER;
			else if (!key_is(v, "lower"))
				error = bad(m, "'dir' is neither lower nor higher");
		} else if (key_is(k, "mean"))
			error = get_num(&r->mean, m, v, "mean");
		else if (key_is(k, "median"))
			error = get_num(&r->median, m, v, "median");
		else if (key_is(k, "stddev"))
			error = get_num(&r->stddev, m, v, "stddev");
		else if (key_is(k, "min"))
			error = get_num(&r->min, m, v, "min");
		else if (key_is(k, "max"))
			error = get_num(&r->max, m, v, "max");
		else if (key_is(k, "slope"))
			error = get_num(&r->slope, m, v, "slope");
		else if (key_is(k, "n"))
			error = get_uint(&r->count, m, v, "n");
		else if (key_is(k, "iters"))
			error = get_uint(&r->iterations, m, v, "iters");
		else if (key_is(k, "samples"))
			error = map_samples(r, m, v);
	}
	if (!error) {
		figures_known(r);
		if ((error = gb_result_unit_canonical(r)) == 0)
			error = figures_in_range(r, m);
	}
cleanup:
	free(nm);
	free(measure);
	return error;
}

/* "result <n>" without printf, which took a tenth of reading a history. */
static void where_result(mapper *m, uint32_t n)
{
	char digits[10];
	size_t k = 0, len = 7;

	memcpy(m->where, "result ", len);
	do
		digits[k++] = (char)('0' + n % 10);
	while ((n /= 10));
	while (k)
		m->where[len++] = digits[--k];
	m->where[len] = '\0';
}

/*
 * Room for n results at once: growing from 16 cost a reader of one
 * benchmark a large allocation per record, and a reader of fifty three.
 */
static int results_room(gb_run *run, uint32_t n)
{
	if (n > GB_RECORD_MAX_RESULTS)
		return gb_error_set(GB_EINVALID,
			"over the limits: %u results, more than %u",
			(unsigned)n, GB_RECORD_MAX_RESULTS);
	if (!run->results && n) {
		if (!(run->results = gb_calloc(n, sizeof(*run->results))))
			return GB_ERROR;
		run->aresults = n;
	}
	return 0;
}

/* Schema 3's columns: results as a map of them, each result at its index. */
enum {
	COL_NAME, COL_M, COL_MEAN, COL_MEDIAN, COL_STDDEV, COL_MIN, COL_MAX,
	COL_SLOPE, COL_N, COL_ITERS, COL_SAMPLES, NCOLUMNS
};

static const char *const column_keys[NCOLUMNS] = { GB_CODEC_COLUMNS };

/* Entry i of a column; NULL when the column is absent or the entry nil. */
static const msgpack_object *cell(const msgpack_object *const *col, int c,
	uint32_t i)
{
	const msgpack_object *v;

	if (!col[c])
		return NULL;
	v = &col[c]->via.array.ptr[i];
	return v->type == MSGPACK_OBJECT_NIL ? NULL : v;
}

/* Result i of the columns (m->where names it). */
static int map_column_result(gb_run *run, mapper *m,
	const msgpack_object *const *col, uint32_t i)
{
	const msgpack_object *v;
	char *nm = NULL;
	gb_result *r;
	int c, error;

	if ((error = get_str(&nm, m, &col[COL_NAME]->via.array.ptr[i],
		     "name")) < 0)
		return error;
	if (!nm)
		return bad(m, "'name' is nil");
	if (m->opts && m->opts->want &&
	    !m->opts->want(nm, strlen(nm), m->opts->payload)) {
		free(nm);
		return 0;
	}
	error = add_v2_result(&r, run, m, nm, cell(col, COL_M, i));
	free(nm);
	for (c = COL_MEAN; c <= COL_SLOPE && !error; c++) {
		double *const to[] = { &r->mean, &r->median, &r->stddev,
				       &r->min, &r->max, &r->slope };

		if (col[c])
			error = get_num(to[c - COL_MEAN], m,
				&col[c]->via.array.ptr[i], column_keys[c]);
	}
	if (!error && (v = cell(col, COL_N, i)))
		error = get_uint(&r->count, m, v, "n");
	if (!error && (v = cell(col, COL_ITERS, i)))
		error = get_uint(&r->iterations, m, v, "iters");
	if (!error && (v = cell(col, COL_SAMPLES, i)))
		error = map_samples(r, m, v);
	if (!error) {
		figures_known(r);
		if ((error = gb_result_unit_canonical(r)) == 0)
			error = figures_in_range(r, m);
	}
	return error;
}

/*
 * Schema 3: `name` gives the results, every other column known here the
 * same number of entries, nil where a result has no value; unknown
 * columns are skipped, as unknown keys everywhere.
 */
static int map_columns(gb_run *run, mapper *m, const msgpack_object *o)
{
	const msgpack_object *col[NCOLUMNS] = { NULL };
	uint32_t i, n;
	int c, error;

	if (o->type != MSGPACK_OBJECT_MAP)
		return bad(m, "'results' is not a map");
	if ((error = check_duplicates(m, o)) < 0)
		return error;
	for (i = 0; i < o->via.map.size; i++)
		for (c = 0; c < NCOLUMNS; c++)
			if (key_is(&o->via.map.ptr[i].key, column_keys[c]))
				col[c] = &o->via.map.ptr[i].val;
	if (!col[COL_NAME])
		return bad(m, "'results' has no 'name' column");
	for (c = 0; c < NCOLUMNS; c++)
		if (col[c] && col[c]->type != MSGPACK_OBJECT_ARRAY)
			return gb_error_set(GB_EINVALID, "malformed record: "
				"results column '%s' is not an array",
				column_keys[c]);
	n = col[COL_NAME]->via.array.size;
	for (c = 0; c < NCOLUMNS; c++)
		if (col[c] && col[c]->via.array.size != n)
			return gb_error_set(GB_EINVALID, "malformed record: "
				"results column '%s' has %u entries for %u "
				"results", column_keys[c],
				(unsigned)col[c]->via.array.size, (unsigned)n);
	if ((error = results_room(run, n)) < 0)
		return error;
	for (i = 0; i < n; i++) {
		where_result(m, i + 1);
		if ((error = map_column_result(run, m, col, i)) < 0)
			return error;
	}
	m->where[0] = '\0';
	return 0;
}

static int map_results(gb_run *run, mapper *m, const msgpack_object *o)
{
	uint32_t i;
	int error;

	if (m->schema >= 3)
		return map_columns(run, m, o);
	if (o->type != MSGPACK_OBJECT_ARRAY)
		return bad(m, "'results' is not an array");
	if ((error = results_room(run, o->via.array.size)) < 0)
		return error;
	for (i = 0; i < o->via.array.size; i++) {
		where_result(m, i + 1);
		if (o->via.array.ptr[i].type != MSGPACK_OBJECT_MAP)
			return bad(m, "is not a map");
		if ((error = map_result(run, m, &o->via.array.ptr[i])) < 0)
			return error;
	}
	m->where[0] = '\0';
	return 0;
}

static int map_commit(gb_run *run, mapper *m, const msgpack_object *o)
{
	if (o->type == MSGPACK_OBJECT_BIN && o->via.bin.size == GIT_OID_RAWSZ) {
		git_oid_fromraw(&run->commit,
			(const unsigned char *)o->via.bin.ptr);
		return 0;
	}
	if (o->type == MSGPACK_OBJECT_STR &&
	    o->via.str.size == GIT_OID_HEXSZ &&
	    git_oid_fromstrn(&run->commit, o->via.str.ptr, GIT_OID_HEXSZ) == 0)
		return 0;
	return bad(m, "'commit' is not a commit id");
}

static int map_run(gb_run *run, mapper *m, const msgpack_object *o)
{
	const char *required[] = { "schema", "id", "commit", "time",
				   "machine", "results" };
	const msgpack_object *v;
	char *id = NULL;
	double t = 0;
	uint32_t i;
	int error = 0;

	if (o->type != MSGPACK_OBJECT_MAP)
		return bad(m, "not a map");
	if ((error = check_duplicates(m, o)) < 0)
		return error;
	for (i = 0; i < GB_ARRAY_SIZE(required); i++)
		if (!find_key(o, required[i]))
			return gb_error_set(GB_EINVALID,
				"malformed record: missing '%s'", required[i]);
	v = find_key(o, "schema");
	if (v->type != MSGPACK_OBJECT_POSITIVE_INTEGER || v->via.u64 == 0)
		return bad(m, "'schema' is not a version number");
	if (v->via.u64 > GB_RUN_SCHEMA)
		return gb_error_set(GB_EINVALID,
			"record schema %llu is newer than this git-bench reads (%d)",
			(unsigned long long)v->via.u64, GB_RUN_SCHEMA);
	run->schema = (uint32_t)v->via.u64;
	if ((error = get_str(&id, m, find_key(o, "id"), "id")) < 0)
		return error;
	if (!id || !gb_run_id_valid(id)) {
		free(id);
		return bad(m, "'id' is not a valid run id");
	}
	memcpy(run->id, id, strlen(id) + 1);
	free(id);
	if ((error = map_commit(run, m, find_key(o, "commit"))) < 0)
		return error;
	v = find_key(o, "time");
	if (v->type == MSGPACK_OBJECT_POSITIVE_INTEGER && v->via.u64 <= INT64_MAX)
		run->time = (int64_t)v->via.u64;
	else if (v->type == MSGPACK_OBJECT_NEGATIVE_INTEGER)
		run->time = v->via.i64;
	else if ((error = get_num(&t, m, v, "time")) < 0)
		return error;
	else if (!(t > -9.2e18 && t < 9.2e18))
		return bad(m, "'time' is out of range");
	else
		run->time = (int64_t)t;
	/* A date every reader can print (gmtime, a relative age). */
	if (run->time < 0 || run->time > GB_TIME_MAX)
		return bad(m, "'time' is out of range");
	for (i = 0; i < o->via.map.size && !error; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;

		v = &o->via.map.ptr[i].val;
		if (key_is(k, "label"))
			error = get_str(&run->label, m, v, "label");
		else if (key_is(k, "machine"))
			error = get_str(&run->machine, m, v, "machine");
		else if (key_is(k, "format"))
			error = get_str(&run->format, m, v, "format");
		else if (key_is(k, "env"))
			error = map_env(&run->env, m, v);
		else if (key_is(k, "usage") && run->schema >= 2)
			error = map_usage(&run->usage, m, v);
	}
	/* Results come last: schema 1 names carry measures by format, and
	 * schema 2 results name the record's measures. */
	m->format = run->format;
	m->schema = run->schema;
	if (!error && run->schema >= 2 && (v = find_key(o, "measures")))
		error = map_measures(m, v);
	if (!error)
		error = map_results(run, m, find_key(o, "results"));
	/* A name twice in one measure would leave the readers to pick. */
	if (!error)
		error = benchmarks_unique(run, m);
	if (!error && !run->machine)
		error = bad(m, "'machine' is nil");
	return error;
}

/* Unpack one record of n bytes, all of them, and map it to a run. */
static int unpack(gb_run **out, const void *data, size_t n,
	const gb_decode_options *opts)
{
	msgpack_unpacked unpacked;
	msgpack_unpack_return ret;
	mapper m = { opts, "", 0, NULL, NULL, 0, false };
	gb_run *run = NULL;
	size_t off = 0;
	int error;

	msgpack_unpacked_init(&unpacked);
	ret = msgpack_unpack_next(&unpacked, data, n, &off);
	if (ret != MSGPACK_UNPACK_SUCCESS || off != n) {
		error = gb_error_set(ret == MSGPACK_UNPACK_NOMEM_ERROR ? GB_ERROR
								     : GB_EINVALID,
			ret == MSGPACK_UNPACK_NOMEM_ERROR ? "out of memory"
							  : "malformed record");
		goto cleanup;
	}
	if ((error = gb_run_new(&run)) < 0)
		goto cleanup;
	if ((error = map_run(run, &m, &unpacked.data)) < 0)
		goto cleanup;
	*out = run;
	run = NULL;
cleanup:
	measures_dispose(&m);
	gb_run_free(run);
	msgpack_unpacked_destroy(&unpacked);
	return error;
}

/* The wanted results of the record at data; 1 when it must be read whole. */
static int decode_wanted(gb_run **out, size_t *used, const void *data,
	size_t len, const gb_decode_options *opts)
{
	gb_buf kept = GB_BUF_INIT;
	size_t n = 0;
	int error = gb_codec_filter_results(&kept, used, data, len, opts);

	/* The depth limit holds for what msgpack unpacks. */
	if (error == 0 && (error = gb_codec_walk(&n, (const unsigned char *)kept.ptr,
				   kept.size)) == 0)
		error = unpack(out, kept.ptr, kept.size, opts);
	gb_buf_dispose(&kept);
	if (error == GB_ERROR)
		return error;
	gb_error_clear();
	return error < 0 ? 1 : 0;
}

int gb_codec_decode(gb_run **out, size_t *used, const void *data, size_t len,
	const gb_decode_options *opts)
{
	size_t n = 0, max = len > GB_RECORD_MAX_BYTES ? GB_RECORD_MAX_BYTES : len;
	int error;

	*out = NULL;
	if (opts && (opts->version == 0 || opts->version > GB_DECODE_OPTIONS_VERSION))
		return gb_error_set(GB_EINVALID, "unsupported decode options version");
	if (len == 0)
		return gb_error_set(GB_EINVALID, "empty record");
	/* A damaged record is decoded whole, so the message says what of it
	 * is wrong, which result by its place among all of them. */
	if (opts && opts->want &&
	    (error = decode_wanted(out, &n, data, max, opts)) <= 0) {
		if (error == 0 && used)
			*used = n;
		return error;
	}
	if ((error = gb_codec_walk(&n, data, max)) < 0 ||
	    (error = unpack(out, data, n, opts)) < 0)
		return error;
	if (used)
		*used = n;
	return 0;
}

int gb_codec_decode_stream(gb_runlist *list, const void *data, size_t len,
	const gb_decode_options *opts)
{
	const unsigned char *p = data;
	size_t off = 0, k = 0;
	int error;

	if (len == 0)
		return gb_error_set(GB_EINVALID, "empty record stream");
	while (off < len) {
		gb_run *run;
		size_t used;

		k++;
		if ((error = gb_codec_decode(&run, &used, p + off, len - off,
			     opts)) < 0) {
			if (k > 1)
				gb_error_set(error, "record %zu (byte %zu): %s", k,
					off, gb_error_last()->message);
			return error;
		}
		if ((error = gb_runlist_add(list, run)) < 0) {
			gb_run_free(run);
			return error;
		}
		off += used;
	}
	return 0;
}
