/*
 * How often are verdicts right? Replays real run series (bench/verdicts/
 * data/NAME.tsv, measured by bench/verdicts/collect.sh: a Google Benchmark
 * suite as it is, and with BM_Hash doing 13% and 30% more work, built in
 * turn) through gb_compare and prints, per benchmark comparison:
 *
 *   - unchanged code (a run of the suite against another): false
 *     REGRESSION and UNCERTAIN;
 *   - the untouched benchmarks of a slowed suite: false REGRESSION;
 *   - BM_Hash (wall and CPU time) slowed 13% and 30%: REGRESSION, and
 *     REGRESSION or UNCERTAIN;
 *
 * one run a side and three, with the noise learned from the first rounds
 * of the same series (as stored history) and without (samples only). The
 * baseline of a pair comes from a round before the current one, so the
 * two sides were measured apart, as in use. Prints figures; judges nothing.
 *
 * usage: bench-verdicts [--history N] [--confidence C] [--significance A]
 *                       [--simulate SPREAD%]... FILE.tsv...
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gitbench.h>

#include "util.h"

#define MAX_ROUNDS 400
#define NVARIANTS 3
#define MAX_SETS 8

static const int variants[NVARIANTS] = { 0, 13, 30 };

typedef struct {
	char name[64];                            /* "set/condition" */
	gb_run *runs[NVARIANTS][MAX_ROUNDS];
	size_t rounds;
} series_set;

static series_set sets[MAX_SETS];
static int verbose;
static size_t nsets;

static series_set *set_named(const char *name)
{
	size_t i;

	for (i = 0; i < nsets; i++)
		if (!strcmp(sets[i].name, name))
			return &sets[i];
	if (nsets == MAX_SETS)
		return NULL;
	snprintf(sets[nsets].name, sizeof(sets[nsets].name), "%s", name);
	return &sets[nsets++];
}

static int variant_index(int v)
{
	int i;

	for (i = 0; i < NVARIANTS; i++)
		if (variants[i] == v)
			return i;
	return -1;
}

#define CPU_SUFFIX " [cpu_time]"

/* One line: set, condition, round, variant, load, name, unit, values. */
static int read_line(char *line)
{
	char *f[8], *save = NULL, *tok, *vsave = NULL, *cpu, key[64];
	double *samples = NULL;
	size_t n = 0, i;
	series_set *s;
	gb_result *r;
	int vi;
	long round;

	for (i = 0, tok = strtok_r(line, "\t\n", &save); tok && i < 8;
	     tok = strtok_r(NULL, "\t\n", &save))
		f[i++] = tok;
	if (i < 8)
		return -1;
	snprintf(key, sizeof(key), "%s/%s", f[0], f[1]);
	round = strtol(f[2], NULL, 10);
	if (!(s = set_named(key)) || round < 0 || round >= MAX_ROUNDS ||
	    (vi = variant_index(atoi(f[3]))) < 0)
		return -1;
	if (!s->runs[vi][round]) {
		gb_run_new(&s->runs[vi][round]);
		gb_set_string(&s->runs[vi][round]->machine, "bench");
		gb_run_id_generate(s->runs[vi][round]->id, round);
	}
	if ((size_t)round + 1 > s->rounds)
		s->rounds = (size_t)round + 1;
	/*
	 * "BM_Add [cpu_time]" is BM_Add's CPU time: the measure cpu_time of
	 * BM_Add, as the Google Benchmark adapter records it, so that each
	 * measure is its own kind of result (a CPU time is not judged
	 * beside the spread of the wall times).
	 */
	if ((cpu = strstr(f[5], CPU_SUFFIX)) && !cpu[strlen(CPU_SUFFIX)])
		*cpu = '\0';
	if (gb_run_add_measure(&r, s->runs[vi][round], f[5],
		    cpu ? "cpu_time" : "time", f[6], GB_LOWER_IS_BETTER) < 0 ||
	    !(samples = malloc(64 * sizeof(double))))
		return -1;
	for (tok = strtok_r(f[7], ",", &vsave); tok && n < 64;
	     tok = strtok_r(NULL, ",", &vsave))
		samples[n++] = strtod(tok, NULL);
	gb_result_set_samples(r, samples, n);
	gb_result_fill_from_samples(r);
	return 0;
}

static int read_file(const char *path)
{
	char line[4096];
	FILE *f = fopen(path, "r");

	if (!f) {
		perror(path);
		return -1;
	}
	while (fgets(line, sizeof(line), f))
		if (read_line(line) < 0) {
			fprintf(stderr, "%s: cannot read a line\n", path);
			fclose(f);
			return -1;
		}
	fclose(f);
	return 0;
}

