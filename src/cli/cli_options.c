/* cli_options.c: the baonoi command's options: the help text, the defaults file
 * (~/.config/baonoi/config: "name = value" lines with the long options' names), the command
 * line (which wins), eSpeak NG's own spellings where they mean the same (-s, -w, --stdout),
 * and a suggestion for an option that does not exist. */
#include "cli.h"
#include "internal.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

void cli_usage(FILE *f)
{
	fputs("Usage: baonoi [OPTIONS] [SOURCE]          read an article aloud\n"
	      "       baonoi -o FILE [OPTIONS] [SOURCE]  write it to an audio file\n"
	      "       baonoi text|json|sentences|spoken [OPTIONS] [SOURCE]\n"
	      "       baonoi split|normalize [OPTIONS] < INPUT\n"
	      "       baonoi edition [OPTIONS] SOURCE... -d DIR   an audio edition of many "
	      "articles\n"
	      "\n"
	      "SOURCE is an http or https URL, an HTML page, a text file (paragraphs separated by\n"
	      "blank lines, the first is the title) or - for standard input. Without SOURCE,\n"
	      "baonoi reads standard input when it is a pipe or a file, and the bundled example\n"
	      "article when it is a terminal.\n"
	      "\n"
	      "Commands:\n"
	      "  text        print the cleaned article: title, blank line, blocks separated by\n"
	      "              blank lines\n"
	      "  json        print the article and its metadata as one JSON object\n"
	      "  sentences   print the sentences read aloud, one a line\n"
	      "  spoken      print the spoken form of each sentence, one a line\n"
	      "  split       split standard input (each line a paragraph) into sentences\n"
	      "  normalize   print the spoken form of each line of standard input\n"
	      "\n"
	      "Options:\n"
	      "  -o, --output FILE     write speech to FILE (.wav, .flac, .ogg, .opus, .mp3)\n"
	      "                        instead of playing it; - streams WAV to standard output\n"
	      "                        (eSpeak NG's -w FILE and --stdout are taken too)\n"
	      "      --format NAME     audio format whatever the file name: wav, flac, ogg, opus,\n"
	      "                        mp3, raw\n"
	      "      --raw             raw 16-bit little-endian mono PCM (with -o -)\n"
	      "      --timings FILE    write each sentence's start and end (.vtt or .srt)\n"
	      "  -f, --force           replace an output file even when it is read-only\n"
	      "      --no-meta         do not read the byline and date after the title\n"
	      "  -j, --jobs N          synthesise with N worker processes (default: one per\n"
	      "                        core); the audio is the same for any N\n"
	      "  -v, --voice NAME      voice profile: northern (default), central, southern, or\n"
	      "                        the path of a .voice file\n"
	      "  -r, --rate WPM        speaking rate in words per minute (80-900; also -s)\n"
	      "  -p, --pitch N         pitch (0-100)\n"
	      "  -a, --volume N        volume (0-200, 100 is normal)\n"
	      "  -d, --device DEV      play on this output device (a name or a number from\n"
	      "                        --list-devices)\n"
	      "      --captions        keep image captions and read them\n"
	      "      --lang CODE       the article's language (vi, en, de...), whatever the page\n"
	      "                        says; another than vi is read by eSpeak NG's voice for it,\n"
	      "                        as written\n"
	      "      --lexicon FILE    your own pronunciations, read first: lines of the written\n"
	      "                        form, a tab, the spoken form (default:\n"
	      "                        ~/.config/baonoi/lexicon, if there is one)\n"
	      "      --timeout SECONDS give up on a URL after this long (default 60)\n"
	      "      --max-size MB     refuse documents larger than this (default 16)\n"
	      "      --allow-private   follow redirects from a public address to a private or\n"
	      "                        loopback one (refused by default)\n"
	      "  -q, --quiet           no progress line or summary while writing a file\n"
	      "  -i, --interactive     read under the keyboard's control, like a screen reader:\n"
	      "                        Space pause, Right/Left sentence, Down/Up paragraph,\n"
	      "                        h/H heading, Home/End, r repeat, +/- rate, t title,\n"
	      "                        i where am I, s spell, ? spoken help, q/Esc quit\n"
	      "      --show            with -i, print each sentence as it is read\n"
	      "      --resume          with -i, start where the last session on this article\n"
	      "                        stopped\n"
	      "      --keys FILE       with -i, rebind keys (default: ~/.config/baonoi/keys)\n"
	      "      --list-voices     list the voice profiles\n"
	      "      --list-devices    list the audio output devices\n"
	      "  -h, --help            show this help\n"
	      "  -V, --version         show the version\n"
	      "\n"
	      "Audio editions (baonoi edition): each SOURCE is a feed (RSS, Atom, JSON Feed), a\n"
	      "news sitemap, a text file of URLs or a single page, as a URL or a file. Each "
	      "article\n"
	      "becomes DIR/NAME.FORMAT with its timings (.vtt) and metadata (.json) beside it,\n"
	      "listed in feed order in DIR/index.m3u8 and DIR/feed.xml (a podcast feed). A rerun\n"
	      "reads again only the articles that changed (DIR/.baonoi/ keeps what it needs).\n"
	      "  -d, --dir DIR         the edition's folder (made if need be)\n"
	      "      --format NAME     wav (default), flac, ogg, opus or mp3\n"
	      "      --since WHEN      only articles published since WHEN: a duration (90m, 24h,\n"
	      "                        7d) or a date (2026-11-30)\n"
	      "      --limit N         at most N articles, in feed order\n"
	      "      --combined        also DIR/edition.FORMAT: an introduction, then each "
	      "article\n"
	      "                        announced and read, a chapter mark each\n"
	      "      --base-url URL    where DIR is served: the podcast feed's enclosure URLs\n"
	      "      --progress=WHAT   auto (a progress line on a terminal), json (one JSON line\n"
	      "                        per article on standard output) or none\n"
	      "      --shard I/N       build only the I-th of N parts of the edition (a stable\n"
	      "                        hash of each URL decides), for many machines at once\n"
	      "      --merge DIR...    the playlist, feed and combined file from the shards'\n"
	      "                        folders, their files copied into -d DIR\n"
	      "\n"
	      "Defaults for voice, rate, pitch, volume, format, jobs, captions, no-meta, device,\n"
	      "timeout, max-size, lexicon, keys, show and quiet can be set in\n"
	      "~/.config/baonoi/config, one \"name = value\" a line; options on the command line\n"
	      "win.\n"
	      "\n"
	      "Exit status: 0 success, 1 internal error, 2 usage, 3 input file, 4 network,\n"
	      "5 HTTP error, 6 unsupported document or URL scheme, 7 no article, 8 encoding, 9 too "
	      "large,\n"
	      "10 speech, 11 audio device, 12 output file, 13 some articles of an edition failed\n"
	      "(the rest were built), 130 interrupted, 141 standard output closed by its reader,\n"
	      "128+N ended by signal N (no partial output is left).\n",
	      f);
}

