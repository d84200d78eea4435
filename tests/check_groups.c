/*
 * check_groups.c -- the field groups' mechanism (names, layout, the
 * reports) and the ip and icmp groups' state.
 */
#include <config.h>

#include <check.h>
#include <string.h>

#include "groups.h"
#include "testutil.h"

START_TEST(test_parse)
{
	unsigned	m = 0;
	char		err[128];

	ck_assert_int_eq(groups_parse("tcp", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, GROUP_BIT(GROUP_TCP));
	ck_assert_int_eq(groups_parse("icmp,ip", &m, err, sizeof(err)), 0);
	ck_assert_uint_eq(m, GROUP_BIT(GROUP_TCP) | GROUP_BIT(GROUP_IP) |
	    GROUP_BIT(GROUP_ICMP));
	ck_assert_int_eq(groups_parse("ip,tcpx", &m, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no group 'tcpx'"));
	ck_assert_int_eq(groups_parse("", &m, err, sizeof(err)), -1);
	ck_assert_str_eq(group_name(GROUP_ICMP), "icmp");
	ck_assert_ptr_null(group_name(GROUP_COUNT));
}
END_TEST

/* Each group on has its own aligned place, in states and in reports. */
START_TEST(test_layout)
{
	struct groups	g;

	groups_init(&g, 0);
	ck_assert_uint_eq(g.size, 0);
	ck_assert_uint_eq(g.rsize, 0);
	groups_init(&g, GROUP_BIT(GROUP_IP) | GROUP_BIT(GROUP_ICMP));
	ck_assert_uint_eq(g.off[GROUP_IP], 0);
	ck_assert_uint_eq(g.off[GROUP_ICMP] % 16, 0);
	ck_assert_uint_ge(g.off[GROUP_ICMP], sizeof(struct ipgroup));
	ck_assert_uint_ge(g.size, g.off[GROUP_ICMP] + sizeof(struct icmpgroup));
	ck_assert_uint_le(g.rsize, GROUPS_REPORT_MAX);
	groups_init(&g, GROUP_BIT(GROUP_TCP) | GROUP_BIT(GROUP_IP) |
	    GROUP_BIT(GROUP_ICMP));
	ck_assert_uint_le(g.rsize, GROUPS_REPORT_MAX);
	ck_assert_uint_eq(g.roff[GROUP_IP] % 16, 0);
}
END_TEST

static struct ip_seen
ip(uint32_t len, uint32_t payload, uint8_t ttl, uint8_t proto)
{
	struct ip_seen	s = { .len = len, .payload = payload, .ver = 4,
	    .ttl = ttl, .proto = proto };

	return s;
}

START_TEST(test_ip)
{
	struct ipgroup	s;
	struct ip_seen	p;
	uint8_t		only = 0;

	memset(&s, 0, sizeof(s));
	ck_assert_uint_eq(ipgroup_nprotos(&s, &only), 0);
	p = ip(60, 20, 64, 6);
	ipgroup_packet(&s, 0, &p);
	p = ip(1500, 1448, 57, 6);
	ipgroup_packet(&s, 0, &p);
	p = ip(40, 0, 250, 6);
	ipgroup_packet(&s, 0, &p);
	ck_assert_uint_eq(s.side[0].ip_bytes, 1600);
	ck_assert_uint_eq(s.side[0].payload, 1468);
	ck_assert_uint_eq(s.side[0].ttl_min, 57);
	ck_assert_uint_eq(s.side[0].ttl_max, 250);
	ck_assert(!s.side[1].seen);
	ck_assert_uint_eq(ipgroup_nprotos(&s, &only), 1);
	ck_assert_uint_eq(only, 6);
	p = ip(84, 64, 1, 1);
	ipgroup_packet(&s, 1, &p);
	p = ip(84, 64, 1, 255);
	ipgroup_packet(&s, 1, &p);
	ck_assert_uint_eq(ipgroup_nprotos(&s, &only), 3);
	/* a packet without an IP header counts nowhere */
	p.ver = 0;
	ipgroup_packet(&s, 1, &p);
	ck_assert_uint_eq(s.side[1].ip_bytes, 168);
	/* --delta: the sides start again, the protocols are the flow's */
	ipgroup_reported(&s);
	ck_assert(!s.side[0].seen && !s.side[1].seen);
	ck_assert_uint_eq(s.side[0].ip_bytes, 0);
	ck_assert_uint_eq(ipgroup_nprotos(&s, &only), 3);
	/* sums past 2^32 */
	p = ip(UINT32_MAX, UINT32_MAX, 9, 6);
	ipgroup_packet(&s, 0, &p);
	ipgroup_packet(&s, 0, &p);
	ck_assert_uint_eq(s.side[0].ip_bytes, 2 * (uint64_t)UINT32_MAX);
}
END_TEST

START_TEST(test_icmp)
{
	struct icmpgroup	s;
	int			i;

	memset(&s, 0, sizeof(s));
	icmpgroup_packet(&s, 0, 8, 0);
	icmpgroup_packet(&s, 0, 3, 1);
	icmpgroup_packet(&s, 0, 8, 0);
	icmpgroup_packet(&s, 0, 3, 0);
	ck_assert(s.side[0].seen && !s.side[1].seen);
	ck_assert_uint_eq(s.side[0].type, 3);	/* the last message */
	ck_assert_uint_eq(s.side[0].code, 0);
	ck_assert_uint_eq(s.side[0].npairs, 3);
	ck_assert_uint_eq(s.side[0].pair[0], 3 << 8 | 0);	/* ascending */
	ck_assert_uint_eq(s.side[0].pair[1], 3 << 8 | 1);
	ck_assert_uint_eq(s.side[0].pair[2], 8 << 8 | 0);
	/* past eight pairs, messages of new pairs are counted */
	for (i = 0; i < 12; i++)
		icmpgroup_packet(&s, 1, (uint8_t)(20 - i), 0);
	icmpgroup_packet(&s, 1, 20, 0);		/* listed: not counted */
	icmpgroup_packet(&s, 1, 9, 0);		/* not listed: counted */
	ck_assert_uint_eq(s.side[1].npairs, ICMPGROUP_PAIRS);
	ck_assert_uint_eq(s.side[1].more, 5);
	ck_assert_uint_eq(s.side[1].pair[0], 13 << 8);
	ck_assert_uint_eq(s.side[1].pair[7], 20 << 8);
	icmpgroup_reported(&s);
	ck_assert(!s.side[0].seen && !s.side[1].seen);
	ck_assert_uint_eq(s.side[1].more, 0);
}
END_TEST

/* A record's report carries the ip and icmp states as they were. */
START_TEST(test_report)
{
	struct groups		 g;
	uint8_t			 ext[1024] __attribute__((aligned(16)));
	uint8_t			 rep[GROUPS_REPORT_MAX]
				     __attribute__((aligned(16)));
	struct ip_seen		 p = ip(100, 80, 7, 17);
	struct decoded		 d;
	const struct ipgroup	*ri;
	const struct icmpgroup	*rc;

	groups_init(&g, GROUP_BIT(GROUP_IP) | GROUP_BIT(GROUP_ICMP));
	ck_assert_uint_le(g.size, sizeof(ext));
	memset(ext, 0, sizeof(ext));
	memset(&d, 0, sizeof(d));
	d.pk.ip = p;
	d.pk.icmp_ver = 4;
	d.pk.icmp_type = 11;
	groups_packet(&g, ext, &d, 1);
	groups_report(&g, ext, rep);
	ri = groups_ip(&g, rep);
	rc = groups_icmp(&g, rep);
	ck_assert_uint_eq(ri->side[1].ip_bytes, 100);
	ck_assert_uint_eq(ri->side[1].ttl_min, 7);
	ck_assert_uint_eq(rc->side[1].type, 11);
	ck_assert_ptr_null(groups_tcp(&g, rep));
	groups_reported(&g, ext);
	groups_report(&g, ext, rep);
	ck_assert(!groups_ip(&g, rep)->side[1].seen);
	ck_assert_ptr_null(groups_ip(&g, NULL));
}
END_TEST

/* The pcap group: the span's first and last records, anew with --delta. */
START_TEST(test_pcap)
{
	struct pcapgroup	s;

	memset(&s, 0, sizeof(s));
	ck_assert(!s.seen);
	pcapgroup_packet(&s, 1, 7, "eth0");
	pcapgroup_packet(&s, 0, 3, NULL);
	pcapgroup_packet(&s, 1, 9, "wlan0");
	ck_assert(s.seen);
	ck_assert_str_eq(s.ifname, "eth0");	/* the first record's */
	ck_assert_uint_eq(s.first.input, 1);
	ck_assert_uint_eq(s.first.num, 7);
	ck_assert_uint_eq(s.last.input, 1);
	ck_assert_uint_eq(s.last.num, 9);
	pcapgroup_reported(&s);
	ck_assert(!s.seen);
	pcapgroup_packet(&s, 0, 10, NULL);
	ck_assert_ptr_null(s.ifname);
	ck_assert_uint_eq(s.first.num, 10);
	ck_assert_uint_eq(s.last.num, 10);
}
END_TEST

typedef unsigned __int128 u128;

static struct u256
big(u128 hi, u128 lo)
{
	struct u256	r = { hi, lo };

	return r;
}

/* Mean and deviation of "n" values, from their sums. */
static void
msd(const uint64_t *v, size_t n, u128 *mean, u128 *sd)
{
	u128	s = 0, q = 0;
	size_t	i;

	for (i = 0; i < n; i++) {
		s += v[i];
		q += (u128)v[i] * v[i];
	}
	stats_mean_sd(n, s, big(0, q), mean, sd);
}

/* Values worked out by hand, thousandths truncated. */
START_TEST(test_mean_sd)
{
	static const uint64_t	a[] = { 2, 4, 4, 4, 5, 5, 7, 9 };
	static const uint64_t	b[] = { 1, 2 }, c[] = { 1, 2, 3 };
	static const uint64_t	one[] = { 1514 };
	u128			m, sd;

	msd(a, 8, &m, &sd);
	ck_assert(m == 5000 && sd == 2000);
	msd(b, 2, &m, &sd);
	ck_assert(m == 1500 && sd == 500);
	msd(c, 3, &m, &sd);		/* sqrt(2/3) = 0.81649... */
	ck_assert(m == 2000 && sd == 816);
	msd(one, 1, &m, &sd);
	ck_assert(m == 1514000 && sd == 0);
	/* 2^32 packets of 65535 bytes: sums of 2^48 and 2^64 */
	stats_mean_sd(UINT64_C(1) << 32, (u128)65535 << 32,
	    big(0, ((u128)65535 * 65535) << 32), &m, &sd);
	ck_assert(m == 65535000 && sd == 0);
	/* 2^32 packets, half 0 and half 65535 bytes: deviation 32767.5 */
	stats_mean_sd(UINT64_C(1) << 32, (u128)65535 << 31,
	    big(0, ((u128)65535 * 65535) << 31), &m, &sd);
	ck_assert(m == 32767500 && sd == 32767500);
}
END_TEST

/* The square root in 256 bits: floor, for small and huge numbers. */
START_TEST(test_isqrt)
{
	struct u256	r, x;
	u128		v;
	int		i;

	ck_assert(u256_isqrt(big(0, 0)).lo == 0);
	ck_assert(u256_isqrt(big(0, 15)).lo == 3);
	ck_assert(u256_isqrt(big(0, 16)).lo == 4);
	/* (2^64 - 1)^2 and one less */
	v = ((u128)1 << 64) - 1;
	ck_assert(u256_isqrt(big(0, v * v)).lo == v);
	ck_assert(u256_isqrt(big(0, v * v - 1)).lo == v - 1);
	/* 2^200 = (2^100)^2, and 2^255 */
	r = u256_isqrt(big((u128)1 << 72, 0));
	ck_assert(r.hi == 0 && r.lo == (u128)1 << 100);
	r = u256_isqrt(big((u128)1 << 127, 0));
	/* floor(sqrt(2^255)) = floor(2^127.5) */
	ck_assert(r.hi == 0);
	ck_assert(r.lo >> 64 == UINT64_C(0xb504f333f9de6484));
	/* the root of a square, and of it less one, for some big roots */
	for (i = 0, v = 0x123456789abcdefULL; i < 64; i++, v = v * 3 + 7) {
		u128	root = v | ((u128)1 << 100);
		u128	lo = (u128)(uint64_t)root, hi = root >> 64;
		u128	p00 = lo * lo, p01 = lo * hi, p11 = hi * hi, mid;

		mid = (p00 >> 64) + 2 * (u128)(uint64_t)p01;
		x.lo = (mid << 64) | (uint64_t)p00;
		x.hi = p11 + 2 * (p01 >> 64) + (mid >> 64);
		r = u256_isqrt(x);
		ck_assert(r.hi == 0 && r.lo == root);
		if (x.lo-- == 0)
			x.hi--;
		ck_assert(u256_isqrt(x).lo == root - 1);
	}
}
END_TEST

/* The group: lengths and gaps per side, late packets, --delta. */
START_TEST(test_stats)
{
	struct statsgroup	s;
	struct stats_report	r;
	fd_ns			t0 = (fd_ns)1700000000 * 1000000000;

	memset(&s, 0, sizeof(s));
	statsgroup_packet(&s, 0, 60, t0);
	statsgroup_report(&s, &r);
	ck_assert_uint_eq(r.side[0].n, 1);
	ck_assert(r.side[0].len_mean == 60000 && r.side[0].len_sd == 0);
	ck_assert(r.side[0].iat_mean == 0);	/* one packet: no gap */
	ck_assert_uint_eq(r.side[1].n, 0);
	statsgroup_packet(&s, 0, 1500, t0 + 1000);
	statsgroup_packet(&s, 0, 60, t0 + 3000);
	statsgroup_packet(&s, 0, 60, t0 + 2000);	/* late: a 0 gap */
	statsgroup_report(&s, &r);
	ck_assert_uint_eq(r.side[0].n, 4);
	ck_assert_uint_eq(r.side[0].len_min, 60);
	ck_assert_uint_eq(r.side[0].len_max, 1500);
	ck_assert(r.side[0].len_mean == 420000);
	ck_assert(r.side[0].iat_min == 0 && r.side[0].iat_max == 2000);
	ck_assert(r.side[0].iat_mean == 1000000);	/* (1000+2000+0)/3 */
	/* a gap of 2^69 ns: squares past 2^128 */
	statsgroup_packet(&s, 1, 40, t0);
	statsgroup_packet(&s, 1, 40, t0 + ((fd_ns)1 << 69));
	statsgroup_packet(&s, 1, 40, t0 + ((fd_ns)1 << 70));
	statsgroup_report(&s, &r);
	ck_assert(r.side[1].iat_mean == ((fd_ns)1 << 69) * 1000);
	ck_assert(r.side[1].iat_sd == 0);
	statsgroup_reported(&s);
	statsgroup_report(&s, &r);
	ck_assert(r.side[0].n == 0 && r.side[1].n == 0);
}
END_TEST

static Suite *
groups_suite(void)
{
	Suite	*s = suite_create("groups");
	TCase	*tc = tcase_create("groups");

	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_layout);
	tcase_add_test(tc, test_ip);
	tcase_add_test(tc, test_icmp);
	tcase_add_test(tc, test_report);
	tcase_add_test(tc, test_pcap);
	tcase_add_test(tc, test_mean_sd);
	tcase_add_test(tc, test_isqrt);
	tcase_add_test(tc, test_stats);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(groups_suite());
}
