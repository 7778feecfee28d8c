/*
 * The bounded walk of msgpack bytes, before msgpack-c sees any: every
 * length and element count is compared with the bytes that remain and
 * nesting is limited, without allocating, because msgpack-c's unpacker
 * allocates what a header claims before it sees the data. And, for readers
 * of a few benchmarks, the results they do not want left out of a record
 * before it is unpacked.
 */
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "record/codec_int.h"

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
 * The limits of a record (codec.h) that its shape alone shows, checked
 * before anything is unpacked, so that a record over them costs no more
 * than its walk: no string is longer than a name may be, and the results
 * array holds at most so many. `key`: p is a key of the record's own map.
 */
static int within_limits(const unsigned char *p, uint64_t skip,
	uint64_t children, bool key, bool *results, size_t off)
{
	unsigned char type = p[0];
	bool str = (type & 0xe0) == 0xa0 || (type >= 0xd9 && type <= 0xdb);
	bool array = (type & 0xf0) == 0x90 || type == 0xdc || type == 0xdd;
	uint64_t head = type < 0xc0 ? 1 : type == 0xd9 ? 2 : type == 0xda ? 3 : 5;
	bool was_results = *results;

	if (str && skip - head > GB_RECORD_MAX_NAME)
		return gb_error_set(GB_EINVALID, "over the limits: a string of "
			"%llu bytes at offset %zu, more than %u",
			(unsigned long long)(skip - head), off, GB_RECORD_MAX_NAME);
	if (key) {
		*results = str && skip - head == 7 &&
			memcmp(p + head, "results", 7) == 0;
		return 0;
	}
	*results = false;
	if (array && was_results && children > GB_RECORD_MAX_RESULTS)
		return gb_error_set(GB_EINVALID,
			"over the limits: %llu results, more than %u",
			(unsigned long long)children, GB_RECORD_MAX_RESULTS);
	return 0;
}

static int cut_short(size_t off, uint64_t skip, size_t left)
{
	return gb_error_set(GB_EINVALID,
		"truncated record (a value at offset %zu claims %llu bytes, %zu remain)",
		off, (unsigned long long)skip, left);
}

