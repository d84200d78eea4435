/*
 * tcpstate.c -- Zeek's TCP and UDP connection state, packet by packet.
 *
 * Specification: Zeek 9.1 (zeek/zeek a13de64fbbdb), whose functions
 * this follows step for step: TCPSessionAdapter::Process() and its
 * helpers (init_endpoint, get_relative_seq, update_history,
 * update_window, update_ack_seq, update_last_seq, the Update*State
 * functions), TCP_Endpoint (CheckHistory, Size, NoDataAcked, the scaled
 * history entries), TCP_Reassembler and DataBlockList::Trim (content
 * gaps), TCPAnalyzer::WantConnection and UDPAnalyzer::WantConnection
 * (the likely-server-port flip), and conn_state() in
 * scripts/base/protocols/conn/main.zeek.  Zeek's weirds, events, timers
 * and payload are left out: none of them changes the state, the history
 * or missed_bytes.
 *
 * Differences, all said in the man page: no checksum is verified (Zeek
 * -C), so C/c never appear; X never appears; the reassembler keeps at
 * most TCPSTATE_RANGES ranges of data above holes per direction (a
 * further one is merged with its neighbour, so a gap between them is
 * not seen); the history keeps TCPSTATE_HISTORY letters.
 */
#include <config.h>

#include <string.h>

#include "tcpstate.h"
#include "util.h"

/* Zeek's EndpointState. */
enum {
	EP_INACTIVE = 0,
	EP_SYN_SENT,
	EP_SYN_ACK_SENT,
	EP_PARTIAL,
	EP_ESTABLISHED,
	EP_CLOSED,
	EP_RESET,
};

/* Zeek's history masks (TCP_Endpoint::HistoryMasks, UDP's two). */
#define HIST_SYN	0x1
#define HIST_FIN	0x2
#define HIST_RST	0x4
#define HIST_FIN_RST	0x8
#define HIST_DATA	0x10
#define HIST_ACK	0x20
#define HIST_MULTI	0x40
#define HIST_UDP_ORIG	0x1000		/* Session.h HIST_ORIG_DATA_PKT */
#define HIST_UDP_RESP	0x2000		/* HIST_RESP_DATA_PKT */

#define FIRST_ORIG	1		/* first_packet_seen bits */
#define FIRST_RESP	2

#define TOO_LARGE_SEQ_DELTA	1048576
/* init-bare.zeek: tcp_max_initial_window, tcp_max_above_hole_without_
 * any_acks, tcp_excessive_data_without_further_acks */
#define MAX_INITIAL_WINDOW	16384
#define MAX_ABOVE_HOLE		16384
#define MAX_UNACKED		(10 * 1024 * 1024)

/*
 * Zeek's likely_server_ports with its base scripts loaded: the server
 * ports every analyzer registers (scripts/base/protocols/ * /main.zeek,
 * scripts/base/packet-protocols/ * /main.zeek), TCP and UDP apart.
 */
static const uint16_t server_tcp[] = {
	21, 22, 25, 53, 79, 80, 81, 88, 135, 139, 143, 389, 443, 445, 465,
	502, 514, 563, 585, 587, 614, 631, 636, 989, 990, 992, 993, 995, 1080,
	1434, 1883, 2811, 3128, 3268, 3306, 3389, 5222, 5223, 5269, 5432,
	6379, 6666, 6667, 6668, 6669, 8000, 8080, 8888, 20000,
};
static const uint16_t server_udp[] = {
	53, 67, 88, 123, 137, 161, 162, 389, 443, 514, 1812, 2123, 2152,
	3389, 3544, 4011, 4754, 4789, 5060, 5072, 5353, 5355, 6081, 20000,
};

static bool
in_list(const uint16_t *a, size_t n, uint16_t port)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (a[i] == port)
			return true;
	return false;
}

bool
tcpstate_server_port(uint8_t proto, uint16_t port)
{
	if (proto == 6)
		return in_list(server_tcp, sizeof(server_tcp) /
		    sizeof(server_tcp[0]), port);
	if (proto == 17)
		return in_list(server_udp, sizeof(server_udp) /
		    sizeof(server_udp[0]), port);
	return false;
}

static int32_t
seq_delta(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}

