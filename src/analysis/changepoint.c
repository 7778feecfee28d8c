/*
 * Change points by E-divisive means with a t-test, after Apache Otava:
 * a split step over overlapping windows, then a merge step over the
 * whole series. The header describes the method.
 */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "analysis/changepoint_int.h"
#include "gitbench/stats.h"

/* A segment's best split, as best_split() found it. */
typedef struct {
	size_t s, e;        /* the segment; e == 0: an empty slot */
	size_t tau;
	double q;
	bool has_tau;
} memo_entry;

struct gb_split_memo {
	const double *x;    /* the series its splits are of */
	size_t min_seg;
	memo_entry *slots;  /* open addressing; cap a power of two */
	size_t cap, used;
};

/* Scratch for the split step: sized by the window, but for `found`. */
typedef struct {
	const double *x;    /* the whole series */
	size_t min_seg;
	double max_p;       /* the relaxed first-pass threshold */
	double noise;       /* the series' run-to-run spread */
	double *within;     /* [k]: sum of |x_i - x_k| for i in [s, k) */
	double *cross;      /* [k]: the same for i in [s, tau) */
	double *inv;        /* [j]: 1/j, so the search multiplies */
	size_t *bounds;     /* segment boundaries in the window, sorted */
	size_t *tau;        /* per segment: its best split, if has_tau */
	double *q;          /* per segment: q-hat of that split */
	bool *has_tau;
	size_t nbounds;
	/* Every split kept, in any order, with duplicates. */
	size_t *found;
	size_t nfound, afound;
	gb_split_memo *memo; /* NULL: nothing kept */
} split_ctx;

/* A point in the merge step, tested against its neighbours. */
typedef struct {
	size_t index;
	double mean_before, mean_after, p, magnitude;
	bool short_side;
} merge_point;

/*
 * Welch's test of two adjacent segments, each side's stddev taken as at
 * least the run-to-run noise of the whole series. A short segment's own
 * stddev can come out near zero by chance, and the search for the best
 * split finds exactly those: on flat gaussian noise of 300 points, plain
 * Welch reported a change in 15% of series, this 1.3%.
 */
static int segment_test(gb_test_result *r, const double *x, size_t from,
	size_t at, size_t to, double noise)
{
	const double *a = x + from, *b = x + at;
	size_t na = at - from, nb = to - at;

	return gb_stats_welch_summary(r,
		gb_stats_mean(a, na), fmax(gb_stats_stddev(a, na), noise), (double)na,
		gb_stats_mean(b, nb), fmax(gb_stats_stddev(b, nb), noise), (double)nb);
}

static void distance_sums(split_ctx *c, size_t s, size_t e)
{
	size_t i, k;

	for (k = s; k < e; k++) {
		double sum = 0;

		for (i = s; i < k; i++)
			sum += fabs(c->x[i] - c->x[k]);
		c->within[k - s] = sum;
		c->cross[k - s] = 0;
	}
}

/*
 * The split tau of x[s, e) maximising q-hat of X = x[s, tau) against
 * Y = x[tau, kappa), over tau and kappa <= e both, as E-divisive does: a
 * further change later in the segment then does not blur this one.
 * q-hat of Matteson and James for X (n points) against Y (m points) is
 *   2/(n+m) sum|X_i-Y_j| - 2m/((n+m)(n-1)) sum_{i<k}|X_i-X_k|
 *                        - 2n/((n+m)(m-1)) sum_{j<k}|Y_j-Y_k|,
 * the energy distance between the two parts scaled by nm/(n+m).
 * Running sums make it O((e-s)^2) time in O(e-s) space: within[k] -
 * cross[k] is what x_k adds to the distances inside Y. The inner loop
 * multiplies by reciprocals from a table: two divisions a pair were a
 * third of `log` of many benchmarks.
 */
