/*
 * Summaries of notes: what the readers of series take from a note (its
 * runs without their samples), kept beside the notes in
 * $GIT_COMMON_DIR/bench-summaries by note blob id, as git keeps its
 * commit-graph beside the commits; the change points of trends, by
 * a SHA-1 of their points and options (gb_changepoint_cache); and what
 * the walk along first parents reads of a commit, by commit id. A note's
 * blob id names its bytes, so a summary is right for as long as the
 * decoder that wrote it reads those bytes the same way: the file's
 * header names the program's version and the decoder's revision, and
 * any other header makes the file start afresh. Nothing is lost when the file is: it is rebuilt as notes are
 * read. Every entry carries a checksum, checked when it is used; a
 * damaged or torn file reads as misses and is written afresh.
 *
 * File: a 64-byte header, then entries appended:
 *   u32 payload size, u32 kind (0 a note's, 1 change points, 2 a
 *   commit's), u64 checksum of kind, id and payload, 20-byte id, payload.
 * Payload (host byte order; the header's order mark refuses another):
 *   u32 runs; for each: str machine, str label, 4 f64 usage, u32 results;
 *   for each: str name, str measure, str unit, u8 direction, u8 fields
 *   present, then each present field (mean, median, stddev, min, max,
 *   slope as f64; count, iterations as u64).
 *   str: u32 length (all ones: none), then its bytes.
 * Change points: u32 count; for each, u64 index and 4 f64 (mean before,
 * mean after, change, p-value).
 * A commit: i64 commit time, u32 parents, the first parent's 20-byte id
 * (zeros when none).
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_int.h"
#include "store/summaries.h"

#define SUM_MAGIC "GBSUMRY\n"
#define SUM_FORMAT 1u
#define SUM_ORDER 0x01020304u
#define SUM_HEADER 64
#define SUM_ENTRY_HEAD (8 + 8 + GIT_OID_RAWSZ)
/* Past this size the file starts afresh: notes rewritten or removed leave
 * their summaries behind, and this bounds what they take. */
#define SUM_MAX_FILE (256u << 20)
#define SUM_MAX_ENTRY (64u << 20)
/* Summaries to write are appended once this many bytes wait. */
#define SUM_FLUSH_AT (1u << 20)
#define SUM_NONE 0xffffffffu
/* The offset of a summary made by this command, not read back. */
#define SUM_PENDING UINT64_MAX

enum { KIND_NOTE = 0, KIND_CHANGES = 1, KIND_COMMIT = 2 };
#define COMMIT_PAYLOAD (8 + 4 + GIT_OID_RAWSZ)

/* A commit's entry, read whole when the file is opened: they are small. */
typedef struct {
	git_oid id, parent;
	int64_t time;
	uint32_t parents;
	bool used;
	bool pending;       /* made by this command, to be written */
} commit_slot;

typedef struct {
	git_oid id;
	uint64_t off;       /* of the entry's head */
	uint32_t size;      /* of its payload */
	uint32_t kind;
	bool bad;           /* failed its checksum or its reading */
} sum_slot;

struct gb_summaries {
	int fd;             /* the file read, -1 when none */
	sum_slot *slots;    /* open addressing by the id's first bytes */
	size_t cap, used;
	commit_slot *commits; /* the same, for commits */
	size_t ccap, cused;
	bool fresh;         /* write the file afresh (absent, old, damaged) */
	bool writable;
	gb_buf pending;     /* entries to write */
	gb_buf scratch;     /* an entry read */
	gb_buf strings;     /* where a run's strings are in it */
	char *path;
};

static uint64_t checksum(uint64_t h, const unsigned char *p, size_t len)
{
	uint64_t w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15u;
		h ^= h >> 29;
	}
	for (; len; p++, len--)
		h = (h ^ *p) * 0x100000001b3u;
	return h ^ (h >> 32);
}

static uint64_t entry_check(uint32_t kind, const git_oid *id,
	const void *payload, size_t size)
{
	return checksum(checksum(0x6762737573000001u + kind, id->id,
		GIT_OID_RAWSZ), payload, size);
}

static void header_make(unsigned char *h)
{
	uint32_t v;

	memset(h, 0, SUM_HEADER);
	memcpy(h, SUM_MAGIC, 8);
	v = SUM_FORMAT;
	memcpy(h + 8, &v, 4);
	v = SUM_ORDER;
	memcpy(h + 12, &v, 4);
	v = GB_CODEC_REVISION;
	memcpy(h + 16, &v, 4);
	/* The version ("MAJOR.MINOR.PATCH", far shorter than the room). */
	strncpy((char *)h + 20, gb_version(), SUM_HEADER - 21);
}