static bool
is_orig(const struct tcpstate *s, int d)
{
	return d == s->orig;
}

/* Add "code" (an upper-case letter, or '^') sent by direction "d". */
static void
add_letter(struct tcpstate *s, int d, char code)
{
	if (s->nhist == TCPSTATE_HISTORY) {
		s->hist_full = true;
		return;
	}
	if (code != '^' && d == 0)
		s->hist_src |= UINT64_C(1) << s->nhist;
	/* Zeek's own case: upper for its originator */
	if (code != '^' && !is_orig(s, d))
		code = (char)(code - 'A' + 'a');
	s->hist[s->nhist++] = code;
}

/* TCPSessionAdapter::FlipRoles(): originator and responder trade. */
static void
swap_roles(struct tcpstate *s)
{
	s->orig ^= 1;
	s->first_seen = (uint8_t)(((s->first_seen & FIRST_ORIG) ?
	    FIRST_RESP : 0) | ((s->first_seen & FIRST_RESP) ? FIRST_ORIG : 0));
	s->partial = false;
}

/* Connection::FlipRoles(): the roles trade and the history says so. */
static void
flip(struct tcpstate *s)
{
	swap_roles(s);
	add_letter(s, 0, '^');
}

/* Session::CheckHistory() through TCP_Endpoint::CheckHistory(). */
static bool
check_history(struct tcpstate *s, int d, uint32_t mask, char code)
{
	if ((code == 'A' || code == 'D') && s->nhist == 1 &&
	    (s->hist[0] == 'H')) {
		/*
		 * A connection that began with a SYN-ACK now sees productive
		 * traffic: Zeek turns it around and rewrites its history
		 * "H" as "^h" (the same packet, now the responder's).
		 */
		int	h = (s->hist_src & 1) ? 0 : 1;

		swap_roles(s);
		s->nhist = 0;
		s->hist_src = 0;
		add_letter(s, 0, '^');
		add_letter(s, h, 'H');
		s->first_seen |= FIRST_ORIG;	/* SetFirstPacketSeen(true) */
	}
	if (!is_orig(s, d))
		mask <<= 16;
	if ((s->hist_seen & mask) == 0) {
		s->hist_seen |= mask;
		add_letter(s, d, code);
		return false;
	}
	return true;
}

/*
 * Session::ScaledHistoryEntry(): the 1st, 10th, 100th... event, in
 * Zeek's 32-bit arithmetic (past 10^9 its next threshold wraps).
 */
static void
scaled(struct tcpstate *s, int d, char code, uint32_t *count, uint32_t *at)
{
	uint32_t	next;

	if (++*count != *at)
		return;
	add_letter(s, d, code);
	next = *at * 10U;
	if (next <= *at)
		*count = 0;		/* Zeek's wrap-around guard */
	else
		*at = next;
}

static void
set_state(struct tcp_end *e, uint8_t st)
{
	if (st != e->state) {
		e->prev_state = e->state;
		e->state = st;
	}
}

/* UpdateLastSeq(), UpdateAckSeq(): a number below the last wrapped. */
static void
advance(uint32_t *cur, uint32_t *wraps, uint32_t seq)
{
	if (seq < *cur)
		(*wraps)++;
	*cur = seq;
}

static uint64_t
full_seq(uint32_t seq, uint32_t wraps)
{
	return ((uint64_t)wraps << 32) + seq;
}

static uint64_t
rel_seq_of(const struct tcp_end *e, uint32_t seq, uint32_t wraps)
{
	return full_seq(seq, wraps) - e->start_seq;
}

/* TCP_Endpoint::NoDataAcked() */
static bool
no_data_acked(const struct tcp_end *e)
{
	uint64_t	ack = full_seq(e->ack_seq, e->ack_wraps);

	return ack == e->start_seq || ack == (uint64_t)e->start_seq + 1;
}

/* TCP_Endpoint::Size(): the sequence space the side used. */
static uint64_t
end_size(const struct tcp_end *e, const struct tcp_end *peer)
{
	uint64_t	last, ack, size;

	if (e->prev_state == EP_SYN_SENT && e->state == EP_RESET &&
	    peer->state == EP_INACTIVE && !no_data_acked(e))
		return 0;
	last = full_seq(e->last_seq, e->seq_wraps);
	ack = full_seq(e->ack_seq, e->ack_wraps);
	size = (last > ack ? last : ack) - e->start_seq;
	if (size != 0)
		size--;			/* the SYN */
	if (e->fin_seen && size != 0)
		size--;			/* the FIN */
	return size;
}

