/* charset.c: finding a document's charset (BOM, HTTP header, <meta>) and decoding it to UTF-8
 * with iconv, which knows windows-1258, VISCII, TCVN and the rest. */
#include "charset.h"

#include "buf.h"
#include "internal.h"
#include "text.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <uchardet.h>

/* A charset label cut from s: letters, digits and - _ . : up to 40 bytes, lower-cased. */
static char *charset_token(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '"' || *s == '\''))
		s++;
	const char *start = s;
	while (s < end && s - start < 40 &&
	       ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
	        *s == '-' || *s == '_' || *s == '.' || *s == ':'))
		s++;
	if (s == start)
		return NULL;
	char *t = bn_strndup(start, (size_t)(s - start));
	for (char *p = t; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return t;
}

/* Find "charset" followed by '=' in s[0..n); the label after it, or NULL. */
static char *charset_param(const char *s, size_t n)
{
	for (size_t i = 0; i + 7 <= n; i++) {
		if (bn_ascii_ncasecmp(s + i, "charset", 7) != 0)
			continue;
		const char *p = s + i + 7, *end = s + n;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p < end && *p == '=')
			return charset_token(p + 1, end);
	}
	return NULL;
}

char *bn_charset_from_content_type(const char *content_type)
{
	if (!content_type)
		return NULL;
	return charset_param(content_type, strlen(content_type));
}

char *bn_charset_from_meta(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;
	for (size_t i = 0; i + 5 <= n; i++) {
		if (data[i] != '<' || bn_ascii_ncasecmp(data + i + 1, "meta", 4) != 0)
			continue;
		const char *end = memchr(data + i, '>', n - i);
		if (!end)
			return NULL;
		char *cs = charset_param(data + i, (size_t)(end - (data + i)));
		if (cs)
			return cs;
	}
	return NULL;
}

/* The iconv name for an HTML charset label, following the WHATWG aliases where they differ
 * (latin1 and us-ascii mean windows-1252 on the web). NULL means UTF-8. */
static const char *iconv_name(const char *label)
{
	static const struct {
		const char *label, *name;
	} map[] = {
	        {"utf-8", NULL},
	        {"utf8", NULL},
	        {"unicode-1-1-utf-8", NULL},
	        {"us-ascii", "WINDOWS-1252"},
	        {"ascii", "WINDOWS-1252"},
	        {"iso-8859-1", "WINDOWS-1252"},
	        {"latin1", "WINDOWS-1252"},
	        {"iso_8859-1", "WINDOWS-1252"},
	        {"cp1258", "WINDOWS-1258"},
	        {"x-cp1258", "WINDOWS-1258"},
	        {"utf-16", "UTF-16"},
	        {"utf-16le", "UTF-16LE"},
	        {"utf-16be", "UTF-16BE"},
	};
	for (size_t i = 0; i < BN_ARRAY_LEN(map); i++)
		if (strcmp(label, map[i].label) == 0)
			return map[i].name;
	return label;
}

/* Convert with iconv from charset to UTF-8 into b. */
static bn_status convert(const char *name, const char *charset, const char *data, size_t len,
                         bn_buf *b, bn_error *err)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return bn_fail(err, BN_ERR_ENCODING, "%s: unknown charset \"%s\"", name, charset);
	char *in = (char *)data;
	size_t inleft = len;
	bn_status st = BN_OK;
	while (inleft > 0) {
		if (bn_buf_reserve(b, inleft * 2 + 16) < 0) {
			st = bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
			break;
		}
		char *outp = b->data + b->len;
		size_t outleft = b->cap - b->len - 1;
		size_t r = iconv(cd, &in, &inleft, &outp, &outleft);
		b->len = (size_t)(outp - b->data);
		if (r != (size_t)-1 || errno == E2BIG)
			continue;
		st = bn_fail(err, BN_ERR_ENCODING, "%s: invalid %s text at byte %zu", name, charset,
		             (size_t)(in - data));
		break;
	}
	iconv_close(cd);
	if (b->data)
		b->data[b->len] = '\0';
	return st;
}

