/* sink_play.c: playback through PortAudio. Samples go into a ring buffer; a player thread
 * starts PortAudio (so that device probing overlaps the first synthesis) and feeds the device
 * with blocking writes, so speech synthesised ahead plays without gaps. Aborting drops the
 * ring and the device's buffer at once. */
#include "dynlib.h"
#include "internal.h"
#include "quiet.h"
#include "sink.h"

#include <portaudio.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The PortAudio functions playback uses, loaded on first use (see dynlib.h). */
static struct {
	PaError (*Initialize)(void);
	PaError (*Terminate)(void);
	PaDeviceIndex (*GetDefaultOutputDevice)(void);
	PaDeviceIndex (*GetDeviceCount)(void);
	const PaDeviceInfo *(*GetDeviceInfo)(PaDeviceIndex);
	const PaHostApiInfo *(*GetHostApiInfo)(PaHostApiIndex);
	const char *(*GetErrorText)(PaError);
	PaError (*OpenStream)(PaStream **, const PaStreamParameters *, const PaStreamParameters *,
	                      double, unsigned long, PaStreamFlags, PaStreamCallback *, void *);
	PaError (*StartStream)(PaStream *);
	PaError (*StopStream)(PaStream *);
	PaError (*AbortStream)(PaStream *);
	PaError (*CloseStream)(PaStream *);
	PaError (*WriteStream)(PaStream *, const void *, unsigned long);
} pa;
static pthread_once_t pa_once = PTHREAD_ONCE_INIT;
static int pa_loaded;
static char pa_why[256];

static void load_portaudio(void)
{
	static const char *const sonames[] = {"libportaudio.so.2", NULL};
	const bn_dynsym syms[] = {
	        {"Pa_Initialize", (void **)&pa.Initialize},
	        {"Pa_Terminate", (void **)&pa.Terminate},
	        {"Pa_GetDefaultOutputDevice", (void **)&pa.GetDefaultOutputDevice},
	        {"Pa_GetDeviceCount", (void **)&pa.GetDeviceCount},
	        {"Pa_GetDeviceInfo", (void **)&pa.GetDeviceInfo},
	        {"Pa_GetHostApiInfo", (void **)&pa.GetHostApiInfo},
	        {"Pa_GetErrorText", (void **)&pa.GetErrorText},
	        {"Pa_OpenStream", (void **)&pa.OpenStream},
	        {"Pa_StartStream", (void **)&pa.StartStream},
	        {"Pa_StopStream", (void **)&pa.StopStream},
	        {"Pa_AbortStream", (void **)&pa.AbortStream},
	        {"Pa_CloseStream", (void **)&pa.CloseStream},
	        {"Pa_WriteStream", (void **)&pa.WriteStream},
	};
	pa_loaded = bn_dynlib_open(sonames, syms, BN_ARRAY_LEN(syms), pa_why, sizeof pa_why) == 0;
}

/* Load PortAudio once; BN_OK or BN_ERR_AUDIO with the reason. */
static bn_status portaudio_ready(bn_error *err)
{
	pthread_once(&pa_once, load_portaudio);
	return pa_loaded ? BN_OK
	                 : bn_fail(err, BN_ERR_AUDIO, "%s (use -o FILE to write a file)", pa_why);
}

#define RING_SECONDS 2
#define CHUNK_FRAMES 512

typedef struct play_sink {
	bn_sink base;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int16_t *ring;
	size_t cap, head, count; /* samples: capacity, read position, stored */
	int closing;             /* no more samples: drain, then stop */
	int aborting;            /* stop now */
	int done;                /* the thread has finished */
	int ready;               /* the device is open and playing */
	bn_status status;        /* the thread's failure, if any */
	bn_error error;
	char *device;
	int rate;
	const volatile sig_atomic_t *cancel;
} play_sink;

/* An absolute time ms milliseconds from now, for timed waits. */
static struct timespec deadline_ms(long ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	return ts;
}

/* Pick the output device: an index, or the first whose name contains the given text. */
static PaDeviceIndex find_device(const char *want)
{
	if (!want || !*want)
		return pa.GetDefaultOutputDevice();
	char *end;
	long index = strtol(want, &end, 10);
	int count = pa.GetDeviceCount();
	if (*end == '\0') {
		if (index < 0 || index >= count)
			return paNoDevice;
		const PaDeviceInfo *info = pa.GetDeviceInfo((PaDeviceIndex)index);
		return info && info->maxOutputChannels > 0 ? (PaDeviceIndex)index : paNoDevice;
	}
	size_t wl = strlen(want);
	for (PaDeviceIndex i = 0; i < count; i++) {
		const PaDeviceInfo *info = pa.GetDeviceInfo(i);
		if (!info || info->maxOutputChannels <= 0 || !info->name)
			continue;
		for (const char *p = info->name; *p; p++)
			if (bn_ascii_ncasecmp(p, want, wl) == 0)
				return i;
	}
	return paNoDevice;
}

