/*
 * check_engine.c -- the pass on packet time: ticks, timeouts, reports,
 * record order, late records, fragments and the summary's partition.
 */
#include <config.h>

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "engine.h"
#include "flowkey.h"
#include "fragtab.h"
#include "groups.h"
#include "testutil.h"

#define S	1000000000ULL

/* Raw IPv4 + UDP 10.0.0.<src>:<sport> -> 10.0.0.<dst>:53. */
static uint8_t frame[28] = {
	0x45, 0x00, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00,
	0x40, 0x11, 0x00, 0x00,
	10, 0, 0, 1,
	10, 0, 0, 2,
	0x10, 0x00, 0x00, 0x35, 0x00, 0x08, 0x00, 0x00,
};

struct rec {
	uint64_t	seq;
	fd_ns		ts;
	bool		final;
	int		reason;
	uint64_t	pkts[2];
	fd_ns		first, last;
	uint8_t		src_last_octet;
};

static struct rec	out[256];
static size_t		nout;
static struct stats	st;
static int		fail_after = -1;

static int
collect(const struct flow_rec *r, void *arg)
{
	const uint8_t	*a, *b;

	(void)arg;
	if (fail_after >= 0 && (int)nout >= fail_after)
		return -1;
	ck_assert_uint_lt(nout, 256);
	out[nout].seq = r->seq;
	out[nout].ts = r->ts_ns;
	out[nout].final = r->final;
	out[nout].reason = r->reason;
	out[nout].pkts[0] = r->pkts[0];
	out[nout].pkts[1] = r->pkts[1];
	out[nout].first = r->first_ns;
	out[nout].last = r->last_ns;
	if (flowkey_pair(r->key, FK_IPV4, 4, r->dir, &a, &b))
		out[nout].src_last_octet = a[3];
	nout++;
	return 0;
}

/* --max-flows model: which flows (by source port) are live, and when. */
#define NMODEL	64
static struct {
	bool		live;
	uint64_t	last;
	uint64_t	seq;
} model[NMODEL];
static uint64_t	model_seq;
static int	nevicted;

static int
check_evict(const struct flow_rec *r, void *arg)
{
	const uint8_t	*a, *b;
	uint16_t	 port;
	int		 i;

	(void)arg;
	if (r->reason != END_EVICTED)
		return 0;
	ck_assert(flowkey_pair(r->key, FK_UDP, 2, r->dir, &a, &b));
	port = flowkey_le16(a);
	ck_assert(port < NMODEL && model[port].live);
	/* it is the least recently seen, the earliest created among equals */
	for (i = 0; i < NMODEL; i++) {
		if (!model[i].live || i == port)
			continue;
		ck_assert(model[i].last > model[port].last ||
		    (model[i].last == model[port].last &&
		    model[i].seq > model[port].seq));
	}
	model[port].live = false;
	nevicted++;
	return 0;
}

static struct engine *
start(uint64_t timeout_s, int64_t period_s, bool delta)
{
	struct engine_opts	o = {
		.timeout_ns = timeout_s * S,
		.period_ns = period_s * (int64_t)S,
		.delta = delta,
	};

	nout = 0;
	fail_after = -1;
	memset(&st, 0, sizeof(st));
	return engine_new(&o, &st, collect, NULL);
}

/* Feed one packet src -> dst with "sport" at "sec" + "ns". */
static int
feed(struct engine *e, uint8_t src, uint8_t dst, uint16_t sport,
    uint64_t sec, uint64_t ns)
{
	struct record	 r;
	uint16_t		 sp = src < dst ? sport : 53;
	uint16_t		 dp = src < dst ? 53 : sport;

	frame[15] = src;
	frame[19] = dst;
	frame[20] = (uint8_t)(sp >> 8);
	frame[21] = (uint8_t)sp;
	frame[22] = (uint8_t)(dp >> 8);
	frame[23] = (uint8_t)dp;
	memset(&r, 0, sizeof(r));
	r.sec = sec;
	r.frac_ns = ns;
	r.data = frame;
	r.caplen = sizeof(frame);
	r.wirelen = 100;
	r.linktype = DECODE_LINK_IPV4;
	if (engine_record(e, &r) == -1)
		return -1;
	return engine_flush(e);
}

/*
 * The shape of zeek-ticks-dns-1hr.pcap: ten one-packet flows an hour apart
 * on a 10-s boundary give 5 intermediate records (+10 .. +50 s) and a
 * final idle one (+60 s) each, the last a final eof one: 55 records.
 */
