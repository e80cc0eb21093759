/* sink_play.c: playback through PortAudio, in a player process. Opening the sink starts the
 * player (the baonoi-engine program, with posix_spawn: the caller is never forked), which
 * starts PortAudio at once (device probing then overlaps everything the caller does next);
 * the caller hosts no audio thread.
 * Samples go to the player over a socket; its device thread feeds them from a ring buffer to
 * the device with blocking writes, so speech synthesised ahead plays without gaps. Flushing
 * or aborting drops the ring and the device's buffer at once.
 *
 * PortAudio's start-up probes every device ALSA is configured with (40-120 ms on Debian);
 * for the default device the player starts it against a one-device configuration instead and
 * opens ALSA's "default" by name (start_stream).
 *
 * Messages on the socket: [uint32 epoch][uint32 n][n samples], and [0][END] to close: the
 * player then plays what it holds and leaves. The socket's end without it means the caller
 * died: the player stops at once. A flush bumps the epoch in the memory both processes
 * share (a memfd the player maps) and wakes the player through an eventfd it polls beside the
 * socket; the player drops what belongs to earlier epochs. No signal is involved. */
#define _GNU_SOURCE /* memfd_create */
#include "dynlib.h"
#include "engine.h"
#include "internal.h"
#include "quiet.h"
#include "sink.h"

#include <alsa/asoundlib.h>
#include <errno.h>
#include <fcntl.h>
#include <pa_linux_alsa.h>
#include <poll.h>
#include <portaudio.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* The PortAudio functions playback uses, loaded on first use (see dynlib.h), typed from
 * PortAudio's own declarations. */
static struct {
	__typeof__(Pa_Initialize) *Initialize;
	__typeof__(Pa_Terminate) *Terminate;
	__typeof__(Pa_GetDefaultOutputDevice) *GetDefaultOutputDevice;
	__typeof__(Pa_GetDeviceCount) *GetDeviceCount;
	__typeof__(Pa_GetDeviceInfo) *GetDeviceInfo;
	__typeof__(Pa_GetHostApiInfo) *GetHostApiInfo;
	__typeof__(Pa_GetErrorText) *GetErrorText;
	__typeof__(Pa_OpenStream) *OpenStream;
	__typeof__(Pa_StartStream) *StartStream;
	__typeof__(Pa_StopStream) *StopStream;
	__typeof__(Pa_AbortStream) *AbortStream;
	__typeof__(Pa_CloseStream) *CloseStream;
	__typeof__(Pa_WriteStream) *WriteStream;
	__typeof__(Pa_GetStreamWriteAvailable) *GetStreamWriteAvailable;
	__typeof__(Pa_GetStreamInfo) *GetStreamInfo;
} pa;
static pthread_once_t pa_once = PTHREAD_ONCE_INIT;
static int pa_loaded;
static char pa_why[256];

static void load_portaudio(void)
{
	static const char *const sonames[] = {BN_SONAME_PORTAUDIO, NULL};
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
	        {"Pa_GetStreamWriteAvailable", (void **)&pa.GetStreamWriteAvailable},
	        {"Pa_GetStreamInfo", (void **)&pa.GetStreamInfo},
	};
	pa_loaded = bn_dynlib_open(sonames, syms, BN_ARRAY_LEN(syms), pa_why, sizeof pa_why) == 0;
}

/* Load PortAudio once; BN_OK or BN_ERR_AUDIO with the reason. */
static bn_status portaudio_ready(bn_error *err)
{
	pthread_once(&pa_once, load_portaudio);
	return pa_loaded ? BN_OK : bn_fail(err, BN_ERR_AUDIO, "%s", pa_why);
}

#define RING_SECONDS    2
#define CHUNK_FRAMES    512
#define MESSAGE_SAMPLES 4096
#define END             0xFFFFFFFFu

/* What the caller and the player process share. */
typedef struct player_shared {
	_Atomic uint64_t played; /* samples handed to the device since the last flush */
	_Atomic uint64_t heard;  /* ...less what the device still holds: heard by now */
	_Atomic uint32_t epoch;  /* bumped by each flush */
	_Atomic int opened;      /* the player has opened the device, or failed to */
	_Atomic int closing;     /* the caller has sent its last samples: the socket's end is
	                          * no death */
	/* The player's failure, written before it exits with status != 0. */
	int status;
	char message[256];
} player_shared;

/* ---- the player process ------------------------------------------------------------------- */

