/*
 * check_capfmt.c -- the capture formats, on files built byte by byte:
 * classic pcap in both byte orders and every version, pcapng blocks and
 * options, sections that switch byte order, time resolutions, and
 * truncation at every length.
 */
#include <config.h>

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "capfmt.h"
#include "testutil.h"

/* A file being built, in one byte order. */
struct bb {
	uint8_t	 b[8192];
	size_t	 n;
	bool	 big;
	size_t	 block;		/* start of the open pcapng block */
};

static void
put(struct bb *bb, uint64_t v, int bytes)
{
	int	i;

	for (i = 0; i < bytes; i++) {
		int	shift = bb->big ? 8 * (bytes - 1 - i) : 8 * i;

		bb->b[bb->n++] = (uint8_t)(v >> shift);
	}
}

static void u16(struct bb *bb, uint16_t v) { put(bb, v, 2); }
static void u32(struct bb *bb, uint32_t v) { put(bb, v, 4); }

static void
raw(struct bb *bb, const void *p, size_t n)
{
	memcpy(bb->b + bb->n, p, n);
	bb->n += n;
}

static void
pad4(struct bb *bb)
{
	while (bb->n % 4 != 0)
		bb->b[bb->n++] = 0;
}

/* Open a pcapng block of "type"; close it with end(). */
static void
begin(struct bb *bb, uint32_t type)
{
	bb->block = bb->n;
	u32(bb, type);
	u32(bb, 0);
}

static void
end(struct bb *bb)
{
	uint32_t	len = (uint32_t)(bb->n - bb->block + 4);
	size_t		at = bb->n;

	u32(bb, len);
	bb->n = bb->block + 4;
	u32(bb, len);
	bb->n = at + 4;
}

static void
shb(struct bb *bb, uint16_t major, uint16_t minor)
{
	begin(bb, CAPFMT_BT_SHB);
	u32(bb, 0x1A2B3C4D);
	u16(bb, major);
	u16(bb, minor);
	put(bb, UINT64_MAX, 8);		/* section length unknown */
	end(bb);
}

/* An IDB; "tsresol" < 0: none; "name" NULL: none. */
static void
idb(struct bb *bb, uint16_t lt, uint32_t snap, int tsresol, const char *name,
    const int64_t *tsoffset)
{
	begin(bb, 1);
	u16(bb, lt);
	u16(bb, 0);
	u32(bb, snap);
	if (name != NULL) {
		u16(bb, 2);
		u16(bb, (uint16_t)strlen(name));
		raw(bb, name, strlen(name));
		pad4(bb);
	}
	if (tsresol >= 0) {
		u16(bb, 9);
		u16(bb, 1);
		bb->b[bb->n++] = (uint8_t)tsresol;
		pad4(bb);
	}
	if (tsoffset != NULL) {
		u16(bb, 14);
		u16(bb, 8);
		put(bb, (uint64_t)*tsoffset, 8);
	}
	u16(bb, 0);
	u16(bb, 0);
	end(bb);
}

static const uint8_t	frame[60] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };

static void
epb(struct bb *bb, uint32_t ifc, uint64_t t, uint32_t caplen, uint32_t len)
{
	begin(bb, 6);
	u32(bb, ifc);
	u32(bb, (uint32_t)(t >> 32));
	u32(bb, (uint32_t)t);
	u32(bb, caplen);
	u32(bb, len);
	raw(bb, frame, caplen);
	pad4(bb);
	end(bb);
}

static void
pcap_hdr(struct bb *bb, uint32_t magic, uint16_t major, uint16_t minor,
    uint32_t snap, uint32_t lt)
{
	u32(bb, magic);
	u16(bb, major);
	u16(bb, minor);
	u32(bb, 0);
	u32(bb, 0);
	u32(bb, snap);
	u32(bb, lt);
}

static void
pcap_rec(struct bb *bb, uint32_t sec, uint32_t frac, uint32_t caplen,
    uint32_t len)
{
	u32(bb, sec);
	u32(bb, frac);
	u32(bb, caplen);
	u32(bb, len);
	raw(bb, frame, caplen);
}

/* What reading a whole file gave. */
struct got {
	struct capfmt		f;
	struct capfmt_pkt	pk[16];
	size_t			off[16];	/* each packet's offset */
	int			n;
	enum capfmt_result	last;		/* END or BAD */
	size_t			at;		/* where it stopped */
	char			msg[256];
};