void
tcpstate_init(struct tcpstate *s, uint8_t proto, uint16_t sport,
    uint16_t dport, bool dst_broadcast, uint8_t tcp_flags)
{
	bool	flip_it = false;
	int	d;

	util_zero(s, sizeof(*s));
	s->proto = proto == 6 || proto == 17 ? proto : 0;
	for (d = 0; d < 2; d++) {
		s->end[d].reassem = 1;	/* relative: after the SYN */
		s->end[d].trim = 1;
		s->end[d].rxmt_at = s->end[d].win0_at = s->end[d].gap_at = 1;
	}
	/* WantConnection(): guess the true responder by the ports */
	if (s->proto == 17)
		flip_it = tcpstate_server_port(17, sport) &&
		    !tcpstate_server_port(17, dport);
	else if (s->proto == 6 && (!(tcp_flags & TCPF_SYN) ||
	    (tcp_flags & TCPF_ACK)) && tcpstate_server_port(6, sport)) {
		if (tcpstate_server_port(6, dport))
			flip_it = !(tcp_flags & TCPF_SYN) && sport < dport;
		else
			flip_it = true;
	}
	if (flip_it && !dst_broadcast)
		flip(s);
}

/* get_relative_seq(): "cur" relative to "e"'s start, in 64 bits. */
static uint64_t
relative(const struct tcp_end *e, uint32_t cur, uint32_t last,
    uint32_t wraps, bool *underflow)
{
	int32_t	delta = seq_delta(cur, last);

	if (delta < 0) {
		if (wraps != 0 && cur > last)
			wraps--;	/* part of an earlier space */
	} else if (delta > 0) {
		if (cur < last)
			wraps++;	/* the space wrapped around */
	}
	if (wraps == 0) {
		delta = seq_delta(cur, e->start_seq);
		if (delta < 0)
			*underflow = true;
		return (uint64_t)(int64_t)delta;
	}
	return rel_seq_of(e, cur, wraps);
}

/* init_endpoint() */
static void
init_end(struct tcp_end *e, uint8_t flags, uint32_t first, uint32_t last)
{
	switch (e->state) {
	case EP_INACTIVE:
		if (flags & TCPF_SYN)
			e->ack_seq = e->start_seq = first;
		else {
			/* partial: numbered as if a SYN had been seen */
			e->ack_seq = e->start_seq = first - 1;
			last = first;
		}
		e->last_seq = last;
		break;
	case EP_SYN_SENT:
	case EP_SYN_ACK_SENT:
		if ((flags & TCPF_SYN) && first != e->start_seq) {
			e->start_seq = e->ack_seq = first;
			e->last_seq = last;
		}
		break;
	case EP_ESTABLISHED:
	case EP_PARTIAL:
		if (flags & TCPF_SYN) {
			e->start_seq = e->ack_seq = first;
			e->last_seq = last;
		}
		break;
	case EP_RESET:
		if ((flags & TCPF_SYN) && e->prev_state == EP_INACTIVE) {
			e->start_seq = e->ack_seq = first;
			e->last_seq = last;
		}
		break;
	}
}

/* update_history() */
static void
update_history(struct tcpstate *s, int d, uint8_t flags, uint64_t rel,
    uint32_t len)
{
	struct tcp_end	*e = &s->end[d];
	int		 bits = !!(flags & TCPF_SYN) + !!(flags & TCPF_FIN) +
	    !!(flags & TCPF_RST);
	char		 code;

	if (bits > 1) {
		if ((flags & TCPF_FIN) && (flags & TCPF_RST))
			check_history(s, d, HIST_FIN_RST, 'I');
		else
			check_history(s, d, HIST_MULTI, 'Q');
	} else if (bits == 1) {
		if (flags & TCPF_SYN) {
			code = (flags & TCPF_ACK) ? 'H' : 'S';
			if (check_history(s, d, HIST_SYN, code) &&
			    rel != e->last_syn)
				add_letter(s, d, code);
			e->last_syn = rel;
		}
		if (flags & TCPF_FIN) {
			/* a FIN's number is after the data it carries */
			if (check_history(s, d, HIST_FIN, 'F') &&
			    rel + len != e->last_fin)
				add_letter(s, d, 'F');
			e->last_fin = rel + len;
		}
		if (flags & TCPF_RST) {
			if (check_history(s, d, HIST_RST, 'R') &&
			    rel != e->last_rst)
				add_letter(s, d, 'R');
			e->last_rst = rel;
		}
	} else if (len > 0)
		check_history(s, d, HIST_DATA, 'D');
	else if (flags & TCPF_ACK)
		check_history(s, d, HIST_ACK, 'A');
}

