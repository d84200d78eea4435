/*
 * decode.c -- frame decoder: link layers, VLAN, MPLS, PPPoE, IPv4, IPv6
 * and their extension headers, TCP and UDP.
 *
 * Specification: the man page's "Flows" and "LINK TYPES AND
 * ENCAPSULATIONS";
 * Packetbeat's decoder (packetbeat/decoder/decoder.go) for which layers
 * feed the key.  Wire formats: IEEE 802.3 / 802.1Q, RFC 3032 (MPLS),
 * RFC 2516 (PPPoE), RFC 791 (IPv4), RFC 8200 (IPv6), RFC 4302 (AH),
 * RFC 793 (TCP), RFC 768 (UDP); Linux cooked capture v1/v2 and BSD
 * null/loopback as libpcap's LINKTYPE list describes them.  Tunnels
 * (--decap): RFC 2784/2890 (GRE), RFC 2637 (PPTP's GRE v1), the ERSPAN
 * draft (draft-foschiano-erspan-03: types I, II, III), RFC 7348 (VXLAN),
 * RFC 8926 (Geneve), 3GPP TS 29.281 (GTP-U v1), RFC 4380 (Teredo).
 *
 * Deviations from Packetbeat (declared in the man page): IPv6 routing,
 * destination options, fragment and AH headers (AH in IPv4 too), MPLS
 * label stacks and PPPoE sessions are walked to the layers inside; the
 * walk adds nothing to the key.  Fragments are not reassembled: the
 * caller attributes later fragments with decode_replay().
 */
#include <config.h>

#include <string.h>

#include "cursor.h"
#include "decode.h"

/* Ethertypes. */
#define ET_IPV4		0x0800
#define ET_IPV6		0x86dd
#define ET_VLAN		0x8100
#define ET_QINQ		0x88a8
#define ET_MPLS_UC	0x8847
#define ET_MPLS_MC	0x8848
#define ET_PPPOE_S	0x8864
#define ET_TEB		0x6558	/* Transparent Ethernet Bridging */
#define ET_ERSPAN12	0x88be
#define ET_ERSPAN3	0x22eb
#define ET_PPP		0x880b	/* PPTP's GRE v1 payload */

/* PPP protocols. */
#define PPP_IPV4	0x0021
#define PPP_IPV6	0x0057

/* IP protocol numbers. */
#define IPP_HOPOPT	0
#define IPP_ICMP	1
#define IPP_IPIP	4
#define IPP_TCP		6
#define IPP_UDP		17
#define IPP_IPV6	41
#define IPP_ROUTING	43
#define IPP_FRAGMENT	44
#define IPP_GRE		47
#define IPP_AH		51
#define IPP_ICMPV6	58
#define IPP_DSTOPTS	60

/* Sentinel returned by a layer decoder: go on with the next layer. */
#define DEC_CONTINUE	0xff

/* UDP ports of tunnels. */
#define PORT_VXLAN	4789
#define PORT_VXLAN_LINUX 8472
#define PORT_GENEVE	6081
#define PORT_GTPU	2152
#define PORT_TEREDO	3544

/* Decoding state of one frame. */
struct dctx {
	struct pkt_info	*pk;
	unsigned	 opts;		/* DECODE_NO_MAC, DECODE_DECAP */
	bool		 opened;	/* a tunnel was opened */
	struct flowkey_orient was;	/* the key's before the last one */
	int		 ip_layers;	/* IP headers decoded so far */
	bool		 in_v6;		/* the enclosing IP header is IPv6 */
	int		 ext;		/* extension headers in this IP layer */
	bool		 track;		/* record ops after a first fragment */
	uint8_t		 v6src[16];	/* addresses of the enclosing IPv6 */
	uint8_t		 v6dst[16];
	/* the innermost IP header's payload, as its length field gives it */
	const uint8_t	*ip_pay;	/* where it starts */
	size_t		 ip_plen;	/* its length ... */
	bool		 ip_plen_known;	/* ... unless 0 (offload, jumbogram) */
};

/*
 * The bytes of the innermost IP header's payload from "c" on, as its
 * length field leaves them (what was captured when that field is 0).
 */
static size_t
ip_left(const struct dctx *x, const struct cursor *c)
{
	size_t	before = (size_t)(c->p - x->ip_pay);

	if (!x->ip_plen_known)
		return c->left;
	return x->ip_plen > before ? x->ip_plen - before : 0;
}

/* The innermost IP header's payload from here on: protocol "proto". */
static void
ip_upper(struct dctx *x, const struct cursor *c, uint8_t proto)
{
	x->pk->ip.proto = proto;
	x->pk->ip.payload = (uint32_t)ip_left(x, c);
}

bool
decode_link_supported(int linktype)
{
	switch (linktype) {
	case DECODE_LINK_NULL:
	case DECODE_LINK_EN10MB:
	case DECODE_LINK_RAW12:
	case DECODE_LINK_RAW14:
	case DECODE_LINK_RAW:
	case DECODE_LINK_LOOP:
	case DECODE_LINK_SLL:
	case DECODE_LINK_IPV4:
	case DECODE_LINK_IPV6:
	case DECODE_LINK_SLL2:
		return true;
	default:
		return false;
	}
}

/* Remember a layer added after a first fragment's IP header. */
static void
record_op(struct dctx *x, uint8_t kind, const uint8_t *a, const uint8_t *b,
    size_t size)
{
	struct pkt_info		*pk = x->pk;
	struct decode_op	*op;

	if (!x->track)
		return;
	if (pk->nops == DECODE_MAX_OPS) {
		x->track = false;	/* too deep to remember */
		pk->ops_ports = false;
		pk->nops = 0;
		return;
	}
	op = &pk->ops[pk->nops++];
	op->kind = kind;
	memcpy(op->a, a, size);
	memcpy(op->b, b, size);
	if (kind == DECODE_OP_TCP || kind == DECODE_OP_UDP)
		pk->ops_ports = true;
}

static void
start_fragment(struct dctx *x, enum decode_frag state, bool v6, uint8_t proto,
    uint32_t id, const uint8_t *src, const uint8_t *dst, size_t alen)
{
	struct pkt_info	*pk = x->pk;

	pk->frag = (uint8_t)state;
	pk->frag_v6 = v6;
	pk->frag_proto = proto;
	pk->frag_id = id;
	memset(pk->frag_src, 0, sizeof(pk->frag_src));
	memset(pk->frag_dst, 0, sizeof(pk->frag_dst));
	memcpy(pk->frag_src, src, alen);
	memcpy(pk->frag_dst, dst, alen);
	pk->nops = 0;
	pk->ops_ports = false;
	x->track = state == DECODE_FRAG_FIRST;
}