/* Read "n" bytes as a whole file (nothing more will come). */
static void
read_all(const uint8_t *p, size_t n, struct got *g)
{
	enum capfmt_result	rc;
	size_t			adv = 0;

	memset(g, 0, sizeof(*g));
	rc = capfmt_open(&g->f, p, n, true, &adv, g->msg, sizeof(g->msg));
	if (rc != CAPFMT_SKIP) {
		g->last = rc;
		return;
	}
	g->at = adv;
	for (;;) {
		rc = capfmt_next(&g->f, p + g->at, n - g->at, true,
		    &g->pk[g->n], &adv, g->msg, sizeof(g->msg));
		ck_assert_int_ne(rc, CAPFMT_MORE);
		if (rc == CAPFMT_END || rc == CAPFMT_BAD) {
			g->last = rc;
			break;
		}
		ck_assert_uint_le(adv, n - g->at);
		if (rc == CAPFMT_PACKET) {
			ck_assert_int_lt(g->n, 16);
			ck_assert_uint_le(g->pk[g->n].data_off +
			    g->pk[g->n].caplen, adv);
			g->off[g->n++] = g->at;
		}
		g->at += adv;
	}
}

/*
 * Cut the file at every length: with nothing to follow, a cut at a
 * record boundary is the end and any other cut is damage at the cut
 * record; with more to follow, the parser asks for more, never more
 * than the record needs, and never calls it damage.
 */
static void
cut_everywhere(const struct bb *bb, int packets)
{
	struct got	whole, g;
	size_t		cut, k, bound[64], nb = 0, adv;
	enum capfmt_result rc;
	struct capfmt	f;
	struct capfmt_pkt pk;
	char		msg[256];

	read_all(bb->b, bb->n, &whole);
	ck_assert_int_eq(whole.last, CAPFMT_END);
	ck_assert_int_eq(whole.n, packets);
	/* the boundaries: after the header and after each record/block */
	{
		size_t	at;

		memset(&f, 0, sizeof(f));
		ck_assert_int_eq(capfmt_open(&f, bb->b, bb->n, true, &at, msg,
		    sizeof(msg)), CAPFMT_SKIP);
		bound[nb++] = at;
		while ((rc = capfmt_next(&f, bb->b + at, bb->n - at, true,
		    &pk, &adv, msg, sizeof(msg))) == CAPFMT_PACKET ||
		    rc == CAPFMT_SKIP) {
			at += adv;
			bound[nb++] = at;
		}
		capfmt_free(&f);
	}
	for (cut = 0; cut < bb->n; cut++) {
		bool	at_bound = false;

		for (k = 0; k < nb; k++)
			at_bound |= bound[k] == cut;
		read_all(bb->b, cut, &g);
		if (cut < bound[0]) {
			ck_assert(g.last == CAPFMT_BAD ||
			    g.last == CAPFMT_NOTCAP);
		} else if (at_bound) {
			ck_assert_msg(g.last == CAPFMT_END, "cut %zu", cut);
		} else {
			ck_assert_msg(g.last == CAPFMT_BAD, "cut %zu", cut);
			ck_assert_ptr_nonnull(strstr(g.msg, "truncated"));
		}
		capfmt_free(&g.f);
		/* more to come: MORE, never BAD */
		if (cut >= bound[0]) {
			size_t	at = bound[0];

			memset(&f, 0, sizeof(f));
			ck_assert_int_eq(capfmt_open(&f, bb->b, bb->n, true,
			    &adv, msg, sizeof(msg)), CAPFMT_SKIP);
			for (;;) {
				rc = capfmt_next(&f, bb->b + at, cut - at,
				    false, &pk, &adv, msg, sizeof(msg));
				ck_assert_int_ne(rc, CAPFMT_BAD);
				ck_assert_int_ne(rc, CAPFMT_END);
				if (rc == CAPFMT_MORE) {
					ck_assert_uint_gt(adv, cut - at);
					ck_assert_uint_le(at + adv, bb->n);
					break;
				}
				at += adv;
			}
			capfmt_free(&f);
		}
	}
	capfmt_free(&whole.f);
}

