/*
 * flowkey.h -- Packetbeat's flow identity: the key layers of a frame,
 * in canonical order, and their binary id.
 *
 * A flow key is built layer by layer as a frame is decoded, exactly as
 * Packetbeat's FlowID builder does (packetbeat/flows/flowid.go): the
 * first address pair whose two sides differ fixes the orientation of
 * every later pair; VLAN ids and IPv4/IPv6 pairs keep the last two
 * layers of each kind in an inner and an outer slot; ports are stored
 * little-endian.  The serialized form is a 17-byte header (flags, 12
 * offsets, 3 layer counts) followed by the id bytes; base64 of it is the
 * flow_id that Packetbeat prints.
 *
 * Two frames belong to the same flow iff their header, length and id
 * bytes are equal; "dir" tells in which orientation each frame was.
 */
#ifndef FLOWDUMP_FLOWKEY_H
#define FLOWDUMP_FLOWKEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Slots, in Packetbeat's flag-bit and offset order. */
enum flowkey_slot {
	FK_ETH = 0,
	FK_OUTER_VLAN,
	FK_VLAN,
	FK_OUTER_IPV4,
	FK_IPV4,
	FK_OUTER_IPV6,
	FK_IPV6,
	FK_ICMPV4,
	FK_ICMPV6,
	FK_UDP,
	FK_TCP,
	FK_CONNID,
	FK_NSLOTS
};

#define FK_FLAG(slot)		((uint16_t)(1U << (slot)))

#define FLOWKEY_HDR_LEN		17	/* flags(2) offsets(12) counts(3) */
#define FLOWKEY_ID_MAX		110	/* Packetbeat's SizeFlowIDMax */
#define FLOWKEY_OFF_UNSET	0xff
/* Header, length byte and id bytes: what identifies a flow. */
#define FLOWKEY_IDENT_MAX	(FLOWKEY_HDR_LEN + 1 + FLOWKEY_ID_MAX)
/* base64 of header + id, unpadded, plus NUL. */
#define FLOWKEY_B64_MAX		(4 * ((FLOWKEY_HDR_LEN + FLOWKEY_ID_MAX + 2) / 3) + 1)

/* Orientation: how the first decisive pair compared. */
#define FLOWKEY_DIR_UNSET	(-1)
#define FLOWKEY_DIR_FORWARD	0
#define FLOWKEY_DIR_REVERSED	1

/* Header byte indexes of the layer counts. */
#define FLOWKEY_CNT_ETH		14
#define FLOWKEY_CNT_VLAN	15
#define FLOWKEY_CNT_IP		16

struct flow_key {
	int8_t	 dir;			/* FLOWKEY_DIR_* of this frame */
	/*
	 * ident[] is the flow's identity: the 17-byte header, then the
	 * number of id bytes, then the id bytes themselves.
	 */
	uint8_t	 ident[FLOWKEY_IDENT_MAX];
};

/* Start an empty key: no flags, every offset unset, counts 0. */
void		 flowkey_init(struct flow_key *k);

/* Append a layer.  Addresses and ports are given as (source, dest). */
void		 flowkey_add_eth(struct flow_key *k, const uint8_t src[6],
		    const uint8_t dst[6]);
void		 flowkey_add_vlan(struct flow_key *k, uint16_t vid);
void		 flowkey_add_ipv4(struct flow_key *k, const uint8_t src[4],
		    const uint8_t dst[4]);
void		 flowkey_add_ipv6(struct flow_key *k, const uint8_t src[16],
		    const uint8_t dst[16]);
void		 flowkey_add_tcp(struct flow_key *k, uint16_t sport,
		    uint16_t dport);
void		 flowkey_add_udp(struct flow_key *k, uint16_t sport,
		    uint16_t dport);

/*
 * The whole key of the most common frames in one step: what
 * flowkey_init() then flowkey_add_eth() (unless "eth" is NULL),
 * flowkey_add_vlan() (unless "vid" is negative), flowkey_add_ipv4() or
 * flowkey_add_ipv6() and flowkey_add_tcp() or flowkey_add_udp() give.
 * "eth": the Ethernet header's destination and source (12 bytes, as on
 * the wire); "ip": source then destination address, "alen" (4 or 16)
 * bytes each; "ports": source then destination port, big-endian, as on
 * the wire.
 */
