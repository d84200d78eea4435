/*
 * decode.h -- decode one captured frame into its flow key layers.
 *
 * The decoder walks a frame outward-in (link, VLAN tags, MPLS, PPPoE,
 * IP layers and their extension headers, TCP/UDP) through the bounds-
 * checked cursor and adds each key layer to a struct flow_key as
 * Packetbeat does.  It knows nothing of files, flows or output.
 */
#ifndef FLOWDUMP_DECODE_H
#define FLOWDUMP_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowkey.h"
#include "record.h"
#include "tcpseg.h"
#include "util.h"

/* Link types (LINKTYPE_ / DLT_ values) the decoder reads. */
#define DECODE_LINK_NULL	0
#define DECODE_LINK_EN10MB	1
#define DECODE_LINK_RAW12	12	/* DLT_RAW on most systems */
#define DECODE_LINK_RAW14	14	/* DLT_RAW on OpenBSD */
#define DECODE_LINK_RAW		101	/* LINKTYPE_RAW */
#define DECODE_LINK_LOOP	108
#define DECODE_LINK_SLL		113
#define DECODE_LINK_IPV4	228
#define DECODE_LINK_IPV6	229
#define DECODE_LINK_SLL2	276

/* decode_frame() options. */
#define DECODE_NO_MAC		0x1	/* Ethernet addresses out of the key */
#define DECODE_DECAP		0x2	/* open tunnels (--decap) */
#define DECODE_NO_FAST		0x4	/* walk every frame layer by layer */
					/* (tests compare the two paths) */

/* The options for --no-mac-key ("no_mac") and --decap ("decap"). */
static inline unsigned
decode_opts(bool no_mac, bool decap)
{
	return (no_mac ? DECODE_NO_MAC : 0U) | (decap ? DECODE_DECAP : 0U);
}

/*
 * Tunnels --decap opens.  Without it, the first one a frame looks like;
 * with it, the innermost one opened (its type and id are in the key).
 */
enum decode_tunnel {
	DECODE_TUN_NONE = 0,
	DECODE_TUN_GRE,		/* GRE (RFC 2784/2890), PPTP's GRE v1 */
	DECODE_TUN_ERSPAN,	/* ERSPAN I, II, III over GRE */
	DECODE_TUN_VXLAN,	/* VXLAN (RFC 7348), UDP 4789 or 8472 */
	DECODE_TUN_GENEVE,	/* Geneve (RFC 8926), UDP 6081 */
	DECODE_TUN_GTP,		/* GTP-U v1 G-PDU, UDP 2152 */
	DECODE_TUN_TEREDO,	/* Teredo (RFC 4380), UDP 3544 */
	DECODE_TUN_COUNT
};

/* The tunnel type's name ("vxlan" ...), or NULL. */
const char	*decode_tunnel_name(unsigned type);

/* Caps on variable-length chains (STYLE.md 3.7). */
#define DECODE_MAX_VLAN		8
#define DECODE_MAX_MPLS		16
#define DECODE_MAX_IP		8	/* IP layers, tunnels included */
#define DECODE_MAX_EXTHDR	128	/* IPv6 extension headers per layer */
#define DECODE_MAX_GTPEXT	16	/* GTP-U extension headers */

/* Why a frame yields no flow key at all. */
enum decode_nokey {
	DECODE_KEYED = 0,	/* the key has at least one layer */
	DECODE_NOKEY_LINK,	/* link header not completely captured */
	DECODE_NOKEY_NONIP,	/* non-IP frame on a link without MACs */
	DECODE_NOKEY_TRUNC,	/* first layer truncated (no MAC link) */
	DECODE_NOKEY_BAD,	/* first layer malformed (no MAC link) */
	DECODE_NOKEY_UNSUPPORTED, /* unsupported link type */
};

/* Why decoding stopped before a transport header or an IP payload. */
enum decode_stop {
	DECODE_DONE = 0,	/* walked to the end of what it decodes */
	DECODE_STOP_NONIP,	/* Ethernet payload is not IP (ARP, LLDP...) */
	DECODE_STOP_TRUNC,	/* a layer was not completely captured */
	DECODE_STOP_BAD,	/* a layer failed its checks */
	DECODE_STOP_CHAIN,	/* a chain exceeded its iteration cap */
	DECODE_STOP_ENCAP,	/* MPLS/PPPoE payload that is not IP */
};

/* Fragment state of the innermost fragmented IP header. */
enum decode_frag {
	DECODE_FRAG_NONE = 0,
	DECODE_FRAG_FIRST,	/* offset 0, more fragments follow */
	DECODE_FRAG_LATER,	/* offset > 0: no transport header */
};

/* A key layer added after the fragmented IP header, for replay. */
struct decode_op {
	uint8_t	 kind;		/* DECODE_OP_* */
	uint8_t	 a[16];		/* source address, or port (BE) */
	uint8_t	 b[16];
};

#define DECODE_OP_IPV4	1
#define DECODE_OP_IPV6	2
#define DECODE_OP_TCP	3
#define DECODE_OP_UDP	4
#define DECODE_MAX_OPS	4