START_TEST(test_sniff)
{
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\xd4\xc3\xb2\xa1", 4),
	    CAPFMT_PCAP);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\xa1\xb2\xc3\xd4", 4),
	    CAPFMT_PCAP);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\xa1\xb2\x3c\x4d", 4),
	    CAPFMT_PCAP);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\x34\xcd\xb2\xa1", 4),
	    CAPFMT_PCAP);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\x0a\x0d\x0d\x0a", 4),
	    CAPFMT_PCAPNG);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\x1f\x8b\x08\x00", 4),
	    CAPFMT_GZIP);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\x28\xb5\x2f\xfd", 4),
	    CAPFMT_ZSTD);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"\xd4\xc3\xb2", 3),
	    CAPFMT_UNKNOWN);
	ck_assert_int_eq(capfmt_sniff((const uint8_t *)"# tr", 4),
	    CAPFMT_UNKNOWN);
}
END_TEST

/* Both byte orders, micro- and nanoseconds, times past 2038 and 2106. */
START_TEST(test_pcap_orders)
{
	static const struct {
		bool		big;
		uint32_t	magic;
		uint64_t	frac_ns;
	} v[] = {
		{ false, 0xa1b2c3d4, 999999000 },
		{ true, 0xa1b2c3d4, 999999000 },
		{ false, 0xa1b23c4d, 999999 },
		{ true, 0xa1b23c4d, 999999 },
	};
	struct bb	bb;
	struct got	g;
	size_t		i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&bb, 0, sizeof(bb));
		bb.big = v[i].big;
		pcap_hdr(&bb, v[i].magic, 2, 4, 65535, 1);
		pcap_rec(&bb, 0x80000000u, 999999, 14, 60);
		pcap_rec(&bb, 0xFFFFFFFFu, 0, 0, 0);
		read_all(bb.b, bb.n, &g);
		ck_assert_int_eq(g.last, CAPFMT_END);
		ck_assert_int_eq(g.n, 2);
		ck_assert_uint_eq(g.pk[0].sec, 0x80000000u);
		ck_assert_uint_eq(g.pk[0].frac_ns, v[i].frac_ns);
		ck_assert_uint_eq(g.pk[0].caplen, 14);
		ck_assert_uint_eq(g.pk[0].wirelen, 60);
		ck_assert_uint_eq(g.pk[0].data_off, 16);
		ck_assert_int_eq(g.pk[0].linktype, 1);
		ck_assert_uint_eq(g.pk[1].sec, 0xFFFFFFFFu);
		ck_assert_uint_eq(g.pk[1].caplen, 0);
		ck_assert_int_eq(memcmp(bb.b + g.off[0] + 16, frame, 14), 0);
		cut_everywhere(&bb, 2);
		capfmt_free(&g.f);
	}
}
END_TEST

/* Versions, swapped lengths, Kuznetzov's header, link types, snap. */
START_TEST(test_pcap_versions)
{
	struct bb	bb;
	struct got	g;

	/* 2.2 wrote caplen and len swapped */
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2c3d4, 2, 2, 0, 101);
	u32(&bb, 1); u32(&bb, 2); u32(&bb, 60); u32(&bb, 14);
	raw(&bb, frame, 14);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.pk[0].caplen, 14);
	ck_assert_uint_eq(g.pk[0].wirelen, 60);
	ck_assert_int_eq(g.pk[0].linktype, 12);	/* LINKTYPE_RAW: DLT_RAW */
	ck_assert_uint_eq(g.f.snaplen, 262144);	/* 0: the maximum */
	/* 2.3: swapped only where caplen > len */
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2c3d4, 2, 3, 65535, 1);
	u32(&bb, 1); u32(&bb, 2); u32(&bb, 60); u32(&bb, 14);
	raw(&bb, frame, 14);
	pcap_rec(&bb, 1, 2, 14, 60);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.pk[0].caplen, 14);
	ck_assert_uint_eq(g.pk[1].caplen, 14);
	/* a record longer than the snap length is cut to it */
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2c3d4, 2, 4, 10, 1);
	pcap_rec(&bb, 1, 2, 14, 60);
	pcap_rec(&bb, 1, 3, 4, 60);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.pk[0].caplen, 10);
	ck_assert_uint_eq(g.off[1], 24 + 16 + 14);
	/* Kuznetzov's 24-byte record headers */
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2cd34, 2, 4, 65535, 1);
	pcap_rec(&bb, 1, 2, 14, 60);
	raw(&bb, "\0\0\0\0\0\0\0\0", 8);
	memmove(bb.b + 24 + 24, bb.b + 24 + 16, 14);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.pk[0].data_off, 24);
	/* versions nobody wrote, reserved link type bits: not readable */
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2c3d4, 1, 4, 65535, 1);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	ck_assert_str_eq(g.msg, "unsupported pcap version 1.4");
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2c3d4, 543, 0, 65535, 1 | 0x00010000);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	ck_assert_ptr_nonnull(strstr(g.msg, "reserved"));
	/* a captured length no packet can have is damage */
	memset(&bb, 0, sizeof(bb));
	pcap_hdr(&bb, 0xa1b2c3d4, 2, 4, 65535, 1);
	u32(&bb, 1); u32(&bb, 2); u32(&bb, 262145); u32(&bb, 262145);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	ck_assert_uint_eq(g.at, 24);
	ck_assert_ptr_nonnull(strstr(g.msg, "262145"));
}
END_TEST