/* The noise learned from rounds [0, h) of the unchanged suite, one commit each. */
static gb_noise *learn(const series_set *s, size_t h)
{
	gb_noise *noise = NULL;
	const gb_run *first = s->runs[0][0];
	size_t k, i;

	gb_noise_new(&noise);
	for (k = 0; first && k < first->nresults; k++) {
		gb_series ser;
		gb_point pts[MAX_ROUNDS];

		memset(&ser, 0, sizeof(ser));
		ser.name = first->results[k].name;
		ser.measure = first->results[k].measure;
		ser.points = pts;
		for (i = 0; i < h; i++) {
			const gb_result *r = s->runs[0][i]
				? gb_run_find_measure(s->runs[0][i], ser.name,
					  ser.measure) : NULL;

			if (!r)
				continue;
			pts[ser.n].commit = i;
			pts[ser.n].value = r->mean;
			pts[ser.n++].stddev = r->stddev;
		}
		gb_noise_add_series(noise, &ser);
	}
	return noise;
}

typedef struct {
	size_t n, reg, unc;
} tally;

static void count(tally *t, const gb_compare_row *row)
{
	t->n++;
	t->reg += row->verdict == GB_VERDICT_REGRESSION;
	t->unc += row->verdict == GB_VERDICT_UNCERTAIN;
}

static bool slowed(const char *name)
{
	return !strncmp(name, "BM_Hash", 7);
}

typedef struct {
	tally same, beside, hit[NVARIANTS];
} rates;

/* Wall-clock results, and CPU times, apart. */
static int kind(const gb_compare_row *row)
{
	return row->measure && !strcmp(row->measure, "cpu_time");
}

#define GB_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Compare `k` runs of rounds from `b` with `k` of `h`, variant v against 0. */
static void compare_rounds(rates out[2], const series_set *s, const gb_noise *noise,
	size_t b, size_t h, size_t k, int v, const gb_compare_options *o)
{
	const gb_run *base[8], *head[8];
	gb_compare_input in = { base, 0, head, 0, NULL, noise };
	gb_comparison c;
	size_t i;

	for (i = 0; i < k; i++) {
		if (!s->runs[0][b + i] || !s->runs[v][h + i])
			return;
		base[i] = s->runs[0][b + i];
		head[i] = s->runs[v][h + i];
	}
	in.nbase = in.nhead = k;
	if (gb_compare(&c, &in, o) < 0) {
		fprintf(stderr, "compare: %s\n", gb_error_last()->message);
		exit(1);
	}
	for (i = 0; i < c.nrows; i++) {
		const gb_compare_row *row = &c.rows[i];
		rates *r = &out[kind(row)];

		if (verbose && v == 0 && row->verdict == GB_VERDICT_REGRESSION)
			printf("false: %s b%zu h%zu k%zu %s d=%.3f se=%.3f df=%.1f p=%.2g ev=%s\n",
				s->name, b, h, k, row->name, row->log_change, row->se,
				row->df, row->p, gb_evidence_name(row->evidence));
		if (verbose > 1 && v == verbose - 1 && slowed(row->name) && row->verdict != GB_VERDICT_REGRESSION)
			printf("hit: b%zu h%zu k%zu %s d=%.3f se=%.4f df=%.1f p=%.2g %s %s\n",
				b, h, k, row->name, row->log_change, row->se, row->df, row->p,
				gb_verdict_name(row->verdict), gb_why_name(row->why));
		if (v == 0)
			count(&r->same, row);
		else if (!slowed(row->name))
			count(&r->beside, row);
		else
			count(&r->hit[v], row);
	}
	gb_comparison_dispose(&c);
}

static const char *pct(const tally *t, size_t x)
{
	static char buf[8][32];
	static int next;
	char *p = buf[next++ % 8];

	snprintf(p, 32, "%5.1f%%", t->n ? 100.0 * (double)x / (double)t->n : 0);
	return p;
}

/*
 * Pairs: the baseline's rounds start at b, the current side's at b + gap
 * (measured apart), for every b after the history.
 */
static void evaluate(const series_set *s, size_t history, size_t k,
	const gb_compare_options *o)
{
	static const char *kinds[] = { "wall", "cpu" };
	gb_noise *noise = history ? learn(s, history) : NULL;
	rates r[2];
	size_t b, gap, v;
	int w;

	memset(r, 0, sizeof(r));
	for (b = history; b + k <= s->rounds; b += k)
		for (gap = k; b + gap + k <= s->rounds; gap += k)
			for (v = 0; v < NVARIANTS; v++)
				compare_rounds(r, s, noise, b, b + gap, k, (int)v, o);
	for (w = 0; w < 2; w++)
		printf("%-14s %-4s %3zu %zu  %6zu  %s %s  %s   %s %s   %s\n",
			s->name, kinds[w], history, k, r[w].same.n,
			pct(&r[w].same, r[w].same.reg), pct(&r[w].same, r[w].same.unc),
			pct(&r[w].beside, r[w].beside.reg),
			pct(&r[w].hit[1], r[w].hit[1].reg),
			pct(&r[w].hit[1], r[w].hit[1].reg + r[w].hit[1].unc),
			pct(&r[w].hit[2], r[w].hit[2].reg));
	gb_noise_free(noise);
}

