/* main.c: sd_baonoi's main loop. speech-dispatcher starts the module with its configuration
 * file as the argument and sends commands on standard input, one per line; blocks of data
 * (a message, settings) follow some of them, ended by a line holding a single dot, a leading
 * dot doubled. Answers go back on standard output (reply.c), events too, from the speech
 * thread (say.c). Lines are read whole up to a limit; a longer one is dropped with an error,
 * as is anything the protocol does not know: the module outlives a confused server. */
#include "internal.h"
#include "sd.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A message longer than this is refused (Orca sends a line or a paragraph). */
#define MAX_DATA (4u << 20)

/* Standard input, read in blocks; lines handed out one by one. */
typedef struct reader {
	char buf[65536];
	size_t start, end;
	int eof;
} reader;

/* The next line into *line (without its newline; NUL-terminated, malloc'd): 1, or 0 at the
 * end of input. A line longer than max is cut to max bytes, the rest skipped; *cut says so. */
static int read_line(reader *r, char **line, size_t max, int *cut)
{
	size_t len = 0, cap = 256;
	char *s = malloc(cap);
	*cut = 0;
	if (!s)
		return 0;
	for (;;) {
		if (r->start == r->end) {
			if (r->eof)
				break;
			ssize_t n = read(STDIN_FILENO, r->buf, sizeof r->buf);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0) {
				r->eof = 1;
				break;
			}
			r->start = 0;
			r->end = (size_t)n;
		}
		char *nl = memchr(r->buf + r->start, '\n', r->end - r->start);
		size_t take = (nl ? (size_t)(nl - r->buf) : r->end) - r->start;
		size_t keep = take;
		if (len + keep > max) {
			keep = max > len ? max - len : 0;
			*cut = 1;
		}
		if (len + keep + 1 > cap) {
			while (len + keep + 1 > cap)
				cap *= 2;
			char *t = realloc(s, cap);
			if (!t) {
				free(s);
				return 0;
			}
			s = t;
		}
		memcpy(s + len, r->buf + r->start, keep);
		len += keep;
		r->start += take + (nl ? 1 : 0);
		if (nl) {
			s[len] = '\0';
			*line = s;
			return 1;
		}
	}
	if (len == 0) {
		free(s);
		return 0;
	}
	s[len] = '\0'; /* a last line without its newline */
	*line = s;
	return 1;
}

/* The block after a command, up to its "." line, lines joined by '\n' (a leading ".." is a
 * "."): malloc'd into *data with its line count; -1 at the end of input, 1 when too long. */
static int read_block(reader *r, char **data, size_t *lines)
{
	size_t len = 0;
	char *s = calloc(1, 1);
	int too_long = 0;
	*lines = 0;
	for (;;) {
		char *line;
		int cut;
		if (!s || !read_line(r, &line, MAX_DATA, &cut)) {
			free(s);
			return -1;
		}
		if (!strcmp(line, ".")) {
			free(line);
			break;
		}
		const char *text = line[0] == '.' ? line + 1 : line;
		size_t n = strlen(text);
		too_long |= cut || len + n + 1 > MAX_DATA;
		if (!too_long) {
			char *t = realloc(s, len + n + 2);
			if (!t) {
				free(line);
				free(s);
				return -1;
			}
			s = t;
			if (len)
				s[len++] = '\n';
			memcpy(s + len, text, n);
			len += n;
			s[len] = '\0';
		}
		(*lines)++;
		free(line);
	}
	*data = s;
	return too_long;
}

/* AUDIO's values, kept until its end: where the audio goes. */
typedef struct audio_params {
	char method[32];
	char device[256];
} audio_params;

typedef struct module {
	reader in;
	audio_params audio;
	sd_config cfg;
	sd_speech *speech;
	sd_settings settings;
} module;

