/*
 * check_tcpstate.c -- Zeek's conn_state and history, packet by packet:
 * handshakes, half-open and rejected connections, resets from each
 * side, closes, SYN-ACK first, retransmissions and zero windows past
 * 1, 10 and 100, content gaps, sequence numbers wrapping, multi-flag
 * packets, data on FIN and RST, UDP, and the likely-server-port flip.
 * The expected values follow Zeek's code (tcpstate.c names the
 * functions), worked out by hand for each case.
 */
#include <config.h>

#include <check.h>
#include <string.h>

#include "tcpstate.h"
#include "testutil.h"

#define F	TCPF_FIN
#define S	TCPF_SYN
#define R	TCPF_RST
#define P	TCPF_PSH
#define A	TCPF_ACK

static struct tcpstate	st;

/* A TCP flow from port "sport" to "dport" whose first packet has "f". */
static void
start(uint16_t sport, uint16_t dport, uint8_t f)
{
	tcpstate_init(&st, 6, sport, dport, false, f);
}

/* Direction "d" sends a segment, window 1000, all captured. */
static void
seg(int d, uint8_t f, uint32_t seq, uint32_t ack, uint32_t len)
{
	struct tcp_seg	g = { .seq = seq, .ack = ack, .len = len,
	    .caplen = len, .win = 1000, .flags = f, .state = TCPSEG_WHOLE };

	tcpstate_tcp(&st, d, &g);
}

static const char *
hist(void)
{
	static char	buf[TCPSTATE_HISTORY_MAX];

	tcpstate_history(&st, buf);
	return buf;
}

#define EXPECT(state, history) do {					\
	ck_assert_str_eq(tcpstate_conn_state(&st), state);		\
	ck_assert_str_eq(hist(), history);				\
} while (0)

/* Client 0 (ISN 100) and server 1 (ISN 500) complete a handshake. */
static void
handshake(void)
{
	start(40000, 8123, S);
	seg(0, S, 100, 0, 0);
	seg(1, S | A, 500, 101, 0);
	seg(0, A, 101, 501, 0);
}

START_TEST(test_normal_close)
{
	handshake();
	EXPECT("S1", "ShA");
	seg(0, P | A, 101, 501, 10);
	seg(1, A, 501, 111, 0);
	seg(1, P | A, 501, 111, 20);
	seg(0, A, 111, 521, 0);
	EXPECT("S1", "ShADad");
	seg(0, F | A, 111, 521, 0);
	EXPECT("S2", "ShADadF");
	seg(1, F | A, 521, 112, 0);
	seg(0, A, 112, 522, 0);
	EXPECT("SF", "ShADadFf");
	ck_assert_uint_eq(st.missed, 0);
}
END_TEST

/* The responder closes first: S3, then SF. */
START_TEST(test_responder_closes)
{
	handshake();
	seg(1, F | A, 501, 101, 0);
	EXPECT("S3", "ShAf");
	seg(0, F | A, 101, 502, 0);
	EXPECT("SF", "ShAfF");
}
END_TEST

/* Both sides' FINs cross: still SF, each F once. */
START_TEST(test_simultaneous_close)
{
	handshake();
	seg(0, F | A, 101, 501, 0);
	seg(1, F | A, 501, 101, 0);
	seg(0, A, 102, 502, 0);
	seg(1, A, 502, 102, 0);
	EXPECT("SF", "ShAFfa");
}
END_TEST

START_TEST(test_half_open)
{
	start(40000, 8123, S);
	seg(0, S, 100, 0, 0);
	EXPECT("S0", "S");
	seg(0, S, 100, 0, 0);		/* the same SYN again: no letter */
	EXPECT("S0", "S");
	/*
	 * Nor for a new sequence number: init_endpoint() numbers the side
	 * from each new SYN, so its relative number is 0 again.
	 */
	seg(0, S, 777, 0, 0);
	EXPECT("S0", "S");
	/* a SYN then a FIN, never an answer */
	start(40000, 8123, S);
	seg(0, S, 100, 0, 0);
	seg(0, F, 101, 0, 0);
	EXPECT("SH", "SF");
}
END_TEST

START_TEST(test_rejected)
{
	start(40000, 8123, S);
	seg(0, S, 100, 0, 0);
	seg(1, R | A, 0, 101, 0);
	EXPECT("REJ", "Sr");
	/* the originator gives up with a RST of its own */
	start(40000, 8123, S);
	seg(0, S, 100, 0, 0);
	seg(0, R, 101, 0, 0);
	EXPECT("RSTOS0", "SR");
}
END_TEST

