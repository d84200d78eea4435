/*
 * flowkey.c -- Packetbeat's FlowID builder and serialization.
 *
 * Specification: elastic/beats packetbeat/flows/flowid.go (Packetbeat
 * 8.x): a 17-byte header (flags, item offsets, counts) and the items'
 * bytes, base64url without padding as flow_id (flowkey.h says how).
 * Deviation: none in the bytes; flowdump never adds the ICMP id items
 * nor the TCP connection id item (it has no protocol analyzers).
 */
#include <config.h>

#include <assert.h>
#include <string.h>

#include "flowkey.h"
#include "util.h"

#define HDR_OFF(slot)	(2 + (slot))
/* Inlined into each flowkey_add_*(), where the sizes are constants. */
#define INLINE		static inline __attribute__((always_inline))
#define ID_LEN		FLOWKEY_HDR_LEN
#define ID_BYTES	(FLOWKEY_HDR_LEN + 1)

void
flowkey_init(struct flow_key *k)
{
	k->dir = FLOWKEY_DIR_UNSET;
	k->ident[0] = 0;
	k->ident[1] = 0;
	memset(k->ident + 2, FLOWKEY_OFF_UNSET, FK_NSLOTS);
	k->ident[FLOWKEY_CNT_ETH] = 0;
	k->ident[FLOWKEY_CNT_VLAN] = 0;
	k->ident[FLOWKEY_CNT_IP] = 0;
	k->ident[ID_LEN] = 0;
}

INLINE void
set_flag(struct flow_key *k, enum flowkey_slot slot)
{
	uint16_t	f = (uint16_t)(flowkey_flags(k->ident) | FK_FLAG(slot));

	k->ident[0] = (uint8_t)f;
	k->ident[1] = (uint8_t)(f >> 8);
}

/* memcmp(3)'s order, inlined for these few bytes. */
INLINE int
cmp_bytes(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return 0;
}

/*
 * Packetbeat's sortAddrWrite: put the pair ("*a", "*b") in the key's
 * orientation, fixing the orientation if this is the first decisive
 * pair.  A single value ("b" NULL) only leaves the orientation unset.
 */
INLINE void
sort_pair(struct flow_key *k, const uint8_t **a, const uint8_t **b,
    size_t size)
{
	const uint8_t	*t;
	int		 c;

	if (*b == NULL)
		return;
	if (k->dir == FLOWKEY_DIR_FORWARD)
		return;
	if (k->dir == FLOWKEY_DIR_REVERSED) {
		t = *a;
		*a = *b;
		*b = t;
		return;
	}
	c = cmp_bytes(*a, *b, size);
	if (c < 0)
		k->dir = FLOWKEY_DIR_FORWARD;
	else if (c > 0) {
		k->dir = FLOWKEY_DIR_REVERSED;
		t = *a;
		*a = *b;
		*b = t;
	}
}

INLINE void
put(struct flow_key *k, size_t off, const uint8_t *a, const uint8_t *b,
    size_t size)
{
	memcpy(k->ident + ID_BYTES + off, a, size);
	if (b != NULL)
		memcpy(k->ident + ID_BYTES + off + size, b, size);
}

/* Append the item at the end of the id; the caller checked the room. */
INLINE uint8_t
append(struct flow_key *k, const uint8_t *a, const uint8_t *b, size_t size)
{
	uint8_t	off = k->ident[ID_LEN];

	assert((size_t)off + 2 * size <= FLOWKEY_ID_MAX);
	put(k, off, a, b, size);
	k->ident[ID_LEN] = (uint8_t)(off + (b != NULL ? 2 * size : size));
	return off;
}

/* Packetbeat's addID: a single-slot item, overwritten when repeated. */
INLINE void
add_id(struct flow_key *k, enum flowkey_slot slot, const uint8_t *a,
    const uint8_t *b, size_t size)
{
	uint8_t	*off = &k->ident[HDR_OFF(slot)];

	sort_pair(k, &a, &b, size);
	if (*off == FLOWKEY_OFF_UNSET) {
		*off = append(k, a, b, size);
		set_flag(k, slot);
	} else
		put(k, *off, a, b, size);
}

