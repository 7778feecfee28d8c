/*
 * Run records as msgpack.
 *
 * Encoding uses msgpack-c's packer. Decoding first walks the bytes with a
 * bounded structural check (no allocation; every length and element count
 * is compared with the bytes that remain, nesting is limited), because
 * msgpack-c's unpacker allocates what a header claims before it sees the
 * data. Only input that passed the walk reaches msgpack_unpack_next(), so
 * its allocations are bounded by a small multiple of the input size. The
 * object tree is then mapped onto gb_run, skipping keys it does not know.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <msgpack.h>

#include "common.h"
#include "gitbench/codec.h"

/* ---- encoding ---------------------------------------------------------- */

static int buf_write(void *data, const char *p, size_t len)
{
	return gb_buf_put(data, p, len) < 0 ? -1 : 0;
}

static void pack_cstr(msgpack_packer *pk, const char *s)
{
	msgpack_pack_str_with_body(pk, s, strlen(s));
}

static void pack_kv_str(msgpack_packer *pk, const char *key, const char *v)
{
	pack_cstr(pk, key);
	pack_cstr(pk, v);
}

static void pack_kv_double(msgpack_packer *pk, const char *key, double v)
{
	pack_cstr(pk, key);
	msgpack_pack_double(pk, v);
}

static void pack_kv_uint(msgpack_packer *pk, const char *key, uint64_t v)
{
	pack_cstr(pk, key);
	msgpack_pack_uint64(pk, v);
}

static size_t count_set(const char *const *strs, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += strs[i] != NULL;
	return k;
}

static void pack_env(msgpack_packer *pk, const gb_env *env)
{
	const char *keys[] = { "host", "os", "arch", "cpu", "toolchain" };
	const char *vals[] = { env->host, env->os, env->arch, env->cpu,
			       env->toolchain };
	size_t i;

	msgpack_pack_map(pk, count_set(vals, 5) + (env->cores ? 1 : 0));
	for (i = 0; i < 5; i++)
		if (vals[i])
			pack_kv_str(pk, keys[i], vals[i]);
	if (env->cores)
		pack_kv_uint(pk, "cores", env->cores);
}

static void pack_result(msgpack_packer *pk, const gb_result *r)
{
	const char *keys[] = { "mean", "median", "stddev", "min", "max",
			       "slope" };
	const double vals[] = { r->mean, r->median, r->stddev, r->min, r->max,
				r->slope };
	size_t i, n = 3;

	for (i = 0; i < 6; i++)
		n += !isnan(vals[i]);
	n += (r->count != 0) + (r->iterations != 0) + (r->nsamples != 0);
	msgpack_pack_map(pk, n);
	pack_kv_str(pk, "name", r->name);
	pack_kv_str(pk, "unit", r->unit);
	pack_kv_str(pk, "dir",
		r->direction == GB_HIGHER_IS_BETTER ? "higher" : "lower");
	for (i = 0; i < 6; i++)
		if (!isnan(vals[i]))
			pack_kv_double(pk, keys[i], vals[i]);
	if (r->count)
		pack_kv_uint(pk, "n", r->count);
	if (r->iterations)
		pack_kv_uint(pk, "iters", r->iterations);
	if (r->nsamples) {
		/* Samples are measurements with far fewer than 7 significant
		 * digits; float32 halves the size of a record. */
		pack_cstr(pk, "samples");
		msgpack_pack_array(pk, r->nsamples);
		for (i = 0; i < r->nsamples; i++)
			msgpack_pack_float(pk, (float)r->samples[i]);
	}
}

/* What decoding refuses is never written. */
static int check_sizes(const gb_run *run)
{
	size_t i;

	if (run->nresults > GB_RECORD_MAX_ELEMENTS)
		return gb_error_set(GB_EINVALID,
			"run %s has %zu results, more than a record holds (%u)",
			run->id, run->nresults, GB_RECORD_MAX_ELEMENTS);
	for (i = 0; i < run->nresults; i++)
		if (run->results[i].nsamples > GB_RECORD_MAX_ELEMENTS)
			return gb_error_set(GB_EINVALID,
				"%s: %zu samples, more than a record holds (%u)",
				run->results[i].name, run->results[i].nsamples,
				GB_RECORD_MAX_ELEMENTS);
	return 0;
}