START_TEST(test_resets)
{
	handshake();
	seg(0, R | A, 101, 501, 0);
	EXPECT("RSTO", "ShAR");
	handshake();
	seg(1, R | A, 501, 101, 0);
	EXPECT("RSTR", "ShAr");
	/* a RST after both FINs changes nothing */
	handshake();
	seg(0, F | A, 101, 501, 0);
	seg(1, F | A, 501, 102, 0);
	seg(0, R, 102, 0, 0);
	EXPECT("SF", "ShAFfR");
}
END_TEST

/*
 * The first packet is a SYN-ACK (from the flow's source); the ACK that
 * answers it makes Zeek turn the connection around: Zeek writes "^hA"
 * from its new originator, flowdump "^Ha" from its source.
 */
START_TEST(test_synack_first)
{
	start(8123, 40000, S | A);
	seg(0, S | A, 500, 101, 0);
	EXPECT("OTH", "H");
	seg(1, A, 101, 501, 0);
	EXPECT("OTH", "^Ha");
	seg(1, P | A, 101, 501, 5);
	seg(0, A, 501, 106, 0);
	EXPECT("OTH", "^HadA");
}
END_TEST

/*
 * A SYN-ACK answered by a SYN from its peer: Zeek turns it around (its
 * history "Hs^") and takes both sides as established.
 */
START_TEST(test_syn_answers_synack)
{
	start(40000, 8123, S | A);
	seg(0, S | A, 500, 101, 0);
	seg(1, S, 100, 0, 0);
	EXPECT("S1", "^Hs");
	ck_assert_uint_eq(st.orig, 1);
}
END_TEST

/* A first packet from a likely server port: Zeek turns it around. */
START_TEST(test_server_port_flip)
{
	start(80, 51000, P | A);
	seg(0, P | A, 1000, 2000, 100);
	seg(1, A, 2000, 1100, 0);
	EXPECT("OTH", "^Da");
	/* both ports likely: the higher one is the server's, unless SYN */
	start(443, 80, A);
	ck_assert_uint_eq(st.orig, 0);
	start(80, 443, A);
	ck_assert_uint_eq(st.orig, 1);
	start(80, 51000, S);		/* a plain SYN is never turned */
	ck_assert_uint_eq(st.orig, 0);
	tcpstate_init(&st, 6, 80, 51000, true, A);	/* to broadcast */
	ck_assert_uint_eq(st.orig, 0);
}
END_TEST

/* A retransmission is a T on the 1st, 10th and 100th time, per side. */
START_TEST(test_retransmissions)
{
	int	i;

	handshake();
	seg(0, P | A, 101, 501, 10);
	for (i = 1; i <= 100; i++) {
		seg(0, P | A, 101, 501, 10);
		if (i == 1)
			EXPECT("S1", "ShADT");
		if (i == 9)
			EXPECT("S1", "ShADT");
		if (i == 10)
			EXPECT("S1", "ShADTT");
		if (i == 99)
			EXPECT("S1", "ShADTT");
	}
	EXPECT("S1", "ShADTTT");
	seg(1, P | A, 501, 111, 10);
	seg(1, P | A, 501, 111, 10);
	EXPECT("S1", "ShADTTTdt");
}
END_TEST

/* Past 10^9 events the next threshold wraps in 32 bits, as in Zeek. */
START_TEST(test_scaled_wrap)
{
	handshake();
	seg(0, P | A, 101, 501, 10);
	st.end[0].rxmt = 999999999;
	st.end[0].rxmt_at = 1000000000;
	seg(0, P | A, 101, 501, 10);
	EXPECT("S1", "ShADT");
	ck_assert_uint_eq(st.end[0].rxmt_at, 1410065408U);	/* 10^10 mod 2^32 */
	st.end[0].rxmt = 1410065407;
	seg(0, P | A, 101, 501, 10);
	EXPECT("S1", "ShADTT");
	/* 14100654080 mod 2^32 is smaller: the count starts again */
	ck_assert_uint_eq(st.end[0].rxmt, 0);
	ck_assert_uint_eq(st.end[0].rxmt_at, 1410065408U);
}
END_TEST

/* A zero window: W on the 1st, 10th, 100th; none once the peer closed. */
START_TEST(test_zero_window)
{
	struct tcp_seg	g = { .seq = 501, .ack = 101, .win = 0,
	    .flags = A, .state = TCPSEG_WHOLE };
	int		i;

	handshake();
	for (i = 0; i < 10; i++)
		tcpstate_tcp(&st, 1, &g);
	EXPECT("S1", "ShAaww");
	seg(0, F | A, 101, 501, 0);
	for (i = 0; i < 200; i++)
		tcpstate_tcp(&st, 1, &g);
	EXPECT("S2", "ShAawwF");
}
END_TEST