START_TEST(test_hourly_flows)
{
	struct engine	*e = start(30, 10, false);
	uint64_t	 t0 = 1000000000, k;
	size_t		 i;

	for (k = 0; k < 10; k++)
		ck_assert_int_eq(feed(e, 1, 2, (uint16_t)(1000 + k),
		    t0 + 3600 * k, 0), 0);
	ck_assert_int_eq(engine_finish(e, END_EOF), 0);
	ck_assert_uint_eq(nout, 55);
	for (k = 0; k < 9; k++) {
		for (i = 0; i < 5; i++) {
			ck_assert(!out[6 * k + i].final);
			ck_assert(out[6 * k + i].ts == (fd_ns)(t0 + 3600 * k +
			    10 * (i + 1)) * S);
		}
		ck_assert(out[6 * k + 5].final);
		ck_assert_int_eq(out[6 * k + 5].reason, END_IDLE);
		ck_assert(out[6 * k + 5].ts == (fd_ns)(t0 + 3600 * k + 60) * S);
	}
	ck_assert_int_eq(out[54].reason, END_EOF);
	ck_assert(out[54].ts == (fd_ns)(t0 + 32400) * S);
	ck_assert_uint_eq(st.v[ST_REC_REPORT], 45);
	ck_assert_uint_eq(st.v[ST_REC_IDLE], 9);
	ck_assert_uint_eq(st.v[ST_REC_EOF], 1);
	ck_assert_uint_eq(st.v[ST_PEAK_FLOWS], 1);
	engine_free(e);

	/* with periodic reports off: 10 records */
	e = start(30, -1, false);
	for (k = 0; k < 10; k++)
		feed(e, 1, 2, (uint16_t)(1000 + k), t0 + 3600 * k, 0);
	engine_finish(e, END_EOF);
	ck_assert_uint_eq(nout, 10);
	/* tick = timeout = 30 s: idle at the second tick after the packet */
	ck_assert(out[0].ts == (fd_ns)(t0 + 60) * S);
	engine_free(e);
}
END_TEST

/*
 * A conversation quiet for longer than the timeout is two flow
 * instances with the same key; the second's source is its first sender.
 */
START_TEST(test_gap_splits)
{
	struct engine	*e = start(30, -1, false);

	feed(e, 1, 2, 4000, 1000, 0);
	feed(e, 2, 1, 4000, 1001, 0);
	feed(e, 2, 1, 4000, 1100, 0);		/* 99 s later */
	engine_finish(e, END_EOF);
	ck_assert_uint_eq(nout, 2);
	ck_assert_int_eq(out[0].reason, END_IDLE);
	ck_assert(out[0].ts == (fd_ns)1060 * S);
	ck_assert(out[0].pkts[0] == 1 && out[0].pkts[1] == 1);
	ck_assert_uint_eq(out[0].src_last_octet, 1);
	ck_assert_int_eq(out[1].reason, END_EOF);
	ck_assert_uint_eq(out[1].src_last_octet, 2);
	ck_assert(out[1].pkts[0] == 1 && out[1].pkts[1] == 0);
	ck_assert_uint_eq(st.v[ST_FLOWS], 2);
	engine_free(e);
}
END_TEST

/* The idle test is strict: exactly "timeout" idle is not idle. */
START_TEST(test_strict_idle)
{
	struct engine	*e = start(30, -1, false);

	feed(e, 1, 2, 1, 1000, 0);		/* A = 1000; ticks 1030, 1060 */
	feed(e, 1, 2, 2, 1030, 0);		/* tick 1030: idle 30 s, kept */
	feed(e, 1, 2, 3, 1060, 1);		/* tick 1060: ends */
	ck_assert_uint_eq(nout, 1);
	ck_assert(out[0].ts == (fd_ns)1060 * S);
	ck_assert_uint_eq(out[0].seq, 0);
	engine_free(e);
}
END_TEST