/* The ranges of undelivered data: insert [lo, hi), merged, in order. */
static void
range_add(struct tcp_end *e, uint64_t lo, uint64_t hi)
{
	unsigned	i, j, best;
	uint64_t	d, bestd;

	for (i = 0; i < e->nranges && e->hi[i] < lo; i++)
		;
	if (i < e->nranges && e->lo[i] <= hi) {
		/* overlaps or touches range i (and maybe those after it) */
		if (lo < e->lo[i])
			e->lo[i] = lo;
		if (hi > e->hi[i])
			e->hi[i] = hi;
		while (i + 1 < e->nranges && e->lo[i + 1] <= e->hi[i]) {
			if (e->hi[i + 1] > e->hi[i])
				e->hi[i] = e->hi[i + 1];
			for (j = i + 1; j + 1 < e->nranges; j++) {
				e->lo[j] = e->lo[j + 1];
				e->hi[j] = e->hi[j + 1];
			}
			e->nranges--;
		}
		return;
	}
	if (e->nranges == TCPSTATE_RANGES) {
		/* full: merge the two ranges with the narrowest hole */
		best = 0;
		bestd = UINT64_MAX;
		for (j = 0; j + 1 < e->nranges; j++) {
			d = e->lo[j + 1] - e->hi[j];
			if (d < bestd) {
				bestd = d;
				best = j;
			}
		}
		e->hi[best] = e->hi[best + 1];
		for (j = best + 1; j + 1 < e->nranges; j++) {
			e->lo[j] = e->lo[j + 1];
			e->hi[j] = e->hi[j + 1];
		}
		e->nranges--;
		if (i > best)
			i--;
		if (i < e->nranges && e->lo[i] <= hi) {
			range_add(e, lo, hi);
			return;
		}
	}
	for (j = e->nranges; j > i; j--) {
		e->lo[j] = e->lo[j - 1];
		e->hi[j] = e->hi[j - 1];
	}
	e->lo[i] = lo;
	e->hi[i] = hi;
	e->nranges++;
}

/* Deliver the ranges that now follow what was delivered. */
static void
deliver_ranges(struct tcp_end *e)
{
	unsigned	i, n = 0;

	for (i = 0; i < e->nranges; i++) {
		if (e->lo[i] > e->reassem)
			break;
		if (e->hi[i] > e->reassem)
			e->reassem = e->hi[i];
		n++;
	}
	if (n > 0) {
		for (i = n; i < e->nranges; i++) {
			e->lo[i - n] = e->lo[i];
			e->hi[i - n] = e->hi[i];
		}
		e->nranges = (uint8_t)(e->nranges - n);
	}
}

/* Zeek's is_clean() of the reassembler. */
static bool
is_clean(const struct tcp_end *e)
{
	return e->state == EP_ESTABLISHED || (e->state == EP_CLOSED &&
	    e->prev_state == EP_ESTABLISHED);
}

/* TCP_Reassembler::Gap(): "len" bytes of direction "d" never seen. */
static void
content_gap(struct tcpstate *s, int d, uint64_t len)
{
	if (is_clean(&s->end[d]) && is_clean(&s->end[1 - d])) {
		scaled(s, d, 'G', &s->end[d].gap, &s->end[d].gap_at);
		s->missed += len;
	}
}