typedef struct player {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	int16_t *ring;
	size_t cap, head, count; /* samples: capacity, read position, stored */
	int closing;             /* no more samples: drain, then stop */
	int aborting;            /* stop now */
	int flushing;            /* drop the device's buffer, then go on */
	int done;                /* the device thread has finished */
	PaStream *stream;
	long latency; /* the device's buffer, in samples */
	player_shared *sh;
} player;

/* What has been heard: what was handed to the device less what its buffer still holds (its
 * size less the room it has), so that a reader shows a sentence when it sounds, on a device
 * with seconds of latency too. Called with the mutex held, the stream running. */
static void update_heard(player *p)
{
	uint64_t played = atomic_load(&p->sh->played);
	signed long room = pa.GetStreamWriteAvailable(p->stream);
	uint64_t held = room >= 0 && room < p->latency ? (uint64_t)(p->latency - room) : 0;
	atomic_store(&p->sh->heard, played > held ? played - held : 0);
}

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

/* Open and start a mono 16-bit output stream with these parameters. */
static PaError open_output(PaStreamParameters *out, int rate, PaStream **stream)
{
	out->channelCount = 1;
	out->sampleFormat = paInt16;
	PaError e = pa.OpenStream(stream, NULL, out, rate, CHUNK_FRAMES, paClipOff, NULL, NULL);
	if (e != paNoError)
		return e;
	e = pa.StartStream(*stream);
	if (e != paNoError) {
		pa.CloseStream(*stream);
		*stream = NULL;
	}
	return e;
}

/* Open the device the user named, or PortAudio's default, from its full device list. */
static PaError open_stream(const char *device, int rate, PaStream **stream)
{
	PaDeviceIndex dev = find_device(device);
	if (dev == paNoDevice)
		return paInvalidDevice;
	const PaDeviceInfo *info = pa.GetDeviceInfo(dev);
	PaStreamParameters out = {0};
	out.device = dev;
	out.suggestedLatency = info ? info->defaultLowOutputLatency : 0.01;
	return open_output(&out, rate, stream);
}

/* The ALSA configuration PortAudio's quick start-up probes: one device, a null "default"
 * (PortAudio asserts on an empty list, and probes "default" last). */
static const char quick_probe_conf[] = "pcm.default { type null }\n";

/* Pa_Initialize with ALSA_CONFIG_PATH naming a memfd that holds quick_probe_conf, then the
 * user's ALSA_CONFIG_PATH (or none) put back and ALSA's real configuration loaded. The full
 * probe opens every PCM the system configures, capture and playback: 40-120 ms on Debian
 * with libasound2-plugins (its a52 device alone loads libavcodec), all before the first
 * sound; this one takes about 5 ms, most of it JACK's. BN_OK, or BN_ERR_AUDIO when ALSA or
 * the memfd is missing (PortAudio is then not started). */
static bn_status initialize_quickly(void)
{
	static const char *const sonames[] = {BN_SONAME_ASOUND, NULL};
	__typeof__(snd_config_update) *config_update = NULL;
	const bn_dynsym syms[] = {{"snd_config_update", (void **)&config_update}};
	char why[256];
	if (bn_dynlib_open(sonames, syms, 1, why, sizeof why) != 0)
		return BN_ERR_AUDIO;
	int fd = memfd_create("baonoi-alsa-probe", MFD_CLOEXEC);
	if (fd < 0)
		return BN_ERR_AUDIO;
	const char *user = getenv("ALSA_CONFIG_PATH");
	char *saved = user ? strdup(user) : NULL;
	char probe[64];
	snprintf(probe, sizeof probe, "/proc/self/fd/%d", fd);
	if ((user && !saved) ||
	    bn_write_all(fd, quick_probe_conf, sizeof quick_probe_conf - 1) != 0 ||
	    setenv("ALSA_CONFIG_PATH", probe, 1) != 0) {
		free(saved);
		close(fd);
		return BN_ERR_AUDIO;
	}
	PaError e = pa.Initialize();
	if (saved)
		setenv("ALSA_CONFIG_PATH", saved, 1);
	else
		unsetenv("ALSA_CONFIG_PATH");
	free(saved);
	close(fd);
	if (e != paNoError)
		return BN_ERR_AUDIO;
	config_update(); /* the real configuration, for the stream and any later probe */
	return BN_OK;
}

