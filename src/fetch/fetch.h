/* fetch.h: the fetch stage's own helpers, beside what baonoi.h offers. */
#ifndef BN_FETCH_H
#define BN_FETCH_H

/* How private the address ip (text, IPv4 or IPv6) is: 0 public, 1 a private network's
 * (RFC 1918, carrier-grade NAT, link-local, IPv6 unique local and link-local), 2 this
 * machine's (loopback, unspecified) or not an address. A redirect may not go from a lower
 * class to a higher one unless the caller allows it (bn_fetch_options.allow_private). */
int bn_address_class(const char *ip);

#endif
