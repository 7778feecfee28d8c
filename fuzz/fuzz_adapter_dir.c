/*
 * Every input adapter that reads a directory tree (Criterion.rs's
 * target/criterion), on arbitrary files. The input is a small archive:
 *
 *     <format>\n
 *     @@ <relative path>\n<contents>...
 *     @@ <relative path>\n<contents>...
 *
 * written to a scratch directory, then read as `git bench record` would.
 * The format is chosen as in fuzz_adapter.c, among the directory formats.
 */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define MAX_FILES 64

static char root[256];

static int remove_entry(const char *path, const struct stat *st, int flag,
	struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) < 0 && errno != ENOENT ? -1 : 0;
}

/* Without a shell: the scratch tree is rewritten for every input. */
static void remove_tree(const char *dir)
{
	if (nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 &&
	    errno != ENOENT)
		fuzz_fail("cannot clean the scratch directory", __FILE__, __LINE__);
}

static void remove_root(void)
{
	remove_tree(root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm"
		: getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";

	(void)argc;
	(void)argv;
	snprintf(root, sizeof(root), "%s/gb-fuzz-dir-%ld", base, (long)getpid());
	atexit(remove_root);
	fuzz_init();
	return 0;
}

static const char *pick_format(const uint8_t *data, size_t size,
	size_t *start)
{
	const gb_format_info *f;
	const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
	size_t i, n, dirs = 0, k, len = nl ? (size_t)(nl - data) : 0;

	f = gb_adapter_formats(&n);
	*start = nl ? len + 1 : 0;
	if (nl && len == 4 && memcmp(data, "auto", 4) == 0)
		return "auto";
	for (i = 0; nl && i < n; i++)
		if (f[i].directory && strlen(f[i].name) == len &&
		    memcmp(f[i].name, data, len) == 0)
			return f[i].name;
	for (i = 0; i < n; i++)
		dirs += f[i].directory;
	k = size ? data[0] % (dirs + 1) : dirs;
	for (i = 0; i < n; i++)
		if (f[i].directory && k-- == 0)
			return f[i].name;
	return "auto";
}

/* A relative path with no way out of the scratch directory. */
static int safe_path(const char *p)
{
	const char *c;

	if (!*p || *p == '/' || strstr(p, "..") || strlen(p) > 200)
		return 0;
	for (c = p; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || strchr("._-/", *c)))
			return 0;
	return 1;
}

static void make_parents(char *path)
{
	char *slash;

	for (slash = strchr(path + strlen(root) + 1, '/'); slash;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST) {
			*slash = '/';
			return;
		}
		*slash = '/';
	}
}

static void write_file(const char *rel, const uint8_t *data, size_t size)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	make_parents(path);
	if (!(f = fopen(path, "wb")))
		return; /* e.g. a path that is already a directory */
	if (size)
		fwrite(data, 1, size, f);
	fclose(f);
}

/* Unpack the archive; at most MAX_FILES files. */
static void unpack(const uint8_t *p, size_t size)
{
	const uint8_t *end = p + size;
	int files = 0;

	while (p < end && files < MAX_FILES) {
		const uint8_t *nl, *next;
		char *name;

		if (end - p < 3 || memcmp(p, "@@ ", 3) != 0)
			break;
		if (!(nl = memchr(p + 3, '\n', (size_t)(end - p - 3))))
			break;
		name = fuzz_strndup(p + 3, (size_t)(nl - p - 3));
		next = nl + 1;
		while (next < end && !(next + 3 <= end && next[-1] == '\n' &&
					 memcmp(next, "@@ ", 3) == 0))
			next++;
		if (safe_path(name))
			write_file(name, nl + 1, (size_t)(next - nl - 1));
		free(name);
		files++;
		p = next;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *format, *used = NULL;
	gb_run *run = NULL;
	size_t start;
	int error;

	format = pick_format(data, size, &start);
	remove_tree(root);
	FUZZ_ASSERT(mkdir(root, 0700) == 0);
	unpack(data + start, size - start);
	FUZZ_ASSERT(gb_run_new(&run) == 0);
	error = gb_adapter_read(run, root, format, &used);
	if (error < 0) {
		FUZZ_ASSERT(run->nresults == 0 && gb_error_last()->message[0]);
	} else {
		FUZZ_ASSERT(run->nresults > 0 && used != NULL);
		fuzz_check_run_output(run);
	}
	gb_run_free(run);
	return 0;
}
