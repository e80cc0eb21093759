/* positions.c: where the interactive reader stopped in each article, so that --resume can go
 * on from there. One line per article in $XDG_STATE_HOME/baonoi/positions (by default
 * ~/.local/state/baonoi/positions): "sentence<TAB>sentences<TAB>key", the key being the
 * article's canonical URL or its file's full path. Rewritten whole through a temporary file. */
#include "reader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The positions file's path (malloc'd), or NULL without a home; with make_dir, its directory
 * is created. */
static char *positions_path(int make_dir)
{
	char *path = bn_user_path("XDG_STATE_HOME", ".local/state", "positions");
	if (make_dir && path) {
		/* mkdir -p of its directory: each component in turn. */
		char *last = strrchr(path, '/');
		for (char *p = path + 1; p <= last; p++)
			if (*p == '/') {
				*p = '\0';
				mkdir(path, 0700);
				*p = '/';
			}
	}
	return path;
}

/* The key as stored: tabs and line ends would break the file's lines. */
static void clean_key(const char *key, char *out, size_t size)
{
	size_t n = 0;
	for (; *key && n + 1 < size; key++)
		out[n++] = *key == '\t' || *key == '\n' || *key == '\r' ? ' ' : *key;
	out[n] = '\0';
}

long bn_position_load(const char *key)
{
	char *path = positions_path(0);
	FILE *f = path ? fopen(path, "r") : NULL;
	free(path);
	if (!f)
		return -1;
	char want[2048], line[2200];
	clean_key(key, want, sizeof want);
	long found = -1;
	while (fgets(line, sizeof line, f)) {
		char *tab1 = strchr(line, '\t');
		char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		if (!tab2)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(tab2 + 1, want) == 0)
			found = strtol(line, NULL, 10);
	}
	fclose(f);
	return found;
}

bn_status bn_position_save(const char *key, size_t sentence, size_t count, bn_error *err)
{
	char *path = positions_path(1);
	if (!path)
		return bn_fail(err, BN_ERR_OUTPUT, "cannot save the reading position: no HOME");
	char want[2048], line[2200];
	clean_key(key, want, sizeof want);
	char *tmp = NULL;
	int fd = bn_create_temporary(path, &tmp);
	FILE *out = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (!out) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		bn_status st =
		        bn_fail(err, BN_ERR_OUTPUT, "%s: cannot save the reading position: %s",
		                path, strerror(e));
		free(path);
		return st;
	}
	/* Every other article's line, then this one's. */
	FILE *in = fopen(path, "r");
	while (in && fgets(line, sizeof line, in)) {
		char *tab1 = strchr(line, '\t');
		char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
		size_t len = strcspn(line, "\n");
		if (!tab2 || line[len] != '\n')
			continue; /* not a line of ours, or too long */
		line[len] = '\0';
		if (strcmp(tab2 + 1, want) != 0)
			fprintf(out, "%s\n", line);
	}
	if (in)
		fclose(in);
	fprintf(out, "%zu\t%zu\t%s\n", sentence, count, want);
	int failed = ferror(out);
	failed |= fclose(out) != 0;
	bn_status st = BN_OK;
	if (failed || rename(tmp, path) != 0) {
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot save the reading position: %s", path,
		             strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	free(path);
	return st;
}
