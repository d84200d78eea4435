/*
 * capfmt.c -- classic pcap and pcapng records, read from bytes.
 *
 * Where the formats leave a choice, flowdump reads what tshark reads:
 * sections may switch byte order, interfaces may differ in link type and
 * snap length, and a packet longer than its interface's snap length is
 * taken as it is.  Damage is what leaves no sound way on: a record that
 * runs past the end of the file, a block whose two lengths differ, a
 * length that is not a multiple of 4, a packet on an interface nobody
 * described.  Classic pcap is read as libpcap reads it (its snap length
 * cuts longer records, as libpcap's does), so that a file gives the
 * records every tcpdump gives.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "capfmt.h"
#include "cursor.h"
#include "util.h"

/* libpcap's limits (pcap-int.h, sf-pcapng.c) */
#define MAXIMUM_SNAPLEN		262144u
#define NG_INITIAL_MAX_BLOCK	(16u * 1024 * 1024)
#define NG_BLOCK_OVERHEAD	(8u + 20u + 131072u + 4u)

/* pcapng block types */
#define BT_IDB			0x00000001u
#define BT_PB			0x00000002u	/* obsolete Packet Block */
#define BT_SPB			0x00000003u
#define BT_EPB			0x00000006u
#define NG_BYTE_ORDER_MAGIC	0x1A2B3C4Du

/* IDB options */
#define OPT_ENDOFOPT		0
#define IF_NAME			2
#define IF_TSRESOL		9
#define IF_TSOFFSET		14

/*
 * The 16- and 32-bit fields at "off" (the caller has checked that they
 * are there) in the file's byte order.
 */
static inline uint16_t
get16(bool big, const uint8_t *v, size_t off)
{
	uint16_t	x;

	memcpy(&x, v + off, sizeof(x));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return big ? __builtin_bswap16(x) : x;
#else
	return big ? x : __builtin_bswap16(x);
#endif
}

static inline uint32_t
get32(bool big, const uint8_t *v, size_t off)
{
	uint32_t	x;

	memcpy(&x, v + off, sizeof(x));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return big ? __builtin_bswap32(x) : x;
#else
	return big ? x : __builtin_bswap32(x);
#endif
}

static uint64_t
get64(bool big, const uint8_t *v, size_t off)
{
	uint64_t	a = get32(big, v, off), b = get32(big, v, off + 4);

	return big ? a << 32 | b : b << 32 | a;
}

int
capfmt_dlt(uint32_t linktype)
{
	/*
	 * libpcap's linktype_to_dlt(): the LINKTYPE_ values of the DLT_
	 * codes that differ between systems, mapped to this system's.
	 */
	switch (linktype) {
	case 100: return DLT_ATM_RFC1483;
	case 101: return DLT_RAW;
	case 102: return DLT_SLIP_BSDOS;
	case 103: return DLT_PPP_BSDOS;
	case 106: return DLT_ATM_CLIP;
#if DLT_HDLC != 112
	case 112: return DLT_HDLC;
#endif
	default:  return (int)linktype;
	}
}

uint32_t
capfmt_max_snaplen(int dlt)
{
	switch (dlt) {
	case 231:	return 128u * 1024 * 1024;	/* DLT_DBUS */
	case 279:	return 8u * 1024 * 1024;	/* DLT_EBHSCR */
	case 249:	return 1024u * 1024;		/* DLT_USBPCAP */
	default:	return MAXIMUM_SNAPLEN;
	}
}

enum capfmt_magic
capfmt_sniff(const uint8_t *p, size_t n)
{
	static const uint8_t	pcap_le[3][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 },	/* microseconds */
		{ 0x4d, 0x3c, 0xb2, 0xa1 },	/* nanoseconds */
		{ 0x34, 0xcd, 0xb2, 0xa1 },	/* Kuznetzov's patched */
	};
	size_t			i;

	if (n < CAPFMT_SNIFF_LEN)
		return CAPFMT_UNKNOWN;
	for (i = 0; i < 3; i++) {
		if (memcmp(p, pcap_le[i], 4) == 0 || (p[0] == pcap_le[i][3] &&
		    p[1] == pcap_le[i][2] && p[2] == pcap_le[i][1] &&
		    p[3] == pcap_le[i][0]))
			return CAPFMT_PCAP;
	}
	if (memcmp(p, "\x0a\x0d\x0d\x0a", 4) == 0)
		return CAPFMT_PCAPNG;
	if (p[0] == 0x1f && p[1] == 0x8b)
		return CAPFMT_GZIP;
	if (memcmp(p, "\x28\xb5\x2f\xfd", 4) == 0)
		return CAPFMT_ZSTD;
	return CAPFMT_UNKNOWN;
}