static uint8_t	decode_ethertype(struct dctx *, struct cursor *, uint16_t);
static uint8_t	decode_ip_chain(struct dctx *, struct cursor *, uint8_t);
static uint8_t	decode_ip_any(struct dctx *, struct cursor *);

const char *
decode_tunnel_name(unsigned type)
{
	static const char *const names[DECODE_TUN_COUNT] = {
		[DECODE_TUN_GRE] = "gre",
		[DECODE_TUN_ERSPAN] = "erspan",
		[DECODE_TUN_VXLAN] = "vxlan",
		[DECODE_TUN_GENEVE] = "geneve",
		[DECODE_TUN_GTP] = "gtp",
		[DECODE_TUN_TEREDO] = "teredo",
	};

	return type < DECODE_TUN_COUNT ? names[type] : NULL;
}

/* What a tunnel header says, and what follows it. */
struct tun {
	uint8_t		 type;		/* enum decode_tunnel */
	bool		 has_id;
	uint32_t	 id;		/* VNI, key, session, TEID, call id */
	uint8_t		 inner;		/* INNER_* */
};

#define INNER_ETH	1	/* an Ethernet frame */
#define INNER_IP	2	/* IPv4 or IPv6, by its version nibble */
#define INNER_IPV4	3
#define INNER_IPV6	4
#define INNER_NONE	5	/* a tunnel, but nothing it carries to decode */
#define INNER_TRUNC	6	/* a tunnel whose header was cut short */

/* What a payload of Ethernet type "proto" is, for GRE and Geneve. */
static uint8_t
inner_of(uint16_t proto)
{
	switch (proto) {
	case ET_TEB:
		return INNER_ETH;
	case ET_IPV4:
		return INNER_IPV4;
	case ET_IPV6:
		return INNER_IPV6;
	default:
		return INNER_NONE;
	}
}

/*
 * The tunnel headers.  Each reads from a copy of the cursor and returns
 * true if the bytes are that tunnel's header (the copy is then past it,
 * and "*t" says what follows), or false: not this tunnel, the caller's
 * cursor untouched.  A header recognised but cut short is a tunnel too
 * (INNER_TRUNC).
 */

/*
 * VXLAN (RFC 7348): flags (I = 0x08: a VNI is present), 24 reserved
 * bits, the 24-bit VNI, 8 reserved bits; an Ethernet frame follows.
 * Only I is checked: senders set other flags (tshark and Zeek take any).
 */
static bool
tun_vxlan(struct cursor *c, struct tun *t)
{
	const uint8_t	*h;

	if ((h = cur_take(c, 8)) == NULL || (h[0] & 0x08) == 0)
		return false;
	t->type = DECODE_TUN_VXLAN;
	t->has_id = true;
	t->id = view_be32(h, 4) >> 8;
	t->inner = INNER_ETH;
	return true;
}

/*
 * Geneve (RFC 8926): version (2 bits, 0) and options length (6 bits, in
 * 4-byte words), O, C, reserved, protocol type, 24-bit VNI, reserved;
 * options; then an Ethernet frame (0x6558) or IP.  A datagram to the
 * port with another version or protocol type, or options longer than
 * itself, is payload.
 */
static bool
tun_geneve(struct cursor *c, size_t udp_left, struct tun *t)
{
	const uint8_t	*h;
	uint16_t	 proto;

	if ((h = cur_take(c, 8)) == NULL || h[0] >> 6 != 0 ||
	    8 + (size_t)(h[0] & 0x3f) * 4 > udp_left)
		return false;
	proto = view_be16(h, 2);
	if (inner_of(proto) == INNER_NONE)
		return false;
	t->type = DECODE_TUN_GENEVE;
	t->has_id = true;
	t->id = view_be32(h, 4) >> 8;
	t->inner = cur_skip(c, (size_t)(h[0] & 0x3f) * 4) ? inner_of(proto) :
	    INNER_TRUNC;
	return true;
}

/*
 * GTP-U version 1 (3GPP TS 29.281): flags (version 1, PT 1, E, S, PN),
 * message type (0xff: G-PDU, a user packet), length, TEID; with E, S or
 * PN a sequence number, N-PDU number and next extension header type;
 * extension headers, each its length in 4-byte words first and the next
 * type last.  Other messages (echo, error indication) are not tunnels,
 * nor is a header whose length is not what follows it in the datagram
 * (or more, in a first fragment: "whole" is false).
 */
static bool
tun_gtp(struct cursor *c, size_t udp_left, bool whole, struct tun *t)
{
	const uint8_t	*h, *e;
	uint8_t		 next, len;
	int		 n;
	size_t		 glen;

	if ((h = cur_take(c, 8)) == NULL || h[0] >> 5 != 1 ||
	    (h[0] & 0x10) == 0 || h[1] != 0xff)
		return false;
	glen = (size_t)view_be16(h, 2) + 8;
	if (whole ? glen != udp_left : glen < udp_left)
		return false;
	t->type = DECODE_TUN_GTP;
	t->has_id = true;
	t->id = view_be32(h, 4);
	t->inner = INNER_TRUNC;
	if (h[0] & 0x07) {
		/* the next type counts only with E */
		if ((e = cur_take(c, 4)) == NULL)
			return true;
		for (next = h[0] & 0x04 ? e[3] : 0, n = 0; next != 0; n++) {
			if (n == DECODE_MAX_GTPEXT ||
			    !cur_peek_u8(c, 0, &len) || len == 0 ||
			    (e = cur_take(c, (size_t)len * 4)) == NULL)
				return true;
			next = e[(size_t)len * 4 - 1];
		}
	}
	t->inner = INNER_IP;
	return true;
}

/*
 * Teredo (RFC 4380): an optional authentication header (0x0001, client
 * id and auth value lengths, those, an 8-byte nonce, a confirmation
 * byte), an optional origin indication (0x0000, port, address: 8
 * bytes), then IPv6: a tunnel only when an IPv6 header of that length
 * follows, as the RFC's own receive rule reads it.
 */
static bool
tun_teredo(struct cursor *c, size_t udp_left, struct tun *t)
{
	const uint8_t	*h, *s = c->p;
	struct cursor	 v;
	uint8_t		 b0, b1;

	if (cur_peek_u8(c, 0, &b0) && cur_peek_u8(c, 1, &b1) && b0 == 0 &&
	    b1 == 1) {
		if ((h = cur_take(c, 4)) == NULL ||
		    !cur_skip(c, (size_t)h[2] + h[3] + 9))
			return false;
	}
	if (cur_peek_u8(c, 0, &b0) && cur_peek_u8(c, 1, &b1) && b0 == 0 &&
	    b1 == 0 && !cur_skip(c, 8))
		return false;
	v = *c;				/* the IPv6 header: looked at */
	if ((h = cur_take(&v, 40)) == NULL || h[0] >> 4 != 6 ||
	    (size_t)(h - s) + 40 + view_be16(h, 4) > udp_left)
		return false;
	t->type = DECODE_TUN_TEREDO;
	t->has_id = false;
	t->id = 0;
	t->inner = INNER_IPV6;
	return true;
}

