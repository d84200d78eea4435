/*
 * engine.h -- the single pass: records in, flow records out.
 *
 * The engine moves the packet-time clock, runs the ticks of the timeout
 * and period emulation, decodes frames, attributes fragments, drives
 * the flow table and hands every flow record to an emit function.  It
 * knows nothing of files (the caller reads them) nor of output formats
 * (the emit function writes), and it never prints.
 */
#ifndef FLOWDUMP_ENGINE_H
#define FLOWDUMP_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "flowrec.h"
#include "groups.h"
#include "record.h"
#include "stats.h"

struct engine_opts {
	uint64_t	 timeout_ns;	/* idle timeout, >= 1 s */
	int64_t		 period_ns;	/* <= 0: no periodic reports */
	bool		 delta;		/* counts since the previous record */
	bool		 no_mac;	/* leave MACs out of the key */
	bool		 decap;		/* open tunnels */
	uint64_t	 max_flows;	/* 0: no bound on live flows */
	uint32_t	 shard;		/* keep flows whose hash % nshards */
	uint32_t	 nshards;	/* == shard; 0: all flows */
	unsigned	 groups;	/* field groups on (groups.h) */
	uint64_t	 table_max;	/* 0: as many flows as the table can */
					/* hold; less, for tests */
};

/* Why a call returned -1. */
enum engine_error {
	ENGINE_ERR_NONE = 0,
	ENGINE_ERR_EMIT,	/* the emit function failed; errno is its */
	ENGINE_ERR_FULL,	/* a new flow found the flow table full */
};

/*
 * Receives each record, which is valid only during the call (its "ext"
 * is the engine's); returns 0, or -1 to stop the engine.
 */
typedef int (*engine_emit_fn)(const struct flow_rec *r, void *arg);

struct engine;

/*
 * Create an engine.  Counters go to "st", which the caller owns and
 * keeps alive as long as the engine.
 */
struct engine	*engine_new(const struct engine_opts *o, struct stats *st,
		    engine_emit_fn emit, void *arg);

/* Free the engine and its flows (without reporting them). */
void		 engine_free(struct engine *e);


/*
 * Process the "n" records of "p", decoded by decode_record(), in order
 * ("p" is scratch afterwards).  Return 0, or -1 if the emit function
 * failed or a new flow found the table full (engine_error() says which);
 * the engine must not be fed further records then, but after a full
 * table engine_finish() still reports the live flows.
 */
int		 engine_take(struct engine *e, struct decoded *p, size_t n);

/*
 * Take one record.  It is decoded at once (its bytes need not outlive
 * the call) and processed, in order, a few records later or at
 * engine_flush() or engine_finish().  Return 0 or -1 as engine_take().
 */
int		 engine_record(struct engine *e, const struct record *r);

/* Process every record taken so far.  Return 0 or -1 as above. */
int		 engine_flush(struct engine *e);

/*
 * Report every live flow as final with end reason "reason", at the
 * clock's time, in creation order, and empty the table.  Return 0 or -1
 * as engine_record().
 */
int		 engine_finish(struct engine *e, enum end_reason reason);

/* Why the last call that failed returned -1. */
enum engine_error engine_error(const struct engine *e);

/* Number of live flows. */
size_t		 engine_live_flows(const struct engine *e);

/* The clock: the greatest record time processed so far (0 before). */
fd_ns		 engine_clock(const struct engine *e);

#endif /* FLOWDUMP_ENGINE_H */
