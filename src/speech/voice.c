/* voice.c: voice profiles, plain-text "key = value" files in voices/ (format documented in
 * voices/README.md), looked up in the user's directory ($XDG_CONFIG_HOME/baonoi/voices) and
 * then in the data directory. */
#include "internal.h"
#include "lines.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Copy the trimmed value into a fixed-size field; 0 when it does not fit. */
static int copy_field(char *dst, size_t size, const char *value)
{
	size_t n = strlen(value);
	if (n == 0 || n >= size)
		return 0;
	memcpy(dst, value, n + 1);
	return 1;
}

static int parse_int(const char *value, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < min || v > max)
		return 0;
	*out = (int)v;
	return 1;
}

/* Read one profile file. */
static bn_status read_voice(const char *path, bn_voice *v, bn_error *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return bn_fail(err, BN_ERR_SPEECH, "%s: cannot open voice profile: %s", path,
		               strerror(errno));
	memset(v, 0, sizeof *v);
	strcpy(v->espeak, "vi");
	v->rate = 175;
	v->pitch = 50;
	v->range = 50;
	v->volume = 100;
	v->pause_paragraph = 400;
	v->pause_heading = 700;
	/* The name defaults to the file name without .voice. */
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	snprintf(v->name, sizeof v->name, "%.*s", (int)strcspn(base, "."), base);
	/* A profile is a few short lines: anything much longer is not one (/dev/zero). */
	bn_lines in;
	bn_lines_init(&in, f, path, 4096, 64 * 1024, BN_ERR_SPEECH);
	bn_error read_err;
	int got;
	while ((got = bn_lines_next(&in, &read_err)) == 1) {
		size_t lineno = in.lineno;
		char *s = bn_trim(in.line);
		if (!*s || *s == '#')
			continue;
		char *eq = strchr(s, '=');
		if (!eq) {
			bn_lines_free(&in);
			fclose(f);
			return bn_fail(err, BN_ERR_SPEECH, "%s:%zu: expected key = value", path,
			               lineno);
		}
		*eq = '\0';
		char *key = bn_trim(s), *value = bn_trim(eq + 1);
		int ok = 1;
		if (!strcmp(key, "name"))
			ok = copy_field(v->name, sizeof v->name, value);
		else if (!strcmp(key, "description"))
			ok = copy_field(v->description, sizeof v->description, value);
		else if (!strcmp(key, "espeak"))
			ok = copy_field(v->espeak, sizeof v->espeak, value);
		else if (!strcmp(key, "region")) {
			if (!strcmp(value, "north"))
				v->region = BN_REGION_NORTH;
			else if (!strcmp(value, "central"))
				v->region = BN_REGION_CENTRAL;
			else if (!strcmp(value, "south"))
				v->region = BN_REGION_SOUTH;
			else
				ok = 0;
		} else if (!strcmp(key, "rate"))
			ok = parse_int(value, 80, 900, &v->rate);
		else if (!strcmp(key, "pitch"))
			ok = parse_int(value, 0, 100, &v->pitch);
		else if (!strcmp(key, "range"))
			ok = parse_int(value, 0, 100, &v->range);
		else if (!strcmp(key, "volume"))
			ok = parse_int(value, 0, 200, &v->volume);
		else if (!strcmp(key, "word_gap"))
			ok = parse_int(value, 0, 100, &v->word_gap);
		else if (!strcmp(key, "pause_paragraph"))
			ok = parse_int(value, 0, 10000, &v->pause_paragraph);
		else if (!strcmp(key, "pause_heading"))
			ok = parse_int(value, 0, 10000, &v->pause_heading);
		else
			ok = -1;
		if (ok <= 0) {
			/* The message first: key lives in the line. */
			bn_status st = bn_fail(err, BN_ERR_SPEECH, "%s:%zu: %s '%s'", path, lineno,
			                       ok < 0 ? "unknown key" : "bad value for", key);
			bn_lines_free(&in);
			fclose(f);
			return st;
		}
	}
	bn_lines_free(&in);
	fclose(f);
	if (got < 0 && err)
		*err = read_err;
	return got < 0 ? read_err.status : BN_OK;
}

/* The user's voice directory, or "" when there is no home. */
static void user_voice_dir(char *out, size_t size)
{
	char *dir = bn_user_path("XDG_CONFIG_HOME", ".config", "voices");
	snprintf(out, size, "%s", dir ? dir : "");
	free(dir);
}

bn_status bn_voice_load(const char *name, const char *data_dir, bn_voice *out, bn_error *err)
{
	if (strchr(name, '/') || bn_ends_with_ci(name, ".voice"))
		return read_voice(name, out, err);
	for (const char *p = name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return bn_fail(err, BN_ERR_USAGE, "%s: not a voice name", name);
	char dirs[2][PATH_MAX];
	user_voice_dir(dirs[0], sizeof dirs[0]);
	snprintf(dirs[1], sizeof dirs[1], "%s/voices", data_dir ? data_dir : bn_data_dir());
	for (int i = 0; i < 2; i++) {
		if (!dirs[i][0])
			continue;
		char path[PATH_MAX + 80];
		if (snprintf(path, sizeof path, "%.*s/%.64s.voice", PATH_MAX - 1, dirs[i], name) >=
		    (int)sizeof path)
			continue;
		FILE *f = fopen(path, "r");
		if (f) {
			fclose(f);
			return read_voice(path, out, err);
		}
	}
	return bn_fail(err, BN_ERR_USAGE, "%s: no such voice", name);
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

bn_status bn_voice_list(const char *data_dir, int (*fn)(const bn_voice *, void *), void *user,
                        bn_error *err)
{
	char dirs[2][PATH_MAX];
	snprintf(dirs[0], sizeof dirs[0], "%s/voices", data_dir ? data_dir : bn_data_dir());
	user_voice_dir(dirs[1], sizeof dirs[1]);
	char *names[256];
	size_t count = 0;
	for (int i = 0; i < 2; i++) {
		DIR *d = dirs[i][0] ? opendir(dirs[i]) : NULL;
		if (!d)
			continue;
		struct dirent *e;
		while ((e = readdir(d)) && count < BN_ARRAY_LEN(names)) {
			if (!bn_ends_with_ci(e->d_name, ".voice"))
				continue;
			size_t need = strlen(dirs[i]) + strlen(e->d_name) + 2;
			char *path = malloc(need);
			if (!path)
				break;
			snprintf(path, need, "%s/%s", dirs[i], e->d_name);
			names[count++] = path;
		}
		closedir(d);
	}
	qsort(names, count, sizeof *names, compare_names);
	bn_status st = BN_OK;
	int stop = 0;
	for (size_t i = 0; i < count; i++) {
		bn_voice v;
		if (!stop && st == BN_OK) {
			st = read_voice(names[i], &v, err);
			if (st == BN_OK)
				stop = fn(&v, user);
		}
		free(names[i]);
	}
	if (count == 0 && st == BN_OK)
		return bn_fail(err, BN_ERR_SPEECH, "%s: no voice profiles found", dirs[0]);
	return st;
}