/* Flows ending on one tick are written in creation order. */
START_TEST(test_expiry_order)
{
	struct engine	*e = start(30, -1, false);

	feed(e, 1, 2, 1, 1000, 0);		/* flow 0 */
	feed(e, 1, 2, 2, 1001, 0);		/* flow 1 */
	feed(e, 1, 2, 1, 1002, 0);		/* flow 0 seen last */
	feed(e, 1, 2, 9, 1090, 0);
	ck_assert_uint_eq(nout, 2);
	ck_assert_uint_eq(out[0].seq, 0);
	ck_assert_uint_eq(out[1].seq, 1);
	engine_finish(e, END_INTERRUPTED);
	ck_assert_uint_eq(nout, 3);
	ck_assert_int_eq(out[2].reason, END_INTERRUPTED);
	ck_assert_uint_eq(st.v[ST_REC_INTR], 1);
	engine_free(e);
}
END_TEST

/* A late record counts at the clock's time; a far-future one is skipped. */
START_TEST(test_late_and_bad_time)
{
	struct engine	*e = start(30, -1, false);

	feed(e, 1, 2, 1, 1005, 0);
	feed(e, 1, 2, 1, 1001, 0);		/* late */
	feed(e, 1, 2, 1, UTIL_MAX_SEC, 0);	/* year 10000: skipped */
	feed(e, 1, 2, 1, 1006, 2000000000);	/* fraction carries */
	engine_finish(e, END_EOF);
	ck_assert_uint_eq(nout, 1);
	ck_assert(out[0].first == (fd_ns)1005 * S);
	ck_assert(out[0].last == (fd_ns)1008 * S);
	ck_assert(out[0].ts == (fd_ns)1008 * S);
	ck_assert_uint_eq(out[0].pkts[0], 3);
	ck_assert_uint_eq(st.v[ST_LATE], 1);
	ck_assert_uint_eq(st.v[ST_BAD_TIME], 1);
	ck_assert_uint_eq(st.v[ST_NSEC_CARRY], 1);
	ck_assert_uint_eq(st.v[ST_READ], 4);
	ck_assert_uint_eq(st.v[ST_IN_FLOWS], 3);
	engine_free(e);
}
END_TEST

/* Delta mode: each record has the counts since the previous one. */
START_TEST(test_delta)
{
	struct engine	*e = start(30, 10, true);

	feed(e, 1, 2, 1, 1000, 0);
	feed(e, 2, 1, 1, 1001, 0);
	feed(e, 1, 2, 1, 1012, 0);		/* after the report at 1010 */
	feed(e, 2, 1, 1, 1025, 0);		/* after the report at 1020 */
	engine_finish(e, END_EOF);
	ck_assert_uint_eq(nout, 3);
	ck_assert(out[0].ts == (fd_ns)1010 * S);
	ck_assert(out[0].pkts[0] == 1 && out[0].pkts[1] == 1);
	ck_assert(out[1].ts == (fd_ns)1020 * S);
	ck_assert(out[1].pkts[0] == 1 && out[1].pkts[1] == 0);
	ck_assert(out[2].final);
	ck_assert(out[2].pkts[0] == 0 && out[2].pkts[1] == 1);
	engine_free(e);
}
END_TEST

/* Rejected and unsupported records move the clock too. */
START_TEST(test_clock_moved_by_skipped)
{
	struct engine		*e = start(30, -1, false);
	struct record	 r;

	feed(e, 1, 2, 1, 1000, 0);
	memset(&r, 0, sizeof(r));
	r.sec = 1100;
	r.data = frame;
	r.caplen = sizeof(frame);
	r.linktype = DECODE_LINK_IPV4;
	r.rejected = true;
	engine_record(e, &r);
	engine_flush(e);
	ck_assert_uint_eq(nout, 1);		/* the flow ended at 1060 */
	r.rejected = false;
	r.linktype = 147;
	r.sec = 1200;
	engine_record(e, &r);
	engine_flush(e);
	ck_assert_uint_eq(st.v[ST_FILTERED], 1);
	ck_assert_uint_eq(st.v[ST_UNSUPPORTED_LINK], 1);
	ck_assert_uint_eq(st.v[ST_READ], st.v[ST_IN_FLOWS] +
	    st.v[ST_FILTERED] + st.v[ST_UNSUPPORTED_LINK]);
	engine_free(e);
}
END_TEST

