/*
 * ipgroup.c -- the ip field group.
 */
#include <config.h>

#include <string.h>

#include "ipgroup.h"

void
ipgroup_packet(struct ipgroup *s, int d, const struct ip_seen *ip)
{
	struct ip_side	*x = &s->side[d];

	if (ip->ver == 0)
		return;
	if (!x->seen) {
		x->seen = true;
		x->ttl_min = x->ttl_max = ip->ttl;
	} else if (ip->ttl < x->ttl_min)
		x->ttl_min = ip->ttl;
	else if (ip->ttl > x->ttl_max)
		x->ttl_max = ip->ttl;
	x->ip_bytes += ip->len;
	x->payload += ip->payload;
	s->protos[ip->proto >> 6] |= UINT64_C(1) << (ip->proto & 63);
}

void
ipgroup_reported(struct ipgroup *s)
{
	/* the protocols are the whole flow's */
	memset(s->side, 0, sizeof(s->side));
}

unsigned
ipgroup_nprotos(const struct ipgroup *s, uint8_t *only)
{
	unsigned	n = 0, w;

	for (w = 0; w < 4; w++) {
		if (s->protos[w] == 0)
			continue;
		n += (unsigned)__builtin_popcountll(s->protos[w]);
		*only = (uint8_t)(w * 64 + (unsigned)__builtin_ctzll(s->protos[w]));
	}
	return n;
}
