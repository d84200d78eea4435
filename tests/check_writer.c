/*
 * check_writer.c -- the legacy NDJSON record, byte for byte; address
 * text; escaping; exact 64-bit counters; write errors.
 */
#include <config.h>

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "flowkey.h"
#include "writer.h"
#include "writer_impl.h"
#include "testutil.h"

#define S	((fd_ns)1000000000)

/* A record of the flow of key "k" (source: its first packet's side). */
static void
rec_init(struct flow_rec *r, const struct flow_key *k)
{
	memset(r, 0, sizeof(*r));
	memcpy(r->key, k->ident, flowkey_ident_len(k->ident));
	r->dir = k->dir;
}

/* Write record "r", with these times and end, into a string. */
static char *
render(struct flow_rec *r, fd_ns first, fd_ns last, fd_ns ts,
    enum end_reason reason, const char *name)
{
	struct writer_opts	 o = { .name = name, .version = "1.0.0",
	    .format = WRITER_NDJSON, .schema = WRITER_LEGACY };
	struct writer		*w;
	char			 err[256];
	char			*buf = NULL;
	size_t			 len = 0;
	FILE			*fp;

	r->first_ns = first;
	r->last_ns = last;
	r->ts_ns = ts;
	r->final = reason != END_NONE;
	r->reason = (uint8_t)reason;
	fp = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(fp);
	w = writer_new(fp, &o, err, sizeof(err));
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(writer_write(w, r), 0);
	ck_assert_int_eq(writer_end(w), 0);
	writer_free(w);
	fclose(fp);
	return buf;
}

/* Packetbeat 5.x's documented flow event, with its values. */
START_TEST(test_spec_example)
{
	static const uint8_t	m1[6] = { 0x00, 0x00, 0x01, 0x00, 0x00, 0x00 };
	static const uint8_t	m2[6] = { 0xfe, 0xff, 0x20, 0x00, 0x01, 0x00 };
	static const uint8_t	a[4] = { 203, 0, 113, 0 }, b[4] = { 192, 0, 2, 0 };
	struct flow_key		 k;
	struct flow_rec		 r, *f = &r;
	char			*s;

	flowkey_init(&k);
	flowkey_add_eth(&k, m1, m2);
	flowkey_add_ipv4(&k, a, b);
	flowkey_add_tcp(&k, 3372, 80);
	rec_init(f, &k);
	f->pkts[0] = 14;
	f->bytes[0] = 1243;
	f->pkts[1] = 16;
	f->bytes[1] = 19236;
	f->sent = 3;
	s = render(f, (fd_ns)1493840544 * S + 151000000,
	    (fd_ns)1493840555 * S + 312999999, (fd_ns)1493840560 * S, END_NONE,
	    "host.example.com");
	ck_assert_str_eq(s,
	    "{\"@timestamp\":\"2017-05-03T19:42:40.000Z\",\"beat\":{\"hostname\""
	    ":\"host.example.com\",\"name\":\"host.example.com\",\"version\":"
	    "\"1.0.0\"},\"dest\":{\"ip\":\"192.0.2.0\",\"mac\":"
	    "\"fe:ff:20:00:01:00\",\"port\":80,\"stats\":{\"net_bytes_total\":"
	    "19236,\"net_packets_total\":16}},\"final\":false,\"flow_id\":"
	    "\"EQQA////DP//////FP8BAAEAAAEAAAD+/yAAAQDLAHEAwAACACwNUAA\","
	    "\"last_time\":\"2017-05-03T19:42:35.312Z\",\"source\":{\"ip\":"
	    "\"203.0.113.0\",\"mac\":\"00:00:01:00:00:00\",\"port\":3372,"
	    "\"stats\":{\"net_bytes_total\":1243,\"net_packets_total\":14}},"
	    "\"start_time\":\"2017-05-03T19:42:24.151Z\",\"transport\":\"tcp\","
	    "\"type\":\"flow\"}\n");
	free(s);

	/* a one-way final flow: no dest stats; end_reason */
	f->sent = 1;
	s = render(f, S, S, (fd_ns)1493840560 * S, END_IDLE, "h");
	ck_assert_ptr_nonnull(strstr(s, "\"dest\":{\"ip\":\"192.0.2.0\","
	    "\"mac\":\"fe:ff:20:00:01:00\",\"port\":80},\"end_reason\":"
	    "\"idle\",\"final\":true,"));
	free(s);
}
END_TEST

