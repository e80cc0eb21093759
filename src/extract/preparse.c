/* preparse.c: the bytes of a page the parser need not read, found by a scan of the bytes
 * before parsing. libxml2 reads a script's body and every attribute character by character,
 * and the extractor then drops the scripts' text and most attributes (image sources, tracking
 * data, event handlers); handing the parser the page without them leaves the same tree at a
 * fraction of the cost.
 *
 * Skipping bytes the parser would have read as anything else would lose text, so the scan only
 * goes as far as two tokenizers provably agree: libxml2 2.9's (Debian 12) and the HTML5
 * tokenizer that libxml2 follows from 2.14. A start tag counts only when both end it at the
 * same '>' and name it alike, and its attributes are dropped only when both split it into the
 * same attributes; a comment only when both end it at the same "-->"; a body ends at the first
 * "</script" (2.9) only when HTML5 ends it there too. At anything else (odd comments, quotes in
 * end tags or declarations, a self-closing script, a script that hides "<script" after "<!--",
 * text-only elements with markup inside, NUL bytes) the scan stops and the rest of the page is
 * parsed in full. */
#include "preparse.h"

#include "internal.h"

#include <stdlib.h>
#include <string.h>

static int is_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Blanks as libxml2 2.9 skips them in tags (no form feed). */
static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whitespace as HTML5 tokenizes it. */
static int is_ws5(char c)
{
	return is_blank(c) || c == '\f';
}

/* A character of a name as libxml2 2.9 reads element and attribute names. */
static int is_name_char(char c)
{
	return is_letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' || c == '_' ||
	       c == '.';
}

static int is_name_start(char c)
{
	return is_letter(c) || c == '_' || c == ':' || c == '.';
}

/* The lower case of an ASCII byte. */
static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

/* 1 when s[0..n) equals the lower-case word w, case aside. */
static int same_ci(const char *s, const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lower(s[i]) != w[i])
			return 0;
	return w[n] == '\0';
}

/* The first occurrence of w in s[from..to), ASCII case aside when fold (w then in lower
 * case); to when none. A first byte that case cannot change is looked for with memchr. */
static size_t find_in(const char *s, size_t from, size_t to, const char *w, int fold)
{
	size_t n = strlen(w);
	int exact_first = !fold || !is_letter(w[0]);
	for (size_t i = from; i + n <= to; i++) {
		if (exact_first) {
			const char *p = memchr(s + i, w[0], to - n + 1 - i);
			if (!p)
				return to;
			i = (size_t)(p - s);
		}
		size_t k = 0;
		while (k < n && (fold ? lower(s[i + k]) : s[i + k]) == w[k])
			k++;
		if (k == n)
			return i;
	}
	return to;
}

static size_t find_ci(const char *s, size_t from, size_t to, const char *w)
{
	return find_in(s, from, to, w, 1);
}

static size_t find(const char *s, size_t from, size_t to, const char *w)
{
	return find_in(s, from, to, w, 0);
}

/* Where an attribute's value that starts at s[p] (just after its '=') ends, as libxml2 2.9
 * and HTML5 both read it: blanks, then a value in quotes, or one up to a blank or '>'. 0 when a
 * quote is not closed before end. */
static size_t value_end(const char *s, size_t p, size_t end)
{
	while (p < end && is_blank(s[p]))
		p++;
	if (p < end && (s[p] == '"' || s[p] == '\'')) {
		const char *q = memchr(s + p + 1, s[p], end - p - 1);
		return q ? (size_t)(q - s) + 1 : 0;
	}
	while (p < end && !is_blank(s[p]) && s[p] != '>')
		p++;
	return p;
}

/* Where the start tag at s[i] ('<' and a letter) ends (just after its '>'), as libxml2 2.9
 * reads it: attribute names of its own characters, a value quoted only right after '=', and
 * anything else skipped up to a blank, '>' or "/>". 0 when it does not end. *empty is set when
 * it ends with "/>". */
