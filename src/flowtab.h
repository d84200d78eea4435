/*
 * flowtab.h -- the table of live flows.
 *
 * Maps a flow identity (see flowkey.h) to a struct flow.  Flows live in
 * fixed-size slots of a pool (128 bytes each, on cache lines), found
 * through an index of 8-byte entries (hash and slot) that is at most
 * three quarters full, so a table of a million flows stays near 145 MB.
 * Slots are linked by 32-bit slot numbers on a list in creation order
 * (the order in which records are written), and each is filed in one of
 * FLOWTAB_RING sets the caller picks, a ring of expiry buckets: the
 * caller files each flow under the timeout check at which it will be
 * idle, so idle flows are found without scanning the table and a packet
 * moves its flow only when that check changes.  A bucket keeps its flows
 * in no particular order.
 * A key's 17-byte header is stored once per distinct layout, not once
 * per flow.
 *
 * Times here are unsigned 64-bit nanoseconds relative to a base the
 * caller chooses (packet time; this module never reads the wall clock).
 * The module knows nothing of packets or output.
 *
 * Beside each flow, outside its slot, the table can keep a fixed number
 * of bytes of extras (the state of the optional field groups), zeroed
 * when the flow is created; a table made without them spends nothing on
 * them.
 *
 * The table owns every struct flow and its extras.  A pointer returned
 * by flowtab_get() or flowtab_ext() stays valid (growing the table does
 * not move flows) until the flow is passed to flowtab_remove() or the
 * table is freed.
 */
#ifndef FLOWDUMP_FLOWTAB_H
#define FLOWDUMP_FLOWTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowkey.h"

/* Number of expiry buckets. */
#define FLOWTAB_RING		8

/* The most flows a table holds (slots are numbered in 32 bits). */
#define FLOWTAB_MAX_FLOWS	(UINT32_MAX - (UINT32_C(1) << 14))

/* Packed key bytes kept in the slot; longer keys are kept apart. */
#define FLOWTAB_KEY_INLINE	48

/*
 * One flow instance.  Index [0] of the per-direction arrays is the
 * source (the side that sent the instance's first packet), [1] the
 * destination.  A packet updates the first cache line; listing an
 * expiry bucket reads the second (its place there, the hash, the
 * creation number and the key), so that the flows due can be listed,
 * put in creation order and taken out of the index without reading
 * their first lines.
 */
struct flow {
	uint64_t	 first_ns;	/* first packet (relative time) */
	uint64_t	 last_ns;	/* latest packet (relative time) */
	uint64_t	 pkts[2];	/* [dir] since creation or last report */
	uint64_t	 bytes[2];	/* on-wire frame length (pcap len) */
	uint16_t	 icmp4_tc;	/* source's last ICMP type << 8 | code */
	uint16_t	 icmp6_tc;	/* source's last ICMPv6 type << 8 | code */
	int8_t		 dir;		/* FLOWKEY_DIR_* of the first packet */
	uint8_t		 sent;		/* bit d set: direction d ever sent */
	uint8_t		 keylen;	/* bytes of the packed key */
	uint8_t		 bucket;	/* expiry bucket, < FLOWTAB_RING */
	uint32_t	 cprev, cnext;	/* creation order */
	/* second cache line */
	uint32_t	 bpos;		/* place in its expiry bucket */
	uint32_t	 hash;		/* as given to flowtab_get() (low bits) */
	uint64_t	 seq;		/* creation order, from 0 */
	uint8_t		 key[FLOWTAB_KEY_INLINE];	/* packed key, or a pointer */
};

struct flowtab;

/*
 * Create an empty table sized for about "hint" flows, keeping "ext_size"
 * bytes of extras a flow (0: none; rounded up to 16).
 */
struct flowtab	*flowtab_new(size_t hint, size_t ext_size);

/* Hold at most "n" flows (at most FLOWTAB_MAX_FLOWS, the default). */
void		 flowtab_set_max(struct flowtab *ft, size_t n);

/* Free the table and the flows still in it.  NULL is allowed. */
void		 flowtab_free(struct flowtab *ft);

/*
 * Return the flow with identity "ident" (whose hash is "hash"), creating
 * it if absent with first_ns = last_ns = "now_ns", direction "dir" and
 * zero counters; "*created" says which.  Either way last_ns becomes
 * "now_ns" and the flow is filed under expiry bucket "bucket" (moved
 * there, if it was elsewhere).  If "ext" is not NULL, "*ext" is set
 * to the flow's extras (as flowtab_ext()).  Return NULL, with "*created"
 * false, if the flow is new and the table already holds as many flows
 * as it may.
 */
