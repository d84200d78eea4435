/*
 * outq.c -- the writing threads.
 */
#include <config.h>

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outq.h"
#include "queue.h"
#include "util.h"
#include "writer.h"

/*
 * Records in a batch, and batches in flight at most (over every
 * thread's ring): 1 M records, so that the burst of a periodic report
 * of up to a million live flows goes to the queue at once, and the
 * engine goes on with the packets while the writing threads write.
 * Batches are made only when none is free, and the one freed last is
 * used first, so a run holds only as many as its largest burst needs
 * (160 bytes an IPv4 record, at most 240, and up to 64 KiB of extras a
 * batch with field groups).  With 16 batches the engine waited out every burst
 * (mixed-quarter took 15 % longer); with 128, the shared mixed input
 * took 16 % longer with two writing threads, which wrote a tick's
 * records faster than the engine could go on; with 512, the shared
 * short input (some 800 000 records a report) took 20 % longer than
 * with 4096.
 */
#define OUTQ_BATCH	256
#define OUTQ_NBATCH	4096

/*
 * Batches made at most once the input has ended (outq_input_done()):
 * then the engine has nothing to go on with while the threads write,
 * and a deeper queue would only hold more memory.
 */
#define OUTQ_NBATCH_DONE	512

/*
 * A writing thread asleep is woken once this many batches wait for it
 * (or at a flush): some 16 000 records, as a quarter of the ring was
 * when it held 512 batches over two threads.
 */
#define OUTQ_WAKE	64

/* Writing threads at most. */
#define OUTQ_THREADS	4

/*
 * Bytes of field-group extras a batch holds; a batch whose records'
 * extras would not fit is sent off early.
 */
#define OUTQ_EXT	(64 * 1024)
/* The bytes of a record's key copied at a constant size (emit()). */
#define OUTQ_KEY_FIRST	80

/*
 * A batch: up to OUTQ_BATCH records one after the other in rec[], each
 * as many bytes as flowrec_size() says, rounded up to 16; the end of
 * rec[] that short keys leave unused is never touched (nor paid for).
 */
struct outq_batch {
	struct outq_batch *next;	/* on the free list */
	size_t		 n;
	bool		 flush;		/* write the stream out after it */
	size_t		 rec_used;	/* bytes of rec[] */
	size_t		 ext_used;	/* of ext[] */
	uint8_t		 rec[OUTQ_BATCH * sizeof(struct flow_rec)]
			    __attribute__((aligned(16)));
	uint8_t		 ext[OUTQ_EXT] __attribute__((aligned(16)));
};

/* The bytes record "r" takes in a batch. */
static size_t
rec_room(const struct flow_rec *r)
{
	return (flowrec_size(r) + 15) & ~(size_t)15;
}

/*
 * A writing thread.  With several, batch k goes to thread k % n, which
 * formats it whole on its own sink, then writes it out when batch k - 1
 * has been written (its turn), so the stream has the records in order.
 */
struct outq_thread {
	struct outq		*o;
	unsigned		 i;
	struct queue		*q;
	void			*arg;		/* its sink's */
	pthread_t		 thread;
	bool			 started;
};

struct outq {
	struct outq_sink	 sink;
	unsigned		 n;		/* writing threads */
	struct outq_thread	 t[OUTQ_THREADS];
	bool			 running;
	struct outq_batch	*cur;		/* being filled, or NULL */
	uint64_t		 npub;		/* batches published */
	atomic_int		 err;		/* errno of the failed write */
	/* whose turn it is to write out, with several threads */
	pthread_mutex_t		 mu;
	pthread_cond_t		 turn_cv;
	uint64_t		 turn;		/* the batch written out next */
	bool			 stop;		/* a thread failed */
	/* the batches made (at most OUTQ_NBATCH), and those free */
	pthread_mutex_t		 pool_mu;
	pthread_cond_t		 pool_cv;	/* the producer waits for one */
	bool			 pool_waits;
	struct outq_batch	**made;
	size_t			 nmade;
	size_t			 make_max;	/* batches it may make */
	struct outq_batch	*free;		/* the one freed last first */
};

/* Stop every thread and the producer: a write failed with "e". */
static void
fail(struct outq *o, int e)
{
	unsigned	i;

	atomic_store(&o->err, e != 0 ? e : EIO);
	pthread_mutex_lock(&o->mu);
	o->stop = true;
	pthread_cond_broadcast(&o->turn_cv);
	pthread_mutex_unlock(&o->mu);
	pthread_mutex_lock(&o->pool_mu);
	pthread_cond_signal(&o->pool_cv);
	pthread_mutex_unlock(&o->pool_mu);
	for (i = 0; i < o->n; i++)
		queue_cancel(o->t[i].q);	/* the producer stops */
}