/* The real slowdowns: the median ratio of BM_Hash's wall time to the suite's. */
static void slowdowns(const series_set *s)
{
	double ratio[NVARIANTS][MAX_ROUNDS];
	size_t v, i, n;

	for (v = 1; v < NVARIANTS; v++) {
		for (i = 0, n = 0; i < s->rounds; i++) {
			const gb_result *a, *b;

			if (!s->runs[0][i] || !s->runs[v][i] ||
			    !(a = gb_run_find(s->runs[0][i], "BM_Hash [cpu_time]")) ||
			    !(b = gb_run_find(s->runs[v][i], "BM_Hash [cpu_time]")))
				continue;
			ratio[v][n++] = b->mean / a->mean;
		}
		printf("%s: BM_Hash built %d%% slower is %+.1f%% (median of %zu rounds)\n",
			s->name, variants[v], 100 * (gb_stats_median(ratio[v], n) - 1), n);
	}
}

/*
 * Gaussian series: `rounds` runs of each variant with a per-run spread of
 * `s` (of the log) on every benchmark, BM_Hash 13% and 30% slower in the
 * variants; five repetitions a run spread s * 0.3 about the run's level
 * (a run's samples agree better than runs do). To check the arithmetic of
 * docs/verdicts.md where the machine is quiet enough to keep the promises.
 */
static void simulate(const char *name, double s, size_t rounds)
{
	static const char *names[] = { "BM_Hash", "BM_A", "BM_B", "BM_C", "BM_D",
				       "BM_E", "BM_F", "BM_G", "BM_H" };
	series_set *set = set_named(name);
	size_t v, r, k, i;

	bench_seed(12345);
	for (r = 0; r < rounds; r++)
		for (v = 0; v < NVARIANTS; v++) {
			gb_run *run;

			gb_run_new(&run);
			gb_set_string(&run->machine, "bench");
			set->runs[v][r] = run;
			for (k = 0; k < GB_ARRAY_LEN(names); k++) {
				double level = 1000 * (double)(k + 1) * exp(s * bench_gaussian()) *
					       (k == 0 ? 1 + variants[v] / 100.0 : 1);
				double *x = malloc(5 * sizeof(double));
				gb_result *res;

				for (i = 0; i < 5; i++)
					x[i] = level * exp(0.3 * s * bench_gaussian());
				gb_run_add_result(&res, run, names[k], "ns", GB_LOWER_IS_BETTER);
				gb_result_set_samples(res, x, 5);
				gb_result_fill_from_samples(res);
			}
		}
	set->rounds = rounds;
}

int main(int argc, char **argv)
{
	gb_compare_options o;
	size_t history = 10, i;
	int a = 1;

	gb_init();
	gb_compare_options_init(&o, NULL);
	for (; a + 1 < argc && argv[a][0] == '-'; a += 2) {
		if (!strcmp(argv[a], "--history"))
			history = (size_t)atol(argv[a + 1]);
		else if (!strcmp(argv[a], "--confidence"))
			o.within_confidence = atof(argv[a + 1]);
		else if (!strcmp(argv[a], "--simulate")) {
			char name[32];

			snprintf(name, sizeof(name), "gauss-%s%%", argv[a + 1]);
			simulate(name, atof(argv[a + 1]) / 100, 60);
		} else if (!strcmp(argv[a], "--verbose"))
			verbose = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--significance"))
			o.significance = atof(argv[a + 1]);
	}
	for (; a < argc; a++)
		if (read_file(argv[a]) < 0)
			return 2;
	for (i = 0; i < nsets; i++)
		slowdowns(&sets[i]);
	printf("\n%-14s %-4s %3s %s  %6s  %6s %6s  %6s   %6s %6s   %6s\n", "series",
		"kind", "hst", "k", "pairs", "same:R", "U", "near:R", "13%:R", "R|U", "30%:R");
	for (i = 0; i < nsets; i++) {
		evaluate(&sets[i], history, 1, &o);
		evaluate(&sets[i], 0, 1, &o);
		evaluate(&sets[i], history, 3, &o);
		evaluate(&sets[i], 0, 3, &o);
	}
	gb_shutdown();
	return 0;
}
