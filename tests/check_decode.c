/*
 * check_decode.c -- the frame decoder, on frames written inline, with
 * truncation swept at every length.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "flowkey.h"
#include "testutil.h"

#define F(slot)		FK_FLAG(slot)

/* Ethernet + IPv4 + UDP, 10.0.0.1:5353 -> 10.0.0.2:53, 4-byte payload. */
static const uint8_t udp4_frame[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02,	/* ether dst */
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01,	/* ether src */
	0x08, 0x00,				/* ethertype IPv4 */
	0x45, 0x00, 0x00, 0x20,			/* v4, ihl 5, tos, len 32 */
	0x00, 0x07, 0x00, 0x00,			/* id 7, flags/frag */
	0x40, 0x11, 0x00, 0x00,			/* ttl 64, UDP, csum */
	10, 0, 0, 1,				/* src */
	10, 0, 0, 2,				/* dst */
	0x14, 0xe9, 0x00, 0x35,			/* sport 5353, dport 53 */
	0x00, 0x0c, 0x00, 0x00,			/* udp len 12, csum */
	0xde, 0xad, 0xbe, 0xef,			/* payload */
};
#define UDP4_ETH_END	14
#define UDP4_IP_END	34
#define UDP4_HDRS_LEN	42

/* Ethernet + 802.1Q (PCP 5, VID 10) + IPv4 + TCP 1.2.3.4:80 -> 5.6.7.8:1025. */
static const uint8_t tcp4_vlan_frame[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02,	/* ether dst */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* ether src */
	0x81, 0x00,				/* 802.1Q */
	0xa0, 0x0a, 0x08, 0x00,			/* PCP 5, VID 10; IPv4 */
	0x45, 0x00, 0x00, 0x28,			/* len 40 */
	0x00, 0x00, 0x40, 0x00,			/* DF */
	0x40, 0x06, 0x00, 0x00,			/* TCP */
	1, 2, 3, 4,
	5, 6, 7, 8,
	0x00, 0x50, 0x04, 0x01,			/* 80 -> 1025 */
	0x00, 0x00, 0x00, 0x01,			/* seq */
	0x00, 0x00, 0x00, 0x00,			/* ack */
	0x50, 0x02, 0xff, 0xff,			/* doff 5, SYN, window */
	0x00, 0x00, 0x00, 0x00,			/* csum, urg */
};
#define TCP4V_VLAN_END	18
#define TCP4V_IP_END	38
#define TCP4V_LEN	58

static void
decode(int lt, const uint8_t *p, size_t n, struct pkt_info *pk)
{
	decode_frame(lt, p, n, false, pk);
}

START_TEST(test_udp4_ok)
{
	struct pkt_info	pk;
	const uint8_t	*a, *b;

	decode(DECODE_LINK_EN10MB, udp4_frame, sizeof(udp4_frame), &pk);
	ck_assert_int_eq(pk.nokey, DECODE_KEYED);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) |
	    F(FK_IPV4) | F(FK_UDP));
	ck_assert(flowkey_pair(pk.key.ident, FK_UDP, 2, pk.key.dir, &a, &b));
	ck_assert_uint_eq(flowkey_le16(a), 5353);
	ck_assert_uint_eq(flowkey_le16(b), 53);
	ck_assert_int_eq(pk.frag, DECODE_FRAG_NONE);
}
END_TEST

/* A snaplen that cuts the payload still decodes every header. */
START_TEST(test_udp4_snapped)
{
	struct pkt_info	pk;

	decode(DECODE_LINK_EN10MB, udp4_frame, UDP4_HDRS_LEN, &pk);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
}
END_TEST

/* Every cut inside the headers is reported, never misread. */
START_TEST(test_udp4_truncated)
{
	struct pkt_info	pk;
	size_t		n = (size_t)_i;
	uint16_t	flags;

	decode(DECODE_LINK_EN10MB, udp4_frame, n, &pk);
	flags = flowkey_flags(pk.key.ident);
	if (n < UDP4_ETH_END) {
		ck_assert_int_eq(pk.nokey, DECODE_NOKEY_LINK);
		return;
	}
	ck_assert_int_eq(pk.nokey, DECODE_KEYED);
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
	ck_assert(flags & F(FK_ETH));
	ck_assert(!(flags & F(FK_UDP)));
	ck_assert(((flags & F(FK_IPV4)) != 0) == (n >= UDP4_IP_END));
}
END_TEST

