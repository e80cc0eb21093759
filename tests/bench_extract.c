/* bench_extract.c: times libbaonoi's extract stage (decoding and extraction, no process
 * start-up) on each page given, and prints each page's median time in milliseconds over RUNS
 * runs, then the median over pages. Usage: bench_extract RUNS PAGE... */
#include "baonoi.h"
#include "bench_time.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The whole file, malloc'd. */
static char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	size_t cap = 1 << 16, n = 0, got;
	char *s = malloc(cap);
	while (s && (got = fread(s + n, 1, cap - n, f)) > 0) {
		n += got;
		if (n == cap) {
			char *t = realloc(s, cap *= 2);
			if (!t) {
				free(s);
				s = NULL;
			}
			s = t;
		}
	}
	fclose(f);
	*len = n;
	return s;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: bench_extract RUNS PAGE...\n");
		return 2;
	}
	int runs = atoi(argv[1]);
	if (runs < 1)
		runs = 1;
	double *times = malloc(sizeof *times * (size_t)runs);
	double *pages = malloc(sizeof *pages * (size_t)argc);
	size_t npages = 0;
	for (int i = 2; i < argc; i++) {
		size_t len;
		char *html = read_all(argv[i], &len);
		if (!html) {
			fprintf(stderr, "bench_extract: cannot read %s\n", argv[i]);
			return 3;
		}
		for (int r = 0; r < runs; r++) {
			double t0 = now_ms();
			bn_document *doc = NULL;
			bn_article *a = NULL;
			bn_error err;
			/* A page baonoi refuses (no article) is timed all the same. */
			if (bn_document_from_bytes(argv[i], html, len, "text/html", &doc, &err) == BN_OK &&
			    bn_extract(doc, NULL, &a, &err) != BN_OK)
				a = NULL;
			bn_article_free(a);
			bn_document_free(doc);
			times[r] = now_ms() - t0;
		}
		pages[npages] = median(times, (size_t)runs);
		printf("%s\t%.3f\n", argv[i], pages[npages]);
		npages++;
		free(html);
	}
	printf("median\t%.3f\n", median(pages, npages));
	free(times);
	free(pages);
	return 0;
}