/*
 * A UDP datagram to or from a tunnel's port, "left" bytes long ("whole":
 * not a first fragment, which holds only the start of the datagram).
 */
static bool
tun_udp(struct cursor *c, uint16_t sport, uint16_t dport, size_t left,
    bool whole, struct tun *t)
{
	uint16_t	ports[2] = { dport, sport };
	struct cursor	k;
	int		i;

	for (i = 0; i < 2; i++) {
		k = *c;
		switch (ports[i]) {
		case PORT_VXLAN:
		case PORT_VXLAN_LINUX:
			if (tun_vxlan(&k, t))
				goto found;
			break;
		case PORT_GENEVE:
			if (tun_geneve(&k, left, t))
				goto found;
			break;
		case PORT_GTPU:
			if (tun_gtp(&k, left, whole, t))
				goto found;
			break;
		case PORT_TEREDO:
			if (tun_teredo(&k, left, t))
				goto found;
			break;
		}
	}
	return false;
found:
	*c = k;
	return true;
}

/*
 * ERSPAN (draft-foschiano-erspan-03) in GRE: type I (0x88be without a
 * GRE sequence number) has no header; type II (0x88be) 8 bytes: version
 * 1, VLAN, COS, encapsulation, T, 10-bit session id, reserved, index;
 * type III (0x22eb) 12 bytes: version 2, VLAN, COS, BSO, T, session id,
 * timestamp, SGT, P, frame type (0: Ethernet), hardware id, D, Gra, O
 * (an 8-byte platform-specific sub-header follows).
 */
static bool
tun_erspan(struct cursor *c, uint16_t proto, bool seq, struct tun *t)
{
	const uint8_t	*h;

	t->type = DECODE_TUN_ERSPAN;
	t->inner = INNER_ETH;
	t->has_id = false;
	t->id = 0;
	if (proto == ET_ERSPAN12 && !seq)
		return true;			/* type I */
	if ((h = cur_take(c, proto == ET_ERSPAN12 ? 8 : 12)) == NULL) {
		t->inner = INNER_TRUNC;
		return true;
	}
	if (h[0] >> 4 != (proto == ET_ERSPAN12 ? 1 : 2))
		return false;
	t->has_id = true;
	t->id = view_be16(h, 2) & 0x3ff;
	if (proto == ET_ERSPAN3) {
		if ((h[10] >> 2 & 0x1f) != 0)
			t->inner = INNER_NONE;	/* not an Ethernet frame */
		else if ((h[11] & 0x01) && !cur_skip(c, 8))
			t->inner = INNER_TRUNC;
	}
	return true;
}

/*
 * GRE (RFC 2784, RFC 2890): C, R, K, S flags, version, protocol type;
 * a checksum and reserved word with C, a key with K, a sequence number
 * with S (RFC 1701's routing, R, is not decapsulated).  Version 1 is
 * PPTP's (RFC 2637): K always (payload length, call id), S and A (an
 * acknowledgement number) optional, carrying PPP.
 */
static bool
tun_gre(struct cursor *c, struct tun *t)
{
	const uint8_t	*h, *k;
	uint16_t	 flags, proto, ppp;
	uint8_t		 b[2];

	if ((h = cur_take(c, 4)) == NULL)
		return false;
	flags = view_be16(h, 0);
	proto = view_be16(h, 2);
	t->type = DECODE_TUN_GRE;
	t->has_id = false;
	t->id = 0;
	t->inner = INNER_TRUNC;
	if ((flags & 7) == 1) {			/* PPTP */
		if ((flags & 0xef7f) != 0x2001 || proto != ET_PPP)
			return false;
		if ((k = cur_take(c, 4)) == NULL)
			return true;
		t->has_id = true;
		t->id = view_be16(k, 2);	/* the call id */
		if (((flags & 0x1000) && !cur_skip(c, 4)) ||
		    ((flags & 0x0080) && !cur_skip(c, 4)))
			return true;
		t->inner = INNER_NONE;
		if (view_be16(k, 0) == 0)	/* an acknowledgement only */
			return true;
		t->inner = INNER_TRUNC;
		/* PPP: address and control (0xff 0x03) may be left out, the
		 * protocol may be one byte (an odd first byte) */
		if (cur_peek_u8(c, 0, &b[0]) && b[0] == 0xff) {
			if (!cur_peek_u8(c, 1, &b[1]))
				return true;	/* cut in the address */
			if (b[1] == 0x03)
				(void)cur_skip(c, 2);
		}
		if (!cur_get_u8(c, &b[0]))
			return true;
		ppp = b[0];
		if ((b[0] & 1) == 0) {
			if (!cur_get_u8(c, &b[1]))
				return true;
			ppp = (uint16_t)(b[0] << 8 | b[1]);
		}
		if (ppp == PPP_IPV4)
			t->inner = INNER_IPV4;
		else if (ppp == PPP_IPV6)
			t->inner = INNER_IPV6;
		else
			t->inner = INNER_NONE;	/* LCP, CCP ... */
		return true;
	}
	if ((flags & 7) != 0 || (flags & 0x4000))
		return false;			/* other versions, routing */
	if ((flags & 0x8000) && !cur_skip(c, 4))
		return true;
	if (flags & 0x2000) {
		if ((k = cur_take(c, 4)) == NULL)
			return true;
		t->has_id = true;
		t->id = view_be32(k, 0);
	}
	if ((flags & 0x1000) && !cur_skip(c, 4))
		return true;
	if (proto == ET_ERSPAN12 || proto == ET_ERSPAN3)
		return tun_erspan(c, proto, (flags & 0x1000) != 0, t);
	t->inner = inner_of(proto);
	return true;
}

/*
 * A tunnel "t" whose header ends at "k" was found at "c".  Without
 * --decap, note it (the first met) and return DEC_CONTINUE: the caller
 * goes on as for any payload.  With it, move "c" past the header, add
 * the tunnel's type and id to the key and decode what it carries, whose
 * layers decide the flow's direction (the outer pairs are kept in byte
 * order).  A first fragment's layers are remembered no further: a later
 * fragment of a tunnelled packet has nothing that says which inner flow
 * it belongs to.
 */
