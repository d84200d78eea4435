/*
 * check_tunnel.c -- --decap's tunnels, on frames built layer by layer:
 * each encapsulation with its optional fields on and off, the tunnel's
 * id in the key, both directions of an inner conversation one key,
 * nested tunnels and the cap, what is not a tunnel, and truncation at
 * every length.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "flowkey.h"
#include "testutil.h"

#define F(slot)		FK_FLAG(slot)
#define DECAP		DECODE_DECAP

/* A frame being built; lengths are patched as layers close. */
struct fb {
	uint8_t	 b[2048];
	size_t	 n;
};

static void
put8(struct fb *f, unsigned v)
{
	f->b[f->n++] = (uint8_t)v;
}

static void
put16(struct fb *f, unsigned v)
{
	put8(f, v >> 8);
	put8(f, v);
}

static void
put32(struct fb *f, uint32_t v)
{
	put16(f, v >> 16);
	put16(f, v & 0xffff);
}

static void
eth(struct fb *f, uint8_t last, uint16_t type)
{
	static const uint8_t	a[6] = { 2, 0, 0, 0, 0, 0 };

	memcpy(f->b + f->n, a, 6);
	f->b[f->n + 5] = last;		/* dst ...:last */
	f->n += 6;
	memcpy(f->b + f->n, a, 6);
	f->b[f->n + 5] = (uint8_t)(last + 1);
	f->n += 6;
	put16(f, type);
}

/* An IPv4 header "src" -> "dst" (last bytes), total length patched. */
static size_t
ipv4(struct fb *f, uint8_t src, uint8_t dst, uint8_t proto)
{
	size_t	at = f->n;

	put32(f, 0x45000000);
	put32(f, 0);
	put8(f, 64);
	put8(f, proto);
	put16(f, 0);
	put32(f, 0x0a000000u | src);
	put32(f, 0x0a000000u | dst);
	return at;
}

static size_t
udp(struct fb *f, uint16_t sport, uint16_t dport)
{
	size_t	at = f->n;

	put16(f, sport);
	put16(f, dport);
	put32(f, 0);			/* length patched, checksum */
	return at;
}

static void
tcp(struct fb *f, uint16_t sport, uint16_t dport)
{
	put16(f, sport);
	put16(f, dport);
	put32(f, 1);
	put32(f, 0);
	put32(f, 0x50100100);		/* doff 5, ACK */
	put32(f, 0);
	put32(f, 0xdeadbeef);		/* 4 payload bytes */
}

/* Close the IPv4 header at "at": its total length is all that follows. */
static void
close_ip(struct fb *f, size_t at)
{
	f->b[at + 2] = (uint8_t)((f->n - at) >> 8);
	f->b[at + 3] = (uint8_t)(f->n - at);
}

static void
close_udp(struct fb *f, size_t at)
{
	f->b[at + 4] = (uint8_t)((f->n - at) >> 8);
	f->b[at + 5] = (uint8_t)(f->n - at);
}

/* The inner Ethernet + IPv4 + TCP 10.0.0.{src}:sport -> {dst}:dport. */
static void
inner_tcp(struct fb *f, uint8_t src, uint8_t dst, uint16_t sp, uint16_t dp)
{
	size_t	ip;

	eth(f, 0x40, 0x0800);
	ip = ipv4(f, src, dst, 6);
	tcp(f, sp, dp);
	close_ip(f, ip);
}

/* Outer Ethernet + IPv4 1 -> 2 + UDP to "port"; the inner frame; close. */
static void
udp_tunnel(struct fb *f, uint16_t sport, uint16_t port, const uint8_t *hdr,
    size_t hlen, bool inner_eth, uint8_t isrc, uint8_t idst)
{
	size_t	ip, u;

	f->n = 0;
	eth(f, 0x10, 0x0800);
	ip = ipv4(f, 1, 2, 17);
	u = udp(f, sport, port);
	memcpy(f->b + f->n, hdr, hlen);
	f->n += hlen;
	if (inner_eth)
		inner_tcp(f, isrc, idst, 1000, 80);
	else {
		size_t	i = ipv4(f, isrc, idst, 6);

		tcp(f, 1000, 80);
		close_ip(f, i);
	}
	close_udp(f, u);
	close_ip(f, ip);
	if (port == 2152) {		/* GTP-U's length: all after 8 bytes */
		f->b[u + 8 + 2] = (uint8_t)((f->n - u - 16) >> 8);
		f->b[u + 8 + 3] = (uint8_t)(f->n - u - 16);
	}
}

