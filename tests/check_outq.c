/*
 * check_outq.c -- the writing thread: the same bytes as writing on one
 * thread, records and their extras copied when put (the flow may change
 * at once), and a write error handed back to the producer.
 */
#include <config.h>

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "flowkey.h"
#include "outq.h"
#include "writer.h"
#include "testutil.h"

#define NREC	5000
#define S	((fd_ns)1000000000)

/*
 * Record "i": a key of its own, some IPv6, some final; every fourth
 * with extras of its own ("ext", 40 bytes a record).
 */
static void
make(size_t i, struct flow_rec *r, uint8_t *ext)
{
	struct flow_key	 k[1];
	uint8_t	m1[6] = { 2, 0, 0, 0, 0, (uint8_t)i };
	uint8_t	m2[6] = { 2, 0, 0, 0, 1, (uint8_t)(i >> 8) };
	uint8_t	a4[4] = { 10, 0, (uint8_t)(i >> 8), (uint8_t)i };
	uint8_t	b4[4] = { 198, 18, 0, 1 };
	uint8_t	a6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = (uint8_t)i };
	uint8_t	b6[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1 };

	memset(r, 0, sizeof(*r));
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
	memcpy(r->key, k->ident, flowkey_ident_len(k->ident));
	r->dir = k->dir;
	r->pkts[0] = i + 1;
	r->bytes[0] = 60 * (i + 1);
	r->pkts[1] = i;
	r->bytes[1] = 1500 * (uint64_t)i;
	r->sent = i > 0 ? 3 : 1;
	if (i % 4 == 0) {
		memset(ext, (int)(i & 0xff), 40);
		r->ext = ext;
		r->ext_len = 40 - (uint32_t)(i % 3);
	}
	r->first_ns = (fd_ns)1700000000 * S + i * 1000;
	r->last_ns = r->first_ns + i * 999999;
	r->ts_ns = (fd_ns)1700000100 * S;
	r->final = i % 5 == 0;
	r->reason = (uint8_t)(r->final ? END_IDLE : END_NONE);
}

static struct writer *
new_writer(FILE *fp, enum writer_format format, enum writer_schema schema)
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

static struct outq *
new_outq(struct writer *w, unsigned nthreads)
{
	struct outq_sink	 sink;
	struct outq		*oq;
	char			 err[256];

	outq_writer_sink(&sink, w);
	oq = outq_new(&sink, nthreads, err, sizeof(err));
	ck_assert_ptr_nonnull(oq);
	return oq;
}

/*
 * The same bytes through "nthreads" writing threads (each formatting
 * every nthreads-th batch) as from the writer alone, a flush on the way
 * included.
 */
