/*
 * outq.h -- the writing thread: flow records are copied, in order, into
 * batches that a thread of their own formats and writes with a writer.
 *
 * Formatting a record costs about as much as tracking the packets that
 * made it, so it runs beside the engine.  Once outq_new() has started
 * the thread, the writer (and its stream) are the thread's until
 * outq_end() returns.  A write error stops the thread; the next
 * outq_put() (or outq_end()) reports it.
 */
#ifndef FLOWDUMP_OUTQ_H
#define FLOWDUMP_OUTQ_H

#include <stddef.h>

#include "writer.h"

struct outq;

/*
 * Start a thread writing to "w"; or return NULL with a message in "err"
 * if no thread can be made.  The thread blocks no signals of its own:
 * it inherits the caller's mask.
 */
struct outq	*outq_new(struct writer *w, char *err, size_t errlen);

/*
 * Copy record "r" (its flow and key too) for writing.  Return 0, or -1
 * with errno set if writing has failed.
 */
int		 outq_put(struct outq *q, const struct flow_report *r);

/*
 * Have every record put so far written and the stream flushed soon (the
 * input waits for more).  Return 0, or -1 with errno set if writing has
 * failed.
 */
int		 outq_flush(struct outq *q);

/*
 * Write every record put so far and stop the thread.  Return 0, or -1
 * with errno set if writing failed.  The writer is the caller's again.
 */
int		 outq_end(struct outq *q);

/* End as outq_end() if not ended yet, and free "q".  NULL is allowed. */
void		 outq_free(struct outq *q);

#endif /* FLOWDUMP_OUTQ_H */