struct flow	*flowtab_get(struct flowtab *ft, const uint8_t *ident,
		    uint64_t hash, uint64_t now_ns, unsigned bucket, int dir,
		    bool *created, void **ext);

/*
 * Hints that flowtab_get() will soon look up "hash": bring its index
 * entries, then (once they are in cache) the first flow with that hash,
 * into the cache.  Neither changes anything.
 */
void		 flowtab_prefetch_index(const struct flowtab *ft,
		    uint64_t hash);
void		 flowtab_prefetch_flow(const struct flowtab *ft, uint64_t hash);

/* The flow with identity "ident" (hash "hash"), or NULL; nothing moves. */
struct flow	*flowtab_find(const struct flowtab *ft, const uint8_t *ident,
		    uint64_t hash);

/*
 * The extras of "f", 16-byte aligned (as many bytes as flowtab_new() was
 * asked for, rounded up to 16); NULL if the table keeps none.
 */
void		*flowtab_ext(const struct flowtab *ft, const struct flow *f);

/* True if "f" points at a slot that holds a flow (not a freed one). */
bool		 flowtab_live(const struct flowtab *ft, const struct flow *f);

/*
 * Write the identity of "f" (as flowkey.h lays it out) into "buf", which
 * holds FLOWKEY_IDENT_MAX bytes, and return "buf".
 */
const uint8_t	*flowtab_ident(const struct flowtab *ft, const struct flow *f,
		    uint8_t *buf);

/* Unlink "f" from the table and free its slot. */
void		 flowtab_remove(struct flowtab *ft, struct flow *f);

/*
 * A flow as a list of them holds it: its creation number (to sort the
 * list by) and its place in the table (to reach it without a search).
 */
struct flowtab_ref {
	uint64_t	 seq;
	uint32_t	 n;
};

/* List the flowtab_bcount() flows of expiry bucket "bucket" in "out". */
void		 flowtab_list_bucket(const struct flowtab *ft, unsigned bucket,
		    struct flowtab_ref *out);

/* The flow of "r", with its extras in "*ext" (as flowtab_ext()). */
struct flow	*flowtab_ref_flow(const struct flowtab *ft,
		    const struct flowtab_ref *r, void **ext);

/* Start fetching what a report of the flow of "r" reads (a hint). */
void		 flowtab_ref_prefetch(const struct flowtab *ft,
		    const struct flowtab_ref *r);

/*
 * Remove every flow of expiry bucket "bucket", as flowtab_remove(), in
 * the order of "refs", which lists them ("n" of them: all of them).
 */
void		 flowtab_remove_bucket(struct flowtab *ft, unsigned bucket,
		    const struct flowtab_ref *refs, size_t n);

/*
 * A walk of the flows in creation order that brings the flows a few
 * places ahead (their slots, keys and extras) into the cache while the
 * caller works on the current one: flowtab_walk_start(), then
 * flowtab_walk_next() until it returns NULL.  The caller may remove the
 * flow it was last handed, and no other, during the walk.
 */
struct flowtab_walk {
	uint32_t	 cur;		/* the flow handed out next */
	uint32_t	 lead;		/* the flow being fetched */
};

void		 flowtab_walk_start(const struct flowtab *ft,
		    struct flowtab_walk *w);

/* The next flow, with its extras in "*ext" (as flowtab_ext()), or NULL. */
struct flow	*flowtab_walk_next(const struct flowtab *ft,
		    struct flowtab_walk *w, void **ext);

/*
 * Remove every flow at once (as flowtab_remove() on each, in far less
 * time): pointers to flows and extras are no longer valid.
 */
void		 flowtab_clear(struct flowtab *ft);

/* The oldest flow in creation order, or NULL; then flowtab_next(). */
struct flow	*flowtab_first(const struct flowtab *ft);
struct flow	*flowtab_next(const struct flowtab *ft, const struct flow *f);

/*
 * The flows of expiry bucket "bucket", in no particular order, or NULL;
 * then flowtab_bnext() (with no flow filed or removed in between).
 */
struct flow	*flowtab_bfirst(const struct flowtab *ft, unsigned bucket);
struct flow	*flowtab_bnext(const struct flowtab *ft, const struct flow *f);

/* Number of flows in expiry bucket "bucket". */
size_t		 flowtab_bcount(const struct flowtab *ft, unsigned bucket);

/* Number of live flows. */
size_t		 flowtab_count(const struct flowtab *ft);

/*
 * Bytes the table holds (slots, links, extras, buckets and long keys);
 * for diagnostics.
 */
size_t		 flowtab_memory(const struct flowtab *ft);

#endif /* FLOWDUMP_FLOWTAB_H */