START_TEST(test_udp4_no_mac)
{
	struct pkt_info	pk;

	decode_frame(DECODE_LINK_EN10MB, udp4_frame, sizeof(udp4_frame), true,
	    &pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV4) | F(FK_UDP));
	ck_assert_uint_eq(pk.key.ident[FLOWKEY_CNT_ETH], 0);
}
END_TEST

START_TEST(test_tcp4_vlan_ok)
{
	struct pkt_info	pk;
	const uint8_t	*a, *b;

	decode(DECODE_LINK_EN10MB, tcp4_vlan_frame, sizeof(tcp4_vlan_frame),
	    &pk);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) | F(FK_VLAN) |
	    F(FK_IPV4) | F(FK_TCP));
	ck_assert_uint_eq(flowkey_le16(flowkey_item(pk.key.ident, FK_VLAN)),
	    10);
	ck_assert(flowkey_pair(pk.key.ident, FK_TCP, 2, pk.key.dir, &a, &b));
	ck_assert_uint_eq(flowkey_le16(a), 80);
	ck_assert_uint_eq(flowkey_le16(b), 1025);
}
END_TEST

START_TEST(test_tcp4_vlan_truncated)
{
	struct pkt_info	pk;
	size_t		n = (size_t)_i;
	uint16_t	flags;

	decode(DECODE_LINK_EN10MB, tcp4_vlan_frame, n, &pk);
	if (n < 14) {
		ck_assert_int_eq(pk.nokey, DECODE_NOKEY_LINK);
		return;
	}
	flags = flowkey_flags(pk.key.ident);
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
	ck_assert(((flags & F(FK_VLAN)) != 0) == (n >= TCP4V_VLAN_END));
	ck_assert(((flags & F(FK_IPV4)) != 0) == (n >= TCP4V_IP_END));
	ck_assert(!(flags & F(FK_TCP)));
}
END_TEST

/* A data offset below 5 words is malformed: no ports. */
START_TEST(test_tcp_bad_offset)
{
	uint8_t		f[sizeof(tcp4_vlan_frame)];
	struct pkt_info	pk;

	memcpy(f, tcp4_vlan_frame, sizeof(f));
	f[TCP4V_IP_END + 12] = 0x40;
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_BAD);
	ck_assert(!(flowkey_flags(pk.key.ident) & F(FK_TCP)));
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_IPV4));
}
END_TEST

/* IHL below 5 and a wrong version are malformed. */
START_TEST(test_ipv4_bad)
{
	uint8_t		f[sizeof(udp4_frame)];
	struct pkt_info	pk;

	memcpy(f, udp4_frame, sizeof(f));
	f[14] = 0x44;
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_BAD);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH));
	/* on a raw link the frame then yields no key */
	decode(DECODE_LINK_IPV4, f + 14, sizeof(f) - 14, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_BAD);
	f[14] = 0x65;
	decode(DECODE_LINK_IPV4, f + 14, sizeof(f) - 14, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_BAD);
	decode(DECODE_LINK_IPV4, f + 14, 10, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_BAD);
	f[14] = 0x45;
	decode(DECODE_LINK_IPV4, f + 14, 10, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_TRUNC);
}
END_TEST

/* Ethernet padding after the IP total length is never read as UDP. */
START_TEST(test_ipv4_padding)
{
	uint8_t		f[60];
	struct pkt_info	pk;

	memset(f, 0, sizeof(f));
	memcpy(f, udp4_frame, UDP4_HDRS_LEN);
	f[16] = 0x00;
	f[17] = 0x14;			/* total length 20: no payload */
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
	ck_assert(!(flowkey_flags(pk.key.ident) & F(FK_UDP)));
	/* a total length above the captured bytes does not stop decoding */
	f[16] = 0x05;
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
	/* nor does one below the header length (ignored) */
	f[16] = 0x00;
	f[17] = 0x04;
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
}
END_TEST

