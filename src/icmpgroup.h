/*
 * icmpgroup.h -- the icmp field group: each direction's ICMP or ICMPv6
 * messages in a record's span (the last one's type and code, and the
 * distinct type/code pairs).
 *
 * A flow has one IP family, so its ICMP and ICMPv6 numbers never mix.
 * The state is plain memory, all zero to start; the module knows
 * nothing of packets' bytes nor of output.
 */
#ifndef FLOWDUMP_ICMPGROUP_H
#define FLOWDUMP_ICMPGROUP_H

#include <stdbool.h>
#include <stdint.h>

/* Distinct type/code pairs listed a direction; later ones are counted. */
#define ICMPGROUP_PAIRS	8

struct icmp_side {
	uint32_t	 more;		/* messages of unlisted pairs */
	uint16_t	 pair[ICMPGROUP_PAIRS];	/* type << 8 | code, ascending */
	uint8_t		 npairs;
	uint8_t		 type, code;	/* of the last message */
	bool		 seen;		/* a message in the span */
};

/* The state, and what a record says of it: the same values. */
struct icmpgroup {
	struct icmp_side side[2];	/* by flow direction: 0 the source */
};

/* A message of type "type", code "code", sent by direction "d". */
void	icmpgroup_packet(struct icmpgroup *s, int d, uint8_t type,
	    uint8_t code);

/* A record was written: the span starts again (--delta). */
void	icmpgroup_reported(struct icmpgroup *s);

#endif /* FLOWDUMP_ICMPGROUP_H */
