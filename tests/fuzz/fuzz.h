/* fuzz.h: what the fuzz targets share: a private scratch directory and writing the input to a
 * file in it (the file parsers take paths), and stopping at once on a broken property. */
#ifndef BN_FUZZ_H
#define BN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A directory of the process's own, made once: under $BAONOI_FUZZ_TMP (the runner script's
 * own folder, which it removes when the target ends, leaving other runs on the machine
 * alone), else under /tmp. */
static inline const char *fuzz_dir(void)
{
	static char dir[64];
	if (!dir[0]) {
		const char *parent = getenv("BAONOI_FUZZ_TMP");
		if (!parent || !*parent || strlen(parent) > 32 || strchr(parent, '\''))
			parent = "/tmp";
		snprintf(dir, sizeof dir, "%s/baonoi-fuzz-%ld", parent, (long)getpid());
		char cmd[96];
		snprintf(cmd, sizeof cmd, "mkdir -p '%s'", dir);
		if (system(cmd) != 0)
			abort();
	}
	return dir;
}

/* Write data to dir/name; the path, in a static buffer. */
static inline const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[128];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		abort();
	return path;
}

/* A property the code must keep: report and stop (libFuzzer keeps the input). */
#define FUZZ_ASSERT(cond)                                                                          \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "property broken: %s (%s:%d)\n", #cond, __FILE__,          \
			        __LINE__);                                                         \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