/* Record the thread's failure and wake the writer. */
static void fail(play_sink *ps, bn_status status, const char *fmt, const char *detail)
{
	pthread_mutex_lock(&ps->mu);
	ps->status = bn_fail(&ps->error, status, fmt, detail);
	pthread_cond_broadcast(&ps->cond);
	pthread_mutex_unlock(&ps->mu);
}

static PaError open_stream(play_sink *ps, PaStream **stream)
{
	PaDeviceIndex dev = find_device(ps->device);
	if (dev == paNoDevice)
		return paInvalidDevice;
	const PaDeviceInfo *info = pa.GetDeviceInfo(dev);
	PaStreamParameters out = {0};
	out.device = dev;
	out.channelCount = 1;
	out.sampleFormat = paInt16;
	out.suggestedLatency = info ? info->defaultLowOutputLatency : 0.02;
	PaError e =
	        pa.OpenStream(stream, NULL, &out, ps->rate, CHUNK_FRAMES, paClipOff, NULL, NULL);
	if (e != paNoError)
		return e;
	e = pa.StartStream(*stream);
	if (e != paNoError) {
		pa.CloseStream(*stream);
		*stream = NULL;
	}
	return e;
}

static void *player_main(void *arg)
{
	play_sink *ps = arg;
	PaStream *stream = NULL;
	bn_error load_err;
	if (portaudio_ready(&load_err) != BN_OK) {
		pthread_mutex_lock(&ps->mu);
		ps->status = load_err.status;
		ps->error = load_err;
		ps->done = 1;
		pthread_cond_broadcast(&ps->cond);
		pthread_mutex_unlock(&ps->mu);
		return NULL;
	}
	/* Standard error stays quiet while PortAudio runs: its ALSA and JACK back ends print
	 * diagnostics while probing, and some while playing. The caller reports its own errors
	 * once the sink is closed. */
	int quiet = bn_quiet_begin();
	bn_quiet_alsa();
	PaError e = pa.Initialize();
	if (e == paNoError) {
		e = open_stream(ps, &stream);
		if (e != paNoError)
			pa.Terminate();
	}
	if (e != paNoError) {
		bn_quiet_end(quiet);
		if (e == paInvalidDevice && ps->device)
			fail(ps, BN_ERR_AUDIO, "audio device '%s' not found (see --list-devices)",
			     ps->device);
		else if (e == paInvalidDevice || e == paNoError)
			fail(ps, BN_ERR_AUDIO,
			     "no audio output device%s (use -o FILE to write a file)", "");
		else
			fail(ps, BN_ERR_AUDIO,
			     "cannot play audio: %s (use -o FILE to write a file)",
			     pa.GetErrorText(e));
		pthread_mutex_lock(&ps->mu);
		ps->done = 1;
		pthread_cond_broadcast(&ps->cond);
		pthread_mutex_unlock(&ps->mu);
		return NULL;
	}
	int16_t chunk[CHUNK_FRAMES];
	pthread_mutex_lock(&ps->mu);
	ps->ready = 1;
	for (;;) {
		while (ps->count == 0 && !ps->closing && !ps->aborting) {
			struct timespec ts = deadline_ms(10);
			pthread_cond_timedwait(&ps->cond, &ps->mu, &ts);
		}
		if (ps->aborting || (ps->count == 0 && ps->closing))
			break;
		size_t n = ps->count < CHUNK_FRAMES ? ps->count : CHUNK_FRAMES;
		for (size_t i = 0; i < n; i++)
			chunk[i] = ps->ring[(ps->head + i) % ps->cap];
		ps->head = (ps->head + n) % ps->cap;
		ps->count -= n;
		pthread_cond_broadcast(&ps->cond);
		pthread_mutex_unlock(&ps->mu);
		e = pa.WriteStream(stream, chunk, (unsigned long)n);
		pthread_mutex_lock(&ps->mu);
		if (e != paNoError && e != paOutputUnderflowed) {
			ps->status = bn_fail(&ps->error, BN_ERR_AUDIO, "playback failed: %s",
			                     pa.GetErrorText(e));
			break;
		}
	}
	int aborting = ps->aborting || ps->status != BN_OK;
	pthread_mutex_unlock(&ps->mu);
	if (aborting)
		pa.AbortStream(stream);
	else
		pa.StopStream(stream);
	pa.CloseStream(stream);
	pa.Terminate();
	bn_quiet_end(quiet);
	pthread_mutex_lock(&ps->mu);
	ps->done = 1;
	pthread_cond_broadcast(&ps->cond);
	pthread_mutex_unlock(&ps->mu);
	return NULL;
}

static int cancelled(const play_sink *ps)
{
	return ps->cancel && *ps->cancel;
}