/*
 * The byte order a Section Header Block's byte-order magic "bom" (4
 * bytes) gives: 1 big-endian, 0 little-endian, -1 not a magic.
 */
static int
shb_order(const uint8_t *bom)
{
	if (memcmp(bom, "\x1a\x2b\x3c\x4d", 4) == 0)
		return 1;
	if (memcmp(bom, "\x4d\x3c\x2b\x1a", 4) == 0)
		return 0;
	return -1;
}

/*
 * "n" bytes are there of the "want" needed: MORE if more may come, BAD
 * (naming "what") at the end of the input.
 */
static enum capfmt_result
short_of(bool eof, size_t n, size_t want, const char *what, size_t *adv,
    char *msg, size_t msglen)
{
	if (!eof) {
		*adv = want;
		return CAPFMT_MORE;
	}
	snprintf(msg, msglen, "truncated %s: %zu of its %zu bytes", what, n,
	    want);
	return CAPFMT_BAD;
}

static enum capfmt_result
classic_open(struct capfmt *f, const uint8_t *p, size_t n, bool eof,
    size_t *adv, char *msg, size_t msglen)
{
	uint32_t	magic, lt, snap;

	if (n < CAPFMT_PCAP_HDRLEN)
		return short_of(eof, n, CAPFMT_PCAP_HDRLEN, "pcap file header",
		    adv, msg, msglen);
	f->big = p[0] == 0xa1;
	magic = get32(f->big, p, 0);
	f->nano = magic == 0xa1b23c4du;
	f->rechdr = magic == 0xa1b2cd34u ? 24 : 16;
	f->major = get16(f->big, p, 4);
	f->minor = get16(f->big, p, 6);
	if (!((f->major == 2 && f->minor <= 4) ||
	    (f->major == 543 && f->minor == 0))) {
		snprintf(msg, msglen, "unsupported pcap version %u.%u",
		    f->major, f->minor);
		return CAPFMT_BAD;
	}
	f->swaplens = f->major == 543 || (f->major == 2 && f->minor < 3);
	f->maybe_swap = f->major == 2 && f->minor == 3;
	snap = get32(f->big, p, 16);
	lt = get32(f->big, p, 20);
	if ((lt & 0x03FF0000u) != 0) {
		snprintf(msg, msglen, "pcap link type field has reserved bits "
		    "set (0x%08x)", lt);
		return CAPFMT_BAD;
	}
	f->linktype = capfmt_dlt(lt & 0xFFFFu);
	if (snap == 0 || snap > capfmt_max_snaplen(f->linktype))
		snap = capfmt_max_snaplen(f->linktype);
	if (f->rechdr == 24 && f->linktype == DLT_EN10MB)
		snap += 14;
	f->snaplen = snap;
	*adv = CAPFMT_PCAP_HDRLEN;
	return CAPFMT_SKIP;
}

static enum capfmt_result
classic_next(struct capfmt *f, const uint8_t *p, size_t n, bool eof,
    struct capfmt_pkt *pk, size_t *adv, char *msg, size_t msglen)
{
	uint32_t	caplen, len, t;

	if (n == 0 && eof)
		return CAPFMT_END;
	if (n < f->rechdr)
		return short_of(eof, n, f->rechdr, "record header", adv, msg,
		    msglen);
	caplen = get32(f->big, p, 8);
	len = get32(f->big, p, 12);
	if (f->swaplens || (f->maybe_swap && caplen > len)) {
		t = caplen;
		caplen = len;
		len = t;
	}
	if (caplen > capfmt_max_snaplen(f->linktype)) {
		snprintf(msg, msglen, "a record's captured length %u is more "
		    "than the %u bytes a packet may have", caplen,
		    capfmt_max_snaplen(f->linktype));
		return CAPFMT_BAD;
	}
	if (n < f->rechdr + (size_t)caplen)
		return short_of(eof, n, f->rechdr + (size_t)caplen, "record",
		    adv, msg, msglen);
	pk->sec = get32(f->big, p, 0);
	pk->frac_ns = get32(f->big, p, 4);
	if (!f->nano)
		pk->frac_ns *= 1000;
	pk->wirelen = len;
	pk->caplen = caplen < f->snaplen ? caplen : f->snaplen;
	pk->data_off = f->rechdr;
	pk->linktype = f->linktype;
	pk->iface = 0;
	*adv = f->rechdr + (size_t)caplen;
	return CAPFMT_PACKET;
}

