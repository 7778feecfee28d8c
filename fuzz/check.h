/*
 * Shared by the fuzz targets: properties every decoded run must have,
 * checked on each input the fuzzer finds decodable.
 */
#ifndef GB_FUZZ_CHECK_H
#define GB_FUZZ_CHECK_H

#include <stddef.h>
#include <stdint.h>
#include <gitbench.h>

/* A failed property is a crash, so the fuzzer keeps the input. */
#define FUZZ_ASSERT(cond) \
	((cond) ? (void)0 : fuzz_fail(#cond, __FILE__, __LINE__))

void fuzz_fail(const char *what, const char *file, int line)
	__attribute__((noreturn));

/* libgit2 and the library, once per process. */
void fuzz_init(void);

/*
 * Every string of the run, escaped for each kind of output, holds no
 * control character and is valid UTF-8; its JSON document parses.
 */
void fuzz_check_run_output(const gb_run *run);

/* Two runs the codec should see as the same (samples as float32). */
void fuzz_check_same(const gb_run *a, const gb_run *b);

/* A NUL-terminated copy of the input (free() it). */
char *fuzz_strndup(const uint8_t *data, size_t size);

#endif
