/* FNV-1a and the name index: known hashes, and many names found again. */
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "util/index.h"

static void test_fnv(void **state)
{
	(void)state;
	/* The published test vectors of FNV-1a. */
	assert_int_equal(gb_fnv1a32(GB_FNV32_BASIS, "", 0), 0x811c9dc5u);
	assert_int_equal(gb_fnv1a32(GB_FNV32_BASIS, "a", 1), 0xe40c292cu);
	assert_int_equal(gb_fnv1a32(GB_FNV32_BASIS, "foobar", 6), 0xbf9cf968u);
	assert_true(gb_fnv1a64(GB_FNV64_BASIS, "a", 1) == 0xaf63dc4c8601ec8cULL);
	assert_true(gb_fnv1a64(GB_FNV64_BASIS, "foobar", 6) ==
		0x85944171f73967e8ULL);
	/* Continuing a hash is hashing the whole. */
	assert_int_equal(gb_fnv1a32(gb_fnv1a32(GB_FNV32_BASIS, "foo", 3), "bar", 3),
		0xbf9cf968u);
}

typedef struct {
	char names[3000][16];
} table;

static const char *name_at(const void *items, size_t pos)
{
	return ((const table *)items)->names[pos];
}

static void test_index(void **state)
{
	table *t = calloc(1, sizeof(*t));
	gb_index ix = GB_INDEX_INIT;
	size_t i, pos;

	(void)state;
	assert_non_null(t);
	assert_int_equal(gb_index_find(&pos, &ix, "x", name_at, t), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(t->names[i], sizeof(t->names[i]), "bench/%zu", i);
		assert_int_equal(gb_index_add(&ix, t->names[i], i, name_at, t), 0);
	}
	assert_int_equal(ix.used, 3000);
	assert_true(ix.cap >= 6000);
	for (i = 0; i < 3000; i++) {
		assert_int_equal(gb_index_find(&pos, &ix, t->names[i], name_at, t), 1);
		assert_int_equal(pos, i);
	}
	assert_int_equal(gb_index_find(&pos, &ix, "bench/3000", name_at, t), 0);
	gb_index_dispose(&ix);
	assert_null(ix.slots);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv),
		cmocka_unit_test(test_index),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
