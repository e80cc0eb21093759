/* xml.c: libxml2 loaded on the first HTML page (xml.h). */
#include "xml.h"
#include "dynlib.h"
#include "internal.h"

#include <pthread.h>

bn_xml_fns bn_xml;
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static int xml_loaded;
static char xml_why[256];

static void load_xml(void)
{
	static const char *const sonames[] = {"libxml2.so.2", NULL};
	const bn_dynsym syms[] = {
	        {"htmlNewParserCtxt", (void **)&bn_xml.NewParserCtxt},
	        {"htmlFreeParserCtxt", (void **)&bn_xml.FreeParserCtxt},
	        {"htmlCtxtReadIO", (void **)&bn_xml.CtxtReadIO},
	        {"xmlFreeDoc", (void **)&bn_xml.FreeDoc},
	        {"xmlDocGetRootElement", (void **)&bn_xml.DocGetRootElement},
	        {"xmlUnlinkNode", (void **)&bn_xml.UnlinkNode},
	        {"xmlFreeNode", (void **)&bn_xml.FreeNode},
	        {"xmlNodeGetContent", (void **)&bn_xml.NodeGetContent},
	        {"xmlBuildURI", (void **)&bn_xml.BuildURI},
	        {"xmlFree", (void **)&bn_xml.Free},
	};
	xml_loaded =
	        bn_dynlib_open(sonames, syms, BN_ARRAY_LEN(syms), xml_why, sizeof xml_why) == 0;
}

bn_status bn_xml_ready(const char *source, bn_error *err)
{
	pthread_once(&xml_once, load_xml);
	return xml_loaded ? BN_OK : bn_fail(err, BN_ERR_INTERNAL, "%s: %s", source, xml_why);
}
