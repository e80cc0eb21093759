/* fuzz_files.c: the files a user writes by hand, parsed from any bytes: voice profiles, key
 * files, the reading positions file, the lexicon and the defaults file. The first byte picks
 * the parser, the rest is the file. Each either loads or fails with a message naming the file
 * (and the line, where there is one); none may crash or take what a line does not say. */
#include "fuzz.h"

#include "baonoi.h"
#include "cli.h"
#include "reader.h"
#include "term.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>

/* Point the XDG variable at dir (in the scratch folder) and make dir/baonoi, with mkdir(2):
 * a shell per input made this target a hundred times slower than its parsers. */
static void xdg_home(const char *var, const char *dir)
{
	char path[128], sub[160];
	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), dir);
	setenv(var, path, 1);
	snprintf(sub, sizeof sub, "%s/baonoi", path);
	if ((mkdir(path, 0700) != 0 && errno != EEXIST) ||
	    (mkdir(sub, 0700) != 0 && errno != EEXIST))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const uint8_t *body = data + 1;
	size_t n = size - 1;
	bn_error err = {BN_OK, ""};
	switch (data[0] % 5) {
	case 0: {
		const char *path = fuzz_file("x.voice", body, n);
		bn_voice v;
		bn_status st = bn_voice_load(path, NULL, &v, &err);
		FUZZ_ASSERT(st == BN_OK || strstr(err.message, "x.voice"));
		if (st == BN_OK)
			FUZZ_ASSERT(v.rate >= 80 && v.rate <= 900 && v.volume >= 0 &&
			            v.volume <= 200 && memchr(v.name, '\0', sizeof v.name));
		break;
	}
	case 1: {
		const char *path = fuzz_file("keys", body, n);
		bn_keymap map;
		bn_keymap_default(&map);
		bn_status st = bn_keymap_load(&map, path, 1, &err);
		FUZZ_ASSERT(st == BN_OK || strstr(err.message, "keys"));
		/* Whatever the file says, C-c quits. */
		FUZZ_ASSERT(st != BN_OK || bn_keymap_action(&map, 0x03) == BN_ACT_QUIT);
		break;
	}
	case 2: {
		xdg_home("XDG_STATE_HOME", "state");
		fuzz_file("state/baonoi/positions", body, n);
		long at = bn_position_load("https://example.vn/a.htm");
		FUZZ_ASSERT(at >= -1);
		bn_error e;
		FUZZ_ASSERT(bn_position_save("https://example.vn/a.htm", 3, 9, &e) == BN_OK);
		FUZZ_ASSERT(bn_position_load("https://example.vn/a.htm") == 3);
		break;
	}
	case 3: {
		const char *path = fuzz_file("lexicon", body, n);
		bn_voice v;
		bn_normalizer *nz = NULL;
		if (bn_voice_load("northern", NULL, &v, &err) != BN_OK ||
		    bn_normalizer_new(&v, NULL, &nz, &err) != BN_OK)
			abort();
		if (bn_normalizer_add_lexicon(nz, path, &err) == BN_OK) {
			char *s = bn_normalize(nz, "LHQ họp ngày 22/5/2020 tại TP.HCM");
			FUZZ_ASSERT(s != NULL);
			free(s);
		} else {
			FUZZ_ASSERT(strstr(err.message, "lexicon"));
		}
		bn_normalizer_free(nz);
		break;
	}
	case 4: {
		xdg_home("XDG_CONFIG_HOME", "config");
		fuzz_file("config/baonoi/config", body, n);
		char *argv[] = {"baonoi", "sentences", "/dev/null", NULL};
		options o;
		memset(&o, 0, sizeof o);
		/* The command reports a bad line on standard error: not here, thousands a second
		 * (a crash still leaves its input behind). */
		fflush(stderr);
		int saved = dup(2), null = open("/dev/null", O_WRONLY);
		dup2(null, 2);
		int rc = cli_parse(3, argv, &o);
		fflush(stderr);
		dup2(saved, 2);
		close(saved);
		close(null);
		FUZZ_ASSERT(rc == -1 || rc == BN_ERR_USAGE || rc == 0);
		break;
	}
	}
	return 0;
}
