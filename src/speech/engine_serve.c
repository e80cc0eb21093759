/* engine_serve.c: the synthesis engine's side (engine.h), run by the baonoi-engine program.
 *
 * The engine is single-threaded and never synthesises: it loads eSpeak NG, sets the voice and
 * warms it up (bn_speaker_new_local), then waits for the host. For each set of lanes the host
 * asks for, it forks the lanes from that state; a lane forks one synthesis child per unit of
 * sentences, which reads the unit's sentences (spoken form) from the lane's job socket, writes
 * their samples to the lane's result pipe and exits. Every unit thus starts from the same warm
 * state, whatever lane it goes to and whatever came before it.
 *
 * Job socket: a sentence is [uint32 length | BN_NEW_UNIT][text]. Result pipe: a sentence's
 * audio is chunks [int32 n][n samples] ended by n = 0, or n = -1 then [uint32 length][message]
 * on failure. */
#define _GNU_SOURCE /* signalfd */
#include "engine.h"
#include "internal.h"
#include "speech.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- a synthesis child: one unit ----------------------------------------------------------- */

/* A sentence's audio on its way to the host, gathered into large writes (a pipe write per
 * eSpeak NG chunk would cost more system time than the synthesis). */
typedef struct outbox {
	int fd;
	size_t len;
	char data[1 << 16];
} outbox;

static int flush_outbox(outbox *o)
{
	int rc = bn_write_all(o->fd, o->data, o->len);
	o->len = 0;
	return rc;
}

static int put_outbox(outbox *o, const void *p, size_t n)
{
	if (o->len + n > sizeof o->data && flush_outbox(o) < 0)
		return -1;
	if (n > sizeof o->data)
		return bn_write_all(o->fd, p, n);
	memcpy(o->data + o->len, p, n);
	o->len += n;
	return 0;
}

static int send_samples(const int16_t *samples, size_t count, void *user)
{
	outbox *o = user;
	int32_t n = (int32_t)count;
	return put_outbox(o, &n, sizeof n) < 0 ||
	       put_outbox(o, samples, count * sizeof *samples) < 0;
}

/* The length word of the next sentence, left on the socket: 1 with *word, 0 at its end. */
static int peek_word(int fd, uint32_t *word)
{
	for (;;) {
		ssize_t r = recv(fd, word, sizeof *word, MSG_PEEK | MSG_WAITALL);
		if (r == (ssize_t)sizeof *word)
			return 1;
		if (r < 0 && errno == EINTR)
			continue;
		return 0;
	}
}

/* Read one sentence into *text (reallocated): 1, or 0 at the end of input. */
static int read_sentence(int fd, char **text)
{
	uint32_t len;
	if (bn_read_all(fd, &len, sizeof len) < 0)
		return 0;
	len &= ~BN_NEW_UNIT;
	char *t = realloc(*text, (size_t)len + 1);
	if (!t)
		return 0;
	*text = t;
	if (bn_read_all(fd, t, len) < 0)
		return 0;
	t[len] = '\0';
	return 1;
}

/* A synthesis child's life: the sentences of one unit (up to the next sentence that starts
 * a unit, left on the socket for the next child), each into result_fd. */
static void unit_main(bn_speaker *speaker, int job_fd, int result_fd)
{
	static outbox out;
	out.fd = result_fd;
	char *text = NULL;
	uint32_t word;
	int first = 1;
	while (peek_word(job_fd, &word) && (first || !(word & BN_NEW_UNIT))) {
		first = 0;
		if (!read_sentence(job_fd, &text))
			break;
		bn_error err;
		bn_status st = bn_speaker_say(speaker, text, send_samples, &out, &err);
		int32_t end = st == BN_OK ? 0 : -1;
		if (put_outbox(&out, &end, sizeof end) < 0)
			break;
		if (st != BN_OK) {
			uint32_t mlen = (uint32_t)strlen(err.message);
			if (put_outbox(&out, &mlen, sizeof mlen) < 0 ||
			    put_outbox(&out, err.message, mlen) < 0)
				break;
		}
		if (flush_outbox(&out) < 0 || st != BN_OK)
			break;
	}
	free(text);
	_exit(0);
}

/* A lane's life: a synthesis child per unit until the host closes the job socket. A child's
 * death by a signal ends the lane by the same signal, for the engine to report. */
static void lane_main(bn_speaker *speaker, int job_fd, int result_fd)
{
	uint32_t word;
	while (peek_word(job_fd, &word)) {
		pid_t pid = fork();
		if (pid == 0)
			unit_main(speaker, job_fd, result_fd);
		if (pid < 0)
			_exit(1);
		int status = 0;
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFSIGNALED(status)) {
			signal(WTERMSIG(status), SIG_DFL);
			raise(WTERMSIG(status));
			_exit(1);
		}
	}
	_exit(0);
}

/* ---- the engine ------------------------------------------------------------------------- */

typedef struct engine {
	int fd;
	bn_speaker *speaker;
	pid_t lane[BN_ENGINE_MAX_LANES];
	int lanes;
	int generation;
} engine;

/* Send one record to the host (errors show as the socket's end, later). */
static void reply(engine *en, uint32_t op, int32_t a, int32_t b, int32_t c, const char *text)
{
	bn_engine_msg m = {op, a, b, c, text ? (uint32_t)strlen(text) : 0};
	struct iovec iov[2] = {{&m, sizeof m}, {(void *)text, m.len}};
	struct msghdr mh = {0};
	mh.msg_iov = iov;
	mh.msg_iovlen = m.len ? 2 : 1;
	while (sendmsg(en->fd, &mh, MSG_NOSIGNAL) < 0 && errno == EINTR)
		;
}