/*
 * Packetbeat's addMultLayerID: the first layer fills the inner slot;
 * the second moves it to the outer slot; from the third on, the slots
 * swap and the new layer overwrites the older one's bytes.
 */
INLINE void
add_multi(struct flow_key *k, enum flowkey_slot inner, enum flowkey_slot outer,
    const uint8_t *a, const uint8_t *b, size_t size)
{
	uint8_t		*off = &k->ident[HDR_OFF(inner)];
	uint8_t		*ooff = &k->ident[HDR_OFF(outer)];
	uint16_t	 f = flowkey_flags(k->ident);
	uint8_t		 t;

	sort_pair(k, &a, &b, size);
	if ((f & FK_FLAG(inner)) && (f & FK_FLAG(outer))) {
		t = *off;
		*off = *ooff;
		*ooff = t;
		put(k, *off, a, b, size);
	} else if (f & FK_FLAG(inner)) {
		*ooff = *off;
		*off = append(k, a, b, size);
		set_flag(k, outer);
	} else {
		*off = append(k, a, b, size);
		set_flag(k, inner);
	}
}

void
flowkey_add_eth(struct flow_key *k, const uint8_t src[6], const uint8_t dst[6])
{
	add_id(k, FK_ETH, src, dst, 6);
	k->ident[FLOWKEY_CNT_ETH]++;
}

void
flowkey_add_vlan(struct flow_key *k, uint16_t vid)
{
	uint8_t	v[2] = { (uint8_t)vid, (uint8_t)(vid >> 8) };

	add_multi(k, FK_VLAN, FK_OUTER_VLAN, v, NULL, 2);
	k->ident[FLOWKEY_CNT_VLAN]++;
}

void
flowkey_add_ipv4(struct flow_key *k, const uint8_t src[4], const uint8_t dst[4])
{
	add_multi(k, FK_IPV4, FK_OUTER_IPV4, src, dst, 4);
	k->ident[FLOWKEY_CNT_IP]++;
}

void
flowkey_add_ipv6(struct flow_key *k, const uint8_t src[16],
    const uint8_t dst[16])
{
	add_multi(k, FK_IPV6, FK_OUTER_IPV6, src, dst, 16);
	k->ident[FLOWKEY_CNT_IP]++;
}

INLINE void
add_ports(struct flow_key *k, enum flowkey_slot slot, uint16_t sport,
    uint16_t dport)
{
	uint8_t	a[2] = { (uint8_t)sport, (uint8_t)(sport >> 8) };
	uint8_t	b[2] = { (uint8_t)dport, (uint8_t)(dport >> 8) };

	add_id(k, slot, a, b, 2);
}

void
flowkey_add_tcp(struct flow_key *k, uint16_t sport, uint16_t dport)
{
	add_ports(k, FK_TCP, sport, dport);
}

void
flowkey_add_udp(struct flow_key *k, uint16_t sport, uint16_t dport)
{
	add_ports(k, FK_UDP, sport, dport);
}

