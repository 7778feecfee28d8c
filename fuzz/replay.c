/*
 * A fuzz target without libFuzzer: runs LLVMFuzzerTestOneInput on every
 * file of the directories (or the files) it is given, in name order, once
 * each. The test suite builds every target with it and replays the
 * committed corpus under its own AddressSanitizer and UBSan build (ctest
 * fuzz/<target>), so that an input that once found a bug, or any seed,
 * fails the suite without a libFuzzer build. The input that failed is
 * named on standard error.
 */
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

static char current[4096];

static void say_current(int sig)
{
	static const char what[] = "replay: the input that failed: ";
	size_t n = strlen(current);

	if (write(2, what, sizeof(what) - 1) < 0 || write(2, current, n) < 0 ||
	    write(2, "\n", 1) < 0) {
		/* Nothing more to say. */
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = NULL;
	size_t size = 0, alloc = 0, got;

	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	do {
		if (size == alloc) {
			uint8_t *more;

			alloc = alloc ? 2 * alloc : 65536;
			if (!(more = realloc(data, alloc))) {
				fprintf(stderr, "replay: %s: out of memory\n", path);
				free(data);
				fclose(f);
				return -1;
			}
			data = more;
		}
		got = fread(data + size, 1, alloc - size, f);
		size += got;
	} while (got > 0);
	fclose(f);
	snprintf(current, sizeof(current), "%s", path);
	LLVMFuzzerTestOneInput(data, size);
	free(data);
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file directly in dir, in name order; the count or -1. */
static long replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, alloc = 0, i;
	long done = 0;

	if (!d) {
		fprintf(stderr, "replay: cannot read %s\n", dir);
		return -1;
	}
	while ((e = readdir(d))) {
		char path[4096];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
			continue;
		if (n == alloc) {
			char **more;

			alloc = alloc ? 2 * alloc : 256;
			if (!(more = realloc(names, alloc * sizeof(*names))))
				break;
			names = more;
		}
		if (!(names[n] = strdup(path)))
			break;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (i = 0; i < n; i++) {
		if (done >= 0 && replay_file(names[i]) == 0)
			done++;
		else
			done = -1;
		free(names[i]);
	}
	free(names);
	return done;
}

int main(int argc, char **argv)
{
	long total = 0, done;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR|FILE...\n", argv[0]);
		return 2;
	}
	signal(SIGABRT, say_current);
	signal(SIGSEGV, say_current);
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			done = replay_dir(argv[i]);
		else
			done = replay_file(argv[i]) == 0 ? 1 : -1;
		if (done < 0)
			return 1;
		total += done;
	}
	if (total == 0) {
		fprintf(stderr, "replay: no input in %s\n", argv[1]);
		return 1;
	}
	printf("replayed %ld inputs\n", total);
	return 0;
}
