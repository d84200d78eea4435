/* check_util.c -- durations, numbers, time and base64 formatting. */
#include <config.h>

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "testutil.h"

#define SEC	1000000000LL

static const struct {
	const char	*s;
	int64_t		 ns;
} good_durations[] = {
	{ "30s", 30 * SEC },
	{ "0", 0 },
	{ "-1s", -SEC },
	{ "+5m", 300 * SEC },
	{ "1m30s", 90 * SEC },
	{ "1.5h", 5400 * SEC },
	{ "1h2m3.5s", 3723 * SEC + SEC / 2 },
	{ "500ms", SEC / 2 },
	{ "10us", 10000 },
	{ "10\xc2\xb5s", 10000 },
	{ "10\xce\xbcs", 10000 },
	{ "7ns", 7 },
	{ ".5s", SEC / 2 },
	{ "1.s", SEC },
	{ "0s", 0 },
	{ "-0", 0 },
	{ "2562047h47m16.854775807s", INT64_MAX },
	{ NULL, 0 }
};

static const char *const bad_durations[] = {
	"", "1", "10", "s", "-", "1x", "1.5", ".s", "1ss", "1s5",
	"9223372036854775808ns", "3000000h", " 1s", NULL
};

START_TEST(test_durations)
{
	const char	*why;
	int64_t		 ns;
	int		 i;

	for (i = 0; good_durations[i].s != NULL; i++) {
		ns = 42;
		ck_assert_msg(parse_duration(good_durations[i].s, &ns, &why)
		    == 0, "%s rejected: %s", good_durations[i].s, why);
		ck_assert_msg(ns == good_durations[i].ns, "%s gave %lld",
		    good_durations[i].s, (long long)ns);
	}
	for (i = 0; bad_durations[i] != NULL; i++)
		ck_assert_msg(parse_duration(bad_durations[i], &ns, &why) == -1,
		    "%s accepted", bad_durations[i]);
	ck_assert_int_eq(parse_duration("10", &ns, &why), -1);
	ck_assert_ptr_nonnull(strstr(why, "missing unit"));
}
END_TEST

START_TEST(test_u64)
{
	uint64_t	v = 7;

	ck_assert_int_eq(parse_u64("0", 10, &v), 0);
	ck_assert_uint_eq(v, 0);
	ck_assert_int_eq(parse_u64("18446744073709551615", UINT64_MAX, &v), 0);
	ck_assert(v == UINT64_MAX);
	v = 7;
	ck_assert_int_eq(parse_u64("18446744073709551616", UINT64_MAX, &v),
	    -1);
	ck_assert_int_eq(parse_u64("11", 10, &v), -1);
	ck_assert_int_eq(parse_u64("-1", 10, &v), -1);
	ck_assert_int_eq(parse_u64("", 10, &v), -1);
	ck_assert_int_eq(parse_u64("1x", 10, &v), -1);
	ck_assert_uint_eq(v, 7);
	ck_assert_uint_eq(gcd_u64(30, 20), 10);
	ck_assert_uint_eq(gcd_u64(7, 0), 7);
}
END_TEST

static void
check_time(fd_ns t, int digits, const char *want)
{
	char	buf[40];
	size_t	n;

	n = util_fmt_time(buf, t, digits);
	ck_assert_str_eq(buf, want);
	ck_assert_uint_eq(n, strlen(want));
}

START_TEST(test_time)
{
	check_time(0, 3, "1970-01-01T00:00:00.000Z");
	check_time(0, 0, "1970-01-01T00:00:00Z");
	/* truncated, never rounded */
	check_time((fd_ns)1433536241 * SEC + 436999999, 3,
	    "2015-06-05T20:30:41.436Z");
	check_time((fd_ns)1433536241 * SEC + 436999999, 9,
	    "2015-06-05T20:30:41.436999999Z");
	check_time((fd_ns)951782400 * SEC, 3, "2000-02-29T00:00:00.000Z");
	check_time((fd_ns)4107542400ULL * SEC, 3, "2100-03-01T00:00:00.000Z");
	check_time((fd_ns)4294967296ULL * SEC, 3, "2106-02-07T06:28:16.000Z");
	check_time((fd_ns)(UTIL_MAX_SEC - 1) * SEC + 999999999, 9,
	    "9999-12-31T23:59:59.999999999Z");
}
END_TEST

START_TEST(test_numbers)
{
	char	buf[48];

	util_fmt_u64(buf, UINT64_MAX);
	ck_assert_str_eq(buf, "18446744073709551615");
	util_fmt_u64(buf, 0);
	ck_assert_str_eq(buf, "0");
	util_fmt_u128(buf, (fd_ns)UINT64_MAX * 10 + 5);
	ck_assert_str_eq(buf, "184467440737095516155");
}
END_TEST