int cli_usage_error(const char *fmt, const char *arg)
{
	fputs("baonoi: ", stderr);
	fprintf(stderr, fmt, arg);
	fputs(" (see baonoi --help)\n", stderr);
	return BN_ERR_USAGE;
}

enum {
	OPT_STDOUT = 0x100,
	OPT_LEXICON,
	OPT_LANG,
	OPT_ALLOW_PRIVATE,
	OPT_DIR,
	OPT_SINCE,
	OPT_LIMIT,
	OPT_COMBINED,
	OPT_BASE_URL,
	OPT_PROGRESS,
	OPT_SHARD,
	OPT_MERGE
};

static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                         {"voice", required_argument, NULL, 'v'},
                                         {"rate", required_argument, NULL, 'r'},
                                         {"pitch", required_argument, NULL, 'p'},
                                         {"volume", required_argument, NULL, 'a'},
                                         {"device", required_argument, NULL, 'd'},
                                         {"captions", no_argument, NULL, 'C'},
                                         {"timeout", required_argument, NULL, 'T'},
                                         {"max-size", required_argument, NULL, 'M'},
                                         {"format", required_argument, NULL, 'F'},
                                         {"raw", no_argument, NULL, 'R'},
                                         {"no-meta", no_argument, NULL, 'N'},
                                         {"timings", required_argument, NULL, 't'},
                                         {"jobs", required_argument, NULL, 'j'},
                                         {"interactive", no_argument, NULL, 'i'},
                                         {"show", no_argument, NULL, 'S'},
                                         {"resume", no_argument, NULL, 'U'},
                                         {"keys", required_argument, NULL, 'K'},
                                         {"lexicon", required_argument, NULL, OPT_LEXICON},
                                         {"lang", required_argument, NULL, OPT_LANG},
                                         {"quiet", no_argument, NULL, 'q'},
                                         {"force", no_argument, NULL, 'f'},
                                         {"allow-private", no_argument, NULL, OPT_ALLOW_PRIVATE},
                                         {"list-voices", no_argument, NULL, 'L'},
                                         {"list-devices", no_argument, NULL, 'D'},
                                         {"stdout", no_argument, NULL, OPT_STDOUT},
                                         {"dir", required_argument, NULL, OPT_DIR},
                                         {"since", required_argument, NULL, OPT_SINCE},
                                         {"limit", required_argument, NULL, OPT_LIMIT},
                                         {"combined", no_argument, NULL, OPT_COMBINED},
                                         {"base-url", required_argument, NULL, OPT_BASE_URL},
                                         {"progress", required_argument, NULL, OPT_PROGRESS},
                                         {"shard", required_argument, NULL, OPT_SHARD},
                                         {"merge", no_argument, NULL, OPT_MERGE},
                                         {"help", no_argument, NULL, 'h'},
                                         {"version", no_argument, NULL, 'V'},
                                         {NULL, 0, NULL, 0}};

