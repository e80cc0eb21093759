/* speak.c: eSpeak NG as a synthesiser of plain text, in synchronous mode with a callback that
 * hands each chunk of samples on. A speaker made by bn_speaker_new starts a synthesis engine
 * (engine.h) for the workers, and loads eSpeak NG into the caller's process only when asked to
 * synthesise there (bn_speaker_say); the engine's own speaker is local from the start. eSpeak
 * NG keeps global state, so one local speaker exists at a time. */
#include "dynlib.h"
#include "engine.h"
#include "internal.h"
#include "speech.h"
#include "text.h"

#include <dirent.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bn_speaker {
	int sample_rate;
	int warm;  /* eSpeak NG has synthesised its first sentence */
	int local; /* eSpeak NG is started in this process */
	bn_voice voice;
	bn_engine *engine; /* NULL in the engine itself */
};

/* Where the callback sends samples during one bn_speaker_say call. */
typedef struct say_ctx {
	bn_pcm_fn fn;
	bn_mark_fn mark; /* SSML's index marks, for bn_speaker_say_marked */
	void *user;
	int stopped;
	uint64_t done; /* samples handed on so far */
} say_ctx;

static int speaker_exists;

/* The eSpeak NG functions the speaker uses, loaded with the first speaker (see dynlib.h): a
 * process starts without eSpeak NG and the two dozen libraries behind it (PulseAudio's client
 * among them: 2.5 ms), so that the player it forks first, and the text stages, start sooner. */
static struct {
	__typeof__(espeak_ng_InitializePath) *InitializePath;
	__typeof__(espeak_ng_Initialize) *Initialize;
	__typeof__(espeak_ng_InitializeOutput) *InitializeOutput;
	__typeof__(espeak_ng_ClearErrorContext) *ClearErrorContext;
	__typeof__(espeak_ng_GetStatusCodeMessage) *GetStatusCodeMessage;
	__typeof__(espeak_ng_GetSampleRate) *GetSampleRate;
	__typeof__(espeak_SetSynthCallback) *SetSynthCallback;
	__typeof__(espeak_ng_SetVoiceByName) *SetVoiceByName;
	__typeof__(espeak_ng_SetParameter) *SetParameter;
	__typeof__(espeak_ng_Synthesize) *Synthesize;
	__typeof__(espeak_ng_Terminate) *Terminate;
	__typeof__(espeak_Info) *Info;
} es;
static pthread_once_t es_once = PTHREAD_ONCE_INIT;
static int es_loaded;
static char es_why[256];

static void load_espeak(void)
{
	static const char *const sonames[] = {BN_SONAME_ESPEAK, NULL};
	const bn_dynsym syms[] = {
	        {"espeak_ng_InitializePath", (void **)&es.InitializePath},
	        {"espeak_ng_Initialize", (void **)&es.Initialize},
	        {"espeak_ng_InitializeOutput", (void **)&es.InitializeOutput},
	        {"espeak_ng_ClearErrorContext", (void **)&es.ClearErrorContext},
	        {"espeak_ng_GetStatusCodeMessage", (void **)&es.GetStatusCodeMessage},
	        {"espeak_ng_GetSampleRate", (void **)&es.GetSampleRate},
	        {"espeak_SetSynthCallback", (void **)&es.SetSynthCallback},
	        {"espeak_ng_SetVoiceByName", (void **)&es.SetVoiceByName},
	        {"espeak_ng_SetParameter", (void **)&es.SetParameter},
	        {"espeak_ng_Synthesize", (void **)&es.Synthesize},
	        {"espeak_ng_Terminate", (void **)&es.Terminate},
	        {"espeak_Info", (void **)&es.Info},
	};
	es_loaded = bn_dynlib_open(sonames, syms, BN_ARRAY_LEN(syms), es_why, sizeof es_why) == 0;
}

static bn_status espeak_error(bn_error *err, espeak_ng_STATUS status, const char *what)
{
	char msg[256];
	es.GetStatusCodeMessage(status, msg, sizeof msg);
	return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: %s: %s", what, msg);
}

/* Hand samples[0..n) on; 0 to go on. */
static int forward(say_ctx *ctx, const short *samples, size_t n)
{
	if (n == 0)
		return 0;
	ctx->done += n;
	if (ctx->fn((const int16_t *)samples, n, ctx->user) != 0)
		ctx->stopped = 1;
	return ctx->stopped;
}

/* eSpeak NG's synthesis callback: forward samples, and each index mark where its sample falls
 * among them (a chunk is cut there); a non-zero return stops synthesis. */
