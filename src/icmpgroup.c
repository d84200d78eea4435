/*
 * icmpgroup.c -- the icmp field group.
 *
 * The pairs listed are the first ICMPGROUP_PAIRS distinct ones of the
 * span, kept in ascending order; a message of any other pair after
 * that is counted in "more" (messages, not pairs: counting distinct
 * pairs would need a set of 65536).
 */
#include <config.h>

#include <string.h>

#include "icmpgroup.h"

void
icmpgroup_packet(struct icmpgroup *s, int d, uint8_t type, uint8_t code)
{
	struct icmp_side	*x = &s->side[d];
	uint16_t		 p = (uint16_t)(type << 8 | code);
	unsigned		 i, j;

	x->seen = true;
	x->type = type;
	x->code = code;
	for (i = 0; i < x->npairs && x->pair[i] < p; i++)
		;
	if (i < x->npairs && x->pair[i] == p)
		return;
	if (x->npairs == ICMPGROUP_PAIRS) {
		x->more++;
		return;
	}
	for (j = x->npairs; j > i; j--)
		x->pair[j] = x->pair[j - 1];
	x->pair[i] = p;
	x->npairs++;
}

void
icmpgroup_reported(struct icmpgroup *s)
{
	memset(s, 0, sizeof(*s));
}
