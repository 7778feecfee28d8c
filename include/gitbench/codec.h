/*
 * The msgpack codec for run records. A note is a stream of records, one
 * after the other. Decoding treats its input as hostile: every size is
 * checked against the bytes that remain before anything is allocated.
 */
#ifndef GITBENCH_CODEC_H
#define GITBENCH_CODEC_H

#include "run.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Upper bound on one encoded record; larger input is refused. */
#define GB_RECORD_MAX_BYTES (256u * 1024u * 1024u)
/* Deepest nesting accepted (the schema needs 4). */
#define GB_RECORD_MAX_DEPTH 16
/*
 * Most elements in one array or map of a record (results of a run, samples
 * of a result; a map's keys and values count). Decoding needs about 24
 * bytes per element in one block, so this bounds any one allocation to
 * about 32 MiB whatever the input. Encoding refuses more.
 */
#define GB_RECORD_MAX_ELEMENTS (1u << 20)

/*
 * What one record may hold (docs/storage.md, "Limits"): recording refuses
 * more, and a record over them, from a remote or a note, does not decode,
 * so pull rejects it (and reports it) and no command reads it.
 */
/* Bytes of a benchmark name. */
#define GB_RECORD_MAX_NAME 4096
/* Bytes of any other string: label, unit, machine, format, environment. */
#define GB_RECORD_MAX_STRING 1024
/* Results of one run. */
#define GB_RECORD_MAX_RESULTS (1u << 16)
/*
 * Elements in all of one record (every key, figure and sample): each of
 * 32 results may hold 2^20 samples of one byte, a record of 32 MiB that
 * a remote packs into 64 KiB and that would take a gigabyte to decode.
 * At about 32 bytes an element decoded, this bounds a record to 64 MiB.
 */
#define GB_RECORD_MAX_TOTAL (1u << 21)

typedef struct {
	unsigned int version;
	/* Leave samples out (estimates only): faster when only trends matter. */
	bool skip_samples;
	/* Keep only results for which this returns true (NULL: keep all). */
	bool (*want)(const char *name, size_t len, void *payload);
	void *payload;
} gb_decode_options;

/*
 * What the decoder gives for the same bytes: raised with every change to
 * it, so that summaries of notes kept by an older decoder are not read
 * (gb_store_read_summary).
 */
#define GB_CODEC_REVISION 3

#define GB_DECODE_OPTIONS_VERSION 1
#define GB_DECODE_OPTIONS_INIT { GB_DECODE_OPTIONS_VERSION, false, NULL, NULL }

/* Append the encoding of `run` to `out`. */
GB_EXTERN(int) gb_codec_encode(gb_buf *out, const gb_run *run);

/*
 * Decode the record that starts at `data`; `*used` gets its length so a
 * stream can be walked. GB_EINVALID with a message naming what is wrong
 * when the bytes are not a valid record. `opts` may be NULL.
 */
GB_EXTERN(int) gb_codec_decode(gb_run **out, size_t *used, const void *data,
	size_t len, const gb_decode_options *opts);

/*
 * Decode every record of a stream (a note) into `list`. On error the runs
 * decoded so far stay in `list`.
 */
GB_EXTERN(int) gb_codec_decode_stream(gb_runlist *list, const void *data,
	size_t len, const gb_decode_options *opts);

#ifdef __cplusplus
}
#endif
#endif
