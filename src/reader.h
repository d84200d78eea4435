/*
 * reader.h -- the reading thread: reads the inputs' merged timeline
 * with pcapin and decodes each record (decode_record()), on a thread of
 * its own, and hands the decoded records over in batches, in order.
 *
 * Reading and decoding need nothing from the flow table, so they run
 * beside the engine: the caller takes batches and feeds them to the
 * engine.  When the taker keeps up (the thread is the slower of the
 * two), the thread leaves the decoding to reader_next(), on the taker's
 * thread, so that the two share the work: records of a mapped file are
 * handed over in place, others copied into the batch first.  Either
 * way the batch that reader_next() returns is decoded, in the same
 * order, with the same result.  An input that
 * fails ends a batch, which then carries the failure; the other inputs
 * go on in the next batch.  The reader
 * owns its thread and batches; the set of inputs stays the caller's,
 * who must not use it (but for pcapin_name()) until reader_free().
 */
#ifndef FLOWDUMP_READER_H
#define FLOWDUMP_READER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode.h"
#include "pcapin.h"

/* Records in a full batch, and bytes of frames a batch can carry. */
#define READER_BATCH	512
#define READER_ARENA	(64 * 1024)

struct reader_batch {
	size_t			 n;		/* records in pkt[] */
	bool			 failed;	/* then an input failed: err */
	bool			 end;		/* the last batch */
	bool			 flush;		/* input waits: write out */
	uint64_t		 bytes;		/* read from the inputs so far */
	struct pcapin_error	 err;
	struct decoded	 pkt[READER_BATCH];
	/* records left for the taker to decode (reader_next() does) */
	size_t			 nraw;
	uint16_t		 raw[READER_BATCH];	/* their indexes */
	struct record		 rec[READER_BATCH];	/* data in arena */
	uint8_t			 arena[READER_ARENA];
};

struct reader;

/*
 * Start reading "in" on a new thread, decoding with decode_frame()'s
 * options "dopts"; or return
 * NULL with a message in "err" if no thread can be made.  The thread
 * stops at the next record once "*stop" is not zero (a signal handler's
 * flag); it receives SIGINT and SIGTERM, which the caller should block
 * in its other threads, so that a signal cuts short a wait for more
 * input (see pcapin).
 */
struct reader	*reader_new(struct pcapin *in, unsigned dopts,
		    const atomic_int *stop, char *err, size_t errlen);

/*
 * The next batch, waiting for it if need be; NULL after the batch with
 * "end" set.  The batch stays valid until reader_release().
 */
struct reader_batch *reader_next(struct reader *r);

/* Give the batch of reader_next() back. */
void		 reader_release(struct reader *r);

/*
 * Stop the thread if it still reads (ending its waits for input with
 * pcapin_interrupt()), wait for it and free everything.  NULL is
 * allowed.
 */
void		 reader_free(struct reader *r);

#endif /* FLOWDUMP_READER_H */