/*
 * The digit count from the bit length: on either side of every power of
 * ten and of two, every number up to 120000, and along a sequence
 * through all magnitudes, what printf writes.
 */
START_TEST(test_u64_digits)
{
	char		buf[32], want[32];
	uint64_t	p, v, x = 88172645463325252ULL;
	int		i, d;

	for (p = 1, i = 0; i < 20; i++, p *= 10)
		for (d = -1; d <= 1; d++) {
			v = p + (uint64_t)d;
			snprintf(want, sizeof(want), "%" PRIu64, v);
			ck_assert_uint_eq(util_fmt_u64(buf, v), strlen(want));
			ck_assert_str_eq(buf, want);
		}
	for (i = 0; i < 64; i++)
		for (d = -1; d <= 1; d++) {
			v = (UINT64_C(1) << i) + (uint64_t)d;
			snprintf(want, sizeof(want), "%" PRIu64, v);
			ck_assert_uint_eq(util_fmt_u64(buf, v), strlen(want));
			ck_assert_str_eq(buf, want);
		}
	/* every number of the short paths (up to four digits) and past
	 * them, and on either side of the 32-bit step */
	for (v = 0; v <= 120000; v++) {
		snprintf(want, sizeof(want), "%" PRIu64, v);
		ck_assert_uint_eq(util_fmt_u64(buf, v), strlen(want));
		ck_assert_str_eq(buf, want);
	}
	for (v = UINT32_MAX - 1000; v <= (uint64_t)UINT32_MAX + 1000; v++) {
		snprintf(want, sizeof(want), "%" PRIu64, v);
		ck_assert_uint_eq(util_fmt_u64(buf, v), strlen(want));
		ck_assert_str_eq(buf, want);
	}
	for (i = 0; i < 100000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = x >> (i % 64);
		snprintf(want, sizeof(want), "%" PRIu64, v);
		ck_assert_uint_eq(util_fmt_u64(buf, v), strlen(want));
		ck_assert_str_eq(buf, want);
	}
}
END_TEST

/* RFC 4648 section 10 test vectors. */
START_TEST(test_base64)
{
	static const char *const in[] = { "", "f", "fo", "foo", "foob",
	    "fooba", "foobar" };
	static const char *const padded[] = { "", "Zg==", "Zm8=", "Zm9v",
	    "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
	static const char *const raw[] = { "", "Zg", "Zm8", "Zm9v", "Zm9vYg",
	    "Zm9vYmE", "Zm9vYmFy" };
	char	buf[16];
	int	i;

	for (i = 0; i < 7; i++) {
		util_base64(buf, (const uint8_t *)in[i], strlen(in[i]), true);
		ck_assert_str_eq(buf, padded[i]);
		util_base64(buf, (const uint8_t *)in[i], strlen(in[i]), false);
		ck_assert_str_eq(buf, raw[i]);
	}
}
END_TEST

/* A bit-at-a-time encoder, to check the table-driven one against. */
static void
ref_base64(char *out, const uint8_t *in, size_t n)
{
	static const char	tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t			bit, k = 0;
	unsigned		v, j;

	for (bit = 0; bit < 8 * n; bit += 6) {
		for (v = 0, j = 0; j < 6; j++) {
			size_t	b = bit + j;

			v <<= 1;
			if (b < 8 * n)
				v |= (unsigned)in[b / 8] >> (7 - b % 8) & 1U;
		}
		out[k++] = tab[v];
	}
	out[k] = '\0';
}

/*
 * Every byte value in every place of a group, and both short tails, at
 * lengths that take the twelve-byte steps (SSSE3, on x86-64) 0 to 5
 * times before the six- and three-byte ones.
 */
START_TEST(test_base64_all)
{
	uint8_t	in[76];
	char	got[112], want[112];
	size_t	n, i;
	int	b;

	for (b = 0; b < 256; b++) {
		in[0] = (uint8_t)b;
		in[1] = (uint8_t)(255 - b);
		in[2] = (uint8_t)(b * 37);
		in[3] = (uint8_t)(b * 101 + 7);
		in[4] = (uint8_t)(b ^ 0x5a);
		in[5] = (uint8_t)(b >> 1);
		in[6] = (uint8_t)~b;
		for (i = 7; i < sizeof(in); i++)
			in[i] = (uint8_t)(in[i - 7] * 3 + i);
		/* the six-byte steps, the three-byte step, each tail */
		for (n = 0; n <= sizeof(in); n++) {
			ref_base64(want, in, n);
			ck_assert_uint_eq(util_base64(got, in, n, false),
			    strlen(want));
			ck_assert_str_eq(got, want);
		}
	}
}
END_TEST

/*
 * Input that ends where its memory does (AddressSanitizer sees a read
 * past it), at every length to 100, in pseudo-random bytes.
 */
START_TEST(test_base64_edge)
{
	uint8_t		*in;
	char		 got[140], want[140];
	size_t		 n, i;
	uint32_t	 x = 12345;

	for (n = 0; n <= 100; n++) {
		in = malloc(n > 0 ? n : 1);
		ck_assert_ptr_nonnull(in);
		for (i = 0; i < n; i++) {
			x = x * 1103515245 + 12345;
			in[i] = (uint8_t)(x >> 16);
		}
		ref_base64(want, in, n);
		ck_assert_uint_eq(util_base64(got, in, n, false), strlen(want));
		ck_assert_str_eq(got, want);
		free(in);
	}
}
END_TEST

START_TEST(test_utf8)
{
	ck_assert(util_utf8_valid("host.example.com"));
	ck_assert(util_utf8_valid("h\xc3\xa9te"));
	ck_assert(util_utf8_valid("\xf0\x9f\x98\x80"));
	ck_assert(!util_utf8_valid("h\xe9te"));
	ck_assert(!util_utf8_valid("\xc0\xaf"));	/* overlong */
	ck_assert(!util_utf8_valid("\xed\xa0\x80"));	/* surrogate */
	ck_assert(!util_utf8_valid("\xc3"));		/* cut short */
}
END_TEST

/* util_zero() clears exactly its bytes, at every length around 64. */
START_TEST(test_zero)
{
	static const size_t	 lens[] = { 0, 1, 15, 63, 64, 65, 127, 128,
	    129, 200, 256 };
	unsigned char		 b[300];
	size_t			 i, k;

	for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
		memset(b, 0xa5, sizeof(b));
		util_zero(b + 3, lens[k]);
		for (i = 0; i < sizeof(b); i++)
			ck_assert_uint_eq(b[i], i >= 3 && i < 3 + lens[k] ?
			    0 : 0xa5);
	}
}
END_TEST