int gb_codec_encode(gb_buf *out, const gb_run *run)
{
	msgpack_packer pk;
	size_t start = out->size, i, n = 8;
	int error;

	if (!gb_run_id_valid(run->id))
		return gb_error_set(GB_EINVALID, "invalid run id '%s'", run->id);
	if (!run->machine)
		return gb_error_set(GB_EINVALID, "run %s has no machine key",
			run->id);
	if ((error = check_sizes(run)) < 0)
		return error;
	n += run->label != NULL;
	msgpack_packer_init(&pk, out, buf_write);
	msgpack_pack_map(&pk, n);
	pack_kv_uint(&pk, "schema", GB_RUN_SCHEMA);
	pack_kv_str(&pk, "id", run->id);
	pack_cstr(&pk, "commit");
	msgpack_pack_bin_with_body(&pk, run->commit.id, GIT_OID_RAWSZ);
	pack_cstr(&pk, "time");
	msgpack_pack_int64(&pk, run->time);
	if (run->label)
		pack_kv_str(&pk, "label", run->label);
	pack_kv_str(&pk, "machine", run->machine);
	pack_cstr(&pk, "env");
	pack_env(&pk, &run->env);
	pack_kv_str(&pk, "format", run->format ? run->format : "unknown");
	pack_cstr(&pk, "results");
	msgpack_pack_array(&pk, run->nresults);
	for (i = 0; i < run->nresults; i++)
		pack_result(&pk, &run->results[i]);
	/* The packer cannot report a failed write except through the buffer,
	 * which is NUL-terminated whenever a write succeeded. */
	if (out->size == start || !out->ptr)
		return gb_error_oom();
	return 0;
}

/* ---- the bounded walk --------------------------------------------------- */

static uint64_t be(const unsigned char *p, int n)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < n; i++)
		v = (v << 8) | p[i];
	return v;
}

/*
 * Length of the header at p (and what follows it that is not an element:
 * string bytes, numbers), and the number of child elements.
 * Returns -1 when the header itself is cut short or invalid.
 */
static int header(const unsigned char *p, size_t left, uint64_t *skip,
	uint64_t *children)
{
	unsigned char b = p[0];
	uint64_t len;
	int lb;

	*children = 0;
	if (b <= 0x7f || b >= 0xe0 || (b >= 0xc0 && b <= 0xc3 && b != 0xc1)) {
		*skip = 1;
		return 0;
	}
	if ((b & 0xf0) == 0x80 || (b & 0xf0) == 0x90) {
		*skip = 1;
		*children = (uint64_t)(b & 0x0f) * ((b & 0xf0) == 0x80 ? 2 : 1);
		return 0;
	}
	if ((b & 0xe0) == 0xa0) {
		*skip = 1 + (uint64_t)(b & 0x1f);
		return 0;
	}
	switch (b) {
	case 0xca: *skip = 5; return 0;
	case 0xcb: *skip = 9; return 0;
	case 0xcc: case 0xd0: *skip = 2; return 0;
	case 0xcd: case 0xd1: *skip = 3; return 0;
	case 0xce: case 0xd2: *skip = 5; return 0;
	case 0xcf: case 0xd3: *skip = 9; return 0;
	case 0xd4: *skip = 3; return 0;
	case 0xd5: *skip = 4; return 0;
	case 0xd6: *skip = 6; return 0;
	case 0xd7: *skip = 10; return 0;
	case 0xd8: *skip = 18; return 0;
	case 0xc4: case 0xd9: lb = 1; break;
	case 0xc5: case 0xda: lb = 2; break;
	case 0xc6: case 0xdb: lb = 4; break;
	case 0xc7: lb = 1; break;
	case 0xc8: lb = 2; break;
	case 0xc9: lb = 4; break;
	case 0xdc: case 0xde: lb = 2; break;
	case 0xdd: case 0xdf: lb = 4; break;
	default: return -1; /* 0xc1 is never used */
	}
	if (left < 1 + (size_t)lb)
		return -1;
	len = be(p + 1, lb);
	if (b >= 0xdc) {
		*skip = 1 + (uint64_t)lb;
		*children = b >= 0xde ? len * 2 : len;
	} else if (b >= 0xc7 && b <= 0xc9) {
		*skip = 2 + (uint64_t)lb + len; /* ext: type byte, data */
	} else {
		*skip = 1 + (uint64_t)lb + len;
	}
	return 0;
}

/*
 * Check that one complete object starts at data, without allocating, and
 * give its length. Every container's element count must fit in the bytes
 * left (each element takes at least one byte).
 */
