/* fuzz_timings.c: sentences of any text written as WebVTT and SubRip cues. Page text must not
 * change a cue file's structure: exactly one timing line ("-->") per sentence in each format,
 * no markup ('<') in SubRip text, and in WebVTT every '&' starts an escape of ours. */
#include "fuzz.h"

#include "baonoi.h"
#include "text.h"

/* The lines of path holding "-->", and 1 in *bad when a cue's text breaks the format's rules. */
static size_t timing_lines(const char *path, int vtt, int *bad)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		abort();
	char line[1 << 16];
	size_t n = 0;
	int after_timing = 0;
	while (fgets(line, sizeof line, f)) {
		if (strstr(line, "-->")) {
			n++;
			after_timing = 1;
			continue;
		}
		if (after_timing) { /* the cue's text */
			if (!vtt && strchr(line, '<'))
				*bad = 1;
			for (const char *p = line; vtt && (p = strchr(p, '&')); p++)
				if (strncmp(p, "&amp;", 5) && strncmp(p, "&lt;", 4) &&
				    strncmp(p, "&gt;", 4))
					*bad = 1;
		}
		after_timing = 0;
	}
	fclose(f);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 14 || !bn_utf8_valid((const char *)data, size, NULL) ||
	    memchr(data, '\0', size))
		return 0;
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	bn_sentences *ss = bn_sentences_new();
	bn_error err;
	/* Each line a paragraph, as the page's blocks are. */
	size_t block = 0;
	for (char *line = text, *next; ss && line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (bn_segment_text(line, ++block, BN_BLOCK_PARAGRAPH, ss, &err) != BN_OK)
			break;
	}
	if (ss && ss->count) {
		uint64_t *starts = calloc(ss->count, sizeof *starts);
		uint64_t *ends = calloc(ss->count, sizeof *ends);
		if (!starts || !ends)
			abort();
		for (size_t i = 0; i < ss->count; i++) {
			starts[i] = i * 22050;
			ends[i] = starts[i] + 11025;
		}
		char vtt[160], srt[160];
		snprintf(vtt, sizeof vtt, "%s/t.vtt", fuzz_dir());
		snprintf(srt, sizeof srt, "%s/t.srt", fuzz_dir());
		FUZZ_ASSERT(bn_timings_write(vtt, ss, starts, ends, 22050, &err) == BN_OK);
		FUZZ_ASSERT(bn_timings_write(srt, ss, starts, ends, 22050, &err) == BN_OK);
		int bad = 0;
		FUZZ_ASSERT(timing_lines(vtt, 1, &bad) == ss->count && !bad);
		FUZZ_ASSERT(timing_lines(srt, 0, &bad) == ss->count && !bad);
		free(starts);
		free(ends);
	}
	bn_sentences_free(ss);
	free(text);
	return 0;
}