/* Open ALSA's "default" device by name (the list holds only the probe's null one). */
static PaError open_alsa_default(int rate, PaStream **stream)
{
	PaAlsaStreamInfo alsa = {0};
	alsa.size = sizeof alsa;
	alsa.hostApiType = paALSA;
	alsa.version = 1;
	alsa.deviceString = "default";
	PaDeviceIndex dev = pa.GetDefaultOutputDevice();
	const PaDeviceInfo *info = dev == paNoDevice ? NULL : pa.GetDeviceInfo(dev);
	PaStreamParameters out = {0};
	out.device = paUseHostApiSpecificDeviceSpecification;
	out.hostApiSpecificStreamInfo = &alsa;
	/* PortAudio's figure for any ALSA plug device: 8.7 ms */
	out.suggestedLatency = info ? info->defaultLowOutputLatency : 0.01;
	return open_output(&out, rate, stream);
}

/* Start PortAudio and the output stream. With no device named, the quick start above on
 * ALSA's default device; with one named, or when that fails (no ALSA "default", another
 * host API), the full probe and PortAudio's own choice. */
static PaError start_stream(const char *device, int rate, PaStream **stream)
{
	if ((!device || !*device) && initialize_quickly() == BN_OK) {
		if (open_alsa_default(rate, stream) == paNoError)
			return paNoError;
		pa.Terminate();
	}
	PaError e = pa.Initialize();
	if (e != paNoError)
		return e;
	e = open_stream(device, rate, stream);
	if (e != paNoError)
		pa.Terminate();
	return e;
}

/* Record the player's failure for the caller and leave. */
_Noreturn static void player_fail(player_shared *sh, bn_status status, const char *fmt,
                                  const char *detail)
{
	bn_error err;
	bn_fail(&err, status, fmt, detail);
	sh->status = status;
	memcpy(sh->message, err.message, sizeof sh->message);
	sh->message[sizeof sh->message - 1] = '\0';
	_exit(status);
}

/* The device thread: feed the device from the ring until closed or aborted. */
static void *device_main(void *arg)
{
	player *p = arg;
	int16_t chunk[CHUNK_FRAMES];
	int stopped = 0; /* the stream is stopped (flushed) */
	pthread_mutex_lock(&p->mu);
	for (;;) {
		/* Wait for something to do: stop the device, play, or end. */
		while (!p->aborting && !p->flushing && p->count == 0 && !p->closing) {
			struct timespec ts = deadline_ms(10);
			pthread_cond_timedwait(&p->cond, &p->mu, &ts);
			if (!stopped && !p->flushing)
				update_heard(p); /* the device drains what it holds */
		}
		if (p->aborting || (p->count == 0 && !p->flushing))
			break; /* aborted, or closed and drained */
		if (p->flushing) {
			/* Silence now: drop the device's buffer. */
			p->flushing = 0;
			pthread_mutex_unlock(&p->mu);
			if (!stopped)
				pa.AbortStream(p->stream);
			stopped = 1;
			pthread_mutex_lock(&p->mu);
			continue;
		}
		if (stopped) {
			pthread_mutex_unlock(&p->mu);
			pa.StartStream(p->stream);
			stopped = 0;
			pthread_mutex_lock(&p->mu);
			continue;
		}
		size_t n = p->count < CHUNK_FRAMES ? p->count : CHUNK_FRAMES;
		for (size_t i = 0; i < n; i++)
			chunk[i] = p->ring[(p->head + i) % p->cap];
		p->head = (p->head + n) % p->cap;
		p->count -= n;
		pthread_cond_broadcast(&p->cond);
		pthread_mutex_unlock(&p->mu);
		PaError e = pa.WriteStream(p->stream, chunk, (unsigned long)n);
		pthread_mutex_lock(&p->mu);
		if (!p->flushing) {
			atomic_fetch_add(&p->sh->played, n);
			update_heard(p);
		}
		if (e != paNoError && e != paOutputUnderflowed) {
			p->sh->status = BN_ERR_AUDIO;
			snprintf(p->sh->message, sizeof p->sh->message, "playback failed: %s",
			         pa.GetErrorText(e));
			p->aborting = 1;
		}
	}
	int aborting = p->aborting;
	pthread_mutex_unlock(&p->mu);
	if (!stopped) {
		if (aborting)
			pa.AbortStream(p->stream);
		else
			pa.StopStream(p->stream); /* plays what the device holds */
	}
	pthread_mutex_lock(&p->mu);
	p->done = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* Take one message off the socket into the ring (dropped when from an earlier epoch);
 * 1 at the end of input, -1 when the caller is gone. */
static int receive_message(player *p, int fd, uint32_t epoch)
{
	uint32_t hdr[2];
	static int16_t samples[MESSAGE_SAMPLES];
	if (bn_read_all(fd, hdr, sizeof hdr) < 0)
		return -1;
	if (hdr[1] == END)
		return 1;
	if (hdr[1] > MESSAGE_SAMPLES || bn_read_all(fd, samples, hdr[1] * sizeof *samples) < 0)
		return -1;
	if (hdr[0] != epoch)
		return 0;
	pthread_mutex_lock(&p->mu);
	size_t tail = (p->head + p->count) % p->cap;
	for (size_t i = 0; i < hdr[1]; i++)
		p->ring[(tail + i) % p->cap] = samples[i];
	p->count += hdr[1];
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->mu);
	return 0;
}