/*
 * util_copy() copies its "n" bytes, and writes nothing past the larger
 * of "n" and its constant part.
 */
START_TEST(test_copy)
{
	unsigned char	 s[200], d[200];
	size_t		 n, i, end;

	for (i = 0; i < sizeof(s); i++)
		s[i] = (unsigned char)(i * 7 + 1);
	for (n = 0; n <= 130; n++) {
		memset(d, 0xa5, sizeof(d));
		util_copy(d + 3, s, n, 48);
		end = 3 + (n > 48 ? n : 48);
		ck_assert_mem_eq(d + 3, s, n);
		for (i = 0; i < sizeof(d); i++)
			if (i < 3 || i >= end)
				ck_assert_uint_eq(d[i], 0xa5);
	}
}
END_TEST

/*
 * util_populate() is a hint: the bytes before, inside and after the
 * range it maps are what they were, for ranges of every alignment,
 * including ranges within one page and empty ones.
 */
START_TEST(test_populate)
{
	size_t		 len = 5 * 4096 + 123, i, off, n;
	uint8_t		*p = xmemalign(4096, len);
	static const size_t	offs[] = { 0, 1, 4095, 4096, 4097, 9000 };
	static const size_t	lens[] = { 0, 1, 100, 4096, 8191, 12288 };

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(i * 7 + 3);
	for (off = 0; off < sizeof(offs) / sizeof(offs[0]); off++)
		for (n = 0; n < sizeof(lens) / sizeof(lens[0]); n++)
			util_populate(p + offs[off], lens[n]);
	for (i = 0; i < len; i++)
		ck_assert_uint_eq(p[i], (uint8_t)(i * 7 + 3));
	free(p);
	/* fresh memory reads as zero after it, and takes writes */
	p = xmemalign(4096, len);
	memset(p, 0, len);
	util_populate(p, len);
	for (i = 0; i < len; i++)
		ck_assert_uint_eq(p[i], 0);
	p[len - 1] = 1;
	ck_assert_uint_eq(p[len - 1], 1);
	free(p);
}
END_TEST

static Suite *
util_suite(void)
{
	Suite	*s = suite_create("util");
	TCase	*tc = tcase_create("parse");

	tcase_add_test(tc, test_durations);
	tcase_add_test(tc, test_u64);
	suite_add_tcase(s, tc);
	tc = tcase_create("format");
	tcase_add_test(tc, test_time);
	tcase_add_test(tc, test_numbers);
	tcase_add_test(tc, test_u64_digits);
	tcase_add_test(tc, test_base64);
	tcase_add_test(tc, test_base64_edge);
	tcase_add_test(tc, test_base64_all);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_zero);
	tcase_add_test(tc, test_copy);
	tcase_add_test(tc, test_populate);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(util_suite());
}