/* A later fragment joins its first fragment's flow. */
START_TEST(test_fragments)
{
	struct engine	*e = start(30, -1, false);
	uint8_t		 save[28];

	memcpy(save, frame, sizeof(save));
	frame[6] = 0x20;			/* MF */
	feed(e, 1, 2, 777, 1000, 0);
	frame[6] = 0x00;
	frame[7] = 0x02;			/* offset 16, last */
	feed(e, 1, 2, 777, 1000, 5);
	frame[4] = 0x99;			/* another datagram */
	feed(e, 1, 2, 777, 1000, 6);
	memcpy(frame, save, sizeof(save));
	engine_finish(e, END_EOF);
	ck_assert_uint_eq(nout, 2);
	ck_assert_uint_eq(out[0].pkts[0], 2);	/* UDP flow: both pieces */
	ck_assert_uint_eq(out[1].pkts[0], 1);	/* address-only flow */
	ck_assert_uint_eq(st.v[ST_FRAG_ORPHAN], 1);
	engine_free(e);
}
END_TEST

/* An emit failure stops the engine with -1. */
START_TEST(test_emit_failure)
{
	struct engine	*e = start(30, 10, false);

	feed(e, 1, 2, 1, 1000, 0);
	fail_after = 0;
	ck_assert_int_eq(feed(e, 1, 2, 1, 1020, 0), -1);
	ck_assert_int_eq(engine_finish(e, END_EOF), -1);
	engine_free(e);
}
END_TEST

/*
 * The pipeline changes nothing: records taken without flushing give the
 * same records, in the same order, as records processed one by one.
 */
START_TEST(test_pipeline)
{
	struct engine		*e;
	struct record	 r;
	struct rec		 one[256];
	size_t			 n1, i;
	uint64_t		 k;

	e = start(30, 10, false);
	for (k = 0; k < 40; k++)
		feed(e, 1, (uint8_t)(2 + k % 3), (uint16_t)(k % 7), 1000 + 7 * k,
		    0);
	engine_finish(e, END_EOF);
	engine_free(e);
	n1 = nout;
	ck_assert_uint_gt(n1, 20);
	memcpy(one, out, n1 * sizeof(*out));

	e = start(30, 10, false);
	for (k = 0; k < 40; k++) {
		uint16_t	sp = (uint16_t)(k % 7);
		uint8_t		dst = (uint8_t)(2 + k % 3);

		frame[15] = 1;
		frame[19] = dst;
		frame[20] = (uint8_t)(sp >> 8);
		frame[21] = (uint8_t)sp;
		frame[22] = 0;
		frame[23] = 53;
		memset(&r, 0, sizeof(r));
		r.sec = 1000 + 7 * k;
		r.data = frame;
		r.caplen = sizeof(frame);
		r.wirelen = 100;
		r.linktype = DECODE_LINK_IPV4;
		ck_assert_int_eq(engine_record(e, &r), 0);
	}
	engine_finish(e, END_EOF);
	engine_free(e);
	ck_assert_uint_eq(nout, n1);
	for (i = 0; i < n1; i++) {
		ck_assert_uint_eq(out[i].seq, one[i].seq);
		ck_assert(out[i].ts == one[i].ts);
		ck_assert(out[i].pkts[0] == one[i].pkts[0]);
		ck_assert_int_eq(out[i].reason, one[i].reason);
	}
}
END_TEST

/* --max-flows ends exactly the least recently seen flow each time. */
START_TEST(test_max_flows)
{
	struct engine_opts	 o = { .timeout_ns = 3600 * S,
	    .period_ns = -1, .max_flows = 8 };
	struct engine		*e;
	uint64_t		 x = 12345, t = 1000 * S;
	uint16_t		 port;
	int			 k;

	memset(model, 0, sizeof(model));
	model_seq = 0;
	nevicted = 0;
	memset(&st, 0, sizeof(st));
	e = engine_new(&o, &st, check_evict, NULL);
	for (k = 0; k < 3000; k++) {
		struct record	r;

		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		port = (uint16_t)(x >> 33) % 20;	/* 20 flows, 8 fit */
		if (x >> 62 == 0)
			port = (uint16_t)(20 + (x >> 40) % (NMODEL - 20));
		t += (x >> 50) % 3 == 0 ? 0 : ((x >> 20) % 1000) * 1000;
		frame[15] = 1;
		frame[19] = 2;
		frame[20] = (uint8_t)(port >> 8);
		frame[21] = (uint8_t)port;
		frame[22] = 0;
		frame[23] = 53;
		memset(&r, 0, sizeof(r));
		r.sec = t / S;
		r.frac_ns = t % S;
		r.data = frame;
		r.caplen = sizeof(frame);
		r.wirelen = 100;
		r.linktype = DECODE_LINK_IPV4;
		ck_assert_int_eq(engine_record(e, &r), 0);
		ck_assert_int_eq(engine_flush(e), 0);
		if (!model[port].live) {
			model[port].live = true;
			model[port].seq = model_seq++;
		}
		model[port].last = t;
		ck_assert_uint_le(engine_live_flows(e), 8);
	}
	ck_assert_int_gt(nevicted, 500);
	ck_assert_uint_eq(st.v[ST_REC_EVICTED], (uint64_t)nevicted);
	ck_assert_uint_eq(st.v[ST_PEAK_FLOWS], 8);
	engine_free(e);
}
END_TEST

