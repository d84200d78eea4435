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
	pcapgroup_packet(&s, 1, 7);
	pcapgroup_packet(&s, 0, 3);
	pcapgroup_packet(&s, 1, 9);
	ck_assert(s.seen);
	ck_assert_uint_eq(s.first.input, 1);
	ck_assert_uint_eq(s.first.num, 7);
	ck_assert_uint_eq(s.last.input, 1);
	ck_assert_uint_eq(s.last.num, 9);
	pcapgroup_reported(&s);
	ck_assert(!s.seen);
	pcapgroup_packet(&s, 0, 10);
	ck_assert_uint_eq(s.first.num, 10);
	ck_assert_uint_eq(s.last.num, 10);
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
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(groups_suite());
}