static size_t tag_end_libxml2(const char *s, size_t i, size_t len, int *empty)
{
	size_t p = i + 1;
	while (p < len && is_name_char(s[p]))
		p++;
	for (;;) {
		while (p < len && is_blank(s[p]))
			p++;
		if (p >= len)
			return 0;
		if (s[p] == '>') {
			*empty = 0;
			return p + 1;
		}
		if (s[p] == '/' && p + 1 < len && s[p + 1] == '>') {
			*empty = 1;
			return p + 2;
		}
		if (!is_name_start(s[p])) {
			while (p < len && !is_blank(s[p]) && s[p] != '>' &&
			       !(s[p] == '/' && p + 1 < len && s[p + 1] == '>'))
				p++;
			continue;
		}
		while (p < len && is_name_char(s[p]))
			p++;
		while (p < len && is_blank(s[p]))
			p++;
		if (p >= len || s[p] != '=')
			continue;
		if (!(p = value_end(s, p + 1, len)))
			return 0;
	}
}

/* Where the start tag at s[i] ends (just after its '>'), as the HTML5 tokenizer reads it; 0
 * when it does not end. */
static size_t tag_end_html5(const char *s, size_t i, size_t len)
{
	enum { BEFORE_NAME, NAME, AFTER_NAME, BEFORE_VALUE, UNQUOTED, AFTER_QUOTED, SELF } st;
	size_t p = i + 1;
	while (p < len && !is_ws5(s[p]) && s[p] != '/' && s[p] != '>')
		p++;
	st = BEFORE_NAME;
	while (p < len) {
		char c = s[p];
		if (c == '>') /* in every state outside a quoted value */
			return p + 1;
		switch (st) {
		case BEFORE_NAME:
			st = is_ws5(c) ? BEFORE_NAME : c == '/' ? SELF : NAME;
			p++;
			break;
		case NAME: /* in a name and after it alike: whitespace, '/', '=' or more name */
		case AFTER_NAME:
			st = is_ws5(c)  ? AFTER_NAME
			     : c == '/' ? SELF
			     : c == '=' ? BEFORE_VALUE
			                : NAME;
			p++;
			break;
		case BEFORE_VALUE:
			if (c == '"' || c == '\'') {
				const char *q = memchr(s + p + 1, c, len - p - 1);
				if (!q)
					return 0;
				p = (size_t)(q - s) + 1;
				st = AFTER_QUOTED;
			} else if (is_ws5(c)) {
				p++;
			} else {
				st = UNQUOTED;
			}
			break;
		case UNQUOTED:
			st = is_ws5(c) ? BEFORE_NAME : UNQUOTED;
			p++;
			break;
		case AFTER_QUOTED:
			/* Anything but whitespace or '/' starts the next name at once. */
			if (is_ws5(c) || c == '/')
				p++;
			st = c == '/' ? SELF : BEFORE_NAME;
			break;
		case SELF:
			/* A '/' not followed by '>' is dropped; what follows is read afresh. */
			st = BEFORE_NAME;
			break;
		}
	}
	return 0;
}

/* 1 when s[i..] is the tag (lower case, "<script" or "</script") followed by whitespace, '/'
 * or '>', case aside: where HTML5 sees that tag in a script. */
static int tag_at(const char *s, size_t i, size_t len, const char *tag)
{
	size_t n = strlen(tag);
	return i + n < len && find_ci(s, i, i + n, tag) == i &&
	       (is_ws5(s[i + n]) || s[i + n] == '/' || s[i + n] == '>');
}

/* Where HTML5 ends the script whose body starts at from: at a "</script", except one inside
 * "<!-- <script> ... -->", which it reads as still inside the script. len when none. */
static size_t html5_script_end(const char *s, size_t from, size_t len)
{
	enum { PLAIN, ESCAPED, DOUBLE } st = PLAIN;
	for (size_t i = from; i < len; i++) {
		if (st == PLAIN) { /* only a '<' matters */
			const char *lt = memchr(s + i, '<', len - i);
			if (!lt)
				return len;
			i = (size_t)(lt - s);
		}
		if (s[i] == '-' && st != PLAIN && i + 2 < len && s[i + 1] == '-' &&
		    s[i + 2] == '>') {
			st = PLAIN;
			i += 2;
			continue;
		}
		if (s[i] != '<')
			continue;
		if (st == PLAIN && i + 3 < len && memcmp(s + i, "<!--", 4) == 0) {
			st = ESCAPED;
			i++; /* "<!-->" closes at once: its "--" is looked at again */
		} else if (tag_at(s, i, len, "</script")) {
			if (st != DOUBLE)
				return i;
			st = ESCAPED;
		} else if (st == ESCAPED && tag_at(s, i, len, "<script")) {
			st = DOUBLE;
		}
	}
	return len;
}