static uint8_t
open_tunnel(struct dctx *x, struct cursor *c, const struct cursor *k,
    const struct tun *t)
{
	const uint8_t	*h;

	if (!(x->opts & DECODE_DECAP)) {
		if (x->pk->tunnel == DECODE_TUN_NONE)
			x->pk->tunnel = t->type;
		return DEC_CONTINUE;
	}
	*c = *k;
	x->pk->tunnel = t->type;
	x->opened = true;
	flowkey_unorient(&x->pk->key, &x->was);
	flowkey_add_tunnel(&x->pk->key, t->type, t->has_id, t->id);
	if (x->track) {
		x->track = false;
		x->pk->nops = 0;
		x->pk->ops_ports = false;
	}
	switch (t->inner) {
	case INNER_ETH:
		if ((h = cur_take(c, 14)) == NULL)
			return DECODE_STOP_TRUNC;
		if (!(x->opts & DECODE_NO_MAC))
			flowkey_add_eth(&x->pk->key, h + 6, h);
		return decode_ethertype(x, c, view_be16(h, 12));
	case INNER_IP:
		return decode_ip_any(x, c);
	case INNER_IPV4:
		return decode_ip_chain(x, c, IPP_IPIP);
	case INNER_IPV6:
		return decode_ip_chain(x, c, IPP_IPV6);
	case INNER_TRUNC:
		return DECODE_STOP_TRUNC;
	default:
		return DECODE_DONE;	/* as an IP payload without ports */
	}
}

/* Add a TCP or UDP port pair to the key, and remember it for fragments. */
static void
add_ports(struct dctx *x, uint8_t kind, uint16_t sport, uint16_t dport)
{
	uint8_t	p[2] = { (uint8_t)(sport >> 8), (uint8_t)sport };
	uint8_t	q[2] = { (uint8_t)(dport >> 8), (uint8_t)dport };

	if (kind == DECODE_OP_TCP)
		flowkey_add_tcp(&x->pk->key, sport, dport);
	else
		flowkey_add_udp(&x->pk->key, sport, dport);
	if (x->track)
		record_op(x, kind, p, q, 2);
}

/*
 * TCP (RFC 793): the 20-byte fixed header must be captured and the data
 * offset be at least 5 words; options need not be captured.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |           |U|A|P|R|S|F|                               |
 * | Offset| Reserved  |R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 */
static uint8_t
decode_tcp(struct dctx *x, struct cursor *c)
{
	struct tcp_seg	*t = &x->pk->tcp;
	const uint8_t	*h;
	size_t		 captured = c->left, total = ip_left(x, c), hlen;

	if ((h = cur_take(c, 20)) == NULL)
		return DECODE_STOP_TRUNC;
	if (h[12] >> 4 < 5)		/* data offset */
		return DECODE_STOP_BAD;
	add_ports(x, DECODE_OP_TCP, view_be16(h, 0), view_be16(h, 2));
	t->seq = view_be32(h, 4);
	t->ack = view_be32(h, 8);
	t->flags = h[13];
	t->win = view_be16(h, 14);
	/*
	 * The segment's length from the IP lengths (the captured length
	 * when the IP length is 0: segmentation offload), less the header;
	 * the header counts only if the lengths and the capture hold it.
	 */
	hlen = (size_t)(h[12] >> 4) * 4;
	if (hlen <= total && hlen <= captured) {
		t->state = TCPSEG_WHOLE;
		t->len = (uint32_t)(total - hlen);
		t->caplen = (uint32_t)(captured - hlen);
	} else {
		t->state = TCPSEG_FLAGS;
		t->len = t->caplen = 0;
	}
	x->pk->ip.payload = total > hlen ? (uint32_t)(total - hlen) : 0;
	return DECODE_DONE;
}

/* UDP (RFC 768): source port, destination port, length, checksum. */
static uint8_t
decode_udp(struct dctx *x, struct cursor *c)
{
	const uint8_t	*h;
	size_t		 left = ip_left(x, c);
	struct cursor	 k;
	struct tun	 t;
	uint8_t		 r;

	if ((h = cur_take(c, 8)) == NULL)
		return DECODE_STOP_TRUNC;
	/* a tunnel's datagram: with --decap its ports are not the flow's */
	k = *c;
	if (tun_udp(&k, view_be16(h, 0), view_be16(h, 2),
	    left > 8 ? left - 8 : 0, x->pk->frag != DECODE_FRAG_FIRST, &t) &&
	    (r = open_tunnel(x, c, &k, &t)) != DEC_CONTINUE)
		return r;
	add_ports(x, DECODE_OP_UDP, view_be16(h, 0), view_be16(h, 2));
	/*
	 * The UDP length less the header; in a first fragment, what this
	 * fragment carries, as for TCP, so that the later fragments' IP
	 * payloads add up to the datagram's
	 */
	if (x->pk->frag == DECODE_FRAG_FIRST)
		x->pk->ip.payload = left > 8 ? (uint32_t)(left - 8) : 0;
	else
		x->pk->ip.payload = view_be16(h, 4) > 8 ?
		    view_be16(h, 4) - 8U : 0;
	return DECODE_DONE;
}

/* ICMP and ICMPv6: type and code; nothing is added to the key. */
static uint8_t
decode_icmp(struct dctx *x, struct cursor *c, uint8_t ver)
{
	uint8_t	type, code;

	if (!cur_get_u8(c, &type) || !cur_get_u8(c, &code))
		return DECODE_STOP_TRUNC;
	x->pk->icmp_ver = ver;
	x->pk->icmp_type = type;
	x->pk->icmp_code = code;
	return DECODE_DONE;
}

/*
 * IPv4 (RFC 791).  On DEC_CONTINUE, "*proto" is the payload protocol and
 * "c" is at the payload, limited to the total length when that is sane.
 * A later fragment ends decoding (its payload has no transport header).
 *
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 */
static uint8_t
decode_ipv4(struct dctx *x, struct cursor *c, uint8_t *proto)
{
	struct pkt_info	*pk = x->pk;
	const uint8_t	*h, *src, *dst;
	uint8_t		 vhl, p;
	uint16_t	 totlen, id, frag;
	size_t		 hlen;

	if (x->ip_layers == DECODE_MAX_IP)
		return DECODE_STOP_CHAIN;
	if (!cur_peek_u8(c, 0, &vhl))
		return DECODE_STOP_TRUNC;
	if (vhl >> 4 != 4)
		return DECODE_STOP_BAD;
	hlen = (size_t)(vhl & 0x0f) * 4;
	if (hlen < 20)
		return DECODE_STOP_BAD;
	if ((h = cur_take(c, hlen)) == NULL)	/* options included */
		return DECODE_STOP_TRUNC;
	totlen = view_be16(h, 2);
	id = view_be16(h, 4);
	frag = view_be16(h, 6);
	p = h[9];
	src = h + 12;
	dst = h + 16;
	x->ip_layers++;
	x->in_v6 = false;
	x->ext = 0;
	flowkey_add_ipv4(&pk->key, src, dst);
	record_op(x, DECODE_OP_IPV4, src, dst, 4);
	/* A total length below the header length is ignored, as tshark does. */
	if (totlen >= hlen)
		cur_limit(c, totlen - hlen);
	x->ip_pay = c->p;
	x->ip_plen = totlen >= hlen ? totlen - hlen : 0;
	x->ip_plen_known = totlen != 0;
	pk->ip.ver = 4;
	pk->ip.len = totlen;
	pk->ip.ttl = h[8];
	ip_upper(x, c, p);
	if ((frag & 0x1fff) != 0) {
		start_fragment(x, DECODE_FRAG_LATER, false, p, id, src, dst, 4);
		return DECODE_DONE;
	}
	if (frag & 0x2000)
		start_fragment(x, DECODE_FRAG_FIRST, false, p, id, src, dst, 4);
	*proto = p;
	return DEC_CONTINUE;
}

