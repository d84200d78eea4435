/*
 * communityid.h -- Community ID v1 flow hashes, as Packetbeat computes
 * them (libbeat/common/flowhash/communityid.go; the Community ID spec,
 * github.com/corelight/community-id-spec).
 */
#ifndef FLOWDUMP_COMMUNITYID_H
#define FLOWDUMP_COMMUNITYID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "1:" + base64 of 20 bytes + NUL, or "1:" + 40 hex digits + NUL. */
#define COMMUNITYID_MAX	43

struct cid_tuple {
	uint8_t		 proto;		/* IP protocol number */
	const uint8_t	*saddr;		/* source address, "alen" bytes */
	const uint8_t	*daddr;
	size_t		 alen;		/* 4 or 16 */
	uint16_t	 sport;		/* TCP, UDP, SCTP ports */
	uint16_t	 dport;
	uint8_t		 icmp_type;	/* ICMP (1) and ICMPv6 (58) */
	uint8_t		 icmp_code;
};

/*
 * Write the Community ID of "t" with "seed" into "out" (COMMUNITYID_MAX
 * bytes): base64 with padding, or hexadecimal when "base64" is false.
 * ICMP types with a counterpart (echo request and reply ...) hash as a
 * two-way flow, others one-way; TCP, UDP, SCTP and ICMP hash ports (or
 * type and code), other protocols none.  An IPv4-mapped IPv6 address
 * hashes as its 4-byte IPv4 address, as Go's To4() makes Packetbeat do.
 * Return the length written.
 */
size_t	communityid(uint16_t seed, const struct cid_tuple *t, bool base64,
	    char *out);

#endif /* FLOWDUMP_COMMUNITYID_H */
