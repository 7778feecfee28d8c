/*
 * git bench measure: a whole command measured, no harness needed. Its
 * wall-clock time, user and system CPU time and peak memory come from
 * wait4's rusage (nothing sampled, nothing added to what it costs); with
 * --instructions, its instruction count and estimated cycles come from a
 * second run under Valgrind's cachegrind, which counts rather than times
 * and so hardly moves on a loaded machine.
 */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "commands.h"
#include "messages.h"
#include "options.h"
#include "repo.h"
#include "spawn.h"
#include "terminal.h"

static const char *const measure_usage[] = {
	"git bench measure [<options>] -- <command> [<args>...]",
	"git bench measure [<options>]   (the commands of bench.measure.<name>.command)",
	NULL,
};

struct measure_opts {
	const char *name;
	long repeat;
	int instructions, record;
};

/* A command to measure: argv, or a shell command from the settings. */
typedef struct {
	char *name;
	char *shell;
	const char *const *argv;
} command;

typedef struct {
	command *c;
	size_t n, alloc;
} command_list;

/* The measures of cachegrind that a run keeps, summed over processes. */
static const struct {
	const char *measure, *unit;
} counted[] = {
	{ "instructions", "instructions" }, { "estimated-cycles", "cycles" },
	{ "l1-hits", "accesses" }, { "ll-hits", "accesses" },
	{ "ram-hits", "accesses" },
};
#define NCOUNTED (sizeof(counted) / sizeof(counted[0]))

/* The samples of one command, per measure, one per repetition. */
typedef struct {
	double *wall, *user, *system, *maxrss;
	double *count[NCOUNTED];
	size_t n;
} samples;

static int add_command(command_list *l, const char *name, const char *shell,
	const char *const *argv)
{
	command *c;

	if (l->n == l->alloc) {
		size_t alloc = l->alloc ? 2 * l->alloc : 4;
		command *grown = realloc(l->c, alloc * sizeof(*grown));

		if (!grown)
			return -1;
		l->c = grown;
		l->alloc = alloc;
	}
	c = &l->c[l->n];
	c->name = strdup(name);
	c->shell = shell ? strdup(shell) : NULL;
	c->argv = argv;
	if (!c->name || (shell && !c->shell)) {
		free(c->name);
		free(c->shell);
		return -1;
	}
	l->n++;
	return 0;
}

static void commands_dispose(command_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->c[i].name);
		free(l->c[i].shell);
	}
	free(l->c);
}

struct configured {
	command_list *list;
	const char *only;
};

/* bench.measure.<name>.command: a command by its name. */
static int configured_entry(const char *sub, const char *name,
	const char *value, void *payload)
{
	struct configured *c = payload;

	if (strncmp(sub, "measure.", 8) || strcasecmp(name, "command") ||
	    !sub[8] || (c->only && strcmp(sub + 8, c->only)))
		return 0;
	if (!*value)
		return gb_error_set(GB_EINVALID, "bench.%s.command: the value is "
			"empty", sub);
	return add_command(c->list, sub + 8, value, NULL) < 0
		? gb_error_set(GB_ERROR, "out of memory") : 0;
}

/* The commands to measure: the one given, else the settings'. */
static int commands_of(command_list *l, cli_repo *r, const char *name,
	const char *const *argv)
{
	struct configured c = { l, name };
	gb_buf joined = GB_BUF_INIT;
	size_t i;
	int code = 0;

	if (argv && argv[0]) {
		for (i = 0; argv[i]; i++)
			gb_buf_printf(&joined, "%s%s", i ? " " : "", argv[i]);
		if (!joined.ptr || add_command(l, name ? name : joined.ptr, NULL,
				       argv) < 0)
			code = cli_error("out of memory");
		gb_buf_dispose(&joined);
		return code;
	}
	if (gb_config_foreach_subsection(r->config, configured_entry, &c) < 0)
		return cli_error_last();
	if (!l->n && name)
		return cli_error("no command to measure: bench.measure.%s.command "
				 "is not set", name);
	if (!l->n)
		return cli_error("no command to measure: give one after --, or set "
				 "bench.measure.<name>.command");
	return 0;
}

