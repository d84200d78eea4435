/*
 * outq.h -- the writing thread: flow records are copied, in order, into
 * batches that a thread of their own hands to a sink (main.c's sink is
 * a writer, which formats and writes them).
 *
 * Formatting a record costs about as much as tracking the packets that
 * made it, so it runs beside the engine.  Once outq_new() has started
 * the thread, the sink (a writer and its stream) is the thread's until
 * outq_end() returns.  A write error stops the thread; the next
 * outq_put() (or outq_end()) reports it.
 */
#ifndef FLOWDUMP_OUTQ_H
#define FLOWDUMP_OUTQ_H

#include <stddef.h>

#include "flowrec.h"

struct outq;

/* Where records go, on the writing thread. */
struct outq_sink {
	/* write one record; 0, or -1 with errno set */
	int	(*write)(void *arg, const struct flow_rec *r);
	/* write out what is buffered; 0, or -1 with errno set */
	int	(*flush)(void *arg);
	void	 *arg;
};

/* Fill "sink" so that it writes with writer "w" (writer.h). */
struct writer;
void		 outq_writer_sink(struct outq_sink *sink, struct writer *w);

/*
 * Start a thread writing to "sink" (which is copied); or return NULL
 * with a message in "err" if no thread can be made.  The thread blocks
 * no signals of its own: it inherits the caller's mask.
 */
struct outq	*outq_new(const struct outq_sink *sink, char *err,
		    size_t errlen);

/*
 * Copy record "r" (and its extras) for writing.  Return 0, or -1 with
 * errno set if writing has failed (or EOVERFLOW: extras of more than
 * 64 KiB).
 */
int		 outq_put(struct outq *q, const struct flow_rec *r);

/*
 * Have every record put so far written and the stream flushed soon (the
 * input waits for more).  Return 0, or -1 with errno set if writing has
 * failed.
 */
int		 outq_flush(struct outq *q);

/*
 * Write every record put so far and stop the thread.  Return 0, or -1
 * with errno set if writing failed.  The sink is the caller's again.
 */
int		 outq_end(struct outq *q);

/* End as outq_end() if not ended yet, and free "q".  NULL is allowed. */
void		 outq_free(struct outq *q);

#endif /* FLOWDUMP_OUTQ_H */