/* The settings the defaults file may hold: the long options that say how to read, not what. */
static const char *const settings[] = {
        "voice",  "rate",    "pitch",    "volume",  "format", "jobs", "captions", "no-meta",
        "device", "timeout", "max-size", "lexicon", "keys",   "show", "quiet",    NULL};

/* --since: a duration back from now (90m, 24h, 7d, 3600s; a bare number is hours) or a date
 * as feeds write it; the cut-off time in seconds since the epoch. 0, or -1 when it is
 * neither. */
static int parse_since(const char *arg, int64_t *out)
{
	char *end;
	errno = 0;
	double v = strtod(arg, &end);
	static const struct {
		const char *unit;
		double seconds;
	} units[] = {{"", 3600}, {"s", 1}, {"m", 60}, {"h", 3600}, {"d", 86400}, {"w", 604800}};
	if (end != arg && errno == 0 && v >= 0 && v <= 1e5 * 86400 && arg[0] >= '0' &&
	    arg[0] <= '9' && strchr(arg, '-') == NULL)
		for (size_t i = 0; i < BN_ARRAY_LEN(units); i++)
			if (strcmp(end, units[i].unit) == 0) {
				*out = (int64_t)time(NULL) - (int64_t)(v * units[i].seconds);
				return 0;
			}
	int64_t t = bn_feed_parse_date(arg);
	if (t < 0)
		return -1;
	*out = t;
	return 0;
}

static int parse_number(const char *arg, int min, int max, int *out)
{
	char *end;
	errno = 0;
	long v = strtol(arg, &end, 10);
	if (!*arg || *end || errno || v < min || v > max)
		return -1;
	*out = (int)v;
	return 0;
}

/* Apply option c with its argument; 0, or -1 after reporting a bad value. where names the
 * defaults file's line ("FILE:LINE: "), or is "" on the command line. */
