/* bench_text.c: times segmentation plus normalization (the text stages, no synthesis) of a
 * text file, one paragraph a line, and prints the median over RUNS runs in milliseconds.
 * Usage: bench_text RUNS FILE */
#include "baonoi.h"
#include "bench_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: bench_text RUNS FILE\n");
		return 2;
	}
	int runs = atoi(argv[1]) > 0 ? atoi(argv[1]) : 1;
	FILE *f = fopen(argv[2], "rb");
	if (!f)
		return 3;
	static char text[1 << 24];
	size_t len = fread(text, 1, sizeof text - 1, f);
	fclose(f);
	text[len] = '\0';
	bn_voice voice;
	bn_normalizer *nz = NULL;
	bn_error err;
	if (bn_voice_load("northern", NULL, &voice, &err) != BN_OK ||
	    bn_normalizer_new(&voice, NULL, &nz, &err) != BN_OK) {
		fprintf(stderr, "bench_text: %s\n", err.message);
		return 1;
	}
	double *times = malloc(sizeof *times * (size_t)runs);
	size_t sentences = 0, spoken_bytes = 0;
	for (int r = 0; r < runs; r++) {
		char *copy = strdup(text);
		double t0 = now_ms();
		bn_sentences *s = bn_sentences_new();
		size_t block = 1;
		for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n"))
			if (bn_segment_text(line, block++, BN_BLOCK_PARAGRAPH, s, NULL) != BN_OK)
				break;
		for (size_t i = 0; i < s->count; i++) {
			char *spoken = bn_normalize(nz, s->items[i].text);
			spoken_bytes += spoken ? strlen(spoken) : 0;
			free(spoken);
		}
		times[r] = now_ms() - t0;
		sentences = s->count;
		bn_sentences_free(s);
		free(copy);
	}
	printf("%zu bytes, %zu sentences: segment + normalize median %.3f ms\n", len, sentences,
	       median(times, (size_t)runs));
	(void)spoken_bytes;
	free(times);
	bn_normalizer_free(nz);
	return 0;
}