/* TCP_Reassembler::Undelivered(): the peer acknowledged up to "upto". */
static void
undelivered(struct tcpstate *s, int d, uint64_t upto)
{
	struct tcp_end	*e = &s->end[d];

	if (upto <= 2 && s->partial)
		return;			/* the faked first octets */
	if (!e->skip) {
		while (e->nranges > 0 && e->lo[0] < upto) {
			content_gap(s, d, e->lo[0] - e->reassem);
			e->reassem = e->lo[0];
			deliver_ranges(e);
		}
		if (upto > e->reassem)
			content_gap(s, d, upto - e->reassem);
	}
	if (upto > e->reassem)
		e->reassem = upto;
}

/* DataBlockList::Trim() through Reassembler::TrimToSeq(). */
static void
trim_to(struct tcpstate *s, int d, uint64_t seq)
{
	struct tcp_end	*e = &s->end[d];

	if (seq > e->reassem)
		undelivered(s, d, seq);
	deliver_ranges(e);
	e->trim = seq;
}

/* TCP_Reassembler::AckReceived(): direction "d"'s data acknowledged. */
static void
ack_received(struct tcpstate *s, int d, uint64_t seq)
{
	struct tcp_end	*e = &s->end[d];

	if (e->fin_seen && seq >= e->fin_seq)
		seq = e->fin_seq - 1;
	if (seq <= e->trim)
		return;
	trim_to(s, d, seq);
}

/* TCP_Reassembler::DataSent() and NewBlock(): "len" bytes at "seq". */
static void
data_sent(struct tcpstate *s, int d, uint64_t seq, uint64_t len)
{
	struct tcp_end	*e = &s->end[d];
	uint64_t	 ack = rel_seq_of(e, e->ack_seq, e->ack_wraps);
	uint64_t	 upper = seq + len, size;
	unsigned	 i;

	if (e->skip)
		return;
	if (seq < ack) {
		if (upper <= ack)
			return;		/* delivered and acknowledged */
		seq = ack;
	}
	if (upper > e->trim) {
		if (seq < e->trim)
			seq = e->trim;
		if (seq <= e->reassem && upper > e->reassem) {
			/* fills the leading hole: deliver what follows */
			e->reassem = upper;
			deliver_ranges(e);
			if (no_data_acked(e) && end_size(e, &s->end[1 - d]) >
			    MAX_INITIAL_WINDOW)
				trim_to(s, d, e->reassem);
		} else if (seq > e->reassem)
			range_add(e, seq, upper);
	}
	/* far too much data above a hole, or unacknowledged: give up */
	size = e->reassem > e->trim ? e->reassem - e->trim : 0;
	for (i = 0; i < e->nranges; i++)
		size += e->hi[i] - e->lo[i];
	if ((no_data_acked(e) && e->nranges > 0 &&
	    e->hi[e->nranges - 1] - e->reassem > MAX_ABOVE_HOLE) ||
	    size > MAX_UNACKED) {
		e->nranges = 0;
		e->skip = true;
	}
}

/* TCPSessionAdapter::UpdateInactiveState() */
static void
inactive_state(struct tcpstate *s, int d, bool orig, uint32_t base_seq,
    uint32_t len, uint8_t flags)
{
	struct tcp_end	*e = &s->end[d], *peer = &s->end[1 - d];

	if (flags & TCPF_SYN) {
		if (orig) {
			set_state(e, (flags & TCPF_ACK) ? EP_SYN_ACK_SENT :
			    EP_SYN_SENT);
		} else {
			if (!(flags & TCPF_ACK) &&
			    peer->state == EP_SYN_ACK_SENT &&
			    base_seq == e->start_seq) {
				/* a SYN answering a SYN-ACK: turn around */
				flip(s);
				set_state(peer, EP_ESTABLISHED);
				s->first_seen |= FIRST_ORIG;
			}
			if (peer->state == EP_SYN_SENT)
				set_state(peer, EP_ESTABLISHED);
			set_state(e, EP_ESTABLISHED);
		}
	}
	if (flags & TCPF_FIN)
		set_state(e, EP_CLOSED);
	if (flags & TCPF_RST)
		set_state(e, EP_RESET);
	if (e->state == EP_INACTIVE) {
		/* no control flag changed the state */
		if (!orig && len == 0 &&
		    s->end[s->orig].state == EP_SYN_SENT)
			;		/* an ACK of the SYN before the SYN-ACK */
		else if ((flags & TCPF_ACK) && peer->state == EP_ESTABLISHED) {
			/* a SYN-ACK seen, its SYN missed: established */
			set_state(e, EP_ESTABLISHED);
			s->partial = false;
			s->first_seen |= orig ? FIRST_ORIG : FIRST_RESP;
		} else
			set_state(e, EP_PARTIAL);
	}
}