static int apply(options *o, int c, const char *arg, const char *where)
{
	int n;
	const char *bad = NULL;
	switch (c) {
	case 'o': o->output = arg; break;
	case OPT_STDOUT: o->output = "-"; break;
	case 'v': o->voice = arg; break;
	case 'd': o->device = arg; break;
	case 'r':
		if (parse_number(arg, 80, 900, &o->rate))
			bad = "--rate %s: expected words per minute, 80-900";
		break;
	case 'p':
		if (parse_number(arg, 0, 100, &o->pitch))
			bad = "--pitch %s: expected 0-100";
		break;
	case 'a':
		if (parse_number(arg, 0, 200, &o->volume))
			bad = "--volume %s: expected 0-200";
		break;
	case 'C': o->captions = 1; break;
	case 'F': o->format = arg; break;
	case 'R': o->format = "raw"; break;
	case 'N': o->no_meta = 1; break;
	case 'i': o->interactive = 1; break;
	case 'S': o->show = 1; break;
	case 'U': o->resume = 1; break;
	case 'K': o->keys = arg; break;
	case OPT_LEXICON: o->lexicon = arg; break;
	case OPT_LANG: o->lang = arg; break;
	case 'q': o->quiet = 1; break;
	case 'f': o->force = 1; break;
	case OPT_ALLOW_PRIVATE: o->fetch.allow_private = 1; break;
	case 't': o->timings = arg; break;
	case 'j':
		if (parse_number(arg, 1, 64, &o->jobs))
			bad = "--jobs %s: expected 1-64";
		break;
	case 'T':
		if (parse_number(arg, 1, 3600, &n)) {
			bad = "--timeout %s: expected seconds, 1-3600";
			break;
		}
		o->fetch.timeout_ms = n * 1000L;
		o->fetch.connect_timeout_ms = n < 10 ? n * 1000L : 10000L;
		break;
	case 'M':
		if (parse_number(arg, 1, 1024, &n)) {
			bad = "--max-size %s: expected megabytes, 1-1024";
			break;
		}
		o->fetch.max_bytes = (size_t)n << 20;
		break;
	case OPT_DIR: o->dir = arg; break;
	case OPT_SINCE:
		if (parse_since(arg, &o->since))
			bad = "--since %s: expected a duration (90m, 24h, 7d) or a date "
			      "(2026-11-30)";
		break;
	case OPT_LIMIT:
		if (parse_number(arg, 1, 10000, &o->limit))
			bad = "--limit %s: expected 1-10000";
		break;
	case OPT_COMBINED: o->combined = 1; break;
	case OPT_BASE_URL: o->base_url = arg; break;
	case OPT_PROGRESS:
		if (strcmp(arg, "json") == 0)
			o->progress_json = 1;
		else if (strcmp(arg, "none") == 0)
			o->quiet = 1;
		else if (strcmp(arg, "auto") != 0)
			bad = "--progress=%s: expected auto, json or none";
		break;
	case OPT_SHARD:
		if (sscanf(arg, "%d/%d%n", &o->shard, &o->shards, &n) != 2 || arg[n] ||
		    o->shards < 1 || o->shards > 1000 || o->shard < 1 || o->shard > o->shards)
			bad = "--shard %s: expected I/N, 1 <= I <= N <= 1000";
		break;
	case OPT_MERGE: o->merge = 1; break;
	case 'L': o->list_voices = 1; break;
	case 'D': o->list_devices = 1; break;
	default: break;
	}
	if (!bad)
		return 0;
	fprintf(stderr, "baonoi: %s", where);
	fprintf(stderr, bad, arg);
	fputs(*where ? "\n" : " (see baonoi --help)\n", stderr);
	return -1;
}

/* ---- the defaults file ----------------------------------------------------------------------- */

/* A switch's value in the defaults file: 1 for yes, 0 for no, -1 for neither. */
static int yes_no(const char *v)
{
	static const char *const yes[] = {"yes", "true", "on", "1", NULL};
	static const char *const no[] = {"no", "false", "off", "0", NULL};
	for (int i = 0; yes[i]; i++) {
		if (strcmp(v, yes[i]) == 0)
			return 1;
		if (strcmp(v, no[i]) == 0)
			return 0;
	}
	return -1;
}

/* The values the defaults file sets live as long as the process: its lines are kept. */
static char *config_text;

