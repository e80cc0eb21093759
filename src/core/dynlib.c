/* dynlib.c: dlopen and dlsym behind one call. */
#include "dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

int bn_dynlib_open(const char *const *sonames, const bn_dynsym *syms, size_t n, char *why,
                   size_t whylen)
{
	void *lib = NULL;
	const char *tried = sonames[0];
	for (; *sonames && !lib; sonames++) {
		tried = *sonames;
		lib = dlopen(*sonames, RTLD_NOW | RTLD_LOCAL);
	}
	if (!lib) {
		const char *e = dlerror();
		snprintf(why, whylen, "cannot load %s: %s", tried, e ? e : "not found");
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		void *f = dlsym(lib, syms[i].name);
		if (!f) {
			snprintf(why, whylen, "%s has no %s", tried, syms[i].name);
			return -1;
		}
		*syms[i].fn = f;
	}
	return 0;
}
