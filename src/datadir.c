/* datadir.c: where baonoi's data (voices/, examples/) lives: $BAONOI_DATA_DIR, else beside the
 * running program (the source tree's build/ directory, or PREFIX/bin next to
 * PREFIX/share/baonoi), else the directory compiled in at build time. And where the user's
 * own files go (voices, keys, reading positions), after the XDG base directories. */
#include "buf.h"
#include "internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BN_DATA_DIR
#define BN_DATA_DIR "/usr/local/share/baonoi"
#endif

static char data_dir[PATH_MAX];
static pthread_once_t data_dir_once = PTHREAD_ONCE_INIT;

/* 1 when dir holds the northern voice profile. */
static int has_voices(const char *dir)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/voices/northern.voice", dir);
	return access(path, R_OK) == 0;
}

static void find_data_dir(void)
{
	const char *env = getenv("BAONOI_DATA_DIR");
	if (env && *env && strlen(env) < sizeof data_dir) {
		strcpy(data_dir, env);
		return;
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			char candidate[PATH_MAX];
			static const char *const relative[] = {"/..", "/../share/baonoi", ""};
			for (size_t i = 0; i < BN_ARRAY_LEN(relative); i++) {
				if (snprintf(candidate, sizeof candidate, "%s%s", exe,
				             relative[i]) >= (int)sizeof candidate)
					continue;
				if (has_voices(candidate) && realpath(candidate, data_dir))
					return;
			}
		}
	}
	snprintf(data_dir, sizeof data_dir, "%s", BN_DATA_DIR);
}

const char *bn_data_dir(void)
{
	pthread_once(&data_dir_once, find_data_dir);
	return data_dir;
}

char *bn_user_path(const char *xdg_var, const char *home_dir, const char *name)
{
	const char *xdg = getenv(xdg_var), *home = getenv("HOME");
	bn_buf b = {0};
	if (xdg && xdg[0] == '/')
		bn_buf_printf(&b, "%s/baonoi/%s", xdg, name);
	else if (home && *home)
		bn_buf_printf(&b, "%s/%s/baonoi/%s", home, home_dir, name);
	else
		return NULL;
	return bn_buf_take(&b);
}