/* PortAudio's start-up has this long. It can wait for ever: libjack, which PortAudio starts
 * on every Pa_Initialize, waits on a Berkeley DB lock in /dev/shm/jack_db-UID that a program
 * killed while starting PortAudio leaves held, until the folder is removed or the machine
 * restarts. */
#define START_DEADLINE_S 10

/* What a start-up past its deadline says, naming libjack's database when there is one. */
static void deadline_message(bn_error *e)
{
	char jack_db[64];
	snprintf(jack_db, sizeof jack_db, "/dev/shm/jack_db-%u", (unsigned)getuid());
	struct stat st;
	if (stat(jack_db, &st) == 0)
		bn_fail(e, BN_ERR_AUDIO,
		        "the sound system did not answer in %d s (PortAudio waits on %s, a JACK "
		        "database a killed program left locked: remove it if no JACK server runs)",
		        START_DEADLINE_S, jack_db);
	else
		bn_fail(e, BN_ERR_AUDIO, "the sound system did not answer in %d s",
		        START_DEADLINE_S);
}

/* Arm the start-up deadline: the player ends on SIGALRM with its reason already written where
 * the caller reads it. */
static void arm_start_deadline(player_shared *sh)
{
	bn_error e;
	deadline_message(&e);
	sh->status = BN_ERR_AUDIO;
	memcpy(sh->message, e.message, sizeof sh->message);
	sh->message[sizeof sh->message - 1] = '\0';
	signal(SIGALRM, SIG_DFL);
	alarm(START_DEADLINE_S);
}

/* The sound system answered: no deadline, no failure on record. */
static void disarm_start_deadline(player_shared *sh)
{
	alarm(0);
	sh->status = 0;
	sh->message[0] = '\0';
}

/* The player process: start PortAudio, then move samples from the socket to the device
 * until the socket ends (drain and exit 0) or an abort comes (exit at once). */
