/*
 * Input adapters: turn a harness's native output into results of a run.
 */
#ifndef GITBENCH_ADAPTER_H
#define GITBENCH_ADAPTER_H

#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Upper bound on one input file; larger files are refused. */
#define GB_INPUT_MAX_BYTES (256u * 1024u * 1024u)

typedef struct {
	const char *name;      /* as given to --format */
	const char *summary;   /* one line for help */
	bool directory;        /* reads a directory rather than a file */
} gb_format_info;

/* The formats this library reads, in the order auto-detection tries them. */
GB_EXTERN(const gb_format_info *) gb_adapter_formats(size_t *count);

/*
 * Read `path` (a file, a directory, or "-" for standard input) in `format`
 * (NULL or "auto": detect from the content) and append its results to
 * `run`. `used` (may be NULL) gets the name of the format read. On error
 * nothing is appended and the message names the file and the problem.
 */
GB_EXTERN(int) gb_adapter_read(gb_run *run, const char *path,
	const char *format, const char **used);

/* Same, from bytes already in memory; `source` names them in errors. */
GB_EXTERN(int) gb_adapter_read_buffer(gb_run *run, const char *data,
	size_t len, const char *source, const char *format, const char **used);

/*
 * Where warnings about input read all the same go (a benchmark whose
 * sample list holds junk but whose statistics are whole, read from them):
 * one call per warning, "<file>: benchmark '<name>': ...", after a read
 * that succeeded; a failed read has only its error. NULL (the default)
 * drops them. Process-wide; set it once, before reading.
 */
typedef void (*gb_adapter_warning_cb)(const char *message, void *payload);

GB_EXTERN(void) gb_adapter_set_warning_callback(gb_adapter_warning_cb cb,
	void *payload);

#ifdef __cplusplus
}
#endif
#endif