/*
 * The block at "p": its type and total length, checked (a multiple of
 * 4, no longer than allowed, equal to the trailer's), a Section Header
 * Block's byte order taken into "*big".
 */
static enum capfmt_result
ng_block(const struct capfmt *f, const uint8_t *p, size_t n, bool eof,
    uint32_t *type, uint32_t *len, bool *big, size_t *adv, char *msg,
    size_t msglen)
{
	int	order;

	if (n == 0 && eof)
		return CAPFMT_END;
	if (n < 8)
		return short_of(eof, n, 8, "block header", adv, msg, msglen);
	*big = f->big;
	if (memcmp(p, "\x0a\x0d\x0d\x0a", 4) == 0) {
		if (n < 12)
			return short_of(eof, n, 12, "Section Header Block", adv,
			    msg, msglen);
		if ((order = shb_order(p + 8)) == -1) {
			snprintf(msg, msglen, "Section Header Block with a bad "
			    "byte-order magic");
			return CAPFMT_BAD;
		}
		*big = order == 1;
	}
	*type = get32(*big, p, 0);
	*len = get32(*big, p, 4);
	if (*len < 12 || *len % 4 != 0) {
		snprintf(msg, msglen, "block of type 0x%08x has a length of "
		    "%u (not a multiple of 4 of at least 12)", *type, *len);
		return CAPFMT_BAD;
	}
	if (*len > f->max_block) {
		snprintf(msg, msglen, "block of type 0x%08x has a length of "
		    "%u, more than the %u allowed", *type, *len, f->max_block);
		return CAPFMT_BAD;
	}
	if (n < *len)
		return short_of(eof, n, *len, "block", adv, msg, msglen);
	if (get32(*big, p, *len - 4) != *len) {
		snprintf(msg, msglen, "block of type 0x%08x has a length of "
		    "%u, its trailer says %u", *type, *len,
		    get32(*big, p, *len - 4));
		return CAPFMT_BAD;
	}
	*adv = *len;
	return CAPFMT_SKIP;
}

static enum capfmt_result
ng_shb(struct capfmt *f, const uint8_t *p, uint32_t len, bool big, char *msg,
    size_t msglen)
{
	if (len < 28) {
		snprintf(msg, msglen, "Section Header Block of %u bytes, "
		    "less than 28", len);
		return CAPFMT_BAD;
	}
	f->big = big;
	f->major = get16(f->big, p, 12);
	f->minor = get16(f->big, p, 14);
	/* 1.2 was written for 1.0 (the pcapng draft); tshark and libpcap
	 * refuse the others, and so does flowdump */
	if (f->major != 1 || (f->minor != 0 && f->minor != 2)) {
		snprintf(msg, msglen, "unsupported pcapng version %u.%u",
		    f->major, f->minor);
		return CAPFMT_BAD;
	}
	f->nif = 0;		/* interfaces are the section's own */
	f->sections++;
	return CAPFMT_SKIP;
}

static struct capfmt_iface *
new_iface(struct capfmt *f)
{
	if (f->nif == f->ifcap) {
		f->ifcap = f->ifcap == 0 ? 4 : f->ifcap * 2;
		f->ifs = xrealloc(f->ifs, f->ifcap, sizeof(*f->ifs));
	}
	return &f->ifs[f->nif];
}

