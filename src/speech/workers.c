/* workers.c: synthesis in worker processes, the caller's side. eSpeak NG keeps global state
 * and is not thread-safe, so parallel synthesis takes processes: each worker is a lane of the
 * speaker's engine (engine.h, engine_serve.c) that takes sentences (spoken form) on a socket
 * and streams back their samples on a pipe. The caller groups sentences into units (a
 * paragraph or so); each unit goes to the worker with the least text handed to it so far (the
 * one that will be free first: units differ in length, and taking turns left one of two
 * workers a fifth more text than the other on the example), and every unit starts from the
 * engine's warm state; as each worker works through its units in order, the caller reads each
 * unit's audio from the worker it went to and the output keeps its order.
 *
 * Messages: a sentence is [uint32 length | BN_NEW_UNIT][text]; its audio is chunks
 * [int32 n][n samples] ended by n = 0, or n = -1 then [uint32 length][message] on failure. */
#define _GNU_SOURCE /* F_SETPIPE_SZ */
#include "workers.h"
#include "engine.h"
#include "internal.h"
#include "speech.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* Audio held for a worker that is ahead of its turn: about 12 s, a unit or so (and half as
 * much again waits in its pipe). */
#define INBOX_LIMIT (1u << 19)

/* The audio pipe from a worker (the kernel's default is 64 KB). */
#define RESULT_PIPE_SIZE (1 << 18)

/* Units in flight are at most n + 1 (bn_workers_can_queue): room for twice that. */
#define OWNER_SLOTS(n) (2 * (size_t)(n) + 2)

/* Audio read from a worker but not yet delivered: its sentences, in order. */
typedef struct inbox {
	char *data;
	size_t off, len, cap; /* unread bytes are data[off..len) */
	int closed;           /* the worker's pipe reached its end */
} inbox;

struct bn_workers {
	int n;
	bn_engine *engine;
	int *job_fd;    /* parent writes sentences */
	int *result_fd; /* parent reads audio */
	inbox *in;      /* every worker's pipe is drained as it fills, so none waits on another */
	size_t *load;   /* bytes of spoken text handed to each worker so far */
	int *owner;     /* the worker of each unit in flight, at unit mod OWNER_SLOTS(n) */
};

/* ---- the parent --------------------------------------------------------------------------- */

/* A unit ends at the first paragraph end past UNIT_CHARS, or at the first sentence end past
 * UNIT_MAX_CHARS: about a paragraph, so that the workers' shares stay even and the audio a
 * worker sends ahead of its turn fits in what the parent holds for it. */
#define UNIT_CHARS     150
#define UNIT_MAX_CHARS 600

int bn_workers_unit_starts(const bn_sentences *sentences, size_t i, size_t unit_chars)
{
	if (i == 0)
		return 1;
	if (unit_chars >= UNIT_MAX_CHARS)
		return 1;
	return unit_chars >= UNIT_CHARS && sentences->items[i].index == 0;
}

/* Free the workers' bookkeeping (not the processes). */
static void free_arrays(bn_workers *w)
{
	for (int i = 0; w->in && i < w->n; i++)
		free(w->in[i].data);
	free(w->in);
	free(w->load);
	free(w->owner);
	free(w->job_fd);
	free(w->result_fd);
	free(w);
}