/* Whether `prog` is an executable in PATH. */
static bool on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p, *end;
	gb_buf file = GB_BUF_INIT;
	bool found = false;

	for (p = path; p && *p && !found; p = *end ? end + 1 : end) {
		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		gb_buf_clear(&file);
		gb_buf_printf(&file, "%.*s/%s", (int)(end - p), p, prog);
		found = file.ptr && access(file.ptr, X_OK) == 0;
	}
	gb_buf_dispose(&file);
	return found;
}

/* Remove the files of a temporary directory, then the directory. */
static void remove_dir(const char *dir)
{
	gb_buf file = GB_BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);

	while (d && (e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		gb_buf_clear(&file);
		gb_buf_printf(&file, "%s/%s", dir, e->d_name);
		if (file.ptr)
			unlink(file.ptr);
	}
	if (d)
		closedir(d);
	rmdir(dir);
	gb_buf_dispose(&file);
}

/* Add the counts of one cachegrind.out file to `sum`. */
static int add_counts(double *sum, const char *path, const gb_env *env)
{
	gb_adapter_run_options o = GB_ADAPTER_RUN_OPTIONS_INIT;
	git_oid none;
	gb_run *run = NULL;
	size_t k, i;

	memset(&none, 0, sizeof(none));
	o.format = "cachegrind";
	o.machine = "measure";
	o.env = env;
	if (gb_adapter_read_run(&run, path, &none, &o) < 0)
		return cli_error_last();
	for (k = 0; k < NCOUNTED; k++)
		for (i = 0; i < run->nresults; i++)
			if (!strcmp(run->results[i].measure, counted[k].measure))
				sum[k] += run->results[i].mean;
	gb_run_free(run);
	return 0;
}

/* Every process's counts, from the cachegrind.out files in `dir`. */
static int read_counts(double *sum, const char *dir, const gb_env *env)
{
	gb_buf file = GB_BUF_INIT;
	struct dirent *e;
	DIR *d = opendir(dir);
	size_t files = 0;
	int code = 0;

	memset(sum, 0, NCOUNTED * sizeof(double));
	while (d && !code && (e = readdir(d))) {
		if (strncmp(e->d_name, "cachegrind.out.", 15))
			continue;
		gb_buf_clear(&file);
		gb_buf_printf(&file, "%s/%s", dir, e->d_name);
		files++;
		code = file.ptr ? add_counts(sum, file.ptr, env)
				: cli_error("out of memory");
	}
	if (d)
		closedir(d);
	gb_buf_dispose(&file);
	if (!code && !files)
		code = cli_error("cachegrind wrote no counts (see %s/valgrind.log)",
			dir);
	return code;
}

