/* options.c: option structs of any version: each begins with its size, so that a program
 * built against an older header keeps working with a library that added fields. */
#include "internal.h"

#include <string.h>

int bn_options_copy(void *dst, size_t dst_size, const void *opts, size_t v1_size)
{
	memset(dst, 0, dst_size);
	size_t size = dst_size;
	if (opts) {
		memcpy(&size, opts, sizeof size);
		if (size < v1_size)
			return -1;
		memcpy(dst, opts, size < dst_size ? size : dst_size);
	}
	memcpy(dst, &dst_size, sizeof dst_size); /* this version's, from now on */
	return 0;
}