/* 802.1ad + 802.1Q: outer and inner VLAN; PCP and DEI ignored. */
START_TEST(test_qinq)
{
	static const uint8_t f[] = {
		1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2,
		0x88, 0xa8, 0x30, 0x65,		/* 802.1ad PCP 1 DEI 1, VID 101 */
		0x81, 0x00, 0x02, 0x58,		/* 802.1Q VID 600 */
		0x08, 0x06,			/* ARP */
		0x00, 0x01, 0x08, 0x00,
	};
	struct pkt_info	pk;

	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_NONIP);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) | F(FK_VLAN) |
	    F(FK_OUTER_VLAN));
	ck_assert_uint_eq(flowkey_le16(flowkey_item(pk.key.ident,
	    FK_OUTER_VLAN)), 101);
	ck_assert_uint_eq(flowkey_le16(flowkey_item(pk.key.ident, FK_VLAN)),
	    600);
	/* without MACs, a tagged ARP frame is a VLAN-only flow */
	decode_frame(DECODE_LINK_EN10MB, f, sizeof(f), true, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_KEYED);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_VLAN) |
	    F(FK_OUTER_VLAN));
	/* and an untagged one yields no key */
	decode_frame(DECODE_LINK_EN10MB, f + 8, sizeof(f) - 8, true, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_NONIP);
	/* 0x9100 is not walked */
	{
		uint8_t	g[sizeof(f)];

		memcpy(g, f, sizeof(g));
		g[12] = 0x91;
		g[13] = 0x00;
		decode(DECODE_LINK_EN10MB, g, sizeof(g), &pk);
		ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH));
	}
}
END_TEST

/* Nine tags exceed the VLAN cap. */
START_TEST(test_vlan_chain)
{
	uint8_t		f[14 + 4 * 9 + 4];
	struct pkt_info	pk;
	int		i;

	memset(f, 0, sizeof(f));
	f[12] = 0x81;
	for (i = 0; i < 9; i++) {
		f[14 + 4 * i + 1] = (uint8_t)i;
		f[14 + 4 * i + 2] = 0x81;
	}
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_CHAIN);
	ck_assert_uint_eq(pk.key.ident[FLOWKEY_CNT_VLAN], DECODE_MAX_VLAN);
}
END_TEST

/* IPv6 + hop-by-hop + routing + destination options + UDP. */
static const uint8_t udp6_ext[] = {
	0x60, 0x00, 0x00, 0x00,			/* version 6 */
	0x00, 0x24, 0x00, 0x40,			/* plen 36, next HBH, hlim */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, /* src */
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, /* dst */
	43, 0, 1, 4, 0, 0, 0, 0,		/* HBH: next routing, len 0 */
	60, 0, 0, 0, 0, 0, 0, 0,		/* routing: next dstopts */
	17, 0, 1, 4, 0, 0, 0, 0,		/* dstopts: next UDP */
	0x30, 0x39, 0xd4, 0x31, 0x00, 0x0c, 0, 0,	/* 12345 -> 54321 */
	0xca, 0xfe, 0xba, 0xbe,
};
#define UDP6_EXT_HDRS	72

START_TEST(test_ipv6_ext)
{
	struct pkt_info	pk;
	const uint8_t	*a, *b;

	decode(DECODE_LINK_IPV6, udp6_ext, sizeof(udp6_ext), &pk);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV6) | F(FK_UDP));
	ck_assert(flowkey_pair(pk.key.ident, FK_UDP, 2, pk.key.dir, &a, &b));
	ck_assert_uint_eq(flowkey_le16(a), 12345);
	ck_assert_int_eq(pk.key.dir, FLOWKEY_DIR_REVERSED);
}
END_TEST

START_TEST(test_ipv6_ext_truncated)
{
	struct pkt_info	pk;
	size_t		n = (size_t)_i;

	decode(DECODE_LINK_IPV6, udp6_ext, n, &pk);
	if (n < 40) {
		ck_assert_int_eq(pk.nokey, DECODE_NOKEY_TRUNC);
		return;
	}
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV6));
}
END_TEST

/* IPv4 fragments: the first one has ports, a later one has none. */
START_TEST(test_ipv4_fragments)
{
	uint8_t		f[sizeof(udp4_frame)];
	struct pkt_info	pk;

	memcpy(f, udp4_frame, sizeof(f));
	f[20] = 0x20;				/* MF, offset 0 */
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.frag, DECODE_FRAG_FIRST);
	ck_assert(pk.ops_ports);
	ck_assert_uint_eq(pk.nops, 1);
	ck_assert_uint_eq(pk.ops[0].kind, DECODE_OP_UDP);
	ck_assert_uint_eq(pk.frag_id, 7);
	ck_assert_uint_eq(pk.frag_proto, 17);
	ck_assert_uint_eq(pk.frag_src[3], 1);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));

	f[20] = 0x00;
	f[21] = 0xb9;				/* offset 185 * 8, last */
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.frag, DECODE_FRAG_LATER);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) | F(FK_IPV4));
	decode_replay(&pk.key, pk.ops, 0);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) | F(FK_IPV4));
}
END_TEST