/* Every packet block, interface names, options, unknown blocks. */
START_TEST(test_pcapng_blocks)
{
	struct bb	bb;
	struct got	g;
	int		big;

	for (big = 0; big < 2; big++) {
		memset(&bb, 0, sizeof(bb));
		bb.big = big;
		shb(&bb, 1, 0);
		idb(&bb, 1, 0, 9, "eth0", NULL);
		begin(&bb, 0x0BAD);		/* an unknown block */
		u32(&bb, 7);
		end(&bb);
		epb(&bb, 0, 1500000000123456789ull, 14, 60);
		begin(&bb, 3);			/* a Simple Packet Block */
		u32(&bb, 9);
		raw(&bb, frame, 9);
		pad4(&bb);
		end(&bb);
		begin(&bb, 2);			/* the obsolete Packet Block */
		u16(&bb, 0);
		u16(&bb, 0);
		u32(&bb, 0);
		u32(&bb, 5);
		u32(&bb, 6);
		u32(&bb, 60);
		raw(&bb, frame, 6);
		pad4(&bb);
		end(&bb);
		read_all(bb.b, bb.n, &g);
		ck_assert_int_eq(g.last, CAPFMT_END);
		ck_assert_int_eq(g.n, 3);
		ck_assert_int_eq(g.f.linktype, 1);
		ck_assert_str_eq(capfmt_iface(&g.f, 0)->name, "eth0");
		ck_assert_uint_eq(g.pk[0].sec, 1500000000);
		ck_assert_uint_eq(g.pk[0].frac_ns, 123456789);
		ck_assert_uint_eq(g.pk[0].caplen, 14);
		ck_assert_uint_eq(g.pk[0].wirelen, 60);
		ck_assert_int_eq(memcmp(bb.b + g.off[0] + g.pk[0].data_off,
		    frame, 14), 0);
		ck_assert_uint_eq(g.pk[1].caplen, 9);	/* no padding */
		ck_assert_uint_eq(g.pk[1].wirelen, 9);
		ck_assert_uint_eq(g.pk[1].sec, 0);	/* no timestamp */
		ck_assert_uint_eq(g.pk[2].sec, 0);
		ck_assert_uint_eq(g.pk[2].frac_ns, 5);	/* interface 0: ns */
		ck_assert_uint_eq(g.pk[2].caplen, 6);
		cut_everywhere(&bb, 3);
		capfmt_free(&g.f);
	}
}
END_TEST

/* The Simple Packet Block's length: min(wire length, snap, block). */
START_TEST(test_pcapng_spb)
{
	struct bb	bb;
	struct got	g;

	memset(&bb, 0, sizeof(bb));
	shb(&bb, 1, 0);
	idb(&bb, 1, 32, -1, NULL, NULL);
	begin(&bb, 3);
	u32(&bb, 100);		/* 100 on the wire, 40 in the block */
	raw(&bb, frame, 40);
	end(&bb);
	begin(&bb, 3);
	u32(&bb, 30);		/* 30 on the wire, 32 in the block */
	raw(&bb, frame, 32);
	end(&bb);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 2);
	ck_assert_uint_eq(g.pk[0].caplen, 32);	/* the snap length */
	ck_assert_uint_eq(g.pk[0].wirelen, 100);
	ck_assert_uint_eq(g.pk[1].caplen, 30);
	capfmt_free(&g.f);
	memset(&bb, 0, sizeof(bb));
	shb(&bb, 1, 0);
	idb(&bb, 1, 0, -1, NULL, NULL);
	begin(&bb, 3);
	u32(&bb, 100);		/* no snap length: the block's 40 */
	raw(&bb, frame, 40);
	end(&bb);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 1);
	ck_assert_uint_eq(g.pk[0].caplen, 40);
	capfmt_free(&g.f);
}
END_TEST