/* SPEAK, CHAR, KEY, SOUND_ICON: the message, then speech. */
static int cmd_speak(module *m, sd_msgtype type)
{
	sd_reply("202 OK RECEIVING MESSAGE");
	char *data;
	size_t lines;
	int rc = read_block(&m->in, &data, &lines);
	if (rc < 0)
		return -1;
	if (rc > 0) {
		sd_reply("301 ERROR CANT SPEAK");
		free(data);
		return 0;
	}
	if (!*data || !m->speech) {
		free(data);
		sd_reply("301 ERROR CANT SPEAK");
		return 0;
	}
	if (type != SD_MSG_TEXT && lines > 1) {
		free(data);
		sd_reply("305 DATA MORE THAN ONE LINE");
		return 0;
	}
	sd_message *msg = type == SD_MSG_TEXT ? sd_message_from_ssml(data, strlen(data))
	                                      : sd_message_single(type, data);
	free(data);
	if (!msg) {
		sd_reply("301 ERROR CANT SPEAK");
		return 0;
	}
	sd_reply("200 OK SPEAKING");
	sd_speech_speak(m->speech, msg, &m->settings);
	return 0;
}

/* The "name=value" lines of SET, AUDIO or LOGLEVEL, each given to take; the error to answer
 * with (NULL when all were understood), or "" at the end of input. */