/* An IPv6 fragment header with a non-zero offset: a later fragment. */
START_TEST(test_ipv6_fragment)
{
	uint8_t		f[40 + 8 + 8];
	struct pkt_info	pk, first;

	memcpy(f, udp6_ext, 40);
	f[6] = 44;
	f[40] = 17;			/* next header UDP */
	f[41] = 0;
	f[42] = 0x00;
	f[43] = 0x01;			/* offset 0, M */
	f[44] = 0xde, f[45] = 0xad, f[46] = 0xbe, f[47] = 0xef;
	memcpy(f + 48, udp6_ext + 64, 8);
	f[5] = 16;
	decode(DECODE_LINK_IPV6, f, sizeof(f), &first);
	ck_assert_int_eq(first.frag, DECODE_FRAG_FIRST);
	ck_assert(first.frag_v6);
	ck_assert_uint_eq(first.frag_id, 0xdeadbeef);
	ck_assert(first.ops_ports);

	f[42] = 0x05;
	f[43] = 0x00;			/* offset 160, last */
	decode(DECODE_LINK_IPV6, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.frag, DECODE_FRAG_LATER);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV6));
	ck_assert_mem_eq(pk.frag_src, first.frag_src, 16);
	decode_replay(&pk.key, first.ops, first.nops);
	ck_assert_mem_eq(pk.key.ident, first.key.ident,
	    flowkey_ident_len(first.key.ident));
}
END_TEST

/* IPv6 in IPv4 (6in4) carrying ICMPv6 echo request. */
START_TEST(test_6in4)
{
	uint8_t		f[20 + 40 + 8];
	struct pkt_info	pk;

	memset(f, 0, sizeof(f));
	memcpy(f, udp4_frame + 14, 20);
	f[2] = 0;
	f[3] = sizeof(f);
	f[9] = 41;
	memcpy(f + 20, udp6_ext, 40);
	f[20 + 5] = 8;
	f[20 + 6] = 58;
	f[60] = 128;
	decode(DECODE_LINK_IPV4, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV4) |
	    F(FK_IPV6));
	ck_assert_uint_eq(pk.key.ident[FLOWKEY_CNT_IP], 2);
	ck_assert_uint_eq(pk.icmp_ver, 6);
	ck_assert_uint_eq(pk.icmp_type, 128);
}
END_TEST

/* MPLS: two labels, then IPv4 + UDP; a non-IP payload stops. */
START_TEST(test_mpls)
{
	uint8_t		f[14 + 8 + 28];
	struct pkt_info	pk;

	memcpy(f, udp4_frame, 12);
	f[12] = 0x88, f[13] = 0x47;
	f[14] = 0x00, f[15] = 0x01, f[16] = 0x00, f[17] = 0x40;	/* label */
	f[18] = 0x00, f[19] = 0x02, f[20] = 0x01, f[21] = 0x40;	/* bottom */
	memcpy(f + 22, udp4_frame + 14, 28);
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) |
	    F(FK_IPV4) | F(FK_UDP));
	f[22] = 0x00;			/* pseudowire control word */
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_ENCAP);
	decode(DECODE_LINK_EN10MB, f, 20, &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
}
END_TEST

/* PPPoE session carrying IPv4; LCP stops. */
START_TEST(test_pppoe)
{
	uint8_t		f[14 + 8 + 28];
	struct pkt_info	pk;

	memcpy(f, udp4_frame, 12);
	f[12] = 0x88, f[13] = 0x64;
	f[14] = 0x11, f[15] = 0x00;	/* ver 1 type 1, session data */
	f[16] = 0x12, f[17] = 0x34;	/* session id */
	f[18] = 0x00, f[19] = 30;	/* length: PPP proto + 28 */
	f[20] = 0x00, f[21] = 0x21;	/* PPP IPv4 */
	memcpy(f + 22, udp4_frame + 14, 28);
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
	f[20] = 0xc0;
	f[21] = 0x21;			/* LCP */
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_ENCAP);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH));
}
END_TEST