/* One run under cachegrind, every child process too; its counts in sum. */
static int count_once(double *sum, const command *c, const gb_env *env)
{
	char dir[] = "/tmp/git-bench-measure-XXXXXX";
	const char *tmp = getenv("TMPDIR");
	gb_buf out = GB_BUF_INIT, log = GB_BUF_INIT, base = GB_BUF_INIT;
	gb_buf why = GB_BUF_INIT;
	const char *fixed[] = { "valgrind", "--tool=cachegrind",
		"--cache-sim=yes", "--trace-children=yes" };
	const char **argv = NULL;
	size_t i, n = 0, given = 0;
	int status, code = 0;

	gb_buf_printf(&base, "%s/git-bench-measure-XXXXXX",
		tmp && *tmp ? tmp : "/tmp");
	if (!base.ptr || !mkdtemp(base.ptr))
		return cli_error("cannot make a temporary directory: %s",
			base.ptr ? base.ptr : dir);
	gb_buf_printf(&out, "--cachegrind-out-file=%s/cachegrind.out.%%p",
		base.ptr);
	gb_buf_printf(&log, "--log-file=%s/valgrind.log", base.ptr);
	while (c->argv && c->argv[given])
		given++;
	if (!out.ptr || !log.ptr ||
	    !(argv = calloc(8 + given, sizeof(*argv)))) {
		code = cli_error("out of memory");
		goto cleanup;
	}
	for (i = 0; i < 4; i++)
		argv[n++] = fixed[i];
	argv[n++] = out.ptr;
	argv[n++] = log.ptr;
	if (!c->argv) {
		argv[n++] = "/bin/sh";
		argv[n++] = "-c";
		argv[n++] = c->shell;
	}
	for (i = 0; i < given; i++)
		argv[n++] = c->argv[i];
	status = cli_spawn_measured(NULL, NULL, NULL, argv);
	if (status != 0) {
		cli_spawn_why(&why, status);
		code = cli_error("'%s' failed under valgrind (%s; see %s)",
			c->name, why.ptr, log.ptr + 11);
	}
	else
		code = read_counts(sum, base.ptr, env);
	if (!code)
		remove_dir(base.ptr);
cleanup:
	free(argv);
	gb_buf_dispose(&out);
	gb_buf_dispose(&log);
	gb_buf_dispose(&why);
	gb_buf_dispose(&base);
	return code;
}

static void samples_dispose(samples *s)
{
	size_t k;

	free(s->wall);
	free(s->user);
	free(s->system);
	free(s->maxrss);
	for (k = 0; k < NCOUNTED; k++)
		free(s->count[k]);
}

static int samples_alloc(samples *s, long repeat, bool counts)
{
	size_t k, n = (size_t)repeat;

	memset(s, 0, sizeof(*s));
	s->wall = calloc(n, sizeof(double));
	s->user = calloc(n, sizeof(double));
	s->system = calloc(n, sizeof(double));
	s->maxrss = calloc(n, sizeof(double));
	if (!s->wall || !s->user || !s->system || !s->maxrss)
		return -1;
	for (k = 0; counts && k < NCOUNTED; k++)
		if (!(s->count[k] = calloc(n, sizeof(double))))
			return -1;
	return 0;
}

/* A result of `name` in `measure` whose samples are `v` (taken). */
static int add_measure(gb_run *run, const char *name, const char *measure,
	const char *unit, double **v, size_t n)
{
	gb_result *r;

	if (gb_run_add_measure(&r, run, name, measure, unit,
		    GB_LOWER_IS_BETTER) < 0)
		return cli_error_last();
	gb_result_set_samples(r, *v, n);
	*v = NULL;
	gb_result_fill_from_samples(r);
	return 0;
}

/* Measure command `c` `repeat` times into results of `run`. */
/* '<name>' failed (exit 3), was killed by a signal, or could not start. */
static int failed(const char *name, int status)
{
	gb_buf what = GB_BUF_INIT, line = GB_BUF_INIT;
	int code;

	gb_buf_printf(&what, "'%s'", name);
	cli_spawn_failure(&line, what.ptr ? what.ptr : "", status);
	code = cli_error("%s", line.ptr ? line.ptr : "out of memory");
	gb_buf_dispose(&what);
	gb_buf_dispose(&line);
	return code;
}