/* Data acknowledged but never seen is a content gap: G, missed_bytes. */
START_TEST(test_gap)
{
	handshake();
	seg(0, P | A, 101, 501, 10);
	seg(0, P | A, 121, 501, 10);	/* 111-120 never captured */
	seg(1, A, 501, 131, 0);
	EXPECT("S1", "ShADaG");
	ck_assert_uint_eq(st.missed, 10);
	/* the hole filled before the ack: no gap */
	handshake();
	seg(0, P | A, 121, 501, 10);
	seg(0, P | A, 101, 501, 20);
	seg(1, A, 501, 131, 0);
	EXPECT("S1", "ShADTa");
	ck_assert_uint_eq(st.missed, 0);
	/* a payload cut by the snap length is a gap once acknowledged */
	handshake();
	{
		struct tcp_seg	g = { .seq = 101, .ack = 501, .len = 100,
		    .caplen = 20, .win = 1000, .flags = P | A,
		    .state = TCPSEG_WHOLE };

		tcpstate_tcp(&st, 0, &g);
	}
	seg(1, A, 501, 201, 0);
	EXPECT("S1", "ShADaG");
	ck_assert_uint_eq(st.missed, 100);
}
END_TEST

/* Sequence numbers that wrap past 2^32: no retransmission, no gap. */
START_TEST(test_wrap)
{
	uint32_t	isn = 0xfffffff0U, seq;
	int		i;

	start(40000, 8123, S);
	seg(0, S, isn, 0, 0);
	seg(1, S | A, 500, isn + 1, 0);
	seg(0, A, isn + 1, 501, 0);
	for (i = 0, seq = isn + 1; i < 8; i++, seq += 8) {
		seg(0, P | A, seq, 501, 8);
		seg(1, A, 501, seq + 8, 0);
	}
	EXPECT("S1", "ShADa");
	ck_assert_uint_eq(st.missed, 0);
	ck_assert_uint_eq(st.end[0].seq_wraps, 1);
	seg(0, P | A, isn + 1, 501, 8);	/* an old segment, from before */
	EXPECT("S1", "ShADaT");
}
END_TEST

/* FIN+RST is I, SYN+FIN and SYN+RST are Q, each once a side. */
START_TEST(test_multi_flags)
{
	handshake();
	seg(0, F | R | A, 101, 501, 0);
	EXPECT("RSTO", "ShAI");
	start(40000, 8123, S | F);
	seg(0, S | F, 100, 0, 0);
	seg(0, S | F, 300, 0, 0);
	seg(1, S | R, 700, 0, 0);
	ck_assert_str_eq(hist(), "Qq");
}
END_TEST

/* Data on a FIN or a RST gives F or R, not D. */
START_TEST(test_data_on_fin_rst)
{
	handshake();
	seg(0, F | P | A, 101, 501, 10);
	EXPECT("S2", "ShAF");
	/* a RST's data takes no number: Zeek counts it retransmitted */
	seg(1, R | P | A, 501, 112, 10);
	EXPECT("RSTR", "ShAFrt");
	/* a FIN repeated with the same end: one F; with more data: two */
	handshake();
	seg(0, F | A, 101, 501, 5);
	seg(0, F | A, 101, 501, 5);
	seg(0, F | A, 101, 501, 9);
	ck_assert_str_eq(hist(), "ShAFTF");
}
END_TEST

/* tcp_flags: the union of a side's flags; --delta starts it again. */
START_TEST(test_flags)
{
	char	text[8];

	handshake();
	seg(0, P | A | TCPF_ECE | TCPF_CWR, 101, 501, 1);
	tcpstate_flags_text(st.flags[0], text);
	ck_assert(memcmp(text, "CE.AP.S.", 8) == 0);
	tcpstate_flags_text(st.flags[1], text);
	ck_assert(memcmp(text, "...A..S.", 8) == 0);
	tcpstate_reported(&st);
	tcpstate_flags_text(st.flags[0], text);
	ck_assert(memcmp(text, "........", 8) == 0);
	ck_assert_uint_eq(st.sent[0], 1);
	/* a header cut short counts for the flags, not for Zeek's state */
	{
		struct tcp_seg	g = { .flags = F | A | TCPF_URG,
		    .state = TCPSEG_FLAGS };

		tcpstate_tcp(&st, 1, &g);
	}
	tcpstate_flags_text(st.flags[1], text);
	ck_assert(memcmp(text, "..UA...F", 8) == 0);
	EXPECT("S1", "ShAD");
}
END_TEST

