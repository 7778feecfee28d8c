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
	const char *measures[3000];
} table;

static gb_index_key key_at(const void *items, size_t pos)
{
	const table *t = items;
	gb_index_key k = { t->names[pos], t->measures[pos] };

	return k;
}

static gb_index_key key(const char *name, const char *measure)
{
	gb_index_key k = { name, measure };

	return k;
}

static void test_index(void **state)
{
	table *t = calloc(1, sizeof(*t));
	gb_index ix = GB_INDEX_INIT;
	size_t i, pos;

	(void)state;
	assert_non_null(t);
	assert_int_equal(gb_index_find(&pos, &ix, key("x", NULL), key_at, t), 0);
	for (i = 0; i < 3000; i++) {
		snprintf(t->names[i], sizeof(t->names[i]), "bench/%zu", i);
		assert_int_equal(gb_index_add(&ix, key(t->names[i], NULL), i,
					 key_at, t), 0);
	}
	assert_int_equal(ix.used, 3000);
	assert_true(ix.cap >= 6000);
	for (i = 0; i < 3000; i++) {
		assert_int_equal(gb_index_find(&pos, &ix, key(t->names[i], NULL),
					 key_at, t), 1);
		assert_int_equal(pos, i);
	}
	assert_int_equal(gb_index_find(&pos, &ix, key("bench/3000", NULL),
				 key_at, t), 0);
	/* A name without a measure is not that name in one. */
	assert_int_equal(gb_index_find(&pos, &ix, key("bench/1", "time"),
				 key_at, t), 0);
	gb_index_dispose(&ix);
	assert_null(ix.slots);
	free(t);
}

/* One benchmark in several measures: each its own key. */
static void test_index_measures(void **state)
{
	static const char *const measures[] = { "time", "cpu_time", "b", "",
						"ab" };
	table *t = calloc(1, sizeof(*t));
	gb_index ix = GB_INDEX_INIT;
	size_t i, pos;

	(void)state;
	assert_non_null(t);
	for (i = 0; i < 5; i++) {
		strcpy(t->names[i], i == 4 ? "x" : "xa");
		t->measures[i] = measures[i];
		assert_int_equal(gb_index_find(&pos, &ix, key_at(t, i), key_at, t),
			0);
		assert_int_equal(gb_index_add(&ix, key_at(t, i), i, key_at, t), 0);
	}
	for (i = 0; i < 5; i++) {
		assert_int_equal(gb_index_find(&pos, &ix, key_at(t, i), key_at, t),
			1);
		assert_int_equal(pos, i);
	}
	/* ("xa", "b") is not ("x", "ab"). */
	assert_int_equal(gb_index_find(&pos, &ix, key("xa", "b"), key_at, t), 1);
	assert_int_equal(pos, 2);
	assert_int_equal(gb_index_find(&pos, &ix, key("xa", NULL), key_at, t), 0);
	gb_index_dispose(&ix);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fnv),
		cmocka_unit_test(test_index),
		cmocka_unit_test(test_index_measures),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