/* 1 when some byte of data is not ASCII. */
static int has_non_ascii(const char *data, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)data[i] >= 0x80)
			return 1;
	return 0;
}

/* The charset of undeclared bytes that are not UTF-8, when uchardet finds a Vietnamese legacy
 * one (windows-1258 or VISCII); malloc'd, or NULL. Other guesses are not trusted: random bytes
 * look like windows-1252 too. */
static char *detect_vietnamese(const char *data, size_t len)
{
	uchardet_t ud = uchardet_new();
	if (!ud)
		return NULL;
	char *found = NULL;
	if (uchardet_handle_data(ud, data, len) == 0) {
		uchardet_data_end(ud);
		const char *cs = uchardet_get_charset(ud);
		if (cs && (bn_ascii_casecmp(cs, "WINDOWS-1258") == 0 ||
		           bn_ascii_casecmp(cs, "VISCII") == 0))
			found = strdup(cs);
	}
	uchardet_delete(ud);
	return found;
}

bn_status bn_decode(const char *name, const char *data, size_t len, const char *declared,
                    int is_html, char **out, size_t *outlen, char **used, bn_error *err)
{
	char *label = NULL;
	const unsigned char *u = (const unsigned char *)data;
	if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		data += 3;
		len -= 3;
		label = strdup("utf-8");
	} else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		data += 2;
		len -= 2;
		label = strdup("utf-16le");
	} else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		data += 2;
		len -= 2;
		label = strdup("utf-16be");
	} else if (declared && *declared) {
		label = strdup(declared);
	} else if (is_html) {
		label = bn_charset_from_meta(data, len);
		/* A page read as ASCII bytes cannot really be UTF-16 (WHATWG rule). */
		if (label && strncmp(label, "utf-16", 6) == 0) {
			free(label);
			label = NULL;
		}
	}
	/* Declared nowhere (no BOM, header or <meta>) and not UTF-8: a legacy Vietnamese text or
	 * page, if uchardet recognises one; only then is the charset guessed. */
	if (!label && has_non_ascii(data, len) && !bn_utf8_valid(data, len, NULL))
		label = detect_vietnamese(data, len);
	if (!label)
		label = strdup("utf-8");
	if (!label)
		return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);

	const char *conv = iconv_name(label);
	/* A page declared in a legacy charset whose bytes are valid UTF-8 with non-ASCII letters is
	 * UTF-8 mislabelled (common on Vietnamese sites): legacy text is virtually never valid
	 * UTF-8 by accident. */
	if (conv && strncmp(label, "utf-16", 6) != 0 && has_non_ascii(data, len) &&
	    bn_utf8_valid(data, len, NULL)) {
		free(label);
		label = strdup("utf-8");
		if (!label)
			return bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
		conv = NULL;
	}
	bn_buf b = BN_BUF_INIT;
	bn_status st = BN_OK;
	if (!conv) {
		size_t bad = 0;
		if (!bn_utf8_valid(data, len, &bad))
			st = bn_fail(err, BN_ERR_ENCODING, "%s: invalid UTF-8 at byte %zu", name,
			             bad);
		else if ((b.data = malloc(len + 1)) != NULL) { /* exactly the size: no slack */
			memcpy(b.data, data, len);
			b.data[len] = '\0';
			b.len = len;
			b.cap = len + 1;
		} else
			b.failed = 1;
	} else {
		st = convert(name, conv, data, len, &b, err);
	}
	if (st == BN_OK && b.failed)
		st = bn_fail(err, BN_ERR_INTERNAL, "%s: out of memory", name);
	if (st != BN_OK) {
		bn_buf_free(&b);
		free(label);
		return st;
	}
	*outlen = b.len;
	*out = bn_buf_take(&b);
	*used = label;
	return BN_OK;
}