/* Linux cooked v1 and v2, BSD null and loopback, raw IP: no MACs. */
START_TEST(test_links)
{
	static const uint8_t sll[16] = { 0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6,
	    0, 0, 0x08, 0x00 };
	static const uint8_t sll2[20] = { 0x08, 0x00, 0, 0, 0, 0, 0, 2, 0, 1,
	    0, 6, 1, 2, 3, 4, 5, 6, 0, 0 };
	static const uint8_t null_le[4] = { 2, 0, 0, 0 };
	static const uint8_t null_be[4] = { 0, 0, 0, 2 };
	static const uint8_t null6[4] = { 30, 0, 0, 0 };
	static const uint8_t arp_sll[16] = { 0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5,
	    6, 0, 0, 0x08, 0x06 };
	const uint8_t	*ip = udp4_frame + 14;
	uint8_t		f[128];
	struct pkt_info	pk;
	const uint16_t	want = F(FK_IPV4) | F(FK_UDP);

#define WITH(hdr, lt)	do {						\
	memcpy(f, hdr, sizeof(hdr));					\
	memcpy(f + sizeof(hdr), ip, 28);				\
	decode(lt, f, sizeof(hdr) + 28, &pk);				\
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), want);		\
	decode(lt, f, sizeof(hdr) - 1, &pk);				\
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_LINK);			\
} while (0)
	WITH(sll, DECODE_LINK_SLL);
	WITH(sll2, DECODE_LINK_SLL2);
	WITH(null_le, DECODE_LINK_NULL);
	WITH(null_be, DECODE_LINK_NULL);
	WITH(null_be, DECODE_LINK_LOOP);
#undef WITH
	decode(DECODE_LINK_RAW, ip, 28, &pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), want);
	decode(DECODE_LINK_RAW12, ip, 28, &pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), want);
	decode(DECODE_LINK_RAW14, udp6_ext, sizeof(udp6_ext), &pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV6) | F(FK_UDP));
	decode(DECODE_LINK_RAW, ip, 0, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_TRUNC);
	memcpy(f, null6, 4);
	memcpy(f + 4, udp6_ext, sizeof(udp6_ext));
	decode(DECODE_LINK_NULL, f, 4 + sizeof(udp6_ext), &pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV6) | F(FK_UDP));
	decode(DECODE_LINK_SLL, arp_sll, sizeof(arp_sll), &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_NONIP);
	decode(DECODE_LINK_IPV6, ip, 28, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_BAD);
	decode(105, ip, 28, &pk);
	ck_assert_int_eq(pk.nokey, DECODE_NOKEY_UNSUPPORTED);
	ck_assert(!decode_link_supported(105));
	ck_assert(decode_link_supported(DECODE_LINK_SLL2));
}
END_TEST

/* ICMP type and code are kept; nothing goes into the key. */
START_TEST(test_icmp)
{
	uint8_t		f[20 + 8];
	struct pkt_info	pk;

	memcpy(f, udp4_frame + 14, 20);
	f[3] = sizeof(f);
	f[9] = 1;
	f[20] = 3;
	f[21] = 4;
	memset(f + 22, 0, 6);
	decode(DECODE_LINK_IPV4, f, sizeof(f), &pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_IPV4));
	ck_assert_uint_eq(pk.icmp_ver, 4);
	ck_assert_uint_eq(pk.icmp_type, 3);
	ck_assert_uint_eq(pk.icmp_code, 4);
	decode(DECODE_LINK_IPV4, f, 21, &pk);
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
	ck_assert_uint_eq(pk.icmp_ver, 0);
}
END_TEST

/* What the ip group reads: lengths, TTL, protocol, payload above transport. */
START_TEST(test_ip_seen)
{
	struct pkt_info	pk;
	uint8_t		f[sizeof(udp4_frame)];

	decode(DECODE_LINK_EN10MB, udp4_frame, sizeof(udp4_frame), &pk);
	ck_assert_uint_eq(pk.ip.ver, 4);
	ck_assert_uint_eq(pk.ip.len, 32);		/* total length */
	ck_assert_uint_eq(pk.ip.ttl, udp4_frame[22]);
	ck_assert_uint_eq(pk.ip.proto, 17);
	ck_assert_uint_eq(pk.ip.payload, 4);		/* udp len 12 - 8 */
	/* a UDP length below 8 is no payload, never negative */
	memcpy(f, udp4_frame, sizeof(f));
	f[39] = 3;
	decode(DECODE_LINK_EN10MB, f, sizeof(f), &pk);
	ck_assert_uint_eq(pk.ip.payload, 0);
	/* TCP: the IP lengths less the header; a SYN has none */
	decode(DECODE_LINK_EN10MB, tcp4_vlan_frame, sizeof(tcp4_vlan_frame),
	    &pk);
	ck_assert_uint_eq(pk.ip.len, 40);
	ck_assert_uint_eq(pk.ip.payload, 0);
	ck_assert_uint_eq(pk.ip.ttl, 0x40);
	/* no IP header: nothing */
	decode(DECODE_LINK_EN10MB, udp4_frame, UDP4_ETH_END, &pk);
	ck_assert_uint_eq(pk.ip.ver, 0);
}
END_TEST