/*
 * IPv6 (RFC 8200) fixed header.  The payload length limits the cursor
 * unless it is 0 (a jumbogram).
 *
 * |Version| Traffic Class |           Flow Label                  |
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * |                  Source Address (16 bytes)                    |
 * |               Destination Address (16 bytes)                  |
 */
static uint8_t
decode_ipv6(struct dctx *x, struct cursor *c, uint8_t *proto)
{
	const uint8_t	*h, *src, *dst;
	uint8_t		 v, nh;
	uint16_t	 plen;

	if (x->ip_layers == DECODE_MAX_IP)
		return DECODE_STOP_CHAIN;
	if (!cur_peek_u8(c, 0, &v))
		return DECODE_STOP_TRUNC;
	if (v >> 4 != 6)
		return DECODE_STOP_BAD;
	if ((h = cur_take(c, 40)) == NULL)
		return DECODE_STOP_TRUNC;
	plen = view_be16(h, 4);
	nh = h[6];
	src = h + 8;
	dst = h + 24;
	x->ip_layers++;
	x->in_v6 = true;
	x->ext = 0;
	flowkey_add_ipv6(&x->pk->key, src, dst);
	record_op(x, DECODE_OP_IPV6, src, dst, 16);
	if (plen != 0)
		cur_limit(c, plen);
	x->ip_pay = c->p;
	x->ip_plen = plen;
	x->ip_plen_known = plen != 0;
	x->pk->ip.ver = 6;
	x->pk->ip.len = 40U + plen;	/* a jumbogram's: decode_ext() */
	x->pk->ip.ttl = h[7];
	ip_upper(x, c, nh);
	memcpy(x->v6src, src, 16);	/* kept for a fragment header */
	memcpy(x->v6dst, dst, 16);
	*proto = nh;
	return DEC_CONTINUE;
}

/*
 * An IPv6 hop-by-hop, routing or destination options header (RFC 8200
 * 4.3-4.6): next header, length in 8-octet units not counting the first.
 */
static uint8_t
decode_ext(struct dctx *x, struct cursor *c, uint8_t *proto, bool hop)
{
	const uint8_t	*h;
	uint8_t		 nh, len;
	size_t		 i, n;
	uint32_t	 jumbo;

	if (!cur_peek_u8(c, 0, &nh) || !cur_peek_u8(c, 1, &len))
		return DECODE_STOP_TRUNC;
	n = ((size_t)len + 1) * 8;
	if ((h = cur_take(c, n)) == NULL)
		return DECODE_STOP_TRUNC;
	/*
	 * A jumbogram (RFC 2675): an IPv6 payload length of 0 and, in the
	 * hop-by-hop header, option 0xc2 with the length of all that
	 * follows the IPv6 header.
	 */
	if (hop && !x->ip_plen_known && x->ext == 1) {
		for (i = 2; i < n; i += h[i] == 0 ? 1 : (size_t)h[i + 1] + 2) {
			if (h[i] == 0)
				continue;		/* Pad1 */
			if (i + 1 >= n || i + 2 + (size_t)h[i + 1] > n)
				break;
			if (h[i] != 0xc2 || h[i + 1] != 4)
				continue;
			jumbo = view_be32(h, i + 2);
			x->ip_plen = jumbo;
			x->ip_plen_known = true;
			x->pk->ip.len = jumbo > UINT32_MAX - 40 ? UINT32_MAX :
			    jumbo + 40;
			break;
		}
	}
	*proto = nh;
	return DEC_CONTINUE;
}

/* Authentication Header (RFC 4302): length in 4-octet units minus 2. */
static uint8_t
decode_ah(struct cursor *c, uint8_t *proto)
{
	uint8_t	nh, len;

	if (!cur_peek_u8(c, 0, &nh) || !cur_peek_u8(c, 1, &len))
		return DECODE_STOP_TRUNC;
	if (!cur_skip(c, ((size_t)len + 2) * 4))
		return DECODE_STOP_TRUNC;
	*proto = nh;
	return DEC_CONTINUE;
}

/*
 * IPv6 fragment header (RFC 8200 4.5):
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * |                         Identification                        |
 */
static uint8_t
decode_frag6(struct dctx *x, struct cursor *c, uint8_t *proto)
{
	uint8_t		 nh;
	uint16_t	 offm;
	uint32_t	 id;

	if (!cur_get_u8(c, &nh) || !cur_skip(c, 1) ||
	    !cur_get_be16(c, &offm) || !cur_get_be32(c, &id))
		return DECODE_STOP_TRUNC;
	if ((offm & 0xfff8) != 0) {
		start_fragment(x, DECODE_FRAG_LATER, true, nh, id, x->v6src,
		    x->v6dst, 16);
		ip_upper(x, c, nh);
		return DECODE_DONE;
	}
	if (offm & 1)
		start_fragment(x, DECODE_FRAG_FIRST, true, nh, id, x->v6src,
		    x->v6dst, 16);
	*proto = nh;
	return DEC_CONTINUE;
}

/* GRE: opened with --decap, else noted as a tunnel and left as payload. */
static uint8_t
decode_gre(struct dctx *x, struct cursor *c)
{
	struct cursor	k = *c;
	struct tun	t;
	uint8_t		r;

	if (!tun_gre(&k, &t) || (r = open_tunnel(x, c, &k, &t)) ==
	    DEC_CONTINUE)
		return DECODE_DONE;
	return r;
}

