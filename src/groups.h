/*
 * groups.h -- the optional field groups (--with): which are on, where
 * each keeps its state among a flow's extras (flowtab.h), and how that
 * state follows the packets.
 *
 * A group adds fields to every record; its per-flow state lives in the
 * flow's extras, outside the flow table's slot, so that with no group on
 * no byte and no instruction is spent on any.  The engine calls
 * groups_created(), groups_packet() and groups_reported(); writers find
 * the state in a record's extras with groups_tcp() and friends.  The
 * module knows nothing of output.
 */
#ifndef FLOWDUMP_GROUPS_H
#define FLOWDUMP_GROUPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "icmpgroup.h"
#include "ipgroup.h"
#include "pcapgroup.h"
#include "statsgroup.h"
#include "tcpstate.h"

enum group_id {
	GROUP_TCP = 0,		/* TCP flags, conn_state, history */
	GROUP_IP,		/* IP and payload bytes, TTLs, protocols */
	GROUP_ICMP,		/* ICMP types and codes */
	GROUP_PCAP,		/* where in the captures */
	GROUP_STATS,		/* sizes and inter-arrival times */
	GROUP_COUNT
};

#define GROUP_BIT(g)	(1U << (g))

/*
 * The groups on, where each keeps its state in a flow's extras, and
 * where each puts its fields in a record's extras.
 */
struct groups {
	unsigned	 mask;			/* GROUP_BIT()s */
	size_t		 off[GROUP_COUNT];	/* of each group's state */
	size_t		 size;			/* bytes of extras a flow */
	size_t		 roff[GROUP_COUNT];	/* of each group's report */
	size_t		 rsize;			/* bytes of a record's */
};

/* The most bytes a record's extras take, every group on. */
#define GROUPS_REPORT_MAX	768

/* The name of group "g" ("tcp", ...); NULL past the last. */
const char	*group_name(unsigned g);

/*
 * Parse a --with list ("tcp", "tcp,ip", ...) into "*mask", adding to
 * it.  Return 0, or -1 with a message in "err" for an unknown name.
 */
int		 groups_parse(const char *list, unsigned *mask, char *err,
		    size_t errlen);

/* Lay out the extras of the groups of "mask". */
void		 groups_init(struct groups *g, unsigned mask);

/*
 * A flow was created by packet "p" (its extras are all zero): set its
 * groups' state up.
 */
void		 groups_created(const struct groups *g, void *ext,
		    const struct decoded *p);

/* Packet "p" of the flow, sent by direction "d" (0: the source). */
void		 groups_packet(const struct groups *g, void *ext,
		    const struct decoded *p, int d);

/*
 * A record of the flow is made: write its groups' fields from the
 * flow's extras "ext" into "out" (g->rsize bytes, 16-byte aligned).
 */
void		 groups_report(const struct groups *g, const void *ext,
		    void *out);

/* A record of the flow was written: --delta starts the values again. */
void		 groups_reported(const struct groups *g, void *ext);

/*
 * Group "id"'s fields in a record's extras "rext", or NULL if the group
 * is off; and the same for each group, typed.
 */
static inline const void *
groups_fields(const struct groups *g, const void *rext, enum group_id id)
{
	if (rext == NULL || !(g->mask & GROUP_BIT(id)))
		return NULL;
	return (const uint8_t *)rext + g->roff[id];
}

static inline const struct tcp_report *
groups_tcp(const struct groups *g, const void *rext)
{
	return groups_fields(g, rext, GROUP_TCP);
}

static inline const struct ipgroup *
groups_ip(const struct groups *g, const void *rext)
{
	return groups_fields(g, rext, GROUP_IP);
}

static inline const struct icmpgroup *
groups_icmp(const struct groups *g, const void *rext)
{
	return groups_fields(g, rext, GROUP_ICMP);
}

static inline const struct pcapgroup *
groups_pcap(const struct groups *g, const void *rext)
{
	return groups_fields(g, rext, GROUP_PCAP);
}

static inline const struct stats_report *
groups_stats(const struct groups *g, const void *rext)
{
	return groups_fields(g, rext, GROUP_STATS);
}

#endif /* FLOWDUMP_GROUPS_H */
