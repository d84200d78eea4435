/*
 * tcpseg.h -- what the decoder reads of a TCP header for the tcp field
 * group (tcpstate.h): flags, sequence and acknowledgement numbers,
 * window and the segment's payload length.
 */
#ifndef FLOWDUMP_TCPSEG_H
#define FLOWDUMP_TCPSEG_H

#include <stdint.h>

/* TCP flag bits, as in the header's 14th byte. */
#define TCPF_FIN	0x01
#define TCPF_SYN	0x02
#define TCPF_RST	0x04
#define TCPF_PSH	0x08
#define TCPF_ACK	0x10
#define TCPF_URG	0x20
#define TCPF_ECE	0x40
#define TCPF_CWR	0x80

struct tcp_seg {
	uint32_t	 seq;
	uint32_t	 ack;
	uint32_t	 len;		/* payload bytes the IP lengths give */
	uint32_t	 caplen;	/* of them, captured */
	uint16_t	 win;
	uint8_t		 flags;		/* TCPF_* */
	uint8_t		 state;		/* TCPSEG_* */
};

/* How much of the header was read. */
#define TCPSEG_NONE	0	/* no TCP header (not TCP, a later fragment) */
#define TCPSEG_FLAGS	1	/* the fixed header: flags and numbers */
#define TCPSEG_WHOLE	2	/* the whole header, options included, */
				/* within the IP lengths and captured */

#endif /* FLOWDUMP_TCPSEG_H */
