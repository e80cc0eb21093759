/* speak.c: eSpeak NG as a synthesiser of plain text, in synchronous mode with a callback that
 * hands each chunk of samples on. eSpeak NG keeps global state, so one speaker exists at a
 * time. */
#include "internal.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <stdlib.h>
#include <string.h>

struct bn_speaker {
	int sample_rate;
	int warm; /* eSpeak NG has synthesised its first sentence */
	bn_voice voice;
};

/* Where the callback sends samples during one bn_speaker_say call. */
typedef struct say_ctx {
	bn_pcm_fn fn;
	void *user;
	int stopped;
} say_ctx;

static int speaker_exists;

static bn_status espeak_error(bn_error *err, espeak_ng_STATUS status, const char *what)
{
	char msg[256];
	espeak_ng_GetStatusCodeMessage(status, msg, sizeof msg);
	return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: %s: %s", what, msg);
}

/* eSpeak NG's synthesis callback: forward samples; a non-zero return stops synthesis. */
static int on_samples(short *wav, int count, espeak_EVENT *events)
{
	say_ctx *ctx = events ? events->user_data : NULL;
	if (!ctx || !wav || count <= 0)
		return ctx ? ctx->stopped : 0;
	if (ctx->stopped)
		return 1;
	if (ctx->fn((const int16_t *)wav, (size_t)count, ctx->user) != 0) {
		ctx->stopped = 1;
		return 1;
	}
	return 0;
}

static bn_status set_parameter(espeak_PARAMETER p, int value, const char *what, bn_error *err)
{
	espeak_ng_STATUS st = espeak_ng_SetParameter(p, value, 0);
	return st == ENS_OK ? BN_OK : espeak_error(err, st, what);
}

bn_status bn_speaker_new(const bn_voice *voice, bn_speaker **out, bn_error *err)
{
	*out = NULL;
	if (speaker_exists)
		return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: a speaker already exists");
	bn_speaker *sp = calloc(1, sizeof *sp);
	if (!sp)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	sp->voice = *voice;
	espeak_ng_InitializePath(NULL);
	espeak_ng_ERROR_CONTEXT context = NULL;
	espeak_ng_STATUS st = espeak_ng_Initialize(&context);
	if (st != ENS_OK) {
		espeak_ng_ClearErrorContext(&context);
		free(sp);
		return espeak_error(err, st, "cannot initialise");
	}
	st = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
	if (st != ENS_OK) {
		espeak_ng_Terminate();
		free(sp);
		return espeak_error(err, st, "cannot set up output");
	}
	speaker_exists = 1;
	sp->sample_rate = espeak_ng_GetSampleRate();
	espeak_SetSynthCallback(on_samples);
	bn_status bs = BN_OK;
	st = espeak_ng_SetVoiceByName(voice->espeak);
	if (st != ENS_OK)
		bs = bn_fail(err, BN_ERR_SPEECH, "voice %s: eSpeak NG has no voice '%s'",
		             voice->name, voice->espeak);
	if (bs == BN_OK)
		bs = set_parameter(espeakRATE, voice->rate, "rate", err);
	if (bs == BN_OK)
		bs = set_parameter(espeakPITCH, voice->pitch, "pitch", err);
	if (bs == BN_OK)
		bs = set_parameter(espeakRANGE, voice->range, "pitch range", err);
	if (bs == BN_OK)
		bs = set_parameter(espeakVOLUME, voice->volume, "volume", err);
	if (bs == BN_OK)
		bs = set_parameter(espeakWORDGAP, voice->word_gap, "word gap", err);
	if (bs != BN_OK) {
		bn_speaker_free(sp);
		return bs;
	}
	*out = sp;
	return BN_OK;
}

int bn_speaker_sample_rate(const bn_speaker *sp)
{
	return sp->sample_rate;
}

bn_status bn_speaker_say(bn_speaker *sp, const char *text, bn_pcm_fn fn, void *user, bn_error *err)
{
	(void)sp;
	say_ctx ctx = {fn, user, 0};
	size_t size = strlen(text) + 1;
	espeak_ng_STATUS st = espeak_ng_Synthesize(text, size, 0, POS_CHARACTER, 0,
	                                           espeakCHARS_UTF8 | espeakENDPAUSE, NULL, &ctx);
	if (ctx.stopped)
		return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
	if (st != ENS_OK)
		return espeak_error(err, st, "synthesis failed");
	return BN_OK;
}

bn_status bn_speaker_set_rate(bn_speaker *sp, int words_per_minute, bn_error *err)
{
	if (words_per_minute < 80 || words_per_minute > 900)
		return bn_fail(err, BN_ERR_USAGE, "rate %d: expected 80-900 words per minute",
		               words_per_minute);
	bn_status st = set_parameter(espeakRATE, words_per_minute, "rate", err);
	if (st == BN_OK)
		sp->voice.rate = words_per_minute;
	return st;
}

/* A sink for the warm-up sentence. */
static int discard_samples(const int16_t *samples, size_t count, void *user)
{
	(void)samples;
	(void)count;
	(void)user;
	return 0;
}

bn_status bn_speaker_warm(bn_speaker *sp, bn_error *err)
{
	if (sp->warm)
		return BN_OK;
	bn_status st = bn_speaker_say(sp, "a.", discard_samples, NULL, err);
	sp->warm = st == BN_OK;
	return st;
}

void bn_speaker_free(bn_speaker *sp)
{
	if (!sp)
		return;
	espeak_ng_Terminate();
	speaker_exists = 0;
	free(sp);
}
