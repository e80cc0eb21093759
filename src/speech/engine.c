/* engine.c: the host's side of the synthesis engine (engine.h): finding the baonoi-engine
 * program, starting it with posix_spawn (never a fork of the host), and the few messages the
 * host sends it. The engine's own side is engine_serve.c. */
#define _GNU_SOURCE /* dladdr */
#include "engine.h"
#include "internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef BN_LIBEXEC_DIR
#define BN_LIBEXEC_DIR "/usr/local/libexec/baonoi"
#endif

extern char **environ;

struct bn_engine {
	pid_t pid;
	int fd;
	int state; /* 1 ready, 0 waiting for READY, -1 failed */
	int sample_rate;
	bn_error failure;
	int generation;                /* of the lanes started last */
	int died[BN_ENGINE_MAX_LANES]; /* the signal that ended each lane's child */
};

/* 1 when path is an executable regular file. */
static int is_program(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Look for the engine beside the file at path (the library, or the program linked with it):
 * in its directory (a build tree), PREFIX/libexec/baonoi from PREFIX/lib or PREFIX/bin, or the
 * parent directory (a build tree's tests/). 1 with the path in out. */
static int engine_beside(const char *path, char *out, size_t size)
{
	char dir[PATH_MAX];
	if (!path || !realpath(path, dir))
		return 0;
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	static const char *const relative[] = {"", "/../libexec/baonoi", "/../../libexec/baonoi",
	                                       "/.."};
	for (size_t i = 0; i < BN_ARRAY_LEN(relative); i++) {
		int n = snprintf(out, size, "%s%s/baonoi-engine", dir, relative[i]);
		if (n > 0 && (size_t)n < size && is_program(out))
			return 1;
	}
	return 0;
}

/* The engine program's path into out (size PATH_MAX); 0 when there is none. */
static int find_engine(char *out, size_t size)
{
	const char *env = getenv("BAONOI_ENGINE");
	if (env && *env) {
		int n = snprintf(out, size, "%s", env);
		return n > 0 && (size_t)n < size && is_program(out);
	}
	Dl_info info;
	if (dladdr((void *)find_engine, &info) && info.dli_fname &&
	    engine_beside(info.dli_fname, out, size))
		return 1;
	if (engine_beside(bn_program_path(), out, size))
		return 1;
	int n = snprintf(out, size, "%s/baonoi-engine", BN_LIBEXEC_DIR);
	return n > 0 && (size_t)n < size && is_program(out);
}

/* Send one record: the header, payload and descriptors (nfds of them, may be 0). */
static int send_record(int fd, const bn_engine_msg *m, const void *payload, const int *fds,
                       int nfds)
{
	struct iovec iov[2] = {{(void *)m, sizeof *m}, {(void *)payload, m->len}};
	char control[CMSG_SPACE(sizeof(int) * 2 * BN_ENGINE_MAX_LANES)];
	struct msghdr mh = {0};
	mh.msg_iov = iov;
	mh.msg_iovlen = m->len ? 2 : 1;
	if (nfds > 0) {
		memset(control, 0, sizeof control);
		mh.msg_control = control;
		mh.msg_controllen = CMSG_SPACE(sizeof(int) * (size_t)nfds);
		struct cmsghdr *c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * (size_t)nfds);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * (size_t)nfds);
	}
	ssize_t r;
	while ((r = sendmsg(fd, &mh, MSG_NOSIGNAL)) < 0 && errno == EINTR)
		;
	return r == (ssize_t)(sizeof *m + m->len) ? 0 : -1;
}

/* Read one record from the engine and take note of it: 1 read, 0 none within wait_ms (-1:
 * wait as long as it takes), -1 when the engine has gone. */