/* Walk IP layers, extension headers and tunnels from "proto" inward. */
static uint8_t
decode_ip_chain(struct dctx *x, struct cursor *c, uint8_t proto)
{
	uint8_t	r;

	for (;;) {
		switch (proto) {
		case IPP_IPIP:
			r = decode_ipv4(x, c, &proto);
			break;
		case IPP_IPV6:
			r = decode_ipv6(x, c, &proto);
			break;
		case IPP_TCP:
			return decode_tcp(x, c);
		case IPP_UDP:
			return decode_udp(x, c);
		case IPP_ICMP:
			return decode_icmp(x, c, 4);
		case IPP_ICMPV6:
			return decode_icmp(x, c, 6);
		case IPP_GRE:
			return decode_gre(x, c);
		case IPP_AH:
			if (++x->ext > DECODE_MAX_EXTHDR)
				return DECODE_STOP_CHAIN;
			r = decode_ah(c, &proto);
			break;
		case IPP_HOPOPT:
		case IPP_ROUTING:
		case IPP_DSTOPTS:
		case IPP_FRAGMENT:
			if (!x->in_v6)
				return DECODE_DONE;
			if (++x->ext > DECODE_MAX_EXTHDR)
				return DECODE_STOP_CHAIN;
			if (proto == IPP_FRAGMENT)
				r = decode_frag6(x, c, &proto);
			else
				r = decode_ext(x, c, &proto,
				    proto == IPP_HOPOPT);
			break;
		default:
			return DECODE_DONE;	/* an IP payload without ports */
		}
		if (r != DEC_CONTINUE)
			return r;
		ip_upper(x, c, proto);	/* after an extension header */
	}
}

/* Decode the IP packet at "c" whose version the first nibble gives. */
static uint8_t
decode_ip_any(struct dctx *x, struct cursor *c)
{
	uint8_t	v;

	if (!cur_peek_u8(c, 0, &v))
		return DECODE_STOP_TRUNC;
	if (v >> 4 == 4)
		return decode_ip_chain(x, c, IPP_IPIP);
	if (v >> 4 == 6)
		return decode_ip_chain(x, c, IPP_IPV6);
	return DECODE_STOP_BAD;
}

/*
 * MPLS label stack (RFC 3032), 4 bytes per entry:
 * |                Label                  | TC  |S|       TTL     |
 * After the bottom of stack (S = 1) the payload is IPv4 or IPv6 when its
 * first nibble is 4 or 6; anything else stops decoding.
 */
static uint8_t
decode_mpls(struct dctx *x, struct cursor *c)
{
	uint32_t	e;
	uint8_t		v;
	int		n;

	for (n = 0;; n++) {
		if (n == DECODE_MAX_MPLS)
			return DECODE_STOP_CHAIN;
		if (!cur_get_be32(c, &e))
			return DECODE_STOP_TRUNC;
		if (e & 0x100)
			break;
	}
	if (!cur_peek_u8(c, 0, &v))
		return DECODE_STOP_TRUNC;
	if (v >> 4 == 4 || v >> 4 == 6)
		return decode_ip_any(x, c);
	return DECODE_STOP_ENCAP;
}

/*
 * PPPoE session stage (RFC 2516) and the PPP protocol field:
 * | VER | TYPE  |      CODE     |          SESSION_ID           |
 * |            LENGTH             |      PPP protocol             |
 */
static uint8_t
decode_pppoe(struct dctx *x, struct cursor *c)
{
	uint16_t	len, proto;

	if (!cur_skip(c, 4) || !cur_get_be16(c, &len) ||
	    !cur_get_be16(c, &proto))
		return DECODE_STOP_TRUNC;
	if (len >= 2)
		cur_limit(c, (size_t)len - 2);
	if (proto == PPP_IPV4)
		return decode_ip_chain(x, c, IPP_IPIP);
	if (proto == PPP_IPV6)
		return decode_ip_chain(x, c, IPP_IPV6);
	return DECODE_STOP_ENCAP;
}

/*
 * Walk the payload of an Ethernet-like header whose type field was
 * "type": 802.1Q and 802.1ad tags (4 bytes: PCP/DEI/VID, type), then
 * IPv4, IPv6, MPLS or PPPoE.  0x9100 is not a tag here.
 */
static uint8_t
decode_ethertype(struct dctx *x, struct cursor *c, uint16_t type)
{
	uint16_t	tci;
	int		tags = 0;

	for (;;) {
		switch (type) {
		case ET_VLAN:
		case ET_QINQ:
			if (tags == DECODE_MAX_VLAN)
				return DECODE_STOP_CHAIN;
			if (!cur_get_be16(c, &tci) || !cur_get_be16(c, &type))
				return DECODE_STOP_TRUNC;
			flowkey_add_vlan(&x->pk->key, tci & 0x0fff);
			tags++;
			continue;
		case ET_IPV4:
			return decode_ip_chain(x, c, IPP_IPIP);
		case ET_IPV6:
			return decode_ip_chain(x, c, IPP_IPV6);
		case ET_MPLS_UC:
		case ET_MPLS_MC:
			return decode_mpls(x, c);
		case ET_PPPOE_S:
			return decode_pppoe(x, c);
		default:
			return DECODE_STOP_NONIP;
		}
	}
}

/* The address family of a BSD null/loopback header. */
static uint8_t
decode_null_af(struct dctx *x, struct cursor *c, uint32_t af)
{
	switch (af) {
	case 2:				/* AF_INET everywhere */
		return decode_ip_chain(x, c, IPP_IPIP);
	case 24:			/* AF_INET6: NetBSD, OpenBSD */
	case 28:			/* FreeBSD */
	case 30:			/* macOS */
		return decode_ip_chain(x, c, IPP_IPV6);
	default:
		return DECODE_STOP_NONIP;
	}
}

/* Whether a UDP port is one tun_udp() looks behind. */
static bool
tunnel_port(uint16_t port)
{
	return port == PORT_VXLAN || port == PORT_VXLAN_LINUX ||
	    port == PORT_GENEVE || port == PORT_GTPU || port == PORT_TEREDO;
}

/*
 * Most frames in one pass: Ethernet or Linux cooked (v1, v2) with one
 * VLAN tag or none, or raw IP; then IPv4 that is not a fragment and
 * whose total length holds its header, or IPv6 with a payload length
 * and no extension header; then TCP or UDP (not to or from a tunnel's
 * port), the transport header within the capture and the IP lengths.
 * Fill "pk" exactly as decode_walk() does (check_decode and fuzz_decode
 * compare the two) and return true; return false, having written
 * nothing, for every other frame.
 */
