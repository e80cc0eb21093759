/* pending.c: a file that takes its final name only once complete. It is created unnamed with
 * O_TMPFILE in the directory it will live in, and linked in by its descriptor at the end (the
 * portable way Linux documents: linkat on /proc/self/fd/N), so that no signal, not even SIGKILL,
 * can leave a partial file; where the file system or the absence of /proc rules that out, it is
 * written under a short hidden name and renamed, and the command removes that name on every
 * terminating signal it can catch. */
#define _GNU_SOURCE /* O_TMPFILE */
#include "pending.h"

#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* path's directory, with a trailing '/' ("" for the current one), malloc'd. */
static char *directory_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return bn_strndup(path, slash ? (size_t)(slash - path) + 1 : 0);
}

/* A fresh hidden name in dir: "dir.baonoi-XXXXXX" (malloc'd), the file created empty. The
 * descriptor, or -1 with errno set. */
static int make_hidden(const char *dir, char **name)
{
	size_t n = strlen(dir) + sizeof ".baonoi-XXXXXX";
	*name = malloc(n);
	if (!*name) {
		errno = ENOMEM;
		return -1;
	}
	snprintf(*name, n, "%s.baonoi-XXXXXX", dir);
	int fd = mkostemp(*name, O_CLOEXEC);
	if (fd < 0) {
		int e = errno;
		free(*name);
		*name = NULL;
		errno = e;
		return -1;
	}
	/* The permissions a new file would get (mkstemp makes it private). */
	mode_t mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) != 0) {
		/* Not fatal: the file keeps mkstemp's private mode. */
	}
	return fd;
}

int bn_pending_open(bn_pending *p, const char *path)
{
	p->fd = -1;
	p->tmp = NULL;
	p->path = bn_strndup(path, strlen(path));
	char *dir = p->path ? directory_of(path) : NULL;
	if (!dir) {
		free(p->path);
		p->path = NULL;
		errno = ENOMEM;
		return -1;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		free(dir);
		free(p->path);
		p->path = NULL;
		errno = EISDIR;
		return -1;
	}
	/* Linking an unnamed file in goes through /proc: without it, a named file from the
	 * start. */
	if (access("/proc/self/fd", X_OK) == 0)
		p->fd = open(*dir ? dir : ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
	if (p->fd < 0)
		p->fd = make_hidden(dir, &p->tmp);
	int e = errno;
	free(dir);
	if (p->fd < 0) {
		free(p->path);
		p->path = NULL;
		errno = e;
		return -1;
	}
	return 0;
}

/* Link the unnamed file in as name; 0, or -1 with errno set. */
static int link_as(const bn_pending *p, const char *name)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", p->fd);
	return linkat(AT_FDCWD, proc, AT_FDCWD, name, AT_SYMLINK_FOLLOW);
}

int bn_pending_name(bn_pending *p)
{
	if (p->tmp)
		return 0;
	char *dir = directory_of(p->path);
	if (!dir) {
		errno = ENOMEM;
		return -1;
	}
	/* A fresh name, made free again for the link (the directory is the user's own). */
	for (int tries = 0; tries < 8; tries++) {
		char *name = NULL;
		int fd = make_hidden(dir, &name);
		if (fd < 0)
			break;
		close(fd);
		unlink(name);
		if (link_as(p, name) == 0) {
			p->tmp = name;
			free(dir);
			return 0;
		}
		int e = errno;
		free(name);
		errno = e;
		if (e != EEXIST)
			break;
	}
	int e = errno;
	free(dir);
	errno = e;
	return -1;
}

int bn_pending_commit(bn_pending *p)
{
	/* An unnamed file that nothing is in the way of becomes path in one step. */
	if (!p->tmp && link_as(p, p->path) == 0)
		goto done;
	if (bn_pending_name(p) != 0 || rename(p->tmp, p->path) != 0) {
		int e = errno;
		bn_pending_abort(p);
		errno = e;
		return -1;
	}
done:
	/* The file is in place: a late error from close (its data were written and checked
	 * already) changes nothing of that. */
	close(p->fd);
	p->fd = -1;
	free(p->tmp);
	free(p->path);
	p->tmp = p->path = NULL;
	return 0;
}

void bn_pending_abort(bn_pending *p)
{
	if (p->tmp)
		unlink(p->tmp);
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	free(p->tmp);
	free(p->path);
	p->tmp = p->path = NULL;
}
