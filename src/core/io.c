/* io.c: reading and writing a whole buffer through short reads and writes and interruptions;
 * moving the tail of a file to make room at its start; forking and reaping helper processes,
 * and closing what they must not hold. */
#define _GNU_SOURCE /* close_range */
#include "internal.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int bn_read_all(int fd, void *data, size_t n)
{
	char *p = data;
	while (n) {
		ssize_t r = read(fd, p, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* bn_write_all and bn_send_all: write(2), or send(2) without SIGPIPE, until all is out. */
static int put_all(int fd, const void *data, size_t n, int is_socket)
{
	const char *p = data;
	while (n) {
		ssize_t w = is_socket ? send(fd, p, n, MSG_NOSIGNAL) : write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO; /* nothing written and no error: the device took nothing */
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int bn_write_all(int fd, const void *data, size_t n)
{
	return put_all(fd, data, n, 0);
}

int bn_send_all(int fd, const void *data, size_t n)
{
	return put_all(fd, data, n, 1);
}

/* Close [lo, hi] (hi may be UINT_MAX), in one call where the kernel has close_range. */
static void close_span(unsigned lo, unsigned hi)
{
	if (lo > hi || close_range(lo, hi, 0) == 0)
		return;
	long max = sysconf(_SC_OPEN_MAX);
	unsigned top = max > 0 && max < 65536 ? (unsigned)max - 1 : 65535;
	for (unsigned fd = lo; fd <= hi && fd <= top; fd++)
		close((int)fd);
}

void bn_close_fds_from(int first)
{
	close_span((unsigned)first, ~0u);
}

void bn_close_other_fds(int keep1, int keep2)
{
	unsigned a = (unsigned)(keep1 < keep2 ? keep1 : keep2);
	unsigned b = (unsigned)(keep1 < keep2 ? keep2 : keep1);
	if (keep1 < 0 || keep2 < 0)
		a = b = (unsigned)(keep1 < 0 ? keep2 : keep1);
	close_span(3, a - 1);
	close_span(a + 1, b - 1);
	close_span(b + 1, ~0u);
}

int bn_reap_helper(pid_t pid, long timeout_ms)
{
	int status = 0;
	struct timespec step = {0, 2000000};
	for (long waited = 0;; waited += 2) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid || (r < 0 && errno != EINTR))
			return status;
		if (waited >= timeout_ms)
			break;
		nanosleep(&step, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return status;
}

int bn_move_tail(int fd, off_t from, off_t delta)
{
	off_t end = lseek(fd, 0, SEEK_END);
	char buf[65536];
	if (end < 0)
		return -1;
	if (delta > 0) { /* from the end backwards, so that no byte is overwritten unread */
		while (end > from) {
			size_t n =
			        end - from < (off_t)sizeof buf ? (size_t)(end - from) : sizeof buf;
			end -= (off_t)n;
			if (pread(fd, buf, n, end) != (ssize_t)n ||
			    pwrite(fd, buf, n, end + delta) != (ssize_t)n)
				return -1;
		}
		return 0;
	}
	for (off_t at = from; at < end;) {
		size_t n = end - at < (off_t)sizeof buf ? (size_t)(end - at) : sizeof buf;
		if (pread(fd, buf, n, at) != (ssize_t)n ||
		    pwrite(fd, buf, n, at + delta) != (ssize_t)n)
			return -1;
		at += (off_t)n;
	}
	return ftruncate(fd, end + delta);
}