static bool
decode_fast(int linktype, const uint8_t *data, size_t caplen, unsigned opts,
    struct pkt_info *pk)
{
	struct cursor	 c;
	const uint8_t	*eth = NULL, *h, *tag, *ip, *l4;
	size_t		 hlen, plen, alen, cap, thl;
	int32_t		 vid = -1;
	uint32_t	 iplen;
	uint16_t	 type, udplen;
	uint8_t		 v, proto, ttl;
	bool		 tcp;

	cur_init(&c, data, caplen);
	/* the link header (decode_walk() says what each holds) */
	switch (linktype) {
	case DECODE_LINK_EN10MB:
		if ((h = cur_take(&c, 14)) == NULL)
			return false;
		if (!(opts & DECODE_NO_MAC))
			eth = h;
		type = view_be16(h, 12);
		break;
	case DECODE_LINK_SLL:
		if ((h = cur_take(&c, 16)) == NULL)
			return false;
		type = view_be16(h, 14);
		break;
	case DECODE_LINK_SLL2:
		if ((h = cur_take(&c, 20)) == NULL)
			return false;
		type = view_be16(h, 0);
		break;
	case DECODE_LINK_RAW12:
	case DECODE_LINK_RAW14:
	case DECODE_LINK_RAW:
		if (!cur_peek_u8(&c, 0, &v))
			return false;
		type = v >> 4 == 4 ? ET_IPV4 : ET_IPV6;	/* checked below */
		break;
	case DECODE_LINK_IPV4:
		type = ET_IPV4;
		break;
	case DECODE_LINK_IPV6:
		type = ET_IPV6;
		break;
	default:
		return false;
	}
	if (type == ET_VLAN || type == ET_QINQ) {
		if ((tag = cur_take(&c, 4)) == NULL)
			return false;
		vid = view_be16(tag, 0) & 0x0fff;
		type = view_be16(tag, 2);
	}
	if (!cur_peek_u8(&c, 0, &v))
		return false;
	if (type == ET_IPV4 && v >> 4 == 4) {
		hlen = (size_t)(v & 0x0f) * 4;
		if (hlen < 20 || (ip = cur_take(&c, hlen)) == NULL)
			return false;
		iplen = view_be16(ip, 2);
		/* no fragment (DF may be set); a length that holds the header */
		if (iplen < hlen || (view_be16(ip, 6) & 0x3fff) != 0)
			return false;
		plen = iplen - hlen;
		ttl = ip[8];
		proto = ip[9];
		alen = 4;
	} else if (type == ET_IPV6 && v >> 4 == 6) {
		if ((ip = cur_take(&c, 40)) == NULL || view_be16(ip, 4) == 0)
			return false;
		plen = view_be16(ip, 4);
		iplen = 40U + (uint32_t)plen;
		proto = ip[6];
		ttl = ip[7];
		alen = 16;
	} else
		return false;
	cur_limit(&c, plen);
	cap = c.left;
	if (proto == IPP_TCP) {
		if ((l4 = cur_take(&c, 20)) == NULL || l4[12] >> 4 < 5)
			return false;
		tcp = true;
	} else if (proto == IPP_UDP) {
		if ((l4 = cur_take(&c, 8)) == NULL ||
		    tunnel_port(view_be16(l4, 0)) ||
		    tunnel_port(view_be16(l4, 2)))
			return false;
		tcp = false;
	} else
		return false;

	flowkey_simple(&pk->key, eth, vid,
	    alen == 4 ? ip + 12 : ip + 8, alen, tcp, l4);
	pk->nokey = DECODE_KEYED;
	pk->stop = DECODE_DONE;
	pk->frag = DECODE_FRAG_NONE;
	pk->icmp_ver = 0;
	pk->icmp_type = 0;
	pk->icmp_code = 0;
	pk->tunnel = DECODE_TUN_NONE;
	pk->ip.ver = alen == 4 ? 4 : 6;
	pk->ip.len = iplen;
	pk->ip.ttl = ttl;
	pk->ip.proto = proto;
	if (tcp) {
		thl = (size_t)(l4[12] >> 4) * 4;
		pk->tcp.seq = view_be32(l4, 4);
		pk->tcp.ack = view_be32(l4, 8);
		pk->tcp.flags = l4[13];
		pk->tcp.win = view_be16(l4, 14);
		if (thl <= plen && thl <= cap) {
			pk->tcp.state = TCPSEG_WHOLE;
			pk->tcp.len = (uint32_t)(plen - thl);
			pk->tcp.caplen = (uint32_t)(cap - thl);
		} else {
			pk->tcp.state = TCPSEG_FLAGS;
			pk->tcp.len = pk->tcp.caplen = 0;
		}
		pk->ip.payload = plen > thl ? (uint32_t)(plen - thl) : 0;
	} else {
		pk->tcp.state = TCPSEG_NONE;
		udplen = view_be16(l4, 4);
		pk->ip.payload = udplen > 8 ? udplen - 8U : 0;
	}
	return true;
}

/* Any frame, layer by layer. */
static void
decode_walk(int linktype, const uint8_t *data, size_t caplen, unsigned opts,
    struct pkt_info *pk)
{
	struct dctx	 x;
	struct cursor	 c;
	const uint8_t	*h;
	uint8_t		 r;
	uint16_t	 type;
	uint32_t	 af;

	flowkey_init(&pk->key);
	pk->nokey = DECODE_KEYED;
	pk->stop = DECODE_DONE;
	pk->frag = DECODE_FRAG_NONE;	/* start_fragment() sets the rest */
	pk->icmp_ver = 0;
	pk->icmp_type = 0;
	pk->icmp_code = 0;
	pk->tunnel = DECODE_TUN_NONE;
	pk->tcp.state = TCPSEG_NONE;
	pk->ip.ver = 0;
	x.pk = pk;		/* v6src, v6dst and ip_* are set before use */
	x.opts = opts;
	x.opened = false;
	x.ip_layers = 0;
	x.in_v6 = false;
	x.ext = 0;
	x.track = false;
	x.ip_pay = data;
	x.ip_plen = 0;
	x.ip_plen_known = false;
	cur_init(&c, data, caplen);