static void
vxlan(struct fb *f, uint32_t vni, uint8_t isrc, uint8_t idst)
{
	uint8_t	h[8] = { 0x08, 0, 0, 0, (uint8_t)(vni >> 16),
	    (uint8_t)(vni >> 8), (uint8_t)vni, 0 };

	udp_tunnel(f, 49152, 4789, h, 8, true, isrc, idst);
}

/* The tunnel in "pk"'s key: its type and id. */
static void
want_tunnel(const struct pkt_info *pk, uint8_t type, bool has_id,
    uint32_t id)
{
	uint8_t		t;
	bool		h, u;
	uint32_t	i;

	ck_assert_uint_eq(pk->tunnel, type);
	ck_assert(flowkey_tunnel(pk->key.ident, &t, &h, &i, &u));
	ck_assert_uint_eq(t, type);
	ck_assert_int_eq(h, has_id);
	if (has_id)
		ck_assert_uint_eq(i, id);
}

/* "f" with --decap: no tunnel opened, its bytes are payload. */
static void
not_tunnel(const struct fb *f, struct pkt_info *pk)
{
	decode_frame(DECODE_LINK_EN10MB, f->b, f->n, DECAP, pk);
	ck_assert_uint_eq(pk->tunnel, DECODE_TUN_NONE);
}

/* The inner TCP ports 1000 -> 80 are the key's, the outer UDP's not. */
static void
want_inner_tcp(const struct pkt_info *pk)
{
	const uint8_t	*a, *b;
	uint16_t	 fl = flowkey_flags(pk->key.ident);

	ck_assert_int_eq(pk->stop, DECODE_DONE);
	ck_assert(fl & F(FK_TCP));
	ck_assert(!(fl & F(FK_UDP)));
	ck_assert(flowkey_pair(pk->key.ident, FK_TCP, 2, pk->key.dir, &a,
	    &b));
	ck_assert_uint_eq(flowkey_le16(a), 1000);
	ck_assert_uint_eq(flowkey_le16(b), 80);
	ck_assert_uint_eq(pk->ip.proto, 6);
	ck_assert_uint_eq(pk->tcp.len, 4);
}

START_TEST(test_vxlan)
{
	struct fb	f;
	struct pkt_info	pk;
	const uint8_t	*a, *b;

	vxlan(&f, 77, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_VXLAN, true, 77);
	want_inner_tcp(&pk);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) |
	    F(FK_OUTER_IPV4) | F(FK_IPV4) | F(FK_TCP) | F(FK_CONNID));
	ck_assert_uint_eq(pk.key.ident[FLOWKEY_CNT_ETH], 2);
	ck_assert(flowkey_pair(pk.key.ident, FK_IPV4, 4, pk.key.dir, &a, &b));
	ck_assert_uint_eq(a[3], 5);
	ck_assert_uint_eq(b[3], 6);
	/* the MACs are the inner frame's */
	ck_assert(flowkey_pair(pk.key.ident, FK_ETH, 6, pk.key.dir, &a, &b));
	ck_assert_uint_eq(a[5], 0x41);
	/* without --decap: noted, and a plain UDP flow between the VTEPs */
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, 0, &pk);
	ck_assert_uint_eq(pk.tunnel, DECODE_TUN_VXLAN);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) |
	    F(FK_IPV4) | F(FK_UDP));
	/* Linux's port, and the tunnel's port as the source port */
	f.b[36] = 0x21;
	f.b[37] = 0x18;			/* dport 8472 */
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_VXLAN, true, 77);
	f.b[34] = 0x12;
	f.b[35] = 0xb5;			/* sport 4789 */
	f.b[36] = 0xc0;
	f.b[37] = 0x00;			/* dport 49152 */
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_VXLAN, true, 77);
	/* no I flag: not VXLAN, a UDP flow */
	f.b[42] = 0;
	not_tunnel(&f, &pk);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
}
END_TEST