static void
same_output(enum writer_format format, enum writer_schema schema,
    unsigned nthreads)
{
	struct flow_rec		 r;
	struct writer		*w1, *w2;
	struct outq		*oq;
	uint8_t			 ext[40];
	char			*b1 = NULL, *b2 = NULL;
	size_t			 n1 = 0, n2 = 0, i;
	FILE			*fp1, *fp2;

	fp1 = open_memstream(&b1, &n1);
	fp2 = open_memstream(&b2, &n2);
	w1 = new_writer(fp1, format, schema);
	w2 = new_writer(fp2, format, schema);
	oq = new_outq(w2, nthreads);
	for (i = 0; i < NREC; i++) {
		make(i, &r, ext);
		ck_assert_int_eq(writer_write(w1, &r), 0);
		ck_assert_int_eq(outq_put(oq, &r), 0);
		/* put copied it: changing it now changes nothing */
		memset(&r, 0xa5, sizeof(r));
		if (i == NREC / 3)
			ck_assert_int_eq(outq_flush(oq), 0);
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
	unsigned	n;

	for (n = 1; n <= 4; n++) {
		same_output(WRITER_NDJSON, WRITER_LEGACY, n);
		same_output(WRITER_NDJSON, WRITER_ECS, n);
	}
}
END_TEST

/* The header first, whatever the number of threads. */
START_TEST(test_same_csv)
{
	unsigned	n;

	for (n = 1; n <= 4; n++)
		same_output(WRITER_CSV, WRITER_ECS, n);
}
END_TEST

/* Nothing put: nothing written, a clean end. */
START_TEST(test_empty)
{
	struct writer	*w;
	struct outq	*oq;
	char		*b = NULL;
	size_t		 n = 0;
	FILE		*fp;

	fp = open_memstream(&b, &n);
	w = new_writer(fp, WRITER_NDJSON, WRITER_LEGACY);
	oq = new_outq(w, 2);
	outq_free(oq);		/* ends it */
	ck_assert_int_eq(writer_end(w), 0);
	fclose(fp);
	ck_assert_uint_eq(n, 0);
	writer_free(w);
	free(b);
}
END_TEST

/*
 * A full disk: the producer learns of it, with the writer's errno,
 * whether one thread writes or several.
 */
static void
write_error(unsigned nthreads)
{
	struct flow_rec		 r;
	struct writer		*w;
	struct outq		*oq;
	uint8_t			 ext[40];
	size_t			 i;
	int			 rc = 0;
	FILE			*fp;

	if ((fp = fopen("/dev/full", "w")) == NULL)
		return;		/* no /dev/full here */
	w = new_writer(fp, WRITER_NDJSON, WRITER_LEGACY);
	oq = new_outq(w, nthreads);
	for (i = 0; i < 10000000 && rc == 0; i++) {
		make(i % NREC, &r, ext);
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

START_TEST(test_write_error)
{
	write_error(1);
	write_error(2);
	write_error(3);
}
END_TEST

/* A sink that checks each record against make()'s, extras included. */
struct expect {
	size_t	n;		/* records seen */
	size_t	nflush;
};

static int
expect_write(void *arg, const struct flow_rec *got)
{
	struct expect	*x = arg;
	struct flow_rec	 want;
	uint8_t		 ext[40];

	make(x->n++, &want, ext);
	ck_assert_uint_eq(got->ext_len, want.ext_len);
	ck_assert(memcmp(got->key, want.key, flowkey_ident_len(want.key))
	    == 0);
	ck_assert(got->pkts[0] == want.pkts[0] && got->bytes[1] ==
	    want.bytes[1] && got->first_ns == want.first_ns &&
	    got->final == want.final && got->dir == want.dir);
	if (want.ext == NULL)
		ck_assert_ptr_null(got->ext);
	else {
		ck_assert_ptr_nonnull(got->ext);
		ck_assert_ptr_ne(got->ext, want.ext);
		ck_assert_uint_eq((uintptr_t)got->ext % 16, 0);
		ck_assert(memcmp(got->ext, ext, want.ext_len) == 0);
	}
	return 0;
}

static int
expect_flush(void *arg)
{
	((struct expect *)arg)->nflush++;
	return 0;
}

/*
 * Records reach the sink in order, each with a copy of its extras
 * (aligned, in the batch), whatever happens to the original after the
 * put; a flush reaches it too.
 */
START_TEST(test_extras_copied)
{
	struct expect		 x = { 0, 0 };
	struct outq_sink	 sink = { expect_write, expect_flush, &x, NULL,
	    NULL };
	struct flow_rec		 r;
	struct outq		*oq;
	uint8_t			 ext[40];
	char			 err[256];
	size_t			 i;

	oq = outq_new(&sink, 1, err, sizeof(err));
	ck_assert_ptr_nonnull(oq);
	for (i = 0; i < NREC; i++) {
		make(i, &r, ext);
		ck_assert_int_eq(outq_put(oq, &r), 0);
		memset(ext, 0xee, sizeof(ext));
		memset(&r, 0xa5, sizeof(r));
		if (i == NREC / 2)
			ck_assert_int_eq(outq_flush(oq), 0);
	}
	ck_assert_int_eq(outq_end(oq), 0);
	ck_assert_uint_eq(x.n, NREC);
	ck_assert_uint_eq(x.nflush, 1);
	outq_free(oq);
	/* extras larger than a batch can carry are refused */
	r.ext = ext;
	r.ext_len = 64 * 1024 + 1;
	oq = outq_new(&sink, 1, err, sizeof(err));
	errno = 0;
	ck_assert_int_eq(outq_put(oq, &r), -1);
	ck_assert_int_eq(errno, EOVERFLOW);
	outq_free(oq);
}
END_TEST

/* A sink that writes nothing until its gate opens, then checks. */
struct gate {
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	bool		 open;
	struct expect	 x;
};

static int
gate_write(void *arg, const struct flow_rec *r)
{
	struct gate	*g = arg;

	pthread_mutex_lock(&g->mu);
	while (!g->open)
		pthread_cond_wait(&g->cv, &g->mu);
	pthread_mutex_unlock(&g->mu);
	return expect_write(&g->x, r);
}

static int
gate_flush(void *arg)
{
	return expect_flush(&((struct gate *)arg)->x);
}

struct putter {
	struct outq	*oq;
	size_t		 from, to;	/* make()'s records to put */
	_Atomic size_t	 done;
};

static void *
put_range(void *arg)
{
	struct putter	*p = arg;
	struct flow_rec	 r;
	uint8_t		 ext[40];
	size_t		 i;

	for (i = p->from; i < p->to; i++) {
		make(i, &r, ext);
		ck_assert_int_eq(outq_put(p->oq, &r), 0);
		atomic_store(&p->done, i + 1 - p->from);
	}
	return NULL;
}

#define BATCH	256		/* outq.c's records a batch */

/*
 * The queue makes batches while the writer is behind, past the 512 of
 * the end of the input; once outq_input_done() says the input ended,
 * it makes no more (the producer waits for one to be freed), and every
 * record still comes out, in order.
 */
START_TEST(test_depth)
{
	struct gate		 g = { .open = false };
	struct outq_sink	 sink = { gate_write, gate_flush, &g, NULL,
	    NULL };
	struct putter		 p;
	struct outq		*oq;
	pthread_t		 t;
	char			 err[256];
	size_t			 deep = 600, more = 100;

	pthread_mutex_init(&g.mu, NULL);
	pthread_cond_init(&g.cv, NULL);
	oq = outq_new(&sink, 1, err, sizeof(err));
	ck_assert_ptr_nonnull(oq);
	/* the writer is stuck in the first record: nothing is freed */
	p.oq = oq;
	p.from = 0;
	p.to = deep * BATCH;
	atomic_init(&p.done, 0);
	put_range(&p);
	ck_assert_uint_eq(outq_batches(oq), deep);
	outq_input_done(oq);
	p.from = deep * BATCH;
	p.to = (deep + more) * BATCH;
	atomic_init(&p.done, 0);
	ck_assert_int_eq(pthread_create(&t, NULL, put_range, &p), 0);
	usleep(100000);
	/* the first record claimed a batch and waits for a free one */
	ck_assert_uint_eq(atomic_load(&p.done), 0);
	ck_assert_uint_eq(outq_batches(oq), deep);
	pthread_mutex_lock(&g.mu);
	g.open = true;
	pthread_cond_broadcast(&g.cv);
	pthread_mutex_unlock(&g.mu);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	ck_assert_int_eq(outq_end(oq), 0);
	ck_assert_uint_eq(g.x.n, (deep + more) * BATCH);
	ck_assert_uint_eq(outq_batches(oq), deep);
	outq_free(oq);
	pthread_cond_destroy(&g.cv);
	pthread_mutex_destroy(&g.mu);
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
	tcase_add_test(tc, test_extras_copied);
	tcase_add_test(tc, test_write_error);
	tcase_add_test(tc, test_depth);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(outq_suite());
}
