/* test_segment.c: sentence boundaries, each case listing the exact sentences expected. */
#include "unit.h"

/* Every case of tests/unit/data/segment.tsv, reporting each mismatch before failing. */
static void test_table(void **state)
{
	(void)state;
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/unit/data/segment.tsv", bn_data_dir());
	char *table = unit_read_file(path, NULL);
	int cases = 0, failures = 0;
	for (char *line = strtok(table, "\n"); line; line = strtok(NULL, "\n")) {
		if (line[0] == '#')
			continue;
		char *want[16];
		size_t nwant = 0;
		char *tab = strchr(line, '\t');
		while (tab && nwant < 16) {
			*tab = '\0';
			want[nwant++] = tab + 1;
			tab = strchr(tab + 1, '\t');
		}
		bn_sentences *s = bn_sentences_new();
		assert_int_equal(bn_segment_text(line, 3, BN_BLOCK_PARAGRAPH, s, NULL), BN_OK);
		int ok = s->count == nwant;
		for (size_t i = 0; ok && i < nwant; i++)
			ok = strcmp(s->items[i].text, want[i]) == 0 && s->items[i].index == i &&
			     s->items[i].block == 3;
		cases++;
		if (!ok) {
			print_error("\"%s\": want %zu sentences, got %zu:\n", line, nwant,
			            s->count);
			for (size_t i = 0; i < s->count; i++)
				print_error("  [%s]\n", s->items[i].text);
			failures++;
		}
		bn_sentences_free(s);
	}
	free(table);
	print_message("%d segmentation cases, %d failed\n", cases, failures);
	assert_true(cases >= 50);
	assert_int_equal(failures, 0);
}

/* A sentence over 400 characters is split at clause boundaries, keeping every character. */
static void test_long_sentence(void **state)
{
	(void)state;
	char text[2000] = "";
	for (int i = 0; i < 12; i++)
		strcat(text, "mệnh đề dài có nhiều chữ để nghe cho rõ ràng; ");
	strcat(text, "hết.");
	bn_sentences *s = bn_sentences_new();
	assert_int_equal(bn_segment_text(text, 1, BN_BLOCK_PARAGRAPH, s, NULL), BN_OK);
	assert_true(s->count >= 2);
	size_t total = 0;
	for (size_t i = 0; i < s->count; i++) {
		size_t cps = 0;
		for (const unsigned char *p = (const unsigned char *)s->items[i].text; *p; p++)
			cps += (*p & 0xC0) != 0x80;
		assert_true(cps <= 400);
		total += strlen(s->items[i].text) + 1;
	}
	assert_int_equal(total, strlen(text) + 1);
	bn_sentences_free(s);
}

/* An article: the title is block 0, blocks count from 1, indexes restart per block. */
static void test_article(void **state)
{
	(void)state;
	bn_block blocks[2] = {{BN_BLOCK_HEADING, "Phần một"}, {BN_BLOCK_PARAGRAPH, "Một. Hai."}};
	bn_article a = {NULL, "Tiêu đề", NULL, NULL, NULL, NULL, blocks, 2};
	bn_sentences *s = NULL;
	assert_int_equal(bn_segment_article(&a, &s, NULL), BN_OK);
	assert_int_equal(s->count, 4);
	assert_int_equal(s->items[0].type, BN_BLOCK_TITLE);
	assert_int_equal(s->items[1].block, 1);
	assert_int_equal(s->items[1].type, BN_BLOCK_HEADING);
	assert_int_equal(s->items[3].block, 2);
	assert_int_equal(s->items[3].index, 1);
	bn_sentences_free(s);
}

/* Punctuation storms and huge input: linear, no crash. */
static void test_hostile(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	char *t = malloc(n + 1);
	assert_non_null(t);
	for (size_t i = 0; i < n; i++)
		t[i] = ".?! A"[i % 5];
	t[n] = '\0';
	bn_sentences *s = bn_sentences_new();
	assert_int_equal(bn_segment_text(t, 1, BN_BLOCK_PARAGRAPH, s, NULL), BN_OK);
	assert_true(s->count > 1000);
	bn_sentences_free(s);
	memset(t, '.', n);
	s = bn_sentences_new();
	assert_int_equal(bn_segment_text(t, 1, BN_BLOCK_PARAGRAPH, s, NULL), BN_OK);
	bn_sentences_free(s);
	free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_table),
	        cmocka_unit_test(test_long_sentence),
	        cmocka_unit_test(test_article),
	        cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests_name("segment", tests, NULL, NULL);
}