/*
 * A fragment spray: 200000 first fragments of distinct datagrams, then
 * their 200000 later fragments.  The table of first fragments keeps the
 * newest 65536, so the first 134464 later fragments find none; every
 * packet is still counted once, in its first fragment's flow or in the
 * address-only flow, and the orphans are counted.
 */
START_TEST(test_fragment_spray)
{
	struct engine	*e = start(30, -1, false);
	struct record	 r;
	uint32_t	 i, pass;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < 200000; i++) {
			memset(&r, 0, sizeof(r));
			r.sec = 1000 + pass;
			r.data = frame;
			r.caplen = sizeof(frame);
			r.wirelen = 100;
			r.linktype = DECODE_LINK_IPV4;
			frame[4] = (uint8_t)(i >> 8);	/* identification */
			frame[5] = (uint8_t)i;
			frame[15] = (uint8_t)(1 + (i >> 16));
			frame[19] = 200;
			frame[20] = 0x10;
			frame[21] = 0;
			frame[6] = pass == 0 ? 0x20 : 0;	/* MF */
			frame[7] = pass == 0 ? 0 : 2;		/* offset */
			ck_assert_int_eq(engine_record(e, &r), 0);
		}
	}
	frame[4] = frame[5] = frame[6] = frame[7] = 0;
	ck_assert_int_eq(engine_finish(e, END_EOF), 0);
	ck_assert_uint_eq(st.v[ST_READ], 400000);
	ck_assert_uint_eq(st.v[ST_IN_FLOWS], 400000);
	ck_assert_uint_eq(st.v[ST_FRAG_ORPHAN], 200000 - FRAGTAB_MAX);
	engine_free(e);
}
END_TEST

/* A new flow that finds the table full stops the engine, nothing lost. */
START_TEST(test_table_full)
{
	struct engine_opts	o = { .timeout_ns = 30 * S, .table_max = 3 };
	struct engine		*e;

	nout = 0;
	fail_after = -1;
	memset(&st, 0, sizeof(st));
	e = engine_new(&o, &st, collect, NULL);
	ck_assert_int_eq(feed(e, 1, 2, 1, 1000, 0), 0);
	ck_assert_int_eq(feed(e, 1, 2, 2, 1000, 1), 0);
	ck_assert_int_eq(feed(e, 1, 2, 3, 1000, 2), 0);
	ck_assert_int_eq(feed(e, 1, 2, 1, 1000, 3), 0);	/* a known flow */
	ck_assert_int_eq(engine_error(e), ENGINE_ERR_NONE);
	ck_assert_int_eq(feed(e, 1, 2, 4, 1000, 4), -1);
	ck_assert_int_eq(engine_error(e), ENGINE_ERR_FULL);
	/* the record that stopped it is left out, as those after it */
	ck_assert_uint_eq(st.v[ST_READ], 4);
	ck_assert_uint_eq(st.v[ST_IN_FLOWS], 4);
	ck_assert_uint_eq(engine_live_flows(e), 3);
	ck_assert_int_eq(engine_finish(e, END_INTERRUPTED), 0);
	ck_assert_uint_eq(nout, 3);
	ck_assert_int_eq(out[0].reason, END_INTERRUPTED);
	ck_assert_uint_eq(out[0].pkts[0], 2);
	engine_free(e);
}
END_TEST

/* Feed "len" bytes of a raw IPv4 frame at "sec". */
static void
feed_raw(struct engine *e, const uint8_t *data, size_t len, uint64_t sec)
{
	struct record	r;

	memset(&r, 0, sizeof(r));
	r.sec = sec;
	r.data = data;
	r.caplen = len;
	r.wirelen = (uint32_t)len;
	r.linktype = DECODE_LINK_IPV4;
	ck_assert_int_eq(engine_record(e, &r), 0);
}

