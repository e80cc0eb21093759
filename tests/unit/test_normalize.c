/* test_normalize.c: written -> spoken forms, each asserting the exact output. */
#include "unit.h"

typedef struct normalize_case {
	const char *written;
	const char *spoken;
} normalize_case;

static const normalize_case north_cases[] = {
        /* cardinals */
        {"0", "không"},
        {"5", "năm"},
        {"10", "mười"},
        {"11", "mười một"},
        {"14", "mười bốn"},
        {"15", "mười lăm"},
        {"20", "hai mươi"},
        {"21", "hai mươi mốt"},
        {"24", "hai mươi tư"},
        {"25", "hai mươi lăm"},
        {"39", "ba mươi chín"},
        {"50", "năm mươi"},
        {"100", "một trăm"},
        {"105", "một trăm linh năm"},
        {"110", "một trăm mười"},
        {"115", "một trăm mười lăm"},
        {"999", "chín trăm chín mươi chín"},
        {"1.000", "một nghìn"},
        {"1.005", "một nghìn không trăm linh năm"},
        {"2021", "hai nghìn không trăm hai mươi mốt"},
        {"2020", "hai nghìn không trăm hai mươi"},
        {"10.000", "mười nghìn"},
        {"1.000.000", "một triệu"},
        {"1.500.000", "một triệu năm trăm nghìn"},
        {"2.000.000.000", "hai tỷ"},
        {"1.000.000.000.000", "một nghìn tỷ"},
        {"3,5", "ba phẩy năm"},
        {"3,05", "ba phẩy không năm"},
        {"56,92", "năm mươi sáu phẩy chín mươi hai"},
        {"1234567890123456789",
         "một hai ba bốn năm sáu bảy tám chín không một hai ba bốn năm sáu bảy tám chín"},
        /* percentages and ranges */
        {"56,92%", "năm mươi sáu phẩy chín mươi hai phần trăm"},
        {"10%", "mười phần trăm"},
        {"5-7 người", "năm đến bảy người"},
        {"10-15%", "mười đến mười lăm phần trăm"},
        {"2019-2020", "hai nghìn không trăm mười chín đến hai nghìn không trăm hai mươi"},
        /* dates */
        {"22/5/2020", "ngày hai mươi hai tháng năm năm hai nghìn không trăm hai mươi"},
        {"Ngày 22/5/2020,", "Ngày hai mươi hai tháng năm năm hai nghìn không trăm hai mươi,"},
        {"ngày 25/05/2020", "ngày hai mươi lăm tháng năm năm hai nghìn không trăm hai mươi"},
        {"22-5-2020", "ngày hai mươi hai tháng năm năm hai nghìn không trăm hai mươi"},
        {"1/4/2021", "ngày một tháng tư năm hai nghìn không trăm hai mươi mốt"},
        {"tháng 5/2020", "tháng năm năm hai nghìn không trăm hai mươi"},
        {"5/2020", "tháng năm năm hai nghìn không trăm hai mươi"},
        {"ngày 22/5", "ngày hai mươi hai tháng năm"},
        {"1/3 dân số", "một phần ba dân số"},
        /* times */
        {"16:20", "mười sáu giờ hai mươi phút"},
        {"16h20", "mười sáu giờ hai mươi phút"},
        {"7h sáng", "bảy giờ sáng"},
        {"16g30", "mười sáu giờ ba mươi phút"},
        {"16h20 phút", "mười sáu giờ hai mươi phút"},
        {"8:05:09", "tám giờ năm phút chín giây"},
        /* ordinals and Roman numerals */
        {"thứ 2", "thứ hai"},
        {"thứ 1", "thứ nhất"},
        {"thứ 4", "thứ tư"},
        {"thế kỷ XXI", "thế kỷ hai mươi mốt"},
        {"Đại hội XIII", "Đại hội mười ba"},
        {"khóa XV", "khóa mười lăm"},
        {"Quý III", "Quý ba"},
        /* acronyms */
        {"LHQ", "Liên Hợp Quốc"},
        {"HĐBA", "Hội đồng Bảo an"},
        {"CNTT", "công nghệ thông tin"},
        {"TP.HCM", "Thành phố Hồ Chí Minh"},
        {"UBND", "Ủy ban nhân dân"},
        {"ASEAN+3", "A xê an cộng ba"},
        {"COVID-19", "cô vít mười chín"},
        {"XYZQ", "ích xì i dài dét quy"},
        {"U23", "u hai mươi ba"},
        /* symbols and pass-through */
        {"A & B", "A và B"},
        {"Xin chào.", "Xin chào."},
        {"“trích dẫn”", "trích dẫn"},
        {"số 024", "số không hai bốn"},
        {"(HĐBA LHQ)", "(Hội đồng Bảo an Liên Hợp Quốc)"},
        {"(024)", "(không hai bốn)"},
        {"", ""},
};

static const normalize_case south_cases[] = {
        {"105", "một trăm lẻ năm"},
        {"1.000", "một ngàn"},
        {"2021", "hai ngàn không trăm hai mươi mốt"},
};

static bn_normalizer *make_normalizer(const char *voice_name)
{
	bn_voice voice;
	bn_error err;
	assert_int_equal(bn_voice_load(voice_name, NULL, &voice, &err), BN_OK);
	bn_normalizer *nz = NULL;
	assert_int_equal(bn_normalizer_new(&voice, NULL, &nz, &err), BN_OK);
	return nz;
}

static void run_cases(const char *voice, const normalize_case *cases, size_t n)
{
	bn_normalizer *nz = make_normalizer(voice);
	int failures = 0;
	for (size_t i = 0; i < n; i++) {
		char *got = bn_normalize(nz, cases[i].written);
		assert_non_null(got);
		if (strcmp(got, cases[i].spoken) != 0) {
			print_error("%s: \"%s\"\n  want \"%s\"\n  got  \"%s\"\n", voice,
			            cases[i].written, cases[i].spoken, got);
			failures++;
		}
		free(got);
	}
	bn_normalizer_free(nz);
	assert_int_equal(failures, 0);
}

static void test_northern(void **state)
{
	(void)state;
	run_cases("northern", north_cases, sizeof north_cases / sizeof north_cases[0]);
}

static void test_southern(void **state)
{
	(void)state;
	run_cases("southern", south_cases, sizeof south_cases / sizeof south_cases[0]);
}

/* Hostile input: long digit runs, punctuation runs, invalid UTF-8: no crash, bounded output. */
static void test_hostile(void **state)
{
	(void)state;
	bn_normalizer *nz = make_normalizer("northern");
	size_t n = 200000;
	char *s = malloc(n + 1);
	assert_non_null(s);
	const char *fills[] = {"9", ".", "/", "1.", "\xff", "Ậ", "%"};
	for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
		size_t fl = strlen(fills[f]);
		for (size_t i = 0; i + fl <= n; i += fl)
			memcpy(s + i, fills[f], fl);
		s[n - n % fl] = '\0';
		char *got = bn_normalize(nz, s);
		assert_non_null(got);
		free(got);
	}
	free(s);
	bn_normalizer_free(nz);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_northern),
	        cmocka_unit_test(test_southern),
	        cmocka_unit_test(test_hostile),
	};
	return cmocka_run_group_tests_name("normalize", tests, NULL, NULL);
}
