/*
 * communityid.c -- Community ID v1.
 *
 * Specification: corelight/community-id-spec README ("Technical
 * details"), with Packetbeat's choices where the spec leaves room: the
 * ICMP counterpart tables of libbeat/common/flowhash/communityid.go.
 *
 * Hash input: seed (2 bytes, big-endian), source address, destination
 * address, protocol (1 byte), one zero byte, then for TCP, UDP, SCTP,
 * ICMP and ICMPv6 the source and destination ports (2 bytes each, big-
 * endian).  Unless the flow is one-way ICMP, the endpoints are ordered
 * so that (source address, source port) is the smaller.
 */
#include <config.h>

#include <string.h>

#include "communityid.h"
#include "sha1.h"
#include "util.h"

#define IPP_ICMP	1
#define IPP_TCP		6
#define IPP_UDP		17
#define IPP_ICMPV6	58
#define IPP_SCTP	132

/* ICMP type -> counterpart type; sentinel row last. */
struct icmp_peer {
	uint8_t	type;
	uint8_t	peer;
};

static const struct icmp_peer icmp4_peers[] = {
	{ 8, 0 }, { 0, 8 },		/* echo */
	{ 13, 14 }, { 14, 13 },		/* timestamp */
	{ 15, 16 },			/* information request */
	{ 10, 9 }, { 9, 10 },		/* router solicitation */
	{ 17, 18 }, { 18, 17 },		/* address mask */
	{ 255, 255 }
};

static const struct icmp_peer icmp6_peers[] = {
	{ 128, 129 }, { 129, 128 },	/* echo */
	{ 133, 134 }, { 134, 133 },	/* router solicitation */
	{ 136, 135 }, { 135, 136 },	/* neighbor discovery */
	{ 130, 131 },			/* MLDv1 query */
	{ 139, 140 }, { 140, 139 },	/* node information */
	{ 144, 145 }, { 145, 144 },	/* home agent address discovery */
	{ 255, 255 }
};

static const uint8_t mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0xff, 0xff };

size_t
communityid(uint16_t seed, const struct cid_tuple *t, bool base64, char *out)
{
	const uint8_t	*sa = t->saddr, *da = t->daddr, *tp;
	uint16_t	 sp = t->sport, dp = t->dport, tmp16;
	size_t		 slen = t->alen, dlen = t->alen, i;
	bool		 one_way = false, ports;
	uint8_t		 buf[2], digest[SHA1_DIGEST_LEN];
	struct sha1	 s;
	int		 c;

	if (t->proto == IPP_ICMP || t->proto == IPP_ICMPV6) {
		const struct icmp_peer	*tab = t->proto == IPP_ICMP ?
		    icmp4_peers : icmp6_peers;

		sp = t->icmp_type;
		dp = t->icmp_code;
		one_way = true;
		for (i = 0; tab[i].type != 255 || tab[i].peer != 255; i++) {
			if (tab[i].type == t->icmp_type) {
				dp = tab[i].peer;
				one_way = false;
				break;
			}
		}
	}
	if (!one_way) {
		c = memcmp(sa, da, t->alen);
		if (!(c < 0 || (c == 0 && sp < dp))) {
			tp = sa, sa = da, da = tp;
			tmp16 = sp, sp = dp, dp = tmp16;
		}
	}
	if (slen == 16 && memcmp(sa, mapped_prefix, 12) == 0) {
		sa += 12;
		slen = 4;
	}
	if (dlen == 16 && memcmp(da, mapped_prefix, 12) == 0) {
		da += 12;
		dlen = 4;
	}

	sha1_init(&s);
	buf[0] = (uint8_t)(seed >> 8);
	buf[1] = (uint8_t)seed;
	sha1_update(&s, buf, 2);
	sha1_update(&s, sa, slen);
	sha1_update(&s, da, dlen);
	buf[0] = t->proto;
	buf[1] = 0;
	sha1_update(&s, buf, 2);
	ports = t->proto == IPP_TCP || t->proto == IPP_UDP ||
	    t->proto == IPP_SCTP || t->proto == IPP_ICMP ||
	    t->proto == IPP_ICMPV6;
	if (ports) {
		buf[0] = (uint8_t)(sp >> 8);
		buf[1] = (uint8_t)sp;
		sha1_update(&s, buf, 2);
		buf[0] = (uint8_t)(dp >> 8);
		buf[1] = (uint8_t)dp;
		sha1_update(&s, buf, 2);
	}
	sha1_final(&s, digest);

	out[0] = '1';
	out[1] = ':';
	if (base64)
		return 2 + util_base64(out + 2, digest, sizeof(digest), true);
	for (i = 0; i < sizeof(digest); i++) {
		out[2 + 2 * i] = "0123456789abcdef"[digest[i] >> 4];
		out[3 + 2 * i] = "0123456789abcdef"[digest[i] & 15];
	}
	out[42] = '\0';
	return 42;
}