static int walk(size_t *used, const unsigned char *data, size_t len)
{
	uint64_t pending[GB_RECORD_MAX_DEPTH + 1];
	size_t off = 0;
	int depth = 0;

	pending[0] = 1;
	while (depth >= 0) {
		uint64_t skip, children;

		if (pending[depth] == 0) {
			depth--;
			continue;
		}
		pending[depth]--;
		if (off >= len)
			return gb_error_set(GB_EINVALID, "truncated record");
		if (header(data + off, len - off, &skip, &children) < 0)
			return gb_error_set(GB_EINVALID,
				off + 1 >= len ? "truncated record"
					       : "malformed record (byte 0x%02x at offset %zu)",
				data[off], off);
		if (skip > len - off)
			return gb_error_set(GB_EINVALID,
				"truncated record (a value at offset %zu claims %llu bytes, %zu remain)",
				off, (unsigned long long)skip, len - off);
		off += skip;
		if (children) {
			if (children > len - off)
				return gb_error_set(GB_EINVALID,
					"truncated record (a container at offset %zu claims %llu elements, %zu bytes remain)",
					off - skip, (unsigned long long)children,
					len - off);
			if (children > GB_RECORD_MAX_ELEMENTS)
				return gb_error_set(GB_EINVALID,
					"malformed record (a container at offset %zu holds %llu elements, more than %u)",
					off - skip, (unsigned long long)children,
					GB_RECORD_MAX_ELEMENTS);
			if (depth == GB_RECORD_MAX_DEPTH)
				return gb_error_set(GB_EINVALID,
					"malformed record (nested deeper than %d)",
					GB_RECORD_MAX_DEPTH);
			pending[++depth] = children;
		}
	}
	*used = off;
	return 0;
}

/* ---- results a reader does not want, left out before unpacking ----------- */

/* The bytes of the msgpack string at p, or NULL when it is not one. */
static const unsigned char *raw_str(const unsigned char *p, size_t left,
	uint32_t *len)
{
	unsigned char b = p[0];
	size_t lb;

	if ((b & 0xe0) == 0xa0) {
		*len = b & 0x1f;
		return (size_t)*len < left ? p + 1 : NULL;
	}
	if (b < 0xd9 || b > 0xdb)
		return NULL;
	lb = (size_t)1 << (b - 0xd9);
	if (left < 1 + lb)
		return NULL;
	*len = (uint32_t)be(p + 1, (int)lb);
	return (size_t)*len <= left - 1 - lb ? p + 1 + lb : NULL;
}

static bool raw_str_is(const unsigned char *p, size_t left, const char *s)
{
	uint32_t len;
	const unsigned char *str = raw_str(p, left, &len);

	return str && len == strlen(s) && memcmp(str, s, len) == 0;
}

/* Elements of the map (pairs) or array at p, and its header's length. */
static bool raw_container(const unsigned char *p, size_t left, bool map,
	uint64_t *count, size_t *head)
{
	uint64_t skip, children;
	unsigned char b = p[0];

	if (map ? !((b & 0xf0) == 0x80 || b == 0xde || b == 0xdf)
		: !((b & 0xf0) == 0x90 || b == 0xdc || b == 0xdd))
		return false;
	if (header(p, left, &skip, &children) < 0 || skip > left)
		return false;
	*count = map ? children / 2 : children;
	*head = (size_t)skip;
	return true;
}

/*
 * Whether the caller wants the result at p (len bytes, checked by walk):
 * a result without a readable name is kept, for the mapping to report.
 */
static int raw_wanted(const unsigned char *p, size_t len,
	const gb_decode_options *opts)
{
	char small[128], *name = small;
	const unsigned char *str = NULL;
	uint64_t pairs, i;
	size_t off, klen, vlen;
	uint32_t n = 0;
	int keep;

	if (!raw_container(p, len, true, &pairs, &off))
		return 1;
	for (i = 0; i < pairs && !str && off < len; i++) {
		if (walk(&klen, p + off, len - off) < 0 ||
		    walk(&vlen, p + off + klen, len - off - klen) < 0)
			return 1;
		if (raw_str_is(p + off, klen, "name"))
			str = raw_str(p + off + klen, vlen, &n);
		off += klen + vlen;
	}
	if (!str || memchr(str, '\0', n))
		return 1;
	if (n >= sizeof(small) && !(name = gb_malloc((size_t)n + 1)))
		return GB_ERROR;
	memcpy(name, str, n);
	name[n] = '\0';
	keep = opts->want(name, n, opts->payload);
	if (name != small)
		free(name);
	return keep;
}

/*
 * Copy the results array at p keeping what the caller wants; *used gets
 * its length in the record. GB_EINVALID when it is damaged.
 */