static int read_record(bn_engine *e, long wait_ms)
{
	struct pollfd p = {e->fd, POLLIN, 0};
	int r;
	while ((r = poll(&p, 1, wait_ms < 0 ? -1 : (int)wait_ms)) < 0 && errno == EINTR)
		;
	if (r == 0)
		return 0;
	struct {
		bn_engine_msg m;
		char payload[BN_ENGINE_MAX_PAYLOAD];
	} rec;
	ssize_t n;
	while ((n = recv(e->fd, &rec, sizeof rec, 0)) < 0 && errno == EINTR)
		;
	if (n < (ssize_t)sizeof rec.m)
		return -1;
	size_t len = (size_t)n - sizeof rec.m;
	switch (rec.m.op) {
	case BN_ENGINE_READY:
		e->state = 1;
		e->sample_rate = rec.m.a;
		break;
	case BN_ENGINE_FAILED:
		e->state = -1;
		rec.payload[len < sizeof rec.payload ? len : sizeof rec.payload - 1] = '\0';
		bn_fail(&e->failure, (bn_status)rec.m.a, "%s", rec.payload);
		break;
	case BN_ENGINE_LANE_DIED:
		if (rec.m.a == e->generation && rec.m.b >= 0 && rec.m.b < BN_ENGINE_MAX_LANES)
			e->died[rec.m.b] = rec.m.c;
		break;
	default: break;
	}
	return 1;
}

/* The engine stopped answering: why, as its failure. */
static bn_status engine_gone(bn_engine *e, bn_error *err)
{
	if (e->state >= 0) {
		e->state = -1;
		bn_fail(&e->failure, BN_ERR_SPEECH, "the synthesis engine stopped");
	}
	if (err)
		*err = e->failure;
	return e->failure.status;
}

bn_status bn_engine_spawn(char *const argv[], const int *fds, int nfds, int own_group, pid_t *pid,
                          bn_error *err)
{
	char path[PATH_MAX];
	const char *env = getenv("BAONOI_ENGINE");
	if (!find_engine(path, sizeof path))
		return env && *env ? bn_fail(err, BN_ERR_SPEECH,
		                             "$BAONOI_ENGINE: %s: not an executable file", env)
		                   : bn_fail(err, BN_ERR_SPEECH,
		                             "cannot find baonoi-engine (in %s, beside the "
		                             "library, or as $BAONOI_ENGINE)",
		                             BN_LIBEXEC_DIR);
	/* Each descriptor becomes 3, 4...: copies above them first, so that no move overwrites
	 * one still to be moved (and none keeps its close-on-exec flag by a move onto itself). */
	int high[8];
	if (nfds < 0 || nfds > (int)BN_ARRAY_LEN(high))
		return bn_fail(err, BN_ERR_INTERNAL, "baonoi-engine: %d descriptors", nfds);
	int made = 0, rc = 0;
	for (; made < nfds; made++)
		if ((high[made] = fcntl(fds[made], F_DUPFD_CLOEXEC, 3 + nfds)) < 0) {
			rc = errno;
			break;
		}
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	for (int i = 0; i < made; i++)
		posix_spawn_file_actions_adddup2(&fa, high[i], 3 + i);
	/* Every signal at its default and none blocked, whatever the caller had; its own process
	 * group if asked (a Ctrl-C at the terminal is then the caller's to handle). */
	sigset_t none, all;
	sigemptyset(&none);
	sigfillset(&all);
	sigdelset(&all, SIGKILL);
	sigdelset(&all, SIGSTOP);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	posix_spawnattr_setpgroup(&attr, 0);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF |
	                                        (own_group ? POSIX_SPAWN_SETPGROUP : 0));
	if (rc == 0)
		rc = posix_spawn(pid, path, &fa, &attr, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	for (int i = 0; i < made; i++)
		close(high[i]);
	if (rc != 0)
		return bn_fail(err, BN_ERR_SPEECH, "cannot start %s: %s", path, strerror(rc));
	return BN_OK;
}