/* Resolutions as powers of 10 and of 2, offsets, times past 2106. */
START_TEST(test_pcapng_time)
{
	static const struct {
		int		res;
		uint64_t	t;
		uint64_t	sec, ns;
	} v[] = {
		{ -1, 1500000000999999ull, 1500000000, 999999000 },
		{ 3, 1500000000123ull, 1500000000, 123000000 },
		{ 9, 5000000000123456789ull, 5000000000ull, 123456789 },
		/* 10^-12: 1500000 s and 123456789 ps */
		{ 12, 1500000000123456789ull, 1500000, 123456 },
		{ 0x80 | 10, (5ull << 10) | 512, 5, 500000000 },
		{ 0x80 | 40, (7ull << 40) | (1ull << 38), 7, 250000000 },
		{ 0x80 | 63, (1ull << 63) | (1ull << 62), 1, 500000000 },
		{ 0, 4294967296ull * 3, 4294967296ull * 3, 0 },
	};
	struct bb	bb;
	struct got	g;
	size_t		i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&bb, 0, sizeof(bb));
		shb(&bb, 1, 0);
		idb(&bb, 1, 0, v[i].res, NULL, NULL);
		epb(&bb, 0, v[i].t, 0, 0);
		read_all(bb.b, bb.n, &g);
		ck_assert_int_eq(g.n, 1);
		ck_assert_uint_eq(g.pk[0].sec, v[i].sec);
		ck_assert_uint_eq(g.pk[0].frac_ns, v[i].ns);
		capfmt_free(&g.f);
	}
	/* if_tsoffset moves the seconds, either way */
	{
		int64_t	off = -1000;

		memset(&bb, 0, sizeof(bb));
		shb(&bb, 1, 0);
		idb(&bb, 1, 0, 6, NULL, &off);
		off = 86400;
		idb(&bb, 1, 0, 6, NULL, &off);
		epb(&bb, 0, 5000000, 0, 0);
		epb(&bb, 1, 5000000, 0, 0);
		read_all(bb.b, bb.n, &g);
		ck_assert_int_eq(g.n, 2);
		ck_assert_uint_eq(g.pk[0].sec, (uint64_t)(5 - 1000));
		ck_assert_uint_eq(g.pk[1].sec, 5 + 86400);
		capfmt_free(&g.f);
	}
}
END_TEST

/*
 * A second section in the other byte order, with interfaces of its own
 * (another link type): what libpcap refuses, read as tshark reads it.
 */
START_TEST(test_pcapng_sections)
{
	struct bb	bb;
	struct got	g;

	memset(&bb, 0, sizeof(bb));
	shb(&bb, 1, 0);
	idb(&bb, 1, 65535, -1, "le0", NULL);
	idb(&bb, 113, 65535, -1, "le1", NULL);
	epb(&bb, 1, 1000000, 14, 60);
	bb.big = true;
	shb(&bb, 1, 2);
	idb(&bb, 101, 1500, 9, "be0", NULL);
	epb(&bb, 0, 2000000000, 20, 20);
	epb(&bb, 1, 2000000000, 20, 20);	/* no interface 1 here */
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.n, 2);
	ck_assert_int_eq(g.pk[0].linktype, 113);
	ck_assert_uint_eq(g.pk[0].iface, 1);
	ck_assert_uint_eq(g.pk[0].sec, 1);
	ck_assert_int_eq(g.pk[1].linktype, 12);
	ck_assert_uint_eq(g.pk[1].sec, 2);
	ck_assert_uint_eq(g.f.sections, 2);
	ck_assert_int_eq(g.f.linktype, 1);	/* the first interface's */
	ck_assert_str_eq(capfmt_iface(&g.f, 0)->name, "be0");
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	ck_assert_ptr_nonnull(strstr(g.msg, "interface 1"));
	capfmt_free(&g.f);
}
END_TEST

