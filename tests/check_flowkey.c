/*
 * check_flowkey.c -- Packetbeat's FlowID: orientation, slots and the
 * documented flow ids.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "flowkey.h"
#include "util.h"
#include "testutil.h"

static const uint8_t mac1[6] = { 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 };
static const uint8_t mac2[6] = { 0xfe, 0xff, 0x20, 0x00, 0x01, 0x00 };

static void
b64(const struct flow_key *k, char *out)
{
	flowkey_b64(k->ident, out);
}

/*
 * Packetbeat 5.x's documented flow event: 00:00:01:00:00:00 / 203.0.113.0:3372 ->
 * fe:ff:20:00:01:00 / 192.0.2.0:80 (only the MACs decide the order).
 */
START_TEST(test_spec_example)
{
	static const uint8_t	ip_src[4] = { 203, 0, 113, 0 };
	static const uint8_t	ip_dst[4] = { 192, 0, 2, 0 };
	struct flow_key		k;
	char			id[FLOWKEY_B64_MAX];

	flowkey_init(&k);
	flowkey_add_eth(&k, mac1, mac2);
	flowkey_add_ipv4(&k, ip_src, ip_dst);
	flowkey_add_tcp(&k, 3372, 80);
	b64(&k, id);
	ck_assert_str_eq(id,
	    "EQQA////DP//////FP8BAAEAAAEAAAD+/yAAAQDLAHEAwAACACwNUAA");
	ck_assert_int_eq(k.dir, FLOWKEY_DIR_FORWARD);
}
END_TEST

/*
 * Packetbeat's TestCreateEvent: 01-02-03-04-05-06 / 203.0.113.3:38901
 * -> 06-05-04-03-02-01 / 198.51.100.2:80, VLAN 171.
 */
START_TEST(test_create_event_sample)
{
	static const uint8_t	m1[6] = { 1, 2, 3, 4, 5, 6 };
	static const uint8_t	m2[6] = { 6, 5, 4, 3, 2, 1 };
	static const uint8_t	a[4] = { 203, 0, 113, 3 };
	static const uint8_t	b[4] = { 198, 51, 100, 2 };
	struct flow_key		k, r;
	char			id[FLOWKEY_B64_MAX];
	const uint8_t		*s, *d;

	flowkey_init(&k);
	flowkey_add_eth(&k, m1, m2);
	flowkey_add_vlan(&k, 171);
	flowkey_add_ipv4(&k, a, b);
	flowkey_add_tcp(&k, 38901, 80);
	b64(&k, id);
	ck_assert_str_eq(id,
	    "FQQA/wz/Dv//////Fv8BAQEBAgMEBQYGBQQDAgGrAMsAcQPGM2QC9ZdQAA");

	/* the reverse direction has the same identity, other orientation */
	flowkey_init(&r);
	flowkey_add_eth(&r, m2, m1);
	flowkey_add_vlan(&r, 171);
	flowkey_add_ipv4(&r, b, a);
	flowkey_add_tcp(&r, 80, 38901);
	ck_assert_mem_eq(k.ident, r.ident, flowkey_ident_len(k.ident));
	ck_assert_int_eq(r.dir, FLOWKEY_DIR_REVERSED);

	/* read back in (source, dest) order */
	ck_assert(flowkey_pair(r.ident, FK_IPV4, 4, FLOWKEY_DIR_FORWARD,
	    &s, &d));
	ck_assert_mem_eq(s, a, 4);
	ck_assert(flowkey_pair(r.ident, FK_TCP, 2, FLOWKEY_DIR_REVERSED,
	    &s, &d));
	ck_assert_uint_eq(flowkey_le16(s), 80);
	ck_assert_uint_eq(flowkey_le16(d), 38901);
	ck_assert_uint_eq(flowkey_le16(flowkey_item(k.ident, FK_VLAN)), 171);
	ck_assert_ptr_null(flowkey_item(k.ident, FK_UDP));
}
END_TEST

static size_t
b64_decode(const char *s, uint8_t *out)
{
	static const char	tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t		acc = 0;
	int			bits = 0;
	size_t			n = 0;

	for (; *s != '\0' && *s != '='; s++) {
		acc = acc << 6 | (uint32_t)(strchr(tab, *s) - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (uint8_t)(acc >> bits);
		}
	}
	return n;
}

/*
 * The 5.x documentation sample carries a connection id, which flowdump
 * never adds: the same flow without it is the sample with flag bit 11
 * cleared, its offset unset and its 8 bytes dropped.
 */
