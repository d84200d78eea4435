/*
 * ipgroup.h -- the ip field group: each direction's IP lengths, payload
 * and hop limits in a record's span, and the flow's IP protocols.
 *
 * The state is plain memory, all zero to start; the module knows
 * nothing of packets' bytes (the decoder gives it a struct ip_seen) nor
 * of output.
 */
#ifndef FLOWDUMP_IPGROUP_H
#define FLOWDUMP_IPGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "decode.h"

struct ip_side {
	uint64_t	 ip_bytes;	/* sum of the IP length fields */
	uint64_t	 payload;	/* sum of the bytes above transport */
	uint8_t		 ttl_min, ttl_max;
	bool		 seen;		/* an IP packet in the span */
};

/* The state, and what a record says of it: the same values. */
struct ipgroup {
	struct ip_side	 side[2];	/* by flow direction: 0 the source */
	uint64_t	 protos[4];	/* bit p: IP protocol p seen */
};

/* Packet "ip" (its innermost IP header) sent by direction "d". */
void	ipgroup_packet(struct ipgroup *s, int d, const struct ip_seen *ip);

/* A record was written: the span starts again (--delta). */
void	ipgroup_reported(struct ipgroup *s);

/* The number of protocols seen, and the only one if there is one. */
unsigned ipgroup_nprotos(const struct ipgroup *s, uint8_t *only);

#endif /* FLOWDUMP_IPGROUP_H */
