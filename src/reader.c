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
 * Batches in flight (8192 records, 2.9 MB): enough for the reading to go
 * on while the engine writes a periodic report (with 4, mixed-quarter
 * took 15 % longer).
 */
#define READER_NBATCH	16

struct reader {
	struct pcapin		*in;
	bool			 no_mac;
	const atomic_int	*stop;
	struct queue		*q;
	pthread_t		 thread;
};

static void *
reader_main(void *arg)
{
	struct reader		*r = arg;
	struct reader_batch	*b;
	struct record		 rec;
	sigset_t		 sigs;
	int			 rc;

	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
	while ((b = queue_claim(r->q)) != NULL) {
		b->n = 0;
		b->failed = b->end = false;
		while (b->n < READER_BATCH) {
			if (atomic_load_explicit(r->stop,
			    memory_order_relaxed) != 0) {
				b->end = true;
				break;
			}
			rc = pcapin_next(r->in, &rec, &b->err);
			if (rc == 1)
				engine_decode(&rec, r->no_mac, &b->pkt[b->n++]);
			else {
				b->end = rc == 0;
				b->failed = rc == -1;
				break;
			}
		}
		b->bytes = pcapin_bytes(r->in);
		queue_publish(r->q);
		if (b->end)
			break;
	}
	queue_close(r->q);
	return NULL;
}

struct reader *
reader_new(struct pcapin *in, bool no_mac, const atomic_int *stop, char *err,
    size_t errlen)
{
	struct reader	*r;
	int		 rc;

	r = xcalloc(1, sizeof(*r));
	r->in = in;
	r->no_mac = no_mac;
	r->stop = stop;
	r->q = queue_new(READER_NBATCH, sizeof(struct reader_batch));
	if ((rc = pthread_create(&r->thread, NULL, reader_main, r)) == 0)
		pthread_setname_np(r->thread, "flowdump-read");
	else {
		snprintf(err, errlen, "cannot start the reading thread: %s",
		    strerror(rc));
		queue_free(r->q);
		free(r);
		return NULL;
	}
	return r;
}

struct reader_batch *
reader_next(struct reader *r)
{
	return queue_take(r->q);
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
	free(r);
}