static size_t slot_of(const gb_summaries *s, const git_oid *id)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	return (size_t)h & (s->cap - 1);
}

static sum_slot *slot_find(gb_summaries *s, const git_oid *id,
	uint32_t kind)
{
	size_t i;

	if (!s->cap)
		return NULL;
	for (i = slot_of(s, id); s->slots[i].size != SUM_NONE;
	     i = (i + 1) & (s->cap - 1))
		if (s->slots[i].kind == kind && git_oid_equal(&s->slots[i].id, id))
			return &s->slots[i];
	return NULL;
}

static int slot_add(gb_summaries *s, const git_oid *id, uint32_t kind,
	uint64_t off, uint32_t size)
{
	size_t i;

	if ((s->used + 1) * 2 > s->cap) {
		sum_slot *old = s->slots;
		size_t n = s->cap, k, cap = n ? n * 2 : 256;

		if (!(s->slots = gb_calloc(cap, sizeof(*s->slots)))) {
			s->slots = old;
			return GB_ERROR;
		}
		s->cap = cap;
		s->used = 0;
		for (k = 0; k < cap; k++)
			s->slots[k].size = SUM_NONE;
		for (k = 0; k < n; k++)
			if (old[k].size != SUM_NONE)
				slot_add(s, &old[k].id, old[k].kind,
					old[k].off, old[k].size);
		free(old);
	}
	for (i = slot_of(s, id); s->slots[i].size != SUM_NONE;
	     i = (i + 1) & (s->cap - 1))
		if (s->slots[i].kind == kind &&
		    git_oid_equal(&s->slots[i].id, id)) {
			/* The same bytes summed up twice; or made again. */
			if (off == SUM_PENDING) {
				s->slots[i].off = off;
				s->slots[i].bad = false;
			}
			return 0;
		}
	git_oid_cpy(&s->slots[i].id, id);
	s->slots[i].kind = kind;
	s->slots[i].off = off;
	s->slots[i].size = size;
	s->slots[i].bad = false;
	s->used++;
	return 0;
}

static commit_slot *commit_find(gb_summaries *s, const git_oid *id)
{
	uint64_t h;
	size_t i;

	if (!s->ccap)
		return NULL;
	memcpy(&h, id->id, sizeof(h));
	for (i = (size_t)h & (s->ccap - 1); s->commits[i].used;
	     i = (i + 1) & (s->ccap - 1))
		if (git_oid_equal(&s->commits[i].id, id))
			return &s->commits[i];
	return NULL;
}

/* Keep commit `c` (its id set): false when there is no room. */
static bool commit_add(gb_summaries *s, const commit_slot *c)
{
	uint64_t h;
	size_t i;

	if ((s->cused + 1) * 2 > s->ccap) {
		commit_slot *old = s->commits;
		size_t n = s->ccap, cap = n ? n * 2 : 256, k;

		if (!(s->commits = gb_calloc(cap, sizeof(*s->commits)))) {
			s->commits = old;
			gb_error_clear();
			return false;
		}
		s->ccap = cap;
		s->cused = 0;
		for (k = 0; k < n; k++)
			if (old[k].used)
				commit_add(s, &old[k]);
		free(old);
	}
	memcpy(&h, c->id.id, sizeof(h));
	for (i = (size_t)h & (s->ccap - 1); s->commits[i].used;
	     i = (i + 1) & (s->ccap - 1))
		if (git_oid_equal(&s->commits[i].id, &c->id))
			return true;
	s->commits[i] = *c;
	s->commits[i].used = true;
	s->cused++;
	return true;
}

/* A commit's entry: kept when its checksum and size are right. */
static bool commit_take(gb_summaries *s, const git_oid *id,
	const unsigned char *payload, uint32_t len, uint64_t check)
{
	commit_slot c;

	if (len != COMMIT_PAYLOAD ||
	    check != entry_check(KIND_COMMIT, id, payload, len))
		return false;
	memset(&c, 0, sizeof(c));
	git_oid_cpy(&c.id, id);
	memcpy(&c.time, payload, 8);
	memcpy(&c.parents, payload + 8, 4);
	memcpy(c.parent.id, payload + 12, GIT_OID_RAWSZ);
	return commit_add(s, &c);
}