/* Every flag byte's text, against the flags named one by one. */
START_TEST(test_flags_text_all)
{
	static const char	names[] = "CEUAPRSF";
	char			text[8];
	unsigned		v, i;

	for (v = 0; v < 256; v++) {
		tcpstate_flags_text((uint8_t)v, text);
		for (i = 0; i < 8; i++)
			ck_assert_int_eq(text[i],
			    (v & (0x80U >> i)) ? names[i] : '.');
	}
}
END_TEST

/* A midstream connection: partial, OTH. */
START_TEST(test_midstream)
{
	start(40000, 8123, P | A);
	seg(0, P | A, 1000, 2000, 10);
	seg(1, P | A, 2000, 1010, 10);
	seg(0, A, 1010, 2010, 0);
	EXPECT("OTH", "DdA");
}
END_TEST

START_TEST(test_udp)
{
	tcpstate_init(&st, 17, 40000, 9999, false, 0);
	tcpstate_udp(&st, 0);
	tcpstate_udp(&st, 0);
	EXPECT("S0", "D");
	tcpstate_udp(&st, 1);
	EXPECT("SF", "Dd");
	/* from a likely server port: Zeek's originator is the other side */
	tcpstate_init(&st, 17, 53, 40000, false, 0);
	tcpstate_udp(&st, 0);
	EXPECT("S0", "^D");		/* Zeek: SHR, "^d" */
	tcpstate_udp(&st, 1);
	EXPECT("SF", "^Dd");
	/* both ports likely: not turned around */
	tcpstate_init(&st, 17, 53, 123, false, 0);
	tcpstate_udp(&st, 0);
	EXPECT("S0", "D");
	/* TCP segments do not count for a UDP flow, nor UDP for TCP */
	tcpstate_init(&st, 17, 40000, 9999, false, 0);
	seg(0, S, 1, 0, 0);
	EXPECT("OTH", "");
}
END_TEST

/*
 * The history keeps TCPSTATE_HISTORY letters, then a '+': RSTs with
 * ever new numbers (a reset side's numbers are not followed) repeat R.
 */
START_TEST(test_history_cap)
{
	char	want[TCPSTATE_HISTORY_MAX];
	int	i;

	handshake();
	for (i = 0; i < 100; i++)
		seg(0, R, (uint32_t)(101 + 1000 * i), 0, 0);
	memcpy(want, "ShA", 3);
	memset(want + 3, 'R', TCPSTATE_HISTORY - 3);
	want[TCPSTATE_HISTORY] = '+';
	want[TCPSTATE_HISTORY + 1] = '\0';
	ck_assert_str_eq(hist(), want);
	ck_assert_str_eq(tcpstate_conn_state(&st), "RSTO");
}
END_TEST

START_TEST(test_server_ports)
{
	ck_assert(tcpstate_server_port(6, 80));
	ck_assert(tcpstate_server_port(6, 22));
	ck_assert(!tcpstate_server_port(6, 23));
	ck_assert(tcpstate_server_port(17, 53));
	ck_assert(!tcpstate_server_port(17, 80));
	ck_assert(!tcpstate_server_port(1, 80));
}
END_TEST

static Suite *
tcpstate_suite(void)
{
	Suite	*s = suite_create("tcpstate");
	TCase	*tc = tcase_create("zeek");

	tcase_add_test(tc, test_normal_close);
	tcase_add_test(tc, test_responder_closes);
	tcase_add_test(tc, test_simultaneous_close);
	tcase_add_test(tc, test_half_open);
	tcase_add_test(tc, test_rejected);
	tcase_add_test(tc, test_resets);
	tcase_add_test(tc, test_synack_first);
	tcase_add_test(tc, test_syn_answers_synack);
	tcase_add_test(tc, test_server_port_flip);
	tcase_add_test(tc, test_retransmissions);
	tcase_add_test(tc, test_scaled_wrap);
	tcase_add_test(tc, test_zero_window);
	tcase_add_test(tc, test_gap);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_multi_flags);
	tcase_add_test(tc, test_data_on_fin_rst);
	tcase_add_test(tc, test_flags);
	tcase_add_test(tc, test_midstream);
	tcase_add_test(tc, test_udp);
	tcase_add_test(tc, test_history_cap);
	tcase_add_test(tc, test_server_ports);
	tcase_add_test(tc, test_flags_text_all);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return check_run(tcpstate_suite());
}