bn_status bn_workers_new(bn_speaker *speaker, int jobs, bn_workers **out, bn_error *err)
{
	*out = NULL;
	if (jobs < 1 || jobs > 64)
		return bn_fail(err, BN_ERR_USAGE, "%d synthesis workers: expected 1-64", jobs);
	bn_engine *engine = bn_speaker_engine(speaker);
	if (!engine)
		return bn_fail(err, BN_ERR_USAGE, "a local speaker has no workers");
	bn_status st = bn_speaker_ready(speaker, err);
	if (st != BN_OK)
		return st;
	bn_workers *w = calloc(1, sizeof *w);
	if (!w)
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	w->engine = engine;
	w->job_fd = calloc((size_t)jobs, sizeof *w->job_fd);
	w->result_fd = calloc((size_t)jobs, sizeof *w->result_fd);
	w->in = calloc((size_t)jobs, sizeof *w->in);
	w->load = calloc((size_t)jobs, sizeof *w->load);
	w->owner = calloc(OWNER_SLOTS(jobs), sizeof *w->owner);
	int lane_job[64], lane_result[64]; /* the engine's ends */
	if (!w->job_fd || !w->result_fd || !w->in || !w->load || !w->owner) {
		free_arrays(w);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	for (int i = 0; i < jobs && st == BN_OK; i++) {
		int job[2], result[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, job) < 0) {
			st = bn_fail(err, BN_ERR_INTERNAL, "cannot start workers: %s",
			             strerror(errno));
			break;
		}
		if (pipe2(result, O_CLOEXEC) < 0) {
			close(job[0]);
			close(job[1]);
			st = bn_fail(err, BN_ERR_INTERNAL, "cannot start workers: %s",
			             strerror(errno));
			break;
		}
		/* Room for a few of a worker's writes: with the default 64 KB, each write would
		 * wait for the caller, and the switching would cost more than the copying. */
		fcntl(result[0], F_SETPIPE_SZ, RESULT_PIPE_SIZE);
		lane_job[i] = job[0];
		lane_result[i] = result[1];
		w->job_fd[i] = job[1];
		w->result_fd[i] = result[0];
		w->n++;
	}
	if (st == BN_OK)
		st = bn_engine_lanes(engine, jobs, lane_job, lane_result, err);
	for (int i = 0; i < w->n; i++) { /* the engine has its own copies now */
		close(lane_job[i]);
		close(lane_result[i]);
	}
	if (st != BN_OK) {
		bn_workers_free(w);
		return st;
	}
	*out = w;
	return BN_OK;
}

void bn_workers_free(bn_workers *w)
{
	if (!w)
		return;
	/* The engine ends the lanes with their synthesis children at once (a reader moving
	 * elsewhere does not wait). */
	bn_engine_stop_lanes(w->engine);
	for (int i = 0; i < w->n; i++) {
		close(w->job_fd[i]);
		close(w->result_fd[i]);
	}
	free_arrays(w);
}

int bn_workers_can_queue(const bn_workers *w, size_t next_unit, size_t current_unit)
{
	return next_unit <= current_unit + (size_t)w->n;
}

bn_status bn_workers_queue(bn_workers *w, size_t unit, int new_unit, const char *spoken,
                           bn_error *err)
{
	size_t len = strlen(spoken);
	if (len >= BN_NEW_UNIT)
		return bn_fail(err, BN_ERR_SPEECH, "a sentence is too long to synthesise");
	int *owner = &w->owner[unit % OWNER_SLOTS(w->n)];
	if (new_unit) { /* to the worker that will be free first */
		*owner = 0;
		for (int k = 1; k < w->n; k++)
			if (w->load[k] < w->load[*owner])
				*owner = k;
	}
	w->load[*owner] += len;
	int fd = w->job_fd[*owner];
	uint32_t word = (uint32_t)len | (new_unit ? BN_NEW_UNIT : 0);
	if (bn_send_all(fd, &word, sizeof word) < 0 || bn_send_all(fd, spoken, len) < 0)
		return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped");
	return BN_OK;
}

/* Read what worker k has sent into its inbox. -1 when out of memory. */
static int fill_inbox(bn_workers *w, int k)
{
	inbox *in = &w->in[k];
	if (in->off > 0 && in->off == in->len)
		in->off = in->len = 0;
	if (in->cap - in->len < 65536) {
		if (in->off > 0) { /* reuse the delivered front */
			memmove(in->data, in->data + in->off, in->len - in->off);
			in->len -= in->off;
			in->off = 0;
		}
		if (in->cap - in->len < 65536) {
			size_t cap = in->cap ? 2 * in->cap : 131072;
			char *d = realloc(in->data, cap);
			if (!d)
				return -1;
			in->data = d;
			in->cap = cap;
		}
	}
	ssize_t r = read(w->result_fd[k], in->data + in->len, in->cap - in->len);
	if (r > 0)
		in->len += (size_t)r;
	else if (r == 0 || (errno != EINTR && errno != EAGAIN))
		in->closed = 1;
	return 0;
}