START_TEST(test_doc5_sample)
{
	static const uint8_t	a[4] = { 145, 254, 160, 237 };
	static const uint8_t	b[4] = { 65, 208, 228, 223 };
	uint8_t			raw[160];
	char			want[FLOWKEY_B64_MAX], id[FLOWKEY_B64_MAX];
	struct flow_key		k;
	size_t			n;

	n = b64_decode("EQwA////DP//////FBgBAAEAAAEAAAD+/yAAAQCR/qDtQdDk3y"
	    "wNUAABAAAAAAAAAA", raw);
	ck_assert_uint_eq(n, FLOWKEY_HDR_LEN + 32);
	ck_assert_uint_eq(raw[1], 0x0c);	/* TCP | ConnectionID */
	raw[1] &= (uint8_t)~0x08;
	ck_assert_uint_eq(raw[13], 24);		/* connection id offset */
	raw[13] = 0xff;
	util_base64(want, raw, n - 8, false);

	flowkey_init(&k);
	flowkey_add_eth(&k, mac1, mac2);
	flowkey_add_ipv4(&k, a, b);
	flowkey_add_tcp(&k, 3372, 80);
	b64(&k, id);
	ck_assert_str_eq(id, want);
}
END_TEST

/* The first decisive pair fixes the order of the later ones. */
START_TEST(test_orientation)
{
	static const uint8_t	ip1[4] = { 1, 1, 1, 1 }, ip2[4] = { 2, 2, 2, 2 };
	static const uint8_t	ip3[4] = { 3, 3, 3, 3 }, ip4[4] = { 4, 4, 4, 4 };
	struct flow_key		k;
	const uint8_t		*p;

	/* flowid_test.go: addIP(ip2, ip1), addIP(ip3, ip4) -> ip1 ip2 ip4 ip3 */
	flowkey_init(&k);
	flowkey_add_ipv4(&k, ip2, ip1);
	flowkey_add_ipv4(&k, ip3, ip4);
	ck_assert_int_eq(k.dir, FLOWKEY_DIR_REVERSED);
	p = flowkey_item(k.ident, FK_OUTER_IPV4);
	ck_assert_mem_eq(p, ip1, 4);
	ck_assert_mem_eq(p + 4, ip2, 4);
	p = flowkey_item(k.ident, FK_IPV4);
	ck_assert_mem_eq(p, ip4, 4);
	ck_assert_mem_eq(p + 4, ip3, 4);
	ck_assert_uint_eq(k.ident[FLOWKEY_CNT_IP], 2);

	/* equal pairs leave the orientation to the next pair */
	flowkey_init(&k);
	flowkey_add_ipv4(&k, ip1, ip1);
	ck_assert_int_eq(k.dir, FLOWKEY_DIR_UNSET);
	flowkey_add_udp(&k, 0x0102, 0x0201);	/* little-endian compare */
	ck_assert_int_eq(k.dir, FLOWKEY_DIR_REVERSED);
}
END_TEST

/* Three VLAN tags v1 v2 v3: key bytes v3 v2, outer = v2, inner = v3. */
START_TEST(test_three_vlans)
{
	struct flow_key	k;
	const uint8_t	*id;

	flowkey_init(&k);
	flowkey_add_eth(&k, mac1, mac2);
	flowkey_add_vlan(&k, 1);
	flowkey_add_vlan(&k, 2);
	flowkey_add_vlan(&k, 3);
	id = k.ident + FLOWKEY_HDR_LEN + 1;
	ck_assert_uint_eq(k.ident[FLOWKEY_HDR_LEN], 16);
	ck_assert_uint_eq(flowkey_le16(id + 12), 3);
	ck_assert_uint_eq(flowkey_le16(id + 14), 2);
	ck_assert_uint_eq(flowkey_le16(flowkey_item(k.ident, FK_OUTER_VLAN)),
	    2);
	ck_assert_uint_eq(flowkey_le16(flowkey_item(k.ident, FK_VLAN)), 3);
	ck_assert_uint_eq(k.ident[FLOWKEY_CNT_VLAN], 3);
	ck_assert_uint_eq(flowkey_flags(k.ident), FK_FLAG(FK_ETH) |
	    FK_FLAG(FK_VLAN) | FK_FLAG(FK_OUTER_VLAN));
}
END_TEST