static const char *read_params(module *m, const char *what,
                               int (*take)(module *m, const char *name, const char *value))
{
	/* As speech-dispatcher's own modules answer: 203 for SET, 207 for the others. */
	sd_reply("%s OK RECEIVING %sSETTINGS", *what ? "207" : "203", what);
	char *data;
	size_t lines;
	int rc = read_block(&m->in, &data, &lines);
	if (rc < 0)
		return "";
	const char *error = rc > 0 ? "302 ERROR BAD SYNTAX" : NULL;
	char *save = NULL;
	for (char *line = rc ? NULL : strtok_r(data, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *eq = strchr(line, '=');
		if (!eq || eq == line || !eq[1]) {
			error = "302 ERROR BAD SYNTAX";
			continue;
		}
		*eq = '\0';
		if (take(m, line, eq + 1) != 0 && !error)
			error = "303 ERROR INVALID PARAMETER OR VALUE";
	}
	free(data);
	return error;
}

static int take_setting(module *m, const char *name, const char *value)
{
	/* Settings of newer servers that the module has no use for are accepted. */
	int rc = sd_settings_set(&m->settings, name, value);
	if (rc)
		sd_log(2, "SET %s=%s: not understood", name, value);
	return rc;
}

static int take_audio(module *m, const char *name, const char *value)
{
	if (!strcmp(name, "audio_output_method"))
		snprintf(m->audio.method, sizeof m->audio.method, "%s", value);
	else if (!strcmp(name, "audio_alsa_device") && strcmp(value, "default"))
		snprintf(m->audio.device, sizeof m->audio.device, "%s", value);
	return 0; /* the other methods' parameters (pulse server, oss device...) do not apply */
}

static int take_loglevel(module *m, const char *name, const char *value)
{
	(void)m;
	if (strcmp(name, "log_level"))
		return -1;
	sd_log_level(atoi(value));
	return 0;
}

static void cmd_set(module *m)
{
	const char *error = read_params(m, "", take_setting);
	if (error && *error)
		sd_reply("%s", error);
	else if (!error)
		sd_reply("203 OK SETTINGS RECEIVED");
}

static void cmd_audio(module *m)
{
	memset(&m->audio, 0, sizeof m->audio);
	const char *error = read_params(m, "AUDIO ", take_audio);
	if (error) {
		if (*error)
			sd_reply("%s", error);
		return;
	}
	/* "server": the server plays (Speech Dispatcher 0.10+); anything else is ours to play. */
	int to_server = !m->audio.method[0] || !strcmp(m->audio.method, "server");
	char why[512] = "";
	if (to_server && m->cfg.own_playback) {
		/* The server then sends its own audio settings (AudioOutputMethod). */
		sd_reply("300-baonoi plays its own audio (BaonoiPlayback \"module\")\n"
		         "300 MODULE ERROR");
		return;
	}
	const char *device = m->audio.device[0] ? m->audio.device : m->cfg.device;
	if (!m->speech || sd_speech_audio(m->speech, to_server, device, why, sizeof why) != 0)
		sd_reply("300-%s\n300 MODULE ERROR", why[0] ? why : "not initialised");
	else
		sd_reply("203 OK AUDIO INITIALIZED");
}

static void cmd_loglevel(module *m)
{
	const char *error = read_params(m, "LOGLEVEL ", take_loglevel);
	if (error && *error)
		sd_reply("%s", error);
	else if (!error)
		sd_reply("203 OK LOGLEVEL SET");
}

static void list_voice(const char *name, const char *lang, void *user)
{
	int *any = user;
	sd_reply_locked("200-%s\t%s\tnone", name, lang);
	*any = 1;
}

static void cmd_list_voices(module *m)
{
	int any = 0;
	sd_reply_lock();
	if (m->speech)
		sd_speech_voices(m->speech, list_voice, &any);
	sd_reply_locked(any ? "200 OK VOICE LIST SENT" : "304 CANT LIST VOICES");
	sd_reply_unlock();
}

/* DEBUG ON FILE, DEBUG OFF. */
static void cmd_debug(const char *line)
{
	if (!strcmp(line, "DEBUG OFF")) {
		sd_log_file(NULL);
		sd_reply("200 OK DEBUGGING OFF");
	} else if (!strncmp(line, "DEBUG ON ", 9) && line[9]) {
		if (sd_log_file(line + 9) != 0)
			sd_reply("303 CANT OPEN CUSTOM DEBUG FILE");
		else
			sd_reply("200 OK DEBUGGING ON");
	} else {
		sd_reply("302 ERROR BAD SYNTAX");
	}
}

/* Answer commands until QUIT or the end of input; 0 after QUIT. */
static int serve(module *m)
{
	static const struct {
		const char *name;
		sd_msgtype type;
	} speak[] = {{"SPEAK", SD_MSG_TEXT},
	             {"CHAR", SD_MSG_CHAR},
	             {"KEY", SD_MSG_KEY},
	             {"SOUND_ICON", SD_MSG_ICON}};
	char *line;
	int cut;
	while (read_line(&m->in, &line, 4096, &cut)) {
		sd_log(5, "command: %s", line);
		int rc = 0;
		size_t k = 0;
		while (k < sizeof speak / sizeof speak[0] && strcmp(line, speak[k].name))
			k++;
		if (k < sizeof speak / sizeof speak[0])
			rc = cmd_speak(m, speak[k].type);
		else if (!strcmp(line, "STOP"))
			sd_speech_stop(m->speech);
		else if (!strcmp(line, "PAUSE"))
			sd_speech_pause(m->speech);
		else if (!strcmp(line, "SET"))
			cmd_set(m);
		else if (!strcmp(line, "AUDIO"))
			cmd_audio(m);
		else if (!strcmp(line, "LOGLEVEL"))
			cmd_loglevel(m);
		else if (!strcmp(line, "LIST VOICES"))
			cmd_list_voices(m);
		else if (!strncmp(line, "DEBUG", 5))
			cmd_debug(line);
		else if (!strcmp(line, "QUIT")) {
			free(line);
			sd_speech_stop(m->speech);
			sd_reply("210 OK QUIT");
			return 0;
		} else
			sd_reply("300 ERR UNKNOWN COMMAND");
		free(line);
		if (rc < 0)
			break;
	}
	return 2; /* the server went away */
}

int main(int argc, char **argv)
{
	module m = {0};
	char why[512] = "";
	/* The data (voices/) is found beside this program wherever the server started it from,
	 * as the command finds its own. */
	char exe[PATH_MAX];
	ssize_t exe_len = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (exe_len > 0) {
		exe[exe_len] = '\0';
		bn_data_dir_beside(exe);
	}
	sd_settings_default(&m.settings);
	if (sd_config_read(argc > 1 ? argv[1] : NULL, &m.cfg, why, sizeof why) != 0) {
		fprintf(stderr, "sd_baonoi: %s\n", why);
		return 1;
	}
	char *line;
	int cut;
	if (!read_line(&m.in, &line, 4096, &cut))
		return 2;
	int init = !strcmp(line, "INIT");
	free(line);
	if (!init) {
		fprintf(stderr, "sd_baonoi: the server did not begin with INIT\n");
		return 3;
	}
	m.speech = sd_speech_new(&m.cfg, why, sizeof why);
	if (!m.speech) {
		sd_reply("399-baonoi: %s\n399 ERR CANT INIT MODULE", why);
		return 1;
	}
	sd_reply("299-baonoi " BN_VERSION ": Vietnamese voice %s ready\n299 OK LOADED SUCCESSFULLY",
	         m.cfg.voice);
	int rc = serve(&m);
	sd_speech_free(m.speech);
	return rc;
}
