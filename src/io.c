/* io.c: writing a whole buffer to a descriptor, through short writes and interruptions, and
 * creating the temporary file a finished file is renamed from. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int bn_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
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

int bn_create_temporary(const char *path, char **tmp)
{
	size_t n = strlen(path);
	*tmp = malloc(n + 16);
	if (!*tmp) {
		errno = ENOMEM;
		return -1;
	}
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	snprintf(*tmp, n + 16, "%.*s.%s.XXXXXX", (int)dir, path, path + dir);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		int e = errno;
		free(*tmp);
		*tmp = NULL;
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
