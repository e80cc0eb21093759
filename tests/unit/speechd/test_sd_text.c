/* test_sd_text.c: the Speech Dispatcher module's text handling: SSML to pieces (marks,
 * spelled text, hostile markup), the Vietnamese names of characters and keys, spelling and
 * punctuation modes, SET's values and the configuration file. */
#include "unit.h"

#include "sd.h"

#include <unistd.h>

/* The pieces of a message as one string: text as is, marks as [name], spelled as {text}. */
static char *pieces(const sd_message *m)
{
	size_t n = 1;
	for (size_t i = 0; i < m->count; i++)
		n += strlen(m->pieces[i].text) + 2;
	char *s = calloc(1, n);
	assert_non_null(s);
	for (size_t i = 0; i < m->count; i++) {
		const sd_piece *p = &m->pieces[i];
		if (p->kind == SD_MARK)
			strcat(s, "[");
		if (p->kind == SD_SPELL)
			strcat(s, "{");
		strcat(s, p->text);
		if (p->kind == SD_MARK)
			strcat(s, "]");
		if (p->kind == SD_SPELL)
			strcat(s, "}");
	}
	return s;
}

static void expect_pieces(const char *ssml, const char *want)
{
	sd_message *m = sd_message_from_ssml(ssml, strlen(ssml));
	assert_non_null(m);
	char *got = pieces(m);
	if (strcmp(got, want))
		fail_msg("%s\n  got:  %s\n  want: %s", ssml, got, want);
	free(got);
	sd_message_free(m);
}

static void test_ssml(void **state)
{
	(void)state;
	expect_pieces("Xin chào", "Xin chào");
	expect_pieces("<speak>Xin chào</speak>", "Xin chào");
	expect_pieces("<speak><mark name=\"0\"/>Một <mark name=\"1\"/>hai</speak>",
	              "[0]Một [1]hai");
	expect_pieces("<speak>Mã <say-as interpret-as=\"characters\">HĐBA</say-as>.</speak>",
	              "Mã {HĐBA}.");
	expect_pieces("<speak>a<break time=\"1s\"/>b</speak>", "a, b");
	expect_pieces("<speak>1 &lt; 2 &amp; 3</speak>", "1 < 2 & 3");
	expect_pieces("<speak><p><s>Câu <emphasis>một</emphasis>.</s></p></speak>", "Câu một.");
	/* Marks without a name say nothing. */
	expect_pieces("<speak><mark/>a<mark name=\"\"/></speak>", "a");
	/* Not well-formed: read leniently. */
	expect_pieces("<speak>ba <b>bốn</speak>", "ba bốn");
	/* Not XML at all: the tags removed. */
	expect_pieces("<<a>b &lt; c", "b < c");
}