/* Elements whose content HTML5 reads as text (libxml2 2.9 as markup): they are passed over
 * only when they hold no '<' at all. */
static int is_text_element(const char *name, size_t n)
{
	static const char *const names[] = {"title",   "textarea", "xmp", "iframe",
	                                    "noembed", "noframes", NULL};
	for (size_t i = 0; names[i]; i++)
		if (same_ci(name, names[i], n))
			return 1;
	return 0;
}

/* 1 when the declaration or processing instruction s[from..to) (to: its first '>') could be
 * read differently: it holds a '<', or that '>' is inside quotes (libxml2 2.9 reads on to the
 * closing quote of a DOCTYPE's identifiers, HTML5 stops at the '>'). */
static int doubtful_declaration(const char *s, size_t from, size_t to)
{
	char quote = 0;
	for (size_t i = from; i < to; i++) {
		if (s[i] == '<')
			return 1;
		if (quote ? s[i] == quote : (s[i] == '"' || s[i] == '\''))
			quote = quote ? 0 : s[i];
	}
	return quote != 0;
}

/* 1 when the end tag s[from..to) could be read differently: HTML5 reads quoted attribute values
 * in end tags, libxml2 2.9 ends the tag at the first '>'. */
static int doubtful_end_tag(const char *s, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (s[i] == '"' || s[i] == '\'' || s[i] == '<')
			return 1;
	return 0;
}

/* Append a span; -1 when out of memory. */
static int add_span(bn_span **spans, size_t *n, size_t *cap, size_t start, size_t end)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		bn_span *t = realloc(*spans, c * sizeof *t);
		if (!t)
			return -1;
		*spans = t;
		*cap = c;
	}
	(*spans)[(*n)++] = (bn_span){start, end};
	return 0;
}

/* Add to the spans the attributes of the start tag s[i..end) (its name name_len bytes; empty
 * when it ends in "/>") that
 * wanted does not want, each with the blanks before it, when both tokenizers split the tag
 * into the same attributes: every attribute after a blank, named with libxml2 2.9's name
 * characters and followed by a blank, '=' or the tag's end, with a quoted or plain value, and
 * no '/' but in a value or the closing "/>". Otherwise the tag is left whole. -1 when out of
 * memory. */
static int unwanted_attributes(const char *s, size_t i, size_t end, int empty, size_t name_len,
                               bn_attribute_wanted wanted, bn_span **spans, size_t *n, size_t *cap)
{
	bn_span drop[64];
	size_t ndrop = 0, p = i + 1 + name_len, close = empty ? end - 2 : end - 1;
	while (p < close) {
		size_t blank = p;
		while (p < close && is_blank(s[p]))
			p++;
		if (p == close)
			break;
		if (p == blank || !is_name_start(s[p]))
			return 0;
		size_t name = p;
		while (p < close && is_name_char(s[p]))
			p++;
		size_t name_end = p;
		while (p < close && is_blank(s[p]))
			p++;
		if (p < close && s[p] == '=') {
			if (!(p = value_end(s, p + 1, close)))
				return 0;
		} else if (p < close && p == name_end) {
			return 0; /* a name that runs into a quote, '/' or '<': read differently */
		} else {
			p = name_end; /* no value: the blanks after it go with the next attribute */
		}
		if (!wanted(s + name, name_end - name)) {
			if (ndrop == BN_ARRAY_LEN(drop))
				return 0;
			drop[ndrop++] = (bn_span){blank, p};
		}
	}
	for (size_t k = 0; k < ndrop; k++)
		if (add_span(spans, n, cap, drop[k].start, drop[k].end) != 0)
			return -1;
	return 0;
}