/*
 * The summaries of the shards of a run add up to the run's: records in
 * flows, and the details of those records (orphan fragments, layers cut
 * short), each counted by the shard that has the record's flow.
 */
START_TEST(test_shard_details)
{
	static const enum stats_counter additive[] = { ST_IN_FLOWS,
	    ST_OTHER_SHARD, ST_FRAG_ORPHAN, ST_STOP_TRUNC, ST_FLOWS };
	struct stats	 whole, sum;
	struct engine	*e;
	uint8_t		 f[28];
	uint32_t	 k, i;

	memset(&sum, 0, sizeof(sum));
	for (k = 0; k <= 2; k++) {
		struct engine_opts o = { .timeout_ns = 30 * S,
		    .nshards = k == 0 ? 0 : 2, .shard = k == 0 ? 0 : k - 1 };

		memset(&st, 0, sizeof(st));
		nout = 0;
		e = engine_new(&o, &st, collect, NULL);
		for (i = 0; i < 64; i++) {
			memcpy(f, frame, sizeof(f));
			f[15] = (uint8_t)(i + 1);	/* 10.0.0.i+1 */
			/* a later fragment whose first never came */
			f[4] = (uint8_t)i;
			f[6] = 0x00;
			f[7] = 0x02;
			feed_raw(e, f, sizeof(f), 1000 + i);
			/* a UDP header cut short */
			f[6] = f[7] = 0;
			feed_raw(e, f, 24, 1000 + i);
		}
		ck_assert_int_eq(engine_finish(e, END_EOF), 0);
		engine_free(e);
		if (k == 0)
			whole = st;
		else
			for (i = 0; i < ST_NCOUNTERS; i++)
				sum.v[i] += st.v[i];
		/* each shard has some of the flows, not all */
		if (k > 0)
			ck_assert(st.v[ST_FRAG_ORPHAN] > 0 &&
			    st.v[ST_FRAG_ORPHAN] < 64);
	}
	ck_assert_uint_eq(whole.v[ST_FRAG_ORPHAN], 64);
	ck_assert_uint_eq(whole.v[ST_STOP_TRUNC], 64);
	ck_assert_uint_eq(sum.v[ST_OTHER_SHARD], whole.v[ST_IN_FLOWS]);
	for (i = 0; i < sizeof(additive) / sizeof(additive[0]); i++)
		if (additive[i] != ST_OTHER_SHARD)
			ck_assert_msg(sum.v[additive[i]] ==
			    whole.v[additive[i]], "%s: shards %llu, whole %llu",
			    stats_name(additive[i]),
			    (unsigned long long)sum.v[additive[i]],
			    (unsigned long long)whole.v[additive[i]]);
}
END_TEST

/* The tcp group's fields of each record, as the engine reports them. */
static struct groups	tcp_groups;
static struct tcp_report tcp_out[16];
static size_t		ntcp;

static int
collect_tcp(const struct flow_rec *r, void *arg)
{
	const struct tcp_report	*t = groups_tcp(&tcp_groups, r->ext);

	(void)arg;
	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(r->ext_len, tcp_groups.rsize);
	ck_assert_uint_lt(ntcp, 16);
	tcp_out[ntcp++] = *t;
	return 0;
}

/* Feed a TCP segment 10.0.0.<src>:<sport> -> 10.0.0.<dst>:<dport>. */
static void
feed_tcp(struct engine *e, uint8_t src, uint8_t dst, uint16_t sport,
    uint16_t dport, uint8_t flags, uint32_t seq, uint32_t ack, uint64_t sec)
{
	static uint8_t	f[40];
	struct record	r;

	memset(f, 0, sizeof(f));
	f[0] = 0x45;
	f[3] = 40;			/* total length */
	f[8] = 64;
	f[9] = 6;
	f[12] = f[16] = 10;
	f[15] = src;
	f[19] = dst;
	f[20] = (uint8_t)(sport >> 8);
	f[21] = (uint8_t)sport;
	f[22] = (uint8_t)(dport >> 8);
	f[23] = (uint8_t)dport;
	f[24] = (uint8_t)(seq >> 24);
	f[25] = (uint8_t)(seq >> 16);
	f[26] = (uint8_t)(seq >> 8);
	f[27] = (uint8_t)seq;
	f[28] = (uint8_t)(ack >> 24);
	f[29] = (uint8_t)(ack >> 16);
	f[30] = (uint8_t)(ack >> 8);
	f[31] = (uint8_t)ack;
	f[32] = 0x50;			/* data offset 5 */
	f[33] = flags;
	f[34] = 0x10;			/* window */
	memset(&r, 0, sizeof(r));
	r.sec = sec;
	r.data = f;
	r.caplen = sizeof(f);
	r.wirelen = sizeof(f);
	r.linktype = DECODE_LINK_IPV4;
	ck_assert_int_eq(engine_record(e, &r), 0);
	ck_assert_int_eq(engine_flush(e), 0);
}