/* What the tcp group reads of a TCP header. */
START_TEST(test_tcp_seg)
{
	struct pkt_info	pk;
	uint8_t		f[TCP4V_LEN + 10];

	decode(DECODE_LINK_EN10MB, tcp4_vlan_frame, sizeof(tcp4_vlan_frame),
	    &pk);
	ck_assert_uint_eq(pk.tcp.state, TCPSEG_WHOLE);
	ck_assert_uint_eq(pk.tcp.seq, 1);
	ck_assert_uint_eq(pk.tcp.flags, TCPF_SYN);
	ck_assert_uint_eq(pk.tcp.win, 0xffff);
	ck_assert_uint_eq(pk.tcp.len, 0);
	/* ten bytes of data, eight captured */
	memset(f, 0, sizeof(f));
	memcpy(f, tcp4_vlan_frame, TCP4V_LEN);
	f[TCP4V_VLAN_END + 3] = 50;			/* total length */
	decode(DECODE_LINK_EN10MB, f, TCP4V_LEN + 8, &pk);
	ck_assert_uint_eq(pk.tcp.state, TCPSEG_WHOLE);
	ck_assert_uint_eq(pk.tcp.len, 10);
	ck_assert_uint_eq(pk.tcp.caplen, 8);
	ck_assert_uint_eq(pk.ip.payload, 10);
	/* a data offset of 8 words: options past the capture */
	f[TCP4V_IP_END + 12] = 0x80;
	decode(DECODE_LINK_EN10MB, f, TCP4V_LEN + 8, &pk);
	ck_assert_uint_eq(pk.tcp.state, TCPSEG_FLAGS);
	/* not TCP: nothing */
	decode(DECODE_LINK_EN10MB, udp4_frame, sizeof(udp4_frame), &pk);
	ck_assert_uint_eq(pk.tcp.state, TCPSEG_NONE);
}
END_TEST

/*
 * A jumbogram: IPv6 payload length 0, a hop-by-hop header with option
 * 0xc2 (the length of all after the IPv6 header), then ICMPv6.
 */
START_TEST(test_jumbogram)
{
	static const uint8_t j[] = {
		0x60, 0, 0, 0, 0x00, 0x00, 0x00, 0x40,	/* plen 0, HBH */
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
		58, 0, 0xc2, 4, 0x00, 0x01, 0x00, 0x10,	/* jumbo 65552 */
		128, 0, 0, 0,				/* echo request */
	};
	struct pkt_info	pk;

	decode(DECODE_LINK_IPV6, j, sizeof(j), &pk);
	ck_assert_uint_eq(pk.ip.ver, 6);
	ck_assert_uint_eq(pk.ip.len, 40 + 65552);
	ck_assert_uint_eq(pk.ip.proto, 58);
	ck_assert_uint_eq(pk.ip.payload, 65552 - 8);	/* after the HBH */
	ck_assert_uint_eq(pk.ip.ttl, 0x40);
	ck_assert_uint_eq(pk.icmp_type, 128);
}
END_TEST

/*
 * The one-pass path for the common frame against the layer-by-layer
 * walk (DECODE_NO_FAST), on pseudo-random frames near that shape:
 * every field the walk writes must come out the same.
 */
static uint32_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return (uint32_t)(*s >> 11);
}

static uint32_t
pick(uint64_t *s, const uint32_t *v, size_t n)
{
	return v[rnd(s) % n];
}

#define PICK(s, v)	pick((s), (v), sizeof(v) / sizeof((v)[0]))

