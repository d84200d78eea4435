/*
 * check_reader.c -- the reading thread: its batches hold exactly what
 * reading and decoding on one thread gives, failures in their place,
 * and it stops when told, even while it waits for input on a pipe.
 */
#include <config.h>

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"
#include "testutil.h"

static atomic_int	no_stop;

static struct pcapin *
open_inputs(const char *a, const char *b)
{
	struct pcapin	*in = pcapin_new();
	char		 err[1024];

	ck_assert_int_eq(pcapin_add(in, testdata(a), err, sizeof(err)), 0);
	if (b != NULL)
		ck_assert_int_eq(pcapin_add(in, testdata(b), err, sizeof(err)), 0);
	return in;
}

static void
same_pkt(const struct decoded *x, const struct decoded *y)
{
	ck_assert(x->t == y->t);
	ck_assert_uint_eq(x->wirelen, y->wirelen);
	ck_assert_int_eq(x->rejected, y->rejected);
	ck_assert_int_eq(x->frac_carry, y->frac_carry);
	ck_assert_uint_eq(x->num, y->num);
	ck_assert_uint_eq(x->input, y->input);
	ck_assert_ptr_eq(x->ifname, y->ifname);
	ck_assert_int_eq(decoded_lookup_ahead(x), decoded_lookup_ahead(y));
	if (x->rejected)
		return;
	ck_assert_uint_eq(x->pk.nokey, y->pk.nokey);
	ck_assert_uint_eq(x->pk.stop, y->pk.stop);
	ck_assert_uint_eq(x->pk.frag, y->pk.frag);
	ck_assert_uint_eq(x->pk.icmp_ver, y->pk.icmp_ver);
	ck_assert_int_eq(x->pk.key.dir, y->pk.key.dir);
	ck_assert_mem_eq(x->pk.key.ident, y->pk.key.ident,
	    flowkey_ident_len(x->pk.key.ident));
}

/*
 * Read "a" (and "b", merged) through the reader, and again on this
 * thread; the batches must hold the same records and failures in the
 * same order.  Return the number of records.
 */
static size_t
compare(const char *a, const char *b, const char *filter)
{
	struct pcapin		*in = open_inputs(a, b);
	struct pcapin		*direct = open_inputs(a, b);
	struct reader		*rd;
	struct reader_batch	*bt;
	struct record		 rec;
	struct pcapin_error	 e;
	struct decoded	 p;
	char			 err[1024];
	size_t			 i, total = 0;
	int			 rc, nbatches = 0;
	bool			 ended = false;

	if (filter != NULL) {
		ck_assert_int_eq(pcapin_set_filter(in, filter, err,
		    sizeof(err)), 0);
		ck_assert_int_eq(pcapin_set_filter(direct, filter, err,
		    sizeof(err)), 0);
	}
	rd = reader_new(in, false, &no_stop, err, sizeof(err));
	ck_assert_ptr_nonnull(rd);
	while ((bt = reader_next(rd)) != NULL) {
		ck_assert(!ended);
		ck_assert_uint_le(bt->n, READER_BATCH);
		nbatches++;
		for (i = 0; i < bt->n; i++) {
			ck_assert_int_eq(pcapin_next(direct, &rec, &e), 1);
			decode_record(&rec, false, &p);
			same_pkt(&bt->pkt[i], &p);
		}
		total += bt->n;
		if (bt->failed) {
			ck_assert_int_eq(pcapin_next(direct, &rec, &e), -1);
			ck_assert_uint_eq(bt->err.input, e.input);
			ck_assert_int_eq(bt->err.offset, e.offset);
			ck_assert_int_eq(bt->err.kind, e.kind);
			ck_assert_str_eq(bt->err.msg, e.msg);
		} else if (bt->end) {
			ck_assert_int_eq(pcapin_next(direct, &rec, &e), 0);
			ended = true;
		} else
			ck_assert_uint_eq(bt->n, READER_BATCH);
		reader_release(rd);
	}
	ck_assert(ended);
	ck_assert_int_ge(nbatches, 1);
	rc = pcapin_next(direct, &rec, &e);
	ck_assert_int_eq(rc, 0);
	reader_free(rd);
	pcapin_free(in);
	pcapin_free(direct);
	return total;
}

/* Several batches of one file. */
START_TEST(test_batches)
{
	ck_assert_uint_eq(compare("ndpi-gnutella.pcap", NULL, NULL), 3905);
}
END_TEST

/* Two inputs merged, a filter, a damaged input among them. */
START_TEST(test_merge_filter_damage)
{
	ck_assert_uint_eq(compare("pb-mysql_long.pcap", "zeek-ticks-dns-1hr.pcap",
	    "udp"), 32 + 10);
	ck_assert_uint_eq(compare("suricata-smtp-to-comma-truncated.pcap",
	    "pb-mysql_long.pcap", NULL), 18 + 32);
}
END_TEST

/* A stop flag already set: one empty last batch. */
START_TEST(test_stop)
{
	struct pcapin		*in = open_inputs("ndpi-gnutella.pcap", NULL);
	struct reader		*rd;
	struct reader_batch	*bt;
	atomic_int		 stop;
	char			 err[1024];

	atomic_init(&stop, 1);
	rd = reader_new(in, false, &stop, err, sizeof(err));
	ck_assert_ptr_nonnull(bt = reader_next(rd));
	ck_assert(bt->end);
	ck_assert(!bt->failed);
	ck_assert_uint_eq(bt->n, 0);
	reader_release(rd);
	ck_assert_ptr_null(reader_next(rd));
	reader_free(rd);
	reader_free(NULL);
	pcapin_free(in);
}
END_TEST

/*
 * A pipe that stays open after a few records: the thread waits for more
 * input, and reader_free() ends the wait instead of hanging.  Freeing a
 * reader whose batches were never taken works too.
 */
START_TEST(test_free_while_waiting)
{
	struct pcapin	*in = pcapin_new();
	struct reader	*rd;
	char		 err[1024], name[64], buf[4096];
	FILE		*fp;
	size_t		 n;
	int		 fd[2];

	fp = fopen(testdata("zeek-ticks-dns-1hr.pcap"), "rb");
	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	ck_assert_uint_gt(n, 24);
	ck_assert_int_eq(pipe(fd), 0);
	ck_assert_int_eq(write(fd[1], buf, n), (ssize_t)n);
	snprintf(name, sizeof(name), "/dev/fd/%d", fd[0]);
	ck_assert_int_eq(pcapin_add(in, name, err, sizeof(err)), 0);
	rd = reader_new(in, false, &no_stop, err, sizeof(err));
	ck_assert_ptr_nonnull(rd);
	usleep(50000);		/* it reads the records and waits */
	reader_free(rd);
	pcapin_free(in);
	close(fd[0]);
	close(fd[1]);
}
END_TEST

static Suite *
reader_suite(void)
{
	Suite	*s = suite_create("reader");
	TCase	*tc = tcase_create("core");

	atomic_init(&no_stop, 0);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_batches);
	tcase_add_test(tc, test_merge_filter_damage);
	tcase_add_test(tc, test_stop);
	tcase_add_test(tc, test_free_while_waiting);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(reader_suite());
}