/* Apply the defaults file, when there is one; 0, or -1 after reporting a bad line. */
static int read_config(options *o)
{
	char *path = bn_user_path("XDG_CONFIG_HOME", ".config", "config");
	if (!path)
		return 0;
	FILE *f = fopen(path, "r");
	if (!f) {
		int missing = errno == ENOENT || errno == ENOTDIR;
		if (!missing)
			fprintf(stderr, "baonoi: %s: cannot read: %s\n", path, strerror(errno));
		free(path);
		return missing ? 0 : -1;
	}
	size_t len = 0, cap = 0;
	char chunk[4096];
	size_t got;
	int failed = 0;
	while (!failed && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + got + 1 > 1 << 20) { /* a defaults file is a few lines */
			fprintf(stderr, "baonoi: %s: too large for a defaults file\n", path);
			failed = 1;
			break;
		}
		if (len + got + 1 > cap) {
			char *t = realloc(config_text, cap = 2 * (len + got + 1));
			if (!t) {
				failed = 1;
				break;
			}
			config_text = t;
		}
		memcpy(config_text + len, chunk, got);
		len += got;
	}
	fclose(f);
	if (failed || !config_text) {
		free(path);
		return failed ? -1 : 0;
	}
	config_text[len] = '\0';
	if (memchr(config_text, '\0', len)) { /* it would hide what follows it */
		fprintf(stderr, "baonoi: %s: a NUL byte: not a text file\n", path);
		free(path);
		return -1;
	}
	int lineno = 0;
	for (char *line = config_text, *next; line && !failed; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		char *s = bn_trim(line);
		if (!*s || *s == '#')
			continue;
		char where[4200];
		snprintf(where, sizeof where, "%s:%d: ", path, lineno);
		char *eq = strchr(s, '=');
		char *name = s, *value = eq ? bn_trim(eq + 1) : NULL;
		if (eq)
			*eq = '\0';
		name = bn_trim(name);
		size_t k = 0;
		while (settings[k] && strcmp(settings[k], name) != 0)
			k++;
		const struct option *opt = longopts;
		while (settings[k] && opt->name && strcmp(opt->name, name) != 0)
			opt++;
		if (!value || !settings[k]) {
			fprintf(stderr,
			        value ? "baonoi: %s%s: not a setting (voice, rate, pitch, volume, "
			                "format, jobs, captions, no-meta, device, timeout, "
			                "max-size, "
			                "lexicon, keys, show, quiet)\n"
			              : "baonoi: %s%s: expected name = value\n",
			        where, name);
			failed = 1;
		} else if (opt->has_arg == no_argument) {
			int v = yes_no(value);
			if (v < 0) {
				fprintf(stderr, "baonoi: %s%s = %s: expected yes or no\n", where,
				        name, value);
				failed = 1;
			} else if (v) {
				apply(o, opt->val, NULL, where);
			}
		} else if (!*value) {
			fprintf(stderr, "baonoi: %s%s: no value\n", where, name);
			failed = 1;
		} else {
			failed = apply(o, opt->val, value, where) < 0;
		}
	}
	free(path);
	return failed ? -1 : 0;
}

/* ---- the command line ------------------------------------------------------------------------ */

