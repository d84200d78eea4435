/*
 * fragtab.h -- what first IP fragments said about their datagrams.
 *
 * A first fragment whose transport header is complete leaves here the
 * key layers that followed its IP header (ports, and inner IP layers of
 * a tunnel), under (source, destination, protocol, identification), for
 * FRAGTAB_LIFE_NS of packet time.  Later fragments of the same datagram
 * look them up to join the first fragment's flow.  Nothing is
 * reassembled.  The table holds at most FRAGTAB_MAX entries; when full,
 * the oldest entry is dropped.
 */
#ifndef FLOWDUMP_FRAGTAB_H
#define FLOWDUMP_FRAGTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "util.h"

#define FRAGTAB_LIFE_NS	(30 * (fd_ns)NS_PER_SEC)
#define FRAGTAB_MAX	65536

struct fragtab;

/* Create an empty table. */
struct fragtab	*fragtab_new(void);

/* Free the table.  NULL is allowed. */
void		 fragtab_free(struct fragtab *ft);

/*
 * Remember the layers "pk->ops" of the first fragment described by "pk"
 * at time "now_ns", replacing an earlier entry for the same datagram.
 */
void		 fragtab_put(struct fragtab *ft, const struct pkt_info *pk,
		    fd_ns now_ns);

/*
 * Return true and set "*ops" and "*nops" (valid until the next call that
 * changes the table) if a live entry matches the later fragment "pk".
 */
bool		 fragtab_get(struct fragtab *ft, const struct pkt_info *pk,
		    fd_ns now_ns, const struct decode_op **ops, size_t *nops);

/* Drop the entries older than FRAGTAB_LIFE_NS before "now_ns". */
void		 fragtab_expire(struct fragtab *ft, fd_ns now_ns);

/* Number of entries. */
size_t		 fragtab_count(const struct fragtab *ft);

#endif /* FLOWDUMP_FRAGTAB_H */
