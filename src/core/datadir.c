/* datadir.c: where baonoi's data (voices/, examples/) lives: $BAONOI_DATA_DIR, else the place
 * the calling program named (the command names its own: bn_data_dir_beside), else beside the
 * library itself (PREFIX/lib next to PREFIX/share/baonoi, whatever program loaded it; or the
 * program the static library is linked into), else the directory compiled in at build time.
 * The library never looks at /proc/self/exe: in a host program that is the host's path. And
 * where the user's own files go (voices, keys, reading positions), after the XDG base
 * directories. */
#define _GNU_SOURCE /* dladdr */
#include "buf.h"
#include "internal.h"

#include <dlfcn.h>
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
static char program_path[PATH_MAX]; /* named by the calling program, before the first search */
static pthread_once_t data_dir_once = PTHREAD_ONCE_INIT;

/* 1 when dir holds the northern voice profile. */
static int has_voices(const char *dir)
{
	char path[PATH_MAX + 64];
	snprintf(path, sizeof path, "%s/voices/northern.voice", dir);
	return access(path, R_OK) == 0;
}

/* Look for the data beside the file at path (a library or a program): in its directory's
 * parent (the source tree, from build/), PREFIX/share/baonoi (from PREFIX/lib or PREFIX/bin,
 * or a multiarch PREFIX/lib/TRIPLET), or the directory itself. 1 when found. */
static int data_beside(const char *path)
{
	char dir[PATH_MAX];
	if (!path || snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return 0;
	char *slash = strrchr(dir, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	static const char *const relative[] = {"/..", "/../share/baonoi", "/../../share/baonoi",
	                                       ""};
	char candidate[PATH_MAX];
	for (size_t i = 0; i < BN_ARRAY_LEN(relative); i++) {
		if (snprintf(candidate, sizeof candidate, "%s%s", dir, relative[i]) >=
		    (int)sizeof candidate)
			continue;
		if (has_voices(candidate) && realpath(candidate, data_dir))
			return 1;
	}
	return 0;
}

static void find_data_dir(void)
{
	const char *env = getenv("BAONOI_DATA_DIR");
	if (env && *env && strlen(env) < sizeof data_dir) {
		strcpy(data_dir, env);
		return;
	}
	/* The file this function is in: libbaonoi.so wherever it was installed, or the program
	 * that linked the static library. */
	Dl_info info;
	char self[PATH_MAX];
	if (dladdr((void *)find_data_dir, &info) && info.dli_fname &&
	    realpath(info.dli_fname, self) && data_beside(self))
		return;
	if (*program_path && data_beside(program_path))
		return;
	snprintf(data_dir, sizeof data_dir, "%s", BN_DATA_DIR);
}

void bn_data_dir_beside(const char *program)
{
	if (program && strlen(program) < sizeof program_path)
		strcpy(program_path, program);
}

const char *bn_program_path(void)
{
	return *program_path ? program_path : NULL;
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
