/* render.c: speaks sentences in order into a sink: normalize, synthesise (in this process or
 * in worker processes), write, with the voice's pauses after the title, headings and
 * paragraphs; reports each sentence's place in the audio. */
#include "internal.h"
#include "sink.h"
#include "workers.h"

#include <stdlib.h>
#include <string.h>

/* A sample louder than this (about -50 dB) is sound rather than silence. */
#define ONSET_LEVEL 100

/* What the synthesis callback needs to write into the sink. */
typedef struct render_ctx {
	bn_sink *sink;
	const volatile sig_atomic_t *cancel;
	uint64_t samples; /* written so far */
	uint64_t onset;   /* first sound of the current sentence, or UINT64_MAX before it */
	bn_status status; /* the sink's failure, if any */
	bn_error error;
} render_ctx;

static int to_sink(const int16_t *samples, size_t count, void *user)
{
	render_ctx *ctx = user;
	if (ctx->cancel && *ctx->cancel) {
		ctx->status = bn_fail(&ctx->error, BN_ERR_INTERRUPTED, "interrupted");
		return 1;
	}
	/* A sentence's timing starts at its first sound, not at eSpeak NG's lead-in silence. */
	for (size_t i = 0; ctx->onset == UINT64_MAX && i < count; i++)
		if (samples[i] > ONSET_LEVEL || samples[i] < -ONSET_LEVEL)
			ctx->onset = ctx->samples + i;
	ctx->status = bn_sink_write(ctx->sink, samples, count, &ctx->error);
	if (ctx->status == BN_OK)
		ctx->samples += count;
	return ctx->status != BN_OK;
}

/* Write ms milliseconds of silence. */
static bn_status write_silence(render_ctx *ctx, int rate, int ms)
{
	static const int16_t zeros[1024];
	size_t left = (size_t)rate * (size_t)ms / 1000;
	while (left && ctx->status == BN_OK) {
		size_t n = left < BN_ARRAY_LEN(zeros) ? left : BN_ARRAY_LEN(zeros);
		to_sink(zeros, n, ctx);
		left -= n;
	}
	return ctx->status;
}

/* The silence after sentence i: the voice's pause where a block ends, none after the last. */
static int pause_after(const bn_sentences *sentences, size_t i, const bn_voice *voice)
{
	const bn_sentence *s = &sentences->items[i];
	if (!voice || i + 1 >= sentences->count || sentences->items[i + 1].block == s->block)
		return 0;
	int heading = s->type == BN_BLOCK_TITLE || s->type == BN_BLOCK_HEADING;
	return heading ? voice->pause_heading : voice->pause_paragraph;
}

/* Where the workers' units begin: unit_of[i] is sentence i's unit; NULL when out of memory. */
static size_t *number_units(const bn_sentences *sentences)
{
	size_t *unit_of = malloc((sentences->count + 1) * sizeof *unit_of);
	if (!unit_of)
		return NULL;
	size_t unit = 0, chars = 0;
	for (size_t i = 0; i < sentences->count; i++) {
		if (i > 0 && bn_workers_unit_starts(sentences, i, chars)) {
			unit++;
			chars = 0;
		}
		unit_of[i] = unit;
		chars += strlen(sentences->items[i].text);
	}
	return unit_of;
}

bn_status bn_render(const bn_sentences *sentences, const bn_normalizer *normalizer,
                    bn_speaker *speaker, bn_sink *sink, const bn_render_options *opts,
                    bn_error *err)
{
	render_ctx ctx = {sink, opts ? opts->cancel : NULL, 0, 0, BN_OK, {0, ""}};
	const bn_voice *voice = opts ? opts->voice : NULL;
	bn_workers *workers = opts ? opts->workers : NULL;
	int rate = bn_speaker_sample_rate(speaker);
	size_t queued = 0; /* sentences handed to the workers */
	size_t *unit_of = workers ? number_units(sentences) : NULL;
	if (workers && !unit_of)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	bn_status st = BN_OK;
	bn_error say_err = {0, ""};
	for (size_t i = 0; i < sentences->count && st == BN_OK; i++) {
		const bn_sentence *s = &sentences->items[i];
		/* Keep the workers busy with the units ahead; while a player is still opening its
		 * device, only with the unit to be heard first: the others would take the CPU the
		 * player's start-up needs (on two cores, the first sound came ~7 ms later). */
		while (workers && queued < sentences->count &&
		       bn_workers_can_queue(workers, unit_of[queued], unit_of[i]) &&
		       (unit_of[queued] <= unit_of[i] || !bn_sink_opening(sink))) {
			char *spoken = bn_normalize_sentence(normalizer, &sentences->items[queued]);
			int first = queued == 0 || unit_of[queued] != unit_of[queued - 1];
			st = spoken ? bn_workers_queue(workers, unit_of[queued], first, spoken,
			                               &say_err)
			            : bn_fail(&say_err, BN_ERR_INTERNAL, "out of memory");
			free(spoken);
			if (st != BN_OK)
				break;
			queued++;
		}
		if (st != BN_OK)
			break;
		if (s->block >= 1 && s->index == 0)
			bn_sink_mark(sink); /* a paragraph starts */
		uint64_t start = ctx.samples;
		ctx.onset = UINT64_MAX;
		if (workers) {
			st = bn_workers_receive(workers, unit_of[i], to_sink, &ctx, ctx.cancel,
			                        &say_err);
		} else {
			char *spoken = bn_normalize_sentence(normalizer, s);
			st = spoken ? bn_speaker_say(speaker, spoken, to_sink, &ctx, &say_err)
			            : bn_fail(&say_err, BN_ERR_INTERNAL, "out of memory");
			free(spoken);
		}
		if (ctx.status != BN_OK || st != BN_OK)
			break;
		if (opts && opts->on_sentence)
			opts->on_sentence(i, ctx.onset < ctx.samples ? ctx.onset : start,
			                  ctx.samples, opts->user);
		int ms = pause_after(sentences, i, voice);
		if (ms > 0)
			write_silence(&ctx, rate, ms);
		if (ctx.status != BN_OK)
			break;
	}
	free(unit_of);
	if (ctx.status != BN_OK) {
		if (err)
			*err = ctx.error;
		return ctx.status;
	}
	if (st != BN_OK && err)
		*err = say_err;
	return st;
}
