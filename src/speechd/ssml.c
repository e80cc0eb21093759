/* ssml.c: SSML in and out. In: a message as Speech Dispatcher sends it (SSML, as Orca
 * writes it) turned into the pieces to speak in order: text, index marks
 * (<mark name="…"/>) and text to spell (<say-as interpret-as="characters">). libxml2 parses
 * it without the network, without loading a DTD and without expanding entities beyond the
 * predefined ones; markup that is not well-formed is parsed again in recovery mode, and what
 * even that cannot read is spoken as text with its tags removed. Out: the message's text
 * joined, with its marks' places, and the SSML eSpeak NG is given to report those marks from
 * within a sentence's audio. */
#include "buf.h"
#include "sd.h"
#include "text.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

/* Append a piece (its text copied); adjacent text pieces are joined. -1 when out of memory. */
static int add_piece(sd_message *m, sd_piece_kind kind, const char *text, size_t n)
{
	if (kind == SD_TEXT && m->count && m->pieces[m->count - 1].kind == SD_TEXT) {
		sd_piece *last = &m->pieces[m->count - 1];
		size_t have = strlen(last->text);
		char *t = realloc(last->text, have + n + 1);
		if (!t)
			return -1;
		memcpy(t + have, text, n);
		t[have + n] = '\0';
		last->text = t;
		return 0;
	}
	sd_piece *p = realloc(m->pieces, (m->count + 1) * sizeof *p);
	if (!p)
		return -1;
	m->pieces = p;
	char *t = malloc(n + 1);
	if (!t)
		return -1;
	memcpy(t, text, n);
	t[n] = '\0';
	m->pieces[m->count].kind = kind;
	m->pieces[m->count].text = t;
	m->count++;
	return 0;
}

static int is_name(const xmlNode *n, const char *name)
{
	return n->name && !strcmp((const char *)n->name, name);
}

/* 1 when a say-as element asks for its text to be spelled. */
static int spells(const xmlNode *n)
{
	xmlChar *how = xmlGetProp(n, (const xmlChar *)"interpret-as");
	int yes = how && (!strcmp((const char *)how, "characters") ||
	                  !strcmp((const char *)how, "tts:char") ||
	                  !strcmp((const char *)how, "spell-out"));
	xmlFree(how);
	return yes;
}

/* Append the pieces of n's children, in document order. Entity references other than the
 * predefined ones are skipped, never expanded. */
static int walk(sd_message *m, const xmlNode *parent, int spell)
{
	for (const xmlNode *n = parent->children; n; n = n->next) {
		int rc = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			const char *t = (const char *)n->content;
			if (t)
				rc = add_piece(m, spell ? SD_SPELL : SD_TEXT, t, strlen(t));
		} else if (n->type == XML_ELEMENT_NODE && is_name(n, "mark")) {
			xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
			if (name && *name) /* a mark without a name cannot be reported */
				rc = add_piece(m, SD_MARK, (const char *)name,
				               strlen((const char *)name));
			xmlFree(name);
		} else if (n->type == XML_ELEMENT_NODE && is_name(n, "break")) {
			rc = spell ? 0 : add_piece(m, SD_TEXT, ", ", 2);
		} else if (n->type == XML_ELEMENT_NODE) {
			rc = walk(m, n, spell || (is_name(n, "say-as") && spells(n)));
		}
		if (rc)
			return rc;
	}
	return 0;
}

/* The text of a message libxml2 cannot read: tags (<…>) removed, the predefined entities
 * replaced, the rest kept. */
static int strip_tags(sd_message *m, const char *s, size_t len)
{
	static const struct {
		const char *ent, *ch;
	} ents[] = {
	        {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}, {"&quot;", "\""}, {"&apos;", "'"}};
	size_t i = 0;
	while (i < len) {
		if (s[i] == '<') {
			const char *close = memchr(s + i, '>', len - i);
			i = close ? (size_t)(close - s) + 1 : len;
			continue;
		}
		if (s[i] == '&') {
			size_t k = 0;
			while (k < sizeof ents / sizeof ents[0] &&
			       strncmp(s + i, ents[k].ent, strlen(ents[k].ent)))
				k++;
			if (k < sizeof ents / sizeof ents[0] && strlen(ents[k].ent) <= len - i) {
				if (add_piece(m, SD_TEXT, ents[k].ch, 1))
					return -1;
				i += strlen(ents[k].ent);
				continue;
			}
		}
		size_t j = i + 1;
		while (j < len && s[j] != '<' && s[j] != '&')
			j++;
		if (add_piece(m, SD_TEXT, s + i, j - i))
			return -1;
		i = j;
	}
	return 0;
}

/* Parse with the given extra options; NULL when libxml2 cannot. */
static xmlDoc *parse(const char *text, size_t len, int extra)
{
	if (len > (size_t)0x7fffffff)
		return NULL;
	int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | extra;
	return xmlReadMemory(text, (int)len, NULL, "UTF-8", opts);
}