bn_status bn_engine_start(const bn_voice *voice, bn_engine **out, bn_error *err)
{
	*out = NULL;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		return bn_fail(err, BN_ERR_SPEECH, "cannot start the synthesis engine: %s",
		               strerror(errno));
	char *argv[] = {"baonoi-engine", NULL};
	pid_t pid;
	bn_status st = bn_engine_spawn(argv, &sv[1], 1, 1, &pid, err);
	close(sv[1]);
	if (st != BN_OK) {
		close(sv[0]);
		return st;
	}
	bn_engine *e = calloc(1, sizeof *e);
	if (!e) {
		close(sv[0]);
		kill(pid, SIGKILL);
		bn_reap_helper(pid, 0);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	e->pid = pid;
	e->fd = sv[0];
	st = bn_engine_set_voice(e, voice, err);
	if (st != BN_OK) {
		bn_engine_free(e);
		return st;
	}
	*out = e;
	return BN_OK;
}

bn_status bn_engine_ready(bn_engine *e, int *sample_rate, bn_error *err)
{
	while (e->state == 0)
		if (read_record(e, -1) < 0)
			return engine_gone(e, err);
	if (e->state < 0) {
		if (err)
			*err = e->failure;
		return e->failure.status;
	}
	if (sample_rate)
		*sample_rate = e->sample_rate;
	return BN_OK;
}

bn_status bn_engine_set_voice(bn_engine *e, const bn_voice *voice, bn_error *err)
{
	bn_engine_msg m = {BN_ENGINE_VOICE, BN_ENGINE_PROTOCOL, 0, 0, sizeof *voice};
	e->state = 0;
	if (send_record(e->fd, &m, voice, NULL, 0) < 0)
		return engine_gone(e, err);
	return BN_OK;
}

bn_status bn_engine_set_rate(bn_engine *e, int words_per_minute, bn_error *err)
{
	bn_engine_msg m = {BN_ENGINE_RATE, words_per_minute, 0, 0, 0};
	if (send_record(e->fd, &m, NULL, NULL, 0) < 0)
		return engine_gone(e, err);
	return BN_OK;
}

bn_status bn_engine_lanes(bn_engine *e, int n, const int *job_fds, const int *result_fds,
                          bn_error *err)
{
	if (n < 1 || n > BN_ENGINE_MAX_LANES)
		return bn_fail(err, BN_ERR_USAGE, "%d synthesis workers: expected 1-%d", n,
		               BN_ENGINE_MAX_LANES);
	bn_status st = bn_engine_ready(e, NULL, err);
	if (st != BN_OK)
		return st;
	int fds[2 * BN_ENGINE_MAX_LANES];
	memcpy(fds, job_fds, sizeof(int) * (size_t)n);
	memcpy(fds + n, result_fds, sizeof(int) * (size_t)n);
	e->generation++;
	memset(e->died, 0, sizeof e->died);
	bn_engine_msg m = {BN_ENGINE_LANES, n, e->generation, 0, 0};
	if (send_record(e->fd, &m, NULL, fds, 2 * n) < 0)
		return engine_gone(e, err);
	return BN_OK;
}

void bn_engine_stop_lanes(bn_engine *e)
{
	bn_engine_msg m = {BN_ENGINE_STOP, 0, 0, 0, 0};
	e->generation++; /* what the old lanes report from now on is of no interest */
	send_record(e->fd, &m, NULL, NULL, 0);
}

int bn_engine_lane_signal(bn_engine *e, int lane, long wait_ms)
{
	if (lane < 0 || lane >= BN_ENGINE_MAX_LANES)
		return 0;
	struct timespec t0, t;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (e->died[lane])
			return e->died[lane];
		clock_gettime(CLOCK_MONOTONIC, &t);
		long left = wait_ms -
		            ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
		if (left <= 0 || read_record(e, left) <= 0)
			return e->died[lane];
	}
}

void bn_engine_free(bn_engine *e)
{
	if (!e)
		return;
	close(e->fd); /* the engine ends its lanes and exits */
	bn_reap_helper(e->pid, 2000);
	free(e);
}