/*
 * Two tenants with the same inner conversation in two VNIs: two keys.
 * One tenant's two directions, both mirrored from VTEP 1 to VTEP 2: one
 * key, the second frame the reverse direction.
 */
START_TEST(test_tenants)
{
	struct fb	f;
	struct pkt_info	a, b;

	vxlan(&f, 1, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &a);
	vxlan(&f, 2, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &b);
	ck_assert_uint_eq(flowkey_ident_len(a.key.ident),
	    flowkey_ident_len(b.key.ident));
	ck_assert(memcmp(a.key.ident, b.key.ident,
	    flowkey_ident_len(a.key.ident)) != 0);
	ck_assert(flowkey_hash(a.key.ident) != flowkey_hash(b.key.ident));
	/* the reply: inner 6 -> 5 (MACs too), outer still 1 -> 2 */
	f.n = 0;
	{
		size_t	ip, u, i;
		uint8_t	h[8] = { 0x08, 0, 0, 0, 0, 0, 1, 0 };

		eth(&f, 0x10, 0x0800);
		ip = ipv4(&f, 1, 2, 17);
		u = udp(&f, 49152, 4789);
		memcpy(f.b + f.n, h, 8);
		f.n += 8;
		eth(&f, 0x40, 0x0800);
		f.b[f.n - 14 + 5] = 0x41;	/* dst: the first's source */
		f.b[f.n - 8 + 5] = 0x40;
		i = ipv4(&f, 6, 5, 6);
		tcp(&f, 80, 1000);
		close_ip(&f, i);
		close_udp(&f, u);
		close_ip(&f, ip);
	}
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &b);
	vxlan(&f, 1, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &a);
	ck_assert_uint_eq(flowkey_ident_len(a.key.ident),
	    flowkey_ident_len(b.key.ident));
	ck_assert_int_eq(memcmp(a.key.ident, b.key.ident,
	    flowkey_ident_len(a.key.ident)), 0);
	ck_assert_int_ne(a.key.dir, b.key.dir);
}
END_TEST

START_TEST(test_geneve)
{
	struct fb	f;
	struct pkt_info	pk;
	uint8_t		h[16] = { 0x02, 0, 0x65, 0x58, 0x12, 0x34, 0x56, 0,
	    0x01, 0x02, 0x80, 0x01, 1, 2, 3, 4 };	/* one 8-byte option */

	udp_tunnel(&f, 40000, 6081, h, 16, true, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GENEVE, true, 0x123456);
	want_inner_tcp(&pk);
	/* IP payload, no options */
	h[0] = 0;
	h[2] = 0x08;
	h[3] = 0x00;
	udp_tunnel(&f, 40000, 6081, h, 8, false, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GENEVE, true, 0x123456);
	want_inner_tcp(&pk);
	ck_assert_uint_eq(pk.key.ident[FLOWKEY_CNT_ETH], 1);
	/* version 1: not Geneve */
	f.b[42] = 0x40;
	not_tunnel(&f, &pk);
	/* options longer than the datagram, an unknown protocol: not */
	f.b[42] = 0x3f;
	not_tunnel(&f, &pk);
	f.b[42] = 0;
	f.b[44] = 0x88;
	not_tunnel(&f, &pk);
	ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
}
END_TEST