/* Counters above 2^53 are exact; the record parses as JSON. */
START_TEST(test_big_counters)
{
	static const uint8_t	a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t	b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	struct flow_key		 k;
	struct flow_rec		 r, *f = &r;
	cJSON			*j;
	char			*s;

	flowkey_init(&k);
	flowkey_add_vlan(&k, 7);
	flowkey_add_vlan(&k, 8);
	flowkey_add_ipv6(&k, a, b);
	flowkey_add_udp(&k, 1, 2);
	rec_init(f, &k);
	f->pkts[0] = 9007199254740993ULL;	/* 2^53 + 1 */
	f->bytes[0] = UINT64_MAX;
	f->sent = 1;
	s = render(f, S, S, S, END_EOF, "h");
	ck_assert_ptr_nonnull(strstr(s, "\"net_bytes_total\":"
	    "18446744073709551615,\"net_packets_total\":9007199254740993}"));
	ck_assert_ptr_nonnull(strstr(s, "\"ipv6\":\"2001:db8::1\""));
	ck_assert_ptr_nonnull(strstr(s, "\"outer_vlan\":7,"));
	ck_assert_ptr_nonnull(strstr(s, "\"vlan\":8}"));
	ck_assert_ptr_nonnull(strstr(s, "\"transport\":\"udp\""));
	ck_assert_ptr_null(strstr(s, "\"mac\""));
	j = cJSON_Parse(s);
	ck_assert_ptr_nonnull(j);
	cJSON_Delete(j);
	free(s);
}
END_TEST

static void
check_v6(const char *hex, const char *want)
{
	uint8_t	a[16];
	char	buf[64];
	int	i;

	for (i = 0; i < 16; i++)
		sscanf(hex + 2 * i, "%2hhx", &a[i]);
	ob_fmt_ipv6(buf, a);
	ck_assert_str_eq(buf, want);
}

/* RFC 5952 section 4 rules. */
START_TEST(test_ipv6_text)
{
	check_v6("00000000000000000000000000000000", "::");
	check_v6("00000000000000000000000000000001", "::1");
	check_v6("20010db8000000000000000000000001", "2001:db8::1");
	check_v6("20010db8000000010000000000000001", "2001:db8:0:1::1");
	check_v6("20010db8000000000001000000000001", "2001:db8::1:0:0:1");
	check_v6("20010db8000100000000000000000000", "2001:db8:1::");
	check_v6("20010db8aaaabbbbccccddddeeee0001", "2001:db8:aaaa:bbbb:cccc:"
	    "dddd:eeee:1");
	check_v6("20010db80000aaaabbbbccccdddd0000", "2001:db8:0:aaaa:bbbb:"
	    "cccc:dddd:0");
	check_v6("fe800000000000000200860fff0580da", "fe80::200:860f:ff05:80da");
	check_v6("00000000000000000000ffffc0000201", "::ffff:192.0.2.1");
	check_v6("000000000000000000000000c0000201", "::c000:201");
}
END_TEST

/*
 * Pseudo-random addresses, many of their words zero (runs of every
 * length, ties), against inet_ntop(3), except the forms glibc writes
 * with a dotted quad (::a.b.c.d, ::ffff:a.b.c.d) where RFC 5952 and
 * flowdump write hex.
 */
START_TEST(test_ipv6_random)
{
	uint8_t		 a[16];
	char		 buf[64], want[INET6_ADDRSTRLEN];
	uint64_t	 r = 0x2545f4914f6cdd1dULL;
	int		 n, i;
	static const uint8_t zero10[10];

	for (n = 0; n < 200000; n++) {
		for (i = 0; i < 8; i++) {
			r ^= r << 13;
			r ^= r >> 7;
			r ^= r << 17;
			/* zero half the time; else 1, 2, 3 or 4 digits */
			a[2 * i] = (r & 1) ? 0 : (uint8_t)(r >> 8 &
			    (r & 2 ? 0xff : 0x0f));
			a[2 * i + 1] = (r & 1) ? 0 : (uint8_t)(r >> 16);
		}
		if (memcmp(a, zero10, 10) == 0 && ((a[10] == 0 &&
		    a[11] == 0) || (a[10] == 0xff && a[11] == 0xff)))
			continue;
		ck_assert_ptr_nonnull(inet_ntop(AF_INET6, a, want,
		    sizeof(want)));
		if (ob_fmt_ipv6(buf, a) != strlen(want) ||
		    strcmp(buf, want) != 0)
			ck_abort_msg("%s, not %s", buf, want);
	}
}
END_TEST

