/*
 * groups.c -- the optional field groups: names, layout, dispatch.
 */
#include <config.h>

#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "groups.h"

static const char *const names[GROUP_COUNT] = {
	[GROUP_TCP] = "tcp",
	[GROUP_IP] = "ip",
	[GROUP_ICMP] = "icmp",
	[GROUP_PCAP] = "pcap",
	[GROUP_STATS] = "stats",
};

/* Each group's state in a flow's extras, and its fields in a record's. */
static const size_t sizes[GROUP_COUNT] = {
	[GROUP_TCP] = sizeof(struct tcpstate),
	[GROUP_IP] = sizeof(struct ipgroup),
	[GROUP_ICMP] = sizeof(struct icmpgroup),
	[GROUP_PCAP] = sizeof(struct pcapgroup),
	[GROUP_STATS] = sizeof(struct statsgroup),
};

static const size_t rsizes[GROUP_COUNT] = {
	[GROUP_TCP] = sizeof(struct tcp_report),
	[GROUP_IP] = sizeof(struct ipgroup),	/* the state is the report */
	[GROUP_ICMP] = sizeof(struct icmpgroup),
	[GROUP_PCAP] = sizeof(struct pcapgroup),
	[GROUP_STATS] = sizeof(struct stats_report),
};

const char *
group_name(unsigned g)
{
	return g < GROUP_COUNT ? names[g] : NULL;
}

int
groups_parse(const char *list, unsigned *mask, char *err, size_t errlen)
{
	const char	*p = list, *end;
	size_t		 len;
	unsigned	 g;

	for (;;) {
		end = strchr(p, ',');
		len = end != NULL ? (size_t)(end - p) : strlen(p);
		for (g = 0; g < GROUP_COUNT; g++)
			if (strlen(names[g]) == len &&
			    memcmp(names[g], p, len) == 0)
				break;
		if (g == GROUP_COUNT) {
			snprintf(err, errlen, "--with: no group '%.*s' (the "
			    "groups are: tcp, ip, icmp, pcap, stats)", (int)len, p);
			return -1;
		}
		*mask |= GROUP_BIT(g);
		if (end == NULL)
			return 0;
		p = end + 1;
	}
}

void
groups_init(struct groups *g, unsigned mask)
{
	unsigned	i;

	memset(g, 0, sizeof(*g));
	g->mask = mask;
	for (i = 0; i < GROUP_COUNT; i++) {
		if (!(mask & GROUP_BIT(i)))
			continue;
		g->off[i] = g->size;
		g->size += (sizes[i] + 15) & ~(size_t)15;
		g->roff[i] = g->rsize;
		g->rsize += (rsizes[i] + 15) & ~(size_t)15;
	}
	assert(g->rsize <= GROUPS_REPORT_MAX);
}

/* Group "i"'s state in a flow's extras. */
static void *
state_of(const struct groups *g, void *ext, unsigned i)
{
	return (uint8_t *)ext + g->off[i];
}

static struct tcpstate *
tcp_of(const struct groups *g, void *ext)
{
	return state_of(g, ext, GROUP_TCP);
}

void
groups_created(const struct groups *g, void *ext, const struct decoded *p)
{
	const struct flow_key	*k = &p->pk.key;
	const uint8_t		*a, *b, *s4, *d4;
	uint16_t		 flags = flowkey_flags(k->ident);
	uint16_t		 sport = 0, dport = 0;
	uint8_t			 proto = 0;
	bool			 bcast = false;

	if (!(g->mask & GROUP_BIT(GROUP_TCP)))
		return;
	/* the first packet's ports, as it sent them */
	if ((flags & FK_FLAG(FK_TCP)) &&
	    flowkey_pair(k->ident, FK_TCP, 2, k->dir, &a, &b))
		proto = 6;
	else if ((flags & FK_FLAG(FK_UDP)) &&
	    flowkey_pair(k->ident, FK_UDP, 2, k->dir, &a, &b))
		proto = 17;
	if (proto != 0) {
		sport = flowkey_le16(a);
		dport = flowkey_le16(b);
	}
	if (flowkey_pair(k->ident, FK_IPV4, 4, k->dir, &s4, &d4))
		bcast = memcmp(d4, "\377\377\377\377", 4) == 0;
	tcpstate_init(tcp_of(g, ext), proto, sport, dport, bcast,
	    p->pk.tcp.state != TCPSEG_NONE ? p->pk.tcp.flags : 0);
}

