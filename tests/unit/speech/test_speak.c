/* test_speak.c: eSpeak NG's saved state. A sentence synthesised after others differs from the
 * same sentence synthesised first (the state eSpeak NG carries); restoring the saved state
 * (in a forked child, as the workers do) makes it sound exactly as it did first. The workers rely on this for audio that does not
 * depend on the number of jobs. Also: which texts keep the state restorable. */
#include "unit.h"

#include "internal.h"
#include "speech.h"

#include <sys/wait.h>
#include <unistd.h>

/* Samples gathered from one synthesis. */
typedef struct audio {
	int16_t *s;
	size_t n, cap;
} audio;

static int collect(const int16_t *samples, size_t count, void *user)
{
	audio *a = user;
	if (a->n + count > a->cap) {
		a->cap = (a->n + count) * 2;
		a->s = realloc(a->s, a->cap * sizeof *a->s);
		assert_non_null(a->s);
	}
	memcpy(a->s + a->n, samples, count * sizeof *samples);
	a->n += count;
	return 0;
}

/* collect without cmocka's checks, for a forked child. */
static int collect_quietly(const int16_t *samples, size_t count, void *user)
{
	audio *a = user;
	if (a->n + count > a->cap) {
		int16_t *grown = realloc(a->s, (a->n + count) * 2 * sizeof *a->s);
		if (!grown)
			return 1;
		a->s = grown;
		a->cap = (a->n + count) * 2;
	}
	memcpy(a->s + a->n, samples, count * sizeof *samples);
	a->n += count;
	return 0;
}

static audio say(bn_speaker *sp, const char *text)
{
	audio a = {NULL, 0, 0};
	bn_error err;
	assert_int_equal(bn_speaker_say(sp, text, collect, &a, &err), BN_OK);
	assert_true(a.n > 0);
	return a;
}

static int same(const audio *a, const audio *b)
{
	return a->n == b->n && memcmp(a->s, b->s, a->n * sizeof *a->s) == 0;
}

static const char *sentence = "Hội đồng Bảo an Liên Hợp Quốc họp khẩn vào chiều nay.";
static const char *others[] = {
        "Thủ tướng nói chuyện với cử tri ở Hà Nội về giá điện, giá xăng và học phí.",
        "Các em học sinh dùng Facebook, Zalo và email để học trực tuyến mỗi ngày.",
        "Giá vàng tăng mạnh, có lúc vượt mốc năm mươi triệu đồng một lượng.",
};

/* In a child: the sentence's samples, or exit status 3 on failure. */
static audio child_say(bn_speaker *sp, const char *text)
{
	audio a = {NULL, 0, 0};
	bn_error err;
	if (bn_speaker_say(sp, text, collect_quietly, &a, &err) != BN_OK || a.n == 0 || !a.s)
		_exit(3);
	return a;
}

/* The check itself, in a child as in the workers (see bn_speaker_restore_state): exit status
 * 0 when every restore brought the first sound back and the sentence did drift without it, 1
 * when a restore did not, 2 when nothing drifted. */
static void child_restores(bn_speaker *sp, const audio *first)
{
	int drifted = 0;
	for (size_t i = 0; i < BN_ARRAY_LEN(others); i++) {
		audio other = child_say(sp, others[i]);
		free(other.s);
		audio after =
		        child_say(sp, sentence); /* what it sounds like after other sentences */
		drifted |= !same(first, &after);
		free(after.s);
		bn_speaker_restore_state(sp);
		audio restored = child_say(sp, sentence);
		int ok = same(first, &restored);
		free(restored.s);
		if (!ok)
			_exit(1);
		bn_speaker_restore_state(sp);
	}
	/* Without the restore the sentence does sound different: the test can fail. */
	_exit(drifted ? 0 : 2);
}

static void test_restore_makes_a_unit_sound_the_same(void **state)
{
	(void)state;
	bn_voice voice;
	bn_error err;
	assert_int_equal(bn_voice_load("northern", NULL, &voice, &err), BN_OK);
	bn_speaker *sp;
	assert_int_equal(bn_speaker_new(&voice, &sp, &err), BN_OK);
	assert_int_equal(bn_speaker_warm(sp, &err), BN_OK);
	assert_int_equal(bn_speaker_save_state(sp, &err), BN_OK);
	audio first = say(sp, sentence);
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		child_restores(sp, &first);
	int status = -1;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	free(first.s);
	bn_speaker_free(sp);
}

static void test_restorable_texts(void **state)
{
	(void)state;
	assert_true(bn_speaker_restorable("Tiếng Việt có dấu: ă â đ ê ô ơ ư, Ừ, ỹ."));
	assert_true(bn_speaker_restorable("Facebook, iPhone, 5 € – “trích dẫn” … → ≤"));
	assert_true(bn_speaker_restorable(""));
	assert_false(bn_speaker_restorable("Thủ đô 서울 của Hàn Quốc"));
	assert_false(bn_speaker_restorable("tiếng हिन्दी"));
	assert_false(bn_speaker_restorable("Москва"));
	assert_false(bn_speaker_restorable("北京"));
	assert_false(bn_speaker_restorable("\xf0\x9f\x98\x80")); /* an emoji */
	/* Broken UTF-8 is read byte by byte, never past the end. */
	assert_true(bn_speaker_restorable("\xe1\xbb"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_restore_makes_a_unit_sound_the_same),
	        cmocka_unit_test(test_restorable_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