START_TEST(test_gtp)
{
	struct fb	f;
	struct pkt_info	pk;
	/* version 1, PT, E: seq, N-PDU, next type 0x85; an extension of
	 * 4 bytes (next 0xc0) and one of 8 (next 0) */
	uint8_t		h[28] = { 0x34, 0xff, 0, 0, 0xde, 0xad, 0xbe, 0xef,
	    0, 0, 0, 0x85, 1, 0x10, 0, 0xc0, 2, 1, 2, 3, 4, 5, 6, 0 };

	udp_tunnel(&f, 2152, 2152, h, 24, false, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GTP, true, 0xdeadbeef);
	want_inner_tcp(&pk);
	/* no optional fields */
	h[0] = 0x30;
	udp_tunnel(&f, 2152, 2152, h, 8, false, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GTP, true, 0xdeadbeef);
	want_inner_tcp(&pk);
	/* S only: the next-type byte does not count */
	h[0] = 0x32;
	h[11] = 0x85;
	udp_tunnel(&f, 2152, 2152, h, 12, false, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_inner_tcp(&pk);
	/* a length that is not the datagram's: no tunnel */
	f.b[45] ^= 1;
	not_tunnel(&f, &pk);
	/* an echo request is no tunnel */
	h[0] = 0x30;
	h[1] = 0x01;
	udp_tunnel(&f, 2152, 2152, h, 8, false, 5, 6);
	not_tunnel(&f, &pk);
	/* an extension of length 0 ends in a truncated tunnel */
	h[0] = 0x34;
	h[1] = 0xff;
	h[12] = 0;
	udp_tunnel(&f, 2152, 2152, h, 24, false, 5, 6);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	ck_assert_uint_eq(pk.tunnel, DECODE_TUN_GTP);
	ck_assert_int_eq(pk.stop, DECODE_STOP_TRUNC);
}
END_TEST

/* Outer Ethernet + IPv4 + GRE header "h"; then "inner" (0: TCP in IPv4,
 * 1: Ethernet frame, 2: PPP-framed IPv4 after "h") */
static void
gre_frame(struct fb *f, const uint8_t *h, size_t hlen, int inner)
{
	size_t	ip, i;

	f->n = 0;
	eth(f, 0x10, 0x0800);
	ip = ipv4(f, 1, 2, 47);
	memcpy(f->b + f->n, h, hlen);
	f->n += hlen;
	if (inner == 1)
		inner_tcp(f, 5, 6, 1000, 80);
	else {
		i = ipv4(f, 5, 6, 6);
		tcp(f, 1000, 80);
		close_ip(f, i);
	}
	close_ip(f, ip);
}

START_TEST(test_gre)
{
	struct fb	f;
	struct pkt_info	pk;
	uint8_t		h[32];

	/* version 0, IPv4, no options */
	memcpy(h, "\x00\x00\x08\x00", 4);
	gre_frame(&f, h, 4, 0);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GRE, false, 0);
	want_inner_tcp(&pk);
	/* checksum, key, sequence */
	memcpy(h, "\xb0\x00\x08\x00" "\x12\x34\x00\x00" "\x00\x00\x00\x2a"
	    "\x00\x00\x00\x07", 16);
	gre_frame(&f, h, 16, 0);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GRE, true, 42);
	want_inner_tcp(&pk);
	/* key only, Transparent Ethernet Bridging */
	memcpy(h, "\x20\x00\x65\x58" "\x00\x00\x00\x09", 8);
	gre_frame(&f, h, 8, 1);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GRE, true, 9);
	want_inner_tcp(&pk);
	ck_assert_uint_eq(pk.key.ident[FLOWKEY_CNT_ETH], 2);
	/* without --decap: noted, the outer flow has no ports */
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, 0, &pk);
	ck_assert_uint_eq(pk.tunnel, DECODE_TUN_GRE);
	ck_assert_uint_eq(flowkey_flags(pk.key.ident), F(FK_ETH) |
	    F(FK_IPV4));
	/* routing (RFC 1701), version 2: left as payload */
	memcpy(h, "\x40\x00\x08\x00", 4);
	gre_frame(&f, h, 4, 0);
	not_tunnel(&f, &pk);
	memcpy(h, "\x00\x02\x08\x00", 4);
	gre_frame(&f, h, 4, 0);
	not_tunnel(&f, &pk);
	/* an unknown payload: a tunnel with nothing decoded inside */
	memcpy(h, "\x00\x00\x88\x0b", 4);
	gre_frame(&f, h, 4, 0);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	ck_assert_uint_eq(pk.tunnel, DECODE_TUN_GRE);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	ck_assert(!(flowkey_flags(pk.key.ident) & F(FK_TCP)));
}
END_TEST

