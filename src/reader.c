/*
 * reader.c -- the reading thread.
 *
 * A few batches are in flight at once: the thread fills one while the
 * engine processes another, and waits only when all are full.
 */
#include <config.h>

#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "queue.h"
#include "reader.h"
#include "util.h"

/*
 * Batches in flight (8192 records, 4.7 MB with their frame arenas):
 * enough for the reading to go on while the engine writes a periodic
 * report (with 4, mixed-quarter took 15 % longer).
 */
#define READER_NBATCH	16

struct reader {
	struct pcapin		*in;
	unsigned		 dopts;		/* decode_frame()'s options */
	const atomic_int	*stop;
	struct queue		*q;
	pthread_t		 thread;
	/* the reading thread's: the batch being filled */
	struct reader_batch	*cur;
	size_t			 used;		/* of its arena */
	bool			 defer;		/* leave decoding to the taker */
	bool			 flushed;	/* nothing read since a flush */
	/*
	 * Each input's position when each of the last READER_NBATCH
	 * batches was published: once a batch's slot comes back, the
	 * mapped bytes before its positions are used no more.
	 */
	uint64_t		*marks;
	uint64_t		 claims;	/* batches claimed so far */
};

/*
 * Claim a batch to fill, or return false (the taker gave up).  With no
 * full batch waiting, the taker is idle now and then: leave it the
 * decoding of the frames that fit in the arena.
 */
static bool
start_batch(struct reader *r)
{
	struct reader_batch	*b;
	size_t			 n = pcapin_count(r->in);

	if ((b = r->cur = queue_claim(r->q)) == NULL)
		return false;
	b->n = b->nraw = 0;
	b->failed = b->end = b->flush = false;
	r->defer = queue_backlog(r->q) <= READER_NBATCH / 4;
	r->used = r->defer ? 0 : READER_ARENA;
	/* the slot's last batch, and all before it, are released */
	if (r->claims >= READER_NBATCH)
		pcapin_discard(r->in, r->marks + r->claims % READER_NBATCH * n);
	r->claims++;
	return true;
}

static void
publish(struct reader *r)
{
	pcapin_positions(r->in, r->marks + (r->claims - 1) % READER_NBATCH *
	    pcapin_count(r->in));
	r->cur->bytes = pcapin_bytes(r->in);
	queue_publish(r->q);
	r->cur = NULL;
}

/*
 * The wait hook: reading is about to wait for a pipe.  Hand over what
 * was read so far, so that its records are written without waiting for
 * a full batch, and start another batch.
 */
static void
on_wait(void *arg)
{
	struct reader	*r = arg;

	if (r->cur == NULL || r->flushed)
		return;
	/* even empty: the batches before it were not flushed */
	r->cur->flush = r->flushed = true;
	publish(r);
	queue_flush(r->q);
	(void)start_batch(r);	/* NULL if cancelled: the loop stops */
}

static void *
reader_main(void *arg)
{
	struct reader		*r = arg;
	struct reader_batch	*b;
	struct record		 rec;
	struct pcapin_error	 err;
	sigset_t		 sigs;
	bool			 end;
	int			 rc;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	pcapin_set_wait_hook(r->in, on_wait, r);
	if (!start_batch(r))
		goto out;
	for (;;) {
		if (atomic_load_explicit(r->stop, memory_order_relaxed) != 0)
			rc = 0;
		else
			rc = pcapin_next(r->in, &rec, &err);
		if ((b = r->cur) == NULL)	/* the hook found it cancelled */
			break;
		if (rc != 1) {
			b->end = end = rc == 0;
			if (rc == -1) {
				b->failed = true;
				b->err = err;
			}
			publish(r);		/* b is the taker's now */
			queue_flush(r->q);
			if (end || !start_batch(r))
				break;
			continue;
		}
		r->flushed = false;
		if (!rec.rejected && r->defer && rec.stable) {
			/* mapped: the taker decodes it in place */
			b->rec[b->nraw] = rec;
			b->raw[b->nraw++] = (uint16_t)b->n++;
		} else if (!rec.rejected && rec.caplen <= READER_ARENA -
		    r->used) {
			memcpy(b->arena + r->used, rec.data, rec.caplen);
			rec.data = b->arena + r->used;
			r->used += rec.caplen;
			b->rec[b->nraw] = rec;
			b->raw[b->nraw++] = (uint16_t)b->n++;
		} else
			decode_record(&rec, r->dopts, &b->pkt[b->n++]);
		if (b->n == READER_BATCH) {
			publish(r);
			if (!start_batch(r))
				break;
		}
	}
out:
	pcapin_set_wait_hook(r->in, NULL, NULL);
	queue_close(r->q);
	return NULL;
}

struct reader *
reader_new(struct pcapin *in, unsigned dopts, const atomic_int *stop, char *err,
    size_t errlen)
{
	struct reader	*r;
	int		 rc;

	r = xcalloc(1, sizeof(*r));
	r->in = in;
	r->dopts = dopts;
	r->stop = stop;
	r->q = queue_new(READER_NBATCH, sizeof(struct reader_batch));
	r->marks = xcalloc(READER_NBATCH * (pcapin_count(in) + 1),
	    sizeof(*r->marks));
	if ((rc = pthread_create(&r->thread, NULL, reader_main, r)) == 0)
		pthread_setname_np(r->thread, "flowdump-read");
	else {
		snprintf(err, errlen, "cannot start the reading thread: %s",
		    strerror(rc));
		queue_free(r->q);
		free(r->marks);
		free(r);
		return NULL;
	}
	return r;
}

struct reader_batch *
reader_next(struct reader *r)
{
	struct reader_batch	*b;
	size_t			 i;

	if ((b = queue_take(r->q)) == NULL)
		return NULL;
	for (i = 0; i < b->nraw; i++)
		decode_record(&b->rec[i], r->dopts, &b->pkt[b->raw[i]]);
	b->nraw = 0;
	return b;
}

void
reader_release(struct reader *r)
{
	queue_release(r->q);
}

void
reader_free(struct reader *r)
{
	if (r == NULL)
		return;
	/* a thread waiting for input or for a free batch stops at once */
	pcapin_interrupt(r->in);
	queue_cancel(r->q);
	pthread_join(r->thread, NULL);
	queue_free(r->q);
	free(r->marks);
	free(r);
}
