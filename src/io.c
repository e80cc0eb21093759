/* io.c: writing a whole buffer to a descriptor, through short writes and interruptions. */
#include "internal.h"

#include <errno.h>
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
