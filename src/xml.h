/* xml.h: the libxml2 functions the HTML stages use, loaded on the first HTML page (see
 * dynlib.h): reading a text file or standard input does not pay libxml2's start-up, nor ICU's
 * and the C++ library's that come with it. */
#ifndef BN_XML_H
#define BN_XML_H

#include "baonoi.h"

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

typedef struct bn_xml_fns {
	htmlParserCtxtPtr (*NewParserCtxt)(void);
	void (*FreeParserCtxt)(htmlParserCtxtPtr);
	htmlDocPtr (*CtxtReadIO)(htmlParserCtxtPtr, xmlInputReadCallback, xmlInputCloseCallback,
	                         void *, const char *, const char *, int);
	void (*FreeDoc)(xmlDocPtr);
	xmlNodePtr (*DocGetRootElement)(const xmlDoc *);
	void (*UnlinkNode)(xmlNodePtr);
	void (*FreeNode)(xmlNodePtr);
	xmlChar *(*NodeGetContent)(const xmlNode *);
	xmlChar *(*BuildURI)(const xmlChar *, const xmlChar *);
	xmlFreeFunc *Free; /* libxml2's xmlFree variable: call (*bn_xml.Free)(p) */
} bn_xml_fns;

/* Filled by bn_xml_ready; used only after it returned BN_OK. */
extern bn_xml_fns bn_xml;

/* Load libxml2 once (thread-safe). BN_OK, or BN_ERR_INTERNAL naming source and the reason. */
bn_status bn_xml_ready(const char *source, bn_error *err);

#endif