/* flowkey_simple() with the address length a constant. */
INLINE void
simple(struct flow_key *k, const uint8_t *eth, int32_t vid, const uint8_t *ip,
    size_t alen, bool tcp, const uint8_t ports[4])
{
	/*
	 * The ports are stored little-endian and compared as stored: as
	 * these numbers.  (Not through byte arrays: a 16-bit load of two
	 * bytes just stored one by one stalls.)
	 */
	unsigned	 sp = (unsigned)ports[1] << 8 | ports[0];
	unsigned	 dp = (unsigned)ports[3] << 8 | ports[2];
	const uint8_t	*p0, *p1;
	uint8_t		*id = k->ident + ID_BYTES;
	enum flowkey_slot ipslot = alen == 16 ? FK_IPV6 : FK_IPV4;
	enum flowkey_slot pslot = tcp ? FK_TCP : FK_UDP;
	uint16_t	 f;
	size_t		 off = 0;
	int		 c = 0;
	bool		 swap;

	/*
	 * The first pair whose sides differ orients them all (sort_pair());
	 * when none does, the order of each pair is the frame's.
	 */
	if (eth != NULL)
		c = cmp_bytes(eth + 6, eth, 6);
	if (c == 0)
		c = cmp_bytes(ip, ip + alen, alen);
	if (c == 0)
		c = (sp > dp) - (sp < dp);
	k->dir = c < 0 ? FLOWKEY_DIR_FORWARD :
	    c > 0 ? FLOWKEY_DIR_REVERSED : FLOWKEY_DIR_UNSET;
	swap = c > 0;
	memset(k->ident + 2, FLOWKEY_OFF_UNSET, FK_NSLOTS);
	f = (uint16_t)(FK_FLAG(ipslot) | FK_FLAG(pslot));
	if (eth != NULL) {
		f |= FK_FLAG(FK_ETH);
		k->ident[HDR_OFF(FK_ETH)] = 0;
		memcpy(id + (swap ? 6 : 0), eth + 6, 6);
		memcpy(id + (swap ? 0 : 6), eth, 6);
		off = 12;
	}
	if (vid >= 0) {
		f |= FK_FLAG(FK_VLAN);
		k->ident[HDR_OFF(FK_VLAN)] = (uint8_t)off;
		id[off] = (uint8_t)vid;
		id[off + 1] = (uint8_t)(vid >> 8);
		off += 2;
	}
	k->ident[HDR_OFF(ipslot)] = (uint8_t)off;
	memcpy(id + off + (swap ? alen : 0), ip, alen);
	memcpy(id + off + (swap ? 0 : alen), ip + alen, alen);
	off += 2 * alen;
	k->ident[HDR_OFF(pslot)] = (uint8_t)off;
	p0 = swap ? ports + 2 : ports;
	p1 = swap ? ports : ports + 2;
	id[off] = p0[1];
	id[off + 1] = p0[0];
	id[off + 2] = p1[1];
	id[off + 3] = p1[0];
	off += 4;
	k->ident[0] = (uint8_t)f;
	k->ident[1] = (uint8_t)(f >> 8);
	k->ident[FLOWKEY_CNT_ETH] = eth != NULL ? 1 : 0;
	k->ident[FLOWKEY_CNT_VLAN] = vid >= 0 ? 1 : 0;
	k->ident[FLOWKEY_CNT_IP] = 1;
	k->ident[ID_LEN] = (uint8_t)off;
}

void
flowkey_simple(struct flow_key *k, const uint8_t *eth, int32_t vid,
    const uint8_t *ip, size_t alen, bool tcp, const uint8_t ports[4])
{
	if (alen == 16)
		simple(k, eth, vid, ip, 16, tcp, ports);
	else
		simple(k, eth, vid, ip, 4, tcp, ports);
}

/* The pairs a tunnel's opening may put in byte order. */
static const struct {
	enum flowkey_slot	slot;
	size_t			size;
} pair_slots[] = {
	{ FK_ETH, 6 }, { FK_OUTER_IPV4, 4 }, { FK_IPV4, 4 },
	{ FK_OUTER_IPV6, 16 }, { FK_IPV6, 16 }, { FK_UDP, 2 }, { FK_TCP, 2 },
};

static void
swap_pair(uint8_t *p, size_t n)
{
	uint8_t	t[16];

	memcpy(t, p, n);
	memcpy(p, p + n, n);
	memcpy(p + n, t, n);
}

void
flowkey_unorient(struct flow_key *k, struct flowkey_orient *was)
{
	uint8_t		*p;
	size_t		 i, n;
	uint8_t		 off;

	was->dir = k->dir;
	was->swapped = 0;
	for (i = 0; i < sizeof(pair_slots) / sizeof(pair_slots[0]); i++) {
		off = k->ident[HDR_OFF(pair_slots[i].slot)];
		if (off == FLOWKEY_OFF_UNSET)
			continue;
		p = k->ident + ID_BYTES + off;
		n = pair_slots[i].size;
		if (cmp_bytes(p, p + n, n) > 0) {
			swap_pair(p, n);
			was->swapped |= FK_FLAG(pair_slots[i].slot);
		}
	}
	k->dir = FLOWKEY_DIR_UNSET;
}

