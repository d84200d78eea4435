/*
 * check_pcapin.c -- capture inputs: opening, errors, the merge by
 * timestamp, filters and damage offsets, on the captures in testdata/.
 */
#include <config.h>

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pcapin.h"
#include "testutil.h"

START_TEST(test_open_errors)
{
	struct pcapin	*in = pcapin_new();
	char		 err[1024];

	ck_assert_int_eq(pcapin_add(in, testdata("no-such.pcap"), err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "cannot open"));
	ck_assert_ptr_nonnull(strstr(err, "no-such.pcap"));
	ck_assert_int_eq(pcapin_add(in, testdata("README"), err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "not a pcap or pcapng file"));
	ck_assert_int_eq(pcapin_add(in, testdata(
	    "libpcap-pcap-invalid-version-1.pcap"), err, sizeof(err)), -1);
	ck_assert_uint_eq(pcapin_count(in), 0);
	ck_assert_int_eq(pcapin_add(in, testdata("zeek-empty.pcap"), err,
	    sizeof(err)), 0);
	ck_assert_uint_eq(pcapin_count(in), 1);
	ck_assert_int_eq(pcapin_linktype(in, 0), 1);
	pcapin_free(in);
	pcapin_free(NULL);
}
END_TEST

/* Two pieces of one capture come back as one timeline. */
START_TEST(test_merge)
{
	struct pcapin		*in = pcapin_new();
	struct record	 r;
	struct pcapin_error	 e;
	char			 err[1024];
	unsigned long long	 last = 0, t;
	int			 n = 0, from[2] = { 0, 0 };

	ck_assert_int_eq(pcapin_add(in, testdata("split/ticks-part2.pcap"), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(pcapin_add(in, testdata("split/ticks-part1.pcap"), err,
	    sizeof(err)), 0);
	while (pcapin_next(in, &r, &e) == 1) {
		t = r.sec;
		ck_assert_uint_ge(t, last);
		last = t;
		from[r.input]++;
		ck_assert_uint_gt(r.caplen, 0);
		ck_assert(!r.rejected);
		n++;
	}
	ck_assert_int_eq(n, 10);
	ck_assert_int_eq(from[0], 6);
	ck_assert_int_eq(from[1], 4);
	pcapin_free(in);
}
END_TEST

START_TEST(test_filter)
{
	struct pcapin		*in = pcapin_new();
	struct record	 r;
	struct pcapin_error	 e;
	char			 err[1024];
	int			 kept = 0, n = 0;

	ck_assert_int_eq(pcapin_add(in, testdata("zeek-tcp-timeout-with-pings.pcap"),
	    err, sizeof(err)), 0);
	ck_assert_int_eq(pcapin_set_filter(in, "icmp and", err, sizeof(err)),
	    -1);
	ck_assert_ptr_nonnull(strstr(err, "zeek-tcp-timeout-with-pings.pcap"));
	ck_assert_int_eq(pcapin_set_filter(in, "icmp", err, sizeof(err)), 0);
	while (pcapin_next(in, &r, &e) == 1) {
		n++;
		kept += !r.rejected;
	}
	ck_assert_int_eq(n, 15);
	ck_assert_int_eq(kept, 12);
	pcapin_free(in);
}
END_TEST

/* A record cut short: -1 with the offset, then the end. */
START_TEST(test_damage)
{
	struct pcapin		*in = pcapin_new();
	struct record	 r;
	struct pcapin_error	 e;
	char			 err[1024];
	int			 n = 0, rc;

	ck_assert_int_eq(pcapin_add(in, testdata(
	    "suricata-smtp-to-comma-truncated.pcap"), err, sizeof(err)), 0);
	while ((rc = pcapin_next(in, &r, &e)) == 1)
		n++;
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(n, 18);
	ck_assert_int_eq(e.kind, PCAPIN_DAMAGED);
	ck_assert_int_eq(e.offset, 3695);
	ck_assert_uint_eq(e.input, 0);
	ck_assert_int_eq(pcapin_next(in, &r, &e), 0);
	pcapin_free(in);

}
END_TEST

/*
 * A big-endian pcapng whose interfaces differ in link type (libpcap
 * refuses it): every record, each with its interface's link type.
 */
START_TEST(test_multilink)
{
	struct pcapin		*in = pcapin_new();
	struct record		 r;
	struct pcapin_error	 e;
	char			 err[1024];
	int			 n = 0, rc, lt[4];

	ck_assert_int_eq(pcapin_add(in, testdata("gopacket-be-test101.pcapng"),
	    err, sizeof(err)), 0);
	ck_assert_int_eq(pcapin_linktype(in, 0), 1);
	while ((rc = pcapin_next(in, &r, &e)) == 1) {
		ck_assert_int_lt(n, 4);
		lt[n++] = r.linktype;
	}
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(lt[0], 1);
	ck_assert_int_ne(lt[3], 1);
	pcapin_free(in);

	/*
	 * A filter per link type: "ether broadcast" compiles for the
	 * Ethernet interfaces, not for the BSD loopback one, whose record
	 * it therefore rejects; and each record names its interface.
	 */
	in = pcapin_new();
	ck_assert_int_eq(pcapin_add(in, testdata("gopacket-be-test101.pcapng"),
	    err, sizeof(err)), 0);
	ck_assert_int_eq(pcapin_set_filter(in, "ether broadcast", err,
	    sizeof(err)), 0);
	n = 0;
	while (pcapin_next(in, &r, &e) == 1) {
		static const int	rej[4] = { 0, 1, 0, 1 };
		static const char *const ifn[4] = { "eth0",
		    "silly ethernet interface 2", "eth0", "null1" };

		ck_assert_int_lt(n, 4);
		ck_assert_int_eq(r.rejected, rej[n]);
		ck_assert_str_eq(r.ifname, ifn[n]);
		n++;
	}
	ck_assert_int_eq(n, 4);
	pcapin_free(in);
}
END_TEST

/* Timestamps libpcap 1.10 hands over as negative are taken unsigned. */
START_TEST(test_unsigned_times)
{
	struct pcapin		*in = pcapin_new();
	struct record	 r;
	struct pcapin_error	 e;
	char			 err[1024];

	ck_assert_int_eq(pcapin_add(in, testdata("tcpdump-time_2038.pcap"), err,
	    sizeof(err)), 0);
	ck_assert_int_eq(pcapin_add(in, testdata(
	    "tcpdump-timestamp_invalid_nano.pcap"), err, sizeof(err)), 0);
	ck_assert_int_eq(pcapin_next(in, &r, &e), 1);
	ck_assert_uint_eq(r.sec, 1418145369);
	ck_assert_uint_eq(r.frac_ns, 999999999);
	ck_assert_int_eq(pcapin_next(in, &r, &e), 1);
	ck_assert_uint_eq(r.frac_ns, 1000000000);
	ck_assert_int_eq(pcapin_next(in, &r, &e), 1);
	ck_assert_uint_eq(r.frac_ns, 2147483648U);
	ck_assert_int_eq(pcapin_next(in, &r, &e), 1);
	ck_assert_uint_eq(r.sec, 2145916800);
	ck_assert_uint_eq(r.input, 0);
	ck_assert_int_eq(pcapin_next(in, &r, &e), 0);
	pcapin_free(in);
}
END_TEST

static Suite *
pcapin_suite(void)
{
	Suite	*s = suite_create("pcapin");
	TCase	*tc = tcase_create("inputs");

	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_merge);
	tcase_add_test(tc, test_filter);
	tcase_add_test(tc, test_damage);
	tcase_add_test(tc, test_multilink);
	tcase_add_test(tc, test_unsigned_times);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(pcapin_suite());
}