sd_message *sd_message_from_ssml(const char *text, size_t len)
{
	sd_message *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->type = SD_MSG_TEXT;
	size_t lead = 0;
	while (lead < len && (text[lead] == ' ' || text[lead] == '\n' || text[lead] == '\t'))
		lead++;
	int rc;
	if (lead == len || text[lead] != '<') {
		rc = add_piece(m, SD_TEXT, text, len);
	} else {
		xmlDoc *doc = parse(text, len, 0);
		if (!doc)
			doc = parse(text, len, XML_PARSE_RECOVER);
		xmlNode *root = doc ? xmlDocGetRootElement(doc) : NULL;
		if (root) {
			/* The root's own text and marks: walk a parent holding only it. */
			xmlNode holder = {0};
			holder.children = root;
			rc = walk(m, &holder, is_name(root, "say-as") && spells(root));
		} else {
			rc = strip_tags(m, text, len);
		}
		xmlFreeDoc(doc);
	}
	if (rc) {
		sd_message_free(m);
		return NULL;
	}
	return m;
}

sd_message *sd_message_single(sd_msgtype type, const char *text)
{
	sd_message *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->type = type;
	if (add_piece(m, SD_TEXT, text, strlen(text))) {
		sd_message_free(m);
		return NULL;
	}
	return m;
}

void sd_message_free(sd_message *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->count; i++)
		free(m->pieces[i].text);
	free(m->pieces);
	free(m);
}

/* ---- the other way: SSML for eSpeak NG, with a message's marks where they belong ---------- */

/* Append text[0..n) with XML's special characters escaped. */
static void put_escaped(bn_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '<')
			bn_buf_puts(b, "&lt;");
		else if (s[i] == '>')
			bn_buf_puts(b, "&gt;");
		else if (s[i] == '&')
			bn_buf_puts(b, "&amp;");
		else
			bn_buf_putc(b, s[i]);
	}
}

/* Append s in NFC (as it is when it is not valid UTF-8). */
static void put_nfc(bn_buf *b, const char *s)
{
	char *nfc = bn_nfc(s);
	bn_buf_puts(b, nfc ? nfc : s);
	free(nfc);
}

int sd_text_join(const sd_message *msg, sd_punct mode, int cap_let, int vietnamese, sd_text *out)
{
	memset(out, 0, sizeof *out);
	bn_buf b = {0};
	bn_buf_reserve(&b, 0);
	size_t marks = 0;
	for (size_t i = 0; i < msg->count; i++)
		marks += msg->pieces[i].kind == SD_MARK;
	out->at = calloc(marks + 1, sizeof *out->at);
	out->names = calloc(marks + 1, sizeof *out->names);
	for (size_t i = 0; i < msg->count && out->at && out->names; i++) {
		const sd_piece *p = &msg->pieces[i];
		if (p->kind == SD_MARK) {
			out->at[out->count] = b.len;
			out->names[out->count++] = p->text;
		} else if (p->kind == SD_SPELL) {
			/* Spelled apart from the words around it. */
			char *spelled = vietnamese ? sd_spell_all(p->text, cap_let) : NULL;
			bn_buf_putc(&b, ' ');
			if (spelled) {
				bn_buf_puts(&b, spelled);
			} else {
				const char *q = p->text, *end = q + strlen(q);
				while (q < end) {
					const char *c = q;
					bn_utf8_next(&q, end);
					bn_buf_append(&b, c, (size_t)(q - c));
					bn_buf_putc(&b, ' ');
				}
			}
			bn_buf_putc(&b, ' ');
			free(spelled);
		} else {
			char *named = mode == SD_PUNCT_NONE || !vietnamese
			                      ? NULL
			                      : sd_name_punctuation(p->text, mode);
			put_nfc(&b, named ? named : p->text);
			free(named);
		}
	}
	out->text = bn_buf_take(&b);
	if (!out->text || !out->at || !out->names) {
		sd_text_free(out);
		return -1;
	}
	return 0;
}

void sd_text_free(sd_text *t)
{
	free(t->text);
	free(t->at);
	free(t->names);
	memset(t, 0, sizeof *t);
}

char *sd_ssml_at_offsets(const sd_text *t, size_t from, size_t to)
{
	bn_buf b = {0};
	bn_buf_puts(&b, "<speak>");
	size_t pos = from;
	for (size_t k = 0; k < t->count; k++) {
		if (t->at[k] < from || t->at[k] > to)
			continue;
		put_escaped(&b, t->text + pos, t->at[k] - pos);
		pos = t->at[k];
		bn_buf_printf(&b, "<mark name=\"%zu\"/>", k);
	}
	put_escaped(&b, t->text + pos, to - pos);
	bn_buf_puts(&b, "</speak>");
	return bn_buf_take(&b);
}

size_t sd_word_count(const char *s)
{
	size_t n = 0;
	for (int in = 0; *s; s++) {
		int space = *s == ' ' || *s == '\t' || *s == '\n';
		n += !space && !in;
		in = !space;
	}
	return n;
}

char *sd_ssml_after_words(const char *spoken, const size_t *words, size_t first, size_t n)
{
	bn_buf b = {0};
	bn_buf_puts(&b, "<speak>");
	size_t k = 0, count = 0;
	const char *p = spoken;
	for (;;) {
		while (k < n && words[k] <= count)
			bn_buf_printf(&b, "<mark name=\"%zu\"/>", first + k++);
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		const char *w = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		if (count)
			bn_buf_putc(&b, ' ');
		put_escaped(&b, w, (size_t)(p - w));
		count++;
	}
	bn_buf_puts(&b, "</speak>");
	return bn_buf_take(&b);
}
