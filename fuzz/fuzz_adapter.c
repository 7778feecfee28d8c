/*
 * Every input adapter that reads a file, on arbitrary bytes. The input is
 * "<format>\n<file contents>"; the format is a name from gb_adapter_formats() or
 * "auto". When the first line is not a known name its first byte picks one,
 * so that mutations keep reaching adapters (adapters added later are
 * fuzzed without changing this file).
 */
#include <string.h>

#include "check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The format the input asks for, and where its contents start. */
static const char *pick_format(const uint8_t *data, size_t size,
	size_t *start)
{
	const gb_format_info *f;
	const uint8_t *nl = memchr(data, '\n', size < 64 ? size : 64);
	size_t i, n, files = 0, k;

	f = gb_adapter_formats(&n);
	*start = nl ? (size_t)(nl - data) + 1 : 0;
	if (nl && (size_t)(nl - data) == 4 && memcmp(data, "auto", 4) == 0)
		return "auto";
	for (i = 0; nl && i < n; i++)
		if (!f[i].directory && strlen(f[i].name) == (size_t)(nl - data) &&
		    memcmp(f[i].name, data, (size_t)(nl - data)) == 0)
			return f[i].name;
	for (i = 0; i < n; i++)
		files += !f[i].directory;
	k = size ? data[0] % (files + 1) : files;
	for (i = 0; i < n; i++)
		if (!f[i].directory && k-- == 0)
			return f[i].name;
	return "auto";
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *format, *used = NULL;
	gb_run *run = NULL;
	size_t start;
	int error;

	fuzz_init();
	format = pick_format(data, size, &start);
	FUZZ_ASSERT(gb_run_new(&run) == 0);
	error = gb_adapter_read_buffer(run, (const char *)data + start,
		size - start, "fuzz-input", format, &used);
	if (error < 0) {
		/* A failed read adds nothing. */
		FUZZ_ASSERT(run->nresults == 0 && gb_error_last()->message[0]);
	} else {
		FUZZ_ASSERT(run->nresults > 0 && used != NULL);
		fuzz_check_run_output(run);
	}
	gb_run_free(run);
	return 0;
}
