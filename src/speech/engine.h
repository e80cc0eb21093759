/* engine.h: the synthesis engine, a process of its own (the baonoi-engine program) that the
 * library starts with posix_spawn and talks to over one socket. The engine loads eSpeak NG
 * and warms it up once; for the workers it forks lanes from that warm, single-threaded state,
 * and each lane forks a child per unit of sentences: every unit starts from the same pristine
 * state, so the audio is the same for any number of workers, and the host process never forks
 * nor hosts eSpeak NG's threads.
 *
 * Messages are SOCK_SEQPACKET records: a bn_engine_msg, then len bytes of payload; a
 * BN_ENGINE_LANES record carries its lanes' descriptors (SCM_RIGHTS). */
#ifndef BN_ENGINE_H
#define BN_ENGINE_H

#include "baonoi.h"

#include <stdint.h>
#include <sys/types.h>

enum {
	/* host -> engine */
	BN_ENGINE_VOICE = 1, /* payload: a bn_voice; the engine answers READY or FAILED */
	BN_ENGINE_RATE,      /* a: words per minute, for lanes started after */
	BN_ENGINE_LANES,     /* a: lanes, b: generation; 2a descriptors: jobs then results */
	BN_ENGINE_STOP,      /* end the lanes at once */
	/* engine -> host */
	BN_ENGINE_READY,     /* a: sample rate */
	BN_ENGINE_FAILED,    /* a: bn_status; payload: the message */
	BN_ENGINE_LANE_DIED, /* a: generation, b: lane, c: the signal that ended its child */
};

/* A job socket's length word has this flag for a sentence that starts a unit. */
#define BN_NEW_UNIT 0x80000000u

/* The protocol's version: an engine from another build refuses to serve. */
#define BN_ENGINE_PROTOCOL 1

typedef struct bn_engine_msg {
	uint32_t op;
	int32_t a, b, c;
	uint32_t len;
} bn_engine_msg;

/* Largest payload, and most lanes in one record. */
#define BN_ENGINE_MAX_PAYLOAD 1024
#define BN_ENGINE_MAX_LANES   64

typedef struct bn_engine bn_engine;

/* Start an engine speaking with voice (found as $BAONOI_ENGINE, else beside the library or
 * the program linked with it, else in the libexec directory compiled in). Returns at once:
 * eSpeak NG starts in the engine while the caller goes on. */
BN_WARN_UNUSED bn_status bn_engine_start(const bn_voice *voice, bn_engine **out, bn_error *err);
/* Wait until the engine is ready (its voice set and warmed up): its sample rate, or its
 * failure. */
BN_WARN_UNUSED bn_status bn_engine_ready(bn_engine *engine, int *sample_rate, bn_error *err);
/* Another voice / rate for the lanes started from now on. */
BN_WARN_UNUSED bn_status bn_engine_set_voice(bn_engine *engine, const bn_voice *voice,
                                             bn_error *err);
BN_WARN_UNUSED bn_status bn_engine_set_rate(bn_engine *engine, int words_per_minute, bn_error *err);
/* Start n lanes on these descriptors (job sockets and result pipes, the engine's ends),
 * ending the lanes before them. */
BN_WARN_UNUSED bn_status bn_engine_lanes(bn_engine *engine, int n, const int *job_fds,
                                         const int *result_fds, bn_error *err);
/* End the lanes at once (even mid-sentence). */
void bn_engine_stop_lanes(bn_engine *engine);
/* The signal that ended lane k's synthesis child, waiting up to wait_ms for the engine to
 * say; 0 if none. */
int bn_engine_lane_signal(bn_engine *engine, int lane, long wait_ms);
/* Start the baonoi-engine program with argv (for the player and other helpers: see
 * src/engine/main.c), descriptors fds[0..nfds) as its 3, 4...; every signal at its default
 * and none blocked; in a process group of its own when own_group. */
BN_WARN_UNUSED bn_status bn_engine_spawn(char *const argv[], const int *fds, int nfds,
                                         int own_group, pid_t *pid, bn_error *err);
/* Close the engine's socket (it ends its lanes and exits) and wait for it. */
void bn_engine_free(bn_engine *engine);

/* The engine's side (baonoi-engine): serve the host on socket fd until it closes; returns
 * the process's exit status. */
int bn_engine_serve(int fd);

#endif