static bool search_split(split_ctx *c, size_t s, size_t e, size_t *tau_out,
	double *q_out)
{
	const double *x = c->x, *inv = c->inv;
	size_t tau, kappa, k, n, m;
	double in_x = 0, between, in_y, q, x_term, best = -INFINITY;

	distance_sums(c, s, e);
	for (tau = s + 1; tau + c->min_seg <= e; tau++) {
		in_x += c->cross[tau - 1 - s];
		for (k = tau; k < e; k++)
			c->cross[k - s] += fabs(x[tau - 1] - x[k]);
		if ((n = tau - s) < c->min_seg)
			continue;
		between = in_y = 0;
		x_term = 2 * in_x * inv[n - 1];
		for (kappa = tau + 1; kappa <= e; kappa++) {
			k = kappa - 1 - s;
			between += c->cross[k];
			in_y += c->within[k] - c->cross[k];
			if ((m = kappa - tau) < c->min_seg)
				continue;
			q = (2 * between - (double)m * x_term -
				2 * (double)n * in_y * inv[m - 1]) * inv[n + m];
			if (q > best) {
				best = q;
				*tau_out = tau;
			}
		}
	}
	*q_out = best;
	return best > -INFINITY;
}

static memo_entry *memo_slot(const gb_split_memo *memo, size_t s, size_t e)
{
	size_t mask = memo->cap - 1;
	size_t i = (size_t)(((uint64_t)s * 0x9e3779b97f4a7c15u) ^ e) & mask;

	while (memo->slots[i].e && (memo->slots[i].s != s || memo->slots[i].e != e))
		i = (i + 1) & mask;
	return &memo->slots[i];
}

/* Room for one more entry; false when there is none (nothing kept). */
static bool memo_room(gb_split_memo *memo)
{
	memo_entry *old = memo->slots;
	size_t i, cap = memo->cap;

	if (2 * (memo->used + 1) <= cap)
		return true;
	if (!(memo->slots = gb_calloc(cap ? 2 * cap : 64, sizeof(*old)))) {
		memo->slots = old;
		return false;
	}
	memo->cap = cap ? 2 * cap : 64;
	for (i = 0; i < cap; i++)
		if (old[i].e)
			*memo_slot(memo, old[i].s, old[i].e) = old[i];
	free(old);
	return true;
}

/*
 * The best split of x[s, e) (search_split), from the memo when it has
 * it. A memo that cannot grow keeps nothing more: it only saves time.
 */
static bool best_split(split_ctx *c, size_t s, size_t e, size_t *tau_out,
	double *q_out)
{
	memo_entry *m = NULL;
	bool has;

	if (e - s < 2 * c->min_seg)
		return false;
	if (c->memo && c->memo->cap) {
		m = memo_slot(c->memo, s, e);
		if (m->e) {
			if (m->has_tau)
				*tau_out = m->tau;
			*q_out = m->q;
			return m->has_tau;
		}
	}
	has = search_split(c, s, e, tau_out, q_out);
	if (c->memo && memo_room(c->memo)) {
		m = memo_slot(c->memo, s, e);
		m->s = s;
		m->e = e;
		m->tau = has ? *tau_out : 0;
		m->q = *q_out;
		m->has_tau = has;
		c->memo->used++;
	}
	return has;
}

static int found_add(split_ctx *c, size_t index)
{
	if (c->nfound == c->afound) {
		size_t alloc = c->afound ? c->afound * 2 : 16;
		size_t *p = gb_realloc(c->found, alloc * sizeof(*p));

		if (!p)
			return GB_ERROR;
		c->found = p;
		c->afound = alloc;
	}
	c->found[c->nfound++] = index;
	return 0;
}