/* Every octet value in every place of a dotted quad (the mapped form). */
START_TEST(test_ipv4_text)
{
	uint8_t	a[16] = { [10] = 0xff, [11] = 0xff };
	char	buf[64], want[64];
	int	v;

	for (v = 0; v < 256; v++) {
		a[12] = (uint8_t)v;
		a[13] = (uint8_t)(255 - v);
		a[14] = (uint8_t)(v / 2);
		a[15] = (uint8_t)(v * 7);
		snprintf(want, sizeof(want), "::ffff:%d.%d.%d.%d", a[12], a[13],
		    a[14], a[15]);
		ck_assert_uint_eq(ob_fmt_ipv6(buf, a), strlen(want));
		ck_assert_str_eq(buf, want);
	}
}
END_TEST

/* Every byte value in every place of a MAC, both cases, JSON and CSV. */
START_TEST(test_mac_text)
{
	static struct outbuf	ob;
	static char		buf[64];
	uint8_t			mac[6];
	char			want[64];
	int			v, up;

	ob.buf = buf;
	ob.cap = sizeof(buf);
	for (v = 0; v < 256; v++) {
		mac[0] = (uint8_t)v;
		mac[1] = (uint8_t)(255 - v);
		mac[2] = (uint8_t)(v * 3);
		mac[3] = (uint8_t)(v ^ 0xa5);
		mac[4] = (uint8_t)(v / 3);
		mac[5] = (uint8_t)(v * 11);
		for (up = 0; up < 2; up++) {
			snprintf(want, sizeof(want), up ?
			    "\"%02X-%02X-%02X-%02X-%02X-%02X\"" :
			    "\"%02x:%02x:%02x:%02x:%02x:%02x\"", mac[0], mac[1],
			    mac[2], mac[3], mac[4], mac[5]);
			ob.len = 0;
			ob_mac(&ob, mac, up, FMT_JSON);
			ck_assert_uint_eq(ob.len, strlen(want));
			ck_assert(memcmp(buf, want, ob.len) == 0);
			ob.len = 0;
			ob_mac(&ob, mac, up, FMT_CSV);
			ck_assert_uint_eq(ob.len, strlen(want) - 2);
			ck_assert(memcmp(buf, want + 1, ob.len) == 0);
		}
	}
}
END_TEST

START_TEST(test_escape)
{
	char	*s;

	s = ob_json_string("a\"b\\c\n\x01\x7f\xc3\xa9");
	ck_assert_str_eq(s, "\"a\\\"b\\\\c\\u000a\\u0001\\u007f\xc3\xa9\"");
	free(s);
}
END_TEST

/* A full device is a write error with errno set. */
START_TEST(test_full_device)
{
	struct writer_opts	 o = { .name = "h", .version = "1",
	    .format = WRITER_NDJSON, .schema = WRITER_LEGACY };
	struct flow_key		 k;
	struct flow_rec		 r, *f = &r;
	struct writer		*w;
	FILE			*fp;
	char			 err[256];
	int			 i, rc = 0;

	fp = fopen("/dev/full", "w");
	if (fp == NULL)
		return;
	flowkey_init(&k);
	flowkey_add_vlan(&k, 1);
	rec_init(f, &k);
	f->sent = 1;
	r.first_ns = r.last_ns = S;
	r.ts_ns = S;
	r.final = false;
	r.reason = (uint8_t)END_NONE;
	w = writer_new(fp, &o, err, sizeof(err));
	for (i = 0; i < 10000 && rc == 0; i++)
		rc = writer_write(w, &r);
	if (rc == 0)
		rc = writer_end(w);
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, ENOSPC);
	writer_free(w);
	fclose(fp);
}
END_TEST

/*
 * A copy made by writer_dup() writes what the writer would, with its
 * options (CSV columns too), but holds all of it, past the size at which
 * a writer writes out, until writer_flush().
 */
