/* cli_progress.c: while a long article is written to a file, a progress line on standard
 * error (sentences done of all, audio written, time taken, time left), redrawn at most five
 * times a second; at the end one line saying what was written ("bai-bao.ogg: 2:07:13 of
 * audio, 12.7 MB"). Only for a person at a terminal: nothing when standard error is not one,
 * or with -q. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct cli_progress {
	const char *output;
	int rate;
	size_t count;   /* sentences */
	size_t *chars;  /* chars[i]: characters in sentences before i (for the time left) */
	double started; /* seconds */
	double drawn;   /* when the line was last drawn */
	uint64_t samples;
	size_t done;
};

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* H:MM:SS, or M:SS under an hour. */
static void clock_text(double seconds, char *out, size_t size)
{
	long s = seconds < 0 ? 0 : (long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(out, size, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
	else
		snprintf(out, size, "%ld:%02ld", s / 60, s % 60);
}

cli_progress *cli_progress_new(const bn_sentences *sentences, const char *output, int rate,
                               int quiet)
{
	if (quiet || !output || !isatty(STDERR_FILENO) || !sentences->count || rate <= 0)
		return NULL;
	cli_progress *p = calloc(1, sizeof *p);
	if (!p)
		return NULL;
	p->chars = malloc((sentences->count + 1) * sizeof *p->chars);
	if (!p->chars) {
		free(p);
		return NULL;
	}
	p->chars[0] = 0;
	for (size_t i = 0; i < sentences->count; i++)
		p->chars[i + 1] = p->chars[i] + strlen(sentences->items[i].text) + 1;
	p->output = output;
	p->rate = rate;
	p->count = sentences->count;
	p->started = p->drawn = now();
	return p;
}

void cli_progress_sentence(cli_progress *p, size_t i, uint64_t end)
{
	if (!p || i >= p->count)
		return;
	p->done = i + 1;
	p->samples = end;
	double t = now();
	if (t - p->drawn < 0.2 && p->done < p->count)
		return;
	p->drawn = t;
	double elapsed = t - p->started;
	double share = (double)p->chars[p->done] / (double)p->chars[p->count];
	char audio[32], took[32], left[32];
	clock_text((double)p->samples / p->rate, audio, sizeof audio);
	clock_text(elapsed, took, sizeof took);
	clock_text(share > 0 ? elapsed / share - elapsed : 0, left, sizeof left);
	fprintf(stderr, "\r\033[K%s: sentence %zu of %zu, %s of audio, %s taken, about %s left",
	        p->output, p->done, p->count, audio, took, left);
	fflush(stderr);
}

void cli_progress_end(cli_progress *p, int ok)
{
	if (!p)
		return;
	fputs("\r\033[K", stderr);
	if (ok) {
		char audio[32];
		clock_text((double)p->samples / p->rate, audio, sizeof audio);
		struct stat st;
		if (strcmp(p->output, "-") != 0 && stat(p->output, &st) == 0)
			fprintf(stderr, "%s: %s of audio, %.1f MB\n", p->output, audio,
			        (double)st.st_size / 1e6);
		else
			fprintf(stderr, "%s: %s of audio\n",
			        strcmp(p->output, "-") ? p->output : "standard output", audio);
	}
	fflush(stderr);
	free(p->chars);
	free(p);
}
