/*
 * outq.h -- the writing threads: flow records are copied, in order, into
 * batches that threads of their own hand to a sink (main.c's sink is a
 * writer, which formats and writes them).
 *
 * Formatting a record costs about as much as tracking the packets that
 * made it, so it runs beside the engine; where a periodic report makes
 * many records a packet, on more than one thread.  Each thread formats
 * whole batches on a sink of its own (a copy of the caller's that holds
 * its text) and writes a batch out once the batch before it is written,
 * so the stream has the records in the order they were put, whatever
 * the number of threads.  Once outq_new() has started the threads, the
 * sink (a writer and its stream) is theirs until outq_end() returns.  A
 * write error stops every thread; the next outq_put() (or outq_end())
 * reports it.
 */
#ifndef FLOWDUMP_OUTQ_H
#define FLOWDUMP_OUTQ_H

#include <stddef.h>

#include "flowrec.h"

struct outq;

/* Where records go, on the writing threads. */
struct outq_sink {
	/* write one record; 0, or -1 with errno set */
	int	(*write)(void *arg, const struct flow_rec *r);
	/* write out what is buffered; 0, or -1 with errno set */
	int	(*flush)(void *arg);
	void	 *arg;
	/* for a thread of several: a sink to the same stream that holds
	 * what it is given until flush(), and its disposal; with no dup,
	 * one thread writes */
	void	*(*dup)(void *arg);
	void	 (*free)(void *arg);
};

/* Fill "sink" so that it writes with writer "w" (writer.h). */
struct writer;
void		 outq_writer_sink(struct outq_sink *sink, struct writer *w);

/* The writing threads worth starting here: 2 with two processors. */
unsigned	 outq_default_threads(void);

/*
 * Start "nthreads" threads (1 to 4) writing to "sink" (which is copied);
 * or return NULL with a message in "err" if a thread cannot be made.
 * The threads block no signals of their own: they inherit the caller's
 * mask.
 */
struct outq	*outq_new(const struct outq_sink *sink, unsigned nthreads,
		    char *err, size_t errlen);

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
 * The input has ended: what is put from now on (the last records) goes
 * through a shallower queue, as there is nothing left to do beside the
 * writing threads.
 */
void		 outq_input_done(struct outq *q);

/*
 * The batches of records made so far (256 records each): the queue's
 * memory, which grows only while no batch made is free.
 */
size_t		 outq_batches(struct outq *q);

/*
 * Write every record put so far and stop the thread.  Return 0, or -1
 * with errno set if writing failed.  The sink is the caller's again.
 */
int		 outq_end(struct outq *q);

/* End as outq_end() if not ended yet, and free "q".  NULL is allowed. */
void		 outq_free(struct outq *q);

#endif /* FLOWDUMP_OUTQ_H */