void
flowkey_reorient(struct flow_key *k, const struct flowkey_orient *was)
{
	uint8_t	*tun;
	size_t	 i;

	for (i = 0; i < sizeof(pair_slots) / sizeof(pair_slots[0]); i++) {
		if (was->swapped & FK_FLAG(pair_slots[i].slot))
			swap_pair(k->ident + ID_BYTES +
			    k->ident[HDR_OFF(pair_slots[i].slot)],
			    pair_slots[i].size);
	}
	k->dir = (int8_t)was->dir;
	if (k->ident[HDR_OFF(FK_CONNID)] != FLOWKEY_OFF_UNSET) {
		tun = k->ident + ID_BYTES + k->ident[HDR_OFF(FK_CONNID)];
		tun[5] = 0;		/* the outer pairs are oriented */
	}
}

void
flowkey_add_tunnel(struct flow_key *k, uint8_t type, bool has_id, uint32_t id)
{
	uint8_t	v[8] = { (uint8_t)id, (uint8_t)(id >> 8), (uint8_t)(id >> 16),
	    (uint8_t)(id >> 24), has_id ? 1 : 0, 1, 0, type };

	add_id(k, FK_CONNID, v, NULL, 8);
}

bool
flowkey_tunnel(const uint8_t *ident, uint8_t *type, bool *has_id,
    uint32_t *id, bool *unoriented)
{
	const uint8_t	*v = flowkey_item(ident, FK_CONNID);

	if (v == NULL)
		return false;
	*unoriented = v[5] != 0;
	*id = (uint32_t)v[0] | (uint32_t)v[1] << 8 | (uint32_t)v[2] << 16 |
	    (uint32_t)v[3] << 24;
	*has_id = v[4] != 0;
	*type = v[7];
	return true;
}

static inline uint64_t
load64(const uint8_t *p)
{
	uint64_t	v;

	memcpy(&v, p, 8);
	return v;
}

/* Multiply to 128 bits and fold the halves (wyhash's mixing step). */
static inline uint64_t
mum(uint64_t a, uint64_t b)
{
	unsigned __int128	r = (unsigned __int128)a * b;

	return (uint64_t)r ^ (uint64_t)(r >> 64);
}

#define HASH_P0	0xa0761d6478bd642fULL
#define HASH_P1	0xe7037ed1a0b428dbULL
#define HASH_P2	0x8ebc6af09c88c6e3ULL

/*
 * 16 bytes a step, each step one 128-bit multiplication; the last step
 * takes the last 16 bytes, overlapping the previous step (an identity
 * has at least FLOWKEY_HDR_LEN + 1 > 16 bytes).  Equal identities hash
 * equal; nothing depends on the values beyond that.
 */
uint64_t
flowkey_hash(const uint8_t *ident)
{
	size_t		n = flowkey_ident_len(ident), i;
	uint64_t	h = HASH_P0 ^ n;

	for (i = 0; n - i > 16; i += 16)
		h = mum(load64(ident + i) ^ HASH_P1,
		    load64(ident + i + 8) ^ h);
	h = mum(load64(ident + n - 16) ^ HASH_P2, load64(ident + n - 8) ^ h);
	return mum(h ^ HASH_P0, h ^ HASH_P1 ^ n);
}

const uint8_t *
flowkey_item(const uint8_t *ident, enum flowkey_slot slot)
{
	uint8_t	off = ident[HDR_OFF(slot)];

	if (off == FLOWKEY_OFF_UNSET)
		return NULL;
	return ident + ID_BYTES + off;
}

bool
flowkey_pair(const uint8_t *ident, enum flowkey_slot slot, size_t size,
    int dir, const uint8_t **a, const uint8_t **b)
{
	const uint8_t	*p = flowkey_item(ident, slot);

	if (p == NULL)
		return false;
	if (dir == FLOWKEY_DIR_REVERSED) {
		*a = p + size;
		*b = p;
	} else {
		*a = p;
		*b = p + size;
	}
	return true;
}

size_t
flowkey_b64(const uint8_t *ident, char *out)
{
	uint8_t	buf[FLOWKEY_HDR_LEN + FLOWKEY_ID_MAX];
	size_t	n = ident[ID_LEN];

	memcpy(buf, ident, FLOWKEY_HDR_LEN);
	/* most ids are 48 bytes or less; "ident" has room after a shorter */
	util_copy(buf + FLOWKEY_HDR_LEN, ident + ID_BYTES, n, 48);
	return util_base64(out, buf, FLOWKEY_HDR_LEN + n, false);
}