void		 flowkey_simple(struct flow_key *k, const uint8_t *eth,
		    int32_t vid, const uint8_t *ip, size_t alen, bool tcp,
		    const uint8_t ports[4]);

/* How a key's pairs lay before flowkey_unorient(). */
struct flowkey_orient {
	int		 dir;		/* FLOWKEY_DIR_* */
	uint16_t	 swapped;	/* FK_FLAG()s of the pairs it swapped */
};

/*
 * Forget the direction the layers so far gave: put each of their pairs
 * in byte order, and let the layers added next decide the direction.
 * For a tunnel (--decap) whose outer direction says nothing of the
 * inner one (a mirror session sends both directions of what it copies
 * one way): the inner conversation's two directions are then one flow.
 * "*was" says how the pairs lay, for flowkey_reorient().
 */
void		 flowkey_unorient(struct flow_key *k, struct flowkey_orient *was);

/*
 * Undo flowkey_unorient() when no later layer gave a direction (nothing
 * inside the tunnel has addresses or ports): the outer layers orient
 * the key again, and its tunnel item says so.
 */
void		 flowkey_reorient(struct flow_key *k,
		    const struct flowkey_orient *was);

/*
 * A tunnel (--decap): its type (decode.h's enum decode_tunnel) and id in
 * Packetbeat's connection-id slot, whose 8 bytes (little-endian, as
 * Packetbeat writes that slot) are the id's 32 bits, 1 if the tunnel has
 * an id, 1 if the pairs added before it are in byte order (0 after
 * flowkey_reorient()), a zero byte and the type: flowdump's extension
 * of the flow_id layout.  An inner tunnel's replaces an outer one's.
 */
void		 flowkey_add_tunnel(struct flow_key *k, uint8_t type,
		    bool has_id, uint32_t id);

/*
 * The tunnel in "ident", if any: its type, whether it has an id, the id,
 * and whether the pairs before it are in byte order (not by direction).
 */
bool		 flowkey_tunnel(const uint8_t *ident, uint8_t *type,
		    bool *has_id, uint32_t *id, bool *unoriented);

/* Flags (FK_FLAG bits) of a key or of a stored identity. */
static inline uint16_t
flowkey_flags(const uint8_t *ident)
{
	return (uint16_t)(ident[0] | ident[1] << 8);
}

/* Number of bytes of "ident" that identify the flow. */
static inline size_t
flowkey_ident_len(const uint8_t *ident)
{
	return FLOWKEY_HDR_LEN + 1 + (size_t)ident[FLOWKEY_HDR_LEN];
}

/* True if the key has no layer: the frame belongs to no flow. */
static inline bool
flowkey_empty(const struct flow_key *k)
{
	return flowkey_flags(k->ident) == 0;
}

/* A 64-bit hash of a stored identity; equal identities hash equal. */
uint64_t	 flowkey_hash(const uint8_t *ident);

/*
 * Return a pointer to the bytes of "slot" in the stored identity, or
 * NULL if the key has no such layer.  Pairs are in canonical order:
 * use flowkey_pair() to get them in (source, dest) order.
 */
const uint8_t	*flowkey_item(const uint8_t *ident, enum flowkey_slot slot);

/*
 * Set "*a" and "*b" to the two halves (each "size" bytes) of the pair in
 * "slot", un-sorted by "dir" so that "*a" belongs to the side that sent
 * with orientation "dir".  Return false if there is no such layer.
 */
bool		 flowkey_pair(const uint8_t *ident, enum flowkey_slot slot,
		    size_t size, int dir, const uint8_t **a, const uint8_t **b);

/* Read a little-endian 16-bit value (VLAN id, port) from key bytes. */
static inline uint16_t
flowkey_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

/*
 * Write Packetbeat's flow_id for "ident" (base64, standard alphabet, no
 * padding, of the header followed by the id bytes) into "out", which
 * holds FLOWKEY_B64_MAX bytes.  Return the length.  "ident" is a whole
 * identity's FLOWKEY_IDENT_MAX bytes (a struct flow_key's, a record's).
 */
size_t		 flowkey_b64(const uint8_t *ident, char *out);

#endif /* FLOWDUMP_FLOWKEY_H */
