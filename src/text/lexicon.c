/* lexicon.c: the acronym lexicon (voices/acronyms.txt): "ACRONYM<TAB>spoken form" lines,
 * loaded into one sorted array and searched by binary search. */
#include "internal.h"
#include "text.h"
#include "vi.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
	const char *key;
	size_t keylen;
	const char *value;
} entry;

struct bn_lexicon {
	char *data; /* the file's text, NUL-split into keys and values */
	entry *entries;
	size_t count;
};

static int compare_keys(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);
	return c ? c : (an > bn) - (an < bn);
}

static int compare_entries(const void *a, const void *b)
{
	const entry *x = a, *y = b;
	return compare_keys(x->key, x->keylen, y->key, y->keylen);
}

/* A lexicon larger than this is not one: some 300,000 entries. */
#define MAX_LEXICON (16 << 20)

bn_status bn_lexicon_load(const char *path, bn_lexicon **out, bn_error *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return bn_fail(err, BN_ERR_SPEECH, "%s: cannot open the lexicon: %s", path,
		               strerror(errno));
	bn_lexicon *lex = calloc(1, sizeof *lex);
	char *data = NULL;
	size_t len = 0, cap = 0;
	char chunk[8192];
	size_t got;
	int too_large = 0;
	while (lex && (got = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (len + got > MAX_LEXICON) { /* /dev/zero, a stuck pipe: not a word list */
			too_large = 1;
			break;
		}
		if (len + got + 1 > cap) {
			cap = (len + got + 1) * 2;
			char *d = realloc(data, cap);
			if (!d)
				break;
			data = d;
		}
		memcpy(data + len, chunk, got);
		len += got;
	}
	int read_error = ferror(f);
	fclose(f);
	if (too_large || (data && memchr(data, '\0', len))) {
		free(data);
		free(lex);
		return too_large ? bn_fail(err, BN_ERR_SPEECH,
		                           "%s: longer than %d bytes: not a lexicon", path,
		                           MAX_LEXICON)
		                 : bn_fail(err, BN_ERR_SPEECH, "%s: a NUL byte: not a text file",
		                           path);
	}
	if (!lex || read_error || (len && !data)) {
		free(data);
		free(lex);
		return bn_fail(err, read_error ? BN_ERR_SPEECH : BN_ERR_INTERNAL,
		               "%s: cannot read the lexicon", path);
	}
	if (!data && !(data = calloc(1, 1))) {
		free(lex);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	data[len] = '\0';
	lex->data = data;
	size_t lines = 1;
	for (size_t i = 0; i < len; i++)
		lines += data[i] == '\n';
	lex->entries = calloc(lines, sizeof *lex->entries);
	if (!lex->entries) {
		bn_lexicon_free(lex);
		return bn_fail(err, BN_ERR_INTERNAL, "out of memory");
	}
	size_t lineno = 0;
	for (char *line = data; line && *line;) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		lineno++;
		size_t ll = strlen(line);
		if (ll && line[ll - 1] == '\r')
			line[--ll] = '\0';
		if (ll && line[0] != '#') {
			char *tab = strchr(line, '\t');
			if (!tab || tab == line || !tab[1] || !bn_utf8_valid(line, ll, NULL)) {
				bn_lexicon_free(lex);
				return bn_fail(err, BN_ERR_SPEECH,
				               "%s:%zu: expected a written form, a tab, and the "
				               "spoken form",
				               path, lineno);
			}
			*tab = '\0';
			entry *e = &lex->entries[lex->count++];
			e->key = line;
			e->keylen = (size_t)(tab - line);
			e->value = tab + 1;
		}
		line = nl ? nl + 1 : NULL;
	}
	qsort(lex->entries, lex->count, sizeof *lex->entries, compare_entries);
	*out = lex;
	return BN_OK;
}

const char *bn_lexicon_find(const bn_lexicon *lex, const char *s, size_t n)
{
	size_t lo = 0, hi = lex ? lex->count : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const entry *e = &lex->entries[mid];
		int c = compare_keys(s, n, e->key, e->keylen);
		if (c == 0)
			return e->value;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void bn_lexicon_free(bn_lexicon *lex)
{
	if (!lex)
		return;
	free(lex->data);
	free(lex->entries);
	free(lex);
}
