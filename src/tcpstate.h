/*
 * tcpstate.h -- what happened in a TCP or UDP flow, in the words of
 * Zeek's conn.log: conn_state, history and missed_bytes, and the union
 * of each direction's TCP flags.
 *
 * The state is Zeek's (9.1, run with -C: checksums are not verified),
 * followed packet by packet: its two endpoints' state machines, their
 * sequence numbers (wrapping into 64 bits), the rules for the history
 * letters and their repeats, retransmissions, zero windows and the
 * content gaps its reassembler finds (kept here as ranges, not data).
 * Zeek's originator starts as the flow's source (index 0), and moves
 * where Zeek would move it: a first packet from a likely server port,
 * a SYN-ACK answered before any SYN, a SYN answering a SYN-ACK.  The
 * text is then written from the flow's source: the history's letters
 * are upper case for the source, and a flow Zeek would have turned
 * around starts with '^' and has the one-sided states mirrored.  The
 * man page's "The tcp group" says all this in its own words.
 *
 * The module knows nothing of packets' bytes (the decoder gives it a
 * struct tcp_seg) nor of output; a struct tcpstate is plain memory,
 * all zero to start (tcpstate_init() then sets it up).
 */
#ifndef FLOWDUMP_TCPSTATE_H
#define FLOWDUMP_TCPSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcpseg.h"

/* Undelivered data ranges a direction keeps; more are merged. */
#define TCPSTATE_RANGES		4
/* History letters kept; later ones are left out (the text ends '+'). */
#define TCPSTATE_HISTORY	46
/* Longest text of tcpstate_history(), with its NUL. */
#define TCPSTATE_HISTORY_MAX	(1 + TCPSTATE_HISTORY + 1 + 1)

/*
 * One side of a connection, as Zeek's TCP_Endpoint and reassembler.  Its
 * state comes first: a record reads that line of each side.
 */
struct tcp_end {
	uint8_t		 state, prev_state;
	uint8_t		 nranges;
	bool		 fin_seen, skip;
	uint32_t	 start_seq, last_seq, ack_seq;
	uint32_t	 seq_wraps, ack_wraps;
	uint32_t	 rxmt, win0, gap;	/* counts of T, W, G events */
	uint32_t	 rxmt_at, win0_at, gap_at;	/* next letter at */
	uint64_t	 last_syn, last_fin, last_rst;	/* history repeats */
	uint64_t	 fin_seq;	/* relative: after the FIN */
	uint64_t	 reassem;	/* delivered up to here (relative) */
	uint64_t	 trim;		/* acknowledged up to here */
	uint64_t	 lo[TCPSTATE_RANGES];	/* data above a hole */
	uint64_t	 hi[TCPSTATE_RANGES];
};

/* What every packet and record reads comes first. */
struct tcpstate {
	uint64_t	 missed;	/* missed_bytes */
	uint64_t	 hist_src;	/* bit i: letter i sent by the source */
	uint32_t	 hist_seen;	/* Zeek's "seen once" bits */
	uint8_t		 proto;		/* 6 or 17; 0: not a TCP/UDP flow */
	uint8_t		 orig;		/* direction Zeek calls originator */
	uint8_t		 nhist;
	bool		 hist_full;	/* a letter was left out */
	bool		 partial;	/* Zeek's is_partial */
	uint8_t		 first_seen;	/* Zeek's first_packet_seen */
	uint8_t		 flags[2];	/* TCP flags of the record's span */
	uint8_t		 sent[2];	/* 1: this direction sent a segment */
	bool		 udp_sent[2];
	char		 hist[TCPSTATE_HISTORY];	/* Zeek's letters */
	struct tcp_end	 end[2];	/* by flow direction: 0 the source */
};

/*
 * What a record says of the group: its fields, ready to be written (a
 * value: the writing thread reads it, not the flow's state).
 */
struct tcp_report {
	uint64_t	 missed;		/* missed_bytes */
	const char	*conn_state;		/* a static string */
	uint8_t		 proto;			/* 6, 17; 0: no field */
	uint8_t		 flags[2];		/* of the record's span */
	uint8_t		 sent[2];		/* 1: that side sent TCP */
	uint8_t		 histlen;
	char		 history[TCPSTATE_HISTORY_MAX];
};

/* Fill "r" with what a record of the flow of "s" says. */
void		 tcpstate_report(const struct tcpstate *s, struct tcp_report *r);

/*
 * Start the state of a flow whose first packet went from port "sport"
 * to port "dport" with IP protocol "proto" (TCP 6 or UDP 17; any other
 * makes a flow the group says nothing of) and, for TCP, flags
 * "tcp_flags" (TCPF_*).  "dst_broadcast": its destination is
 * 255.255.255.255, which Zeek never takes for a server.
 */
void		 tcpstate_init(struct tcpstate *s, uint8_t proto,
		    uint16_t sport, uint16_t dport, bool dst_broadcast,
		    uint8_t tcp_flags);

/* A TCP segment sent by direction "d" (0: the flow's source). */
void		 tcpstate_tcp(struct tcpstate *s, int d,
		    const struct tcp_seg *seg);

/* A UDP datagram sent by direction "d". */
void		 tcpstate_udp(struct tcpstate *s, int d);

/* A record was written: per-record values start again (--delta). */
void		 tcpstate_reported(struct tcpstate *s);

/* Zeek's conn_state ("S0", "SF", ...), from the flow's source. */
const char	*tcpstate_conn_state(const struct tcpstate *s);

/*
 * The history from the flow's source into "buf" (TCPSTATE_HISTORY_MAX
 * bytes); return its length (0: no letter).
 */
size_t		 tcpstate_history(const struct tcpstate *s, char *buf);

/* Direction "d"'s TCP flags as 8 characters "CEUAPRSF" or '.' (no NUL). */
void		 tcpstate_flags_text(uint8_t flags, char out[8]);

/* True if "port"/"proto" is one of Zeek's likely server ports. */
bool		 tcpstate_server_port(uint8_t proto, uint16_t port);

#endif /* FLOWDUMP_TCPSTATE_H */