/* UpdateStateMachine() and the Update*State() functions it calls. */
static void
state_machine(struct tcpstate *s, int d, bool orig, uint32_t base_seq,
    uint32_t len, uint8_t flags)
{
	struct tcp_end	*e = &s->end[d], *peer = &s->end[1 - d];

	switch (e->state) {
	case EP_INACTIVE:
		inactive_state(s, d, orig, base_seq, len, flags);
		break;
	case EP_SYN_SENT:
	case EP_SYN_ACK_SENT:
		if (flags & TCPF_FIN)
			set_state(e, EP_CLOSED);
		if (flags & TCPF_RST)
			set_state(e, EP_RESET);
		break;
	case EP_ESTABLISHED:
	case EP_PARTIAL:
		if ((flags & TCPF_SYN) && e->state == EP_PARTIAL &&
		    peer->state == EP_INACTIVE && !(flags & TCPF_ACK))
			set_state(e, EP_SYN_SENT);
		if ((flags & TCPF_FIN) && !(flags & TCPF_RST)) {
			set_state(e, EP_CLOSED);
			/* a FIN after the peer's FIN and RST: a normal end */
			if (peer->state == EP_RESET &&
			    peer->prev_state == EP_CLOSED)
				set_state(peer, EP_CLOSED);
		}
		if (flags & TCPF_RST)
			set_state(e, EP_RESET);
		break;
	case EP_CLOSED:
		/* a RST after a FIN exchange changes nothing */
		if ((flags & TCPF_RST) && peer->state != EP_CLOSED)
			set_state(e, EP_RESET);
		break;
	case EP_RESET:
		break;
	}
}

void
tcpstate_tcp(struct tcpstate *s, int d, const struct tcp_seg *g)
{
	struct tcp_end	*e = &s->end[d], *peer = &s->end[1 - d];
	uint8_t		 f = g->flags;
	uint32_t	 len = g->len, seg_len, end_seq;
	uint64_t	 rel, rel_ack = 0;
	int32_t		 delta, delta_last;
	bool		 orig, under = false, ack_under = false;

	if (g->state == TCPSEG_NONE)
		return;
	s->flags[d] |= f;
	s->sent[d] = 1;
	if (s->proto != 6 || g->state != TCPSEG_WHOLE)
		return;			/* Zeek skips a cut header */
	orig = is_orig(s, d);

	/* SetPartialStatus() */
	if (orig) {
		if (!(s->first_seen & FIRST_ORIG))
			s->partial = !(f & TCPF_SYN) || (f & TCPF_ACK);
	} else if (!(s->first_seen & FIRST_RESP) && !s->partial)
		s->partial = !(f & TCPF_SYN);

	/* get_segment_len(): SYN and FIN take a number, RST data none */
	seg_len = len + !!(f & TCPF_SYN) + !!(f & TCPF_FIN);
	if (f & TCPF_RST)
		seg_len -= len;
	end_seq = g->seq + seg_len;
	init_end(e, f, g->seq, end_seq);
	rel = relative(e, g->seq, e->last_seq, e->seq_wraps, &under);
	update_history(s, d, f, rel, len);

	/* update_window(): a zero window is worth a letter unless late */
	if (g->win == 0 && !(f & TCPF_RST) && peer->state != EP_CLOSED &&
	    e->state != EP_RESET)
		scaled(s, d, 'W', &e->win0, &e->win0_at);

	if (f & TCPF_FIN) {
		e->fin_seen = true;
		e->fin_seq = rel + seg_len;
	}
	if (f & TCPF_ACK) {
		if (peer->state == EP_INACTIVE) {
			/* init_peer(): number the peer from this ack */
			rel_ack = 1;
			peer->start_seq = peer->ack_seq = peer->last_seq =
			    g->ack - 1;
		} else {
			rel_ack = relative(peer, g->ack, peer->ack_seq,
			    peer->ack_wraps, &ack_under);
			if (ack_under)
				rel_ack = 0;
			else if (!(f & TCPF_RST)) {
				/* update_ack_seq(); a 0 far ahead is broken */
				delta = seq_delta(g->ack, peer->ack_seq);
				if (!(g->ack == 0 && delta > TOO_LARGE_SEQ_DELTA) &&
				    delta > 0)
					advance(&peer->ack_seq, &peer->ack_wraps,
					    g->ack);
			}
		}
	}

	/* update_last_seq(): a retransmission does not advance it */
	delta_last = seq_delta(end_seq, e->last_seq);
	if ((f & (TCPF_SYN | TCPF_RST)) && (delta_last > TOO_LARGE_SEQ_DELTA ||
	    delta_last < -TOO_LARGE_SEQ_DELTA))
		;
	else if ((f & TCPF_FIN) && e->last_seq == e->start_seq + 1)
		advance(&e->last_seq, &e->seq_wraps, end_seq);
	else if (e->state == EP_RESET)
		;
	else if (delta_last > 0)
		advance(&e->last_seq, &e->seq_wraps, end_seq);
	else if (len > 0)
		scaled(s, d, 'T', &e->rxmt, &e->rxmt_at);

	state_machine(s, d, orig, g->seq, len, f);
	if (f & TCPF_ACK)
		ack_received(s, 1 - d, rel_ack);
	if (len > 0 && g->caplen >= len && !(f & TCPF_RST) && !under)
		data_sent(s, d, (f & TCPF_SYN) ? rel + 1 : rel, len);
}