void
groups_packet(const struct groups *g, void *ext, const struct decoded *p,
    int d)
{
	struct tcpstate	*t;

	if (g->mask & GROUP_BIT(GROUP_TCP)) {
		t = tcp_of(g, ext);
		if (t->proto == 6)
			tcpstate_tcp(t, d, &p->pk.tcp);
		else if (t->proto == 17 && p->pk.frag != DECODE_FRAG_LATER)
			tcpstate_udp(t, d);
	}
	if (g->mask & GROUP_BIT(GROUP_IP))
		ipgroup_packet(state_of(g, ext, GROUP_IP), d, &p->pk.ip);
	if ((g->mask & GROUP_BIT(GROUP_ICMP)) && p->pk.icmp_ver != 0)
		icmpgroup_packet(state_of(g, ext, GROUP_ICMP), d,
		    p->pk.icmp_type, p->pk.icmp_code);
	if (g->mask & GROUP_BIT(GROUP_PCAP))
		pcapgroup_packet(state_of(g, ext, GROUP_PCAP), p->input,
		    p->num, p->ifname);
	if (g->mask & GROUP_BIT(GROUP_STATS))
		statsgroup_packet(state_of(g, ext, GROUP_STATS), d,
		    p->wirelen, p->t);
}

void
groups_report(const struct groups *g, const void *ext, void *out)
{
	const uint8_t	*x = ext;
	uint8_t		*o = out;

	if (g->mask & GROUP_BIT(GROUP_TCP))
		tcpstate_report((const struct tcpstate *)(x +
		    g->off[GROUP_TCP]), (struct tcp_report *)(o +
		    g->roff[GROUP_TCP]));
	/* the ip, icmp and pcap groups' states are their reports */
	if (g->mask & GROUP_BIT(GROUP_IP))
		memcpy(o + g->roff[GROUP_IP], x + g->off[GROUP_IP],
		    sizeof(struct ipgroup));
	if (g->mask & GROUP_BIT(GROUP_ICMP))
		memcpy(o + g->roff[GROUP_ICMP], x + g->off[GROUP_ICMP],
		    sizeof(struct icmpgroup));
	if (g->mask & GROUP_BIT(GROUP_PCAP))
		memcpy(o + g->roff[GROUP_PCAP], x + g->off[GROUP_PCAP],
		    sizeof(struct pcapgroup));
	if (g->mask & GROUP_BIT(GROUP_STATS))
		statsgroup_report((const struct statsgroup *)(x +
		    g->off[GROUP_STATS]), (struct stats_report *)(o +
		    g->roff[GROUP_STATS]));
}

void
groups_reported(const struct groups *g, void *ext)
{
	if (g->mask & GROUP_BIT(GROUP_TCP))
		tcpstate_reported(tcp_of(g, ext));
	if (g->mask & GROUP_BIT(GROUP_IP))
		ipgroup_reported(state_of(g, ext, GROUP_IP));
	if (g->mask & GROUP_BIT(GROUP_ICMP))
		icmpgroup_reported(state_of(g, ext, GROUP_ICMP));
	if (g->mask & GROUP_BIT(GROUP_PCAP))
		pcapgroup_reported(state_of(g, ext, GROUP_PCAP));
	if (g->mask & GROUP_BIT(GROUP_STATS))
		statsgroup_reported(state_of(g, ext, GROUP_STATS));
}