static int filter_array(gb_buf *out, size_t *used, const unsigned char *p,
	size_t left, const gb_decode_options *opts)
{
	unsigned char head[5] = { 0xdd };
	size_t off, at = out->size, len;
	uint64_t count, i;
	uint32_t kept = 0;
	int keep;

	if (!raw_container(p, left, false, &count, &off)) {
		if (walk(used, p, left) < 0)
			return GB_EINVALID;
		return gb_buf_put(out, p, *used);
	}
	if (gb_buf_put(out, head, sizeof(head)) < 0)
		return GB_ERROR;
	for (i = 0; i < count; i++, off += len) {
		if (off >= left || walk(&len, p + off, left - off) < 0)
			return GB_EINVALID;
		if ((keep = raw_wanted(p + off, len, opts)) < 0)
			return keep;
		if (keep && (kept++, gb_buf_put(out, p + off, len) < 0))
			return GB_ERROR;
	}
	*used = off;
	out->ptr[at + 1] = (char)(kept >> 24);
	out->ptr[at + 2] = (char)(kept >> 16);
	out->ptr[at + 3] = (char)(kept >> 8);
	out->ptr[at + 4] = (char)kept;
	return 0;
}

/*
 * The record at data with only the results the caller wants, for msgpack
 * to unpack, and in *used its length: a reader of one benchmark in fifty
 * then builds the objects of one result, not of fifty. Every part is
 * checked by walk() on the way; GB_EINVALID when one fails or the record
 * is not a map, for the caller to decode it whole and say what is wrong.
 */
static int filter_results(gb_buf *out, size_t *used, const unsigned char *data,
	size_t n, const gb_decode_options *opts)
{
	uint64_t pairs, i;
	size_t off, klen, vlen;
	int error = 0;

	if (!raw_container(data, n, true, &pairs, &off))
		return GB_EINVALID;
	if (gb_buf_put(out, data, off) < 0)
		return GB_ERROR;
	for (i = 0; i < pairs && !error; i++, off += klen + vlen) {
		if (off >= n || walk(&klen, data + off, n - off) < 0 ||
		    klen >= n - off)
			return GB_EINVALID;
		if (raw_str_is(data + off, klen, "results")) {
			if ((error = gb_buf_put(out, data + off, klen)) == 0)
				error = filter_array(out, &vlen, data + off + klen,
					n - off - klen, opts);
		} else if (walk(&vlen, data + off + klen, n - off - klen) < 0) {
			error = GB_EINVALID;
		} else {
			error = gb_buf_put(out, data + off, klen + vlen);
		}
	}
	*used = off;
	return error;
}

/* ---- mapping the object tree -------------------------------------------- */

typedef struct {
	const gb_decode_options *opts;
	char where[96]; /* what was being read, for the message */
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

/*
 * A key given twice is ambiguous: refuse rather than pick one. The keys
 * are sorted, so that a hostile map of a million keys costs n log n.
 */
static int check_duplicates(mapper *m, const msgpack_object *map)
{
	const msgpack_object *few[32], **keys = few;
	uint32_t i, n = 0, size = map->via.map.size;
	int error = 0;

	if (size < 2)
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

static int map_result(gb_run *run, mapper *m, const msgpack_object *o)
{
	const msgpack_object *name = find_key(o, "name");
	const msgpack_object *unit = find_key(o, "unit");
	char *nm = NULL, *un = NULL;
	gb_result *r;
	uint32_t i;
	int error;

	if ((error = check_duplicates(m, o)) < 0)
		return error;
	if (!name)
		return bad(m, "has no 'name'");
	if ((error = get_str(&nm, m, name, "name")) < 0)
		return error;
	if (!nm)
		return bad(m, "'name' is nil");
	if (m->opts && m->opts->want &&
	    !m->opts->want(nm, strlen(nm), m->opts->payload)) {
		free(nm);
		return 0;
	}
	if (unit && (error = get_str(&un, m, unit, "unit")) < 0) {
		free(nm);
		return error;
	}
	error = gb_run_add_result(&r, run, nm, un ? un : "ns",
		GB_LOWER_IS_BETTER);
	free(nm);
	free(un);
	if (error)
		return error;
	for (i = 0; i < o->via.map.size && !error; i++) {
		const msgpack_object *k = &o->via.map.ptr[i].key;
		const msgpack_object *v = &o->via.map.ptr[i].val;

		if (key_is(k, "dir")) {
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

static int map_results(gb_run *run, mapper *m, const msgpack_object *o)
{
	uint32_t i;
	int error;

	if (o->type != MSGPACK_OBJECT_ARRAY)
		return bad(m, "'results' is not an array");
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
		else if (key_is(k, "results"))
			error = map_results(run, m, v);
	}
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
	mapper m = { opts, "" };
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
	int error = filter_results(&kept, used, data, len, opts);

	/* The depth limit holds for what msgpack unpacks. */
	if (error == 0 && (error = walk(&n, (const unsigned char *)kept.ptr,
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
	if ((error = walk(&n, data, max)) < 0 ||
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