/* End every lane at once, with its synthesis child (each lane leads a process group). */
static void stop_lanes(engine *en)
{
	for (int i = 0; i < en->lanes; i++)
		if (en->lane[i] > 0)
			kill(-en->lane[i], SIGKILL);
	for (int i = 0; i < en->lanes; i++)
		while (en->lane[i] > 0 && waitpid(en->lane[i], NULL, 0) < 0 && errno == EINTR)
			;
	en->lanes = 0;
}

/* Fork n lanes on the descriptors (jobs then results), which the engine then closes. */
static void start_lanes(engine *en, int n, const int *fds)
{
	stop_lanes(en);
	for (int i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			setpgid(0, 0);
			bn_close_other_fds(fds[i], fds[n + i]);
			lane_main(en->speaker, fds[i], fds[n + i]);
		}
		if (pid > 0) {
			setpgid(pid, pid); /* as the lane does: whichever runs first */
			en->lane[en->lanes++] = pid;
		}
	}
	for (int i = 0; i < 2 * n; i++)
		close(fds[i]);
}

/* Set the voice (eSpeak NG started with the first) and warm it up; answer READY or FAILED. */
static void set_voice(engine *en, const bn_voice *voice)
{
	bn_error err = {BN_OK, ""};
	bn_status st = en->speaker ? bn_speaker_set_voice(en->speaker, voice, &err)
	                           : bn_speaker_new_local(voice, &en->speaker, &err);
	if (st == BN_OK)
		reply(en, BN_ENGINE_READY, bn_speaker_sample_rate(en->speaker), 0, 0, NULL);
	else
		reply(en, BN_ENGINE_FAILED, st, 0, 0, err.message);
}

/* Take one record from the host: 0, or -1 when the host has gone. */
static int take_record(engine *en)
{
	struct {
		bn_engine_msg m;
		char payload[BN_ENGINE_MAX_PAYLOAD];
	} rec;
	char control[CMSG_SPACE(sizeof(int) * 2 * BN_ENGINE_MAX_LANES)];
	struct iovec iov = {&rec, sizeof rec};
	struct msghdr mh = {0};
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = control;
	mh.msg_controllen = sizeof control;
	ssize_t n;
	while ((n = recvmsg(en->fd, &mh, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return -1;
	int fds[2 * BN_ENGINE_MAX_LANES], nfds = 0;
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			if (k > BN_ARRAY_LEN(fds) - (size_t)nfds)
				k = BN_ARRAY_LEN(fds) - (size_t)nfds;
			memcpy(fds + nfds, CMSG_DATA(c), k * sizeof(int));
			nfds += (int)k;
		}
	size_t len = (size_t)n - (n >= (ssize_t)sizeof rec.m ? sizeof rec.m : (size_t)n);
	if (n < (ssize_t)sizeof rec.m || len != rec.m.len)
		rec.m.op = 0; /* not a record of ours: ignored */
	switch (rec.m.op) {
	case BN_ENGINE_VOICE:
		if (rec.m.a != BN_ENGINE_PROTOCOL || len != sizeof(bn_voice)) {
			reply(en, BN_ENGINE_FAILED, BN_ERR_SPEECH, 0, 0,
			      "the synthesis engine baonoi-engine is from another version of "
			      "baonoi");
			break;
		}
		bn_voice voice;
		memcpy(&voice, rec.payload, sizeof voice);
		voice.name[sizeof voice.name - 1] = voice.espeak[sizeof voice.espeak - 1] = '\0';
		voice.description[sizeof voice.description - 1] = '\0';
		set_voice(en, &voice);
		break;
	case BN_ENGINE_RATE: {
		bn_error err;
		if (en->speaker && bn_speaker_set_rate(en->speaker, rec.m.a, &err) != BN_OK)
			reply(en, BN_ENGINE_FAILED, err.status, 0, 0, err.message);
		break;
	}
	case BN_ENGINE_LANES:
		if (en->speaker && rec.m.a >= 1 && nfds == 2 * rec.m.a) {
			en->generation = rec.m.b;
			start_lanes(en, rec.m.a, fds);
			nfds = 0;
		}
		break;
	case BN_ENGINE_STOP: stop_lanes(en); break;
	default: break;
	}
	for (int i = 0; i < nfds; i++) /* descriptors of a record not taken */
		close(fds[i]);
	return 0;
}

/* Reap the engine's children; a lane ended by a signal (its child's) is reported, and its
 * process group ended with it. */
static void reap_lanes(engine *en)
{
	int status;
	pid_t pid;
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		for (int i = 0; i < en->lanes; i++) {
			if (en->lane[i] != pid)
				continue;
			kill(-pid, SIGKILL);
			if (WIFSIGNALED(status))
				reply(en, BN_ENGINE_LANE_DIED, en->generation, i, WTERMSIG(status),
				      NULL);
			en->lane[i] = 0; /* reaped: nothing left to kill or wait for */
		}
}

int bn_engine_serve(int fd)
{
	engine en = {fd, NULL, {0}, 0, 0};
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN); /* the host decides when to stop */
	sigset_t chld;
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	int sfd = signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
	for (;;) {
		struct pollfd p[2] = {{fd, POLLIN, 0}, {sfd, POLLIN, 0}};
		if (poll(p, sfd >= 0 ? 2 : 1, sfd >= 0 ? -1 : 100) < 0 && errno != EINTR)
			break;
		if (sfd >= 0 && (p[1].revents & POLLIN)) {
			struct signalfd_siginfo si;
			while (read(sfd, &si, sizeof si) > 0)
				;
		}
		reap_lanes(&en);
		if ((p[0].revents & (POLLIN | POLLHUP | POLLERR)) && take_record(&en) < 0)
			break;
	}
	stop_lanes(&en);
	bn_speaker_free(en.speaker);
	return 0;
}