START_TEST(test_dup_holds)
{
	struct writer_opts	 o = { .name = "h", .version = "1",
	    .format = WRITER_CSV, .schema = WRITER_ECS,
	    .fields = "flow.id,source.ip,source.packets" };
	struct flow_key		 k;
	struct flow_rec		 r;
	struct writer		*w, *w2, *d;
	uint8_t			 a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	char			 err[256], *b1 = NULL, *b2 = NULL;
	size_t			 n1 = 0, n2 = 0, held;
	FILE			*fp1, *fp2;
	int			 i;

	flowkey_init(&k);
	flowkey_add_ipv4(&k, a, b);
	flowkey_add_udp(&k, 53, 1053);
	rec_init(&r, &k);
	r.sent = 1;
	r.first_ns = r.last_ns = r.ts_ns = S;
	fp1 = open_memstream(&b1, &n1);
	fp2 = open_memstream(&b2, &n2);
	w = writer_new(fp1, &o, err, sizeof(err));
	ck_assert_ptr_nonnull(w);
	w2 = writer_new(fp2, &o, err, sizeof(err));
	ck_assert_ptr_nonnull(w2);
	d = writer_dup(w2);
	for (i = 0; i < 20000; i++) {
		r.pkts[0] = (uint64_t)i;
		ck_assert_int_eq(writer_write(w, &r), 0);
		ck_assert_int_eq(writer_write(d, &r), 0);
	}
	fflush(fp2);
	ck_assert_uint_eq(n2, 0);		/* all of it held */
	ck_assert_int_eq(writer_end(w), 0);
	held = n1;
	ck_assert_uint_gt(held, 512 * 1024);	/* past a writer's buffer */
	ck_assert_int_eq(writer_flush(d), 0);
	ck_assert_uint_eq(n2, held);
	ck_assert(memcmp(b1, b2, n1) == 0);
	writer_free(w);
	writer_free(w2);
	writer_free(d);
	fclose(fp1);
	fclose(fp2);
	free(b1);
	free(b2);
}
END_TEST

/*
 * ob_time() (its date cache, its three digits at a time) writes what
 * util_fmt_time() writes, for every width, as JSON and CSV, past 2106
 * too, for times that share a cache slot.
 */
START_TEST(test_ob_time)
{
	static const fd_ns	 ts[] = { 0, 999999999, 1000000000,
	    (fd_ns)1374510590 * S + 7, (fd_ns)1374510590 * S + 123456789,
	    (fd_ns)1374510654 * S + 100000000, (fd_ns)4398046511 * S + 4,
	    (fd_ns)253402300799 * S + 999999999 };
	struct outbuf		 ob;
	char			 want[64];
	size_t			 i, n;
	int			 digits, fmt;

	ob_init(&ob, NULL, 256);
	for (fmt = FMT_JSON; fmt <= FMT_CSV; fmt++)
		for (digits = 0; digits <= 9; digits++)
			for (i = 0; i < sizeof(ts) / sizeof(ts[0]); i++) {
				ob.len = 0;
				ob_time(&ob, ts[i], digits, fmt);
				n = util_fmt_time(want, ts[i], digits);
				if (fmt == FMT_JSON) {
					ck_assert_uint_eq(ob.len, n + 2);
					ck_assert(ob.buf[0] == '"' &&
					    ob.buf[n + 1] == '"');
					ck_assert(memcmp(ob.buf + 1, want, n)
					    == 0);
				} else {
					ck_assert_uint_eq(ob.len, n);
					ck_assert(memcmp(ob.buf, want, n) == 0);
				}
			}
	ob_free(&ob);
}
END_TEST

/* Formats and schemas by name; --fields names only the schema's fields. */
START_TEST(test_names)
{
	struct writer_opts	 o = { .name = "h", .version = "1",
	    .format = WRITER_CSV, .schema = WRITER_LEGACY,
	    .fields = "flow_id,source.ip,source.nope" };
	char			 err[256];

	ck_assert_int_eq(writer_format_parse("ndjson"), WRITER_NDJSON);
	ck_assert_int_eq(writer_format_parse("csv"), WRITER_CSV);
	ck_assert_int_eq(writer_format_parse("xml"), -1);
	ck_assert_int_eq(writer_format_parse("CSV"), -1);
	ck_assert_int_eq(writer_schema_parse("legacy"), WRITER_LEGACY);
	ck_assert_int_eq(writer_schema_parse("ecs"), WRITER_ECS);
	ck_assert_int_eq(writer_schema_parse(""), -1);
	ck_assert_ptr_null(writer_new(stdout, &o, err, sizeof(err)));
	ck_assert_str_eq(err, "--fields: no field 'source.nope' in this "
	    "schema");
	o.fields = "flow_id,,source.ip";
	ck_assert_ptr_null(writer_new(stdout, &o, err, sizeof(err)));
	ck_assert_str_eq(err, "--fields: no field '' in this schema");
	o.schema = WRITER_ECS;
	o.fields = "flow_id";		/* a legacy name */
	ck_assert_ptr_null(writer_new(stdout, &o, err, sizeof(err)));
	o.fields = "flow.id,source.ip";
	writer_free(writer_new(stdout, &o, err, sizeof(err)));
}
END_TEST

