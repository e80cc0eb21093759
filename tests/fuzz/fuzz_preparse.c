/* fuzz_preparse.c: the pre-parse scan (preparse.c) on any bytes: its spans are in order and
 * inside the page, and the page without them parses to the same tree as the whole page once
 * unwanted attributes and script text are set aside (tree.h). A span the two tokenizers could
 * read differently would show here as a different tree. */
#include "fuzz.h"

#include "tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	FUZZ_ASSERT(same_tree((const char *)data, size));
	return 0;
}