START_TEST(test_erspan)
{
	struct fb	f;
	struct pkt_info	pk;
	uint8_t		h[40];

	/* type I: 0x88be without a sequence number, Ethernet at once */
	memcpy(h, "\x00\x00\x88\xbe", 4);
	gre_frame(&f, h, 4, 1);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_ERSPAN, false, 0);
	want_inner_tcp(&pk);
	/* type II: sequence number, version 1, session 666 */
	memcpy(h, "\x10\x00\x88\xbe" "\x00\x00\x00\x01"
	    "\x10\x64\x02\x9a" "\x00\x00\x00\x00", 16);
	gre_frame(&f, h, 16, 1);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_ERSPAN, true, 666);
	want_inner_tcp(&pk);
	/* type II with a version 2 header: not ERSPAN II */
	h[8] = 0x20;
	gre_frame(&f, h, 16, 1);
	not_tunnel(&f, &pk);
	/* type III, the platform sub-header (O) on and off */
	memcpy(h, "\x10\x00\x22\xeb" "\x00\x00\x00\x01"
	    "\x20\x64\x03\xff" "\x00\x00\x00\x00" "\x00\x00\x00\x01"
	    "\x11\x11\x11\x11" "\x22\x22\x22\x22", 28);
	gre_frame(&f, h, 28, 1);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_ERSPAN, true, 1023);
	want_inner_tcp(&pk);
	h[19] = 0;
	gre_frame(&f, h, 20, 1);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_ERSPAN, true, 1023);
	want_inner_tcp(&pk);
	/* frame type 7: nothing decoded inside */
	h[18] = 7 << 2;
	gre_frame(&f, h, 20, 1);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	ck_assert_uint_eq(pk.tunnel, DECODE_TUN_ERSPAN);
	ck_assert(!(flowkey_flags(pk.key.ident) & F(FK_TCP)));
}
END_TEST

START_TEST(test_pptp)
{
	struct fb	f;
	struct pkt_info	pk;
	uint8_t		h[24];

	/* version 1, K, S, A; payload length, call id 6016; seq; ack;
	 * PPP with address and control, protocol 0x0021 */
	memcpy(h, "\x30\x81\x88\x0b" "\x00\x2c\x17\x80" "\x00\x00\x00\x05"
	    "\x00\x00\x00\x04" "\xff\x03\x00\x21", 20);
	gre_frame(&f, h, 20, 0);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GRE, true, 6016);
	want_inner_tcp(&pk);
	/* no sequence or ack; compressed address/control and protocol */
	memcpy(h, "\x20\x01\x88\x0b" "\x00\x2c\x17\x80" "\x21", 9);
	gre_frame(&f, h, 9, 0);
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GRE, true, 6016);
	want_inner_tcp(&pk);
	/* an acknowledgement alone: payload length 0 */
	memcpy(h, "\x20\x81\x88\x0b" "\x00\x00\x17\x80" "\x00\x00\x00\x04", 12);
	f.n = 0;
	{
		size_t	ip;

		eth(&f, 0x10, 0x0800);
		ip = ipv4(&f, 1, 2, 47);
		memcpy(f.b + f.n, h, 12);
		f.n += 12;
		close_ip(&f, ip);
	}
	decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
	want_tunnel(&pk, DECODE_TUN_GRE, true, 6016);
	ck_assert_int_eq(pk.stop, DECODE_DONE);
	/* nothing inside has addresses: the outer layers orient the key,
	 * as they do without --decap, and are written by direction */
	{
		struct pkt_info	plain;
		uint8_t		t;
		bool		hid, unoriented;
		uint32_t	id;

		decode_frame(DECODE_LINK_EN10MB, f.b, f.n, 0, &plain);
		ck_assert_int_eq(pk.key.dir, plain.key.dir);
		ck_assert(flowkey_tunnel(pk.key.ident, &t, &hid, &id,
		    &unoriented));
		ck_assert(!unoriented);
	}
	/* version 1 must carry PPP with a key */
	memcpy(h, "\x00\x01\x88\x0b", 4);
	gre_frame(&f, h, 4, 0);
	not_tunnel(&f, &pk);
}
END_TEST