int bn_preparse(const char *s, size_t len, bn_attribute_wanted wanted, bn_span **out, size_t *count)
{
	bn_span *spans = NULL;
	size_t n = 0, cap = 0, i = 0;
	*out = NULL;
	*count = 0;
	if (memchr(s, '\0', len))
		return 0;
	for (;;) {
		const char *lt = i < len ? memchr(s + i, '<', len - i) : NULL;
		if (!lt)
			goto stop;
		i = (size_t)(lt - s);
		if (i + 2 >= len)
			goto stop;
		char c = s[i + 1];
		if (c == '!' && i + 4 <= len && memcmp(s + i, "<!--", 4) == 0) {
			/* "<!-->", "<!--->" and "--!>" end a comment in HTML5 only. */
			if (i + 5 < len &&
			    (s[i + 4] == '>' || (s[i + 4] == '-' && s[i + 5] == '>')))
				goto stop;
			size_t end = find(s, i + 4, len, "-->");
			if (end == len || find(s, i + 4, end, "--!>") != end)
				goto stop;
			i = end + 3;
			continue;
		}
		if (c == '!' || c == '?' || c == '/') {
			if (c == '/' && !is_letter(s[i + 2]))
				goto stop;
			if (c == '!' && find_ci(s, i, i + 9 <= len ? i + 9 : len, "<![cdata[") == i)
				goto stop;
			const char *gt = memchr(s + i + 2, '>', len - i - 2);
			if (!gt || (c == '/' ? doubtful_end_tag
			                     : doubtful_declaration)(s, i + 2, (size_t)(gt - s)))
				goto stop;
			i = (size_t)(gt - s) + 1;
			continue;
		}
		if (!is_letter(c)) {
			i++; /* a '<' that is text to both */
			continue;
		}
		int empty = 0;
		size_t end = tag_end_libxml2(s, i, len, &empty);
		if (!end || end != tag_end_html5(s, i, len) || memchr(s + i, '\f', end - i))
			goto stop;
		size_t name_len = 0;
		while (i + 1 + name_len < len && is_name_char(s[i + 1 + name_len]))
			name_len++;
		char after = i + 1 + name_len < len ? s[i + 1 + name_len] : '\0';
		if (name_len >= 100 || !(is_ws5(after) || after == '/' || after == '>'))
			goto stop; /* a name the two read differently */
		const char *name = s + i + 1;
		int script = same_ci(name, "script", name_len),
		    style = same_ci(name, "style", name_len);
		if (same_ci(name, "plaintext", name_len))
			goto stop;
		if (wanted && unwanted_attributes(s, i, end, empty, name_len, wanted, &spans, &n,
		                                  &cap) != 0) {
			free(spans);
			return -1;
		}
		if (!script && !style && !is_text_element(name, name_len)) {
			i = end;
			continue;
		}
		if (empty)
			goto stop; /* "<script/>": empty to libxml2 2.9, open to HTML5 */
		/* The body ends at "</name" followed by whitespace, '/' or '>' (HTML5), which must
		 * also be the first "</name" (libxml2 2.9). */
		char close_tag[16] = "</";
		for (size_t k = 0; k < name_len; k++)
			close_tag[2 + k] = lower(name[k]);
		close_tag[2 + name_len] = '\0';
		size_t close = find_ci(s, end, len, close_tag);
		size_t tail = close + strlen(close_tag);
		if (close == len || tail >= len ||
		    !(is_ws5(s[tail]) || s[tail] == '/' || s[tail] == '>'))
			goto stop;
		/* libxml2 2.9 reads a '<' that opens a body as markup before it reads the body. */
		if (s[end] == '<' && close > end)
			goto stop;
		if (!script && !style) {
			if (memchr(s + end, '<', close - end))
				goto stop;
			i = close;
			continue;
		}
		/* "<!--" then "<script" in a script hides its end tag from HTML5. */
		if (script && html5_script_end(s, end, len) != close)
			goto stop;
		/* JSON-LD (the metadata) is read by the extractor: kept, and so is a script whose
		 * type may be written with entities. */
		int json = script &&
		           (find_ci(s, i, end, "ld+json") != end || memchr(s + i, '&', end - i));
		if (!json && close > end && add_span(&spans, &n, &cap, end, close) != 0) {
			free(spans);
			return -1;
		}
		i = close;
	}
stop:
	*out = spans;
	*count = n;
	return 0;
}