static int measure_one(gb_run *run, const command *c,
	const struct measure_opts *o)
{
	samples s;
	gb_usage u;
	double sum[NCOUNTED];
	size_t k;
	long i;
	int status, code = 0;

	if (samples_alloc(&s, o->repeat, o->instructions) < 0) {
		samples_dispose(&s);
		return cli_error("out of memory");
	}
	for (i = 0; i < o->repeat && !code; i++) {
		gb_buf shown = GB_BUF_INIT;

		/* Escaped, and cut to leave room for the count. */
		gb_output_text_fit(&shown, c->name, cli_terminal_width() > 60
			? cli_terminal_width() - 40 : 20);
		fprintf(stderr, "git bench: measuring %s (%ld/%ld)\n",
			shown.ptr ? shown.ptr : "", i + 1, o->repeat);
		gb_buf_dispose(&shown);
		status = cli_spawn_measured(&u, NULL, c->shell, c->argv);
		if (status != 0) {
			code = failed(c->name, status);
			break;
		}
		s.wall[s.n] = u.wall;
		s.user[s.n] = u.user;
		s.system[s.n] = u.system;
		s.maxrss[s.n] = u.maxrss;
		if (o->instructions && (code = count_once(sum, c, &run->env)) != 0)
			break;
		for (k = 0; o->instructions && k < NCOUNTED; k++)
			s.count[k][s.n] = sum[k];
		s.n++;
	}
	if (!code)
		code = add_measure(run, c->name, GB_MEASURE_TIME, "ns", &s.wall, s.n);
	if (!code)
		code = add_measure(run, c->name, "user", "ns", &s.user, s.n);
	if (!code)
		code = add_measure(run, c->name, "system", "ns", &s.system, s.n);
	if (!code)
		code = add_measure(run, c->name, "peak-memory", "B", &s.maxrss, s.n);
	for (k = 0; !code && o->instructions && k < NCOUNTED; k++)
		code = add_measure(run, c->name, counted[k].measure,
			counted[k].unit, &s.count[k], s.n);
	samples_dispose(&s);
	return code;
}

/* Each benchmark's measures: "<label>  <mean> (±<stddev>)". */
static void print_results(const gb_run *run, long repeat)
{
	gb_buf out = GB_BUF_INIT;
	size_t i;

	for (i = 0; i < run->nresults; i++) {
		const gb_result *r = &run->results[i];

		/* The figures take 30 columns; a long name is cut to fit,
		 * its measure kept. */
		gb_output_text_fit_label(&out, r->name, r->measure,
			cli_terminal_width() > 50 ? cli_terminal_width() - 30 : 20);
		gb_buf_puts(&out, "  ");
		gb_units_format(&out, r->mean, r->unit);
		if (!isnan(r->stddev)) {
			gb_buf_puts(&out, " (\xc2\xb1");
			gb_units_format_as(&out, r->stddev, r->unit, r->mean);
			gb_buf_putc(&out, ')');
		}
		gb_buf_putc(&out, '\n');
	}
	gb_buf_printf(&out, "(%ld repetition%s)\n", repeat, repeat == 1 ? "" : "s");
	cli_write(&out);
	gb_buf_dispose(&out);
}

/*
 * Repetition i of every result of `run` as a run of its own: a
 * repetition is a process of its own, so the repetitions' spread is the
 * noise between runs, and compare weighs them as runs (as those of run
 * --repeat), not as the samples of one run.
 */
static int repetition(gb_run **out, const gb_run *run, size_t i,
	const gb_adapter_run_options *ro)
{
	size_t k;

	if (gb_adapter_new_run(out, "measure", &run->commit, ro) < 0)
		return -1;
	for (k = 0; k < run->nresults; k++) {
		const gb_result *r = &run->results[k];
		gb_result *x;

		if (i >= r->nsamples)
			continue;
		if (gb_run_add_measure(&x, *out, r->name, r->measure, r->unit,
			    r->direction) < 0)
			return -1;
		x->mean = x->median = x->min = x->max = r->samples[i];
		x->count = 1;
	}
	return 0;
}

