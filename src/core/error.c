/* error.c: status names, error reports and the small string helpers every module uses. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *bn_status_name(bn_status status)
{
	switch (status) {
	case BN_OK: return "ok";
	case BN_ERR_INTERNAL: return "internal error";
	case BN_ERR_USAGE: return "usage";
	case BN_ERR_INPUT: return "input unreadable";
	case BN_ERR_NETWORK: return "network error";
	case BN_ERR_HTTP: return "http error";
	case BN_ERR_UNSUPPORTED: return "unsupported document";
	case BN_ERR_NO_ARTICLE: return "no article";
	case BN_ERR_ENCODING: return "bad encoding";
	case BN_ERR_TOO_LARGE: return "too large";
	case BN_ERR_SPEECH: return "speech error";
	case BN_ERR_AUDIO: return "audio device error";
	case BN_ERR_OUTPUT: return "output error";
	case BN_ERR_INTERRUPTED: return "interrupted";
	}
	return "unknown";
}

bn_status bn_fail(bn_error *err, bn_status status, const char *fmt, ...)
{
	if (!err)
		return status;
	err->status = status;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	va_end(ap);
	/* A report is one line, whatever the input's name holds. */
	for (char *p = err->message; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return status;
}

char *bn_strndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int ascii_lower(int c)
{
	return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

int bn_ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int x = ascii_lower((unsigned char)a[i]), y = ascii_lower((unsigned char)b[i]);
		if (x != y || !x)
			return x - y;
	}
	return 0;
}

int bn_ascii_casecmp(const char *a, const char *b)
{
	return bn_ascii_ncasecmp(a, b, (size_t)-1);
}

int bn_ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && bn_ascii_casecmp(s + n - m, suffix) == 0;
}