/* Index the entries' heads, reading the file in large pieces. */
static int scan(gb_summaries *s, uint64_t size)
{
	enum { PIECE = 64 * 1024 };
	unsigned char *piece = malloc(PIECE);
	uint64_t at = SUM_HEADER, base = 0, have = 0;
	int error = 0;

	if (!piece)
		return gb_error_oom();
	while (at < size) {
		uint32_t len, kind;
		git_oid id;
		const unsigned char *h;

		if (size - at < SUM_ENTRY_HEAD) {
			s->fresh = true; /* torn */
			break;
		}
		if (at < base || at + SUM_ENTRY_HEAD + COMMIT_PAYLOAD > base + have) {
			base = at;
			have = size - at < PIECE ? size - at : PIECE;
			if (!gb_pread_all(s->fd, piece, (size_t)have, base)) {
				s->fresh = true;
				break;
			}
		}
		h = piece + (at - base);
		memcpy(&len, h, 4);
		memcpy(&kind, h + 4, 4);
		memcpy(id.id, h + 16, GIT_OID_RAWSZ);
		if (kind > KIND_COMMIT || len > SUM_MAX_ENTRY ||
		    len > size - at - SUM_ENTRY_HEAD) {
			s->fresh = true; /* damaged or torn: the rest is lost */
			break;
		}
		if (kind == KIND_COMMIT) {
			uint64_t check;

			memcpy(&check, h + 8, 8);
			if (len > have - (at - base) - SUM_ENTRY_HEAD ||
			    !commit_take(s, &id, h + SUM_ENTRY_HEAD, len, check))
				s->fresh = true; /* left out: written again */
		} else if ((error = slot_add(s, &id, kind, at, len)) < 0) {
			break;
		}
		at += SUM_ENTRY_HEAD + len;
	}
	free(piece);
	return error;
}