/* Teredo: origin indication, authentication, and what is not Teredo. */
START_TEST(test_teredo)
{
	struct fb	f;
	struct pkt_info	pk;
	size_t		ip, u, i6;
	int		auth;

	for (auth = 0; auth < 2; auth++) {
		f.n = 0;
		eth(&f, 0x10, 0x0800);
		ip = ipv4(&f, 1, 2, 17);
		u = udp(&f, 3544, 50000);
		if (auth) {
			/* id length 2, auth length 1: 4 + 2 + 1 + 8 + 1 */
			put32(&f, 0x00010201);
			put16(&f, 0xaaaa);
			put8(&f, 0xbb);
			put32(&f, 0);
			put32(&f, 0);
			put8(&f, 0);
		}
		put32(&f, 0x0000abcd);		/* origin indication */
		put32(&f, 0x01020304);
		i6 = f.n;
		put32(&f, 0x60000000);
		put16(&f, 24);			/* TCP header and 4 bytes */
		put8(&f, 6);
		put8(&f, 64);
		memset(f.b + f.n, 0, 32);
		f.b[f.n + 15] = 5;
		f.b[f.n + 31] = 6;
		f.n += 32;
		tcp(&f, 1000, 80);
		close_udp(&f, u);
		close_ip(&f, ip);
		decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
		want_tunnel(&pk, DECODE_TUN_TEREDO, false, 0);
		want_inner_tcp(&pk);
		ck_assert(flowkey_flags(pk.key.ident) & F(FK_IPV6));
		/* an IPv6 length that the datagram cannot hold: not Teredo */
		f.b[i6 + 5] = 200;
		not_tunnel(&f, &pk);
		ck_assert(flowkey_flags(pk.key.ident) & F(FK_UDP));
	}
}
END_TEST

/* VXLAN in VXLAN: the innermost VNI; tunnels nested past the cap. */
START_TEST(test_nested)
{
	struct fb	f, g;
	struct pkt_info	pk;
	int		depth;

	vxlan(&f, 3, 5, 6);		/* the innermost */
	for (depth = 2; depth <= DECODE_MAX_IP + 1; depth++) {
		size_t	ip, u;
		uint8_t	h[8] = { 0x08, 0, 0, 0, 0, 0, (uint8_t)depth, 0 };

		g.n = 0;
		eth(&g, 0x10, 0x0800);
		ip = ipv4(&g, (uint8_t)(10 + depth), (uint8_t)(20 + depth),
		    17);
		u = udp(&g, 49152, 4789);
		memcpy(g.b + g.n, h, 8);
		g.n += 8;
		ck_assert_uint_lt(g.n + f.n, sizeof(g.b));
		memcpy(g.b + g.n, f.b, f.n);
		g.n += f.n;
		close_udp(&g, u);
		close_ip(&g, ip);
		f = g;
		decode_frame(DECODE_LINK_EN10MB, f.b, f.n, DECAP, &pk);
		if (depth <= DECODE_MAX_IP / 2) {
			want_tunnel(&pk, DECODE_TUN_VXLAN, true, 3);
			want_inner_tcp(&pk);
		} else if (depth > DECODE_MAX_IP) {
			ck_assert_int_eq(pk.stop, DECODE_STOP_CHAIN);
		}
	}
}
END_TEST