/* A worker's pipe ended before its audio: say how the worker ended, if the engine says (a
 * moment after the pipe ends: it is given up to 100 ms). */
static bn_status worker_stopped(bn_workers *w, int k, bn_error *err)
{
	int sig = bn_engine_lane_signal(w->engine, k, 100);
	if (sig)
		return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker was killed by signal %d",
		               sig);
	return bn_fail(err, BN_ERR_SPEECH, "a synthesis worker stopped");
}

/* Whether worker k's pipe is read now: while it runs, and while the audio held for it is
 * below the limit, unless it is the one of the unit awaited (beyond the limit the others
 * wait on their pipes: memory stays flat, at some cost in parallelism). */
static int watched(const bn_workers *w, int k, size_t unit)
{
	int wanted = unit == SIZE_MAX ? -1 : w->owner[unit % OWNER_SLOTS(w->n)];
	return !w->in[k].closed && (k == wanted || w->in[k].len - w->in[k].off < INBOX_LIMIT);
}

int bn_workers_watch(const bn_workers *w, size_t unit, int *fds, int max)
{
	int count = 0;
	for (int k = 0; k < w->n && count < max; k++)
		if (watched(w, k, unit))
			fds[count++] = w->result_fd[k];
	return count;
}

int bn_workers_pump(bn_workers *w, size_t unit)
{
	struct pollfd fds[64];
	int map[64];
	nfds_t nfds = 0;
	for (int k = 0; k < w->n && nfds < 64; k++)
		if (watched(w, k, unit)) {
			fds[nfds].fd = w->result_fd[k];
			fds[nfds].events = POLLIN;
			map[nfds++] = k;
		}
	int r = nfds ? poll(fds, nfds, 0) : 0;
	for (nfds_t i = 0; r > 0 && i < nfds; i++)
		if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
			if (fill_inbox(w, map[i]) < 0)
				return -1;
	return 0;
}

bn_status bn_workers_take(bn_workers *w, size_t unit, bn_pcm_fn fn, void *user, int *ended,
                          bn_error *err)
{
	int worker = w->owner[unit % OWNER_SLOTS(w->n)];
	inbox *in = &w->in[worker];
	size_t have = in->len - in->off;
	const char *p = in->data + in->off;
	int32_t n;
	*ended = 0;
	if (have >= sizeof n) {
		memcpy(&n, p, sizeof n);
		if (n == 0) {
			in->off += sizeof n;
			*ended = 1;
			return BN_OK;
		}
		if (n < 0 && have >= sizeof n + sizeof(uint32_t)) {
			uint32_t mlen;
			memcpy(&mlen, p + sizeof n, sizeof mlen);
			if (have >= sizeof n + sizeof mlen + mlen) {
				char msg[256];
				size_t m = mlen < sizeof msg - 1 ? mlen : sizeof msg - 1;
				memcpy(msg, p + sizeof n + sizeof mlen, m);
				msg[m] = '\0';
				in->off += sizeof n + sizeof mlen + mlen;
				return bn_fail(err, BN_ERR_SPEECH, "%s",
				               *msg ? msg : "synthesis failed");
			}
		} else if (n > 0 && have >= sizeof n + (size_t)n * sizeof(int16_t)) {
			/* Samples are copied out: the inbox's bytes need not be aligned. */
			int16_t chunk[4096];
			size_t left = (size_t)n;
			const char *q = p + sizeof n;
			in->off += sizeof n + (size_t)n * sizeof(int16_t);
			while (left) {
				size_t k = left < BN_ARRAY_LEN(chunk) ? left : BN_ARRAY_LEN(chunk);
				memcpy(chunk, q, k * sizeof *chunk);
				if (fn(chunk, k, user))
					return bn_fail(err, BN_ERR_INTERRUPTED, "interrupted");
				q += k * sizeof *chunk;
				left -= k;
			}
			return BN_OK;
		}
	}
	if (in->closed)
		return worker_stopped(w, worker, err);
	return BN_OK; /* nothing complete yet */
}
