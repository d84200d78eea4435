/*
 * flowtab.h -- the table of live flows.
 *
 * Maps a flow identity (see flowkey.h) to a struct flow and keeps the
 * flows on two lists: in creation order (the order in which records
 * are written) and in last-seen order (so idle flows are found without
 * scanning the table).  Times are packet times; this module never reads
 * the wall clock and knows nothing of packets or output.
 *
 * The table owns every struct flow.  A pointer returned by flowtab_get()
 * stays valid (growing the table does not move flows) until the flow is
 * passed to flowtab_remove() or the table is freed.
 */
#ifndef FLOWDUMP_FLOWTAB_H
#define FLOWDUMP_FLOWTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * One flow instance.  Index [0] of the per-direction arrays is the
 * source (the side that sent the instance's first packet), [1] the
 * destination.
 */
struct flow {
	struct flow	*hnext;		/* hash chain */
	struct flow	*cprev, *cnext;	/* creation order */
	struct flow	*lprev, *lnext;	/* last-seen order */
	uint64_t	 hash;		/* flowkey_hash() of key */
	uint64_t	 seq;		/* creation order, from 0 */
	fd_ns		 first_ns;	/* first packet (packet time) */
	fd_ns		 last_ns;	/* latest packet (packet time) */
	uint64_t	 pkts[2];	/* [dir] since creation or last report */
	uint64_t	 bytes[2];	/* on-wire frame length (pcap len) */
	uint16_t	 icmp4_tc[2];	/* last ICMP type << 8 | code sent */
	uint16_t	 icmp6_tc[2];	/* last ICMPv6 type << 8 | code sent */
	int8_t		 dir;		/* FLOWKEY_DIR_* of the first packet */
	uint8_t		 sent;		/* bit d set: direction d ever sent */
	uint8_t		 key[];		/* identity, flowkey_ident_len() bytes */
};

struct flowtab;

/* Create an empty table sized for about "hint" flows. */
struct flowtab	*flowtab_new(size_t hint);

/* Free the table and the flows still in it.  NULL is allowed. */
void		 flowtab_free(struct flowtab *ft);

/*
 * Return the flow with identity "ident" (whose hash is "hash"), creating
 * it if absent with first_ns = last_ns = "now_ns", direction "dir" and
 * zero counters; "*created" says which.  Either way the flow becomes the
 * most recently seen, with last_ns = "now_ns".  "now_ns" must not be
 * below the last_ns of any flow in the table.
 */
struct flow	*flowtab_get(struct flowtab *ft, const uint8_t *ident,
		    uint64_t hash, fd_ns now_ns, int dir, bool *created);

/* Unlink "f" from the table and free it. */
void		 flowtab_remove(struct flowtab *ft, struct flow *f);

/* The oldest flow in creation order, or NULL; follow f->cnext. */
struct flow	*flowtab_first(const struct flowtab *ft);

/* The least recently seen flow, or NULL; follow f->lnext. */
struct flow	*flowtab_oldest(const struct flowtab *ft);

/* Number of live flows. */
size_t		 flowtab_count(const struct flowtab *ft);

#endif /* FLOWDUMP_FLOWTAB_H */
