/*
 * pcapgroup.c -- the pcap field group.
 */
#include <config.h>

#include <string.h>

#include "pcapgroup.h"

void
pcapgroup_packet(struct pcapgroup *s, uint32_t input, uint64_t num,
    const char *ifname)
{
	if (!s->seen) {
		s->seen = true;
		s->first.input = input;
		s->first.num = num;
		s->ifname = ifname;
	}
	s->last.input = input;
	s->last.num = num;
}

void
pcapgroup_reported(struct pcapgroup *s)
{
	memset(s, 0, sizeof(*s));
}
