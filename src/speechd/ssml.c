/* ssml.c: a message as Speech Dispatcher sends it (SSML, as Orca writes it) turned into the
 * pieces to speak in order: text, index marks (<mark name="…"/>) and text to spell
 * (<say-as interpret-as="characters">). libxml2 parses it without the network, without
 * loading a DTD and without expanding entities beyond the predefined ones; markup that is not
 * well-formed is parsed again in recovery mode, and what even that cannot read is spoken as
 * text with its tags removed. */
#include "sd.h"

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