static void test_ssml_entities_not_expanded(void **state)
{
	(void)state;
	const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE s [<!ENTITY a \"aaaaaaaaaa\">"
	                   "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	                   "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><speak>x&c;y</speak>";
	sd_message *m = sd_message_from_ssml(bomb, strlen(bomb));
	assert_non_null(m);
	char *got = pieces(m);
	assert_null(strstr(got, "aaaa"));
	free(got);
	sd_message_free(m);
}

static void expect(char *got, const char *want);

static void test_joined_text_and_ssml_out(void **state)
{
	(void)state;
	const char *in = "<speak><mark name=\"a\"/>Ngày <mark name=\"b\"/>22/5/2020 <say-as "
	                 "interpret-as=\"characters\">ĐB</say-as> &amp; <mark name=\"c\"/></speak>";
	sd_message *m = sd_message_from_ssml(in, strlen(in));
	assert_non_null(m);
	sd_text t;
	assert_int_equal(sd_text_join(m, SD_PUNCT_NONE, 0, 1, &t), 0);
	assert_string_equal(t.text, "Ngày 22/5/2020  đê, bê  & ");
	assert_int_equal(t.count, 3);
	assert_int_equal(t.at[0], 0);
	assert_int_equal(t.at[1], strlen("Ngày "));
	assert_int_equal(t.at[2], strlen(t.text));
	assert_string_equal(t.names[1], "b");
	expect(sd_ssml_at_offsets(&t, 0, strlen(t.text)),
	       "<speak><mark name=\"0\"/>Ngày <mark name=\"1\"/>22/5/2020  đê, bê  &amp; "
	       "<mark name=\"2\"/></speak>");
	sd_text_free(&t);
	/* Another language: spelled letter by letter, as written. */
	assert_int_equal(sd_text_join(m, SD_PUNCT_NONE, 0, 0, &t), 0);
	assert_string_equal(t.text, "Ngày 22/5/2020  Đ B   & ");
	sd_text_free(&t);
	sd_message_free(m);

	size_t words[] = {0, 1, 1, 4};
	expect(sd_ssml_after_words("Ngày  hai mươi <ba>", words, 5, 4),
	       "<speak><mark name=\"5\"/>Ngày<mark name=\"6\"/><mark name=\"7\"/> hai mươi "
	       "&lt;ba&gt;<mark name=\"8\"/></speak>");
	assert_int_equal(sd_word_count("  một  hai\tba\n"), 3);
	assert_int_equal(sd_word_count(""), 0);
}

static void expect(char *got, const char *want)
{
	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("got '%s', want '%s'", got, want);
	free(got);
}

static void test_chars(void **state)
{
	(void)state;
	expect(sd_char_spoken("a", 0), "a");
	expect(sd_char_spoken("đ", 0), "đê");
	expect(sd_char_spoken("space", 0), "cách");
	expect(sd_char_spoken(" ", 0), "cách");
	expect(sd_char_spoken(";", 0), "chấm phẩy");
	expect(sd_char_spoken("5", 0), "năm");
	expect(sd_char_spoken("A", 0), "a");
	expect(sd_char_spoken("A", 1), "a hoa");
	expect(sd_char_spoken("Đ", 1), "đê hoa");
}

static void test_keys(void **state)
{
	(void)state;
	expect(sd_key_spoken("a"), "a");
	expect(sd_key_spoken("space"), "cách");
	expect(sd_key_spoken("shift_a"), "síp a");
	expect(sd_key_spoken("control_alt_delete"), "con trôn an xóa");
	expect(sd_key_spoken("f5"), "ép năm");
	expect(sd_key_spoken("f12"), "ép mười hai");
	expect(sd_key_spoken("kp-enter"), "en tơ bàn phím số");
	expect(sd_key_spoken("kp-5"), "bàn phím số năm");
	expect(sd_key_spoken("_"), "gạch dưới");
	expect(sd_key_spoken("underscore"), "gạch dưới");
	expect(sd_key_spoken("double-quote"), "ngoặc kép");
	expect(sd_key_spoken("A"), "a hoa");
}

static void test_spell_and_punctuation(void **state)
{
	(void)state;
	expect(sd_spell_all("Ab1", 1), "a hoa, bê, một");
	expect(sd_spell_all("a b", 0), "a, cách, bê");
	expect(sd_name_punctuation("A, b; c.", SD_PUNCT_ALL), "A phẩy,  b chấm phẩy;  c chấm. ");
	/* A number's separators belong to it. */
	expect(sd_name_punctuation("1.000 và 3,5", SD_PUNCT_ALL), "1.000 và 3,5");
	expect(sd_name_punctuation("a@b, c", SD_PUNCT_SOME), "a a còng b, c");
	expect(sd_name_punctuation("a@b, c", SD_PUNCT_NONE), "a@b, c");
}

static void test_settings(void **state)
{
	(void)state;
	sd_settings s;
	sd_settings_default(&s);
	assert_string_equal(s.language, "vi");
	assert_int_equal(sd_settings_set(&s, "rate", "50"), 0);
	assert_int_equal(s.rate, 50);
	assert_int_equal(sd_settings_set(&s, "rate", "101"), -1);
	assert_int_equal(sd_settings_set(&s, "rate", "fast"), -1);
	assert_int_equal(sd_settings_set(&s, "rate", "5x"), -1);
	assert_int_equal(s.rate, 50);
	assert_int_equal(sd_settings_set(&s, "punctuation_mode", "all"), 0);
	assert_int_equal(s.punctuation, SD_PUNCT_ALL);
	assert_int_equal(sd_settings_set(&s, "punctuation_mode", "loud"), -1);
	assert_int_equal(sd_settings_set(&s, "spelling_mode", "on"), 0);
	assert_int_equal(s.spelling, 1);
	assert_int_equal(sd_settings_set(&s, "cap_let_recogn", "spell"), 0);
	assert_int_equal(s.cap_let, 1);
	assert_int_equal(sd_settings_set(&s, "voice", "male2"), 0);
	assert_string_equal(s.voice_type, "male2");
	assert_int_equal(sd_settings_set(&s, "synthesis_voice", "southern"), 0);
	assert_int_equal(sd_settings_set(&s, "synthesis_voice", "NULL"), 0);
	assert_string_equal(s.synthesis_voice, "");
	char longer[100];
	memset(longer, 'x', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	assert_int_equal(sd_settings_set(&s, "language", longer), -1);
	assert_string_equal(s.language, "vi");
	assert_int_equal(sd_settings_set(&s, "no_such_thing", "1"), -1);
}

static void test_config(void **state)
{
	(void)state;
	char path[] = "/tmp/baonoi-sd-conf-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "# comment\nBaonoiVoice \"southern\"\nbaonoiplayback module\n"
	                   "Debug 0\nBaonoiLexicon \"/x/y.txt\"\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	sd_config cfg;
	char why[256] = "";
	assert_int_equal(sd_config_read(path, &cfg, why, sizeof why), 0);
	assert_string_equal(cfg.voice, "southern");
	assert_string_equal(cfg.lexicon, "/x/y.txt");
	assert_int_equal(cfg.own_playback, 1);

	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("BaonoiPlayback \"speakers\"\n", f);
	fclose(f);
	assert_int_equal(sd_config_read(path, &cfg, why, sizeof why), -1);
	assert_non_null(strstr(why, "BaonoiPlayback"));
	unlink(path);

	assert_int_equal(sd_config_read(path, &cfg, why, sizeof why), -1);
	assert_non_null(strstr(why, path));
	assert_int_equal(sd_config_read(NULL, &cfg, why, sizeof why), 0);
	assert_string_equal(cfg.voice, "northern");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_ssml),
	        cmocka_unit_test(test_ssml_entities_not_expanded),
	        cmocka_unit_test(test_joined_text_and_ssml_out),
	        cmocka_unit_test(test_chars),
	        cmocka_unit_test(test_keys),
	        cmocka_unit_test(test_spell_and_punctuation),
	        cmocka_unit_test(test_settings),
	        cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