static void
put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* A frame of Ethernet, IPv4 or IPv6, a transport header and payload. */
static size_t
random_frame(uint64_t *s, uint8_t *f, size_t cap)
{
	static const uint32_t types[] = { 0x0800, 0x0800, 0x0800, 0x86dd,
	    0x86dd, 0x8100, 0x88a8, 0x0806 };
	static const uint32_t protos[] = { 6, 6, 6, 17, 17, 17, 1, 58, 47,
	    4, 41, 0, 44, 255 };
	static const uint32_t ports[] = { 80, 443, 53, 1025, 4789, 8472,
	    6081, 2152, 3544, 0, 65535 };
	size_t		 len, i, ip, l4, hlen;
	uint32_t	 r;

	len = 14 + rnd(s) % 100;
	if (len > cap)
		len = cap;
	for (i = 0; i < len; i++)
		f[i] = (uint8_t)rnd(s);
	/* MACs and addresses from a few values, so that pairs tie */
	memset(f, 0, 12);
	f[5] = (uint8_t)(rnd(s) % 3);
	f[11] = (uint8_t)(rnd(s) % 3);
	put16(f + 12, PICK(s, types));
	ip = 14;
	if ((f[12] == 0x81 || f[12] == 0x88) && rnd(s) % 4 != 0) {
		/* a tag, then (mostly) IPv4 or IPv6 */
		put16(f + 16, PICK(s, types));
		ip = 18;
	}
	r = rnd(s);
	if (f[ip - 2] == 0x08 && len >= ip + 20) {
		f[ip] = r % 8 ? 0x45 : (uint8_t)rnd(s);
		hlen = (size_t)(f[ip] & 0x0f) * 4;
		switch (rnd(s) % 5) {
		case 0: put16(f + ip + 2, 0); break;
		case 1: put16(f + ip + 2, rnd(s) % 64); break;
		case 2: put16(f + ip + 2, rnd(s)); break;
		default: put16(f + ip + 2, (uint32_t)(len - ip)); break;
		}
		put16(f + ip + 6, r % 3 ? (r & 0x100 ? 0x4000 : 0) : rnd(s));
		f[ip + 9] = (uint8_t)PICK(s, protos);
		memset(f + ip + 12, 10, 8);
		f[ip + 15] = (uint8_t)(rnd(s) % 3);
		f[ip + 19] = (uint8_t)(rnd(s) % 3);
		l4 = ip + hlen;
	} else if (f[ip - 2] == 0x86 && len >= ip + 40) {
		f[ip] = r % 8 ? 0x60 : (uint8_t)rnd(s);
		switch (rnd(s) % 4) {
		case 0: put16(f + ip + 4, 0); break;
		case 1: put16(f + ip + 4, rnd(s)); break;
		default: put16(f + ip + 4, (uint32_t)(len - ip - 40)); break;
		}
		f[ip + 6] = (uint8_t)PICK(s, protos);
		memset(f + ip + 8, 0x20, 32);
		f[ip + 23] = (uint8_t)(rnd(s) % 3);
		f[ip + 39] = (uint8_t)(rnd(s) % 3);
		l4 = ip + 40;
	} else
		return len;
	if (len >= l4 + 20) {
		put16(f + l4, PICK(s, ports));
		put16(f + l4 + 2, PICK(s, ports));
		if (rnd(s) % 4 == 0)	/* the same port both ways */
			memcpy(f + l4 + 2, f + l4, 2);
		put16(f + l4 + 4, rnd(s) % 2 ? (uint32_t)(len - l4) : rnd(s));
		f[l4 + 12] = (uint8_t)(rnd(s) % 4 ? 0x50 : rnd(s));
	}
	return len;
}

/*
 * The Ethernet frame "f" ("*len" bytes) moved to link type "link":
 * its Ethernet header replaced by a cooked one or taken off.
 */
static void
relink(int link, uint8_t *f, size_t *len, size_t cap)
{
	uint8_t	t[2];

	memcpy(t, f + 12, 2);
	switch (link) {
	case DECODE_LINK_SLL:		/* ..., protocol at 14: 2 more */
		if (*len + 2 > cap)
			*len = cap - 2;
		memmove(f + 16, f + 14, *len - 14);
		memset(f, 0x45, 14);	/* what an IPv4 header starts with */
		memcpy(f + 14, t, 2);
		*len += 2;
		break;
	case DECODE_LINK_SLL2:		/* protocol at 0: 6 more */
		if (*len + 6 > cap)
			*len = cap - 6;
		memmove(f + 20, f + 14, *len - 14);
		memset(f + 2, 0x45, 18);
		memcpy(f, t, 2);
		*len += 6;
		break;
	case DECODE_LINK_EN10MB:
		break;
	default:			/* raw IP */
		memmove(f, f + 14, *len - 14);
		*len -= 14;
		break;
	}
}