/*
 * Wait until batch "k" is the next to be written out; false if another
 * thread failed.  The thread that has batch k - 1 may sleep with fewer
 * batches than its ring wakes it for: it is woken.
 */
static bool
await_turn(struct outq *o, uint64_t k)
{
	bool	ok;

	pthread_mutex_lock(&o->mu);
	while (o->turn != k && !o->stop) {
		queue_flush(o->t[o->turn % o->n].q);
		pthread_cond_wait(&o->turn_cv, &o->mu);
	}
	ok = !o->stop;
	pthread_mutex_unlock(&o->mu);
	return ok;
}

static void
pass_turn(struct outq *o)
{
	pthread_mutex_lock(&o->mu);
	o->turn++;
	pthread_cond_broadcast(&o->turn_cv);
	pthread_mutex_unlock(&o->mu);
}

/*
 * A batch for the producer: the one freed last, or a new one if it may
 * make more; else it waits for one to be freed (every batch made is
 * then in a ring: the producer has claimed a slot, so it has none).
 * NULL if a writing thread failed.
 */
static struct outq_batch *
pool_get(struct outq *o)
{
	struct outq_batch	*b;

	pthread_mutex_lock(&o->pool_mu);
	while ((b = o->free) == NULL && o->nmade >= o->make_max &&
	    atomic_load(&o->err) == 0) {
		o->pool_waits = true;
		pthread_cond_wait(&o->pool_cv, &o->pool_mu);
	}
	o->pool_waits = false;
	if (b != NULL)
		o->free = b->next;
	else if (atomic_load(&o->err) == 0) {
		/* a batch's memory is touched only as records fill it */
		b = xmemalign(64, sizeof(*b));
		o->made[o->nmade++] = b;
	}
	pthread_mutex_unlock(&o->pool_mu);
	return b;
}

static void
pool_put(struct outq *o, struct outq_batch *b)
{
	pthread_mutex_lock(&o->pool_mu);
	b->next = o->free;
	o->free = b;
	if (o->pool_waits)
		pthread_cond_signal(&o->pool_cv);
	pthread_mutex_unlock(&o->pool_mu);
}