/* Cut segment `seg` at its best split; the new right part is seg + 1. */
static void split_segment(split_ctx *c, size_t seg)
{
	size_t tail = c->nbounds - seg - 1;

	memmove(c->bounds + seg + 2, c->bounds + seg + 1, tail * sizeof(size_t));
	memmove(c->tau + seg + 1, c->tau + seg, tail * sizeof(size_t));
	memmove(c->q + seg + 1, c->q + seg, tail * sizeof(double));
	memmove(c->has_tau + seg + 1, c->has_tau + seg, tail * sizeof(bool));
	c->bounds[seg + 1] = c->tau[seg];
	c->nbounds++;
	c->has_tau[seg] = best_split(c, c->bounds[seg], c->bounds[seg + 1],
		&c->tau[seg], &c->q[seg]);
	c->has_tau[seg + 1] = best_split(c, c->bounds[seg + 1],
		c->bounds[seg + 2], &c->tau[seg + 1], &c->q[seg + 1]);
}

/* The segment whose best split has the highest q-hat, or nbounds. */
static size_t strongest_segment(const split_ctx *c)
{
	size_t seg, best = c->nbounds;

	for (seg = 0; seg + 1 < c->nbounds; seg++)
		if (c->has_tau[seg] && (best == c->nbounds || c->q[seg] > c->q[best]))
			best = seg;
	return best;
}

/*
 * E-divisive on the window x[ws, we): split the strongest candidate while
 * Welch's test calls it significant. *last gets the highest split kept.
 */
static int split_window(split_ctx *c, size_t ws, size_t we, size_t *last)
{
	gb_test_result r;
	size_t seg, s, e, tau;
	int error;

	c->bounds[0] = ws;
	c->bounds[1] = we;
	c->nbounds = 2;
	c->has_tau[0] = best_split(c, ws, we, &c->tau[0], &c->q[0]);
	*last = 0;
	while ((seg = strongest_segment(c)) < c->nbounds) {
		s = c->bounds[seg];
		e = c->bounds[seg + 1];
		tau = c->tau[seg];
		if ((error = segment_test(&r, c->x, s, tau, e, c->noise)) < 0)
			return error;
		if (!(r.p < c->max_p))
			break;
		if ((error = found_add(c, tau)) < 0)
			return error;
		if (tau > *last)
			*last = tau;
		split_segment(c, seg);
	}
	return 0;
}

static double first_pass_pvalue(double max_p)
{
	if (max_p < 0.05)
		return 10 * max_p;
	return max_p < 0.5 ? 2 * max_p : max_p;
}

/* Segments are at least 2 points, so a window has at most window/2. */
static int split_ctx_init(split_ctx *c, const double *x, size_t len,
	size_t window, const gb_changepoint_options *o)
{
	size_t i;

	c->x = x;
	c->min_seg = o->min_segment;
	c->max_p = first_pass_pvalue(o->max_pvalue);
	/* Robust to the steps we look for; NAN only when out of memory. */
	if (isnan(c->noise = gb_stats_successive_spread(x, len)))
		return GB_ERROR;
	c->within = gb_calloc(window, sizeof(double));
	c->cross = gb_calloc(window, sizeof(double));
	c->inv = gb_calloc(window + 1, sizeof(double));
	c->bounds = gb_calloc(window + 1, sizeof(size_t));
	c->tau = gb_calloc(window, sizeof(size_t));
	c->q = gb_calloc(window, sizeof(double));
	c->has_tau = gb_calloc(window, sizeof(bool));
	if (!c->within || !c->cross || !c->inv || !c->bounds || !c->tau ||
	    !c->q || !c->has_tau)
		return GB_ERROR;
	for (i = 1; i <= window; i++)
		c->inv[i] = 1.0 / (double)i;
	return 0;
}

static void split_ctx_dispose(split_ctx *c)
{
	free(c->within);
	free(c->cross);
	free(c->inv);
	free(c->bounds);
	free(c->tau);
	free(c->q);
	free(c->has_tau);
	free(c->found);
}

/*
 * Windows overlap by half so that every change is well inside one of
 * them; a window starts at the last change found before it, if that is
 * further on, so that it begins on a level rather than across one.
 */
static int split(split_ctx *c, size_t len, size_t window)
{
	size_t start = 0, end, last, next;
	int error;

	for (;;) {
		end = len - start > window ? start + window : len;
		if ((error = split_window(c, start, end, &last)) < 0)
			return error;
		if (end == len)
			return 0;
		next = start + window / 2;
		start = last > next ? last : next;
	}
}