/* Damage: each says what, at the block where it is. */
START_TEST(test_pcapng_damage)
{
	static const char *const want[] = {
		"not a multiple of 4", "trailer says", "runs past the block",
		"runs past the block", "if_tsresol option of 2 bytes",
		"bad byte-order magic", "unsupported pcapng version 2.0",
		"more than the", "too short",
	};
	struct bb	bb;
	struct got	g;
	size_t		i, at = 0;

	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		memset(&bb, 0, sizeof(bb));
		shb(&bb, 1, 0);
		idb(&bb, 1, 0, -1, NULL, NULL);
		at = bb.n;
		switch (i) {
		case 0:
			epb(&bb, 0, 1, 2, 2);
			bb.b[at + 4] = 30;	/* length 30 */
			break;
		case 1:
			epb(&bb, 0, 1, 2, 2);
			bb.b[bb.n - 4] = 40;	/* trailer 40, not 36 */
			break;
		case 2:
			epb(&bb, 0, 1, 4, 4);
			bb.b[at + 20] = 9;	/* caplen 9 in 4 bytes */
			break;
		case 3:
			begin(&bb, 1);
			u32(&bb, 1);
			u32(&bb, 0);
			u16(&bb, 2);
			u16(&bb, 40);		/* if_name of 40 bytes */
			u32(&bb, 0);
			end(&bb);
			break;
		case 4:
			begin(&bb, 1);
			u32(&bb, 1);
			u32(&bb, 0);
			u16(&bb, 9);
			u16(&bb, 2);
			u32(&bb, 0);
			end(&bb);
			break;
		case 5:
			shb(&bb, 1, 0);
			bb.b[at + 8] = 0x77;
			break;
		case 6:
			shb(&bb, 2, 0);
			break;
		case 7:
			epb(&bb, 0, 1, 0, 0);
			bb.b[at + 7] = 0x7f;	/* 2 GB */
			break;
		case 8:
			begin(&bb, 6);
			u32(&bb, 0);
			end(&bb);
			break;
		}
		read_all(bb.b, bb.n, &g);
		ck_assert_int_eq(g.last, CAPFMT_BAD);
		ck_assert_int_eq(g.n, 0);
		ck_assert_uint_eq(g.at, at);
		ck_assert_msg(strstr(g.msg, want[i]) != NULL, "%zu: %s", i,
		    g.msg);
		capfmt_free(&g.f);
	}
	/* a packet before any interface */
	memset(&bb, 0, sizeof(bb));
	shb(&bb, 1, 0);
	epb(&bb, 0, 1, 0, 0);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	ck_assert_int_eq(g.f.linktype, -1);
	capfmt_free(&g.f);
	/* a first section of an unknown version: not readable at all */
	memset(&bb, 0, sizeof(bb));
	shb(&bb, 2, 0);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	capfmt_free(&g.f);
	memset(&bb, 0, sizeof(bb));
	shb(&bb, 1, 1);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_BAD);
	ck_assert_str_eq(g.msg, "unsupported pcapng version 1.1");
	capfmt_free(&g.f);
	/* a file that only starts like a pcapng */
	memset(&bb, 0, sizeof(bb));
	raw(&bb, "\x0a\x0d\x0d\x0a\x1c\0\0\0abcd", 12);
	read_all(bb.b, bb.n, &g);
	ck_assert_int_eq(g.last, CAPFMT_NOTCAP);
}
END_TEST

START_TEST(test_dlt)
{
	ck_assert_int_eq(capfmt_dlt(1), 1);
	ck_assert_int_eq(capfmt_dlt(101), 12);
	ck_assert_int_eq(capfmt_dlt(113), 113);
	ck_assert_int_eq(capfmt_dlt(228), 228);
	ck_assert_uint_eq(capfmt_max_snaplen(1), 262144);
	ck_assert_uint_eq(capfmt_max_snaplen(231), 128u * 1024 * 1024);
}
END_TEST

static Suite *
capfmt_suite(void)
{
	Suite	*s = suite_create("capfmt");
	TCase	*tc = tcase_create("formats");

	tcase_add_test(tc, test_sniff);
	tcase_add_test(tc, test_pcap_orders);
	tcase_add_test(tc, test_pcap_versions);
	tcase_add_test(tc, test_pcapng_blocks);
	tcase_add_test(tc, test_pcapng_spb);
	tcase_add_test(tc, test_pcapng_time);
	tcase_add_test(tc, test_pcapng_sections);
	tcase_add_test(tc, test_pcapng_damage);
	tcase_add_test(tc, test_dlt);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(capfmt_suite());
}
