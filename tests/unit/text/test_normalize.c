/* test_normalize.c: written -> spoken forms from tests/unit/data/normalize.tsv, each asserting
 * the exact output, and hostile input that must neither crash nor hang. */
#include "unit.h"

static bn_normalizer *make_normalizer(const char *voice_name)
{
	bn_voice voice;
	bn_error err;
	assert_int_equal(bn_voice_load(voice_name, NULL, &voice, &err), BN_OK);
	bn_normalizer *nz = NULL;
	assert_int_equal(bn_normalizer_new(&voice, NULL, &nz, &err), BN_OK);
	return nz;
}

/* Every case of the table, reporting each mismatch before failing. */
static void test_table(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/unit/data/normalize.tsv", bn_data_dir());
	char *table = unit_read_file(path, NULL);
	bn_normalizer *nz = NULL;
	char voice[64] = "";
	int cases = 0, failures = 0;
	for (char *line = strtok(table, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		if (strncmp(line, "@voice ", 7) == 0) {
			bn_normalizer_free(nz);
			snprintf(voice, sizeof voice, "%s", line + 7);
			nz = make_normalizer(voice);
			continue;
		}
		char *tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		assert_non_null(nz);
		char *got = bn_normalize(nz, line);
		assert_non_null(got);
		cases++;
		if (strcmp(got, tab + 1) != 0) {
			print_error("%s: \"%s\"\n  want \"%s\"\n  got  \"%s\"\n", voice, line,
			            tab + 1, got);
			failures++;
		}
		free(got);
	}
	bn_normalizer_free(nz);
	free(table);
	print_message("%d written -> spoken cases, %d failed\n", cases, failures);
	assert_true(cases >= 200);
	assert_int_equal(failures, 0);
}

/* Hostile input: long digit runs, punctuation runs, invalid UTF-8, mixed scripts, a 10 MB
 * line: no crash, output produced (the time is linear: see make bench). */
static void test_hostile(void **state)
{
	(void)state;
	bn_normalizer *nz = make_normalizer("northern");
	size_t n = 10u << 20;
	char *s = malloc(n + 1);
	assert_non_null(s);
	const char *fills[] = {"9",   ".",  "/",   "1.",   "\xff", "Ậ",      "%",    "1/",
	                       "12:", "-1", "A1.", "漢字", "a@b.", "1.000.", "XIV ", "http://"};
	for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
		size_t fl = strlen(fills[f]);
		size_t len = (f == 0 ? n : 200000) / fl * fl;
		for (size_t i = 0; i < len; i += fl)
			memcpy(s + i, fills[f], fl);
		s[len] = '\0';
		char *got = bn_normalize(nz, s);
		assert_non_null(got);
		free(got);
	}
	free(s);
	bn_normalizer_free(nz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_table),
	        cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