static int record(cli_repo *r, gb_run *run, long repeat,
	const gb_adapter_run_options *ro)
{
	gb_buf out = GB_BUF_INIT;
	gb_run **runs = NULL;
	size_t i, n = repeat > 1 ? (size_t)repeat : 0;
	int code = 0;

	if (n && !(runs = calloc(n, sizeof(*runs))))
		return cli_error("out of memory");
	for (i = 0; i < n && !code; i++)
		if (repetition(&runs[i], run, i, ro) < 0)
			code = cli_error_last();
	if (!code && gb_store_append(r->store, n ? runs : &run, n ? n : 1) < 0)
		code = cli_error_last();
	if (!code && n)
		gb_buf_printf(&out, "Recorded %zu runs for ", n);
	else if (!code)
		gb_buf_printf(&out, "Recorded run %s for ", run->id);
	if (!code) {
		gb_repo_short_id_buf(&out, r->repo, &run->commit);
		gb_buf_putc(&out, '\n');
		cli_write_err(&out);
	}
	for (i = 0; i < n; i++)
		gb_run_free(runs[i]);
	free(runs);
	gb_buf_dispose(&out);
	return code;
}

static int measure(cli_repo *r, const struct measure_opts *o,
	const char *const *argv)
{
	gb_adapter_run_options ro = GB_ADAPTER_RUN_OPTIONS_INIT;
	command_list l = { NULL, 0, 0 };
	gb_run *run = NULL;
	git_oid head;
	bool dirty = false;
	size_t i;
	int code;

	if ((code = commands_of(&l, r, o->name, argv)) != 0)
		goto done;
	if (o->instructions && !on_path("valgrind")) {
		code = cli_error("--instructions needs Valgrind, which is not "
				 "installed (Debian and Ubuntu: apt-get install valgrind)");
		goto done;
	}
	ro.config = r->config;
	if (gb_repo_resolve_commit(&head, r->repo, "HEAD") < 0 ||
	    (o->record && gb_repo_is_dirty(&dirty, r->repo) < 0) ||
	    gb_adapter_new_run(&run, "measure", &head, &ro) < 0) {
		code = cli_error_last();
		goto done;
	}
	if (dirty) {
		code = cli_error("--record needs a clean work tree: the results "
				 "would not match HEAD");
		goto done;
	}
	for (i = 0; i < l.n && !code; i++)
		code = measure_one(run, &l.c[i], o);
	if (!code)
		print_results(run, o->repeat);
	if (!code && o->record)
		code = record(r, run, o->repeat, &ro);
done:
	gb_run_free(run);
	commands_dispose(&l);
	return code;
}

int cmd_measure(int argc, const char **argv)
{
	struct measure_opts o = { NULL, 1, 0, 0 };
	const struct cli_option opts[] = {
		OPT_STRING(0, "name", &o.name, "<name>",
			"the benchmark's name (default: the command); without a "
			"command, the one of bench.measure.<name>.command"),
		OPT_INT('n', "repeat", &o.repeat, "<n>",
			"measure the command n times (default 1)"),
		OPT_BOOL(0, "instructions", &o.instructions,
			"also count instructions and cycles under Valgrind's cachegrind"),
		OPT_BOOL(0, "record", &o.record,
			"record the measures as a run of HEAD"),
		OPT_END(),
	};
	cli_repo r;
	int code;

	argc = cli_parse_options(argc, argv, opts, measure_usage,
		CLI_KEEP_DASHDASH);
	if (argc > 0 && strcmp(argv[0], "--") != 0)
		return cli_usage_error(measure_usage, opts,
			"the command goes after '--'");
	if (argc > 0) {
		argc--;
		argv++;
	}
	if (o.repeat < 1 || o.repeat > GB_MAX_REPEAT)
		return cli_usage_error(measure_usage, opts,
			"--repeat must be between 1 and " GB_STR(GB_MAX_REPEAT));
	if (o.name && !*o.name)
		return cli_usage_error(measure_usage, opts, "--name is empty");
	if ((code = cli_repo_open(&r)) != 0)
		return code;
	code = measure(&r, &o, argc > 0 ? argv : NULL);
	cli_repo_close(&r);
	return code;
}
