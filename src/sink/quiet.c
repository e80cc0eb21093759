/* quiet.c: ALSA and JACK print diagnostics on standard error while PortAudio probes devices;
 * a reader listening to an article must not hear about them from a screen reader. */
#include "quiet.h"

#include "dynlib.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t quiet_lock = PTHREAD_MUTEX_INITIALIZER;

int bn_quiet_begin(void)
{
	pthread_mutex_lock(&quiet_lock);
	fflush(stderr);
	int saved = dup(STDERR_FILENO);
	int null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (saved >= 0 && null >= 0)
		dup2(null, STDERR_FILENO);
	if (null >= 0)
		close(null);
	return saved;
}

void bn_quiet_end(int saved)
{
	fflush(stderr);
	if (saved >= 0) {
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	pthread_mutex_unlock(&quiet_lock);
}

static void alsa_silent(const char *file, int line, const char *function, int err, const char *fmt,
                        ...)
{
	(void)file;
	(void)line;
	(void)function;
	(void)err;
	(void)fmt;
}

/* libasound is loaded (by PortAudio) only for playback, so its handler is set through dlsym. */
static void set_alsa_handler(void)
{
	static const char *const sonames[] = {BN_SONAME_ASOUND, NULL};
	__typeof__(snd_lib_error_set_handler) *set_handler = NULL;
	const bn_dynsym syms[] = {{"snd_lib_error_set_handler", (void **)&set_handler}};
	char why[256];
	if (bn_dynlib_open(sonames, syms, 1, why, sizeof why) == 0)
		set_handler(alsa_silent);
}

void bn_quiet_alsa(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, set_alsa_handler);
}