/* 6in4 fills one IPv4 and one IPv6 slot, no outer flag. */
START_TEST(test_mixed_families)
{
	static const uint8_t	a4[4] = { 10, 0, 0, 1 }, b4[4] = { 10, 0, 0, 2 };
	uint8_t			a6[16] = { 0 }, b6[16] = { 0 };
	struct flow_key		k, l;

	a6[15] = 1;
	b6[15] = 2;
	flowkey_init(&k);
	flowkey_add_ipv4(&k, a4, b4);
	flowkey_add_ipv6(&k, a6, b6);
	ck_assert_uint_eq(flowkey_flags(k.ident), FK_FLAG(FK_IPV4) |
	    FK_FLAG(FK_IPV6));
	/* one VLAN tag and two make different flows */
	flowkey_init(&k);
	flowkey_add_vlan(&k, 5);
	flowkey_add_ipv4(&k, a4, b4);
	flowkey_init(&l);
	flowkey_add_vlan(&l, 5);
	flowkey_add_vlan(&l, 5);
	flowkey_add_ipv4(&l, a4, b4);
	ck_assert_uint_ne(flowkey_ident_len(k.ident),
	    flowkey_ident_len(l.ident));
	ck_assert_uint_ne(flowkey_hash(k.ident), flowkey_hash(l.ident));
}
END_TEST

/*
 * flowkey_simple() against the layer-by-layer builders, over every
 * shape it takes (MACs or none, a VLAN or none, IPv4 or IPv6, TCP or
 * UDP) and every way the pairs can tie: each byte below is 1 or 2, so
 * that sides are often equal and the orientation is decided late or
 * not at all.
 */
START_TEST(test_simple)
{
	struct flow_key	 a, b;
	uint8_t		 eth[12], ip[32], ports[4];
	uint64_t	 r = 88172645463325252ULL;
	size_t		 alen, i;
	int		 n, shape;
	uint16_t	 sport, dport;

	for (n = 0; n < 20000; n++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		shape = (int)(r & 15);
		alen = (shape & 4) ? 16 : 4;
		/* the last byte of each MAC, address and port varies */
		memset(eth, 0, sizeof(eth));
		memset(ip, 0, sizeof(ip));
		memset(ports, 0, sizeof(ports));
		eth[5] = (uint8_t)(1 + (r >> 8 & 1));
		eth[11] = (uint8_t)(1 + (r >> 9 & 1));
		ip[alen - 1] = (uint8_t)(1 + (r >> 10 & 1));
		ip[2 * alen - 1] = (uint8_t)(1 + (r >> 11 & 1));
		ports[0] = (uint8_t)(r >> 12 & 1);
		ports[1] = (uint8_t)(1 + (r >> 13 & 1));
		ports[2] = (uint8_t)(r >> 14 & 1);
		ports[3] = (uint8_t)(1 + (r >> 15 & 1));
		sport = (uint16_t)(ports[0] << 8 | ports[1]);
		dport = (uint16_t)(ports[2] << 8 | ports[3]);

		flowkey_init(&a);
		if (shape & 1)
			flowkey_add_eth(&a, eth + 6, eth);
		if (shape & 2)
			flowkey_add_vlan(&a, (uint16_t)(r >> 16 & 0xfff));
		if (alen == 16)
			flowkey_add_ipv6(&a, ip, ip + 16);
		else
			flowkey_add_ipv4(&a, ip, ip + 4);
		if (shape & 8)
			flowkey_add_tcp(&a, sport, dport);
		else
			flowkey_add_udp(&a, sport, dport);
		memset(&b, 0x5a, sizeof(b));
		flowkey_simple(&b, (shape & 1) ? eth : NULL,
		    (shape & 2) ? (int32_t)(r >> 16 & 0xfff) : -1, ip, alen,
		    (shape & 8) != 0, ports);
		ck_assert_int_eq(a.dir, b.dir);
		i = flowkey_ident_len(a.ident);
		ck_assert_uint_eq(i, flowkey_ident_len(b.ident));
		ck_assert_mem_eq(a.ident, b.ident, i);
	}
}
END_TEST

static Suite *
flowkey_suite(void)
{
	Suite	*s = suite_create("flowkey");
	TCase	*tc = tcase_create("samples");

	tcase_add_test(tc, test_spec_example);
	tcase_add_test(tc, test_create_event_sample);
	tcase_add_test(tc, test_doc5_sample);
	suite_add_tcase(s, tc);
	tc = tcase_create("layout");
	tcase_add_test(tc, test_orientation);
	tcase_add_test(tc, test_three_vlans);
	tcase_add_test(tc, test_mixed_families);
	tcase_add_test(tc, test_simple);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(flowkey_suite());
}