static enum capfmt_result
idb_option(const struct capfmt *f, struct capfmt_iface *ifc, uint16_t code,
    const uint8_t *v, uint16_t olen, char *msg, size_t msglen)
{
	uint8_t	r;
	size_t	i;

	switch (code) {
	case IF_NAME:
		for (i = 0; i < olen && i < sizeof(ifc->name) - 1 &&
		    v[i] != '\0'; i++)
			ifc->name[i] = (char)v[i];
		ifc->name[i] = '\0';
		break;
	case IF_TSRESOL:
		if (olen != 1) {
			snprintf(msg, msglen, "if_tsresol option of %u bytes, "
			    "not 1", olen);
			return CAPFMT_BAD;
		}
		r = v[0];
		if (r & 0x80) {
			if ((r & 0x7f) > 63) {
				snprintf(msg, msglen, "if_tsresol 2^-%u is too "
				    "fine", r & 0x7f);
				return CAPFMT_BAD;
			}
			ifc->res = (uint64_t)1 << (r & 0x7f);
			ifc->binary = true;
		} else {
			if (r > 19) {
				snprintf(msg, msglen, "if_tsresol 10^-%u is too "
				    "fine", r);
				return CAPFMT_BAD;
			}
			for (ifc->res = 1, i = 0; i < r; i++)
				ifc->res *= 10;
			ifc->binary = false;
		}
		break;
	case IF_TSOFFSET:
		if (olen != 8) {
			snprintf(msg, msglen, "if_tsoffset option of %u bytes, "
			    "not 8", olen);
			return CAPFMT_BAD;
		}
		ifc->offset = (int64_t)get64(f->big, v, 0);
		break;
	default:
		break;
	}
	return CAPFMT_SKIP;
}

static enum capfmt_result
ng_idb(struct capfmt *f, const uint8_t *p, uint32_t len, char *msg,
    size_t msglen)
{
	struct capfmt_iface	 ifc;
	struct cursor		 c;
	const uint8_t		*h, *v;
	uint16_t		 code, olen;
	uint32_t		 need;

	if (len < 20) {
		snprintf(msg, msglen, "Interface Description Block of %u "
		    "bytes, less than 20", len);
		return CAPFMT_BAD;
	}
	memset(&ifc, 0, sizeof(ifc));
	ifc.linktype = capfmt_dlt(get16(f->big, p, 8));
	ifc.snaplen = get32(f->big, p, 12);
	ifc.res = 1000000;
	/* the options, up to the trailer */
	cur_init(&c, p + 16, len - 20);
	while ((h = cur_take(&c, 4)) != NULL) {
		code = get16(f->big, h, 0);
		olen = get16(f->big, h, 2);
		if (code == OPT_ENDOFOPT)
			break;
		if ((v = cur_take(&c, (olen + 3u) & ~3u)) == NULL) {
			snprintf(msg, msglen, "option %u of an Interface "
			    "Description Block runs past the block", code);
			return CAPFMT_BAD;
		}
		if (idb_option(f, &ifc, code, v, olen, msg, msglen) ==
		    CAPFMT_BAD)
			return CAPFMT_BAD;
	}
	if (f->nif == 0 && f->sections == 1 && f->linktype == -1)
		f->linktype = ifc.linktype;
	need = NG_BLOCK_OVERHEAD + capfmt_max_snaplen(ifc.linktype);
	if (need > f->max_block)
		f->max_block = need;
	*new_iface(f) = ifc;
	f->nif++;
	return CAPFMT_SKIP;
}

/* The timestamp "t" of interface "ifc" as seconds and nanoseconds. */
static void
ng_time(const struct capfmt_iface *ifc, uint64_t t, struct capfmt_pkt *pk)
{
	uint64_t	frac = t % ifc->res;

	pk->sec = t / ifc->res + (uint64_t)ifc->offset;
	if (ifc->res == NS_PER_SEC)
		pk->frac_ns = frac;
	else if (ifc->binary)
		pk->frac_ns = (uint64_t)((unsigned __int128)frac *
		    NS_PER_SEC / ifc->res);
	else if (ifc->res < NS_PER_SEC)
		pk->frac_ns = frac * (NS_PER_SEC / ifc->res);
	else
		pk->frac_ns = frac / (ifc->res / NS_PER_SEC);
}

static enum capfmt_result
ng_packet(struct capfmt *f, const uint8_t *p, uint32_t type, uint32_t len,
    struct capfmt_pkt *pk, char *msg, size_t msglen)
{
	const struct capfmt_iface	*ifc;
	const char			*what;
	uint32_t			 room;
	uint64_t			 t = 0;