	switch (linktype) {
	case DECODE_LINK_EN10MB:
		/* | destination (6) | source (6) | type/length (2) | */
		if ((h = cur_take(&c, 14)) == NULL) {
			pk->nokey = DECODE_NOKEY_LINK;
			return;
		}
		if (!(opts & DECODE_NO_MAC))
			flowkey_add_eth(&pk->key, h + 6, h);
		r = decode_ethertype(&x, &c, view_be16(h, 12));
		break;
	case DECODE_LINK_SLL:
		/*
		 * | packet type (2) | ARPHRD (2) | addr len (2) |
		 * | address (8) | protocol (2) |
		 */
		if (!cur_skip(&c, 14) || !cur_get_be16(&c, &type)) {
			pk->nokey = DECODE_NOKEY_LINK;
			return;
		}
		r = decode_ethertype(&x, &c, type);
		break;
	case DECODE_LINK_SLL2:
		/*
		 * | protocol (2) | reserved (2) | interface index (4) |
		 * | ARPHRD (2) | packet type (1) | addr len (1) | address (8) |
		 */
		if (!cur_get_be16(&c, &type) || !cur_skip(&c, 18)) {
			pk->nokey = DECODE_NOKEY_LINK;
			return;
		}
		r = decode_ethertype(&x, &c, type);
		break;
	case DECODE_LINK_NULL:
		/* address family in the capturing host's byte order */
		if (!cur_get_le32(&c, &af)) {
			pk->nokey = DECODE_NOKEY_LINK;
			return;
		}
		if ((af & 0xffff0000) != 0)
			af = (af >> 24) | (af >> 8 & 0xff00) |
			    (af << 8 & 0xff0000) | (af << 24);
		r = decode_null_af(&x, &c, af);
		break;
	case DECODE_LINK_LOOP:
		if (!cur_get_be32(&c, &af)) {
			pk->nokey = DECODE_NOKEY_LINK;
			return;
		}
		r = decode_null_af(&x, &c, af);
		break;
	case DECODE_LINK_RAW12:
	case DECODE_LINK_RAW14:
	case DECODE_LINK_RAW:
		r = decode_ip_any(&x, &c);
		break;
	case DECODE_LINK_IPV4:
		r = decode_ip_chain(&x, &c, IPP_IPIP);
		break;
	case DECODE_LINK_IPV6:
		r = decode_ip_chain(&x, &c, IPP_IPV6);
		break;
	default:
		pk->nokey = DECODE_NOKEY_UNSUPPORTED;
		return;
	}
	pk->stop = r;
	/* nothing inside an opened tunnel said which way: the outer layers */
	if (x.opened && pk->key.dir == FLOWKEY_DIR_UNSET)
		flowkey_reorient(&pk->key, &x.was);
	if (!flowkey_empty(&pk->key))
		return;
	switch (r) {
	case DECODE_STOP_TRUNC:
		pk->nokey = DECODE_NOKEY_TRUNC;
		break;
	case DECODE_STOP_BAD:
		pk->nokey = DECODE_NOKEY_BAD;
		break;
	default:
		pk->nokey = DECODE_NOKEY_NONIP;
		break;
	}
}

void
decode_frame(int linktype, const uint8_t *data, size_t caplen, unsigned opts,
    struct pkt_info *pk)
{
	if ((opts & DECODE_NO_FAST) || !decode_fast(linktype, data, caplen,
	    opts, pk))
		decode_walk(linktype, data, caplen, opts, pk);
}

void
decode_replay(struct flow_key *k, const struct decode_op *ops, size_t nops)
{
	size_t		i;
	uint16_t	sport, dport;

	for (i = 0; i < nops; i++) {
		switch (ops[i].kind) {
		case DECODE_OP_IPV4:
			flowkey_add_ipv4(k, ops[i].a, ops[i].b);
			break;
		case DECODE_OP_IPV6:
			flowkey_add_ipv6(k, ops[i].a, ops[i].b);
			break;
		case DECODE_OP_TCP:
		case DECODE_OP_UDP:
			sport = (uint16_t)(ops[i].a[0] << 8 | ops[i].a[1]);
			dport = (uint16_t)(ops[i].b[0] << 8 | ops[i].b[1]);
			if (ops[i].kind == DECODE_OP_TCP)
				flowkey_add_tcp(k, sport, dport);
			else
				flowkey_add_udp(k, sport, dport);
			break;
		}
	}
}

bool
decode_same(const struct pkt_info *a, const struct pkt_info *b)
{
	size_t	i, n;

	if (a->nokey != b->nokey || a->stop != b->stop ||
	    a->frag != b->frag || a->icmp_ver != b->icmp_ver ||
	    a->icmp_type != b->icmp_type || a->icmp_code != b->icmp_code ||
	    a->tunnel != b->tunnel || a->tcp.state != b->tcp.state ||
	    a->ip.ver != b->ip.ver)
		return false;
	if (a->tcp.state != TCPSEG_NONE &&
	    (a->tcp.seq != b->tcp.seq || a->tcp.ack != b->tcp.ack ||
	    a->tcp.len != b->tcp.len || a->tcp.caplen != b->tcp.caplen ||
	    a->tcp.win != b->tcp.win || a->tcp.flags != b->tcp.flags))
		return false;
	if (a->ip.ver != 0 &&
	    (a->ip.len != b->ip.len || a->ip.payload != b->ip.payload ||
	    a->ip.ttl != b->ip.ttl || a->ip.proto != b->ip.proto))
		return false;
	if (a->frag != DECODE_FRAG_NONE &&
	    (a->frag_v6 != b->frag_v6 || a->frag_proto != b->frag_proto ||
	    a->frag_id != b->frag_id ||
	    memcmp(a->frag_src, b->frag_src, sizeof(a->frag_src)) != 0 ||
	    memcmp(a->frag_dst, b->frag_dst, sizeof(a->frag_dst)) != 0 ||
	    a->nops != b->nops || a->ops_ports != b->ops_ports))
		return false;
	for (i = 0; a->frag != DECODE_FRAG_NONE && i < a->nops; i++) {
		/* an op's bytes past its item's size are not written */
		n = a->ops[i].kind == DECODE_OP_IPV4 ? 4 :
		    a->ops[i].kind == DECODE_OP_IPV6 ? 16 : 2;
		if (a->ops[i].kind != b->ops[i].kind ||
		    memcmp(a->ops[i].a, b->ops[i].a, n) != 0 ||
		    memcmp(a->ops[i].b, b->ops[i].b, n) != 0)
			return false;
	}
	if (a->nokey != DECODE_KEYED)
		return true;
	return a->key.dir == b->key.dir &&
	    flowkey_ident_len(a->key.ident) ==
	    flowkey_ident_len(b->key.ident) &&
	    memcmp(a->key.ident, b->key.ident,
	    flowkey_ident_len(a->key.ident)) == 0;
}

void
decode_record(const struct record *r, unsigned opts, struct decoded *p)
{
	p->t = (fd_ns)r->sec * NS_PER_SEC + r->frac_ns;
	p->frac_carry = r->frac_ns >= NS_PER_SEC;
	p->wirelen = r->wirelen;
	p->num = r->num;
	p->input = (uint16_t)r->input;
	p->ifname = r->ifname;
	p->rejected = r->rejected;
	if (r->rejected)
		return;
	decode_frame(r->linktype, r->data, r->caplen, opts, &p->pk);
}
