/* speak.c: eSpeak NG as a synthesiser of plain text, in synchronous mode with a callback that
 * hands each chunk of samples on. eSpeak NG keeps global state, so one speaker exists at a
 * time. */
#define _GNU_SOURCE /* dladdr, dl_iterate_phdr */
#include "dynlib.h"
#include "internal.h"
#include "speech.h"
#include "text.h"

#include <dirent.h>
#include <dlfcn.h>
#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <link.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct bn_speaker {
	int sample_rate;
	int warm; /* eSpeak NG has synthesised its first sentence */
	bn_voice voice;
	/* eSpeak NG's writable static memory and the copy of it saved after warming up. */
	char *state;
	size_t state_len;
	char *saved;
};

/* Where the callback sends samples during one bn_speaker_say call. */
typedef struct say_ctx {
	bn_pcm_fn fn;
	void *user;
	int stopped;
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
	bn_status bs = apply_voice(voice, err);
	if (bs != BN_OK)
		return bs;
	sp->voice = *voice;
	sp->warm = 0;
	return bn_speaker_warm(sp, err);
}

bn_status bn_speaker_new(const bn_voice *voice, bn_speaker **out, bn_error *err)
{
	*out = NULL;
	if (speaker_exists)
		return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: a speaker already exists");
	pthread_once(&es_once, load_espeak);
	if (!es_loaded)
		return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: %s", es_why);
	bn_speaker *sp = calloc(1, sizeof *sp);
	if (!sp)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	sp->voice = *voice;
	es.InitializePath(NULL);
	espeak_ng_ERROR_CONTEXT context = NULL;
	espeak_ng_STATUS st = es.Initialize(&context);
	if (st != ENS_OK) {
		es.ClearErrorContext(&context);
		free(sp);
		return espeak_error(err, st, "cannot initialise");
	}
	st = es.InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 0, NULL);
	if (st != ENS_OK) {
		es.Terminate();
		free(sp);
		return espeak_error(err, st, "cannot set up output");
	}
	speaker_exists = 1;
	sp->sample_rate = es.GetSampleRate();
	es.SetSynthCallback(on_samples);
	bn_status bs = apply_voice(voice, err);
	if (bs == BN_OK) /* here, where a caller may overlap it with other work (cli.c does) */
		bs = bn_speaker_warm(sp, err);
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
	espeak_ng_STATUS st = es.Synthesize(text, size, 0, POS_CHARACTER, 0,
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
	/* A symbol that Vietnamese reads through English (as foreign words are): eSpeak NG loads
	 * its English dictionary now, once, instead of in every unit (bn_speaker_restorable); and
	 * one short word is the quickest warm-up. */
	bn_status st = bn_speaker_say(sp, "€", discard_samples, NULL, err);
	sp->warm = st == BN_OK;
	return st;
}

/* Where eSpeak NG's library was loaded, for find_state. */
typedef struct state_search {
	uintptr_t base;
	char *start;
	size_t len;
} state_search;

/* dl_iterate_phdr's callback: in the object loaded at search->base, the writable segment
 * past the part the loader made read-only after relocating (RELRO). */
static int find_writable(struct dl_phdr_info *info, size_t size, void *user)
{
	(void)size;
	state_search *search = user;
	if (info->dlpi_addr != search->base)
		return 0;
	uintptr_t start = 0, end = 0, relro_end = 0;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	for (int i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t a = info->dlpi_addr + ph->p_vaddr;
		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) && !start) {
			start = a;
			end = a + ph->p_memsz;
		} else if (ph->p_type == PT_GNU_RELRO) {
			relro_end = (a + ph->p_memsz + page - 1) & ~(page - 1);
		}
	}
	if (relro_end > start)
		start = relro_end;
	if (start && end > start) {
		search->start = (char *)start;
		search->len = end - start;
	}
	return 1;
}

bn_status bn_speaker_save_state(bn_speaker *sp, bn_error *err)
{
	if (!sp->state) {
		Dl_info info;
		if (!dladdr((void *)es.Synthesize, &info) || !info.dli_fbase)
			return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: cannot find its library");
		state_search search = {(uintptr_t)info.dli_fbase, NULL, 0};
		dl_iterate_phdr(find_writable, &search);
		if (!search.start)
			return bn_fail(err, BN_ERR_SPEECH, "eSpeak NG: cannot find its data");
		sp->saved = malloc(search.len);
		if (!sp->saved)
			return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
		sp->state = search.start;
		sp->state_len = search.len;
	}
	memcpy(sp->saved, sp->state, sp->state_len);
	return BN_OK;
}

void bn_speaker_restore_state(bn_speaker *sp)
{
	if (sp->saved)
		memcpy(sp->state, sp->saved, sp->state_len);
}

int bn_speaker_restorable(const char *text)
{
	/* Latin (Vietnamese included), combining marks, punctuation, currency, letter-like
	 * symbols, arrows and mathematical operators: eSpeak NG reads these in Vietnamese or
	 * English. Other scripts (Korean, Hindi...) load their own language's dictionary. */
	static const int32_t ranges[][2] = {
	        {0x0, 0x36f},     {0x1e00, 0x1eff}, {0x2000, 0x206f}, {0x20a0, 0x20cf},
	        {0x2100, 0x214f}, {0x2190, 0x22ff}, {0xfffd, 0xfffd} /* what stands for bad bytes */
	};
	const char *p = text, *end = text + strlen(text);
	while (p < end) {
		int32_t c = bn_utf8_next(&p, end);
		size_t i = 0;
		while (i < BN_ARRAY_LEN(ranges) && (c < ranges[i][0] || c > ranges[i][1]))
			i++;
		if (i == BN_ARRAY_LEN(ranges))
			return 0;
	}
	return 1;
}

void bn_speaker_free(bn_speaker *sp)
{
	if (!sp)
		return;
	free(sp->saved);
	es.Terminate();
	speaker_exists = 0;
	free(sp);
}