_Noreturn static void player_process(int fd, int wake_fd, player_shared *sh, const char *device,
                                     int rate)
{
	signal(SIGINT, SIG_IGN); /* the caller decides when to stop (SIGTERM: at once) */
	signal(SIGTERM, SIG_DFL);
	/* Standard error stays quiet: PortAudio's ALSA and JACK back ends print diagnostics
	 * while probing, and some while playing. The caller reports the player's errors. */
	bn_quiet_begin();
	bn_quiet_alsa();
	bn_error load_err;
	if (portaudio_ready(&load_err) != BN_OK)
		player_fail(sh, BN_ERR_AUDIO, "%s", load_err.message);
	player p = {0};
	p.sh = sh;
	/* A process killed inside PortAudio's start-up can leave libjack's database locked for
	 * every later start on the machine: SIGTERM (the caller's abort, or its death) waits
	 * until the start-up returns. Only the deadline ends it there, once it is stuck. */
	sigset_t term, old_mask;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, &old_mask);
	arm_start_deadline(sh);
	PaError e = start_stream(device, rate, &p.stream);
	disarm_start_deadline(sh);
	pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	atomic_store(&sh->opened, 1);
	const PaStreamInfo *si = e == paNoError ? pa.GetStreamInfo(p.stream) : NULL;
	p.latency = si ? (long)(si->outputLatency * rate) : 0;
	if (e == paInvalidDevice && device)
		player_fail(sh, BN_ERR_AUDIO, "audio device '%s' not found", device);
	if (e == paInvalidDevice)
		player_fail(sh, BN_ERR_AUDIO, "no audio output device%s", "");
	if (e != paNoError)
		player_fail(sh, BN_ERR_AUDIO, "cannot play audio: %s", pa.GetErrorText(e));
	p.cap = (size_t)rate * RING_SECONDS;
	p.ring = malloc(p.cap * sizeof *p.ring);
	pthread_mutex_init(&p.mu, NULL);
	pthread_cond_init(&p.cond, NULL);
	if (!p.ring || pthread_create(&p.thread, NULL, device_main, &p) != 0)
		player_fail(sh, BN_ERR_INTERNAL, "cannot start the player%s", "");
	uint32_t epoch = atomic_load(&sh->epoch);
	int end = 0;
	for (;;) {
		pthread_mutex_lock(&p.mu);
		uint32_t now = atomic_load(&sh->epoch);
		if (now != epoch) { /* a flush: drop what is queued, silence the device */
			epoch = now;
			p.count = 0;
			p.flushing = 1;
			atomic_store(&sh->played, 0);
			atomic_store(&sh->heard, 0);
		}
		int room = p.cap - p.count >= MESSAGE_SAMPLES;
		int done = p.done;
		pthread_cond_broadcast(&p.cond);
		pthread_mutex_unlock(&p.mu);
		if (done)
			break;
		/* Read only when the ring has room for a message; without room, watch for the
		 * socket's end (POLLHUP, reported unasked), which means the caller died unless it
		 * said it was closing: then stop at once, not seconds of audio later. */
		/* A flush wakes the wait at once through wake_fd (an eventfd the caller writes). */
		int closing = atomic_load(&sh->closing);
		struct pollfd pfd[2] = {{room || !closing ? fd : -1, room ? POLLIN : 0, 0},
		                        {wake_fd, POLLIN, 0}};
		int r = poll(pfd, 2, 5);
		uint64_t flushes; /* cleared: the epoch says what to drop */
		ssize_t cleared =
		        r > 0 && pfd[1].revents ? read(wake_fd, &flushes, sizeof flushes) : 0;
		(void)cleared;
		if (!room && r > 0 && (pfd[0].revents & (POLLHUP | POLLERR)) &&
		    !atomic_load(&sh->closing)) { /* read again: it is set before the close */
			end = -1;
			break;
		}
		if (room && r > 0 && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) &&
		    (end = receive_message(&p, fd, epoch)) != 0)
			break;
	}
	/* The end of input: let the device thread drain the ring; the caller gone: stop now. */
	pthread_mutex_lock(&p.mu);
	p.closing = 1;
	p.aborting |= end < 0;
	pthread_cond_broadcast(&p.cond);
	pthread_mutex_unlock(&p.mu);
	pthread_join(p.thread, NULL);
	pa.CloseStream(p.stream);
	pa.Terminate();
	_exit(sh->status);
}

/* ---- the caller's side -------------------------------------------------------------------- */

typedef struct play_sink {
	bn_sink base;
	pid_t pid;
	int fd;      /* the socket to the player */
	int wake_fd; /* an eventfd: a flush wakes the player with it */
	player_shared *sh;
	uint32_t epoch;
	const volatile sig_atomic_t *cancel;
	/* The message being sent, and how much of it has gone. */
	char msg[8 + MESSAGE_SAMPLES * sizeof(int16_t)];
	size_t msg_len, msg_off;
} play_sink;

static int cancelled(const play_sink *ps)
{
	return ps->cancel && *ps->cancel;
}

/* How long an aborted player has to leave before it is killed. */
#define ABORT_DEADLINE_MS 2000

/* Wait for the player to exit (killed past ABORT_DEADLINE_MS) and return its status (its
 * message into err). */
static bn_status reap_player(play_sink *ps, bn_error *err)
{
	int status = bn_reap_helper(ps->pid, ABORT_DEADLINE_MS);
	ps->pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return BN_OK;
	if (ps->sh->status && ps->sh->message[0])
		return bn_fail(err, (bn_status)ps->sh->status, "%s", ps->sh->message);
	return bn_fail(err, BN_ERR_AUDIO, "the audio player stopped");
}