/*
 * The engine drives the tcp group: a handshake's state and history in
 * the periodic reports; --delta starts the flags again; a flow that
 * timed out and comes back starts a new state.
 */
START_TEST(test_tcp_group)
{
	struct engine_opts	o = { .timeout_ns = 30 * S,
	    .period_ns = 10 * (int64_t)S, .delta = true,
	    .groups = GROUP_BIT(GROUP_TCP) };
	struct engine		*e;
	char			 fl[8];

	groups_init(&tcp_groups, o.groups);
	ntcp = 0;
	memset(&st, 0, sizeof(st));
	e = engine_new(&o, &st, collect_tcp, NULL);
	feed_tcp(e, 1, 2, 40000, 22, TCPF_SYN, 100, 0, 1000);
	feed_tcp(e, 2, 1, 22, 40000, TCPF_SYN | TCPF_ACK, 500, 101, 1001);
	feed_tcp(e, 1, 2, 40000, 22, TCPF_ACK, 101, 501, 1002);
	/* the report at 1010: S1, ShA; then nothing until 1020 */
	feed_tcp(e, 1, 2, 40000, 22, TCPF_FIN | TCPF_ACK, 101, 501, 1015);
	/* idle from 1015: ends at the check after 1045; back at 1100 */
	feed_tcp(e, 2, 1, 22, 40000, TCPF_ACK, 501, 102, 1100);
	ck_assert_int_eq(engine_finish(e, END_EOF), 0);
	engine_free(e);
	ck_assert_uint_ge(ntcp, 4);
	ck_assert_str_eq(tcp_out[0].conn_state, "S1");
	ck_assert_str_eq(tcp_out[0].history, "ShA");
	tcpstate_flags_text(tcp_out[0].flags[0], fl);
	ck_assert(memcmp(fl, "...A..S.", 8) == 0);
	/* the next report: the FIN's flags only (--delta) */
	ck_assert_str_eq(tcp_out[1].conn_state, "S2");
	ck_assert_str_eq(tcp_out[1].history, "ShAF");
	tcpstate_flags_text(tcp_out[1].flags[0], fl);
	ck_assert(memcmp(fl, "...A...F", 8) == 0);
	tcpstate_flags_text(tcp_out[1].flags[1], fl);
	ck_assert(memcmp(fl, "........", 8) == 0);
	/* the last record: a new flow, from port 22 (Zeek turns it round) */
	ck_assert_str_eq(tcp_out[ntcp - 1].history, "^A");
	ck_assert_str_eq(tcp_out[ntcp - 1].conn_state, "OTH");
}
END_TEST

static Suite *
engine_suite(void)
{
	Suite	*s = suite_create("engine");
	TCase	*tc = tcase_create("time");

	tcase_add_test(tc, test_hourly_flows);
	tcase_add_test(tc, test_gap_splits);
	tcase_add_test(tc, test_strict_idle);
	tcase_add_test(tc, test_expiry_order);
	tcase_add_test(tc, test_late_and_bad_time);
	tcase_add_test(tc, test_delta);
	tcase_add_test(tc, test_clock_moved_by_skipped);
	suite_add_tcase(s, tc);
	tc = tcase_create("packets");
	/* 400 000 records in test_fragment_spray: seconds under ASan on a
	 * busy machine, more than Check's default 4 */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_fragments);
	tcase_add_test(tc, test_table_full);
	tcase_add_test(tc, test_shard_details);
	tcase_add_test(tc, test_tcp_group);
	tcase_add_test(tc, test_emit_failure);
	tcase_add_test(tc, test_pipeline);
	tcase_add_test(tc, test_max_flows);
	tcase_add_test(tc, test_fragment_spray);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(engine_suite());
}