static void assess(merge_point *pt, const double *x, size_t from, size_t to,
	size_t min_seg, double noise)
{
	size_t nb = pt->index - from, na = to - pt->index;
	gb_test_result r;

	pt->mean_before = gb_stats_mean(x + from, nb);
	pt->mean_after = gb_stats_mean(x + pt->index, na);
	pt->short_side = nb < min_seg || na < min_seg;
	pt->p = 1;
	if (nb >= 2 && na >= 2 &&
	    segment_test(&r, x, from, pt->index, to, noise) == 0)
		pt->p = r.p;
	/* From zero any change is infinitely large; 0/0 is no change. */
	pt->magnitude = pt->mean_after == pt->mean_before ? 0
		: fabs(pt->mean_after - pt->mean_before) / fabs(pt->mean_before);
}

/* Test point i against the segments to its neighbours. */
static void assess_at(merge_point *pts, size_t k, size_t i,
	const split_ctx *c, size_t len)
{
	size_t from = i ? pts[i - 1].index : 0;
	size_t to = i + 1 < k ? pts[i + 1].index : len;

	assess(&pts[i], c->x, from, to, c->min_seg, c->noise);
}

/*
 * How a point fails, worst first: a side too short to test (3), a
 * p-value too high (2), a change too small (1); 0 when it passes.
 */
static int failure(const merge_point *pt, const gb_changepoint_options *o)
{
	if (pt->short_side)
		return 3;
	if (!(pt->p < o->max_pvalue))
		return 2;
	return pt->magnitude < o->min_magnitude ? 1 : 0;
}

/*
 * Of two points failing the same way, the one to drop: the higher
 * p-value, else the smaller change. Between two points a step or two
 * apart (windows that disagree on the exact commit), the one that only
 * moves within the new level has the smaller change.
 */
static bool weaker(const merge_point *a, const merge_point *b, int how)
{
	if (how == 2 && a->p != b->p)
		return a->p > b->p;
	return a->magnitude < b->magnitude;
}

static size_t weakest(const merge_point *pts, size_t k,
	const gb_changepoint_options *o)
{
	size_t i, worst = k;
	int worst_how = 0, how;

	for (i = 0; i < k; i++) {
		how = failure(&pts[i], o);
		if (how > worst_how || (how && how == worst_how &&
					 weaker(&pts[i], &pts[worst], how))) {
			worst = i;
			worst_how = how;
		}
	}
	return worst;
}

/*
 * Drop one failing point at a time, the weakest, and re-test its two
 * neighbours, whose segments it bounded, until every point passes.
 */
static void merge(merge_point *pts, size_t *k, const split_ctx *c, size_t len,
	const gb_changepoint_options *o)
{
	size_t i, w;

	for (i = 0; i < *k; i++)
		assess_at(pts, *k, i, c, len);
	while ((w = weakest(pts, *k, o)) < *k) {
		memmove(pts + w, pts + w + 1, (*k - w - 1) * sizeof(*pts));
		(*k)--;
		if (w > 0)
			assess_at(pts, *k, w - 1, c, len);
		if (w < *k)
			assess_at(pts, *k, w, c, len);
	}
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return (x > y) - (x < y);
}

/* The distinct splits of all windows, in order, as merge points. */
static int merge_points(merge_point **out, size_t *k, split_ctx *c)
{
	merge_point *pts;
	size_t i, n = 0;

	*k = 0;
	if (!c->nfound)
		return 0;
	qsort(c->found, c->nfound, sizeof(size_t), cmp_size);
	if (!(pts = gb_calloc(c->nfound, sizeof(*pts))))
		return GB_ERROR;
	for (i = 0; i < c->nfound; i++)
		if (!n || pts[n - 1].index != c->found[i])
			pts[n++].index = c->found[i];
	*out = pts;
	*k = n;
	return 0;
}

