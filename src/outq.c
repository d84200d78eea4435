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
#include "writer.h"

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
 * Bytes of field-group extras a batch holds; a batch whose records'
 * extras would not fit is sent off early.
 */
#define OUTQ_EXT	(64 * 1024)

struct outq_batch {
	size_t		 n;
	bool		 flush;		/* write the stream out after it */
	size_t		 ext_used;	/* of ext[] */
	struct flow_rec	 rec[OUTQ_BATCH];
	uint8_t		 ext[OUTQ_EXT] __attribute__((aligned(16)));
};

struct outq {
	struct outq_sink	 sink;
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
	size_t			 i;

	while ((b = queue_take(o->q)) != NULL) {
		for (i = 0; i < b->n; i++)
			if (o->sink.write(o->sink.arg, &b->rec[i]) == -1)
				goto failed;
		if (b->flush && o->sink.flush(o->sink.arg) == -1)
			goto failed;
		queue_release(o->q);
	}
	return NULL;
failed:
	atomic_store(&o->err, errno != 0 ? errno : EIO);
	queue_cancel(o->q);	/* the producer stops */
	return NULL;
}

static int
sink_write(void *w, const struct flow_rec *r)
{
	return writer_write(w, r);
}

static int
sink_flush(void *w)
{
	return writer_flush(w);
}

void
outq_writer_sink(struct outq_sink *sink, struct writer *w)
{
	sink->write = sink_write;
	sink->flush = sink_flush;
	sink->arg = w;
}

struct outq *
outq_new(const struct outq_sink *sink, char *err, size_t errlen)
{
	struct outq	*o;
	int		 rc;

	o = xcalloc(1, sizeof(*o));
	o->sink = *sink;
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
		o->cur->ext_used = 0;
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
outq_put(struct outq *o, const struct flow_rec *r)
{
	struct flow_rec	*x;
	size_t		 ext_len = r->ext != NULL ? r->ext_len : 0;

	if (ext_len > OUTQ_EXT) {
		errno = EOVERFLOW;	/* no field group keeps this much */
		return -1;
	}
	if (cur_batch(o) == NULL)
		return failed(o);
	if (OUTQ_EXT - o->cur->ext_used < ext_len) {
		queue_publish(o->q);
		o->cur = NULL;
		if (cur_batch(o) == NULL)
			return failed(o);
	}
	x = &o->cur->rec[o->cur->n++];
	memcpy(x, r, flowrec_size(r));
	if (ext_len > 0) {
		/* the copy's extras are the batch's, 16-byte aligned */
		memcpy(o->cur->ext + o->cur->ext_used, r->ext, ext_len);
		x->ext = o->cur->ext + o->cur->ext_used;
		o->cur->ext_used += (ext_len + 15) & ~(size_t)15;
	} else
		x->ext = NULL;
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
