/* settings.c: the values SET sends (rate, pitch, volume, punctuation, spelling, voice,
 * language...) checked and kept, and the module's configuration file (baonoi.conf: lines
 * `Name "value"`, # comments, the syntax of Speech Dispatcher's own files). */
#include "sd.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void sd_settings_default(sd_settings *s)
{
	memset(s, 0, sizeof *s);
	s->punctuation = SD_PUNCT_NONE;
	snprintf(s->voice_type, sizeof s->voice_type, "male1");
	snprintf(s->language, sizeof s->language, "vi");
}

/* A whole decimal integer in lo..hi; -1 when value is not one. */
static int parse_int(const char *value, int lo, int hi, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(value, &end, 10);
	if (errno || end == value || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Copy value into a field; -1 when it does not fit. */
static int copy(char *field, size_t size, const char *value)
{
	size_t n = strlen(value);
	if (n >= size)
		return -1;
	memcpy(field, value, n + 1);
	return 0;
}

int sd_settings_set(sd_settings *s, const char *name, const char *value)
{
	if (!strcmp(name, "rate"))
		return parse_int(value, -100, 100, &s->rate);
	if (!strcmp(name, "pitch"))
		return parse_int(value, -100, 100, &s->pitch);
	if (!strcmp(name, "pitch_range"))
		return parse_int(value, -100, 100, &s->pitch_range);
	if (!strcmp(name, "volume"))
		return parse_int(value, -100, 100, &s->volume);
	if (!strcmp(name, "punctuation_mode")) {
		static const char *const modes[] = {"none", "some", "most", "all"};
		for (int i = 0; i < 4; i++)
			if (!strcmp(value, modes[i])) {
				s->punctuation = (sd_punct)i;
				return 0;
			}
		return -1;
	}
	if (!strcmp(name, "spelling_mode")) {
		if (strcmp(value, "on") && strcmp(value, "off"))
			return -1;
		s->spelling = !strcmp(value, "on");
		return 0;
	}
	if (!strcmp(name, "cap_let_recogn")) {
		if (strcmp(value, "none") && strcmp(value, "spell") && strcmp(value, "icon"))
			return -1;
		s->cap_let = !strcmp(value, "spell");
		return 0;
	}
	if (!strcmp(name, "voice"))
		return copy(s->voice_type, sizeof s->voice_type, value);
	if (!strcmp(name, "language"))
		return copy(s->language, sizeof s->language, value);
	if (!strcmp(name, "synthesis_voice"))
		return copy(s->synthesis_voice, sizeof s->synthesis_voice,
		            strcmp(value, "NULL") ? value : "");
	return -1;
}

/* The value of a configuration line after its name: quoted or bare, into out. */
static int config_value(const char *p, char *out, size_t size)
{
	while (*p == ' ' || *p == '\t')
		p++;
	size_t n;
	if (*p == '"') {
		const char *q = strchr(++p, '"');
		if (!q)
			return -1;
		n = (size_t)(q - p);
	} else {
		n = strcspn(p, " \t\r\n#");
	}
	if (n >= size)
		return -1;
	memcpy(out, p, n);
	out[n] = '\0';
	return 0;
}

int sd_config_read(const char *path, sd_config *cfg, char *why, size_t why_size)
{
	memset(cfg, 0, sizeof *cfg);
	snprintf(cfg->voice, sizeof cfg->voice, "northern");
	if (!path || !*path)
		return 0;
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(why, why_size, "%s: %s", path, strerror(errno));
		return -1;
	}
	static const struct {
		const char *name;
		size_t offset, size;
	} keys[] = {
	        {"BaonoiVoice", offsetof(sd_config, voice), sizeof cfg->voice},
	        {"BaonoiLexicon", offsetof(sd_config, lexicon), sizeof cfg->lexicon},
	        {"BaonoiAudioDevice", offsetof(sd_config, device), sizeof cfg->device},
	        {"BaonoiPlayback", offsetof(sd_config, playback), sizeof cfg->playback},
	};
	char line[1024];
	int lineno = 0, rc = 0;
	while (rc == 0 && fgets(line, sizeof line, f)) {
		lineno++;
		const char *p = line + strspn(line, " \t");
		if (*p == '#' || *p == '\n' || *p == '\r' || !*p)
			continue;
		size_t n = strcspn(p, " \t\r\n");
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
			if (strlen(keys[k].name) != n || strncasecmp(p, keys[k].name, n))
				continue;
			if (config_value(p + n, (char *)cfg + keys[k].offset, keys[k].size)) {
				snprintf(why, why_size, "%s:%d: bad value for %s", path, lineno,
				         keys[k].name);
				rc = -1;
			}
		}
		/* Other names (Speech Dispatcher's own, as Debug) are left to their readers. */
	}
	fclose(f);
	if (rc == 0 && cfg->playback[0] && strcmp(cfg->playback, "server") &&
	    strcmp(cfg->playback, "module")) {
		snprintf(why, why_size,
		         "%s: BaonoiPlayback is \"server\" or \"module\", not \"%s\"", path,
		         cfg->playback);
		rc = -1;
	}
	cfg->own_playback = !strcmp(cfg->playback, "module");
	return rc;
}
