/* render.c: speaks sentences in order into a sink: normalize, synthesise, write, with the
 * voice's pauses after the title, headings and paragraphs. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* What the synthesis callback needs to write into the sink. */
typedef struct render_ctx {
	bn_sink *sink;
	const volatile sig_atomic_t *cancel;
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
	ctx->status = bn_sink_write(ctx->sink, samples, count, &ctx->error);
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

bn_status bn_render(const bn_sentences *sentences, const bn_normalizer *normalizer,
                    bn_speaker *speaker, bn_sink *sink, const bn_render_options *opts,
                    bn_error *err)
{
	render_ctx ctx = {sink, opts ? opts->cancel : NULL, BN_OK, {0, ""}};
	const bn_voice *voice = opts ? opts->voice : NULL;
	int rate = bn_speaker_sample_rate(speaker);
	for (size_t i = 0; i < sentences->count; i++) {
		const bn_sentence *s = &sentences->items[i];
		char *spoken = bn_normalize_sentence(normalizer, s);
		if (!spoken)
			return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		bn_error say_err;
		bn_status st = bn_speaker_say(speaker, spoken, to_sink, &ctx, &say_err);
		free(spoken);
		if (ctx.status != BN_OK) {
			if (err)
				*err = ctx.error;
			return ctx.status;
		}
		if (st != BN_OK) {
			if (err)
				*err = say_err;
			return st;
		}
		/* A longer pause where a block ends. */
		int last_of_block =
		        i + 1 == sentences->count || sentences->items[i + 1].block != s->block;
		if (voice && last_of_block && i + 1 < sentences->count) {
			int heading = s->type == BN_BLOCK_TITLE || s->type == BN_BLOCK_HEADING;
			int ms = heading ? voice->pause_heading : voice->pause_paragraph;
			if (ms > 0 && write_silence(&ctx, rate, ms) != BN_OK) {
				if (err)
					*err = ctx.error;
				return ctx.status;
			}
		}
	}
	return BN_OK;
}