static int summaries_open(gb_summaries **out, gb_store *store)
{
	const char *dir = git_repository_commondir(store->repo);
	unsigned char head[SUM_HEADER], want[SUM_HEADER];
	gb_buf path = GB_BUF_INIT;
	gb_summaries *s;
	struct stat st;

	*out = NULL;
	if (!(s = gb_calloc(1, sizeof(*s))))
		return GB_ERROR;
	s->fd = -1;
	if (gb_buf_printf(&path, "%sbench-summaries", dir) < 0) {
		free(s);
		return GB_ERROR;
	}
	s->path = gb_buf_detach(&path);
	/* Where the file cannot be written, misses decode only what the
	 * reader wants, as without it. */
	s->writable = access(dir, W_OK) == 0;
	s->fresh = true;
	*out = s;
	if ((s->fd = open(s->path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return 0;
	header_make(want);
	if (fstat(s->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > SUM_MAX_FILE || st.st_size < SUM_HEADER ||
	    !gb_pread_all(s->fd, head, SUM_HEADER, 0) ||
	    memcmp(head, want, SUM_HEADER)) {
		close(s->fd);
		s->fd = -1;
		return 0;
	}
	s->fresh = false;
	return scan(s, (uint64_t)st.st_size);
}

/*
 * The summaries of `store` in *out: NULL when bench.summaries is false,
 * or when they are not open yet and `open` is false. A file that cannot
 * be opened is as none; a setting that is not a boolean is an error, as
 * git's own are.
 */
static int summaries(gb_summaries **out, gb_store *store, bool open)
{
	bool on = true;
	int error;

	*out = NULL;
	if (store->summaries_state == 0 && open) {
		error = gb_config_get_bool(&on, store->config, "bench.summaries");
		if (error < 0 && error != GB_ENOTFOUND)
			return error;
		store->summaries_state = -1;
		if (on && summaries_open(&store->summaries, store) == 0)
			store->summaries_state = 1;
		else
			gb_error_clear();
	}
	if (store->summaries_state == 1)
		*out = store->summaries;
	return 0;
}

int gb_store_summaries_open(gb_store *store)
{
	gb_summaries *s;

	return summaries(&s, store, true);
}

/* ---- the payload --------------------------------------------------------- */

enum { F_MEAN = 1, F_MEDIAN = 2, F_STDDEV = 4, F_MIN = 8, F_MAX = 16,
	F_SLOPE = 32, F_COUNT = 64, F_ITERATIONS = 128 };

/* The pending entries, with the first failure to grow them kept. */
typedef struct {
	gb_buf *b;
	bool failed;
} writer;

static void put(writer *w, const void *data, size_t len)
{
	if (!w->failed && gb_buf_put(w->b, data, len) < 0)
		w->failed = true;
}

static void put_u32(writer *w, uint32_t v)
{
	put(w, &v, 4);
}

static void put_str(writer *w, const char *str)
{
	size_t n = str ? strlen(str) : 0;

	put_u32(w, str ? (uint32_t)n : SUM_NONE);
	put(w, str, n);
}

static void put_result(writer *w, const gb_result *r)
{
	const double v[] = { r->mean, r->median, r->stddev, r->min, r->max,
		r->slope };
	unsigned char flags = 0, dir = (unsigned char)r->direction;
	size_t k;

	put_str(w, r->name);
	put_str(w, r->measure);
	put_str(w, r->unit);
	put(w, &dir, 1);
	for (k = 0; k < GB_ARRAY_SIZE(v); k++)
		if (!isnan(v[k]))
			flags |= (unsigned char)(1u << k);
	if (r->count)
		flags |= F_COUNT;
	if (r->iterations)
		flags |= F_ITERATIONS;
	put(w, &flags, 1);
	for (k = 0; k < GB_ARRAY_SIZE(v); k++)
		if (!isnan(v[k]))
			put(w, &v[k], 8);
	if (r->count)
		put(w, &r->count, 8);
	if (r->iterations)
		put(w, &r->iterations, 8);
}

static void flush(gb_summaries *s);

/* An entry's head, its size and checksum to come (entry_end). */
static size_t entry_begin(writer *w, uint32_t kind, const git_oid *id)
{
	size_t start = w->b->size;
	uint32_t zero = 0;
	uint64_t check = 0;

	put(w, &zero, 4);
	put(w, &kind, 4);
	put(w, &check, 8);
	put(w, id->id, GIT_OID_RAWSZ);
	return start;
}

/* The size and checksum of the entry begun at `start` of `b`. */
static void seal(gb_buf *b, size_t start, uint32_t kind, const git_oid *id)
{
	uint32_t size = (uint32_t)(b->size - start - SUM_ENTRY_HEAD);
	uint64_t check = entry_check(kind, id, b->ptr + start + SUM_ENTRY_HEAD,
		size);

	memcpy(b->ptr + start, &size, 4);
	memcpy(b->ptr + start + 8, &check, 8);
}

/* A commit's entry, appended whole to w->b. */
static void commit_entry(writer *w, const commit_slot *c)
{
	size_t start = entry_begin(w, KIND_COMMIT, &c->id);

	put(w, &c->time, 8);
	put(w, &c->parents, 4);
	put(w, c->parent.id, GIT_OID_RAWSZ);
	if (!w->failed)
		seal(w->b, start, KIND_COMMIT, &c->id);
}

/*
 * The entry begun at `start` made whole, and the id kept as written; an
 * entry that could not be made (no memory, too large) is left out, not
 * an error.
 */
static void entry_end(gb_summaries *s, writer *w, size_t start,
	uint32_t kind, const git_oid *id)
{
	if (w->failed ||
	    s->pending.size - start - SUM_ENTRY_HEAD > SUM_MAX_ENTRY) {
		s->pending.size = start;
		gb_error_clear();
		return;
	}
	seal(&s->pending, start, kind, id);
	/* Not made again by this command: it is not read back. */
	if (slot_add(s, id, kind, SUM_PENDING, 0) < 0)
		s->writable = false;
	if (s->pending.size >= SUM_FLUSH_AT)
		flush(s);
}

/* Append the entry of note `id`, its runs, to the pending ones. */
static void entry_add(gb_summaries *s, const git_oid *id,
	gb_run *const *runs, size_t n)
{
	writer w = { &s->pending, false };
	size_t start = entry_begin(&w, KIND_NOTE, id), i, k;

	put_u32(&w, (uint32_t)n);
	for (i = 0; i < n; i++) {
		const gb_run *run = runs[i];
		const double u[] = { run->usage.wall, run->usage.user,
			run->usage.system, run->usage.maxrss };

		put_str(&w, run->machine);
		put_str(&w, run->label);
		put(&w, u, sizeof(u));
		put_u32(&w, (uint32_t)run->nresults);
		for (k = 0; k < run->nresults; k++)
			put_result(&w, &run->results[k]);
	}
	entry_end(s, &w, start, KIND_NOTE, id);
}

typedef struct {
	const unsigned char *p, *end;
} reader;

static bool get(reader *r, void *out, size_t n)
{
	if ((size_t)(r->end - r->p) < n)
		return false;
	memcpy(out, r->p, n);
	r->p += n;
	return true;
}

/* A string of the entry: *out NULL for none; false when damaged. */
static bool get_str(reader *r, const char **out, size_t *len)
{
	uint32_t n;

	if (!get(r, &n, 4))
		return false;
	*out = NULL;
	*len = 0;
	if (n == SUM_NONE)
		return true;
	if ((size_t)(r->end - r->p) < n || memchr(r->p, 0, n))
		return false;
	*out = (const char *)r->p;
	*len = n;
	r->p += n;
	return true;
}

static int dup_str(char **field, const char *p, size_t len)
{
	if (!p)
		return 0;
	return (*field = gb_strndup(p, len)) ? 0 : GB_ERROR;
}

/* A result's strings where the entry holds them, until they are pooled. */
typedef struct {
	const char *p[3];
	size_t len[3];
} result_strings;

/* 1 read (or not wanted), 0 damaged. */
static int get_result(reader *r, gb_run *run, result_strings *at,
	size_t *bytes, const gb_decode_options *opts)
{
	const char *name, *measure, *unit;
	size_t nl, ml, ul, k;
	unsigned char dir, flags;
	double v[6] = { NAN, NAN, NAN, NAN, NAN, NAN };
	uint64_t count = 0, iterations = 0;
	gb_result *res;

	if (!get_str(r, &name, &nl) || !get_str(r, &measure, &ml) ||
	    !get_str(r, &unit, &ul) || !name || !measure || !unit ||
	    !get(r, &dir, 1) || dir > GB_HIGHER_IS_BETTER || !get(r, &flags, 1))
		return 0;
	for (k = 0; k < GB_ARRAY_SIZE(v); k++)
		if ((flags & (1u << k)) && !get(r, &v[k], 8))
			return 0;
	if (((flags & F_COUNT) && !get(r, &count, 8)) ||
	    ((flags & F_ITERATIONS) && !get(r, &iterations, 8)))
		return 0;
	if (opts && opts->want && !opts->want(name, nl, opts->payload))
		return 1;
	at += run->nresults;
	at->p[0] = name;
	at->len[0] = nl;
	at->p[1] = measure;
	at->len[1] = ml;
	at->p[2] = unit;
	at->len[2] = ul;
	*bytes += nl + ml + ul + 3;
	res = &run->results[run->nresults++];
	memset(res, 0, sizeof(*res));
	res->direction = (gb_direction)dir;
	res->mean = v[0];
	res->median = v[1];
	res->stddev = v[2];
	res->min = v[3];
	res->max = v[4];
	res->slope = v[5];
	res->count = count;
	res->iterations = iterations;
	return 1;
}

/* The results' strings copied into one block the run holds. */
static int pool_strings(gb_run *run, const result_strings *at, size_t bytes)
{
	char *p;
	size_t i, k;

	if (!run->nresults)
		return 0;
	if (!(run->strings = p = gb_malloc(bytes)))
		return GB_ERROR;
	for (i = 0; i < run->nresults; i++) {
		char **field[3] = { &run->results[i].name,
			&run->results[i].measure, &run->results[i].unit };

		for (k = 0; k < 3; k++) {
			memcpy(p, at[i].p[k], at[i].len[k]);
			p[at[i].len[k]] = '\0';
			*field[k] = p;
			p += at[i].len[k] + 1;
		}
	}
	return 0;
}

/* The least bytes a result takes: three lengths, direction, fields. */
#define RESULT_MIN 14

/* One run of a payload into `out`: 1, 0 when damaged, GB_ERROR. */
static int parse_run(gb_runlist *out, reader *r, gb_buf *tmp,
	const gb_decode_options *opts)
{
	const char *machine, *label;
	size_t ml, ll, bytes = 0;
	uint32_t nresults, k;
	double u[4];
	gb_run *run;
	int got = 1;

	if (!get_str(r, &machine, &ml) || !get_str(r, &label, &ll) ||
	    !get(r, u, sizeof(u)) || !get(r, &nresults, 4) ||
	    nresults > (size_t)(r->end - r->p) / RESULT_MIN)
		return 0;
	gb_buf_clear(tmp);
	if (gb_run_new(&run) < 0 ||
	    gb_buf_grow(tmp, nresults * sizeof(result_strings)) < 0) {
		gb_run_free(run);
		return GB_ERROR;
	}
	run->usage.wall = u[0];
	run->usage.user = u[1];
	run->usage.system = u[2];
	run->usage.maxrss = u[3];
	if (dup_str(&run->machine, machine, ml) < 0 ||
	    dup_str(&run->label, label, ll) < 0 ||
	    (nresults && !(run->results = gb_malloc(nresults *
			     sizeof(*run->results))))) {
		gb_run_free(run);
		return GB_ERROR;
	}
	/* Each result is set whole as it is read. */
	run->aresults = nresults;
	for (k = 0; k < nresults && got == 1; k++)
		got = get_result(r, run, (result_strings *)(void *)tmp->ptr,
			&bytes, opts);
	if (got == 1 && pool_strings(run,
		    (const result_strings *)(void *)tmp->ptr, bytes) < 0)
		got = GB_ERROR;
	if (got == 1 && gb_runlist_add(out, run) < 0)
		got = GB_ERROR;
	if (got != 1) {
		/* Strings not pooled yet are the entry's: none to free. */
		if (!run->strings)
			run->nresults = 0;
		gb_run_free(run);
	}
	return got;
}

/* The runs of a payload appended to `out`: 1, 0 when damaged, GB_ERROR. */
static int parse(gb_runlist *out, gb_buf *tmp, const unsigned char *p,
	size_t size, const gb_decode_options *opts)
{
	reader r = { p, p + size };
	uint32_t nruns, i;
	int got = 1;

	if (!get(&r, &nruns, 4))
		return 0;
	for (i = 0; i < nruns && got == 1; i++)
		got = parse_run(out, &r, tmp, opts);
	if (got == 1 && r.p != r.end)
		got = 0;
	return got;
}

static void drop_from(gb_runlist *out, size_t first)
{
	while (out->count > first)
		gb_run_free(out->runs[--out->count]);
}

/*
 * The payload of the entry of `id` in s->scratch: 1, 0 when not held or
 * damaged (then read from its source again, and the file written afresh).
 */
static int entry_payload(gb_summaries *s, const git_oid *id, uint32_t kind,
	sum_slot **found)
{
	sum_slot *slot = slot_find(s, id, kind);
	uint64_t check;

	*found = slot;
	if (!slot || slot->bad || slot->off == SUM_PENDING)
		return 0;
	gb_buf_clear(&s->scratch);
	if (gb_buf_grow(&s->scratch, SUM_ENTRY_HEAD + slot->size) < 0)
		return GB_ERROR;
	if (gb_pread_all(s->fd, s->scratch.ptr, SUM_ENTRY_HEAD + slot->size,
		    slot->off)) {
		memcpy(&check, s->scratch.ptr + 8, 8);
		if (!memcmp(s->scratch.ptr + 16, id->id, GIT_OID_RAWSZ) &&
		    check == entry_check(kind, id,
				     s->scratch.ptr + SUM_ENTRY_HEAD, slot->size))
			return 1;
	}
	slot->bad = true;
	s->fresh = true;
	return 0;
}

/* The summary of note `id`: 1 read into `out`, 0 not held (or damaged). */
static int entry_read(gb_runlist *out, gb_summaries *s, const git_oid *id,
	const gb_decode_options *opts)
{
	size_t first = out->count;
	sum_slot *slot;
	int got;

	if ((got = entry_payload(s, id, KIND_NOTE, &slot)) <= 0)
		return got;
	got = parse(out, &s->strings,
		(const unsigned char *)s->scratch.ptr + SUM_ENTRY_HEAD,
		slot->size, opts);
	if (got != 1)
		drop_from(out, first);
	if (got == 0) {
		slot->bad = true;
		s->fresh = true;
	}
	return got;
}

/* ---- writing ------------------------------------------------------------- */

/* Into a file started afresh, the entries of the old one that are sound. */
static bool copy_kept(gb_summaries *s, int fd)
{
	uint64_t check;
	size_t i;

	for (i = 0; s->fd >= 0 && i < s->cap; i++) {
		sum_slot *slot = &s->slots[i];
		size_t len = SUM_ENTRY_HEAD + (size_t)slot->size;

		if (slot->size == SUM_NONE || slot->bad ||
		    slot->off == SUM_PENDING)
			continue;
		gb_buf_clear(&s->scratch);
		if (gb_buf_grow(&s->scratch, len) < 0)
			return false;
		if (!gb_pread_all(s->fd, s->scratch.ptr, len, slot->off))
			continue;
		memcpy(&check, s->scratch.ptr + 8, 8);
		if (memcmp(s->scratch.ptr + 16, slot->id.id, GIT_OID_RAWSZ) ||
		    check != entry_check(slot->kind, &slot->id,
				     s->scratch.ptr + SUM_ENTRY_HEAD, slot->size))
			continue;
		if (!gb_write_all(fd, s->scratch.ptr, len))
			return false;
	}
	for (i = 0; i < s->ccap; i++) {
		writer w = { &s->scratch, false };

		if (!s->commits[i].used || s->commits[i].pending)
			continue;
		gb_buf_clear(&s->scratch);
		commit_entry(&w, &s->commits[i]);
		if (w.failed ||
		    !gb_write_all(fd, s->scratch.ptr, s->scratch.size))
			return false;
	}
	return true;
}

/*
 * Write what waits: appended to the file, or a new file put in its place
 * when it must start afresh (a file being appended to by another command
 * meanwhile loses those entries, which the next reader writes again).
 * Failures lose summaries, never an answer: they are not reported.
 */
static void flush(gb_summaries *s)
{
	unsigned char head[SUM_HEADER];
	gb_buf tmp = GB_BUF_INIT;
	bool written;
	int fd;

	if (!s->pending.size || !s->writable)
		goto done;
	if (!s->fresh) {
		fd = open(s->path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0) {
			s->writable = false;
			goto done;
		}
		if (!gb_write_all(fd, s->pending.ptr, s->pending.size))
			s->writable = false;
		close(fd);
		goto done;
	}
	header_make(head);
	if (gb_buf_printf(&tmp, "%s.XXXXXX", s->path) < 0 ||
	    (fd = mkstemp(tmp.ptr)) < 0) {
		s->writable = false;
		goto done;
	}
	written = gb_write_all(fd, head, SUM_HEADER) && copy_kept(s, fd) &&
		  gb_write_all(fd, s->pending.ptr, s->pending.size) &&
		  fchmod(fd, 0644) == 0;
	if (close(fd) < 0 || !written || rename(tmp.ptr, s->path) < 0) {
		unlink(tmp.ptr);
		s->writable = false;
	} else {
		s->fresh = false;
	}
done:
	gb_buf_clear(&s->pending);
	gb_buf_dispose(&tmp);
	gb_error_clear();
}

void gb_summaries_free(gb_summaries *s)
{
	if (!s)
		return;
	flush(s);
	if (s->fd >= 0)
		close(s->fd);
	free(s->slots);
	free(s->commits);
	free(s->path);
	gb_buf_dispose(&s->pending);
	gb_buf_dispose(&s->scratch);
	gb_buf_dispose(&s->strings);
	free(s);
}

static bool keep_wanted(const gb_result *r, void *payload)
{
	const gb_decode_options *opts = payload;

	return opts->want(r->name, strlen(r->name), opts->payload);
}

static int decode(gb_runlist *out, git_blob *blob,
	const gb_decode_options *opts)
{
	int error = gb_codec_decode_stream(out, git_blob_rawcontent(blob),
		(size_t)git_blob_rawsize(blob), opts);

	if (error == GB_ERROR)
		return error;
	return error < 0 ? GB_EDAMAGED : 0;
}

int gb_store_read_note_blob(gb_runlist *out, gb_store *store,
	const git_oid *note, const gb_decode_options *opts)
{
	git_blob *blob = NULL;
	int error;

	if (git_blob_lookup(&blob, store->repo, note) < 0)
		return GB_EDAMAGED;
	error = decode(out, blob, opts);
	git_blob_free(blob);
	return error;
}

int gb_store_read_summary(gb_runlist *out, gb_store *store,
	const git_oid *note, const gb_decode_options *opts)
{
	gb_decode_options mine = GB_DECODE_OPTIONS_INIT, whole;
	gb_summaries *s;
	git_blob *blob = NULL;
	sum_slot *slot;
	size_t i, first = out->count;
	int error;

	if ((error = summaries(&s, store, true)) < 0)
		return error;
	if (opts)
		mine = *opts;
	mine.skip_samples = true;
	if (s && (error = entry_read(out, s, note, &mine)) != 0)
		return error < 0 ? error : 0;
	if (!s || !s->writable)
		return gb_store_read_note_blob(out, store, note, &mine);
	if (git_blob_lookup(&blob, store->repo, note) < 0)
		return GB_EDAMAGED;
	/* A note to keep the summary of is decoded whole. */
	whole = mine;
	whole.want = NULL;
	if ((error = decode(out, blob, &whole)) == GB_EDAMAGED && mine.want) {
		/* Damaged where this reader does not look: read as before. */
		drop_from(out, first);
		gb_error_clear();
		error = decode(out, blob, &mine);
		goto done;
	}
	if (error < 0)
		goto done;
	slot = slot_find(s, note, KIND_NOTE);
	if (!slot || slot->bad)
		entry_add(s, note, out->runs + first, out->count - first);
	if (mine.want)
		for (i = first; i < out->count; i++)
			gb_run_keep_results(out->runs[i], keep_wanted, &mine);
done:
	git_blob_free(blob);
	return error;
}

/* ---- change points --------------------------------------------------------- */

static int changes_get(gb_changepoint **out, size_t *count, const git_oid *key,
	void *payload)
{
	gb_summaries *s;
	sum_slot *slot;
	const unsigned char *p;
	uint32_t n, i;
	int got;

	*out = NULL;
	*count = 0;
	if ((got = summaries(&s, payload, false)) < 0)
		return got;
	if (!s || (got = entry_payload(s, key, KIND_CHANGES, &slot)) <= 0)
		return got;
	p = (const unsigned char *)s->scratch.ptr + SUM_ENTRY_HEAD;
	memcpy(&n, p, 4);
	if (slot->size != 4 + (uint64_t)n * 40) {
		slot->bad = true;
		s->fresh = true;
		return 0;
	}
	if (n && !(*out = gb_calloc(n, sizeof(**out))))
		return GB_ERROR;
	for (i = 0, p += 4; i < n; i++, p += 40) {
		uint64_t index;

		memcpy(&index, p, 8);
		(*out)[i].index = (size_t)index;
		memcpy(&(*out)[i].mean_before, p + 8, 8);
		memcpy(&(*out)[i].mean_after, p + 16, 8);
		memcpy(&(*out)[i].change, p + 24, 8);
		memcpy(&(*out)[i].pvalue, p + 32, 8);
	}
	*count = n;
	return 1;
}

static void changes_put(const git_oid *key, const gb_changepoint *points,
	size_t count, void *payload)
{
	gb_summaries *s;
	writer w;
	size_t start, i;

	if (summaries(&s, payload, false) < 0 || !s || !s->writable ||
	    count > UINT32_MAX / 40) {
		gb_error_clear();
		return;
	}
	if (slot_find(s, key, KIND_CHANGES))
		return;
	w.b = &s->pending;
	w.failed = false;
	start = entry_begin(&w, KIND_CHANGES, key);
	put_u32(&w, (uint32_t)count);
	for (i = 0; i < count; i++) {
		uint64_t index = points[i].index;

		put(&w, &index, 8);
		put(&w, &points[i].mean_before, 8);
		put(&w, &points[i].mean_after, 8);
		put(&w, &points[i].change, 8);
		put(&w, &points[i].pvalue, 8);
	}
	entry_end(s, &w, start, KIND_CHANGES, key);
}

void gb_store_changepoint_cache(gb_changepoint_cache *out, gb_store *store)
{
	out->get = changes_get;
	out->put = changes_put;
	out->payload = store;
}

/* ---- commits --------------------------------------------------------------- */

int gb_summaries_commit(gb_store *store, const git_oid *id, git_oid *parent,
	unsigned int *parents, int64_t *time, bool open)
{
	gb_summaries *s;
	commit_slot *c;
	int error;

	if ((error = summaries(&s, store, open)) < 0)
		return error;
	if (!s || !(c = commit_find(s, id)))
		return 0;
	git_oid_cpy(parent, &c->parent);
	*parents = c->parents;
	*time = c->time;
	return 1;
}

void gb_summaries_commit_keep(gb_store *store, const git_commit *commit)
{
	gb_summaries *s;
	commit_slot c;
	size_t start;
	writer w;

	if (summaries(&s, store, false) < 0 || !s || !s->writable) {
		gb_error_clear();
		return;
	}
	memset(&c, 0, sizeof(c));
	git_oid_cpy(&c.id, git_commit_id(commit));
	if (commit_find(s, &c.id))
		return;
	c.time = git_commit_time(commit);
	c.parents = git_commit_parentcount(commit);
	if (c.parents)
		git_oid_cpy(&c.parent, git_commit_parent_id(commit, 0));
	c.pending = true;
	if (!commit_add(s, &c))
		return;
	w.b = &s->pending;
	w.failed = false;
	start = s->pending.size;
	commit_entry(&w, &c);
	if (w.failed) {
		s->pending.size = start;
		gb_error_clear();
		return;
	}
	if (s->pending.size >= SUM_FLUSH_AT)
		flush(s);
}