/* Each schema's fields are sorted bytewise at every level, and unique. */
START_TEST(test_tables_sorted)
{
	static const char *const schemas[] = { "legacy", "ecs" };
	const char	*a, *b, *pa, *pb;
	enum writer_schema sch;
	size_t		 i, la, lb;
	int		 k, c;

	for (k = 0; k < 2; k++) {
		sch = (enum writer_schema)writer_schema_parse(schemas[k]);
		ck_assert_ptr_nonnull(writer_field_name(sch, 0));
		for (i = 1; (b = writer_field_name(sch, i)) != NULL; i++) {
			a = writer_field_name(sch, i - 1);
			/* compare component by component */
			for (pa = a, pb = b;;) {
				la = strcspn(pa, ".");
				lb = strcspn(pb, ".");
				c = memcmp(pa, pb, la < lb ? la : lb);
				if (c == 0 && la != lb)
					c = la < lb ? -1 : 1;
				if (c != 0 || pa[la] == '\0' || pb[lb] == '\0')
					break;
				pa += la + 1;
				pb += lb + 1;
			}
			ck_assert_msg(c < 0, "%s: %s before %s", schemas[k], a,
			    b);
		}
	}
}
END_TEST

/* ECS network.bytes sums exactly past 2^64; CSV quotes only --name. */
START_TEST(test_ecs_csv)
{
	struct writer_opts	 o = { .name = "a,\"b\"", .version = "1",
	    .format = WRITER_CSV, .schema = WRITER_ECS };
	static const uint8_t	 a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	struct flow_key		 k;
	struct flow_rec		 r, *f = &r;
	struct writer		*w;
	char			 err[256], *buf = NULL;
	size_t			 len = 0;
	FILE			*fp;

	flowkey_init(&k);
	flowkey_add_ipv4(&k, a, b);
	flowkey_add_tcp(&k, 1, 2);
	rec_init(f, &k);
	f->bytes[0] = f->bytes[1] = UINT64_MAX;
	f->pkts[0] = f->pkts[1] = 1;
	f->sent = 3;
	r.first_ns = r.last_ns = S;
	r.ts_ns = 2 * S;
	r.final = true;
	r.reason = (uint8_t)END_IDLE;
	fp = open_memstream(&buf, &len);
	o.fields = "agent.name,network.bytes,event.type,event.reason,"
	    "event.duration,flow.final";
	w = writer_new(fp, &o, err, sizeof(err));
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(writer_begin(w), 0);
	ck_assert_int_eq(writer_write(w, &r), 0);
	ck_assert_int_eq(writer_end(w), 0);
	writer_free(w);
	fclose(fp);
	ck_assert_str_eq(buf, "agent.name,network.bytes,event.type,"
	    "event.reason,event.duration,flow.final\n"
	    "\"a,\"\"b\"\"\",36893488147419103230,connection;end,idle,0,"
	    "true\n");
	free(buf);
}
END_TEST

static Suite *
writer_suite(void)
{
	Suite	*s = suite_create("writer");
	TCase	*tc = tcase_create("legacy");

	tcase_add_test(tc, test_spec_example);
	tcase_add_test(tc, test_big_counters);
	suite_add_tcase(s, tc);
	tc = tcase_create("text");
	tcase_add_test(tc, test_ipv6_text);
	tcase_add_test(tc, test_ipv6_random);
	tcase_add_test(tc, test_ipv4_text);
	tcase_add_test(tc, test_mac_text);
	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_full_device);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_tables_sorted);
	tcase_add_test(tc, test_ecs_csv);
	tcase_add_test(tc, test_dup_holds);
	tcase_add_test(tc, test_ob_time);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(writer_suite());
}
