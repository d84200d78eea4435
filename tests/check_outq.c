/*
 * check_outq.c -- the writing thread: the same bytes as writing on one
 * thread, records copied when put (the flow may change at once), and a
 * write error handed back to the producer.
 */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flowkey.h"
#include "outq.h"
#include "writer.h"
#include "testutil.h"

#define NREC	5000
#define S	((fd_ns)1000000000)

/* Record "i": a flow and key of its own, some IPv6, some final. */
static void
make(size_t i, struct flow *f, struct flow_key *k, struct flow_report *r)
{
	uint8_t	m1[6] = { 2, 0, 0, 0, 0, (uint8_t)i };
	uint8_t	m2[6] = { 2, 0, 0, 0, 1, (uint8_t)(i >> 8) };
	uint8_t	a4[4] = { 10, 0, (uint8_t)(i >> 8), (uint8_t)i };
	uint8_t	b4[4] = { 198, 18, 0, 1 };
	uint8_t	a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = (uint8_t)i };
	uint8_t	b6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1 };

	memset(f, 0, sizeof(*f));
	flowkey_init(k);
	flowkey_add_eth(k, m1, m2);
	if (i % 7 == 0)
		flowkey_add_ipv6(k, a6, b6);
	else
		flowkey_add_ipv4(k, a4, b4);
	if (i % 3 == 0)
		flowkey_add_udp(k, (uint16_t)(1024 + i), 53);
	else
		flowkey_add_tcp(k, (uint16_t)(1024 + i), 443);
	f->dir = k->dir;
	f->pkts[0] = i + 1;
	f->bytes[0] = 60 * (i + 1);
	f->pkts[1] = i;
	f->bytes[1] = 1500 * (uint64_t)i;
	f->sent = i > 0 ? 3 : 1;
	r->f = f;
	r->key = k->ident;
	r->first_ns = (fd_ns)1700000000 * S + i * 1000;
	r->last_ns = r->first_ns + i * 999999;
	r->ts_ns = (fd_ns)1700000100 * S;
	r->final = i % 5 == 0;
	r->reason = r->final ? END_IDLE : END_NONE;
}

static struct writer *
new_writer(FILE *fp, const char *format, const char *schema)
{
	struct writer_opts	 o = { .name = "test", .version = "1.0.0",
	    .format = format, .schema = schema };
	struct writer		*w;
	char			 err[256];

	w = writer_new(fp, &o, err, sizeof(err));
	ck_assert_ptr_nonnull(w);
	ck_assert_int_eq(writer_begin(w), 0);
	return w;
}

static void
same_output(const char *format, const char *schema)
{
	struct flow		 f;
	struct flow_key		 k;
	struct flow_report	 r;
	struct writer		*w1, *w2;
	struct outq		*oq;
	char			*b1 = NULL, *b2 = NULL, err[256];
	size_t			 n1 = 0, n2 = 0, i;
	FILE			*fp1, *fp2;

	fp1 = open_memstream(&b1, &n1);
	fp2 = open_memstream(&b2, &n2);
	w1 = new_writer(fp1, format, schema);
	w2 = new_writer(fp2, format, schema);
	oq = outq_new(w2, err, sizeof(err));
	ck_assert_ptr_nonnull(oq);
	for (i = 0; i < NREC; i++) {
		make(i, &f, &k, &r);
		ck_assert_int_eq(writer_write(w1, &r), 0);
		ck_assert_int_eq(outq_put(oq, &r), 0);
		/* put copied them: changing them now changes nothing */
		memset(&f, 0xa5, sizeof(f));
		memset(k.ident, 0x5a, sizeof(k.ident));
	}
	ck_assert_int_eq(outq_end(oq), 0);
	ck_assert_int_eq(outq_end(oq), 0);	/* ended already: no-op */
	ck_assert_int_eq(writer_end(w1), 0);
	ck_assert_int_eq(writer_end(w2), 0);
	fclose(fp1);
	fclose(fp2);
	ck_assert_uint_gt(n1, NREC * 100);
	ck_assert_uint_eq(n1, n2);
	ck_assert(memcmp(b1, b2, n1) == 0);
	outq_free(oq);
	outq_free(NULL);
	writer_free(w1);
	writer_free(w2);
	free(b1);
	free(b2);
}

START_TEST(test_same_ndjson)
{
	same_output("ndjson", "legacy");
	same_output("ndjson", "ecs");
}
END_TEST

START_TEST(test_same_csv)
{
	same_output("csv", "ecs");
}
END_TEST

/* Nothing put: nothing written, a clean end. */
START_TEST(test_empty)
{
	struct writer	*w;
	struct outq	*oq;
	char		*b = NULL, err[256];
	size_t		 n = 0;
	FILE		*fp;

	fp = open_memstream(&b, &n);
	w = new_writer(fp, "ndjson", "legacy");
	oq = outq_new(w, err, sizeof(err));
	outq_free(oq);		/* ends it */
	ck_assert_int_eq(writer_end(w), 0);
	fclose(fp);
	ck_assert_uint_eq(n, 0);
	writer_free(w);
	free(b);
}
END_TEST

/* A full disk: the producer learns of it, with the writer's errno. */
START_TEST(test_write_error)
{
	struct flow		 f;
	struct flow_key		 k;
	struct flow_report	 r;
	struct writer		*w;
	struct outq		*oq;
	char			 err[256];
	size_t			 i;
	int			 rc = 0;
	FILE			*fp;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		return;		/* no /dev/full here */
	w = new_writer(fp, "ndjson", "legacy");
	oq = outq_new(w, err, sizeof(err));
	for (i = 0; i < 10000000 && rc == 0; i++) {
		make(i % NREC, &f, &k, &r);
		rc = outq_put(oq, &r);
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_int_eq(errno, ENOSPC);
	errno = 0;
	ck_assert_int_eq(outq_end(oq), -1);
	ck_assert_int_eq(errno, ENOSPC);
	outq_free(oq);
	writer_free(w);
	fclose(fp);
}
END_TEST

static Suite *
outq_suite(void)
{
	Suite	*s = suite_create("outq");
	TCase	*tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_same_ndjson);
	tcase_add_test(tc, test_same_csv);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_write_error);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(outq_suite());
}