/* Send what the socket takes of the message in ps->msg, without waiting. */
static bn_status send_some(play_sink *ps, bn_error *err)
{
	while (ps->msg_off < ps->msg_len) {
		ssize_t w = send(ps->fd, ps->msg + ps->msg_off, ps->msg_len - ps->msg_off,
		                 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (w > 0) {
			ps->msg_off += (size_t)w;
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			close(ps->fd);
			ps->fd = -1;
			bn_status st = reap_player(ps, err);
			return st != BN_OK ? st
			                   : bn_fail(err, BN_ERR_AUDIO, "the audio player stopped");
		}
		return BN_OK; /* full: the rest goes later */
	}
	ps->msg_off = ps->msg_len = 0;
	return BN_OK;
}

/* Send the message in ps->msg, waiting while the socket is full. A wait cut short by cancel
 * (when may_cancel) leaves the rest pending, to go before the next message: the player must
 * never see half a message. */
static bn_status send_message(play_sink *ps, int may_cancel, bn_error *err)
{
	for (;;) {
		bn_status st = send_some(ps, err);
		if (st != BN_OK || ps->msg_len == 0)
			return st;
		if (may_cancel && cancelled(ps))
			return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
		struct pollfd pfd = {ps->fd, POLLOUT, 0};
		poll(&pfd, 1, 10);
	}
}

/* Put one message in ps->msg: [epoch][n][samples] (n may be END, with no samples). */
static void make_message(play_sink *ps, uint32_t n, const int16_t *samples)
{
	uint32_t hdr[2] = {ps->epoch, n};
	memcpy(ps->msg, hdr, sizeof hdr);
	size_t bytes = n == END ? 0 : n * sizeof *samples;
	if (bytes)
		memcpy(ps->msg + sizeof hdr, samples, bytes);
	ps->msg_len = sizeof hdr + bytes;
	ps->msg_off = 0;
}

/* Queue one message: [epoch][n][samples] (n may be END, with no samples). */
static bn_status send_samples(play_sink *ps, uint32_t n, const int16_t *samples, int may_cancel,
                              bn_error *err)
{
	bn_status st = send_message(ps, may_cancel, err); /* what an interruption left */
	if (st != BN_OK)
		return st;
	make_message(ps, n, samples);
	return send_message(ps, may_cancel, err);
}

/* Messages while the socket takes them: the rest waits until it becomes writable. */
static bn_status play_write_some(bn_sink *s, const int16_t *samples, size_t count, size_t *taken,
                                 bn_error *err)
{
	play_sink *ps = (play_sink *)s;
	*taken = 0;
	if (ps->fd < 0)
		return bn_fail(err, BN_ERR_AUDIO, "the audio player stopped");
	bn_status st = send_some(ps, err); /* what is left of the last message first */
	while (st == BN_OK && ps->msg_len == 0 && count) {
		uint32_t n = (uint32_t)(count < MESSAGE_SAMPLES ? count : MESSAGE_SAMPLES);
		make_message(ps, n, samples);
		*taken += n;
		samples += n;
		count -= n;
		st = send_some(ps, err);
	}
	return st;
}

static int play_wait_fd(const bn_sink *s)
{
	return ((const play_sink *)s)->fd;
}

static bn_status play_write(bn_sink *s, const int16_t *samples, size_t count, bn_error *err)
{
	play_sink *ps = (play_sink *)s;
	if (ps->fd < 0)
		return bn_fail(err, BN_ERR_AUDIO, "the audio player stopped");
	while (count) {
		uint32_t n = (uint32_t)(count < MESSAGE_SAMPLES ? count : MESSAGE_SAMPLES);
		bn_status st = send_samples(ps, n, samples, 1, err);
		if (st != BN_OK)
			return st;
		samples += n;
		count -= n;
	}
	return BN_OK;
}

static void free_sink(play_sink *ps)
{
	if (ps->fd >= 0)
		close(ps->fd);
	if (ps->wake_fd >= 0)
		close(ps->wake_fd);
	if (ps->sh && ps->sh != MAP_FAILED)
		munmap(ps->sh, sizeof *ps->sh);
	free(ps);
}

/* Stop the player now: it silences the device and leaves (or is killed if it does not). */
static void play_abort(bn_sink *s)
{
	play_sink *ps = (play_sink *)s;
	if (ps->pid > 0) {
		atomic_fetch_add(&ps->sh->epoch, 1); /* drop what is queued */
		/* The socket's end first: a player not yet listening for signals still sees it. */
		if (ps->fd >= 0)
			close(ps->fd);
		ps->fd = -1;
		kill(ps->pid, SIGTERM);
		reap_player(ps, NULL);
	}
	free_sink(ps);
}

/* Let the player play what it holds, then collect its status; cancel aborts. */
static bn_status play_close(bn_sink *s, bn_error *err)
{
	play_sink *ps = (play_sink *)s;
	if (ps->fd >= 0) {
		bn_status st = send_samples(ps, END, NULL, 0, err);
		if (st != BN_OK) {
			if (ps->pid > 0)
				play_abort(s);
			else
				free_sink(ps);
			return st;
		}
		atomic_store(&ps->sh->closing, 1);
		close(ps->fd);
		ps->fd = -1;
	}
	while (ps->pid > 0) {
		int status;
		pid_t r = waitpid(ps->pid, &status, WNOHANG);
		if (r == ps->pid) {
			ps->pid = -1;
			bn_status st = BN_OK;
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
				st = ps->sh->status && ps->sh->message[0]
				             ? bn_fail(err, (bn_status)ps->sh->status, "%s",
				                       ps->sh->message)
				             : bn_fail(err, BN_ERR_AUDIO,
				                       "the audio player stopped");
			free_sink(ps);
			return st;
		}
		if (cancelled(ps)) {
			play_abort(s);
			return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
		}
		struct timespec ts = {0, 2000000};
		nanosleep(&ts, NULL);
	}
	free_sink(ps);
	return BN_OK;
}

static void play_flush(bn_sink *s)
{
	play_sink *ps = (play_sink *)s;
	ps->epoch = atomic_fetch_add(&ps->sh->epoch, 1) + 1;
	atomic_store(&ps->sh->played, 0);
	atomic_store(&ps->sh->heard, 0);
	/* The player's wait ends at once. A write that fails found the counter full: the
	 * player has not read it yet, and wakes anyway. */
	uint64_t one = 1;
	ssize_t w = ps->wake_fd >= 0 ? write(ps->wake_fd, &one, sizeof one) : 0;
	(void)w;
}

static uint64_t play_played(const bn_sink *s)
{
	return atomic_load(&((const play_sink *)s)->sh->played);
}

static uint64_t play_heard(const bn_sink *s)
{
	return atomic_load(&((const play_sink *)s)->sh->heard);
}

static int play_opening(const bn_sink *s)
{
	return !atomic_load(&((const play_sink *)s)->sh->opened);
}

static const bn_sink_ops play_ops = {play_write,      play_close,   play_abort,   NULL,
                                     play_flush,      play_played,  play_opening, play_heard,
                                     play_write_some, play_wait_fd, NULL};

bn_status bn_sink_open_player(const char *device, int sample_rate,
                              const volatile sig_atomic_t *cancel, bn_sink **out, bn_error *err)
{
	*out = NULL;
	play_sink *ps = calloc(1, sizeof *ps);
	if (!ps)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	ps->base.ops = &play_ops;
	ps->cancel = cancel;
	ps->fd = -1;
	ps->wake_fd = -1;
	/* The memory both share: a memfd the player maps. */
	int mem = memfd_create("baonoi-player", MFD_CLOEXEC);
	if (mem < 0 || ftruncate(mem, sizeof *ps->sh) != 0 ||
	    (ps->sh = mmap(NULL, sizeof *ps->sh, PROT_READ | PROT_WRITE, MAP_SHARED, mem, 0)) ==
	            MAP_FAILED) {
		int e = errno;
		if (mem >= 0)
			close(mem);
		ps->sh = NULL;
		free_sink(ps);
		return bn_fail(err, BN_ERR_INTERNAL, "cannot start the player: %s", strerror(e));
	}
	int sv[2], wake = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (wake < 0 || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		if (wake >= 0)
			close(wake);
		close(mem);
		free_sink(ps);
		return bn_fail(err, BN_ERR_INTERNAL, "cannot start the player: %s",
		               strerror(errno));
	}
	char rate[16];
	snprintf(rate, sizeof rate, "%d", sample_rate);
	char *argv[] = {"baonoi-engine", "player", rate, (char *)device, NULL};
	int fds[3] = {sv[1], mem, wake};
	ps->wake_fd = wake;
	bn_status st = bn_engine_spawn(argv, fds, 3, 0, &ps->pid, err);
	close(sv[1]);
	close(mem);
	if (st != BN_OK) {
		ps->pid = -1;
		close(sv[0]);
		free_sink(ps);
		return st;
	}
	ps->fd = sv[0];
	*out = &ps->base;
	return BN_OK;
}

/* ---- listing devices, in a helper process: its start-up may not answer ------------------- */

/* Write one device record to fd: index, is_default, then the name and the host API's name,
 * each as a length and its bytes. An index of -1 ends the list; -2 carries a failure. */
static int put_record(int fd, int32_t index, int32_t is_default, const char *a, const char *b)
{
	uint32_t la = (uint32_t)strlen(a), lb = (uint32_t)strlen(b);
	int32_t head[2] = {index, is_default};
	return bn_write_all(fd, head, sizeof head) || bn_write_all(fd, &la, sizeof la) ||
	       bn_write_all(fd, a, la) || bn_write_all(fd, &lb, sizeof lb) ||
	       bn_write_all(fd, b, lb);
}

/* Read a length-prefixed string (at most max bytes) into a malloc'd buffer; NULL at the end
 * of the input or when it is longer. */
static char *get_string(int fd, uint32_t max)
{
	uint32_t n;
	if (bn_read_all(fd, &n, sizeof n) != 0 || n > max)
		return NULL;
	char *s = malloc(n + 1);
	if (s && n && bn_read_all(fd, s, n) != 0) {
		free(s);
		return NULL;
	}
	if (s)
		s[n] = '\0';
	return s;
}

/* The helper: start PortAudio (with the player's deadline and its care for SIGTERM), write
 * each output device to fd, then the end of the list. */
_Noreturn static void list_devices_process(int fd)
{
	bn_quiet_begin();
	bn_quiet_alsa();
	bn_error err;
	if (portaudio_ready(&err) != BN_OK) {
		put_record(fd, -2, err.status, err.message, "");
		_exit(1);
	}
	sigset_t term;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	signal(SIGALRM, SIG_DFL);
	alarm(START_DEADLINE_S);
	PaError e = pa.Initialize();
	alarm(0);
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	if (e != paNoError) {
		bn_fail(&err, BN_ERR_AUDIO, "cannot start PortAudio: %s", pa.GetErrorText(e));
		put_record(fd, -2, err.status, err.message, "");
		_exit(1);
	}
	PaDeviceIndex def = pa.GetDefaultOutputDevice();
	int count = pa.GetDeviceCount();
	for (PaDeviceIndex i = 0; i < count; i++) {
		const PaDeviceInfo *info = pa.GetDeviceInfo(i);
		if (!info || info->maxOutputChannels <= 0)
			continue;
		const PaHostApiInfo *api = pa.GetHostApiInfo(info->hostApi);
		if (put_record(fd, i, i == def, info->name ? info->name : "",
		               api && api->name ? api->name : "") != 0)
			_exit(1);
	}
	put_record(fd, -1, 0, "", "");
	pa.Terminate();
	_exit(0);
}

bn_status bn_list_devices(int (*fn)(int, const char *, const char *, int, void *), void *user,
                          bn_error *err)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) != 0)
		return bn_fail(err, BN_ERR_INTERNAL, "cannot list devices: %s", strerror(errno));
	char *argv[] = {"baonoi-engine", "devices", NULL};
	pid_t pid;
	bn_status spawned = bn_engine_spawn(argv, &fds[1], 1, 0, &pid, err);
	close(fds[1]);
	if (spawned != BN_OK) {
		close(fds[0]);
		return spawned;
	}
	bn_status st = BN_OK;
	int ended = 0, stop = 0;
	while (!ended && st == BN_OK) {
		int32_t head[2];
		if (bn_read_all(fds[0], head, sizeof head) != 0)
			break;
		char *name = get_string(fds[0], 4096),
		     *api = name ? get_string(fds[0], 4096) : NULL;
		if (!api)
			st = bn_fail(err, BN_ERR_AUDIO, "cannot list devices: the helper stopped");
		else if (head[0] == -1)
			ended = 1;
		else if (head[0] == -2)
			st = bn_fail(err, head[1] > 0 ? (bn_status)head[1] : BN_ERR_AUDIO, "%s",
			             name);
		else if (!stop)
			stop = fn(head[0], name, api, head[1], user);
		free(name);
		free(api);
	}
	close(fds[0]);
	int status = bn_reap_helper(pid, ABORT_DEADLINE_MS);
	if (st == BN_OK && !ended) {
		/* It ended without a word: its deadline (SIGALRM) or a crash. */
		bn_error e;
		if (WIFSIGNALED(status) && WTERMSIG(status) == SIGALRM)
			deadline_message(&e);
		else
			bn_fail(&e, BN_ERR_AUDIO, "cannot list devices: the helper stopped");
		if (err)
			*err = e;
		st = e.status;
	}
	return st;
}

/* ---- the helper programs' entry points (baonoi-engine player / devices) ------------------- */

int bn_player_main(int argc, char **argv)
{
	/* baonoi-engine player RATE [DEVICE], the socket as 3, the shared memory as 4 and the
	 * flush eventfd as 5. */
	int rate = argc >= 3 ? atoi(argv[2]) : 0;
	if (argc < 3 || argc > 4 || rate <= 0)
		return 2;
	player_shared *sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED, 4, 0);
	if (sh == MAP_FAILED)
		return 1;
	close(4);
	player_process(3, 5, sh, argc == 4 ? argv[3] : NULL, rate);
}

int bn_devices_main(void)
{
	list_devices_process(3);
}