START_TEST(test_fast_path)
{
	static const int links[] = { DECODE_LINK_EN10MB, DECODE_LINK_EN10MB,
	    DECODE_LINK_EN10MB, DECODE_LINK_SLL, DECODE_LINK_SLL2,
	    DECODE_LINK_RAW, DECODE_LINK_RAW12, DECODE_LINK_IPV4,
	    DECODE_LINK_IPV6, DECODE_LINK_NULL };
	static const unsigned opts[] = { 0, DECODE_NO_MAC, DECODE_DECAP,
	    DECODE_NO_MAC | DECODE_DECAP };
	uint8_t		 f[128];
	struct pkt_info	 fast, walk;
	uint64_t	 s = 0x9e3779b97f4a7c15ULL;
	size_t		 len, caplen, simple = 0, i;
	unsigned	 o;
	int		 link;
	uint16_t	 fl;

	for (i = 0; i < 600000; i++) {
		len = random_frame(&s, f, sizeof(f) - 8);
		link = links[rnd(&s) % (sizeof(links) / sizeof(links[0]))];
		relink(link, f, &len, sizeof(f));
		caplen = rnd(&s) % 4 ? len : rnd(&s) % (len + 1);
		o = opts[rnd(&s) % 4];
		memset(&fast, 0xa5, sizeof(fast));
		memset(&walk, 0x5a, sizeof(walk));
		decode_frame(link, f, caplen, o, &fast);
		decode_frame(link, f, caplen, o | DECODE_NO_FAST, &walk);
		if (!decode_same(&fast, &walk))
			ck_abort_msg("frame %zu (link %d, caplen %zu of %zu, "
			    "options %u): the two paths differ", i, link,
			    caplen, len, o);
		fl = (uint16_t)(flowkey_flags(walk.key.ident) &
		    ~(unsigned)(F(FK_ETH) | F(FK_VLAN)));
		if (walk.nokey == DECODE_KEYED && walk.stop == DECODE_DONE &&
		    (fl == (F(FK_IPV4) | F(FK_TCP)) ||
		    fl == (F(FK_IPV4) | F(FK_UDP)) ||
		    fl == (F(FK_IPV6) | F(FK_TCP)) ||
		    fl == (F(FK_IPV6) | F(FK_UDP))))
			simple++;
	}
	/* the common shapes were a good part of what was compared */
	ck_assert_uint_gt(simple, 600000 / 20);
}
END_TEST

static Suite *
decode_suite(void)
{
	Suite	*s = suite_create("decode");
	TCase	*tc;

	tc = tcase_create("ipv4-udp");
	tcase_add_test(tc, test_udp4_ok);
	tcase_add_test(tc, test_udp4_snapped);
	tcase_add_loop_test(tc, test_udp4_truncated, 0, UDP4_HDRS_LEN);
	tcase_add_test(tc, test_udp4_no_mac);
	tcase_add_test(tc, test_ipv4_bad);
	tcase_add_test(tc, test_ipv4_padding);
	tcase_add_test(tc, test_icmp);
	suite_add_tcase(s, tc);

	tc = tcase_create("vlan-tcp");
	tcase_add_test(tc, test_tcp4_vlan_ok);
	tcase_add_loop_test(tc, test_tcp4_vlan_truncated, 0, TCP4V_LEN);
	tcase_add_test(tc, test_tcp_bad_offset);
	tcase_add_test(tc, test_qinq);
	tcase_add_test(tc, test_vlan_chain);
	suite_add_tcase(s, tc);

	tc = tcase_create("ipv6");
	tcase_add_test(tc, test_ipv6_ext);
	tcase_add_loop_test(tc, test_ipv6_ext_truncated, 0, UDP6_EXT_HDRS);
	tcase_add_test(tc, test_6in4);
	suite_add_tcase(s, tc);

	tc = tcase_create("fragments");
	tcase_add_test(tc, test_ipv4_fragments);
	tcase_add_test(tc, test_ipv6_fragment);
	suite_add_tcase(s, tc);

	tc = tcase_create("encapsulations");
	tcase_add_test(tc, test_mpls);
	tcase_add_test(tc, test_pppoe);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_ip_seen);
	tcase_add_test(tc, test_tcp_seg);
	tcase_add_test(tc, test_jumbogram);
	suite_add_tcase(s, tc);

	tc = tcase_create("fast-path");
	tcase_add_test(tc, test_fast_path);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(decode_suite());
}
