/* io.c: reading and writing a whole buffer through short reads and writes and interruptions;
 * forking and reaping helper processes, and closing what they must not hold. */
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
