/*
 * flowrec.h -- one flow record, as a value.
 *
 * The engine fills a struct flow_rec for every record it reports (a
 * periodic report, an idle timeout, the end of the input), the output
 * queue copies it, and writers read nothing else: the record holds its
 * own copy of the flow's identity, times and counters, never a pointer
 * into the flow table.  A record may also carry the fields of the field
 * groups on (groups.h): "ext" points at "ext_len" bytes of them, owned
 * by the record's holder (the engine while it emits, the output queue's
 * batch after the copy).  With no group on, "ext" is NULL.
 */
#ifndef FLOWDUMP_FLOWREC_H
#define FLOWDUMP_FLOWREC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "flowkey.h"
#include "util.h"

/* Why a flow ended, on final records. */
enum end_reason {
	END_NONE = 0,		/* not final */
	END_IDLE,
	END_EOF,
	END_INTERRUPTED,
	END_EVICTED,		/* --max-flows made room */
};

/*
 * One record of a flow.  Index [0] of the per-direction arrays is the
 * source (the side that sent the flow's first packet), [1] the
 * destination; "dir" says which side of the key the source is.
 */
struct flow_rec {
	fd_ns		 ts_ns;		/* @timestamp: when it is reported */
	fd_ns		 first_ns;	/* first packet */
	fd_ns		 last_ns;	/* latest packet */
	uint64_t	 pkts[2];	/* since creation, or with --delta */
	uint64_t	 bytes[2];	/* since the previous record */
	uint64_t	 seq;		/* the flow's creation number, from 0 */
	uint16_t	 icmp4_tc;	/* source's last ICMP type << 8 | code */
	uint16_t	 icmp6_tc;	/* same for ICMPv6 */
	int8_t		 dir;		/* FLOWKEY_DIR_* of the first packet */
	uint8_t		 sent;		/* bit d set: direction d ever sent */
	bool		 final;
	uint8_t		 reason;	/* enum end_reason; END_NONE if not */
					/* final */
	uint32_t	 ext_len;	/* bytes at "ext" */
	const void	*ext;		/* field groups' extras, or NULL */
	uint8_t		 key[FLOWKEY_IDENT_MAX];	/* identity (flowkey.h) */
};

/* The bytes of "r" to copy: all but the unused tail of its key. */
static inline size_t
flowrec_size(const struct flow_rec *r)
{
	return offsetof(struct flow_rec, key) + flowkey_ident_len(r->key);
}

#endif /* FLOWDUMP_FLOWREC_H */