int gb_codec_walk(size_t *used, const unsigned char *data, size_t len)
{
	uint64_t pending[GB_RECORD_MAX_DEPTH + 1], total = 0;
	size_t off = 0;
	int depth = 0, error;
	bool results = false; /* the last key of the record's map was it */

	pending[0] = 1;
	while (depth >= 0) {
		uint64_t skip, children;
		unsigned char b;

		if (pending[depth] == 0) {
			depth--;
			continue;
		}
		pending[depth]--;
		if (off >= len)
			return gb_error_set(GB_EINVALID, "truncated record");
		/*
		 * Nearly every element of a record is a short string, a small
		 * integer or a float: taken here without the general header's
		 * switch (the same checks; a walk of fifty results in a note
		 * went at about 10 ns an element).
		 */
		b = data[off];
		if ((b & 0xe0) == 0xa0) {
			skip = 1 + (uint64_t)(b & 0x1f);
			if (skip > len - off)
				return cut_short(off, skip, len - off);
			results = depth == 1 && pending[1] % 2 == 1 &&
				skip == 8 && memcmp(data + off + 1, "results", 7) == 0;
			off += skip;
			continue;
		}
		if (b <= 0x7f || b >= 0xe0 || b == 0xcb || b == 0xca) {
			skip = b == 0xcb ? 9 : b == 0xca ? 5 : 1;
			if (skip > len - off)
				return cut_short(off, skip, len - off);
			results = false;
			off += skip;
			continue;
		}
		if (header(data + off, len - off, &skip, &children) < 0)
			return gb_error_set(GB_EINVALID,
				/* 0xc1 is never used: malformed wherever. */
				off + 1 >= len && b != 0xc1 ? "truncated record"
					: "malformed record (byte 0x%02x at offset %zu)",
				data[off], off);
		if (skip > len - off)
			return cut_short(off, skip, len - off);
		/* In the record's own map, keys and values alternate. */
		if ((error = within_limits(data + off, skip, children,
			     depth == 1 && pending[1] % 2 == 1, &results,
			     off)) < 0)
			return error;
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
			if ((total += children) > GB_RECORD_MAX_TOTAL)
				return gb_error_set(GB_EINVALID,
					"over the limits: more than %u elements "
					"in all", GB_RECORD_MAX_TOTAL);
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

/* The unsigned integer at p (len bytes, checked by walk); 0 if none. */
static uint64_t raw_uint(const unsigned char *p, size_t len)
{
	if (p[0] <= 0x7f)
		return p[0];
	if (p[0] >= 0xcc && p[0] <= 0xcf &&
	    len == 1 + ((size_t)1 << (p[0] - 0xcc)))
		return be(p + 1, 1 << (p[0] - 0xcc));
	return 0;
}

/* What the results of a record are read by: schema 1 names hold measures. */
typedef struct {
	const gb_decode_options *opts;
	bool v1;
	char format[16];   /* schema 1's, as far as the split needs it */
} filter_ctx;

/*
 * Whether the caller wants the result at p (len bytes, checked by walk):
 * a result without a readable name is kept, for the mapping to report.
 */
static int raw_wanted(const unsigned char *p, size_t len, const filter_ctx *f)
{
	char small[128], *name = small;
	const unsigned char *str = NULL;
	const char *measure;
	uint64_t pairs, i;
	size_t off, klen, vlen, mlen, nlen;
	uint32_t n = 0;
	int keep;

	if (!raw_container(p, len, true, &pairs, &off))
		return 1;
	for (i = 0; i < pairs && !str && off < len; i++) {
		if (gb_codec_walk(&klen, p + off, len - off) < 0 ||
		    gb_codec_walk(&vlen, p + off + klen, len - off - klen) < 0)
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
	if (f->v1 && gb_codec_v1_split(&nlen, &measure, &mlen, name, n,
			     f->format)) {
		name[nlen] = '\0';
		n = (uint32_t)nlen;
	}
	keep = f->opts->want(name, n, f->opts->payload);
	if (name != small)
		free(name);
	return keep;
}

/*
 * Copy the results array at p keeping what the caller wants; *used gets
 * its length in the record. GB_EINVALID when it is damaged.
 */
static int filter_array(gb_buf *out, size_t *used, const unsigned char *p,
	size_t left, const filter_ctx *f)
{
	unsigned char head[5] = { 0xdd };
	size_t off, at = out->size, len;
	uint64_t count, i;
	uint32_t kept = 0;
	int keep;

	if (!raw_container(p, left, false, &count, &off)) {
		if (gb_codec_walk(used, p, left) < 0)
			return GB_EINVALID;
		return gb_buf_put(out, p, *used);
	}
	/* Decoded whole, the record is refused: so it is for any reader. */
	if (count > GB_RECORD_MAX_RESULTS)
		return GB_EINVALID;
	if (gb_buf_put(out, head, sizeof(head)) < 0)
		return GB_ERROR;
	for (i = 0; i < count; i++, off += len) {
		if (off >= left || gb_codec_walk(&len, p + off, left - off) < 0)
			return GB_EINVALID;
		if ((keep = raw_wanted(p + off, len, f)) < 0)
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
 * The length of the element at p, checked as gb_codec_walk() checks it:
 * the scalars that fill a column taken here, anything else walked.
 */
static int element_len(size_t *len, const unsigned char *p, size_t left)
{
	unsigned char b = p[0];
	size_t n;

	if (b <= 0x7f || b >= 0xe0 || b == 0xc0 || b == 0xc2 || b == 0xc3)
		n = 1;
	else if ((b & 0xe0) == 0xa0)
		n = 1 + (size_t)(b & 0x1f);
	else if (b == 0xca || b == 0xce || b == 0xd2)
		n = 5;
	else if (b == 0xcb || b == 0xcf || b == 0xd3)
		n = 9;
	else if (b == 0xcc || b == 0xd0)
		n = 2;
	else if (b == 0xcd || b == 0xd1)
		n = 3;
	else
		return gb_codec_walk(len, p, left) < 0 ? GB_EINVALID : 0;
	if (n > left)
		return GB_EINVALID;
	*len = n;
	return 0;
}

/*
 * Which entries of the name column at p (a msgpack array of count names,
 * its elements from off) the caller wants: keep[i]. An entry that is not
 * a readable name is kept, for the mapping to report.
 */
static int names_wanted(unsigned char *keep, const unsigned char *p,
	size_t left, size_t off, uint64_t count, const filter_ctx *f)
{
	uint64_t i;
	size_t len;
	uint32_t n;
	const unsigned char *str;
	char small[128], *name;
	int want;

	for (i = 0; i < count; i++, off += len) {
		if (off >= left || element_len(&len, p + off, left - off) < 0)
			return GB_EINVALID;
		str = raw_str(p + off, len, &n);
		if (!str || memchr(str, '\0', n)) {
			keep[i] = 1;
			continue;
		}
		name = small;
		if (n >= sizeof(small) && !(name = gb_malloc((size_t)n + 1)))
			return GB_ERROR;
		memcpy(name, str, n);
		name[n] = '\0';
		want = f->opts->want(name, n, f->opts->payload);
		if (name != small)
			free(name);
		keep[i] = want != 0;
	}
	return 0;
}

/*
 * Copy the column at p (an array) keeping the entries keep[] says;
 * *used gets its length.
 */
static int filter_column(gb_buf *out, size_t *used, const unsigned char *p,
	size_t left, size_t off, uint64_t count, const unsigned char *keep,
	uint32_t kept)
{
	unsigned char head[5] = { 0xdd, (unsigned char)(kept >> 24),
		(unsigned char)(kept >> 16), (unsigned char)(kept >> 8),
		(unsigned char)kept };
	uint64_t i;
	size_t len;

	if (gb_buf_put(out, head, sizeof(head)) < 0)
		return GB_ERROR;
	for (i = 0; i < count; i++, off += len) {
		if (off >= left || element_len(&len, p + off, left - off) < 0)
			return GB_EINVALID;
		if (keep[i] && gb_buf_put(out, p + off, len) < 0)
			return GB_ERROR;
	}
	*used = off;
	return 0;
}

/* Whether the key at p (len bytes) names a column readers know. */
static bool known_column(const unsigned char *p, size_t len)
{
	static const char *const known[] = { GB_CODEC_COLUMNS };
	size_t i;

	for (i = 0; i < GB_ARRAY_SIZE(known); i++)
		if (raw_str_is(p, len, known[i]))
			return true;
	return false;
}

/*
 * Schema 3: copy the columns at p keeping the entries of the results the
 * caller wants, found by name: every array as long as the name column is
 * cut down to them, anything else (a column newer writers added) copied
 * as it is. *used gets the map's length in the record. Without a name
 * column, the map is copied whole for the mapping to report it.
 * GB_EINVALID when the map is damaged, a column readers know is not an
 * array of one entry a name, or the names are more than a record holds:
 * the record is then decoded whole, which says what is wrong.
 */
static int filter_columns(gb_buf *out, size_t *used, const unsigned char *p,
	size_t left, const filter_ctx *f)
{
	const unsigned char *names = NULL;
	unsigned char *keep = NULL;
	size_t off, head, klen, vlen, names_left = 0, names_head = 0;
	uint64_t pairs, count = 0, col, i;
	uint32_t kept = 0;
	int error = 0;

	if (!raw_container(p, left, true, &pairs, &head))
		return GB_EINVALID;
	/* The name column: the first key as git-bench writes them. */
	for (i = 0, off = head; i < pairs; i++, off += klen + vlen) {
		if (off >= left || gb_codec_walk(&klen, p + off, left - off) < 0 ||
		    klen >= left - off)
			return GB_EINVALID;
		if (raw_str_is(p + off, klen, "name")) {
			names = p + off + klen;
			names_left = left - off - klen;
			break;
		}
		if (gb_codec_walk(&vlen, p + off + klen, left - off - klen) < 0)
			return GB_EINVALID;
	}
	if (!names || !raw_container(names, names_left, false, &count,
			      &names_head)) {
		if (gb_codec_walk(used, p, left) < 0)
			return GB_EINVALID;
		return gb_buf_put(out, p, *used);
	}
	if (count > GB_RECORD_MAX_RESULTS)
		return GB_EINVALID;
	if (!(keep = gb_calloc(count + 1, 1)))
		return GB_ERROR;
	if ((error = names_wanted(keep, names, names_left, names_head, count,
		     f)) < 0)
		goto done;
	for (i = 0; i < count; i++)
		kept += keep[i];
	if ((error = gb_buf_put(out, p, head)) < 0)
		goto done;
	for (i = 0, off = head; i < pairs && !error; i++, off += klen + vlen) {
		size_t at, col_head;

		if (off >= left || gb_codec_walk(&klen, p + off, left - off) < 0 ||
		    klen >= left - off) {
			error = GB_EINVALID;
			break;
		}
		if ((error = gb_buf_put(out, p + off, klen)) < 0)
			break;
		at = off + klen;
		if (raw_container(p + at, left - at, false, &col, &col_head) &&
		    col == count)
			error = filter_column(out, &vlen, p + at, left - at,
				col_head, count, keep, kept);
		else if (known_column(p + off, klen))
			error = GB_EINVALID;
		else if (gb_codec_walk(&vlen, p + at, left - at) < 0)
			error = GB_EINVALID;
		else
			error = gb_buf_put(out, p + at, vlen);
	}
	*used = off;
done:
	free(keep);
	return error;
}

/*
 * The schema and format of the record whose map's pairs start at off:
 * whether its result names carry measures. Anything unreadable is left
 * to the walk that follows. Only schema 1 needs its format: a record of
 * another schema (which writes it first) is not walked further here, so
 * that its results are walked once, by the filter.
 */
static void filter_head(filter_ctx *f, const unsigned char *data, size_t n,
	size_t off, uint64_t pairs)
{
	size_t klen, vlen;
	uint32_t len;
	const unsigned char *str;
	bool schema = false, format = false;
	uint64_t i;

	for (i = 0; i < pairs; i++, off += klen + vlen) {
		if (off >= n || gb_codec_walk(&klen, data + off, n - off) < 0 ||
		    klen >= n - off ||
		    gb_codec_walk(&vlen, data + off + klen, n - off - klen) < 0)
			return;
		if (raw_str_is(data + off, klen, "schema")) {
			f->v1 = raw_uint(data + off + klen, vlen) == 1;
			schema = true;
		} else if (raw_str_is(data + off, klen, "format") &&
			 (str = raw_str(data + off + klen, vlen, &len)) &&
			 len < sizeof(f->format)) {
			memcpy(f->format, str, len);
			f->format[len] = '\0';
			format = true;
		}
		if (schema && (!f->v1 || format))
			return;
	}
}

int gb_codec_filter_results(gb_buf *out, size_t *used,
	const unsigned char *data, size_t n, const gb_decode_options *opts)
{
	filter_ctx f = { opts, false, "" };
	uint64_t pairs, i;
	size_t off, klen, vlen;
	int error = 0;

	if (!raw_container(data, n, true, &pairs, &off))
		return GB_EINVALID;
	filter_head(&f, data, n, off, pairs);
	if (gb_buf_put(out, data, off) < 0)
		return GB_ERROR;
	for (i = 0; i < pairs && !error; i++, off += klen + vlen) {
		if (off >= n || gb_codec_walk(&klen, data + off, n - off) < 0 ||
		    klen >= n - off)
			return GB_EINVALID;
		if (raw_str_is(data + off, klen, "results")) {
			const unsigned char *v = data + off + klen;
			unsigned char b = v[0];

			if ((error = gb_buf_put(out, data + off, klen)) < 0)
				break;
			/* Columns (schema 3) are a map, results of 1 and 2 an
			 * array; the mapping refuses the one its schema has
			 * not. */
			if ((b & 0xf0) == 0x80 || b == 0xde || b == 0xdf)
				error = filter_columns(out, &vlen, v,
					n - off - klen, &f);
			else
				error = filter_array(out, &vlen, v,
					n - off - klen, &f);
		} else if (gb_codec_walk(&vlen, data + off + klen, n - off - klen) < 0) {
			error = GB_EINVALID;
		} else {
			error = gb_buf_put(out, data + off, klen + vlen);
		}
	}
	*used = off;
	return error;
}

bool gb_codec_want_none(const char *name, size_t len, void *payload)
{
	GB_UNUSED(name);
	GB_UNUSED(len);
	GB_UNUSED(payload);
	return false;
}
