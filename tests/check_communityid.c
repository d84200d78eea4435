/*
 * check_communityid.c -- SHA-1 and Community ID v1: the FIPS 180 test
 * vectors, every tuple of the Community ID spec's baselines (SCTP and
 * port-less protocols included) and the vectors Packetbeat's tests use.
 */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "communityid.h"
#include "sha1.h"
#include "testutil.h"

static void
check_sha1(const char *msg, size_t repeat, const char *want)
{
	struct sha1	s;
	uint8_t		d[SHA1_DIGEST_LEN];
	char		hex[41];
	size_t		i;

	sha1_init(&s);
	for (i = 0; i < repeat; i++)
		sha1_update(&s, msg, strlen(msg));
	sha1_final(&s, d);
	for (i = 0; i < sizeof(d); i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	ck_assert_str_eq(hex, want);
}

/* FIPS 180-2 appendix A and the usual extra vectors. */
START_TEST(test_sha1)
{
	check_sha1("abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d");
	check_sha1("", 1, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	check_sha1("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	check_sha1("a", 1000000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
	check_sha1("0123456701234567012345670123456701234567012345670123456701"
	    "234567", 10, "dea356a2cddd90c7a7ecedc5ebb563934f460452");
}
END_TEST

static size_t
parse_addr(const char *s, uint8_t *out)
{
	if (inet_pton(AF_INET, s, out) == 1)
		return 4;
	ck_assert_int_eq(inet_pton(AF_INET6, s, out), 1);
	return 16;
}

/*
 * One baseline file: a JSON array of {proto, saddr, daddr, [sport,
 * dport,] communityid}; for ICMP, sport and dport hold type and code.
 */
static void
check_baseline(const char *file, uint16_t seed, bool base64, int want_n)
{
	char		 path[1024], got[COMMUNITYID_MAX], *text;
	uint8_t		 sa[16], da[16];
	struct cid_tuple t;
	cJSON		*arr, *e;
	long		 len;
	FILE		*fp;
	int		 n = 0;

	snprintf(path, sizeof(path), "expected/community-id/%s", file);
	fp = fopen(testdata(path), "rb");
	ck_assert_ptr_nonnull(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	text = malloc((size_t)len + 1);
	ck_assert_uint_eq(fread(text, 1, (size_t)len, fp), (size_t)len);
	text[len] = '\0';
	fclose(fp);
	arr = cJSON_Parse(text);
	ck_assert_ptr_nonnull(arr);
	cJSON_ArrayForEach(e, arr) {
		const cJSON *sp = cJSON_GetObjectItem(e, "sport");
		const cJSON *dp = cJSON_GetObjectItem(e, "dport");

		memset(&t, 0, sizeof(t));
		t.proto = (uint8_t)cJSON_GetObjectItem(e, "proto")->valueint;
		t.alen = parse_addr(cJSON_GetObjectItem(e, "saddr")->valuestring,
		    sa);
		ck_assert_uint_eq(parse_addr(cJSON_GetObjectItem(e,
		    "daddr")->valuestring, da), t.alen);
		t.saddr = sa;
		t.daddr = da;
		if (sp != NULL && dp != NULL) {
			t.sport = (uint16_t)sp->valueint;
			t.dport = (uint16_t)dp->valueint;
			t.icmp_type = (uint8_t)sp->valueint;
			t.icmp_code = (uint8_t)dp->valueint;
		}
		communityid(seed, &t, base64, got);
		ck_assert_str_eq(got,
		    cJSON_GetObjectItem(e, "communityid")->valuestring);
		n++;
	}
	ck_assert_int_eq(n, want_n);
	cJSON_Delete(arr);
	free(text);
}

START_TEST(test_baselines)
{
	check_baseline("baseline_deflt.json", 0, true, 23);
	check_baseline("baseline_seed1.json", 1, true, 23);
	check_baseline("baseline_nob64.json", 0, false, 23);
}
END_TEST

static void
check_tuple(uint8_t proto, const char *s, const char *d, uint16_t sp,
    uint16_t dp, uint16_t seed, const char *want)
{
	uint8_t			sa[16], da[16];
	struct cid_tuple	t;
	char			got[COMMUNITYID_MAX];

	memset(&t, 0, sizeof(t));
	t.proto = proto;
	t.alen = parse_addr(s, sa);
	parse_addr(d, da);
	t.saddr = sa;
	t.daddr = da;
	t.sport = sp;
	t.dport = dp;
	t.icmp_type = (uint8_t)sp;
	t.icmp_code = (uint8_t)dp;
	communityid(seed, &t, true, got);
	ck_assert_str_eq(got, want);
}

/* The spec README's table and Packetbeat's test vectors. */
START_TEST(test_vectors)
{
	check_tuple(6, "1.2.3.4", "5.6.7.8", 1122, 3344, 0,
	    "1:wCb3OG7yAFWelaUydu0D+125CLM=");
	check_tuple(6, "5.6.7.8", "1.2.3.4", 3344, 1122, 0,
	    "1:wCb3OG7yAFWelaUydu0D+125CLM=");
	check_tuple(132, "1.2.3.4", "5.6.7.8", 1122, 3344, 1,
	    "1:uitchpn5MMGAQKBJh7bIr/bAr7s=");
	check_tuple(1, "5.6.7.8", "1.2.3.4", 0, 0, 0,
	    "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=");
	check_tuple(1, "1.2.3.4", "5.6.7.8", 11, 0, 0,
	    "1:f/YiSyWqczrTgfUCZlBUnvHRcPk=");
	check_tuple(58, "fe80:0001:0203:0405:0607:0809:0A0B:0C0D",
	    "fe80:1011:1213:1415:1617:1819:1A1B:1C1D", 146, 0, 0,
	    "1:fYC8+pz24E+EhANP1EZhpX0Dw10=");
	check_tuple(46, "5.6.7.8", "1.2.3.4", 0, 0, 0,
	    "1:ikv3kmf89luf73WPz1jOs49S768=");
	check_tuple(17, "192.168.1.52", "8.8.8.8", 54585, 53, 0,
	    "1:d/FP5EW3wiY1vCndhwleRRKHowQ=");
	check_tuple(6, "128.232.110.120", "66.35.250.204", 34855, 80, 0,
	    "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
	check_tuple(1, "192.168.0.89", "192.168.0.1", 8, 0, 0,
	    "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=");
	check_tuple(58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea",
	    136, 0, 0, "1:zavyT/cezQr1fmImYCwYnMXbgck=");
	check_tuple(58, "fe80::200:86ff:fe05:80da", "fe80::260:97ff:fe07:69ea",
	    135, 0, 0, "1:dGHyGvjMfljg6Bppwm3bg0LO8TY=");
	check_tuple(17, "10.1.2.3", "8.8.8.8", 63521, 53, 0,
	    "1:R7iR6vkxw+jaz3wjDfWMWooBdfc=");
	/* an IPv4-mapped IPv6 address hashes as IPv4 (Go's To4) */
	check_tuple(17, "::ffff:10.1.2.3", "::ffff:8.8.8.8", 63521, 53, 0,
	    "1:R7iR6vkxw+jaz3wjDfWMWooBdfc=");
}
END_TEST

static Suite *
communityid_suite(void)
{
	Suite	*s = suite_create("communityid");
	TCase	*tc = tcase_create("hash");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_sha1);
	tcase_add_test(tc, test_baselines);
	tcase_add_test(tc, test_vectors);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(communityid_suite());
}
