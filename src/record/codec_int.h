/* Codec internals shared by decoding and the readers of record heads. */
#ifndef GB_SRC_RECORD_CODEC_INT_H
#define GB_SRC_RECORD_CODEC_INT_H

#include <stdbool.h>
#include "gitbench/codec.h"

/*
 * Check that one complete msgpack object starts at data, without
 * allocating, and give its length. Every container's element count must
 * fit in the bytes left (each element takes at least one byte); nesting
 * stops at GB_RECORD_MAX_DEPTH. GB_EINVALID saying where it breaks.
 */
int gb_codec_walk(size_t *used, const unsigned char *data, size_t len);

/*
 * The record at data with only the results opts->want keeps, for msgpack
 * to unpack, and in *used its length: a reader of one benchmark in fifty
 * then builds the objects of one result, not of fifty. Every part is
 * checked by gb_codec_walk() on the way; GB_EINVALID when one fails or the
 * record is not a map, for the caller to decode it whole and say what is
 * wrong.
 */
int gb_codec_filter_results(gb_buf *out, size_t *used,
	const unsigned char *data, size_t n, const gb_decode_options *opts);

/*
 * The columns of schema 3's results that readers know, in the order the
 * decoder's table of them has (docs/storage.md): a record whose column of
 * one of these is not an array of one entry a name is malformed. Others
 * are skipped.
 */
#define GB_CODEC_COLUMNS "name", "m", "mean", "median", "stddev", "min", \
	"max", "slope", "n", "iters", "samples"

/*
 * A gb_decode_options.want that keeps no result: decoding then reads a
 * record's head (id, commit, time, machine, label) alone.
 */
bool gb_codec_want_none(const char *name, size_t len, void *payload);

/*
 * A schema-1 result name that carries its measure (codec_v1.c): the
 * benchmark's name is its first *name_len bytes, the measure the
 * *measure_len at *measure. False when the name is the benchmark's alone.
 * `format` is the record's (NULL if none).
 */
bool gb_codec_v1_split(size_t *name_len, const char **measure,
	size_t *measure_len, const char *name, size_t len, const char *format);

#endif
