/* positions.c: where the interactive reader stopped in each article, so that --resume can go
 * on from there. One line per article in $XDG_STATE_HOME/baonoi/positions (by default
 * ~/.local/state/baonoi/positions): "sentence<TAB>sentences<TAB>key", the key being the
 * article's canonical URL or its file's full path. Rewritten whole through a pending file
 * (pending.c), keeping the most recent MAX_POSITIONS articles. */
#include "reader.h"

#include "lines.h"
#include "pending.h"

#include <errno.h>
#include <fcntl.h>
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

/* A positions file holds at most this many articles (the most recently read). */
#define MAX_POSITIONS 1000
/* and is at most this large: keys are cut at 2 KB (clean_key). */
#define MAX_LINE 2100
#define MAX_FILE (MAX_POSITIONS * (MAX_LINE + 1))

/* The key of a line "sentence<TAB>sentences<TAB>key" (a pointer into it), or NULL when the
 * line is not one of ours. */
static const char *key_of(const char *line)
{
	const char *tab1 = strchr(line, '\t');
	const char *tab2 = tab1 ? strchr(tab1 + 1, '\t') : NULL;
	return tab2 ? tab2 + 1 : NULL;
}

long bn_position_load(const char *key)
{
	char *path = positions_path(0);
	FILE *f = path ? fopen(path, "r") : NULL;
	if (!f) {
		free(path);
		return -1;
	}
	char want[2048];
	clean_key(key, want, sizeof want);
	long found = -1;
	bn_lines in;
	bn_lines_init(&in, f, path, MAX_LINE, MAX_FILE, BN_ERR_INPUT);
	/* A damaged or foreign file gives no position: reading starts at the top. */
	while (bn_lines_next(&in, NULL) == 1) {
		const char *k = key_of(in.line);
		char *end;
		long at = k && strcmp(k, want) == 0 && in.line[0] >= '0' && in.line[0] <= '9'
		                  ? strtol(in.line, &end, 10)
		                  : -1;
		if (at >= 0 && *end == '\t') /* a sentence number, else a damaged line */
			found = at;
	}
	bn_lines_free(&in);
	fclose(f);
	free(path);
	return found;
}

/* Copy to out the last MAX_POSITIONS - 1 lines of in (a positions file) whose key is not
 * want, in order; lines that are not ours are dropped. 0, or -1 when out of memory. */
static int copy_others(FILE *in, const char *name, const char *want, FILE *out)
{
	char *keep[MAX_POSITIONS - 1] = {0};
	size_t count = 0; /* lines seen; the last ones are in keep, as a ring */
	bn_lines r;
	bn_lines_init(&r, in, name, MAX_LINE, MAX_FILE, BN_ERR_INPUT);
	int failed = 0;
	while (!failed && bn_lines_next(&r, NULL) == 1) {
		const char *k = key_of(r.line);
		if (!k || strcmp(k, want) == 0)
			continue;
		char **slot = &keep[count++ % BN_ARRAY_LEN(keep)];
		free(*slot);
		failed = !(*slot = bn_strndup(r.line, r.len));
	}
	bn_lines_free(&r);
	size_t n = count < BN_ARRAY_LEN(keep) ? count : BN_ARRAY_LEN(keep);
	for (size_t i = count - n; i < count; i++) {
		char *line = keep[i % BN_ARRAY_LEN(keep)];
		if (line)
			fprintf(out, "%s\n", line);
	}
	for (size_t i = 0; i < BN_ARRAY_LEN(keep); i++)
		free(keep[i]);
	return failed ? -1 : 0;
}

bn_status bn_position_save(const char *key, size_t sentence, size_t count, bn_error *err)
{
	char *path = positions_path(1);
	if (!path)
		return bn_fail(err, BN_ERR_OUTPUT, "cannot save the reading position: no HOME");
	char want[2048];
	clean_key(key, want, sizeof want);
	bn_pending file;
	FILE *out = NULL;
	if (bn_pending_open(&file, path) == 0) {
		int fd = fcntl(file.fd, F_DUPFD_CLOEXEC, 0);
		out = fd >= 0 ? fdopen(fd, "w") : NULL;
		if (!out) {
			int e = errno;
			if (fd >= 0)
				close(fd);
			bn_pending_abort(&file);
			errno = e;
		}
	}
	if (!out) {
		bn_status st =
		        bn_fail(err, BN_ERR_OUTPUT, "%s: cannot save the reading position: %s",
		                path, strerror(errno));
		free(path);
		return st;
	}
	/* The other articles' lines (the most recent ones), then this one's. */
	FILE *in = fopen(path, "r");
	int failed = in && copy_others(in, path, want, out) != 0;
	if (in)
		fclose(in);
	fprintf(out, "%zu\t%zu\t%s\n", sentence, count, want);
	failed |= ferror(out);
	failed |= fclose(out) != 0;
	bn_status st = BN_OK;
	if (failed) {
		bn_pending_abort(&file);
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot save the reading position: %s", path,
		             errno ? strerror(errno) : "out of memory");
	} else if (bn_pending_commit(&file) != 0) {
		st = bn_fail(err, BN_ERR_OUTPUT, "%s: cannot save the reading position: %s", path,
		             strerror(errno));
	}
	free(path);
	return st;
}