/* Edit distance between a and b, for suggestions (short strings only). */
static size_t distance(const char *a, const char *b)
{
	size_t n = strlen(b), row[64];
	if (n >= 64 || strlen(a) >= 64)
		return 64;
	for (size_t j = 0; j <= n; j++)
		row[j] = j;
	for (size_t i = 1; a[i - 1]; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= n; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[n];
}

/* What to say after "unknown option X": an eSpeak NG option's nearest baonoi one, or the long
 * option the user probably meant. */
static int unknown_option(const char *arg)
{
	static const struct {
		const char *opt, *hint;
	} espeak[] = {{"-x", "did you mean baonoi spoken? (the spoken words, one sentence a line)"},
	              {"-X", "did you mean baonoi spoken?"},
	              {"--ipa", "did you mean baonoi spoken?"},
	              {"--pho", "did you mean baonoi spoken?"},
	              {"--voices", "did you mean --list-voices?"},
	              {"-f", "give the file as SOURCE: baonoi FILE"},
	              {"-m", "baonoi reads HTML pages and plain text, not SSML"},
	              {"-g", "pauses between words come from the voice profile (see voices/)"},
	              {"-k", "capitals are read as words or spelled by baonoi's own rules"},
	              {"-l", "line ends are read by baonoi's own rules"},
	              {"-b", "baonoi reads UTF-8 (and legacy charsets from HTML pages) by itself"},
	              {"--punct", "punctuation is read by baonoi's own rules"},
	              {"--split", "did you mean -o FILE? (one file per article)"}};
	char name[64];
	snprintf(name, sizeof name, "%s", arg);
	char *eq = strchr(name, '=');
	if (eq)
		*eq = '\0';
	for (size_t i = 0; i < BN_ARRAY_LEN(espeak); i++)
		if (strcmp(name, espeak[i].opt) == 0) {
			fprintf(stderr, "baonoi: unknown option %s; %s\n", name, espeak[i].hint);
			return BN_ERR_USAGE;
		}
	const char *best = NULL;
	size_t best_d = 3;
	if (name[0] == '-' && name[1] == '-')
		for (const struct option *o = longopts; o->name; o++) {
			size_t d = distance(name + 2, o->name);
			if (d < best_d)
				best = o->name, best_d = d;
		}
	if (best) {
		fprintf(stderr, "baonoi: unknown option %s; did you mean --%s?\n", name, best);
		return BN_ERR_USAGE;
	}
	return cli_usage_error("%s: unknown option", name);
}

/* Synthesis workers by default: one per core, at most 8. The audio is the same whatever the
 * number (each unit of sentences is synthesised from the same state: see workers.c). */
static int default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

/* Whether an output name says its format ("a.mp3"): else the defaults file's format is used. */
static int named_format(const char *output)
{
	static const char *const ext[] = {".wav", ".flac", ".ogg", ".oga", ".opus",
	                                  ".mp3", ".raw",  ".pcm", NULL};
	for (int i = 0; ext[i]; i++)
		if (bn_ends_with_ci(output, ext[i]))
			return 1;
	return 0;
}

/* The rest of `baonoi edition`'s command line: its sources (or folders with --merge); -d is
 * the folder there (an edition is written, never played). -1 to go on, or 2. */
static int edition_arguments(options *o, int argc, char **argv)
{
	if (!o->dir && o->device) {
		o->dir = o->device;
		o->device = NULL;
	}
	if (o->device)
		return cli_usage_error("--device %s: an edition is written to files, not played",
		                       o->device);
	if (!o->dir)
		return cli_usage_error("%s: where to? (-d DIR)", "edition");
	if (o->output || o->timings || o->interactive)
		return cli_usage_error("%s: not with baonoi edition (-d DIR takes the files)",
		                       o->output    ? "-o"
		                       : o->timings ? "--timings"
		                                    : "-i");
	if (argc < 1)
		return cli_usage_error("%s: no source (a feed, a list of URLs or a page)",
		                       "edition");
	if (o->merge && o->shards)
		return cli_usage_error("%s: --merge joins the shards' folders; it builds none",
		                       "--shard");
	o->sources = argv;
	o->nsources = argc;
	if (!o->format)
		o->format = "wav";
	static const char *const formats[] = {"wav", "flac", "ogg", "opus", "mp3", NULL};
	int known = 0;
	for (int i = 0; formats[i]; i++)
		known |= strcmp(o->format, formats[i]) == 0;
	if (!known)
		return cli_usage_error(
		        "--format %s: an edition is written as wav, flac, ogg, opus or "
		        "mp3",
		        o->format);
	return -1;
}

int cli_parse(int argc, char **argv, options *o)
{
	static const struct {
		const char *name;
		command cmd;
	} commands[] = {{"text", CMD_TEXT},           {"json", CMD_JSON},
	                {"sentences", CMD_SENTENCES}, {"spoken", CMD_SPOKEN},
	                {"split", CMD_SPLIT},         {"normalize", CMD_NORMALIZE},
	                {"read", CMD_READ},           {"edition", CMD_EDITION}};
	memset(o, 0, sizeof *o);
	o->fetch.size = sizeof o->fetch;
	o->cmd = CMD_READ;
	o->rate = o->pitch = o->volume = -1;
	o->jobs = default_jobs();
	if (read_config(o) < 0)
		return BN_ERR_USAGE;
	/* What the defaults file set that only some runs use: the command line decides. */
	const char *default_format = o->format;
	int default_show = o->show;
	const char *default_keys = o->keys;
	o->format = NULL;
	o->show = 0;
	o->keys = NULL;
	int c;
	opterr = 0; /* our own one-line messages */
	optind = 1;
	while ((c = getopt_long(argc, argv, ":o:w:v:r:s:p:a:d:j:qfihV", longopts, NULL)) != -1) {
		switch (c) {
		case 'w': c = 'o'; break; /* eSpeak NG's -w FILE */
		case 's': c = 'r'; break; /* eSpeak NG's -s WPM */
		case 'h': cli_usage(stdout); return 0;
		case 'V': printf("baonoi %s\n", BN_VERSION); return 0;
		case ':': return cli_usage_error("%s: missing argument", argv[optind - 1]);
		case '?': return unknown_option(argv[optind - 1]);
		default: break;
		}
		if (apply(o, c, optarg, "") < 0)
			return BN_ERR_USAGE;
	}
	int arg = optind;
	if (arg < argc)
		for (size_t i = 0; i < BN_ARRAY_LEN(commands); i++)
			if (strcmp(argv[arg], commands[i].name) == 0) {
				o->cmd = commands[i].cmd;
				arg++;
				break;
			}
	if (o->list_voices || o->list_devices)
		return -1;
	int edition_option = o->dir || o->since || o->limit || o->combined || o->base_url ||
	                     o->progress_json || o->shards || o->merge;
	if (o->cmd == CMD_EDITION) {
		if (!o->format)
			o->format = default_format;
		return edition_arguments(o, argc - arg, argv + arg);
	}
	if (edition_option)
		return cli_usage_error("%s: only with baonoi edition", o->dir        ? "--dir"
		                                                       : o->since    ? "--since"
		                                                       : o->limit    ? "--limit"
		                                                       : o->combined ? "--combined"
		                                                       : o->base_url ? "--base-url"
		                                                       : o->shards   ? "--shard"
		                                                       : o->merge    ? "--merge"
		                                                                  : "--progress");
	if (o->cmd == CMD_SPLIT || o->cmd == CMD_NORMALIZE) {
		if (arg < argc)
			return cli_usage_error("%s: split and normalize read standard input only",
			                       argv[arg]);
		return -1;
	}
	if (arg + 1 < argc)
		return cli_usage_error("%s: one source at a time", argv[arg + 1]);
	/* No SOURCE: a pipe or a file on standard input is read, as cat and espeak-ng do; the
	 * bundled example only for a person at a terminal (source NULL). */
	o->source = arg < argc ? argv[arg] : !isatty(STDIN_FILENO) ? "-" : NULL;
	if ((o->format || o->timings) && !o->output && o->cmd == CMD_READ)
		return cli_usage_error("%s: only with -o FILE",
		                       o->format ? "--format" : "--timings");
	if ((o->show || o->resume || o->keys) && !o->interactive)
		return cli_usage_error("%s: only with -i", o->show     ? "--show"
		                                           : o->resume ? "--resume"
		                                                       : "--keys");
	if (o->interactive && (o->output || o->cmd != CMD_READ))
		return cli_usage_error("-i: reads aloud, not %s",
		                       o->output ? "into a file" : "with a command");
	if (o->output && o->cmd != CMD_READ)
		return cli_usage_error("-o %s: only for reading aloud", o->output);
	if (!o->format && o->output && !named_format(o->output) && strcmp(o->output, "-") != 0)
		o->format = default_format;
	if (o->interactive) {
		o->show |= default_show;
		if (!o->keys)
			o->keys = default_keys;
	}
	return -1;
}