static void *
outq_main(void *arg)
{
	struct outq_thread	*t = arg;
	struct outq		*o = t->o;
	struct outq_batch	*b, **bp;
	const struct flow_rec	*r;
	uint64_t		 k = t->i;	/* the batch taken next */
	size_t			 i, off;

	while ((bp = queue_take(t->q)) != NULL) {
		b = *bp;
		for (i = 0, off = 0; i < b->n; i++, off += rec_room(r)) {
			r = (const struct flow_rec *)(const void *)(b->rec +
			    off);
			if (o->sink.write(t->arg, r) == -1)
				goto failed;
		}
		if (o->n > 1) {
			if (!await_turn(o, k))
				return NULL;
			if (o->sink.flush(t->arg) == -1)
				goto failed;
			pass_turn(o);
		} else if (b->flush && o->sink.flush(t->arg) == -1)
			goto failed;
		/* free before its slot is: a claimed slot always finds a
		 * batch made or one to make */
		pool_put(o, b);
		queue_release(t->q);
		k += o->n;
	}
	return NULL;
failed:
	fail(o, errno);
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

static void *
sink_dup(void *w)
{
	return writer_dup(w);
}

static void
sink_free(void *w)
{
	writer_free(w);
}

void
outq_writer_sink(struct outq_sink *sink, struct writer *w)
{
	sink->write = sink_write;
	sink->flush = sink_flush;
	sink->arg = w;
	sink->dup = sink_dup;
	sink->free = sink_free;
}

unsigned
outq_default_threads(void)
{
	long	n = sysconf(_SC_NPROCESSORS_ONLN);

	return n >= 2 ? 2 : 1;
}

/* Stop the threads started (the producer has published its last). */
static void
stop_threads(struct outq *o)
{
	unsigned	i;

	for (i = 0; i < o->n; i++)
		queue_close(o->t[i].q);
	for (i = 0; i < o->n; i++)
		if (o->t[i].started)
			pthread_join(o->t[i].thread, NULL);
	o->running = false;
}

struct outq *
outq_new(const struct outq_sink *sink, unsigned nthreads, char *err,
    size_t errlen)
{
	struct outq		*o;
	struct outq_thread	*t;
	unsigned		 i;
	int			 rc;

	if (nthreads < 1 || sink->dup == NULL)
		nthreads = 1;
	if (nthreads > OUTQ_THREADS)
		nthreads = OUTQ_THREADS;
	o = xcalloc(1, sizeof(*o));
	o->sink = *sink;
	o->n = nthreads;
	atomic_init(&o->err, 0);
	pthread_mutex_init(&o->mu, NULL);
	pthread_cond_init(&o->turn_cv, NULL);
	pthread_mutex_init(&o->pool_mu, NULL);
	pthread_cond_init(&o->pool_cv, NULL);
	o->made = xcalloc(OUTQ_NBATCH, sizeof(*o->made));
	o->make_max = OUTQ_NBATCH;
	for (i = 0; i < o->n; i++) {
		t = &o->t[i];
		t->o = o;
		t->i = i;
		/* each slot holds a batch's address */
		t->q = queue_new(OUTQ_NBATCH / o->n,
		    sizeof(struct outq_batch *));
		queue_set_wake(t->q, OUTQ_WAKE);
		/* one thread writes with the sink itself, several with
		 * sinks of their own that hold each batch's text */
		t->arg = o->n == 1 ? sink->arg : sink->dup(sink->arg);
	}
	o->running = true;
	for (i = 0; i < o->n; i++) {
		t = &o->t[i];
		if ((rc = pthread_create(&t->thread, NULL, outq_main, t))
		    != 0) {
			snprintf(err, errlen, "cannot start a writing "
			    "thread: %s", strerror(rc));
			stop_threads(o);
			outq_free(o);
			return NULL;
		}
		t->started = true;
		pthread_setname_np(t->thread, "flowdump-write");
	}
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
	struct outq_batch	**slot;

	if (o->cur == NULL &&
	    (slot = queue_claim(o->t[o->npub % o->n].q)) != NULL &&
	    (*slot = o->cur = pool_get(o)) != NULL) {
		o->cur->n = 0;
		o->cur->flush = false;
		o->cur->rec_used = 0;
		o->cur->ext_used = 0;
	}
	return o->cur;
}

/* Hand the batch being filled to its thread. */
static void
publish(struct outq *o)
{
	queue_publish(o->t[o->npub++ % o->n].q);
	o->cur = NULL;
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
		publish(o);
		if (cur_batch(o) == NULL)
			return failed(o);
	}
	/* a whole struct fits after it (a batch is sent off before not) */
	x = (struct flow_rec *)(void *)(o->cur->rec + o->cur->rec_used);
	o->cur->rec_used += rec_room(r);
	o->cur->n++;
	/* most keys fit in the part copied at a constant size */
	util_copy(x, r, flowrec_size(r), offsetof(struct flow_rec, key) +
	    OUTQ_KEY_FIRST);
	if (ext_len > 0) {
		/* the copy's extras are the batch's, 16-byte aligned */
		memcpy(o->cur->ext + o->cur->ext_used, r->ext, ext_len);
		x->ext = o->cur->ext + o->cur->ext_used;
		o->cur->ext_used += (ext_len + 15) & ~(size_t)15;
	} else
		x->ext = NULL;
	if (o->cur->n == OUTQ_BATCH || sizeof(o->cur->rec) -
	    o->cur->rec_used < sizeof(struct flow_rec))
		publish(o);
	return 0;
}

int
outq_flush(struct outq *o)
{
	unsigned	i;

	if (!o->running)
		return status(o);
	if (cur_batch(o) == NULL)
		return failed(o);
	o->cur->flush = true;
	publish(o);
	for (i = 0; i < o->n; i++)
		queue_flush(o->t[i].q);
	return 0;
}

size_t
outq_batches(struct outq *o)
{
	size_t	n;

	pthread_mutex_lock(&o->pool_mu);
	n = o->nmade;
	pthread_mutex_unlock(&o->pool_mu);
	return n;
}

void
outq_input_done(struct outq *o)
{
	pthread_mutex_lock(&o->pool_mu);
	if (o->make_max > OUTQ_NBATCH_DONE)
		o->make_max = OUTQ_NBATCH_DONE;
	pthread_mutex_unlock(&o->pool_mu);
}

int
outq_end(struct outq *o)
{
	if (!o->running)
		return status(o);
	if (o->cur != NULL && o->cur->n > 0)
		publish(o);
	o->cur = NULL;
	stop_threads(o);
	return status(o);
}

void
outq_free(struct outq *o)
{
	unsigned	i;
	size_t		j;

	if (o == NULL)
		return;
	(void)outq_end(o);
	for (i = 0; i < o->n; i++) {
		queue_free(o->t[i].q);
		if (o->n > 1 && o->t[i].arg != NULL)
			o->sink.free(o->t[i].arg);
	}
	for (j = 0; j < o->nmade; j++)
		free(o->made[j]);
	free(o->made);
	pthread_cond_destroy(&o->pool_cv);
	pthread_mutex_destroy(&o->pool_mu);
	pthread_mutex_destroy(&o->mu);
	pthread_cond_destroy(&o->turn_cv);
	free(o);
}