void
tcpstate_udp(struct tcpstate *s, int d)
{
	if (s->proto != 17)
		return;
	s->udp_sent[d] = true;
	if (is_orig(s, d)) {
		if (!(s->hist_seen & HIST_UDP_ORIG)) {
			s->hist_seen |= HIST_UDP_ORIG;
			add_letter(s, d, 'D');
		}
	} else if (!(s->hist_seen & HIST_UDP_RESP)) {
		s->hist_seen |= HIST_UDP_RESP;
		add_letter(s, d, 'D');
	}
}

void
tcpstate_reported(struct tcpstate *s)
{
	s->flags[0] = s->flags[1] = 0;
}

/* Zeek's history as Zeek writes it, for the one pattern it matches. */
static bool
rst_after_syn(const struct tcpstate *s)
{
	/* /\^?S[^HAFGIQ]*R.* / matched against the whole history */
	size_t	i = 0;

	if (i < s->nhist && s->hist[i] == '^')
		i++;
	if (i >= s->nhist || s->hist[i] != 'S')
		return false;
	for (i++; i < s->nhist; i++) {
		if (s->hist[i] == 'R')
			return true;
		if (strchr("HAFGIQ", s->hist[i]) != NULL)
			return false;
	}
	return false;
}

/* Zeek's connection states, in the order of state_name[]. */
enum zeek_state {
	ZS_S0, ZS_S1, ZS_SF, ZS_REJ, ZS_S2, ZS_S3, ZS_RSTO, ZS_RSTR,
	ZS_RSTOS0, ZS_RSTRH, ZS_SH, ZS_SHR, ZS_OTH
};

static const char *const state_name[] = {
	"S0", "S1", "SF", "REJ", "S2", "S3", "RSTO", "RSTR", "RSTOS0",
	"RSTRH", "SH", "SHR", "OTH"
};

/* conn_state() of main.zeek, with Zeek's originator and responder. */
static enum zeek_state
zeek_state(const struct tcpstate *s)
{
	const struct tcp_end	*o = &s->end[s->orig], *r = &s->end[1 - s->orig];
	bool			 o_inactive, r_inactive;

	if (s->proto == 17) {
		if (s->udp_sent[s->orig])
			return s->udp_sent[1 - s->orig] ? ZS_SF : ZS_S0;
		return s->udp_sent[1 - s->orig] ? ZS_SHR : ZS_OTH;
	}
	o_inactive = o->state == EP_INACTIVE || o->state == EP_PARTIAL;
	r_inactive = r->state == EP_INACTIVE || r->state == EP_PARTIAL;
	if (r->state == EP_RESET) {
		if (o->state == EP_SYN_SENT || o->state == EP_SYN_ACK_SENT ||
		    (o->state == EP_RESET && end_size(o, r) == 0 &&
		    end_size(r, o) == 0))
			return ZS_REJ;
		return o_inactive ? ZS_RSTRH : ZS_RSTR;
	}
	if (o->state == EP_RESET) {
		if (r_inactive)
			return rst_after_syn(s) ? ZS_RSTOS0 : ZS_OTH;
		return ZS_RSTO;
	}
	if (r->state == EP_CLOSED && o->state == EP_CLOSED)
		return ZS_SF;
	if (o->state == EP_CLOSED)
		return r_inactive ? ZS_SH : ZS_S2;
	if (r->state == EP_CLOSED)
		return o_inactive ? ZS_SHR : ZS_S3;
	if (o->state == EP_SYN_SENT && r->state == EP_INACTIVE)
		return ZS_S0;
	if (o->state == EP_ESTABLISHED && r->state == EP_ESTABLISHED)
		return ZS_S1;
	return ZS_OTH;
}