static bn_status play_write(bn_sink *s, const int16_t *samples, size_t count, bn_error *err)
{
	play_sink *ps = (play_sink *)s;
	pthread_mutex_lock(&ps->mu);
	while (count) {
		if (ps->status != BN_OK || ps->done) {
			bn_status st = ps->status != BN_OK ? ps->status : BN_ERR_AUDIO;
			if (err)
				*err = ps->error;
			pthread_mutex_unlock(&ps->mu);
			return st;
		}
		if (cancelled(ps)) {
			pthread_mutex_unlock(&ps->mu);
			return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
		}
		size_t space = ps->cap - ps->count;
		if (space == 0) {
			struct timespec ts = deadline_ms(10);
			pthread_cond_timedwait(&ps->cond, &ps->mu, &ts);
			continue;
		}
		size_t n = count < space ? count : space;
		size_t tail = (ps->head + ps->count) % ps->cap;
		for (size_t i = 0; i < n; i++)
			ps->ring[(tail + i) % ps->cap] = samples[i];
		ps->count += n;
		samples += n;
		count -= n;
		pthread_cond_broadcast(&ps->cond);
	}
	pthread_mutex_unlock(&ps->mu);
	return BN_OK;
}

static void free_sink(play_sink *ps)
{
	pthread_cond_destroy(&ps->cond);
	pthread_mutex_destroy(&ps->mu);
	free(ps->ring);
	free(ps->device);
	free(ps);
}

/* Stop the thread (draining or not) and collect its status. */
static bn_status finish(play_sink *ps, int abort_now, bn_error *err)
{
	pthread_mutex_lock(&ps->mu);
	ps->closing = 1;
	ps->aborting |= abort_now;
	pthread_cond_broadcast(&ps->cond);
	int interrupted = 0;
	while (!ps->done) {
		if (!ps->aborting && cancelled(ps)) {
			ps->aborting = 1;
			interrupted = 1;
			pthread_cond_broadcast(&ps->cond);
		}
		struct timespec ts = deadline_ms(10);
		pthread_cond_timedwait(&ps->cond, &ps->mu, &ts);
	}
	bn_status st = ps->status;
	if (st != BN_OK && err)
		*err = ps->error;
	pthread_mutex_unlock(&ps->mu);
	pthread_join(ps->thread, NULL);
	free_sink(ps);
	if (st == BN_OK && interrupted)
		st = bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
	return st;
}

static bn_status play_close(bn_sink *s, bn_error *err)
{
	return finish((play_sink *)s, 0, err);
}

static void play_abort(bn_sink *s)
{
	finish((play_sink *)s, 1, NULL);
}

static const bn_sink_ops play_ops = {play_write, play_close, play_abort, NULL};

bn_status bn_sink_open_player(const char *device, int sample_rate,
                              const volatile sig_atomic_t *cancel, bn_sink **out, bn_error *err)
{
	*out = NULL;
	play_sink *ps = calloc(1, sizeof *ps);
	if (!ps)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	ps->base.ops = &play_ops;
	ps->cap = (size_t)sample_rate * RING_SECONDS;
	ps->ring = malloc(ps->cap * sizeof *ps->ring);
	ps->device = device ? bn_strndup(device, strlen(device)) : NULL;
	ps->rate = sample_rate;
	ps->cancel = cancel;
	if (!ps->ring || (device && !ps->device)) {
		free(ps->ring);
		free(ps->device);
		free(ps);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	pthread_mutex_init(&ps->mu, NULL);
	pthread_cond_init(&ps->cond, NULL);
	if (pthread_create(&ps->thread, NULL, player_main, ps) != 0) {
		free_sink(ps);
		return bn_fail(err, BN_ERR_INTERNAL, "cannot start the player thread");
	}
	*out = &ps->base;
	return BN_OK;
}

bn_status bn_list_devices(int (*fn)(int, const char *, const char *, int, void *), void *user,
                          bn_error *err)
{
	if (portaudio_ready(err) != BN_OK)
		return err ? err->status : BN_ERR_AUDIO;
	int quiet = bn_quiet_begin();
	bn_quiet_alsa();
	PaError e = pa.Initialize();
	bn_quiet_end(quiet);
	if (e != paNoError)
		return bn_fail(err, BN_ERR_AUDIO, "cannot start PortAudio: %s", pa.GetErrorText(e));
	PaDeviceIndex def = pa.GetDefaultOutputDevice();
	int count = pa.GetDeviceCount();
	for (PaDeviceIndex i = 0; i < count; i++) {
		const PaDeviceInfo *info = pa.GetDeviceInfo(i);
		if (!info || info->maxOutputChannels <= 0)
			continue;
		const PaHostApiInfo *api = pa.GetHostApiInfo(info->hostApi);
		if (fn(i, info->name, api ? api->name : "", i == def, user))
			break;
	}
	quiet = bn_quiet_begin();
	pa.Terminate();
	bn_quiet_end(quiet);
	return BN_OK;
}