/* Every encapsulation cut at every length: no read past the bytes. */
START_TEST(test_truncated)
{
	struct fb	f, full[6];
	struct pkt_info	pk;
	size_t		k, len;
	uint8_t		h[32];

	vxlan(&full[0], 77, 5, 6);
	memcpy(h, "\x02\x00\x65\x58\x12\x34\x56\x00\x01\x02\x80\x01\x01\x02"
	    "\x03\x04", 16);
	udp_tunnel(&full[1], 40000, 6081, h, 16, true, 5, 6);
	memcpy(h, "\x34\xff\x00\x00\xde\xad\xbe\xef\x00\x00\x00\x85\x01\x10"
	    "\x00\x00", 16);
	udp_tunnel(&full[2], 2152, 2152, h, 16, false, 5, 6);
	memcpy(h, "\xb0\x00\x65\x58" "\x12\x34\x00\x00" "\x00\x00\x00\x2a"
	    "\x00\x00\x00\x07", 16);
	gre_frame(&full[3], h, 16, 1);
	memcpy(h, "\x10\x00\x22\xeb" "\x00\x00\x00\x01"
	    "\x20\x64\x03\xff" "\x00\x00\x00\x00" "\x00\x00\x00\x01"
	    "\x11\x11\x11\x11" "\x22\x22\x22\x22", 28);
	gre_frame(&full[4], h, 28, 1);
	memcpy(h, "\x30\x81\x88\x0b" "\x00\x2c\x17\x80" "\x00\x00\x00\x05"
	    "\x00\x00\x00\x04" "\xff\x03\x00\x21", 20);
	gre_frame(&full[5], h, 20, 0);
	for (k = 0; k < 6; k++) {
		for (len = 0; len <= full[k].n; len++) {
			uint8_t	*exact = malloc(len > 0 ? len : 1);

			memcpy(exact, full[k].b, len);
			decode_frame(DECODE_LINK_EN10MB, exact, len, DECAP,
			    &pk);
			if (len >= 14)
				ck_assert_int_eq(pk.nokey, DECODE_KEYED);
			/* the headers end 4 bytes before the frame */
			if (len == full[k].n)
				want_inner_tcp(&pk);
			else if (len < full[k].n - 4 &&
			    pk.tunnel != DECODE_TUN_NONE)
				ck_assert_msg(pk.stop != DECODE_DONE,
				    "frame %zu cut at %zu of %zu", k, len,
				    full[k].n);
			free(exact);
		}
	}
	(void)f;
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(decode_tunnel_name(DECODE_TUN_GRE), "gre");
	ck_assert_str_eq(decode_tunnel_name(DECODE_TUN_ERSPAN), "erspan");
	ck_assert_str_eq(decode_tunnel_name(DECODE_TUN_VXLAN), "vxlan");
	ck_assert_str_eq(decode_tunnel_name(DECODE_TUN_GENEVE), "geneve");
	ck_assert_str_eq(decode_tunnel_name(DECODE_TUN_GTP), "gtp");
	ck_assert_str_eq(decode_tunnel_name(DECODE_TUN_TEREDO), "teredo");
	ck_assert_ptr_null(decode_tunnel_name(DECODE_TUN_NONE));
	ck_assert_ptr_null(decode_tunnel_name(DECODE_TUN_COUNT));
}
END_TEST

static Suite *
tunnel_suite(void)
{
	Suite	*s = suite_create("tunnel");
	TCase	*tc = tcase_create("decap");

	tcase_add_test(tc, test_vxlan);
	tcase_add_test(tc, test_tenants);
	tcase_add_test(tc, test_geneve);
	tcase_add_test(tc, test_gtp);
	tcase_add_test(tc, test_gre);
	tcase_add_test(tc, test_erspan);
	tcase_add_test(tc, test_pptp);
	tcase_add_test(tc, test_teredo);
	tcase_add_test(tc, test_nested);
	tcase_add_test(tc, test_truncated);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(tunnel_suite());
}
