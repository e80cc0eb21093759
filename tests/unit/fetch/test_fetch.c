/* test_fetch.c: the fetch stage's address classes, which decide whether a redirect may be
 * followed: never from an address to a more private one (a public page must not make the
 * reader probe the user's network) unless the caller allows it. The end-to-end tests fetch
 * from a real server on 127.0.0.1 (tests/e2e.sh); they cannot reach a public address. */
#include "unit.h"

#include "fetch.h"

static void test_address_classes(void **state)
{
	(void)state;
	static const struct {
		const char *ip;
		int cls;
	} cases[] = {
	        {"93.184.216.34", 0},
	        {"8.8.8.8", 0},
	        {"172.15.255.255", 0},
	        {"172.32.0.1", 0},
	        {"192.169.0.1", 0},
	        {"100.63.255.255", 0},
	        {"2606:4700::1111", 0},
	        {"10.0.0.1", 1},
	        {"172.16.0.1", 1},
	        {"172.31.255.254", 1},
	        {"192.168.1.1", 1},
	        {"100.64.0.1", 1},
	        {"169.254.169.254", 1},
	        {"fd00::1", 1},
	        {"fe80::1", 1},
	        {"::ffff:192.168.0.1", 1},
	        {"127.0.0.1", 2},
	        {"127.255.0.9", 2},
	        {"0.0.0.0", 2},
	        {"::1", 2},
	        {"::", 2},
	        {"::ffff:127.0.0.1", 2},
	        {"not an address", 2},
	        {"", 2},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		if (bn_address_class(cases[i].ip) != cases[i].cls)
			fail_msg("%s: class %d, want %d", cases[i].ip,
			         bn_address_class(cases[i].ip), cases[i].cls);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_address_classes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