static int emit(gb_changepoint **out, size_t *count, const merge_point *pts,
	size_t k)
{
	gb_changepoint *cps;
	size_t i;

	if (!k)
		return 0;
	if (!(cps = gb_calloc(k, sizeof(*cps))))
		return GB_ERROR;
	for (i = 0; i < k; i++) {
		cps[i].index = pts[i].index;
		cps[i].mean_before = pts[i].mean_before;
		cps[i].mean_after = pts[i].mean_after;
		cps[i].change = 100 * (pts[i].mean_after - pts[i].mean_before) /
			pts[i].mean_before;
		cps[i].pvalue = pts[i].p;
	}
	*out = cps;
	*count = k;
	return 0;
}

static int check_input(const double *series, size_t len,
	const gb_changepoint_options *o)
{
	size_t i;

	if (o->version < 1 || o->version > GB_CHANGEPOINT_OPTIONS_VERSION)
		return gb_error_set(GB_EINVALID, "unsupported change point options version %u", o->version);
	if (o->min_segment < 2)
		return gb_error_set(GB_EINVALID, "change point min_segment must be at least 2");
	if (o->window / 2 < o->min_segment)
		return gb_error_set(GB_EINVALID, "change point window must hold at least 2 * min_segment points");
	if (!(o->max_pvalue > 0 && o->max_pvalue <= 1))
		return gb_error_set(GB_EINVALID, "change point max_pvalue must be in (0, 1]");
	if (!(o->min_magnitude >= 0))
		return gb_error_set(GB_EINVALID, "change point min_magnitude must be at least 0");
	for (i = 0; i < len; i++)
		if (!isfinite(series[i]))
			return gb_error_set(GB_EINVALID, "change point series has a non-finite value at %zu", i);
	return 0;
}

void gb_split_memo_free(gb_split_memo *memo)
{
	if (!memo)
		return;
	free(memo->slots);
	free(memo);
}

/* The memo of `series` for c, emptied if it was of another. */
static void memo_attach(split_ctx *c, gb_split_memo **memo,
	const double *series, size_t min_seg)
{
	if (!*memo && !(*memo = gb_calloc(1, sizeof(**memo))))
		return; /* nothing kept */
	if ((*memo)->x != series || (*memo)->min_seg != min_seg) {
		free((*memo)->slots);
		(*memo)->slots = NULL;
		(*memo)->cap = (*memo)->used = 0;
		(*memo)->x = series;
		(*memo)->min_seg = min_seg;
	}
	c->memo = *memo;
}

int gb_changepoints(gb_changepoint **out, size_t *count, const double *series,
	size_t len, const gb_changepoint_options *opts)
{
	return gb_changepoints_memo(out, count, series, len, opts, NULL);
}

int gb_changepoints_memo(gb_changepoint **out, size_t *count,
	const double *series, size_t len, const gb_changepoint_options *opts,
	gb_split_memo **memo)
{
	gb_changepoint_options defaults = GB_CHANGEPOINT_OPTIONS_INIT;
	split_ctx ctx = { 0 };
	merge_point *pts = NULL;
	size_t k, window;
	int error;

	if (!out || !count || (!series && len))
		return gb_error_set(GB_EINVALID, "change points need a series and an output");
	*out = NULL;
	*count = 0;
	if (!opts)
		opts = &defaults;
	if ((error = check_input(series, len, opts)) < 0 || len / 2 < opts->min_segment)
		return error;
	window = opts->window < len ? opts->window : len;
	if (memo)
		memo_attach(&ctx, memo, series, opts->min_segment);
	if ((error = split_ctx_init(&ctx, series, len, window, opts)) < 0 ||
	    (error = split(&ctx, len, window)) < 0 ||
	    (error = merge_points(&pts, &k, &ctx)) < 0)
		goto cleanup;
	merge(pts, &k, &ctx, len, opts);
	error = emit(out, count, pts, k);
cleanup:
	split_ctx_dispose(&ctx);
	free(pts);
	return error;
}
