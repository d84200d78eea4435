/*
 * outq.c -- the writing thread.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outq.h"
#include "queue.h"
#include "util.h"

/*
 * Records in a batch, and batches in flight: 32768 records (7 MB), so
 * that the burst of a periodic report of some 30000 live flows goes to
 * the queue at once, and the engine goes on with the packets while this
 * thread writes (with 16 batches the engine waited out every burst, and
 * mixed-quarter took 15 % longer).
 */
#define OUTQ_BATCH	256
#define OUTQ_NBATCH	128

/*
 * A record as the engine reported it, with copies of what it pointed to:
 * of the flow, what writers read (writer.h: counters and direction).
 */
struct outq_rec {
	fd_ns		 ts_ns, first_ns, last_ns;
	uint64_t	 pkts[2], bytes[2];
	uint16_t	 icmp4_tc, icmp6_tc;
	int8_t		 dir;
	uint8_t		 sent;
	bool		 final;
	uint8_t		 reason;		/* enum end_reason */
	uint8_t		 key[FLOWKEY_IDENT_MAX];
};

struct outq_batch {
	size_t		 n;
	bool		 flush;		/* write the stream out after it */
	struct outq_rec	 rec[OUTQ_BATCH];
};

struct outq {
	struct writer		*w;
	struct queue		*q;
	pthread_t		 thread;
	bool			 running;
	struct outq_batch	*cur;		/* being filled, or NULL */
	atomic_int		 err;		/* errno of the failed write */
};

static void *
outq_main(void *arg)
{
	struct outq		*o = arg;
	struct outq_batch	*b;
	struct outq_rec		*x;
	struct flow_report	 r;
	struct flow		 f;
	size_t			 i;

	memset(&f, 0, sizeof(f));
	while ((b = queue_take(o->q)) != NULL) {
		for (i = 0; i < b->n; i++) {
			x = &b->rec[i];
			memcpy(f.pkts, x->pkts, sizeof(f.pkts));
			memcpy(f.bytes, x->bytes, sizeof(f.bytes));
			f.icmp4_tc = x->icmp4_tc;
			f.icmp6_tc = x->icmp6_tc;
			f.dir = x->dir;
			f.sent = x->sent;
			r.f = &f;
			r.key = x->key;
			r.ts_ns = x->ts_ns;
			r.first_ns = x->first_ns;
			r.last_ns = x->last_ns;
			r.final = x->final;
			r.reason = (enum end_reason)x->reason;
			if (writer_write(o->w, &r) == -1)
				goto failed;
		}
		if (b->flush && writer_flush(o->w) == -1)
			goto failed;
		queue_release(o->q);
	}
	return NULL;
failed:
	atomic_store(&o->err, errno != 0 ? errno : EIO);
	queue_cancel(o->q);	/* the producer stops */
	return NULL;
}

struct outq *
outq_new(struct writer *w, char *err, size_t errlen)
{
	struct outq	*o;
	int		 rc;

	o = xcalloc(1, sizeof(*o));
	o->w = w;
	atomic_init(&o->err, 0);
	o->q = queue_new(OUTQ_NBATCH, sizeof(struct outq_batch));
	if ((rc = pthread_create(&o->thread, NULL, outq_main, o)) != 0) {
		snprintf(err, errlen, "cannot start the writing thread: %s",
		    strerror(rc));
		queue_free(o->q);
		free(o);
		return NULL;
	}
	pthread_setname_np(o->thread, "flowdump-write");
	o->running = true;
	return o;
}

/* Return -1 with errno set to the writing thread's error. */
static int
failed(struct outq *o)
{
	errno = atomic_load(&o->err);
	return -1;
}

/* The batch being filled, claimed if need be; NULL if writing failed. */
static struct outq_batch *
cur_batch(struct outq *o)
{
	if (o->cur == NULL && (o->cur = queue_claim(o->q)) != NULL) {
		o->cur->n = 0;
		o->cur->flush = false;
	}
	return o->cur;
}

/* 0, or -1 with errno set if the thread has ended on a write error. */
static int
status(struct outq *o)
{
	return atomic_load(&o->err) != 0 ? failed(o) : 0;
}

int
outq_put(struct outq *o, const struct flow_report *r)
{
	struct outq_rec	*x;

	if (cur_batch(o) == NULL)
		return failed(o);
	x = &o->cur->rec[o->cur->n++];
	memcpy(x->pkts, r->f->pkts, sizeof(x->pkts));
	memcpy(x->bytes, r->f->bytes, sizeof(x->bytes));
	x->icmp4_tc = r->f->icmp4_tc;
	x->icmp6_tc = r->f->icmp6_tc;
	x->dir = r->f->dir;
	x->sent = r->f->sent;
	x->ts_ns = r->ts_ns;
	x->first_ns = r->first_ns;
	x->last_ns = r->last_ns;
	x->final = r->final;
	x->reason = (uint8_t)r->reason;
	memcpy(x->key, r->key, flowkey_ident_len(r->key));
	if (o->cur->n == OUTQ_BATCH) {
		queue_publish(o->q);
		o->cur = NULL;
	}
	return 0;
}

int
outq_flush(struct outq *o)
{
	if (!o->running)
		return status(o);
	if (cur_batch(o) == NULL)
		return failed(o);
	o->cur->flush = true;
	queue_publish(o->q);
	queue_flush(o->q);
	o->cur = NULL;
	return 0;
}

int
outq_end(struct outq *o)
{
	if (!o->running)
		return status(o);
	if (o->cur != NULL && o->cur->n > 0)
		queue_publish(o->q);
	o->cur = NULL;
	queue_close(o->q);
	pthread_join(o->thread, NULL);
	o->running = false;
	return status(o);
}

void
outq_free(struct outq *o)
{
	if (o == NULL)
		return;
	(void)outq_end(o);
	queue_free(o->q);
	free(o);
}