static int on_samples(short *wav, int count, espeak_EVENT *events)
{
	say_ctx *ctx = events ? events->user_data : NULL;
	if (!ctx || ctx->stopped)
		return ctx ? ctx->stopped : 0;
	size_t n = wav && count > 0 ? (size_t)count : 0, sent = 0;
	for (espeak_EVENT *e = events; ctx->mark && e->type != espeakEVENT_LIST_TERMINATED; e++) {
		if (e->type != espeakEVENT_MARK || !e->id.name)
			continue;
		/* e->sample counts from the start of this synthesis. */
		uint64_t at = (uint64_t)(e->sample > 0 ? e->sample : 0);
		size_t upto = at <= ctx->done ? sent : (size_t)(at - ctx->done) + sent;
		if (upto > n)
			upto = n;
		if (upto > sent && forward(ctx, wav + sent, upto - sent))
			return 1;
		sent = upto;
		if (ctx->mark(e->id.name, ctx->user) != 0) {
			ctx->stopped = 1;
			return 1;
		}
	}
	return forward(ctx, wav + sent, n - sent);
}

/* Whether dir/family/base names a regular file, for find_language_file. */
static int is_language_file(const char *dir, const char *family, const char *base)
{
	char path[4096];
	struct stat st;
	int n = snprintf(path, sizeof path, "%s/%s/%s", dir, family, base);
	return n > 0 && (size_t)n < sizeof path && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Find eSpeak NG's language file for a voice name ("vi" is lang/aav/vi): its path under lang/
 * ("aav/vi", with any "+variant" kept) into out; 0 if there is none, or the name is not the
 * lower-case file name eSpeak NG's own file lookup needs. */
static int find_language_file(const char *name, char *out, size_t size)
{
	const char *data = NULL;
	es.Info(&data);
	const char *plus = strchr(name, '+');
	size_t base_len = plus ? (size_t)(plus - name) : strlen(name);
	char base[64], dir[4096];
	if (!data || base_len == 0 || base_len >= sizeof base || strchr(name, '/'))
		return 0;
	memcpy(base, name, base_len);
	base[base_len] = '\0';
	for (const char *c = base; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			return 0;
	if (snprintf(dir, sizeof dir, "%s/lang", data) >= (int)sizeof dir)
		return 0;
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int found = 0;
	for (struct dirent *e; !found && (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.' || !is_language_file(dir, e->d_name, base))
			continue;
		int n = snprintf(out, size, "%s/%s", e->d_name, name);
		found = n > 0 && (size_t)n < size;
	}
	closedir(d);
	return found;
}

/* Select eSpeak NG's voice by name. espeak_ng_SetVoiceByName takes a name it cannot open as a
 * file under lang/ by reading every voice file eSpeak NG has (about 130; 3 ms, most of the
 * speaker's start-up), to match it to one; given the language file's path ("aav/vi"), it
 * loads that file at once. The file is the one the listing would find, the voice the same. */
static espeak_ng_STATUS set_voice(const char *name)
{
	char path[60]; /* eSpeak NG copies voice names into 60 bytes */
	if (find_language_file(name, path, sizeof path) && es.SetVoiceByName(path) == ENS_OK)
		return ENS_OK;
	return es.SetVoiceByName(name);
}

static bn_status set_parameter(espeak_PARAMETER p, int value, const char *what, bn_error *err)
{
	espeak_ng_STATUS st = es.SetParameter(p, value, 0);
	return st == ENS_OK ? BN_OK : espeak_error(err, st, what);
}

/* Give eSpeak NG the voice and its parameters. */
static bn_status apply_voice(const bn_voice *voice, bn_error *err)
{
	bn_status bs = BN_OK;
	if (set_voice(voice->espeak) != ENS_OK)
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
	return bs;
}

bn_status bn_speaker_set_voice(bn_speaker *sp, const bn_voice *voice, bn_error *err)
{
	sp->voice = *voice;
	if (sp->engine) {
		bn_status bs = bn_engine_set_voice(sp->engine, voice, err);
		if (bs != BN_OK)
			return bs;
	}
	if (!sp->local)
		return BN_OK;
	bn_status bs = apply_voice(voice, err);
	if (bs != BN_OK)
		return bs;
	sp->warm = 0;
	return bn_speaker_warm(sp, err);
}

/* Start eSpeak NG in this process with the speaker's voice, and warm it up. */
static bn_status start_local(bn_speaker *sp, bn_error *err)
{
	if (sp->local)
		return BN_OK;
	if (speaker_exists)
		return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: a speaker already exists");
	pthread_once(&es_once, load_espeak);
	if (!es_loaded)
		return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: %s", es_why);
	es.InitializePath(NULL);
	espeak_ng_ERROR_CONTEXT context = NULL;
	espeak_ng_STATUS st = es.Initialize(&context);
	if (st != ENS_OK) {
		es.ClearErrorContext(&context);
		return espeak_error(err, st, "cannot initialise");
	}
	st = es.InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
	if (st != ENS_OK) {
		es.Terminate();
		return espeak_error(err, st, "cannot set up output");
	}
	speaker_exists = 1;
	sp->local = 1;
	sp->sample_rate = es.GetSampleRate();
	es.SetSynthCallback(on_samples);
	bn_status bs = apply_voice(&sp->voice, err);
	if (bs == BN_OK)
		bs = bn_speaker_warm(sp, err);
	return bs;
}

/* A speaker with the voice: eSpeak NG started here (local), or an engine started for it. */
static bn_status new_speaker(const bn_voice *voice, int local, bn_speaker **out, bn_error *err)
{
	*out = NULL;
	bn_speaker *sp = calloc(1, sizeof *sp);
	if (!sp)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	sp->voice = *voice;
	/* An engine starts eSpeak NG in its own process while the caller goes on. */
	bn_status bs = local ? start_local(sp, err) : bn_engine_start(voice, &sp->engine, err);
	if (bs != BN_OK) {
		bn_speaker_free(sp);
		return bs;
	}
	*out = sp;
	return BN_OK;
}

bn_status bn_speaker_new_local(const bn_voice *voice, bn_speaker **out, bn_error *err)
{
	return new_speaker(voice, 1, out, err);
}

bn_status bn_speaker_new(const bn_voice *voice, bn_speaker **out, bn_error *err)
{
	return new_speaker(voice, 0, out, err);
}

bn_status bn_speaker_ready(bn_speaker *sp, bn_error *err)
{
	if (!sp->engine)
		return BN_OK;
	return bn_engine_ready(sp->engine, &sp->sample_rate, err);
}

bn_engine *bn_speaker_engine(bn_speaker *sp)
{
	return sp->engine;
}

int bn_speaker_sample_rate(bn_speaker *sp)
{
	if (!sp->sample_rate && bn_speaker_ready(sp, NULL) != BN_OK)
		return 22050; /* eSpeak NG's; the failure shows at the next call that can fail */
	return sp->sample_rate;
}

/* Synthesise text (plain, or SSML with flags' espeakSSML) into fn, marks into mark. */
static bn_status say(bn_speaker *sp, const char *text, unsigned flags, bn_pcm_fn fn,
                     bn_mark_fn mark, void *user, bn_error *err)
{
	bn_status bs = start_local(sp, err);
	if (bs != BN_OK)
		return bs;
	say_ctx ctx = {fn, mark, user, 0, 0};
	size_t size = strlen(text) + 1;
	espeak_ng_STATUS st = es.Synthesize(text, size, 0, POS_CHARACTER, 0,
	                                    espeakCHARS_UTF8 | espeakENDPAUSE | flags, NULL, &ctx);
	if (ctx.stopped)
		return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
	if (st != ENS_OK)
		return espeak_error(err, st, "synthesis failed");
	return BN_OK;
}

bn_status bn_speaker_say(bn_speaker *sp, const char *text, bn_pcm_fn fn, void *user, bn_error *err)
{
	return say(sp, text, 0, fn, NULL, user, err);
}

bn_status bn_speaker_say_marked(bn_speaker *sp, const char *ssml, bn_pcm_fn fn, bn_mark_fn mark,
                                void *user, bn_error *err)
{
	return say(sp, ssml, espeakSSML, fn, mark, user, err);
}

bn_status bn_speaker_set_rate(bn_speaker *sp, int words_per_minute, bn_error *err)
{
	if (words_per_minute < 80 || words_per_minute > 900)
		return bn_fail(err, BN_ERR_USAGE, "rate %d: expected 80-900 words per minute",
		               words_per_minute);
	bn_status st = sp->local ? set_parameter(espeakRATE, words_per_minute, "rate", err) : BN_OK;
	if (st == BN_OK && sp->engine)
		st = bn_engine_set_rate(sp->engine, words_per_minute, err);
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
	/* A symbol that Vietnamese reads through English (as foreign words are): eSpeak NG loads
	 * its English dictionary now, once, instead of in every unit; and one short word is the
	 * quickest warm-up. */
	bn_status st = bn_speaker_say(sp, "€", discard_samples, NULL, err);
	sp->warm = st == BN_OK;
	return st;
}

void bn_speaker_free(bn_speaker *sp)
{
	if (!sp)
		return;
	bn_engine_free(sp->engine);
	if (sp->local) {
		es.Terminate();
		speaker_exists = 0;
	}
	free(sp);
}
