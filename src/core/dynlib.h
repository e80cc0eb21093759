/* dynlib.h: loading a shared library and its functions on first use, for the libraries only
 * some runs need (libcurl for URLs, libxml2 for HTML, PortAudio and ALSA for playback): a
 * reader of a local file, or a publisher writing audio files, does not pay their start-up time
 * and memory. eSpeak NG too, loaded by the first speaker: a process starts (and forks its
 * player) without the two dozen libraries behind it. */
#ifndef BN_DYNLIB_H
#define BN_DYNLIB_H

#include <stddef.h>

/* A function to resolve: its name and where its address goes. */
typedef struct bn_dynsym {
	const char *name;
	void **fn;
} bn_dynsym;

/* Open the first of the NULL-terminated sonames that loads and resolve every symbol. Returns 0,
 * or -1 with the reason in why. The library stays loaded for the life of the process. */
int bn_dynlib_open(const char *const *sonames, const bn_dynsym *syms, size_t n, char *why,
                   size_t whylen);

#endif