	if (type == BT_SPB) {
		what = "Simple Packet Block";
		if (len < 16)
			goto short_block;
		pk->iface = 0;
		pk->wirelen = get32(f->big, p, 8);
		pk->data_off = 12;
		room = len - 16;
		pk->caplen = pk->wirelen < room ? pk->wirelen : room;
	} else {
		what = type == BT_EPB ? "Enhanced Packet Block" :
		    "Packet Block";
		if (len < 32)
			goto short_block;
		pk->iface = type == BT_EPB ? get32(f->big, p, 8) : get16(f->big, p, 8);
		t = (uint64_t)get32(f->big, p, 12) << 32 | get32(f->big, p, 16);
		pk->caplen = get32(f->big, p, 20);
		pk->wirelen = get32(f->big, p, 24);
		pk->data_off = 28;
		if (pk->caplen > len - 32) {
			snprintf(msg, msglen, "%s's captured length %u runs "
			    "past the block (%u bytes)", what, pk->caplen, len);
			return CAPFMT_BAD;
		}
	}
	if ((ifc = capfmt_iface(f, pk->iface)) == NULL) {
		snprintf(msg, msglen, "%s on interface %u, which no Interface "
		    "Description Block of its section describes", what,
		    pk->iface);
		return CAPFMT_BAD;
	}
	if (type == BT_SPB && ifc->snaplen != 0 && pk->caplen > ifc->snaplen)
		pk->caplen = ifc->snaplen;
	ng_time(ifc, t, pk);
	pk->linktype = ifc->linktype;
	return CAPFMT_PACKET;
short_block:
	snprintf(msg, msglen, "%s of %u bytes is too short", what, len);
	return CAPFMT_BAD;
}

static enum capfmt_result
ng_next(struct capfmt *f, const uint8_t *p, size_t n, bool eof,
    struct capfmt_pkt *pk, size_t *adv, char *msg, size_t msglen)
{
	enum capfmt_result	rc;
	uint32_t		type, len;
	bool			big;

	rc = ng_block(f, p, n, eof, &type, &len, &big, adv, msg, msglen);
	if (rc != CAPFMT_SKIP)
		return rc;
	switch (type) {
	case CAPFMT_BT_SHB:
		return ng_shb(f, p, len, big, msg, msglen);
	case BT_IDB:
		return ng_idb(f, p, len, msg, msglen);
	case BT_EPB:
	case BT_SPB:
	case BT_PB:
		return ng_packet(f, p, type, len, pk, msg, msglen);
	default:
		return CAPFMT_SKIP;	/* statistics, names, secrets ... */
	}
}

enum capfmt_result
capfmt_open(struct capfmt *f, const uint8_t *p, size_t n, bool eof,
    size_t *adv, char *msg, size_t msglen)
{
	enum capfmt_result	rc;
	struct capfmt_pkt	pk;

	memset(f, 0, sizeof(*f));
	f->linktype = -1;
	f->max_block = NG_INITIAL_MAX_BLOCK;
	if (n < CAPFMT_SNIFF_LEN && !eof) {
		*adv = CAPFMT_SNIFF_LEN;
		return CAPFMT_MORE;
	}
	f->kind = capfmt_sniff(p, n);
	if (f->kind == CAPFMT_PCAP)
		return classic_open(f, p, n, eof, adv, msg, msglen);
	if (f->kind != CAPFMT_PCAPNG)
		return CAPFMT_NOTCAP;
	if (n < 12 && !eof) {
		*adv = 12;
		return CAPFMT_MORE;
	}
	if (n < 12 || shb_order(p + 8) == -1)
		return CAPFMT_NOTCAP;
	rc = ng_next(f, p, n, eof, &pk, adv, msg, msglen);
	return rc == CAPFMT_END ? CAPFMT_NOTCAP : rc;
}

enum capfmt_result
capfmt_next(struct capfmt *f, const uint8_t *p, size_t n, bool eof,
    struct capfmt_pkt *pk, size_t *adv, char *msg, size_t msglen)
{
	if (f->kind == CAPFMT_PCAP)
		return classic_next(f, p, n, eof, pk, adv, msg, msglen);
	return ng_next(f, p, n, eof, pk, adv, msg, msglen);
}

const struct capfmt_iface *
capfmt_iface(const struct capfmt *f, uint32_t i)
{
	return i < f->nif ? &f->ifs[i] : NULL;
}

void
capfmt_free(struct capfmt *f)
{
	free(f->ifs);
	f->ifs = NULL;
	f->nif = f->ifcap = 0;
}