/*
 * What the innermost IP header says (for the ip field group): its length
 * field, hop limit, the protocol of its payload after any extension
 * headers, and the bytes above the transport header.
 */
struct ip_seen {
	uint32_t	 len;		/* IPv4 total length; IPv6 40 + payload */
					/* length, or 40 + a jumbogram's */
	uint32_t	 payload;	/* TCP: the segment's data; UDP: its */
					/* length - 8; others: the IP payload */
	uint8_t		 ver;		/* 4 or 6; 0: no IP header */
	uint8_t		 ttl;		/* TTL, hop limit */
	uint8_t		 proto;		/* the payload's IP protocol */
};

/*
 * What a frame yields.  The fields every frame uses come first and the
 * key's bytes next, so that a typical frame's info spans two cache
 * lines; the fragment fields after them are used by fragments only.
 */
struct pkt_info {
	uint8_t		 nokey;		/* enum decode_nokey */
	uint8_t		 stop;		/* enum decode_stop */
	uint8_t		 frag;		/* enum decode_frag */
	/* the last ICMP or ICMPv6 header seen: version 0, 4 or 6 */
	uint8_t		 icmp_ver;
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	uint8_t		 tunnel;	/* enum decode_tunnel */
	struct tcp_seg	 tcp;		/* the innermost TCP header's */
	struct ip_seen	 ip;		/* the innermost IP header's */
	struct flow_key	 key;

	uint8_t		 frag_v6;	/* fragment of an IPv6 header */
	uint8_t		 frag_proto;	/* protocol of the fragmented data */
	uint32_t	 frag_id;	/* IPv4 or IPv6 identification */
	uint8_t		 frag_src[16];
	uint8_t		 frag_dst[16];
	/* layers after a first fragment's IP header (replayed for later ones) */
	uint8_t		 nops;
	bool		 ops_ports;	/* the ops end with TCP/UDP ports */
	struct decode_op ops[DECODE_MAX_OPS];
};

/*
 * A capture record decoded (by decode_record()) into what the flow pass
 * needs of it: its time, length and flow key layers.  It holds nothing
 * of the record's bytes, so records can be decoded on one thread and
 * counted on another.
 */
struct decoded {
	fd_ns		 t;		/* record time */
	uint64_t	 num;		/* record number in its input, from 1 */
	const char	*ifname;	/* pcapng interface name, or NULL */
	uint32_t	 wirelen;
	uint16_t	 input;		/* which input (DECODE_MAX_INPUTS) */
	bool		 frac_carry;	/* fraction was >= 1 s */
	bool		 rejected;	/* by the filter: not decoded */
	struct pkt_info	 pk;		/* 40 bytes in: 6 lines in all */
} __attribute__((aligned(64)));	/* whole cache lines in an array */

/* The most inputs a run can have (struct decoded's input). */
#define DECODE_MAX_INPUTS	65535

/*
 * Whether the flow of "p" can be looked up ahead: a keyed record that is
 * not a later fragment (whose key comes from its first fragment).
 */
static inline bool
decoded_lookup_ahead(const struct decoded *p)
{
	return !p->rejected && p->pk.nokey == DECODE_KEYED &&
	    p->pk.frag != DECODE_FRAG_LATER;
}

/* Return true if "linktype" is one the decoder reads. */
bool		 decode_link_supported(int linktype);

/*
 * Decode the frame "data" of "caplen" captured bytes, read from a link of
 * type "linktype", into "pk".  "opts": DECODE_NO_MAC leaves the Ethernet
 * addresses out of the key (Packetbeat's allow_mismatched_eth),
 * DECODE_DECAP opens tunnels (the key is then the innermost frame's,
 * with the outer IP pair and the tunnel's type and id).  Every field
 * of "pk" up to its key is written (tcp.state always, the other tcp
 * fields when it is not TCPSEG_NONE), and the fragment fields after it
 * when pk->frag is not DECODE_FRAG_NONE.  pk->nokey says whether the
 * frame yields a key; pk->stop says why decoding ended early, if it did.
 */
void		 decode_frame(int linktype, const uint8_t *data, size_t caplen,
		    unsigned opts, struct pkt_info *pk);

/*
 * Whether "a" and "b" say the same of a frame: every field decode_frame()
 * writes (the fragment fields only as far as they are set).
 */
bool		 decode_same(const struct pkt_info *a, const struct pkt_info *b);

/*
 * Add the layers remembered in "ops" (from a first fragment) to "k",
 * as decoding the first fragment added them.
 */
void		 decode_replay(struct flow_key *k, const struct decode_op *ops,
		    size_t nops);

/*
 * Decode capture record "r" into "p" (with decode_frame()'s "opts"):
 * its time, length, filter verdict and, if the filter kept it,
 * decode_frame() of its bytes.
 */
void		 decode_record(const struct record *r, unsigned opts,
		    struct decoded *p);

#endif /* FLOWDUMP_DECODE_H */