const char *
tcpstate_conn_state(const struct tcpstate *s)
{
	/* the one-sided states, seen from the other side */
	static const enum zeek_state mirror[] = {
		[ZS_S0] = ZS_S0, [ZS_S1] = ZS_S1, [ZS_SF] = ZS_SF,
		[ZS_REJ] = ZS_REJ, [ZS_S2] = ZS_S3, [ZS_S3] = ZS_S2,
		[ZS_RSTO] = ZS_RSTR, [ZS_RSTR] = ZS_RSTO,
		[ZS_RSTOS0] = ZS_RSTRH, [ZS_RSTRH] = ZS_RSTOS0,
		[ZS_SH] = ZS_SHR, [ZS_SHR] = ZS_SH, [ZS_OTH] = ZS_OTH,
	};
	enum zeek_state	st = zeek_state(s);

	if (s->orig == 0)
		return state_name[st];
	if (s->proto == 17)	/* UDP: only S0 and SHR are one-sided */
		return state_name[st == ZS_S0 ? ZS_SHR : st == ZS_SHR ? ZS_S0 :
		    st];
	return state_name[mirror[st]];
}

size_t
tcpstate_history(const struct tcpstate *s, char *buf)
{
	size_t	i, n = 0;
	char	c;

	if (s->orig != 0)
		buf[n++] = '^';
	for (i = 0; i < s->nhist; i++) {
		c = s->hist[i];
		if (c == '^')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (!(s->hist_src & (UINT64_C(1) << i)))
			c = (char)(c - 'A' + 'a');
		buf[n++] = c;
	}
	if (s->hist_full)
		buf[n++] = '+';
	buf[n] = '\0';
	return n;
}

void
tcpstate_report(const struct tcpstate *s, struct tcp_report *r)
{
	r->proto = s->proto;
	if (s->proto == 0)
		return;
	r->missed = s->missed;
	r->conn_state = tcpstate_conn_state(s);
	r->flags[0] = s->flags[0];
	r->flags[1] = s->flags[1];
	r->sent[0] = s->sent[0];
	r->sent[1] = s->sent[1];
	r->histlen = (uint8_t)tcpstate_history(s, r->history);
}

void
tcpstate_flags_text(uint8_t flags, char out[8])
{
	/* the text of every flag byte: "CEUAPRSF" from bit 7 down */
#define FL(v)	{ (v) & 0x80 ? 'C' : '.', (v) & 0x40 ? 'E' : '.',	\
		  (v) & 0x20 ? 'U' : '.', (v) & 0x10 ? 'A' : '.',	\
		  (v) & 0x08 ? 'P' : '.', (v) & 0x04 ? 'R' : '.',	\
		  (v) & 0x02 ? 'S' : '.', (v) & 0x01 ? 'F' : '.' }
#define FL8(v)	FL(v), FL(v + 1), FL(v + 2), FL(v + 3), FL(v + 4),	\
		FL(v + 5), FL(v + 6), FL(v + 7)
#define FL64(v)	FL8(v), FL8(v + 8), FL8(v + 16), FL8(v + 24),		\
		FL8(v + 32), FL8(v + 40), FL8(v + 48), FL8(v + 56)
	static const char	text[256][8] = {
		FL64(0), FL64(64), FL64(128), FL64(192)
	};
#undef FL64
#undef FL8
#undef FL

	memcpy(out, text[flags], 8);
}
