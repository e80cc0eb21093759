/* standalone.c: a main for the fuzz targets without libFuzzer: each file named on the command
 * line is one input. `make check` runs the kept crash inputs (tests/fuzz/regressions/) and the
 * seeds through the targets this way, under the sanitizers when SANITIZE=1. */
#include "fuzz.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		size_t cap = 1 << 16, n = 0, got;
		uint8_t *data = malloc(cap);
		while (data && (got = fread(data + n, 1, cap - n, f)) > 0) {
			n += got;
			if (n == cap) {
				uint8_t *t = realloc(data, cap *= 2);
				if (!t)
					free(data);
				data = t;
			}
		}
		fclose(f);
		if (!data)
			return 1;
		LLVMFuzzerTestOneInput(data, n);
		free(data);
	}
	char cmd[96];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir());
	return system(cmd) == 0 ? 0 : 1;
}
